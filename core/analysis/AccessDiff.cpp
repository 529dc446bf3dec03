#include "analysis/AccessDiff.h"

#include "analysis/AnalysisText.h"
#include "analysis/ScopeClosure.h"
#include "common/OrderedJson.h"
#include "decision/CompiledPolicy.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <unordered_set>

// Why the diff is exact
// ---------------------
// For a policy P and an operation o, let allowed_P(G) say whether a valid token granted the
// scopes G may do o. It holds iff some server alternative S and some alternative A of the tool
// (S = ∅ when the server list is empty, A = ∅ for "any request", a tool without an entry or an
// empty entry) satisfy S ∪ A ⊆ cl_P(G), cl_P being the implies closure. cl_P is monotone, so
// allowed_P is monotone in G.
//
// Widening on o is W = {G : allowed_NEW(G) and not allowed_OLD(G)}. Claim: the minimal elements
// of W (by inclusion) are exactly the minimal elements of N = {G : allowed_NEW(G)} that OLD
// refuses. (⊇) such a G is in W, and a proper subset of it in W would be in N, contradicting
// minimality in N. (⊆) let G be minimal in W; if some G' ⊊ G were in N, then OLD refuses G'
// too (allowed_OLD is monotone and refuses G), so G' ∈ W, contradicting minimality in W.
//
// The minimal elements of N are found from NEW's terms T = S ∪ A: G satisfies T iff every t ∈ T
// has a provider in G (a granted scope g with t ∈ cl(g)). The search walks the scopes of T in
// order, skips those already covered by the closure of what it chose, and branches over every
// provider of the first uncovered one. Every set it emits satisfies T, so it is in N. Every
// minimal G of N is emitted: G satisfies some T; follow the branch that always picks a provider
// from G (one exists for every t ∈ T); the emitted set is a subset of G that satisfies T, hence
// equal to G by minimality. So the emitted candidates C satisfy min(N) ⊆ C ⊆ N, and the minimal
// elements of C are exactly min(N). Scopes NEW never names are never chosen: they cannot help
// NEW, so they are in no minimal set.
//
// Narrowing is the same with the roles swapped. Each minimal counterexample is then checked
// against the other policy with the compiled bitsets, the same test Decider runs at steps 9-10
// (tests/tst_accessdiff.cpp cross-checks every result against brute force over all subsets and
// Decider::decide). The search is bounded (AccessDiff::MaxTermsPerOperation,
// MaxCandidatesPerOperation); an operation that hits a bound is listed as incomplete and the
// verdict fails closed to Widened.

namespace scopebench {

QString AccessChange::sentence() const {
    const QString who = scopes.isEmpty()
                            ? QStringLiteral("a token with no scopes")
                            : QStringLiteral("a token with only ") + analysis::quotedList(scopes);
    return who + (widened ? QStringLiteral(" can now ") : QStringLiteral(" can no longer ")) +
           operation.verbPhrase();
}

namespace {

struct Side {
    explicit Side(const Policy &p)
        : compiled(p)
        , closure(compiled) {}
    CompiledPolicy compiled;
    ScopeClosure closure;

