-- One request, repeated: the method, body and headers come from the environment so every
-- scenario (and nginx, and the SDK peer) runs the same script with the same wrk settings.
wrk.method = "POST"
wrk.body = os.getenv("SB_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
local token = os.getenv("SB_TOKEN")
if token ~= nil and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
end
local session = os.getenv("SB_SESSION")
if session ~= nil and session ~= "" then
    wrk.headers["Mcp-Session-Id"] = session
end
wrk.headers["MCP-Protocol-Version"] = "2025-06-18"
