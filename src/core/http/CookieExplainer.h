#pragma once

// The cookie explainer (DESIGN.md §8): for every jar cookie on every hop, sent or the rule that withheld
// it; for every Set-Cookie of a response, stored or why it was refused. Pure functions over value types.
// CookieJar and ExchangeRun store and send exactly what these functions decide, so a verdict is what the
// client did, not a guess about it. The rules follow RFC 6265 (https://www.rfc-editor.org/rfc/rfc6265),
// with RFC 6265bis (draft-ietf-httpbis-rfc6265bis-12) for name prefixes, size limits and Secure from
// insecure origins. A native client has no site context: SameSite and third-party rules never apply.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QNetworkCookie>
#include <QString>
#include <QUrl>

#include <optional>

namespace Authlens::Http {

/// What happened to a jar cookie on a request. The machine names (cookieSendStatusName()) are Chromium
/// DevTools' Network.CookieBlockedReason values
/// (https://chromedevtools.github.io/devtools-protocol/tot/Network/#type-CookieBlockedReason), plus
/// "Sent" and "Expired".
enum class CookieSendStatus {
    Sent,
    DomainMismatch, ///< RFC 6265 §5.4 step 1: a host-only cookie and another host, or a host outside its Domain
    NotOnPath, ///< §5.4 step 1 / §5.1.4: the request path does not path-match the cookie's path
    SecureOnly, ///< §5.4 step 1: a Secure cookie and a request that is not over a secure channel
    Expired, ///< §5.3: its expiry-time has passed (the jar keeps it so the reason can be shown)
    NameValuePairExceedsMaxSize, ///< RFC 6265bis §5.5: name and value together exceed 4096 bytes
    UserPreferences, ///< the user chose to resend without cookies (RequestSpec::sendJarCookies)
};

/// What happened to a Set-Cookie field. The machine names (setCookieStatusName()) are Chromium DevTools'
/// Network.SetCookieBlockedReason values
/// (https://chromedevtools.github.io/devtools-protocol/tot/Network/#type-SetCookieBlockedReason), plus
/// "Stored" and "Expired".
enum class SetCookieStatus {
    Stored,
    Expired, ///< an expiry in the past: the way servers delete a cookie (RFC 6265 §3.1); nothing is stored
    SyntaxError, ///< RFC 6265 §5.2: no "=" in the name-value pair, or an empty name
    InvalidDomain, ///< §5.3 steps 5–6: Domain is a public suffix, or the host does not domain-match it
    InvalidPrefix, ///< RFC 6265bis §4.1.3, §5.6: __Secure- without Secure, __Host- with Domain, without Secure or
                   ///< Path=/
    SecureOnly, ///< RFC 6265bis §5.6: Secure set by a response that did not come over a secure channel
    OverwriteSecure, ///< RFC 6265bis §5.6: an insecure response may not overwrite a Secure cookie
    NameValuePairExceedsMaxSize, ///< RFC 6265bis §5.5: name and value together exceed 4096 bytes
    DisallowedCharacter, ///< RFC 6265bis §5.5: a control character (other than HTAB) in the field
    NoCookieContent, ///< RFC 6265bis §5.5: neither a name nor a value
};

/// "Sent", "DomainMismatch", "NotOnPath", "SecureOnly", "Expired", "NameValuePairExceedsMaxSize",
/// "UserPreferences": stable, used in findings (`reason`), CLI JSON and tests.
QString cookieSendStatusName(CookieSendStatus status);
/// "Stored", "Expired", "SyntaxError", "InvalidDomain", "InvalidPrefix", "SecureOnly", "OverwriteSecure",
/// "NameValuePairExceedsMaxSize", "DisallowedCharacter", "NoCookieContent".
QString setCookieStatusName(SetCookieStatus status);

/// The limit of RFC 6265bis on a cookie's name and value together, in bytes.
constexpr qsizetype kMaxCookieNameValueBytes = 4096;
/// The limit of RFC 6265bis on one attribute value; longer attributes are ignored.
constexpr qsizetype kMaxCookieAttributeBytes = 1024;
/// RFC 6265bis caps Expires and Max-Age at 400 days from the time the cookie is set.
constexpr qint64 kMaxCookieLifetimeSeconds = 400LL * 24 * 3600;

/// A jar cookie on one request, and the rule that decided.
struct JarCookieVerdict
{
    /// As the jar holds it. The domain follows QNetworkCookieJar's convention: ".example.com" for a domain
    /// cookie (set with Domain=), "api.example.com" without a dot for a host-only cookie.
    QNetworkCookie cookie;
    CookieSendStatus status = CookieSendStatus::Sent;
    QString explanation; ///< the rule in words, naming the cookie's scope and the request ("Path=/app does not …")

