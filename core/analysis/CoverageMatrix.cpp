#include "analysis/CoverageMatrix.h"

#include "common/Csv.h"

#include "analysis/AnalysisText.h"
#include "analysis/ScopeClosure.h"
#include "common/OrderedJson.h"
#include "decision/CompiledPolicy.h"
#include "decision/Decider.h"
#include "decision/Simulation.h"
#include "policy/CombinationSubsets.h"
#include "policy/PolicyFile.h"
#include "policy/PolicyLinter.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace scopebench {

QString TokenClass::kindName(Kind kind) {
    switch (kind) {
    case Kind::NoScopes:
        return QStringLiteral("no-scopes");
    case Kind::ServerAlternative:
        return QStringLiteral("server-alternative");
    case Kind::ToolAlternative:
        return QStringLiteral("tool-alternative");
    case Kind::Union:
        return QStringLiteral("union");
    case Kind::WholeCatalogue:
        return QStringLiteral("whole-catalogue");
    }
    return QString();
}

CoverageCell ScopeDecision::decide(const CompiledPolicy &policy, const QStringList &scopes,
                                   const Operation &operation) {
    // A token that passes every check before the scopes: active, unexpired (whatever
    // requireExpiry says) and issued for this resource (whatever requireAudience says).
    TokenFacts facts;
    facts.active = true;
    facts.scopes = scopes;
    facts.exp = CoverageMatrix::DecisionTime + 3600;
    facts.aud = {policy.resource()};
    facts.audPresent = true;
    facts.tokenType = QStringLiteral("Bearer");
    const Decision d = Decider::decide(
        policy, Simulation::request(policy, QByteArrayLiteral("matrix"), operation.tool),
        TokenKnowledge::known(facts), CoverageMatrix::DecisionTime);
    CoverageCell cell;
    cell.allowed = d.outcome == Outcome::Allow;
    cell.status = d.status();
    if (!cell.allowed) {
        cell.wwwAuthenticate = d.response.header(QByteArrayLiteral("WWW-Authenticate"));
        cell.body = d.response.body;
    }
    return cell;
}

namespace {

QStringList distinct(const QStringList &scopes) {
    QStringList out;
    QSet<QString> seen;
    for (const auto &s : scopes) {
        if (!seen.contains(s)) {
            seen.insert(s);
            out.append(s);
        }
    }
    return out;
}

QString setKey(QStringList scopes) {
    scopes.sort();
    return scopes.join(QLatin1Char(' '));
}

QString alternativeLabel(const QString &tool, int index) {
    return (tool.isEmpty() ? QStringLiteral("server #")
                           : QStringLiteral("tool ") + tool + QStringLiteral(" #")) +
           QString::number(index + 1);
}

class Builder {
public:
    explicit Builder(const Policy &policy)
        : m_compiled(policy)
        , m_closure(m_compiled) {
        m_operations.append(Operation{});
        for (const auto &t : policy.toolScopes)
            m_operations.append(Operation{t.tool});
    }

    const CompiledPolicy &compiled() const { return m_compiled; }
    const QList<Operation> &operations() const { return m_operations; }

    // One bit per operation the scopes reach (by the compiled bitsets).
    std::vector<bool> reach(const QStringList &scopes) const {
        const CompiledPolicy::Bits bits = m_compiled.effectiveBits(scopes);
        std::vector<bool> out;
        out.reserve(size_t(m_operations.size()));
        for (const auto &op : m_operations)
            out.push_back(op.isAnyRequest()
                              ? m_compiled.isMet(m_compiled.serverAlternatives(), bits)
                              : m_compiled.toolAllowed(op.tool, bits));
        return out;
    }

    const ScopeClosure &closure() const { return m_closure; }

private:
    CompiledPolicy m_compiled;
    ScopeClosure m_closure;
    QList<Operation> m_operations;
};

} // namespace

