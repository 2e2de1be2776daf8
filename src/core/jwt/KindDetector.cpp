#include "KindDetector.h"

#include <QJsonArray>
#include <QMap>

namespace Authlens::Jwt {

QString tokenKindName(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Unknown:
        return QStringLiteral("unknown");
    case TokenKind::Access:
        return QStringLiteral("access");
    case TokenKind::Id:
        return QStringLiteral("id");
    case TokenKind::Refresh:
        return QStringLiteral("refresh");
    case TokenKind::Logout:
        return QStringLiteral("logout");
    case TokenKind::DpopProof:
        return QStringLiteral("dpop_proof");
    }
    return QStringLiteral("unknown");
}

QString tokenKindTitle(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Unknown:
        return QStringLiteral("token of unknown kind");
    case TokenKind::Access:
        return QStringLiteral("access token");
    case TokenKind::Id:
        return QStringLiteral("ID token");
    case TokenKind::Refresh:
        return QStringLiteral("refresh token");
    case TokenKind::Logout:
        return QStringLiteral("logout token");
    case TokenKind::DpopProof:
        return QStringLiteral("DPoP proof");
    }
    return QStringLiteral("token");
}

namespace {

const QString BackchannelLogoutEvent = QStringLiteral("http://schemas.openid.net/event/backchannel-logout");

// Weights: an explicit marker outweighs any number of hints.
constexpr int Marker = 10;
constexpr int StrongHint = 3;
constexpr int Hint = 1;

struct Tally
{
    QMap<TokenKind, int> score;
    QMap<TokenKind, QStringList> evidence;
    QMap<TokenKind, bool> marked;

    void add(TokenKind kind, int weight, const QString& why)
    {
        score[kind] += weight;
        evidence[kind].append(why);
        if (weight >= Marker)
            marked[kind] = true;
    }
};

QString mediaType(const QString& typ)
{
    // RFC 7515 §4.1.9: "application/" may be omitted; media types compare case-insensitively.
    QString lower = typ.trimmed().toLower();
    if (lower.startsWith(u"application/"))
        lower = lower.mid(12);
    return lower;
}

QStringList audiences(const QJsonValue& aud)
{
    if (aud.isString())
        return {aud.toString()};
    QStringList list;
    const QJsonArray array = aud.toArray();
    for (const QJsonValue& value : array) {
        if (value.isString())
            list.append(value.toString());
    }
    return list;
}

} // namespace

