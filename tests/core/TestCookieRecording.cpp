// The cookie explainer in a real exchange: HttpClient against the built-in demo API on 127.0.0.1 records
// a verdict for every jar cookie and every Set-Cookie on every hop, the jar does what the verdicts say,
// and the diagnosis turns them into cookie.not_sent, cookie.rejected and session.expired.
#include "demo/DemoServer.h"
#include "diagnosis/Diagnoser.h"
#include "http/CookieJar.h"
#include "http/HttpClient.h"

#include <QSignalSpy>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Http;
using Authlens::Diagnosis::Finding;

namespace {

const Http::JarCookieVerdict* jarVerdict(const Hop& hop, QByteArrayView name)
{
    for (const JarCookieVerdict& v : hop.cookies.jar) {
        if (v.cookie.name() == name)
            return &v;
    }
    return nullptr;
}

const Http::SetCookieVerdict* setVerdict(const Hop& hop, QByteArrayView name)
{
    for (const SetCookieVerdict& v : hop.cookies.setCookies) {
        if (v.cookie.name() == name)
            return &v;
    }
    return nullptr;
}

bool hasEvidence(const Finding& f, const QString& container, const QString& name, int hop)
{
    return std::any_of(f.evidence.cbegin(), f.evidence.cend(), [&](const Diagnosis::Evidence& e) {
        return e.kind == Diagnosis::EvidenceKind::Cookie && e.container == container && e.name == name && e.hop == hop;
    });
}

bool hasFix(const Finding& f, const QString& id, Diagnosis::FixKind kind)
{
    return std::any_of(f.fixes.cbegin(), f.fixes.cend(),
                       [&](const Diagnosis::Fix& x) { return x.id == id && x.kind == kind; });
}

} // namespace

class TestCookieRecording : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void scopedCookiesExplained();
    void loginStoresAndSends();
    void serverEndedTheSession();
    void expiredCookieIsWithheld();
    void resendWithoutCookies();
    void logoutDeletes();

private:
    Exchange run(const RequestSpec& spec);
    Exchange get(const QString& path);
    void logIn();
    QUrl url(const QString& path) const { return m_demo.baseUrl().resolved(QUrl(path)); }

    Demo::DemoServer m_demo;
    HttpClient m_client;
    std::unique_ptr<CookieJar> m_jar;
};

Exchange TestCookieRecording::run(const RequestSpec& spec)
{
    QSignalSpy spy(&m_client, &HttpClient::finished);
    m_client.send(spec);
    if (!spy.wait(60000))
        return {};
    return spy.takeFirst().at(0).value<Exchange>();
}

Exchange TestCookieRecording::get(const QString& path)
{
    RequestSpec spec;
    spec.url = url(path);
    return run(spec);
}

void TestCookieRecording::logIn()
{
    RequestSpec login;
    login.method = "POST";
    login.url = url(QStringLiteral("/session/login?next=/session/resource"));
    login.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    login.body
        = "user=" + Demo::DemoServer::basicUser().toUtf8() + "&password=" + Demo::DemoServer::basicPassword().toUtf8();
    const Exchange ex = run(login);
    QCOMPARE(ex.finalStatus(), 200);
}

void TestCookieRecording::initTestCase()
{
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
}

void TestCookieRecording::init()
{
    m_demo.setClockOffset(0);
    m_jar = std::make_unique<CookieJar>();
    m_client.setCookieJar(m_jar.get());
}

