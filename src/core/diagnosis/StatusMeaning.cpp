#include "diagnosis/StatusMeaning.h"

#include "auth/HeaderParser.h"
#include "http/RequestSpec.h"

#include <QRegularExpression>
#include <QUrlQuery>

#include <optional>

// What a status code means for authentication, in plain words. The cause catalog (DESIGN.md §5) goes
// deeper; this reads only the final response, the request that produced it and the hop ledger.

namespace Authlens::Diagnosis {

namespace {

using Http::Exchange;
using Http::HeaderList;
using Http::Hop;

// ---- challenges -----------------------------------------------------------------------------------

using Auth::Challenge;

QList<Challenge> challengesIn(const HeaderList& headers, QByteArrayView name)
{
    return Auth::parseChallenges(Http::headerValues(headers, name)).challenges;
}

QString latin(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes);
}

QString quote(QByteArrayView bytes)
{
    return u'“' + QString::fromUtf8(bytes) + u'”';
}

QString describeChallenge(const Challenge& c)
{
    QStringList details;
    for (const char* name : {"realm", "error", "scope", "charset", "algorithm", "stale"}) {
        const QByteArray v = c.value(name);
        if (!v.isNull())
            details.append(QStringLiteral("%1 %2").arg(QString::fromLatin1(name), quote(v)));
    }
    return details.isEmpty() ? latin(c.scheme) : QStringLiteral("%1 (%2)").arg(latin(c.scheme), details.join(u", "));
}

QStringList schemeNames(const QList<Challenge>& challenges)
{
    QStringList names;
    for (const Challenge& c : challenges) {
        const QString name = latin(c.scheme);
        if (!names.contains(name, Qt::CaseInsensitive))
            names.append(name);
    }
    return names;
}

const Challenge* findScheme(const QList<Challenge>& challenges, QByteArrayView scheme)
{
    for (const Challenge& c : challenges) {
        if (c.isScheme(scheme))
            return &c;
    }
    return nullptr;
}

QString joinOr(const QStringList& items)
{
    if (items.size() <= 1)
        return items.value(0);
    return QStringList(items.mid(0, items.size() - 1)).join(u", ") + u" or " + items.last();
}

// ---- what the request carried ---------------------------------------------------------------------

bool looksLikeSecretHeader(QByteArrayView name)
{
    const QByteArray lower = name.toByteArray().toLower();
    if (lower == "authorization" || lower == "proxy-authorization" || lower == "cookie")
        return false; // reported on their own
    for (const char* part : {"api-key", "apikey", "api_key", "token", "secret", "x-auth"}) {
        if (lower.contains(part))
            return true;
    }
    return false;
}

bool looksLikeSecretQueryName(const QString& name)
{
    static const QStringList names
        = {QStringLiteral("api_key"),      QStringLiteral("apikey"), QStringLiteral("api-key"), QStringLiteral("key"),
           QStringLiteral("access_token"), QStringLiteral("token"),  QStringLiteral("auth")};
    return names.contains(name, Qt::CaseInsensitive);
}

struct SentCredentials
{
    QByteArray authorization; // the full value; never quoted back to the user
    QByteArray authScheme;
    QString basicUser;
    QStringList cookieNames;
    QStringList secretHeaders;
    QStringList secretQuery;
    QList<Http::Withheld> withheld; // on the final request

