#include "RequestLogModel.h"

#include "OutcomeBadge.h"

#include <QColor>
#include <QJsonDocument>
#include <QJsonObject>

namespace scopebench {

RequestLogModel::RequestLogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(qMax(1, capacity)) {}

void RequestLogModel::append(const RequestRecord &record) {
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

QByteArray RequestLogModel::toJsonLine(const RequestRecord &record) {
    QJsonObject object{
        {QStringLiteral("time"), record.time.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("method"), record.method},
        {QStringLiteral("path"), record.path},
        {QStringLiteral("rpcMethod"), record.rpcMethod},
        {QStringLiteral("tool"), record.tool},
        {QStringLiteral("token"), record.fingerprint},
        {QStringLiteral("principal"), record.principal},
        {QStringLiteral("outcome"), Decision::outcomeName(record.outcome)},
        {QStringLiteral("status"), record.status},
        {QStringLiteral("latencyMs"), record.latencyMs},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray RequestLogModel::csvHeader() {
    return QByteArrayLiteral(
        "time,method,path,rpcMethod,tool,token,principal,outcome,status,latencyMs\n");
}

QByteArray RequestLogModel::toCsvLine(const RequestRecord &record) {
    auto field = [](const QString &text) {
        QByteArray utf8 = text.toUtf8();
        if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n')) {
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
                                record.fingerprint,
                                record.principal,
                                Decision::outcomeName(record.outcome),
                                QString::number(record.status),
                                QString::number(record.latencyMs, 'f', 3)};
    QByteArrayList encoded;
    for (const auto &f : fields)
        encoded.append(field(f));
    return encoded.join(',') + '\n';
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
    const RequestRecord &record = m_records.at(index.row());
    if (role == OutcomeRole)
        return int(record.outcome);
    if (role == Qt::BackgroundRole) {
        QColor tint = OutcomeBadge::colorFor(record.outcome);
        tint.setAlpha(48);
        return tint;
    }
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
        return record.fingerprint;
    case Principal:
        return record.principal;
    case Status:
        return QStringLiteral("%1 %2")
            .arg(record.status)
            .arg(Decision::outcomeName(record.outcome));
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
