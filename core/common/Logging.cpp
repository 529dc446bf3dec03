#include "common/Logging.h"

Q_LOGGING_CATEGORY(lcPolicy, "scopebench.policy", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDecision, "scopebench.decision", QtInfoMsg)
Q_LOGGING_CATEGORY(lcIntrospection, "scopebench.introspection", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuthServer, "scopebench.authserver", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTransport, "scopebench.transport", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMcp, "scopebench.mcp", QtInfoMsg)
