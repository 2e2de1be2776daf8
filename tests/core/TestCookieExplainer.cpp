// The cookie explainer: one row per rule, the good case beside the bad one, each citing the section of
// RFC 6265 (https://www.rfc-editor.org/rfc/rfc6265) or RFC 6265bis (draft-ietf-httpbis-rfc6265bis-12) it
// follows. Pure functions: no network, no event loop.
#include "http/CookieExplainer.h"
#include "http/CookieJar.h"

#include <QTest>

using namespace Authlens::Http;

namespace {

const QDateTime s_now = QDateTime(QDate(2024, 1, 1), QTime(12, 0), Qt::UTC);

/// A jar cookie: `domain` with a leading dot is a domain cookie, without one host-only.
QNetworkCookie makeCookie(const QByteArray& name, const QString& domain, const QString& path = QStringLiteral("/"),
                          bool secure = false, const QDateTime& expires = {})
{
    QNetworkCookie c(name, QByteArrayLiteral("v"));
    c.setDomain(domain);
    c.setPath(path);
    c.setSecure(secure);
    if (expires.isValid())
        c.setExpirationDate(expires);
    return c;
}

} // namespace

class TestCookieExplainer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cookieDate_data();
    void cookieDate();
    void setCookie_data();
    void setCookie();
    void setCookieKeepsAttributes();
    void overwriteSecure_data();
    void overwriteSecure();
    void deletion();
    void lifetimeCap();
    void harCookie();
    void jarCookie_data();
    void jarCookie();
    void userPreferences();
    void sendOrder();
    void replacementKeepsCreationOrder();
    void jarUsesTheExplainer();
    void sessionCookieNames_data();
    void sessionCookieNames();
    void registrable_data();
    void registrable();
};

void TestCookieExplainer::cookieDate_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QDateTime>("expected"); // invalid = not a cookie-date
    const QDateTime june9(QDate(2021, 6, 9), QTime(10, 18, 14), Qt::UTC);
    // RFC 6265 §5.1.1: the algorithm reads the three date formats servers use, and tolerates noise.
    QTest::newRow("§5.1.1 rfc1123") << QByteArray("Wed, 09 Jun 2021 10:18:14 GMT") << june9;
    QTest::newRow("§5.1.1 rfc850 two-digit year") << QByteArray("Wednesday, 09-Jun-21 10:18:14 GMT") << june9;
    QTest::newRow("§5.1.1 asctime") << QByteArray("Wed Jun  9 10:18:14 2021") << june9;
    QTest::newRow("§5.1.1 month name in full") << QByteArray("9 June 2021 10:18:14") << june9;
    QTest::newRow("§5.1.1 year 70 is 1970")
        << QByteArray("Thu, 01-Jan-70 00:00:00 GMT") << QDateTime(QDate(1970, 1, 1), QTime(0, 0), Qt::UTC);
    QTest::newRow("§5.1.1 no time") << QByteArray("Wed, 09 Jun 2021") << QDateTime();
    QTest::newRow("§5.1.1 not a date") << QByteArray("tomorrow") << QDateTime();
    QTest::newRow("§5.1.1 step 5 hour 24") << QByteArray("Wed, 09 Jun 2021 24:00:00 GMT") << QDateTime();
    QTest::newRow("§5.1.1 step 5 year before 1601") << QByteArray("Wed, 09 Jun 1600 10:00:00 GMT") << QDateTime();
    QTest::newRow("§5.1.1 step 6 30 Feb") << QByteArray("30 Feb 2021 10:00:00 GMT") << QDateTime();
}

void TestCookieExplainer::cookieDate()
{
    QFETCH(QByteArray, text);
    QFETCH(QDateTime, expected);
    const std::optional<QDateTime> parsed = parseCookieDate(text);
    QCOMPARE(parsed.has_value(), expected.isValid());
    if (parsed)
        QCOMPARE(*parsed, expected);
}

