#include "DemoAuthority.h"

#include "DemoAuthorize.h"
#include "DemoServer.h"
#include "jwt/CompactJws.h"
#include "jwt/NumericDate.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>

namespace Authlens::Demo {

namespace {

const QString AccessTokenType = QStringLiteral("at+jwt");

/// An unguessable opaque value (refresh tokens, token ids): 32 bytes from the system CSPRNG.
QString randomToken()
{
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(words), sizeof words)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

/// A scope parameter (RFC 6749 §3.3): space-separated tokens; duplicates dropped, order kept.
QStringList parseScope(const QString& scope)
{
    QStringList scopes;
    for (const QString& item : scope.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!scopes.contains(item))
            scopes.append(item);
    }
    return scopes;
}

DemoResponse invalidClient(const QString& description)
{
    // RFC 6749 §5.2: 401 with a challenge for the scheme the client can authenticate with.
    DemoResponse response = DemoResponse::oauthError(401, QStringLiteral("invalid_client"), description);
    response.addHeader(QByteArrayLiteral("WWW-Authenticate"),
                       QByteArrayLiteral("Basic realm=\"authlens-demo-token\", charset=\"UTF-8\""));
    return response;
}

bool audienceMatches(const QJsonValue& aud, const QString& expected)
{
    if (aud.isString())
        return aud.toString() == expected;
    if (aud.isArray()) {
        const QJsonArray list = aud.toArray();
        for (const QJsonValue& item : list) {
            if (item.toString() == expected)
                return true;
        }
    }
    return false;
}

QString describeAudience(const QJsonValue& aud)
{
    if (aud.isString())
        return aud.toString();
    if (aud.isArray()) {
        QStringList items;
        const QJsonArray list = aud.toArray();
        for (const QJsonValue& item : list)
            items.append(item.toString());
        return items.join(QLatin1Char(' '));
    }
    return QStringLiteral("(none)");
}

/// error_description may only hold printable ASCII without " and \ (RFC 6750 §3): claim values
/// that end up in it are reduced to that, and shortened.
QString sanitized(const QString& value)
{
    QString result;
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        result.append(u >= 0x20 && u <= 0x7e && u != u'"' && u != u'\\' ? c : QLatin1Char('?'));
    }
    if (result.size() > 80)
        result = result.left(77) + QStringLiteral("...");
    return result;
}

} // namespace

DemoAuthority::DemoAuthority()
{
    rotateKey();
}

void DemoAuthority::setIssuer(const QString& issuer)
{
    m_issuer = issuer;
}

QDateTime DemoAuthority::now() const
{
    return QDateTime::currentDateTimeUtc().addSecs(m_clockOffset);
}

bool DemoAuthority::rotateKey(QString* error)
{
    Jwt::JwsSigner signer = Jwt::JwsSigner::generate(2048, error);
    if (signer.isNull()) {
        qWarning("demo API: cannot generate a signing key: %s",
                 qUtf8Printable(error ? *error : QStringLiteral("libcrypto error")));
        return false;
    }
    m_signer = std::move(signer);
    return true;
}

QString DemoAuthority::signToken(const QJsonObject& claims, const QString& type) const
{
    QJsonObject header;
    if (!type.isEmpty())
        header.insert(QStringLiteral("typ"), type);
    return QString::fromLatin1(m_signer.sign(header, claims));
}

QString DemoAuthority::mintAccessToken(const QString& subject, const QStringList& scopes, qint64 lifetimeSeconds,
                                       const QString& audience, const QString& clientId, const QString& dpopJkt) const
{
    const qint64 nowSecs = now().toSecsSinceEpoch();
    const qint64 exp = nowSecs + lifetimeSeconds;
    // An already expired token still looks like a real one: issued an hour before it expired.
    const qint64 iat = lifetimeSeconds >= 0 ? nowSecs : exp - 3600;
    const QJsonObject claims {
        {QStringLiteral("iss"), m_issuer},
        {QStringLiteral("sub"), subject},
        {QStringLiteral("aud"), audience},
        {QStringLiteral("exp"), exp},
        {QStringLiteral("iat"), iat},
        {QStringLiteral("nbf"), iat},
        {QStringLiteral("jti"), randomToken()},
        {QStringLiteral("scope"), scopes.join(QLatin1Char(' '))},
        {QStringLiteral("client_id"), clientId},
    };
    if (!dpopJkt.isEmpty()) {
        QJsonObject bound = claims;
        bound.insert(QStringLiteral("cnf"), QJsonObject {{QStringLiteral("jkt"), dpopJkt}}); // RFC 9449 §6.1
        return signToken(bound, AccessTokenType);
    }
    return signToken(claims, AccessTokenType);
}

