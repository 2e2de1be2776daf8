#pragma once

#include "auth/AuthSettings.h"
#include "http/RequestSpec.h"
#include "profiles/Profile.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace Authlens::Profiles {

/// The files a profile's TLS options name, read by the caller (readConnectionFiles()).
struct ConnectionFiles
{
    QByteArray caBundlePem; ///< empty when the profile names no CA bundle
    QByteArray clientCertificatePem; ///< empty when the profile names no client certificate
};

/// The profile's transport as RequestSpec options: the extra CA certificates, the client
/// certificate with its private key (SecretField::ClientKey), the proxy (with
/// SecretField::ProxyPassword). Pure. nullopt and `*error` set to a sentence the user can act on when
/// something cannot be used ("The CA bundle /x holds no PEM certificate", "The client certificate
/// has no private key: add it in the profile editor").
std::optional<Http::TransportOptions> transportFor(const Profile& profile, const Auth::AuthSecrets& secrets,
                                                   const ConnectionFiles& files, QString* error);

/// Reads the CA bundle and client certificate the profile names (at most 4 MiB each).
std::optional<ConnectionFiles> readConnectionFiles(const Profile& profile, QString* error);

/// Everything but authentication that a profile decides about a request: the origins allowed to
/// receive its credentials (the base URL's one included), the "ignore TLS errors" switch, the
/// timeouts and the transport (transportFor() over readConnectionFiles()). The spec is left
/// unchanged and `*error` set when the transport cannot be built.
bool applyConnection(const Profile& profile, const Auth::AuthSecrets& secrets, Http::RequestSpec& spec, QString* error);

} // namespace Authlens::Profiles
