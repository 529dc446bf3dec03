#include "RequestLogModel.h"

#include "OutcomeBadge.h"

#include <QColor>
#include <QTimer>

namespace scopebench {

RequestLogModel::RequestLogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(qMax(1, capacity))
    , m_flushTimer(new QTimer(this)) {
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(FlushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &RequestLogModel::flush);
}

void RequestLogModel::append(const RequestRecord &record) {
    m_pending.append(record);
    if (m_pending.size() > m_capacity)
        m_pending.removeFirst();
    if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void RequestLogModel::flush() {
    m_flushTimer->stop();
    if (m_pending.isEmpty())
        return;
    // One removal of the oldest and one insertion per batch, however many requests arrived.
    const qsizetype overflow = m_records.size() + m_pending.size() - m_capacity;
    if (overflow > 0) {
        const int removed = int(qMin(overflow, m_records.size()));
        if (removed > 0) {
            beginRemoveRows(QModelIndex(), 0, removed - 1);
            m_records.remove(0, removed);
            endRemoveRows();
        }
    }
    const int first = int(m_records.size());
    beginInsertRows(QModelIndex(), first, first + int(m_pending.size()) - 1);
    m_records.append(m_pending);
    endInsertRows();
    m_pending.clear();
}

void RequestLogModel::clear() {
    m_pending.clear();
    m_flushTimer->stop();
    if (m_records.isEmpty())
        return;
    beginResetModel();
    m_records.clear();
    endResetModel();
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
    const RequestRecord &record = m_records.at(index.row());
    if (role == StatusRole)
        return record.status;
    if (role == Qt::BackgroundRole) {
        QColor tint = statusColor(record.status);
        tint.setAlpha(56);
        return tint;
    }
    // The protocol era on the JSON-RPC method's tooltip (docs/endpoint.md, "Two eras").
    if (role == Qt::ToolTipRole && index.column() == RpcMethod && !record.era.isEmpty())
        return record.era == QLatin1String("modern")
                   ? QStringLiteral("Protocol 2026-07-28 (modern: no session)")
                   : QStringLiteral("Protocol 2025-11-25 or earlier (legacy: initialize, session)");
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
