#include "cli/DiffCommand.h"

#include "analysis/AccessDiff.h"
#include "policy/PolicyFile.h"

namespace scopebench {

DiffCommand::DiffCommand()
    : Command(QStringLiteral("diff"),
              QStringLiteral("what access an edit of a policy widens or narrows")) {}

QString DiffCommand::description() const {
    return QStringLiteral(
        "The access diff between two policy files: for every operation, each minimal token "
        "that gains access (widened) or loses it (narrowed), computed exactly. Two policies "
        "that grant the same access diff as identical however they are written.\n"
        "Exit status: 0 identical access; 1 access only narrowed; 3 some access widened (a "
        "search that hit its bound counts as widened); 2 usage error or a file that cannot be "
        "loaded.");
}

void DiffCommand::declare() {
    positionalArgument(QStringLiteral("OLD.json"), QStringLiteral("The policy before the edit."));
    positionalArgument(QStringLiteral("NEW.json"), QStringLiteral("The policy after the edit."));
    formatOption({QStringLiteral("text"), QStringLiteral("json")},
                 QStringLiteral("text (default) or json."));
}

Result<int> DiffCommand::run() {
    const QStringList files = positionalArguments();
    const Result<Policy> oldPolicy = PolicyFile::load(files.at(0));
    if (!oldPolicy)
        return oldPolicy.error();
    const Result<Policy> newPolicy = PolicyFile::load(files.at(1));
    if (!newPolicy)
        return newPolicy.error();
    const AccessDiff diff = AccessDiff::compute(oldPolicy.value(), newPolicy.value());
    out() << QString::fromUtf8(format() == QLatin1String("json") ? diff.renderJson()
                                                                 : diff.renderText());
    switch (diff.verdict()) {
    case AccessDiff::Verdict::Identical:
        return int(Identical);
    case AccessDiff::Verdict::NarrowedOnly:
        return int(NarrowedOnly);
    case AccessDiff::Verdict::Widened:
        break;
    }
    return int(Widened);
}

} // namespace scopebench
