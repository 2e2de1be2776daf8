#include "PrivateKey.h"

#include "Base64Url.h"
#include "JwsAlgorithm.h"
#include "OpenSslSupport.h"

#include <QCryptographicHash>
#include <QJsonDocument>

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace Authlens::Jwt {

namespace {

using Ssl::bignumParam;
using Ssl::setError;

/// OpenSSL group names → JWK crv names (only the curves JWS signs with, RFC 7518 §3.4).
QString jwkCurve(const QByteArray& group)
{
    if (group == "prime256v1" || group == "P-256")
        return QStringLiteral("P-256");
    if (group == "secp384r1" || group == "P-384")
        return QStringLiteral("P-384");
    if (group == "secp521r1" || group == "P-521")
        return QStringLiteral("P-521");
    return {};
}

int coordinateBytes(const QString& crv)
{
    return crv == u"P-256" ? 32 : crv == u"P-384" ? 48 : crv == u"P-521" ? 66 : 0;
}

/// From a paste that may hold other text (a certificate, comments) around the key: the PEM block whose
/// label ends in "PRIVATE KEY". The whole input when there is none (DER, or a broken paste).
QByteArrayView privateKeyBlock(QByteArrayView text)
{
    const qsizetype label = text.indexOf(QByteArrayView("PRIVATE KEY-----"));
    if (label < 0)
        return text;
    const qsizetype begin = QByteArrayView(text.data(), label).lastIndexOf(QByteArrayView("-----BEGIN "));
    const qsizetype end = text.indexOf(QByteArrayView("-----END "), label);
    if (begin < 0 || end < 0)
        return text;
    const qsizetype close = text.indexOf(QByteArrayView("-----"), end + 9);
    if (close < 0)
        return text;
    return text.sliced(begin, close + 5 - begin);
}

/// Decodes a key with libcrypto's decoders (PKCS#8, PKCS#1, SEC1, SPKI; PEM or DER) restricted to
/// `selection`. No passphrase callback: an encrypted key fails instead of prompting on a terminal.
EVP_PKEY* decode(QByteArrayView data, int selection)
{
    EVP_PKEY* raw = nullptr;
    const Ssl::DecoderCtx decoder(
        OSSL_DECODER_CTX_new_for_pkey(&raw, nullptr, nullptr, nullptr, selection, nullptr, nullptr));
    const unsigned char* p = Ssl::bytes(data);
    size_t length = size_t(data.size());
    if (decoder && OSSL_DECODER_from_data(decoder.get(), &p, &length) == 1 && raw) {
        ERR_clear_error();
        return raw;
    }
    EVP_PKEY_free(raw);
    ERR_clear_error();
    return nullptr;
}

} // namespace

PrivateKey PrivateKey::fromPem(QByteArrayView pem, QString* error)
{
    // DER is binary: trimming it would cut a last byte that happens to be 0x20 or 0x09-0x0d (one key in
    // forty). A DER key is an ASN.1 SEQUENCE (0x30) and holds no PEM armour.
    const bool der = !pem.isEmpty() && quint8(pem.front()) == 0x30 && !pem.contains(QByteArrayView("-----"));
    const QByteArrayView text = der ? pem : pem.trimmed();
    if (text.isEmpty()) {
        setError(error, QStringLiteral("the private key is empty"));
        return {};
    }
    if (text.contains(QByteArrayView("BEGIN ENCRYPTED PRIVATE KEY"))
        || text.contains(QByteArrayView("Proc-Type: 4,ENCRYPTED"))) {
        setError(error,
                 QStringLiteral("the private key is encrypted with a passphrase: decrypt it first "
                                "(openssl pkey -in key.pem -out plain-key.pem) and paste the result"));
        return {};
    }
    const QByteArrayView block = privateKeyBlock(text);
    EVP_PKEY* raw = decode(block, EVP_PKEY_KEYPAIR);
    if (!raw) {
        if (text.contains(QByteArrayView("BEGIN CERTIFICATE"))) {
            setError(error,
                     QStringLiteral("this is a certificate: it holds only the public key; signing needs the "
                                    "private key (\"-----BEGIN PRIVATE KEY-----\")"));
            return {};
        }
        EVP_PKEY* publicOnly = decode(block, EVP_PKEY_PUBLIC_KEY);
        if (publicOnly) {
            EVP_PKEY_free(publicOnly);
            setError(error,
                     QStringLiteral("this is a public key: signing needs the private key "
                                    "(\"-----BEGIN PRIVATE KEY-----\"); the public key is what the server "
                                    "registers"));
            return {};
        }
        setError(error,
                 QStringLiteral("not a private key: expected PEM (or DER) in PKCS#8 (\"BEGIN PRIVATE KEY\"), "
                                "PKCS#1 (\"BEGIN RSA PRIVATE KEY\") or SEC1 (\"BEGIN EC PRIVATE KEY\")"));
        return {};
    }
    Ssl::Pkey owner(raw);
    PrivateKey key;
    key.m_bits = EVP_PKEY_get_bits(raw);
    if (EVP_PKEY_is_a(raw, "RSA") || EVP_PKEY_is_a(raw, "RSA-PSS")) {
        if (key.m_bits < 2048) {
            // RFC 7518 §3.3 and §3.5: a key of 2048 bits or larger MUST be used.
            setError(error,
                     QStringLiteral("the RSA key has %1 bits: JWS signatures need at least 2048 (RFC 7518 §3.3)")
                         .arg(key.m_bits));
            return {};
        }
    } else if (EVP_PKEY_is_a(raw, "EC")) {
        char group[64] = {};
        size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(raw, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) != 1) {
            setError(error, Ssl::takeError("the EC key has no named curve"));
            return {};
        }
        key.m_curve = jwkCurve(QByteArray(group, qsizetype(length)));
        if (key.m_curve.isEmpty()) {
            setError(error,
                     QStringLiteral("the EC key is on curve %1: JWS signs with P-256, P-384 or P-521 "
                                    "(RFC 7518 §3.4)")
                         .arg(QString::fromLatin1(group, qsizetype(length))));
            return {};
        }
    } else {
        setError(error,
                 QStringLiteral("unsupported key type %1: client assertions and DPoP proofs are signed with RSA "
                                "or EC keys")
                     .arg(QString::fromLatin1(EVP_PKEY_get0_type_name(raw))));
        return {};
    }
    key.m_key = Ssl::sharePkey(owner.release());
    return key;
}

