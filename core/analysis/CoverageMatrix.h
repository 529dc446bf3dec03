#pragma once

#include "analysis/Operation.h"
#include "policy/Policy.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace scopebench {

class CompiledPolicy;

// One kind of token that matters to a policy (docs/analysis-and-export.md, "Token classes").
struct TokenClass {
    enum class Kind { NoScopes, ServerAlternative, ToolAlternative, Union, WholeCatalogue };
    Kind kind = Kind::NoScopes;
    QString label;      // "no scopes", "server #1", "tool get_entry #2", "server #1 + tool x #1"
    QStringList scopes; // as granted: each once, in the order the policy writes them
    QStringList sameAs; // labels of the other classes with exactly these scopes (merged here)

    static QString kindName(Kind kind);
};

// What one token class gets for one operation: allow, or the exact response of the refusal.
struct CoverageCell {
    bool allowed = false;
    int status = 200;
    QByteArray wwwAuthenticate; // empty when allowed
    QByteArray body;            // empty when allowed
};

// A tool no token made of catalogue scopes can call.
struct UnreachableTool {
    QString tool;
    QString lintId; // the lint finding that reports it: "unreachable-tool", or
                    // "unreachable-server" when the server level is unreachable; may be empty
};

// A catalogue scope that changes no decision: neither it nor anything it implies is named by any
// alternative.
struct IdleScope {
    QString scope;
    QString lintId; // "scope-grants-nothing", or "offline-access" for offline_access; empty
                    // when the linter does not report it (a policy without combinations)
};

// An alternative that never decides anything: whenever it is met, another one of the same list
// is met too.
struct RedundantAlternative {
    QString tool; // empty: the server level
    int combination = -1;
    int coveredBy = -1;      // the alternative that makes it redundant
    bool viaImplies = false; // only through `implies`
    QString lintId; // "duplicate-combination", "redundant-combination", "empty-combination";
                    // via implies "implied-redundant-combination" (empty past the linter's bound)
    QString where;  // JSON path of the alternative
};

// Which token classes may do what under one policy (issue: coverage matrix). Every cell is the
// answer of Decider::decide for an active, unexpired token issued for the policy's resource that
// carries exactly the class's scopes; the classes and the findings come from the compiled
// bitsets, so nothing is sampled.
class CoverageMatrix {
public:
    // Unions are bounded so a policy at the file limits stays cheap; past the bound
    // unionsTruncated() says some were not listed.
    static constexpr int MaxUnionClasses = 256;
    static constexpr int MaxUnionCandidates = 20000;

    static CoverageMatrix compute(const Policy &policy);

    const Policy &policy() const { return m_policy; }
    const QString &resource() const { return m_resource; }
    const QList<Operation> &operations() const { return m_operations; }
    const QList<TokenClass> &classes() const { return m_classes; }
    // cell(operation index, class index)
    const CoverageCell &cell(int operation, int tokenClass) const {
        return m_cells[size_t(operation) * size_t(m_classes.size()) + size_t(tokenClass)];
    }
    bool unionsTruncated() const { return m_unionsTruncated; }

    const QList<UnreachableTool> &unreachableTools() const { return m_unreachable; }
    bool serverUnreachable() const { return m_serverUnreachable; }
    // "unreachable-server" when the linter reports it; empty otherwise.
    const QString &serverUnreachableLintId() const { return m_serverUnreachableLintId; }
    const QList<IdleScope> &idleScopes() const { return m_idle; }
    const QList<RedundantAlternative> &redundantAlternatives() const { return m_redundant; }

    QByteArray renderText() const;
    QByteArray renderJson() const;
    QByteArray renderCsv() const;

    // The fixed clock and token the cells are decided with (the token is valid; only its scopes
    // vary), exposed so tests and exports decide the same requests.
    static constexpr qint64 DecisionTime = 1700000000;

private:
    Policy m_policy;
    QString m_resource;
    QList<Operation> m_operations;
    QList<TokenClass> m_classes;
    std::vector<CoverageCell> m_cells;
    bool m_unionsTruncated = false;
    QList<UnreachableTool> m_unreachable;
    bool m_serverUnreachable = false;
    QString m_serverUnreachableLintId;
    QList<IdleScope> m_idle;
    QList<RedundantAlternative> m_redundant;
};

// The one decision for "a valid token with exactly these scopes asks for this operation", shared
// by the matrix, the diff's tests and the export verifications.
class ScopeDecision {
public:
    static CoverageCell decide(const CompiledPolicy &policy, const QStringList &scopes,
                               const Operation &operation);
};

} // namespace scopebench
