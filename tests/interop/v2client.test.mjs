// The official MCP TypeScript SDK v2 client (@modelcontextprotocol/client) against Scopebench's
// protected MCP endpoint, in both eras: pinned to 2026-07-28 (stateless, per-request _meta) and
// to the legacy handshake (2025-11-25). tst_interop_v2client starts an endpoint on 127.0.0.1
// with the built-in test authorization server approving what is asked (`serve --grant ""`) and
// challenge.scopeHint "closest", and runs this file with node --test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from '@modelcontextprotocol/client';

const mcpUrl = process.env.SCOPEBENCH_MCP_URL;
if (!mcpUrl) {
    throw new Error('run through tst_interop_v2client: SCOPEBENCH_MCP_URL is not set');
}
const issuer = new URL(mcpUrl).origin;

// A public authorization-code client that keeps everything in memory.
class MemoryProvider {
    constructor(redirectUrl) {
        this._redirectUrl = redirectUrl;
        this.redirects = [];
    }
    get redirectUrl() { return this._redirectUrl; }
    get clientMetadata() {
        return {
            client_name: 'scopebench interop v2',
            redirect_uris: [this._redirectUrl],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'none',
            application_type: 'native'
        };
    }
    clientInformation() { return this._client; }
    saveClientInformation(information) { this._client = information; }
    tokens() { return this._tokens; }
    saveTokens(tokens) { this._tokens = tokens; }
    redirectToAuthorization(url) { this.redirects.push(new URL(url)); }
    saveCodeVerifier(verifier) { this._verifier = verifier; }
    codeVerifier() { return this._verifier; }
    // SEP-2352: the authorization server the flow started with, checked on the way back.
    saveDiscoveryState(state) { this._discovery = state; }
    discoveryState() { return this._discovery; }
}

// The server approves at once: the redirect back carries the code and (RFC 9207) the issuer.
async function autoApprove(authorizationUrl) {
    assert.equal(authorizationUrl.origin, issuer);
    const answer = await fetch(authorizationUrl, { redirect: 'manual' });
    assert.equal(answer.status, 302);
    const back = new URL(answer.headers.get('location')).searchParams;
    assert.equal(back.get('iss'), issuer);
    assert.ok(back.get('code'));
    return back;
}

function options(era) {
    return { versionNegotiation: { mode: era === 'modern' ? { pin: '2026-07-28' } : 'legacy' } };
}

async function connect(era, provider) {
    const make = () => ({
        transport: new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }),
        client: new Client({ name: 'scopebench-interop-v2', version: '1.0.0' }, options(era))
    });
    let { transport, client } = make();
    try {
        await client.connect(transport);
        return { transport, client };
    } catch (e) {
        if (!(e instanceof UnauthorizedError)) throw e;
    }
    assert.equal(provider.redirects.length, 1);
    await transport.finishAuth(await autoApprove(provider.redirects.pop()));
    ({ transport, client } = make());
    await client.connect(transport);
    return { transport, client };
}

for (const era of ['modern', 'legacy']) {
    test(`${era}: discovery, code + PKCE, filtered list, 403, union step-up, success`, async () => {
        const provider = new MemoryProvider('http://127.0.0.1:9/callback');
        const { transport, client } = await connect(era, provider);
        // The first grant is the 401's hint (the first alternative): one tool.
        const scopes = new Set(provider.tokens().scope.split(' '));
        assert.ok(scopes.has('user:read'), provider.tokens().scope);
        const { tools } = await client.listTools();
        assert.deepEqual(tools.map((t) => t.name), ['whoami']);

        // The raw 403 of the call the token cannot make names what that call needs.
        const raw = await fetch(mcpUrl, {
            method: 'POST',
            headers: {
                'Content-Type': 'application/json',
                Accept: 'application/json, text/event-stream',
                Authorization: `Bearer ${provider.tokens().access_token}`,
                'MCP-Protocol-Version': '2026-07-28',
                'Mcp-Method': 'tools/call',
                'Mcp-Name': 'create_entry'
            },
            body: JSON.stringify({
                jsonrpc: '2.0', id: 9, method: 'tools/call',
                params: {
                    name: 'create_entry', arguments: { title: 'x', content: 'y' },
                    _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' }
                }
            })
        });
        assert.equal(raw.status, 403);
        assert.match(raw.headers.get('www-authenticate'), /error="insufficient_scope"/);
        assert.match(raw.headers.get('www-authenticate'), /scope="entries:write"/);

        // The SDK steps up by itself: it asks for the union of what it holds and the 403's scope.
        const call = () => client.callTool({ name: 'create_entry', arguments: { title: 'Up', content: era } });
        let result;
        let reauthorizations = 0;
        try {
            result = await call();
        } catch (e) {
            if (!(e instanceof UnauthorizedError)) throw e;
            assert.equal(provider.redirects.length, 1);
            const asked = provider.redirects.pop();
            const union = new Set(asked.searchParams.get('scope').split(' '));
            assert.ok(union.has('user:read') && union.has('entries:write'), asked.searchParams.get('scope'));
            await transport.finishAuth(await autoApprove(asked));
            reauthorizations += 1;
            result = await call();
        }
        assert.ok(reauthorizations <= 1);
        assert.notEqual(result.isError, true);
        assert.equal(result.structuredContent.title, 'Up');
        const widened = await client.listTools();
        assert.ok(widened.tools.map((t) => t.name).includes('create_entry'));
        assert.ok(widened.tools.map((t) => t.name).includes('whoami'));
        await client.close();
    });
}