void TestCookieExplainer::setCookie_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("domain"); // as stored; ignored when empty
    QTest::addColumn<QString>("path"); // as stored; ignored when empty

    const QString api = QStringLiteral("https://api.example.com/v1/items");
    const QString plain = QStringLiteral("http://api.example.com/v1/items");
    const auto row = [](const char* name, const QString& url, const QByteArray& field, const char* status,
                        const char* domain = "", const char* path = "") {
        QTest::newRow(name) << url << field << QString::fromLatin1(status) << QString::fromLatin1(domain)
                            << QString::fromLatin1(path);
    };
    // RFC 6265 §5.3 step 6: no Domain attribute makes a host-only cookie; §5.1.4 default-path.
    row("§5.3 host-only, default path", api, "sid=1", "Stored", "api.example.com", "/v1");
    row("§5.2.4 Path attribute", api, "sid=1; Path=/", "Stored", "api.example.com", "/");
    row("§5.2.4 Path without slash means default", api, "sid=1; Path=app", "Stored", "api.example.com", "/v1");
    // §5.2.3 and §5.3 step 6: a Domain the host domain-matches makes a domain cookie.
    row("§5.2.3 Domain cookie", api, "sid=1; Domain=example.com", "Stored", ".example.com");
    row("§5.2.3 leading dot dropped, lower case", api, "sid=1; Domain=.Example.COM", "Stored", ".example.com");
    row("§5.2.3 empty Domain ignored", api, "sid=1; Domain=", "Stored", "api.example.com");
    row("§5.3 Domain equal to the host", api, "sid=1; Domain=api.example.com", "Stored", ".api.example.com");
    // §5.3 step 6: a Domain that does not cover the host is refused.
    row("§5.3 step 6 other domain", api, "sid=1; Domain=example.org", "InvalidDomain");
    row("§5.3 step 6 sibling host", api, "sid=1; Domain=auth.example.com", "InvalidDomain");
    row("§5.1.3 not at a label boundary", api, "sid=1; Domain=le.com", "InvalidDomain");
    row("§5.1.3 IP addresses match only exactly", QStringLiteral("http://127.0.0.1:8080/"), "sid=1; Domain=0.0.1",
        "InvalidDomain");
    row("§5.1.3 IP address itself", QStringLiteral("http://127.0.0.1:8080/"), "sid=1; Domain=127.0.0.1", "Stored",
        ".127.0.0.1");
    // §5.3 step 5: public suffixes (https://publicsuffix.org/list/).
    row("§5.3 step 5 public suffix com", api, "sid=1; Domain=com", "InvalidDomain");
    row("§5.3 step 5 public suffix co.uk", QStringLiteral("https://www.example.co.uk/"), "sid=1; Domain=co.uk",
        "InvalidDomain");
    row("§5.3 step 5 registrable domain under co.uk", QStringLiteral("https://www.example.co.uk/"),
        "sid=1; Domain=example.co.uk", "Stored", ".example.co.uk");
    row("§5.3 step 5 public suffix equal to the host is host-only", QStringLiteral("https://github.io/"),
        "sid=1; Domain=github.io", "Stored", "github.io");
    // §5.2: the name-value pair.
    row("§5.2 no equals sign", api, "sid", "SyntaxError");
    row("§5.2 empty name", api, "=abc", "SyntaxError");
    row("6265bis §5.5 neither name nor value", api, "=", "NoCookieContent");
    row("6265bis §5.5 empty field", api, "", "NoCookieContent");
    row("6265bis §5.5 only attributes", api, "; Path=/", "NoCookieContent");
    row("6265bis §5.5 control character", api, QByteArray("sid=a\x01z"), "DisallowedCharacter");
    row("6265bis §5.5 tab is allowed", api, QByteArray("sid=a\tz"), "Stored");
    row("6265bis §5.5 4096 bytes is the limit", api, "n=" + QByteArray(4095, 'x'), "Stored");
    row("6265bis §5.5 over 4096 bytes", api, "n=" + QByteArray(4096, 'x'), "NameValuePairExceedsMaxSize");
    // RFC 6265bis §5.6: Secure only from a secure origin; loopback counts as secure (Secure Contexts §3.1).
    row("6265bis §5.6 Secure over https", api, "sid=1; Secure", "Stored");
    row("6265bis §5.6 Secure over http", plain, "sid=1; Secure", "SecureOnly");
    row("6265bis §5.6 Secure over http://localhost", QStringLiteral("http://localhost:3000/"), "sid=1; Secure",
        "Stored");
    row("6265bis §5.6 Secure over http://127.0.0.1", QStringLiteral("http://127.0.0.1:3000/"), "sid=1; Secure",
        "Stored");
    // RFC 6265bis §4.1.3: cookie name prefixes (matched case-insensitively, §5.6).
    row("6265bis §4.1.3.1 __Secure- with Secure", api, "__Secure-sid=1; Secure", "Stored");
    row("6265bis §4.1.3.1 __Secure- without Secure", api, "__Secure-sid=1", "InvalidPrefix");
    row("6265bis §4.1.3.2 __Host- done right", api, "__Host-sid=1; Secure; Path=/", "Stored", "api.example.com", "/");
    row("6265bis §4.1.3.2 __Host- with Domain", api, "__Host-sid=1; Secure; Path=/; Domain=example.com",
        "InvalidPrefix");
    row("6265bis §4.1.3.2 __Host- without Path", api, "__Host-sid=1; Secure", "InvalidPrefix");
    row("6265bis §4.1.3.2 __Host- without Secure", api, "__Host-sid=1; Path=/", "InvalidPrefix");
    row("6265bis §5.6 prefixes are case-insensitive", api, "__host-sid=1; Path=/", "InvalidPrefix");
    // RFC 6265 §3.1: an expiry in the past is how a server deletes a cookie.
    row("§3.1 Max-Age=0 deletes", api, "sid=; Max-Age=0", "Expired");
    row("§3.1 Expires in the past deletes", api, "sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "Expired");
    row("§5.3 step 3 Max-Age wins over Expires", api, "sid=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60",
        "Stored");
    row("§5.2.2 Max-Age that is not a number is ignored", api, "sid=1; Max-Age=soon", "Stored");
}