QString DemoAuthority::mintIdToken(const QString& subject, const QString& clientId, qint64 lifetimeSeconds) const
{
    const qint64 nowSecs = now().toSecsSinceEpoch();
    const QJsonObject claims {
        {QStringLiteral("iss"), m_issuer},
        {QStringLiteral("sub"), subject},
        {QStringLiteral("aud"), clientId},
        {QStringLiteral("exp"), nowSecs + lifetimeSeconds},
        {QStringLiteral("iat"), nowSecs},
        {QStringLiteral("auth_time"), nowSecs},
        {QStringLiteral("name"), QStringLiteral("Demo User")},
        {QStringLiteral("email"), QStringLiteral("demo@authlens.invalid")},
    };
    return signToken(claims, QStringLiteral("JWT"));
}

DemoAuthority::BearerCheck DemoAuthority::checkBearer(const DemoRequest& request, bool dpopScheme) const
{
    using Outcome = BearerCheck::Outcome;
    const auto result = [](Outcome outcome, const QString& description) {
        BearerCheck check;
        check.outcome = outcome;
        check.description = description;
        return check;
    };

    const QList<QByteArray> fields = request.headerValues("Authorization");
    const bool inQuery = request.queryItem(QStringLiteral("access_token")).has_value();
    if (fields.size() > 1)
        return result(Outcome::InvalidRequest, QStringLiteral("The request has more than one Authorization header"));
    if (fields.isEmpty()) {
        if (inQuery)
            return result(Outcome::InvalidRequest,
                          QStringLiteral("This API accepts the access token only in the Authorization header, "
                                         "not in the access_token query parameter"));
        return result(Outcome::NoToken, QStringLiteral("This resource needs a Bearer access token"));
    }

    const QByteArray& field = fields.first();
    const qsizetype space = field.indexOf(' ');
    const QByteArray scheme = space < 0 ? field : field.first(space);
    if (scheme.compare(dpopScheme ? "DPoP" : "Bearer", Qt::CaseInsensitive) != 0)
        return result(Outcome::NoToken,
                      QStringLiteral("The Authorization scheme %1 is not accepted here; send a "
                                     "Bearer access token")
                          .arg(sanitized(QString::fromLatin1(scheme))));
    const QByteArray credentials = space < 0 ? QByteArray() : field.sliced(space + 1);
    if (credentials.trimmed().isEmpty())
        return result(Outcome::InvalidRequest, QStringLiteral("The Authorization header has no Bearer token"));
    // RFC 6750 §2.1: exactly one space, then b64token (no quotes, no inner whitespace).
    static const QRegularExpression b64token(QStringLiteral("^[A-Za-z0-9\\-._~+/]+=*$"));
    if (!b64token.match(QString::fromLatin1(credentials)).hasMatch())
        return result(Outcome::InvalidRequest,
                      QStringLiteral("The Bearer token is malformed (RFC 6750 b64token syntax: one space, no "
                                     "quotes, no whitespace inside)"));
    if (inQuery)
        return result(Outcome::InvalidRequest,
                      QStringLiteral("The access token was sent in more than one way (header and query)"));

    QString parseError;
    const auto jws = Jwt::CompactJws::parse(credentials, &parseError);
    if (!jws)
        return result(Outcome::InvalidToken, QStringLiteral("The access token is malformed: %1").arg(parseError));
    const QString alg = jws->header.value(QLatin1String("alg")).toString();
    if (alg != QLatin1String("RS256"))
        return result(Outcome::InvalidToken,
                      QStringLiteral("The access token alg %1 is not accepted (RS256 only)").arg(sanitized(alg)));
    const QString kid = jws->header.value(QLatin1String("kid")).toString();
    if (kid.isEmpty())
        return result(Outcome::InvalidToken, QStringLiteral("The access token header has no kid"));
    if (kid != m_signer.keyId())
        return result(Outcome::InvalidToken,
                      QStringLiteral("The access token signing key is unknown (kid unknown: %1), the signing key "
                                     "may have been rotated")
                          .arg(sanitized(kid)));
    if (!m_signer.key().verifyRs256(jws->signingInput, jws->signature))
        return result(Outcome::InvalidToken, QStringLiteral("The access token signature is invalid"));
    const auto claims = jws->claims();
    if (!claims)
        return result(Outcome::InvalidToken, QStringLiteral("The access token claims are not a JSON object"));

    // RFC 9068 §4: a resource server must reject JWTs whose typ is not at+jwt — this is what
    // catches an ID token sent to an API.
    const QString typ = jws->header.value(QLatin1String("typ")).toString();
    if (typ.compare(AccessTokenType, Qt::CaseInsensitive) != 0
        && typ.compare(QLatin1String("application/at+jwt"), Qt::CaseInsensitive) != 0) {
        if (audienceMatches(claims->value(QLatin1String("aud")), DemoServer::clientId()))
            return result(Outcome::InvalidToken,
                          QStringLiteral("The token is an ID token (typ %1, aud %2), not an access token")
                              .arg(sanitized(typ), DemoServer::clientId()));
        return result(Outcome::InvalidToken,
                      QStringLiteral("The token is not an access token (typ %1, expected at+jwt)")
                          .arg(sanitized(typ.isEmpty() ? QStringLiteral("missing") : typ)));
    }
    const QString iss = claims->value(QLatin1String("iss")).toString();
    if (iss != m_issuer)
        return result(Outcome::InvalidToken,
                      QStringLiteral("The access token issuer %1 is not trusted (expected %2)")
                          .arg(sanitized(iss.isEmpty() ? QStringLiteral("(none)") : iss), m_issuer));
    const QJsonValue aud = claims->value(QLatin1String("aud"));
    if (!audienceMatches(aud, DemoServer::audience()))
        return result(Outcome::InvalidToken,
                      QStringLiteral("The access token audience %1 does not include %2")
                          .arg(sanitized(describeAudience(aud)), DemoServer::audience()));
    const qint64 nowSecs = now().toSecsSinceEpoch();
    const std::optional<qint64> exp = Jwt::numericDate(claims->value(QLatin1String("exp")));
    if (!exp)
        return result(Outcome::InvalidToken,
                      claims->contains(QLatin1String("exp"))
                          ? QStringLiteral("The access token's exp is not a NumericDate")
                          : QStringLiteral("The access token has no exp claim"));
    if (nowSecs > *exp + LeewaySeconds)
        return result(Outcome::InvalidToken, QStringLiteral("The access token expired"));
    const std::optional<qint64> nbf = Jwt::numericDate(claims->value(QLatin1String("nbf")));
    if (nbf && *nbf - LeewaySeconds > nowSecs)
        return result(Outcome::InvalidToken, QStringLiteral("The access token is not valid yet (nbf)"));

    // RFC 9449 §7.2: a DPoP-bound token is not a Bearer token; without its proof it proves nothing.
    if (!dpopScheme && claims->value(QLatin1String("cnf")).toObject().contains(QLatin1String("jkt")))
        return result(Outcome::InvalidToken,
                      QStringLiteral("The access token is DPoP-bound (cnf.jkt): send it with Authorization: DPoP "
                                     "and a DPoP proof"));

    BearerCheck check;
    check.outcome = Outcome::Valid;
    check.subject = claims->value(QLatin1String("sub")).toString();
    check.scopes = parseScope(claims->value(QLatin1String("scope")).toString());
    check.claims = *claims;
    return check;
}

