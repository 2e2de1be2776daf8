#pragma once

#include "TokenKind.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace Authlens::Jwt {

/// What a token is checked against: the clocks, the leeway, and what the API expects.
struct InspectOptions
{
    /// "Now" by this machine's clock. Invalid (the default) means the current time.
    QDateTime now;
    /// The server's clock: the Date header of the response the token was used in, when there is one.
    std::optional<QDateTime> serverDate;
    /// How far exp/nbf/iat may be off before they count (RFC 7519 "a small leeway").
    qint64 leewaySeconds = 60;
    /// Audiences the API accepts (a profile's expected audience); empty = not checked.
    QStringList expectedAudiences;
    /// The trusted issuer; empty = not checked.
    QString expectedIssuer;
    /// What the token is used as, or where it was found: Access for an Authorization header, Id for an
    /// id_token field… Used as the kind when the token says nothing itself, and to report
    /// token.wrong_kind when it says otherwise (an ID token sent as an access token).
    TokenKind expectedKind = TokenKind::Unknown;
};

} // namespace Authlens::Jwt
