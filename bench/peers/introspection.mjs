// The token verifier both SDK peers use: RFC 7662 introspection at INTROSPECTION_URL with the
// client's credentials (CLIENT_ID, CLIENT_SECRET), each answer cached for up to 60 s as
// Scopebench's introspection cache does, so a warm run measures the same work on both sides.
// `invalid()` makes the error the SDK at hand maps to 401 invalid_token.
export function introspectionVerifier(invalid) {
    const introspectionUrl = process.env.INTROSPECTION_URL;
    const basic = Buffer.from(`${encodeURIComponent(process.env.CLIENT_ID)}:${encodeURIComponent(process.env.CLIENT_SECRET)}`).toString('base64');
    const cache = new Map();
    return {
        async verifyAccessToken(token) {
            const now = Date.now() / 1000;
            const hit = cache.get(token);
            if (hit && hit.until > now) return hit.info;
            const response = await fetch(introspectionUrl, {
                method: 'POST',
                headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
                body: new URLSearchParams({ token, token_type_hint: 'access_token' })
            });
            const body = await response.json();
            if (!body.active) throw invalid();
            // expiresAt is needed: SDK v2 refuses a token without it.
            const info = { token, clientId: body.client_id, scopes: (body.scope ?? '').split(' ').filter(Boolean), expiresAt: body.exp };
            cache.set(token, { info, until: Math.min(body.exp ?? now + 60, now + 60) });
            return info;
        }
    };
}
