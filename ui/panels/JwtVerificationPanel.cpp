#include "JwtVerificationPanel.h"

#include "PolicyDocument.h"
#include "TokenVerifier.h"
#include "common/TimeText.h"
#include "decision/CompiledPolicy.h"
#include "jose/JwtDecoder.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace scopebench {

namespace {

QString jsonLines(const QJsonObject &object, qint64 now) {
    QStringList lines{QStringLiteral("{")};
    const QStringList keys = object.keys();
    for (int i = 0; i < keys.size(); ++i) {
        const QString &key = keys.at(i);
        const QJsonValue value = object.value(key);
        QString text =
            value.isObject() || value.isArray()
                ? QString::fromUtf8(
                      value.isObject()
                          ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
                          : QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact))
                : QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
                      .mid(1)
                      .chopped(1);
        QString line = QStringLiteral("  \"%1\": %2%3")
                           .arg(key, text, i + 1 < keys.size() ? QStringLiteral(",") : QString());
        if (TimeText::isTimeClaim(key) && value.isDouble())
            line +=
                QStringLiteral("   // ") + TimeText::withRelative(qint64(value.toDouble()), now);
        lines << line;
    }
    lines << QStringLiteral("}");
    return lines.join(u'\n');
}

} // namespace

JwtVerificationPanel::JwtVerificationPanel(PolicyDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    m_issuer = new QLineEdit(this);
    m_issuer->setObjectName(QStringLiteral("jwtIssuer"));
    m_issuer->setPlaceholderText(tr("trusted issuer, e.g. https://auth.example.com"));
    m_issuer->setToolTip(tr("The token's iss must equal it exactly; its keys are found through "
                            "its metadata. Filled in when the policy lists the token's issuer."));
    m_acceptTyp = new QCheckBox(tr("typ JWT"), this);
    m_acceptTyp->setObjectName(QStringLiteral("jwtAcceptTyp"));
    m_acceptTyp->setToolTip(tr("Also accept typ JWT: RFC 9068 wants at+jwt, some issuers "
                               "(Keycloak) send JWT"));
    m_verify = new QPushButton(tr("Verify"), this);
    m_verify->setObjectName(QStringLiteral("jwtVerifyButton"));
    // Two short rows: the token panel is a narrow dock.
    row->addWidget(m_issuer, 1);
    row->addWidget(m_verify);
    layout->addLayout(row);
    auto *switches = new QHBoxLayout;
    switches->addWidget(m_acceptTyp);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("jwtVerificationStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    m_checks = new QPlainTextEdit(this);
    m_checks->setObjectName(QStringLiteral("jwtChecks"));
    m_checks->setReadOnly(true);
    m_checks->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_checks->setMaximumHeight(m_checks->fontMetrics().lineSpacing() * 7);
    layout->addWidget(m_checks);
    m_whatIf = new QCheckBox(tr("What-if: UNVERIFIED claims"), this);
    m_whatIf->setObjectName(QStringLiteral("jwtWhatIf"));
    m_whatIf->setToolTip(tr("What-if: decide from the unverified claims, as if they were true, "
                            "without checking the signature or the issuer. No server would do "
                            "this."));
    m_whatIf->setStyleSheet(
        QStringLiteral("QCheckBox:checked { color: #b02a37; font-weight: bold; }"));
    switches->addWidget(m_whatIf);
    switches->addStretch(1);
    layout->addLayout(switches);

    connect(m_verify, &QPushButton::clicked, this, &JwtVerificationPanel::verify);
    connect(m_issuer, &QLineEdit::returnPressed, this, &JwtVerificationPanel::verify);
    connect(m_whatIf, &QCheckBox::toggled, this, &JwtVerificationPanel::publish);
    setToken(QString());
}

void JwtVerificationPanel::setVerifier(TokenVerifier *verifier) {
    if (m_verifier)
        disconnect(m_verifier, nullptr, this, nullptr);
    m_verifier = verifier;
    if (m_verifier)
        connect(m_verifier, &TokenVerifier::finished, this, &JwtVerificationPanel::finished);
    showResult();
}

void JwtVerificationPanel::setToken(const QString &token) {
    if (m_verifier && m_busy)
        m_verifier->cancel();
    m_busy = false;
    m_token = token.trimmed();
    m_result.reset();
    const auto parts = JwtDecoder::decode(m_token);
    m_isJwt = parts.has_value();
    m_claims = parts ? parts->claims : QJsonObject();
    {
        const QSignalBlocker blocker(m_whatIf);
        m_whatIf->setChecked(false);
    }
    const QString iss = m_claims.value(QStringLiteral("iss")).toString();
    const bool policyIssuer =
        !iss.isEmpty() && m_document->policy().authorizationServers.contains(iss);
    if (policyIssuer)
        m_issuer->setText(iss);
    setVisible(m_isJwt);
    showResult();
    if (m_isJwt && policyIssuer && m_verifier)
        verify();
}

void JwtVerificationPanel::verify() {
    if (!m_isJwt || !m_verifier)
        return;
    const Policy &policy = m_document->policy();
    JwtVerifierOptions options;
    const QString issuer = m_issuer->text().trimmed();
    if (!issuer.isEmpty())
        options.trustedIssuers = {issuer};
    // Compiled as the preview compiles it, so both compare the audience with the same resource.
    options.resource = CompiledPolicy(policy, m_resourceOverride).resource();
    options.leewaySeconds = policy.validation.leewaySeconds;
    options.acceptTypJwt = m_acceptTyp->isChecked();
    m_busy = true;
    m_result.reset();
    showResult();
    m_verifier->verify(m_token, options);
}

void JwtVerificationPanel::setResourceOverride(const QString &resource) {
    if (m_resourceOverride == resource)
        return;
    m_resourceOverride = resource;
    // An answer for another resource is no answer: its audience check compared with that one.
    if (m_result || m_busy)
        verify();
}

void JwtVerificationPanel::finished(const JwtLookupResult &result) {
    if (!m_busy)
        return;
    m_busy = false;
    m_result = result;
    showResult();
    publish();
}

void JwtVerificationPanel::showResult() {
    m_verify->setEnabled(m_isJwt && m_verifier && !m_busy);
    m_verify->setToolTip(m_verifier ? QString() : tr("Verification is not available"));
    QStringList lines;
    if (m_busy) {
        m_status->setText(tr("Verifying: fetching the issuer's keys…"));
        m_status->setStyleSheet(QString());
    } else if (!m_result) {
        m_status->setText(m_issuer->text().trimmed().isEmpty()
                              ? tr("Not verified: type the issuer you trust, then Verify.")
                              : tr("Not verified yet."));
        m_status->setStyleSheet(QString());
    } else {
        const JwtVerification &v = m_result->verification;
        const TokenKnowledge &k = m_result->knowledge;
        for (const JwtCheck check : v.passed)
            lines << passedLine(check);
        if (k.state == TokenKnowledge::State::Known) {
            // The leeway is worth the status line: the check list is short and scrolls.
            const QStringList notes = v.notes.values();
            m_status->setText(
                tr("VERIFIED: signed by %1 (%2, kid %3); the preview decides from "
                   "these claims.")
                    .arg(v.issuer, v.alg, v.kid.isEmpty() ? tr("none") : v.kid) +
                (notes.isEmpty() ? QString() : tr(" Note: %1.").arg(notes.join(tr("; ")))));
            m_status->setStyleSheet(QStringLiteral("color: #1a7f37; font-weight: bold;"));
        } else if (k.state == TokenKnowledge::State::Refused) {
            lines << QStringLiteral("✗ %1 (%2): %3")
                         .arg(JwtVerification::checkName(v.failed), v.failedId(), v.reason);
            m_status->setText(tr("REFUSED at the %1 check: %2. The server answers 401 "
                                 "invalid_token.")
                                  .arg(v.failedId(), v.reason));
            m_status->setStyleSheet(QStringLiteral("color: #b02a37; font-weight: bold;"));
        } else {
            m_status->setText(tr("Could not verify: %1. The server answers 503.").arg(k.failure));
            m_status->setStyleSheet(QStringLiteral("color: #9a6700; font-weight: bold;"));
        }
    }
    m_checks->setPlainText(lines.join(u'\n'));
    m_checks->setVisible(!lines.isEmpty());
}

void JwtVerificationPanel::publish() {
    Q_EMIT verifiedChanged(m_result && m_result->knowledge.state == TokenKnowledge::State::Known);
    if (m_whatIf->isChecked() && m_isJwt)
        Q_EMIT knowledgeChanged(TokenKnowledge::known(unverifiedFacts(m_claims)));
    else
        Q_EMIT knowledgeChanged(m_result ? m_result->knowledge : TokenKnowledge::notLookedUp());
}

QString JwtVerificationPanel::describe(const QJsonObject &header, const QJsonObject &claims,
                                       qint64 now) {
    return QStringLiteral("// header\n") + jsonLines(header, now) +
           QStringLiteral("\n// claims\n") + jsonLines(claims, now);
}

void JwtVerificationPanel::setClock(std::function<qint64()> clock) {
    m_clock = std::move(clock);
    showResult();
}

QString JwtVerificationPanel::passedLine(JwtCheck check) const {
    QString line = QStringLiteral("✓ ") + JwtVerification::checkName(check);
    const JwtVerification &v = m_result->verification;
    if (v.notes.contains(check))
        return line + QStringLiteral(" — ") + v.notes.value(check);
    const char *claim = check == JwtCheck::Expiry      ? "exp"
                        : check == JwtCheck::NotBefore ? "nbf"
                        : check == JwtCheck::IssuedAt  ? "iat"
                                                       : nullptr;
    const QJsonValue value = claim ? v.claims.value(QLatin1String(claim)) : QJsonValue();
    if (value.isDouble()) {
        const qint64 now = m_clock ? m_clock() : QDateTime::currentSecsSinceEpoch();
        line += QStringLiteral(" — ") + TimeText::withRelative(qint64(value.toDouble()), now);
    }
    return line;
}

TokenFacts JwtVerificationPanel::unverifiedFacts(const QJsonObject &claims) {
    TokenFacts f;
    f.active = true;
    const QJsonValue scope = claims.value(QStringLiteral("scope"));
    const QJsonValue scp = claims.value(QStringLiteral("scp"));
    if (scope.isString())
        f.scopes = scope.toString().split(u' ', Qt::SkipEmptyParts);
    else if (scp.isArray())
        for (const QJsonValue &v : scp.toArray())
            f.scopes << v.toString();
    else if (scp.isString())
        f.scopes = scp.toString().split(u' ', Qt::SkipEmptyParts);
    f.clientId = claims.value(QStringLiteral("client_id")).toString();
    if (f.clientId.isEmpty())
        f.clientId = claims.value(QStringLiteral("azp")).toString();
    f.sub = claims.value(QStringLiteral("sub")).toString();
    f.iss = claims.value(QStringLiteral("iss")).toString();
    f.jti = claims.value(QStringLiteral("jti")).toString();
    const QJsonValue aud = claims.value(QStringLiteral("aud"));
    f.audPresent = !aud.isUndefined();
    if (aud.isString())
        f.aud = {aud.toString()};
    else
        for (const QJsonValue &v : aud.toArray())
            f.aud << v.toString();
    const auto time = [&](const char *name) -> std::optional<qint64> {
        const QJsonValue v = claims.value(QLatin1String(name));
        return v.isDouble() ? std::optional<qint64>(qint64(v.toDouble())) : std::nullopt;
    };
    f.exp = time("exp");
    f.iat = time("iat");
    f.nbf = time("nbf");
    f.raw = claims;
    return f;
}

} // namespace scopebench
