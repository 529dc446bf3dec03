// Runs the TypeScript SDK v2 export in a real @modelcontextprotocol/server 2.x server and records
// how it answers Scopebench's coverage-matrix cells.
//
// Input (SCOPEBENCH_TSSDK_CASES, written by tests/tst_interop_tssdk.cpp): exports, each with the
// path of its scopebench-scopes.mjs, the mode, the tools to register, the tokens (as scope
// lists) and the requests (a token and a tool, or none for "any request"). Mode "gate": the
// module's scopeGate checks the server level and the tools before the MCP handler. Mode
// "native": scopeGate checks the server level only and every tool is registered with the
// module's toolScopeChallenge, so the SDK's own per-tool scope challenge answers. Output
// (SCOPEBENCH_TSSDK_RESULTS): per export, per request, the status, WWW-Authenticate and body; the
// C++ test compares them with Scopebench's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { McpServer, createMcpHandler, requireBearerAuth } from '@modelcontextprotocol/server';

const cases = JSON.parse(readFileSync(process.env.SCOPEBENCH_TSSDK_CASES, 'utf8'));

async function serve(c, mod) {
  const native = c.mode === 'native';
  // Test tokens "t<N>" stand for the Nth scope list; anything else is not a token.
  const verifier = {
    async verifyAccessToken(token) {
      const scopes = /^t\d+$/.test(token) ? c.tokens[Number(token.slice(1))] : undefined;
      if (scopes === undefined) throw new Error('unknown test token');
      return { token, clientId: 'interop', scopes, expiresAt: Math.floor(Date.now() / 1000) + 3600 };
    },
  };
  const authenticate = requireBearerAuth({ verifier, resourceMetadataUrl: mod.resourceMetadataUrl });
  const handler = createMcpHandler(() => {
    const server = new McpServer({ name: 'scopebench-export-check', version: '1.0.0' });
    for (const tool of c.tools) {
      server.registerTool(
        tool,
        { description: `tool ${tool}`, ...(native ? { scopeChallenge: mod.toolScopeChallenge(tool) } : {}) },
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
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers: req.headers,
        body: body.length > 0 ? body : undefined,
      });
      const auth = await authenticate(request);
      let response = auth;
      if (!(auth instanceof Response)) {
        response = (await mod.scopeGate(request, auth, { tools: !native })) ??
          (await handler.fetch(request, { authInfo: auth }));
      }
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

test('the exported module answers every cell in an SDK v2 server', async () => {
  const results = [];
  for (const c of cases) {
    const mod = await import(pathToFileURL(c.module).href);
    const server = await serve(c, mod);
    const { port } = server.address();
    const answers = [];
    try {
      for (const r of c.requests) {
        const message = r.tool === null
          ? { jsonrpc: '2.0', id: 1, method: 'ping', params: {} }
          : { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: r.tool, arguments: {} } };
        const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer t${r.token}`,
            'Content-Type': 'application/json',
            Accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify(message),
        });
        const text = await response.text();
        if (response.status === 200) {
          // An allowed call really ran: the result, not a JSON-RPC error.
          assert.match(text, r.tool === null ? /"result"/ : /"text":"ok"/, `${c.name}: ${text}`);
        }
        answers.push({
          status: response.status,
          wwwAuthenticate: response.headers.get('www-authenticate'),
          body: response.status === 200 ? null : text,
        });
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
    results.push({ name: c.name, answers });
  }
  writeFileSync(process.env.SCOPEBENCH_TSSDK_RESULTS, JSON.stringify(results));
});
