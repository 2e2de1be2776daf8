#include "http/CookieExplainer.h"

#include <QHash>
#include <QHostAddress>
#include <QNetworkCookieJar>

#include <algorithm>

namespace Authlens::Http {

namespace {

/// QNetworkCookieJar::validateCookie() asks Qt's copy of the Public Suffix List (qIsEffectiveTLD is not
/// public API). A cookie for ".<domain>" from "x.<domain>" passes every other check of it, so the answer
/// is exactly "is <domain> a public suffix".
class PublicSuffixProbe final : public QNetworkCookieJar
{
public:
    bool isPublicSuffix(const QString& domain) const
    {
        QNetworkCookie cookie(QByteArrayLiteral("probe"), QByteArrayLiteral("1"));
        cookie.setDomain(u'.' + domain);
        QUrl url;
        url.setScheme(QStringLiteral("https"));
        url.setHost(QStringLiteral("probe.") + domain);
        return !validateCookie(cookie, url);
    }
};

bool isIpAddress(const QString& host)
{
    return !QHostAddress(host).isNull();
}

QString requestPath(const QUrl& url)
{
    const QString path = url.path(QUrl::FullyEncoded);
    return path.isEmpty() ? QStringLiteral("/") : path;
}

QString hostOf(const QUrl& url)
{
    return canonicalCookieHost(url.host(QUrl::FullyEncoded));
}

/// The domain of a jar cookie without the leading dot of a domain cookie.
QString bareDomain(const QNetworkCookie& cookie)
{
    const QString domain = cookie.domain().toLower();
    return domain.startsWith(u'.') ? domain.mid(1) : domain;
}

bool isHostOnly(const QNetworkCookie& cookie)
{
    return !cookie.domain().startsWith(u'.');
}

QString utcText(const QDateTime& when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

QString agoText(qint64 seconds)
{
    if (seconds < 120)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 2 * 3600)
        return QStringLiteral("%1 min").arg(seconds / 60);
    if (seconds < 2 * 86400)
        return QStringLiteral("%1 h").arg(seconds / 3600);
    return QStringLiteral("%1 days").arg(seconds / 86400);
}

QString nameText(const QByteArray& name)
{
    return name.isEmpty() ? QStringLiteral("(no name)") : QString::fromUtf8(name.left(80));
}

/// RFC 6265bis §5.5 step 1: CTL characters other than HTAB make the whole field invalid.
bool hasDisallowedCharacter(QByteArrayView text)
{
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != 0x09) || u == 0x7f;
    });
}

bool startsWithCaseless(QByteArrayView text, QByteArrayView prefix)
{
    return text.size() >= prefix.size() && text.first(prefix.size()).compare(prefix, Qt::CaseInsensitive) == 0;
}

/// What a Set-Cookie field says, before the storage model decides (RFC 6265 §5.2).
struct ParsedSetCookie
{
    QByteArray name;
    QByteArray value;
    std::optional<QString> domain; ///< the Domain attribute, leading dot removed, lower case; empty = ignored
    std::optional<QString> path; ///< the cookie-path of the last Path attribute (§5.2.4)
    std::optional<QDateTime> expiry; ///< from Max-Age (wins) or Expires
    bool secure = false;
    bool httpOnly = false;
    QNetworkCookie::SameSite sameSite = QNetworkCookie::SameSite::Default;
};

