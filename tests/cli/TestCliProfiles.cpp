// authlens-cli profiles … and send --profile, with the real keychain (setup.sh starts gnome-keyring),
// and the leak test: a canary secret must never reach a file.
#include "ProcessRun.h"
#include "SecretsOnDisk.h"
#include "demo/DemoServer.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileJson.h"
#include "profiles/ShareFile.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Authlens;
using namespace Qt::StringLiterals;

namespace {

using Result = Test::ProcessResult;

} // namespace

class TestCliProfiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void importWithPassphraseThenSend();
    void listAndShowNeverPrintSecrets();
    void exportWithoutAndWithPassphrase();
    void badImports_data();
    void badImports();
    void hostileShareFilesImportNothing_data();
    void hostileShareFilesImportNothing();
    void conflicts();
    void curlCommandCredentialsLandInKeychain();
    void importWarningsCarryTheirKind();
    void postmanEnvironmentMergesIntoProfile();
    void leakTest();

private:
    Result run(const QStringList& args, const QString& dataDir = {});
    QString writeFile(const QString& name, const QByteArray& content);
    QByteArray shareFile(const QString& passphrase);

    QTemporaryDir m_data;
    QTemporaryDir m_scratch;
    QProcess m_server;
    QString m_base;
    QString m_profileName;
    QString m_canary;
};

Result TestCliProfiles::run(const QStringList& args, const QString& dataDir)
{
    return Test::runProcess(
        QStringLiteral(AUTHLENS_CLI_PATH), args,
        {{}, {{QStringLiteral("AUTHLENS_DATA_DIR"), dataDir.isEmpty() ? m_data.path() : dataDir}}, 60000});
}

QString TestCliProfiles::writeFile(const QString& name, const QByteArray& content)
{
    const QString path = m_scratch.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(content);
    return path;
}

QByteArray TestCliProfiles::shareFile(const QString& passphrase)
{
    // A colleague's export: Basic credentials for the demo API, the password being the canary.
    Profiles::Profile p;
    p.id = Profiles::ProfileJson::newId();
    p.name = m_profileName;
    p.baseUrl = m_base;
    p.auth.method = Auth::Method::Basic;
    p.auth.username = Demo::DemoServer::basicUser();
    p.sessionSecrets.password = m_canary;
    Profiles::SavedRequest r;
    r.id = Profiles::ProfileJson::newId();
    r.name = QStringLiteral("Basic resource");
    r.url = QStringLiteral("/basic/resource");
    p.requests = {r};
    Profiles::ShareFile::ExportOptions options;
    options.passphrase = passphrase;
    options.kdf.n = 1 << 12;
    return Profiles::ShareFile::exportProfiles({p}, options).content;
}