void TestCookieRecording::scopedCookiesExplained()
{
    const Exchange ex = get(QStringLiteral("/cookies/scoped"));
    QCOMPARE(ex.hops.size(), 2);
    // Hop 0: one cookie stored (its Path excludes what follows), one refused (Domain=example.com).
    const SetCookieVerdict* scoped = setVerdict(ex.hops[0], "demo_scoped_session");
    QVERIFY(scoped);
    QCOMPARE(scoped->status, SetCookieStatus::Stored);
    QCOMPARE(scoped->cookie.path(), QStringLiteral("/cookies/elsewhere"));
    const SetCookieVerdict* foreign = setVerdict(ex.hops[0], "demo_foreign");
    QVERIFY(foreign);
    QCOMPARE(foreign->status, SetCookieStatus::InvalidDomain);
    QCOMPARE(m_jar->cookies().size(), 1);
    // Hop 1: the stored cookie is withheld by its path, so the check answers 403.
    const JarCookieVerdict* withheld = jarVerdict(ex.hops[1], "demo_scoped_session");
    QVERIFY(withheld);
    QCOMPARE(withheld->status, CookieSendStatus::NotOnPath);
    QVERIFY(!hasHeader(ex.hops[1].request.headers, "Cookie"));
    QCOMPARE(ex.finalStatus(), 403);

    Diagnosis::DiagnoseOptions options;
    options.canResend = true;
    options.hasProfile = true;
    const Diagnosis::Diagnosis d = Diagnosis::diagnose(ex, options);
    QVERIFY(d.top());
    QCOMPARE(d.top()->code, QStringLiteral("cookie.not_sent"));
    QCOMPARE(d.top()->reason, QStringLiteral("NotOnPath"));
    QCOMPARE(d.top()->severity, Diagnosis::Severity::Cause);
    QVERIFY(hasEvidence(*d.top(), QStringLiteral("jar"), QStringLiteral("demo_scoped_session"), 1));
    const Finding* rejected = Diagnosis::findFinding(d.findings, u"cookie.rejected");
    QVERIFY(rejected);
    QCOMPARE(rejected->reason, QStringLiteral("InvalidDomain"));
    QVERIFY(hasEvidence(*rejected, QStringLiteral("Set-Cookie"), QStringLiteral("demo_foreign"), 0));
    // Values never appear in findings.
    for (const Finding& f : d.findings) {
        for (const Diagnosis::Evidence& e : f.evidence)
            QVERIFY(!e.excerpt.contains(QString::fromUtf8(scoped->cookie.value())));
    }
}

void TestCookieRecording::loginStoresAndSends()
{
    RequestSpec login;
    login.method = "POST";
    login.url = url(QStringLiteral("/session/login?next=/session/resource"));
    login.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    login.body
        = "user=" + Demo::DemoServer::basicUser().toUtf8() + "&password=" + Demo::DemoServer::basicPassword().toUtf8();
    const Exchange ex = run(login);
    QCOMPARE(ex.hops.size(), 2);
    const SetCookieVerdict* stored = setVerdict(ex.hops[0], "demo_session");
    QVERIFY(stored);
    QCOMPARE(stored->status, SetCookieStatus::Stored);
    QCOMPARE(stored->cookie.domain(), QStringLiteral("127.0.0.1")); // host-only: no Domain attribute
    const JarCookieVerdict* sent = jarVerdict(ex.hops[1], "demo_session");
    QVERIFY(sent);
    QVERIFY(sent->sent());
    QCOMPARE(ex.hops[1].cookies.sent.size(), 1);
    // The ledger says where the cookie came from.
    QVERIFY(std::any_of(ex.hops[1].placed.cbegin(), ex.hops[1].placed.cend(), [](const Placed& p) {
        return p.name == "demo_session" && p.source == CredentialSource::CookieJar;
    }));
    const Diagnosis::Diagnosis d = Diagnosis::diagnose(ex);
    QVERIFY(!Diagnosis::findFinding(d.findings, u"cookie.not_sent"));
    QVERIFY(!Diagnosis::findFinding(d.findings, u"session.expired"));
}