bool isDigits(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// RFC 6265 §5.2.2: Max-Age; delta ≤ 0 means "the earliest representable time" (a deletion).
std::optional<QDateTime> maxAgeExpiry(QByteArrayView value, const QDateTime& now)
{
    const bool negative = value.startsWith('-');
    const QByteArrayView digits = negative ? value.sliced(1) : value;
    if (!isDigits(digits))
        return std::nullopt;
    bool ok = false;
    const qint64 delta = digits.toLongLong(&ok);
    if (negative || (ok && delta <= 0))
        return QDateTime::fromSecsSinceEpoch(0, Qt::UTC);
    // Not ok here means more digits than a qint64 holds: "far in the future", capped like any other.
    return now.addSecs(ok ? std::min(delta, kMaxCookieLifetimeSeconds) : kMaxCookieLifetimeSeconds);
}

/// RFC 6265 §5.2: the name-value pair, then the attributes. Sets `status` when the field must be ignored.
ParsedSetCookie parseSetCookie(QByteArrayView field, const QUrl& url, const QDateTime& now,
                               std::optional<SetCookieStatus>& status, QString& why)
{
    ParsedSetCookie out;
    if (hasDisallowedCharacter(field)) {
        status = SetCookieStatus::DisallowedCharacter;
        why = QStringLiteral("The field contains a control character; RFC 6265bis §5.5 ignores such a field.");
    }
    const qsizetype semicolon = field.indexOf(';');
    const QByteArrayView pair = semicolon < 0 ? field : field.first(semicolon);
    const qsizetype eq = pair.indexOf('=');
    out.name = (eq < 0 ? QByteArrayView() : pair.first(eq)).trimmed().toByteArray();
    out.value = (eq < 0 ? pair : pair.sliced(eq + 1)).trimmed().toByteArray();
    if (status)
        return out;
    if (out.name.isEmpty() && out.value.isEmpty()) {
        status = SetCookieStatus::NoCookieContent;
        why = QStringLiteral("The field has neither a cookie name nor a value (RFC 6265bis §5.5).");
        return out;
    }
    if (eq < 0) {
        status = SetCookieStatus::SyntaxError;
        why = QStringLiteral("The name-value pair has no \"=\"; RFC 6265 §5.2 ignores the field. (Browsers that "
                             "follow RFC 6265bis keep it as a nameless cookie.)");
        out.value.clear();
        return out;
    }
    if (out.name.isEmpty()) {
        status = SetCookieStatus::SyntaxError;
        why = QStringLiteral("The cookie has no name (\"=value\"); RFC 6265 §5.2 ignores the field.");
        return out;
    }
    if (out.name.size() + out.value.size() > kMaxCookieNameValueBytes) {
        status = SetCookieStatus::NameValuePairExceedsMaxSize;
        why = QStringLiteral("Name and value are %1 bytes together, over the %2-byte limit of RFC 6265bis §5.5.")
                  .arg(out.name.size() + out.value.size())
                  .arg(kMaxCookieNameValueBytes);
        return out;
    }

    std::optional<QDateTime> expires;
    std::optional<QDateTime> maxAge;
    QByteArrayView rest = semicolon < 0 ? QByteArrayView() : field.sliced(semicolon + 1);
    while (!rest.isEmpty()) {
        const qsizetype next = rest.indexOf(';');
        const QByteArrayView av = next < 0 ? rest : rest.first(next);
        rest = next < 0 ? QByteArrayView() : rest.sliced(next + 1);
        const qsizetype avEq = av.indexOf('=');
        const QByteArray attr = (avEq < 0 ? av : av.first(avEq)).trimmed().toByteArray().toLower();
        const QByteArrayView value = avEq < 0 ? QByteArrayView() : av.sliced(avEq + 1).trimmed();
        if (value.size() > kMaxCookieAttributeBytes)
            continue; // RFC 6265bis §5.5: attribute values over 1024 bytes are ignored
        if (attr == "expires") {
            // §5.2.1: a date the algorithm of §5.1.1 cannot read is ignored.
            if (const auto date = parseCookieDate(value))
                expires = std::min(*date, now.addSecs(kMaxCookieLifetimeSeconds));
        } else if (attr == "max-age") {
            if (const auto when = maxAgeExpiry(value, now))
                maxAge = when;
        } else if (attr == "domain") {
            // §5.2.3: an empty value is ignored (an earlier Domain stays); a leading dot is dropped.
            QByteArrayView d = value;
            if (d.startsWith('.'))
                d = d.sliced(1);
            if (!d.isEmpty())
                out.domain = canonicalCookieHost(QString::fromUtf8(d));
        } else if (attr == "path") {
            // §5.2.4: a value that does not start with "/" means the default path.
            out.path = value.startsWith('/') ? QString::fromUtf8(value) : defaultCookiePath(url);
        } else if (attr == "secure") {
            out.secure = true;
        } else if (attr == "httponly") {
            out.httpOnly = true;
        } else if (attr == "samesite") {
            const QByteArray v = value.toByteArray().toLower();
            out.sameSite = v == "strict" ? QNetworkCookie::SameSite::Strict
                : v == "lax"             ? QNetworkCookie::SameSite::Lax
                : v == "none"            ? QNetworkCookie::SameSite::None
                                         : QNetworkCookie::SameSite::Default;
        }
    }
    // §5.3 step 3: Max-Age wins over Expires.
    out.expiry = maxAge ? maxAge : expires;
    return out;
}

/// RFC 6265 §5.3 storage model and the RFC 6265bis additions, on a parsed field.
SetCookieVerdict store(SetCookieVerdict verdict, const ParsedSetCookie& parsed, const QUrl& url,
                       const QList<QNetworkCookie>& jar, const QDateTime& now)
{
    const QString host = hostOf(url);
    const bool secureUrl = isSecureCookieUrl(url);
    QNetworkCookie& cookie = verdict.cookie;
    cookie = QNetworkCookie(parsed.name, parsed.value);
    cookie.setSecure(parsed.secure);
    cookie.setHttpOnly(parsed.httpOnly);
    cookie.setSameSitePolicy(parsed.sameSite);
    if (parsed.expiry)
        cookie.setExpirationDate(*parsed.expiry);
    cookie.setPath(parsed.path.value_or(defaultCookiePath(url)));

    // §5.3 steps 4–6: the Domain attribute, public suffixes, domain-match.
    QString domain = parsed.domain.value_or(QString());
    if (parsed.domain && domain.isEmpty()) {
        verdict.status = SetCookieStatus::InvalidDomain;
        verdict.explanation = QStringLiteral("The Domain attribute is not a valid host name.");
        return verdict;
    }
    if (!domain.isEmpty() && isPublicSuffix(domain)) {
        if (domain != host) {
            verdict.status = SetCookieStatus::InvalidDomain;
            verdict.explanation = QStringLiteral("Domain=%1 is a public suffix: no site may set cookies for all of "
                                                 "it (RFC 6265 §5.3 step 5).")
                                      .arg(domain);
            cookie.setDomain(u'.' + domain);
            return verdict;
        }
        domain.clear(); // a public suffix identical to the host: a host-only cookie (§5.3 step 5)
    }
    if (!domain.isEmpty() && !domainMatches(host, domain)) {
        verdict.status = SetCookieStatus::InvalidDomain;
        verdict.explanation = QStringLiteral("Domain=%1 does not cover the host %2 that set it (RFC 6265 §5.3 step 6).")
                                  .arg(domain, host);
        cookie.setDomain(u'.' + domain);
        return verdict;
    }
    const bool hostOnly = domain.isEmpty();
    cookie.setDomain(hostOnly ? host : u'.' + domain);

    // RFC 6265bis §5.6: only a secure origin may set a Secure cookie.
    if (parsed.secure && !secureUrl) {
        verdict.status = SetCookieStatus::SecureOnly;
        verdict.explanation = QStringLiteral("The cookie is marked Secure but came over %1; only https responses "
                                             "may set Secure cookies (RFC 6265bis §5.6).")
                                  .arg(url.scheme().toLower());
        return verdict;
    }
    // RFC 6265bis §5.6: an insecure origin may not overwrite (or shadow) a Secure cookie.
    if (!parsed.secure && !secureUrl) {
        const QString domain = bareDomain(cookie);
        for (const QNetworkCookie& old : jar) {
            if (old.name() != cookie.name() || !old.isSecure())
                continue;
            const QString oldDomain = bareDomain(old);
            if ((domainMatches(oldDomain, domain) || domainMatches(domain, oldDomain))
                && pathMatches(cookie.path(), old.path())) {
                verdict.status = SetCookieStatus::OverwriteSecure;
                verdict.explanation = QStringLiteral("The jar holds a Secure cookie %1 for %2%3; a response over "
                                                     "http may not overwrite it (RFC 6265bis §5.6).")
                                          .arg(nameText(cookie.name()), old.domain(), old.path());
                return verdict;
            }
        }
    }
    // RFC 6265bis §4.1.3 and §5.6: the name prefixes (matched case-insensitively).
    if (startsWithCaseless(cookie.name(), "__Secure-") && !parsed.secure) {
        verdict.status = SetCookieStatus::InvalidPrefix;
        verdict.explanation
            = QStringLiteral("A __Secure- cookie must carry the Secure attribute (RFC 6265bis §4.1.3.1).");
        return verdict;
    }
    if (startsWithCaseless(cookie.name(), "__Host-")) {
        QStringList missing;
        if (!parsed.secure)
            missing.append(QStringLiteral("it lacks Secure"));
        if (parsed.domain)
            missing.append(QStringLiteral("it has a Domain attribute"));
        if (parsed.path != QStringLiteral("/"))
            missing.append(QStringLiteral("its Path is not \"/\""));
        if (!missing.isEmpty()) {
            verdict.status = SetCookieStatus::InvalidPrefix;
            verdict.explanation = QStringLiteral("A __Host- cookie must be Secure, without Domain, with Path=/ "
                                                 "(RFC 6265bis §4.1.3.2): %1.")
                                      .arg(missing.join(QStringLiteral(", ")));
            return verdict;
        }
    }

    // §5.3 step 11: the same name, domain, host-only flag and path replace the old cookie.
    verdict.replaced = std::any_of(jar.cbegin(), jar.cend(), [&cookie](const QNetworkCookie& old) {
        return old.name() == cookie.name() && old.domain().compare(cookie.domain(), Qt::CaseInsensitive) == 0
            && old.path() == cookie.path();
    });
    if (parsed.expiry && *parsed.expiry <= now) {
        verdict.status = SetCookieStatus::Expired;
        verdict.explanation = verdict.replaced
            ? QStringLiteral("An expiry in the past: the server deleted the cookie the jar held (RFC 6265 §3.1).")
            : QStringLiteral("An expiry in the past: a deletion, though the jar held no such cookie (RFC 6265 §3.1).");
        return verdict;
    }
    verdict.status = SetCookieStatus::Stored;
    const QString scope = hostOnly ? QStringLiteral("A host-only cookie for %1").arg(host)
                                   : QStringLiteral("A cookie for %1 and its subdomains").arg(bareDomain(cookie));
    verdict.explanation = QStringLiteral("%1, path %2, %3%4.")
                              .arg(scope, cookie.path(),
                                   parsed.expiry ? QStringLiteral("until %1").arg(utcText(*parsed.expiry))
                                                 : QStringLiteral("for the session"),
                                   verdict.replaced ? QStringLiteral("; it replaces the jar's old value") : QString());
    return verdict;
}

/// §5.1.1 step 2: one token of a cookie-date, with the productions it may match.
struct DateParts
{
    std::optional<int> hour, minute, second, day, month, year;
};

bool leadingDigits(QByteArrayView token, int minDigits, int maxDigits, int* value)
{
    qsizetype n = 0;
    while (n < token.size() && token.at(n) >= '0' && token.at(n) <= '9')
        ++n;
    if (n < minDigits || n > maxDigits)
        return false;
    *value = token.first(n).toInt();
    return true; // "( non-digit *OCTET )": anything may follow the digits
}

bool parseTimeToken(QByteArrayView token, DateParts& parts)
{
    int fields[3] = {0, 0, 0};
    qsizetype at = 0;
    for (int i = 0; i < 3; ++i) {
        qsizetype n = 0;
        while (at + n < token.size() && token.at(at + n) >= '0' && token.at(at + n) <= '9')
            ++n;
        if (n < 1 || n > 2)
            return false;
        fields[i] = token.sliced(at, n).toInt();
        at += n;
        if (i < 2) {
            if (at >= token.size() || token.at(at) != ':')
                return false;
            ++at;
        }
    }
    if (at < token.size() && token.at(at) >= '0' && token.at(at) <= '9')
        return false;
    parts.hour = fields[0];
    parts.minute = fields[1];
    parts.second = fields[2];
    return true;
}

} // namespace

