#pragma once

// DPoP proofs (RFC 9449): the pure builder a client signs with its key pair, and the pure checker a
// server (the demo API) and the diagnosis run over a received proof. No I/O.

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Authlens::Jwt {

class PrivateKey;

/// The "typ" header of every proof (RFC 9449 §4.2).
inline constexpr QLatin1String DpopProofType {"dpop+jwt"};

/// htu (RFC 9449 §4.2): the request URL without query and fragment (and without user info), with the
/// scheme and host in lower case and the port only when it is not the scheme's default.
QString dpopHtu(const QUrl& url);
/// ath (RFC 9449 §4.2): base64url(SHA-256(the ASCII access token)), no padding.
QByteArray dpopAth(QByteArrayView accessToken);
/// A fresh jti: 128 random bits, base64url (RFC 9449 §4.2: "sufficient entropy").
QString newDpopJti();

/// What one proof says (RFC 9449 §4.2).
struct DpopProofClaims
{
    QByteArray method; ///< htm, as the request is sent ("GET", "POST")
    QUrl url; ///< htu is derived from it (dpopHtu())
    qint64 issuedAt = 0; ///< iat, seconds since the epoch
    QString jti; ///< empty: newDpopJti()
    QString nonce; ///< the server's DPoP-Nonce, when it gave one (§8, §9); empty: no nonce claim
    /// The access token the proof goes with, for ath (resource requests, §7); empty for token requests.
    QByteArray accessToken;
};

/// The JOSE header of a proof: typ dpop+jwt, alg, and the public key as jwk (no private members).
QJsonObject dpopProofHeader(const QJsonObject& publicJwk, const QString& alg);
/// The claims of a proof: jti, htm, htu, iat, then nonce and ath when given. A missing jti is made.
QJsonObject dpopProofPayload(const DpopProofClaims& claims);
/// The signed proof (compact JWS) for `claims` with `key` and `alg` ("ES256", "RS256", "PS256").
/// Empty with the reason in `error` when the key cannot sign that alg.
QByteArray buildDpopProof(const PrivateKey& key, const QString& alg, const DpopProofClaims& claims,
                          QString* error = nullptr);

/// What a proof must satisfy for one request (RFC 9449 §4.3).
struct DpopExpectation
{
    QByteArray method;
    QUrl url;
    qint64 now = 0; ///< the checker's clock, seconds since the epoch
    qint64 maxAgeSeconds = 300; ///< how old iat may be (§11.1: "a relatively brief period")
    qint64 leewaySeconds = 60; ///< how far in the future iat may be
    QString nonce; ///< the nonce the server expects; empty: no nonce required
    QStringList acceptedNonces; ///< also accepted (a server that rotates keeps the previous one a while)
    QByteArray accessToken; ///< given: ath must be its hash (§4.3 point 12)
    QString boundJkt; ///< given: the proof's key must have this thumbprint (the token's cnf.jkt, §6.1)
    QStringList acceptedAlgs {QStringLiteral("ES256"), QStringLiteral("RS256"), QStringLiteral("PS256")};
};

/// The verdict of checkDpopProof().
struct DpopCheck
{
    enum class Outcome {
        Valid,
        Malformed, ///< not a compact JWS with JSON header and claims
        Typ, ///< typ is not dpop+jwt
        Alg, ///< none, symmetric, or not accepted
        Jwk, ///< no usable public jwk in the header, or it carries private members
        Signature, ///< the signature does not verify with the embedded jwk
        MissingClaim, ///< jti, htm, htu or iat missing
        Htm, ///< htm is not the request's method
        Htu, ///< htu is not the request's URL (without query and fragment)
        TooOld, ///< iat older than maxAgeSeconds
        Future, ///< iat further ahead than leewaySeconds
        NonceMissing, ///< the server wants a nonce and the proof has none
        NonceWrong, ///< the proof's nonce is not the server's
        AthMissing, ///< sent with an access token, but without ath
        AthWrong, ///< ath is not the hash of the access token sent
        JktMismatch, ///< the proof's key is not the one the token is bound to
    };
    Outcome outcome = Outcome::Malformed;
    QString message; ///< for people, and for an error_description (printable ASCII)
    QByteArray jkt; ///< the thumbprint of the proof's jwk, when it has one
    QJsonObject header;
    QJsonObject claims;

    bool ok() const { return outcome == Outcome::Valid; }
};

/// "valid", "malformed", "typ", "alg", "jwk", "signature", "missing_claim", "htm", "htu", "too_old",
/// "future", "nonce_missing", "nonce_wrong", "ath_missing", "ath_wrong", "jkt_mismatch".
QString dpopOutcomeName(DpopCheck::Outcome outcome);

/// Checks `proof` as RFC 9449 §4.3 lists (typ, alg, jwk, signature with the embedded key, htm, htu,
/// iat window, nonce, ath) and §6.1 (the key's thumbprint against the token's cnf.jkt). The first
/// failing check decides. Pure; replay (jti seen before) is the server's state, not checked here.
DpopCheck checkDpopProof(QByteArrayView proof, const DpopExpectation& expect);

} // namespace Authlens::Jwt