DemoResponse DemoAuthority::tokenEndpoint(const DemoRequest& request, const QString& dpopJkt)
{
    const QByteArray contentType = request.header("Content-Type").trimmed().toLower();
    if (!contentType.startsWith("application/x-www-form-urlencoded"))
        return DemoResponse::oauthError(400, QStringLiteral("invalid_request"),
                                        QStringLiteral("The token request must be application/x-www-form-urlencoded"));

    QHash<QString, QString> params;
    const auto items = request.formItems();
    for (const auto& item : items) {
        // RFC 6749 §3.2: parameters must not be included more than once.
        if (params.contains(item.first))
            return DemoResponse::oauthError(400, QStringLiteral("invalid_request"),
                                            QStringLiteral("Parameter %1 appears more than once").arg(item.first));
        params.insert(item.first, item.second);
    }

    // RFC 8628 §3.4: the demo's device clients are public (client_id only); DemoDevice answers for them.
    if (DemoDevice::isDeviceClient(params.value(QStringLiteral("client_id")))
        && request.headerValues("Authorization").isEmpty() && !params.contains(QStringLiteral("client_secret")))
        return m_device.token(params, *this);

    // Client authentication: client_secret_basic or client_secret_post, never both (RFC 6749 §2.3).
    QString clientId;
    QString clientSecret;
    const QList<QByteArray> authorization = request.headerValues("Authorization");
    if (authorization.size() > 1)
        return DemoResponse::oauthError(400, QStringLiteral("invalid_request"),
                                        QStringLiteral("The request has more than one Authorization header"));
    // RFC 7523 §2.2: a client assertion (private_key_jwt, client_secret_jwt) authenticates the client instead.
    const bool assertion = params.contains(QStringLiteral("client_assertion"))
        || params.contains(QStringLiteral("client_assertion_type"));
    if (assertion) {
        const DemoClientAssertion::Result checked = m_clientAssertion.check(
            params, !authorization.isEmpty(), m_issuer + QStringLiteral("/oauth/token"), now().toSecsSinceEpoch());
        if (!checked.ok)
            return DemoResponse::oauthError(400, checked.error, checked.description);
        clientId = checked.clientId;
    } else if (!authorization.isEmpty()) {
        const QByteArray& field = authorization.first();
        const qsizetype space = field.indexOf(' ');
        if (space < 0 || field.first(space).compare("Basic", Qt::CaseInsensitive) != 0)
            return invalidClient(QStringLiteral("The token endpoint accepts HTTP Basic client authentication "
                                                "(client_secret_basic) or client_secret_post"));
        const auto decoded = QByteArray::fromBase64Encoding(field.sliced(space + 1).trimmed(),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        const qsizetype colon = decoded ? decoded.decoded.indexOf(':') : -1;
        if (colon < 0)
            return invalidClient(QStringLiteral("The Basic client credentials are malformed"));
        // RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding.
        clientId = formDecode(decoded.decoded.first(colon));
        clientSecret = formDecode(decoded.decoded.sliced(colon + 1));
        if (params.contains(QStringLiteral("client_secret")))
            return DemoResponse::oauthError(
                400, QStringLiteral("invalid_request"),
                QStringLiteral("Use one client authentication method: HTTP Basic or client_secret in "
                               "the body, not both"));
        if (params.contains(QStringLiteral("client_id")) && params.value(QStringLiteral("client_id")) != clientId)
            return DemoResponse::oauthError(
                400, QStringLiteral("invalid_request"),
                QStringLiteral("client_id in the body differs from the Basic client credentials"));
    } else if (params.contains(QStringLiteral("client_secret"))) {
        clientId = params.value(QStringLiteral("client_id"));
        clientSecret = params.value(QStringLiteral("client_secret"));
    } else if (params.value(QStringLiteral("client_id")) == DemoAuthorize::publicClientId()
               && params.value(QStringLiteral("grant_type")) == u"refresh_token") {
        // Issue 11: the sign-in's public client refreshes with its client_id alone (RFC 6749 §6, §3.2.1).
        clientId = DemoAuthorize::publicClientId();
    } else if (params.contains(QStringLiteral("client_id"))) {
        return invalidClient(QStringLiteral("Client authentication failed: no client secret (this client is "
                                            "confidential)"));
    } else {
        return invalidClient(QStringLiteral("Client authentication failed: no client credentials (HTTP Basic or "
                                            "client_id and client_secret)"));
    }
    const bool publicRefresh = clientId == DemoAuthorize::publicClientId() && clientSecret.isEmpty()
        && params.value(QStringLiteral("grant_type")) == u"refresh_token";
    if (!assertion && clientId != DemoServer::clientId() && !publicRefresh)
        return invalidClient(QStringLiteral("Client authentication failed: unknown client_id %1").arg(clientId));
    if (!assertion && !publicRefresh && clientSecret != DemoServer::clientSecret())
        return invalidClient(QStringLiteral("Client authentication failed: wrong client secret"));

    const QString grantType = params.value(QStringLiteral("grant_type"));
    if (grantType.isEmpty())
        return DemoResponse::oauthError(400, QStringLiteral("invalid_request"),
                                        QStringLiteral("grant_type is missing"));

    QStringList requested = parseScope(params.value(QStringLiteral("scope")));
    for (const QString& scope : std::as_const(requested)) {
        if (!supportedScopes().contains(scope))
            return DemoResponse::oauthError(400, QStringLiteral("invalid_scope"),
                                            QStringLiteral("Unknown scope: %1").arg(scope));
    }

    if (grantType == QLatin1String("client_credentials")) {
        // RFC 6749 §4.4.3: no refresh token for client credentials.
        return issueTokens(clientId, clientId, requested.isEmpty() ? defaultScopes() : requested, std::nullopt, false,
                           dpopJkt);
    }
    if (grantType == QLatin1String("password")) {
        if (!params.contains(QStringLiteral("username")) || !params.contains(QStringLiteral("password")))
            return DemoResponse::oauthError(400, QStringLiteral("invalid_request"),
                                            QStringLiteral("The password grant needs username and password"));
        if (params.value(QStringLiteral("username")) != DemoServer::basicUser()
            || params.value(QStringLiteral("password")) != DemoServer::basicPassword())
            return DemoResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                            QStringLiteral("The resource owner credentials are invalid"));
        const QStringList scopes = requested.isEmpty() ? defaultScopes() : requested;
        return issueTokens(clientId, DemoServer::basicUser(), scopes, scopes, true, dpopJkt);
    }
    if (grantType == QLatin1String("refresh_token")) {
        const QString token = params.value(QStringLiteral("refresh_token"));
        if (token.isEmpty())
            return DemoResponse::oauthError(400, QStringLiteral("invalid_request"),
                                            QStringLiteral("refresh_token is missing"));
        const auto it = m_refreshTokens.find(token);
        if (it == m_refreshTokens.end())
            return DemoResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                            QStringLiteral("The refresh token is invalid"));
        if (it->used)
            return DemoResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                            QStringLiteral("refresh token was already used (rotation)"));
        if (it->clientId != clientId)
            return DemoResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                            QStringLiteral("The refresh token was issued to another client"));
        if (now() > it->expires)
            return DemoResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                            QStringLiteral("The refresh token expired"));
        // RFC 6749 §6: a narrower scope may be asked for, never a wider one.
        for (const QString& scope : std::as_const(requested)) {
            if (!it->scopes.contains(scope))
                return DemoResponse::oauthError(
                    400, QStringLiteral("invalid_scope"),
                    QStringLiteral("Scope %1 was not granted to this refresh token").arg(scope));
        }
        // Rotation: the presented token is spent now; the new one carries the original grant's scope.
        it->used = true;
        const RefreshGrant grant = *it;
        return issueTokens(clientId, grant.subject, requested.isEmpty() ? grant.scopes : requested, grant.scopes, false,
                           dpopJkt);
    }
    return DemoResponse::oauthError(
        400, QStringLiteral("unsupported_grant_type"),
        QStringLiteral("Grant type %1 is not supported (client_credentials, password, refresh_token)").arg(grantType));
}