QString cookieSendStatusName(CookieSendStatus status)
{
    switch (status) {
    case CookieSendStatus::Sent:
        return QStringLiteral("Sent");
    case CookieSendStatus::DomainMismatch:
        return QStringLiteral("DomainMismatch");
    case CookieSendStatus::NotOnPath:
        return QStringLiteral("NotOnPath");
    case CookieSendStatus::SecureOnly:
        return QStringLiteral("SecureOnly");
    case CookieSendStatus::Expired:
        return QStringLiteral("Expired");
    case CookieSendStatus::NameValuePairExceedsMaxSize:
        return QStringLiteral("NameValuePairExceedsMaxSize");
    case CookieSendStatus::UserPreferences:
        return QStringLiteral("UserPreferences");
    }
    return {};
}

QString setCookieStatusName(SetCookieStatus status)
{
    switch (status) {
    case SetCookieStatus::Stored:
        return QStringLiteral("Stored");
    case SetCookieStatus::Expired:
        return QStringLiteral("Expired");
    case SetCookieStatus::SyntaxError:
        return QStringLiteral("SyntaxError");
    case SetCookieStatus::InvalidDomain:
        return QStringLiteral("InvalidDomain");
    case SetCookieStatus::InvalidPrefix:
        return QStringLiteral("InvalidPrefix");
    case SetCookieStatus::SecureOnly:
        return QStringLiteral("SecureOnly");
    case SetCookieStatus::OverwriteSecure:
        return QStringLiteral("OverwriteSecure");
    case SetCookieStatus::NameValuePairExceedsMaxSize:
        return QStringLiteral("NameValuePairExceedsMaxSize");
    case SetCookieStatus::DisallowedCharacter:
        return QStringLiteral("DisallowedCharacter");
    case SetCookieStatus::NoCookieContent:
        return QStringLiteral("NoCookieContent");
    }
    return {};
}

