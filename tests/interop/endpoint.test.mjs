// The official MCP TypeScript SDK client against Scopebench's protected MCP endpoint.
// tst_interop_endpoint starts two endpoints on 127.0.0.1 (the EpicMe policy as shipped, and the
// same with challenge.scopeHint "closest"), each with the built-in test authorization server on
// the same listener, and runs this file with node --test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';

const mcpUrl = process.env.SCOPEBENCH_MCP_URL;
const closestUrl = process.env.SCOPEBENCH_MCP_URL_CLOSEST;
const clientId = process.env.SCOPEBENCH_TEST_CLIENT_ID;
const clientSecret = process.env.SCOPEBENCH_TEST_CLIENT_SECRET;
if (!mcpUrl || !closestUrl || !clientId || !clientSecret) {
    throw new Error('run through tst_interop_endpoint: the endpoint URLs and client credentials are not set');
}
const issuer = new URL(mcpUrl).origin;
const closestIssuer = new URL(closestUrl).origin;

function newClient() {
    return new Client({ name: 'scopebench-interop', version: '1.0.0' });
}

async function connectWithClientCredentials(scope) {
    const provider = new ClientCredentialsProvider({ clientId, clientSecret, expectedIssuer: issuer, ...(scope !== undefined ? { scope } : {}) });
    const client = newClient();
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }));
    return client;
}

// An authorization-code client that keeps everything in memory. It drops refresh tokens: with
// one, the SDK's step-up would refresh to the same scopes instead of asking for wider ones.
class MemoryProvider {
    constructor(redirectUrl) {
        this._redirectUrl = redirectUrl;
        this.redirects = [];
    }
    get redirectUrl() { return this._redirectUrl; }
    get clientMetadata() {
        return {
            client_name: 'scopebench interop',
            redirect_uris: [this._redirectUrl],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'none'
        };
    }
    clientInformation() { return this._client; }
    saveClientInformation(information) { this._client = information; }
    tokens() { return this._tokens; }
    saveTokens(tokens) {
        const { refresh_token: _dropped, ...rest } = tokens;
        this._tokens = rest;
    }
    redirectToAuthorization(url) { this.redirects.push(new URL(url)); }
    saveCodeVerifier(verifier) { this._verifier = verifier; }
    codeVerifier() { return this._verifier; }
}

// The tester on the consent page: grants `scope` as the user sdk-user; returns the code.
async function consent(authorizationUrl, scope) {
    const page = await fetch(authorizationUrl);
    assert.equal(page.status, 200);
    const requestId = (await page.text()).match(/name="request_id" value="([^"]+)"/)[1];
    const answer = await fetch(new URL('/oauth/authorize', authorizationUrl), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([['request_id', requestId], ['scope', scope], ['user', 'sdk-user'], ['action', 'approve']])
    });
    assert.equal(answer.status, 302);
    return new URL(answer.headers.get('location')).searchParams.get('code');
}

test('an unauthenticated connect is refused with 401 and resource_metadata', async () => {
    const client = newClient();
    await assert.rejects(client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl))), (e) => {
        assert.ok(e instanceof StreamableHTTPError || /401/.test(String(e)), String(e));
        return true;
    });
    const raw = await fetch(mcpUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} })
    });
    assert.equal(raw.status, 401);
    const challenge = raw.headers.get('www-authenticate');
    assert.match(challenge, /^Bearer realm="EpicMe", resource_metadata="[^"]+"$/);
    const metadataUrl = challenge.match(/resource_metadata="([^"]+)"/)[1];
    assert.equal(metadataUrl, `${issuer}/.well-known/oauth-protected-resource/mcp`);
    const metadata = await (await fetch(metadataUrl)).json();
    assert.equal(metadata.resource, mcpUrl);
    assert.deepEqual(metadata.authorization_servers, [issuer]);
});

test('client credentials: discovery, token with resource, then list and call tools', async () => {
    const client = await connectWithClientCredentials();
    const { tools } = await client.listTools();
    assert.equal(tools.length, 12);
    const created = await client.callTool({ name: 'create_entry', arguments: { title: 'Hello', content: 'from the SDK' } });
    assert.notEqual(created.isError, true);
    assert.equal(created.structuredContent.title, 'Hello');
    const me = await client.callTool({ name: 'whoami', arguments: {} });
    assert.equal(me.structuredContent.client_id, clientId);
    const invalid = await client.callTool({ name: 'get_entry', arguments: { id: 'one' } });
    assert.equal(invalid.isError, true);
    await client.close();
});

test('a token with only entries:read sees the two read tools and is refused create_entry', async () => {
    const client = await connectWithClientCredentials('entries:read');
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['get_entry', 'list_entries']);
    const listed = await client.callTool({ name: 'list_entries', arguments: {} });
    assert.notEqual(listed.isError, true);
    // A client-credentials client cannot widen its scope: the SDK gives up on the second 403.
    await assert.rejects(client.callTool({ name: 'create_entry', arguments: { title: 'x', content: 'y' } }), /403/);
    await client.close();
});

test('step-up: with scopeHint closest the SDK asks for entries:write and the call succeeds', async () => {
    const provider = new MemoryProvider('http://127.0.0.1:9/callback');
    const first = new StreamableHTTPClientTransport(new URL(closestUrl), { authProvider: provider });
    await assert.rejects(newClient().connect(first), UnauthorizedError);
    assert.equal(provider.redirects.length, 1);
    // The 401's hint (the first alternative) is what the SDK asks for; the tester grants it.
    const asked = provider.redirects.pop();
    assert.equal(asked.searchParams.get('scope'), 'user:read');
    await first.finishAuth(await consent(asked, asked.searchParams.get('scope')));

    const transport = new StreamableHTTPClientTransport(new URL(closestUrl), { authProvider: provider });
    const client = newClient();
    await client.connect(transport);
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['whoami']);
    const me = await client.callTool({ name: 'whoami', arguments: {} });
    assert.equal(me.structuredContent.sub, 'sdk-user');

    // The per-tool 403 names the closest alternative; the SDK goes back for it.
    await assert.rejects(client.callTool({ name: 'create_entry', arguments: { title: 'Up', content: 'scoped' } }), UnauthorizedError);
    assert.equal(provider.redirects.length, 1);
    const widened = provider.redirects.pop();
    assert.equal(widened.searchParams.get('scope'), 'entries:write');
    assert.equal(widened.origin, closestIssuer);
    await transport.finishAuth(await consent(widened, widened.searchParams.get('scope')));

    // The same session goes on: the new token has the same principal.
    const created = await client.callTool({ name: 'create_entry', arguments: { title: 'Up', content: 'scoped' } });
    assert.notEqual(created.isError, true);
    assert.equal(created.structuredContent.title, 'Up');
    await client.close();
});
