#pragma once

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace scopebench {

// SIGINT and SIGTERM as a Qt signal, for a command that runs an event loop until stopped. The
// POSIX handler only writes a byte to a socket pair (async-signal-safe); the event loop reads it
// and emits stopRequested(). One instance at a time; the default dispositions come back when it
// is destroyed.
class StopSignals : public QObject {
    Q_OBJECT
public:
    StopSignals();
    ~StopSignals() override;
    // False when the socket pair could not be made: the command cannot be stopped cleanly.
    bool isValid() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void stopRequested();

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace scopebench