bool JarCookieVerdict::hostOnly() const
{
    return isHostOnly(cookie);
}

std::optional<QDateTime> parseCookieDate(QByteArrayView text)
{
    // §5.1.1 step 1: delimiters are %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E.
    const auto isDelimiter = [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == 0x09 || (u >= 0x20 && u <= 0x2f) || (u >= 0x3b && u <= 0x40) || (u >= 0x5b && u <= 0x60)
            || (u >= 0x7b && u <= 0x7e);
    };
    static const char* const months[]
        = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    DateParts parts;
    qsizetype i = 0;
    while (i < text.size()) {
        while (i < text.size() && isDelimiter(text.at(i)))
            ++i;
        qsizetype end = i;
        while (end < text.size() && !isDelimiter(text.at(end)))
            ++end;
        if (end == i)
            break;
        const QByteArrayView token = text.sliced(i, end - i);
        i = end;
        int value = 0;
        if (!parts.hour && parseTimeToken(token, parts))
            continue;
        if (!parts.day && leadingDigits(token, 1, 2, &value)) {
            parts.day = value;
            continue;
        }
        if (!parts.month && token.size() >= 3) {
            const QByteArray prefix = token.first(3).toByteArray().toLower();
            const auto it
                = std::find_if(std::begin(months), std::end(months), [&prefix](const char* m) { return prefix == m; });
            if (it != std::end(months)) {
                parts.month = int(it - std::begin(months)) + 1;
                continue;
            }
        }
        if (!parts.year && leadingDigits(token, 2, 4, &value)) {
            parts.year = value;
            continue;
        }
    }
    if (!parts.hour || !parts.day || !parts.month || !parts.year)
        return std::nullopt;
    int year = *parts.year;
    // §5.1.1 steps 3–4: two-digit years.
    if (year >= 70 && year <= 99)
        year += 1900;
    else if (year >= 0 && year <= 69)
        year += 2000;
    if (*parts.day < 1 || *parts.day > 31 || year < 1601 || *parts.hour > 23 || *parts.minute > 59
        || *parts.second > 59)
        return std::nullopt;
    const QDate date(year, *parts.month, *parts.day);
    if (!date.isValid()) // §5.1.1 step 6: "30 Feb" does not exist
        return std::nullopt;
    return QDateTime(date, QTime(*parts.hour, *parts.minute, *parts.second), Qt::UTC);
}

