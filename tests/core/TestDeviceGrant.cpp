// The device authorization grant (issue 11, RFC 8628) end to end: the token service against the demo
// API's device authorization endpoint and token endpoint in process, the user's approval or denial sent
// to the demo's /device page over HTTP on 127.0.0.1, and the tokens in the real keychain (gnome-keyring in
// the private D-Bus session) and in no file.
#include "demo/DemoServer.h"
#include "diagnosis/Catalog.h"
#include "http/HttpClient.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileSecrets.h"
#include "workspace/DeviceFlow.h"
#include "workspace/TokenService.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

using namespace Authlens;
using namespace Authlens::Workspace;
using Demo::DemoServer;

namespace {

QStringList codes(const QList<Diagnosis::Finding>& findings)
{
    QStringList out;
    for (const Diagnosis::Finding& f : findings)
        out.append(f.code);
    return out;
}

/// A run of the profile's grant (Mode::Refresh, no 401, the default wait).
TokenService::Request request(const Profiles::Profile& p)
{
    TokenService::Request r;
    r.profile = p;
    return r;
}

QStringList titles(const TokenOutcome& outcome)
{
    QStringList out;
    for (const TokenStep& s : outcome.transcript)
        out.append(s.title);
    return out;
}

} // namespace

class TestDeviceGrant : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void approvedWhilePolling();
    void endpointDiscoveredAndGrantOverridden();
    void slowDownAddsFiveSeconds();
    void expiredToken();
    void accessDenied();
    void cancelWhilePolling();
    void interactionTimeout();
    void browserOnlyWhenAsked();
    void demoRefusesWhatItShould();
    void tokensAreNowhereOnDisk();

private:
    Profiles::Profile profile(const QString& clientId, bool withEndpoint = true);
    /// Runs `request`; `onReady` and `onPolled` may act on the run (approve, deny, cancel).
    TokenOutcome run(TokenService& service, const TokenService::Request& request,
                     std::function<void(const DeviceAuthorization&)> onReady = {},
                     std::function<void(const QString&, int, int)> onPolled = {});
    /// Posts the /device form as the user's browser would; the answer's status (0: none).
    int decide(const QString& userCode, const QString& action);
    /// The same, without waiting (from inside a signal of the run).
    void decideLater(const QString& userCode, const QString& action);
    QString stored(const QString& profileId, Auth::SecretField field);
    QString base() const { return m_server.baseUrl().toString(); }

    DemoServer m_server;
    QString m_service;
    std::unique_ptr<Profiles::KeychainSecretStore> m_keychain;
    Http::HttpClient m_browser; ///< the user's browser, approving or denying
    QStringList m_profileIds;
    QStringList m_canaries;
    QDateTime m_started;
};

void TestDeviceGrant::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_started = QDateTime::currentDateTimeUtc().addSecs(-2);
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_service = QStringLiteral("org.authlens.Authlens.test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_keychain = std::make_unique<Profiles::KeychainSecretStore>(nullptr, m_service);
    bool done = false;
    Profiles::SecretResult probe;
    QObject context;
    m_keychain->probe(&context, [&](const Profiles::SecretResult& r) {
        probe = r;
        done = true;
    });
    QVERIFY(QTest::qWaitFor([&] { return done; }, 20000));
    QVERIFY2(probe.ok(), qPrintable(QStringLiteral("The real keychain must work here: %1").arg(probe.message)));
}

void TestDeviceGrant::cleanupTestCase()
{
    for (const QString& id : std::as_const(m_profileIds)) {
        bool done = false;
        QObject context;
        Profiles::ProfileSecrets::removeAll(*m_keychain, id, &context,
                                            [&](const Profiles::ProfileSecrets::Outcome&) { done = true; });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 20000));
    }
}

