#include "TokenReport.h"

#include <QJsonArray>

#include <algorithm>

namespace Authlens::Jwt {

QString tokenFormatName(TokenFormat format)
{
    switch (format) {
    case TokenFormat::Jws:
        return QStringLiteral("jws");
    case TokenFormat::Jwe:
        return QStringLiteral("jwe");
    case TokenFormat::Unsecured:
        return QStringLiteral("unsecured");
    case TokenFormat::Opaque:
        return QStringLiteral("opaque");
    }
    return QStringLiteral("opaque");
}

QList<Problem> TokenReport::allProblems() const
{
    return problems + signature.problems;
}

bool TokenReport::isMalformed() const
{
    const QList<Problem> all = allProblems();
    return std::any_of(all.cbegin(), all.cend(),
                       [](const Problem& p) { return p.code == u"token.malformed" && p.severity == Severity::Error; });
}

bool TokenReport::hasErrors() const
{
    const QList<Problem> all = allProblems();
    return std::any_of(all.cbegin(), all.cend(), [](const Problem& p) { return p.severity == Severity::Error; });
}

QStringList TokenReport::audiences() const
{
    const QJsonValue aud = claims.value(QLatin1String("aud"));
    if (aud.isString())
        return {aud.toString()};
    QStringList list;
    const QJsonArray array = aud.toArray();
    for (const QJsonValue& value : array) {
        if (value.isString())
            list.append(value.toString());
    }
    return list;
}

QByteArray TokenReport::signingInput() const
{
    if ((format != TokenFormat::Jws && format != TokenFormat::Unsecured) || parts.size() != 3)
        return {};
    return token.toLatin1().left(parts.at(2).offset - 1);
}

QByteArray TokenReport::signatureBytes() const
{
    if ((format != TokenFormat::Jws && format != TokenFormat::Unsecured) || parts.size() != 3)
        return {};
    return parts.at(2).decoded;
}

} // namespace Authlens::Jwt
