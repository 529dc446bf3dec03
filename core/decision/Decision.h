#pragma once

#include "http/HttpResponse.h"
#include "policy/ScopeSets.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace scopebench {

enum class Outcome {
    Allow,
    BadRequest,         // 400
    Unauthorized,       // 401
    Forbidden,          // 403
    Unavailable,        // 503: introspection failed
    NeedsIntrospection, // steps 1-4 passed and the token has not been looked up yet
};

// The checks of docs/decision.md, in the order they run.
enum class Check {
    QueryToken,    // 1. no access_token in the query
    Credentials,   // 2. an Authorization header with the Bearer scheme
    HeaderSyntax,  // 3. one Authorization value, with a token
    TokenSyntax,   // 4. b64token
    Introspection, // 5. introspection answered
    Active,        // 6. active
    Lifetime,      // 7. nbf / exp
    Audience,      // 8. aud names this resource
    ServerScopes,  // 9. a server-level combination is met
    ToolScopes,    // 10. the tool's combination is met
};

enum class Verdict { Passed, Failed, NotReached, NotApplicable };

struct TraceStep {
    Check check;
    Verdict verdict;
    QString detail; // why, in a sentence; empty when there is nothing to add

    static QString checkName(Check check);
    static QString verdictName(Verdict verdict);
};

// The alternative of one level (server or tool) a decision rests on: the first one the token
// meets, or on a 403 the closest one, which the challenge's scope hint names
// (docs/decision.md, "Which alternative"). `index` is into that level's combinations as written.
struct AlternativeMatch {
    int index = -1; // -1: the level has no alternatives, or the checks did not reach it
    bool met = false;

    bool operator==(const AlternativeMatch &o) const { return index == o.index && met == o.met; }
    bool operator!=(const AlternativeMatch &o) const { return !(*this == o); }
};

// One row of "what is missing" for the preview: an alternative and what it lacks.
struct Decision {
    Outcome outcome = Outcome::Allow;
    HttpResponse response; // status 200 with no headers for Allow
    QList<TraceStep> trace;
    QString bearerToken; // the token taken from the header; never log it (see tokenFingerprint)
    QString errorCode;   // "invalid_token", "insufficient_scope", ... ; empty otherwise
    QString reason;      // one sentence for logs and the preview
    // Set when the scope checks (9, 10) ran: which alternative met each level, or was closest.
    AlternativeMatch serverAlternative;
    AlternativeMatch toolAlternative; // of the tool's own entry, on a tools/call

    int status() const { return response.status; }
    static QString outcomeName(Outcome outcome);
};

} // namespace scopebench
