#pragma once

// Reading the documents that say where an API's tokens come from (RFC 9728 protected resource metadata,
// RFC 8414 authorization server metadata, OpenID Connect discovery): the pieces the token service's
// discovery (TokenDiscovery.cpp) and "Set up OAuth for this API" (OAuthSetup) share. Pure functions.
#include "http/Exchange.h"
#include "http/RequestSpec.h"
#include "profiles/Profile.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace Authlens::Workspace {

// Metadata documents, JWKS and token responses are a few KiB; past this a download is stopped.
inline constexpr qint64 MaxDocumentBytes = 1024 * 1024;

/// A URL as messages show it (never with user info).
inline QString displayUrl(const QUrl& url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo);
}

/// The resource_metadata parameter of a 401's challenge (RFC 9728 §5.1), resolved against the request;
/// `requestUrl` is set to the URL that was answered 401. Empty when the final answer is no 401 or names none.
QUrl resourceMetadataOf(const Http::Exchange& exchange, QUrl* requestUrl);

/// RFC 9728 §3.3 wants the metadata's `resource` identical to the URL that was requested; every client
/// that follows it in practice (the MCP SDKs, draft-mcguinness-oauth-rfc9728bis) accepts a resource of
/// the same origin whose path is a prefix of the request's, which is what an API's base URL is.
bool resourceCovers(const QUrl& resource, const QUrl& requested);

/// Where an issuer's metadata is: RFC 8414 §3 first, then OpenID Connect Discovery §4 (RFC 8414 §5).
QList<QUrl> authorizationServerMetadataUrls(const QString& issuer);

/// The GET of a metadata document: the profile's proxy and trust apply, no credential goes along (the
/// documents are public), no jar cookies, a few redirects. nullopt with `error` when the profile's
/// connection settings cannot be applied.
std::optional<Http::RequestSpec> metadataRequest(const Profiles::Profile& profile, const QUrl& url, QString* error);

/// What a metadata fetch got: the JSON object, or why there is none (for people).
struct MetadataAnswer
{
    std::optional<QJsonObject> document;
    QString problem; ///< "GET … answered 404", "… is not a JSON object", "… was redirected to plain http"
    bool answered = false; ///< a response arrived (else a network error, `problem` says which)
};
/// Reads the exchange of a metadata GET of `url`: a 200 carrying a JSON object, not downgraded from https to
/// http on the way, not larger than `maxBytes` (`tooLarge`: the download was stopped).
MetadataAnswer readMetadataAnswer(const QUrl& url, const Http::Exchange& exchange, bool tooLarge, qint64 maxBytes);

} // namespace Authlens::Workspace