QString canonicalCookieHost(const QString& host)
{
    QString h = host.trimmed();
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    if (h.isEmpty())
        return {};
    if (isIpAddress(h))
        return QHostAddress(h).toString().toLower();
    const QByteArray ace = QUrl::toAce(h);
    return QString::fromLatin1(ace).toLower();
}

bool domainMatches(const QString& host, const QString& domain)
{
    if (host.isEmpty() || domain.isEmpty())
        return false;
    if (host.compare(domain, Qt::CaseInsensitive) == 0)
        return true;
    return host.size() > domain.size() && host.endsWith(domain, Qt::CaseInsensitive)
        && host.at(host.size() - domain.size() - 1) == u'.' && !isIpAddress(host);
}

QString defaultCookiePath(const QUrl& url)
{
    const QString path = url.path(QUrl::FullyEncoded);
    if (path.isEmpty() || !path.startsWith(u'/'))
        return QStringLiteral("/");
    const qsizetype last = path.lastIndexOf(u'/');
    return last == 0 ? QStringLiteral("/") : path.left(last);
}

bool pathMatches(const QString& requestPath, const QString& cookiePath)
{
    if (requestPath == cookiePath)
        return true;
    if (!requestPath.startsWith(cookiePath))
        return false;
    return cookiePath.endsWith(u'/') || requestPath.at(cookiePath.size()) == u'/';
}

