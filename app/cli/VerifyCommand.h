#pragma once

#include "cli/Command.h"

namespace scopebench {

// `scopebench verify`: local verification of one JWT access token (RFC 9068) against its
// issuer's JWK Set and, with --policy, the decision the endpoint makes from the verified claims
// (docs/jwt-verification.md).
class VerifyCommand : public Command {
public:
    VerifyCommand();

protected:
    QString description() const override;
    void declare() override;
    Result<int> run() override;

private:
    QCommandLineOption m_tokenFile = placeholder();
    QCommandLineOption m_issuer = placeholder();
    QCommandLineOption m_jwksUrl = placeholder();
    QCommandLineOption m_audience = placeholder();
    QCommandLineOption m_acceptTyp = placeholder();
    QCommandLineOption m_timeout = placeholder();
};

} // namespace scopebench
