#include "observability/RequestRecord.h"

#include "common/Csv.h"

#include <QJsonDocument>

namespace scopebench {

namespace {} // namespace

QJsonObject RequestRecord::toJson() const {
    QJsonObject o;
    o.insert(QStringLiteral("seq"), double(sequence));
    o.insert(QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("method"), method);
    o.insert(QStringLiteral("path"), path);
    o.insert(QStringLiteral("rpc_method"), rpcMethod);
    o.insert(QStringLiteral("tool"), tool);
    o.insert(QStringLiteral("token"), tokenFingerprint);
    o.insert(QStringLiteral("client_id"), clientId);
    o.insert(QStringLiteral("sub"), subject);
    o.insert(QStringLiteral("outcome"), outcome);
    o.insert(QStringLiteral("status"), status);
    o.insert(QStringLiteral("latency_ms"), qRound(latencyMs * 1000) / 1000.0);
    o.insert(QStringLiteral("reason"), reason);
    o.insert(QStringLiteral("era"), era);
    return o;
}

QByteArray RequestRecord::toJsonLine() const {
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray RequestRecord::csvHeader() {
    return QByteArrayLiteral("seq,time,method,path,rpc_method,tool,token,client_id,sub,outcome,"
                             "status,latency_ms,reason,era\r\n");
}

QByteArray RequestRecord::toCsvRow() const {
    const QStringList fields = {QString::number(sequence),
                                time.toUTC().toString(Qt::ISODateWithMs),
                                method,
                                path,
                                rpcMethod,
                                tool,
                                tokenFingerprint,
                                clientId,
                                subject,
                                outcome,
                                QString::number(status),
                                QString::number(latencyMs, 'f', 3),
                                reason,
                                era};
    QByteArray row;
    for (int i = 0; i < fields.size(); ++i) {
        if (i)
            row += ',';
        row += csvField(fields.at(i));
    }
    return row + "\r\n";
}

} // namespace scopebench
