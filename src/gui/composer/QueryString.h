#pragma once

#include <QList>
#include <QString>

// Splitting and joining the query of a URL as the user typed it. Works on text, not QUrl, so that the
// URL line keeps exactly what the user wrote except for the parameters that were edited in the table.
namespace Authlens::Gui {

struct QueryItem
{
    QString key; ///< decoded
    QString value; ///< decoded
    bool hasValue = true; ///< "flag" vs "flag=" (kept for a faithful round trip)
    QString rawKey; ///< as written in the URL; used again while it still decodes to `key`
    QString rawValue;
};

struct UrlParts
{
    QString beforeQuery; ///< scheme, authority and path
    QString query; ///< without '?'
    bool hasQuery = false;
    QString fragment; ///< without '#'
    bool hasFragment = false;
};

UrlParts splitUrl(const QString& text);
QString joinUrl(const UrlParts& parts);

/// Items in order, duplicates kept; '+' stays '+' (RFC 3986), empty segments ("a&&b") are dropped.
QList<QueryItem> parseQuery(const QString& query);
QString buildQuery(const QList<QueryItem>& items);

QString decodeQueryComponent(const QString& raw);
/// Percent-encodes everything but unreserved characters and ! $ ' ( ) * , ; : @ / ?
QString encodeQueryComponent(const QString& text);

} // namespace Authlens::Gui
