#include "StepUpForecastView.h"

#include "decision/DecisionReport.h"
#include "decision/StepUpForecast.h"

namespace scopebench {

StepUpForecastView::StepUpForecastView(QWidget *parent)
    : QLabel(parent) {
    setObjectName(QStringLiteral("stepUpForecast"));
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setTextFormat(Qt::PlainText);
    hide();
}

void StepUpForecastView::showFor(const CompiledPolicy &policy, const QString &tool,
                                 const DecisionReport &report) {
    RequestFacts request;
    request.method = QByteArrayLiteral("POST");
    if (!tool.isEmpty()) {
        request.rpcMethod = QStringLiteral("tools/call");
        request.toolName = tool;
    }
    // What the client asked for before is, as far as the preview knows, what the token holds.
    const StepUpForecast f =
        StepUpForecast::forecast(policy, request, report.decision, report.grantedScopes);
    setVisible(f.asksAgain);
    if (!f.asksAgain) {
        clear();
        return;
    }
    const auto scopes = [this](const QStringList &list) {
        return list.isEmpty() ? tr("(no scope)") : list.join(u' ');
    };
    const auto verdict = [this](bool passes) {
        return passes ? tr("passes") : tr("still refused");
    };
    setText(tr("Next authorization request (%1):\n"
               "  union client (2026-07-28, SDK 2.x): %2 \u2192 %3\n"
               "  replace client (SDK 1.x): %4 \u2192 %5")
                .arg(f.fromChallenge ? tr("from the challenge") : tr("from scopes_supported"),
                     scopes(f.unionClient), verdict(f.unionPasses), scopes(f.replaceClient),
                     verdict(f.replacePasses)));
}

} // namespace scopebench
