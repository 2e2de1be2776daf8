#pragma once

#include "FoundToken.h"
#include "InspectOptions.h"
#include "http/Exchange.h"

#include <QByteArray>
#include <QList>
#include <QNetworkCookie>
#include <QUrl>

namespace Authlens::Jwt {

/// Lists every token in an exchange, with where it came from: the request's Authorization (Bearer,
/// DPoP), Proxy-Authorization, DPoP proof header, other headers and cookies holding a JWT or a
/// vendor-prefixed key, access_token in the URL; response JSON and form bodies (access_token, id_token,
/// refresh_token, logout_token, issued_token, also nested, and any JWT-shaped string), Set-Cookie values
/// and redirect Locations. Pure; duplicates (same token, place and hop) are listed once.
namespace TokenFinder {

QList<FoundToken> find(const Http::Exchange& exchange);

/// Inspection options for a found token: `base` with expectedKind from the token's place and serverDate
/// from the Date header of that hop's response (for a token the request carried, the response to that
/// request is what judged it).
InspectOptions optionsFor(const Http::Exchange& exchange, const FoundToken& token, InspectOptions base = {});

/// The parts, for callers that have no Exchange (a HAR entry, a pasted request).
QList<FoundToken> findInRequestHeaders(const Http::HeaderList& headers, int hopIndex = -1);
QList<FoundToken> findInRequestUrl(const QUrl& url, int hopIndex = -1);
QList<FoundToken> findInResponseHeaders(const Http::HeaderList& headers, int hopIndex = -1);
/// `contentType` may be empty: JSON and form bodies are recognised by their first character too.
QList<FoundToken> findInResponseBody(const QByteArray& body, const QByteArray& contentType, int hopIndex = -1);
QList<FoundToken> findInCookies(const QList<QNetworkCookie>& cookies, TokenLocation location, int hopIndex = -1);

} // namespace TokenFinder

} // namespace Authlens::Jwt
