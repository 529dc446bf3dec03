#include "cli/ExportCommand.h"

#include "analysis/PolicyExport.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace scopebench {

ExportCommand::ExportCommand()
    : Command(QStringLiteral("export"),
              QStringLiteral("the policy for Cedar, the MCP TypeScript SDK, or as metadata")) {}

QString ExportCommand::description() const {
    return QStringLiteral(
        "Translate the policy for another engine (docs/analysis-and-export.md): cedar "
        "(policy.cedar, schema.cedarschema), ts-sdk (scopebench-scopes.mjs for "
        "@modelcontextprotocol/server 2.x) or prm (oauth-protected-resource.json, the RFC 9728 "
        "metadata to publish). Token validation, expiry and audience stay with the host.\n"
        "Each file is written whole or not at all. A file that exists already is left alone "
        "unless --force is given, so an export never replaces a hand-edited file by surprise; "
        "then nothing is written. Prints each file written.\n"
        "Exit status: 0 written; 2 usage error, a policy file that cannot be loaded, a file "
        "that exists (without --force) or cannot be written.");
}

void ExportCommand::declare() {
    m_to = option(QStringLiteral("to"),
                  QStringLiteral("What to export: %1.").arg(choices(PolicyExport::formats())),
                  QStringLiteral("FORMAT"));
    policyOption();
    m_out = option(QStringLiteral("out"),
                   QStringLiteral("The directory to write to (made when missing)."),
                   QStringLiteral("DIR"));
    m_force = option(QStringLiteral("force"), QStringLiteral("Replace files that exist."));
}

Result<int> ExportCommand::run() {
    if (!isSet(*m_to))
        return usage(QStringLiteral("--to is required: %1").arg(choices(PolicyExport::formats())));
    if (!PolicyExport::formats().contains(value(*m_to)))
        return usage(QStringLiteral("--to must be %1, not \"%2\"")
                         .arg(choices(PolicyExport::formats()), value(*m_to)));
    const QString outDir = value(*m_out);
    if (outDir.isEmpty())
        return usage(QStringLiteral("--out DIR is required"));
    const Result<Policy> policy = loadPolicy();
    if (!policy)
        return policy.error();
    const Result<QList<ExportedFile>> files = PolicyExport::exportAs(value(*m_to), policy.value());
    if (!files)
        return files.error();

    const QDir dir(outDir);
    if (!dir.mkpath(QStringLiteral(".")))
        return Error{QStringLiteral("cannot make the directory"), outDir};
    // Every refusal before the first write, so an export is not left half done.
    if (!isSet(*m_force)) {
        for (const auto &f : files.value()) {
            const QString path = dir.filePath(f.name);
            if (QFileInfo::exists(path))
                return Error{QStringLiteral("exists; pass --force to replace it"), path};
        }
    }
    for (const auto &f : files.value()) {
        const QString path = dir.filePath(f.name);
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(f.bytes) != f.bytes.size() ||
            !file.commit())
            return Error{QStringLiteral("cannot write: %1").arg(file.errorString()), path};
        out() << "wrote " << oneLine(path) << " (" << f.bytes.size() << " bytes)\n";
    }
    return Success;
}

} // namespace scopebench
