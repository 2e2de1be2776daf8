#include "VerificationKey.h"

#include "Base64Url.h"
#include "OpenSslSupport.h"

#include <QJsonArray>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <functional>
#include <optional>

namespace Authlens::Jwt {

namespace {

using Ssl::setError;

std::optional<QByteArray> jwkBytes(const QJsonObject& jwk, const char* member)
{
    const QJsonValue value = jwk.value(QLatin1String(member));
    if (!value.isString() || value.toString().isEmpty())
        return std::nullopt;
    return base64UrlDecode(value.toString().toLatin1());
}

/// OpenSSL group names → JWK crv names.
QString jwkCurveName(const QByteArray& group)
{
    if (group == "prime256v1" || group == "P-256")
        return QStringLiteral("P-256");
    if (group == "secp384r1" || group == "P-384")
        return QStringLiteral("P-384");
    if (group == "secp521r1" || group == "P-521")
        return QStringLiteral("P-521");
    return QString::fromLatin1(group);
}

const char* opensslGroupName(const QString& crv, int* coordinateBytes)
{
    if (crv == u"P-256") {
        *coordinateBytes = 32;
        return "prime256v1";
    }
    if (crv == u"P-384") {
        *coordinateBytes = 48;
        return "secp384r1";
    }
    if (crv == u"P-521") {
        *coordinateBytes = 66;
        return "secp521r1";
    }
    return nullptr;
}

/// Imports a public key from OSSL_PARAMs built by `fill` (RSA n/e, EC group + point).
EVP_PKEY* importPublic(const char* keyType, const std::function<bool(OSSL_PARAM_BLD*)>& fill, QString* error)
{
    const Ssl::ParamBld builder(OSSL_PARAM_BLD_new());
    if (!builder || !fill(builder.get())) {
        setError(error, Ssl::takeError("cannot build key parameters"));
        return nullptr;
    }
    const Ssl::Params params(OSSL_PARAM_BLD_to_param(builder.get()));
    const Ssl::PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, keyType, nullptr));
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) {
        setError(error, Ssl::takeError("cannot import public key"));
        return nullptr;
    }
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1 || !raw) {
        EVP_PKEY_free(raw);
        setError(error, Ssl::takeError("cannot import public key"));
        return nullptr;
    }
    return raw;
}

EVP_PKEY* publicKeyOfCertificateDer(QByteArrayView der, QString* error)
{
    const unsigned char* p = Ssl::bytes(der);
    const Ssl::X509Ptr certificate(d2i_X509(nullptr, &p, long(der.size())));
    if (!certificate) {
        setError(error, Ssl::takeError("not an X.509 certificate"));
        return nullptr;
    }
    EVP_PKEY* key = X509_get_pubkey(certificate.get()); // a new reference
    if (!key)
        setError(error, Ssl::takeError("the certificate's public key cannot be read"));
    return key;
}

QString describeOutcomeError(const char* what)
{
    return Ssl::takeError(what);
}

} // namespace

VerificationKey VerificationKey::fromNative(evp_pkey_st* raw, QString* error)
{
    Ssl::Pkey owner(raw);
    if (!owner)
        return {};
    VerificationKey key;
    if (EVP_PKEY_is_a(raw, "RSA") || EVP_PKEY_is_a(raw, "RSA-PSS")) {
        key.m_type = Type::Rsa;
    } else if (EVP_PKEY_is_a(raw, "EC")) {
        key.m_type = Type::Ec;
        char group[64] = {};
        size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(raw, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) != 1) {
            setError(error, Ssl::takeError("the EC key has no named curve"));
            return {};
        }
        key.m_curve = jwkCurveName(QByteArray(group, qsizetype(length)));
    } else if (EVP_PKEY_is_a(raw, "ED25519")) {
        key.m_type = Type::Okp;
        key.m_curve = QStringLiteral("Ed25519");
    } else if (EVP_PKEY_is_a(raw, "ED448")) {
        key.m_type = Type::Okp;
        key.m_curve = QStringLiteral("Ed448");
    } else {
        setError(error,
                 QStringLiteral("unsupported key type %1 (JWS uses RSA, EC P-256/384/521, Ed25519, Ed448)")
                     .arg(QString::fromLatin1(EVP_PKEY_get0_type_name(raw))));
        return {};
    }
    key.m_bits = EVP_PKEY_get_bits(raw);
    key.m_key = Ssl::sharePkey(owner.release());
    return key;
}

