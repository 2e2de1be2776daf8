// The network half of the token service (issue 10): token endpoint discovery, the token request, and
// storing what it returned before anyone hears of it. The pure half is TokenRequest.cpp.
#include "workspace/TokenService.h"

#include "auth/HeaderParser.h"
#include "diagnosis/Diagnoser.h"
#include "http/HttpClient.h"
#include "jwt/CompactJws.h"
#include "jwt/KeyDiscovery.h"
#include "profiles/ProfileConnection.h"
#include "profiles/ProfileSecrets.h"
#include "profiles/SecretStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

namespace Authlens::Workspace {

Q_LOGGING_CATEGORY(lcTokens, "authlens.workspace.tokens", QtWarningMsg)

namespace {

// Discovery documents and token responses are a few KiB; past this the download is stopped.
constexpr qint64 MaxDocumentBytes = 1024 * 1024;

QString display(const QUrl& url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo);
}

/// The resource_metadata parameter of the Bearer (or DPoP) challenge of a 401 (RFC 9728 §5.1).
QUrl resourceMetadataOf(const Http::Exchange& exchange, QUrl* requestUrl)
{
    const Http::Hop* hop = exchange.finalResponseHop();
    if (!hop || hop->response.status != 401)
        return {};
    *requestUrl = hop->request.url;
    const Auth::ChallengeParseResult parsed
        = Auth::parseChallenges(Http::headerValues(hop->response.headers, "WWW-Authenticate"));
    for (const Auth::Challenge& c : parsed.challenges) {
        const QByteArray value = c.value("resource_metadata");
        if (value.isEmpty())
            continue;
        // Relative references are not allowed (an absolute https URL, RFC 9728 §5.1); resolving one
        // against the request is what a lenient client would do, so do that and say the URL.
        return hop->request.url.resolved(QUrl(QString::fromUtf8(value), QUrl::StrictMode));
    }
    return {};
}

bool isHttpUrl(const QUrl& url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && !url.host().isEmpty() && (scheme == u"http" || scheme == u"https");
}

/// RFC 9728 §3.3 wants the metadata's `resource` identical to the URL that was requested; every client
/// that follows it in practice (the MCP SDKs, draft-mcguinness-oauth-rfc9728bis) accepts a resource of
/// the same origin whose path is a prefix of the request's, which is what an API's base URL is.
bool resourceCovers(const QUrl& resource, const QUrl& requested)
{
    if (!isHttpUrl(resource) || Http::Origin::fromUrl(resource) != Http::Origin::fromUrl(requested))
        return false;
    QString prefix = resource.path();
    if (prefix.isEmpty() || prefix == u"/")
        return true;
    const QString path = requested.path();
    if (prefix.endsWith(u'/'))
        prefix.chop(1);
    return path == prefix || path.startsWith(prefix + u'/');
}

/// The origins a profile's credentials may go to: its base URL's and the ones it allows.
QList<Http::Origin> credentialOrigins(const Profiles::Profile& profile)
{
    QList<Http::Origin> origins = profile.allowedOrigins;
    const Http::Origin base = Http::Origin::fromUrl(QUrl(profile.baseUrl));
    if (base.isValid() && !origins.contains(base))
        origins.prepend(base);
    return origins;
}

QString issuerOfToken(const QString& token)
{
    const auto jws = Jwt::CompactJws::parse(token.toLatin1());
    const auto claims = jws ? jws->claims() : std::nullopt;
    return claims ? claims->value(u"iss").toString() : QString();
}

qint64 jwtExpiry(const QString& token)
{
    const auto jws = Jwt::CompactJws::parse(token.toLatin1());
    const auto claims = jws ? jws->claims() : std::nullopt;
    return claims && claims->value(u"exp").isDouble() ? qint64(claims->value(u"exp").toDouble()) : 0;
}

QString grantTitle(const QString& grant)
{
    return QStringLiteral("Token request: %1 grant").arg(grant);
}

} // namespace

struct TokenService::Run
{
    Request request;
    QPointer<QObject> context;
    Done done;
    TokenOutcome outcome;
    QString grant;
    qint64 now = 0;
    Diagnosis::DiagnoseOptions diagnoseOptions;