bool isPublicSuffix(const QString& domain)
{
    if (domain.isEmpty() || isIpAddress(domain))
        return false;
    // A short-lived probe rather than a static one: no QObject outlives the application or belongs to
    // a worker thread that has ended (diagnoses also run on worker threads). Making one is costly (a HAR
    // of thousands of entries asks about the same few domains again and again), so each thread keeps
    // the answers, within a bound.
    thread_local QHash<QString, bool> known;
    const QString lower = domain.toLower();
    if (const auto it = known.constFind(lower); it != known.constEnd())
        return it.value();
    const PublicSuffixProbe probe;
    const bool suffix = probe.isPublicSuffix(lower);
    if (known.size() > 4096)
        known.clear();
    known.insert(lower, suffix);
    return suffix;
}

QString registrableDomain(const QString& host)
{
    const QString h = host.toLower();
    if (h.isEmpty() || isIpAddress(h))
        return h;
    // Asked for the same hosts over and over by the cookie rules: each thread keeps the answers.
    thread_local QHash<QString, QString> known;
    if (const auto it = known.constFind(h); it != known.constEnd())
        return it.value();
    // The longest public suffix is the first one found from the left; the label before it completes it.
    QString site = h;
    const QStringList labels = h.split(u'.');
    for (qsizetype i = 1; i < labels.size(); ++i) {
        if (isPublicSuffix(labels.mid(i).join(u'.'))) {
            site = labels.mid(i - 1).join(u'.');
            break;
        }
    }
    if (known.size() > 4096)
        known.clear();
    known.insert(h, site);
    return site;
}