VerificationKey VerificationKey::fromJwk(const QJsonObject& jwk, QString* error)
{
    const QString kty = jwk.value(QLatin1String("kty")).toString();
    VerificationKey key;
    EVP_PKEY* raw = nullptr;
    const QJsonArray x5c = jwk.value(QLatin1String("x5c")).toArray();

    if (kty == u"oct") {
        const auto k = jwkBytes(jwk, "k");
        if (!k) {
            setError(error, QStringLiteral("oct JWK without a valid base64url \"k\""));
            return {};
        }
        key = fromSecret(*k);
    } else if (kty == u"RSA") {
        const auto n = jwkBytes(jwk, "n");
        const auto e = jwkBytes(jwk, "e");
        if (n && e) {
            const Ssl::Bignum bnN(BN_bin2bn(Ssl::bytes(*n), int(n->size()), nullptr));
            const Ssl::Bignum bnE(BN_bin2bn(Ssl::bytes(*e), int(e->size()), nullptr));
            if (!bnN || !bnE) {
                setError(error, Ssl::takeError("cannot read RSA n/e"));
                return {};
            }
            raw = importPublic(
                "RSA",
                [&](OSSL_PARAM_BLD* b) {
                    return OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, bnN.get()) == 1
                        && OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, bnE.get()) == 1;
                },
                error);
        } else if (!x5c.isEmpty()) {
            raw = publicKeyOfCertificateDer(QByteArray::fromBase64(x5c.first().toString().toLatin1()), error);
        } else {
            setError(error, QStringLiteral("RSA JWK without valid base64url \"n\" and \"e\""));
            return {};
        }
        if (!raw)
            return {};
        key = fromNative(raw, error);
    } else if (kty == u"EC") {
        const QString crv = jwk.value(QLatin1String("crv")).toString();
        const auto x = jwkBytes(jwk, "x");
        const auto y = jwkBytes(jwk, "y");
        if (x && y) {
            int size = 0;
            const char* group = opensslGroupName(crv, &size);
            if (!group) {
                setError(error, QStringLiteral("EC JWK with unsupported crv \"%1\" (P-256, P-384, P-521)").arg(crv));
                return {};
            }
            // RFC 7518 §6.2.1.2: x and y are full-length (leading zeros kept).
            if (x->size() != size || y->size() != size) {
                setError(error,
                         QStringLiteral("EC JWK %1 coordinates must be %2 bytes (x is %3, y is %4)")
                             .arg(crv)
                             .arg(size)
                             .arg(x->size())
                             .arg(y->size()));
                return {};
            }
            QByteArray point(1, '\x04');
            point += *x;
            point += *y;
            raw = importPublic(
                "EC",
                [&](OSSL_PARAM_BLD* b) {
                    return OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1
                        && OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                                            size_t(point.size()))
                        == 1;
                },
                error);
        } else if (!x5c.isEmpty()) {
            raw = publicKeyOfCertificateDer(QByteArray::fromBase64(x5c.first().toString().toLatin1()), error);
        } else {
            setError(error, QStringLiteral("EC JWK without valid base64url \"x\" and \"y\""));
            return {};
        }
        if (!raw)
            return {};
        key = fromNative(raw, error);
        if (!key.isNull() && !crv.isEmpty() && key.curve() != crv) {
            setError(error,
                     QStringLiteral("EC JWK says crv %1 but its certificate holds a %2 key").arg(crv, key.curve()));
            return {};
        }
    } else if (kty == u"OKP") {
        const QString crv = jwk.value(QLatin1String("crv")).toString();
        const auto x = jwkBytes(jwk, "x");
        const char* type = crv == u"Ed25519" ? "ED25519" : crv == u"Ed448" ? "ED448" : nullptr;
        if (!type) {
            setError(error,
                     QStringLiteral("OKP JWK with crv \"%1\": only Ed25519 and Ed448 sign (X25519/X448 are "
                                    "for key agreement)")
                         .arg(crv));
            return {};
        }
        const qsizetype expected = crv == u"Ed25519" ? 32 : 57;
        if (!x || x->size() != expected) {
            setError(error, QStringLiteral("OKP JWK %1 needs a %2-byte base64url \"x\"").arg(crv).arg(expected));
            return {};
        }
        raw = EVP_PKEY_new_raw_public_key_ex(nullptr, type, nullptr, Ssl::bytes(*x), size_t(x->size()));
        if (!raw) {
            setError(error, Ssl::takeError("cannot import OKP public key"));
            return {};
        }
        key = fromNative(raw, error);
    } else {
        setError(error,
                 kty.isEmpty() ? QStringLiteral("JWK without \"kty\"")
                               : QStringLiteral("unsupported JWK kty \"%1\"").arg(kty));
        return {};
    }
    if (key.isNull())
        return {};
    key.m_keyId = jwk.value(QLatin1String("kid")).toString();
    key.m_algorithm = jwk.value(QLatin1String("alg")).toString();
    key.m_use = jwk.value(QLatin1String("use")).toString();
    return key;
}