CoverageMatrix CoverageMatrix::compute(const Policy &policy) {
    CoverageMatrix m;
    m.m_policy = policy;
    const Builder b(policy);
    const CompiledPolicy &compiled = b.compiled();
    m.m_resource = compiled.resource();
    m.m_operations = b.operations();

    // Classes, merged by scope set (the first label wins, the others are listed in sameAs).
    QHash<QString, int> byKey;
    auto addClass = [&](TokenClass::Kind kind, const QString &label, const QStringList &scopes) {
        const QStringList own = distinct(scopes);
        const QString key = setKey(own);
        const auto it = byKey.constFind(key);
        if (it != byKey.constEnd()) {
            m.m_classes[*it].sameAs.append(label);
            return false;
        }
        byKey.insert(key, int(m.m_classes.size()));
        m.m_classes.append(TokenClass{kind, label, own, {}});
        return true;
    };
    addClass(TokenClass::Kind::NoScopes, QStringLiteral("no scopes"), {});
    const ScopeAlternatives &server = policy.validScopeCombinations;
    for (int i = 0; i < server.size(); ++i)
        addClass(TokenClass::Kind::ServerAlternative, alternativeLabel(QString(), i), server[i]);
    for (const auto &t : policy.toolScopes) {
        for (int i = 0; i < t.alternatives.size(); ++i)
            addClass(TokenClass::Kind::ToolAlternative, alternativeLabel(t.tool, i),
                     t.alternatives[i]);
    }

    // Unions: a server alternative S with a tool alternative A (server order, then tools and
    // their alternatives in policy order), kept when S ∪ A reaches an operation that neither S
    // nor A reaches alone. These are the tokens a client needs when a tool's own alternatives do
    // not give server access; pairs of two tool alternatives add nothing a server × tool union
    // does not, since every operation needs server access first.
    int candidates = 0;
    int unions = 0;
    for (int s = 0; s < server.size() && !m.m_unionsTruncated; ++s) {
        const std::vector<bool> reachS = b.reach(server[s]);
        for (const auto &t : policy.toolScopes) {
            for (int a = 0; a < t.alternatives.size(); ++a) {
                if (++candidates > MaxUnionCandidates || unions >= MaxUnionClasses) {
                    m.m_unionsTruncated = true;
                    break;
                }
                const QStringList u = distinct(server[s] + t.alternatives[a]);
                const std::vector<bool> reachU = b.reach(u);
                const std::vector<bool> reachA = b.reach(t.alternatives[a]);
                bool fresh = false;
                for (size_t o = 0; o < reachU.size() && !fresh; ++o)
                    fresh = reachU[o] && !reachS[o] && !reachA[o];
                if (fresh && addClass(TokenClass::Kind::Union,
                                      alternativeLabel(QString(), s) + QStringLiteral(" + ") +
                                          alternativeLabel(t.tool, a),
                                      u))
                    ++unions;
            }
            if (m.m_unionsTruncated)
                break;
        }
    }
    // The catalogue is what the authorization server issues; a policy without one says nothing
    // about that, so every scope it names stands in.
    const QStringList catalogue =
        policy.scopes.isEmpty() ? policy.allScopeNames() : distinct(policy.catalogNames());
    addClass(TokenClass::Kind::WholeCatalogue, QStringLiteral("whole catalogue"), catalogue);

    // Cells: the one decision per operation and class.
    m.m_cells.reserve(size_t(m.m_operations.size()) * size_t(m.m_classes.size()));
    for (const auto &op : std::as_const(m.m_operations)) {
        for (const auto &c : std::as_const(m.m_classes))
            m.m_cells.push_back(ScopeDecision::decide(compiled, c.scopes, op));
    }

    // Each finding carries the id of the lint finding that reports the same thing at the same
    // place, when the linter reports it (docs/policy-format.md), so the app can link the two.
    const QList<LintFinding> findings = PolicyLinter::lint(policy);
    auto lintIdWhere = [&](std::initializer_list<const char *> ids, auto matches) {
        for (const auto &f : findings) {
            for (const char *id : ids) {
                if (f.id == QLatin1String(id) && matches(f.location))
                    return f.id;
            }
        }
        return QString();
    };
    auto anywhere = [](const PolicyLocation &) { return true; };

    // Unreachable: what even the whole catalogue may not do. The linter reports a tool as
    // unreachable-tool, or not per tool when the server level itself is unreachable.
    const int whole = int(byKey.value(setKey(catalogue)));
    for (int o = 0; o < m.m_operations.size(); ++o) {
        if (m.cell(o, whole).allowed)
            continue;
        const QString &tool = m.m_operations[o].tool;
        if (m.m_operations[o].isAnyRequest()) {
            m.m_serverUnreachable = true;
            continue;
        }
        QString id = lintIdWhere({"unreachable-tool"}, [&](const PolicyLocation &l) {
            return l.area == PolicyLocation::Area::Tool && l.tool == tool;
        });
        if (id.isEmpty())
            id = lintIdWhere({"unreachable-server"}, anywhere);
        m.m_unreachable.append({tool, id});
    }
    if (m.m_serverUnreachable)
        m.m_serverUnreachableLintId = lintIdWhere({"unreachable-server"}, anywhere);

    // Idle scopes: closure disjoint from every scope any alternative names.
    const ScopeClosure &closure = b.closure();
    ScopeClosure::Set used = closure.empty();
    auto markUsed = [&](const ScopeAlternatives &alts) {
        for (const auto &c : alts) {
            const ScopeClosure::Set bits = closure.bitsOf(c);
            for (size_t w = 0; w < used.size(); ++w)
                used[w] |= bits[w];
        }
    };
    markUsed(server);
    for (const auto &t : policy.toolScopes)
        markUsed(t.alternatives);
    for (const auto &scope : catalogue) {
        const int i = compiled.scopeIndex(scope);
        const ScopeClosure::Set &c = closure.closureOf(i);
        bool touches = false;
        for (size_t w = 0; w < used.size() && !touches; ++w)
            touches = (c[w] & used[w]) != 0;
        if (!touches)
            m.m_idle.append({scope, lintIdWhere({"scope-grants-nothing", "offline-access"},
                                                [&](const PolicyLocation &l) {
                                                    return l.area ==
                                                               PolicyLocation::Area::Catalog &&
                                                           l.scope == scope;
                                                })});
    }

    // Redundant alternatives: as written first (CombinationSubsets, what the linter reports, with
    // the linter's own finding id), then through implies (B ⊆ closure(A): whenever A is met, B
    // is; between two that imply each other the later one is the redundant one).
    auto lintIdAt = [&](std::initializer_list<const char *> ids, const QString &tool,
                        int combination) {
        return lintIdWhere(ids, [&](const PolicyLocation &l) {
            return l.combination == combination && l.tool == tool &&
                   (tool.isEmpty() ? l.area == PolicyLocation::Area::Server
                                   : l.area == PolicyLocation::Area::Tool);
        });
    };
    auto redundancies = [&](const QString &tool, const ScopeAlternatives &alts,
                            const QString &path) {
        const CombinationSubsets subsets(alts);
        std::vector<ScopeClosure::Set> written;
        std::vector<ScopeClosure::Set> closed;
        for (const auto &c : alts) {
            written.push_back(closure.bitsOf(c));
            closed.push_back(closure.closed(written.back()));
        }
        for (int a = 0; a < alts.size(); ++a) {
            RedundantAlternative r;
            r.tool = tool;
            r.combination = a;
            r.where = PolicyFile::indexPath(path, a);
            const int cover = subsets.firstCover(a);
            if (cover >= 0) {
                r.coveredBy = cover;
                r.lintId =
                    subsets.scopeCount(cover) == 0
                        ? QStringLiteral("empty-combination")
                        : lintIdAt({"duplicate-combination", "redundant-combination"}, tool, a);
                m.m_redundant.append(r);
                continue;
            }
            for (int other = 0; other < alts.size(); ++other) {
                if (other == a ||
                    !ScopeClosure::isSubset(written[size_t(other)], closed[size_t(a)]))
                    continue;
                const bool mutual =
                    ScopeClosure::isSubset(written[size_t(a)], closed[size_t(other)]);
                if (mutual && other > a)
                    continue;
                r.coveredBy = other;
                r.viaImplies = true;
                r.lintId = lintIdAt({"implied-redundant-combination"}, tool, a);
                m.m_redundant.append(r);
                break;
            }
        }
    };
    redundancies(QString(), server, QStringLiteral("$.validScopeCombinations"));
    for (const auto &t : policy.toolScopes)
        redundancies(t.tool, t.alternatives,
                     PolicyFile::memberPath(QStringLiteral("$.toolScopes"), t.tool));
    return m;
}

