#pragma once

// The device authorization grant (RFC 8628) of the token service: the pure half (the device authorization
// request, the poll, reading the device authorization answer). The run itself is in DeviceFlow.cpp, as
// private members of TokenService.
#include "http/Exchange.h"
#include "http/RequestSpec.h"
#include "profiles/Profile.h"
#include "workspace/TokenService.h"
#include "workspace/WorkspaceError.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Authlens::Workspace {

/// The grant_type of a device's token requests (RFC 8628 §3.4).
inline constexpr auto DeviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code";

/// A device authorization endpoint's answer, read (RFC 8628 §3.2). Pure data.
struct DeviceAuthorizationAnswer
{
    bool ok = false; ///< device_code, user_code, an http(s) verification_uri and expires_in are there
    DeviceAuthorization device; ///< what the user sees
    QString deviceCode; ///< secret of the run: sent only to the token endpoint, never shown or stored
    QString error; ///< RFC 6749 §5.2 error code (RFC 8628 §3.2 refers to it), when the answer is one
    QString errorDescription;
    QString problem; ///< why the answer is not usable, for people
    QStringList notes; ///< what was tolerated (a Google-style verification_url, a bad verification_uri_complete)
};

/// Reads the answer of a device authorization endpoint (RFC 8628 §3.2), whatever it is.
DeviceAuthorizationAnswer parseDeviceAuthorization(const Http::Hop& hop);

/// The device authorization request (RFC 8628 §3.1): the client's authentication as at the token endpoint
/// (RFC 6749 §2.3; client_id in the body for a public client), the scope, and the profile's audience,
/// resources and extra parameters. BadInput when the profile lacks what the client needs.
std::optional<Http::RequestSpec> deviceAuthorizationRequest(const Profiles::Profile& profile, const QUrl& endpoint,
                                                            Error* error);
/// A poll of the token endpoint (RFC 8628 §3.4): grant_type=urn:ietf:params:oauth:grant-type:device_code,
/// the device_code and the client's authentication (no scope: it was asked for in §3.1).
std::optional<Http::RequestSpec> devicePollRequest(const Profiles::Profile& profile, const QUrl& endpoint,
                                                   const QString& deviceCode, Error* error);

/// A poll's answer in words for the user ("authorization_pending" → "Waiting for you to approve …").
QString devicePollAnswerText(const QString& answer, int interval);

} // namespace Authlens::Workspace