DemoResponse DemoAuthority::issueTokens(const QString& clientId, const QString& subject, const QStringList& scopes,
                                        const std::optional<QStringList>& refreshScopes, bool withIdToken,
                                        const QString& dpopJkt)
{
    QJsonObject body {
        {QStringLiteral("access_token"),
         mintAccessToken(subject, scopes, m_accessTokenLifetime, DemoServer::audience(), clientId, dpopJkt)},
        // RFC 9449 §5: token_type DPoP for a DPoP-bound token.
        {QStringLiteral("token_type"), dpopJkt.isEmpty() ? QStringLiteral("Bearer") : QStringLiteral("DPoP")},
        {QStringLiteral("expires_in"), m_accessTokenLifetime},
        {QStringLiteral("scope"), scopes.join(QLatin1Char(' '))},
    };
    if (refreshScopes)
        body.insert(QStringLiteral("refresh_token"), issueRefreshToken(clientId, subject, *refreshScopes));
    if (withIdToken)
        body.insert(QStringLiteral("id_token"), mintIdToken(subject, clientId, m_accessTokenLifetime));
    DemoResponse response = DemoResponse::json(200, body);
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.addHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
    return response;
}

QString DemoAuthority::issueRefreshToken(const QString& clientId, const QString& subject, const QStringList& scopes)
{
    const QString refreshToken = randomToken();
    m_refreshTokens.insert(refreshToken,
                           RefreshGrant {clientId, subject, scopes, now().addSecs(RefreshTokenLifetimeSeconds), false});
    return refreshToken;
}