namespace {

QString responseText(const CoverageCell &c) {
    return QString::number(c.status) + QStringLiteral(" WWW-Authenticate: ") +
           QString::fromLatin1(c.wwwAuthenticate) + QStringLiteral("\n        body: ") +
           QString::fromUtf8(c.body);
}

QString redundantText(const Policy &policy, const RedundantAlternative &r) {
    const ScopeAlternatives &alts =
        r.tool.isEmpty() ? policy.validScopeCombinations : policy.tool(r.tool)->alternatives;
    return alternativeLabel(r.tool, r.combination) + QLatin1Char(' ') +
           Policy::combinationText(alts[r.combination]) + QStringLiteral(" is redundant: ") +
           alternativeLabel(r.tool, r.coveredBy) + QLatin1Char(' ') +
           Policy::combinationText(alts[r.coveredBy]) +
           (r.viaImplies ? QStringLiteral(" is met whenever it is (through implies)")
                         : QStringLiteral(" needs no more and is enough"));
}

QString withId(const QString &text, const QString &id) {
    return id.isEmpty() ? text : text + QStringLiteral(" [") + id + QLatin1Char(']');
}

OrderedJson stringArray(const QStringList &items) {
    OrderedJson a = OrderedJson::array();
    for (const auto &i : items)
        a.append(OrderedJson::string(i));
    return a;
}

OrderedJson nullable(const QString &s) {
    return s.isEmpty() ? OrderedJson() : OrderedJson::string(s);
}

} // namespace

