#pragma once

#include "DigestChallenge.h"

#include <QByteArray>
#include <QString>

namespace Authlens::Auth {

/// What a Digest response is computed over.
struct DigestRequest
{
    QByteArray method; ///< "GET"
    QByteArray uri; ///< the request-target exactly as sent on the request line, e.g. "/dir/index.html?x=1"
    QString username;
    QString password;
    QByteArray body; ///< the request body; only qop=auth-int hashes it
    QByteArray cnonce; ///< the client nonce; empty → DigestResponder::next() makes a random one
    quint32 nonceCount = 1; ///< nc; next() numbers requests itself
};

/// The answer to a Digest challenge.
struct DigestResponse
{
    QByteArray authorization; ///< the whole field value: `Digest username="…", realm="…", …`
    QByteArray response; ///< the request-digest (hex)
    QByteArray qop; ///< "auth", "auth-int", or empty for the RFC 2069 form
    QByteArray cnonce;
    QByteArray nc; ///< 8 hex digits, e.g. "00000001"
    QByteArray ha1; ///< H(A1), to check the server's rspauth in Authentication-Info
};

/// Answers Digest challenges (RFC 7616 §3.4). `respond()` is a pure function; an instance adds the state a
/// client keeps between requests: the nonce count per nonce (reset when the server sends a new nonce, e.g.
/// after stale=true) and a fresh random cnonce per request.
///
/// Choices the RFC leaves open: qop=auth is preferred when both auth and auth-int are offered (auth-int
/// needs the whole body and few servers check it); username and password are encoded in UTF-8 (NFC when
/// the server said charset=UTF-8), which is what current servers expect; a non-ASCII username is sent as
/// `username*` (RFC 8187) unless userhash is on.
class DigestResponder
{
public:
    /// The Authorization value for one request with the given cnonce and nonce count.
    static DigestResponse respond(const DigestChallenge& challenge, const DigestRequest& request);

    /// Like respond(), numbering this request for the challenge's nonce and making a cnonce when
    /// `request.cnonce` is empty.
    DigestResponse next(const DigestChallenge& challenge, DigestRequest request);

    /// The nonce the last next() answered, and how many requests used it.
    QByteArray currentNonce() const { return m_nonce; }
    quint32 nonceCount() const { return m_nonceCount; }
    void reset();

    /// 16 random bytes from the system generator, as 32 hex digits.
    static QByteArray makeCnonce();

    /// The expected `rspauth` of an Authentication-Info answering `response` (RFC 7616 §3.5). For qop=auth-int
    /// the RFC hashes the *response* body: pass it in `request.body`.
    static QByteArray expectedRspauth(const DigestChallenge& challenge, const DigestRequest& request,
                                      const DigestResponse& response);

private:
    QByteArray m_nonce;
    quint32 m_nonceCount = 0;
};

/// `"value"` with `"` and `\` escaped (RFC 9110 §5.6.4).
QByteArray quotedString(QByteArrayView value);

} // namespace Authlens::Auth