void TestCookieExplainer::setCookie()
{
    QFETCH(QString, url);
    QFETCH(QByteArray, field);
    QFETCH(QString, status);
    QFETCH(QString, domain);
    QFETCH(QString, path);
    const SetCookieVerdict v = explainSetCookie(field, QUrl(url), {}, s_now);
    QCOMPARE(setCookieStatusName(v.status), status);
    QVERIFY2(!v.explanation.isEmpty(), "every verdict says why in words");
    QCOMPARE(v.fieldValue, field);
    if (!domain.isEmpty())
        QCOMPARE(v.cookie.domain(), domain);
    if (!path.isEmpty())
        QCOMPARE(v.cookie.path(), path);
}

void TestCookieExplainer::setCookieKeepsAttributes()
{
    const SetCookieVerdict v
        = explainSetCookie("SID=31d4d96e407aad42; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600",
                           QUrl(QStringLiteral("https://www.example.com/login")), {}, s_now);
    QCOMPARE(v.status, SetCookieStatus::Stored);
    QCOMPARE(v.cookie.name(), QByteArray("SID"));
    QCOMPARE(v.cookie.value(), QByteArray("31d4d96e407aad42"));
    QVERIFY(v.cookie.isSecure());
    QVERIFY(v.cookie.isHttpOnly());
    QCOMPARE(v.cookie.sameSitePolicy(), QNetworkCookie::SameSite::Lax);
    QCOMPARE(v.cookie.expirationDate(), s_now.addSecs(600));
    QVERIFY(!v.replaced);
}

void TestCookieExplainer::overwriteSecure_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QString>("status");
    // RFC 6265bis §5.6: an insecure origin may not overwrite a Secure cookie of the same name whose domain
    // and path cover the new one.
    QTest::newRow("http overwrites Secure") << QStringLiteral("http://api.example.com/") << QByteArray("sid=2; Path=/")
                                            << QStringLiteral("OverwriteSecure");
    QTest::newRow("http shadows Secure on a deeper path")
        << QStringLiteral("http://api.example.com/") << QByteArray("sid=2; Path=/deeper")
        << QStringLiteral("OverwriteSecure");
    QTest::newRow("http domain cookie over Secure host cookie")
        << QStringLiteral("http://api.example.com/") << QByteArray("sid=2; Path=/; Domain=example.com")
        << QStringLiteral("OverwriteSecure");
    QTest::newRow("https may overwrite") << QStringLiteral("https://api.example.com/") << QByteArray("sid=2; Path=/")
                                         << QStringLiteral("Stored");
    QTest::newRow("http, another name") << QStringLiteral("http://api.example.com/") << QByteArray("other=2; Path=/")
                                        << QStringLiteral("Stored");
}

