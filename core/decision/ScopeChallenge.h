#pragma once

#include "decision/CompiledPolicy.h"
#include "decision/Decision.h"

#include <QString>
#include <QStringList>

namespace scopebench {

// What the `scope` parameter of a 401 or 403 challenge names, per challenge.scopeHint
// (docs/decision.md "Scope hint on a 403"). Decider is the only caller that builds a response
// from it; the preview and the linter call it to say what a challenge would carry.
//
// MCP 2026-07-28, Authorization, "Runtime Insufficient Scope Errors" (SEP-835, SEP-2350): the
// server SHOULD include all scopes required for the current operation in a single challenge.
// The current operation of a tools/call needs a server-level alternative AND one of the tool's,
// so when both levels are unmet the hint names one alternative of each, chosen together.
class ScopeChallenge {
public:
    // More server × tool pairs than this are not searched exhaustively (see forForbidden).
    static constexpr qsizetype MaxPairs = qsizetype(1) << 16;

    // The 401 hint: the first server-level alternative, plus the tool's first on a tools/call.
    static QStringList forUnauthorized(const CompiledPolicy &policy, const QString &tool);

    // The 403 hint for a token with these effective (implied) bits and these granted scopes,
    // asking for `tool` (empty: not a tools/call). Empty when the hint is omit or nothing is
    // missing.
    //
    // closest: among the operation's alternatives (server-level alternative i, tool alternative
    // j) the one whose scopes miss the fewest from the effective scopes; ties go to the lower i,
    // then the lower j (policy order). A level the token already meets adds nothing to the hint
    // (MCP: servers are not required to include previously granted scopes); an unmet level adds
    // its alternative in full, server-level scopes first. With more than MaxPairs pairs the
    // choice is made level by level instead: the tool's closest first, then the server's
    // closest to the effective scopes plus that tool alternative.
    // closest+granted: that, followed by the granted scopes (as granted) not already in it.
    // offline_access is never named (MCP 2026-07-28, Authorization, "Refresh Tokens").
    static QStringList forForbidden(const CompiledPolicy &policy, const QString &tool,
                                    const CompiledPolicy::Bits &effective,
                                    const QStringList &granted);

    // The alternatives the operation rests on, per level: a met level's first met alternative,
    // an unmet level's closest as chosen above (what forForbidden's hint names, whatever the
    // scopeHint mode). A level without alternatives (or no tool entry) has index -1.
    struct Choice {
        AlternativeMatch server;
        AlternativeMatch tool;
    };
    static Choice choose(const CompiledPolicy &policy, const QString &tool,
                         const CompiledPolicy::Bits &effective);
    // forForbidden with the choice already made.
    static QStringList forForbidden(const CompiledPolicy &policy, const QString &tool,
                                    const Choice &choice, const QStringList &granted);

    // The scope that asks an authorization server for a refresh token and nothing of a resource.
    static bool isRefreshScope(const QString &scope) {
        return scope == QLatin1String("offline_access");
    }
    // The list without offline_access, in order.
    static QStringList withoutRefreshScope(const QStringList &scopes);
};

} // namespace scopebench
