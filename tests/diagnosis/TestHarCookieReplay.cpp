// diagnoseHar() replays a HAR's entries as the browser lived them: the cookies earlier entries set are
// the jar of later ones (RFC 6265 §5.3, §5.4). Browsers write those cookies in several ways — separate
// Set-Cookie headers, one header joined with "\n" (Chrome, HTTP/2), only the `cookies` arrays (a
// sanitized export), redacted values — and each must give the same jar.
#include "diagnosis/HarDiagnosis.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Diagnosis;

namespace {

QJsonArray headers(const QList<QPair<QString, QString>>& list)
{
    QJsonArray out;
    for (const auto& [name, value] : list)
        out.append(QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    return out;
}

struct Entry
{
    QString started; ///< ISO 8601, empty for none
    QString url;
    QList<QPair<QString, QString>> requestHeaders;
    int status = 200;
    QList<QPair<QString, QString>> responseHeaders;
    QJsonArray requestCookies;
    QJsonArray responseCookies;
};

QByteArray har(const QList<Entry>& entries)
{
    QJsonArray list;
    for (const Entry& e : entries) {
        QJsonObject entry {
            {QStringLiteral("request"),
             QJsonObject {{QStringLiteral("method"), QStringLiteral("GET")},
                          {QStringLiteral("url"), e.url},
                          {QStringLiteral("httpVersion"), QStringLiteral("HTTP/2")},
                          {QStringLiteral("headers"), headers(e.requestHeaders)},
                          {QStringLiteral("cookies"), e.requestCookies}}},
            {QStringLiteral("response"),
             QJsonObject {{QStringLiteral("status"), e.status},
                          {QStringLiteral("statusText"), QString()},
                          {QStringLiteral("httpVersion"), QStringLiteral("HTTP/2")},
                          {QStringLiteral("headers"), headers(e.responseHeaders)},
                          {QStringLiteral("cookies"), e.responseCookies},
                          {QStringLiteral("content"), QJsonObject {{QStringLiteral("size"), 0}}}}},
        };
        if (!e.started.isEmpty())
            entry[u"startedDateTime"] = e.started;
        list.append(entry);
    }
    const QJsonObject log {
        {QStringLiteral("log"),
         QJsonObject {{QStringLiteral("version"), QStringLiteral("1.2")},
                      {QStringLiteral("creator"), QJsonObject {{QStringLiteral("name"), QStringLiteral("test")}}},
                      {QStringLiteral("entries"), list}}}};
    return QJsonDocument(log).toJson(QJsonDocument::Compact);
}

QJsonObject harCookie(const QString& name, const QString& domain, const QString& path, const QString& expires,
                      bool secure = false)
{
    return QJsonObject {{QStringLiteral("name"), name},       {QStringLiteral("value"), QStringLiteral("v4lu3")},
                        {QStringLiteral("domain"), domain},   {QStringLiteral("path"), path},
                        {QStringLiteral("expires"), expires}, {QStringLiteral("httpOnly"), true},
                        {QStringLiteral("secure"), secure}};
}

const Http::JarCookieVerdict* jarVerdict(const EntryDiagnosis& e, QByteArrayView name, int hop = 0)
{
    for (const Http::JarCookieVerdict& v : e.exchange.hops.at(hop).cookies.jar) {
        if (v.cookie.name() == name)
            return &v;
    }
    return nullptr;
}

} // namespace

class TestHarCookieReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void laterEntriesSeeTheJar();
    void joinedSetCookieHeader();
    void redactedFields();
    void sanitizedExport();
    void cookiesTheBrowserAlreadyHeld();
    void expiryBetweenEntries();
    void deletionEmptiesTheJar();
};