void TestCliProfiles::initTestCase()
{
    m_server.start(QStringLiteral(AUTHLENS_CLI_PATH), {QStringLiteral("demo-server")});
    QVERIFY(m_server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(m_server.canReadLine(), 10000);
    m_base = QJsonDocument::fromJson(m_server.readLine()).object()[u"base_url"].toString();
    QVERIFY(!m_base.isEmpty());
    m_profileName = QStringLiteral("Team Demo ") + QUuid::createUuid().toString(QUuid::Id128).left(8);
    // The demo API only knows demo-password: the canary is a wrong password that must stay secret.
    m_canary = QStringLiteral("CANARY-") + QUuid::createUuid().toString(QUuid::Id128);
}

void TestCliProfiles::cleanupTestCase()
{
    m_server.terminate();
    QVERIFY(m_server.waitForFinished(5000));
}

void TestCliProfiles::importWithPassphraseThenSend()
{
    const QString file = writeFile(QStringLiteral("team.authlens.json"), shareFile(QStringLiteral("s3cret pass")));
    const QString passFile = writeFile(QStringLiteral("pass.txt"), "s3cret pass\n");
    const Result imported = run({QStringLiteral("profiles"), QStringLiteral("import"), file,
                                 QStringLiteral("--passphrase-file"), passFile, QStringLiteral("--json")});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    const QJsonArray list = imported.json()[u"imported"].toArray();
    QCOMPARE(list.size(), 1);
    const QJsonArray recipients = list[0].toObject()[u"recipients"].toArray();
    QCOMPARE(recipients.size(), 1);
    QVERIFY(recipients[0].toObject()[u"credentials"].toArray()[0].toString().contains(u"value included"));

    // send --profile uses the secret from the keychain: the canary password is refused (401) …
    const Result refused = run({QStringLiteral("send"), QStringLiteral("--profile"), m_profileName,
                                QStringLiteral("/basic/resource"), QStringLiteral("--show-secrets")});
    QCOMPARE(refused.exitCode, 1);
    const QByteArray expected = "Basic " + (Demo::DemoServer::basicUser() + u':' + m_canary).toUtf8().toBase64();
    QVERIFY(refused.out.contains(expected));

    // … and the exchange saved as HAR carries the request, the 401 and the challenge, secrets redacted.
    const QString harPath = m_scratch.filePath(QStringLiteral("exchange.har"));
    const Result saved = run({QStringLiteral("send"), QStringLiteral("--profile"), m_profileName,
                              QStringLiteral("/basic/resource"), QStringLiteral("--har"), harPath});
    QCOMPARE(saved.exitCode, 1);
    QFile harFile(harPath);
    QVERIFY(harFile.open(QIODevice::ReadOnly));
    const QJsonObject log = QJsonDocument::fromJson(harFile.readAll()).object()[u"log"].toObject();
    QCOMPARE(log[u"version"].toString(), u"1.2"_s);
    const QJsonArray entries = log[u"entries"].toArray();
    QCOMPARE(entries.size(), 1);
    const QJsonObject entry = entries[0].toObject();
    QCOMPARE(entry[u"response"].toObject()[u"status"].toInt(), 401);
    bool sawAuthorization = false;
    for (const QJsonValue& h : entry[u"request"].toObject()[u"headers"].toArray()) {
        if (h[u"name"].toString().compare(u"Authorization", Qt::CaseInsensitive) == 0) {
            sawAuthorization = true;
            QVERIFY2(h[u"value"].toString().contains(u"redacted"), qPrintable(h[u"value"].toString()));
        }
    }
    QVERIFY(sawAuthorization);
}

void TestCliProfiles::listAndShowNeverPrintSecrets()
{
    const Result list = run({QStringLiteral("profiles"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(list.exitCode, 0);
    QVERIFY(QJsonDocument(list.json()).toJson().contains(m_profileName.toUtf8()));
    const Result show
        = run({QStringLiteral("profiles"), QStringLiteral("show"), m_profileName, QStringLiteral("--json")});
    QCOMPARE(show.exitCode, 0);
    QCOMPARE(show.json()[u"secrets"].toObject()[u"password"].toString(), QStringLiteral("in keychain"));
    QVERIFY(!show.out.contains(m_canary.toUtf8()));
    QVERIFY(!list.out.contains(m_canary.toUtf8()));
    QCOMPARE(run({QStringLiteral("profiles"), QStringLiteral("show"), QStringLiteral("nope")}).exitCode, 3);
}

void TestCliProfiles::exportWithoutAndWithPassphrase()
{
    const QString plain = m_scratch.filePath(QStringLiteral("plain.authlens.json"));
    const Result r = run({QStringLiteral("profiles"), QStringLiteral("export"), m_profileName, QStringLiteral("-o"),
                          plain, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"redactions"].toArray()[0].toObject()[u"kind"].toString(), QStringLiteral("Password"));
    QFile f(plain);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    QVERIFY(!content.contains(m_canary.toUtf8()));
    QVERIFY(content.contains(m_profileName.toUtf8()));

    // With a passphrase the secret travels encrypted and arrives in another user's keychain entry.
    const QString sealed = m_scratch.filePath(QStringLiteral("sealed.authlens.json"));
    const QString passFile = writeFile(QStringLiteral("pass2.txt"), "other pass");
    QCOMPARE(run({QStringLiteral("profiles"), QStringLiteral("export"), m_profileName, QStringLiteral("-o"), sealed,
                  QStringLiteral("--passphrase-file"), passFile})
                 .exitCode,
             0);
    QTemporaryDir otherUser;
    QCOMPARE(run({QStringLiteral("profiles"), QStringLiteral("import"), sealed, QStringLiteral("--passphrase-file"),
                  passFile},
                 otherUser.path())
                 .exitCode,
             0);
    const Result show
        = run({QStringLiteral("profiles"), QStringLiteral("show"), m_profileName, QStringLiteral("--json")},
              otherUser.path());
    QCOMPARE(show.json()[u"secrets"].toObject()[u"password"].toString(), QStringLiteral("in keychain"));
}

void TestCliProfiles::badImports_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("passphrase");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << QByteArray("{{{") << QString() << "Not JSON";
    QTest::newRow("wrong passphrase") << QByteArray() << QStringLiteral("wrong") << "Wrong passphrase";
    QTest::newRow("other json") << QByteArray(R"({"info":{}})") << QString() << "Not an Authlens profile file";
}

void TestCliProfiles::badImports()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, passphrase);
    QFETCH(QString, message);
    if (content.isEmpty())
        content = shareFile(QStringLiteral("right"));
    const QString file = writeFile(QStringLiteral("bad.authlens.json"), content);
    QStringList args {QStringLiteral("profiles"), QStringLiteral("import"), file};
    if (!passphrase.isEmpty())
        args << QStringLiteral("--passphrase-file") << writeFile(QStringLiteral("p.txt"), passphrase.toUtf8());
    const QStringList before = QDir(m_data.filePath(QStringLiteral("profiles"))).entryList(QDir::Files);
    const Result r = run(args);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QCOMPARE(QDir(m_data.filePath(QStringLiteral("profiles"))).entryList(QDir::Files), before); // nothing changed
}

void TestCliProfiles::hostileShareFilesImportNothing_data()
{
    QTest::addColumn<QString>("kind"); // "content", "sparse" (a 200 MB file), "device" (/dev/zero)
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("passphrase"); // "10MB": a passphrase file of 10 MB
    QTest::addColumn<QString>("message");
    QTest::newRow("200 MB file") << "sparse" << QByteArray() << QByteArray() << "larger than 20 MB";
    QTest::newRow("endless device") << "device" << QByteArray() << QByteArray() << "larger than 20 MB";
    QTest::newRow("100k [") << "content" << QByteArray(100000, '[') + QByteArray(100000, ']') << QByteArray()
                            << "nests deeper";
    QTest::newRow("version as text") << "content" << QByteArray("VERSION") << QByteArray("right")
                                     << "no valid format version";
    QTest::newRow("name as number") << "content" << QByteArray("NAME") << QByteArray("right") << "must be a string";
    QTest::newRow("second profile bad") << "content" << QByteArray("SECOND") << QByteArray("right") << "http or https";
    QTest::newRow("tampered tag") << "content" << QByteArray("TAG") << QByteArray("right") << "modified";
    QTest::newRow("10 MB passphrase") << "content" << QByteArray("GOOD") << QByteArray("10MB") << "at most 1024 bytes";
}

void TestCliProfiles::hostileShareFilesImportNothing()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, content);
    QFETCH(QByteArray, passphrase);
    QFETCH(QString, message);
    const QDateTime started = QDateTime::currentDateTimeUtc().addSecs(-1);
    // A sealed file of two profiles whose secrets would go to the keychain, edited the way the row says.
    Profiles::Profile first;
    first.id = Profiles::ProfileJson::newId();
    first.name = QStringLiteral("Hostile one");
    first.baseUrl = m_base;
    first.auth.method = Auth::Method::Basic;
    first.auth.username = QStringLiteral("alice");
    first.sessionSecrets.password = m_canary;
    Profiles::Profile second = first;
    second.id = Profiles::ProfileJson::newId();
    second.name = QStringLiteral("Hostile two");
    Profiles::ShareFile::ExportOptions options;
    options.passphrase = QStringLiteral("right");
    options.kdf.n = 1 << 10;
    const QByteArray sealed = Profiles::ShareFile::exportProfiles({first, second}, options).content;
    QVERIFY(!sealed.isEmpty());
    const auto edit = [&sealed](const std::function<void(QJsonObject&)>& change) {
        QJsonObject root = QJsonDocument::fromJson(sealed).object();
        change(root);
        return QJsonDocument(root).toJson();
    };
    const auto editProfile = [&edit](int index, const QString& key, const QJsonValue& value) {
        return edit([&](QJsonObject& root) {
            QJsonArray profiles = root[u"profiles"].toArray();
            QJsonObject p = profiles[index].toObject();
            p[key] = value;
            profiles[index] = p;
            root[u"profiles"] = profiles;
        });
    };
    if (content == "VERSION")
        content = edit([](QJsonObject& root) { root[u"version"] = QStringLiteral("1"); });
    else if (content == "NAME")
        content = editProfile(0, QStringLiteral("name"), 42);
    else if (content == "SECOND")
        content = editProfile(1, QStringLiteral("base_url"), QStringLiteral("file:///etc/passwd"));
    else if (content == "TAG")
        content = edit([](QJsonObject& root) {
            QJsonObject box = root[u"secrets"].toObject();
            QByteArray tag = QByteArray::fromBase64(box[u"tag"].toString().toLatin1());
            tag[5] = char(tag[5] ^ 0x40);
            box[u"tag"] = QString::fromLatin1(tag.toBase64());
            root[u"secrets"] = box;
        });
    else if (content == "GOOD")
        content = sealed;

    QString file;
    if (kind == u"device") {
        file = QStringLiteral("/dev/zero"); // no size, no end: read only up to the limit
    } else {
        file = writeFile(QStringLiteral("hostile.authlens.json"), content);
        if (kind == u"sparse") {
            QFile f(file);
            QVERIFY(f.resize(200LL * 1024 * 1024)); // 200 MB that take no disk: refused by size, never read
        }
    }
    QStringList args {QStringLiteral("profiles"), QStringLiteral("import"), file};
    if (passphrase == "10MB")
        args << QStringLiteral("--passphrase-file")
             << writeFile(QStringLiteral("long-pass.txt"), QByteArray(10 * 1024 * 1024, 'x'));
    else if (!passphrase.isEmpty())
        args << QStringLiteral("--passphrase-file") << writeFile(QStringLiteral("p.txt"), passphrase + '\n');
    const QString profileDir = m_data.filePath(QStringLiteral("profiles"));
    const QStringList before = QDir(profileDir).entryList(QDir::Files);
    const Result r = run(args);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    // Nothing imported halfway: no profile file, no keychain entry of either profile, no secret on disk.
    QCOMPARE(QDir(profileDir).entryList(QDir::Files), before);
    Profiles::KeychainSecretStore keychain;
    for (const QString& id : {first.id, second.id}) {
        std::optional<Profiles::SecretResult> read;
        QObject context;
        keychain.read(id + QStringLiteral("/password"), &context,
                      [&read](const Profiles::SecretResult& result) { read = result; });
        QTRY_VERIFY(read.has_value());
        QCOMPARE(read->error, Profiles::SecretError::NotFound);
    }
    const Test::DiskScan scan = Test::scanForSecrets({m_canary}, started);
    QVERIFY2(scan.holding.isEmpty(), qPrintable(scan.holding.join(u'\n')));
}

