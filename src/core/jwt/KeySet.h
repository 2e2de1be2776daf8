#pragma once

#include "VerificationKey.h"

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

namespace Authlens::Jwt {

/// The keys a signature may be checked against: a JWKS, one JWK, one PEM key, or an HMAC secret. Keeps
/// the keys that could not be imported (with the reason) so a user sees why a JWKS entry was ignored.
class KeySet
{
public:
    KeySet() = default;

    /// Parses a JWKS ({"keys":[…]}) or a single JWK object. `source` labels the keys ("JWKS
    /// https://…/jwks.json"). Returns an empty set with `error` set when the text is not one of those.
    static KeySet fromJson(QByteArrayView json, const QString& source, QString* error = nullptr);
    /// A PEM/DER key or certificate file's content.
    static KeySet fromPem(QByteArrayView pem, const QString& source, QString* error = nullptr);
    /// One HMAC secret.
    static KeySet fromSecret(const QByteArray& secret, const QString& source = QStringLiteral("the given secret"));

    void append(const VerificationKey& key) { m_keys.append(key); }
    const QList<VerificationKey>& keys() const { return m_keys; }
    bool isEmpty() const { return m_keys.isEmpty(); }
    qsizetype size() const { return m_keys.size(); }

    /// Keys with this kid.
    QList<VerificationKey> withKeyId(const QString& kid) const;
    /// Every kid in the set, in order.
    QStringList keyIds() const;
    /// True when the set holds RSA, EC or OKP keys (an issuer's public keys).
    bool hasAsymmetricKeys() const;
    /// True when the set holds HMAC secrets.
    bool hasSymmetricKeys() const;

    /// "JWKS entry 2 (kty \"foo\"): unsupported JWK kty \"foo\"" for each entry that was skipped.
    QStringList skipped() const { return m_skipped; }
    QString source() const { return m_source; }

private:
    QList<VerificationKey> m_keys;
    QStringList m_skipped;
    QString m_source;
};

} // namespace Authlens::Jwt
