#include "analysis/PolicyExport.h"

#include "common/OrderedJson.h"
#include "decision/CompiledPolicy.h"

namespace scopebench {

QStringList PolicyExport::formats() {
    return {QStringLiteral("cedar"), QStringLiteral("ts-sdk"), QStringLiteral("prm")};
}

Result<QList<ExportedFile>> PolicyExport::exportAs(const QString &format, const Policy &policy) {
    if (format == QLatin1String("cedar"))
        return cedar(policy);
    if (format == QLatin1String("ts-sdk"))
        return tsSdk(policy);
    if (format == QLatin1String("prm"))
        return protectedResourceMetadata(policy);
    return Error(QStringLiteral("unknown export format \"%1\"; expected one of: %2")
                     .arg(format, formats().join(QStringLiteral(", "))),
                 QStringLiteral("--to"), QStringLiteral("export-format"));
}

QStringList PolicyExport::scopesSupported(const Policy &policy) {
    return policy.publishedScopes();
}

QList<ExportedFile> PolicyExport::protectedResourceMetadata(const Policy &policy) {
    const CompiledPolicy compiled(policy);
    OrderedJson doc = OrderedJson::object();
    doc.insert(QStringLiteral("resource"), OrderedJson::string(compiled.resource()));
    // Without authorizationServers the policy relies on Scopebench's built-in test server, whose
    // address only `serve` knows; the member is left out for the host to fill in.
    if (!policy.authorizationServers.isEmpty()) {
        OrderedJson servers = OrderedJson::array();
        for (const auto &s : policy.authorizationServers)
            servers.append(OrderedJson::string(s));
        doc.insert(QStringLiteral("authorization_servers"), servers);
    }
    const QStringList scopes = scopesSupported(policy);
    if (!scopes.isEmpty()) {
        OrderedJson list = OrderedJson::array();
        for (const auto &s : scopes)
            list.append(OrderedJson::string(s));
        doc.insert(QStringLiteral("scopes_supported"), list);
    }
    OrderedJson methods = OrderedJson::array();
    methods.append(OrderedJson::string(QStringLiteral("header")));
    doc.insert(QStringLiteral("bearer_methods_supported"), methods);
    if (!policy.name.isEmpty())
        doc.insert(QStringLiteral("resource_name"), OrderedJson::string(policy.name));
    return {{QStringLiteral("oauth-protected-resource.json"), doc.serialize()}};
}

} // namespace scopebench
