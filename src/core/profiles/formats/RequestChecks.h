#pragma once

#include <QByteArrayView>
#include <QString>
#include <QUrl>

#include <optional>

namespace Authlens::Formats {

/// Why a header from an imported file cannot be sent as it is (not a token name, a line break or NUL
/// in the value: header injection), or an empty string when it is fine.
QString headerProblem(QByteArrayView name, QByteArrayView value);

/// Why `method` is not an HTTP method token (1-32 characters), or an empty string.
QString methodProblem(QByteArrayView method);

/// Headers a saved request should not carry because the transport sets them: nullopt when the
/// header is kept; an empty string when it is dropped silently (Content-Length, Connection, HTTP/2
/// pseudo-headers); a note for the user when dropping it changes something (Host, Accept-Encoding).
std::optional<QString> droppedHeaderNote(QByteArrayView name);

/// "GET /v1/users": the name of an imported request (at most 80 characters).
QString requestName(QByteArrayView method, const QUrl& url);

} // namespace Authlens::Formats
