#include "profiles/SecretBox.h"

#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <cmath>
#include <memory>
#include <optional>

namespace Authlens::Profiles::SecretBox {

namespace {

constexpr int kKeyBytes = 32;
constexpr int kSaltBytes = 16;
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;
constexpr quint64 kMaxN = 1ULL << 20; // 1 GiB with r = 8: the most a file may ask for
constexpr quint64 kMaxMemory = 1100ULL * 1024 * 1024;

struct CipherCtxFree
{
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

/// Wipes the derived key when it goes out of scope.
struct Key
{
    QByteArray bytes = QByteArray(kKeyBytes, '\0');
    ~Key() { OPENSSL_cleanse(bytes.data(), size_t(bytes.size())); }
    unsigned char* data() { return reinterpret_cast<unsigned char*>(bytes.data()); }
};

bool deriveKey(const QString& passphrase, const QByteArray& salt, const KdfParams& params, Key& key)
{
    QByteArray pass = passphrase.toUtf8();
    const int ok = EVP_PBE_scrypt(pass.constData(), size_t(pass.size()),
                                  reinterpret_cast<const unsigned char*>(salt.constData()), size_t(salt.size()),
                                  params.n, params.r, params.p, kMaxMemory, key.data(), kKeyBytes);
    OPENSSL_cleanse(pass.data(), size_t(pass.size()));
    return ok == 1;
}

const unsigned char* bytes(const QByteArray& b)
{
    return reinterpret_cast<const unsigned char*>(b.constData());
}

std::optional<QByteArray> b64(const QJsonObject& o, QStringView key, qsizetype expectedSize)
{
    if (!o.value(key).isString())
        return std::nullopt;
    auto decoded
        = QByteArray::fromBase64Encoding(o.value(key).toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || (expectedSize >= 0 && decoded.decoded.size() != expectedSize))
        return std::nullopt;
    return decoded.decoded;
}

} // namespace

QString passphraseError(const QString& passphrase)
{
    const qsizetype bytes = passphrase.toUtf8().size();
    if (bytes <= kMaxPassphraseBytes)
        return {};
    return QStringLiteral("The passphrase is %1 bytes long; passphrases are at most %2 bytes. Is it the right "
                          "passphrase (or passphrase file)?")
        .arg(bytes)
        .arg(kMaxPassphraseBytes);
}

std::optional<QJsonObject> seal(const QByteArray& plaintext, const QString& passphrase, const QByteArray& aad,
                                const KdfParams& params, QString* error)
{
    if (passphrase.isEmpty()) {
        *error = QStringLiteral("An empty passphrase protects nothing.");
        return std::nullopt;
    }
    if (const QString tooLong = passphraseError(passphrase); !tooLong.isEmpty()) {
        *error = tooLong;
        return std::nullopt;
    }
    QByteArray salt(kSaltBytes, '\0');
    QByteArray nonce(kNonceBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), kSaltBytes) != 1
        || RAND_bytes(reinterpret_cast<unsigned char*>(nonce.data()), kNonceBytes) != 1) {
        *error = QStringLiteral("The system random generator failed.");
        return std::nullopt;
    }
    Key key;
    if (!deriveKey(passphrase, salt, params, key)) {
        *error = QStringLiteral("Key derivation (scrypt) failed.");
        return std::nullopt;
    }
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray ciphertext(plaintext.size(), '\0');
    QByteArray tag(kTagBytes, '\0');
    int len = 0;
    int total = 0;
    const bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1
        && EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), bytes(nonce)) == 1
        && EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) == 1
        && EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(ciphertext.data()), &len, bytes(plaintext),
                             int(plaintext.size()))
            == 1
        && (total = len,
            EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(ciphertext.data()) + total, &len) == 1)
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag.data()) == 1;
    if (!ok) {
        *error = QStringLiteral("Encryption (AES-256-GCM) failed.");
        return std::nullopt;
    }
    return QJsonObject {{QStringLiteral("cipher"), QStringLiteral("AES-256-GCM")},
                        {QStringLiteral("kdf"), QStringLiteral("scrypt")},
                        {QStringLiteral("n"), double(params.n)},
                        {QStringLiteral("r"), double(params.r)},
                        {QStringLiteral("p"), double(params.p)},
                        {QStringLiteral("salt"), QString::fromLatin1(salt.toBase64())},
                        {QStringLiteral("nonce"), QString::fromLatin1(nonce.toBase64())},
                        {QStringLiteral("ciphertext"), QString::fromLatin1(ciphertext.toBase64())},
                        {QStringLiteral("tag"), QString::fromLatin1(tag.toBase64())}};
}