QJsonObject DemoAuthority::jwks() const
{
    return QJsonObject {{QStringLiteral("keys"), QJsonArray {m_signer.publicJwk()}}};
}

QJsonObject DemoAuthority::metadata() const
{
    return QJsonObject {
        {QStringLiteral("issuer"), m_issuer},
        {QStringLiteral("token_endpoint"), QString(m_issuer + QStringLiteral("/oauth/token"))},
        {QStringLiteral("jwks_uri"), QString(m_issuer + QStringLiteral("/.well-known/jwks.json"))},
        {QStringLiteral("scopes_supported"), QJsonArray::fromStringList(supportedScopes())},
        {QStringLiteral("grant_types_supported"),
         QJsonArray {QStringLiteral("client_credentials"), QStringLiteral("password"), QStringLiteral("refresh_token"),
                     QString::fromLatin1(DemoDevice::GrantType)}},
        {QStringLiteral("device_authorization_endpoint"),
         QString(m_issuer + QStringLiteral("/oauth/device_authorization"))},
        // No authorization endpoint (yet): no response type is supported. The member is required by
        // OIDC Discovery and RFC 8414, hence present and empty.
        {QStringLiteral("response_types_supported"), QJsonArray {}},
        {QStringLiteral("token_endpoint_auth_methods_supported"),
         QJsonArray {QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post"),
                     QStringLiteral("private_key_jwt"), QStringLiteral("client_secret_jwt"), QStringLiteral("none")}},
        {QStringLiteral("token_endpoint_auth_signing_alg_values_supported"),
         QJsonArray {QStringLiteral("ES256"), QStringLiteral("HS256")}},
        {QStringLiteral("id_token_signing_alg_values_supported"), QJsonArray {QStringLiteral("RS256")}},
        // RFC 9449 §5.1: the token endpoint takes DPoP proofs signed with these.
        {QStringLiteral("dpop_signing_alg_values_supported"),
         QJsonArray {QStringLiteral("ES256"), QStringLiteral("RS256"), QStringLiteral("PS256")}},
        {QStringLiteral("subject_types_supported"), QJsonArray {QStringLiteral("public")}},
        {QStringLiteral("claims_supported"),
         QJsonArray {QStringLiteral("iss"), QStringLiteral("sub"), QStringLiteral("aud"), QStringLiteral("exp"),
                     QStringLiteral("iat"), QStringLiteral("auth_time"), QStringLiteral("name"),
                     QStringLiteral("email")}},
        {QStringLiteral("service_documentation"), QString(m_issuer + QStringLiteral("/"))},
    };
}

QStringList DemoAuthority::supportedScopes()
{
    return {QStringLiteral("openid"), QStringLiteral("profile:read"), QStringLiteral("orders:read"),
            QStringLiteral("admin"), QStringLiteral("offline_access")};
}

QStringList DemoAuthority::defaultScopes()
{
    return {QStringLiteral("profile:read"), QStringLiteral("orders:read")};
}

} // namespace Authlens::Demo
