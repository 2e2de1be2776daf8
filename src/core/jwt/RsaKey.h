#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <memory>

// OpenSSL's EVP_PKEY, forward-declared so that users of RsaKey do not pull in OpenSSL headers.
struct evp_pkey_st;

namespace Authlens::Jwt {

/// An RSA key held by libcrypto: a key pair (can sign) or a public key only (can verify).
/// A cheap-to-copy value: copies share the immutable EVP_PKEY. A default-constructed key is null.
/// Only RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3) for now; PS256 would sit next to it.
class RsaKey
{
public:
    RsaKey() = default;

    /// A fresh key pair. Null on failure, with the reason in `error`.
    static RsaKey generate(int bits = 2048, QString* error = nullptr);
    /// A public key from its modulus and exponent (unsigned big-endian bytes, as in a JWK after base64url).
    static RsaKey fromPublicComponents(QByteArrayView modulus, QByteArrayView exponent, QString* error = nullptr);
    /// A public key from a JWK object with kty "RSA" and the members n and e (RFC 7518 §6.3.1).
    static RsaKey fromJwk(const QJsonObject& jwk, QString* error = nullptr);

    bool isNull() const { return m_key == nullptr; }
    bool hasPrivateKey() const { return m_private; }
    int bits() const;

    QByteArray modulus() const; ///< unsigned big-endian, no leading zero bytes
    QByteArray publicExponent() const; ///< unsigned big-endian, e.g. 01 00 01

    /// The public key as a JWK: {"kty":"RSA","n":…,"e":…}. Callers add kid, use and alg.
    QJsonObject publicJwk() const;
    /// The RFC 7638 JWK thumbprint (SHA-256, base64url): a stable, collision-free key id.
    QByteArray thumbprint() const;

    /// RS256 signature of `data`; empty on failure (null key, public key only, libcrypto error).
    QByteArray signRs256(QByteArrayView data, QString* error = nullptr) const;
    /// True only when `signature` is a valid RS256 signature of `data` by this key.
    bool verifyRs256(QByteArrayView data, QByteArrayView signature) const;

private:
    std::shared_ptr<evp_pkey_st> m_key;
    bool m_private = false;
};

} // namespace Authlens::Jwt
