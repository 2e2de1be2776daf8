#pragma once

#include "JwsAlgorithm.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <memory>

// OpenSSL's EVP_PKEY, forward-declared so that users of VerificationKey do not pull in OpenSSL headers.
struct evp_pkey_st;

namespace Authlens::Jwt {

/// A key that can verify JWS signatures: an RSA, EC (P-256/384/521) or OKP (Ed25519/Ed448) public key
/// held by libcrypto, or an HMAC secret. Built from a JWK, a PEM (public key, certificate or private
/// key) or a raw secret; carries the JWK metadata (kid, alg, use) that key selection needs, and where
/// it came from. A cheap-to-copy value: copies share the immutable EVP_PKEY.
class VerificationKey
{
public:
    enum class Type { Null, Rsa, Ec, Okp, Oct };
    enum class Outcome {
        Valid, ///< the signature verifies
        Invalid, ///< a well-formed check that failed (wrong key, altered token, wrong length…)
        Error, ///< the check could not run (libcrypto failure, unusable key)
    };

    VerificationKey() = default;

    /// A JWK (RFC 7517): kty RSA (n, e), EC (crv, x, y), OKP (crv Ed25519/Ed448, x), oct (k); or, for
    /// RSA/EC, only an x5c certificate. Private members are ignored. Null on failure, reason in `error`.
    static VerificationKey fromJwk(const QJsonObject& jwk, QString* error = nullptr);
    /// A PEM or DER public key (SPKI or PKCS#1), an X.509 certificate, or a private key (its public half
    /// is used). Null on failure, reason in `error`.
    static VerificationKey fromPem(QByteArrayView pem, QString* error = nullptr);
    /// An HMAC secret (HS256/384/512), used as the bytes given.
    static VerificationKey fromSecret(const QByteArray& secret);

    bool isNull() const { return m_type == Type::Null; }
    Type type() const { return m_type; }
    /// The JWK kty: "RSA", "EC", "OKP", "oct"; empty when null.
    QString keyType() const;
    /// JWK crv of an EC or OKP key ("P-256", "Ed25519"); empty otherwise.
    QString curve() const { return m_curve; }
    /// Key size in bits (RSA modulus, EC field, HMAC secret length × 8).
    int bits() const { return m_bits; }
    bool isSymmetric() const { return m_type == Type::Oct; }

    QString keyId() const { return m_keyId; }
    void setKeyId(const QString& kid) { m_keyId = kid; }
    /// The JWK "alg" the key is restricted to; empty when any compatible alg is allowed.
    QString algorithm() const { return m_algorithm; }
    void setAlgorithm(const QString& alg) { m_algorithm = alg; }
    /// The JWK "use" ("sig", "enc") or empty.
    QString use() const { return m_use; }
    /// Where the key came from, for messages: "JWKS https://issuer/jwks.json", "PEM key.pem", "--secret".
    QString source() const { return m_source; }
    void setSource(const QString& source) { m_source = source; }

    /// "RSA 2048-bit key kid \"abc\" (JWKS …)": for messages and the Token tab.
    QString description() const;

    /// Whether this key may verify `alg`: kty matches the algorithm family, the curve matches ES*/EdDSA,
    /// the JWK alg (if any) equals `alg`, and use is not "enc". When not, `reason` says why.
    bool canVerify(const JwsAlgorithm& alg, QString* reason = nullptr) const;

    /// Verifies `signature` over `signingInput` ("header.payload" as transmitted) with `alg`. ES*
    /// signatures are JOSE r||s (RFC 7518 §3.4), converted to DER for libcrypto. `detail` says why a
    /// result is Invalid or Error. Callers check canVerify() first; a mismatch here is an Error.
    Outcome verify(const JwsAlgorithm& alg, QByteArrayView signingInput, QByteArrayView signature,
                   QString* detail = nullptr) const;

private:
    Outcome verifyHmac(const JwsAlgorithm& alg, QByteArrayView input, QByteArrayView signature, QString* detail) const;
    Outcome verifyPkey(const JwsAlgorithm& alg, QByteArrayView input, QByteArrayView signature, QString* detail) const;
    static VerificationKey fromNative(evp_pkey_st* key, QString* error);

    Type m_type = Type::Null;
    std::shared_ptr<evp_pkey_st> m_key;
    QByteArray m_secret;
    QString m_curve;
    int m_bits = 0;
    QString m_keyId;
    QString m_algorithm;
    QString m_use;
    QString m_source;
};

} // namespace Authlens::Jwt
