#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <memory>

// OpenSSL's EVP_PKEY, forward-declared so that users of PrivateKey do not pull in OpenSSL headers.
struct evp_pkey_st;

namespace Authlens::Jwt {

/// An asymmetric private key that signs JWS: RSA (RS256/384/512, PS256/384/512; at least 2048 bits,
/// RFC 7518 §3.3/§3.5) or EC on P-256/P-384/P-521 (ES256/384/512, RFC 7518 §3.4). Used for
/// private_key_jwt client assertions (RFC 7523) and DPoP proofs (RFC 9449). A cheap-to-copy value: copies
/// share the immutable EVP_PKEY. A default-constructed key is null.
///
/// The key is a secret: it lives in the keychain as toPem(), never in a profile file or a log.
class PrivateKey
{
public:
    PrivateKey() = default;

    /// A private key in PEM (or DER): PKCS#8 ("BEGIN PRIVATE KEY"), PKCS#1 ("BEGIN RSA PRIVATE KEY") or
    /// SEC1 ("BEGIN EC PRIVATE KEY"). Null on failure, with a sentence for the user in `error` (a public
    /// key or certificate instead of a private key, an encrypted key, an unsupported key type or curve,
    /// an RSA key under 2048 bits, text that is no key at all).
    static PrivateKey fromPem(QByteArrayView pem, QString* error = nullptr);
    /// A fresh key pair for `alg`: "RS256"/"RS384"/"RS512"/"PS256"/"PS384"/"PS512" → RSA 2048,
    /// "ES256" → P-256, "ES384" → P-384, "ES512" → P-521. Null on failure (an unknown alg), reason in `error`.
    static PrivateKey generate(const QString& alg, QString* error = nullptr);

    /// Unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), what the keychain stores. Empty when null.
    QByteArray toPem() const;

    bool isNull() const { return m_key == nullptr; }
    /// The JWK kty: "RSA" or "EC"; empty when null.
    QString keyType() const;
    /// "P-256", "P-384", "P-521" for EC keys; empty otherwise.
    QString curve() const { return m_curve; }
    int bits() const { return m_bits; }
    /// "RSA 2048-bit key" / "EC P-256 key", for messages.
    QString description() const;

    /// Whether this key can sign `alg` (RS*/PS* with RSA, ES* with the matching curve); when not, `reason`
    /// says why ("ES256 needs an EC P-256 key, this is an RSA 2048-bit key").
    bool supports(const QString& alg, QString* reason = nullptr) const;
    /// The algorithm this key signs with by default: "RS256" for RSA, "ES256"/"ES384"/"ES512" for EC.
    QString defaultAlgorithm() const;

    /// The public half as a JWK: {"kty":"RSA","n","e"} or {"kty":"EC","crv","x","y"} (coordinates full
    /// length, RFC 7518 §6.2.1.2). Never private members. Callers add kid/use/alg.
    QJsonObject publicJwk() const;
    /// The public key as SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"), to register with a server.
    QByteArray publicPem() const;
    /// The RFC 7638 JWK thumbprint of publicJwk() (SHA-256, base64url).
    QByteArray thumbprint() const;

    /// The JOSE signature of `signingInput` with `alg`: RSASSA-PKCS1-v1_5 or RSASSA-PSS (salt = hash length,
    /// RFC 7518 §3.5) bytes, or ECDSA as the fixed-length R||S (RFC 7518 §3.4), not DER. Empty on failure.
    QByteArray sign(const QString& alg, QByteArrayView signingInput, QString* error = nullptr) const;
    /// A compact JWS (RFC 7515 §7.1): `header` with "alg" set to `alg` (other members such as typ, kid or
    /// jwk kept), `payload` as the claims. Empty on failure, reason in `error`.
    QByteArray signJws(QJsonObject header, const QJsonObject& payload, const QString& alg,
                       QString* error = nullptr) const;

private:
    std::shared_ptr<evp_pkey_st> m_key;
    QString m_curve;
    int m_bits = 0;
};

/// A compact JWS MACed with HMAC (RFC 7518 §3.2): `alg` "HS256", "HS384" or "HS512", `secret` used as the
/// bytes given (client_secret_jwt: the client secret's UTF-8, RFC 7523 §2.2 / OpenID Connect Core §9).
/// RFC 7518 §3.2 requires a key at least as long as the hash output: a shorter secret is an error that says
/// so. `header` keeps its members, "alg" is set. Empty on failure, reason in `error`.
QByteArray signHmacJws(QJsonObject header, const QJsonObject& payload, const QString& alg, const QByteArray& secret,
                       QString* error = nullptr);

/// The RFC 7638 thumbprint (SHA-256, base64url) of a public JWK: the required members only (RSA: e, kty, n;
/// EC: crv, kty, x, y; OKP: crv, kty, x; oct: k, kty), in lexicographic order, no whitespace (§3.2). Empty
/// when the kty is unknown or a required member is missing.
QByteArray jwkThumbprint(const QJsonObject& jwk);

} // namespace Authlens::Jwt
