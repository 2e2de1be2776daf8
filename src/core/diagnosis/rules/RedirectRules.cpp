// The way a request went: credentials withheld at a cross-origin redirect, a chain that ends on a login
// page, a downgrade from https to http, a loop.
#include "diagnosis/Rules.h"

#include "http/RequestSpec.h"

namespace Authlens::Diagnosis::Rules {

namespace {

bool authFailure(const HopFacts* hop)
{
    return hop && (hop->status == 401 || hop->status == 403 || hop->status == 407);
}

bool htmlHasLoginForm(const HopFacts& hop)
{
    if (!hop.bodyIsHtml)
        return false;
    const QByteArray lower = hop.body.toLower();
    return lower.contains("type=\"password\"") || lower.contains("type='password'") || lower.contains("type=password");
}

void droppedCredentials(const Facts& facts, Findings& out)
{
    const HopFacts* last = facts.finalHop();
    for (const HopFacts& hop : facts.hops) {
        if (hop.withheld.isEmpty())
            continue;
        Finding f = makeFinding(Code::RedirectCredentialsDropped, hop.index);
        const Http::Origin from = Http::Origin::fromUrl(facts.hops.first().hop->request.url);
        const Http::Origin to = Http::Origin::fromUrl(hop.hop->request.url);
        QStringList names;
        for (const Http::Withheld& w : hop.withheld)
            names.append(latin(w.name));
        const bool failed = authFailure(last) && last->index == hop.index;
        f.severity = failed ? Severity::Cause : Severity::Info;
        const QString moved = hop.index > 0
            ? QStringLiteral("The redirect led from %1 to %2, another origin.").arg(from.toString(), to.toString())
            : QStringLiteral("This request followed a redirect to %1, another origin than the first request's.")
                  .arg(to.toString());
        f.explanation = moved
            + QStringLiteral(" Authlens withheld %1 there, as curl does for Authorization and as it does for every "
                             "credential: only the origins the profile allows receive them.")
                  .arg(names.join(QStringLiteral(", ")));
        if (failed)
            f.explanation += QStringLiteral(" %1 then answered %2: the credentials it needed were not sent.")
                                 .arg(to.toString())
                                 .arg(last->status);
        else
            f.explanation += QStringLiteral(" The request went on without them.");
        if (hop.index > 0)
            f.evidence.append(headerEvidence(facts.hops.at(hop.index - 1), Side::Response, "Location",
                                             QStringLiteral("the redirect")));
        for (const Http::Withheld& w : hop.withheld)
            f.evidence.append(hopEvidence(hop, latin(w.name), QStringLiteral("withheld"), w.reason));
        const QJsonObject params {{QLatin1String("origin"), to.toString()}};
        if (failed && facts.options.hasProfile && facts.options.canResend)
            f.fixes.append(action(QStringLiteral("profile.allow_origin"),
                                  QStringLiteral("Allow %1 for this profile").arg(to.toString()), params));
        f.fixes.append(advice(QStringLiteral("advice.request_target"),
                              QStringLiteral("Request %1 directly, or allow that origin in the profile if you trust it")
                                  .arg(hop.hop->request.url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo)),
                              params));
        out.append(f);
    }
}

void loginPage(const Facts& facts, Findings& out)
{
    const HopFacts* last = facts.finalHop();
    if (!last)
        return;
    // An unfollowed redirect to a login page, or a chain that ended on one.
    const QUrl target = last->status >= 300 && last->status < 400 ? locationOf(*last) : QUrl();
    const bool redirectToLogin = target.isValid() && looksLikeLoginUrl(target);
    const bool endedOnLogin = facts.hops.size() > 1 && last->status >= 200 && last->status < 300
        && (looksLikeLoginUrl(last->hop->request.url) || htmlHasLoginForm(*last))
        && !looksLikeLoginUrl(facts.hops.first().hop->request.url);
    const bool loginForm = facts.hops.size() == 1 && last->status == 200 && htmlHasLoginForm(*last)
        && !looksLikeLoginUrl(last->hop->request.url);
    if (!redirectToLogin && !endedOnLogin && !loginForm)
        return;
    Finding f = makeFinding(Code::RedirectLogin, last->index);
    if (redirectToLogin) {
        f.reason = QStringLiteral("redirect");
        f.explanation = QStringLiteral("The server answered %1 and sends you to %2, a login page. For an API client "
                                       "that means the request was not authenticated: a browser would show a login "
                                       "form, an API call just fails.")
                            .arg(last->status)
                            .arg(target.toDisplayString(QUrl::RemoveUserInfo));
        f.evidence.append(headerEvidence(*last, Side::Response, "Location", QStringLiteral("a login page")));
    } else {
        f.reason = loginForm ? QStringLiteral("login_form") : QStringLiteral("ended_on_login");
        f.severity = loginForm ? Severity::Likely : Severity::Cause;
        const QString url = last->hop->request.url.toDisplayString(QUrl::RemoveUserInfo);
        f.explanation = loginForm
            ? QStringLiteral("The answer is %1, but its body is an HTML page with a password field: a login form "
                             "instead of the data you asked for.")
                  .arg(last->status)
            : QStringLiteral("The answer is %1, but it comes from %2, a login page the redirects led to. The %1 is "
                             "the login form, not the resource you asked for: the request was not authenticated.")
                  .arg(last->status)
                  .arg(url);
        if (facts.hops.size() > 1)
            f.evidence.append(headerEvidence(facts.hops.at(last->index - 1), Side::Response, "Location",
                                             QStringLiteral("the redirect to the login page")));
        f.evidence.append(hopEvidence(*last, QStringLiteral("url"), url, QStringLiteral("where the request ended")));
        if (htmlHasLoginForm(*last))
            f.evidence.append(bodyEvidence(*last, "password", QStringLiteral("a password field")));
    }
    f.fixes.append(advice(QStringLiteral("advice.authenticate"),
                          QStringLiteral("Authenticate: log in first (a cookie session), or send the credentials the "
                                         "API accepts (an API usually takes a token instead of a login form)")));
    out.append(f);
}

void downgrade(const Facts& facts, Findings& out)
{
    for (const HopFacts& hop : facts.hops) {
        if (hop.index == 0)
            continue;
        const QUrl& previous = facts.hops.at(hop.index - 1).hop->request.url;
        if (previous.scheme().compare(u"https", Qt::CaseInsensitive) != 0
            || hop.hop->request.url.scheme().compare(u"http", Qt::CaseInsensitive) != 0)
            continue;
        Finding f = makeFinding(Code::RedirectDowngrade, hop.index);
        const bool failed = authFailure(facts.finalHop());
        f.severity = failed ? Severity::Cause : Severity::Hint;
        f.explanation = QStringLiteral("A redirect led from https to plain http (%1). Secure cookies are not sent over "
                                       "http, credentials go unencrypted (Authlens withholds them: the origin "
                                       "changed), and a network observer can read or change the answer.")
                            .arg(hop.hop->request.url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
        f.evidence.append(
            headerEvidence(facts.hops.at(hop.index - 1), Side::Response, "Location", QStringLiteral("https → http")));
        f.fixes.append(
            advice(QStringLiteral("advice.use_https"),
                   QStringLiteral("Fix the server's redirect to stay on https (often a proxy that terminates "
                                  "TLS and builds absolute URLs with http)")));
        out.append(f);
    }
}

void loop(const Facts& facts, Findings& out)
{
    const Http::Error& e = facts.exchange->error;
    if (e.kind != Http::ErrorKind::RedirectLoop && e.kind != Http::ErrorKind::TooManyRedirects)
        return;
    Finding f = makeFinding(Code::RedirectLoop, facts.hops.isEmpty() ? -1 : int(facts.hops.size()) - 1);
    f.reason = e.kind == Http::ErrorKind::RedirectLoop ? QStringLiteral("loop") : QStringLiteral("too_many");
    bool rejectedCookie = false;
    for (const HopFacts& hop : facts.hops)
        rejectedCookie = rejectedCookie || !hop.hop->cookies.rejected.isEmpty();
    // "1 hop", "3 hops": the explanation is read by people (the CLI's contract is the code and the JSON keys).
    f.explanation = QStringLiteral("%1 (%2 %3). Between an application and its login page that usually means the "
                                   "session cookie never comes back: it was not stored (a rejected Set-Cookie), or "
                                   "not sent (Secure over http, another domain or path).")
                        .arg(e.message)
                        .arg(facts.hops.size())
                        .arg(facts.hops.size() == 1 ? QStringLiteral("hop") : QStringLiteral("hops"));
    if (rejectedCookie)
        f.explanation += QStringLiteral(" A Set-Cookie was rejected on the way: see the cookie findings.");
    if (!facts.hops.isEmpty()) {
        const HopFacts& last = facts.hops.last();
        f.evidence.append(headerEvidence(last, Side::Response, "Location", QStringLiteral("back to an earlier URL")));
    }
    f.fixes.append(
        advice(QStringLiteral("advice.check_cookies"),
               QStringLiteral("Open the Cookies tab: check that the session cookie is stored and sent back")));
    out.append(f);
}

} // namespace

void redirectRules(const Facts& facts, Findings& out)
{
    droppedCredentials(facts, out);
    loginPage(facts, out);
    downgrade(facts, out);
    loop(facts, out);
}

} // namespace Authlens::Diagnosis::Rules
