// authlens-cli login (issue 11) as a process: a stored profile whose secrets live in the real keychain, the
// demo API in this test process, and authlens_test_browser as AUTHLENS_BROWSER doing the user's part.
// The transcript's JSON shape (refresh's), exit codes, what goes to stderr, the code and verifier redacted,
// the tokens in the keychain and on no disk.
#include "ProcessRun.h"
#include "SecretsOnDisk.h"
#include "demo/DemoAuthorize.h"
#include "demo/DemoServer.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileJson.h"
#include "profiles/ProfileSecrets.h"
#include "profiles/ProfileStore.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace Authlens;
using Demo::DemoServer;
using Result = Test::ProcessResult;

class TestCliLogin : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void loginWithCodeStoresTheTokens();
    void confidentialClientText();
    void denyIsExitOne();
    void loginWithDeviceCode();
    void noBrowserPrintsTheUrlAndTimesOut();
    void usage_data();
    void usage();
    void noTokenOnDisk();

private:
    Result run(const QStringList& args, const QList<QPair<QString, QString>>& env = {});
    Profiles::Profile storeProfile(bool publicClient);

    DemoServer m_server;
    QTemporaryDir m_data;
    QStringList m_ids;
    QStringList m_canaries;
    QDateTime m_started;
};

Result TestCliLogin::run(const QStringList& args, const QList<QPair<QString, QString>>& env)
{
    QList<QPair<QString, QString>> environment {
        {QStringLiteral("AUTHLENS_DATA_DIR"), m_data.path()},
        {QStringLiteral("AUTHLENS_BROWSER"),
         QStringLiteral(AUTHLENS_BUILD_DIR "/tests/support/authlens_test_browser")}};
    environment += env;
    return Test::runProcess(QStringLiteral(AUTHLENS_CLI_PATH), args, {{}, environment, 60000});
}

