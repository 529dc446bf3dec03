#pragma once

#include "ServerBackend.h"

#include <QAbstractTableModel>
#include <QColor>

class QTimer;

namespace scopebench {

// The live request log: the newest requests (bounded), coloured by status.
class RequestLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Status, Request, RpcMethod, Tool, Token, Principal, Latency, ColumnCount };
    enum Role { StatusRole = Qt::UserRole + 1 };

    // The badge's colours, by status: 2xx green, 400/401 amber, 403 red, 503 grey.
    static QColor statusColor(int status);

    explicit RequestLogModel(int capacity = 5000, QObject *parent = nullptr);

    // Rows arrive in batches, at most FlushIntervalMs late, so a burst of requests costs the view
    // one insertion rather than one per request.
    static constexpr int FlushIntervalMs = 100;
    void append(const RequestRecord &record);
    // Shows what has arrived now.
    void flush();
    void clear();
    const RequestRecord &recordAt(int row) const { return m_records.at(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    int m_capacity;
    QList<RequestRecord> m_records;
    QList<RequestRecord> m_pending;
    QTimer *m_flushTimer;
};

} // namespace scopebench
