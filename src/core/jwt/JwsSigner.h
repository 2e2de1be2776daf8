#pragma once

#include "RsaKey.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace Authlens::Jwt {

/// Produces RS256-signed JWS in compact serialisation (RFC 7515 §7.1), e.g. JWT access and ID tokens.
/// Holds the key pair and its key id; the matching public JWK is what a JWKS publishes.
class JwsSigner
{
public:
    JwsSigner() = default;
    JwsSigner(RsaKey key, QString keyId);

    /// A signer with a fresh RSA key whose kid is the key's RFC 7638 thumbprint. Null on failure.
    static JwsSigner generate(int bits = 2048, QString* error = nullptr);

    bool isNull() const { return m_key.isNull() || !m_key.hasPrivateKey(); }
    const RsaKey& key() const { return m_key; }
    QString keyId() const { return m_keyId; }

    /// `header` with "alg":"RS256" and "kid" set (other members such as "typ" kept), `payload` as the claims.
    /// Returns "header.payload.signature"; empty on failure.
    QByteArray sign(QJsonObject header, const QJsonObject& payload, QString* error = nullptr) const;

    /// The public key as a JWKS entry: kty, use "sig", alg "RS256", kid, n, e.
    QJsonObject publicJwk() const;

private:
    RsaKey m_key;
    QString m_keyId;
};

} // namespace Authlens::Jwt
