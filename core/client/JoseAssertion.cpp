#include "client/JoseAssertion.h"

#include "jose/Jws.h"
#include "jose/JwsAlgorithm.h"

#include <QFile>
#include <QJsonDocument>

namespace scopebench {

AssertionSettings JoseAssertion::settingsFor(const SigningKey &key) {
    AssertionSettings settings;
    settings.algorithm = jws::algorithmName(key.algorithm());
    settings.keyId = key.kid();
    // Jws::sign refuses a header whose "alg" is not the key's, so a mismatch between the
    // settings and the key cannot produce a mislabelled assertion.
    settings.signer = [key](const QJsonObject &header, const QJsonObject &claims) {
        return Jws::sign(header, QJsonDocument(claims).toJson(QJsonDocument::Compact), key);
    };
    return settings;
}

Result<AssertionSettings> JoseAssertion::fromPemFile(const QString &path,
                                                     const QString &algorithm) {
    const QString where = QStringLiteral("client key");
    // The probe offers the two algorithms every private_key_jwt server is likely to accept.
    const std::optional<JwsAlgorithm> alg = jws::algorithmFromName(algorithm);
    if (!alg || (*alg != JwsAlgorithm::ES256 && *alg != JwsAlgorithm::RS256))
        return Error{QStringLiteral("the client key algorithm must be ES256 or RS256, not \"%1\"")
                         .arg(algorithm),
                     where, QStringLiteral("client-key-alg")};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(path, file.errorString()), where,
                     QStringLiteral("client-key-file")};
    constexpr qint64 MaxPemBytes = 64 * 1024;
    const QByteArray pem = file.read(MaxPemBytes + 1);
    if (pem.size() > MaxPemBytes)
        return Error{QStringLiteral("%1 is larger than a private key can be").arg(path), where,
                     QStringLiteral("client-key-file")};
    Result<SigningKey> key = SigningKey::fromPem(pem, *alg);
    if (!key)
        return key.error();
    return settingsFor(*key);
}

} // namespace scopebench