QByteArray CoverageMatrix::renderText() const {
    QString out = QStringLiteral("Coverage of \"") + m_policy.name + QStringLiteral("\" for ") +
                  m_resource +
                  QStringLiteral("\n\nToken classes (each a valid token with "
                                 "exactly these scopes):\n");
    for (int c = 0; c < m_classes.size(); ++c) {
        const TokenClass &k = m_classes[c];
        out +=
            QStringLiteral("  C%1  %2: %3").arg(c + 1).arg(k.label, analysis::scopeText(k.scopes));
        if (!k.sameAs.isEmpty())
            out +=
                QStringLiteral("  (also ") + k.sameAs.join(QStringLiteral(", ")) + QLatin1Char(')');
        out += QLatin1Char('\n');
    }
    if (m_unionsTruncated)
        out += QStringLiteral("  (more unions exist; only the first %1 are listed)\n")
                   .arg(MaxUnionClasses);

    // Distinct refusals get a number, so the grid stays narrow.
    QList<const CoverageCell *> responses;
    auto responseNumber = [&](const CoverageCell &c) {
        for (int i = 0; i < responses.size(); ++i) {
            if (responses[i]->status == c.status &&
                responses[i]->wwwAuthenticate == c.wwwAuthenticate && responses[i]->body == c.body)
                return i + 1;
        }
        responses.append(&c);
        return int(responses.size());
    };
    int labelWidth = 12;
    for (const auto &op : m_operations)
        labelWidth = std::max(labelWidth, int(op.label().size()));
    out += QStringLiteral("\n") + QString(labelWidth + 2, u' ');
    for (int c = 0; c < m_classes.size(); ++c)
        out += QStringLiteral(" %1").arg(QStringLiteral("C%1").arg(c + 1), -7);
    out += QLatin1Char('\n');
    for (int o = 0; o < m_operations.size(); ++o) {
        out += QStringLiteral("  %1").arg(m_operations[o].label(), -labelWidth);
        for (int c = 0; c < m_classes.size(); ++c) {
            const CoverageCell &cell = this->cell(o, c);
            out += QStringLiteral(" %1").arg(
                cell.allowed ? QStringLiteral("allow")
                             : QStringLiteral("%1/%2").arg(cell.status).arg(responseNumber(cell)),
                -7);
        }
        out += QLatin1Char('\n');
    }
    if (!responses.isEmpty()) {
        out += QStringLiteral("\nRefusals:\n");
        for (int i = 0; i < responses.size(); ++i)
            out += QStringLiteral("  /%1  ").arg(i + 1) + responseText(*responses[i]) +
                   QLatin1Char('\n');
    }
    QStringList findings;
    if (m_serverUnreachable)
        findings.append(withId(QStringLiteral("no token of catalogue scopes can connect at all"),
                               m_serverUnreachableLintId));
    for (const auto &u : m_unreachable)
        findings.append(withId(QStringLiteral("tool ") + u.tool +
                                   QStringLiteral(" is unreachable: no token of catalogue scopes "
                                                  "may call it"),
                               u.lintId));
    for (const auto &s : m_idle)
        findings.append(withId(QStringLiteral("scope ") + s.scope +
                                   QStringLiteral(" grants nothing: no alternative needs it or "
                                                  "anything it implies"),
                               s.lintId));
    for (const auto &r : m_redundant)
        findings.append(withId(redundantText(m_policy, r), r.lintId));
    out += QStringLiteral("\nFindings:\n");
    if (findings.isEmpty())
        out += QStringLiteral("  none\n");
    for (const auto &f : std::as_const(findings))
        out += QStringLiteral("  ") + f + QLatin1Char('\n');
    return out.toUtf8();
}

