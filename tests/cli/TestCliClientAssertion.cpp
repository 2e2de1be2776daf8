// authlens-cli refresh with private_key_jwt (issue 11, RFC 7523) as a process, against a demo API in this test
// process, with a stored profile whose private key is in the real keychain: the transcript JSON and text show
// the assertion's header and claims (never its signature), a wrong key exits 1 with the invalid_client
// finding, and the private key is in the keychain only — never in the profile file or anywhere on disk.
#include "ProcessRun.h"
#include "SecretsOnDisk.h"
#include "demo/DemoClientAssertion.h"
#include "demo/DemoServer.h"
#include "jwt/PrivateKey.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileJson.h"
#include "profiles/ProfileSecrets.h"
#include "profiles/ProfileStore.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Authlens;
using Demo::DemoClientAssertion;
using Demo::DemoServer;
using Result = Test::ProcessResult;

namespace {

/// The base64 body of a PEM (its lines joined): what would be on disk if the key leaked, however wrapped.
QStringList pemLines(const QString& pem)
{
    QStringList lines;
    for (const QString& line : pem.split(u'\n', Qt::SkipEmptyParts)) {
        if (!line.startsWith(u"-----"))
            lines.append(line.trimmed());
    }
    return lines;
}

} // namespace

class TestCliClientAssertion : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void refreshShowsTheAssertionClaims();
    void refreshText();
    void wrongKeyIsInvalidClient();
    void demoProfile();
    void privateKeyOnlyInTheKeychain();

private:
    Result run(const QStringList& args);
    Profiles::Profile storeProfile(const QString& pem);

    DemoServer m_server;
    QTemporaryDir m_data;
    QStringList m_ids;
    QStringList m_keys; ///< every private key stored: none may reach a file
    QDateTime m_started;
};

Result TestCliClientAssertion::run(const QStringList& args)
{
    return Test::runProcess(QStringLiteral(AUTHLENS_CLI_PATH), args,
                            {{}, {{QStringLiteral("AUTHLENS_DATA_DIR"), m_data.path()}}, 60000});
}