void TestCookieExplainer::overwriteSecure()
{
    QFETCH(QString, url);
    QFETCH(QByteArray, field);
    QFETCH(QString, status);
    const QList<QNetworkCookie> jar = {makeCookie("sid", QStringLiteral("api.example.com"), QStringLiteral("/"), true)};
    const SetCookieVerdict v = explainSetCookie(field, QUrl(url), jar, s_now);
    QCOMPARE(setCookieStatusName(v.status), status);
}

void TestCookieExplainer::deletion()
{
    // RFC 6265 §3.1 and §5.3 step 11: same name, domain and path — the old cookie goes.
    QList<QNetworkCookie> jar = {makeCookie("theme", QStringLiteral("api.example.com")),
                                 makeCookie("sid", QStringLiteral("api.example.com"))};
    const QUrl url(QStringLiteral("https://api.example.com/logout"));
    const SetCookieVerdict v = explainSetCookie("sid=; Path=/; Max-Age=0", url, jar, s_now);
    QCOMPARE(v.status, SetCookieStatus::Expired);
    QVERIFY(v.accepted());
    QVERIFY(v.replaced);
    QVERIFY(applySetCookie(jar, v));
    QCOMPARE(jar.size(), 1);
    QCOMPARE(jar.constFirst().name(), QByteArray("theme"));
    // Another path is another cookie: nothing to delete.
    const SetCookieVerdict other = explainSetCookie("theme=; Path=/other; Max-Age=0", url, jar, s_now);
    QCOMPARE(other.status, SetCookieStatus::Expired);
    QVERIFY(!other.replaced);
    QVERIFY(!applySetCookie(jar, other));
}

void TestCookieExplainer::lifetimeCap()
{
    // RFC 6265bis §5.5: Expires and Max-Age are capped at 400 days.
    const QUrl url(QStringLiteral("https://api.example.com/"));
    const SetCookieVerdict v = explainSetCookie("a=1; Max-Age=99999999999999999999999", url, {}, s_now);
    QCOMPARE(v.cookie.expirationDate(), s_now.addSecs(kMaxCookieLifetimeSeconds));
    const SetCookieVerdict e = explainSetCookie("a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT", url, {}, s_now);
    QCOMPARE(e.cookie.expirationDate(), s_now.addSecs(kMaxCookieLifetimeSeconds));
}

void TestCookieExplainer::harCookie()
{
    // A cookie another parser read (a HAR `cookies` entry): no domain means host-only, no path the default.
    QNetworkCookie parsed(QByteArrayLiteral("sid"), QByteArrayLiteral("1"));
    const QUrl url(QStringLiteral("http://shop.example.com/account/login"));
    SetCookieVerdict v = explainSetCookie(parsed, url, {}, s_now);
    QCOMPARE(v.status, SetCookieStatus::Stored);
    QCOMPARE(v.cookie.domain(), QStringLiteral("shop.example.com"));
    QCOMPARE(v.cookie.path(), QStringLiteral("/account"));
    parsed.setDomain(QStringLiteral("evil.example"));
    v = explainSetCookie(parsed, url, {}, s_now);
    QCOMPARE(v.status, SetCookieStatus::InvalidDomain);
    parsed.setDomain(QString());
    parsed.setSecure(true);
    v = explainSetCookie(parsed, url, {}, s_now);
    QCOMPARE(v.status, SetCookieStatus::SecureOnly);
}

