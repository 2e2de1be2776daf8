#pragma once

#include "auth/AuthSettings.h"

#include <QString>

namespace Authlens::Gui {

/// When the current access token of an OAuth 2 (or Bearer) profile expires, and who says so: the token's
/// own exp claim when it is a JWT, else the expires_in of the token response that brought it
/// (OAuthSettings::accessTokenExpiresAt). What the composer's Auth tab and the profile editor show, live.
struct TokenLifetime
{
    enum class Source {
        None, ///< no token, or nothing says when it expires
        Claim, ///< the JWT's exp
        Response, ///< the token response's expires_in
    };
    Source source = Source::None;
    qint64 expiresAt = 0; ///< seconds since the epoch

    static TokenLifetime of(const Auth::OAuthSettings& oauth, const QString& accessToken);
    bool isKnown() const { return source != Source::None; }
    qint64 secondsLeft(qint64 now) const { return expiresAt - now; }
    /// "Expires in 42 min (the token's exp)", "Expired 3 h 12 min ago (the token response's expires_in)",
    /// "No expiry known: …"; `hasToken` false gives "No access token yet".
    QString text(qint64 now, bool hasToken) const;
};

} // namespace Authlens::Gui
