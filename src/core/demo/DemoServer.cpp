#include "DemoServer.h"

#include "DemoAuthority.h"
#include "DemoAuthorize.h"
#include "DemoAws.h"
#include "DemoDigest.h"
#include "DemoDpop.h"
#include "DemoListener.h"
#include "DemoProfiles.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QUrlQuery>

#include <functional>

namespace Authlens::Demo {

/// One endpoint: the path (matched exactly), the methods it answers (empty = any; GET implies HEAD),
/// and what GET / tells the user about it. Not in the anonymous namespace: DemoServerPrivate holds them.
struct Route
{
    QByteArrayList methods;
    QString path;
    QString auth;
    QString description;
    std::function<DemoResponse(const DemoRequest&)> handler;
};

namespace {

const QByteArray SessionCookie = QByteArrayLiteral("demo_session");
constexpr qint64 SessionLifetimeSeconds = 600;
constexpr int MaxRedirectChain = 50;

enum class BasicResult { Missing, Malformed, Wrong, Valid };

BasicResult checkBasic(const DemoRequest& request)
{
    const QByteArray field = request.header("Authorization");
    if (field.isNull())
        return BasicResult::Missing;
    const qsizetype space = field.indexOf(' ');
    if (space < 0 || field.first(space).compare("Basic", Qt::CaseInsensitive) != 0)
        return BasicResult::Missing; // another scheme: no Basic credentials at all
    const auto decoded
        = QByteArray::fromBase64Encoding(field.sliced(space + 1).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.contains(':'))
        return BasicResult::Malformed;
    const qsizetype colon = decoded.decoded.indexOf(':');
    // charset="UTF-8" in the challenge (RFC 7617 §2.1): the credentials are decoded as UTF-8.
    const QString user = QString::fromUtf8(decoded.decoded.first(colon));
    const QString password = QString::fromUtf8(decoded.decoded.sliced(colon + 1));
    return user == DemoServer::basicUser() && password == DemoServer::basicPassword() ? BasicResult::Valid
                                                                                      : BasicResult::Wrong;
}

DemoResponse basicChallenge(BasicResult result)
{
    DemoResponse response;
    switch (result) {
    case BasicResult::Malformed:
        response = DemoResponse::error(401, QStringLiteral("invalid_request"),
                                       QStringLiteral("The Basic credentials are malformed (base64 of user:password)"));
        break;
    case BasicResult::Wrong:
        response = DemoResponse::error(401, QStringLiteral("invalid_credentials"),
                                       QStringLiteral("Wrong user name or password"));
        break;
    default:
        response = DemoResponse::error(401, QStringLiteral("unauthorized"),
                                       QStringLiteral("This resource needs HTTP Basic credentials"));
        break;
    }
    response.addHeader(QByteArrayLiteral("WWW-Authenticate"),
                       QByteArrayLiteral("Basic realm=\"") + DemoServer::realm().toUtf8()
                           + QByteArrayLiteral("\", charset=\"UTF-8\""));
    return response;
}

QByteArray randomSessionId()
{
    quint32 words[6];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char*>(words), sizeof words)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

/// Only local paths are followed after login: an absolute or scheme-relative `next` would be an open redirect.
QString safeNext(const QString& next)
{
    if (next.startsWith(QLatin1Char('/')) && !next.startsWith(QLatin1String("//")) && !next.contains(QLatin1Char('\\')))
        return next;
    return QStringLiteral("/session/resource");
}

const QByteArray ScopedCookie = QByteArrayLiteral("demo_scoped_session");

/// Two Set-Cookie mistakes servers make (RFC 6265 §5.1.4 path scope, §5.3 step 6 domain), one redirect:
/// the cookie explainer's demonstration.
DemoResponse scopedCookies()
{
    DemoResponse response = DemoResponse::redirect(302, QByteArrayLiteral("/cookies/check"));
    response.addHeader(QByteArrayLiteral("Set-Cookie"),
                       ScopedCookie + '=' + randomSessionId()
                           + QByteArrayLiteral("; Path=/cookies/elsewhere; HttpOnly"));
    response.addHeader(QByteArrayLiteral("Set-Cookie"),
                       QByteArrayLiteral("demo_foreign=1; Domain=example.com; Path=/"));
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

DemoResponse cookieCheck(const DemoRequest& request)
{
    QJsonArray names;
    for (const QByteArray& name : request.cookieNames())
        names.append(QString::fromLatin1(name));
    if (request.cookie(ScopedCookie))
        return DemoResponse::json(200, QJsonObject {{QStringLiteral("cookies"), names}});
    DemoResponse response
        = DemoResponse::error(403, QStringLiteral("cookie_missing"),
                              QStringLiteral("The %1 cookie did not arrive").arg(QString::fromLatin1(ScopedCookie)));
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

} // namespace

class DemoServerPrivate
{
public:
    DemoServerPrivate();

    DemoResponse dispatch(const QList<Route>& routes, const DemoRequest& request, bool secondOrigin);
    QJsonObject index(const QList<Route>& routes, bool secondOrigin) const;

    DemoResponse echo(const DemoRequest& request, bool secondOrigin) const;
    DemoResponse basicResource(const DemoRequest& request) const;
    DemoResponse forbidden(const DemoRequest& request) const;
    DemoResponse bearerResource(const DemoRequest& request, const QString& scope, const QJsonObject& data) const;
    DemoResponse bearerError(int status, const QString& error, const QString& description, const QString& scope,
                             const QString& bodyError) const;
    DemoResponse protectedResourceMetadata() const;
    DemoResponse apiKeyResource(const DemoRequest& request) const;
    DemoResponse sessionResource(const DemoRequest& request);
    DemoResponse loginForm(const DemoRequest& request) const;
    DemoResponse login(const DemoRequest& request);
    DemoResponse logout(const DemoRequest& request);
    DemoResponse redirectChain(const DemoRequest& request) const;
    DemoResponse rateLimited() const;
    DemoResponse noChallenge() const;
    DemoResponse bytes(const DemoRequest& request) const;

    QString base() const { return baseUrl.toString(QUrl::FullyEncoded); }
    QString resourceMetadataUrl() const { return base() + QStringLiteral("/.well-known/oauth-protected-resource"); }
    bool sessionValid(const DemoRequest& request);

    DemoAuthority authority;
    DemoAuthorize authorize {authority}; ///< /authorize and the authorization_code grant (issue 11)
    QJsonObject metadata() const
    {
        QJsonObject m = authority.metadata();
        DemoAuthorize::addMetadata(m, authority.issuer());
        return m;
    }
    std::unique_ptr<DemoListener> mainListener;
    std::unique_ptr<DemoListener> secondListener;
    QUrl baseUrl;
    QUrl secondUrl;
    QString error;
    QList<Route> mainRoutes;
    QList<Route> secondRoutes;
    QHash<QByteArray, QDateTime> sessions; ///< session id → expiry (server clock)
    DemoDigest digest {[this] { return authority.now(); }};
    DemoDpop dpop {[this] { return authority.now(); }};
    DemoAws aws {[this] { return authority.now(); }};
    DemoResponse tokenEndpoint(const DemoRequest& request);
};

DemoServerPrivate::DemoServerPrivate()
{
    const QString basicAuth = QStringLiteral("Basic %1 / %2").arg(DemoServer::basicUser(), DemoServer::basicPassword());
    const auto bearer = [](const QString& scope) { return QStringLiteral("Bearer JWT with scope %1").arg(scope); };
    const QByteArrayList get {QByteArrayLiteral("GET")};
    const QByteArrayList post {QByteArrayLiteral("POST")};

    mainRoutes = {
        {get, QStringLiteral("/"), QStringLiteral("none"), QStringLiteral("This index of every endpoint"),
         [this](const DemoRequest&) { return DemoResponse::json(200, index(mainRoutes, false)); }},
        {{},
         QStringLiteral("/echo"),
         QStringLiteral("none"),
         QStringLiteral("Describes exactly what arrived: method, path, query, headers, credentials"),
         [this](const DemoRequest& r) { return echo(r, false); }},
        {get, QStringLiteral("/basic/resource"), basicAuth,
         QStringLiteral("HTTP Basic (RFC 7617): 401 with a Basic challenge until the demo credentials arrive"),
         [this](const DemoRequest& r) { return basicResource(r); }},
        {get, QStringLiteral("/digest/md5"), basicAuth,
         QStringLiteral("HTTP Digest (RFC 7616), MD5, qop=auth: 401 with a Digest challenge until a right response"),
         [this](const DemoRequest& r) { return digest.handle(r, Auth::DigestAlgorithm::Md5, false); }},
        {get, QStringLiteral("/digest/sha256"), basicAuth,
         QStringLiteral("HTTP Digest (RFC 7616), SHA-256, qop=auth; Authentication-Info with rspauth on success"),
         [this](const DemoRequest& r) { return digest.handle(r, Auth::DigestAlgorithm::Sha256, false); }},
        {get, QStringLiteral("/digest/stale"), basicAuth,
         QStringLiteral("Digest SHA-256 that answers the first right response to each nonce with stale=true"),
         [this](const DemoRequest& r) { return digest.handle(r, Auth::DigestAlgorithm::Sha256, true); }},
        {get, QStringLiteral("/forbidden"), basicAuth,
         QStringLiteral("403: authenticated with the demo Basic credentials, but no permission (no challenge)"),
         [this](const DemoRequest& r) { return forbidden(r); }},
        {get, QStringLiteral("/api/profile"), bearer(QStringLiteral("profile:read")),
         QStringLiteral("Bearer JWT resource (RFC 6750): checks signature, issuer, audience, expiry and scope"),
         [this](const DemoRequest& r) {
             return bearerResource(r, QStringLiteral("profile:read"),
                                   QJsonObject {{QStringLiteral("name"), QStringLiteral("Demo User")},
                                                {QStringLiteral("email"), QStringLiteral("demo@authlens.invalid")}});
         }},
        {get, QStringLiteral("/api/orders"), bearer(QStringLiteral("orders:read")),
         QStringLiteral("Bearer JWT resource that needs scope orders:read"),
         [this](const DemoRequest& r) {
             return bearerResource(
                 r, QStringLiteral("orders:read"),
                 QJsonObject {{QStringLiteral("orders"),
                               QJsonArray {QJsonObject {{QStringLiteral("id"), 1001}, {QStringLiteral("total"), 42.5}},
                                           QJsonObject {{QStringLiteral("id"), 1002}, {QStringLiteral("total"), 7}}}}});
         }},
        {get, QStringLiteral("/api/admin"), bearer(QStringLiteral("admin")),
         QStringLiteral("Bearer JWT resource that needs scope admin: 403 insufficient_scope for ordinary tokens"),
         [this](const DemoRequest& r) {
             return bearerResource(r, QStringLiteral("admin"), QJsonObject {{QStringLiteral("admin"), true}});
         }},
        {get, QStringLiteral("/apikey/resource"), QStringLiteral("X-API-Key: %1").arg(DemoServer::apiKey()),
         QStringLiteral("API key in the X-API-Key header (or the api_key query parameter)"),
         [this](const DemoRequest& r) { return apiKeyResource(r); }},
        {{},
         QStringLiteral("/aws/resource"),
         QStringLiteral("AWS Signature v4: %1 (or the temporary %2 with its session token), %3/%4")
             .arg(DemoAws::accessKeyId(), DemoAws::temporaryAccessKeyId(), DemoAws::region(), DemoAws::service()),
         QStringLiteral("An IAM-protected API Gateway method: recomputes the signature and refuses as API Gateway "
                        "does (wrong key, region, service, clock, or a request changed after signing)"),
         [this](const DemoRequest& r) { return aws.handle(r); }},
        {get, QStringLiteral("/session/resource"), QStringLiteral("cookie demo_session"),
         QStringLiteral("Cookie session: 302 to the login page without a valid session cookie"),
         [this](const DemoRequest& r) { return sessionResource(r); }},
        {{QByteArrayLiteral("GET"), QByteArrayLiteral("POST")},
         QStringLiteral("/session/login"),
         QStringLiteral("form user/password: %1 / %2").arg(DemoServer::basicUser(), DemoServer::basicPassword()),
         QStringLiteral("GET: an HTML login form; POST (form user, password, next): sets the session cookie, "
                        "302 to next"),
         [this](const DemoRequest& r) { return r.method == "POST" ? login(r) : loginForm(r); }},
        {get, QStringLiteral("/session/logout"), QStringLiteral("cookie demo_session"),
         QStringLiteral("Ends the session and clears the cookie"), [this](const DemoRequest& r) { return logout(r); }},
        {get, QStringLiteral("/cookies/scoped"), QStringLiteral("none"),
         QStringLiteral("The cookie explainer's case: sets demo_scoped_session with Path=/cookies/elsewhere (stored, "
                        "but not on the path of what follows) and demo_foreign with Domain=example.com (refused: "
                        "not this host), then 302 to /cookies/check"),
         [](const DemoRequest&) { return scopedCookies(); }},
        {get, QStringLiteral("/cookies/check"), QStringLiteral("cookie demo_scoped_session"),
         QStringLiteral("200 when demo_scoped_session arrived, else 403 cookie_missing with the names that did"),
         [](const DemoRequest& r) { return cookieCheck(r); }},
        {get, QStringLiteral("/redirect/cross-origin"), QStringLiteral("none"),
         QStringLiteral("302 to /echo on the second origin (another port): credentials must not follow"),
         [this](const DemoRequest&) {
             return DemoResponse::redirect(302,
                                           (secondUrl.toString(QUrl::FullyEncoded) + QStringLiteral("/echo")).toUtf8());
         }},
        {get, QStringLiteral("/redirect/same-origin"), QStringLiteral("none"), QStringLiteral("302 to /echo"),
         [](const DemoRequest&) { return DemoResponse::redirect(302, QByteArrayLiteral("/echo")); }},
        {get, QStringLiteral("/redirect/chain"), QStringLiteral("none"),
         QStringLiteral("?n=N: N redirects in a row, then /echo"),
         [this](const DemoRequest& r) { return redirectChain(r); }},
        {get, QStringLiteral("/redirect/loop"), QStringLiteral("none"), QStringLiteral("302 to itself, forever"),
         [](const DemoRequest&) { return DemoResponse::redirect(302, QByteArrayLiteral("/redirect/loop")); }},
        {get, QStringLiteral("/ratelimited"), QStringLiteral("none"),
         QStringLiteral("429 Too Many Requests with Retry-After and RateLimit headers"),
         [this](const DemoRequest&) { return rateLimited(); }},
        {get, QStringLiteral("/nochallenge"), QStringLiteral("none"),
         QStringLiteral("401 without WWW-Authenticate: a misconfigured server"),
         [this](const DemoRequest&) { return noChallenge(); }},
        {get, QStringLiteral("/bytes"), QStringLiteral("none"),
         QStringLiteral("?n=N: N bytes of application/octet-stream (byte i = i mod 256), at most 256 MiB"),
         [this](const DemoRequest& r) { return bytes(r); }},
        {post, QStringLiteral("/oauth/token"),
         QStringLiteral("client %1 / %2 (HTTP Basic or form)").arg(DemoServer::clientId(), DemoServer::clientSecret()),
         QStringLiteral("OAuth 2 token endpoint: client_credentials, password, refresh_token (rotating)"),
         [this](const DemoRequest& r) {
             if (std::optional<DemoResponse> code = authorize.tokenRequest(r))
                 return *code;
             return tokenEndpoint(r);
         }},
        {get, QStringLiteral("/dpop/resource"), QStringLiteral("DPoP-bound JWT (RFC 9449) with a DPoP proof"),
         QStringLiteral("DPoP resource: Authorization: DPoP with a token bound to the proof's key (cnf.jkt), a "
                        "proof checked fully (RFC 9449 §4.3), a rotating server nonce (401 use_dpop_nonce first)"),
         [this](const DemoRequest& r) {
             return dpop.resource(r, QUrl(base() + QStringLiteral("/dpop/resource")), authority);
         }},
        {post, QStringLiteral("/oauth/device_authorization"), QStringLiteral("public device clients (client_id only)"),
         QStringLiteral("RFC 8628 device authorization: authlens-device (5 s), -fast (1 s), -slow (slow_down), "
                        "-short (expires in 2 s)"),
         [this](const DemoRequest& r) { return authority.device().authorize(r, authority.issuer()); }},
        {{QByteArrayLiteral("GET"), QByteArrayLiteral("POST")},
         QStringLiteral("/device"),
         QStringLiteral("none"),
         QStringLiteral("Where the user enters the device's code (?user_code= prefills it) and approves or denies it"),
         [this](const DemoRequest& r) { return authority.device().page(r); }},
        {{QByteArrayLiteral("GET"), QByteArrayLiteral("POST")},
         QStringLiteral("/authorize"),
         QStringLiteral("signed in as %1; clients %2 (confidential) and %3 (public, PKCE S256 required)")
             .arg(DemoServer::basicUser(), DemoServer::clientId(), DemoAuthorize::publicClientId()),
         QStringLiteral("OAuth 2 authorization endpoint (RFC 6749 §4.1): a consent page with Approve / Deny, then a "
                        "redirect to http://127.0.0.1:ANY-PORT/callback with a one-time code (RFC 8252 §7.3)"),
         [this](const DemoRequest& r) { return r.method == "POST" ? authorize.decide(r) : authorize.authorize(r); }},
        {get, QStringLiteral("/.well-known/openid-configuration"), QStringLiteral("none"),
         QStringLiteral("OpenID Connect discovery document"),
         [this](const DemoRequest&) { return DemoResponse::json(200, metadata()); }},
        {get, QStringLiteral("/.well-known/oauth-authorization-server"), QStringLiteral("none"),
         QStringLiteral("OAuth 2 authorization server metadata (RFC 8414), same content"),
         [this](const DemoRequest&) { return DemoResponse::json(200, metadata()); }},
        {get, QStringLiteral("/.well-known/jwks.json"), QStringLiteral("none"),
         QStringLiteral("The token signing key as a JWK Set (only the current key)"),
         [this](const DemoRequest&) { return DemoResponse::json(200, authority.jwks()); }},
        {get, QStringLiteral("/.well-known/oauth-protected-resource"), QStringLiteral("none"),
         QStringLiteral("Protected resource metadata (RFC 9728) of the Bearer resources"),
         [this](const DemoRequest&) { return protectedResourceMetadata(); }},
    };

    secondRoutes = {
        {get, QStringLiteral("/"), QStringLiteral("none"),
         QStringLiteral("This index: the second origin of the demo API (the target of cross-origin redirects)"),
         [this](const DemoRequest&) { return DemoResponse::json(200, index(secondRoutes, true)); }},
        {{},
         QStringLiteral("/echo"),
         QStringLiteral("none"),
         QStringLiteral("Describes exactly what arrived: method, path, query, headers, credentials"),
         [this](const DemoRequest& r) { return echo(r, true); }},
    };
}

DemoResponse DemoServerPrivate::tokenEndpoint(const DemoRequest& request)
{
    // RFC 9449 §5, §8: a DPoP proof asks for DPoP-bound tokens; it must carry the server's nonce.
    const DemoDpop::Gate gate = dpop.tokenRequest(request, QUrl(base() + QStringLiteral("/oauth/token")));
    if (gate.refusal)
        return *gate.refusal;
    DemoResponse response = authority.tokenEndpoint(request, gate.jkt);
    if (!gate.jkt.isEmpty())
        dpop.addTokenNonce(response);
    return response;
}

DemoResponse DemoServerPrivate::dispatch(const QList<Route>& routes, const DemoRequest& request, bool secondOrigin)
{
    const QString path = request.path();
    for (const Route& route : routes) {
        if (route.path != path)
            continue;
        const QByteArray method = request.method == "HEAD" ? QByteArrayLiteral("GET") : request.method;
        if (!route.methods.isEmpty() && !route.methods.contains(method)) {
            QByteArrayList allowed = route.methods;
            if (allowed.contains("GET"))
                allowed.append(QByteArrayLiteral("HEAD"));
            DemoResponse response = DemoResponse::error(
                405, QStringLiteral("method_not_allowed"),
                QStringLiteral("%1 accepts %2").arg(path, QString::fromLatin1(allowed.join(", "))));
            response.addHeader(QByteArrayLiteral("Allow"), allowed.join(", "));
            return response;
        }
        return route.handler(request);
    }
    DemoResponse response = DemoResponse::error(
        404, QStringLiteral("not_found"),
        QStringLiteral("No endpoint %1 on this %2; GET / lists them all")
            .arg(path, secondOrigin ? QStringLiteral("second origin") : QStringLiteral("server")));
    return response;
}

QJsonObject DemoServerPrivate::index(const QList<Route>& routes, bool secondOrigin) const
{
    QJsonArray endpoints;
    for (const Route& route : routes) {
        QJsonArray methods;
        for (const QByteArray& method : route.methods)
            methods.append(QString::fromLatin1(method));
        endpoints.append(QJsonObject {
            {QStringLiteral("path"), route.path},
            {QStringLiteral("methods"), route.methods.isEmpty() ? QJsonArray {QStringLiteral("any")} : methods},
            {QStringLiteral("auth"), route.auth},
            {QStringLiteral("description"), route.description},
        });
    }
    QJsonObject result {
        {QStringLiteral("name"),
         secondOrigin ? QStringLiteral("Authlens demo API (second origin)") : QStringLiteral("Authlens demo API")},
        {QStringLiteral("base_url"), secondOrigin ? secondUrl.toString() : base()},
        {QStringLiteral("second_origin"), secondUrl.toString()},
        {QStringLiteral("endpoints"), endpoints},
    };
    if (!secondOrigin) {
        // Public demo credentials: printing them here is the point.
        result.insert(QStringLiteral("credentials"),
                      QJsonObject {
                          {QStringLiteral("basic_user"), DemoServer::basicUser()},
                          {QStringLiteral("basic_password"), DemoServer::basicPassword()},
                          {QStringLiteral("api_key"), DemoServer::apiKey()},
                          {QStringLiteral("client_id"), DemoServer::clientId()},
                          {QStringLiteral("client_secret"), DemoServer::clientSecret()},
                          {QStringLiteral("audience"), DemoServer::audience()},
                      });
        result.insert(QStringLiteral("issuer"), authority.issuer());
        // RFC 7523 clients (issue 11): the public key the token endpoint registered, and the HS256 secret.
        result.insert(QStringLiteral("client_assertion_clients"),
                      QJsonObject {
                          {QStringLiteral("private_key_jwt"),
                           QJsonObject {{QStringLiteral("client_id"), DemoClientAssertion::keyClientId()},
                                        {QStringLiteral("jwk"), authority.clientAssertion().publicJwk()}}},
                          {QStringLiteral("client_secret_jwt"),
                           QJsonObject {{QStringLiteral("client_id"), DemoClientAssertion::secretClientId()},
                                        {QStringLiteral("client_secret"), DemoClientAssertion::secretClientSecret()}}},
                      });
    }
    return result;
}

DemoResponse DemoServerPrivate::echo(const DemoRequest& request, bool secondOrigin) const
{
    // Field bytes map to Latin-1 one to one, so every byte that arrived survives in the JSON.
    QJsonArray headers;
    for (const auto& field : request.headers)
        headers.append(QJsonObject {{QStringLiteral("name"), QString::fromLatin1(field.first)},
                                    {QStringLiteral("value"), QString::fromLatin1(field.second)}});

    // Which credentials arrived (names only; the scheme for the authorization fields): the evidence
    // that a cross-origin hop carried none.
    QJsonArray credentials;
    for (const QByteArray& name : {QByteArrayLiteral("Authorization"), QByteArrayLiteral("Proxy-Authorization")}) {
        for (const QByteArray& value : request.headerValues(name)) {
            const qsizetype space = value.indexOf(' ');
            credentials.append(
                QJsonObject {{QStringLiteral("in"), QStringLiteral("header")},
                             {QStringLiteral("name"), QString::fromLatin1(name)},
                             {QStringLiteral("scheme"), QString::fromLatin1(space < 0 ? value : value.first(space))}});
        }
    }
    if (!request.headerValues("Cookie").isEmpty()) {
        QJsonArray names;
        for (const QByteArray& name : request.cookieNames())
            names.append(QString::fromLatin1(name));
        credentials.append(QJsonObject {{QStringLiteral("in"), QStringLiteral("header")},
                                        {QStringLiteral("name"), QStringLiteral("Cookie")},
                                        {QStringLiteral("cookies"), names}});
    }
    if (!request.headerValues("X-API-Key").isEmpty())
        credentials.append(QJsonObject {{QStringLiteral("in"), QStringLiteral("header")},
                                        {QStringLiteral("name"), QStringLiteral("X-API-Key")}});
    for (const QString& parameter : {QStringLiteral("api_key"), QStringLiteral("access_token")}) {
        if (request.queryItem(parameter))
            credentials.append(
                QJsonObject {{QStringLiteral("in"), QStringLiteral("query")}, {QStringLiteral("name"), parameter}});
    }

    QJsonArray queryItems;
    const auto items = QUrlQuery(request.url).queryItems(QUrl::FullyDecoded);
    for (const auto& item : items)
        queryItems.append(QJsonObject {{QStringLiteral("name"), item.first}, {QStringLiteral("value"), item.second}});

    QJsonObject result {
        {QStringLiteral("origin"), secondOrigin ? secondUrl.toString() : base()},
        {QStringLiteral("method"), QString::fromLatin1(request.method)},
        {QStringLiteral("path"), request.url.path(QUrl::FullyEncoded)},
        {QStringLiteral("query"), request.url.query(QUrl::FullyEncoded)},
        {QStringLiteral("query_items"), queryItems},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("credentials"), credentials},
        {QStringLiteral("body_size"), qint64(request.body.size())},
    };
    return DemoResponse::json(200, result);
}

DemoResponse DemoServerPrivate::basicResource(const DemoRequest& request) const
{
    const BasicResult result = checkBasic(request);
    if (result != BasicResult::Valid)
        return basicChallenge(result);
    return DemoResponse::json(200,
                              QJsonObject {{QStringLiteral("authenticated"), true},
                                           {QStringLiteral("user"), DemoServer::basicUser()},
                                           {QStringLiteral("scheme"), QStringLiteral("Basic")}});
}

DemoResponse DemoServerPrivate::forbidden(const DemoRequest& request) const
{
    const BasicResult result = checkBasic(request);
    if (result != BasicResult::Valid)
        return basicChallenge(result);
    // Known user, no permission: 403 without a challenge (new credentials would not help).
    return DemoResponse::json(403,
                              QJsonObject {{QStringLiteral("error"), QStringLiteral("forbidden")},
                                           {QStringLiteral("detail"), QStringLiteral("user demo lacks role admin")}});
}

DemoResponse DemoServerPrivate::bearerError(int status, const QString& error, const QString& description,
                                            const QString& scope, const QString& bodyError) const
{
    // RFC 6750 §3 challenge, with RFC 9728 §5.1 resource_metadata so a client can discover the
    // authorization server from the 401 alone.
    QByteArray challenge = QByteArrayLiteral("Bearer realm=") + quotedString(DemoServer::realm());
    if (!error.isEmpty())
        challenge += QByteArrayLiteral(", error=") + quotedString(error);
    if (!scope.isEmpty())
        challenge += QByteArrayLiteral(", scope=") + quotedString(scope);
    if (!error.isEmpty() && !description.isEmpty())
        challenge += QByteArrayLiteral(", error_description=") + quotedString(description);
    challenge += QByteArrayLiteral(", resource_metadata=") + quotedString(resourceMetadataUrl());

    QJsonObject body {{QStringLiteral("error"), error.isEmpty() ? bodyError : error},
                      {QStringLiteral("error_description"), description}};
    if (!scope.isEmpty())
        body.insert(QStringLiteral("scope"), scope);
    DemoResponse response = DemoResponse::json(status, body);
    response.addHeader(QByteArrayLiteral("WWW-Authenticate"), challenge);
    return response;
}

DemoResponse DemoServerPrivate::bearerResource(const DemoRequest& request, const QString& scope,
                                               const QJsonObject& data) const
{
    using Outcome = DemoAuthority::BearerCheck::Outcome;
    const DemoAuthority::BearerCheck check = authority.checkBearer(request);
    switch (check.outcome) {
    case Outcome::NoToken:
        // RFC 6750 §3.1: no error code when the request carried no Bearer credentials.
        return bearerError(401, QString(), check.description, QString(), QStringLiteral("unauthorized"));
    case Outcome::InvalidRequest:
        return bearerError(400, QStringLiteral("invalid_request"), check.description, QString(), QString());
    case Outcome::InvalidToken:
        return bearerError(401, QStringLiteral("invalid_token"), check.description, QString(), QString());
    case Outcome::Valid:
        break;
    }
    if (!check.scopes.contains(scope))
        return bearerError(
            403, QStringLiteral("insufficient_scope"),
            QStringLiteral("The access token lacks scope %1 (it has: %2)")
                .arg(scope, check.scopes.isEmpty() ? QStringLiteral("none") : check.scopes.join(QLatin1Char(' '))),
            scope, QString());
    QJsonObject body = data;
    body.insert(QStringLiteral("subject"), check.subject);
    body.insert(QStringLiteral("scope"), check.scopes.join(QLatin1Char(' ')));
    body.insert(QStringLiteral("client_id"), check.claims.value(QLatin1String("client_id")));
    return DemoResponse::json(200, body);
}

DemoResponse DemoServerPrivate::protectedResourceMetadata() const
{
    return DemoResponse::json(
        200,
        QJsonObject {
            // RFC 9728 §3.3: the resource identifier is the URL the metadata was derived from.
            {QStringLiteral("resource"), base()},
            {QStringLiteral("resource_name"), QStringLiteral("Authlens demo API")},
            {QStringLiteral("authorization_servers"), QJsonArray {authority.issuer()}},
            {QStringLiteral("scopes_supported"),
             QJsonArray {QStringLiteral("profile:read"), QStringLiteral("orders:read"), QStringLiteral("admin")}},
            {QStringLiteral("bearer_methods_supported"), QJsonArray {QStringLiteral("header")}},
            {QStringLiteral("resource_documentation"), QString(base() + QStringLiteral("/"))},
        });
}

DemoResponse DemoServerPrivate::apiKeyResource(const DemoRequest& request) const
{
    const QList<QByteArray> headerKeys = request.headerValues("X-API-Key");
    const std::optional<QString> queryKey = request.queryItem(QStringLiteral("api_key"));
    DemoResponse response;
    if (headerKeys.isEmpty() && !queryKey) {
        response = DemoResponse::error(401, QStringLiteral("missing_api_key"),
                                       QStringLiteral("Send the API key in the X-API-Key header"));
    } else {
        const QString key = !headerKeys.isEmpty() ? QString::fromUtf8(headerKeys.first()) : *queryKey;
        if (key == DemoServer::apiKey())
            return DemoResponse::json(
                200,
                QJsonObject {{QStringLiteral("authenticated"), true},
                             {QStringLiteral("scheme"), QStringLiteral("api-key")},
                             {QStringLiteral("key_from"),
                              !headerKeys.isEmpty() ? QStringLiteral("header") : QStringLiteral("query")}});
        response
            = DemoResponse::error(401, QStringLiteral("invalid_api_key"), QStringLiteral("The API key is not valid"));
    }
    // Not a registered HTTP authentication scheme: "ApiKey" is a convention many API gateways use
    // to say where the key goes. Clients cannot perform it; they can only read it.
    response.addHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("ApiKey header=\"X-API-Key\""));
    return response;
}

bool DemoServerPrivate::sessionValid(const DemoRequest& request)
{
    const std::optional<QByteArray> id = request.cookie(SessionCookie);
    if (!id)
        return false;
    const auto it = sessions.find(*id);
    if (it == sessions.end())
        return false;
    if (authority.now() > *it) {
        sessions.erase(it);
        return false;
    }
    return true;
}

DemoResponse DemoServerPrivate::sessionResource(const DemoRequest& request)
{
    if (!sessionValid(request)) {
        DemoResponse response = DemoResponse::redirect(302, QByteArrayLiteral("/session/login?next=/session/resource"));
        response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
        return response;
    }
    const qint64 left = authority.now().secsTo(sessions.value(*request.cookie(SessionCookie)));
    return DemoResponse::json(200,
                              QJsonObject {{QStringLiteral("authenticated"), true},
                                           {QStringLiteral("user"), DemoServer::basicUser()},
                                           {QStringLiteral("scheme"), QStringLiteral("cookie")},
                                           {QStringLiteral("session_expires_in"), left}});
}

DemoResponse DemoServerPrivate::loginForm(const DemoRequest& request) const
{
    const QString next = safeNext(request.queryItem(QStringLiteral("next")).value_or(QString()));
    const QString page = QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Authlens demo "
                                        "login</title></head>\n<body><h1>Sign in</h1>\n"
                                        "<form method=\"post\" action=\"/session/login\">\n"
                                        "<input type=\"hidden\" name=\"next\" value=\"%1\">\n"
                                        "<label>User <input name=\"user\"></label>\n"
                                        "<label>Password <input name=\"password\" type=\"password\"></label>\n"
                                        "<button type=\"submit\">Sign in</button>\n</form>\n"
                                        "<p>Demo credentials: %2 / %3</p></body></html>\n")
                             .arg(next.toHtmlEscaped(), DemoServer::basicUser(), DemoServer::basicPassword());
    DemoResponse response = DemoResponse::html(200, page);
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

DemoResponse DemoServerPrivate::login(const DemoRequest& request)
{
    QString user;
    QString password;
    QString next;
    const auto items = request.formItems();
    for (const auto& item : items) {
        if (item.first == QLatin1String("user"))
            user = item.second;
        else if (item.first == QLatin1String("password"))
            password = item.second;
        else if (item.first == QLatin1String("next"))
            next = item.second;
    }
    if (user != DemoServer::basicUser() || password != DemoServer::basicPassword()) {
        // Like most web frameworks: the form again with a message, 200, no cookie.
        DemoResponse response = DemoResponse::html(
            200,
            QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Authlens demo login"
                           "</title></head>\n<body><h1>Sign in</h1><p class=\"error\">Wrong user name or "
                           "password.</p>\n<p><a href=\"/session/login\">Try again</a></p></body></html>\n"));
        response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
        return response;
    }
    // Drop expired sessions now and then, so a long-running demo does not accumulate them.
    const QDateTime now = authority.now();
    sessions.removeIf([&now](const auto& entry) { return now > entry.value(); });
    const QByteArray id = randomSessionId();
    sessions.insert(id, now.addSecs(SessionLifetimeSeconds));
    DemoResponse response
        = DemoResponse::redirect(302, safeNext(next.isEmpty() ? QStringLiteral("/session/resource") : next).toUtf8());
    // No Secure attribute: the demo runs over plain http on loopback, where a Secure cookie would never be sent.
    response.addHeader(QByteArrayLiteral("Set-Cookie"),
                       SessionCookie + '=' + id
                           + QByteArrayLiteral("; Path=/session; HttpOnly; "
                                               "SameSite=Lax; Max-Age=")
                           + QByteArray::number(SessionLifetimeSeconds));
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

DemoResponse DemoServerPrivate::logout(const DemoRequest& request)
{
    const std::optional<QByteArray> id = request.cookie(SessionCookie);
    const bool ended = id && sessions.remove(*id) > 0;
    DemoResponse response = DemoResponse::json(200, QJsonObject {{QStringLiteral("logged_out"), ended}});
    response.addHeader(QByteArrayLiteral("Set-Cookie"),
                       SessionCookie + QByteArrayLiteral("=; Path=/session; HttpOnly; SameSite=Lax; Max-Age=0"));
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

DemoResponse DemoServerPrivate::redirectChain(const DemoRequest& request) const
{
    bool ok = false;
    const int n = request.queryItem(QStringLiteral("n")).value_or(QStringLiteral("1")).toInt(&ok);
    if (!ok || n < 0 || n > MaxRedirectChain)
        return DemoResponse::error(400, QStringLiteral("invalid_request"),
                                   QStringLiteral("n must be a number from 0 to %1").arg(MaxRedirectChain));
    if (n == 0)
        return echo(request, false);
    if (n == 1)
        return DemoResponse::redirect(302, QByteArrayLiteral("/echo"));
    return DemoResponse::redirect(302, QByteArrayLiteral("/redirect/chain?n=") + QByteArray::number(n - 1));
}

DemoResponse DemoServerPrivate::rateLimited() const
{
    DemoResponse response
        = DemoResponse::error(429, QStringLiteral("rate_limited"), QStringLiteral("Too many requests; retry in 30 s"));
    response.addHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("30"));
    // The widely deployed RateLimit-* fields (draft-ietf-httpapi-ratelimit-headers) and the policy.
    response.addHeader(QByteArrayLiteral("RateLimit-Limit"), QByteArrayLiteral("10"));
    response.addHeader(QByteArrayLiteral("RateLimit-Remaining"), QByteArrayLiteral("0"));
    response.addHeader(QByteArrayLiteral("RateLimit-Reset"), QByteArrayLiteral("30"));
    response.addHeader(QByteArrayLiteral("RateLimit-Policy"), QByteArrayLiteral("10;w=60"));
    return response;
}

DemoResponse DemoServerPrivate::noChallenge() const
{
    // Deliberately broken: RFC 9110 §15.5.2 requires WWW-Authenticate on a 401.
    return DemoResponse::error(401, QStringLiteral("unauthorized"), QStringLiteral("Authentication required"));
}

DemoResponse DemoServerPrivate::bytes(const DemoRequest& request) const
{
    bool ok = false;
    const qint64 n = request.queryItem(QStringLiteral("n")).value_or(QStringLiteral("0")).toLongLong(&ok);
    if (!ok || n < 0 || n > DemoServer::MaxGeneratedBytes)
        return DemoResponse::error(
            400, QStringLiteral("invalid_request"),
            QStringLiteral("n must be a number of bytes from 0 to %1").arg(DemoServer::MaxGeneratedBytes));
    DemoResponse response;
    response.addHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/octet-stream"));
    response.generatedBodySize = n;
    return response;
}

// ---- DemoServer ----

DemoServer::DemoServer(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<DemoServerPrivate>())
{
}

DemoServer::~DemoServer() = default;

bool DemoServer::start(quint16 port)
{
    if (isListening()) {
        d->error = QStringLiteral("the demo API is already listening on %1").arg(d->base());
        return false;
    }
    const auto clock = [this] { return d->authority.now(); };
    auto main = std::make_unique<DemoListener>(
        [this](const DemoRequest& request) { return d->dispatch(d->mainRoutes, request, false); }, clock);
    auto second = std::make_unique<DemoListener>(
        [this](const DemoRequest& request) { return d->dispatch(d->secondRoutes, request, true); }, clock);
    QString error;
    if (!main->listenLocal(port, &error) || !second->listenLocal(0, &error)) {
        d->error = error;
        return false;
    }
    d->mainListener = std::move(main);
    d->secondListener = std::move(second);
    d->baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(d->mainListener->port()));
    d->secondUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(d->secondListener->port()));
    d->authority.setIssuer(d->base());
    d->error.clear();
    return true;
}