Profiles::Profile TestDeviceGrant::profile(const QString& clientId, bool withEndpoint)
{
    Profiles::Profile p;
    p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_profileIds.append(p.id);
    p.name = QStringLiteral("Device test ") + clientId;
    p.baseUrl = base();
    p.auth.method = Auth::Method::OAuth2;
    p.auth.oauth.grantType = QStringLiteral("device_code");
    p.auth.oauth.tokenEndpoint = base() + QStringLiteral("/oauth/token");
    if (withEndpoint)
        p.auth.oauth.deviceAuthorizationEndpoint = QStringLiteral("/oauth/device_authorization"); // relative to base
    p.auth.oauth.clientId = clientId;
    p.auth.oauth.clientAuth = Auth::ClientAuth::None;
    p.auth.oauth.scopes = {QStringLiteral("profile:read")};
    p.expectedIssuer = base();
    p.expectedAudiences = {DemoServer::audience()};
    return p;
}

TokenOutcome TestDeviceGrant::run(TokenService& service, const TokenService::Request& request,
                                  std::function<void(const DeviceAuthorization&)> onReady,
                                  std::function<void(const QString&, int, int)> onPolled)
{
    QObject context;
    if (onReady)
        connect(&service, &TokenService::deviceAuthorizationReady, &context, onReady);
    if (onPolled)
        connect(&service, &TokenService::devicePolled, &context, onPolled);
    TokenOutcome outcome;
    outcome.error = {ErrorKind::Network, QStringLiteral("test timeout")};
    bool done = false;
    service.run(request, &context, [&](const TokenOutcome& o) {
        outcome = o;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 40000))
        qWarning("device run timed out");
    for (const QString& t : {outcome.profile.sessionSecrets.token, outcome.profile.sessionSecrets.refreshToken})
        if (t.size() >= 32)
            m_canaries.append(t);
    return outcome;
}

void TestDeviceGrant::decideLater(const QString& userCode, const QString& action)
{
    Http::RequestSpec spec;
    spec.method = "POST";
    spec.url = QUrl(base() + QStringLiteral("/device"));
    spec.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")}};
    spec.body = "user_code=" + QUrl::toPercentEncoding(userCode) + "&action=" + action.toLatin1();
    m_browser.send(spec);
}

int TestDeviceGrant::decide(const QString& userCode, const QString& action)
{
    QSignalSpy finished(&m_browser, &Http::HttpClient::finished);
    decideLater(userCode, action);
    if (!finished.wait(10000))
        return 0;
    return finished.takeFirst().at(0).value<Http::Exchange>().finalStatus();
}

QString TestDeviceGrant::stored(const QString& profileId, Auth::SecretField field)
{
    QString value;
    bool done = false;
    QObject context;
    m_keychain->read(Profiles::ProfileSecrets::key(profileId, field), &context, [&](const Profiles::SecretResult& r) {
        value = r.ok() ? r.value : QString();
        done = true;
    });
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return done; }, 10000);
    return value;
}