    bool sent() const { return status == CookieSendStatus::Sent; }
    bool hostOnly() const;
};

/// A Set-Cookie field of a response, and what the client made of it.
struct SetCookieVerdict
{
    QByteArray fieldValue; ///< as received (its value part is a secret)
    /// The cookie as the jar stores it (same domain convention as JarCookieVerdict). When the field could
    /// not be parsed, only the name (if any) is set.
    QNetworkCookie cookie;
    SetCookieStatus status = SetCookieStatus::Stored;
    QString explanation;
    bool replaced = false; ///< it replaced (Stored) or deleted (Expired) a cookie the jar held

    /// Stored, or Expired (a deletion the client carried out).
    bool accepted() const { return status == SetCookieStatus::Stored || status == SetCookieStatus::Expired; }
};

// ---- the building blocks (RFC 6265 §5.1), exposed for the tests and the HAR replay ----

/// RFC 6265 §5.1.1: a cookie-date ("Wed, 09 Jun 2021 10:18:14 GMT", and the variants browsers accept).
std::optional<QDateTime> parseCookieDate(QByteArrayView text);
/// RFC 6265 §5.1.2: lower case, IDNA A-labels, no brackets around IPv6. Empty when not a valid host.
QString canonicalCookieHost(const QString& host);
/// RFC 6265 §5.1.3: `host` is `domain`, or ends with "." + `domain` and is a host name (not an IP address).
bool domainMatches(const QString& host, const QString& domain);
/// RFC 6265 §5.1.4: the default-path of a request URL ("/a/b/c" → "/a/b", "/a" → "/").
QString defaultCookiePath(const QUrl& url);
/// RFC 6265 §5.1.4: `requestPath` path-matches `cookiePath`.
bool pathMatches(const QString& requestPath, const QString& cookiePath);
/// A public suffix ("com", "co.uk", "github.io") by Qt's copy of the Public Suffix List
/// (https://publicsuffix.org/list/), the list RFC 6265 §5.3 step 5 asks user agents to use.
bool isPublicSuffix(const QString& domain);
/// The registrable domain of `host` (the public suffix plus one label: "shop.example.co.uk" →
/// "example.co.uk"); the host itself for IP addresses, single labels and public suffixes.
QString registrableDomain(const QString& host);
/// Whether cookies marked Secure may be set by and sent to `url`: https, or a loopback host (localhost,
/// *.localhost, 127.0.0.0/8, ::1). Chromium, Firefox and curl treat loopback as a secure context
/// (https://w3c.github.io/webappsec-secure-contexts/#potentially-trustworthy-origin, curl/curl#7263), so
/// a local development server with Secure cookies works here as it does in a browser.
bool isSecureCookieUrl(const QUrl& url);
/// A cookie name that usually carries a login session: the names web frameworks document (PHPSESSID,
/// JSESSIONID, ASP.NET_SessionId, connect.sid, sessionid, laravel_session, …) and names containing
/// "session", "sess", "sid", "auth", "token" or "login".
bool looksLikeSessionCookie(QByteArrayView name);

// ---- the explainer ----

/// Every jar cookie for a request to `url` at `now`, in jar order: sent, or the rule that withheld it
/// (RFC 6265 §5.4 step 1). With `sendCookies` false (the user chose to resend without cookies) the
/// cookies that would have been sent are UserPreferences instead.
QList<JarCookieVerdict> explainJarCookies(const QList<QNetworkCookie>& jar, const QUrl& url, const QDateTime& now,
                                          bool sendCookies = true);
/// The sent cookies of `verdicts` in the order of RFC 6265 §5.4 step 2: longer paths first, then earlier
/// creation (jar order).
QList<QNetworkCookie> cookiesToSend(const QList<JarCookieVerdict>& verdicts);
/// The Cookie header value for `cookies` ("a=1; b=2"), RFC 6265 §5.4 step 4.
QByteArray cookieHeaderValue(const QList<QNetworkCookie>& cookies);

/// One Set-Cookie field value received from `url` at `now`, judged against the cookies the jar holds
/// (RFC 6265 §5.2 parsing, §5.3 storage model, RFC 6265bis prefixes and limits).
SetCookieVerdict explainSetCookie(QByteArrayView fieldValue, const QUrl& url, const QList<QNetworkCookie>& jar,
                                  const QDateTime& now);
/// The same for a cookie another parser already read (a HAR file's `cookies` array, QNetworkCookie::
/// parseCookies): an empty domain means "no Domain attribute", an empty path "no Path attribute".
SetCookieVerdict explainSetCookie(const QNetworkCookie& parsed, const QUrl& url, const QList<QNetworkCookie>& jar,
                                  const QDateTime& now);
/// Carries out an accepted verdict on `jar`: stores the cookie, replacing the one with the same name,
/// domain (host-only flag included) and path in its place so it keeps its creation order (RFC 6265 §5.3
/// step 11), or deletes that cookie for an Expired verdict. Rejected verdicts change nothing. True when
/// the jar changed.
bool applySetCookie(QList<QNetworkCookie>& jar, const SetCookieVerdict& verdict);

} // namespace Authlens::Http
