#include "RequestLogModel.h"

#include "OutcomeBadge.h"

#include <QColor>
#include <QJsonDocument>
#include <QJsonObject>

namespace scopebench {

RequestLogModel::RequestLogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(qMax(1, capacity)) {}

void RequestLogModel::append(const LoggedRequest &record) {
    if (m_records.size() >= m_capacity) {
        beginRemoveRows(QModelIndex(), 0, 0);
        m_records.removeFirst();
        endRemoveRows();
    }
    const int row = int(m_records.size());
    beginInsertRows(QModelIndex(), row, row);
    m_records.append(record);
    endInsertRows();
}

void RequestLogModel::clear() {
    if (m_records.isEmpty())
        return;
    beginResetModel();
    m_records.clear();
    endResetModel();
}

QByteArray RequestLogModel::toJsonLine(const LoggedRequest &record) {
    QJsonObject object{
        {QStringLiteral("time"), record.time.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("method"), record.method},
        {QStringLiteral("path"), record.path},
        {QStringLiteral("rpcMethod"), record.rpcMethod},
        {QStringLiteral("tool"), record.tool},
        {QStringLiteral("tokenFingerprint"), record.tokenFingerprint},
        {QStringLiteral("clientId"), record.clientId},
        {QStringLiteral("subject"), record.subject},
        {QStringLiteral("outcome"), record.outcome},
        {QStringLiteral("status"), record.status},
        {QStringLiteral("latencyMs"), record.latencyMs},
        {QStringLiteral("reason"), record.reason},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray RequestLogModel::csvHeader() {
    return QByteArrayLiteral(
        "time,method,path,rpcMethod,tool,tokenFingerprint,clientId,subject,outcome,status,"
        "latencyMs,reason\r\n");
}

QByteArray RequestLogModel::toCsvLine(const LoggedRequest &record) {
    auto field = [](const QString &text) {
        QByteArray utf8 = text.toUtf8();
        if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') ||
            utf8.contains('\r')) {
            utf8.replace('"', QByteArrayLiteral("\"\""));
            utf8 = '"' + utf8 + '"';
        }
        return utf8;
    };
    const QStringList fields = {record.time.toUTC().toString(Qt::ISODateWithMs),
                                record.method,
                                record.path,
                                record.rpcMethod,
                                record.tool,
                                record.tokenFingerprint,
                                record.clientId,
                                record.subject,
                                record.outcome,
                                QString::number(record.status),
                                QString::number(record.latencyMs, 'f', 3),
                                record.reason};
    QByteArrayList encoded;
    for (const auto &f : fields)
        encoded.append(field(f));
    return encoded.join(',') + QByteArrayLiteral("\r\n");
}

QColor RequestLogModel::statusColor(int status) {
    if (status >= 200 && status < 300)
        return OutcomeBadge::colorFor(Outcome::Allow);
    switch (status) {
    case 400:
    case 401:
        return OutcomeBadge::colorFor(Outcome::Unauthorized);
    case 403:
        return OutcomeBadge::colorFor(Outcome::Forbidden);
    case 503:
        return OutcomeBadge::colorFor(Outcome::Unavailable);
    default:
        return QColor(0xad, 0xb5, 0xbd);
    }
}

int RequestLogModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_records.size());
}

int RequestLogModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const LoggedRequest &record = m_records.at(index.row());
    if (role == StatusRole)
        return record.status;
    if (role == Qt::BackgroundRole) {
        QColor tint = statusColor(record.status);
        tint.setAlpha(56);
        return tint;
    }
    if (role == Qt::ToolTipRole && !record.reason.isEmpty())
        return record.reason;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return QVariant();
    switch (index.column()) {
    case Time:
        return record.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case Request:
        return QString(record.method + u' ' + record.path);
    case RpcMethod:
        return record.rpcMethod;
    case Tool:
        return record.tool;
    case Token:
        return record.tokenFingerprint;
    case Principal:
        return record.subject.isEmpty() || record.subject == record.clientId
                   ? record.clientId
                   : QString(record.clientId + QStringLiteral(" / ") + record.subject);
    case Status:
        return QStringLiteral("%1 %2").arg(record.status).arg(record.outcome);
    case Latency:
        return QString::number(record.latencyMs, 'f', 2);
    }
    return QVariant();
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case Request:
        return tr("Request");
    case RpcMethod:
        return tr("JSON-RPC");
    case Tool:
        return tr("Tool");
    case Token:
        return tr("Token");
    case Principal:
        return tr("Client / sub");
    case Status:
        return tr("Outcome");
    case Latency:
        return tr("ms");
    }
    return QVariant();
}

} // namespace scopebench
