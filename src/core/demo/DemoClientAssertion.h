#pragma once

#include "jwt/PrivateKey.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace Authlens::Demo {

/// The demo authorization server's JWT client authentication (RFC 7523 §2.2, §3; OpenID Connect Core §9):
/// two registered clients — one for private_key_jwt whose public key (EC P-256, kid keyId()) the server
/// knows, one for client_secret_jwt with a shared secret long enough for HS256 (RFC 7518 §3.2) — and the
/// checks of an assertion: signature, iss = sub = the client, aud = the token endpoint, exp not passed, iat
/// not in the future, jti not seen before. Plain state, no I/O: DemoAuthority's token endpoint asks it.
class DemoClientAssertion
{
public:
    /// What the check found: ok and the authenticated client, or the OAuth error to answer (RFC 6749 §5.2:
    /// invalid_client for a bad assertion, invalid_request for a malformed request) with a precise
    /// error_description (printable ASCII without quotes or backslashes).
    struct Result
    {
        bool ok = false;
        QString clientId;
        QString error;
        QString description;
    };

    static constexpr qint64 LeewaySeconds = 30; ///< tolerated clock difference for exp and iat
    static constexpr qint64 MaxLifetimeSeconds = 600; ///< an assertion valid longer is refused (RFC 7523 §3 point 4)

    DemoClientAssertion(); ///< generates the private_key_jwt client's key pair

    static QString keyClientId(); ///< "authlens-demo-jwt-client": private_key_jwt
    static QString keyId(); ///< "demo-client-key-1": the kid its key is registered under
    static QString secretClientId(); ///< "authlens-demo-hs-client": client_secret_jwt
    static QString secretClientSecret(); ///< its secret, 40 bytes

    /// The private key of keyClientId(), PKCS#8 PEM: what the demo profile holds in memory (never stored).
    QByteArray privateKeyPem() const { return m_key.toPem(); }
    /// The registered public key as a JWK (kid, alg ES256, use sig).
    QJsonObject publicJwk() const;

    /// Checks the client assertion of a token request. `params` are the form parameters (each once),
    /// `withAuthorization` whether the request also had an Authorization header, `tokenEndpoint` the URL the
    /// assertion's aud must name, `now` the server's clock in seconds.
    Result check(const QHash<QString, QString>& params, bool withAuthorization, const QString& tokenEndpoint,
                 qint64 now);

private:
    Jwt::PrivateKey m_key;
    QHash<QString, qint64> m_seenJti; ///< jti → exp; forgotten once the assertion expired
};

} // namespace Authlens::Demo
