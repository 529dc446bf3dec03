#include "jose/JwsAlgorithm.h"

namespace scopebench::jws {

QString algorithmName(JwsAlgorithm alg) {
    switch (alg) {
    case JwsAlgorithm::RS256:
        return QStringLiteral("RS256");
    case JwsAlgorithm::RS384:
        return QStringLiteral("RS384");
    case JwsAlgorithm::RS512:
        return QStringLiteral("RS512");
    case JwsAlgorithm::PS256:
        return QStringLiteral("PS256");
    case JwsAlgorithm::PS384:
        return QStringLiteral("PS384");
    case JwsAlgorithm::PS512:
        return QStringLiteral("PS512");
    case JwsAlgorithm::ES256:
        return QStringLiteral("ES256");
    case JwsAlgorithm::ES384:
        return QStringLiteral("ES384");
    case JwsAlgorithm::ES512:
        return QStringLiteral("ES512");
    case JwsAlgorithm::EdDSA:
        return QStringLiteral("EdDSA");
    }
    return QString();
}

QList<JwsAlgorithm> allAlgorithms() {
    return {JwsAlgorithm::RS256, JwsAlgorithm::RS384, JwsAlgorithm::RS512, JwsAlgorithm::PS256,
            JwsAlgorithm::PS384, JwsAlgorithm::PS512, JwsAlgorithm::ES256, JwsAlgorithm::ES384,
            JwsAlgorithm::ES512, JwsAlgorithm::EdDSA};
}

std::optional<JwsAlgorithm> algorithmFromName(const QString &name) {
    // Exact, case-sensitive: "rs256" is not an algorithm name (RFC 7515 §4.1.1).
    for (const JwsAlgorithm alg : allAlgorithms()) {
        if (algorithmName(alg) == name)
            return alg;
    }
    return std::nullopt;
}

KeyFamily keyFamily(JwsAlgorithm alg) {
    switch (alg) {
    case JwsAlgorithm::ES256:
    case JwsAlgorithm::ES384:
    case JwsAlgorithm::ES512:
        return KeyFamily::Ec;
    case JwsAlgorithm::EdDSA:
        return KeyFamily::Okp;
    default:
        return KeyFamily::Rsa;
    }
}

QString keyType(JwsAlgorithm alg) {
    switch (keyFamily(alg)) {
    case KeyFamily::Rsa:
        return QStringLiteral("RSA");
    case KeyFamily::Ec:
        return QStringLiteral("EC");
    case KeyFamily::Okp:
        return QStringLiteral("OKP");
    }
    return QString();
}

QString curve(JwsAlgorithm alg) {
    switch (alg) {
    case JwsAlgorithm::ES256:
        return QStringLiteral("P-256");
    case JwsAlgorithm::ES384:
        return QStringLiteral("P-384");
    case JwsAlgorithm::ES512:
        return QStringLiteral("P-521");
    case JwsAlgorithm::EdDSA:
        return QStringLiteral("Ed25519");
    default:
        return QString();
    }
}

const char *digestName(JwsAlgorithm alg) {
    switch (alg) {
    case JwsAlgorithm::RS256:
    case JwsAlgorithm::PS256:
    case JwsAlgorithm::ES256:
        return "SHA256";
    case JwsAlgorithm::RS384:
    case JwsAlgorithm::PS384:
    case JwsAlgorithm::ES384:
        return "SHA384";
    case JwsAlgorithm::RS512:
    case JwsAlgorithm::PS512:
    case JwsAlgorithm::ES512:
        return "SHA512";
    case JwsAlgorithm::EdDSA:
        return nullptr;
    }
    return nullptr;
}

int ecCoordinateBytes(JwsAlgorithm alg) {
    switch (alg) {
    case JwsAlgorithm::ES256:
        return 32;
    case JwsAlgorithm::ES384:
        return 48;
    case JwsAlgorithm::ES512:
        return 66;
    default:
        return 0;
    }
}

} // namespace scopebench::jws
