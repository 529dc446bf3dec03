#pragma once

#include "client/McpOAuthClient.h"
#include "common/Result.h"
#include "policy/Policy.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <memory>

namespace scopebench {

// One row of the conformance matrix: what token the case holds (docs/probe.md, "Conformance").
struct ConformanceCase {
    enum class Kind { NoToken, NoScopes, Exact, OneRemoved, Catalogue };
    Kind kind = Kind::Exact;
    QString id;         // stable: "no-token", "no-scopes", "exact:a+b", "minus:a+b", "catalogue"
    QString label;      // what the case is, for people
    QStringList scopes; // asked for exactly
    static QString kindName(Kind kind);
};

// One column: a JSON-RPC request the server answers. The server level is tools/list.
struct ConformanceOperation {
    QString id;     // "tools/list" or "tools/call NAME"
    QString method; // tools/list, tools/call
    QString tool;   // for tools/call
};

// One answer as the comparison sees it: the status, and for a refusal the Bearer challenge.
struct ConformanceAnswer {
    int status = 0;
    bool allowed = false;
    QString error;
    QStringList scope; // sorted
    bool resourceMetadata = false;
    QString description;
    QString text; // the lines shown side by side (status, the challenge's parts)
    QJsonObject toJson() const;
};

struct ConformanceCell {
    int caseIndex = 0;
    int operationIndex = 0;
    QStringList requested;
    QStringList granted;
    bool grantDiffers = false; // the prediction used what was granted (the report says so)
    bool ran = false;          // false: no token could be obtained or nothing was sent
    QString failure;           // why it did not run
    ConformanceAnswer predicted;
    ConformanceAnswer observed;
    bool match = false;
    QStringList differences; // status, error, scope, resource_metadata
    QStringList notes;       // information: a different description, an argument error
    int firstExchange = 0;   // the cell's part of the transcript: [firstExchange, endExchange)
    int endExchange = 0;
    QJsonObject toJson() const;
};

struct ConformanceSettings {
    McpClientSettings client;              // how to connect; its `scopes` is ignored
    QHash<QString, QJsonObject> arguments; // per tool; missing: {}
    bool includeCatalogueCase = true;
};

// The result of a run: the matrix, the findings (tools/list filtering, the client's findings).
struct ConformanceReport {
    QString server;
    QString resource;
    QList<ConformanceCase> cases;
    QList<ConformanceOperation> operations;
    QList<ConformanceCell> cells; // case-major
    QList<Finding> findings;
    QString stopped; // non-empty: the run could not start (discovery failed, ...)
    const ConformanceCell *cell(int caseIndex, int operationIndex) const;
    int mismatches() const;
    int notRun() const;
    bool allMatch() const { return stopped.isEmpty() && mismatches() == 0 && notRun() == 0; }
    QJsonObject toJson(const Transcript *transcript = nullptr) const;
    QString toText() const;     // the matrix, the mismatches, the findings
    QByteArray toJUnit() const; // one testcase per cell
};

// Runs the cases of a policy against a real server (docs/probe.md): for each case a token with
// exactly its scopes, each operation sent once with it, the answer predicted by the one Decider
// (DecisionReport::simulate) with the scopes actually granted, and compared.
class ConformanceRun : public QObject {
    Q_OBJECT
public:
    ConformanceRun(ConformanceSettings settings, const Policy &policy,
                   std::unique_ptr<Authorizer> authorizer, QObject *parent = nullptr);
    ~ConformanceRun() override;

    // The cases and operations a policy gives (pure; the tests and the panel use it too).
    static QList<ConformanceCase> casesFor(const Policy &policy, bool catalogue = true);
    static QList<ConformanceOperation> operationsFor(const Policy &policy);
    // The answer as the comparison reads it from a status and headers.
    static ConformanceAnswer answerOf(int status, const HttpHeaders &headers, bool jsonRpcError);
    // Fills match/differences/notes of `cell` from predicted and observed.
    static void compare(ConformanceCell *cell);

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    const ConformanceReport &report() const { return m_report; }
    const Transcript &transcript() const { return m_client->transcript(); }

Q_SIGNALS:
    void progress(int done, int total);
    void finished();

private:
    void runCase(int caseIndex);
    void runOperation(int caseIndex, int operationIndex, const TokenSet &token);
    void finish(const QString &stopped = QString());
    ConformanceAnswer predict(const ConformanceOperation &operation, bool withToken,
                              const QStringList &granted) const;
    void checkListFiltering(int caseIndex, const McpResponse &response, const QStringList &granted);

    ConformanceSettings m_settings;
    Policy m_policy;
    McpOAuthClient *m_client;
    ConformanceReport m_report;
    bool m_running = false;
    bool m_cancelled = false;
    int m_done = 0;
};

} // namespace scopebench