    /// What to do with the client's next exchange (a discovery document or the token answer).
    std::function<void(const Http::Exchange&)> next;
    bool tooLarge = false; ///< the running download passed MaxDocumentBytes and was stopped
    bool answered = false; ///< the token endpoint answered: from here on the run always completes
    bool cancelled = false;

    // Discovery state.
    QUrl challengedUrl; ///< the URL of the 401 whose resource_metadata is followed
    QUrl resourceMetadataUrl;
    QStringList authorizationServers; ///< issuers still to try
    QString currentServer;
    EndpointSource source = EndpointSource::Profile;
    QStringList misses; ///< why each discovery source gave no endpoint, for the final message
    bool triedIssuer = false;
};

TokenService::TokenService(Profiles::SecretStore* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_client(std::make_unique<Http::HttpClient>())
{
    connect(m_client.get(), &Http::HttpClient::finished, this, &TokenService::clientFinished);
    connect(m_client.get(), &Http::HttpClient::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (m_run && !m_run->tooLarge && (received > MaxDocumentBytes || total > MaxDocumentBytes)) {
            m_run->tooLarge = true;
            m_client->cancel();
        }
    });
}

TokenService::~TokenService()
{
    // The client's queued result must not reach a half-destroyed service.
    m_client->disconnect(this);
}

bool TokenService::isRunning() const
{
    return m_run != nullptr;
}

void TokenService::run(const Request& request, QObject* context, Done done)
{
    if (m_run) {
        TokenOutcome refused;
        refused.profile = request.profile;
        refused.error = {ErrorKind::Usage, QStringLiteral("A token request of this profile is already running")};
        if (context)
            QTimer::singleShot(0, context, [refused, done = std::move(done)] { done(refused); });
        return;
    }
    m_run = std::make_unique<Run>();
    Run& r = *m_run;
    r.request = request;
    r.context = context;
    r.done = std::move(done);
    r.now = (request.now.isValid() ? request.now : QDateTime::currentDateTimeUtc()).toSecsSinceEpoch();
    r.diagnoseOptions.now = request.now;
    r.diagnoseOptions.expectedIssuer = request.profile.expectedIssuer;
    r.diagnoseOptions.expectedAudiences = request.profile.expectedAudiences;
    r.outcome.profile = request.profile;
    r.grant = grantFor(request.profile, request.mode);
    r.outcome.grantType = r.grant;
    start();
}

void TokenService::cancel()
{
    if (!m_run || m_run->answered)
        return;
    m_run->cancelled = true;
    if (m_client->isRunning()) {
        m_client->cancel(); // the exchange reports Cancelled; clientFinished() ends the run
        return;
    }
    m_run->outcome.error = {ErrorKind::Network, QStringLiteral("Cancelled")};
    finish();
}

void TokenService::start()
{
    Run& r = *m_run;
    const Profiles::Profile& profile = r.request.profile;
    if (profile.auth.method != Auth::Method::OAuth2) {
        r.outcome.error = {ErrorKind::BadInput,
                           QStringLiteral("The profile %1 does not use OAuth 2 (its method is %2): it has no token "
                                          "to refresh")
                               .arg(profile.name, Auth::methodName(profile.auth.method))};
        finish();
        return;
    }
    if (const Error error = checkGrant(profile, r.grant); error.isError()) {
        r.outcome.error = error;
        finish();
        return;
    }
    chooseEndpoint();
}

void TokenService::chooseEndpoint()
{
    Run& r = *m_run;
    const Profiles::Profile& profile = r.request.profile;
    const QString configured = profile.auth.oauth.tokenEndpoint.trimmed();
    if (!configured.isEmpty()) {
        // {{variables}} and a path relative to the base URL, as in the profile's saved requests.
        const QUrl url = profile.resolve(profile.substitute(configured));
        r.outcome.endpointSource = EndpointSource::Profile;
        r.outcome.endpointNote = QStringLiteral("set in the profile");
        r.outcome.tokenEndpoint = url;
        sendTokenRequest();
        return;
    }
    if (r.request.challenged) {
        const QUrl metadata = resourceMetadataOf(*r.request.challenged, &r.challengedUrl);
        if (!metadata.isEmpty()) {
            fetchResourceMetadata(metadata);
            return;
        }
        r.misses.append(QStringLiteral("the 401 names no resource_metadata (RFC 9728)"));
    }
    tryIssuerOfToken();
}