void TestCliProfiles::conflicts()
{
    const QString file = writeFile(QStringLiteral("again.authlens.json"), shareFile({}));
    const int before = int(QDir(m_data.filePath(QStringLiteral("profiles"))).entryList(QDir::Files).size());
    const Result skipped = run({QStringLiteral("profiles"), QStringLiteral("import"), file,
                                QStringLiteral("--on-conflict"), QStringLiteral("skip"), QStringLiteral("--json")});
    QCOMPARE(skipped.exitCode, 0);
    QCOMPARE(skipped.json()[u"skipped"].toInt(), 1);
    const Result renamed = run({QStringLiteral("profiles"), QStringLiteral("import"), file, QStringLiteral("--json")});
    QCOMPARE(renamed.exitCode, 0);
    QCOMPARE(renamed.json()[u"imported"].toArray()[0].toObject()[u"name"].toString(), m_profileName + u" (imported)");
    QCOMPARE(int(QDir(m_data.filePath(QStringLiteral("profiles"))).entryList(QDir::Files).size()), before + 1);
    QCOMPARE(run({QStringLiteral("profiles"), QStringLiteral("import"), file, QStringLiteral("--on-conflict"),
                  QStringLiteral("maybe")})
                 .exitCode,
             2);
}

void TestCliProfiles::curlCommandCredentialsLandInKeychain()
{
    // As copied from DevTools: the credentials go to the keychain, and send --profile uses them.
    const QString file = writeFile(QStringLiteral("copied.sh"),
                                   "curl '" + m_base.toUtf8()
                                       + "/basic/resource' \\\n  -H 'Accept: application/json' "
                                         "\\\n  -u 'demo:demo-password' --compressed\n");
    const Result imported = run({QStringLiteral("profiles"), QStringLiteral("import"), file, QStringLiteral("--json")});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    QCOMPARE(imported.json()[u"format"].toString(), QStringLiteral("curl"));
    const QJsonObject profile = imported.json()[u"imported"].toArray()[0].toObject();
    QCOMPARE(profile[u"auth"].toString(), QStringLiteral("basic"));
    const QString id = profile[u"id"].toString();
    const Result show = run({QStringLiteral("profiles"), QStringLiteral("show"), id, QStringLiteral("--json")});
    QCOMPARE(show.json()[u"secrets"].toObject()[u"password"].toString(), QStringLiteral("in keychain"));
    QVERIFY(!show.out.contains("demo-password"));
    const Result sent
        = run({QStringLiteral("send"), QStringLiteral("--profile"), id, QStringLiteral("/basic/resource")});
    QCOMPARE(sent.exitCode, 0);
    QCOMPARE(sent.json()[u"hops"].toArray().last().toObject()[u"response"].toObject()[u"status"].toInt(), 200);
}

