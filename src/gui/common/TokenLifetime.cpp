#include "common/TokenLifetime.h"

#include "jwt/CompactJws.h"
#include "jwt/NumericDate.h"
#include "jwt/TimeText.h"

#include <QCoreApplication>

namespace Authlens::Gui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("TokenLifetime", text);
}

} // namespace

TokenLifetime TokenLifetime::of(const Auth::OAuthSettings& oauth, const QString& accessToken)
{
    TokenLifetime lifetime;
    if (accessToken.isEmpty())
        return lifetime;
    // The token itself is the better witness: a token pasted by hand is not the one the last response brought.
    if (const std::optional<Jwt::CompactJws> jws = Jwt::CompactJws::parse(accessToken.toLatin1())) {
        if (const std::optional<QJsonObject> claims = jws->claims()) {
            if (const std::optional<qint64> exp = Jwt::numericDate(claims->value(QLatin1String("exp")))) {
                lifetime.source = Source::Claim;
                lifetime.expiresAt = *exp;
                return lifetime;
            }
        }
    }
    if (oauth.accessTokenExpiresAt > 0) {
        lifetime.source = Source::Response;
        lifetime.expiresAt = oauth.accessTokenExpiresAt;
    }
    return lifetime;
}

QString TokenLifetime::text(qint64 now, bool hasToken) const
{
    if (!hasToken)
        return tr("No access token yet.");
    if (source == Source::None)
        return tr("No expiry known: the token is not a JWT with exp, and no token response said expires_in.");
    const QString when = Jwt::TimeText::relative(QStringLiteral("exp"), expiresAt, now);
    const QString what = source == Source::Claim ? tr("the token's exp") : tr("the token response's expires_in");
    return tr("%1%2 (%3, %4).").arg(when.left(1).toUpper(), when.mid(1), what, Jwt::TimeText::local(expiresAt));
}

} // namespace Authlens::Gui