void TestCliClientAssertion::initTestCase()
{
    m_started = QDateTime::currentDateTimeUtc().addSecs(-2);
    QVERIFY(m_data.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    const QString keychain = Test::keychainProblem();
    QVERIFY2(keychain.isEmpty(), qPrintable(keychain));
}

void TestCliClientAssertion::cleanupTestCase()
{
    QVERIFY(Test::removeKeychainSecrets(m_ids));
}

Profiles::Profile TestCliClientAssertion::storeProfile(const QString& pem)
{
    Profiles::Profile p;
    p.id = Profiles::ProfileJson::newId();
    m_ids.append(p.id);
    p.name = QStringLiteral("Key client %1").arg(p.id.left(8));
    p.baseUrl = m_server.baseUrl().toString();
    p.auth.method = Auth::Method::OAuth2;
    p.auth.oauth.grantType = QStringLiteral("client_credentials");
    p.auth.oauth.tokenEndpoint = m_server.baseUrl().toString() + QStringLiteral("/oauth/token");
    p.auth.oauth.clientId = DemoClientAssertion::keyClientId();
    p.auth.oauth.clientAuth = Auth::ClientAuth::PrivateKeyJwt;
    p.auth.oauth.assertionAlg = QStringLiteral("ES256");
    p.auth.oauth.assertionKeyId = DemoClientAssertion::keyId();
    Auth::AuthSecrets secrets;
    secrets.assertionKey = pem;
    m_keys.append(pem);
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
    return p;
}

void TestCliClientAssertion::refreshShowsTheAssertionClaims()
{
    const Profiles::Profile p = storeProfile(QString::fromLatin1(m_server.clientAssertionKeyPem()));
    const Result r = run({QStringLiteral("refresh"), QStringLiteral("--profile"), p.name, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject json = r.json();
    QCOMPARE(json[u"ok"].toBool(), true);
    QCOMPARE(json[u"grant_type"].toString(), QStringLiteral("client_credentials"));
    QCOMPARE(json[u"status"].toInt(), 200);
    QCOMPARE(json[u"stored"].toBool(), true);
    const QJsonObject step = json[u"steps"].toArray().at(0).toObject();
    const QJsonObject assertion = step[u"client_assertion"].toObject();
    QCOMPARE(assertion.keys(), (QStringList {QStringLiteral("claims"), QStringLiteral("header")}));
    const QJsonObject header = assertion[u"header"].toObject();
    QCOMPARE(header[u"alg"].toString(), QStringLiteral("ES256"));
    QCOMPARE(header[u"kid"].toString(), DemoClientAssertion::keyId());
    QCOMPARE(header[u"typ"].toString(), QStringLiteral("JWT"));
    const QJsonObject claims = assertion[u"claims"].toObject();
    QCOMPARE(claims[u"iss"].toString(), DemoClientAssertion::keyClientId());
    QCOMPARE(claims[u"sub"].toString(), DemoClientAssertion::keyClientId());
    QCOMPARE(claims[u"aud"].toString(), m_server.baseUrl().toString() + QStringLiteral("/oauth/token"));
    QCOMPARE(claims[u"exp"].toInteger() - claims[u"iat"].toInteger(), 60);
    QVERIFY(!claims[u"jti"].toString().isEmpty());
    // The request body shows client_assertion redacted: no JWS in the output at all.
    const QString body = step[u"hops"].toArray().at(0).toObject()[u"request"].toObject()[u"body"].toString();
    QVERIFY2(body.contains(u"client_assertion_type=") && body.contains(u"client_assertion="), qPrintable(body));
    QVERIFY2(body.contains(u"client_assertion=eyJh%E2%80%A6%5Bredacted"), qPrintable(body));
    // Neither the JWS header nor the claims part of the assertion ({"alg":…, {"aud":…) is anywhere in the output.
    QVERIFY(!r.out.contains("eyJhbGci") && !r.out.contains("eyJhdWQi"));
    QVERIFY(!r.out.contains("PRIVATE KEY"));
}

void TestCliClientAssertion::refreshText()
{
    const Profiles::Profile p = storeProfile(QString::fromLatin1(m_server.clientAssertionKeyPem()));
    const Result r = run({QStringLiteral("refresh"), QStringLiteral("--profile"), p.name, QStringLiteral("--text")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString text = QString::fromUtf8(r.out);
    QVERIFY2(text.contains(QStringLiteral("Client assertion (private_key_jwt, RFC 7523): alg ES256, kid \"%1\", aud %2")
                               .arg(DemoClientAssertion::keyId(),
                                    m_server.baseUrl().toString() + QStringLiteral("/oauth/token"))),
             r.out.constData());
    // Redacted as every credential is (its first characters and its size), never readable.
    QVERIFY2(text.contains(u"client_assertion=eyJh…[redacted"), r.out.constData());
    QVERIFY(!text.contains(u"eyJhbGci") && !text.contains(u"eyJhdWQi"));
}

void TestCliClientAssertion::wrongKeyIsInvalidClient()
{
    const Profiles::Profile p
        = storeProfile(QString::fromLatin1(Jwt::PrivateKey::generate(QStringLiteral("ES256")).toPem()));
    const Result r = run({QStringLiteral("refresh"), QStringLiteral("--profile"), p.name, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject json = r.json();
    QCOMPARE(json[u"ok"].toBool(), false);
    QCOMPARE(json[u"error"].toObject()[u"kind"].toString(), QStringLiteral("refused"));
    QVERIFY(Test::findingCodes(json[u"findings"]).contains(QStringLiteral("oauth.invalid_client")));
    const QJsonObject finding = json[u"findings"].toArray().at(0).toObject();
    QVERIFY2(finding[u"explanation"].toString().contains(u"alg ES256"), r.out.constData());
    // The assertion that was refused is still shown (claims, not the signature).
    QCOMPARE(json[u"steps"].toArray().at(0).toObject()[u"client_assertion"].toObject()[u"header"].toObject()[u"kid"],
             QJsonValue(DemoClientAssertion::keyId()));
}

void TestCliClientAssertion::demoProfile()
{
    // The built-in demo profile brings its own demo API and its key in memory.
    const Result r = run({QStringLiteral("refresh"), QStringLiteral("--profile"),
                          QStringLiteral("demo-oauth-private-key-jwt"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject json = r.json();
    QCOMPARE(json[u"session_only"].toBool(), true);
    QCOMPARE(json[u"steps"].toArray().at(0).toObject()[u"client_assertion"].toObject()[u"header"].toObject()[u"alg"],
             QJsonValue(QStringLiteral("ES256")));
}

void TestCliClientAssertion::privateKeyOnlyInTheKeychain()
{
    QVERIFY(!m_ids.isEmpty());
    // In the keychain, under the profile's assertion_key entry.
    const QString stored
        = Test::secretToolLookup(Profiles::ProfileSecrets::key(m_ids.first(), Auth::SecretField::AssertionKey));
    QCOMPARE(stored.trimmed(), m_keys.first().trimmed());
    // The profile file holds no key, and no file written since the tests started holds any line of one.
    QStringList roots {m_data.path(), QDir::tempPath(),
                       QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
                       QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)};
    const QString home = QDir::homePath();
    if (home.startsWith(QDir::tempPath()) || home.startsWith(u"/tmp/"))
        roots.append(home);
    int scanned = 0;
    int profileFiles = 0;
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
            if (path.startsWith(m_data.path()) && content.contains("private_key_jwt")) {
                ++profileFiles;
                QVERIFY2(!content.contains("PRIVATE KEY"), qPrintable(path));
            }
            for (const QString& key : std::as_const(m_keys))
                for (const QString& line : pemLines(key))
                    QVERIFY2(!content.contains(line.toLatin1()), qPrintable(path + u" holds a private key"));
        }
    }
    QVERIFY(profileFiles >= 3);
    QVERIFY(scanned >= 3);
}

QTEST_GUILESS_MAIN(TestCliClientAssertion)
#include "TestCliClientAssertion.moc"