VerificationKey VerificationKey::fromPem(QByteArrayView pem, QString* error)
{
    if (pem.contains(QByteArrayView("-----BEGIN CERTIFICATE-----"))) {
        const Ssl::Bio bio = Ssl::memoryBio(pem);
        // No password callback: a certificate never has one, and the default callback would prompt.
        const Ssl::X509Ptr certificate(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
        if (!certificate) {
            setError(error, Ssl::takeError("cannot read the PEM certificate"));
            return {};
        }
        EVP_PKEY* raw = X509_get_pubkey(certificate.get());
        if (!raw) {
            setError(error, Ssl::takeError("the certificate's public key cannot be read"));
            return {};
        }
        return fromNative(raw, error);
    }
    // OSSL_DECODER reads every key format (SPKI, PKCS#1, PKCS#8, SEC1; PEM or DER). It has no passphrase
    // callback here, so an encrypted private key fails instead of prompting on a terminal.
    EVP_PKEY* raw = nullptr;
    const Ssl::DecoderCtx decoder(OSSL_DECODER_CTX_new_for_pkey(&raw, nullptr, nullptr, nullptr, 0, nullptr, nullptr));
    const unsigned char* data = Ssl::bytes(pem);
    size_t length = size_t(pem.size());
    if (decoder && OSSL_DECODER_from_data(decoder.get(), &data, &length) == 1 && raw) {
        ERR_clear_error();
        return fromNative(raw, error);
    }
    EVP_PKEY_free(raw);
    ERR_clear_error();
    // A DER certificate, as a last resort.
    raw = publicKeyOfCertificateDer(pem, nullptr);
    if (raw) {
        ERR_clear_error();
        return fromNative(raw, error);
    }
    setError(error,
             QStringLiteral("not a public key, private key or certificate (PEM or DER), or an encrypted "
                            "private key"));
    ERR_clear_error();
    return {};
}

VerificationKey VerificationKey::fromSecret(const QByteArray& secret)
{
    VerificationKey key;
    key.m_type = Type::Oct;
    key.m_secret = secret;
    key.m_bits = int(qMin<qsizetype>(secret.size(), 1 << 24) * 8);
    return key;
}

QString VerificationKey::keyType() const
{
    switch (m_type) {
    case Type::Rsa:
        return QStringLiteral("RSA");
    case Type::Ec:
        return QStringLiteral("EC");
    case Type::Okp:
        return QStringLiteral("OKP");
    case Type::Oct:
        return QStringLiteral("oct");
    case Type::Null:
        break;
    }
    return {};
}

QString VerificationKey::description() const
{
    QString text;
    switch (m_type) {
    case Type::Null:
        return QStringLiteral("no key");
    case Type::Rsa:
        text = QStringLiteral("RSA %1-bit key").arg(m_bits);
        break;
    case Type::Ec:
        text = QStringLiteral("EC %1 key").arg(m_curve);
        break;
    case Type::Okp:
        text = QStringLiteral("%1 key").arg(m_curve);
        break;
    case Type::Oct:
        text = QStringLiteral("HMAC secret (%1 bytes)").arg(m_secret.size());
        break;
    }
    if (!m_keyId.isEmpty())
        text += QStringLiteral(" kid \"%1\"").arg(m_keyId);
    if (!m_source.isEmpty())
        text += QStringLiteral(" from %1").arg(m_source);
    return text;
}

bool VerificationKey::canVerify(const JwsAlgorithm& alg, QString* reason) const
{
    const auto no = [reason](const QString& why) {
        if (reason)
            *reason = why;
        return false;
    };
    if (isNull())
        return no(QStringLiteral("no key"));
    if (!alg.isSupported())
        return no(QStringLiteral("algorithm %1 is not supported").arg(alg.name));
    if (m_use == u"enc")
        return no(QStringLiteral("the key is published for encryption (use \"enc\"), not signatures"));
    if (!m_algorithm.isEmpty() && m_algorithm != alg.name)
        return no(QStringLiteral("the key is published for %1, the token uses %2").arg(m_algorithm, alg.name));
    if (keyType() != alg.keyType())
        return no(QStringLiteral("%1 needs a %2 key, this is %3").arg(alg.name, alg.keyType(), keyType()));
    if (alg.family == JwsAlgorithm::Family::Ecdsa && m_curve != alg.curve)
        return no(QStringLiteral("%1 needs curve %2, this key is on %3").arg(alg.name, alg.curve, m_curve));
    if (alg.family == JwsAlgorithm::Family::EdDsa && !alg.curve.isEmpty() && m_curve != alg.curve)
        return no(QStringLiteral("%1 needs an %1 key, this is %2").arg(alg.name, m_curve));
    return true;
}

VerificationKey::Outcome VerificationKey::verify(const JwsAlgorithm& alg, QByteArrayView signingInput,
                                                 QByteArrayView signature, QString* detail) const
{
    QString reason;
    if (!canVerify(alg, &reason)) {
        if (detail)
            *detail = reason;
        return Outcome::Error;
    }
    if (m_type == Type::Oct)
        return verifyHmac(alg, signingInput, signature, detail);
    return verifyPkey(alg, signingInput, signature, detail);
}

VerificationKey::Outcome VerificationKey::verifyHmac(const JwsAlgorithm& alg, QByteArrayView input,
                                                     QByteArrayView signature, QString* detail) const
{
    const auto fail = [detail](Outcome outcome, const QString& why) {
        if (detail)
            *detail = why;
        return outcome;
    };
    if (m_secret.isEmpty())
        return fail(Outcome::Error, QStringLiteral("the HMAC secret is empty"));
    const Ssl::Mac mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    const Ssl::MacCtx ctx(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(alg.digestName()), 0),
        OSSL_PARAM_construct_end(),
    };
    unsigned char out[EVP_MAX_MD_SIZE] = {};
    size_t length = 0;
    if (!ctx || EVP_MAC_init(ctx.get(), Ssl::bytes(m_secret), size_t(m_secret.size()), params) != 1
        || EVP_MAC_update(ctx.get(), Ssl::bytes(input), size_t(input.size())) != 1
        || EVP_MAC_final(ctx.get(), out, &length, sizeof out) != 1)
        return fail(Outcome::Error, describeOutcomeError("HMAC failed"));
    if (size_t(signature.size()) != length)
        return fail(Outcome::Invalid,
                    QStringLiteral("the signature is %1 bytes, %2 produces %3")
                        .arg(signature.size())
                        .arg(alg.name)
                        .arg(length));
    // Constant time: a verifier must not leak how many leading bytes matched.
    if (CRYPTO_memcmp(out, signature.data(), length) != 0)
        return fail(Outcome::Invalid,
                    QStringLiteral("the HMAC does not match: another secret signed the token, or "
                                   "the token was altered"));
    return Outcome::Valid;
}

