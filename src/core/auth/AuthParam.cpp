#include "AuthParam.h"

#include "util/Chars.h"

#include <QStringDecoder>

namespace Authlens::Auth {

namespace {

// RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
bool isAttrChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || QByteArrayView("!#$&+-.^_`|~").contains(c);
}

} // namespace

std::optional<QString> decodeExtValue(QByteArrayView value)
{
    const qsizetype firstQuote = value.indexOf('\'');
    if (firstQuote <= 0)
        return std::nullopt;
    const qsizetype secondQuote = value.indexOf('\'', firstQuote + 1);
    if (secondQuote < 0)
        return std::nullopt;
    const QByteArray charset = value.first(firstQuote).toByteArray().toLower();
    const bool utf8 = charset == "utf-8";
    if (!utf8 && charset != "iso-8859-1")
        return std::nullopt;

    QByteArray bytes;
    const QByteArrayView encoded = value.sliced(secondQuote + 1);
    bytes.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c == '%') {
            if (i + 2 >= encoded.size())
                return std::nullopt;
            const int high = Util::hexValue(encoded[i + 1]);
            const int low = Util::hexValue(encoded[i + 2]);
            if (high < 0 || low < 0)
                return std::nullopt;
            bytes.append(char(high * 16 + low));
            i += 2;
        } else if (isAttrChar(c)) {
            bytes.append(c);
        } else {
            return std::nullopt;
        }
    }
    if (!utf8)
        return QString::fromLatin1(bytes);
    if (!Util::isValidUtf8(bytes))
        return std::nullopt;
    return QString::fromUtf8(bytes);
}

QString fieldText(QByteArrayView bytes)
{
    // Pure ASCII is by far the common case: skip the decoder.
    bool ascii = true;
    for (char c : bytes) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii || Util::isValidUtf8(bytes))
        return QString::fromUtf8(bytes);
    return QString::fromLatin1(bytes);
}

} // namespace Authlens::Auth
