#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace scopebench {

// What is known of a token: from RFC 7662 introspection, or simulated by the operator.
struct TokenFacts {
    bool active = false;
    QStringList scopes; // the granted scopes, as listed by the "scope" string
    QString clientId;
    QString username;
    QString tokenType;
    std::optional<qint64> exp; // seconds since the epoch
    std::optional<qint64> iat;
    std::optional<qint64> nbf;
    QString sub;
    QStringList aud; // a string audience becomes a one-element list
    bool audPresent = false;
    QString iss;
    QString jti;
    QJsonObject raw; // the whole response, for display (other members included)

    // The facts as JSON ("scopes" as an array, "aud" when present) and as aligned text lines
    // with times in ISO 8601 and the names of members not understood, for the doors to print.
    QJsonObject toJson() const;
    QString toText() const;
};

// What the decision knows of the token when it is asked.
struct TokenKnowledge {
    enum class State {
        NotLookedUp,         // steps 1-4 run; a valid token yields Outcome::NeedsIntrospection
        IntrospectionFailed, // step 5 fails: 503
        Known,               // steps 6-11 run on `facts`
        Refused              // local verification (a JWT's signature, issuer, ...) refused the
                             // token: step 6 fails with 401 invalid_token, naming `refusedCheck`
    };
    State state = State::NotLookedUp;
    TokenFacts facts;
    QString failure;      // with IntrospectionFailed or Refused: why (no token in it)
    QString refusedCheck; // with Refused: the stable id of the check that failed ("signature")

    static TokenKnowledge notLookedUp() { return {}; }
    static TokenKnowledge failed(const QString &why) {
        TokenKnowledge k;
        k.state = State::IntrospectionFailed;
        k.failure = why;
        return k;
    }
    static TokenKnowledge refused(const QString &check, const QString &why) {
        TokenKnowledge k;
        k.state = State::Refused;
        k.refusedCheck = check;
        k.failure = why;
        return k;
    }
    static TokenKnowledge known(const TokenFacts &facts) {
        TokenKnowledge k;
        k.state = State::Known;
        k.facts = facts;
        return k;
    }
};

} // namespace scopebench
