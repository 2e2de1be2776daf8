#include "DemoAuthorize.h"

#include "DemoAuthority.h"
#include "DemoServer.h"
#include "jwt/Base64Url.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QUrlQuery>

namespace Authlens::Demo {

namespace {

QString randomValue()
{
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(words), sizeof words)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString s256(const QString& verifier)
{
    return QString::fromLatin1(
        Jwt::base64UrlEncode(QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)));
}

DemoResponse noStore(DemoResponse response)
{
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.addHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
    return response;
}

/// RFC 6749 §4.1.2.1: with a client or redirect URI it cannot trust, the server must not redirect: it tells
/// the user on a page of its own.
DemoResponse errorPage(const QString& title, const QString& message)
{
    return noStore(DemoResponse::html(
        400,
        QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title></head><body>"
                       "<h1>%1</h1><p id=\"error\">%2</p></body></html>")
            .arg(title.toHtmlEscaped(), message.toHtmlEscaped())));
}

bool knownClient(const QString& clientId)
{
    return clientId == DemoServer::clientId() || clientId == DemoAuthorize::publicClientId();
}

/// RFC 8252 §7.3: a loopback IP literal with any port; the registered path is /callback.
bool allowedRedirect(const QString& uri)
{
    const QUrl url(uri, QUrl::StrictMode);
    return url.isValid() && url.scheme() == u"http" && (url.host() == u"127.0.0.1" || url.host() == u"::1")
        && url.path() == u"/callback" && !url.hasFragment() && url.userInfo().isEmpty();
}

QString clientName(const QString& clientId)
{
    return clientId == DemoAuthorize::publicClientId() ? QStringLiteral("Authlens demo (public client)")
                                                       : QStringLiteral("Authlens demo (confidential client)");
}

} // namespace

DemoAuthorize::DemoAuthorize(DemoAuthority& authority)
    : m_authority(authority)
{
}

QString DemoAuthorize::publicClientId()
{
    return QStringLiteral("authlens-demo-public");
}

DemoResponse DemoAuthorize::redirectBack(const Grant& grant, const QList<QPair<QString, QString>>& params) const
{
    QUrl target(grant.redirectUri);
    QUrlQuery query(target);
    for (const auto& [name, value] : params)
        query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    if (!grant.state.isEmpty())
        query.addQueryItem(QStringLiteral("state"), QString::fromLatin1(QUrl::toPercentEncoding(grant.state)));
    // RFC 9207 §2: the issuer identifies itself in the authorization response.
    query.addQueryItem(QStringLiteral("iss"), QString::fromLatin1(QUrl::toPercentEncoding(m_authority.issuer())));
    target.setQuery(query.query(QUrl::FullyEncoded), QUrl::StrictMode);
    return noStore(DemoResponse::redirect(302, target.toEncoded()));
}

DemoResponse DemoAuthorize::authorize(const DemoRequest& request)
{
    const auto param = [&request](const QString& name) { return request.queryItem(name).value_or(QString()); };
    Grant grant;
    grant.clientId = param(QStringLiteral("client_id"));
    grant.redirectUri = param(QStringLiteral("redirect_uri"));
    // RFC 6749 §4.1.2.1: an unknown client or a redirect URI that is not registered is told on a page.
    if (!knownClient(grant.clientId))
        return errorPage(QStringLiteral("Unknown client"),
                         QStringLiteral("invalid_request: the client_id \"%1\" is not registered here.")
                             .arg(grant.clientId.left(80)));
    if (!allowedRedirect(grant.redirectUri))
        return errorPage(QStringLiteral("Redirect URI refused"),
                         QStringLiteral("invalid_request: the redirect_uri \"%1\" is not registered for this client "
                                        "(registered: http://127.0.0.1/callback with any port, RFC 8252 §7.3).")
                             .arg(grant.redirectUri.left(200)));
    grant.state = param(QStringLiteral("state"));
    grant.nonce = param(QStringLiteral("nonce"));
    grant.challenge = param(QStringLiteral("code_challenge"));
    grant.scopes = param(QStringLiteral("scope")).split(u' ', Qt::SkipEmptyParts);
    grant.scopes.removeDuplicates();
    if (param(QStringLiteral("response_type")) != u"code")
        return redirectBack(
            grant,
            {{QStringLiteral("error"), QStringLiteral("unsupported_response_type")},
             {QStringLiteral("error_description"), QStringLiteral("Only response_type=code is supported")}});
    for (const QString& scope : std::as_const(grant.scopes)) {
        if (!DemoAuthority::supportedScopes().contains(scope))
            return redirectBack(
                grant,
                {{QStringLiteral("error"), QStringLiteral("invalid_scope")},
                 {QStringLiteral("error_description"), QStringLiteral("Unknown scope: %1").arg(scope.left(60))}});
    }
    const QString method = param(QStringLiteral("code_challenge_method"));
    if (!grant.challenge.isEmpty() && method != u"S256")
        // RFC 7636 §4.4.1 / RFC 9700 §2.1.1: plain is not accepted here.
        return redirectBack(
            grant,
            {{QStringLiteral("error"), QStringLiteral("invalid_request")},
             {QStringLiteral("error_description"), QStringLiteral("code_challenge_method must be S256")}});
    if (grant.challenge.isEmpty() && grant.clientId == publicClientId())
        // RFC 7636 §4.4.1: a public client without PKCE gets invalid_request.
        return redirectBack(grant,
                            {{QStringLiteral("error"), QStringLiteral("invalid_request")},
                             {QStringLiteral("error_description"),
                              QStringLiteral("PKCE (code_challenge with S256) is required for public clients")}});
    if (grant.scopes.isEmpty())
        grant.scopes = DemoAuthority::defaultScopes();
    grant.expires = m_authority.now().addSecs(ConsentLifetimeSeconds);
    const QString id = randomValue();
    m_consents.insert(id, grant);
    QString scopes;
    for (const QString& scope : std::as_const(grant.scopes))
        scopes += QStringLiteral("<li>%1</li>").arg(scope.toHtmlEscaped());
    return noStore(DemoResponse::html(
        200,
        QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sign in · Authlens demo</title>"
                       "</head><body><h1>Authlens demo sign-in</h1><p>Signed in as <b>%1</b>.</p>"
                       "<p><b id=\"client\">%2</b> asks for:</p><ul id=\"scopes\">%3</ul>"
                       "<form method=\"post\" action=\"/authorize\">"
                       "<input type=\"hidden\" name=\"consent\" value=\"%4\">"
                       "<button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button> "
                       "<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>"
                       "</form></body></html>")
            .arg(DemoServer::basicUser().toHtmlEscaped(), clientName(grant.clientId).toHtmlEscaped(), scopes, id)));
}