    bool any() const
    {
        return !authorization.isEmpty() || !cookieNames.isEmpty() || !secretHeaders.isEmpty() || !secretQuery.isEmpty();
    }
};

SentCredentials sentCredentials(const Hop& hop)
{
    SentCredentials s;
    const HeaderList& headers = hop.request.headers;
    s.authorization = Http::headerValue(headers, "Authorization");
    if (!s.authorization.isEmpty()) {
        const QByteArray trimmed = s.authorization.trimmed();
        const qsizetype space = trimmed.indexOf(' ');
        s.authScheme = space > 0 ? trimmed.left(space) : trimmed;
        if (s.authScheme.compare("Basic", Qt::CaseInsensitive) == 0 && space > 0) {
            const QByteArray decoded = QByteArray::fromBase64(trimmed.mid(space + 1).trimmed());
            const qsizetype colon = decoded.indexOf(':');
            if (colon >= 0)
                s.basicUser = QString::fromUtf8(decoded.left(colon));
        }
    }
    for (const QByteArray& cookie : Http::headerValues(headers, "Cookie")) {
        for (const QByteArray& pair : cookie.split(';')) {
            const QByteArray name = pair.left(pair.indexOf('=')).trimmed();
            if (!name.isEmpty())
                s.cookieNames.append(QString::fromUtf8(name));
        }
    }
    for (const Http::Header& h : headers) {
        if (looksLikeSecretHeader(h.first))
            s.secretHeaders.append(latin(h.first));
    }
    const QList<QPair<QString, QString>> items = QUrlQuery(hop.request.url).queryItems();
    for (const auto& item : items) {
        if (looksLikeSecretQueryName(item.first))
            s.secretQuery.append(item.first);
    }
    s.withheld = hop.withheld;
    return s;
}

QString describeSent(const SentCredentials& s)
{
    QStringList parts;
    if (!s.authorization.isEmpty()) {
        if (!s.basicUser.isNull())
            parts.append(QStringLiteral("Basic credentials for user %1").arg(quote(s.basicUser.toUtf8())));
        else
            parts.append(QStringLiteral("an Authorization header with the %1 scheme").arg(latin(s.authScheme)));
    }
    if (!s.cookieNames.isEmpty())
        parts.append(QStringLiteral("cookies (%1)").arg(s.cookieNames.join(u", ")));
    for (const QString& h : s.secretHeaders)
        parts.append(QStringLiteral("a %1 header").arg(h));
    for (const QString& q : s.secretQuery)
        parts.append(QStringLiteral("a “%1” query parameter").arg(q));
    return parts.join(u"; ");
}

QString describeWithheld(const QList<Http::Withheld>& withheld)
{
    QStringList parts;
    for (const Http::Withheld& w : withheld) {
        const QString name
            = w.name.startsWith('?') ? QStringLiteral("query parameter “%1”").arg(latin(w.name.mid(1))) : latin(w.name);
        parts.append(w.reason.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, w.reason));
    }
    return parts.join(u"; ");
}

KeyHeader authorizationKey(const SentCredentials& s, const QString& meaningWhenAbsent)
{
    KeyHeader k;
    k.name = "Authorization";
    k.present = !s.authorization.isEmpty();
    // The scheme only: the panel must never print the secret itself.
    k.value = k.present ? s.authScheme + " …" : QByteArray();
    k.meaning = k.present
        ? QStringLiteral("Your request sent %1 credentials (value not shown).").arg(latin(s.authScheme))
        : meaningWhenAbsent;
    return k;
}

KeyHeader responseKey(const HeaderList& headers, QByteArrayView name, const QString& meaningPresent,
                      const QString& meaningAbsent)
{
    KeyHeader k;
    k.name = name.toByteArray();
    k.present = Http::hasHeader(headers, name);
    k.value = k.present ? Http::headerValues(headers, name).join(", ") : QByteArray();
    k.meaning = k.present ? meaningPresent : meaningAbsent;
    return k;
}

QList<KeyHeader> challengeKeys(const HeaderList& headers, QByteArrayView name, const QString& absentMeaning)
{
    QList<KeyHeader> keys;
    const QList<QByteArray> values = Http::headerValues(headers, name);
    for (const QByteArray& v : values) {
        const QList<Challenge> cs = Auth::parseChallengeField(v).challenges;
        QStringList described;
        for (const Challenge& c : cs)
            described.append(describeChallenge(c));
        keys.append({name.toByteArray(), v, true,
                     cs.size() > 1
                         ? QStringLiteral("%1 challenges in one field: %2.").arg(cs.size()).arg(described.join(u"; "))
                         : QStringLiteral("Challenge: %1.").arg(described.value(0))});
    }
    if (values.isEmpty())
        keys.append({name.toByteArray(), {}, false, absentMeaning});
    return keys;
}

