#include "JwsAlgorithm.h"

namespace Authlens::Jwt {

JwsAlgorithm JwsAlgorithm::fromName(const QString& alg)
{
    JwsAlgorithm a;
    a.name = alg;
    if (alg == u"none") {
        a.family = Family::None;
        return a;
    }
    if (alg.size() == 5 && (alg.endsWith(u"256") || alg.endsWith(u"384") || alg.endsWith(u"512"))) {
        const QString prefix = alg.left(2);
        const int bits = alg.right(3).toInt();
        if (prefix == u"HS")
            a.family = Family::Hmac;
        else if (prefix == u"RS")
            a.family = Family::RsaPkcs1;
        else if (prefix == u"PS")
            a.family = Family::RsaPss;
        else if (prefix == u"ES") {
            a.family = Family::Ecdsa;
            // ES512 uses P-521 (not P-512): 66-byte coordinates.
            a.curve = bits == 256 ? QStringLiteral("P-256")
                : bits == 384     ? QStringLiteral("P-384")
                                  : QStringLiteral("P-521");
            a.coordinateBytes = bits == 256 ? 32 : bits == 384 ? 48 : 66;
        }
        if (a.family != Family::Unsupported)
            a.hashBits = bits;
        return a;
    }
    if (alg == u"EdDSA") {
        a.family = Family::EdDsa;
    } else if (alg == u"Ed25519" || alg == u"Ed448") {
        a.family = Family::EdDsa;
        a.curve = alg;
    }
    return a;
}

QString JwsAlgorithm::keyType() const
{
    switch (family) {
    case Family::Hmac:
        return QStringLiteral("oct");
    case Family::RsaPkcs1:
    case Family::RsaPss:
        return QStringLiteral("RSA");
    case Family::Ecdsa:
        return QStringLiteral("EC");
    case Family::EdDsa:
        return QStringLiteral("OKP");
    case Family::None:
    case Family::Unsupported:
        break;
    }
    return {};
}

const char* JwsAlgorithm::digestName() const
{
    switch (hashBits) {
    case 256:
        return "SHA256";
    case 384:
        return "SHA384";
    case 512:
        return "SHA512";
    default:
        return nullptr;
    }
}

} // namespace Authlens::Jwt