DemoResponse DemoAuthorize::decide(const DemoRequest& request)
{
    QString consent;
    QString decision;
    for (const auto& [name, value] : request.formItems()) {
        if (name == u"consent")
            consent = value;
        else if (name == u"decision")
            decision = value;
    }
    const auto it = m_consents.find(consent);
    if (it == m_consents.end() || m_authority.now() > it->expires)
        return errorPage(QStringLiteral("Sign-in expired"),
                         QStringLiteral("This consent page is unknown or expired: start the sign-in again."));
    Grant grant = *it;
    m_consents.erase(it);
    if (decision != u"approve")
        return redirectBack(grant,
                            {{QStringLiteral("error"), QStringLiteral("access_denied")},
                             {QStringLiteral("error_description"), QStringLiteral("The user denied the request")}});
    grant.expires = m_authority.now().addSecs(CodeLifetimeSeconds);
    const QString code = randomValue();
    m_codes.insert(code, grant);
    return redirectBack(grant, {{QStringLiteral("code"), code}});
}

std::optional<DemoResponse> DemoAuthorize::tokenRequest(const DemoRequest& request)
{
    QHash<QString, QString> params;
    for (const auto& [name, value] : request.formItems()) {
        if (params.contains(name))
            return std::nullopt; // repeated parameters: DemoAuthority's invalid_request
        params.insert(name, value);
    }
    if (params.value(QStringLiteral("grant_type")) != u"authorization_code")
        return std::nullopt;

    // Client authentication (RFC 6749 §2.3): the confidential client by Basic or client_secret_post; the
    // public client names itself with client_id only (§3.2.1).
    QString clientId = params.value(QStringLiteral("client_id"));
    QString secret;
    const QByteArray authorization = request.header("Authorization");
    if (!authorization.isNull()) {
        const qsizetype space = authorization.indexOf(' ');
        const auto decoded = space < 0 || authorization.first(space).compare("Basic", Qt::CaseInsensitive) != 0
            ? QByteArray::FromBase64Result {}
            : QByteArray::fromBase64Encoding(authorization.sliced(space + 1).trimmed(),
                                             QByteArray::AbortOnBase64DecodingErrors);
        const qsizetype colon = decoded ? decoded.decoded.indexOf(':') : -1;
        if (colon < 0)
            return DemoResponse::oauthError(401, QStringLiteral("invalid_client"),
                                            QStringLiteral("The Basic client credentials are malformed"));
        clientId = formDecode(decoded.decoded.first(colon));
        secret = formDecode(decoded.decoded.sliced(colon + 1));
    } else if (params.contains(QStringLiteral("client_secret"))) {
        secret = params.value(QStringLiteral("client_secret"));
    }
    if (clientId == DemoServer::clientId()) {
        if (secret != DemoServer::clientSecret())
            return DemoResponse::oauthError(
                401, QStringLiteral("invalid_client"),
                QStringLiteral("Client authentication failed: wrong or missing client secret"));
    } else if (clientId == publicClientId()) {
        if (!secret.isEmpty())
            return DemoResponse::oauthError(401, QStringLiteral("invalid_client"),
                                            QStringLiteral("The public client has no secret: send client_id only"));
    } else {
        return DemoResponse::oauthError(
            401, QStringLiteral("invalid_client"),
            QStringLiteral("Client authentication failed: unknown client_id %1").arg(clientId.left(80)));
    }

    const QString code = params.value(QStringLiteral("code"));
    if (code.isEmpty())
        return DemoResponse::oauthError(400, QStringLiteral("invalid_request"), QStringLiteral("code is missing"));
    const auto it = m_codes.find(code);
    if (it == m_codes.end())
        return DemoResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("The authorization code is invalid"));
    // RFC 6749 §4.1.2: a code works once.
    if (it->used)
        return DemoResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("The authorization code was already used"));
    it->used = true;
    const Grant grant = *it;
    if (m_authority.now() > grant.expires)
        return DemoResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("The authorization code expired"));
    if (grant.clientId != clientId)
        return DemoResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("The authorization code was issued to another client"));
    // RFC 6749 §4.1.3: the same redirect_uri as in the authorization request.
    if (params.value(QStringLiteral("redirect_uri")) != grant.redirectUri)
        return DemoResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("redirect_uri differs from the authorization request's"));
    // RFC 7636 §4.6: the verifier's S256 must be the challenge.
    const QString verifier = params.value(QStringLiteral("code_verifier"));
    if (!grant.challenge.isEmpty() && verifier.isEmpty())
        return DemoResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("code_verifier is missing (PKCE)"));
    if (!grant.challenge.isEmpty() && s256(verifier) != grant.challenge)
        return DemoResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("code_verifier does not match the code_challenge (PKCE)"));
    if (grant.challenge.isEmpty() && !verifier.isEmpty())
        return DemoResponse::oauthError(
            400, QStringLiteral("invalid_grant"),
            QStringLiteral("code_verifier sent, but the authorization request had no code_challenge"));

    const QString subject = DemoServer::basicUser();
    const qint64 lifetime = m_authority.accessTokenLifetime();
    const QString accessToken
        = m_authority.mintAccessToken(subject, grant.scopes, lifetime, DemoServer::audience(), clientId);
    QJsonObject body {
        {QStringLiteral("access_token"), accessToken},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("expires_in"), lifetime},
        {QStringLiteral("scope"), grant.scopes.join(u' ')},
        {QStringLiteral("refresh_token"), m_authority.issueRefreshToken(clientId, subject, grant.scopes)},
    };
    if (grant.scopes.contains(QStringLiteral("openid"))) {
        // OpenID Connect Core §2, §3.1.3.6: nonce echoed, at_hash = left half of SHA-256(access token).
        const qint64 now = m_authority.now().toSecsSinceEpoch();
        const QByteArray hash = QCryptographicHash::hash(accessToken.toLatin1(), QCryptographicHash::Sha256);
        QJsonObject claims {
            {QStringLiteral("iss"), m_authority.issuer()},
            {QStringLiteral("sub"), subject},
            {QStringLiteral("aud"), clientId},
            {QStringLiteral("exp"), now + lifetime},
            {QStringLiteral("iat"), now},
            {QStringLiteral("auth_time"), now},
            {QStringLiteral("at_hash"), QString::fromLatin1(Jwt::base64UrlEncode(hash.left(hash.size() / 2)))},
            {QStringLiteral("name"), QStringLiteral("Demo User")},
            {QStringLiteral("email"), QStringLiteral("demo@authlens.invalid")},
        };
        if (!grant.nonce.isEmpty())
            claims.insert(QStringLiteral("nonce"), grant.nonce);
        body.insert(QStringLiteral("id_token"), m_authority.signToken(claims, QStringLiteral("JWT")));
    }
    return noStore(DemoResponse::json(200, body));
}

void DemoAuthorize::addMetadata(QJsonObject& metadata, const QString& issuer)
{
    metadata.insert(QStringLiteral("authorization_endpoint"), QString(issuer + QStringLiteral("/authorize")));
    metadata.insert(QStringLiteral("response_types_supported"), QJsonArray {QStringLiteral("code")});
    metadata.insert(QStringLiteral("code_challenge_methods_supported"), QJsonArray {QStringLiteral("S256")});
    metadata.insert(QStringLiteral("authorization_response_iss_parameter_supported"), true); // RFC 9207 §3
    QJsonArray grants = metadata.value(u"grant_types_supported").toArray();
    if (!grants.contains(QStringLiteral("authorization_code")))
        grants.append(QStringLiteral("authorization_code"));
    metadata.insert(QStringLiteral("grant_types_supported"), grants);
    QJsonArray methods = metadata.value(u"token_endpoint_auth_methods_supported").toArray();
    if (!methods.contains(QStringLiteral("none")))
        methods.append(QStringLiteral("none"));
    metadata.insert(QStringLiteral("token_endpoint_auth_methods_supported"), methods);
}

} // namespace Authlens::Demo