KindVerdict KindDetector::detect(const QJsonObject& header, const QJsonObject& claims, TokenKind foundAs)
{
    Tally tally;
    const QString typ = mediaType(header.value(QLatin1String("typ")).toString());
    if (typ == u"at+jwt")
        tally.add(TokenKind::Access, Marker,
                  QStringLiteral("header typ is \"%1\" (RFC 9068 JWT access token)")
                      .arg(header.value(QLatin1String("typ")).toString()));
    else if (typ == u"dpop+jwt")
        tally.add(TokenKind::DpopProof, Marker, QStringLiteral("header typ is \"dpop+jwt\" (RFC 9449 DPoP proof)"));
    else if (typ == u"logout+jwt")
        tally.add(TokenKind::Logout, Marker, QStringLiteral("header typ is \"logout+jwt\""));

    const QJsonObject events = claims.value(QLatin1String("events")).toObject();
    if (events.contains(BackchannelLogoutEvent))
        tally.add(
            TokenKind::Logout, Marker,
            QStringLiteral("events contains %1 (OpenID Connect back-channel logout)").arg(BackchannelLogoutEvent));

    // AWS Cognito marks its tokens explicitly.
    const QString tokenUse = claims.value(QLatin1String("token_use")).toString();
    if (tokenUse == u"access")
        tally.add(TokenKind::Access, Marker, QStringLiteral("token_use is \"access\" (AWS Cognito)"));
    else if (tokenUse == u"id")
        tally.add(TokenKind::Id, Marker, QStringLiteral("token_use is \"id\" (AWS Cognito)"));
    else if (tokenUse == u"refresh")
        tally.add(TokenKind::Refresh, Marker, QStringLiteral("token_use is \"refresh\""));

    // Keycloak puts the token's purpose in a "typ" claim (not the header).
    const QString typClaim = claims.value(QLatin1String("typ")).toString();
    if (typClaim.compare(u"Bearer", Qt::CaseInsensitive) == 0)
        tally.add(TokenKind::Access, Marker,
                  QStringLiteral("claim typ is \"%1\" (Keycloak access token)").arg(typClaim));
    else if (typClaim.compare(u"ID", Qt::CaseInsensitive) == 0)
        tally.add(TokenKind::Id, Marker, QStringLiteral("claim typ is \"%1\" (Keycloak ID token)").arg(typClaim));
    else if (typClaim.compare(u"Refresh", Qt::CaseInsensitive) == 0
             || typClaim.compare(u"Offline", Qt::CaseInsensitive) == 0)
        tally.add(TokenKind::Refresh, Marker,
                  QStringLiteral("claim typ is \"%1\" (Keycloak refresh token)").arg(typClaim));

    // Libraries such as djangorestframework-simplejwt mark access and refresh tokens this way.
    const QString tokenType = claims.value(QLatin1String("token_type")).toString().toLower();
    if (tokenType == u"access" || tokenType == u"access_token")
        tally.add(TokenKind::Access, Marker, QStringLiteral("token_type claim is \"%1\"").arg(tokenType));
    else if (tokenType == u"refresh" || tokenType == u"refresh_token")
        tally.add(TokenKind::Refresh, Marker, QStringLiteral("token_type claim is \"%1\"").arg(tokenType));

    const bool hasScope = claims.contains(QLatin1String("scope")) || claims.contains(QLatin1String("scp"));
    if (claims.contains(QLatin1String("nonce")))
        tally.add(TokenKind::Id, StrongHint, QStringLiteral("has a nonce (set by OpenID Connect for ID tokens)"));
    if (claims.contains(QLatin1String("at_hash")))
        tally.add(TokenKind::Id, StrongHint, QStringLiteral("has at_hash (an ID token's hash of its access token)"));
    if (claims.contains(QLatin1String("c_hash")))
        tally.add(TokenKind::Id, StrongHint, QStringLiteral("has c_hash (an ID token's hash of the code)"));

    const QStringList aud = audiences(claims.value(QLatin1String("aud")));
    const QString azp = claims.value(QLatin1String("azp")).toString();
    const QString clientId = claims.value(QLatin1String("client_id")).toString();
    if (!hasScope && aud.size() == 1 && !azp.isEmpty() && aud.constFirst() == azp)
        tally.add(
            TokenKind::Id, StrongHint,
            QStringLiteral("aud equals azp (\"%1\") and there is no scope: issued to a client, not an API").arg(azp));
    if (!hasScope && !clientId.isEmpty() && aud.contains(clientId))
        tally.add(TokenKind::Id, StrongHint,
                  QStringLiteral("aud is the client_id (\"%1\") and there is no scope").arg(clientId));
    if (!hasScope && claims.contains(QLatin1String("auth_time")))
        tally.add(TokenKind::Id, Hint, QStringLiteral("has auth_time and no scope"));
    static const QStringList profileClaims {QStringLiteral("email"), QStringLiteral("name"),
                                            QStringLiteral("given_name"), QStringLiteral("family_name"),
                                            QStringLiteral("preferred_username")};
    if (!hasScope) {
        for (const QString& name : profileClaims) {
            if (claims.contains(name)) {
                tally.add(TokenKind::Id, Hint, QStringLiteral("carries profile claims (%1) and no scope").arg(name));
                break;
            }
        }
    }
    if (hasScope)
        tally.add(TokenKind::Access, StrongHint,
                  QStringLiteral("has %1 (permissions granted to a client)")
                      .arg(claims.contains(QLatin1String("scope")) ? QStringLiteral("scope") : QStringLiteral("scp")));
    if (!clientId.isEmpty() && !aud.contains(clientId))
        tally.add(TokenKind::Access, Hint, QStringLiteral("has client_id (RFC 9068) and an audience other than it"));

    KindVerdict verdict;
    TokenKind best = TokenKind::Unknown;
    int bestScore = 0;
    bool tie = false;
    for (auto it = tally.score.cbegin(); it != tally.score.cend(); ++it) {
        if (it.value() > bestScore) {
            best = it.key();
            bestScore = it.value();
            tie = false;
        } else if (it.value() == bestScore) {
            tie = true;
        }
    }
    if (best == TokenKind::Unknown || tie) {
        if (foundAs != TokenKind::Unknown) {
            verdict.kind = foundAs;
            verdict.evidence.append(QStringLiteral("nothing in the token tells; taken from where it was found (%1)")
                                        .arg(tokenKindTitle(foundAs)));
        }
        for (auto it = tally.evidence.cbegin(); it != tally.evidence.cend(); ++it)
            verdict.conflicts += it.value();
        return verdict;
    }
    verdict.kind = best;
    verdict.certain = tally.marked.value(best, false);
    verdict.evidence = tally.evidence.value(best);
    for (auto it = tally.evidence.cbegin(); it != tally.evidence.cend(); ++it) {
        if (it.key() != best)
            verdict.conflicts += it.value();
    }
    return verdict;
}

} // namespace Authlens::Jwt
