#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

#include <optional>

namespace Authlens::Formats {

/// Imports refuse larger inputs: a real HAR of a long browser session stays well below, and a
/// desktop app should not freeze or run out of memory on a file that is obviously not a profile.
constexpr qsizetype kMaxImportBytes = 50 * 1024 * 1024;
/// Deeper JSON nesting is refused before parsing. Real Postman and HAR files stay below ~40
/// levels (Chrome's async initiator stacks are the deepest part); a deeper document is an attack on
/// the parser's recursion, not something a user exported.
constexpr int kMaxJsonDepth = 64;

/// "line 3, column 14" for a byte offset into UTF-8 text (columns count characters, from 1).
QString textPosition(QByteArrayView utf8, qsizetype offset);

/// An error message when `bytes` exceeds kMaxImportBytes, else an empty string.
QString sizeError(qsizetype bytes);

/// Parses a JSON document within the limits above. On failure returns nullopt and sets `error` to a
/// message a user can act on, with the line and column of the problem.
std::optional<QJsonDocument> parseJsonLimited(const QByteArray& content, QString* error);

} // namespace Authlens::Formats