void DemoServer::stop()
{
    d->mainListener.reset();
    d->secondListener.reset();
}

QString DemoServer::errorString() const
{
    return d->error;
}

bool DemoServer::isListening() const
{
    return d->mainListener != nullptr;
}

QUrl DemoServer::baseUrl() const
{
    return d->baseUrl;
}

QUrl DemoServer::secondOriginUrl() const
{
    return d->secondUrl;
}

void DemoServer::rotateSigningKey()
{
    d->authority.rotateKey();
}

QString DemoServer::currentKeyId() const
{
    return d->authority.keyId();
}

QString DemoServer::mintAccessToken(const QString& subject, const QStringList& scopes, qint64 lifetimeSeconds,
                                    const QString& audience) const
{
    return d->authority.mintAccessToken(subject, scopes, lifetimeSeconds,
                                        audience.isEmpty() ? DemoServer::audience() : audience, clientId());
}

QString DemoServer::mintRefreshToken(const QString& subject, const QStringList& scopes) const
{
    return d->authority.issueRefreshToken(clientId(), subject, scopes);
}

QString DemoServer::mintIdToken(const QString& subject, qint64 lifetimeSeconds) const
{
    return d->authority.mintIdToken(subject, clientId(), lifetimeSeconds);
}

QString DemoServer::signToken(const QJsonObject& claims, const QString& type) const
{
    return d->authority.signToken(claims, type);
}