    bool allows(const QStringList &granted, const Operation &op) const {
        const CompiledPolicy::Bits bits = compiled.effectiveBits(granted);
        return op.isAnyRequest() ? compiled.isMet(compiled.serverAlternatives(), bits)
                                 : compiled.toolAllowed(op.tool, bits);
    }
};

struct SetHash {
    size_t operator()(const ScopeClosure::Set &s) const {
        size_t h = 1469598103934665603ull;
        for (const quint64 w : s)
            h = (h ^ size_t(w)) * 1099511628211ull;
        return h;
    }
};

// The minimal granted sets that `side` allows for `op` (min(N) above). false when a bound was hit.
bool minimalAllowed(const Side &side, const Operation &op, QList<QStringList> *out) {
    const ScopeClosure &cl = side.closure;
    const Policy &p = side.compiled.policy();
    ScopeAlternatives server = p.validScopeCombinations;
    if (server.isEmpty())
        server.append(QStringList());
    ScopeAlternatives tool{QStringList()};
    if (const ToolRequirement *t = op.isAnyRequest() ? nullptr : p.tool(op.tool)) {
        if (!t->alternatives.isEmpty())
            tool = t->alternatives;
    }
    if (qint64(server.size()) * qint64(tool.size()) > AccessDiff::MaxTermsPerOperation)
        return false;

    // Terms, each once, supersets of another term dropped (they add no minimal set).
    std::vector<ScopeClosure::Set> terms;
    {
        std::vector<ScopeClosure::Set> all;
        for (const auto &s : server) {
            const ScopeClosure::Set sb = cl.bitsOf(s);
            for (const auto &a : tool) {
                ScopeClosure::Set t = cl.bitsOf(a);
                for (size_t w = 0; w < t.size(); ++w)
                    t[w] |= sb[w];
                all.push_back(std::move(t));
            }
        }
        std::stable_sort(all.begin(), all.end(), [](const auto &a, const auto &b) {
            return ScopeClosure::count(a) < ScopeClosure::count(b);
        });
        for (auto &t : all) {
            const bool covered = std::any_of(terms.cbegin(), terms.cend(), [&](const auto &k) {
                return ScopeClosure::isSubset(k, t);
            });
            if (!covered)
                terms.push_back(std::move(t));
        }
    }

    std::vector<ScopeClosure::Set> candidates;
    std::unordered_set<ScopeClosure::Set, SetHash> seen;
    int budget = AccessDiff::MaxCandidatesPerOperation;
    bool complete = true;
    for (const auto &term : terms) {
        const std::vector<int> needed = cl.indexesOf(term);
        struct Frame {
            size_t at;
            ScopeClosure::Set chosen;
            ScopeClosure::Set covered;
        };
        std::vector<Frame> stack{{0, cl.empty(), cl.empty()}};
        while (!stack.empty() && complete) {
            Frame f = std::move(stack.back());
            stack.pop_back();
            while (f.at < needed.size() && ScopeClosure::has(f.covered, needed[f.at]))
                ++f.at;
            if (f.at == needed.size()) {
                if (--budget < 0) {
                    complete = false;
                    break;
                }
                if (seen.insert(f.chosen).second)
                    candidates.push_back(std::move(f.chosen));
                continue;
            }
            const std::vector<int> &providers = cl.providersOf(needed[f.at]);
            // Pushed in reverse so the first provider is explored first (deterministic order).
            for (auto it = providers.crbegin(); it != providers.crend(); ++it) {
                Frame next{f.at + 1, f.chosen, f.covered};
                ScopeClosure::add(&next.chosen, *it);
                const ScopeClosure::Set &c = cl.closureOf(*it);
                for (size_t w = 0; w < c.size(); ++w)
                    next.covered[w] |= c[w];
                stack.push_back(std::move(next));
            }
        }
        if (!complete)
            break;
    }

    std::stable_sort(candidates.begin(), candidates.end(), [](const auto &a, const auto &b) {
        return ScopeClosure::count(a) < ScopeClosure::count(b);
    });
    std::vector<const ScopeClosure::Set *> minimal;
    for (const auto &c : candidates) {
        const bool dominated = std::any_of(minimal.cbegin(), minimal.cend(), [&](const auto *k) {
            return ScopeClosure::isSubset(*k, c);
        });
        if (!dominated)
            minimal.push_back(&c);
    }
    for (const auto *m : minimal) {
        QStringList names = cl.namesOf(*m);
        names.sort();
        out->append(names);
    }
    return complete;
}

void collect(const Side &gaining, const Side &other, const Operation &op, bool widened,
             QList<AccessChange> *out, bool *complete) {
    QList<QStringList> minimal;
    *complete = minimalAllowed(gaining, op, &minimal) && *complete;
    QList<AccessChange> found;
    for (const auto &g : std::as_const(minimal)) {
        if (!other.allows(g, op))
            found.append({op, g, widened});
    }
    std::sort(found.begin(), found.end(), [](const AccessChange &a, const AccessChange &b) {
        if (a.scopes.size() != b.scopes.size())
            return a.scopes.size() < b.scopes.size();
        return a.scopes < b.scopes;
    });
    *out += found;
}

} // namespace

AccessDiff AccessDiff::compute(const Policy &oldPolicy, const Policy &newPolicy) {
    AccessDiff d;
    d.m_oldName = oldPolicy.name;
    d.m_newName = newPolicy.name;
    const Side oldSide(oldPolicy);
    const Side newSide(newPolicy);
    d.m_operations.append(Operation{});
    QSet<QString> tools;
    for (const Policy *p : {&oldPolicy, &newPolicy}) {
        for (const auto &t : p->toolScopes) {
            if (!tools.contains(t.tool)) {
                tools.insert(t.tool);
                d.m_operations.append(Operation{t.tool});
            }
        }
    }
    for (const auto &op : std::as_const(d.m_operations)) {
        bool complete = true;
        collect(newSide, oldSide, op, true, &d.m_widened, &complete);
        collect(oldSide, newSide, op, false, &d.m_narrowed, &complete);
        if (!complete)
            d.m_incomplete.append(op);
    }
    return d;
}

AccessDiff::Verdict AccessDiff::verdict() const {
    if (!m_widened.isEmpty() || !m_incomplete.isEmpty())
        return Verdict::Widened;
    return m_narrowed.isEmpty() ? Verdict::Identical : Verdict::NarrowedOnly;
}

QString AccessDiff::verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::Identical:
        return QStringLiteral("identical");
    case Verdict::NarrowedOnly:
        return QStringLiteral("narrowed");
    case Verdict::Widened:
        return QStringLiteral("widened");
    }
    return QString();
}

