#include "decision/CompiledPolicy.h"

#include "decision/ChallengeBuilder.h"
#include "http/HttpResponse.h"
#include "policy/ResourceUri.h"

namespace scopebench {

CompiledPolicy::CompiledPolicy(const Policy &policy, const QString &resource)
    : ScopeSets(policy) {
    const QString fallback = QString::fromLatin1(Policy::DefaultResource);
    m_resource = !resource.isEmpty()          ? resource
                 : !policy.resource.isEmpty() ? policy.resource
                                              : fallback;
    const QString problem = ResourceUri::problem(m_resource);
    if (!problem.isEmpty()) {
        m_resourceProblem = QStringLiteral("the resource \"%1\" is not usable (%2); deciding for "
                                           "%3 instead")
                                .arg(m_resource, problem, fallback);
        m_resource = fallback;
    }
    m_canonicalResource = ResourceUri::canonical(m_resource);
    m_metadataUrl = ResourceUri::metadataUrl(m_resource);

    m_server = prepare(ScopeSets::serverAlternatives());
    // By entry, so ScopeSets::toolIndex finds both; a tool listed twice is found at its last.
    m_tools.reserve(size_t(policy.toolScopes.size()));
    for (int i = 0; i < policy.toolScopes.size(); ++i)
        m_tools.push_back(prepare(ScopeSets::toolSet(i)));
}

const CompiledPolicy::AlternativeSet *CompiledPolicy::toolAlternatives(QStringView tool) const {
    const int i = toolIndex(tool);
    return i < 0 ? nullptr : &m_tools[size_t(i)];
}

CompiledPolicy::AlternativeSet
CompiledPolicy::prepare(const ScopeSets::AlternativeSet &bits) const {
    AlternativeSet set;
    static_cast<ScopeSets::AlternativeSet &>(set) = bits;
    const ScopeAlternatives &alternatives = set.combinations;
    QString text = policy().challenge.descriptionTemplate;
    if (text.isEmpty())
        text =
            QStringLiteral("Any of the following combinations of scopes is valid: {alternatives}");
    text.replace(QStringLiteral("{alternatives}"), describeAlternatives(alternatives));
    set.description = ChallengeBuilder::sanitizeDescription(text);

    // What every decision against this set would otherwise rebuild.
    set.metBy.reserve(alternatives.size());
    for (const auto &combination : alternatives)
        set.metBy.append(QStringLiteral("met by ") + (combination.isEmpty()
                                                          ? QStringLiteral("(the empty set)")
                                                          : combination.join(QLatin1Char(' '))));
    const QString insufficientScope = QStringLiteral("insufficient_scope");
    set.forbiddenBody = HttpResponse::errorBody(insufficientScope, set.description);
    if (policy().challenge.scopeHint == ScopeHint::Omit) {
        ChallengeParams c;
        c.realm = policy().realm;
        c.error = insufficientScope;
        c.errorDescription = set.description;
        c.resourceMetadata = m_metadataUrl;
        set.forbiddenChallenge = ChallengeBuilder::build(c);
    }
    return set;
}

} // namespace scopebench
