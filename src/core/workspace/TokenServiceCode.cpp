// The token service's authorization code grant (issue 11): RFC 6749 §4.1 with PKCE (RFC 7636) through the
// system browser and a loopback redirect (RFC 8252), then the token request of TokenService.cpp with the
// code, and — when the answer has an ID token — OpenID Connect Core §3.1.3.7's checks with the issuer's
// keys before anything is stored.
#include "jwt/CompactJws.h"
#include "jwt/KeyDiscovery.h"
#include "workspace/AuthorizationCodeFlow.h"
#include "workspace/TokenServiceRun.h"

#include <QJsonDocument>

#include <memory>

namespace Authlens::Workspace {

namespace {

constexpr auto AuthorizationCodeGrant = u"authorization_code";

QString issuerOf(const QString& jwt)
{
    const auto jws = Jwt::CompactJws::parse(jwt.toLatin1());
    const auto claims = jws ? jws->claims() : std::nullopt;
    return claims ? claims->value(u"iss").toString() : QString();
}

} // namespace

void TokenService::startAuthorizationCode()
{
    Run& r = *m_run;
    const Profiles::Profile& profile = r.request.profile;
    const Auth::OAuthSettings& oauth = profile.auth.oauth;
    r.codeIssuer = oauth.issuer.trimmed();
    const QString configured = oauth.authorizationEndpoint.trimmed();
    if (!configured.isEmpty()) {
        beginSignIn(profile.resolve(profile.substitute(configured)));
        return;
    }
    if (r.codeIssuer.isEmpty()) {
        r.outcome.error = {ErrorKind::BadInput,
                           QStringLiteral("The profile has no authorization endpoint, and no issuer whose metadata "
                                          "(RFC 8414) would name it: set one of them in the profile")};
        finish();
        return;
    }
    // RFC 8414 §3 metadata, then OpenID Connect discovery: authorization_endpoint (and token_endpoint, jwks_uri).
    QList<QUrl> urls;
    for (const QUrl& u : {Jwt::KeyDiscovery::authorizationServerMetadataUrlFor(r.codeIssuer),
                          Jwt::KeyDiscovery::discoveryUrlFor(r.codeIssuer)}) {
        if (!u.isEmpty() && !urls.contains(u))
            urls.append(u);
    }
    // The function refers to itself only weakly (a strong self-reference would never be freed); the fetch
    // callbacks hold it strongly while they are pending.
    auto tryUrl = std::make_shared<std::function<void(qsizetype)>>();
    *tryUrl = [this, urls, weak = std::weak_ptr(tryUrl)](qsizetype i) {
        const std::shared_ptr<std::function<void(qsizetype)>> tryUrl = weak.lock();
        if (i >= urls.size()) {
            Run& run = *m_run;
            run.outcome.error
                = {ErrorKind::BadInput,
                   QStringLiteral("No authorization endpoint: the profile names none, and the issuer %1's metadata "
                                  "gave none (%2). Set the authorization endpoint in the profile.")
                       .arg(run.codeIssuer, run.misses.join(QStringLiteral("; ")))};
            finish();
            return;
        }
        const QUrl url = urls.at(i);
        fetchDocument(
            url.path().startsWith(u"/.well-known/oauth-authorization-server")
                ? QStringLiteral("Authorization server metadata (RFC 8414)")
                : QStringLiteral("OpenID Connect discovery"),
            url,
            [this, url, tryUrl, i](const QJsonObject& metadata) {
                Run& run = *m_run;
                const QUrl endpoint(metadata.value(u"authorization_endpoint").toString(), QUrl::StrictMode);
                // RFC 8414 §3.3: the metadata of another issuer must not be used.
                if (metadata.value(u"issuer").toString() != run.codeIssuer) {
                    run.misses.append(QStringLiteral("%1 names issuer \"%2\" (RFC 8414 §3.3)")
                                          .arg(displayUrl(url), metadata.value(u"issuer").toString()));
                } else if (!Http::isHttpUrl(endpoint)) {
                    run.misses.append(QStringLiteral("%1 has no http(s) authorization_endpoint").arg(displayUrl(url)));
                } else {
                    const QUrl token(metadata.value(u"token_endpoint").toString(), QUrl::StrictMode);
                    if (Http::isHttpUrl(token))
                        run.codeTokenEndpoint = token;
                    const QUrl jwks(metadata.value(u"jwks_uri").toString(), QUrl::StrictMode);
                    if (Http::isHttpUrl(jwks))
                        run.jwksUri = jwks;
                    beginSignIn(endpoint);
                    return;
                }
                (*tryUrl)(i + 1);
            },
            [this, tryUrl, i](const QString& why) {
                m_run->misses.append(why);
                (*tryUrl)(i + 1);
            });
    };
    (*tryUrl)(0);
}

void TokenService::beginSignIn(const QUrl& authorizationEndpoint)
{
    Run& r = *m_run;
    const Profiles::Profile& profile = r.request.profile;
    const Auth::OAuthSettings& oauth = profile.auth.oauth;
    if (!Http::isHttpUrl(authorizationEndpoint)) {
        r.outcome.error = {ErrorKind::BadInput,
                           QStringLiteral("The authorization endpoint \"%1\" is not an http(s) URL")
                               .arg(displayUrl(authorizationEndpoint))};
        finish();
        return;
    }
    Error error;
    const std::optional<QUrl> redirect = AuthorizationCode::loopbackRedirect(oauth.redirectUri, &error);
    if (!redirect) {
        r.outcome.error = error;
        finish();
        return;
    }
    AuthorizationRequest request;
    request.endpoint = authorizationEndpoint;
    request.clientId = oauth.clientId.trimmed();
    for (const QString& s : oauth.scopes) {
        if (!s.trimmed().isEmpty() && !request.scopes.contains(s.trimmed()))
            request.scopes.append(s.trimmed());
    }
    request.state = AuthorizationCode::randomValue();
    if (oauth.pkce) {
        const Pkce pkce = AuthorizationCode::makePkce();
        r.codeVerifier = pkce.verifier;
        request.codeChallenge = pkce.challenge;
    }
    // OpenID Connect Core §3.1.2.1: a nonce binds the ID token to this sign-in.
    if (request.scopes.contains(QStringLiteral("openid"))) {
        r.nonce = AuthorizationCode::randomValue();
        request.nonce = r.nonce;
    }
    request.audience = oauth.audience.trimmed();
    for (const QString& resource : oauth.resources) {
        if (!resource.trimmed().isEmpty())
            request.resources.append(resource.trimmed());
    }
    // Deleted later and disconnected first: the run may end inside one of the flow's own signals.
    std::shared_ptr<AuthorizationCodeFlow> flow(new AuthorizationCodeFlow, [](AuthorizationCodeFlow* f) {
        f->stop();
        f->disconnect();
        f->deleteLater();
    });
    connect(flow.get(), &AuthorizationCodeFlow::urlReady, this, [this](const QUrl& url, const QUrl& redirectUri) {
        if (!m_run)
            return;
        const bool opened = openInBrowser(url, m_run->request.openBrowser);
        Q_EMIT authorizationUrlReady(url, redirectUri, opened);
    });
    connect(flow.get(), &AuthorizationCodeFlow::finished, this,
            [this](const CallbackResult& result, const Http::Exchange& callback, bool timedOut) {
                if (!m_run)
                    return;
                Run& run = *m_run;
                run.redirectUri = run.codeFlow ? run.codeFlow->redirectUri() : QUrl();
                run.codeFlow.reset();
                TokenStep step {timedOut ? QStringLiteral("Browser sign-in (no redirect arrived)")
                                         : QStringLiteral("Browser sign-in: the redirect (RFC 6749 §4.1.2)"),
                                callback,
                                {}};
                if (result.finding)
                    step.findings.append(*result.finding);
                run.outcome.transcript.append(step);
                if (!result.ok()) {
                    run.outcome.error = result.error;
                    finish();
                    return;
                }
                run.code = result.code;
                const bool profileEndpoint = !run.request.profile.auth.oauth.tokenEndpoint.trimmed().isEmpty();
                if (!profileEndpoint && run.codeTokenEndpoint.isValid()) {
                    run.outcome.endpointSource = EndpointSource::Issuer;
                    run.outcome.endpointNote
                        = QStringLiteral("from the issuer %1's metadata, with the authorization endpoint")
                              .arg(run.codeIssuer);
                    endpointFound(run.codeTokenEndpoint);
                    return;
                }
                chooseEndpoint();
            });
    const int index = int(r.outcome.transcript.size());
    Q_EMIT stepStarted(index, QStringLiteral("Browser sign-in at %1").arg(displayUrl(authorizationEndpoint)));
    if (!flow->start(request, *redirect, r.codeIssuer, r.request.interactionTimeoutSeconds, &error)) {
        r.outcome.error = error;
        finish();
        return;
    }
    r.codeFlow = std::move(flow);
}

void TokenService::addAuthorizationCode(Http::RequestSpec& spec) const
{
    const Run& r = *m_run;
    if (r.grant != AuthorizationCodeGrant)
        return;
    // RFC 6749 §4.1.3: code and the same redirect_uri; RFC 7636 §4.5: the verifier.
    const auto add = [&spec](const char* name, const QString& value) {
        spec.body += '&' + QByteArray(name) + '=' + QUrl::toPercentEncoding(value);
    };
    add("code", r.code);
    add("redirect_uri", r.redirectUri.toString(QUrl::FullyEncoded));
    if (!r.codeVerifier.isEmpty())
        add("code_verifier", r.codeVerifier);
}

void TokenService::checkIdTokenThenStore()
{
    Run& r = *m_run;
    const QString idToken = r.outcome.response.idToken;
    if (idToken.isEmpty()) {
        storeTokens();
        return;
    }
    r.outcome.profile.sessionSecrets.idToken = idToken;
    if (r.grant != AuthorizationCodeGrant) {
        storeTokens(); // only a sign-in has a nonce and an issuer to hold the ID token to
        return;
    }
    // The keys: jwks_uri of the issuer's metadata (OpenID Connect Discovery §3), fetched as steps.
    const auto withJwks = [this](const QUrl& jwksUri) {
        fetchDocument(
            QStringLiteral("The issuer's signing keys (jwks_uri)"), jwksUri,
            [this, jwksUri](const QJsonObject& jwks) {
                idTokenChecked(QJsonDocument(jwks).toJson(QJsonDocument::Compact),
                               QStringLiteral("the JWKS at %1").arg(displayUrl(jwksUri)));
            },
            [this](const QString& why) { idTokenChecked({}, QStringLiteral("no keys (%1)").arg(why)); });
    };
    if (r.jwksUri.isValid()) {
        withJwks(r.jwksUri);
        return;
    }
    QString issuer = r.codeIssuer.isEmpty() ? r.request.profile.expectedIssuer : r.codeIssuer;
    if (issuer.isEmpty())
        issuer = issuerOf(idToken);
    const QUrl discovery = Jwt::KeyDiscovery::discoveryUrlFor(issuer);
    if (discovery.isEmpty()) {
        idTokenChecked({}, QStringLiteral("no issuer to discover its keys from"));
        return;
    }
    fetchDocument(
        QStringLiteral("OpenID Connect discovery (for the ID token's keys)"), discovery,
        [this, withJwks, discovery](const QJsonObject& metadata) {
            const QUrl jwks(metadata.value(u"jwks_uri").toString(), QUrl::StrictMode);
            if (!Http::isHttpUrl(jwks)) {
                idTokenChecked({}, QStringLiteral("no keys (%1 names no jwks_uri)").arg(displayUrl(discovery)));
                return;
            }
            withJwks(jwks);
        },
        [this](const QString& why) { idTokenChecked({}, QStringLiteral("no keys (%1)").arg(why)); });
}

void TokenService::idTokenChecked(const QByteArray& jwks, const QString& keysSource)
{
    Run& r = *m_run;
    QString keyError;
    const Jwt::KeySet keys = jwks.isEmpty() ? Jwt::KeySet() : Jwt::KeySet::fromJson(jwks, keysSource, &keyError);
    IdTokenExpectations expected;
    expected.issuer = r.codeIssuer.isEmpty() ? r.request.profile.expectedIssuer : r.codeIssuer;
    expected.clientId = r.request.profile.auth.oauth.clientId.trimmed();
    expected.nonce = r.nonce;
    expected.accessToken = r.outcome.response.accessToken;
    expected.now = r.now;
    const QList<Diagnosis::Finding> findings = AuthorizationCode::checkIdToken(
        r.outcome.response.idToken, expected, keys,
        keys.isEmpty() && !keyError.isEmpty() ? QStringLiteral("%1 is not a JWK Set: %2").arg(keysSource, keyError)
                                              : keysSource);
    // The findings belong to the answer that carried the ID token.
    if (r.outcome.tokenStep >= 0)
        r.outcome.transcript[r.outcome.tokenStep].findings += findings;
    if (AuthorizationCode::idTokenRejected(findings)) {
        // OpenID Connect Core §3.1.3.7: a token that fails these checks must be rejected, and the tokens that
        // came with it are not trusted either: nothing is stored.
        QStringList titles;
        for (const Diagnosis::Finding& f : findings) {
            if (f.severity == Diagnosis::Severity::Cause)
                titles.append(f.title);
        }
        r.outcome.ok = false;
        r.outcome.profile = r.request.profile;
        r.outcome.error = {ErrorKind::Refused,
                           QStringLiteral("The ID token failed its checks (%1): the tokens were "
                                          "not stored (OpenID Connect Core §3.1.3.7)")
                               .arg(titles.join(QStringLiteral("; ")))};
        finish();
        return;
    }
    storeTokens();
}

} // namespace Authlens::Workspace
