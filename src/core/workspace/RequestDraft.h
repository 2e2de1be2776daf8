#pragma once

#include "auth/AuthSettings.h"

#include <QByteArray>
#include <QList>
#include <QNetworkProxy>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include <optional>

namespace Authlens::Workspace {

/// One header of a draft, as typed: disabled rows stay in the draft but are not sent.
struct DraftHeader
{
    QString name;
    QString value; ///< may contain {{variables}}
    bool enabled = true;
    friend bool operator==(const DraftHeader&, const DraftHeader&) = default;
};

/// Connection settings given explicitly for one request (curl's options on the command line). They win
/// over the profile's; unset fields leave the profile's (or the defaults) as they are.
struct ConnectionOverrides
{
    std::optional<int> connectTimeoutMs;
    std::optional<int> totalTimeoutMs;
    std::optional<int> idleTimeoutMs;
    /// True goes on despite TLS errors (they are still recorded); false leaves the profile's switch.
    bool ignoreTlsErrors = false;
    /// Trusted besides the profile's extra CA certificates and the system store (--cacert).
    QList<QSslCertificate> extraCaCertificates;
    /// A TLS client identity that replaces the profile's (--cert with --key); used when both are set.
    QSslCertificate clientCertificate;
    QSslKey clientKey;
    /// Replaces the profile's proxy (-x); NoProxy for none.
    std::optional<QNetworkProxy> proxy;
    /// Credentials for whichever proxy applies (--proxy-user): the one given here, else the profile's.
    std::optional<QString> proxyUser;
    QString proxyPassword;

    friend bool operator==(const ConnectionOverrides&, const ConnectionOverrides&) = default;
};

/// What the user asks for, before a profile is applied: the composer's fields, or the command line of
/// `authlens-cli send`. Plain values; Workspace::assembleRequest() turns it, with a profile, into the
/// Http::RequestSpec that is sent.
struct RequestDraft
{
    QString method; ///< empty: GET, or POST when there is a body
    QString url; ///< absolute, or relative to the profile's base URL; may contain {{variables}}
    QList<DraftHeader> headers;
    std::optional<QByteArray> body; ///< nullopt: the request has no body; may contain {{variables}}
    /// With a body: sent as Content-Type unless a header names one. Empty: none is added.
    QString contentType;

    /// The authentication to use instead of the profile's: the composer's Auth tab (edited for this session),
    /// the CLI's -u or --oauth2-bearer. Unset: the profile's method with its secrets (none without a profile).
    struct AuthChoice
    {
        Auth::AuthSettings settings;
        Auth::AuthSecrets secrets;
        friend bool operator==(const AuthChoice&, const AuthChoice&) = default;
    };
    std::optional<AuthChoice> auth;

    ConnectionOverrides connection;
    bool followRedirects = true;
    int maxRedirects = 20;
    bool locationTrusted = false; ///< curl --location-trusted: credentials go to every origin

    friend bool operator==(const RequestDraft&, const RequestDraft&) = default;
};

} // namespace Authlens::Workspace
