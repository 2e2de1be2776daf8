#include "jwt/DpopProof.h"

#include "jwt/Base64Url.h"
#include "jwt/CompactJws.h"
#include "jwt/JwsAlgorithm.h"
#include "jwt/NumericDate.h"
#include "jwt/PrivateKey.h"
#include "jwt/VerificationKey.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace Authlens::Jwt {

namespace {

/// Printable ASCII without quotes or backslashes: the check's messages may become an error_description
/// (RFC 6749 §5.2 / RFC 6750 §3 restrict its characters), and they quote outside input.
QString printable(const QString& text, int max = 80)
{
    QString out;
    for (const QChar c : text.left(max)) {
        const ushort u = c.unicode();
        out += (u >= 0x20 && u <= 0x7e && c != u'"' && c != u'\\') ? c : QChar(u'?');
    }
    return out;
}

DpopCheck fail(DpopCheck check, DpopCheck::Outcome outcome, const QString& message)
{
    check.outcome = outcome;
    check.message = message;
    return check;
}

} // namespace

QString dpopHtu(const QUrl& url)
{
    // RFC 9449 §4.2: "The HTTP target URI …, without query and fragment parts". Scheme and host compare
    // case-insensitively and a default port is the same URI (RFC 3986 §6.2.2–6.2.3): QUrl lowers both and
    // drops the default port from the text when it is given explicitly.
    QUrl u = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    u.setScheme(u.scheme().toLower());
    u.setHost(u.host().toLower());
    if ((u.scheme() == u"http" && u.port() == 80) || (u.scheme() == u"https" && u.port() == 443))
        u.setPort(-1);
    if (u.path().isEmpty())
        u.setPath(QStringLiteral("/"));
    return u.toString(QUrl::FullyEncoded | QUrl::NormalizePathSegments);
}

QByteArray dpopAth(QByteArrayView accessToken)
{
    return base64UrlEncode(QCryptographicHash::hash(accessToken, QCryptographicHash::Sha256));
}

QString newDpopJti()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(base64UrlEncode(QByteArrayView(reinterpret_cast<const char*>(words), sizeof words)));
}

QJsonObject dpopProofHeader(const QJsonObject& publicJwk, const QString& alg)
{
    return QJsonObject {
        {QStringLiteral("typ"), QString(DpopProofType)},
        {QStringLiteral("alg"), alg},
        {QStringLiteral("jwk"), publicJwk},
    };
}

QJsonObject dpopProofPayload(const DpopProofClaims& claims)
{
    QJsonObject payload {
        {QStringLiteral("jti"), claims.jti.isEmpty() ? newDpopJti() : claims.jti},
        {QStringLiteral("htm"), QString::fromLatin1(claims.method)},
        {QStringLiteral("htu"), dpopHtu(claims.url)},
        {QStringLiteral("iat"), claims.issuedAt},
    };
    if (!claims.nonce.isEmpty())
        payload.insert(QStringLiteral("nonce"), claims.nonce);
    if (!claims.accessToken.isEmpty())
        payload.insert(QStringLiteral("ath"), QString::fromLatin1(dpopAth(claims.accessToken)));
    return payload;
}

QByteArray buildDpopProof(const PrivateKey& key, const QString& alg, const DpopProofClaims& claims, QString* error)
{
    if (key.isNull()) {
        if (error)
            *error = QStringLiteral("There is no DPoP key to sign the proof with");
        return {};
    }
    QString reason;
    if (!key.supports(alg, &reason)) {
        if (error)
            *error = QStringLiteral("The DPoP key cannot sign %1: %2").arg(alg, reason);
        return {};
    }
    return key.signJws(dpopProofHeader(key.publicJwk(), alg), dpopProofPayload(claims), alg, error);
}