void TestCookieRecording::serverEndedTheSession()
{
    logIn();
    // The server's clock moves past the session's lifetime: the cookie is still in the jar and sent, and
    // the server redirects to its login page.
    m_demo.setClockOffset(700);
    const Exchange ex = get(QStringLiteral("/session/resource"));
    QVERIFY(ex.hops.size() >= 2);
    QVERIFY(jarVerdict(ex.hops[0], "demo_session")->sent());
    QCOMPARE(ex.hops[0].response.status, 302);

    Diagnosis::DiagnoseOptions options;
    options.canResend = true;
    options.hasProfile = true;
    const Diagnosis::Diagnosis d = Diagnosis::diagnose(ex, options);
    const Finding* expired = Diagnosis::findFinding(d.findings, u"session.expired");
    QVERIFY(expired);
    QCOMPARE(expired->severity, Diagnosis::Severity::Cause);
    QCOMPARE(expired->reason, QStringLiteral("login_redirect"));
    QVERIFY(hasEvidence(*expired, QStringLiteral("Cookie"), QStringLiteral("demo_session"), 0));
    QVERIFY(hasFix(*expired, QStringLiteral("cookies.clear_and_resend"), Diagnosis::FixKind::Action));
    QVERIFY(hasFix(*expired, QStringLiteral("cookies.resend_without"), Diagnosis::FixKind::Action));
    // Without a way to resend (a HAR file, the CLI's diagnose) the same fixes are advice.
    const Diagnosis::Diagnosis offline = Diagnosis::diagnose(ex);
    const Finding* advised = Diagnosis::findFinding(offline.findings, u"session.expired");
    QVERIFY(advised);
    QVERIFY(!advised->hasAction());
}

void TestCookieRecording::expiredCookieIsWithheld()
{
    logIn();
    // The jar's session cookie expires on the client's side (Max-Age passed).
    QList<QNetworkCookie> cookies = m_jar->cookies();
    QCOMPARE(cookies.size(), 1);
    cookies[0].setExpirationDate(QDateTime::currentDateTimeUtc().addSecs(-30));
    m_jar->setCookies(cookies);
    const Exchange ex = get(QStringLiteral("/session/resource"));
    const JarCookieVerdict* v = jarVerdict(ex.hops[0], "demo_session");
    QVERIFY(v);
    QCOMPARE(v->status, CookieSendStatus::Expired);
    QVERIFY(!hasHeader(ex.hops[0].request.headers, "Cookie"));
    const Diagnosis::Diagnosis d = Diagnosis::diagnose(ex);
    QVERIFY(d.top());
    QCOMPARE(d.top()->code, QStringLiteral("session.expired"));
    QCOMPARE(d.top()->reason, QStringLiteral("cookie_expired"));
    QVERIFY(hasEvidence(*d.top(), QStringLiteral("jar"), QStringLiteral("demo_session"), 0));
}

void TestCookieRecording::resendWithoutCookies()
{
    logIn();
    RequestSpec spec;
    spec.url = url(QStringLiteral("/session/resource"));
    spec.sendJarCookies = false;
    const Exchange ex = run(spec);
    const JarCookieVerdict* v = jarVerdict(ex.hops[0], "demo_session");
    QVERIFY(v);
    QCOMPARE(v->status, CookieSendStatus::UserPreferences);
    QVERIFY(!hasHeader(ex.hops[0].request.headers, "Cookie"));
    QCOMPARE(ex.hops[0].response.status, 302); // the demo wants its session cookie
    const Diagnosis::Diagnosis d = Diagnosis::diagnose(ex);
    const Finding* notSent = Diagnosis::findFinding(d.findings, u"cookie.not_sent");
    QVERIFY(notSent);
    QCOMPARE(notSent->reason, QStringLiteral("UserPreferences"));
    QVERIFY(!Diagnosis::findFinding(d.findings, u"session.expired"));
    // The jar keeps the cookie: the next normal send carries it again.
    QCOMPARE(get(QStringLiteral("/session/resource")).finalStatus(), 200);
}

void TestCookieRecording::logoutDeletes()
{
    logIn();
    const Exchange ex = get(QStringLiteral("/session/logout"));
    const SetCookieVerdict* v = setVerdict(ex.hops[0], "demo_session");
    QVERIFY(v);
    QCOMPARE(v->status, SetCookieStatus::Expired);
    QVERIFY(v->replaced);
    QVERIFY(m_jar->isEmpty());
    QVERIFY(ex.hops[0].cookies.rejected.isEmpty());
}

QTEST_GUILESS_MAIN(TestCookieRecording)
#include "TestCookieRecording.moc"
