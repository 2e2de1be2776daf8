#pragma once

#include "auth/AuthSettings.h"
#include "workspace/RefreshAndResend.h"

#include <QString>

namespace Authlens::Gui {

/// What one "Refresh token & resend" (or "Get a new token", or a refresh before sending) did, as the
/// before/after comparison shows it: the flow's outcome (the two exchanges and the token run between
/// them) and what the request carried before, which the outcome's profile no longer says.
struct ResendResult
{
    Workspace::ResendOutcome outcome;
    QString tokenBefore; ///< the access token the first request carried (secret: shown only by its last characters)
    Auth::OAuthSettings oauthBefore; ///< its expiry and type as the profile knew them
    /// Where new tokens were written: the keychain's backend name ("Secret Service"), empty when none was
    /// used (a demo profile, or no keychain).
    QString storeName;
    bool demo = false; ///< a built-in demo profile: its secrets live in memory by design
};

} // namespace Authlens::Gui
