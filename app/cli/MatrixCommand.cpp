#include "cli/MatrixCommand.h"

#include "analysis/CoverageMatrix.h"

namespace scopebench {

MatrixCommand::MatrixCommand()
    : Command(QStringLiteral("matrix"),
              QStringLiteral("which token classes may do what (the coverage matrix)")) {}

QString MatrixCommand::description() const {
    return QStringLiteral(
        "The coverage matrix of a policy: for the token classes that matter (no scopes, each "
        "alternative as written, the server x tool unions that reach new operations, the whole "
        "catalogue) against every operation (any request; tools/call of each listed tool), "
        "allow or the exact 403, decided by the same decision as the endpoint. Then the "
        "findings: unreachable tools, scopes that grant nothing, redundant alternatives, each "
        "with the lint id that reports it.\n"
        "Exit status: 0; 2 usage error or a policy file that cannot be loaded.");
}

void MatrixCommand::declare() {
    policyOption();
    formatOption({QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("csv")},
                 QStringLiteral("text (default), json or csv (one row per cell)."));
}

Result<int> MatrixCommand::run() {
    const Result<Policy> policy = loadPolicy();
    if (!policy)
        return policy.error();
    const CoverageMatrix m = CoverageMatrix::compute(policy.value());
    const QByteArray text = format() == QLatin1String("json")  ? m.renderJson()
                            : format() == QLatin1String("csv") ? m.renderCsv()
                                                               : m.renderText();
    out() << QString::fromUtf8(text);
    return Success;
}

} // namespace scopebench
