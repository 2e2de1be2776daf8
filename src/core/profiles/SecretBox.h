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
