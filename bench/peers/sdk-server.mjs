// The same protected tools/call as Scopebench's endpoint, served by the official MCP TypeScript
// SDK: express, requireBearerAuth with an RFC 7662 verifier (cached like Scopebench's, so a warm
// run measures the same work), and a stateless Streamable HTTP transport with JSON responses.
// Environment: INTROSPECTION_URL, CLIENT_ID, CLIENT_SECRET, RESOURCE_METADATA_URL, PORT (0: any).
// Prints "PEER_URL <url>" once listening.
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { introspectionVerifier } from './introspection.mjs';

const verifier = introspectionVerifier(() => new InvalidTokenError('The access token is invalid or expired'));

const app = express();
app.use(express.json({ limit: '1mb' }));
app.post('/mcp',
    requireBearerAuth({ verifier, requiredScopes: ['entries:read'], resourceMetadataUrl: process.env.RESOURCE_METADATA_URL }),
    async (req, res) => {
        const server = new McpServer({ name: 'sdk-peer', version: '1.0.0' });
        server.registerTool('list_entries', { description: 'All journal entries', inputSchema: {} },
            async () => ({ content: [{ type: 'text', text: '{"entries":[]}' }], structuredContent: { entries: [] } }));
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
        res.on('close', () => {
            transport.close();
            server.close();
        });
        await server.connect(transport);
        await transport.handleRequest(req, res, req.body);
    });

const listener = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    console.log(`PEER_URL http://127.0.0.1:${listener.address().port}/mcp`);
});
