// authlens-cli refresh and send --refresh as processes (issue 10), against a demo API in this test
// process, with stored profiles whose secrets are in the real keychain (setup.sh's gnome-keyring): JSON
// shape, exit codes, both exchanges, and no token on disk. Also send's repeated -d, joined as curl does.
#include "ProcessRun.h"
#include "RawHttpServer.h"
#include "SecretsOnDisk.h"
#include "demo/DemoServer.h"
#include "http/HttpClient.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileJson.h"
#include "profiles/ProfileSecrets.h"
#include "profiles/ProfileStore.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Authlens;
using namespace Qt::StringLiterals;
using Demo::DemoServer;
using Result = Test::ProcessResult;

namespace {

int lastStatus(const QJsonObject& exchange)
{
    return exchange[u"hops"].toArray().last().toObject()[u"response"].toObject()[u"status"].toInt();
}

} // namespace

class TestCliRefresh : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void refreshStoresAndPrintsTheTranscript();
    void replayedRefreshTokenIsExitOne();
    void invalidClientIsExitOne();
    void badProfilesAndUsage_data();
    void badProfilesAndUsage();
    void refreshText();
    void refreshRunsTheDeviceGrant();

    void sendRefreshCarriesBothExchanges();
    void sendRefreshWithDeadRefreshToken();
    void sendRefreshDemoProfile();
    void sendRefreshUsage();
    void repeatedDataJoinedWithAmpersand();
    void postmanOAuthCollectionTurns401Into200();

    void noTokenOnDisk();

private:
    Result run(const QStringList& args);
    Profiles::Profile storeProfile(const QString& grant, const Auth::AuthSecrets& extra = {});
    void storeSecret(const Profiles::Profile& p, Auth::SecretField field, const QString& value);
    void remember(const QString& token);

    DemoServer m_server;
    QTemporaryDir m_data;
    QStringList m_ids;
    QStringList m_canaries;
    QDateTime m_started;
};

Result TestCliRefresh::run(const QStringList& args)
{
    return Test::runProcess(QStringLiteral(AUTHLENS_CLI_PATH), args,
                            {{}, {{QStringLiteral("AUTHLENS_DATA_DIR"), m_data.path()}}, 60000});
}

void TestCliRefresh::remember(const QString& token)
{
    if (token.size() >= 32 && !m_canaries.contains(token))
        m_canaries.append(token);
}

