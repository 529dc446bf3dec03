#pragma once

#include <QLabel>

namespace scopebench {

class CompiledPolicy;
struct DecisionReport;

// Under the decision preview's verdict: what a union-client (MCP 2026-07-28, SEP-2350; the TS SDK
// 2.x) and a replace-client (the TS SDK 1.x) will ask the authorization server for next, and
// whether that grant would pass this request (StepUpForecast). Hidden when the decision asks
// for nothing (an allow, a 503, a token still to look up).
class StepUpForecastView : public QLabel {
    Q_OBJECT
public:
    explicit StepUpForecastView(QWidget *parent = nullptr);
    // `tool`: the previewed tools/call, empty for a request without one.
    void showFor(const CompiledPolicy &policy, const QString &tool, const DecisionReport &report);
};

} // namespace scopebench
