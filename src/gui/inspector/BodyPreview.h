#pragma once

#include "http/Exchange.h"

#include <QString>

namespace Authlens::Gui {

/// A response body made ready for display: decoded, capped, JSON re-indented. Built off the UI thread
/// by preparePreview(); the view only shows it.
struct BodyPreview
{
    enum class Kind { Empty, Json, Html, Xml, Text, Binary };

    Kind kind = Kind::Empty;
    QString mimeType; ///< from Content-Type, lower case, without parameters
    QString raw; ///< the shown bytes decoded (a hex dump for binary bodies)
    QString pretty; ///< JSON re-indented (key order kept); empty when not available
    QString prettyNote; ///< why there is no pretty form, for the user
    qint64 totalSize = 0;
    qint64 shownBytes = 0;
    QString spillPath; ///< where the full body is, for spilled bodies

    bool isTruncated() const { return shownBytes < totalSize; }
};

struct BodyLimits
{
    qint64 displayBytes = 2 * 1024 * 1024; ///< text shown at most
    qint64 prettyBytes = 2 * 1024 * 1024; ///< JSON re-indented only up to this size
    qint64 hexBytes = 64 * 1024; ///< binary bodies: hex dump of the first bytes
};

/// Pure and thread-safe: reads at most the limits from the body (which may be a spill file).
BodyPreview preparePreview(const Http::Body& body, const QByteArray& contentType, const BodyLimits& limits = {});

/// Re-indents JSON text without reordering keys or touching numbers. Expects valid JSON.
QString reindentJson(QByteArrayView json, int indent = 2);

} // namespace Authlens::Gui
