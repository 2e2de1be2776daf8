#include "JwtTestKeys.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace Authlens::Test {

namespace {

std::shared_ptr<EVP_PKEY> own(EVP_PKEY* key)
{
    return std::shared_ptr<EVP_PKEY>(key, [](EVP_PKEY* p) { EVP_PKEY_free(p); });
}

QByteArray bnParam(EVP_PKEY* key, const char* name, int padTo = 0)
{
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        return {};
    const int size = padTo > 0 ? padTo : BN_num_bytes(raw);
    QByteArray bytes(size, '\0');
    BN_bn2binpad(raw, reinterpret_cast<unsigned char*>(bytes.data()), size);
    BN_free(raw);
    return bytes;
}

const EVP_MD* digestFor(const QString& alg)
{
    if (alg.endsWith(u"256"))
        return EVP_sha256();
    if (alg.endsWith(u"384"))
        return EVP_sha384();
    if (alg.endsWith(u"512"))
        return EVP_sha512();
    return nullptr;
}

} // namespace

QByteArray JwtTestKey::b64(QByteArrayView data)
{
    return data.toByteArray().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray JwtTestKey::signingInput(const QJsonObject& header, const QJsonObject& claims)
{
    return b64(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + b64(QJsonDocument(claims).toJson(QJsonDocument::Compact));
}

JwtTestKey JwtTestKey::rsa(int bits)
{
    JwtTestKey key;
    key.m_key = own(EVP_RSA_gen(unsigned(bits)));
    return key;
}

JwtTestKey JwtTestKey::ec(const QString& curve)
{
    JwtTestKey key;
    const char* group = curve == u"P-256" ? "P-256" : curve == u"P-384" ? "P-384" : "P-521";
    key.m_key = own(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group));
    key.m_curve = curve;
    key.m_coordinateBytes = curve == u"P-256" ? 32 : curve == u"P-384" ? 48 : 66;
    return key;
}

JwtTestKey JwtTestKey::ed25519()
{
    JwtTestKey key;
    key.m_key = own(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    key.m_curve = QStringLiteral("Ed25519");
    return key;
}

QByteArray JwtTestKey::publicPem() const
{
    BIO* bio = BIO_new(BIO_s_mem());
    QByteArray pem;
    if (bio && PEM_write_bio_PUBKEY(bio, m_key.get()) == 1) {
        char* data = nullptr;
        const long length = BIO_get_mem_data(bio, &data);
        pem = QByteArray(data, length);
    }
    BIO_free(bio);
    return pem;
}

QJsonObject JwtTestKey::publicJwk(const QString& kid, const QString& alg) const
{
    QJsonObject jwk;
    if (EVP_PKEY_is_a(m_key.get(), "RSA")) {
        jwk.insert(QStringLiteral("kty"), QStringLiteral("RSA"));
        jwk.insert(QStringLiteral("n"), QString::fromLatin1(b64(bnParam(m_key.get(), OSSL_PKEY_PARAM_RSA_N))));
        jwk.insert(QStringLiteral("e"), QString::fromLatin1(b64(bnParam(m_key.get(), OSSL_PKEY_PARAM_RSA_E))));
    } else if (EVP_PKEY_is_a(m_key.get(), "EC")) {
        jwk.insert(QStringLiteral("kty"), QStringLiteral("EC"));
        jwk.insert(QStringLiteral("crv"), m_curve);
        jwk.insert(QStringLiteral("x"),
                   QString::fromLatin1(b64(bnParam(m_key.get(), OSSL_PKEY_PARAM_EC_PUB_X, m_coordinateBytes))));
        jwk.insert(QStringLiteral("y"),
                   QString::fromLatin1(b64(bnParam(m_key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, m_coordinateBytes))));
    } else {
        unsigned char raw[64] = {};
        size_t length = sizeof raw;
        EVP_PKEY_get_raw_public_key(m_key.get(), raw, &length);
        jwk.insert(QStringLiteral("kty"), QStringLiteral("OKP"));
        jwk.insert(QStringLiteral("crv"), m_curve);
        jwk.insert(QStringLiteral("x"),
                   QString::fromLatin1(b64(QByteArray(reinterpret_cast<const char*>(raw), qsizetype(length)))));
    }
    if (!kid.isEmpty())
        jwk.insert(QStringLiteral("kid"), kid);
    if (!alg.isEmpty())
        jwk.insert(QStringLiteral("alg"), alg);
    return jwk;
}

QByteArray JwtTestKey::sign(const QString& alg, QByteArrayView input) const
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    const EVP_MD* md = alg == u"EdDSA" ? nullptr : digestFor(alg);
    QByteArray signature;
    size_t length = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    if (ctx && EVP_DigestSignInit(ctx, &pctx, md, nullptr, m_key.get()) == 1
        && (!alg.startsWith(u"PS")
            || (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1
                && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1))
        && EVP_DigestSign(ctx, nullptr, &length, data, size_t(input.size())) == 1) {
        signature.resize(qsizetype(length));
        if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length, data, size_t(input.size()))
            == 1)
            signature.resize(qsizetype(length));
        else
            signature.clear();
    }
    EVP_MD_CTX_free(ctx);
    if (alg.startsWith(u"ES") && !signature.isEmpty()) {
        // libcrypto makes DER; JOSE wants r||s, each padded to the curve size.
        const unsigned char* p = reinterpret_cast<const unsigned char*>(signature.constData());
        ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, long(signature.size()));
        QByteArray joined(2 * m_coordinateBytes, '\0');
        if (sig) {
            BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(joined.data()), m_coordinateBytes);
            BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(joined.data()) + m_coordinateBytes,
                         m_coordinateBytes);
            ECDSA_SIG_free(sig);
        }
        signature = joined;
    }
    return signature;
}

QByteArray JwtTestKey::token(const QString& alg, QJsonObject header, const QJsonObject& claims,
                             const QString& kid) const
{
    header.insert(QStringLiteral("alg"), alg);
    if (!kid.isEmpty())
        header.insert(QStringLiteral("kid"), kid);
    const QByteArray input = signingInput(header, claims);
    return input + '.' + b64(sign(alg, input));
}

QByteArray JwtTestKey::hmacToken(const QString& alg, const QByteArray& secret, QJsonObject header,
                                 const QJsonObject& claims)
{
    header.insert(QStringLiteral("alg"), alg);
    const QByteArray input = signingInput(header, claims);
    const QCryptographicHash::Algorithm hash = alg == u"HS256" ? QCryptographicHash::Sha256
        : alg == u"HS384"                                      ? QCryptographicHash::Sha384
                                                               : QCryptographicHash::Sha512;
    return input + '.' + b64(QMessageAuthenticationCode::hash(input, secret, hash));
}

} // namespace Authlens::Test