void TestHarCookieReplay::laterEntriesSeeTheJar()
{
    const HarDiagnosis d = diagnoseHar(har({
        {QStringLiteral("2024-01-01T10:00:00Z"),
         QStringLiteral("https://a.example.com/login"),
         {},
         302,
         {{QStringLiteral("Location"), QStringLiteral("/app")},
          {QStringLiteral("Set-Cookie"), QStringLiteral("sid=1; Path=/app; Secure")}},
         {},
         {}},
        {QStringLiteral("2024-01-01T10:00:01Z"),
         QStringLiteral("https://a.example.com/app"),
         {{QStringLiteral("Cookie"), QStringLiteral("sid=1")}},
         200,
         {},
         {},
         {}},
        {QStringLiteral("2024-01-01T10:00:02Z"), QStringLiteral("https://a.example.com/api"), {}, 401, {}, {}, {}},
    }));
    QVERIFY2(d.ok(), qPrintable(d.error));
    // The login's redirect and the page it leads to are one exchange (two entries, two hops).
    QCOMPARE(d.entries.size(), 2);
    QCOMPARE(d.entries[0].entryIndexes, (QList<int> {0, 1}));
    QVERIFY(d.entries[0].exchange.hops[0].cookies.jar.isEmpty());
    QCOMPARE(d.entries[0].exchange.hops[0].cookies.setCookies.size(), 1);
    QCOMPARE(jarVerdict(d.entries[0], "sid", 1)->status, Http::CookieSendStatus::Sent);
    QCOMPARE(jarVerdict(d.entries[1], "sid")->status, Http::CookieSendStatus::NotOnPath);
    const Finding* f = findFinding(d.entries[1].diagnosis.findings, u"cookie.not_sent");
    QVERIFY(f);
    QCOMPARE(f->reason, QStringLiteral("NotOnPath"));
    QCOMPARE(f->severity, Severity::Cause);
}

void TestHarCookieReplay::joinedSetCookieHeader()
{
    // Chrome writes the Set-Cookie fields of an HTTP/2 response as one header joined with "\n".
    const HarDiagnosis d = diagnoseHar(har({
        {QStringLiteral("2024-01-01T10:00:00Z"),
         QStringLiteral("https://a.example.com/"),
         {},
         200,
         {{QStringLiteral("set-cookie"), QStringLiteral("a=1; Path=/\nb=2; Domain=other.example; Path=/")}},
         {},
         {}},
        {QStringLiteral("2024-01-01T10:00:01Z"), QStringLiteral("https://a.example.com/x"), {}, 200, {}, {}, {}},
    }));
    const auto& fields = d.entries[0].exchange.hops[0].cookies.setCookies;
    QCOMPARE(fields.size(), 2);
    QCOMPARE(fields[0].status, Http::SetCookieStatus::Stored);
    QCOMPARE(fields[1].status, Http::SetCookieStatus::InvalidDomain);
    QCOMPARE(d.entries[1].exchange.hops[0].cookies.jar.size(), 1);
}

void TestHarCookieReplay::redactedFields()
{
    const HarDiagnosis d = diagnoseHar(har({
        {QStringLiteral("2024-01-01T10:00:00Z"),
         QStringLiteral("https://a.example.com/"),
         {},
         200,
         {{QStringLiteral("Set-Cookie"), QStringLiteral("[REDACTED]")},
          {QStringLiteral("Set-Cookie"), QStringLiteral("sid=abcd…[redacted, 40 bytes]; Path=/; HttpOnly")}},
         {},
         {}},
    }));
    // The whole-field redaction is skipped with a warning, not called a syntax error; the other is judged.
    const auto& fields = d.entries[0].exchange.hops[0].cookies.setCookies;
    QCOMPARE(fields.size(), 1);
    QCOMPARE(fields[0].status, Http::SetCookieStatus::Stored);
    QVERIFY(!findFinding(d.entries[0].diagnosis.findings, u"cookie.rejected"));
    QVERIFY(
        std::any_of(d.warnings.cbegin(), d.warnings.cend(), [](const QString& w) { return w.contains(u"redacted"); }));
}

void TestHarCookieReplay::sanitizedExport()
{
    // Chrome's sanitized export drops the Cookie and Set-Cookie headers; the `cookies` arrays remain.
    const HarDiagnosis d = diagnoseHar(har({
        {QStringLiteral("2024-01-01T10:00:00Z"),
         QStringLiteral("https://a.example.com/login"),
         {},
         302,
         {{QStringLiteral("Location"), QStringLiteral("/home")}},
         {},
         QJsonArray {harCookie(QStringLiteral("sid"), QString(), QStringLiteral("/account"),
                               QStringLiteral("1969-12-31T23:59:59.000Z"))}},
        {QStringLiteral("2024-01-01T10:00:01Z"), QStringLiteral("https://a.example.com/api/me"), {}, 401, {}, {}, {}},
    }));
    const Http::JarCookieVerdict* v = jarVerdict(d.entries[1], "sid");
    QVERIFY(v);
    QCOMPARE(v->status, Http::CookieSendStatus::NotOnPath);
    QVERIFY(v->cookie.isSessionCookie()); // 1969-12-31 is Chrome's "no expiry"
    const Finding* f = findFinding(d.entries[1].diagnosis.findings, u"cookie.not_sent");
    QVERIFY(f);
    QCOMPARE(f->severity, Severity::Likely); // without Cookie headers the absence is not proven
}

