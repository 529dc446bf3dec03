#pragma once

#include <QString>

namespace scopebench {

// What a token can be asked to do at one MCP server: any request (only the server-level check
// applies: initialize, tools/list, ...), or a tools/call of one tool.
struct Operation {
    QString tool; // empty: any request

    bool isAnyRequest() const { return tool.isEmpty(); }
    // "any request" or "tools/call NAME", for tables.
    QString label() const {
        return tool.isEmpty() ? QStringLiteral("any request")
                              : QStringLiteral("tools/call ") + tool;
    }
    // What a token "can" do in a sentence: "connect (any request)" or "call `NAME`".
    QString verbPhrase() const {
        return tool.isEmpty() ? QStringLiteral("connect (any request)")
                              : QStringLiteral("call `") + tool + QLatin1Char('`');
    }
    bool operator==(const Operation &o) const { return tool == o.tool; }
};

} // namespace scopebench