bool isSecureCookieUrl(const QUrl& url)
{
    if (url.scheme().compare(u"https", Qt::CaseInsensitive) == 0
        || url.scheme().compare(u"wss", Qt::CaseInsensitive) == 0)
        return true;
    const QString host = hostOf(url);
    if (host == u"localhost" || host.endsWith(u".localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool looksLikeSessionCookie(QByteArrayView name)
{
    const QByteArray lower = name.toByteArray().toLower();
    // Names web frameworks document: PHP (PHPSESSID), Java Servlet (JSESSIONID), ASP.NET
    // (ASP.NET_SessionId, .AspNetCore.Cookies), express-session (connect.sid), Django (sessionid),
    // Flask (session), Rails (_<app>_session), Laravel (laravel_session).
    static const char* const parts[] = {"session", "sess", "sid", "auth", "token", "login", ".aspnetcore.cookies"};
    return std::any_of(std::begin(parts), std::end(parts), [&lower](const char* p) { return lower.contains(p); });
}

QList<JarCookieVerdict> explainJarCookies(const QList<QNetworkCookie>& jar, const QUrl& url, const QDateTime& now,
                                          bool sendCookies)
{
    const QString host = hostOf(url);
    const QString path = requestPath(url);
    const bool secureUrl = isSecureCookieUrl(url);
    QList<JarCookieVerdict> out;
    out.reserve(jar.size());
    for (const QNetworkCookie& cookie : jar) {
        JarCookieVerdict v;
        v.cookie = cookie;
        const QString domain = bareDomain(cookie);
        // RFC 6265 §5.4 step 1: host-only cookies go to their host only; domain cookies to hosts that
        // domain-match the domain.
        if (isHostOnly(cookie) ? host != domain : !domainMatches(host, domain)) {
            v.status = CookieSendStatus::DomainMismatch;
            v.explanation = isHostOnly(cookie)
                ? QStringLiteral("Host-only cookie of %1 (set without Domain): never sent to another host such "
                                 "as %2.")
                      .arg(domain.isEmpty() ? QStringLiteral("an unknown host") : domain, host)
                : QStringLiteral("A cookie for %1 and its subdomains; %2 is not one of them.").arg(domain, host);
        } else if (!pathMatches(path, cookie.path().isEmpty() ? QStringLiteral("/") : cookie.path())) {
            v.status = CookieSendStatus::NotOnPath;
            v.explanation = QStringLiteral("Path=%1 does not cover the request path %2 (RFC 6265 §5.1.4).")
                                .arg(cookie.path(), path);
        } else if (cookie.isSecure() && !secureUrl) {
            v.status = CookieSendStatus::SecureOnly;
            v.explanation = QStringLiteral("A Secure cookie is sent only over https; this request uses %1.")
                                .arg(url.scheme().toLower());
        } else if (!cookie.isSessionCookie() && cookie.expirationDate() <= now) {
            v.status = CookieSendStatus::Expired;
            v.explanation = QStringLiteral("Expired %1 (%2 before this request).")
                                .arg(utcText(cookie.expirationDate()), agoText(cookie.expirationDate().secsTo(now)));
        } else if (cookie.name().size() + cookie.value().size() > kMaxCookieNameValueBytes) {
            v.status = CookieSendStatus::NameValuePairExceedsMaxSize;
            v.explanation = QStringLiteral("Name and value are %1 bytes together, over the %2-byte limit.")
                                .arg(cookie.name().size() + cookie.value().size())
                                .arg(kMaxCookieNameValueBytes);
        } else if (!sendCookies) {
            v.status = CookieSendStatus::UserPreferences;
            v.explanation = QStringLiteral("Withheld: the user chose to resend without cookies.");
        } else {
            v.explanation = QStringLiteral("Sent.");
        }
        out.append(v);
    }
    return out;
}

QList<QNetworkCookie> cookiesToSend(const QList<JarCookieVerdict>& verdicts)
{
    QList<QNetworkCookie> out;
    for (const JarCookieVerdict& v : verdicts) {
        if (v.sent())
            out.append(v.cookie);
    }
    std::stable_sort(out.begin(), out.end(), [](const QNetworkCookie& a, const QNetworkCookie& b) {
        return a.path().size() > b.path().size();
    });
    return out;
}

QByteArray cookieHeaderValue(const QList<QNetworkCookie>& cookies)
{
    QByteArray header;
    for (const QNetworkCookie& c : cookies) {
        if (!header.isEmpty())
            header += "; ";
        header += c.name() + '=' + c.value();
    }
    return header;
}

SetCookieVerdict explainSetCookie(QByteArrayView fieldValue, const QUrl& url, const QList<QNetworkCookie>& jar,
                                  const QDateTime& now)
{
    SetCookieVerdict verdict;
    verdict.fieldValue = fieldValue.toByteArray();
    std::optional<SetCookieStatus> refused;
    const ParsedSetCookie parsed = parseSetCookie(fieldValue, url, now, refused, verdict.explanation);
    if (refused) {
        verdict.status = *refused;
        verdict.cookie = QNetworkCookie(parsed.name, parsed.value);
        return verdict;
    }
    return store(verdict, parsed, url, jar, now);
}

SetCookieVerdict explainSetCookie(const QNetworkCookie& parsedCookie, const QUrl& url, const QList<QNetworkCookie>& jar,
                                  const QDateTime& now)
{
    SetCookieVerdict verdict;
    verdict.fieldValue = parsedCookie.toRawForm(QNetworkCookie::Full);
    ParsedSetCookie parsed;
    parsed.name = parsedCookie.name();
    parsed.value = parsedCookie.value();
    if (hasDisallowedCharacter(parsed.name) || hasDisallowedCharacter(parsed.value)) {
        verdict.status = SetCookieStatus::DisallowedCharacter;
        verdict.explanation = QStringLiteral("The cookie contains a control character (RFC 6265bis §5.5).");
        verdict.cookie = parsedCookie;
        return verdict;
    }
    if (parsed.name.isEmpty()) {
        verdict.status = parsed.value.isEmpty() ? SetCookieStatus::NoCookieContent : SetCookieStatus::SyntaxError;
        verdict.explanation = parsed.value.isEmpty()
            ? QStringLiteral("Neither a cookie name nor a value (RFC 6265bis §5.5).")
            : QStringLiteral("The cookie has no name; RFC 6265 §5.2 ignores it.");
        verdict.cookie = parsedCookie;
        return verdict;
    }
    if (parsed.name.size() + parsed.value.size() > kMaxCookieNameValueBytes) {
        verdict.status = SetCookieStatus::NameValuePairExceedsMaxSize;
        verdict.explanation
            = QStringLiteral("Name and value are %1 bytes together, over the %2-byte limit of RFC 6265bis §5.5.")
                  .arg(parsed.name.size() + parsed.value.size())
                  .arg(kMaxCookieNameValueBytes);
        verdict.cookie = parsedCookie;
        return verdict;
    }
    QString domain = parsedCookie.domain();
    if (domain.startsWith(u'.'))
        domain = domain.mid(1);
    if (!domain.isEmpty())
        parsed.domain = canonicalCookieHost(domain);
    if (!parsedCookie.path().isEmpty())
        parsed.path = parsedCookie.path().startsWith(u'/') ? parsedCookie.path() : defaultCookiePath(url);
    if (parsedCookie.expirationDate().isValid())
        parsed.expiry = parsedCookie.expirationDate();
    parsed.secure = parsedCookie.isSecure();
    parsed.httpOnly = parsedCookie.isHttpOnly();
    parsed.sameSite = parsedCookie.sameSitePolicy();
    return store(verdict, parsed, url, jar, now);
}

bool applySetCookie(QList<QNetworkCookie>& jar, const SetCookieVerdict& verdict)
{
    if (!verdict.accepted())
        return false;
    const QNetworkCookie& cookie = verdict.cookie;
    const auto same = [&cookie](const QNetworkCookie& old) {
        return old.name() == cookie.name() && old.domain().compare(cookie.domain(), Qt::CaseInsensitive) == 0
            && old.path() == cookie.path();
    };
    const auto it = std::find_if(jar.begin(), jar.end(), same);
    if (verdict.status == SetCookieStatus::Expired) {
        if (it == jar.end())
            return false;
        jar.erase(it);
        return true;
    }
    if (it != jar.end())
        *it = cookie; // keeps its place: the creation order of §5.4 step 2
    else
        jar.append(cookie);
    return true;
}

} // namespace Authlens::Http