void TestHarCookieReplay::cookiesTheBrowserAlreadyHeld()
{
    // The recording started after the login: the first request's cookies (with Chrome's domain and path)
    // are what the jar held.
    const HarDiagnosis d = diagnoseHar(har({
        {QStringLiteral("2024-01-01T10:00:00Z"),
         QStringLiteral("https://a.example.com/admin/users"),
         {{QStringLiteral("Cookie"), QStringLiteral("admin_session=v4lu3")}},
         200,
         {},
         QJsonArray {harCookie(QStringLiteral("admin_session"), QStringLiteral("a.example.com"),
                               QStringLiteral("/admin"), QStringLiteral("1969-12-31T23:59:59.000Z"), true)},
         {}},
        {QStringLiteral("2024-01-01T10:00:05Z"),
         QStringLiteral("https://a.example.com/api/users"),
         {},
         403,
         {},
         {},
         {}},
    }));
    const Http::JarCookieVerdict* first = jarVerdict(d.entries[0], "admin_session");
    QVERIFY(first);
    QVERIFY(first->sent());
    QCOMPARE(jarVerdict(d.entries[1], "admin_session")->status, Http::CookieSendStatus::NotOnPath);
    QVERIFY(findFinding(d.entries[1].diagnosis.findings, u"cookie.not_sent"));
    QVERIFY(!findFinding(d.entries[0].diagnosis.findings, u"cookie.not_sent"));
}

void TestHarCookieReplay::expiryBetweenEntries()
{
    // Each entry is judged at its own startedDateTime; entries without one at DiagnoseOptions::now.
    DiagnoseOptions options;
    options.now = QDateTime(QDate(2024, 1, 1), QTime(11, 0), Qt::UTC);
    const HarDiagnosis d = diagnoseHar(
        har({
            {QStringLiteral("2024-01-01T10:00:00Z"),
             QStringLiteral("https://a.example.com/login"),
             {},
             200,
             {{QStringLiteral("Set-Cookie"), QStringLiteral("sid=1; Path=/; Max-Age=600")}},
             {},
             {}},
            {QStringLiteral("2024-01-01T10:05:00Z"), QStringLiteral("https://a.example.com/app"), {}, 200, {}, {}, {}},
            {QString(), QStringLiteral("https://a.example.com/app"), {}, 401, {}, {}, {}},
        }),
        options);
    QCOMPARE(jarVerdict(d.entries[1], "sid")->status, Http::CookieSendStatus::Sent);
    QCOMPARE(jarVerdict(d.entries[2], "sid")->status, Http::CookieSendStatus::Expired);
    const Finding* f = findFinding(d.entries[2].diagnosis.findings, u"session.expired");
    QVERIFY(f);
    QCOMPARE(f->reason, QStringLiteral("cookie_expired"));
}

void TestHarCookieReplay::deletionEmptiesTheJar()
{
    const HarDiagnosis d = diagnoseHar(har({
        {QStringLiteral("2024-01-01T10:00:00Z"),
         QStringLiteral("https://a.example.com/login"),
         {},
         200,
         {{QStringLiteral("Set-Cookie"), QStringLiteral("sid=1; Path=/")}},
         {},
         {}},
        {QStringLiteral("2024-01-01T10:01:00Z"),
         QStringLiteral("https://a.example.com/logout"),
         {{QStringLiteral("Cookie"), QStringLiteral("sid=1")}},
         200,
         {{QStringLiteral("Set-Cookie"), QStringLiteral("sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT")}},
         {},
         {}},
        {QStringLiteral("2024-01-01T10:02:00Z"), QStringLiteral("https://a.example.com/app"), {}, 200, {}, {}, {}},
    }));
    const auto& fields = d.entries[1].exchange.hops[0].cookies.setCookies;
    QCOMPARE(fields.size(), 1);
    QCOMPARE(fields[0].status, Http::SetCookieStatus::Expired);
    QVERIFY(fields[0].replaced);
    QVERIFY(d.entries[2].exchange.hops[0].cookies.jar.isEmpty());
}

QTEST_GUILESS_MAIN(TestHarCookieReplay)
#include "TestHarCookieReplay.moc"