void TestCookieExplainer::jarCookie_data()
{
    QTest::addColumn<QNetworkCookie>("cookie");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("status");
    const QString host = QStringLiteral("api.example.com");
    const QString domain = QStringLiteral(".example.com");
    const QString https = QStringLiteral("https://api.example.com/app/items");
    const auto row = [](const char* name, const QNetworkCookie& c, const QString& url, const char* status) {
        QTest::newRow(name) << c << url << QString::fromLatin1(status);
    };
    // RFC 6265 §5.4 step 1: host-only cookies go to their host only.
    row("§5.4 host-only, same host", makeCookie("sid", host), https, "Sent");
    row("§5.4 host-only, another host", makeCookie("sid", QStringLiteral("auth.example.com")), https, "DomainMismatch");
    row("§5.4 host-only, parent domain", makeCookie("sid", QStringLiteral("example.com")), https, "DomainMismatch");
    // §5.4 step 1 and §5.1.3: domain cookies go to the domain and its subdomains.
    row("§5.1.3 domain cookie, subdomain", makeCookie("sid", domain), https, "Sent");
    row("§5.1.3 domain cookie, the domain itself", makeCookie("sid", domain), QStringLiteral("https://example.com/"),
        "Sent");
    row("§5.1.3 domain cookie, other domain", makeCookie("sid", QStringLiteral(".example.org")), https,
        "DomainMismatch");
    row("§5.1.3 not at a label boundary", makeCookie("sid", QStringLiteral(".ample.com")),
        QStringLiteral("https://example.com/"), "DomainMismatch");
    row("§5.1.3 ports do not matter (§8.5)", makeCookie("sid", QStringLiteral("localhost")),
        QStringLiteral("http://localhost:9999/app"), "Sent");
    // §5.1.4: path-match.
    row("§5.1.4 path prefix at a slash", makeCookie("sid", host, QStringLiteral("/app")), https, "Sent");
    row("§5.1.4 path equal", makeCookie("sid", host, QStringLiteral("/app/items")), https, "Sent");
    row("§5.1.4 path ending in a slash", makeCookie("sid", host, QStringLiteral("/app/")), https, "Sent");
    row("§5.1.4 another path", makeCookie("sid", host, QStringLiteral("/admin")), https, "NotOnPath");
    row("§5.1.4 prefix but not at a slash", makeCookie("sid", host, QStringLiteral("/ap")), https, "NotOnPath");
    row("§5.1.4 deeper path", makeCookie("sid", host, QStringLiteral("/app/items/1")), https, "NotOnPath");
    // §5.4 step 1: Secure cookies need a secure channel (loopback counts, Secure Contexts §3.1).
    row("§5.4 Secure over https", makeCookie("sid", host, QStringLiteral("/"), true), https, "Sent");
    row("§5.4 Secure over http", makeCookie("sid", host, QStringLiteral("/"), true),
        QStringLiteral("http://api.example.com/app"), "SecureOnly");
    row("§5.4 Secure over http://localhost", makeCookie("sid", QStringLiteral("localhost"), QStringLiteral("/"), true),
        QStringLiteral("http://localhost:8080/"), "Sent");
    // §5.3: expired cookies are never sent.
    row("§5.3 expires in the future", makeCookie("sid", host, QStringLiteral("/"), false, s_now.addSecs(60)), https,
        "Sent");
    row("§5.3 expired", makeCookie("sid", host, QStringLiteral("/"), false, s_now.addSecs(-60)), https, "Expired");
    // Domain first: a cookie of another site is that, whatever else is wrong with it.
    row("domain before path", makeCookie("sid", QStringLiteral(".example.org"), QStringLiteral("/admin")), https,
        "DomainMismatch");
    QNetworkCookie big = makeCookie("big", host);
    big.setValue(QByteArray(5000, 'x'));
    row("6265bis §5.5 too large", big, https, "NameValuePairExceedsMaxSize");
}

void TestCookieExplainer::jarCookie()
{
    QFETCH(QNetworkCookie, cookie);
    QFETCH(QString, url);
    QFETCH(QString, status);
    const QList<JarCookieVerdict> verdicts = explainJarCookies({cookie}, QUrl(url), s_now);
    QCOMPARE(verdicts.size(), 1);
    QCOMPARE(cookieSendStatusName(verdicts.constFirst().status), status);
    QVERIFY(!verdicts.constFirst().explanation.isEmpty());
    QCOMPARE(cookiesToSend(verdicts).size(), status == u"Sent" ? 1 : 0);
}

void TestCookieExplainer::userPreferences()
{
    const QList<QNetworkCookie> jar = {makeCookie("sid", QStringLiteral("api.example.com")),
                                       makeCookie("other", QStringLiteral("other.example.org"))};
    const QList<JarCookieVerdict> verdicts
        = explainJarCookies(jar, QUrl(QStringLiteral("https://api.example.com/")), s_now, false);
    QCOMPARE(verdicts.at(0).status, CookieSendStatus::UserPreferences);
    QCOMPARE(verdicts.at(1).status, CookieSendStatus::DomainMismatch); // never a candidate anyway
    QVERIFY(cookiesToSend(verdicts).isEmpty());
}

