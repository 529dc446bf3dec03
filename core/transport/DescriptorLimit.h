#pragma once

#include <QtGlobal>

namespace scopebench {

// Every open connection costs a file descriptor. With the soft RLIMIT_NOFILE below the
// connection cap, accept() fails with EMFILE before the cap is reached, and the listener stays
// readable: the event loop spins answering nobody. So the soft limit is raised to the hard one
// at start, and the cap is kept below what the descriptors allow.

// Raises the soft limit to the hard one (as far as the system allows); returns the soft limit
// in force afterwards, or -1 when it cannot be read.
qint64 raiseDescriptorLimit();

// The connection cap that fits `descriptors`: `reserve` are kept for the rest of the process
// (listeners, the log file, the introspection client's connections, Qt's own). At least 1.
int connectionCapFor(int requested, qint64 descriptors, int reserve = 64);

} // namespace scopebench
