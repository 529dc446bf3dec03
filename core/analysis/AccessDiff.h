#pragma once

#include "analysis/Operation.h"
#include "policy/Policy.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace scopebench {

// One minimal token whose access to one operation differs between two policies.
struct AccessChange {
    Operation operation;
    QStringList scopes;   // the token's granted scopes, sorted; no proper subset shows the change
    bool widened = false; // true: the new policy allows it and the old one refused it

    // "a token with only `tags:read` can now call `delete_tag`"
    QString sentence() const;
};

// What changes in who may do what between two policies, exactly (docs/analysis-and-export.md,
// "How the diff is exact"): for every operation of either policy, every minimal set of granted
// scopes that gains access and every one that loses it.
class AccessDiff {
public:
    enum class Verdict { Identical, NarrowedOnly, Widened };

    // Bounds on the search so a pathological `implies` cannot make the diff run for minutes. A
    // search that hits one is incomplete() and, failing closed, counts as Widened.
    static constexpr int MaxTermsPerOperation = 100000;
    static constexpr int MaxCandidatesPerOperation = 20000;

    static AccessDiff compute(const Policy &oldPolicy, const Policy &newPolicy);

    const QList<Operation> &operations() const { return m_operations; }
    const QList<AccessChange> &widened() const { return m_widened; }
    const QList<AccessChange> &narrowed() const { return m_narrowed; }
    // Operations whose search hit a bound: their lists may miss counterexamples.
    const QList<Operation> &incomplete() const { return m_incomplete; }

    Verdict verdict() const;
    bool identical() const { return verdict() == Verdict::Identical; }
    static QString verdictName(Verdict verdict); // "identical", "narrowed", "widened"

    QByteArray renderText() const;
    QByteArray renderJson() const;

private:
    QString m_oldName;
    QString m_newName;
    QList<Operation> m_operations;
    QList<AccessChange> m_widened;
    QList<AccessChange> m_narrowed;
    QList<Operation> m_incomplete;
};

} // namespace scopebench