void TestCliLogin::initTestCase()
{
    m_started = QDateTime::currentDateTimeUtc().addSecs(-2);
    QVERIFY(m_data.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    const QString keychain = Test::keychainProblem();
    QVERIFY2(keychain.isEmpty(), qPrintable(keychain));
}

void TestCliLogin::cleanupTestCase()
{
    QVERIFY(Test::removeKeychainSecrets(m_ids));
}

Profiles::Profile TestCliLogin::storeProfile(bool publicClient)
{
    const QString base = m_server.baseUrl().toString();
    Profiles::Profile p;
    p.id = Profiles::ProfileJson::newId();
    m_ids.append(p.id);
    p.name = QStringLiteral("Sign-in %1").arg(p.id.left(8));
    p.baseUrl = base;
    p.auth.method = Auth::Method::OAuth2;
    Auth::OAuthSettings& oauth = p.auth.oauth;
    oauth.grantType = QStringLiteral("authorization_code");
    oauth.authorizationEndpoint = base + QStringLiteral("/authorize");
    oauth.tokenEndpoint = base + QStringLiteral("/oauth/token");
    oauth.issuer = base;
    oauth.scopes = {QStringLiteral("openid"), QStringLiteral("profile:read")};
    Auth::AuthSecrets secrets;
    if (publicClient) {
        oauth.clientId = Demo::DemoAuthorize::publicClientId();
        oauth.clientAuth = Auth::ClientAuth::None;
    } else {
        oauth.clientId = DemoServer::clientId();
        oauth.clientAuth = Auth::ClientAuth::ClientSecretPost;
        secrets.clientSecret = DemoServer::clientSecret();
    }
    p.expectedIssuer = base;
    p.expectedAudiences = {DemoServer::audience()};
    Profiles::KeychainSecretStore keychain;
    bool done = false;
    QObject context;
    Profiles::ProfileSecrets::save(keychain, p.id, secrets, &context,
                                   [&](const Profiles::ProfileSecrets::Outcome&) { done = true; });
    if (!QTest::qWaitFor([&] { return done; }, 30000))
        qWarning("could not store the secrets of the test profile");
    QString error;
    if (!Profiles::ProfileStore(m_data.path() + QStringLiteral("/profiles")).save(p, &error))
        qWarning("could not save the test profile: %s", qPrintable(error));
    return p;
}

void TestCliLogin::loginWithDeviceCode()
{
    // login --flow device on a profile whose own grant is the code flow: the device authorization endpoint
    // comes from the issuer's metadata; the "browser" approves verification_uri_complete on the demo's page.
    Profiles::Profile p = storeProfile(true);
    p.auth.oauth.clientId = QStringLiteral("authlens-device-fast"); // the demo's device client polled every 1 s
    QString error;
    QVERIFY2(Profiles::ProfileStore(m_data.path() + QStringLiteral("/profiles")).save(p, &error), qPrintable(error));
    const Result r = run({QStringLiteral("login"), QStringLiteral("--profile"), p.name, QStringLiteral("--flow"),
                          QStringLiteral("device"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // Where to go and which code to enter, on stderr (a person may be reading it on another screen).
    QVERIFY2(r.err.contains("/device"), r.err.constData());
    const QJsonObject json = r.json();
    QCOMPARE(json[u"ok"].toBool(), true);
    QVERIFY2(json[u"grant_type"].toString().contains(u"device_code"), qPrintable(json[u"grant_type"].toString()));
    QCOMPARE(json[u"stored"].toBool(), true);
    const QString access = Test::secretToolLookup(p.id + QStringLiteral("/token"));
    QVERIFY(access.size() > 100);
    m_canaries += access;
    QVERIFY(!r.out.contains(access.toLatin1()));
    QVERIFY(!r.err.contains(access.toLatin1()));
}

void TestCliLogin::loginWithCodeStoresTheTokens()
{
    const Profiles::Profile p = storeProfile(true);
    const Result r = run({QStringLiteral("login"), QStringLiteral("--profile"), p.name, QStringLiteral("--flow"),
                          QStringLiteral("code"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // The user is told where to sign in, on stderr.
    QVERIFY2(r.err.contains("Sign in in your browser (opened): http://127.0.0.1:"), r.err.constData());
    QVERIFY(r.err.contains("code_challenge_method=S256"));
    const QJsonObject json = r.json();
    QCOMPARE(json[u"ok"].toBool(), true);
    QCOMPARE(json[u"profile"].toString(), p.id);
    QCOMPARE(json[u"profile_name"].toString(), p.name);
    QCOMPARE(json[u"grant_type"].toString(), QStringLiteral("authorization_code"));
    QCOMPARE(json[u"status"].toInt(), 200);
    QCOMPARE(json[u"stored"].toBool(), true);
    QCOMPARE(json[u"session_only"].toBool(), false);
    QVERIFY(json[u"error"].isNull());
    const QJsonArray steps = json[u"steps"].toArray();
    QVERIFY(steps.size() >= 2);
    QVERIFY(steps.at(0)[u"title"].toString().startsWith(u"Browser sign-in"));
    QVERIFY(Test::findingCodes(json[u"findings"]).contains(u"oidc.id_token_valid"));
    // The code (in the callback URL and the token request) and the verifier are redacted.
    const QUrl callback(steps.at(0)[u"hops"].toArray().first()[u"request"][u"url"].toString());
    QVERIFY2(QUrlQuery(callback).queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded).contains(u"redacted"),
             qPrintable(callback.toString()));
    const int tokenStep = json[u"token_step"].toInt();
    const QUrlQuery body(steps.at(tokenStep)[u"hops"].toArray().first()[u"request"][u"body"].toString());
    QVERIFY(body.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded).contains(u"redacted"));
    QVERIFY(body.queryItemValue(QStringLiteral("code_verifier"), QUrl::FullyDecoded).contains(u"redacted"));
    // The tokens are in the keychain, and in neither output.
    const QString access = Test::secretToolLookup(p.id + QStringLiteral("/token"));
    const QString refresh = Test::secretToolLookup(p.id + QStringLiteral("/refresh_token"));
    const QString id = Test::secretToolLookup(p.id + QStringLiteral("/id_token"));
    QVERIFY(access.size() > 100);
    QVERIFY(refresh.size() >= 32);
    QVERIFY(id.size() > 100);
    m_canaries += {access, refresh, id};
    for (const QString& secret : {access, refresh, id}) {
        QVERIFY(!r.out.contains(secret.toLatin1()));
        QVERIFY(!r.err.contains(secret.toLatin1()));
    }
    // The profile file learned the expiry, never the token.
    const auto loaded = Profiles::ProfileStore(m_data.path() + QStringLiteral("/profiles")).loadAll();
    bool found = false;
    for (const Profiles::Profile& stored : loaded.profiles) {
        if (stored.id == p.id) {
            found = true;
            QVERIFY(stored.auth.oauth.accessTokenExpiresAt > QDateTime::currentSecsSinceEpoch());
        }
    }
    QVERIFY(found);
}

void TestCliLogin::confidentialClientText()
{
    const Profiles::Profile p = storeProfile(false);
    const Result r = run({QStringLiteral("login"), QStringLiteral("--profile"), p.id, QStringLiteral("--text")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("Grant: authorization_code"));
    QVERIFY(r.out.contains("Stored in the keychain."));
    QVERIFY(r.out.contains("client_secret="));
    QVERIFY(!r.out.contains(DemoServer::clientSecret().toLatin1()));
    m_canaries += {Test::secretToolLookup(p.id + QStringLiteral("/token")),
                   Test::secretToolLookup(p.id + QStringLiteral("/refresh_token"))};
}

void TestCliLogin::denyIsExitOne()
{
    const Profiles::Profile p = storeProfile(true);
    const Result r = run({QStringLiteral("login"), QStringLiteral("--profile"), p.name, QStringLiteral("--json")},
                         {{QStringLiteral("AUTHLENS_TEST_BROWSER_DECISION"), QStringLiteral("deny")}});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject json = r.json();
    QCOMPARE(json[u"ok"].toBool(), false);
    QCOMPARE(Test::findingCodes(json[u"findings"]), QStringList {QStringLiteral("oauth.access_denied")});
    QCOMPARE(json[u"error"][u"kind"].toString(), QStringLiteral("refused"));
    QVERIFY(r.err.contains("access_denied"));
    QCOMPARE(Test::secretToolLookup(p.id + QStringLiteral("/token")), QString());
}

void TestCliLogin::noBrowserPrintsTheUrlAndTimesOut()
{
    const Profiles::Profile p = storeProfile(true);
    const Result r = run({QStringLiteral("login"), QStringLiteral("--profile"), p.name, QStringLiteral("--no-browser"),
                          QStringLiteral("--timeout"), QStringLiteral("2"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("Open this URL in a browser to sign in: http://127.0.0.1:"), r.err.constData());
    QVERIFY(r.err.contains("Timed out"));
    const QJsonObject json = r.json();
    QCOMPARE(Test::findingCodes(json[u"findings"]), QStringList {QStringLiteral("oauth.no_callback")});
    QCOMPARE(json[u"error"][u"kind"].toString(), QStringLiteral("network"));
}

void TestCliLogin::usage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("no profile") << QStringList {QStringLiteral("login")} << 2;
    QTest::newRow("bad flow") << QStringList {QStringLiteral("login"), QStringLiteral("--profile"), QStringLiteral("x"),
                                              QStringLiteral("--flow"), QStringLiteral("implicit")}
                              << 2;
    QTest::newRow("bad timeout") << QStringList {QStringLiteral("login"), QStringLiteral("--profile"),
                                                 QStringLiteral("x"), QStringLiteral("--timeout"), QStringLiteral("0")}
                                 << 2;
    QTest::newRow("unknown profile") << QStringList {QStringLiteral("login"), QStringLiteral("--profile"),
                                                     QStringLiteral("no such profile")}
                                     << 3;
}

void TestCliLogin::usage()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    const Result r = run(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY(r.out.isEmpty());
    QVERIFY(!r.err.isEmpty());
}

void TestCliLogin::noTokenOnDisk()
{
    QVERIFY(m_canaries.size() >= 5);
    QStringList roots {m_data.path(), QDir::tempPath(),
                       QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
                       QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)};
    const QString home = QDir::homePath();
    if (home.startsWith(QDir::tempPath()) || home.startsWith(u"/tmp/"))
        roots.append(home);
    int scanned = 0;
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
            ++scanned;
            const QByteArray content = f.readAll();
            for (const QString& canary : std::as_const(m_canaries))
                QVERIFY2(canary.isEmpty() || !content.contains(canary.toUtf8()), qPrintable(path + u" holds a token"));
        }
    }
    QVERIFY(scanned >= 2); // at least the profile files this test wrote and the CLI updated
}

QTEST_GUILESS_MAIN(TestCliLogin)
#include "TestCliLogin.moc"
