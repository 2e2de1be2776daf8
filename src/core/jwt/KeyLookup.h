#pragma once

#include "KeySet.h"
#include "Problem.h"

#include <QList>
#include <QString>
#include <QUrl>

namespace Authlens::Jwt {

/// The result of fetching an issuer's keys (KeyDiscovery): the key set, the URLs it came from, and
/// whether it came from the cache or was fetched again because a kid was unknown.
struct KeyLookup
{
    enum class Status {
        Ok,
        InvalidUrl, ///< the issuer or JWKS URL is not an http(s) URL: there is nothing to fetch
        Network, ///< connection failed, timed out, or the response was too large
        Http, ///< the server answered, but not 200
        BadDocument, ///< the discovery document or the JWKS is not what it should be
    };

    Status status = Status::Ok;
    QString error; ///< for people, when status is not Ok
    QString issuer; ///< the issuer discovered from (empty for a direct JWKS URL)
    QUrl discoveryUrl; ///< the metadata document used, when discovered
    QUrl jwksUrl;
    KeySet keys;
    bool fromCache = false; ///< no request was made
    bool refetched = false; ///< the cached JWKS lacked the kid, so it was fetched again
    QList<Problem> problems; ///< e.g. the discovery document names another issuer

    bool ok() const { return status == Status::Ok; }
    /// "ok", "invalid_url", "network", "http", "bad_document".
    QString statusName() const;
};

} // namespace Authlens::Jwt
