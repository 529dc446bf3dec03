// The `jose` package (an independent JOSE implementation) makes keys and signs JWT access tokens
// of every algorithm Scopebench verifies. tst_interop_jose runs this file with node --test and
// SCOPEBENCH_JOSE_OUT set to a directory; it then verifies every token with Scopebench and
// compares the outcome with the one written here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, exportJWK, SignJWT, jwtVerify, createLocalJWKSet } from 'jose';

const out = process.env.SCOPEBENCH_JOSE_OUT;
const now = Number(process.env.SCOPEBENCH_JOSE_NOW);
const issuer = 'https://as.example/tenant';
const resource = 'http://127.0.0.1:8787/mcp';
const algorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

if (!out || !now) {
    throw new Error('run through tst_interop_jose: SCOPEBENCH_JOSE_OUT and SCOPEBENCH_JOSE_NOW are not set');
}

function claims(extra = {}) {
    return {
        client_id: 'client-1',
        scope: 'user:read entries:write',
        jti: `jti-${Math.random().toString(36).slice(2)}`,
        ...extra
    };
}

async function sign(alg, kid, privateKey, { typ = 'at+jwt', exp = now + 600, aud = resource, iss = issuer, extra = {} } = {}) {
    return new SignJWT(claims(extra))
        .setProtectedHeader({ alg, kid, typ })
        .setIssuer(iss)
        .setSubject('alice')
        .setAudience(aud)
        .setIssuedAt(now - 10)
        .setExpirationTime(exp)
        .sign(privateKey);
}

test('jose signs a token of every algorithm, and refusable ones', async () => {
    const keys = [];
    const tokens = [];
    for (const [i, alg] of algorithms.entries()) {
        const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
        const kid = `jose-${alg}`;
        keys.push({ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' });
        // Half of them lack entries:write, so that the decisions compared include 403s.
        const scope = i % 2 ? 'user:read' : 'user:read entries:write';
        tokens.push({ name: `good ${alg}`, token: await sign(alg, kid, privateKey, { extra: { scope } }), expect: '' });
        tokens.push({
            name: `expired ${alg}`,
            token: await sign(alg, kid, privateKey, { exp: now - 3600 }),
            expect: 'expiry'
        });
        tokens.push({
            name: `other audience ${alg}`,
            token: await sign(alg, kid, privateKey, { aud: 'https://other.example/mcp' }),
            expect: 'audience'
        });
        tokens.push({
            name: `typ JWT ${alg}`,
            token: await sign(alg, kid, privateKey, { typ: 'JWT' }),
            expect: 'type'
        });
        const good = await sign(alg, kid, privateKey, { extra: { scope: 'user:read' } });
        const [h, , s] = good.split('.');
        const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(good.split('.')[1], 'base64url')), scope: 'user:read entries:write' })).toString('base64url');
        tokens.push({ name: `tampered ${alg}`, token: `${h}.${forged}.${s}`, expect: 'signature' });
    }
    // scp as an array, as some issuers send it.
    {
        const { privateKey } = await generateKeyPair('ES256', { extractable: true });
        const signed = await new SignJWT({ client_id: 'client-1', scp: ['user:read', 'entries:write'] })
            .setProtectedHeader({ alg: 'ES256', kid: 'jose-ES256', typ: 'at+jwt' })
            .setIssuer(issuer).setAudience(resource).setIssuedAt(now).setExpirationTime(now + 60)
            .sign(privateKey);
        // Signed by a key that is not published under that kid: refused at the signature.
        tokens.push({ name: 'scp array, foreign key', token: signed, expect: 'signature' });
    }

    // jose itself accepts its good tokens under the same rules, so the expectations are sound.
    const jwks = { keys };
    const local = createLocalJWKSet(jwks);
    for (const t of tokens.filter((t) => t.expect === '')) {
        const { payload, protectedHeader } = await jwtVerify(t.token, local, {
            issuer, audience: resource, typ: 'at+jwt', currentDate: new Date(now * 1000)
        });
        assert.equal(payload.iss, issuer);
        assert.equal(protectedHeader.typ, 'at+jwt');
    }
    writeFileSync(join(out, 'jwks.json'), JSON.stringify(jwks));
    writeFileSync(join(out, 'tokens.json'), JSON.stringify(tokens));
    assert.equal(tokens.filter((t) => t.expect === '').length, algorithms.length);
});
