#include "CompactJws.h"

#include "Base64Url.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace Authlens::Jwt {

namespace {

std::optional<QJsonObject> jsonObject(const QByteArray& bytes)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

std::optional<CompactJws> CompactJws::parse(QByteArrayView token, QString* error)
{
    const auto fail = [error](const QString& message) -> std::optional<CompactJws> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (firstDot < 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0)
        return fail(QStringLiteral("a compact JWS has exactly three dot-separated parts"));

    const QByteArrayView headerPart = token.first(firstDot);
    const QByteArrayView payloadPart = token.sliced(firstDot + 1, secondDot - firstDot - 1);
    const QByteArrayView signaturePart = token.sliced(secondDot + 1);
    const auto header = base64UrlDecode(headerPart);
    const auto payload = base64UrlDecode(payloadPart);
    const auto signature = base64UrlDecode(signaturePart);
    if (!header || headerPart.isEmpty())
        return fail(QStringLiteral("the JWS header is not base64url"));
    if (!payload)
        return fail(QStringLiteral("the JWS payload is not base64url"));
    if (!signature)
        return fail(QStringLiteral("the JWS signature is not base64url"));
    const auto headerObject = jsonObject(*header);
    if (!headerObject)
        return fail(QStringLiteral("the JWS header is not a JSON object"));

    CompactJws jws;
    jws.header = *headerObject;
    jws.payload = *payload;
    jws.signature = *signature;
    jws.signingInput = token.first(secondDot).toByteArray();
    return jws;
}

std::optional<QJsonObject> CompactJws::claims() const
{
    return jsonObject(payload);
}

} // namespace Authlens::Jwt
