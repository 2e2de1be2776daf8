#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Authlens::Profiles {

/// Passphrase encryption of exported secrets: AES-256-GCM with a key from scrypt, random salt and
/// nonce, all from libcrypto. `aad` (the exported profiles) is authenticated too, so nobody can
/// send the secrets to another host by editing the profile part of the file.
namespace SecretBox {

/// The longest passphrase accepted, in UTF-8 bytes. scrypt's cost does not grow with the passphrase (its
/// PBKDF2-HMAC-SHA256 steps hash a long key once), so the bound is not about time: a passphrase someone
/// types or pastes is never this long, and a "passphrase file" of megabytes is the wrong file (the share
/// file itself, a binary): it gets a clear error instead of being read whole and used.
constexpr qsizetype kMaxPassphraseBytes = 1024;

/// An error message for a passphrase longer than kMaxPassphraseBytes, else an empty string.
QString passphraseError(const QString& passphrase);

struct KdfParams
{
    quint64 n = 1ULL << 17; ///< scrypt cost: 128 MiB of memory with r = 8, ~0.3 s
    quint64 r = 8;
    quint64 p = 1;
};

/// {"cipher":"AES-256-GCM","kdf":"scrypt","n":…,"r":…,"p":…,"salt":b64,"nonce":b64,"ciphertext":b64,"tag":b64}
std::optional<QJsonObject> seal(const QByteArray& plaintext, const QString& passphrase, const QByteArray& aad,
                                const KdfParams& params, QString* error);

/// Refuses KDF parameters past sane bounds (a hostile file could ask for terabytes of memory).
std::optional<QByteArray> open(const QJsonObject& box, const QString& passphrase, const QByteArray& aad,
                               QString* error);

} // namespace SecretBox
} // namespace Authlens::Profiles
