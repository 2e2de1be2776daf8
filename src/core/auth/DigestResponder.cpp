#include "DigestResponder.h"

#include <QRandomGenerator>

namespace Authlens::Auth {

namespace {

bool isAscii(const QByteArray& bytes)
{
    for (char c : bytes) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

// RFC 8187 ext-value for `username*`: UTF-8, attr-chars kept, everything else percent-encoded.
QByteArray extValue(const QByteArray& utf8)
{
    QByteArray out = QByteArrayLiteral("UTF-8''");
    for (char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        const bool attrChar = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')
            || QByteArrayView("!#$&+-.^_`|~").contains(c);
        if (attrChar) {
            out.append(c);
        } else {
            static const char kHex[] = "0123456789ABCDEF";
            out.append('%');
            out.append(kHex[u >> 4]);
            out.append(kHex[u & 0xf]);
        }
    }
    return out;
}

QByteArray encodeSecret(const QString& text, bool utf8Declared)
{
    // RFC 7616 §4: with charset=UTF-8 the strings are normalised to NFC before encoding.
    return (utf8Declared ? text.normalized(QString::NormalizationForm_C) : text).toUtf8();
}

} // namespace

QByteArray quotedString(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size() + 2);
    out.append('"');
    for (char c : value) {
        if (c == '"' || c == '\\')
            out.append('\\');
        out.append(c);
    }
    out.append('"');
    return out;
}

DigestResponse DigestResponder::respond(const DigestChallenge& challenge, const DigestRequest& request)
{
    DigestResponse result;
    if (challenge.offersQop("auth"))
        result.qop = QByteArrayLiteral("auth");
    else if (challenge.offersQop("auth-int"))
        result.qop = QByteArrayLiteral("auth-int");
    result.cnonce = request.cnonce;
    result.nc = QByteArray::number(request.nonceCount, 16).rightJustified(8, '0');

    const QByteArray username = encodeSecret(request.username, challenge.charsetUtf8);
    const QByteArray password = encodeSecret(request.password, challenge.charsetUtf8);
    result.ha1 = digestHa1(challenge.algorithm, username, challenge.realm, password, challenge.nonce, result.cnonce);
    const QByteArray ha2 = digestHa2(challenge.algorithm, request.method, request.uri, result.qop, request.body);
    result.response = digestResponseValue(challenge.algorithm, result.ha1, challenge.nonce, result.nc, result.cnonce,
                                          result.qop, ha2);

    QByteArray header = QByteArrayLiteral("Digest ");
    if (challenge.userhash)
        header += "username=" + quotedString(digestUserhash(challenge.algorithm, username, challenge.realm));
    else if (isAscii(username))
        header += "username=" + quotedString(username);
    else
        header += "username*=" + extValue(username);
    header += ", realm=" + quotedString(challenge.realm);
    header += ", uri=" + quotedString(request.uri);
    if (!challenge.algorithmToken.isEmpty())
        header += ", algorithm=" + challenge.algorithmToken;
    header += ", nonce=" + quotedString(challenge.nonce);
    if (!result.qop.isEmpty()) {
        header += ", nc=" + result.nc;
        header += ", cnonce=" + quotedString(result.cnonce);
        header += ", qop=" + result.qop;
    }
    header += ", response=" + quotedString(result.response);
    if (!challenge.opaque.isNull())
        header += ", opaque=" + quotedString(challenge.opaque);
    if (challenge.userhash)
        header += ", userhash=true";
    result.authorization = header;
    return result;
}

DigestResponse DigestResponder::next(const DigestChallenge& challenge, DigestRequest request)
{
    if (challenge.nonce != m_nonce) {
        // A new nonce (first request, or the server rotated it, e.g. with stale=true): nc starts over.
        m_nonce = challenge.nonce;
        m_nonceCount = 0;
    }
    request.nonceCount = ++m_nonceCount;
    if (request.cnonce.isEmpty())
        request.cnonce = makeCnonce();
    return respond(challenge, request);
}

void DigestResponder::reset()
{
    m_nonce.clear();
    m_nonceCount = 0;
}

QByteArray DigestResponder::makeCnonce()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char*>(words), sizeof(words)).toHex();
}

QByteArray DigestResponder::expectedRspauth(const DigestChallenge& challenge, const DigestRequest& request,
                                            const DigestResponse& response)
{
    const QByteArray ha2 = digestHa2(challenge.algorithm, {}, request.uri, response.qop, request.body);
    return digestResponseValue(challenge.algorithm, response.ha1, challenge.nonce, response.nc, response.cnonce,
                               response.qop, ha2);
}

} // namespace Authlens::Auth