PrivateKey PrivateKey::generate(const QString& alg, QString* error)
{
    const JwsAlgorithm a = JwsAlgorithm::fromName(alg);
    EVP_PKEY* raw = nullptr;
    if (a.family == JwsAlgorithm::Family::RsaPkcs1 || a.family == JwsAlgorithm::Family::RsaPss) {
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048));
    } else if (a.family == JwsAlgorithm::Family::Ecdsa) {
        const QByteArray group = a.curve.toLatin1();
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group.constData());
    } else {
        setError(error,
                 QStringLiteral("cannot make a key for \"%1\": RS256, PS256 and ES256 (and their 384/512 "
                                "variants) sign with a key pair")
                     .arg(alg));
        return {};
    }
    if (!raw) {
        setError(error, Ssl::takeError("key generation failed"));
        return {};
    }
    PrivateKey key;
    key.m_bits = EVP_PKEY_get_bits(raw);
    key.m_curve = a.family == JwsAlgorithm::Family::Ecdsa ? a.curve : QString();
    key.m_key = Ssl::sharePkey(raw);
    return key;
}

QByteArray PrivateKey::toPem() const
{
    if (isNull())
        return {};
    const Ssl::Bio bio(BIO_new(BIO_s_mem()));
    // PEM_write_bio_PrivateKey writes PKCS#8 ("BEGIN PRIVATE KEY"), unencrypted: the keychain protects it.
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        ERR_clear_error();
        return {};
    }
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(length));
}

QByteArray PrivateKey::publicPem() const
{
    if (isNull())
        return {};
    const Ssl::Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), m_key.get()) != 1) {
        ERR_clear_error();
        return {};
    }
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(length));
}

QString PrivateKey::keyType() const
{
    if (isNull())
        return {};
    return m_curve.isEmpty() ? QStringLiteral("RSA") : QStringLiteral("EC");
}

QString PrivateKey::description() const
{
    if (isNull())
        return QStringLiteral("no key");
    if (m_curve.isEmpty())
        return QStringLiteral("RSA %1-bit key").arg(m_bits);
    return QStringLiteral("EC %1 key").arg(m_curve);
}

