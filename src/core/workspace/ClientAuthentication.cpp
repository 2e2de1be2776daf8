// Client authentication at the authorization server (RFC 6749 §2.3) and the JWT client assertions of
// RFC 7523 (private_key_jwt, client_secret_jwt; OpenID Connect Core §9): one place for every request the
// token service sends, so the token endpoint and the device authorization endpoint authenticate alike.
#include "workspace/ClientAuthentication.h"

#include "jwt/CompactJws.h"
#include "jwt/JwsAlgorithm.h"
#include "jwt/NumericDate.h"
#include "jwt/PrivateKey.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrlQuery>

namespace Authlens::Workspace {

namespace {

/// A jti (RFC 7519 §4.1.7): 16 bytes from the system CSPRNG, so two assertions never share one.
QString randomJti()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(words), sizeof words)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

/// The alg a profile's assertion is signed with: its assertionAlg, or the natural one when empty.
QString assertionAlg(const Auth::OAuthSettings& oauth, const Jwt::PrivateKey* key)
{
    const QString alg = oauth.assertionAlg.trimmed();
    if (!alg.isEmpty())
        return alg;
    if (oauth.clientAuth == Auth::ClientAuth::ClientSecretJwt)
        return QStringLiteral("HS256");
    return key ? key->defaultAlgorithm() : QStringLiteral("RS256");
}

/// The private_key_jwt key, read and checked against the alg. Null with `error` set when unusable.
Jwt::PrivateKey assertionKey(const Auth::OAuthSettings& oauth, const Auth::AuthSecrets& secrets, QString* alg,
                             Error* error)
{
    if (secrets.assertionKey.trimmed().isEmpty()) {
        *error = badInput(QStringLiteral("The profile authenticates its client with private_key_jwt but has no "
                                         "private key for the client assertion: add it in the profile editor"));
        return {};
    }
    QString why;
    const Jwt::PrivateKey key = Jwt::PrivateKey::fromPem(secrets.assertionKey.toUtf8(), &why);
    if (key.isNull()) {
        *error = badInput(
            QStringLiteral("The profile's client assertion key (private_key_jwt) cannot be used: %1").arg(why));
        return {};
    }
    *alg = assertionAlg(oauth, &key);
    if (!key.supports(*alg, &why)) {
        *error = badInput(QStringLiteral("The client assertion is set to sign with %1, which the profile's key "
                                         "cannot do: %2. Choose %3 (the key's algorithm) or another key")
                              .arg(*alg, why, key.defaultAlgorithm()));
        return {};
    }
    return key;
}

/// The client_secret_jwt alg, checked: an HMAC alg and a secret long enough for it (RFC 7518 §3.2).
bool checkHmac(const Auth::OAuthSettings& oauth, const Auth::AuthSecrets& secrets, QString* alg, Error* error)
{
    *alg = assertionAlg(oauth, nullptr);
    const Jwt::JwsAlgorithm a = Jwt::JwsAlgorithm::fromName(*alg);
    if (a.family != Jwt::JwsAlgorithm::Family::Hmac) {
        *error = badInput(QStringLiteral("client_secret_jwt signs the client assertion with HMAC over the client "
                                         "secret (HS256, HS384 or HS512), but the profile's assertion alg is %1: "
                                         "choose HS256, or private_key_jwt to sign with a key")
                              .arg(*alg));
        return false;
    }
    if (secrets.clientSecret.isEmpty()) {
        *error = badInput(QStringLiteral("The profile authenticates its client with client_secret_jwt but has no "
                                         "client secret: add it in the profile editor"));
        return false;
    }
    const qsizetype bytes = secrets.clientSecret.toUtf8().size();
    if (bytes < a.hashBits / 8) {
        // RFC 7518 §3.2: the key must be at least as long as the hash output.
        *error = badInput(QStringLiteral("client_secret_jwt with %1 needs a client secret of at least %2 bytes "
                                         "(RFC 7518 §3.2); this one has %3: use a longer secret or a weaker "
                                         "client authentication")
                              .arg(*alg)
                              .arg(a.hashBits / 8)
                              .arg(bytes));
        return false;
    }
    return true;
}

} // namespace

QString clientAssertionType()
{
    return QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
}

