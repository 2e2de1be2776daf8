// The demo token endpoint's side of RFC 7523: checking a client assertion as a strict authorization server
// does, and saying exactly which check failed, so the demo can show every cause of an invalid_client.
#include "DemoClientAssertion.h"

#include "jwt/CompactJws.h"
#include "jwt/JwsAlgorithm.h"
#include "jwt/NumericDate.h"
#include "jwt/VerificationKey.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Authlens::Demo {

namespace {

const QString AssertionType = QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");

/// error_description: printable ASCII without " and \ (RFC 6749 §5.2), shortened.
QString printable(const QString& value, qsizetype max = 60)
{
    QString result;
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        result.append(u >= 0x20 && u <= 0x7e && u != u'"' && u != u'\\' ? c : QLatin1Char('?'));
    }
    if (result.size() > max)
        result = result.left(max - 3) + QStringLiteral("...");
    return result;
}

DemoClientAssertion::Result refuse(const QString& description)
{
    return {false, {}, QStringLiteral("invalid_client"), description};
}

DemoClientAssertion::Result malformed(const QString& description)
{
    return {false, {}, QStringLiteral("invalid_request"), description};
}

QString audienceText(const QJsonValue& aud)
{
    if (aud.isString())
        return aud.toString();
    if (aud.isArray())
        return QString::fromUtf8(QJsonDocument(aud.toArray()).toJson(QJsonDocument::Compact));
    return QStringLiteral("(none)");
}

bool audienceNames(const QJsonValue& aud, const QString& expected)
{
    if (aud.isString())
        return aud.toString() == expected;
    const QJsonArray list = aud.toArray();
    return std::any_of(list.begin(), list.end(), [&expected](const QJsonValue& v) { return v.toString() == expected; });
}

} // namespace

DemoClientAssertion::DemoClientAssertion()
{
    QString error;
    m_key = Jwt::PrivateKey::generate(QStringLiteral("ES256"), &error);
    if (m_key.isNull())
        qWarning("demo API: cannot generate the client assertion key: %s", qUtf8Printable(error));
}

QString DemoClientAssertion::keyClientId()
{
    return QStringLiteral("authlens-demo-jwt-client");
}

QString DemoClientAssertion::keyId()
{
    return QStringLiteral("demo-client-key-1");
}

QString DemoClientAssertion::secretClientId()
{
    return QStringLiteral("authlens-demo-hs-client");
}

QString DemoClientAssertion::secretClientSecret()
{
    return QStringLiteral("demo-hs256-client-secret-0123456789abcdef");
}

QJsonObject DemoClientAssertion::publicJwk() const
{
    QJsonObject jwk = m_key.publicJwk();
    jwk.insert(QStringLiteral("kid"), keyId());
    jwk.insert(QStringLiteral("alg"), QStringLiteral("ES256"));
    jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
    return jwk;
}

