#pragma once

#include "auth/AuthSettings.h"
#include "workspace/RefreshAndResend.h"

#include <QString>

namespace Authlens::Gui {

/// What one "Refresh token & resend" (or "Get a new token", or a refresh before sending) did, as the
/// before/after comparison shows it: the flow's outcome (the two exchanges and the token run between
/// them) and what the request carried before, which the outcome's profile no longer says.
/// Or what another fix that acts did (FixController): the exchange before it and the resend after it, with
/// `fix` naming it and no token run.
struct ResendResult
{
    Workspace::ResendOutcome outcome;
    QString fix; ///< the label of the fix that changed the request and sent it again; empty for the token flows
    QString tokenBefore; ///< the access token the first request carried (secret: shown only by its last characters)
    Auth::OAuthSettings oauthBefore; ///< its expiry and type as the profile knew them
    /// Where new tokens were written: the keychain's backend name ("Secret Service"), empty when none was
    /// used (a demo profile, or no keychain).
    QString storeName;
    bool demo = false; ///< a built-in demo profile: its secrets live in memory by design
};

} // namespace Authlens::Gui
