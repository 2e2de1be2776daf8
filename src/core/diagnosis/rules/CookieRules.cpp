// The cookie explainer's findings: cookie.not_sent (a jar cookie withheld, and the rule), cookie.rejected
// (a Set-Cookie the client refused) and session.expired (a cookie session gone). They read the verdicts
// each hop recorded (Http::CookieRecord: by the client for a live exchange, by diagnoseHar()'s replay of
// the browser's jar for a HAR file), so what they say is what the client did. RFC 6265
// (https://www.rfc-editor.org/rfc/rfc6265) decides the rules; the reason names are Chromium DevTools'
// (https://chromedevtools.github.io/devtools-protocol/tot/Network/#type-CookieBlockedReason).
#include "diagnosis/Rules.h"

#include "http/CookieExplainer.h"

namespace Authlens::Diagnosis::Rules {

namespace {

using Http::CookieSendStatus;
using Http::SetCookieStatus;

constexpr int kMaxEvidence = 10;

// ---- what the requests carried ----

/// name → value of every cookie the request carried (every Cookie field, RFC 6265 §5.4).
QList<QPair<QByteArray, QByteArray>> requestCookies(const Http::Hop& hop)
{
    QList<QPair<QByteArray, QByteArray>> out;
    for (const QByteArray& field : Http::headerValues(hop.request.headers, "Cookie")) {
        for (const QByteArray& pair : field.split(';')) {
            const QByteArray trimmed = pair.trimmed();
            if (trimmed.isEmpty())
                continue;
            const qsizetype eq = trimmed.indexOf('=');
            out.append(
                {eq < 0 ? QByteArray() : trimmed.left(eq).trimmed(), eq < 0 ? trimmed : trimmed.mid(eq + 1).trimmed()});
        }
    }
    // A HAR entry may list its cookies only in `request.cookies`.
    for (const QNetworkCookie& c : hop.cookies.sent) {
        if (std::none_of(out.cbegin(), out.cend(), [&c](const auto& p) { return p.first == c.name(); }))
            out.append({c.name(), c.value()});
    }
    return out;
}

bool carriesCookie(const Http::Hop& hop, const QByteArray& name)
{
    const auto cookies = requestCookies(hop);
    return std::any_of(cookies.cbegin(), cookies.cend(), [&name](const auto& p) { return p.first == name; });
}

QString bareDomain(const QNetworkCookie& cookie)
{
    const QString d = cookie.domain().toLower();
    return d.startsWith(u'.') ? d.mid(1) : d;
}

bool sameCookie(const QNetworkCookie& a, const QNetworkCookie& b)
{
    return a.name() == b.name() && a.domain().compare(b.domain(), Qt::CaseInsensitive) == 0 && a.path() == b.path();
}

// ---- how the exchange ended ----

struct Outcome
{
    bool failed = false; ///< refused (401, 403, 419 "page expired", 440 "login time-out") or sent to a login page
    int loginHop = -1; ///< the last hop whose response redirected to a login page
    int status = 0;
};

Outcome outcomeOf(const Facts& facts)
{
    Outcome out;
    const HopFacts* final = facts.finalHop();
    if (!final)
        return out;
    out.status = final->status;
    for (const HopFacts& h : facts.hops) {
        if (!h.answered || h.status < 300 || h.status > 399)
            continue;
        // A login form answering with a redirect (to the app, or back to itself) is the login, not a refusal.
        const QUrl location = locationOf(h);
        if (location.isValid() && looksLikeLoginUrl(location) && !looksLikeLoginUrl(h.hop->request.url))
            out.loginHop = h.index;
    }
    out.failed = out.loginHop >= 0 || out.status == 401 || out.status == 403 || out.status == 419 || out.status == 440;
    return out;
}

// ---- evidence ----

/// The scope of a cookie, never its value: "Domain=.example.com; Path=/app; Secure; HttpOnly; expires …".
QString cookieScope(const QNetworkCookie& c)
{
    QStringList parts;
    parts.append(c.domain().startsWith(u'.') ? QStringLiteral("Domain=%1").arg(c.domain())
                                             : QStringLiteral("host-only %1").arg(c.domain()));
    parts.append(QStringLiteral("Path=%1").arg(c.path().isEmpty() ? QStringLiteral("/") : c.path()));
    if (c.isSecure())
        parts.append(QStringLiteral("Secure"));
    if (c.isHttpOnly())
        parts.append(QStringLiteral("HttpOnly"));
    if (!c.isSessionCookie())
        parts.append(QStringLiteral("expires %1").arg(c.expirationDate().toUTC().toString(Qt::ISODate)));
    return parts.join(QStringLiteral("; "));
}

QString nameOf(const QNetworkCookie& c)
{
    return c.name().isEmpty() ? QStringLiteral("(no name)") : QString::fromUtf8(c.name().left(80));
}

Evidence jarEvidence(int hop, const Http::JarCookieVerdict& v)
{
    Evidence e;
    e.kind = EvidenceKind::Cookie;
    e.hop = hop;
    e.side = Side::Request;
    e.container = QStringLiteral("jar");
    e.name = QString::fromUtf8(v.cookie.name());
    e.excerpt = nameOf(v.cookie) + QStringLiteral(": ") + cookieScope(v.cookie);
    e.note = Http::cookieSendStatusName(v.status) + QStringLiteral(" — ") + v.explanation;
    return e;
}

/// The Set-Cookie field with its value masked; the attributes are not secret and are the evidence.
QString maskedField(const QByteArray& field)
{
    const qsizetype semicolon = field.indexOf(';');
    const QByteArray pair = semicolon < 0 ? field : field.left(semicolon);
    const qsizetype eq = pair.indexOf('=');
    QString out = eq < 0 ? maskSecret(pair) : headerText(pair.left(eq), 80) + u'=' + maskSecret(pair.mid(eq + 1));
    if (semicolon >= 0)
        out += headerText(field.mid(semicolon), 200);
    return out;
}

Evidence setCookieEvidence(int hop, int field, const Http::SetCookieVerdict& v)
{
    Evidence e;
    e.kind = EvidenceKind::Cookie;
    e.hop = hop;
    e.side = Side::Response;
    e.container = QStringLiteral("Set-Cookie");
    e.name = QString::fromUtf8(v.cookie.name());
    e.field = std::max(field, 0);
    e.excerpt = maskedField(v.fieldValue);
    e.note = Http::setCookieStatusName(v.status) + QStringLiteral(" — ") + v.explanation;
    return e;
}

Evidence requestCookieEvidence(const HopFacts& h, const QByteArray& name, const QString& note)
{
    Evidence e;
    e.kind = EvidenceKind::Cookie;
    e.hop = h.index;
    e.side = Side::Request;
    e.container = QStringLiteral("Cookie");
    e.name = QString::fromUtf8(name);
    for (const auto& pair : requestCookies(*h.hop)) {
        if (pair.first == name)
            e.excerpt = QString::fromUtf8(name) + u'=' + maskSecret(pair.second);
    }
    e.note = note;
    return e;
}

// ---- fixes (only actions that work: DiagnoseOptions says what the caller can do) ----

Fix clearAndResend(const Facts& facts)
{
    if (facts.options.canResend && facts.options.hasProfile)
        return action(QStringLiteral("cookies.clear_and_resend"),
                      QStringLiteral("Clear this profile's cookies and resend"));
    return advice(QStringLiteral("advice.clear_cookies"),
                  QStringLiteral("Clear the cookies stored for this site, then send the request again"));
}

Fix resendWithout(const Facts& facts)
{
    if (facts.options.canResend)
        return action(QStringLiteral("cookies.resend_without"), QStringLiteral("Resend without cookies"));
    return advice(QStringLiteral("advice.resend_without_cookies"),
                  QStringLiteral("Send the request again without cookies (a private window, or curl without -b)"));
}

Fix logInAgain()
{
    return advice(QStringLiteral("advice.log_in_again"), QStringLiteral("Log in again to get a new session cookie"));
}

QString namesText(const QStringList& names)
{
    QStringList unique = names;
    unique.removeDuplicates();
    if (unique.size() > 4)
        return unique.mid(0, 4).join(QStringLiteral(", ")) + QStringLiteral(" and %1 more").arg(unique.size() - 4);
    return unique.join(QStringLiteral(", "));
}

QString consequence(const Outcome& outcome)
{
    if (outcome.loginHop >= 0)
        return QStringLiteral(" Without it the server sent the request to its login page.");
    if (outcome.failed)
        return QStringLiteral(" Without it the server answered %1.").arg(outcome.status);
    return QStringLiteral(" The request succeeded without it.");
}

// ---- cookie.not_sent ----

struct Withheld
{
    int hop = 0;
    Http::JarCookieVerdict verdict;
};

QString notSentTitle(CookieSendStatus status, bool hostOnly)
{
    switch (status) {
    case CookieSendStatus::DomainMismatch:
        return hostOnly ? QStringLiteral("Host-only cookie not sent to this host")
                        : QStringLiteral("Cookie not sent: it belongs to another domain");
    case CookieSendStatus::NotOnPath:
        return QStringLiteral("Cookie not sent: its Path does not cover this URL");
    case CookieSendStatus::SecureOnly:
        return QStringLiteral("Secure cookie not sent over http");
    case CookieSendStatus::Expired:
        return QStringLiteral("Cookie not sent: it expired");
    case CookieSendStatus::NameValuePairExceedsMaxSize:
        return QStringLiteral("Cookie not sent: too large");
    case CookieSendStatus::UserPreferences:
        return QStringLiteral("Cookies withheld by your choice");
    case CookieSendStatus::Sent:
        break;
    }
    return QStringLiteral("Cookie not sent");
}

QList<Fix> notSentFixes(const Facts& facts, CookieSendStatus status, const Withheld& first)
{
    const QNetworkCookie& c = first.verdict.cookie;
    const QUrl url = facts.hops.at(first.hop).hop->request.url;
    switch (status) {
    case CookieSendStatus::DomainMismatch: {
        const QString site = Http::registrableDomain(url.host());
        if (first.verdict.hostOnly())
            return {advice(QStringLiteral("advice.cookie_domain"),
                           QStringLiteral("Have %1 set the cookie with Domain=%2 so its sibling hosts receive it, or "
                                          "send the request to %1")
                               .arg(bareDomain(c), site),
                           {{QStringLiteral("cookie"), nameOf(c)}, {QStringLiteral("domain"), site}})};
        return {advice(QStringLiteral("advice.cookie_domain"),
                       QStringLiteral("Send the request to a host under %1, or have the server set the cookie for "
                                      "Domain=%2")
                           .arg(bareDomain(c), site),
                       {{QStringLiteral("cookie"), nameOf(c)}, {QStringLiteral("domain"), site}})};
    }
    case CookieSendStatus::NotOnPath:
        return {advice(QStringLiteral("advice.cookie_path"),
                       QStringLiteral("Have the server set the cookie with a Path that covers %1 (Path=/ covers every "
                                      "path), or request a URL under %2")
                           .arg(url.path().isEmpty() ? QStringLiteral("/") : url.path(), c.path()),
                       {{QStringLiteral("cookie"), nameOf(c)}, {QStringLiteral("path"), c.path()}})};
    case CookieSendStatus::SecureOnly: {
        QUrl https = url;
        https.setScheme(QStringLiteral("https"));
        if (https.port() == 80)
            https.setPort(-1);
        return {advice(QStringLiteral("advice.use_https"),
                       QStringLiteral("Send the request over https (%1): Secure cookies never travel over http")
                           .arg(https.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)),
                       {{QStringLiteral("url"), https.toString(QUrl::RemoveUserInfo)}})};
    }
    case CookieSendStatus::Expired:
        return {clearAndResend(facts), logInAgain()};
    case CookieSendStatus::NameValuePairExceedsMaxSize:
        return {clearAndResend(facts),
                advice(QStringLiteral("advice.cookie_size"),
                       QStringLiteral("Keep cookies under 4096 bytes (name and value): store large state on the "
                                      "server"))};
    case CookieSendStatus::UserPreferences:
        return {advice(QStringLiteral("advice.resend_with_cookies"),
                       QStringLiteral("Send the request again with the profile's cookies"))};
    case CookieSendStatus::Sent:
        break;
    }
    return {};
}

void cookieNotSent(const Facts& facts, const Outcome& outcome, Findings& out)
{
    const bool replayed = facts.context.jarKnown;
    QList<QPair<CookieSendStatus, QList<Withheld>>> byReason;
    for (const HopFacts& h : facts.hops) {
        const QString host = h.hop->request.url.host().toLower();
        for (const Http::JarCookieVerdict& v : h.hop->cookies.jar) {
            if (v.sent())
                continue;
            // A replayed jar is a model of the browser's: when the request carried the cookie after all,
            // the model was wrong, not the browser.
            if (replayed && carriesCookie(*h.hop, v.cookie.name()))
                continue;
            // Cookies of other sites are in the jar for other requests; a cookie of the same site that
            // misses this host (a host-only cookie of auth.example.com and api.example.com) is the case.
            if (v.status == CookieSendStatus::DomainMismatch
                && Http::registrableDomain(bareDomain(v.cookie)) != Http::registrableDomain(host))
                continue;
            // An expired session cookie on a refused request is session.expired's story.
            if (v.status == CookieSendStatus::Expired && outcome.failed
                && Http::looksLikeSessionCookie(v.cookie.name()))
                continue;
            auto group
                = std::find_if(byReason.begin(), byReason.end(), [&v](const auto& g) { return g.first == v.status; });
            if (group == byReason.end()) {
                byReason.append({v.status, {}});
                group = byReason.end() - 1;
            }
            // One entry per cookie: the last hop it was withheld on.
            auto same = std::find_if(group->second.begin(), group->second.end(),
                                     [&v](const Withheld& w) { return sameCookie(w.verdict.cookie, v.cookie); });
            if (same != group->second.end())
                *same = {h.index, v};
            else
                group->second.append({h.index, v});
        }
    }
    for (const auto& [status, items] : std::as_const(byReason)) {
        const Withheld& first = items.constFirst();
        Finding f = makeFinding(Code::CookieNotSent, facts.finalIndex >= 0 ? facts.finalIndex : first.hop);
        f.reason = Http::cookieSendStatusName(status);
        const bool session = std::any_of(items.cbegin(), items.cend(), [](const Withheld& w) {
            return Http::looksLikeSessionCookie(w.verdict.cookie.name());
        });
        if (status == CookieSendStatus::UserPreferences)
            f.severity = outcome.failed ? Severity::Likely : Severity::Info;
        else if (outcome.failed)
            f.severity = session ? Severity::Cause : Severity::Likely;
        else
            f.severity = Severity::Hint;
        // Without Cookie headers (a sanitized HAR) a missing cookie is not proven missing.
        if (replayed && !facts.context.cookieHeadersRecorded && f.severity == Severity::Cause)
            f.severity = Severity::Likely;
        f.title = notSentTitle(status, first.verdict.hostOnly());
        QStringList names;
        for (const Withheld& w : items)
            names.append(nameOf(w.verdict.cookie));
        const QString path = facts.hops.at(first.hop).hop->request.url.path();
        f.explanation = (status == CookieSendStatus::UserPreferences
                             ? QStringLiteral("The request went out without the jar's cookies (%1), as you chose. ")
                                   .arg(namesText(names))
                             : QStringLiteral("The cookie jar held %1, but the request to %2 did not carry it. ")
                                   .arg(namesText(names), path.isEmpty() ? QStringLiteral("/") : path))
            + first.verdict.explanation + consequence(outcome);
        for (const Withheld& w : items.mid(0, kMaxEvidence))
            f.evidence.append(jarEvidence(w.hop, w.verdict));
        f.fixes = notSentFixes(facts, status, first);
        f.source = QStringLiteral("RFC 6265 §5.4");
        out.append(f);
    }
}

// ---- cookie.rejected ----

struct Refused
{
    int hop = -1; ///< -1: an earlier HAR entry's response
    int field = 0;
    Http::SetCookieVerdict verdict;
};

QString rejectedTitle(SetCookieStatus status)
{
    switch (status) {
    case SetCookieStatus::InvalidDomain:
        return QStringLiteral("Set-Cookie refused: its Domain does not fit the host");
    case SetCookieStatus::InvalidPrefix:
        return QStringLiteral("Set-Cookie refused: __Secure-/__Host- rules broken");
    case SetCookieStatus::SecureOnly:
        return QStringLiteral("Set-Cookie refused: Secure cookie over http");
    case SetCookieStatus::OverwriteSecure:
        return QStringLiteral("Set-Cookie refused: it would overwrite a Secure cookie");
    case SetCookieStatus::NameValuePairExceedsMaxSize:
        return QStringLiteral("Set-Cookie refused: cookie too large");
    case SetCookieStatus::SyntaxError:
    case SetCookieStatus::DisallowedCharacter:
    case SetCookieStatus::NoCookieContent:
        return QStringLiteral("Set-Cookie refused: malformed");
    case SetCookieStatus::Stored:
    case SetCookieStatus::Expired:
        break;
    }
    return QStringLiteral("Set-Cookie refused");
}

QList<Fix> rejectedFixes(const Facts& facts, SetCookieStatus status)
{
    switch (status) {
    case SetCookieStatus::InvalidDomain:
        return {advice(QStringLiteral("advice.fix_set_cookie_domain"),
                       QStringLiteral("Drop the Domain attribute, or set it to the host that answers or one of its "
                                      "parent domains (never a public suffix)"))};
    case SetCookieStatus::InvalidPrefix:
        return {advice(QStringLiteral("advice.fix_set_cookie_prefix"),
                       QStringLiteral("Give __Secure- cookies the Secure attribute; give __Host- cookies Secure and "
                                      "Path=/, without Domain"))};
    case SetCookieStatus::SecureOnly:
        return {advice(QStringLiteral("advice.use_https"),
                       QStringLiteral("Send the request over https: only a secure response may set a Secure cookie"))};
    case SetCookieStatus::OverwriteSecure:
        return {clearAndResend(facts),
                advice(QStringLiteral("advice.use_https"),
                       QStringLiteral("Send the request over https, where the Secure cookie may be replaced"))};
    case SetCookieStatus::NameValuePairExceedsMaxSize:
        return {advice(QStringLiteral("advice.cookie_size"),
                       QStringLiteral("Keep cookies under 4096 bytes (name and value): store large state on the "
                                      "server"))};
    case SetCookieStatus::SyntaxError:
    case SetCookieStatus::DisallowedCharacter:
    case SetCookieStatus::NoCookieContent:
        return {advice(QStringLiteral("advice.fix_set_cookie"),
                       QStringLiteral("Fix the server's Set-Cookie header: name=value first, then the attributes "
                                      "(RFC 6265 §4.1)"))};
    case SetCookieStatus::Stored:
    case SetCookieStatus::Expired:
        break;
    }
    return {};
}

void cookieRejected(const Facts& facts, const Outcome& outcome, Findings& out)
{
    QList<QPair<SetCookieStatus, QList<Refused>>> byReason;
    const auto add = [&byReason](const Refused& r) {
        auto group = std::find_if(byReason.begin(), byReason.end(),
                                  [&r](const auto& g) { return g.first == r.verdict.status; });
        if (group == byReason.end()) {
            byReason.append({r.verdict.status, {}});
            group = byReason.end() - 1;
        }
        group->second.append(r);
    };
    for (const HopFacts& h : facts.hops) {
        for (qsizetype k = 0; k < h.hop->cookies.setCookies.size(); ++k) {
            const Http::SetCookieVerdict& v = h.hop->cookies.setCookies.at(k);
            if (!v.accepted())
                add({h.index, int(k), v});
        }
    }
    // A HAR file: the session cookie of an earlier entry (the login) that never landed in the jar, on a
    // refused request that lacks it.
    const Http::Hop* firstHop = facts.hops.isEmpty() ? nullptr : facts.hops.constFirst().hop;
    if (outcome.failed && firstHop) {
        for (const Http::SetCookieVerdict& v : facts.context.refusedEarlier) {
            if (Http::looksLikeSessionCookie(v.cookie.name()) && !carriesCookie(*firstHop, v.cookie.name())
                && Http::domainMatches(firstHop->request.url.host().toLower(), bareDomain(v.cookie)))
                add({-1, 0, v});
        }
    }
    for (const auto& [status, items] : std::as_const(byReason)) {
        Finding f = makeFinding(Code::CookieRejected, facts.finalIndex >= 0 ? facts.finalIndex : items.first().hop);
        f.reason = Http::setCookieStatusName(status);
        bool consequential = false;
        bool session = false;
        QStringList names;
        for (const Refused& r : items) {
            const QByteArray& name = r.verdict.cookie.name();
            names.append(nameOf(r.verdict.cookie));
            if (!Http::looksLikeSessionCookie(name))
                continue;
            session = true;
            // Proof: a later request of this exchange went without it and was refused.
            if (outcome.failed && (r.hop < 0 || r.hop < facts.finalIndex)) {
                const bool laterCarried = std::any_of(facts.hops.cbegin(), facts.hops.cend(), [&](const HopFacts& h) {
                    return h.index > r.hop && carriesCookie(*h.hop, name);
                });
                consequential = consequential || !laterCarried;
            }
        }
        // A refused tracking or preference cookie rarely explains a refusal: only session cookies rank.
        f.severity = consequential ? Severity::Cause : session ? Severity::Likely : Severity::Hint;
        f.title = rejectedTitle(status);
        const Refused& first = items.constFirst();
        f.explanation = QStringLiteral("The server tried to set %1, but the client refused it: %2")
                            .arg(namesText(names), first.verdict.explanation);
        if (first.hop < 0)
            f.explanation += QStringLiteral(" (an earlier entry of this HAR file set it).");
        if (consequential)
            f.explanation += QStringLiteral(" The requests that followed went without it and were refused.");
        for (const Refused& r : items.mid(0, kMaxEvidence))
            f.evidence.append(setCookieEvidence(r.hop, r.field, r.verdict));
        f.fixes = rejectedFixes(facts, status);
        f.source = status == SetCookieStatus::InvalidDomain || status == SetCookieStatus::SyntaxError
            ? QStringLiteral("RFC 6265 §5.2–5.3")
            : QStringLiteral("RFC 6265bis");
        out.append(f);
    }
}

// ---- session.expired ----

void sessionExpired(const Facts& facts, const Outcome& outcome, Findings& out)
{
    if (!outcome.failed || facts.finalIndex < 0)
        return;
    const bool replayed = facts.context.jarKnown;
    Finding f = makeFinding(Code::SessionExpired, facts.finalIndex);
    QStringList reasons; // in order of strength
    QStringList story;
    Severity severity = Severity::Hint;
    const auto note = [&](const QString& reason, Severity s, const QString& words) {
        if (!reasons.contains(reason))
            reasons.append(reason);
        if (int(s) < int(severity))
            severity = s;
        story.append(words);
    };

    // (a) the jar's session cookie expired: the client did not send it.
    for (const HopFacts& h : facts.hops) {
        for (const Http::JarCookieVerdict& v : h.hop->cookies.jar) {
            if (v.status != CookieSendStatus::Expired || !Http::looksLikeSessionCookie(v.cookie.name()))
                continue;
            if (replayed && carriesCookie(*h.hop, v.cookie.name()))
                continue;
            if (std::any_of(f.evidence.cbegin(), f.evidence.cend(), [&v](const Evidence& e) {
                    return e.container == u"jar" && e.name.toUtf8() == v.cookie.name();
                }))
                continue;
            f.evidence.append(jarEvidence(h.index, v));
            note(QStringLiteral("cookie_expired"),
                 replayed && !facts.context.cookieHeadersRecorded ? Severity::Likely : Severity::Cause,
                 QStringLiteral("The session cookie %1 expired, so the request went without it: %2")
                     .arg(nameOf(v.cookie), v.explanation));
        }
    }
    // (b) the server deleted the session cookie the request carried (an expiry in the past, RFC 6265 §3.1).
    for (const HopFacts& h : facts.hops) {
        const auto& fields = h.hop->cookies.setCookies;
        for (qsizetype k = 0; k < fields.size(); ++k) {
            const Http::SetCookieVerdict& v = fields.at(k);
            if (v.status != SetCookieStatus::Expired || !Http::looksLikeSessionCookie(v.cookie.name()))
                continue;
            if (!v.replaced && !carriesCookie(*h.hop, v.cookie.name()))
                continue;
            f.evidence.append(setCookieEvidence(h.index, int(k), v));
            note(QStringLiteral("cookie_deleted"), Severity::Cause,
                 QStringLiteral("The server deleted the session cookie %1 (a Set-Cookie with an expiry in the past): "
                                "it no longer accepts that session.")
                     .arg(nameOf(v.cookie)));
        }
    }
    // (c) the request carried a session cookie and the server sent it to its login page anyway.
    if (outcome.loginHop >= 0) {
        QList<QByteArray> seen;
        for (const HopFacts& h : facts.hops) {
            if (h.index > outcome.loginHop)
                break;
            for (const auto& pair : requestCookies(*h.hop)) {
                if (!Http::looksLikeSessionCookie(pair.first) || seen.contains(pair.first))
                    continue;
                seen.append(pair.first);
                f.evidence.append(requestCookieEvidence(h, pair.first, QStringLiteral("sent, and not accepted")));
                note(QStringLiteral("login_redirect"), Severity::Cause,
                     QStringLiteral("The request carried the session cookie %1, yet the server redirected it to "
                                    "its login page: the session it names has ended (expired or logged out on the "
                                    "server).")
                         .arg(QString::fromUtf8(pair.first.left(80))));
            }
        }
        if (!story.isEmpty())
            f.evidence.append(headerEvidence(facts.hops.at(outcome.loginHop), Side::Response, "Location",
                                             QStringLiteral("login page")));
    }
    // (d) refused while carrying a session cookie and nothing else: the likeliest reading.
    const HopFacts& final = facts.hops.at(facts.finalIndex);
    if (story.isEmpty() && (outcome.status == 401 || outcome.status == 419 || outcome.status == 440)) {
        const bool otherCredentials = final.carriedHeader("Authorization") != nullptr;
        for (const auto& pair : requestCookies(*final.hop)) {
            if (!Http::looksLikeSessionCookie(pair.first))
                continue;
            f.evidence.append(requestCookieEvidence(final, pair.first, QStringLiteral("sent, and refused")));
            // 440 is IIS's "Login Time-out": the session ended. Laravel's 419 "Page Expired" is its CSRF
            // check (TokenMismatchException, csrf.failed), which an ended session also trips: likely only.
            const bool says = outcome.status == 440 || outcome.status == 419;
            note(says ? QStringLiteral("server_says") : QStringLiteral("refused"),
                 outcome.status == 440 ? Severity::Cause : (otherCredentials ? Severity::Hint : Severity::Likely),
                 QStringLiteral("The request carried the session cookie %1 and the server answered %2%3.")
                     .arg(QString::fromUtf8(pair.first.left(80)))
                     .arg(outcome.status)
                     .arg(says ? QStringLiteral(" (the session timed out)")
                               : QStringLiteral(": the session it names is probably gone")));
            break;
        }
    }
    if (story.isEmpty())
        return;
    f.reason = reasons.constFirst();
    f.severity = severity;
    if (f.reason == u"cookie_expired")
        f.title = QStringLiteral("Session cookie expired");
    else if (f.reason == u"cookie_deleted")
        f.title = QStringLiteral("The server deleted the session cookie");
    else if (f.reason == u"login_redirect")
        f.title = QStringLiteral("Session not accepted: sent to the login page");
    else if (f.reason == u"server_says")
        f.title = QStringLiteral("Session timed out");
    else
        f.title = QStringLiteral("Session cookie refused");
    story.removeDuplicates();
    f.explanation = story.join(u' ');
    if (f.evidence.size() > kMaxEvidence)
        f.evidence.resize(kMaxEvidence);
    f.fixes = {clearAndResend(facts), resendWithout(facts), logInAgain()};
    f.source = QStringLiteral("RFC 6265 §3.1, §5.3");
    out.append(f);
}

} // namespace

void cookieRules(const Facts& facts, Findings& out)
{
    const Outcome outcome = outcomeOf(facts);
    cookieNotSent(facts, outcome, out);
    cookieRejected(facts, outcome, out);
    sessionExpired(facts, outcome, out);
}

} // namespace Authlens::Diagnosis::Rules
