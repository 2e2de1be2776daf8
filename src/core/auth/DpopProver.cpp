#include "auth/DpopProver.h"

#include "jwt/DpopProof.h"
#include "jwt/PrivateKey.h"

#include <QDateTime>

namespace Authlens::Auth {

namespace {

Http::DpopProver proverWith(const AuthSettings& settings, const AuthSecrets& secrets, const QByteArray& accessToken)
{
    const QString alg
        = settings.oauth.dpopAlg.trimmed().isEmpty() ? QStringLiteral("ES256") : settings.oauth.dpopAlg.trimmed();
    QString problem;
    Jwt::PrivateKey key;
    if (secrets.dpopKey.trimmed().isEmpty()) {
        problem = QStringLiteral("The profile has no DPoP key yet: it is made (and kept in the keychain) when the "
                                 "profile first gets a token");
    } else {
        QString error;
        key = Jwt::PrivateKey::fromPem(secrets.dpopKey.toUtf8(), &error);
        if (key.isNull())
            problem = QStringLiteral("The profile's DPoP key cannot be used: %1").arg(error);
        else if (QString reason; !key.supports(alg, &reason))
            problem = QStringLiteral("The profile's DPoP key cannot sign %1: %2").arg(alg, reason);
    }
    return [key, alg, accessToken, problem](const QByteArray& method, const QUrl& url, const QByteArray& nonce,
                                            QString* error) -> QByteArray {
        if (!problem.isEmpty()) {
            if (error)
                *error = problem;
            return {};
        }
        Jwt::DpopProofClaims claims;
        claims.method = method;
        claims.url = url;
        claims.issuedAt = QDateTime::currentSecsSinceEpoch();
        claims.nonce = QString::fromLatin1(nonce);
        claims.accessToken = accessToken;
        return Jwt::buildDpopProof(key, alg, claims, error);
    };
}

} // namespace

bool usesDpop(const AuthSettings& settings)
{
    return settings.method == Method::OAuth2 && settings.oauth.dpop;
}

Http::DpopProver dpopProverFor(const AuthSettings& settings, const AuthSecrets& secrets)
{
    if (!usesDpop(settings))
        return {};
    // ath only when the proof goes with an access token (RFC 9449 §4.2).
    return proverWith(settings, secrets, secrets.token.toUtf8());
}

Http::DpopProver dpopTokenRequestProver(const AuthSettings& settings, const AuthSecrets& secrets)
{
    if (!usesDpop(settings))
        return {};
    return proverWith(settings, secrets, {});
}

} // namespace Authlens::Auth
