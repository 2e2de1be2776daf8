#include "RsaKey.h"

#include "Base64Url.h"
#include "OpenSslSupport.h"

#include <QCryptographicHash>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

namespace Authlens::Jwt {

namespace {

using Ssl::Bignum;
using Ssl::bignumParam;
using Ssl::MdCtx;
using Ssl::ParamBld;
using Ssl::Params;
using Ssl::PkeyCtx;
using Ssl::setError;

std::shared_ptr<EVP_PKEY> adopt(EVP_PKEY* key)
{
    return Ssl::sharePkey(key);
}

QString takeOpensslError(const char* what)
{
    return Ssl::takeError(what);
}

} // namespace

RsaKey RsaKey::generate(int bits, QString* error)
{
    if (bits < 2048) {
        // RFC 7518 §3.3: RS256 keys must have at least 2048 bits.
        setError(error, QStringLiteral("RSA keys for RS256 need at least 2048 bits"));
        return {};
    }
    const PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1) {
        setError(error, takeOpensslError("RSA key generation setup failed"));
        return {};
    }
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_generate(ctx.get(), &raw) != 1 || !raw) {
        EVP_PKEY_free(raw);
        setError(error, takeOpensslError("RSA key generation failed"));
        return {};
    }
    RsaKey key;
    key.m_key = adopt(raw);
    key.m_private = true;
    return key;
}

RsaKey RsaKey::fromPublicComponents(QByteArrayView modulus, QByteArrayView exponent, QString* error)
{
    if (modulus.isEmpty() || exponent.isEmpty()) {
        setError(error, QStringLiteral("RSA modulus or exponent is empty"));
        return {};
    }
    const Bignum n(BN_bin2bn(reinterpret_cast<const unsigned char*>(modulus.data()), int(modulus.size()), nullptr));
    const Bignum e(BN_bin2bn(reinterpret_cast<const unsigned char*>(exponent.data()), int(exponent.size()), nullptr));
    const ParamBld builder(OSSL_PARAM_BLD_new());
    if (!n || !e || !builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1
        || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
        setError(error, takeOpensslError("cannot build RSA key parameters"));
        return {};
    }
    const Params params(OSSL_PARAM_BLD_to_param(builder.get()));
    const PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) {
        setError(error, takeOpensslError("cannot import RSA public key"));
        return {};
    }
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1 || !raw) {
        EVP_PKEY_free(raw);
        setError(error, takeOpensslError("cannot import RSA public key"));
        return {};
    }
    RsaKey key;
    key.m_key = adopt(raw);
    return key;
}

RsaKey RsaKey::fromJwk(const QJsonObject& jwk, QString* error)
{
    if (jwk.value(QLatin1String("kty")).toString() != QLatin1String("RSA")) {
        setError(error, QStringLiteral("JWK kty is not \"RSA\""));
        return {};
    }
    const auto n = base64UrlDecode(jwk.value(QLatin1String("n")).toString().toLatin1());
    const auto e = base64UrlDecode(jwk.value(QLatin1String("e")).toString().toLatin1());
    if (!n || !e) {
        setError(error, QStringLiteral("JWK n or e is not valid base64url"));
        return {};
    }
    return fromPublicComponents(*n, *e, error);
}

int RsaKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(m_key.get()) : 0;
}

QByteArray RsaKey::modulus() const
{
    return bignumParam(m_key.get(), OSSL_PKEY_PARAM_RSA_N);
}

QByteArray RsaKey::publicExponent() const
{
    return bignumParam(m_key.get(), OSSL_PKEY_PARAM_RSA_E);
}

QJsonObject RsaKey::publicJwk() const
{
    if (isNull())
        return {};
    return QJsonObject {
        {QStringLiteral("kty"), QStringLiteral("RSA")},
        {QStringLiteral("n"), QString::fromLatin1(base64UrlEncode(modulus()))},
        {QStringLiteral("e"), QString::fromLatin1(base64UrlEncode(publicExponent()))},
    };
}

QByteArray RsaKey::thumbprint() const
{
    if (isNull())
        return {};
    // RFC 7638 §3.2: the required members only, in lexicographic order, no whitespace. Built by hand
    // because the bytes must be exact, whatever a JSON writer would do.
    const QByteArray canonical = QByteArrayLiteral("{\"e\":\"") + base64UrlEncode(publicExponent())
        + QByteArrayLiteral("\",\"kty\":\"RSA\",\"n\":\"") + base64UrlEncode(modulus()) + QByteArrayLiteral("\"}");
    return base64UrlEncode(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256));
}

QByteArray RsaKey::signRs256(QByteArrayView data, QString* error) const
{
    if (isNull() || !m_private) {
        setError(error, QStringLiteral("signing needs an RSA private key"));
        return {};
    }
    const MdCtx ctx(EVP_MD_CTX_new());
    size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, m_key.get()) != 1
        || EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(data.data()),
                          size_t(data.size()))
            != 1) {
        setError(error, takeOpensslError("RS256 signing failed"));
        return {};
    }
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       reinterpret_cast<const unsigned char*>(data.data()), size_t(data.size()))
        != 1) {
        setError(error, takeOpensslError("RS256 signing failed"));
        return {};
    }
    signature.resize(qsizetype(length));
    return signature;
}

bool RsaKey::verifyRs256(QByteArrayView data, QByteArrayView signature) const
{
    if (isNull() || signature.isEmpty())
        return false;
    const MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, m_key.get()) != 1) {
        ERR_clear_error();
        return false;
    }
    // 1 = valid; 0 = invalid; negative = error (e.g. a signature of the wrong length). Only 1 counts.
    const int result = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                                        size_t(signature.size()), reinterpret_cast<const unsigned char*>(data.data()),
                                        size_t(data.size()));
    ERR_clear_error();
    return result == 1;
}

} // namespace Authlens::Jwt
