#pragma once

#include <QLoggingCategory>

// One logging category per core area, so an operator can turn on one area's debug output with
// QT_LOGGING_RULES="scopebench.introspection.debug=true". Warnings are on by default, debug off.
// Nothing logged here ever carries a token, a code or a secret: a token appears only as its
// tokenFingerprint().
Q_DECLARE_LOGGING_CATEGORY(lcPolicy)
Q_DECLARE_LOGGING_CATEGORY(lcDecision)
Q_DECLARE_LOGGING_CATEGORY(lcIntrospection)
Q_DECLARE_LOGGING_CATEGORY(lcAuthServer)
Q_DECLARE_LOGGING_CATEGORY(lcTransport)
Q_DECLARE_LOGGING_CATEGORY(lcMcp)