void TestCookieExplainer::sendOrder()
{
    // RFC 6265 §5.4 step 2: longer paths first, then earlier creation (jar order).
    const QList<QNetworkCookie> jar = {makeCookie("a", QStringLiteral("api.example.com")),
                                       makeCookie("b", QStringLiteral("api.example.com"), QStringLiteral("/app")),
                                       makeCookie("c", QStringLiteral("api.example.com"))};
    const QList<QNetworkCookie> sent
        = cookiesToSend(explainJarCookies(jar, QUrl(QStringLiteral("https://api.example.com/app/x")), s_now));
    QCOMPARE(cookieHeaderValue(sent), QByteArray("b=v; a=v; c=v"));
}

void TestCookieExplainer::replacementKeepsCreationOrder()
{
    // RFC 6265 §5.3 step 11.3: the new cookie keeps the old one's creation-time.
    QList<QNetworkCookie> jar
        = {makeCookie("a", QStringLiteral("api.example.com")), makeCookie("b", QStringLiteral("api.example.com"))};
    const SetCookieVerdict v
        = explainSetCookie("a=new; Path=/", QUrl(QStringLiteral("https://api.example.com/")), jar, s_now);
    QVERIFY(v.replaced);
    QVERIFY(applySetCookie(jar, v));
    QCOMPARE(jar.size(), 2);
    QCOMPARE(jar.at(0).value(), QByteArray("new"));
}

void TestCookieExplainer::jarUsesTheExplainer()
{
    // Anyone who uses the jar through QNetworkCookieJar's interface gets the same rules.
    CookieJar jar;
    const QUrl url(QStringLiteral("http://api.example.com/app/login"));
    const QList<QNetworkCookie> parsed = QNetworkCookie::parseCookies("sid=1; Path=/app\nbad=1; Domain=example.org");
    QVERIFY(jar.setCookiesFromUrl(parsed, url));
    QCOMPARE(jar.cookies().size(), 1);
    QCOMPARE(jar.cookiesForUrl(QUrl(QStringLiteral("http://api.example.com/app/x"))).size(), 1);
    QCOMPARE(jar.cookiesForUrl(QUrl(QStringLiteral("http://api.example.com/other"))).size(), 0);
    jar.clear();
    QVERIFY(jar.isEmpty());
}

void TestCookieExplainer::sessionCookieNames_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("session");
    QTest::newRow("PHP") << QByteArray("PHPSESSID") << true;
    QTest::newRow("Java") << QByteArray("JSESSIONID") << true;
    QTest::newRow("ASP.NET") << QByteArray("ASP.NET_SessionId") << true;
    QTest::newRow("ASP.NET Core") << QByteArray(".AspNetCore.Cookies") << true;
    QTest::newRow("express") << QByteArray("connect.sid") << true;
    QTest::newRow("Django") << QByteArray("sessionid") << true;
    QTest::newRow("Rails") << QByteArray("_shop_session") << true;
    QTest::newRow("demo") << QByteArray("demo_session") << true;
    QTest::newRow("theme") << QByteArray("theme") << false;
    QTest::newRow("consent") << QByteArray("cookie_consent") << false;
}

void TestCookieExplainer::sessionCookieNames()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, session);
    QCOMPARE(looksLikeSessionCookie(name), session);
}

void TestCookieExplainer::registrable_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("expected");
    // The Public Suffix List (https://publicsuffix.org/list/) decides where a site ends.
    QTest::newRow("com") << QStringLiteral("api.example.com") << QStringLiteral("example.com");
    QTest::newRow("co.uk") << QStringLiteral("shop.example.co.uk") << QStringLiteral("example.co.uk");
    QTest::newRow("private suffix") << QStringLiteral("me.github.io") << QStringLiteral("me.github.io");
    QTest::newRow("ip") << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1");
    QTest::newRow("single label") << QStringLiteral("localhost") << QStringLiteral("localhost");
}

void TestCookieExplainer::registrable()
{
    QFETCH(QString, host);
    QFETCH(QString, expected);
    QCOMPARE(registrableDomain(host), expected);
}

QTEST_GUILESS_MAIN(TestCookieExplainer)
#include "TestCookieExplainer.moc"
