#include "KeySet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>

namespace Authlens::Jwt {

KeySet KeySet::fromJson(QByteArrayView json, const QString& source, QString* error)
{
    KeySet set;
    set.m_source = source;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError
                ? QStringLiteral("%1 is not JSON: %2 at offset %3")
                      .arg(source, parseError.errorString())
                      .arg(parseError.offset)
                : QStringLiteral("%1 is not a JSON object").arg(source);
        return set;
    }
    const QJsonObject root = document.object();
    QJsonArray entries;
    if (root.contains(QLatin1String("keys"))) {
        if (!root.value(QLatin1String("keys")).isArray()) {
            if (error)
                *error = QStringLiteral("%1: \"keys\" is not an array").arg(source);
            return set;
        }
        entries = root.value(QLatin1String("keys")).toArray();
    } else if (root.contains(QLatin1String("kty"))) {
        entries.append(root);
    } else {
        if (error)
            *error = QStringLiteral("%1 is neither a JWKS (\"keys\") nor a JWK (\"kty\")").arg(source);
        return set;
    }
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject jwk = entries.at(i).toObject();
        QString keyError;
        VerificationKey key = VerificationKey::fromJwk(jwk, &keyError);
        if (key.isNull()) {
            const QString kid = jwk.value(QLatin1String("kid")).toString();
            set.m_skipped.append(
                QStringLiteral("%1 key %2%3: %4")
                    .arg(source)
                    .arg(i + 1)
                    .arg(kid.isEmpty() ? QString() : QStringLiteral(" (kid \"%1\")").arg(kid), keyError));
            continue;
        }
        key.setSource(source);
        set.m_keys.append(key);
    }
    return set;
}

KeySet KeySet::fromPem(QByteArrayView pem, const QString& source, QString* error)
{
    KeySet set;
    set.m_source = source;
    QString keyError;
    VerificationKey key = VerificationKey::fromPem(pem, &keyError);
    if (key.isNull()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(source, keyError);
        return set;
    }
    key.setSource(source);
    set.m_keys.append(key);
    return set;
}

KeySet KeySet::fromSecret(const QByteArray& secret, const QString& source)
{
    KeySet set;
    set.m_source = source;
    VerificationKey key = VerificationKey::fromSecret(secret);
    key.setSource(source);
    set.m_keys.append(key);
    return set;
}

QList<VerificationKey> KeySet::withKeyId(const QString& kid) const
{
    QList<VerificationKey> found;
    for (const VerificationKey& key : m_keys) {
        if (key.keyId() == kid)
            found.append(key);
    }
    return found;
}

QStringList KeySet::keyIds() const
{
    QStringList ids;
    for (const VerificationKey& key : m_keys) {
        if (!key.keyId().isEmpty())
            ids.append(key.keyId());
    }
    return ids;
}

bool KeySet::hasAsymmetricKeys() const
{
    return std::any_of(m_keys.cbegin(), m_keys.cend(), [](const VerificationKey& k) { return !k.isSymmetric(); });
}

bool KeySet::hasSymmetricKeys() const
{
    return std::any_of(m_keys.cbegin(), m_keys.cend(), [](const VerificationKey& k) { return k.isSymmetric(); });
}

} // namespace Authlens::Jwt
