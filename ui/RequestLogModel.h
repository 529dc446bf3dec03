#pragma once

#include "ServerBackend.h"

#include <QAbstractTableModel>

namespace scopebench {

// The live request log: the newest requests (bounded), coloured by outcome.
class RequestLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Request, RpcMethod, Tool, Token, Principal, Status, Latency, ColumnCount };
    enum Role { OutcomeRole = Qt::UserRole + 1 };

    explicit RequestLogModel(int capacity = 5000, QObject *parent = nullptr);

    void append(const RequestRecord &record);
    void clear();
    const RequestRecord &recordAt(int row) const { return m_records.at(row); }

    static QByteArray toJsonLine(const RequestRecord &record);
    static QByteArray csvHeader();
    static QByteArray toCsvLine(const RequestRecord &record);

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