QByteArray AccessDiff::renderText() const {
    QString out;
    switch (verdict()) {
    case Verdict::Identical:
        out = QStringLiteral("Access is identical: every token may do exactly what it could "
                             "before.\n");
        break;
    case Verdict::NarrowedOnly:
        out = QStringLiteral("Access only narrowed: no token gains anything.\n");
        break;
    case Verdict::Widened:
        out = QStringLiteral("Access WIDENED: some tokens may now do more.\n");
        break;
    }
    if (!m_widened.isEmpty()) {
        out += QStringLiteral("\nWidened (%1):\n").arg(m_widened.size());
        for (const auto &c : m_widened)
            out += QStringLiteral("  + ") + c.sentence() + QLatin1Char('\n');
    }
    if (!m_narrowed.isEmpty()) {
        out += QStringLiteral("\nNarrowed (%1):\n").arg(m_narrowed.size());
        for (const auto &c : m_narrowed)
            out += QStringLiteral("  - ") + c.sentence() + QLatin1Char('\n');
    }
    if (!m_incomplete.isEmpty()) {
        out += QStringLiteral("\nNot fully searched (too many combinations; counted as "
                              "widened):\n");
        for (const auto &op : m_incomplete)
            out += QStringLiteral("  ? ") + op.label() + QLatin1Char('\n');
    }
    return out.toUtf8();
}

QByteArray AccessDiff::renderJson() const {
    auto changes = [](const QList<AccessChange> &list) {
        OrderedJson a = OrderedJson::array();
        for (const auto &c : list) {
            OrderedJson o = OrderedJson::object();
            o.insert(QStringLiteral("operation"), OrderedJson::string(c.operation.label()));
            o.insert(QStringLiteral("tool"), c.operation.tool.isEmpty()
                                                 ? OrderedJson()
                                                 : OrderedJson::string(c.operation.tool));
            OrderedJson scopes = OrderedJson::array();
            for (const auto &s : c.scopes)
                scopes.append(OrderedJson::string(s));
            o.insert(QStringLiteral("scopes"), scopes);
            o.insert(QStringLiteral("sentence"), OrderedJson::string(c.sentence()));
            a.append(o);
        }
        return a;
    };
    OrderedJson doc = OrderedJson::object();
    doc.insert(QStringLiteral("verdict"), OrderedJson::string(verdictName(verdict())));
    doc.insert(QStringLiteral("old"), OrderedJson::string(m_oldName));
    doc.insert(QStringLiteral("new"), OrderedJson::string(m_newName));
    doc.insert(QStringLiteral("widened"), changes(m_widened));
    doc.insert(QStringLiteral("narrowed"), changes(m_narrowed));
    OrderedJson incomplete = OrderedJson::array();
    for (const auto &op : m_incomplete)
        incomplete.append(OrderedJson::string(op.label()));
    doc.insert(QStringLiteral("incomplete"), incomplete);
    return doc.serialize();
}

} // namespace scopebench