bool looksLikeLoginUrl(const QUrl& url)
{
    static const QRegularExpression re(
        QStringLiteral("(log-?in|log-?on|sign-?in|sign_in|/sso(/|$)|/authorize|/oauth|/cas/|/auth(/|$)|session/new)"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(url.path()).hasMatch() || re.match(url.query()).hasMatch();
}

QString statusReason(const Http::ResponseRecord& r)
{
    return r.reason.isEmpty() ? QString() : u' ' + QString::fromUtf8(r.reason);
}

void addWithheldNote(StatusMeaning& m, const SentCredentials& sent)
{
    if (sent.withheld.isEmpty())
        return;
    m.summary
        += QStringLiteral(" Note: on this last request Authlens withheld %1.").arg(describeWithheld(sent.withheld));
    m.nextSteps.prepend(QStringLiteral(
        "Credentials were withheld on the final hop (see the Redirects tab). If you trust that origin, add it "
        "to the profile's allowed origins and resend."));
}

// ---- per status ------------------------------------------------------------------------------------

StatusMeaning explainTransportError(const Exchange& exchange)
{
    StatusMeaning m;
    m.status = exchange.finalStatus();
    const Http::Error& e = exchange.error;
    const QUrl url = exchange.hops.isEmpty() ? QUrl() : exchange.hops.last().request.url;
    const QString where = url.isValid()
        ? url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)
        : QStringLiteral("the server");
    const QString detail = e.message.isEmpty() ? QString() : QStringLiteral(" The transport said: %1").arg(e.message);
    switch (e.kind) {
    case Http::ErrorKind::Cancelled:
        m.title = QStringLiteral("Cancelled");
        m.summary = QStringLiteral(
            "You cancelled the request before it completed. Nothing was concluded about authentication.");
        m.nextSteps = {QStringLiteral("Send the request again when you are ready.")};
        break;
    case Http::ErrorKind::ConnectionRefused:
        m.title = QStringLiteral("Connection refused — nothing is listening");
        m.summary
            = QStringLiteral("No server accepted a connection at %1. The request never reached an application, so "
                             "this is not an authentication problem yet.%2")
                  .arg(where, detail);
        m.nextSteps = {QStringLiteral("Check that the server is running and listening on that port."),
                       QStringLiteral("Check host and port in the URL (http vs https ports: 80/443 or the dev port)."),
                       QStringLiteral("For the demo API: Help → Start demo API, then pick a demo request.")};
        break;
    case Http::ErrorKind::HostNotFound:
        m.title = QStringLiteral("Host not found");
        m.summary = QStringLiteral("The host name in %1 could not be resolved.%2").arg(where, detail);
        m.nextSteps = {QStringLiteral("Check the spelling of the host name."),
                       QStringLiteral("Check DNS or VPN: internal hosts often resolve only on the company network.")};
        break;
    case Http::ErrorKind::ConnectTimeout:
    case Http::ErrorKind::TotalTimeout:
        m.title = e.kind == Http::ErrorKind::ConnectTimeout ? QStringLiteral("Timed out while connecting")
                                                            : QStringLiteral("Timed out waiting for the response");
        m.summary = QStringLiteral("%1 did not answer in time.%2").arg(where, detail);
        m.nextSteps = {QStringLiteral("Check that the host is reachable (firewall, VPN, proxy)."),
                       QStringLiteral("A server that hangs on the auth step (e.g. a slow token introspection) can also "
                                      "cause this: try a public endpoint of the same API.")};
        break;
    case Http::ErrorKind::Tls: {
        m.title = QStringLiteral("TLS handshake failed");
        QStringList errors;
        for (const Hop& hop : exchange.hops)
            errors += hop.tls.errors;
        m.summary
            = QStringLiteral("The secure connection to %1 could not be established, so no HTTP request was sent.%2")
                  .arg(where, detail);
        if (!errors.isEmpty())
            m.summary += QStringLiteral(" Certificate problems: %1.").arg(errors.join(u"; "));
        m.nextSteps = {
            QStringLiteral(
                "Look at the TLS tab: expired, self-signed or wrong-host certificates are the usual causes."),
            QStringLiteral("A company proxy that inspects TLS presents its own certificate: install its CA."),
            QStringLiteral("If the server asks for a client certificate (mutual TLS), configure one for the profile."),
            QStringLiteral("Only for a test server you control: enable the profile's “ignore TLS errors” switch.")};
        break;
    }
    case Http::ErrorKind::TooManyRedirects:
    case Http::ErrorKind::RedirectLoop:
        m.title = e.kind == Http::ErrorKind::RedirectLoop ? QStringLiteral("Redirect loop")
                                                          : QStringLiteral("Too many redirects");
        m.summary
            = QStringLiteral("The server kept redirecting (%1 hops).%2 A loop between an application and its login "
                             "page usually means a session cookie is not accepted or not sent back.")
                  .arg(exchange.hops.size())
                  .arg(detail);
        m.nextSteps
            = {QStringLiteral("Open the Redirects tab and look for the hop where the cycle starts."),
               QStringLiteral("Check the Cookies tab: was a Set-Cookie rejected, or withheld (Secure over http, "
                              "domain, path)?")};
        break;
    case Http::ErrorKind::InvalidRedirect:
        m.title = QStringLiteral("Invalid redirect");
        m.summary = QStringLiteral("The server redirected to a Location Authlens cannot follow.%1").arg(detail);
        m.nextSteps = {QStringLiteral("Look at the Location header of the last hop in the Redirects tab.")};
        break;
    case Http::ErrorKind::InvalidRequest:
        m.title = QStringLiteral("The request could not be sent");
        m.summary = QStringLiteral("The request is not valid.%1").arg(detail);
        m.nextSteps = {QStringLiteral("Check the URL (scheme http or https, host) and the header names.")};
        break;
    case Http::ErrorKind::Proxy: {
        const QString proxy = exchange.hops.isEmpty() ? QString() : exchange.hops.last().request.proxy;
        const QString via = proxy.isEmpty() ? QStringLiteral("the proxy") : QStringLiteral("the proxy %1").arg(proxy);
        if (e.message.startsWith(u"407")) {
            m.status = 407;
            m.isAuthFailure = true;
            m.title = QStringLiteral("407 — the proxy wants credentials");
            m.summary = QStringLiteral("The request went to %1, which answered 407 before anything reached %2: the "
                                       "proxy, not the API, refused it.%3")
                            .arg(via, where, detail);
            m.nextSteps = {QStringLiteral("Set the proxy user in the profile's Connection tab and its password "
                                          "(kept in the keychain); in authlens-cli, --proxy-user USER:PASSWORD."),
                           QStringLiteral("If the proxy asks for NTLM or Negotiate (Kerberos), use the system "
                                          "proxy settings with a local authenticating proxy.")};
        } else {
            m.title = QStringLiteral("The proxy failed");
            m.summary = QStringLiteral("The request went to %1, which could not be reached or gave up before %2 "
                                       "answered.%3")
                            .arg(via, where, detail);
            m.nextSteps = {QStringLiteral("Check the proxy host and port in the profile's Connection tab."),
                           QStringLiteral("If this host should be reached directly, set the profile's proxy to None "
                                          "(or add the host to no_proxy for the system settings).")};
        }
        break;
    }
    case Http::ErrorKind::RemoteClosed:
        m.title = QStringLiteral("The server closed the connection");
        m.summary = QStringLiteral("%1 closed the connection before a complete response arrived.%2").arg(where, detail);
        m.nextSteps = {QStringLiteral("Check whether the server expects https on this port (or http)."),
                       QStringLiteral("Very large headers (many cookies, a huge token) make some servers drop the "
                                      "connection: check the request headers' size.")};
        break;
    default:
        m.title = QStringLiteral("The request failed (%1)").arg(Http::errorKindName(e.kind));
        m.summary = QStringLiteral("No usable response arrived.%1").arg(detail);
        m.nextSteps = {QStringLiteral("Check the network path to %1 and retry.").arg(where)};
        break;
    }
    if (exchange.hasResponse() && e.kind != Http::ErrorKind::Cancelled)
        m.summary += QStringLiteral(" The last response that did arrive had status %1.").arg(exchange.finalStatus());
    return m;
}

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

} // namespace

StatusMeaning explainStatus(const Http::Exchange& exchange)
{
    if (exchange.error.isError())
        return explainTransportError(exchange);
    const Hop* hop = exchange.finalResponseHop();
    if (!hop) {
        StatusMeaning m;
        m.title = QStringLiteral("No response");
        m.summary = exchange.hops.isEmpty() ? QStringLiteral("No request was sent.")
                                            : QStringLiteral("The request was sent but no response arrived.");
        m.nextSteps = {QStringLiteral("Send the request again.")};
        return m;
    }

    const SentCredentials sent = sentCredentials(*hop);
    const int status = hop->response.status;
    StatusMeaning m;
    if (status == 401)
        m = explain401(*hop, sent);
    else if (status == 403)
        m = explain403(*hop, sent);
    else if (status == 407)
        m = explain407(*hop, sent);
    else if (status == 429)
        m = explain429(*hop, sent);
    else if (status == 400)
        m = explain400(*hop, sent);
    else if (status >= 300 && status < 400)
        m = explainRedirect(*hop, sent);
    else if (status >= 200 && status < 300)
        m = explainSuccess(exchange, *hop, sent);
    else
        m = explainOther(*hop, sent);
    m.status = status;
    return m;
}

} // namespace Authlens::Diagnosis