void TestCliProfiles::importWarningsCarryTheirKind()
{
    // Issue 14: `warnings` stays an array of strings; `warning_kinds[i]` is the kind of `warnings[i]`, as the
    // import preview groups them.
    const QString file = writeFile(QStringLiteral("two-credentials.sh"),
                                   "curl -u 'admin:cli-dropped-pw' --oauth2-bearer cli-bearer-token --frobnicate '"
                                       + m_base.toUtf8() + "/bearer/resource'\n");
    const Result imported = run({QStringLiteral("profiles"), QStringLiteral("import"), file, QStringLiteral("--json")});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    const QJsonArray warnings = imported.json()[u"warnings"].toArray();
    const QJsonArray kinds = imported.json()[u"warning_kinds"].toArray();
    QCOMPARE(kinds.size(), warnings.size());
    QMap<QString, QString> byKind;
    for (qsizetype i = 0; i < warnings.size(); ++i) {
        QVERIFY(warnings.at(i).isString());
        byKind.insert(kinds.at(i).toString(), warnings.at(i).toString());
    }
    QCOMPARE(byKind.keys(), QStringList({QStringLiteral("ignored"), QStringLiteral("not-imported")}));
    QVERIFY(byKind.value(QStringLiteral("ignored")).contains(u"--frobnicate"));
    QVERIFY2(byKind.value(QStringLiteral("not-imported")).contains(u"user name and password given with -u were not "),
             qPrintable(byKind.value(QStringLiteral("not-imported"))));
    // What it says is so: the profile is Bearer, and the dropped password is nowhere.
    QCOMPARE(imported.json()[u"imported"].toArray()[0].toObject()[u"auth"].toString(), QStringLiteral("bearer"));
    QVERIFY(!imported.out.contains("cli-dropped-pw"));
    for (QDirIterator it(m_data.path(), QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
        QFile stored(it.next());
        QVERIFY(stored.open(QIODevice::ReadOnly));
        QVERIFY2(!stored.readAll().contains("cli-dropped-pw"), qPrintable(stored.fileName()));
    }
}

void TestCliProfiles::postmanEnvironmentMergesIntoProfile()
{
    // The environment's secret is the canary too: it must reach the keychain and no file.
    const QByteArray environment = R"({"name": "Team env", "_postman_variable_scope": "environment", "values": [
        {"key": "tenant", "value": "acme", "enabled": true},
        {"key": "accessToken", "value": ")"
        + m_canary.toUtf8() + R"(", "type": "secret", "enabled": true}]})";
    // Outside the scratch folder the leak test scans: this input file holds the canary on purpose.
    QTemporaryDir input;
    const QString file = input.filePath(QStringLiteral("team.postman_environment.json"));
    QFile envFile(file);
    QVERIFY(envFile.open(QIODevice::WriteOnly));
    envFile.write(environment);
    envFile.close();
    const Result missingTarget = run({QStringLiteral("profiles"), QStringLiteral("import"), file});
    QCOMPARE(missingTarget.exitCode, 2);
    QVERIFY(missingTarget.err.contains("--into NAME"));

    const Result merged = run({QStringLiteral("profiles"), QStringLiteral("import"), file, QStringLiteral("--into"),
                               m_profileName, QStringLiteral("--json")});
    QVERIFY2(merged.exitCode == 0, merged.err.constData());
    const QJsonObject out = merged.json();
    QCOMPARE(out[u"format"].toString(), u"postman-environment"_s);
    QCOMPARE(out[u"variables_added"].toArray(), QJsonArray {u"tenant"_s});
    QCOMPARE(out[u"secrets"].toArray()[0].toObject()[u"stored_as"].toString(), u"token"_s);
    QVERIFY(!merged.out.contains(m_canary.toUtf8()));
    const Result shown
        = run({QStringLiteral("profiles"), QStringLiteral("show"), m_profileName, QStringLiteral("--json")});
    QVERIFY(shown.out.contains("acme"));
    QVERIFY(!shown.out.contains(m_canary.toUtf8()));
}

