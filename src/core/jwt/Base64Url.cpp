#include "Base64Url.h"

#include "util/Chars.h"

namespace Authlens::Jwt {

namespace {

QString printable(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x21 && u < 0x7f)
        return QStringLiteral("'%1'").arg(QLatin1Char(c));
    return QStringLiteral("byte 0x%1").arg(uint(u), 2, 16, QLatin1Char('0'));
}

} // namespace

QByteArray base64UrlEncode(QByteArrayView data)
{
    return data.toByteArray().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<QByteArray> base64UrlDecode(QByteArrayView text)
{
    // Qt's decoder is lenient (it accepts padding and, without the abort flag, skips junk); JWS
    // forbids both, so the alphabet and the length are checked here first.
    if (findBase64UrlFault(text))
        return std::nullopt;
    auto result = QByteArray::fromBase64Encoding(
        text.toByteArray(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    return std::move(result.decoded);
}

std::optional<Base64UrlFault> findBase64UrlFault(QByteArrayView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (Util::isBase64UrlChar(c))
            continue;
        Base64UrlFault fault;
        fault.position = i;
        fault.character = c;
        if (c == '=')
            fault.kind = Base64UrlFault::Kind::Padding;
        else if (c == '+' || c == '/')
            fault.kind = Base64UrlFault::Kind::StandardAlphabet;
        else if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            fault.kind = Base64UrlFault::Kind::Whitespace;
        else
            fault.kind = Base64UrlFault::Kind::InvalidCharacter;
        return fault;
    }
    if (text.size() % 4 == 1) {
        Base64UrlFault fault;
        fault.kind = Base64UrlFault::Kind::Length;
        fault.position = text.size();
        return fault;
    }
    return std::nullopt;
}

QString Base64UrlFault::kindName() const
{
    switch (kind) {
    case Kind::Padding:
        return QStringLiteral("padding");
    case Kind::StandardAlphabet:
        return QStringLiteral("standard_alphabet");
    case Kind::Whitespace:
        return QStringLiteral("whitespace");
    case Kind::InvalidCharacter:
        return QStringLiteral("invalid_character");
    case Kind::Length:
        return QStringLiteral("length");
    }
    return QStringLiteral("invalid_character");
}

QString Base64UrlFault::describe() const
{
    switch (kind) {
    case Kind::Padding:
        return QStringLiteral("'=' padding at position %1 (base64url in JWS has no padding)").arg(position);
    case Kind::StandardAlphabet:
        return QStringLiteral("%1 at position %2: standard base64, not base64url (which uses '-' and '_')")
            .arg(printable(character))
            .arg(position);
    case Kind::Whitespace:
        return QStringLiteral("whitespace (%1) at position %2: the token was wrapped or pasted with line breaks")
            .arg(printable(character))
            .arg(position);
    case Kind::InvalidCharacter:
        return QStringLiteral("%1 at position %2 is not a base64url character").arg(printable(character)).arg(position);
    case Kind::Length:
        return QStringLiteral("length %1 is impossible for base64url (4n+1 characters): truncated or one "
                              "character too many")
            .arg(position);
    }
    return {};
}

QByteArray base64UrlDecodeLenient(QByteArrayView text)
{
    QByteArray cleaned;
    cleaned.reserve(text.size());
    for (const char c : text) {
        if (Util::isBase64UrlChar(c))
            cleaned.append(c);
        else if (c == '+')
            cleaned.append('-');
        else if (c == '/')
            cleaned.append('_');
        // '=', whitespace and junk are dropped: this is for showing content, not for verdicts.
    }
    if (cleaned.size() % 4 == 1)
        cleaned.chop(1);
    return QByteArray::fromBase64(cleaned, QByteArray::Base64UrlEncoding);
}

} // namespace Authlens::Jwt
