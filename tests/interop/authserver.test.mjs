// The official MCP TypeScript SDK against Scopebench's built-in test authorization server.
// tst_interop_authserver starts the server on 127.0.0.1 and runs this file with node --test,
// passing the issuer and the built-in client's credentials in the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
    discoverAuthorizationServerMetadata,
    fetchToken,
    registerClient,
    startAuthorization,
    exchangeAuthorization,
    refreshAuthorization
} from '@modelcontextprotocol/sdk/client/auth.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';

const issuer = process.env.SCOPEBENCH_AS_ISSUER;
const clientId = process.env.SCOPEBENCH_TEST_CLIENT_ID;
const clientSecret = process.env.SCOPEBENCH_TEST_CLIENT_SECRET;
const resource = new URL('http://127.0.0.1:8787/mcp');

if (!issuer || !clientId || !clientSecret) {
    throw new Error('run through tst_interop_authserver: SCOPEBENCH_AS_ISSUER and the client credentials are not set');
}

// RFC 7662 introspection as a resource server does it, with client_secret_basic.
async function introspect(metadata, token) {
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    const response = await fetch(metadata.introspection_endpoint, {
        method: 'POST',
        headers: {
            Authorization: `Basic ${basic}`,
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json'
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' })
    });
    assert.equal(response.status, 200);
    return response.json();
}

async function metadata() {
    const m = await discoverAuthorizationServerMetadata(issuer);
    assert.ok(m, 'the SDK found no metadata');
    return m;
}

test('discoverAuthorizationServerMetadata accepts the metadata', async () => {
    const m = await metadata();
    assert.equal(m.issuer, issuer);
    assert.equal(m.token_endpoint, `${issuer}/oauth/token`);
    assert.equal(m.authorization_endpoint, `${issuer}/oauth/authorize`);
    assert.deepEqual(m.response_types_supported, ['code']);
    assert.deepEqual(m.code_challenge_methods_supported, ['S256']);
    assert.ok(m.grant_types_supported.includes('client_credentials'));
    assert.ok(m.introspection_endpoint);
    assert.ok(m.registration_endpoint);
});

test('client credentials with asked scopes introspect as active with those scopes', async () => {
    const m = await metadata();
    const provider = new ClientCredentialsProvider({
        clientId,
        clientSecret,
        expectedIssuer: issuer,
        scope: 'entries:read tags:read'
    });
    const tokens = await fetchToken(provider, issuer, { metadata: m, resource });
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    assert.equal(tokens.scope, 'entries:read tags:read');
    const info = await introspect(m, tokens.access_token);
    assert.equal(info.active, true);
    assert.equal(info.scope, 'entries:read tags:read');
    assert.equal(info.client_id, clientId);
    assert.equal(info.sub, clientId);
    assert.equal(info.aud, resource.href);
});

test('client credentials without a scope get the whole catalog', async () => {
    const m = await metadata();
    const provider = new ClientCredentialsProvider({ clientId, clientSecret, expectedIssuer: issuer });
    const tokens = await fetchToken(provider, issuer, { metadata: m });
    const info = await introspect(m, tokens.access_token);
    assert.equal(info.active, true);
    assert.deepEqual(info.scope.split(' '), m.scopes_supported);
});

test('a wrong client secret is refused', async () => {
    const m = await metadata();
    const provider = new ClientCredentialsProvider({ clientId, clientSecret: 'not-the-secret', expectedIssuer: issuer });
    await assert.rejects(fetchToken(provider, issuer, { metadata: m }), (e) => e.constructor.name === 'InvalidClientError' || /invalid_client/.test(String(e?.errorCode ?? e)));
});

test('registration, consent with a partial grant, code exchange and refresh', async () => {
    const m = await metadata();
    const redirectUrl = 'http://127.0.0.1:9/callback';
    const client = await registerClient(issuer, {
        metadata: m,
        clientMetadata: {
            client_name: 'sdk interop',
            redirect_uris: [redirectUrl],
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            token_endpoint_auth_method: 'none'
        }
    });
    assert.ok(client.client_id);
    const { authorizationUrl, codeVerifier } = await startAuthorization(issuer, {
        metadata: m,
        clientInformation: client,
        redirectUrl,
        scope: 'entries:read entries:write',
        state: 'xyz',
        resource
    });
    const page = await fetch(authorizationUrl);
    assert.equal(page.status, 200);
    const html = await page.text();
    const requestId = html.match(/name="request_id" value="([^"]+)"/)[1];
    // Untick entries:write: the tester grants less than asked.
    const answer = await fetch(new URL('/oauth/authorize', issuer), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([['request_id', requestId], ['scope', 'entries:read'], ['user', 'sdk-user'], ['action', 'approve']])
    });
    assert.equal(answer.status, 302);
    const back = new URL(answer.headers.get('location'));
    assert.equal(back.searchParams.get('state'), 'xyz');
    const tokens = await exchangeAuthorization(issuer, {
        metadata: m,
        clientInformation: client,
        authorizationCode: back.searchParams.get('code'),
        codeVerifier,
        redirectUri: redirectUrl,
        resource
    });
    assert.equal(tokens.scope, 'entries:read');
    let info = await introspect(m, tokens.access_token);
    assert.equal(info.active, true);
    assert.equal(info.scope, 'entries:read');
    assert.equal(info.sub, 'sdk-user');
    const refreshed = await refreshAuthorization(issuer, {
        metadata: m,
        clientInformation: client,
        refreshToken: tokens.refresh_token,
        resource
    });
    info = await introspect(m, refreshed.access_token);
    assert.equal(info.active, true);
    assert.equal(info.sub, 'sdk-user');
});