void TokenService::fetchDocument(const QString& title, const QUrl& url, std::function<void(const QJsonObject&)> use,
                                 std::function<void(const QString&)> fail)
{
    Run& r = *m_run;
    if (!isHttpUrl(url)) {
        fail(QStringLiteral("%1 is not an http(s) URL").arg(display(url)));
        return;
    }
    Http::RequestSpec spec;
    spec.url = url;
    spec.headers = {{QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")}};
    QString error;
    // The profile's proxy and trust apply; the documents are public, so no credential goes along.
    if (!Profiles::applyConnection(r.request.profile, r.request.profile.sessionSecrets, spec, &error)) {
        r.outcome.error = {ErrorKind::BadInput, error};
        finish();
        return;
    }
    spec.maxRedirects = 5;
    spec.sendJarCookies = false;
    const int index = int(r.outcome.transcript.size());
    r.outcome.transcript.append(TokenStep {title, {}, {}});
    r.tooLarge = false;
    r.next = [this, index, url, use = std::move(use), fail = std::move(fail)](const Http::Exchange& exchange) {
        Run& run = *m_run;
        TokenStep& step = run.outcome.transcript[index];
        step.exchange = exchange;
        step.findings = Diagnosis::diagnose(exchange, run.diagnoseOptions).findings;
        if (run.tooLarge) {
            fail(QStringLiteral("%1 is larger than %2 bytes").arg(display(url)).arg(MaxDocumentBytes));
            return;
        }
        if (exchange.error.isError() && !exchange.hasResponse()) {
            // Cancelled by the user ends the run; any other failure is this source's miss.
            if (run.cancelled) {
                run.outcome.error = {ErrorKind::Network, QStringLiteral("Cancelled")};
                finish();
                return;
            }
            fail(QStringLiteral("GET %1: %2").arg(display(url), exchange.error.message));
            return;
        }
        const Http::Hop* hop = exchange.finalResponseHop();
        if (exchange.error.isError() || hop->response.status != 200) {
            fail(exchange.error.isError()
                     ? QStringLiteral("GET %1: %2").arg(display(url), exchange.error.message)
                     : QStringLiteral("GET %1 answered %2").arg(display(url)).arg(hop->response.status));
            return;
        }
        // A document fetched over https must not have come back through plain http.
        if (url.scheme().compare(u"https", Qt::CaseInsensitive) == 0
            && hop->request.url.scheme().compare(u"https", Qt::CaseInsensitive) != 0) {
            fail(QStringLiteral("GET %1 was redirected to plain http (%2)")
                     .arg(display(url), display(hop->request.url)));
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(hop->response.body.head(MaxDocumentBytes), &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            fail(QStringLiteral("%1 is not a JSON object").arg(display(url)));
            return;
        }
        use(document.object());
    };
    Q_EMIT stepStarted(index, title);
    m_client->send(spec);
}

void TokenService::fetchResourceMetadata(const QUrl& url)
{
    Run& r = *m_run;
    r.resourceMetadataUrl = url;
    fetchDocument(
        QStringLiteral("Protected resource metadata (RFC 9728)"), url,
        [this, url](const QJsonObject& metadata) {
            Run& run = *m_run;
            const QUrl resource(metadata.value(u"resource").toString(), QUrl::StrictMode);
            if (!resourceCovers(resource, run.challengedUrl)) {
                // RFC 9728 §3.3: metadata about another resource must not be used (it could send the
                // client's credentials to an authorization server the API never named).
                run.misses.append(
                    QStringLiteral("the resource metadata at %1 describes \"%2\", not %3 (RFC 9728 §3.3)")
                        .arg(display(url), metadata.value(u"resource").toString(), display(run.challengedUrl)));
                tryIssuerOfToken();
                return;
            }
            const QJsonArray servers = metadata.value(u"authorization_servers").toArray();
            for (const QJsonValue& s : servers) {
                if (s.isString() && !s.toString().isEmpty())
                    run.authorizationServers.append(s.toString());
            }
            if (run.authorizationServers.isEmpty()) {
                run.misses.append(
                    QStringLiteral("the resource metadata at %1 names no authorization_servers").arg(display(url)));
                tryIssuerOfToken();
                return;
            }
            run.source = EndpointSource::ResourceMetadata;
            tryNextAuthorizationServer();
        },
        [this](const QString& why) {
            m_run->misses.append(why);
            tryIssuerOfToken();
        });
}

void TokenService::tryIssuerOfToken()
{
    Run& r = *m_run;
    if (r.triedIssuer) {
        noEndpoint();
        return;
    }
    r.triedIssuer = true;
    const QString iss = issuerOfToken(r.request.profile.sessionSecrets.token);
    if (iss.isEmpty()) {
        r.misses.append(r.request.profile.sessionSecrets.token.isEmpty()
                            ? QStringLiteral("there is no access token whose issuer could be asked")
                            : QStringLiteral("the access token is not a JWT with an \"iss\""));
        noEndpoint();
        return;
    }
    r.source = EndpointSource::Issuer;
    r.authorizationServers = {iss};
    tryNextAuthorizationServer();
}

void TokenService::tryNextAuthorizationServer()
{
    Run& r = *m_run;
    if (r.authorizationServers.isEmpty()) {
        if (r.source == EndpointSource::ResourceMetadata) {
            tryIssuerOfToken();
            return;
        }
        noEndpoint();
        return;
    }
    r.currentServer = r.authorizationServers.takeFirst();
    // RFC 8414 metadata first, then OpenID Connect discovery (RFC 8414 §5 lists both).
    QList<QUrl> urls;
    for (const QUrl& u : {Jwt::KeyDiscovery::authorizationServerMetadataUrlFor(r.currentServer),
                          Jwt::KeyDiscovery::discoveryUrlFor(r.currentServer)}) {
        if (!u.isEmpty() && !urls.contains(u))
            urls.append(u);
    }
    if (urls.isEmpty()) {
        r.misses.append(QStringLiteral("the issuer \"%1\" is not an http(s) URL").arg(r.currentServer));
        tryNextAuthorizationServer();
        return;
    }
    auto tryUrl = std::make_shared<std::function<void(qsizetype)>>();
    *tryUrl = [this, urls, tryUrl](qsizetype i) {
        const QUrl url = urls.at(i);
        const bool rfc8414 = url.path().startsWith(u"/.well-known/oauth-authorization-server");
        fetchDocument(
            rfc8414 ? QStringLiteral("Authorization server metadata (RFC 8414)")
                    : QStringLiteral("OpenID Connect discovery"),
            url,
            [this, url](const QJsonObject& metadata) {
                Run& run = *m_run;
                // RFC 8414 §3.3, OpenID Connect Discovery §4.3: the issuer must be the one asked for, or
                // the document must not be used.
                const QString issuer = metadata.value(u"issuer").toString();
                const QUrl endpoint(metadata.value(u"token_endpoint").toString(), QUrl::StrictMode);
                if (issuer != run.currentServer) {
                    run.misses.append(QStringLiteral("%1 names issuer \"%2\", not \"%3\" (RFC 8414 §3.3)")
                                          .arg(display(url), issuer, run.currentServer));
                } else if (!isHttpUrl(endpoint)) {
                    run.misses.append(QStringLiteral("%1 has no http(s) token_endpoint").arg(display(url)));
                } else {
                    run.outcome.endpointSource = run.source;
                    run.outcome.endpointNote = run.source == EndpointSource::ResourceMetadata
                        ? QStringLiteral("from the 401's resource_metadata %1 → authorization server %2 → %3")
                              .arg(display(run.resourceMetadataUrl), run.currentServer, display(url))
                        : QStringLiteral("from the access token's issuer %1 → %2").arg(run.currentServer, display(url));
                    endpointFound(endpoint);
                    return;
                }
                tryNextAuthorizationServer();
            },
            [this, urls, tryUrl, i](const QString& why) {
                m_run->misses.append(why);
                if (i + 1 < urls.size())
                    (*tryUrl)(i + 1);
                else
                    tryNextAuthorizationServer();
            });
    };
    (*tryUrl)(0);
}

void TokenService::noEndpoint()
{
    Run& r = *m_run;
    r.outcome.error = {ErrorKind::BadInput,
                       QStringLiteral("No token endpoint: the profile names none, and none could be discovered (%1). "
                                      "Set the token endpoint in the profile.")
                           .arg(r.misses.join(QStringLiteral("; ")))};
    finish();
}

void TokenService::endpointFound(const QUrl& endpoint)
{
    Run& r = *m_run;
    // A discovered endpoint receives the client secret, the refresh token or the user's password: only
    // an origin the profile already trusts with its credentials may (DESIGN.md §4). Anything else needs
    // the user's word: the endpoint set in the profile.
    const QList<Http::Origin> allowed = credentialOrigins(r.request.profile);
    const Http::Origin origin = Http::Origin::fromUrl(endpoint);
    if (!allowed.contains(origin)) {
        QStringList names;
        for (const Http::Origin& o : allowed)
            names.append(o.toString());
        r.outcome.tokenEndpoint = endpoint;
        r.outcome.error = {ErrorKind::BadInput,
                           QStringLiteral("Discovered the token endpoint %1 (%2), but %3 is not an origin this profile "
                                          "sends its credentials to (%4). If you trust it, set it as the profile's "
                                          "token endpoint.")
                               .arg(display(endpoint), r.outcome.endpointNote, origin.toString(),
                                    names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", ")))};
        finish();
        return;
    }
    r.outcome.tokenEndpoint = endpoint;
    sendTokenRequest();
}

void TokenService::sendTokenRequest()
{
    Run& r = *m_run;
    Error error;
    const std::optional<Http::RequestSpec> spec
        = tokenRequest(r.request.profile, r.grant, r.outcome.tokenEndpoint, &error);
    if (!spec) {
        r.outcome.error = error;
        finish();
        return;
    }
    const int index = int(r.outcome.transcript.size());
    const QString title = grantTitle(r.grant);
    r.outcome.transcript.append(TokenStep {title, {}, {}});
    r.outcome.tokenStep = index;
    r.tooLarge = false;
    r.next = [this](const Http::Exchange& exchange) { tokenAnswered(exchange); };
    Q_EMIT stepStarted(index, title);
    m_client->send(*spec);
}

void TokenService::tokenAnswered(const Http::Exchange& exchange)
{
    Run& r = *m_run;
    TokenStep& step = r.outcome.transcript[r.outcome.tokenStep];
    step.exchange = exchange;
    step.findings = Diagnosis::diagnose(exchange, r.diagnoseOptions).findings;
    const QString endpoint = display(r.outcome.tokenEndpoint);
    if (r.tooLarge) {
        r.outcome.error = {ErrorKind::Refused,
                           QStringLiteral("The answer of %1 is larger than %2 bytes: not a token "
                                          "response")
                               .arg(endpoint)
                               .arg(MaxDocumentBytes)};
        finish();
        return;
    }
    if (!exchange.hasResponse() || exchange.error.isError()) {
        r.outcome.error
            = {ErrorKind::Network,
               r.cancelled
                   ? QStringLiteral("Cancelled")
                   : QStringLiteral("The token endpoint %1 did not answer: %2").arg(endpoint, exchange.error.message)};
        finish();
        return;
    }
    r.answered = true;
    const Http::Hop& hop = *exchange.finalResponseHop();
    const TokenResponse response = parseTokenResponse(hop);
    r.outcome.response = response;
    if (!response.ok) {
        const int status = hop.response.status;
        if (status >= 300 && status < 400)
            r.outcome.error
                = {ErrorKind::Refused,
                   QStringLiteral("The token endpoint %1 answered %2 with a redirect to %3: token requests "
                                  "are not followed (they carry secrets); set the endpoint the redirect "
                                  "names, if you trust it")
                       .arg(endpoint)
                       .arg(status)
                       .arg(QString::fromUtf8(Http::headerValue(hop.response.headers, "Location").left(200)))};
        else
            r.outcome.error = {ErrorKind::Refused, response.problem};
        // RFC 6749 §5.2 invalid_grant on a refresh: the refresh token is dead (expired, revoked, reused).
        r.outcome.reauthenticate = r.grant == u"refresh_token" && response.error == u"invalid_grant";
        if (r.outcome.reauthenticate)
            r.outcome.error.message += QStringLiteral(". The refresh token is no longer valid: get a new token (a "
                                                      "full re-authentication); refreshing again cannot help.");
        finish();
        return;
    }

    // The new tokens, in memory first: whatever the store says, this session works with them.
    Profiles::Profile& profile = r.outcome.profile;
    const QString sentRefreshToken = profile.sessionSecrets.refreshToken;
    profile.sessionSecrets.token = response.accessToken;
    if (!response.refreshToken.isEmpty()) {
        r.outcome.refreshTokenRotated
            = r.grant == u"refresh_token" && !sentRefreshToken.isEmpty() && response.refreshToken != sentRefreshToken;
        profile.sessionSecrets.refreshToken = response.refreshToken;
    }
    r.outcome.expiresAt = response.expiresIn ? r.now + *response.expiresIn : jwtExpiry(response.accessToken);
    profile.auth.oauth.accessTokenExpiresAt = r.outcome.expiresAt;
    profile.auth.oauth.tokenType = response.tokenType;
    r.outcome.ok = true;
    storeTokens();
}

void TokenService::storeTokens()
{
    Run& r = *m_run;
    const Profiles::Profile& profile = r.outcome.profile;
    // Demo profiles (and ad-hoc ones without an id) are never stored: their tokens live in memory.
    if (!m_store || profile.demo || profile.id.isEmpty()) {
        r.outcome.sessionOnly = true;
        finish();
        return;
    }
    QList<QPair<Auth::SecretField, QString>> writes {{Auth::SecretField::Token, profile.sessionSecrets.token}};
    if (profile.sessionSecrets.refreshToken != r.request.profile.sessionSecrets.refreshToken)
        writes.append({Auth::SecretField::RefreshToken, profile.sessionSecrets.refreshToken});
    auto pending = std::make_shared<int>(int(writes.size()));
    auto failures = std::make_shared<QStringList>();
    for (const auto& [field, value] : writes) {
        m_store->write(Profiles::ProfileSecrets::key(profile.id, field), value, this,
                       [this, field, pending, failures](const Profiles::SecretResult& result) {
                           if (!result.ok())
                               failures->append(
                                   QStringLiteral("%1: %2").arg(Auth::secretFieldLabel(field), result.message));
                           if (--*pending > 0 || !m_run)
                               return;
                           Run& run = *m_run;
                           if (failures->isEmpty()) {
                               run.outcome.stored = true;
                               run.outcome.sessionOnly = !m_store->isPersistent();
                           } else {
                               run.outcome.sessionOnly = true;
                               run.outcome.storeError
                                   = QStringLiteral("The new tokens could not be written to %1 (%2). They are kept in "
                                                    "memory for this session only, never on disk%3.")
                                         .arg(m_store->backendName(), failures->join(QStringLiteral("; ")),
                                              run.outcome.refreshTokenRotated
                                                  ? QStringLiteral(": the refresh token in the keychain is dead now "
                                                                   "(rotation), so after a restart you must sign in "
                                                                   "again")
                                                  : QString());
                               run.outcome.error = {ErrorKind::Keychain, run.outcome.storeError};
                           }
                           finish();
                       });
    }
}

void TokenService::clientFinished(const Http::Exchange& exchange)
{
    if (!m_run || !m_run->next)
        return;
    auto next = std::exchange(m_run->next, nullptr);
    next(exchange);
}

void TokenService::finish()
{
    if (!m_run)
        return;
    std::unique_ptr<Run> run = std::move(m_run);
    qCDebug(lcTokens) << "token run finished:" << run->grant << "ok" << run->outcome.ok << "error"
                      << errorKindName(run->outcome.error.kind);
    if (!run->context)
        return;
    // Always on the event loop (never from inside run()), after the store confirmed its write.
    QTimer::singleShot(0, run->context.data(),
                       [outcome = std::move(run->outcome), done = std::move(run->done)] { done(outcome); });
}

} // namespace Authlens::Workspace