VerificationKey::Outcome VerificationKey::verifyPkey(const JwsAlgorithm& alg, QByteArrayView input,
                                                     QByteArrayView signature, QString* detail) const
{
    const auto fail = [detail](Outcome outcome, const QString& why) {
        if (detail)
            *detail = why;
        return outcome;
    };
    QByteArray derSignature;
    QByteArrayView toVerify = signature;
    if (alg.family == JwsAlgorithm::Family::Ecdsa) {
        const qsizetype n = alg.coordinateBytes;
        if (signature.size() != 2 * n) {
            const bool looksDer = !signature.isEmpty() && signature[0] == '\x30';
            return fail(
                Outcome::Invalid,
                QStringLiteral("an %1 signature is %2 bytes (r||s), this one is %3%4")
                    .arg(alg.name)
                    .arg(2 * n)
                    .arg(signature.size())
                    .arg(looksDer ? QStringLiteral(" and looks DER-encoded: JOSE requires raw r||s") : QString()));
        }
        Ssl::Bignum r(BN_bin2bn(Ssl::bytes(signature), int(n), nullptr));
        Ssl::Bignum s(BN_bin2bn(Ssl::bytes(signature) + n, int(n), nullptr));
        Ssl::EcdsaSig sig(ECDSA_SIG_new());
        if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1)
            return fail(Outcome::Error, describeOutcomeError("cannot build the ECDSA signature"));
        // ECDSA_SIG_set0 took ownership of r and s.
        (void)r.release();
        (void)s.release();
        const int derLength = i2d_ECDSA_SIG(sig.get(), nullptr);
        if (derLength <= 0)
            return fail(Outcome::Error, describeOutcomeError("cannot encode the ECDSA signature"));
        derSignature.resize(derLength);
        unsigned char* out = reinterpret_cast<unsigned char*>(derSignature.data());
        if (i2d_ECDSA_SIG(sig.get(), &out) != derLength)
            return fail(Outcome::Error, describeOutcomeError("cannot encode the ECDSA signature"));
        toVerify = derSignature;
    } else if (m_type == Type::Rsa) {
        const int expected = EVP_PKEY_get_size(m_key.get());
        if (expected > 0 && signature.size() != expected)
            return fail(Outcome::Invalid,
                        QStringLiteral("the signature is %1 bytes, this %2-bit RSA key makes %3")
                            .arg(signature.size())
                            .arg(m_bits)
                            .arg(expected));
    }

    const Ssl::MdCtx ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr; // owned by ctx
    if (!ctx
        || EVP_DigestVerifyInit_ex(ctx.get(), &pctx, alg.digestName(), nullptr, nullptr, m_key.get(), nullptr) != 1)
        return fail(Outcome::Error, describeOutcomeError("cannot set up signature verification"));
    if (alg.family == JwsAlgorithm::Family::RsaPss) {
        // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash.
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1
            || EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1)
            return fail(Outcome::Error, describeOutcomeError("cannot set up RSA-PSS"));
    } else if (alg.family == JwsAlgorithm::Family::RsaPkcs1 && EVP_PKEY_is_a(m_key.get(), "RSA-PSS")) {
        return fail(Outcome::Invalid,
                    QStringLiteral("the key is restricted to RSA-PSS, the token uses %1").arg(alg.name));
    }
    const int rc = EVP_DigestVerify(ctx.get(), Ssl::bytes(toVerify), size_t(toVerify.size()), Ssl::bytes(input),
                                    size_t(input.size()));
    if (rc == 1) {
        ERR_clear_error();
        return Outcome::Valid;
    }
    // 0 = a signature that does not verify; negative = one libcrypto could not even parse. For the user
    // both mean "not signed by this key".
    ERR_clear_error();
    return fail(Outcome::Invalid,
                QStringLiteral("the signature does not verify with this key: another key signed "
                               "the token, or the token was altered"));
}

} // namespace Authlens::Jwt
