#pragma once

#include <QString>
#include <QStringList>

namespace scopebench::RequestRules {

// The URI becomes the Location header: a control character or a space in it could end the
// header and start another (response splitting).
bool isHeaderSafe(const QString &uri);
// Empty when the URI may be a redirect URI or an RFC 8707 resource: absolute, no fragment,
// header-safe; else why not.
QString absoluteUriProblem(const QString &uri);
// Empty when every scope is a scope token (RFC 6749 §3.3) of `catalog`; else the first problem.
QString scopeProblem(const QStringList &scopes, const QStringList &catalog);

} // namespace scopebench::RequestRules
