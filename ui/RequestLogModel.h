#pragma once

#include "ServerBackend.h"

#include <QAbstractTableModel>
#include <QColor>

namespace scopebench {

// The live request log: the newest requests (bounded), coloured by outcome.
class RequestLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Status, Request, RpcMethod, Tool, Token, Principal, Latency, ColumnCount };
    enum Role { StatusRole = Qt::UserRole + 1 };

    // The badge's colours, by status: 2xx green, 400/401 amber, 403 red, 503 grey.
    static QColor statusColor(int status);

    explicit RequestLogModel(int capacity = 5000, QObject *parent = nullptr);

    void append(const RequestRecord &record);
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
};

} // namespace scopebench
