#include "DecisionPreview.h"
#include "PolicyDocument.h"
#include "TokenInput.h"

#include <QLabel>
#include <QTest>

using namespace scopebench;

// The decision preview says what a union-client and a replace-client ask for next.
class tst_UiStepUpForecast : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsBothClients() {
        PolicyDocument document;
        document.openExample();
        Policy closest = document.policy();
        closest.challenge.scopeHint = ScopeHint::Closest;
        document.replacePolicy(closest);
        DecisionPreview preview(&document);
        TokenInput token;
        token.simulated.scopes = {QStringLiteral("user:read")};
        preview.setToken(token);
        preview.setTool(QStringLiteral("create_entry"));
        preview.flush();
        auto *forecast = preview.findChild<QLabel *>(QStringLiteral("stepUpForecast"));
        QVERIFY(forecast);
        QCOMPARE(preview.report().decision.status(), 403);
        QVERIFY(!forecast->isHidden());
        const QString text = forecast->text();
        QVERIFY2(text.contains(QStringLiteral("union client (2026-07-28, SDK 2.x): user:read "
                                              "entries:write \u2192 passes")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("replace client (SDK 1.x): entries:write \u2192 "
                                              "passes")),
                 qPrintable(text));

        // An allowed request asks for nothing more.
        preview.setTool(QStringLiteral("whoami"));
        preview.flush();
        QCOMPARE(preview.report().decision.status(), 200);
        QVERIFY(forecast->isHidden());
    }
};

QTEST_MAIN(tst_UiStepUpForecast)
#include "tst_ui_stepupforecast.moc"