std::optional<QByteArray> open(const QJsonObject& box, const QString& passphrase, const QByteArray& aad, QString* error)
{
    if (box.value(u"cipher").toString() != u"AES-256-GCM" || box.value(u"kdf").toString() != u"scrypt") {
        *error = QStringLiteral("The secrets are encrypted with \"%1\"/\"%2\", which this version does not know.")
                     .arg(box.value(u"cipher").toString().left(40), box.value(u"kdf").toString().left(40));
        return std::nullopt;
    }
    // Each parameter is checked as the JSON number it is before it becomes an integer: a hostile file's 1e56
    // (or -1, or 2.5) must be refused, not converted (found by fuzz_sharefile, seed kdf-n-huge-double).
    const auto whole = [&box](QStringView key, double max) -> std::optional<quint64> {
        const QJsonValue v = box.value(key);
        const double d = v.toDouble(-1);
        if (!v.isDouble() || !(d >= 1 && d <= max) || d != std::floor(d))
            return std::nullopt;
        return quint64(d);
    };
    const std::optional<quint64> n = whole(u"n", double(kMaxN));
    const std::optional<quint64> r = whole(u"r", 32);
    const std::optional<quint64> p = whole(u"p", 16);
    KdfParams params;
    params.n = n.value_or(0);
    params.r = r.value_or(0);
    params.p = p.value_or(0);
    const bool powerOfTwo = params.n >= 2 && (params.n & (params.n - 1)) == 0;
    if (!n || !r || !p || !powerOfTwo || 128 * params.n * params.r > kMaxMemory) {
        *error = QStringLiteral("The file asks for key derivation parameters outside safe bounds; refusing it.");
        return std::nullopt;
    }
    const auto salt = b64(box, u"salt", -1);
    const auto nonce = b64(box, u"nonce", kNonceBytes);
    const auto ciphertext = b64(box, u"ciphertext", -1);
    const auto tag = b64(box, u"tag", kTagBytes);
    if (!salt || salt->size() < 8 || !nonce || !ciphertext || !tag) {
        *error = QStringLiteral("The encrypted part of the file is damaged (salt, nonce, ciphertext or tag).");
        return std::nullopt;
    }
    if (passphrase.isEmpty()) {
        *error = QStringLiteral("This file's secrets are encrypted: a passphrase is needed.");
        return std::nullopt;
    }
    if (const QString tooLong = passphraseError(passphrase); !tooLong.isEmpty()) {
        *error = tooLong;
        return std::nullopt;
    }
    Key key;
    if (!deriveKey(passphrase, *salt, params, key)) {
        *error = QStringLiteral("Key derivation (scrypt) failed.");
        return std::nullopt;
    }
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray plaintext(ciphertext->size(), '\0');
    int len = 0;
    QByteArray tagCopy = *tag;
    const bool setup = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1
        && EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), bytes(*nonce)) == 1
        && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) == 1
        && EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plaintext.data()), &len, bytes(*ciphertext),
                             int(ciphertext->size()))
            == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tagCopy.data()) == 1;
    int finalLen = 0;
    if (!setup
        || EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plaintext.data()) + len, &finalLen) != 1) {
        OPENSSL_cleanse(plaintext.data(), size_t(plaintext.size()));
        // GCM cannot tell a wrong key from a modified file: both fail the tag check.
        *error = QStringLiteral("Wrong passphrase, or the file was modified after export.");
        return std::nullopt;
    }
    plaintext.truncate(len + finalLen);
    return plaintext;
}

} // namespace Authlens::Profiles::SecretBox