Error checkClientAuthentication(const Auth::OAuthSettings& oauth, const Auth::AuthSecrets& secrets)
{
    Error error;
    QString alg;
    if (oauth.clientAuth == Auth::ClientAuth::PrivateKeyJwt)
        assertionKey(oauth, secrets, &alg, &error);
    else if (oauth.clientAuth == Auth::ClientAuth::ClientSecretJwt)
        checkHmac(oauth, secrets, &alg, &error);
    return error;
}

std::optional<ClientAssertion> makeClientAssertion(const Auth::OAuthSettings& oauth, const Auth::AuthSecrets& secrets,
                                                   const QUrl& audience, const QDateTime& now, Error* error)
{
    Error ignored;
    Error& err = error ? *error : ignored;
    err = {};
    const QString clientId = oauth.clientId.trimmed();
    if (clientId.isEmpty()) {
        err = badInput(QStringLiteral("The profile has no OAuth client id: a client assertion names its client "
                                      "as iss and sub (RFC 7523 §3)"));
        return std::nullopt;
    }
    if (!audience.isValid() || audience.host().isEmpty()) {
        err = badInput(QStringLiteral("A client assertion needs the token endpoint URL as its audience "
                                      "(RFC 7523 §3)"));
        return std::nullopt;
    }
    const qint64 iat = (now.isValid() ? now : QDateTime::currentDateTimeUtc()).toSecsSinceEpoch();
    ClientAssertion assertion;
    // RFC 7523 §3: iss and sub are the client id (points 1, 2; OpenID Connect Core §9), aud the authorization
    // server — its token endpoint URL (point 3), exp bounds it (point 4), jti makes it single-use (point 7).
    assertion.claims = QJsonObject {
        {QStringLiteral("iss"), clientId},
        {QStringLiteral("sub"), clientId},
        {QStringLiteral("aud"), audience.toString(QUrl::RemoveUserInfo | QUrl::RemoveFragment | QUrl::FullyEncoded)},
        {QStringLiteral("iat"), iat},
        {QStringLiteral("exp"), iat + ClientAssertionLifetimeSeconds},
        {QStringLiteral("jti"), randomJti()},
    };
    assertion.header = QJsonObject {{QStringLiteral("typ"), QStringLiteral("JWT")}};
    if (!oauth.assertionKeyId.trimmed().isEmpty())
        assertion.header.insert(QStringLiteral("kid"), oauth.assertionKeyId.trimmed());

    QString alg;
    QString why;
    if (oauth.clientAuth == Auth::ClientAuth::PrivateKeyJwt) {
        const Jwt::PrivateKey key = assertionKey(oauth, secrets, &alg, &err);
        if (key.isNull())
            return std::nullopt;
        assertion.token = key.signJws(assertion.header, assertion.claims, alg, &why);
    } else if (oauth.clientAuth == Auth::ClientAuth::ClientSecretJwt) {
        if (!checkHmac(oauth, secrets, &alg, &err))
            return std::nullopt;
        assertion.token
            = Jwt::signHmacJws(assertion.header, assertion.claims, alg, secrets.clientSecret.toUtf8(), &why);
    } else {
        err = badInput(QStringLiteral("The profile's client authentication (%1) uses no client assertion")
                           .arg(Auth::clientAuthName(oauth.clientAuth)));
        return std::nullopt;
    }
    if (assertion.token.isEmpty()) {
        err = badInput(QStringLiteral("The client assertion could not be signed with %1: %2").arg(alg, why));
        return std::nullopt;
    }
    assertion.header.insert(QStringLiteral("alg"), alg);
    return assertion;
}

