#pragma once

#include "common/OrderedJson.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace scopebench {

// One set of scopes that is enough on its own; the scope names in the order the user wrote them.
using ScopeCombination = QStringList;
// Alternatives: a token is enough when it holds every scope of at least one combination.
using ScopeAlternatives = QList<ScopeCombination>;

enum class ScopeHint { Omit, Closest, ClosestPlusGranted };

struct ScopeInfo {
    QString name;
    QString description;
    bool operator==(const ScopeInfo &o) const {
        return name == o.name && description == o.description;
    }
};

struct Implication {
    QString scope;      // granting this scope ...
    QStringList grants; // ... also grants these
    bool operator==(const Implication &o) const { return scope == o.scope && grants == o.grants; }
};

struct ToolRequirement {
    QString tool;
    ScopeAlternatives alternatives;
    bool operator==(const ToolRequirement &o) const {
        return tool == o.tool && alternatives == o.alternatives;
    }
};

struct ChallengeSettings {
    ScopeHint scopeHint = ScopeHint::Omit;
    QString descriptionTemplate; // empty: the default sentence; "{alternatives}" expands
    bool operator==(const ChallengeSettings &o) const {
        return scopeHint == o.scopeHint && descriptionTemplate == o.descriptionTemplate;
    }
};

struct ValidationSettings {
    int leewaySeconds = 60;
    bool requireExpiry = false;
    bool requireAudience = false;
    bool operator==(const ValidationSettings &o) const {
        return leewaySeconds == o.leewaySeconds && requireExpiry == o.requireExpiry &&
               requireAudience == o.requireAudience;
    }
};

// The policy as the user wrote it (format version 1). Plain data: PolicyFile reads and writes it,
// PolicyLinter reviews it, CompiledPolicy turns it into something fast to decide with.
struct Policy {
    static constexpr int FormatVersion = 1;
    static constexpr const char *DefaultResource = "http://127.0.0.1:8787/mcp";

    QString name;
    QString realm;
    QString resource; // empty: the caller's default (serve: its listen address)
    QStringList authorizationServers;
    QList<ScopeInfo> scopes;
    QList<Implication> implies;
    ScopeAlternatives validScopeCombinations;
    QList<ToolRequirement> toolScopes;
    ChallengeSettings challenge;
    ValidationSettings validation;
    // What the protected resource metadata publishes as scopes_supported (RFC 9728 §2). Absent:
    // publishedScopes() chooses. Present and empty: scopes_supported is left out.
    std::optional<QStringList> scopesSupported;

    // The document this policy was read from: unknown fields, at any depth, and the order of the
    // members are written back from here on save.
    OrderedJson source;

    QStringList catalogNames() const;
    bool hasScope(const QString &scope) const;
    const ToolRequirement *tool(const QString &name) const;
    // Every scope named anywhere (catalog first, then the others in order of appearance).
    QStringList allScopeNames() const;

    // scopes_supported as published: scopesSupported when set, else the first server-level
    // alternative (MCP 2026-07-28, Authorization, "Scope Selection Strategy": the minimal set for
    // basic functionality) -- never the whole catalogue; offline_access is never published
    // ("Refresh Tokens": servers SHOULD NOT include it in scopes_supported).
    QStringList publishedScopes() const;

    // A combination as messages show it: "(entries:read tags:read)", "(user:read)", "()".
    static QString combinationText(const ScopeCombination &combination);

    static QString scopeHintName(ScopeHint hint);
    static bool parseScopeHint(const QString &text, ScopeHint *hint);

    bool operator==(const Policy &o) const;
    bool operator!=(const Policy &o) const { return !(*this == o); }
};

} // namespace scopebench
