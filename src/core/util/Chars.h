#pragma once

#include <QByteArrayView>
#include <QStringDecoder>

// Character classes and checks that parsers across core (and the GUI's raw views) share. Header-only:
// each is a line or two, and inlining them keeps the hot parsing loops as fast as before.
namespace Authlens::Util {

/// RFC 9110 OWS: space or horizontal tab.
inline bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

/// RFC 9110 §5.6.2 tchar: what a token (a method, a header name, a chunk extension name) is made of.
inline bool isTchar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

/// The value of a hexadecimal digit, -1 for any other character.
inline int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// Any ASCII whitespace (space, tab, CR, LF, FF, VT).
inline bool isAsciiSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/// The base64url alphabet (RFC 4648 §5), without padding.
inline bool isBase64UrlChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/// The standard base64 alphabet (RFC 4648 §4), without padding.
inline bool isBase64Char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/// True when `bytes` are well-formed UTF-8 (overlong forms and surrogates included as errors).
inline bool isValidUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    [[maybe_unused]] const QString text = decoder.decode(bytes);
    return !decoder.hasError();
}

/// Header field names, auth schemes and parameter names compare case-insensitively (RFC 9110 §5.1, §11.1).
inline bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace Authlens::Util
