#include "transport/DescriptorLimit.h"

#include <limits>

#include <sys/resource.h>

namespace scopebench {

qint64 raiseDescriptorLimit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur != limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    if (limit.rlim_cur == RLIM_INFINITY)
        return std::numeric_limits<qint64>::max();
    return qint64(limit.rlim_cur);
}

int connectionCapFor(int requested, qint64 descriptors, int reserve) {
    if (descriptors < 0)
        return qMax(1, requested);
    return int(qBound(qint64(1), descriptors - reserve, qint64(qMax(1, requested))));
}

} // namespace scopebench
