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
    QCommandLineOption m_tokenFile{QString()};
    QCommandLineOption m_issuer{QString()};
    QCommandLineOption m_jwksUrl{QString()};
    QCommandLineOption m_audience{QString()};
    QCommandLineOption m_acceptTyp{QString()};
    QCommandLineOption m_timeout{QString()};
};

} // namespace scopebench
