// 400, redirects, successes and every other status, read for what they say about authentication.
#include "diagnosis/StatusRules.h"

#include "http/RequestSpec.h"

namespace Authlens::Diagnosis::Rules {

StatusMeaning explain400(const Hop& hop, const SentCredentials& sent)
{
    const HeaderList& headers = hop.response.headers;
    StatusMeaning m;
    const QList<Challenge> challenges = challengesIn(headers, "WWW-Authenticate");
    const Challenge* bearer = findScheme(challenges, "Bearer");
    if (bearer && bearer->value("error") == "invalid_request") {
        m.isAuthFailure = true;
        m.headers = challengeKeys(headers, "WWW-Authenticate", {});
        m.headers.append(authorizationKey(sent, QStringLiteral("Your request sent no Authorization header.")));
        m.title = QStringLiteral("400 Bad Request — the token request is malformed");
        m.summary = QStringLiteral("The Bearer challenge says error=\"invalid_request\": the request is missing a "
                                   "required parameter, repeats one, uses more than one way to send the token, or is "
                                   "otherwise malformed (RFC 6750 §3.1).");
        const QByteArray description = bearer->value("error_description");
        if (!description.isEmpty())
            m.summary += QStringLiteral(" Its explanation: %1.").arg(quote(description));
        m.nextSteps = {QStringLiteral("Send the token once, in the Authorization header only (not also as an "
                                      "access_token query or form parameter)."),
                       QStringLiteral("Check that the header is exactly “Bearer <token>”: one space, no quotes, no "
                                      "line breaks.")};
        addWithheldNote(m, sent);
        return m;
    }
    m.title = QStringLiteral("400 Bad Request");
    m.summary = QStringLiteral("The server could not accept the request as sent. For authentication, a malformed "
                               "Authorization header (missing space after the scheme, a quoted token, a line break) "
                               "and oversized cookies are common causes.");
    m.headers.append(authorizationKey(sent, QStringLiteral("Your request sent no Authorization header.")));
    m.nextSteps = {QStringLiteral("Read the response body: it usually names the problem."),
                   QStringLiteral("Check the request headers as sent in the Headers tab.")};
    addWithheldNote(m, sent);
    return m;
}

StatusMeaning explainRedirect(const Hop& hop, const SentCredentials& sent)
{
    const HeaderList& headers = hop.response.headers;
    StatusMeaning m;
    const QByteArray location = Http::headerValue(headers, "Location");
    const QUrl target = hop.request.url.resolved(QUrl(QString::fromUtf8(location)));
    m.headers.append(responseKey(headers, "Location", QStringLiteral("Where the server sends you."),
                                 QStringLiteral("Missing: a redirect without a target.")));
    if (!location.isEmpty() && looksLikeLoginUrl(target)) {
        m.isAuthFailure = true;
        m.title = QStringLiteral("%1 — redirect to a login page").arg(hop.response.status);
        m.summary = QStringLiteral("The server sends you to %1, which looks like a login page. For an API client this "
                                   "means the session is missing or expired: a browser would show a login form, an "
                                   "API call just fails.")
                        .arg(target.toDisplayString());
        m.headers.append({"Cookie", sent.cookieNames.join(u"; ").toUtf8(), !sent.cookieNames.isEmpty(),
                          sent.cookieNames.isEmpty() ? QStringLiteral("No session cookie was sent.")
                                                     : QStringLiteral("These cookies were sent but not accepted as a "
                                                                      "session (values not shown).")});
        m.nextSteps = {QStringLiteral("Log in again to get a fresh session cookie, or use the API's token "
                                      "authentication instead of a browser session."),
                       QStringLiteral("Check the Cookies tab: a session cookie withheld for Secure, domain or path "
                                      "reasons leads here too."),
                       QStringLiteral("Some APIs answer 401 instead of redirecting if you send “Accept: "
                                      "application/json”.")};
    } else {
        m.title
            = QStringLiteral("%1%2 — redirect not followed").arg(hop.response.status).arg(statusReason(hop.response));
        m.summary = location.isEmpty()
            ? QStringLiteral("The server answered with a redirect status but no Location.")
            : QStringLiteral("The server redirects to %1; the redirect was not followed (redirects off or the limit "
                             "reached).")
                  .arg(target.toDisplayString());
        m.nextSteps = {QStringLiteral("Follow the Location yourself, or turn redirect following on."),
                       QStringLiteral("Credentials are only sent to the origins the profile allows: a redirect to "
                                      "another host loses them.")};
    }
    addWithheldNote(m, sent);
    return m;
}

StatusMeaning explainSuccess(const Exchange& exchange, const Hop& hop, const SentCredentials& sent)
{
    StatusMeaning m;
    const QUrl finalUrl = hop.request.url;
    if (exchange.hops.size() > 1 && looksLikeLoginUrl(finalUrl)) {
        m.isAuthFailure = true;
        m.title = QStringLiteral("%1%2 — but on a login page").arg(hop.response.status).arg(statusReason(hop.response));
        m.summary = QStringLiteral("The request was redirected to %1, which looks like a login page. The success "
                                   "status belongs to the login form, not to the resource you asked for: the session "
                                   "is missing or expired.")
                        .arg(finalUrl.toDisplayString());
        m.nextSteps = {QStringLiteral("Log in again for a fresh session cookie, or use token authentication."),
                       QStringLiteral("Look at the Redirects tab for the hop that sent you to the login page.")};
        m.headers.append(responseKey(exchange.hops.at(exchange.hops.size() - 2).response.headers, "Location",
                                     QStringLiteral("The redirect that led to the login page."), {}));
        return m;
    }
    const HeaderList& headers = hop.response.headers;
    if (!sent.withheld.isEmpty()) {
        // The success came from a hop that did not get the user's credentials: say that first.
        m.title = QStringLiteral("%1%2 — but without your credentials")
                      .arg(hop.response.status)
                      .arg(statusReason(hop.response));
        m.summary = QStringLiteral("The final hop to %1 succeeded, but Authlens withheld %2 there. The success did "
                                   "not involve those credentials: this endpoint answers without them.")
                        .arg(Http::Origin::fromUrl(finalUrl).toString(), describeWithheld(sent.withheld));
        if (sent.any())
            m.summary += QStringLiteral(" It still carried %1.").arg(describeSent(sent));
        m.nextSteps = {QStringLiteral("Open the Redirects tab to see which hop lost the credentials and why."),
                       QStringLiteral("If that origin should receive them, add it to the profile's allowed origins "
                                      "and send again; otherwise call it directly with its own credentials.")};
    } else {
        m.title = QStringLiteral("%1%2 — request accepted").arg(hop.response.status).arg(statusReason(hop.response));
        m.summary = sent.any()
            ? QStringLiteral("The server accepted the request. It carried %1.").arg(describeSent(sent))
            : QStringLiteral("The server accepted the request without credentials: this resource is "
                             "public (or the server authenticates by network address or client "
                             "certificate).");
        m.nextSteps
            = {sent.any() ? QStringLiteral("Nothing to fix. Compare with a failing request to see what differs.")
                          : QStringLiteral("Nothing to fix. To test a protected resource, pick a profile or set "
                                           "credentials in the Auth tab.")};
    }
    m.headers.append(authorizationKey(sent, QStringLiteral("No Authorization header was sent.")));
    if (Http::hasHeader(headers, "Authentication-Info"))
        m.headers.append(responseKey(headers, "Authentication-Info",
                                     QStringLiteral("The server confirms the authentication (Digest: next nonce)."),
                                     {}));
    if (Http::hasHeader(headers, "Set-Cookie"))
        m.headers.append(responseKey(headers, "Set-Cookie",
                                     QStringLiteral("The server sets cookies; a session cookie here keeps you logged "
                                                    "in."),
                                     {}));
    return m;
}

StatusMeaning explainOther(const Hop& hop, const SentCredentials& sent)
{
    const int status = hop.response.status;
    StatusMeaning m;
    m.title = QStringLiteral("%1%2").arg(status).arg(statusReason(hop.response));
    if (status == 404) {
        m.summary = QStringLiteral("Not found. Some APIs (GitHub, GitLab and others) answer 404 instead of 401 or 403 "
                                   "to hide private resources from callers who may not see them.");
        m.nextSteps = {QStringLiteral("Check the URL and the profile's base URL."),
                       sent.any() ? QStringLiteral("Check that the credentials belong to an account that can see "
                                                   "this resource.")
                                  : QStringLiteral("Send credentials: a private resource may look missing to "
                                                   "anonymous callers.")};
    } else if (status == 405) {
        m.summary
            = QStringLiteral("The method is not allowed on this resource. The Allow header lists the ones that are.");
        m.headers.append(responseKey(hop.response.headers, "Allow", QStringLiteral("Methods this resource accepts."),
                                     QStringLiteral("Not sent.")));
        m.nextSteps = {QStringLiteral("Change the method.")};
    } else if (status == 431) {
        m.summary = QStringLiteral("Request headers too large: usually too many or too big cookies, or a huge token.");
        m.nextSteps = {QStringLiteral("Clear the profile's cookies and send again."),
                       QStringLiteral("Check the size of the Authorization header (very large JWTs).")};
    } else if (status >= 500) {
        m.summary = QStringLiteral("A server error: the server failed while handling the request. Not an "
                                   "authentication answer in itself, though a failing token check or identity "
                                   "provider behind the API can cause it.");
        m.nextSteps = {QStringLiteral("Read the response body and retry later."),
                       QStringLiteral("502/503/504 come from a gateway in front of the application: check whether "
                                      "the application is up.")};
    } else if (status >= 400) {
        m.summary = QStringLiteral("A client error that is not about authentication.");
        m.nextSteps = {QStringLiteral("Read the response body: it usually names the problem.")};
    } else {
        m.summary = QStringLiteral("An unusual final status for an API request.");
        m.nextSteps = {QStringLiteral("Look at the Headers and Body tabs.")};
    }
    addWithheldNote(m, sent);
    return m;
}

} // namespace Authlens::Diagnosis::Rules