bool applyClientAuthentication(const Profiles::Profile& profile, const QUrl& audience,
                               QList<QPair<QString, QString>>& form, Http::RequestSpec& spec, const QDateTime& now,
                               Error* error)
{
    Error ignored;
    Error& err = error ? *error : ignored;
    err = {};
    const Auth::OAuthSettings& oauth = profile.auth.oauth;
    const Auth::AuthSecrets& secrets = profile.sessionSecrets;
    const QString clientId = oauth.clientId.trimmed();
    switch (oauth.clientAuth) {
    case Auth::ClientAuth::ClientSecretBasic: {
        // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
        const QByteArray pair = QUrl::toPercentEncoding(clientId) + ':' + QUrl::toPercentEncoding(secrets.clientSecret);
        spec.credentials.append(
            {Http::Credential::Place::Header, QByteArrayLiteral("Authorization"), "Basic " + pair.toBase64(),
             QStringLiteral("OAuth client credentials (client_secret_basic)"), Http::CredentialSource::Profile});
        return true;
    }
    case Auth::ClientAuth::ClientSecretPost:
        form.append({QStringLiteral("client_id"), clientId});
        form.append({QStringLiteral("client_secret"), secrets.clientSecret});
        return true;
    case Auth::ClientAuth::None:
        form.append({QStringLiteral("client_id"), clientId}); // RFC 6749 §3.2.1: a public client names itself
        return true;
    case Auth::ClientAuth::PrivateKeyJwt:
    case Auth::ClientAuth::ClientSecretJwt: {
        const std::optional<ClientAssertion> assertion = makeClientAssertion(oauth, secrets, audience, now, &err);
        if (!assertion)
            return false;
        // RFC 7523 §2.2 with RFC 6749 §3.2.1: client_id may accompany the assertion; many servers want it.
        form.append({QStringLiteral("client_id"), clientId});
        form.append({QStringLiteral("client_assertion_type"), clientAssertionType()});
        form.append({QStringLiteral("client_assertion"), QString::fromLatin1(assertion->token)});
        return true;
    }
    }
    err = badInput(QStringLiteral("Unknown client authentication"));
    return false;
}

QJsonObject clientAssertionSummary(QByteArrayView formBody)
{
    if (formBody.isEmpty() || !formBody.contains(QByteArrayView("client_assertion=")))
        return {};
    const QUrlQuery query(QString::fromLatin1(formBody.toByteArray().replace('+', ' ')));
    const QString token = query.queryItemValue(QStringLiteral("client_assertion"), QUrl::FullyDecoded);
    if (token.isEmpty())
        return {};
    const std::optional<Jwt::CompactJws> jws = Jwt::CompactJws::parse(token.toLatin1());
    if (!jws)
        return {};
    const std::optional<QJsonObject> claims = jws->claims();
    // Only what the assertion says, never its signature: that is what would let someone replay it.
    return QJsonObject {{QStringLiteral("header"), jws->header},
                        {QStringLiteral("claims"), claims ? *claims : QJsonObject {}}};
}

QJsonObject clientAssertionSummary(const Http::Exchange& exchange)
{
    if (exchange.hops.isEmpty())
        return {};
    return clientAssertionSummary(exchange.hops.first().request.body);
}

QString clientAssertionText(const QJsonObject& summary)
{
    if (summary.isEmpty())
        return {};
    const QJsonObject header = summary.value(u"header").toObject();
    const QJsonObject claims = summary.value(u"claims").toObject();
    const QString alg = header.value(u"alg").toString();
    const QString method
        = alg.startsWith(u"HS") ? QStringLiteral("client_secret_jwt") : QStringLiteral("private_key_jwt");
    QStringList parts;
    parts.append(QStringLiteral("alg %1").arg(alg));
    parts.append(header.contains(u"kid") ? QStringLiteral("kid \"%1\"").arg(header.value(u"kid").toString())
                                         : QStringLiteral("no kid"));
    const QJsonValue aud = claims.value(u"aud");
    parts.append(QStringLiteral("aud %1").arg(
        aud.isArray() ? QString::fromUtf8(QJsonDocument(aud.toArray()).toJson(QJsonDocument::Compact))
                      : aud.toString()));
    parts.append(
        QStringLiteral("iss %1, sub %2").arg(claims.value(u"iss").toString(), claims.value(u"sub").toString()));
    const qint64 iat = Jwt::numericDate(claims.value(u"iat")).value_or(0);
    const qint64 exp = Jwt::numericDate(claims.value(u"exp")).value_or(0);
    if (iat > 0) {
        parts.append(QStringLiteral("iat %1").arg(QDateTime::fromSecsSinceEpoch(iat, Qt::UTC).toString(Qt::ISODate)));
        if (exp > 0)
            parts.append(QStringLiteral("exp iat+%1 s").arg(exp - iat));
    }
    parts.append(QStringLiteral("jti %1").arg(claims.value(u"jti").toString()));
    return QStringLiteral("Client assertion (%1, RFC 7523): %2").arg(method, parts.join(QStringLiteral(", ")));
}

} // namespace Authlens::Workspace
