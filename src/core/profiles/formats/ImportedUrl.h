#pragma once

#include <QString>
#include <QUrl>

#include <optional>

namespace Authlens::Formats {

/// An http(s) URL taken from outside input. Without a scheme (`example.com/x`, `localhost:8080`)
/// http is assumed, as curl and Postman do. Any other scheme (`file:`, `javascript:`, `ftp:`) and a
/// URL without a host are refused with a message naming the problem.
std::optional<QUrl> parseHttpUrl(const QString& text, QString* error);

/// "https://api.example.com" or "http://localhost:8080": scheme, host and a non-default port.
QString originText(const QUrl& url);
/// "api.example.com" or "localhost:8080": the name of a profile made for this origin.
QString hostLabel(const QUrl& url);
/// "/v1/users?page=2" (encoded as given, never empty: "/" at least). The fragment is dropped, it
/// never reaches a server.
QString pathAndQuery(const QUrl& url);
/// The URL a saved request keeps: pathAndQuery(), relative to the profile's base URL, except for a
/// path that starts with "//", which a relative reference would read as a host: then the whole URL.
QString savedRequestUrl(const QUrl& url);

} // namespace Authlens::Formats
