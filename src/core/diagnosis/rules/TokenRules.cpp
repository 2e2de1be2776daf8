// Tokens the request carried, checked against the request: expiry by the local clock and by the
// server's Date, audience, issuer, signature (when keys are known), the kind of token, its form.
// The JWT inspector (jwt/) reports problems with the catalog's codes; this family turns them into
// findings with evidence, ranked by whether the server refused the request they rode on.
#include "diagnosis/Rules.h"

#include "jwt/NumericDate.h"
#include "jwt/TimeText.h"

namespace Authlens::Diagnosis::Rules {

namespace {

bool refused(const HopFacts& hop)
{
    return hop.answered && (hop.status == 401 || hop.status == 403 || hop.status == 400);
}

/// The severity of a token problem on this hop: an error on the token the server refused proves the
/// cause; on a token the server accepted it is a hint at what will fail next; a token in another
/// place (a cookie holding a JWT) is only likely what the server looked at.
Severity severityOf(const Jwt::Problem& problem, const HopFacts& hop, bool authorizationToken)
{
    switch (problem.severity) {
    case Jwt::Severity::Error:
        if (!refused(hop))
            return Severity::Hint;
        return authorizationToken ? Severity::Cause : Severity::Likely;
    case Jwt::Severity::Warning:
        return Severity::Hint;
    case Jwt::Severity::Info:
        return Severity::Info;
    }
    return Severity::Hint;
}

QLatin1String catalogCode(const QString& code)
{
    for (const CodeInfo& info : catalog()) {
        if (code == info.code)
            return info.code;
    }
    return {};
}

QString tokenName(const TokenFact& token)
{
    const QString kind = Jwt::tokenKindTitle(token.report.kind.kind);
    const QString where = token.found.location == Jwt::TokenLocation::RequestAuthorization
        ? QStringLiteral("in the Authorization header")
        : QStringLiteral("in %1").arg(token.found.name);
    return token.report.kind.kind == Jwt::TokenKind::Unknown ? QStringLiteral("The token %1").arg(where)
                                                             : QStringLiteral("The %1 %2").arg(kind, where);
}

QString serverDateText(const HopFacts& hop)
{
    return hop.serverTime ? Jwt::TimeText::utc(*hop.serverTime) : QString();
}

void addTimeEvidence(Finding& f, const TokenFact& token, const HopFacts& hop, const QString& claim)
{
    const auto value = token.report.claims.value(claim);
    QString note;
    if (const std::optional<qint64> seconds = Jwt::numericDate(value)) {
        const qint64 t = *seconds;
        note = Jwt::TimeText::relative(claim, t, hop.localTime) + QStringLiteral(" by your clock");
        if (hop.serverTime)
            note += QStringLiteral("; ") + Jwt::TimeText::relative(claim, t, *hop.serverTime)
                + QStringLiteral(" by the server's");
    }
    f.evidence.append(claimEvidence(token, claim, note));
    if (hop.serverTime)
        f.evidence.append(headerEvidence(hop, Side::Response, "Date",
                                         QStringLiteral("the server's clock: %1").arg(serverDateText(hop))));
}

/// When the server said why (RFC 6750 error="invalid_token"), that is evidence too.
void addServerWords(Finding& f, const HopFacts& hop)
{
    for (const Auth::Challenge& c : hop.www.parsed.challenges) {
        if ((c.isScheme("Bearer") || c.isScheme("DPoP")) && c.hasParam("error")) {
            f.evidence.append(paramEvidence(hop, hop.www, c, "error", QStringLiteral("what the server said")));
            if (c.hasParam("error_description"))
                f.evidence.append(paramEvidence(hop, hop.www, c, "error_description"));
            return;
        }
    }
}

/// A 401 refused the token the request carried in Authorization: a new access token from the profile's
/// token service replaces it (also one sent by mistake, an ID token: the service puts the access token there).
bool refreshable(const HopFacts& hop, const TokenFact& token)
{
    return hop.status == 401 && token.found.location == Jwt::TokenLocation::RequestAuthorization;
}

void tokenFixes(Finding& f, const Facts& facts, const HopFacts& hop, const TokenFact& token)
{
    const QString code = f.code;
    if (code == Code::TokenExpired || code == Code::TokenRevoked || code == Code::TokenSignature) {
        if (refreshable(hop, token) && addTokenServiceFixes(f, facts))
            return;
        if (refreshable(hop, token))
            addOAuthSetupFix(f, facts, hop); // a pasted token: the API's metadata says where new ones come from
        f.fixes.append(advice(QStringLiteral("advice.new_token"),
                              token.report.kind.kind == Jwt::TokenKind::Refresh
                                  ? QStringLiteral("Sign in again: a refresh token cannot be refreshed")
                                  : QStringLiteral("Get a new token: refresh it, or sign in again")));
    } else if (code == Code::TokenNotYetValid) {
        f.fixes.append(advice(QStringLiteral("advice.sync_clock"),
                              QStringLiteral("Check this machine's clock and the issuer's; wait until nbf, or get a "
                                             "token issued now")));
    } else if (code == Code::TokenAudience) {
        const QString expected = facts.options.expectedAudiences.join(QStringLiteral(", "));
        f.fixes.append(advice(QStringLiteral("advice.token_audience"),
                              expected.isEmpty()
                                  ? QStringLiteral("Request a token for this API (its audience or resource indicator)")
                                  : QStringLiteral("Request a token with audience %1 (the resource or audience "
                                                   "parameter of the token request, RFC 8707)")
                                        .arg(expected)));
    } else if (code == Code::TokenIssuer) {
        f.fixes.append(advice(QStringLiteral("advice.token_issuer"),
                              QStringLiteral("Get the token from the authorization server this API trusts%1")
                                  .arg(facts.options.expectedIssuer.isEmpty()
                                           ? QString()
                                           : QStringLiteral(" (%1)").arg(facts.options.expectedIssuer))));
    } else if (code == Code::TokenWrongKind) {
        f.fixes.append(advice(QStringLiteral("advice.send_access_token"),
                              QStringLiteral("Send the access_token of the token response, not the %1")
                                  .arg(Jwt::tokenKindTitle(token.report.kind.kind))));
    } else if (code == Code::TokenMalformed) {
        f.fixes.append(advice(QStringLiteral("advice.copy_token"),
                              QStringLiteral("Copy the whole token again: no quotes, no line breaks, no \"Bearer\" "
                                             "inside the value")));
    }
}

void clockFixes(Finding& f, const Facts& facts, const HopFacts& hop)
{
    if (!hop.skewSeconds)
        return;
    const QJsonObject params {{QLatin1String("seconds"), *hop.skewSeconds}};
    if (facts.options.canResend)
        f.fixes.append(
            action(QStringLiteral("clock.show_offset"), QStringLiteral("Show how far the clock is off"), params));
    f.fixes.append(advice(QStringLiteral("advice.sync_clock"),
                          QStringLiteral("Synchronise the clock with NTP (the server's clock is %1 %2 yours)")
                              .arg(durationText(*hop.skewSeconds),
                                   *hop.skewSeconds > 0 ? QStringLiteral("ahead of") : QStringLiteral("behind")),
                          params));
}

/// Findings for one token the request of `hop` carried.
void checkToken(const Facts& facts, const HopFacts& hop, const TokenFact& token, Findings& out)
{
    const bool viaAuthorization = token.found.location == Jwt::TokenLocation::RequestAuthorization;
    const QList<Jwt::Problem> problems = token.report.allProblems();
    bool anyCause = false;
    for (const Jwt::Problem& p : problems) {
        const QLatin1String code = catalogCode(p.code);
        if (code.isEmpty())
            continue;
        // Which key verified or not is shown as token.signature only when it failed.
        if (code == Code::TokenSignature && p.severity == Jwt::Severity::Info)
            continue;
        Finding f = makeFinding(code, hop.index);
        f.reason = p.subcode;
        f.severity = severityOf(p, hop, viaAuthorization);
        f.explanation = tokenName(token) + QStringLiteral(": ") + p.message;
        if (refused(hop) && f.severity == Severity::Cause)
            f.explanation += QStringLiteral(" The server answered %1.").arg(hop.status);
        if (code == Code::TokenExpired || code == Code::TokenNotYetValid) {
            addTimeEvidence(f, token, hop, p.part.isEmpty() ? QStringLiteral("exp") : p.part);
        } else if (code == Code::ClockSkew) {
            if (hop.serverTime)
                f.evidence.append(headerEvidence(hop, Side::Response, "Date",
                                                 QStringLiteral("the server's clock: %1").arg(serverDateText(hop))));
            f.evidence.append(hopEvidence(hop, QStringLiteral("started"), Jwt::TimeText::utc(hop.localTime),
                                          QStringLiteral("your clock when the request went out")));
            if (token.report.times.exp)
                f.evidence.append(claimEvidence(token, QStringLiteral("exp")));
            clockFixes(f, facts, hop);
        } else if (code == Code::TokenSignature) {
            f.evidence.append(claimEvidence(token, QStringLiteral("kid")));
            f.evidence.last().excerpt
                = QStringLiteral("alg %1, kid %2")
                      .arg(token.report.alg(),
                           token.report.kid().isEmpty() ? QStringLiteral("(none)") : token.report.kid());
            if (!token.report.signature.attempts.isEmpty())
                f.evidence.last().note = token.report.signature.attempts.join(QStringLiteral("; "));
            if (p.subcode == u"kid_unknown")
                f.title = QStringLiteral("Signing key unknown (keys rotated?)");
        } else if (!p.part.isEmpty() && token.report.claims.contains(p.part)) {
            f.evidence.append(claimEvidence(token, p.part));
        } else {
            Evidence e = claimEvidence(token, p.part.isEmpty() ? QStringLiteral("token") : p.part);
            e.excerpt = maskSecret(token.found.token.toUtf8());
            if (p.offset >= 0) {
                e.start = p.offset;
                e.length = 1;
            }
            f.evidence.append(e);
        }
        if (f.severity == Severity::Cause)
            addServerWords(f, hop);
        tokenFixes(f, facts, hop, token);
        anyCause = anyCause || f.severity == Severity::Cause;
        out.append(f);
    }

    // token.revoked: the token looks valid here, yet the server calls it invalid_token.
    if (!viaAuthorization || anyCause || hop.status != 401)
        return;
    if (token.report.format != Jwt::TokenFormat::Jws && token.report.format != Jwt::TokenFormat::Opaque)
        return;
    const Auth::Challenge* bearer = hop.www.scheme("Bearer");
    if (!bearer)
        bearer = hop.www.scheme("DPoP");
    if (!bearer || bearer->value("error") != "invalid_token")
        return;
    const bool hasErrors = std::any_of(problems.cbegin(), problems.cend(),
                                       [](const Jwt::Problem& p) { return p.severity == Jwt::Severity::Error; });
    if (hasErrors)
        return;
    Finding f = makeFinding(Code::TokenRevoked, hop.index);
    const bool opaque = token.report.format == Jwt::TokenFormat::Opaque;
    const bool verified = token.report.signature.status == Jwt::SignatureStatus::Valid;
    f.reason
        = opaque ? QStringLiteral("opaque") : (verified ? QStringLiteral("valid_here") : QStringLiteral("unverified"));
    f.explanation = opaque
        ? QStringLiteral("The server says error=\"invalid_token\" about an opaque token that Authlens cannot read. "
                         "Only the issuer knows it: it was revoked, expired, or issued for another API.")
        : QStringLiteral("By everything Authlens can check here the token is valid (times%1%2), yet the server says "
                         "error=\"invalid_token\". It was most likely revoked (logout, password change), or the "
                         "server no longer trusts the key it was signed with.")
              .arg(verified ? QStringLiteral(", signature") : QString(),
                   facts.options.expectedAudiences.isEmpty() ? QString() : QStringLiteral(", audience"));
    if (!opaque && !verified)
        f.explanation += QStringLiteral(" The signature was not checked: give the issuer's keys to rule out a key "
                                        "rotation.");
    f.evidence.append(paramEvidence(hop, hop.www, *bearer, "error", QStringLiteral("the server's verdict")));
    if (!opaque && token.report.times.exp)
        f.evidence.append(
            claimEvidence(token, QStringLiteral("exp"),
                          Jwt::TimeText::relative(QStringLiteral("exp"), *token.report.times.exp, hop.localTime)));
    if (!refreshable(hop, token) || !addTokenServiceFixes(f, facts))
        f.fixes.append(advice(QStringLiteral("advice.new_token"), QStringLiteral("Get a new token and resend")));
    out.append(f);
}

/// A refused JWS whose signature nobody checked here: the issuer may have rotated its key. Where the app
/// can fetch the issuer's keys (OpenID discovery from iss, on the user's click) that is an action.
void unverifiedSignature(const Facts& facts, const HopFacts& hop, const TokenFact& token, Findings& out)
{
    const Jwt::TokenReport& r = token.report;
    if (r.format != Jwt::TokenFormat::Jws || r.signature.status != Jwt::SignatureStatus::Unverified
        || !facts.options.keys.isEmpty() || hop.status != 401)
        return;
    const Auth::Challenge* bearer = hop.www.scheme("Bearer");
    if (!bearer)
        bearer = hop.www.scheme("DPoP");
    if (!bearer || bearer->value("error") != "invalid_token")
        return;
    // An expired or otherwise broken token has its cause already; the signature matters when nothing else
    // here explains the refusal.
    const QList<Jwt::Problem> problems = r.allProblems();
    if (std::any_of(problems.cbegin(), problems.cend(),
                    [](const Jwt::Problem& p) { return p.severity == Jwt::Severity::Error; }))
        return;
    const QUrl issuer(r.issuer());
    const bool discoverable = issuer.isValid() && (issuer.scheme() == u"https" || issuer.scheme() == u"http");
    Finding f = makeFinding(Code::TokenSignature, hop.index);
    f.severity = Severity::Hint;
    f.reason = QStringLiteral("unverified");
    f.title = QStringLiteral("Signature not checked");
    f.explanation = QStringLiteral("The server refused the token (invalid_token) and its signature was not checked "
                                   "here: if the issuer rotated its signing key, the kid %1 is no longer in its "
                                   "JWKS and every token signed before is refused.")
                        .arg(r.kid().isEmpty() ? QStringLiteral("(none)") : r.kid());
    f.evidence.append(claimEvidence(token, QStringLiteral("kid")));
    f.evidence.last().excerpt
        = QStringLiteral("alg %1, kid %2").arg(r.alg(), r.kid().isEmpty() ? QStringLiteral("(none)") : r.kid());
    if (discoverable)
        f.evidence.append(claimEvidence(token, QStringLiteral("iss"), QStringLiteral("where the keys are published")));
    const QJsonObject params {{QLatin1String("issuer"), r.issuer()}};
    // A token signed with a key the issuer no longer publishes is fixed by a new one, signed now.
    if (refreshable(hop, token))
        addTokenServiceFixes(f, facts);
    if (discoverable && facts.options.canResend)
        f.fixes.append(action(QStringLiteral("token.verify_signature"),
                              QStringLiteral("Check the signature with the issuer's keys"), params));
    else
        f.fixes.append(advice(QStringLiteral("advice.verify_signature"),
                              discoverable ? QStringLiteral("Check the signature against the issuer's JWKS "
                                                            "(authlens-cli diagnose --jwks URL)")
                                           : QStringLiteral("Check the signature against the issuer's keys"),
                              params));
    out.append(f);
}

} // namespace

void tokenRules(const Facts& facts, Findings& out)
{
    const HopFacts* hop = facts.finalHop();
    if (!hop)
        return;
    // The tokens of the final request: what the server judged. Earlier hops' tokens were judged by
    // earlier answers (redirects) and would repeat the same problems.
    for (const TokenFact* token : facts.requestTokens(hop->index)) {
        // A DPoP proof is checked by the DPoP rules; an ID token in a cookie of a web app is not sent as
        // an access token.
        if (token->found.location == Jwt::TokenLocation::RequestDpopProof)
            continue;
        checkToken(facts, *hop, *token, out);
        if (token->found.location == Jwt::TokenLocation::RequestAuthorization)
            unverifiedSignature(facts, *hop, *token, out);
    }
}

} // namespace Authlens::Diagnosis::Rules
