#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace Authlens::Auth {

/// Where something sits in the raw header field values that were parsed: the index of the field value
/// (header line) and a byte range inside it. The UI highlights diagnostics and parameters with it.
struct ByteRange
{
    int fieldIndex = -1; ///< index into the list of field values given to the parser; -1 when unknown
    int offset = -1; ///< byte offset from the start of that field value
    int length = 0; ///< number of bytes

    bool isValid() const { return fieldIndex >= 0 && offset >= 0; }
    int end() const { return offset + length; }
    friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

/// One `auth-param` (RFC 9110 §11.2): `token BWS "=" BWS ( token / quoted-string )`.
struct AuthParam
{
    QByteArray name; ///< lower-cased: parameter names are case-insensitive
    QByteArray value; ///< unquoted, backslash escapes resolved; raw bytes (often UTF-8, sometimes ISO-8859-1)
    bool quoted = false; ///< the value was sent as a quoted-string
    ByteRange nameRange; ///< the name as sent
    ByteRange valueRange; ///< the value as sent, including the quotes of a quoted-string

    /// `title*` style parameter whose value is an RFC 8187 ext-value (`UTF-8''caf%C3%A9`).
    bool isExtended() const { return name.endsWith('*'); }
};

/// Decodes an RFC 8187 ext-value (`charset "'" [ language ] "'" value-chars`, charset UTF-8 or ISO-8859-1).
/// Returns nothing when the value is not a well-formed ext-value.
std::optional<QString> decodeExtValue(QByteArrayView value);

/// Turns header bytes into text for display: UTF-8 when the bytes are valid UTF-8, else ISO-8859-1
/// (the historical header charset, RFC 9110 §5.5), so that no byte is ever lost or replaced.
QString fieldText(QByteArrayView bytes);

} // namespace Authlens::Auth
