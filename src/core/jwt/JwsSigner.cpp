#include "JwsSigner.h"

#include "Base64Url.h"

#include <QJsonDocument>

namespace Authlens::Jwt {

JwsSigner::JwsSigner(RsaKey key, QString keyId)
    : m_key(std::move(key))
    , m_keyId(std::move(keyId))
{
}

JwsSigner JwsSigner::generate(int bits, QString* error)
{
    RsaKey key = RsaKey::generate(bits, error);
    if (key.isNull())
        return {};
    const QString kid = QString::fromLatin1(key.thumbprint());
    return JwsSigner(std::move(key), kid);
}

QByteArray JwsSigner::sign(QJsonObject header, const QJsonObject& payload, QString* error) const
{
    if (isNull()) {
        if (error)
            *error = QStringLiteral("no signing key");
        return {};
    }
    header.insert(QStringLiteral("alg"), QStringLiteral("RS256"));
    if (!m_keyId.isEmpty())
        header.insert(QStringLiteral("kid"), m_keyId);
    const QByteArray signingInput = base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64UrlEncode(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    const QByteArray signature = m_key.signRs256(signingInput, error);
    if (signature.isEmpty())
        return {};
    return signingInput + '.' + base64UrlEncode(signature);
}

QJsonObject JwsSigner::publicJwk() const
{
    QJsonObject jwk = m_key.publicJwk();
    if (jwk.isEmpty())
        return jwk;
    jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
    jwk.insert(QStringLiteral("alg"), QStringLiteral("RS256"));
    jwk.insert(QStringLiteral("kid"), m_keyId);
    return jwk;
}

} // namespace Authlens::Jwt
