// The authorization endpoint: the request (RFC 6749 §4.1.1 with PKCE, RFC 7636), the consent
// page the tester answers, and the redirect back with a code or an error.

#include "authserver/ClientMetadataDocument.h"
#include "authserver/ConsentPage.h"
#include "authserver/OAuthResponses.h"
#include "authserver/RequestRules.h"
#include "authserver/Secrets.h"
#include "authserver/ServerState.h"
#include "policy/ScopeGrammar.h"

#include "http/HttpRequest.h"
#include <QUrl>

namespace scopebench::AuthorizationEndpoint {

namespace {

using PendingConsent = AuthServerState::PendingConsent;
using OAuthResponses::html;

// RFC 9207: every authorization response, success or error, names the issuer, so a client
// that talks to several authorization servers can tell which one answered (mix-up attacks).
HttpResponse redirectWithIssuer(const AuthServerState &state, const QString &target,
                                FormEncoding::Fields query) {
    query.append({QStringLiteral("iss"), state.settings.issuer});
    return OAuthResponses::redirect(target, query);
}

// The tester said yes to `scopes` for `subject`: a code, back to the client.
HttpResponse approve(AuthServerState &state, const PendingConsent &request,
                     const QStringList &scopes, const QString &subject) {
    state.sweep();
    TokenStore::CodeRecord record;
    record.clientId = request.clientId;
    record.redirectUri = request.redirectUri;
    record.challenge = request.challenge;
    record.subject = subject;
    record.scopes = scopes;
    record.resources = request.resources;
    const QString code = state.tokens.issueCode(record, state.now());
    FormEncoding::Fields back{{QStringLiteral("code"), code}};
    if (!request.state.isEmpty())
        back.append({QStringLiteral("state"), request.state});
    return redirectWithIssuer(state, request.redirectUri, back);
}

} // namespace

HttpResponse authorize(AuthServerState &state, const HttpRequest &request) {
    return authorize(state, request.url(), nullptr);
}

HttpResponse documentRefused(const Error &error) {
    // The reason id in brackets: stable for tools and tests, next to the OAuth code.
    return html(ConsentPage::renderError(QStringLiteral("Authorization request refused"),
                                         error.message + QStringLiteral(" [") + error.id +
                                             QStringLiteral("]"),
                                         error.where),
                400);
}

HttpResponse authorize(AuthServerState &state, const QUrl &requestUrl,
                       const Result<ClientRegistry::Client> *document) {
    FormEncoding::Fields q =
        FormEncoding::parseFields(requestUrl.query(QUrl::FullyEncoded).toUtf8());
    auto errorPage = [](const QString &message) {
        return html(
            ConsentPage::renderError(QStringLiteral("Authorization request refused"), message),
            400);
    };
    for (const char *single : {"client_id", "redirect_uri", "response_type", "scope", "state",
                               "code_challenge", "code_challenge_method"}) {
        if (FormEncoding::values(q, QLatin1String(single)).size() > 1)
            return errorPage(
                QStringLiteral("The parameter %1 is repeated.").arg(QLatin1String(single)));
    }
    const QString clientId = FormEncoding::value(q, QStringLiteral("client_id"));
    const bool byDocument = ClientMetadataDocument::isUrlClientId(clientId);
    if (byDocument) {
        // Only what the fetcher read and checked for this very URL makes a client of it.
        if (!document)
            return documentRefused(Error{QStringLiteral("The client metadata document was not "
                                                        "fetched."),
                                         QStringLiteral("invalid_client"),
                                         QStringLiteral("document-unreachable")});
        if (!document->ok())
            return documentRefused(document->error());
        if (document->value().id != clientId)
            return documentRefused(Error{QStringLiteral("The document is not this client's."),
                                         QStringLiteral("invalid_client"),
                                         QStringLiteral("client-id-mismatch")});
        if (!state.clients.putDocumentClient(document->value(), state.now()))
            return documentRefused(Error{QStringLiteral("Too many clients are known by their "
                                                        "metadata documents; try later."),
                                         QStringLiteral("temporarily_unavailable"),
                                         QStringLiteral("document-clients-full")});
    }
    const ClientRegistry::Client *found = state.clients.find(clientId, state.now());
    if (clientId.isEmpty() || !found)
        return errorPage(QStringLiteral("The client is unknown; register it first."));
    const ClientRegistry::Client client = *found;
    QString redirectUri = FormEncoding::value(q, QStringLiteral("redirect_uri"));
    if (redirectUri.isEmpty() && client.redirectUris.size() == 1)
        redirectUri = client.redirectUris.constFirst();
    // Until the redirect URI is known good, errors go to the page, never to the URI.
    if (!ClientRegistry::acceptsRedirect(client, redirectUri))
        return errorPage(QStringLiteral("The redirect URI is missing or not registered for this "
                                        "client."));

    const QString st = FormEncoding::value(q, QStringLiteral("state"));
    auto fail = [&](const QString &error, const QString &description) {
        FormEncoding::Fields back{{QStringLiteral("error"), error},
                                  {QStringLiteral("error_description"), description}};
        if (!st.isEmpty())
            back.append({QStringLiteral("state"), st});
        return redirectWithIssuer(state, redirectUri, back);
    };
    if (FormEncoding::value(q, QStringLiteral("response_type")) != QLatin1String("code"))
        return fail(QStringLiteral("unsupported_response_type"),
                    QStringLiteral("only response_type=code is supported"));
    if (!client.grantTypes.contains(QStringLiteral("authorization_code")))
        return fail(QStringLiteral("unauthorized_client"),
                    QStringLiteral("this client may not use the authorization_code grant"));
    const QString challenge = FormEncoding::value(q, QStringLiteral("code_challenge"));
    if (challenge.size() != 43 ||
        FormEncoding::value(q, QStringLiteral("code_challenge_method")) != QLatin1String("S256"))
        return fail(QStringLiteral("invalid_request"),
                    QStringLiteral("PKCE is required: code_challenge with "
                                   "code_challenge_method=S256"));
    QStringList scopes;
    if (FormEncoding::has(q, QStringLiteral("scope")))
        scopes = ScopeGrammar::split(FormEncoding::value(q, QStringLiteral("scope")));
    else
        scopes = client.scope.value_or(state.settings.catalog);
    scopes.removeDuplicates();
    // The registered scope does not bound the request here: the tester decides on the consent
    // page. MCP clients register with the scope of their first challenge and step up later
    // with the same registration (the MCP spec's scope selection strategy), so refusing would
    // break every step-up. Where no one is asked (auto-approve, client_credentials) it binds.
    const QString problem = state.scopeProblem(scopes);
    if (!problem.isEmpty())
        return fail(QStringLiteral("invalid_scope"), problem);
    const QStringList resources = FormEncoding::values(q, QStringLiteral("resource"));
    for (const QString &r : resources) {
        const QString p = RequestRules::absoluteUriProblem(r);
        if (!p.isEmpty())
            return fail(QStringLiteral("invalid_target"), p);
    }

    const PendingConsent consent{clientId,
                                 redirectUri,
                                 st,
                                 challenge,
                                 scopes,
                                 resources,
                                 state.now() + AuthServerState::consentLifetimeSeconds};
    if (state.settings.autoApprove) {
        // An empty set (`serve --grant ""`) approves what was asked, already checked against
        // the catalog: like the consent page it is not bound by the registered scope, so a
        // client's step-up (the union of what it had and what the 403 named, SEP-2350) with
        // the registration of its first challenge converges. A set of the tester's is that set,
        // but never beyond what the client registered.
        QStringList granted = *state.settings.autoApprove;
        if (granted.isEmpty())
            granted = scopes;
        else if (client.scope)
            granted.removeIf([&](const QString &s) { return !client.scope->contains(s); });
        return approve(state, consent, granted,
                       QLatin1String(TestAuthorizationServer::defaultUser));
    }

    state.sweep();
    if (state.pending.size() >= AuthServerState::maxPendingConsents)
        return fail(QStringLiteral("temporarily_unavailable"),
                    QStringLiteral("too many consent pages are open"));
    const QString requestId = Secrets::randomToken(16);
    state.pending.insert(requestId, consent);
    ConsentPage::Request page;
    page.requestId = requestId;
    page.clientId = clientId;
    page.clientName = client.name;
    if (client.fromDocument)
        page.clientHost = ClientMetadataDocument::hostOf(clientId);
    page.redirectUri = redirectUri;
    page.scopes = scopes;
    page.resources = resources;
    page.user = QLatin1String(TestAuthorizationServer::defaultUser);
    page.formAction = QStringLiteral("/oauth/authorize");
    return html(ConsentPage::render(page));
}

HttpResponse consent(AuthServerState &state, const HttpRequest &request) {
    const FormEncoding::Fields form = FormEncoding::parseFields(request.body);
    const PendingConsent p =
        state.pending.take(FormEncoding::value(form, QStringLiteral("request_id")));
    if (p.clientId.isEmpty() || p.expiresAt <= state.now())
        return html(ConsentPage::renderError(QStringLiteral("Consent refused"),
                                             QStringLiteral("This consent request is unknown, "
                                                            "already answered or expired.")),
                    400);
    if (FormEncoding::value(form, QStringLiteral("action")) != QLatin1String("approve")) {
        FormEncoding::Fields back{
            {QStringLiteral("error"), QStringLiteral("access_denied")},
            {QStringLiteral("error_description"), QStringLiteral("the tester denied the request")}};
        if (!p.state.isEmpty())
            back.append({QStringLiteral("state"), p.state});
        return redirectWithIssuer(state, p.redirectUri, back);
    }
    QStringList granted;
    for (const QString &s : FormEncoding::values(form, QStringLiteral("scope"))) {
        if (p.scopes.contains(s) && !granted.contains(s))
            granted.append(s);
    }
    QString user = FormEncoding::value(form, QStringLiteral("user")).trimmed();
    if (user.isEmpty())
        user = QLatin1String(TestAuthorizationServer::defaultUser);
    bool printable = user.size() <= 64;
    for (const QChar c : std::as_const(user))
        printable = printable && c.unicode() >= 0x21 && c.unicode() <= 0x7e;
    if (!printable)
        return html(ConsentPage::renderError(QStringLiteral("Consent refused"),
                                             QStringLiteral("The test user must be 1 to 64 "
                                                            "printable ASCII characters without "
                                                            "spaces.")),
                    400);
    return approve(state, p, granted, user);
}

} // namespace scopebench::AuthorizationEndpoint
