// The same protected tools/call as Scopebench's endpoint, served by the official MCP TypeScript
// SDK v2 (@modelcontextprotocol/server 2.4.0) the way its own packages wire it: express,
// requireBearerAuth from @modelcontextprotocol/express with the RFC 7662 verifier both peers
// share (introspection.mjs), createMcpHandler with one McpServer per request, and toNodeHandler
// from @modelcontextprotocol/node.
//
// Unlike the 1.32 peer, the scope is not a requirement of the whole endpoint: each tool carries
// the SDK's per-operation scope challenge (requireScopes), with the scope the bundled example
// policy (resources/policies/epicme.json) sets for it, so a token without it gets 403
// insufficient_scope naming that scope (the MCP specification's "Scope Challenge Handling").
// Both eras are served: 2026-07-28 requests by the modern path, 2025-era requests by the SDK's
// stateless fallback.
//
// Environment: INTROSPECTION_URL, CLIENT_ID, CLIENT_SECRET, RESOURCE_METADATA_URL, PORT (0: any).
// Prints "PEER_URL <url>" once listening.
import express from 'express';
import { McpServer, OAuthError, OAuthErrorCode, createMcpHandler, requireScopes } from '@modelcontextprotocol/server';
import { requireBearerAuth } from '@modelcontextprotocol/express';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { introspectionVerifier } from './introspection.mjs';

const verifier = introspectionVerifier(() => new OAuthError(OAuthErrorCode.InvalidToken, 'The access token is invalid or expired'));

const entries = { content: [{ type: 'text', text: '{"entries":[]}' }], structuredContent: { entries: [] } };
const handler = createMcpHandler(() => {
    const server = new McpServer({ name: 'sdk-v2-peer', version: '1.0.0' });
    server.registerTool('list_entries', { description: 'All journal entries', scopeChallenge: requireScopes('entries:read') },
        async () => entries);
    server.registerTool('create_entry', { description: 'Create a journal entry', scopeChallenge: requireScopes('entries:write') },
        async () => ({ content: [{ type: 'text', text: '{"id":1}' }] }));
    return server;
});
const serve = toNodeHandler(handler);

const app = express();
app.use(express.json({ limit: '1mb' }));
app.post('/mcp',
    requireBearerAuth({ verifier, resourceMetadataUrl: process.env.RESOURCE_METADATA_URL }),
    (req, res) => serve(req, res, req.body));

const listener = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    console.log(`PEER_URL http://127.0.0.1:${listener.address().port}/mcp`);
});