// The flow: the code is shown, the service polls (authorization_pending), the user approves on the
// demo's page, the next poll brings the token, and the token is in the keychain.
void TestDeviceGrant::approvedWhilePolling()
{
    TokenService service(m_keychain.get());
    DeviceAuthorization shown;
    QStringList answers;
    QList<int> intervals;
    QElapsedTimer clock;
    clock.start();
    const Profiles::Profile p = profile(QStringLiteral("authlens-device-fast"));
    const TokenOutcome o = run(
        service, request(p), [&](const DeviceAuthorization& d) { shown = d; },
        [&](const QString& answer, int, int interval) {
            answers.append(answer);
            intervals.append(interval);
            if (answers.size() == 2) // approve after two pending answers: both must be summarised as one step
                decideLater(shown.userCode, QStringLiteral("approve"));
        });
    QVERIFY2(o.ok, qPrintable(o.error.message));
    QCOMPARE(o.grantType, QStringLiteral("device_code"));
    QVERIFY(QRegularExpression(QStringLiteral("^[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}$"))
                .match(shown.userCode)
                .hasMatch());
    QCOMPARE(shown.verificationUri, QUrl(base() + QStringLiteral("/device")));
    QCOMPARE(shown.verificationUriComplete.query(), QStringLiteral("user_code=") + shown.userCode);
    QCOMPARE(shown.interval, 1);
    QCOMPARE(shown.expiresIn, 120);
    QCOMPARE(answers,
             (QStringList {QStringLiteral("authorization_pending"), QStringLiteral("authorization_pending"),
                           QStringLiteral("approved")}));
    QCOMPARE(intervals, (QList<int> {1, 1, 1}));
    // Three polls one interval apart: neither sooner (the demo would have said slow_down) nor much later.
    QVERIFY2(clock.elapsed() >= 2900 && clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));

    QCOMPARE(titles(o),
             (QStringList {QStringLiteral("Device authorization request (RFC 8628 §3.1)"),
                           QStringLiteral("Token request: device_code grant, polls 1–2: "
                                          "authorization_pending ×2"),
                           QStringLiteral("Token request: device_code grant, poll 3")}));
    QCOMPARE(o.tokenStep, 2);
    QCOMPARE(o.tokenRequestStep()->exchange.finalStatus(), 200);
    QVERIFY(o.tokenRequestStep()->exchange.hops.first().request.body.contains(
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"));
    QCOMPARE(o.transcript.at(1).exchange.finalStatus(), 400);

    // Stored in the keychain before the run reported; the access token works at the API.
    QVERIFY(o.stored);
    QVERIFY(!o.sessionOnly);
    QVERIFY(!o.profile.sessionSecrets.token.isEmpty());
    QCOMPARE(stored(p.id, Auth::SecretField::Token), o.profile.sessionSecrets.token);
    QCOMPARE(stored(p.id, Auth::SecretField::RefreshToken), o.profile.sessionSecrets.refreshToken);
    QVERIFY(o.expiresAt > QDateTime::currentSecsSinceEpoch());

    // The device code is spent: the page no longer knows the user code.
    QCOMPARE(decide(shown.userCode, QStringLiteral("approve")), 400);
}

void TestDeviceGrant::endpointDiscoveredAndGrantOverridden()
{
    // The profile's grant is client_credentials and it names no device authorization endpoint: login
    // --flow device runs the device grant, and RFC 8414 metadata of the token endpoint's origin names it.
    Profiles::Profile p = profile(QStringLiteral("authlens-device-fast"), false);
    p.auth.oauth.grantType = QStringLiteral("client_credentials");
    TokenService service(m_keychain.get());
    TokenService::Request req = request(p);
    req.mode = TokenService::Mode::New;
    req.grantOverride = QStringLiteral("device_code");
    const TokenOutcome o
        = run(service, req, [&](const DeviceAuthorization& d) { decideLater(d.userCode, QStringLiteral("approve")); });
    QVERIFY2(o.ok, qPrintable(o.error.message));
    QCOMPARE(o.grantType, QStringLiteral("device_code"));
    QCOMPARE(titles(o).first(), QStringLiteral("Authorization server metadata (RFC 8414)"));
    QCOMPARE(o.transcript.first().exchange.hops.first().request.url.path(),
             QStringLiteral("/.well-known/oauth-authorization-server"));
    QCOMPARE(titles(o).at(1), QStringLiteral("Device authorization request (RFC 8628 §3.1)"));
    QCOMPARE(o.transcript.at(1).exchange.hops.first().request.url.path(),
             QStringLiteral("/oauth/device_authorization"));

    // Without the override the profile's own grant runs.
    QCOMPARE(TokenService::grantFor(p, TokenService::Mode::New), QStringLiteral("client_credentials"));
}

void TestDeviceGrant::slowDownAddsFiveSeconds()
{
    // authlens-device-slow announces 1 s but wants 3 s: the first poll is answered slow_down, and the
    // service then waits 6 s (RFC 8628 §3.5). Cancelled there: the wait itself is not worth 6 s of test.
    TokenService service(m_keychain.get());
    QStringList answers;
    QList<int> intervals;
    const TokenOutcome o = run(service, request(profile(QStringLiteral("authlens-device-slow"))), {},
                               [&](const QString& answer, int, int interval) {
                                   answers.append(answer);
                                   intervals.append(interval);
                                   QTimer::singleShot(0, &service, &TokenService::cancel);
                               });
    QCOMPARE(answers, QStringList {QStringLiteral("slow_down")});
    QCOMPARE(intervals, QList<int> {6});
    QVERIFY(!o.ok);
    QCOMPARE(o.error.kind, ErrorKind::Network);
    QCOMPARE(o.error.message, QStringLiteral("Cancelled"));
    QCOMPARE(titles(o).constLast(), QStringLiteral("Token request: device_code grant, poll 1"));
    QVERIFY(o.transcript.constLast().exchange.hops.first().response.body.readAll().contains("slow_down"));
    QVERIFY(!service.isRunning());
}

void TestDeviceGrant::expiredToken()
{
    // authlens-device-short's codes live 2 s: the user never approves, the server says expired_token.
    TokenService service(m_keychain.get());
    QStringList answers;
    const TokenOutcome o = run(service, request(profile(QStringLiteral("authlens-device-short"))), {},
                               [&](const QString& answer, int, int) { answers.append(answer); });
    QVERIFY(!o.ok);
    QCOMPARE(o.error.kind, ErrorKind::Refused);
    QVERIFY2(o.error.message.contains(u"expired_token"), qPrintable(o.error.message));
    QCOMPARE(answers.constLast(), QStringLiteral("expired_token"));
    QCOMPARE(o.response.error, QStringLiteral("expired_token"));
    QVERIFY2(codes(o.findings()).contains(Diagnosis::Code::OAuthExpiredToken),
             qPrintable(codes(o.findings()).join(u' ')));
    QVERIFY(o.tokenRequestStep());
    QVERIFY(o.profile.sessionSecrets.token.isEmpty());
}

void TestDeviceGrant::accessDenied()
{
    TokenService service(m_keychain.get());
    DeviceAuthorization shown;
    int pending = 0;
    const TokenOutcome o = run(
        service, request(profile(QStringLiteral("authlens-device-fast"))),
        [&](const DeviceAuthorization& d) { shown = d; },
        [&](const QString& answer, int, int) {
            if (answer == u"authorization_pending" && ++pending == 1)
                decideLater(shown.userCode, QStringLiteral("deny"));
        });
    QVERIFY(!o.ok);
    QCOMPARE(o.error.kind, ErrorKind::Refused);
    QVERIFY2(o.error.message.contains(u"access_denied"), qPrintable(o.error.message));
    const QList<Diagnosis::Finding> findings = o.findings();
    QVERIFY2(codes(findings).contains(Diagnosis::Code::OAuthAccessDenied), qPrintable(codes(findings).join(u' ')));
    for (const Diagnosis::Finding& f : findings) {
        if (f.code == Diagnosis::Code::OAuthAccessDenied)
            QVERIFY2(f.explanation.contains(u"denied"), qPrintable(f.explanation));
    }
    QVERIFY(stored(o.profile.id, Auth::SecretField::Token).isEmpty());
}

void TestDeviceGrant::cancelWhilePolling()
{
    TokenService service(m_keychain.get());
    QSignalSpy polled(&service, &TokenService::devicePolled);
    const TokenOutcome o = run(service, request(profile(QStringLiteral("authlens-device-fast"))),
                               [&](const DeviceAuthorization&) { service.cancel(); });
    QVERIFY(!o.ok);
    QCOMPARE(o.error.message, QStringLiteral("Cancelled"));
    QVERIFY(!service.isRunning());
    QCOMPARE(polled.size(), 0);
    // The service is free again at once, and the cancelled run's timers are gone: a new run's first poll
    // is its own (poll 1), answered pending.
    QStringList answers;
    TokenService::Request again = request(profile(QStringLiteral("authlens-device-fast")));
    const TokenOutcome second = run(service, again, {}, [&](const QString& answer, int, int) {
        answers.append(answer);
        service.cancel();
    });
    QCOMPARE(answers, QStringList {QStringLiteral("authorization_pending")});
    QCOMPARE(titles(second).constLast(),
             QStringLiteral("Token request: device_code grant, poll 1: authorization_pending"));
    QCOMPARE(second.error.message, QStringLiteral("Cancelled"));
}

void TestDeviceGrant::interactionTimeout()
{
    TokenService service(m_keychain.get());
    TokenService::Request req = request(profile(QStringLiteral("authlens-device-fast")));
    req.interactionTimeoutSeconds = 2;
    QElapsedTimer clock;
    clock.start();
    const TokenOutcome o = run(service, req);
    QVERIFY(!o.ok);
    QCOMPARE(o.error.kind, ErrorKind::Network);
    QVERIFY2(o.error.message.startsWith(u"Timed out"), qPrintable(o.error.message));
    QVERIFY2(o.error.message.contains(u"2 s"), qPrintable(o.error.message));
    QVERIFY2(clock.elapsed() < 8000, qPrintable(QString::number(clock.elapsed())));
}

void TestDeviceGrant::browserOnlyWhenAsked()
{
    qunsetenv("AUTHLENS_BROWSER");
    // The caller's browser gets verification_uri_complete; the test's "browser" approves what it is given.
    TokenService service(m_keychain.get());
    QList<QUrl> opened;
    TokenService::Request req = request(profile(QStringLiteral("authlens-device-fast")));
    req.openBrowser = [&](const QUrl& url) {
        opened.append(url);
        decideLater(QUrlQuery(url).queryItemValue(QStringLiteral("user_code")), QStringLiteral("approve"));
        return true;
    };
    const TokenOutcome o = run(service, req);
    QVERIFY2(o.ok, qPrintable(o.error.message));
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first().path(), QStringLiteral("/device"));
    QVERIFY(opened.first().query().startsWith(u"user_code="));

    // No openBrowser (the GUI): nothing is opened, the code is only announced.
    TokenService quiet(m_keychain.get());
    bool announced = false;
    const TokenOutcome cancelled
        = run(quiet, request(profile(QStringLiteral("authlens-device-fast"))), [&](const DeviceAuthorization&) {
              announced = true;
              quiet.cancel();
          });
    QVERIFY(announced);
    QCOMPARE(cancelled.error.message, QStringLiteral("Cancelled"));
    QCOMPARE(opened.size(), 1);
}