QString dpopOutcomeName(DpopCheck::Outcome outcome)
{
    using O = DpopCheck::Outcome;
    switch (outcome) {
    case O::Valid:
        return QStringLiteral("valid");
    case O::Malformed:
        return QStringLiteral("malformed");
    case O::Typ:
        return QStringLiteral("typ");
    case O::Alg:
        return QStringLiteral("alg");
    case O::Jwk:
        return QStringLiteral("jwk");
    case O::Signature:
        return QStringLiteral("signature");
    case O::MissingClaim:
        return QStringLiteral("missing_claim");
    case O::Htm:
        return QStringLiteral("htm");
    case O::Htu:
        return QStringLiteral("htu");
    case O::TooOld:
        return QStringLiteral("too_old");
    case O::Future:
        return QStringLiteral("future");
    case O::NonceMissing:
        return QStringLiteral("nonce_missing");
    case O::NonceWrong:
        return QStringLiteral("nonce_wrong");
    case O::AthMissing:
        return QStringLiteral("ath_missing");
    case O::AthWrong:
        return QStringLiteral("ath_wrong");
    case O::JktMismatch:
        return QStringLiteral("jkt_mismatch");
    }
    return QStringLiteral("malformed");
}

DpopCheck checkDpopProof(QByteArrayView proof, const DpopExpectation& expect)
{
    using O = DpopCheck::Outcome;
    DpopCheck check;
    // §4.3 point 2: a well-formed JWT.
    QString parseError;
    const std::optional<CompactJws> jws = CompactJws::parse(proof.trimmed(), &parseError);
    if (!jws)
        return fail(check, O::Malformed, QStringLiteral("The DPoP proof is not a JWS: %1").arg(parseError));
    const std::optional<QJsonObject> claims = jws->claims();
    if (!claims)
        return fail(check, O::Malformed, QStringLiteral("The DPoP proof's payload is not a JSON object"));
    check.header = jws->header;
    check.claims = *claims;

    // §4.3 point 4: typ dpop+jwt.
    const QString typ = jws->header.value(u"typ").toString();
    if (typ != DpopProofType)
        return fail(check, O::Typ,
                    QStringLiteral("The DPoP proof's typ is %1, not dpop+jwt")
                        .arg(typ.isEmpty() ? QStringLiteral("missing") : printable(typ)));
    // §4.3 point 5: an asymmetric algorithm the server supports, never none or a MAC.
    const QString algName = jws->header.value(u"alg").toString();
    const JwsAlgorithm alg = JwsAlgorithm::fromName(algName);
    if (!alg.isSupported() || alg.isSymmetric() || !expect.acceptedAlgs.contains(algName))
        return fail(check, O::Alg,
                    QStringLiteral("The DPoP proof's alg %1 is not accepted (accepted: %2)")
                        .arg(algName.isEmpty() ? QStringLiteral("missing") : printable(algName),
                             expect.acceptedAlgs.join(QStringLiteral(", "))));
    // §4.3 point 7: the jwk is a public key (no private members).
    const QJsonValue jwkValue = jws->header.value(u"jwk");
    if (!jwkValue.isObject())
        return fail(check, O::Jwk, QStringLiteral("The DPoP proof's header has no jwk"));
    const QJsonObject jwk = jwkValue.toObject();
    for (const char* privateMember : {"d", "p", "q", "dp", "dq", "qi", "k"}) {
        if (jwk.contains(QLatin1String(privateMember)))
            return fail(check, O::Jwk,
                        QStringLiteral("The DPoP proof's jwk contains the private member %1: a proof carries "
                                       "only the public key")
                            .arg(QLatin1String(privateMember)));
    }
    QString keyError;
    const VerificationKey key = VerificationKey::fromJwk(jwk, &keyError);
    if (key.isNull())
        return fail(check, O::Jwk, QStringLiteral("The DPoP proof's jwk is not a usable key: %1").arg(keyError));
    check.jkt = jwkThumbprint(jwk);
    // §4.3 point 6: the signature verifies with that key.
    QString reason;
    if (!key.canVerify(alg, &reason))
        return fail(check, O::Jwk, QStringLiteral("The DPoP proof's jwk cannot verify %1: %2").arg(algName, reason));
    if (key.verify(alg, jws->signingInput, jws->signature) != VerificationKey::Outcome::Valid)
        return fail(check, O::Signature,
                    QStringLiteral("The DPoP proof's signature does not verify with the jwk of its header"));

    // §4.3 point 3: the required claims.
    for (const char* member : {"jti", "htm", "htu"}) {
        if (!claims->value(QLatin1String(member)).isString()
            || claims->value(QLatin1String(member)).toString().isEmpty())
            return fail(check, O::MissingClaim,
                        QStringLiteral("The DPoP proof has no %1 claim").arg(QLatin1String(member)));
    }
    if (!numericDate(claims->value(u"iat")))
        return fail(check, O::MissingClaim, QStringLiteral("The DPoP proof has no iat claim that is a NumericDate"));

    // §4.3 point 8: htm is the request's method.
    const QString htm = claims->value(u"htm").toString();
    if (htm != QString::fromLatin1(expect.method))
        return fail(check, O::Htm,
                    QStringLiteral("The DPoP proof's htm %1 is not the request's method %2")
                        .arg(printable(htm), QString::fromLatin1(expect.method)));
    // §4.3 point 9: htu is the request's URI without query and fragment.
    const QString htu = claims->value(u"htu").toString();
    const QString expectedHtu = dpopHtu(expect.url);
    if (dpopHtu(QUrl(htu)) != expectedHtu)
        return fail(check, O::Htu,
                    QStringLiteral("The DPoP proof's htu %1 is not the request's URL %2")
                        .arg(printable(htu, 200), printable(expectedHtu, 200)));
    // §4.3 point 11: iat within the acceptable window (§11.1).
    const qint64 iat = numericDate(claims->value(u"iat")).value_or(0);
    if (expect.now - iat > expect.maxAgeSeconds)
        return fail(check, O::TooOld,
                    QStringLiteral("The DPoP proof is too old: iat is %1 s before now (at most %2 s accepted)")
                        .arg(expect.now - iat)
                        .arg(expect.maxAgeSeconds));
    if (iat - expect.now > expect.leewaySeconds)
        return fail(check, O::Future,
                    QStringLiteral("The DPoP proof's iat is %1 s in the future (at most %2 s accepted)")
                        .arg(iat - expect.now)
                        .arg(expect.leewaySeconds));
    // §4.3 point 10: the nonce the server provided (§8, §9).
    if (!expect.nonce.isEmpty()) {
        const QString nonce = claims->value(u"nonce").toString();
        if (nonce.isEmpty())
            return fail(check, O::NonceMissing,
                        QStringLiteral("The DPoP proof has no nonce; this server requires one"));
        if (nonce != expect.nonce && !expect.acceptedNonces.contains(nonce))
            return fail(check, O::NonceWrong, QStringLiteral("The DPoP proof's nonce is not the server's current one"));
    }
    // §4.3 point 12: with an access token, ath is its hash.
    if (!expect.accessToken.isEmpty()) {
        const QString ath = claims->value(u"ath").toString();
        if (ath.isEmpty())
            return fail(check, O::AthMissing,
                        QStringLiteral("The DPoP proof has no ath claim, but it goes with an access token"));
        if (ath.toLatin1() != dpopAth(expect.accessToken))
            return fail(check, O::AthWrong,
                        QStringLiteral("The DPoP proof's ath is not the hash of the access token sent with it"));
    }
    // §6.1 / §7.1: the proof's key is the one the token is bound to (cnf.jkt).
    if (!expect.boundJkt.isEmpty() && QString::fromLatin1(check.jkt) != expect.boundJkt)
        return fail(check, O::JktMismatch,
                    QStringLiteral("The access token is bound to the key %1 (cnf.jkt), the DPoP proof was signed with "
                                   "the key %2")
                        .arg(printable(expect.boundJkt), QString::fromLatin1(check.jkt)));
    check.outcome = O::Valid;
    check.message = QStringLiteral("The DPoP proof is valid");
    return check;
}

} // namespace Authlens::Jwt
