#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace Authlens::Auth {

/// The Digest algorithms of RFC 7616 §3.2 (and the IANA "HTTP Digest Hash Algorithms" registry).
enum class DigestAlgorithm { Md5, Md5Sess, Sha256, Sha256Sess, Sha512_256, Sha512_256Sess };

/// Reads an `algorithm` value, case-insensitively ("MD5", "sha-256-sess", …). Nothing for unknown names.
std::optional<DigestAlgorithm> digestAlgorithmFromName(QByteArrayView name);

/// The canonical name: "MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess".
QByteArray digestAlgorithmName(DigestAlgorithm algorithm);

/// The -sess variants hash the nonce and cnonce into A1 (RFC 7616 §3.4.2).
bool isSessionAlgorithm(DigestAlgorithm algorithm);

/// Lower-case hex of the algorithm's hash of `data` (RFC 7616 §3.4.1 H()). SHA-512/256 comes from OpenSSL
/// (Qt 6.4's QCryptographicHash lacks it).
QByteArray digestHashHex(DigestAlgorithm algorithm, QByteArrayView data);

// The computation of RFC 7616 §3.4.1–§3.4.3, shared by the client (DigestResponder) and the server side
// (verifyDigest). Every argument is the raw (unquoted) value; results are lower-case hex.

/// H(A1): A1 = username ":" realm ":" password, and for -sess H(that) ":" nonce ":" cnonce (§3.4.2).
QByteArray digestHa1(DigestAlgorithm algorithm, QByteArrayView username, QByteArrayView realm, QByteArrayView password,
                     QByteArrayView nonce, QByteArrayView cnonce);

/// H(A2): A2 = method ":" uri, and for qop=auth-int method ":" uri ":" H(body) (§3.4.3). An empty method
/// gives the A2 of `rspauth` in Authentication-Info (§3.5).
QByteArray digestHa2(DigestAlgorithm algorithm, QByteArrayView method, QByteArrayView uri, QByteArrayView qop,
                     QByteArrayView body);

/// The request-digest (§3.4.1): KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2)), or without qop the
/// RFC 2069 form KD(H(A1), nonce ":" H(A2)).
QByteArray digestResponseValue(DigestAlgorithm algorithm, QByteArrayView ha1, QByteArrayView nonce, QByteArrayView nc,
                               QByteArrayView cnonce, QByteArrayView qop, QByteArrayView ha2);

/// The userhash of §3.4.4: H(username ":" realm).
QByteArray digestUserhash(DigestAlgorithm algorithm, QByteArrayView username, QByteArrayView realm);

} // namespace Authlens::Auth
