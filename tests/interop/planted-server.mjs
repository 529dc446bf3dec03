// A small MCP server written with the TypeScript SDK v2 (@modelcontextprotocol/server), for the
// probe's conformance test (tests/tst_interop_probe.cpp). Each tool needs the scopes
// PLANTED_TOOLS names (JSON: tool -> [scopes]), enforced by the SDK's own requireScopes; the test
// plants exactly one tool whose scopes differ from the policy it probes with. Tokens are checked
// by RFC 7662 introspection at Scopebench's test authorization server (PLANTED_INTROSPECTION_URL,
// with PLANTED_CLIENT_ID / PLANTED_CLIENT_SECRET). It serves its RFC 9728 metadata naming
// PLANTED_ISSUER, prints "listening PORT" once it is bound to 127.0.0.1, and runs until killed.
import http from 'node:http';
import {
  McpServer,
  createMcpHandler,
  requireBearerAuth,
  requireScopes,
} from '@modelcontextprotocol/server';

const tools = JSON.parse(process.env.PLANTED_TOOLS);
const issuer = process.env.PLANTED_ISSUER;
const introspectionUrl = process.env.PLANTED_INTROSPECTION_URL;
const basic = Buffer.from(
  `${process.env.PLANTED_CLIENT_ID}:${process.env.PLANTED_CLIENT_SECRET}`,
).toString('base64');

let origin = '';
const resource = () => `${origin}/mcp`;
const metadataUrl = () => `${origin}/.well-known/oauth-protected-resource/mcp`;

const verifier = {
  async verifyAccessToken(token) {
    const answer = await fetch(introspectionUrl, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token }),
    });
    const info = await answer.json();
    if (!info.active) throw new Error('inactive token');
    return {
      token,
      clientId: info.client_id ?? 'unknown',
      scopes: (info.scope ?? '').split(' ').filter((s) => s.length > 0),
      expiresAt: info.exp,
    };
  },
};
// Built once the port, and so the metadata URL, is known.
let authenticate;

const handler = createMcpHandler(() => {
  const server = new McpServer({ name: 'scopebench-planted', version: '1.0.0' });
  for (const [name, scopes] of Object.entries(tools)) {
    server.registerTool(
      name,
      { description: `needs ${scopes.join(' ')}`, scopeChallenge: requireScopes(...scopes) },
      async () => ({ content: [{ type: 'text', text: 'ok' }] }),
    );
  }
  return server;
});

const server = http.createServer(async (req, res) => {
  try {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    if (req.url === '/.well-known/oauth-protected-resource/mcp') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ resource: resource(), authorization_servers: [issuer] }));
      return;
    }
    if (req.url !== '/mcp') {
      res.writeHead(404);
      res.end();
      return;
    }
    // A request without credentials gets a challenge without an error code (RFC 6750 §3.1) that
    // names the scopes of the tool being called, as Scopebench's closest hint does; the SDK's
    // gate would say invalid_token, a difference this test does not plant.
    if (!req.headers.authorization) {
      let scope = '';
      try {
        const message = JSON.parse(body.toString('utf8'));
        if (message.method === 'tools/call' && tools[message.params?.name])
          scope = `, scope="${tools[message.params.name].join(' ')}"`;
      } catch {
        // not JSON: no scope to name
      }
      res.writeHead(401, {
        'WWW-Authenticate': `Bearer resource_metadata="${metadataUrl()}"${scope}`,
        'Content-Type': 'application/json',
      });
      res.end('{}');
      return;
    }
    const request = new Request(`${origin}${req.url}`, {
      method: req.method,
      headers: req.headers,
      body: body.length > 0 ? body : undefined,
    });
    const auth = await authenticate(request);
    const response = auth instanceof Response ? auth : await handler.fetch(request, { authInfo: auth });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    res.writeHead(500);
    res.end(String(error));
  }
});

server.listen(0, '127.0.0.1', () => {
  origin = `http://127.0.0.1:${server.address().port}`;
  authenticate = requireBearerAuth({ verifier, resourceMetadataUrl: metadataUrl() });
  process.stdout.write(`listening ${server.address().port}\n`);
});