bool PrivateKey::supports(const QString& alg, QString* reason) const
{
    const auto no = [reason](const QString& why) {
        if (reason)
            *reason = why;
        return false;
    };
    if (isNull())
        return no(QStringLiteral("no private key"));
    const JwsAlgorithm a = JwsAlgorithm::fromName(alg);
    switch (a.family) {
    case JwsAlgorithm::Family::RsaPkcs1:
        if (keyType() != u"RSA")
            return no(QStringLiteral("%1 needs an RSA key, this is an %2").arg(alg, description()));
        if (EVP_PKEY_is_a(m_key.get(), "RSA-PSS"))
            return no(QStringLiteral("%1 needs a plain RSA key, this one is restricted to RSA-PSS (PS256)").arg(alg));
        return true;
    case JwsAlgorithm::Family::RsaPss:
        if (keyType() != u"RSA")
            return no(QStringLiteral("%1 needs an RSA key, this is an %2").arg(alg, description()));
        return true;
    case JwsAlgorithm::Family::Ecdsa:
        if (m_curve != a.curve)
            return no(QStringLiteral("%1 needs an EC %2 key, this is an %3").arg(alg, a.curve, description()));
        return true;
    case JwsAlgorithm::Family::Hmac:
        return no(QStringLiteral("%1 is an HMAC algorithm: it signs with a shared secret, not a private key").arg(alg));
    case JwsAlgorithm::Family::None:
    case JwsAlgorithm::Family::EdDsa:
    case JwsAlgorithm::Family::Unsupported:
        break;
    }
    return no(QStringLiteral("\"%1\" is not an algorithm this key signs with (RS256, PS256, ES256 and their "
                             "384/512 variants)")
                  .arg(alg));
}

QString PrivateKey::defaultAlgorithm() const
{
    if (isNull())
        return {};
    if (m_curve.isEmpty())
        return EVP_PKEY_is_a(m_key.get(), "RSA-PSS") ? QStringLiteral("PS256") : QStringLiteral("RS256");
    return m_curve == u"P-256" ? QStringLiteral("ES256")
        : m_curve == u"P-384"  ? QStringLiteral("ES384")
                               : QStringLiteral("ES512");
}

QJsonObject PrivateKey::publicJwk() const
{
    if (isNull())
        return {};
    if (m_curve.isEmpty()) {
        return QJsonObject {
            {QStringLiteral("kty"), QStringLiteral("RSA")},
            {QStringLiteral("n"),
             QString::fromLatin1(base64UrlEncode(bignumParam(m_key.get(), OSSL_PKEY_PARAM_RSA_N)))},
            {QStringLiteral("e"),
             QString::fromLatin1(base64UrlEncode(bignumParam(m_key.get(), OSSL_PKEY_PARAM_RSA_E)))},
        };
    }
    // RFC 7518 §6.2.1.2/§6.2.1.3: x and y are the full coordinate length, leading zeros kept.
    const int size = coordinateBytes(m_curve);
    return QJsonObject {
        {QStringLiteral("kty"), QStringLiteral("EC")},
        {QStringLiteral("crv"), m_curve},
        {QStringLiteral("x"),
         QString::fromLatin1(base64UrlEncode(bignumParam(m_key.get(), OSSL_PKEY_PARAM_EC_PUB_X, size)))},
        {QStringLiteral("y"),
         QString::fromLatin1(base64UrlEncode(bignumParam(m_key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, size)))},
    };
}

QByteArray PrivateKey::thumbprint() const
{
    return jwkThumbprint(publicJwk());
}

QByteArray PrivateKey::sign(const QString& alg, QByteArrayView signingInput, QString* error) const
{
    QString reason;
    if (!supports(alg, &reason)) {
        setError(error, reason);
        return {};
    }
    const JwsAlgorithm a = JwsAlgorithm::fromName(alg);
    const Ssl::MdCtx ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr; // owned by ctx
    if (!ctx || EVP_DigestSignInit_ex(ctx.get(), &pctx, a.digestName(), nullptr, nullptr, m_key.get(), nullptr) != 1) {
        setError(error, Ssl::takeError("cannot set up signing"));
        return {};
    }
    if (a.family == JwsAlgorithm::Family::RsaPss) {
        // RFC 7518 §3.5: MGF1 with the same hash, a salt as long as the hash output.
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1
            || EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1) {
            setError(error, Ssl::takeError("cannot set up RSA-PSS"));
            return {};
        }
    }
    size_t length = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &length, Ssl::bytes(signingInput), size_t(signingInput.size())) != 1) {
        setError(error, Ssl::takeError("signing failed"));
        return {};
    }
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, Ssl::bytes(signingInput),
                       size_t(signingInput.size()))
        != 1) {
        setError(error, Ssl::takeError("signing failed"));
        return {};
    }
    signature.resize(qsizetype(length));
    if (a.family != JwsAlgorithm::Family::Ecdsa)
        return signature;

    // RFC 7518 §3.4: libcrypto writes ECDSA signatures as DER SEQUENCE { r, s }; JOSE wants R||S, each
    // zero-padded to the coordinate length.
    const unsigned char* p = Ssl::bytes(signature);
    const Ssl::EcdsaSig sig(d2i_ECDSA_SIG(nullptr, &p, long(signature.size())));
    if (!sig) {
        setError(error, Ssl::takeError("cannot decode the ECDSA signature"));
        return {};
    }
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    const int n = a.coordinateBytes;
    QByteArray jose(2 * n, Qt::Uninitialized);
    unsigned char* out = reinterpret_cast<unsigned char*>(jose.data());
    if (BN_bn2binpad(r, out, n) != n || BN_bn2binpad(s, out + n, n) != n) {
        setError(error, Ssl::takeError("cannot encode the ECDSA signature"));
        return {};
    }
    return jose;
}

