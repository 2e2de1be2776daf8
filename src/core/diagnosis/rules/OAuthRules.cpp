// Answers of a token endpoint (RFC 6749 §5): the error codes of §5.2 with what each means for the
// client, an answer that is not JSON at all, and refresh-token rotation (RFC 9700 §4.14.2).
#include "diagnosis/Rules.h"
#include "jwt/CompactJws.h"
#include "jwt/NumericDate.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

namespace Authlens::Diagnosis::Rules {

namespace {

QString paramValue(const QUrlQuery& params, const QString& name)
{
    return params.queryItemValue(name, QUrl::FullyDecoded);
}

struct ErrorInfo
{
    const char* error;
    QLatin1String code;
};

constexpr ErrorInfo s_errors[] = {
    {"invalid_grant", Code::OAuthInvalidGrant},
    {"invalid_client", Code::OAuthInvalidClient},
    {"unauthorized_client", Code::OAuthUnauthorizedClient},
    {"invalid_scope", Code::OAuthInvalidScope},
    {"unsupported_grant_type", Code::OAuthUnsupportedGrantType},
    {"invalid_request", Code::OAuthInvalidRequest},
    {"invalid_target", Code::OAuthInvalidTarget}, // RFC 8707 §2
    {"expired_token", Code::OAuthExpiredToken}, // RFC 8628 §3.5
    {"access_denied", Code::OAuthAccessDenied}, // RFC 8628 §3.5
};

QString grantExplanation(const QString& error, const QString& grant, const Http::Hop& hop, const QUrlQuery& params)
{
    if (error == u"invalid_grant") {
        if (grant == u"refresh_token")
            return QStringLiteral("The authorization server refused the refresh token: it expired, was revoked "
                                  "(logout, password change, admin action) or was already used — with rotation every "
                                  "refresh token works once. Refreshing again cannot help: sign in again.");
        if (grant == u"password")
            return QStringLiteral("The authorization server refused the user's credentials (wrong user name or "
                                  "password, or the account is locked or needs an interactive step such as MFA).");
        if (grant == u"authorization_code")
            return QStringLiteral("The authorization server refused the code: it expired (codes live about a minute), "
                                  "was already used, or the redirect_uri or PKCE code_verifier differs from the "
                                  "authorization request.");
        return QStringLiteral("The authorization server refused the grant (RFC 6749 §5.2: invalid, expired, revoked "
                              "or issued to another client).");
    }
    if (error == u"invalid_client") {
        const bool basic = Http::headerValue(hop.request.headers, "Authorization").startsWith("Basic ");
        const bool post = params.hasQueryItem(QStringLiteral("client_secret"));
        const bool assertion = params.hasQueryItem(QStringLiteral("client_assertion"));
        QString how = basic ? QStringLiteral("client_secret_basic (Authorization: Basic)")
            : post          ? QStringLiteral("client_secret_post (client_secret in the body)")
            : assertion     ? QStringLiteral("a client assertion (private_key_jwt / client_secret_jwt)")
                            : QStringLiteral("no client authentication at all (a public client)");
        return QStringLiteral("Client authentication failed: the client id or secret is wrong, the client is unknown "
                              "or disabled, or the server expects another method. The request used %1.")
            .arg(how);
    }
    if (error == u"unauthorized_client")
        return QStringLiteral("The client is not allowed to use the %1 grant: enable it for this client at the "
                              "authorization server, or use a grant it has.")
            .arg(grant);
    if (error == u"invalid_scope")
        return QStringLiteral("A requested scope (%1) is unknown, malformed, or more than this client may have.")
            .arg(paramValue(params, QStringLiteral("scope")).isEmpty() ? QStringLiteral("none given")
                                                                       : paramValue(params, QStringLiteral("scope")));
    if (error == u"unsupported_grant_type")
        return QStringLiteral("The authorization server does not support the grant type %1.").arg(grant);
    if (error == u"expired_token")
        return QStringLiteral("The device code expired before the user approved the sign-in (RFC 8628 §3.5): the "
                              "device must stop polling. Start the device sign-in again and approve the new code "
                              "before it expires.");
    if (error == u"access_denied")
        return QStringLiteral("The authorization request was denied: the user chose Deny, or a policy of the "
                              "authorization server refused this client or user (RFC 8628 §3.5, RFC 6749 "
                              "§4.1.2.1). Nothing was issued; polling again cannot help.");
    if (error == u"invalid_target")
        return QStringLiteral("The resource or audience requested (RFC 8707) is unknown to the authorization server "
                              "or not allowed for this client.");
    return QStringLiteral("The token request is malformed: a required parameter is missing, repeated or invalid, or "
                          "the client authenticated in more than one way (RFC 6749 §5.2).");
}

/// invalid_client to a client assertion (RFC 7523 §2.2, §3; OpenID Connect Core §9): what the assertion said
/// (its header and claims, never the signature) as evidence, and the causes that fit it, the likely ones first.
void assertionDetails(const HopFacts& hop, const QUrlQuery& params, Finding& f)
{
    const QString token = paramValue(params, QStringLiteral("client_assertion"));
    const std::optional<Jwt::CompactJws> jws = Jwt::CompactJws::parse(token.toLatin1());
    const std::optional<QJsonObject> claims = jws ? jws->claims() : std::nullopt;
    Evidence e;
    e.kind = EvidenceKind::Body;
    e.hop = hop.index;
    e.side = Side::Request;
    e.name = QStringLiteral("client_assertion");
    if (!jws || !claims) {
        e.excerpt = QStringLiteral("client_assertion: %1").arg(maskSecret(token.toLatin1()));
        e.note = QStringLiteral("not a readable JWS");
        f.evidence.append(e);
        f.explanation += QStringLiteral(" The client_assertion sent is not a readable compact JWS (RFC 7523 §2.2 "
                                        "wants a signed JWT).");
        return;
    }
    const QString alg = jws->header.value(u"alg").toString();
    const QString kid = jws->header.value(u"kid").toString();
    const QJsonValue audValue = claims->value(u"aud");
    const QString aud = audValue.isArray()
        ? QString::fromUtf8(QJsonDocument(audValue.toArray()).toJson(QJsonDocument::Compact))
        : audValue.toString();
    const QString iss = claims->value(u"iss").toString();
    const QString sub = claims->value(u"sub").toString();
    const qint64 iat = Jwt::numericDate(claims->value(u"iat")).value_or(0);
    const qint64 exp = Jwt::numericDate(claims->value(u"exp")).value_or(0);
    const QString jti = claims->value(u"jti").toString();
    const bool hmac = alg.startsWith(u"HS");

    e.excerpt = QStringLiteral("alg %1, %2, aud %3")
                    .arg(alg, kid.isEmpty() ? QStringLiteral("no kid") : QStringLiteral("kid \"%1\"").arg(kid),
                         aud.isEmpty() ? QStringLiteral("(none)") : aud);
    e.note = QStringLiteral("what the client assertion said (its signature is not shown)");
    f.evidence.append(e);
    Evidence c = e;
    c.excerpt = QStringLiteral("iss %1, sub %2, iat %3, exp %4, jti %5")
                    .arg(iss, sub, iat > 0 ? QString::number(iat) : QStringLiteral("(none)"),
                         exp > 0 ? QString::number(exp) : QStringLiteral("(none)"),
                         jti.isEmpty() ? QStringLiteral("(none)") : jti);
    c.note = QStringLiteral("the assertion's claims");
    f.evidence.append(c);

    // Causes that the exchange proves come first; the ones it cannot see follow as likely.
    QStringList proven;
    const QString sentTo
        = hop.hop->request.url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
              .toString(QUrl::FullyEncoded);
    const bool audMatches = audValue.isArray() ? audValue.toArray().contains(QJsonValue(sentTo)) : aud == sentTo;
    if (!audMatches)
        proven.append(QStringLiteral("its aud (%1) is not the token endpoint it was sent to (%2): RFC 7523 §3 point 3 "
                                     "and OpenID Connect Core §9 want the token endpoint URL (some servers want "
                                     "the issuer)")
                          .arg(aud.isEmpty() ? QStringLiteral("none") : aud, sentTo));
    if (iss.isEmpty() || iss != sub)
        proven.append(
            QStringLiteral("iss (%1) and sub (%2) must both be the client id (RFC 7523 §3 points 1 and 2)")
                .arg(iss.isEmpty() ? QStringLiteral("none") : iss, sub.isEmpty() ? QStringLiteral("none") : sub));
    const QString clientId = paramValue(params, QStringLiteral("client_id"));
    if (!clientId.isEmpty() && clientId != sub)
        proven.append(QStringLiteral("client_id %1 differs from the assertion's sub %2").arg(clientId, sub));
    if (exp <= 0)
        proven.append(QStringLiteral("it has no exp (RFC 7523 §3 point 4 requires one)"));
    if (hop.serverTime && exp > 0 && exp < *hop.serverTime)
        proven.append(QStringLiteral("it had expired by the server's clock (exp %1, the server's Date %2 s later)")
                          .arg(exp)
                          .arg(*hop.serverTime - exp));
    if (hop.serverTime && iat > *hop.serverTime + 30)
        proven.append(QStringLiteral("it was issued %1 s in the future by the server's clock: the local clock is "
                                     "ahead")
                          .arg(iat - *hop.serverTime));
    QStringList likely;
    if (hmac)
        likely.append(QStringLiteral("the client secret that keyed the %1 HMAC is not the one the server has, or the "
                                     "client is not registered for client_secret_jwt")
                          .arg(alg));
    else
        likely.append(QStringLiteral("the key that signed it is not registered for this client%1, or the server "
                                     "still has an older public key (register the public key, or publish it in the "
                                     "client's jwks_uri), or the client is not registered for private_key_jwt "
                                     "with %2")
                          .arg(kid.isEmpty() ? QStringLiteral(" (no kid was sent: some servers need one)")
                                             : QStringLiteral(" under kid \"%1\"").arg(kid),
                               alg));
    if (hop.skewSeconds && qAbs(*hop.skewSeconds) > 30)
        proven.append(QStringLiteral("the clocks differ by %1 s (the server's Date against the local clock): iat and "
                                     "exp are judged by the server's clock")
                          .arg(*hop.skewSeconds));
    else
        likely.append(QStringLiteral("clock skew between this machine and the server (iat/exp)"));
    likely.append(QStringLiteral("a jti the server has seen before (an assertion is single-use, RFC 7523 §3 point 7)"));
    f.explanation += QStringLiteral(" The client authenticated with %1 (alg %2, %3, aud %4).")
                         .arg(hmac ? QStringLiteral("client_secret_jwt") : QStringLiteral("private_key_jwt"), alg,
                              kid.isEmpty() ? QStringLiteral("no kid") : QStringLiteral("kid \"%1\"").arg(kid),
                              aud.isEmpty() ? QStringLiteral("none") : aud);
    if (!proven.isEmpty())
        f.explanation += QStringLiteral(" What the exchange shows: %1.").arg(proven.join(QStringLiteral("; ")));
    f.explanation += QStringLiteral(" %1 causes: %2.")
                         .arg(proven.isEmpty() ? QStringLiteral("Likely") : QStringLiteral("Other possible"),
                              likely.join(QStringLiteral("; ")));
    f.fixes.append(advice(QStringLiteral("advice.client_assertion"),
                          hmac ? QStringLiteral("Check the client secret and that the client is registered for "
                                                "client_secret_jwt with this alg")
                               : QStringLiteral("Register the profile's public key (or its kid) for this client, and "
                                                "check the aud and the clock")));
}

void errorAnswer(const Facts& facts, const HopFacts& hop, const QUrlQuery& params, Findings& out)
{
    const QString error = hop.bodyJson->value(u"error").toString();
    QLatin1String code;
    for (const ErrorInfo& e : s_errors) {
        if (error == QLatin1String(e.error))
            code = e.code;
    }
    if (code.isEmpty())
        return;
    const QString grant = paramValue(params, QStringLiteral("grant_type"));
    Finding f = makeFinding(code, hop.index);
    f.reason = grant;
    f.source = code == Code::OAuthExpiredToken || code == Code::OAuthAccessDenied ? QStringLiteral("RFC 8628 §3.5")
                                                                                  : QStringLiteral("RFC 6749 §5.2");
    f.explanation = grantExplanation(error, grant, *hop.hop, params);
    const QString description = hop.bodyJson->value(u"error_description").toString();
    if (!description.isEmpty())
        f.explanation += QStringLiteral(" The server adds: “%1”.").arg(description.left(300));
    f.evidence.append(bodyEvidence(hop, QByteArrayLiteral("\"error\""), QStringLiteral("error %1").arg(error)));
    if (!description.isEmpty())
        f.evidence.append(bodyEvidence(hop, description.left(60).toUtf8(), QStringLiteral("error_description")));
    Evidence grantEvidence;
    grantEvidence.kind = EvidenceKind::Body;
    grantEvidence.hop = hop.index;
    grantEvidence.side = Side::Request;
    grantEvidence.name = QStringLiteral("grant_type");
    grantEvidence.excerpt = QStringLiteral("grant_type=%1").arg(grant);
    grantEvidence.note = QStringLiteral("what was asked for");
    f.evidence.append(grantEvidence);
    if (code == Code::OAuthInvalidClient) {
        for (const Auth::Challenge& c : hop.www.parsed.challenges)
            f.evidence.append(challengeEvidence(hop, hop.www, c, QStringLiteral("the token endpoint's challenge")));
        f.fixes.append(advice(QStringLiteral("advice.client_credentials"),
                              QStringLiteral("Check client id and secret, and the client authentication method "
                                             "(client_secret_basic vs client_secret_post)")));
        if (params.hasQueryItem(QStringLiteral("client_assertion")))
            assertionDetails(hop, params, f); // RFC 7523: what the assertion said, and why it may be refused
    } else if (code == Code::OAuthInvalidGrant) {
        // A refused refresh token is never refreshed again (no loop): the profile's own grant is the full
        // re-authentication, when the caller can run it.
        if (grant == u"refresh_token" && facts.options.canRefreshToken)
            f.fixes.append(action(QStringLiteral("token.new"), QStringLiteral("Get a new token")));
        f.fixes.append(advice(QStringLiteral("advice.reauthenticate"),
                              grant == u"refresh_token"
                                  ? QStringLiteral("Sign in again (a full re-authentication); do not retry the refresh")
                                  : QStringLiteral("Check the grant's credentials, then sign in again")));
    } else if (code == Code::OAuthInvalidScope) {
        f.fixes.append(advice(QStringLiteral("advice.request_scope"),
                              QStringLiteral("Request only scopes this client is allowed")));
    }
    out.append(f);
}

void rotation(const HopFacts& hop, const QUrlQuery& params, Findings& out)
{
    if (paramValue(params, QStringLiteral("grant_type")) != u"refresh_token")
        return;
    const QString sent = paramValue(params, QStringLiteral("refresh_token"));
    const QString issued = hop.bodyJson->value(u"refresh_token").toString();
    if (sent.isEmpty() || issued.isEmpty() || sent == issued)
        return;
    Finding f = makeFinding(Code::OAuthRotated, hop.index);
    f.source = QStringLiteral("RFC 9700 §4.14.2");
    f.explanation = QStringLiteral("The server issued a new refresh token with this answer (rotation): the old one "
                                   "is now dead, and using it again may revoke the whole token family. Keep only the "
                                   "new one.");
    Evidence e;
    e.kind = EvidenceKind::Body;
    e.hop = hop.index;
    e.side = Side::Response;
    e.name = QStringLiteral("refresh_token");
    e.excerpt = QStringLiteral("refresh_token: %1").arg(maskSecret(issued.toUtf8()));
    e.note = QStringLiteral("differs from the refresh token sent");
    f.evidence.append(e);
    out.append(f);
}

void notJson(const HopFacts& hop, const QUrlQuery& params, Findings& out)
{
    Finding f = makeFinding(Code::OAuthNotJson, hop.index);
    f.reason = hop.bodyIsHtml ? QStringLiteral("html") : QStringLiteral("not_json");
    f.explanation = QStringLiteral("This was a token request (grant_type=%1), but the answer is %2 %3 instead of a "
                                   "JSON object (RFC 6749 §5.1, §5.2). The URL is most likely not the token "
                                   "endpoint (a login page, a gateway's error page, the issuer's home page), or "
                                   "something in between answered.")
                        .arg(paramValue(params, QStringLiteral("grant_type")))
                        .arg(hop.status)
                        .arg(hop.bodyIsHtml ? QStringLiteral("an HTML page")
                                            : QStringLiteral("“%1”").arg(QString::fromLatin1(hop.contentType)));
    f.evidence.append(headerEvidence(hop, Side::Response, "Content-Type"));
    f.evidence.append(bodyEvidence(hop, {}));
    f.fixes.append(advice(QStringLiteral("advice.token_endpoint"),
                          QStringLiteral("Take the token_endpoint from the issuer's metadata "
                                         "(/.well-known/openid-configuration or oauth-authorization-server)")));
    out.append(f);
}

} // namespace

void oauthRules(const Facts& facts, Findings& out)
{
    for (const HopFacts& hop : facts.hops) {
        if (!hop.answered)
            continue;
        const std::optional<QUrlQuery> params = tokenRequest(*hop.hop);
        if (!params)
            continue;
        if (hop.status >= 300 && hop.status < 400)
            continue; // a redirect: the next hop answers
        if (!hop.bodyJson) {
            if (!hop.body.trimmed().isEmpty() || hop.status >= 400)
                notJson(hop, *params, out);
            continue;
        }
        if (hop.bodyJson->contains(u"error"))
            errorAnswer(facts, hop, *params, out);
        else if (hop.status >= 200 && hop.status < 300)
            rotation(hop, *params, out);
    }
}

} // namespace Authlens::Diagnosis::Rules
