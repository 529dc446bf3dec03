#pragma once

#include "policy/ScopeSets.h"

#include <vector>

namespace scopebench {

// The policy as the decision uses it: the bitsets of ScopeSets, the resource decided for, and
// per alternative list the 403 prepared once per edit (description, body, challenge, trace
// details), so a decision rebuilds none of them.
class CompiledPolicy : public ScopeSets {
public:
    struct AlternativeSet : ScopeSets::AlternativeSet {
        QString description;           // the 403 error_description, already sanitized
        QStringList metBy;             // per combination, the trace detail when it is met
        QByteArray forbiddenBody;      // the JSON body of this set's 403
        QByteArray forbiddenChallenge; // the 403's WWW-Authenticate when scopeHint is omit
    };

    CompiledPolicy()
        : CompiledPolicy(Policy()) {}
    // `resource` overrides the policy's own; empty means the policy's, then the default. One that
    // is not usable (ResourceUri::problem) is replaced by the default, so challenges never carry
    // a broken resource_metadata URL; resourceProblem() then says what was wrong.
    explicit CompiledPolicy(const Policy &policy, const QString &resource = QString());

    // The resource decided for: always an absolute http(s) URI.
    const QString &resource() const { return m_resource; }
    // Empty when the given resource was used; otherwise a sentence naming the unusable URI, what
    // is wrong with it and the default used instead, for callers to show as a warning.
    const QString &resourceProblem() const { return m_resourceProblem; }
    const QString &canonicalResource() const { return m_canonicalResource; }
    const QString &resourceMetadataUrl() const { return m_metadataUrl; }

    // The same lists as ScopeSets', with their prepared 403s.
    const AlternativeSet &serverAlternatives() const { return m_server; }
    // Null when the tool has no entry of its own.
    const AlternativeSet *toolAlternatives(QStringView tool) const;

private:
    AlternativeSet prepare(const ScopeSets::AlternativeSet &set) const;

    QString m_resource;
    QString m_resourceProblem;
    QString m_canonicalResource;
    QString m_metadataUrl;
    AlternativeSet m_server;
    std::vector<AlternativeSet> m_tools; // by ScopeSets::toolIndex
};

} // namespace scopebench
