// What remains when no more specific rule spoke: a 403 with credentials (permission), a 403 without any,
// the clocks of a server that dates its answers, and a healthy answer: who you are authenticated as.
#include "diagnosis/Rules.h"

#include "jwt/TimeText.h"

#include <QJsonArray>

namespace Authlens::Diagnosis::Rules {

namespace {

void forbidden(const Facts& facts, const HopFacts& hop, Findings& out)
{
    // insufficient_scope has its own finding (scope.insufficient).
    if (const Auth::Challenge* bearer = hop.www.scheme("Bearer"); bearer && bearer->hasParam("error"))
        return;
    // A session cookie the jar withheld is the cookie explainer's finding, not "no credentials".
    const QList<Http::JarCookieVerdict>& jar = hop.hop->cookies.jar;
    const bool cookieWithheld
        = std::any_of(jar.cbegin(), jar.cend(), [](const Http::JarCookieVerdict& v) { return !v.sent(); });
    if (!hop.carriesCredentials()) {
        if (cookieWithheld)
            return;
        Finding f = makeFinding(Code::CredentialsMissing, hop.index);
        f.severity = Severity::Likely;
        f.reason = QStringLiteral("forbidden_anonymous");
        f.explanation = QStringLiteral("The request carried no credentials and the server answered 403. Some servers "
                                       "answer 403 where 401 would be right; others forbid this resource to "
                                       "anonymous users.");
        f.evidence.append(headerEvidence(hop, Side::Request, "Authorization", QStringLiteral("not sent")));
        f.fixes.append(advice(QStringLiteral("advice.add_credentials"),
                              QStringLiteral("Add credentials (Auth tab or profile) and send again; if it stays 403, "
                                             "the account lacks permission")));
        out.append(f);
        return;
    }
    Finding f = makeFinding(Code::PermissionDenied, hop.index);
    QStringList carried;
    for (const Carried& c : hop.carried)
        carried.append(c.placed.label);
    carried.removeDuplicates();
    f.explanation = QStringLiteral("The request carried %1. The server understood it and most likely knows who you "
                                   "are, but refuses this resource or method: the account, client or key has no "
                                   "permission. Sending the same credentials again will not help.")
                        .arg(carried.join(QStringLiteral(", ")));
    const TokenFact* token = facts.authorizationToken(hop.index);
    if (token) {
        const QString who = token->report.claims.value(u"sub").toString();
        if (!who.isEmpty())
            f.evidence.append(claimEvidence(*token, QStringLiteral("sub"), QStringLiteral("who you are")));
        for (const QString& claim :
             {QStringLiteral("roles"), QStringLiteral("groups"), QStringLiteral("scope"), QStringLiteral("scp")}) {
            if (token->report.claims.contains(claim))
                f.evidence.append(claimEvidence(*token, claim, QStringLiteral("what you may do")));
        }
    } else if (hop.authorization) {
        Evidence e = headerEvidence(hop, Side::Request, "Authorization");
        if (hop.authorization->basic)
            e.note = QStringLiteral("user “%1”").arg(hop.authorization->basic->user.left(80));
        f.evidence.append(e);
    } else {
        const Carried& c = hop.carried.first();
        f.evidence.append(c.placed.place == Http::CredentialPlace::Header
                              ? headerEvidence(hop, Side::Request, c.placed.name)
                              : hopEvidence(hop, latin(c.placed.name), maskSecret(c.value), c.placed.label));
    }
    if (!hop.body.trimmed().isEmpty() && !hop.bodyIsHtml)
        f.evidence.append(bodyEvidence(hop, {}, QStringLiteral("what the server says")));
    f.fixes.append(advice(QStringLiteral("advice.check_account"),
                          QStringLiteral("Check which account the credentials belong to (another user, tenant or "
                                         "environment is a common cause) and ask for the permission this resource "
                                         "needs")));
    out.append(f);
}

/// A healthy answer: who the server accepted, until when, with what rights.
void authenticated(const Facts& facts, const HopFacts& hop, Findings& out)
{
    Finding f = makeFinding(Code::AuthOk, hop.index);
    QStringList parts;
    const TokenFact* token = facts.authorizationToken(hop.index);
    if (token && token->report.claimsReadable) {
        const QJsonObject& c = token->report.claims;
        f.reason = QStringLiteral("token");
        const QString sub = c.value(u"sub").toString();
        const QString client = c.value(u"client_id").toString().isEmpty() ? c.value(u"azp").toString()
                                                                          : c.value(u"client_id").toString();
        const QString user = c.value(u"preferred_username").toString().isEmpty()
            ? c.value(u"email").toString()
            : c.value(u"preferred_username").toString();
        if (!user.isEmpty())
            parts.append(QStringLiteral("user %1").arg(user));
        if (!sub.isEmpty())
            parts.append(QStringLiteral("subject %1").arg(sub));
        if (!client.isEmpty())
            parts.append(QStringLiteral("client %1").arg(client));
        f.title = QStringLiteral("Authenticated with an %1")
                      .arg(Jwt::tokenKindTitle(token->report.kind.kind == Jwt::TokenKind::Unknown
                                                   ? Jwt::TokenKind::Access
                                                   : token->report.kind.kind));
        f.explanation
            = QStringLiteral("The server accepted the token of %1.")
                  .arg(parts.isEmpty() ? QStringLiteral("an unnamed subject") : parts.join(QStringLiteral(", ")));
        if (token->report.times.exp)
            f.explanation
                += QStringLiteral(" It is valid until %1 (%2).")
                       .arg(Jwt::TimeText::utc(*token->report.times.exp),
                            Jwt::TimeText::relative(QStringLiteral("exp"), *token->report.times.exp, hop.localTime));
        for (const QString& claim : {QStringLiteral("sub"), QStringLiteral("client_id"), QStringLiteral("exp"),
                                     QStringLiteral("scope"), QStringLiteral("scp")}) {
            if (c.contains(claim))
                f.evidence.append(claimEvidence(*token, claim));
        }
        QString scopeClaim = c.contains(u"scope") ? QStringLiteral("scope") : QStringLiteral("scp");
        const QJsonValue scopes = c.value(scopeClaim);
        if (!scopes.isUndefined())
            f.explanation
                += QStringLiteral(" Scopes: %1.")
                       .arg(scopes.isArray() ? scopes.toVariant().toStringList().join(u' ') : scopes.toString());
    } else if (hop.authorization && hop.authorization->basic) {
        f.reason = QStringLiteral("basic");
        f.title = QStringLiteral("Authenticated as “%1”").arg(hop.authorization->basic->user.left(80));
        f.explanation = QStringLiteral("The server accepted the Basic credentials of user “%1”.")
                            .arg(hop.authorization->basic->user.left(80));
        f.evidence.append(headerEvidence(hop, Side::Request, "Authorization",
                                         QStringLiteral("user “%1”").arg(hop.authorization->basic->user.left(80))));
    } else if (hop.authorization) {
        f.reason = QString::fromLatin1(hop.authorization->scheme).toLower();
        f.explanation = QStringLiteral("The server accepted the %1 credentials.").arg(latin(hop.authorization->scheme));
        f.evidence.append(headerEvidence(hop, Side::Request, "Authorization"));
    } else if (hop.carriesCredentials()) {
        QStringList labels;
        for (const Carried& c : hop.carried)
            labels.append(c.placed.label);
        labels.removeDuplicates();
        f.reason = QStringLiteral("other");
        f.explanation
            = QStringLiteral("The server accepted the request with %1.").arg(labels.join(QStringLiteral(", ")));
        const Carried& c = hop.carried.first();
        if (c.placed.place == Http::CredentialPlace::Header)
            f.evidence.append(headerEvidence(hop, Side::Request, c.placed.name));
        else
            f.evidence.append(hopEvidence(hop, latin(c.placed.name), maskSecret(c.value), c.placed.label));
    } else {
        f.reason = QStringLiteral("anonymous");
        f.title = QStringLiteral("No credentials needed");
        f.explanation = QStringLiteral("The request carried no credentials and the server answered anyway: this "
                                       "resource is public (or the server identified you another way, e.g. by IP).");
    }
    out.append(f);
}

/// clock.skew without a token: a server's Date far from the local clock breaks Digest nonces, signed
/// requests (AWS SigV4 "RequestTimeTooSkewed") and the next token.
void clocks(const Facts& facts, const HopFacts& hop, Findings& out)
{
    if (!hop.skewSeconds || std::llabs(*hop.skewSeconds) <= facts.options.skewToleranceSeconds)
        return;
    // A token the request carried already judges the skew against its own times (TokenRules).
    for (const TokenFact* t : facts.requestTokens(hop.index)) {
        if (Jwt::hasProblem(t->report.problems, QStringLiteral("clock.skew")))
            return;
    }
    Finding f = makeFinding(Code::ClockSkew, hop.index);
    const qint64 skew = *hop.skewSeconds;
    const bool refused = hop.status == 401 || hop.status == 403;
    f.severity = refused ? Severity::Likely : Severity::Hint;
    f.reason = QStringLiteral("skew");
    f.explanation = QStringLiteral("The server's clock (its Date header) is %1 %2 this machine's clock. Time-limited "
                                   "credentials — tokens, Digest nonces, signed requests, one-time codes — are judged "
                                   "by the server's clock.")
                        .arg(durationText(skew), skew > 0 ? QStringLiteral("ahead of") : QStringLiteral("behind"));
    f.evidence.append(
        headerEvidence(hop, Side::Response, "Date",
                       QStringLiteral("the server's clock: %1").arg(Jwt::TimeText::utc(*hop.serverTime))));
    f.evidence.append(hopEvidence(hop, QStringLiteral("started"), Jwt::TimeText::utc(hop.localTime),
                                  QStringLiteral("your clock when the request went out")));
    const QJsonObject params {{QLatin1String("seconds"), skew}};
    if (facts.options.canResend)
        f.fixes.append(
            action(QStringLiteral("clock.show_offset"), QStringLiteral("Show how far the clock is off"), params));
    f.fixes.append(
        advice(QStringLiteral("advice.sync_clock"), QStringLiteral("Synchronise this machine's clock (NTP)"), params));
    out.append(f);
}

} // namespace

void statusRules(const Facts& facts, Findings& out)
{
    const HopFacts* hop = facts.finalHop();
    if (!hop || facts.exchange->error.isError())
        return;
    clocks(facts, *hop, out);
    if (hop->status == 403)
        forbidden(facts, *hop, out);
    else if (hop->status >= 200 && hop->status < 300)
        authenticated(facts, *hop, out);
}

} // namespace Authlens::Diagnosis::Rules
