#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace Authlens::Jwt {

/// base64url without padding (RFC 7515 §2), the encoding of every JWS/JWK member.
QByteArray base64UrlEncode(QByteArrayView data);

/// Strict base64url decoding as JWS requires: only the URL-safe alphabet, no '=' padding, no whitespace,
/// and no length that cannot come from an encoder (a remainder of one character). nullopt when broken.
std::optional<QByteArray> base64UrlDecode(QByteArrayView text);

/// The first reason a text is not strict base64url, with where it is: what the inspector reports for
/// a broken token part ("padding at 143", "'+' at 12: standard base64, not base64url").
struct Base64UrlFault
{
    enum class Kind {
        Padding, ///< '=' (JWS forbids padding)
        StandardAlphabet, ///< '+' or '/': base64, not base64url
        Whitespace, ///< space, tab, CR or LF (a token wrapped or pasted with line breaks)
        InvalidCharacter, ///< anything else outside A–Z a–z 0–9 - _
        Length, ///< a length of 4n+1: no encoder produces it, the text is truncated or has an extra character
    };
    Kind kind = Kind::InvalidCharacter;
    qsizetype position = 0; ///< offset in the text; for Length, the text's length
    char character = 0; ///< the offending character (0 for Length)

    /// Stable machine name: "padding", "standard_alphabet", "whitespace", "invalid_character", "length".
    QString kindName() const;
    /// One sentence for people, e.g. "'=' padding at position 12 (base64url in JWS has no padding)".
    QString describe() const;
};

/// The first fault of `text` as strict base64url, or nullopt when it is clean.
std::optional<Base64UrlFault> findBase64UrlFault(QByteArrayView text);

/// Best-effort decoding for display: accepts the standard alphabet, padding and whitespace, skips any
/// other character. Never use the result for a verdict — only to show what a broken part contains.
QByteArray base64UrlDecodeLenient(QByteArrayView text);

} // namespace Authlens::Jwt