QByteArray PrivateKey::signJws(QJsonObject header, const QJsonObject& payload, const QString& alg, QString* error) const
{
    QString reason;
    if (!supports(alg, &reason)) {
        setError(error, reason);
        return {};
    }
    header.insert(QStringLiteral("alg"), alg);
    const QByteArray signingInput = base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64UrlEncode(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    const QByteArray signature = sign(alg, signingInput, error);
    if (signature.isEmpty())
        return {};
    return signingInput + '.' + base64UrlEncode(signature);
}

QByteArray signHmacJws(QJsonObject header, const QJsonObject& payload, const QString& alg, const QByteArray& secret,
                       QString* error)
{
    const JwsAlgorithm a = JwsAlgorithm::fromName(alg);
    if (a.family != JwsAlgorithm::Family::Hmac) {
        setError(error, QStringLiteral("\"%1\" is not an HMAC algorithm (HS256, HS384, HS512)").arg(alg));
        return {};
    }
    const qsizetype minimum = a.hashBits / 8;
    if (secret.size() < minimum) {
        // RFC 7518 §3.2: "A key of the same size as the hash output (for instance, 256 bits for "HS256") or
        // larger MUST be used with this algorithm."
        setError(error,
                 QStringLiteral("%1 needs a secret of at least %2 bytes (RFC 7518 §3.2); this one has %3")
                     .arg(alg)
                     .arg(minimum)
                     .arg(secret.size()));
        return {};
    }
    header.insert(QStringLiteral("alg"), alg);
    const QByteArray signingInput = base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64UrlEncode(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    const Ssl::Mac mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    const Ssl::MacCtx ctx(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(a.digestName()), 0),
        OSSL_PARAM_construct_end(),
    };
    unsigned char out[EVP_MAX_MD_SIZE] = {};
    size_t length = 0;
    if (!ctx || EVP_MAC_init(ctx.get(), Ssl::bytes(secret), size_t(secret.size()), params) != 1
        || EVP_MAC_update(ctx.get(), Ssl::bytes(signingInput), size_t(signingInput.size())) != 1
        || EVP_MAC_final(ctx.get(), out, &length, sizeof out) != 1) {
        setError(error, Ssl::takeError("HMAC failed"));
        return {};
    }
    return signingInput + '.' + base64UrlEncode(QByteArrayView(reinterpret_cast<const char*>(out), qsizetype(length)));
}

QByteArray jwkThumbprint(const QJsonObject& jwk)
{
    const QString kty = jwk.value(QLatin1String("kty")).toString();
    QStringList members;
    if (kty == u"RSA")
        members = {QStringLiteral("e"), QStringLiteral("kty"), QStringLiteral("n")};
    else if (kty == u"EC")
        members = {QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x"), QStringLiteral("y")};
    else if (kty == u"OKP")
        members = {QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x")};
    else if (kty == u"oct")
        members = {QStringLiteral("k"), QStringLiteral("kty")};
    else
        return {};
    // RFC 7638 §3.2/§3.3: the required members, lexicographic order, no whitespace. Every member value here
    // is base64url or a fixed name, so no JSON escaping is needed; anything else is refused rather than
    // guessed at.
    QByteArray canonical = "{";
    for (const QString& name : members) {
        const QJsonValue value = jwk.value(name);
        if (!value.isString() || value.toString().isEmpty())
            return {};
        const QByteArray text = value.toString().toUtf8();
        for (const char c : text) {
            if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
                return {};
        }
        if (canonical.size() > 1)
            canonical += ',';
        canonical += '"' + name.toLatin1() + "\":\"" + text + '"';
    }
    canonical += '}';
    return base64UrlEncode(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256));
}

} // namespace Authlens::Jwt
