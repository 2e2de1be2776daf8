#include "DigestAlgorithm.h"

#include <QCryptographicHash>

#include <openssl/evp.h>

namespace Authlens::Auth {

namespace {

QByteArray sha512_256Hex(QByteArrayView data)
{
    // SHA-512/256 is SHA-512 with its own initial values, truncated — not a truncated SHA-512.
    const EVP_MD* md = EVP_get_digestbyname("SHA512-256");
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!md || EVP_Digest(data.data(), size_t(data.size()), out, &length, md, nullptr) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char*>(out), int(length)).toHex();
}

QByteArray joinWithColons(std::initializer_list<QByteArrayView> parts)
{
    qsizetype size = qsizetype(parts.size());
    for (QByteArrayView part : parts)
        size += part.size();
    QByteArray joined;
    joined.reserve(size);
    bool first = true;
    for (QByteArrayView part : parts) {
        if (!first)
            joined.append(':');
        joined.append(part);
        first = false;
    }
    return joined;
}

} // namespace

std::optional<DigestAlgorithm> digestAlgorithmFromName(QByteArrayView name)
{
    static constexpr struct
    {
        const char* name;
        DigestAlgorithm algorithm;
    } kNames[] = {
        {"MD5", DigestAlgorithm::Md5},
        {"MD5-sess", DigestAlgorithm::Md5Sess},
        {"SHA-256", DigestAlgorithm::Sha256},
        {"SHA-256-sess", DigestAlgorithm::Sha256Sess},
        {"SHA-512-256", DigestAlgorithm::Sha512_256},
        {"SHA-512-256-sess", DigestAlgorithm::Sha512_256Sess},
    };
    for (const auto& entry : kNames) {
        if (name.compare(QByteArrayView(entry.name), Qt::CaseInsensitive) == 0)
            return entry.algorithm;
    }
    return std::nullopt;
}

QByteArray digestAlgorithmName(DigestAlgorithm algorithm)
{
    switch (algorithm) {
    case DigestAlgorithm::Md5:
        return QByteArrayLiteral("MD5");
    case DigestAlgorithm::Md5Sess:
        return QByteArrayLiteral("MD5-sess");
    case DigestAlgorithm::Sha256:
        return QByteArrayLiteral("SHA-256");
    case DigestAlgorithm::Sha256Sess:
        return QByteArrayLiteral("SHA-256-sess");
    case DigestAlgorithm::Sha512_256:
        return QByteArrayLiteral("SHA-512-256");
    case DigestAlgorithm::Sha512_256Sess:
        break;
    }
    return QByteArrayLiteral("SHA-512-256-sess");
}

bool isSessionAlgorithm(DigestAlgorithm algorithm)
{
    return algorithm == DigestAlgorithm::Md5Sess || algorithm == DigestAlgorithm::Sha256Sess
        || algorithm == DigestAlgorithm::Sha512_256Sess;
}

QByteArray digestHashHex(DigestAlgorithm algorithm, QByteArrayView data)
{
    switch (algorithm) {
    case DigestAlgorithm::Md5:
    case DigestAlgorithm::Md5Sess:
        return QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex();
    case DigestAlgorithm::Sha256:
    case DigestAlgorithm::Sha256Sess:
        return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
    case DigestAlgorithm::Sha512_256:
    case DigestAlgorithm::Sha512_256Sess:
        break;
    }
    return sha512_256Hex(data);
}

QByteArray digestHa1(DigestAlgorithm algorithm, QByteArrayView username, QByteArrayView realm, QByteArrayView password,
                     QByteArrayView nonce, QByteArrayView cnonce)
{
    const QByteArray ha1 = digestHashHex(algorithm, joinWithColons({username, realm, password}));
    if (!isSessionAlgorithm(algorithm))
        return ha1;
    return digestHashHex(algorithm, joinWithColons({ha1, nonce, cnonce}));
}

QByteArray digestHa2(DigestAlgorithm algorithm, QByteArrayView method, QByteArrayView uri, QByteArrayView qop,
                     QByteArrayView body)
{
    if (qop == "auth-int")
        return digestHashHex(algorithm, joinWithColons({method, uri, digestHashHex(algorithm, body)}));
    return digestHashHex(algorithm, joinWithColons({method, uri}));
}

QByteArray digestResponseValue(DigestAlgorithm algorithm, QByteArrayView ha1, QByteArrayView nonce, QByteArrayView nc,
                               QByteArrayView cnonce, QByteArrayView qop, QByteArrayView ha2)
{
    if (qop.isEmpty())
        return digestHashHex(algorithm, joinWithColons({ha1, nonce, ha2}));
    return digestHashHex(algorithm, joinWithColons({ha1, nonce, nc, cnonce, qop, ha2}));
}

QByteArray digestUserhash(DigestAlgorithm algorithm, QByteArrayView username, QByteArrayView realm)
{
    return digestHashHex(algorithm, joinWithColons({username, realm}));
}

} // namespace Authlens::Auth
