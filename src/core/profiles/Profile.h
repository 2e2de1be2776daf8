#pragma once

#include "auth/AuthSettings.h"
#include "http/Exchange.h"
#include "http/RequestSpec.h"

#include <QList>
#include <QString>

namespace Authlens::Profiles {

/// A request kept in a profile (what the composer shows when the user picks it in the sidebar).
struct SavedRequest
{
    QString name;
    QByteArray method = "GET";
    QString url; ///< may be relative to the profile's base URL
    Http::HeaderList headers;
    QByteArray body;
    QString contentType;
};

/// How to authenticate against one API. Issue 5 adds storage; for now profiles are built in code
/// (the demo profiles) and their secrets are kept in memory.
struct Profile
{
    QString id;
    QString name;
    QString description;
    QString baseUrl;
    Auth::AuthSettings auth;
    Auth::AuthSecrets sessionSecrets; ///< in memory only
    QList<Http::Origin> allowedOrigins; ///< besides the base URL's origin
    QList<SavedRequest> requests;

    /// The URL of a saved request: absolute URLs as they are, relative ones against baseUrl.
    QUrl resolve(const QString& url) const;
};

} // namespace Authlens::Profiles