DemoClientAssertion::Result DemoClientAssertion::check(const QHash<QString, QString>& params, bool withAuthorization,
                                                       const QString& tokenEndpoint, qint64 now)
{
    // RFC 6749 §2.3: one client authentication method per request.
    if (withAuthorization || params.contains(QStringLiteral("client_secret")))
        return malformed(QStringLiteral("Use one client authentication method: a client assertion, or HTTP Basic, "
                                        "or client_secret, not several"));
    const QString type = params.value(QStringLiteral("client_assertion_type"));
    const QString token = params.value(QStringLiteral("client_assertion"));
    if (token.isEmpty())
        return malformed(QStringLiteral("client_assertion is missing (client_assertion_type was sent)"));
    // RFC 7523 §2.2: the one assertion type this server knows.
    if (type != AssertionType)
        return refuse(QStringLiteral("client_assertion_type must be %1 (RFC 7523 section 2.2), not %2")
                          .arg(AssertionType, printable(type.isEmpty() ? QStringLiteral("missing") : type)));

    QString why;
    const std::optional<Jwt::CompactJws> jws = Jwt::CompactJws::parse(token.toLatin1(), &why);
    if (!jws)
        return refuse(QStringLiteral("The client assertion is not a compact JWS: %1").arg(printable(why, 80)));
    const std::optional<QJsonObject> claims = jws->claims();
    if (!claims)
        return refuse(QStringLiteral("The client assertion's payload is not a JSON object of claims"));

    // RFC 7523 §3 points 1 and 2: iss and sub both name the client.
    const QString iss = claims->value(u"iss").toString();
    const QString sub = claims->value(u"sub").toString();
    if (sub.isEmpty())
        return refuse(QStringLiteral("The client assertion has no sub: it must be the client id (RFC 7523 section "
                                     "3 point 2)"));
    if (iss != sub)
        return refuse(QStringLiteral("The client assertion's iss (%1) differs from its sub (%2): both must be the "
                                     "client id (RFC 7523 section 3, OpenID Connect Core section 9)")
                          .arg(printable(iss.isEmpty() ? QStringLiteral("missing") : iss), printable(sub)));
    const QString clientId = params.value(QStringLiteral("client_id"));
    if (!clientId.isEmpty() && clientId != sub)
        return refuse(QStringLiteral("client_id %1 differs from the client assertion's sub %2")
                          .arg(printable(clientId), printable(sub)));
    const bool keyClient = sub == keyClientId();
    if (!keyClient && sub != secretClientId())
        return refuse(QStringLiteral("Unknown client %1: the demo registers %2 (private_key_jwt) and %3 "
                                     "(client_secret_jwt)")
                          .arg(printable(sub), keyClientId(), secretClientId()));

    // The signature, with the registered key or secret of that client.
    const QString alg = jws->header.value(u"alg").toString();
    const Jwt::JwsAlgorithm algorithm = Jwt::JwsAlgorithm::fromName(alg);
    const QString kid = jws->header.value(u"kid").toString();
    Jwt::VerificationKey key;
    if (keyClient) {
        if (algorithm.family == Jwt::JwsAlgorithm::Family::Hmac || !algorithm.isSupported())
            return refuse(QStringLiteral("Client %1 authenticates with private_key_jwt: an assertion signed with %2 "
                                         "is refused (its key is registered for ES256)")
                              .arg(sub, printable(alg.isEmpty() ? QStringLiteral("no alg") : alg)));
        if (jws->header.contains(u"kid") && kid != keyId())
            return refuse(QStringLiteral("The client assertion's kid %1 is not a key registered for client %2 "
                                         "(registered: %3)")
                              .arg(printable(kid), sub, keyId()));
        key = Jwt::VerificationKey::fromJwk(publicJwk(), &why);
    } else {
        if (algorithm.family != Jwt::JwsAlgorithm::Family::Hmac)
            return refuse(QStringLiteral("Client %1 authenticates with client_secret_jwt: the assertion must be an "
                                         "HMAC (HS256), not %2")
                              .arg(sub, printable(alg.isEmpty() ? QStringLiteral("no alg") : alg)));
        key = Jwt::VerificationKey::fromSecret(secretClientSecret().toUtf8());
    }
    QString reason;
    if (!key.canVerify(algorithm, &reason))
        return refuse(QStringLiteral("The client assertion's alg %1 does not fit the registered key of client %2: "
                                     "%3")
                          .arg(printable(alg), sub, printable(reason, 80)));
    if (key.verify(algorithm, jws->signingInput, jws->signature, &reason) != Jwt::VerificationKey::Outcome::Valid)
        return refuse(keyClient ? QStringLiteral("The client assertion's signature does not verify with the key "
                                                 "registered for client %1 (kid %2): it was signed with another key")
                                      .arg(sub, keyId())
                                : QStringLiteral("The client assertion's HMAC does not verify with the secret of "
                                                 "client %1: the client secret differs")
                                      .arg(sub));

    // RFC 7523 §3 point 3: the audience is this authorization server, by its token endpoint URL.
    const QJsonValue aud = claims->value(u"aud");
    if (!audienceNames(aud, tokenEndpoint))
        return refuse(QStringLiteral("The client assertion's aud %1 is not this token endpoint %2 (RFC 7523 section "
                                     "3 point 3)")
                          .arg(printable(audienceText(aud), 80), tokenEndpoint));
    // RFC 7523 §3 point 4: exp is required; the assertion is refused once it passed.
    const std::optional<qint64> exp = Jwt::numericDate(claims->value(u"exp"));
    if (!exp)
        return refuse(QStringLiteral("The client assertion has no valid exp (RFC 7523 section 3 point 4)"));
    const qint64 expires = *exp;
    if (now > expires + LeewaySeconds)
        return refuse(QStringLiteral("The client assertion expired %1 s ago (exp %2, server time %3): make a new one "
                                     "per request, and check the clock")
                          .arg(now - expires)
                          .arg(expires)
                          .arg(now));
    const std::optional<qint64> iat = Jwt::numericDate(claims->value(u"iat"));
    if (iat && *iat > now + LeewaySeconds)
        return refuse(QStringLiteral("The client assertion was issued %1 s in the future (iat %2, server time %3): "
                                     "the client's clock is ahead")
                          .arg(*iat - now)
                          .arg(*iat)
                          .arg(now));
    if (expires - now > MaxLifetimeSeconds)
        return refuse(QStringLiteral("The client assertion is valid for %1 s more: this server accepts at most %2 s "
                                     "(RFC 7523 section 3 point 4)")
                          .arg(expires - now)
                          .arg(MaxLifetimeSeconds));
    // RFC 7523 §3 point 7: a jti, used once. Forget those whose assertion expired (they fail on exp anyway).
    const QString jti = claims->value(u"jti").toString();
    if (jti.isEmpty())
        return refuse(QStringLiteral("The client assertion has no jti: this server requires one so that an "
                                     "assertion cannot be replayed (RFC 7523 section 3 point 7)"));
    m_seenJti.removeIf([now](const QHash<QString, qint64>::iterator it) { return it.value() + LeewaySeconds < now; });
    if (m_seenJti.contains(jti))
        return refuse(QStringLiteral("The client assertion's jti %1 was already used: an assertion works once "
                                     "(replayed)")
                          .arg(printable(jti)));
    m_seenJti.insert(jti, expires);
    return {true, sub, {}, {}};
}

} // namespace Authlens::Demo
