#pragma once

// Internal to src/core/jwt: RAII owners for the libcrypto objects the JWT code uses, and error-queue
// helpers. Not a public header: users of the jwt API never see OpenSSL types.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include <memory>

namespace Authlens::Jwt::Ssl {

// One deleter per type so every owner frees exactly once, on every path.
struct BnFree
{
    void operator()(BIGNUM* p) const { BN_free(p); }
};
struct PkeyFree
{
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree
{
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree
{
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct MacFree
{
    void operator()(EVP_MAC* p) const { EVP_MAC_free(p); }
};
struct MacCtxFree
{
    void operator()(EVP_MAC_CTX* p) const { EVP_MAC_CTX_free(p); }
};
struct ParamBldFree
{
    void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
};
struct ParamFree
{
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct BioFree
{
    void operator()(BIO* p) const { BIO_free(p); }
};
struct X509Free
{
    void operator()(X509* p) const { X509_free(p); }
};
struct EcdsaSigFree
{
    void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
struct DecoderCtxFree
{
    void operator()(OSSL_DECODER_CTX* p) const { OSSL_DECODER_CTX_free(p); }
};

using Bignum = std::unique_ptr<BIGNUM, BnFree>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using Mac = std::unique_ptr<EVP_MAC, MacFree>;
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree>;
using Params = std::unique_ptr<OSSL_PARAM, ParamFree>;
using Bio = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, EcdsaSigFree>;
using DecoderCtx = std::unique_ptr<OSSL_DECODER_CTX, DecoderCtxFree>;

/// Shared ownership for keys stored in value types (copies share one immutable EVP_PKEY).
inline std::shared_ptr<EVP_PKEY> sharePkey(EVP_PKEY* key)
{
    return std::shared_ptr<EVP_PKEY>(key, [](EVP_PKEY* p) { EVP_PKEY_free(p); });
}

/// Drains libcrypto's thread-local error queue (so a later call does not report a stale error) and
/// returns "what: <first error>".
inline QString takeError(const char* what)
{
    QString message = QString::fromLatin1(what);
    const unsigned long code = ERR_get_error();
    if (code != 0) {
        char buffer[256] = {};
        ERR_error_string_n(code, buffer, sizeof buffer);
        message += QStringLiteral(": ") + QString::fromLatin1(buffer);
    }
    ERR_clear_error();
    return message;
}

/// Sets `*error` when the caller asked for the reason (the key APIs take an optional QString*).
inline void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

/// A big-number parameter of `key` (OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_EC_PUB_X, …) as big-endian
/// bytes, left-padded with zeros to `padTo` bytes when given (JWK coordinates keep their full length);
/// empty when the key has no such parameter.
inline QByteArray bignumParam(const EVP_PKEY* key, const char* name, int padTo = 0)
{
    BIGNUM* raw = nullptr;
    if (!key || EVP_PKEY_get_bn_param(key, name, &raw) != 1) {
        ERR_clear_error();
        return {};
    }
    const Bignum value(raw);
    const int size = padTo > 0 ? padTo : BN_num_bytes(value.get());
    QByteArray out(size, Qt::Uninitialized);
    if (BN_bn2binpad(value.get(), reinterpret_cast<unsigned char*>(out.data()), size) != size)
        return {};
    return out;
}

inline const unsigned char* bytes(QByteArrayView data)
{
    return reinterpret_cast<const unsigned char*>(data.data());
}

/// A read-only memory BIO over `data` (which must outlive it).
inline Bio memoryBio(QByteArrayView data)
{
    return Bio(BIO_new_mem_buf(data.data(), int(data.size())));
}

} // namespace Authlens::Jwt::Ssl
