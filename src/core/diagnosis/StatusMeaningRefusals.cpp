// 401, 403, 407 and 429: the server (or a proxy, a gateway, a WAF) refused the request.
#include "diagnosis/StatusRules.h"

#include <optional>

namespace Authlens::Diagnosis::Rules {

StatusMeaning explain401(const Hop& hop, const SentCredentials& sent)
{
    const HeaderList& headers = hop.response.headers;
    StatusMeaning m;
    m.isAuthFailure = true;
    const QList<Challenge> challenges = challengesIn(headers, "WWW-Authenticate");
    m.headers = challengeKeys(headers, "WWW-Authenticate",
                              QStringLiteral("Missing. A 401 must name at least one scheme here (RFC 9110 §11.6.1)."));
    m.headers.append(authorizationKey(sent, QStringLiteral("Your request sent no Authorization header.")));

    if (challenges.isEmpty()) {
        m.title = QStringLiteral("401 Unauthorized — but the server named no scheme");
        m.summary = QStringLiteral(
            "The server refused the request as unauthenticated but sent no WWW-Authenticate header. HTTP requires a "
            "401 to carry at least one challenge, so either the server is misconfigured, or a proxy, gateway or CDN "
            "removed the header on the way. Nothing in the response says which credentials it expects.");
        m.nextSteps
            = {QStringLiteral("Check the API documentation for the expected method: Bearer token, API key header, "
                              "Basic, or a cookie session.")};
        m.nextSteps.append(sent.any()
                               ? QStringLiteral("You sent %1: check that they are current and meant for this API.")
                                     .arg(describeSent(sent))
                               : QStringLiteral("Your request carried no credentials: add them in the Auth tab, "
                                                "or pick a profile that has them."));
        m.nextSteps.append(QStringLiteral("Ask the API owners to send a WWW-Authenticate challenge with every 401."));
        addWithheldNote(m, sent);
        return m;
    }

    const QStringList schemes = schemeNames(challenges);
    m.title = schemes.size() == 1
        ? QStringLiteral("401 Unauthorized — the server wants %1 credentials").arg(schemes.first())
        : QStringLiteral("401 Unauthorized — the server wants one of: %1").arg(schemes.join(u", "));

    QStringList described;
    for (const Challenge& c : challenges)
        described.append(describeChallenge(c));
    const Challenge* offeredSent = sent.authScheme.isEmpty() ? nullptr : findScheme(challenges, sent.authScheme);

    if (sent.authorization.isEmpty()) {
        m.summary = QStringLiteral("Your request carried no Authorization header, so the server asks for credentials. "
                                   "It offers: %1.")
                        .arg(described.join(u"; "));
        m.nextSteps.append(
            QStringLiteral("Add %1 credentials in the Auth tab, or select a profile that has them, and send "
                           "again.")
                .arg(joinOr(schemes)));
    } else if (!offeredSent) {
        m.summary = QStringLiteral("You sent %1 credentials, but the server only offers: %2. Credentials in a scheme "
                                   "the server does not accept are ignored.")
                        .arg(latin(sent.authScheme), described.join(u"; "));
        m.nextSteps.append(QStringLiteral("Switch the Auth tab to %1.").arg(joinOr(schemes)));
    } else {
        m.summary = QStringLiteral("The server refused the %1 credentials you sent. It offers: %2.")
                        .arg(latin(sent.authScheme), described.join(u"; "));
        const QByteArray error = offeredSent->value("error");
        const QByteArray description = offeredSent->value("error_description");
        if (!description.isEmpty())
            m.summary += QStringLiteral(" Its explanation: %1.").arg(quote(description));
        if (error == "invalid_token") {
            m.summary += QStringLiteral(" error=\"invalid_token\" means the token is expired, revoked, malformed, or "
                                        "not meant for this API (RFC 6750 §3.1).");
            m.nextSteps.append(QStringLiteral("Get a fresh access token (refresh it or log in again) and resend."));
            m.nextSteps.append(QStringLiteral("Decode the token and check “exp”, “aud” and “iss” against what this "
                                              "API expects."));
            m.headers.append(responseKey(headers, "Date",
                                         QStringLiteral("The server's clock. Tokens are checked against it: compare it "
                                                        "with the token's “exp” and “nbf” and with your own clock."),
                                         QStringLiteral("No server time was sent; clock skew cannot be checked.")));
        } else if (error == "invalid_request") {
            m.summary += QStringLiteral(" error=\"invalid_request\": the request is malformed — a parameter missing or "
                                        "repeated, or the token sent in more than one way.");
            m.nextSteps.append(QStringLiteral("Send the token in exactly one place: the Authorization header."));
        } else if (error == "insufficient_scope") {
            m.nextSteps.append(
                QStringLiteral("Request a token with the scope %1.").arg(quote(offeredSent->value("scope"))));
        } else if (offeredSent->isScheme("Basic")) {
            m.nextSteps.append(sent.basicUser.isNull()
                                   ? QStringLiteral("The Basic value is not valid base64 of “user:password”: "
                                                    "re-enter user and password in the Auth tab.")
                                   : QStringLiteral("Check the password for user %1; user names are often "
                                                    "case-sensitive.")
                                         .arg(quote(sent.basicUser.toUtf8())));
            if (offeredSent->value("charset").compare("UTF-8", Qt::CaseInsensitive) == 0)
                m.nextSteps.append(QStringLiteral("The server declares charset=\"UTF-8\": non-ASCII passwords are "
                                                  "expected in UTF-8."));
        } else if (offeredSent->isScheme("Digest")
                   && offeredSent->value("stale").compare("true", Qt::CaseInsensitive) == 0) {
            m.summary += QStringLiteral(" stale=true: the password was right, only the nonce had expired.");
            m.nextSteps.append(QStringLiteral("Send again: the new nonce is in this challenge."));
        } else {
            m.nextSteps.append(QStringLiteral("Check that the %1 credentials are current and meant for this API.")
                                   .arg(latin(sent.authScheme)));
        }
    }

    if (challenges.size() > 1)
        m.nextSteps.append(
            QStringLiteral("The server sent %1 challenges; meeting any one of them is enough.").arg(challenges.size()));
    for (const Challenge& c : challenges) {
        const QByteArray metadata = c.value("resource_metadata");
        if (!metadata.isEmpty()) {
            m.nextSteps.append(
                QStringLiteral("The challenge points to resource metadata at %1 (RFC 9728): it names the "
                               "authorization server that issues tokens for this API.")
                    .arg(QString::fromUtf8(metadata)));
        }
    }
    addWithheldNote(m, sent);
    return m;
}

namespace {

struct Intermediary
{
    QString name;
    bool gateway = false; // an API gateway rather than a WAF/CDN
};

std::optional<Intermediary> intermediary(const HeaderList& headers, QList<KeyHeader>& keys)
{
    const QByteArray server = Http::headerValue(headers, "Server").toLower();
    struct Hint
    {
        const char* header;
        const char* name;
        bool gateway;
    };
    static constexpr Hint hints[] = {
        {"cf-ray", "Cloudflare", false},
        {"cf-mitigated", "Cloudflare", false},
        {"x-amz-cf-id", "Amazon CloudFront", false},
        {"x-amzn-waf-action", "AWS WAF", false},
        {"x-iinfo", "Imperva Incapsula", false},
        {"x-sucuri-id", "Sucuri", false},
        {"x-akamai-request-id", "Akamai", false},
        {"akamai-grn", "Akamai", false},
        {"x-azure-ref", "Azure Front Door", false},
        {"x-amzn-errortype", "AWS API Gateway", true},
        {"x-amz-apigw-id", "AWS API Gateway", true},
        {"x-kong-response-latency", "Kong", true},
        {"x-kong-request-id", "Kong", true},
    };
    for (const Hint& h : hints) {
        if (Http::hasHeader(headers, h.header)) {
            keys.append(responseKey(headers, h.header,
                                    QStringLiteral("Set by %1: it answered, possibly before the application saw "
                                                   "the request.")
                                        .arg(QString::fromLatin1(h.name)),
                                    {}));
            return Intermediary {QString::fromLatin1(h.name), h.gateway};
        }
    }
    static constexpr Hint servers[] = {
        {"cloudflare", "Cloudflare", false},
        {"akamaighost", "Akamai", false},
        {"awselb", "AWS load balancer", false},
        {"awsalb", "AWS load balancer", false},
        {"sucuri", "Sucuri", false},
        {"bigip", "F5 BIG-IP", false},
        {"kong", "Kong", true},
        {"apigee", "Apigee", true},
    };
    for (const Hint& h : servers) {
        if (server.contains(h.header))
            return Intermediary {QString::fromLatin1(h.name), h.gateway};
    }
    return std::nullopt;
}

} // namespace

StatusMeaning explain403(const Hop& hop, const SentCredentials& sent)
{
    const HeaderList& headers = hop.response.headers;
    StatusMeaning m;
    m.isAuthFailure = true;
    const QList<Challenge> challenges = challengesIn(headers, "WWW-Authenticate");
    const Challenge* bearer = findScheme(challenges, "Bearer");
    if (!challenges.isEmpty())
        m.headers = challengeKeys(headers, "WWW-Authenticate", {});
    m.headers.append(authorizationKey(sent, QStringLiteral("Your request sent no Authorization header.")));
    m.headers.append(responseKey(headers, "Server",
                                 QStringLiteral("The software that answered. A CDN or WAF name here means the "
                                                "application may never have seen the request."),
                                 QStringLiteral("Not sent.")));

    if (bearer && bearer->value("error") == "insufficient_scope") {
        const QByteArray scope = bearer->value("scope");
        m.title = QStringLiteral("403 Forbidden — the token lacks a scope");
        m.summary = QStringLiteral("The token was accepted, but it does not grant what this request needs "
                                   "(error=\"insufficient_scope\", RFC 6750 §3.1).");
        if (!scope.isEmpty())
            m.summary += QStringLiteral(" Required scope: %1.").arg(quote(scope));
        m.nextSteps
            = {scope.isEmpty() ? QStringLiteral("Find the required scope in the API documentation.")
                               : QStringLiteral("Request a new token that includes the scope %1.").arg(quote(scope)),
               QStringLiteral("Decode the token and compare its “scope”/“scp” claim with what the API wants."),
               QStringLiteral("If the authorization server refuses that scope, your client or user lacks the "
                              "grant: ask an administrator.")};
        addWithheldNote(m, sent);
        return m;
    }

    if (const std::optional<Intermediary> via = intermediary(headers, m.headers)) {
        m.title = via->gateway ? QStringLiteral("403 Forbidden — rejected by an API gateway (%1)").arg(via->name)
                               : QStringLiteral("403 Forbidden — blocked by %1, not the application").arg(via->name);
        m.summary = via->gateway
            ? QStringLiteral("The response comes from %1, an API gateway in front of the application. Gateways reject "
                             "missing or unknown API keys, unsubscribed keys, and requests without the token they "
                             "expect, before the application is asked.")
                  .arg(via->name)
            : QStringLiteral("The response carries the marks of %1, a CDN/WAF in front of the application. Firewalls "
                             "block by IP address, country, bot score or request pattern; your credentials may never "
                             "have been checked.")
                  .arg(via->name);
        m.nextSteps = {via->gateway ? QStringLiteral("Check the API key or subscription the gateway expects, and the "
                                                     "header it reads it from.")
                                    : QStringLiteral("Read the response body: WAFs name a rule or a ray/request id."),
                       QStringLiteral("Try from another network or without a VPN; ask the operators to look up the "
                                      "request id.")};
        addWithheldNote(m, sent);
        return m;
    }

    if (!sent.any()) {
        m.title = QStringLiteral("403 Forbidden — and no credentials were sent");
        m.summary = QStringLiteral("The request carried no credentials. Some servers answer 403 where 401 would be "
                                   "correct; others forbid this resource to anonymous users.");
        m.nextSteps = {QStringLiteral("Add credentials in the Auth tab (or pick a profile) and send again."),
                       QStringLiteral("If it stays 403 with credentials, the account lacks permission.")};
        addWithheldNote(m, sent);
        return m;
    }

    m.title = QStringLiteral("403 Forbidden — authenticated, but not permitted");
    m.summary = QStringLiteral("You sent %1. The server understood the request and (most likely) knows who you are, "
                               "but refuses it: the account, client or key has no permission for this resource or "
                               "method. Sending the same credentials again will not help.")
                    .arg(describeSent(sent));
    m.nextSteps = {QStringLiteral("Check which account the credentials belong to — a different user, tenant or "
                                  "environment is a common cause."),
                   QStringLiteral("Ask for the role or permission this resource needs."),
                   QStringLiteral("Read the response body: many APIs name the missing permission.")};
    const QByteArray method = hop.request.method.toUpper();
    if (!sent.cookieNames.isEmpty() && method != "GET" && method != "HEAD" && method != "OPTIONS") {
        m.nextSteps.append(QStringLiteral("This is a %1 with a cookie session: a missing or stale CSRF token "
                                          "(X-CSRF-Token / X-XSRF-TOKEN) also gives 403.")
                               .arg(latin(method)));
    }
    addWithheldNote(m, sent);
    return m;
}

StatusMeaning explain407(const Hop& hop, const SentCredentials& sent)
{
    const HeaderList& headers = hop.response.headers;
    StatusMeaning m;
    m.isAuthFailure = true;
    const QList<Challenge> challenges = challengesIn(headers, "Proxy-Authenticate");
    m.headers = challengeKeys(headers, "Proxy-Authenticate",
                              QStringLiteral("Missing. A 407 must name the scheme the proxy wants."));
    const bool sentProxyAuth = Http::hasHeader(hop.request.headers, "Proxy-Authorization");
    m.headers.append({"Proxy-Authorization", sentProxyAuth ? QByteArray("…") : QByteArray(), sentProxyAuth,
                      sentProxyAuth ? QStringLiteral("Proxy credentials were sent (value not shown).")
                                    : QStringLiteral("No proxy credentials were sent.")});
    const QStringList schemes = schemeNames(challenges);
    m.title = schemes.isEmpty()
        ? QStringLiteral("407 Proxy Authentication Required")
        : QStringLiteral("407 Proxy Authentication Required — the proxy wants %1").arg(joinOr(schemes));
    m.summary = QStringLiteral("A proxy between you and the server refused to forward the request. This is about the "
                               "proxy's credentials, not the API's: your Authorization header is for the server and "
                               "the proxy ignores it.");
    m.nextSteps = {sentProxyAuth ? QStringLiteral("The proxy refused the Proxy-Authorization you sent: check the proxy "
                                                  "user and password.")
                                 : QStringLiteral("Configure credentials for the proxy (Proxy-Authorization)."),
                   QStringLiteral("Corporate proxies usually want Negotiate or NTLM (your OS login)."),
                   QStringLiteral("If you did not expect a proxy, check HTTP_PROXY / HTTPS_PROXY and the system proxy "
                                  "settings.")};
    addWithheldNote(m, sent);
    return m;
}

StatusMeaning explain429(const Hop& hop, const SentCredentials& sent)
{
    const HeaderList& headers = hop.response.headers;
    StatusMeaning m;
    m.title = QStringLiteral("429 Too Many Requests — rate limited");
    m.summary = QStringLiteral("The server (or a gateway) counts your requests and you are over the limit. Your "
                               "credentials are not the problem; the limit is often per key, token, user or IP.");
    const QByteArray retryAfter = Http::headerValue(headers, "Retry-After").trimmed();
    bool seconds = false;
    const int wait = retryAfter.toInt(&seconds);
    m.headers.append(responseKey(
        headers, "Retry-After",
        seconds ? QStringLiteral("Wait %1 seconds before the next request.").arg(wait)
                : QStringLiteral("Wait until %1 before the next request.").arg(QString::fromLatin1(retryAfter)),
        QStringLiteral("Not sent: the server does not say how long to wait.")));
    bool anyRateLimit = false;
    for (const char* name : {"RateLimit", "RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining",
                             "RateLimit-Reset", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}) {
        if (!Http::hasHeader(headers, name))
            continue;
        anyRateLimit = true;
        const QByteArray lower = QByteArray(name).toLower();
        QString meaning = QStringLiteral("Rate-limit information from the server.");
        if (lower.endsWith("limit"))
            meaning = QStringLiteral("How many requests the window allows.");
        else if (lower.endsWith("remaining"))
            meaning = QStringLiteral("How many requests are left in the current window.");
        else if (lower.endsWith("reset"))
            meaning = QStringLiteral("When the window resets (seconds from now, or a Unix time for some X- headers).");
        else if (lower.endsWith("policy"))
            meaning = QStringLiteral("The quota policy: limit and window length (IETF RateLimit fields).");
        m.headers.append(responseKey(headers, name, meaning, {}));
    }
    if (!anyRateLimit)
        m.headers.append({"RateLimit", {}, false, QStringLiteral("No RateLimit-* or X-RateLimit-* fields were sent.")});
    m.nextSteps
        = {retryAfter.isEmpty()
               ? QStringLiteral("Wait a little (start with a few seconds, then back off) and "
                                "send again.")
               : QStringLiteral("Wait as Retry-After says (%1), then send again.").arg(QString::fromLatin1(retryAfter)),
           QStringLiteral("In scripts, back off exponentially instead of retrying in a loop."),
           QStringLiteral("If the quota is per key or token, check that you use the key meant for this "
                          "environment.")};
    addWithheldNote(m, sent);
    return m;
}

} // namespace Authlens::Diagnosis::Rules
