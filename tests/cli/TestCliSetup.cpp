// authlens-cli setup as a process (issue 11): the demo API's 401 → its resource metadata → its authorization
// server's metadata → the proposal as JSON; --apply saves it into the stored profile with its secret kept in
// the real keychain and out of the file; a URL without resource_metadata, and usage errors, exit non-zero.
#include "ProcessRun.h"
#include "demo/DemoServer.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileJson.h"
#include "profiles/ProfileSecrets.h"
#include "profiles/ProfileStore.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Authlens;
using Result = Test::ProcessResult;

class TestCliSetup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void proposesAndApplies();
    void noResourceMetadata();
    void usage();

private:
    Result run(const QStringList& args);
    QJsonObject json(const Result& result);

    Demo::DemoServer m_server;
    QTemporaryDir m_data;
    Profiles::Profile m_profile;
};

Result TestCliSetup::run(const QStringList& args)
{
    return Test::runProcess(QStringLiteral(AUTHLENS_CLI_PATH), args,
                            {{}, {{QStringLiteral("AUTHLENS_DATA_DIR"), m_data.path()}}, 60000});
}

QJsonObject TestCliSetup::json(const Result& result)
{
    return QJsonDocument::fromJson(result.out).object();
}

void TestCliSetup::initTestCase()
{
    QVERIFY(m_data.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    // A stored profile with no auth yet and one secret (an API key) that must survive the setup.
    m_profile.id = Profiles::ProfileJson::newId();
    m_profile.name = QStringLiteral("Setup target");
    m_profile.baseUrl = m_server.baseUrl().toString();
    Auth::AuthSecrets secrets;
    secrets.apiKey = QStringLiteral("ak-setup-canary-0123456789");
    Profiles::KeychainSecretStore keychain;
    bool done = false;
    Profiles::ProfileSecrets::Outcome saved;
    QObject context;
    Profiles::ProfileSecrets::save(keychain, m_profile.id, secrets, &context,
                                   [&](const Profiles::ProfileSecrets::Outcome& o) {
                                       saved = o;
                                       done = true;
                                   });
    QVERIFY(QTest::qWaitFor([&] { return done; }, 30000));
    QVERIFY2(saved.ok(), "the real keychain must work here");
    QString error;
    QVERIFY2(Profiles::ProfileStore(m_data.path() + QStringLiteral("/profiles")).save(m_profile, &error),
             qPrintable(error));
}

void TestCliSetup::cleanupTestCase()
{
    Profiles::KeychainSecretStore keychain;
    bool done = false;
    QObject context;
    Profiles::ProfileSecrets::removeAll(keychain, m_profile.id, &context,
                                        [&](const Profiles::ProfileSecrets::Outcome&) { done = true; });
    QVERIFY(QTest::qWaitFor([&] { return done; }, 20000));
}

void TestCliSetup::proposesAndApplies()
{
    const QString base = m_server.baseUrl().toString();
    const QString url = base + QStringLiteral("/api/profile");
    // Without --apply: the proposal, nothing saved.
    Result r = run({QStringLiteral("setup"), QStringLiteral("--profile"), m_profile.name, QStringLiteral("--url"), url,
                    QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonObject out = json(r);
    QVERIFY(out[u"ok"].toBool());
    QCOMPARE(out[u"issuer"].toString(), base);
    QCOMPARE(out[u"resource_metadata"].toString(), base + QStringLiteral("/.well-known/oauth-protected-resource"));
    QCOMPARE(out[u"steps"].toArray().size(), 2);
    QCOMPARE(
        out[u"challenge"].toObject()[u"hops"].toArray().last().toObject()[u"response"].toObject()[u"status"].toInt(),
        401);
    bool token = false;
    for (const QJsonValue& v : out[u"fields"].toArray()) {
        const QJsonObject f = v.toObject();
        if (f[u"key"].toString() == u"token_endpoint") {
            token = true;
            QCOMPARE(f[u"proposed"].toString(), base + QStringLiteral("/oauth/token"));
            QCOMPARE(f[u"source"].toString(), QStringLiteral("server metadata, token_endpoint"));
            QVERIFY(f[u"differs"].toBool());
        }
    }
    QVERIFY(token);
    QVERIFY(!out[u"applied"].toBool());

    // --apply: saved into the profile file, the client id too; the secret stays in the keychain only.
    r = run({QStringLiteral("setup"), QStringLiteral("--profile"), m_profile.name, QStringLiteral("--url"), url,
             QStringLiteral("--client-id"), Demo::DemoServer::clientId(), QStringLiteral("--apply"),
             QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(json(r)[u"applied"].toBool());
    const auto loaded = Profiles::ProfileStore(m_data.path() + QStringLiteral("/profiles")).loadAll();
    const Profiles::Profile* saved = nullptr;
    for (const Profiles::Profile& p : loaded.profiles) {
        if (p.id == m_profile.id)
            saved = &p;
    }
    QVERIFY(saved);
    QCOMPARE(saved->auth.method, Auth::Method::OAuth2);
    QCOMPARE(saved->auth.oauth.tokenEndpoint, base + QStringLiteral("/oauth/token"));
    QCOMPARE(saved->auth.oauth.clientId, Demo::DemoServer::clientId());
    QCOMPARE(saved->auth.oauth.issuer, base);
    QDirIterator files(m_data.path(), QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains("ak-setup-canary"), "a secret on disk");
    }
    // Its secret is still there: `profiles show` reads it from the keychain.
    r = run({QStringLiteral("profiles"), QStringLiteral("show"), m_profile.name, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"secrets"].toObject()[u"api_key"].toString(), QStringLiteral("in keychain"));
}

void TestCliSetup::noResourceMetadata()
{
    // A 401 without resource_metadata (Basic): nothing to set up from, a bad-input exit.
    const Result r = run({QStringLiteral("setup"), QStringLiteral("--profile"), m_profile.name, QStringLiteral("--url"),
                          m_server.baseUrl().toString() + QStringLiteral("/basic/resource"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("resource_metadata"), r.err.constData());
}

void TestCliSetup::usage()
{
    QCOMPARE(run({QStringLiteral("setup"), QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:1/")}).exitCode,
             2);
    QCOMPARE(run({QStringLiteral("setup"), QStringLiteral("--profile"), m_profile.name, QStringLiteral("--url"),
                  QStringLiteral("ftp://x")})
                 .exitCode,
             2);
    QCOMPARE(run({QStringLiteral("setup"), QStringLiteral("--profile"), QStringLiteral("no such profile"),
                  QStringLiteral("--url"), m_server.baseUrl().toString() + QStringLiteral("/api/profile")})
                 .exitCode,
             3);
}

QTEST_GUILESS_MAIN(TestCliSetup)
#include "TestCliSetup.moc"
