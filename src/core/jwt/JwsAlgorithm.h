#pragma once

#include <QString>

namespace Authlens::Jwt {

/// A JWS "alg" value (RFC 7518 §3, RFC 8037) and what verifying it needs.
struct JwsAlgorithm
{
    enum class Family {
        Unsupported, ///< unknown or not implemented (e.g. ES256K, a JWE alg in a JWS)
        None, ///< "none": unsecured
        Hmac, ///< HS256/384/512: shared secret
        RsaPkcs1, ///< RS256/384/512
        RsaPss, ///< PS256/384/512
        Ecdsa, ///< ES256/384/512
        EdDsa, ///< EdDSA (RFC 8037) and the fully specified Ed25519 / Ed448 (RFC 9864)
    };

    QString name; ///< as in the header
    Family family = Family::Unsupported;
    int hashBits = 0; ///< 256/384/512 for HS/RS/PS/ES; 0 for EdDSA and none
    QString curve; ///< ES*: the required JWK crv ("P-256", "P-384", "P-521"); Ed25519/Ed448 when fixed
    int coordinateBytes = 0; ///< ES*: length of r and of s in the JOSE signature (32, 48, 66)

    /// The properties of `alg` (case-sensitive, as RFC 7515 §4.1.1 requires).
    static JwsAlgorithm fromName(const QString& alg);

    bool isSupported() const { return family != Family::Unsupported && family != Family::None; }
    bool isSymmetric() const { return family == Family::Hmac; }
    /// The JWK kty a key for this algorithm has: "oct", "RSA", "EC", "OKP"; empty for none/unsupported.
    QString keyType() const;
    /// OpenSSL digest name ("SHA256"…); empty for EdDSA (the signature hashes internally).
    const char* digestName() const;
};

} // namespace Authlens::Jwt