void TestCliRefresh::initTestCase()
{
    m_started = QDateTime::currentDateTimeUtc().addSecs(-2);
    QVERIFY(m_data.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    const QString keychain = Test::keychainProblem();
    QVERIFY2(keychain.isEmpty(), qPrintable(keychain));
}

void TestCliRefresh::cleanupTestCase()
{
    QVERIFY(Test::removeKeychainSecrets(m_ids));
}

void TestCliRefresh::storeSecret(const Profiles::Profile& p, Auth::SecretField field, const QString& value)
{
    Profiles::KeychainSecretStore keychain;
    bool done = false;
    bool ok = false;
    QObject context;
    keychain.write(Profiles::ProfileSecrets::key(p.id, field), value, &context, [&](const Profiles::SecretResult& r) {
        ok = r.ok();
        done = true;
    });
    QVERIFY(QTest::qWaitFor([&] { return done; }, 20000));
    QVERIFY(ok);
}

Profiles::Profile TestCliRefresh::storeProfile(const QString& grant, const Auth::AuthSecrets& extra)
{
    Profiles::Profile p;
    p.id = Profiles::ProfileJson::newId();
    m_ids.append(p.id);
    p.name = QStringLiteral("OAuth %1 %2").arg(grant, p.id.left(8));
    p.baseUrl = m_server.baseUrl().toString();
    p.auth.method = Auth::Method::OAuth2;
    p.auth.username = DemoServer::basicUser();
    p.auth.oauth.grantType = grant;
    p.auth.oauth.tokenEndpoint = m_server.baseUrl().toString() + QStringLiteral("/oauth/token");
    p.auth.oauth.clientId = DemoServer::clientId();
    p.expectedIssuer = m_server.baseUrl().toString();
    p.expectedAudiences = {DemoServer::audience()};
    Auth::AuthSecrets secrets = extra;
    if (secrets.clientSecret.isEmpty())
        secrets.clientSecret = DemoServer::clientSecret();
    if (secrets.password.isEmpty())
        secrets.password = DemoServer::basicPassword();
    remember(secrets.refreshToken);
    remember(secrets.token);
    // Secrets first, then the file (as the profile repository does).
    Profiles::KeychainSecretStore keychain;
    bool done = false;
    Profiles::ProfileSecrets::Outcome saved;
    QObject context;
    Profiles::ProfileSecrets::save(keychain, p.id, secrets, &context, [&](const Profiles::ProfileSecrets::Outcome& o) {
        saved = o;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 30000) || !saved.ok())
        qWarning("could not store the secrets of the test profile");
    QString error;
    if (!Profiles::ProfileStore(m_data.path() + QStringLiteral("/profiles")).save(p, &error))
        qWarning("could not save the test profile: %s", qPrintable(error));
    p.sessionSecrets = secrets;
    const auto check = Profiles::ProfileStore(m_data.path() + QStringLiteral("/profiles")).loadAll();
    for (const QString& e : check.errors)
        qWarning("profile store: %s", qPrintable(e));
    return p;
}

// A device_code profile (issue 11, RFC 8628): the command says on stderr where to enter which code, polls,
// and ends when the user approved on the demo's /device page.
void TestCliRefresh::refreshRunsTheDeviceGrant()
{
    Profiles::Profile p = storeProfile(QStringLiteral("device_code"));
    p.auth.oauth.clientId = QStringLiteral("authlens-device-fast");
    p.auth.oauth.clientAuth = Auth::ClientAuth::None;
    p.auth.oauth.deviceAuthorizationEndpoint
        = m_server.baseUrl().toString() + QStringLiteral("/oauth/device_authorization");
    QString error;
    QVERIFY2(Profiles::ProfileStore(m_data.path() + QStringLiteral("/profiles")).save(p, &error), qPrintable(error));

    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AUTHLENS_DATA_DIR"), m_data.path());
    cli.setProcessEnvironment(env);
    QByteArray err;
    QString userCode;
    Http::HttpClient browser;
    connect(&cli, &QProcess::readyReadStandardError, this, [&] {
        err += cli.readAllStandardError();
        static const QRegularExpression said(QStringLiteral("open (\\S+) and enter the code ([A-Z-]+) "));
        const QRegularExpressionMatch m = said.match(QString::fromUtf8(err));
        if (!m.hasMatch() || !userCode.isEmpty())
            return;
        userCode = m.captured(2);
        Http::RequestSpec approve;
        approve.method = "POST";
        approve.url = QUrl(m.captured(1));
        approve.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")}};
        approve.body = "user_code=" + QUrl::toPercentEncoding(userCode) + "&action=approve";
        browser.send(approve);
    });
    cli.start(QStringLiteral(AUTHLENS_CLI_PATH),
              {QStringLiteral("refresh"), QStringLiteral("--profile"), p.name, QStringLiteral("--json")});
    QVERIFY(QTest::qWaitFor([&] { return cli.state() == QProcess::NotRunning; }, 30000));
    err += cli.readAllStandardError();
    QVERIFY2(cli.exitStatus() == QProcess::NormalExit && cli.exitCode() == 0, err.constData());
    QVERIFY2(!userCode.isEmpty(), err.constData());
    QVERIFY(err.contains(QByteArray("/device and enter the code " + userCode.toLatin1())));
    const QJsonObject json = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    QCOMPARE(json[u"ok"].toBool(), true);
    QCOMPARE(json[u"grant_type"].toString(), QStringLiteral("device_code"));
    QCOMPARE(json[u"stored"].toBool(), true);
    QCOMPARE(json[u"steps"].toArray().first().toObject()[u"title"].toString(),
             QStringLiteral("Device authorization request (RFC 8628 §3.1)"));
    QVERIFY(json[u"token"].toObject()[u"access_token"].toString().contains(u"[redacted"));
    const QString stored = Test::secretToolLookup(Profiles::ProfileSecrets::key(p.id, Auth::SecretField::Token));
    QVERIFY(stored.size() > 32);
    remember(stored);
    QVERIFY(!err.contains(stored.toLatin1()));
}

void TestCliRefresh::refreshStoresAndPrintsTheTranscript()
{
    Auth::AuthSecrets secrets;
    secrets.refreshToken = m_server.mintRefreshToken(QStringLiteral("demo"), {QStringLiteral("profile:read")});
    const Profiles::Profile p = storeProfile(QStringLiteral("password"), secrets);
    const Result r = run({QStringLiteral("refresh"), QStringLiteral("--profile"), p.name, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject json = r.json();
    QCOMPARE(json[u"ok"].toBool(), true);
    QCOMPARE(json[u"profile"].toString(), p.id);
    QCOMPARE(json[u"grant_type"].toString(), QStringLiteral("refresh_token"));
    QCOMPARE(json[u"token_endpoint"].toString(), m_server.baseUrl().toString() + QStringLiteral("/oauth/token"));
    QCOMPARE(json[u"endpoint_source"].toString(), QStringLiteral("profile"));
    QCOMPARE(json[u"status"].toInt(), 200);
    QCOMPARE(json[u"rotated"].toBool(), true);
    QCOMPARE(json[u"stored"].toBool(), true);
    QCOMPARE(json[u"session_only"].toBool(), false);
    QVERIFY(json[u"store_error"].isNull());
    QVERIFY(json[u"error"].isNull());
    QCOMPARE(json[u"token_step"].toInt(), 0);
    QVERIFY(Test::findingCodes(json[u"findings"]).contains(QStringLiteral("oauth.rotated")));
    const QJsonObject token = json[u"token"].toObject();
    QCOMPARE(token[u"token_type"].toString(), QStringLiteral("Bearer"));
    QCOMPARE(token[u"expires_in"].toInt(), 3600);
    QVERIFY(token[u"expires_at_unix"].toDouble() > QDateTime::currentSecsSinceEpoch());
    QVERIFY(token[u"access_token"].toString().contains(u"[redacted"));
    // The transcript: one step, its request and answer, secrets redacted.
    const QJsonArray steps = json[u"steps"].toArray();
    QCOMPARE(steps.size(), 1);
    const QJsonObject step = steps.at(0).toObject();
    QCOMPARE(step[u"title"].toString(), QStringLiteral("Token request: refresh_token grant"));
    const QJsonObject hop = step[u"hops"].toArray().at(0).toObject();
    QCOMPARE(hop[u"request"].toObject()[u"method"].toString(), QStringLiteral("POST"));
    QVERIFY(hop[u"request"].toObject()[u"body"].toString().startsWith(u"grant_type=refresh_token&refresh_token="));
    QCOMPARE(hop[u"response"].toObject()[u"status"].toInt(), 200);
    QVERIFY(Test::findingCodes(step[u"findings"]).contains(QStringLiteral("oauth.rotated")));

    // The new tokens are in the keychain; no secret is in the output.
    const QString newRefresh
        = Test::secretToolLookup(Profiles::ProfileSecrets::key(p.id, Auth::SecretField::RefreshToken));
    const QString newAccess = Test::secretToolLookup(Profiles::ProfileSecrets::key(p.id, Auth::SecretField::Token));
    QVERIFY(!newRefresh.isEmpty() && newRefresh != secrets.refreshToken);
    QVERIFY(!newAccess.isEmpty());
    remember(newRefresh);
    remember(newAccess);
    for (const QString& secret :
         {secrets.refreshToken, newRefresh, newAccess, DemoServer::clientSecret(), DemoServer::basicPassword()})
        QVERIFY2(!r.out.contains(secret.toUtf8()) && !r.err.contains(secret.toUtf8()), qPrintable(secret.left(6)));
    // The profile's file learnt the expiry (not secret), and holds no token.
    const auto loaded = Profiles::ProfileStore(m_data.path() + QStringLiteral("/profiles")).loadAll();
    const auto it = std::find_if(loaded.profiles.cbegin(), loaded.profiles.cend(),
                                 [&p](const Profiles::Profile& x) { return x.id == p.id; });
    QVERIFY(it != loaded.profiles.cend());
    QCOMPARE(it->auth.oauth.accessTokenExpiresAt, qint64(token[u"expires_at_unix"].toDouble()));
    QCOMPARE(it->auth.oauth.tokenType, QStringLiteral("Bearer"));
}

void TestCliRefresh::replayedRefreshTokenIsExitOne()
{
    Auth::AuthSecrets secrets;
    secrets.refreshToken = m_server.mintRefreshToken(QStringLiteral("demo"), {QStringLiteral("profile:read")});
    const Profiles::Profile p = storeProfile(QStringLiteral("password"), secrets);
    const QStringList args {QStringLiteral("refresh"), QStringLiteral("--profile"), p.id, QStringLiteral("--json")};
    QCOMPARE(run(args).exitCode, 0);
    const QString live = Test::secretToolLookup(Profiles::ProfileSecrets::key(p.id, Auth::SecretField::RefreshToken));
    remember(live);
    // Someone put the spent refresh token back: the server says invalid_grant, and that is the end.
    storeSecret(p, Auth::SecretField::RefreshToken, secrets.refreshToken);
    const Result refused = run(args);
    QCOMPARE(refused.exitCode, 1);
    const QJsonObject json = refused.json();
    QCOMPARE(json[u"ok"].toBool(), false);
    QCOMPARE(json[u"error"].toObject()[u"kind"].toString(), QStringLiteral("refused"));
    QCOMPARE(json[u"reauthenticate"].toBool(), true);
    QCOMPARE(json[u"status"].toInt(), 400);
    QCOMPARE(json[u"steps"].toArray().size(), 1); // one request, no loop
    QVERIFY(Test::findingCodes(json[u"findings"]).contains(QStringLiteral("oauth.invalid_grant")));
    QVERIFY(json[u"token"].isNull());
    QVERIFY(refused.err.contains("refused"));

    // A full re-authentication with the profile's own grant (--new): a fresh token pair.
    const Result fresh = run(args + QStringList {QStringLiteral("--new")});
    QVERIFY2(fresh.exitCode == 0, fresh.err.constData());
    QCOMPARE(fresh.json()[u"grant_type"].toString(), QStringLiteral("password"));
    const QString renewed
        = Test::secretToolLookup(Profiles::ProfileSecrets::key(p.id, Auth::SecretField::RefreshToken));
    QVERIFY(!renewed.isEmpty() && renewed != secrets.refreshToken);
    remember(renewed);
}

void TestCliRefresh::invalidClientIsExitOne()
{
    Auth::AuthSecrets secrets;
    secrets.clientSecret = QStringLiteral("not-the-client-secret");
    const Profiles::Profile p = storeProfile(QStringLiteral("client_credentials"), secrets);
    const Result r = run({QStringLiteral("refresh"), QStringLiteral("--profile"), p.name, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject json = r.json();
    QCOMPARE(json[u"status"].toInt(), 401);
    QVERIFY(Test::findingCodes(json[u"findings"]).contains(QStringLiteral("oauth.invalid_client")));
    QVERIFY(!r.out.contains("not-the-client-secret"));
}

void TestCliRefresh::badProfilesAndUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("no profile") << QStringList {QStringLiteral("refresh")} << 2;
    QTest::newRow("extra argument") << QStringList {QStringLiteral("refresh"), QStringLiteral("x"),
                                                    QStringLiteral("--profile"), QStringLiteral("demo-oauth-expired")}
                                    << 2;
    QTest::newRow("bad --now") << QStringList {QStringLiteral("refresh"), QStringLiteral("--profile"),
                                               QStringLiteral("demo-oauth-expired"), QStringLiteral("--now"),
                                               QStringLiteral("soon")}
                               << 2;
    QTest::newRow("unknown profile") << QStringList {QStringLiteral("refresh"), QStringLiteral("--profile"),
                                                     QStringLiteral("no such profile")}
                                     << 3;
    QTest::newRow("not OAuth 2") << QStringList {QStringLiteral("refresh"), QStringLiteral("--profile"),
                                                 QStringLiteral("demo-basic")}
                                 << 3;
}

void TestCliRefresh::badProfilesAndUsage()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    const Result r = run(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY(!r.err.isEmpty());
}

void TestCliRefresh::refreshText()
{
    // The demo's OAuth 2 profile brings its own demo API: readable output, tokens kept in memory.
    const Result r = run({QStringLiteral("refresh"), QStringLiteral("--profile"), QStringLiteral("demo-oauth-expired"),
                          QStringLiteral("--text")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString text = QString::fromUtf8(r.out);
    QVERIFY2(text.contains(u"Token request: refresh_token grant") && text.contains(u"oauth.rotated")
                 && text.contains(u"Refresh token: rotated") && text.contains(u"Kept in memory")
                 && text.contains(u"[redacted"),
             r.out.constData());
    QVERIFY(!text.contains(DemoServer::clientSecret()));
}

void TestCliRefresh::sendRefreshCarriesBothExchanges()
{
    // The token looks fine locally, but the API no longer knows its signing key: 401, refresh, 200.
    Auth::AuthSecrets secrets;
    secrets.token = m_server.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 3600);
    secrets.refreshToken = m_server.mintRefreshToken(QStringLiteral("demo"), {QStringLiteral("profile:read")});
    const Profiles::Profile p = storeProfile(QStringLiteral("password"), secrets);
    m_server.rotateSigningKey();
    QTemporaryDir harDir;
    const QString harPath = harDir.filePath(QStringLiteral("flow.har"));
    const Result r = run({QStringLiteral("send"), QStringLiteral("--refresh"), QStringLiteral("--profile"), p.name,
                          QStringLiteral("/api/profile"), QStringLiteral("--json"), QStringLiteral("--har"), harPath});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject json = r.json();
    QCOMPARE(lastStatus(json), 200);
    QVERIFY(json[u"error"].isNull());
    QCOMPARE(json[u"refreshed_first"].toBool(), false);
    const QJsonObject before = json[u"before"].toObject();
    QCOMPARE(lastStatus(before), 401);
    const QStringList beforeCodes = Test::findingCodes(before[u"findings"]);
    QVERIFY2(beforeCodes.contains(QStringLiteral("token.signature"))
                 || beforeCodes.contains(QStringLiteral("token.revoked")),
             qPrintable(beforeCodes.join(u", ")));
    const QJsonObject token = json[u"token"].toObject();
    QCOMPARE(token[u"ok"].toBool(), true);
    QCOMPARE(token[u"grant_type"].toString(), QStringLiteral("refresh_token"));
    QCOMPARE(token[u"rotated"].toBool(), true);
    QCOMPARE(token[u"stored"].toBool(), true);
    QCOMPARE(token[u"steps"].toArray().size(), 1);
    QVERIFY2(json[u"summary"].toString().contains(u"resent"), qPrintable(json[u"summary"].toString()));
    // The two requests went out with different tokens, both redacted in the output.
    const auto authorization = [](const QJsonObject& exchange) {
        for (const QJsonValue& h :
             exchange[u"hops"].toArray().at(0).toObject()[u"request"].toObject()[u"headers"].toArray())
            if (h.toArray().at(0).toString().compare(u"Authorization", Qt::CaseInsensitive) == 0)
                return h.toArray().at(1).toString();
        return QString();
    };
    QVERIFY(authorization(before).contains(u"[redacted"));
    QVERIFY(authorization(json).contains(u"[redacted"));
    const QString newRefresh
        = Test::secretToolLookup(Profiles::ProfileSecrets::key(p.id, Auth::SecretField::RefreshToken));
    QVERIFY(newRefresh != secrets.refreshToken);
    remember(newRefresh);
    remember(Test::secretToolLookup(Profiles::ProfileSecrets::key(p.id, Auth::SecretField::Token)));
    for (const QString& secret : std::as_const(m_canaries))
        QVERIFY(!r.out.contains(secret.toUtf8()));

    // --har holds the whole flow in order: the 401, the token request, the 200; no token in clear.
    QFile harFile(harPath);
    QVERIFY(harFile.open(QIODevice::ReadOnly));
    const QByteArray har = harFile.readAll();
    const QJsonArray entries = QJsonDocument::fromJson(har).object()[u"log"].toObject()[u"entries"].toArray();
    QCOMPARE(entries.size(), 3);
    const auto entryAt = [&](int i) { return entries.at(i).toObject(); };
    QVERIFY(entryAt(0)[u"request"].toObject()[u"url"].toString().endsWith(u"/api/profile"));
    QCOMPARE(entryAt(0)[u"response"].toObject()[u"status"].toInt(), 401);
    QVERIFY(entryAt(1)[u"request"].toObject()[u"url"].toString().endsWith(u"/oauth/token"));
    QCOMPARE(entryAt(1)[u"request"].toObject()[u"method"].toString(), QStringLiteral("POST"));
    QCOMPARE(entryAt(2)[u"response"].toObject()[u"status"].toInt(), 200);
    QVERIFY(!har.contains(secrets.refreshToken.toUtf8()));
    for (const QString& secret : std::as_const(m_canaries))
        QVERIFY(!har.contains(secret.toUtf8()));
}

void TestCliRefresh::sendRefreshWithDeadRefreshToken()
{
    Auth::AuthSecrets secrets;
    secrets.token = m_server.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 3600);
    secrets.refreshToken = QStringLiteral("a-refresh-token-the-server-never-issued");
    const Profiles::Profile p = storeProfile(QStringLiteral("password"), secrets);
    m_server.rotateSigningKey();
    const Result r = run({QStringLiteral("send"), QStringLiteral("--refresh"), QStringLiteral("--profile"), p.id,
                          QStringLiteral("/api/profile"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1); // the OAuth error decides, with its finding
    const QJsonObject json = r.json();
    QCOMPARE(lastStatus(json), 401); // the one exchange that was sent
    QVERIFY(json[u"before"].isNull());
    const QJsonObject token = json[u"token"].toObject();
    QCOMPARE(token[u"ok"].toBool(), false);
    QCOMPARE(token[u"reauthenticate"].toBool(), true);
    QVERIFY(Test::findingCodes(token[u"findings"]).contains(QStringLiteral("oauth.invalid_grant")));
    QCOMPARE(token[u"steps"].toArray().size(), 1);
    QVERIFY(json[u"summary"].toString().contains(u"not resent"));
}

void TestCliRefresh::sendRefreshDemoProfile()
{
    // A new user's first minute: the demo's expired token, refreshed before sending, 200.
    const Result r
        = run({QStringLiteral("send"), QStringLiteral("--refresh"), QStringLiteral("--profile"),
               QStringLiteral("demo-oauth-expired"), QStringLiteral("/api/profile"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject json = r.json();
    QCOMPARE(lastStatus(json), 200);
    QCOMPARE(json[u"refreshed_first"].toBool(), true);
    QVERIFY(json[u"summary"].toString().contains(u"expired"));
    QCOMPARE(json[u"token"].toObject()[u"session_only"].toBool(), true);
    // Without --refresh the same profile answers 401 with the token finding (the card's case).
    const Result plain = run({QStringLiteral("send"), QStringLiteral("--profile"), QStringLiteral("demo-oauth-expired"),
                              QStringLiteral("/api/profile"), QStringLiteral("--json")});
    QCOMPARE(plain.exitCode, 1);
    QVERIFY(Test::findingCodes(plain.json()[u"findings"]).contains(QStringLiteral("token.expired")));
}

void TestCliRefresh::sendRefreshUsage()
{
    QCOMPARE(run({QStringLiteral("send"), QStringLiteral("--refresh"), m_server.baseUrl().toString()}).exitCode, 2);
    QCOMPARE(run({QStringLiteral("send"), QStringLiteral("--refresh"), QStringLiteral("--profile"),
                  QStringLiteral("demo-oauth-expired"), QStringLiteral("--oauth2-bearer"), QStringLiteral("x"),
                  QStringLiteral("/api/profile")})
                 .exitCode,
             2);
    QCOMPARE(run({QStringLiteral("send"), QStringLiteral("--refresh"), QStringLiteral("--profile"),
                  QStringLiteral("demo-basic"), QStringLiteral("/basic/resource")})
                 .exitCode,
             3);
}

void TestCliRefresh::repeatedDataJoinedWithAmpersand()
{
    Test::RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const QByteArray&) { return Test::RawHttpServer::simple(200, "OK", {}, "ok"); });
    const Result r = run({QStringLiteral("send"), QStringLiteral("-d"), QStringLiteral("a=1"), QStringLiteral("-d"),
                          QStringLiteral("b=2"), QStringLiteral("--data"), QStringLiteral("c=3"),
                          server.url(QStringLiteral("/form")).toString(), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray raw = server.requests().constLast();
    QVERIFY2(raw.endsWith("\r\n\r\na=1&b=2&c=3"), raw.constData());
    QVERIFY(raw.startsWith("POST /form "));
    QVERIFY(raw.contains("Content-Type: application/x-www-form-urlencoded"));
}

void TestCliRefresh::postmanOAuthCollectionTurns401Into200()
{
    // A Postman collection whose oauth2 block is the demo's client (tests/data/formats/postman/): imported as
    // an OAuth 2 profile with its secrets in the keychain; its saved (expired) token is refused, and
    // send --refresh gets a token from the client credentials and the request answers 200.
    QFile collection(QStringLiteral(AUTHLENS_TEST_DATA_DIR "/formats/postman/demo-oauth2.postman_collection.json"));
    QVERIFY(collection.open(QIODevice::ReadOnly));
    QByteArray json = collection.readAll();
    json.replace("http://127.0.0.1:8080", m_server.baseUrl().toString().toUtf8());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demo-oauth2.postman_collection.json"));
    QFile copy(path);
    QVERIFY(copy.open(QIODevice::WriteOnly));
    copy.write(json);
    copy.close();

    const Result imported = run({QStringLiteral("profiles"), QStringLiteral("import"), path, QStringLiteral("--json")});
    QCOMPARE(imported.exitCode, 0);
    const QString name = QStringLiteral("Authlens demo (OAuth 2)");
    const Result shown = run({QStringLiteral("profiles"), QStringLiteral("show"), name, QStringLiteral("--json")});
    QCOMPARE(shown.exitCode, 0);
    const QString id = shown.json()[u"profile"][u"id"].toString();
    QVERIFY(!id.isEmpty());
    m_ids.append(id);
    QVERIFY2(!Test::secretToolLookup(id + QStringLiteral("/client_secret")).isEmpty(),
             "the client secret is in the keychain");

    const Result plain = run({QStringLiteral("send"), QStringLiteral("--json"), QStringLiteral("--profile"), name,
                              QStringLiteral("/api/profile")});
    QCOMPARE(plain.exitCode, 1);
    QCOMPARE(lastStatus(plain.json()), 401);
    QVERIFY2(Test::findingCodes(plain.json()[u"findings"]).contains(u"token.expired"_s), plain.out.constData());

    const Result refreshed = run({QStringLiteral("send"), QStringLiteral("--json"), QStringLiteral("--refresh"),
                                  QStringLiteral("--profile"), name, QStringLiteral("/api/profile")});
    QCOMPARE(refreshed.exitCode, 0);
    QCOMPARE(lastStatus(refreshed.json()), 200);
    QVERIFY(refreshed.json()[u"token"].isObject());
    remember(Test::secretToolLookup(id + QStringLiteral("/token")).trimmed());
}

void TestCliRefresh::noTokenOnDisk()
{
    // Every file written since the tests started where the CLI could write one (its data folder, HOME's
    // config and data folders, the temporary folder, and the test's own HOME when it has one): no refresh
    // or access token of these runs is in any of them (gnome-keyring's files are encrypted).
    QVERIFY(m_canaries.size() >= 8);
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
                QVERIFY2(!content.contains(canary.toUtf8()), qPrintable(path + u" holds a token"));
        }
    }
    QVERIFY(scanned >= 5); // at least the profile files this test wrote and the CLI updated
}

QTEST_GUILESS_MAIN(TestCliRefresh)
#include "TestCliRefresh.moc"