void TestDeviceGrant::demoRefusesWhatItShould()
{
    // The device authorization endpoint: unknown client, unknown scope; a bad answer is the run's error.
    TokenService service(m_keychain.get());
    TokenOutcome o = run(service, request(profile(QStringLiteral("no-such-device"))));
    QCOMPARE(o.error.kind, ErrorKind::Refused);
    QVERIFY2(o.error.message.contains(u"invalid_client"), qPrintable(o.error.message));
    Profiles::Profile badScope = profile(QStringLiteral("authlens-device-fast"));
    badScope.auth.oauth.scopes = {QStringLiteral("everything")};
    o = run(service, request(badScope));
    QVERIFY2(o.error.message.contains(u"invalid_scope"), qPrintable(o.error.message));
    // A device endpoint that is not one (the API's index answers JSON without device_code).
    Profiles::Profile notDevice = profile(QStringLiteral("authlens-device-fast"));
    notDevice.auth.oauth.deviceAuthorizationEndpoint = base() + QStringLiteral("/echo");
    o = run(service, request(notDevice));
    QCOMPARE(o.error.kind, ErrorKind::Refused);
    QVERIFY2(o.error.message.contains(u"RFC 8628 §3.2"), qPrintable(o.error.message));
    // The page refuses codes it does not know.
    QCOMPARE(decide(QStringLiteral("BBBB-BBBB"), QStringLiteral("approve")), 400);
}

void TestDeviceGrant::tokensAreNowhereOnDisk()
{
    QVERIFY(m_canaries.size() >= 4);
    QStringList roots {QDir::tempPath(),
                       QStandardPaths::writableLocation(QStandardPaths::AppDataLocation),
                       QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation),
                       QStandardPaths::writableLocation(QStandardPaths::CacheLocation),
                       QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation),
                       QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)};
    const QString home = QDir::homePath();
    if (home.startsWith(QDir::tempPath()) || home.startsWith(u"/tmp/"))
        roots.append(home); // the test's own HOME (the brief's command): all of it
    for (const QString& root : std::as_const(roots)) {
        if (root.isEmpty() || !QFileInfo(root).isDir())
            continue;
        QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (it.fileInfo().lastModified().toUTC() < m_started)
                continue;
            QFile f(path);
            if (f.size() > 64 * 1024 * 1024 || !f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray content = f.readAll();
            for (const QString& canary : std::as_const(m_canaries))
                QVERIFY2(!content.contains(canary.toLatin1()), qPrintable(path + u" holds a token"));
        }
    }
}

QTEST_GUILESS_MAIN(TestDeviceGrant)
#include "TestDeviceGrant.moc"