void TestCliProfiles::leakTest()
{
    // Every file the CLI wrote under its data folder, the config and data folders of HOME, and the
    // exports: the canary, used above in requests, exported and stored, appears in none of them.
    QStringList roots {
        m_data.path(), m_scratch.path(), QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/Authlens")};
    // The canary as it is, as it travels in a Basic header, and percent-encoded in a URL or form.
    const QByteArray canary = m_canary.toUtf8();
    const QList<QByteArray> needles {canary, (Demo::DemoServer::basicUser() + u':' + m_canary).toUtf8().toBase64(),
                                     QUrl::toPercentEncoding(m_canary)};
    int scanned = 0;
    for (const QString& root : roots) {
        QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.contains(u"keyrings")) // the keychain itself (encrypted by gnome-keyring)
                continue;
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            ++scanned;
            const QByteArray content = f.readAll();
            for (const QByteArray& needle : needles)
                QVERIFY2(!content.contains(needle), qPrintable(path + u" contains " + QString::fromLatin1(needle)));
        }
    }
    QVERIFY(scanned >= 5);
    QVERIFY(QFile::exists(m_scratch.filePath(QStringLiteral("exchange.har"))));
}

QTEST_GUILESS_MAIN(TestCliProfiles)
#include "TestCliProfiles.moc"