QByteArray CoverageMatrix::renderJson() const {
    OrderedJson doc = OrderedJson::object();
    doc.insert(QStringLiteral("policy"), OrderedJson::string(m_policy.name));
    doc.insert(QStringLiteral("resource"), OrderedJson::string(m_resource));
    OrderedJson classes = OrderedJson::array();
    for (int c = 0; c < m_classes.size(); ++c) {
        const TokenClass &k = m_classes[c];
        OrderedJson o = OrderedJson::object();
        o.insert(QStringLiteral("id"), OrderedJson::string(QStringLiteral("C%1").arg(c + 1)));
        o.insert(QStringLiteral("kind"), OrderedJson::string(TokenClass::kindName(k.kind)));
        o.insert(QStringLiteral("label"), OrderedJson::string(k.label));
        o.insert(QStringLiteral("scopes"), stringArray(k.scopes));
        o.insert(QStringLiteral("sameAs"), stringArray(k.sameAs));
        classes.append(o);
    }
    doc.insert(QStringLiteral("classes"), classes);
    doc.insert(QStringLiteral("unionsTruncated"), OrderedJson::boolean(m_unionsTruncated));
    OrderedJson ops = OrderedJson::array();
    for (int o = 0; o < m_operations.size(); ++o) {
        OrderedJson op = OrderedJson::object();
        op.insert(QStringLiteral("operation"), OrderedJson::string(m_operations[o].label()));
        op.insert(QStringLiteral("tool"), nullable(m_operations[o].tool));
        OrderedJson cells = OrderedJson::array();
        for (int c = 0; c < m_classes.size(); ++c) {
            const CoverageCell &cell = this->cell(o, c);
            OrderedJson j = OrderedJson::object();
            j.insert(QStringLiteral("class"),
                     OrderedJson::string(QStringLiteral("C%1").arg(c + 1)));
            j.insert(QStringLiteral("allowed"), OrderedJson::boolean(cell.allowed));
            j.insert(QStringLiteral("status"), OrderedJson::number(cell.status));
            j.insert(QStringLiteral("wwwAuthenticate"),
                     nullable(QString::fromLatin1(cell.wwwAuthenticate)));
            j.insert(QStringLiteral("body"), nullable(QString::fromUtf8(cell.body)));
            cells.append(j);
        }
        op.insert(QStringLiteral("cells"), cells);
        ops.append(op);
    }
    doc.insert(QStringLiteral("operations"), ops);
    OrderedJson findings = OrderedJson::object();
    findings.insert(QStringLiteral("serverUnreachable"), OrderedJson::boolean(m_serverUnreachable));
    findings.insert(QStringLiteral("serverUnreachableLintId"), nullable(m_serverUnreachableLintId));
    OrderedJson unreachable = OrderedJson::array();
    for (const auto &u : m_unreachable) {
        OrderedJson j = OrderedJson::object();
        j.insert(QStringLiteral("tool"), OrderedJson::string(u.tool));
        j.insert(QStringLiteral("lintId"), nullable(u.lintId));
        unreachable.append(j);
    }
    findings.insert(QStringLiteral("unreachableTools"), unreachable);
    OrderedJson idle = OrderedJson::array();
    for (const auto &s : m_idle) {
        OrderedJson j = OrderedJson::object();
        j.insert(QStringLiteral("scope"), OrderedJson::string(s.scope));
        j.insert(QStringLiteral("lintId"), nullable(s.lintId));
        idle.append(j);
    }
    findings.insert(QStringLiteral("idleScopes"), idle);
    OrderedJson redundant = OrderedJson::array();
    for (const auto &r : m_redundant) {
        OrderedJson j = OrderedJson::object();
        j.insert(QStringLiteral("tool"), nullable(r.tool));
        j.insert(QStringLiteral("combination"), OrderedJson::number(r.combination));
        j.insert(QStringLiteral("coveredBy"), OrderedJson::number(r.coveredBy));
        j.insert(QStringLiteral("viaImplies"), OrderedJson::boolean(r.viaImplies));
        j.insert(QStringLiteral("lintId"), nullable(r.lintId));
        j.insert(QStringLiteral("where"), OrderedJson::string(r.where));
        redundant.append(j);
    }
    findings.insert(QStringLiteral("redundantAlternatives"), redundant);
    doc.insert(QStringLiteral("findings"), findings);
    return doc.serialize();
}

QByteArray CoverageMatrix::renderCsv() const {
    QByteArray out = QByteArrayLiteral(
        "operation,tool,class,class_label,scopes,outcome,status,www_authenticate,body\r\n");
    for (int o = 0; o < m_operations.size(); ++o) {
        for (int c = 0; c < m_classes.size(); ++c) {
            const CoverageCell &cell = this->cell(o, c);
            const QStringList fields = {m_operations[o].label(),
                                        m_operations[o].tool,
                                        QStringLiteral("C%1").arg(c + 1),
                                        m_classes[c].label,
                                        m_classes[c].scopes.join(QLatin1Char(' ')),
                                        cell.allowed ? QStringLiteral("allow")
                                                     : QStringLiteral("deny"),
                                        QString::number(cell.status),
                                        QString::fromLatin1(cell.wwwAuthenticate),
                                        QString::fromUtf8(cell.body)};
            for (int i = 0; i < fields.size(); ++i) {
                if (i)
                    out += ',';
                out += csvField(fields[i]);
            }
            out += "\r\n";
        }
    }
    return out;
}

} // namespace scopebench
