#include "cli/LintCommand.h"

#include "policy/PolicyFile.h"
#include "policy/PolicyLinter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace scopebench {

LintCommand::LintCommand()
    : Command(QStringLiteral("lint"), QStringLiteral("review a policy file")) {}

QString LintCommand::description() const {
    return QStringLiteral(
        "Review a policy: scope grammar, scopes missing from the catalog, duplicate and redundant "
        "combinations (as written and through implies), empty ones, omnibus scopes, "
        "offline_access, "
        "cycles in implies, the resource URI, and the MCP specification's common mistakes "
        "(scopes_supported or a challenge listing the whole catalogue, a challenge without scope, "
        "unreachable tools, scopes that grant nothing).\n"
        "Exit status: 0 no errors (warnings allowed); 1 errors, including a policy file that "
        "cannot be loaded, reported as one error finding (file-unreadable, file-invalid-json, "
        "file-invalid or file-too-large; scopebench check exits with 2 on such a file, having "
        "nothing to decide with); 2 usage error.");
}

void LintCommand::declare() {
    policyOption();
    formatOption({QStringLiteral("text"), QStringLiteral("json")},
                 QStringLiteral("text (default) or json."));
}

Result<int> LintCommand::run() {
    const QString file = policyFile();
    const Result<Policy> loaded = loadPolicy();
    QList<LintFinding> findings;
    if (!loaded) {
        LintFinding f;
        f.id = loaded.error().id.isEmpty() ? QStringLiteral("file-invalid") : loaded.error().id;
        f.severity = Severity::Error;
        f.message = loaded.error().message;
        f.location.jsonPath = loaded.error().where;
        findings.append(f);
    } else {
        findings = PolicyLinter::lint(loaded.value());
    }

    if (format() == QLatin1String("json")) {
        QJsonArray arr;
        for (const auto &f : findings) {
            QJsonObject o;
            o.insert(QStringLiteral("id"), f.id);
            o.insert(QStringLiteral("severity"), LintFinding::severityName(f.severity));
            o.insert(QStringLiteral("message"), f.message);
            o.insert(QStringLiteral("where"), f.location.jsonPath);
            // What the app's editor uses to mark the row and cell; null where it does not apply.
            const PolicyLocation &l = f.location;
            o.insert(QStringLiteral("area"), PolicyLocation::areaName(l.area));
            o.insert(QStringLiteral("tool"), l.tool.isEmpty() ? QJsonValue() : QJsonValue(l.tool));
            o.insert(QStringLiteral("combination"),
                     l.combination < 0 ? QJsonValue() : QJsonValue(l.combination));
            o.insert(QStringLiteral("scope"),
                     l.scope.isEmpty() ? QJsonValue() : QJsonValue(l.scope));
            o.insert(QStringLiteral("rationale"),
                     f.rationale.isEmpty() ? QJsonValue() : QJsonValue(f.rationale));
            // The fix as data (PolicyLinter::applyFix); null when there is none.
            QJsonValue fix;
            if (f.fix.action != LintFix::Action::None) {
                fix = QJsonObject{
                    {QStringLiteral("action"), LintFix::actionName(f.fix.action)},
                    {QStringLiteral("summary"), f.fix.summary},
                    {QStringLiteral("scopes"), QJsonArray::fromStringList(f.fix.scopes)},
                    {QStringLiteral("value"),
                     f.fix.value.isEmpty() ? QJsonValue() : QJsonValue(f.fix.value)}};
            }
            o.insert(QStringLiteral("fix"), fix);
            arr.append(o);
        }
        QJsonObject root;
        root.insert(QStringLiteral("policy"), file.isEmpty() ? PolicyFile::bundledExample() : file);
        root.insert(QStringLiteral("findings"), arr);
        out() << QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
    } else {
        for (const auto &f : findings)
            out() << oneLine(f.location.jsonPath) << ": " << LintFinding::severityName(f.severity)
                  << " [" << f.id << "] " << oneLine(f.message) << '\n';
        int errors = 0;
        for (const auto &f : findings)
            errors += f.severity == Severity::Error ? 1 : 0;
        out() << findings.size() << (findings.size() == 1 ? " finding" : " findings") << ", "
              << errors << (errors == 1 ? " error" : " errors") << '\n';
    }
    return PolicyLinter::hasErrors(findings) ? Failure : Success;
}

} // namespace scopebench