void DemoServer::setClockOffset(qint64 seconds)
{
    d->authority.setClockOffset(seconds);
}

qint64 DemoServer::clockOffset() const
{
    return d->authority.clockOffset();
}

void DemoServer::setAccessTokenLifetime(qint64 seconds)
{
    d->authority.setAccessTokenLifetime(seconds);
}

QString DemoServer::realm()
{
    return QStringLiteral("authlens-demo");
}

QString DemoServer::digestRealm()
{
    return QStringLiteral("authlens-demo-digest@127.0.0.1");
}

QString DemoServer::basicUser()
{
    return QStringLiteral("demo");
}

QString DemoServer::basicPassword()
{
    return QStringLiteral("demo-password");
}

QString DemoServer::apiKey()
{
    return QStringLiteral("demo-api-key-4f8a2c9e71b3");
}

QString DemoServer::clientId()
{
    return QStringLiteral("authlens-demo-client");
}

QString DemoServer::clientSecret()
{
    return QStringLiteral("demo-client-secret");
}

QString DemoServer::audience()
{
    return QStringLiteral("https://api.authlens.demo");
}

QByteArray DemoServer::clientAssertionKeyPem() const
{
    return d->authority.clientAssertion().privateKeyPem();
}

QList<Profiles::Profile> DemoServer::profiles() const
{
    return demoProfiles(*this);
}

} // namespace Authlens::Demo
