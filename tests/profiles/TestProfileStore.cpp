// ProfileStore and ProfileJson: round trips, hostile files, and no secret in any file.
#include "RecordingSecretStore.h"
#include "profiles/ProfileJson.h"
#include "profiles/ProfileStore.h"
#include "workspace/KeychainGate.h"
#include "workspace/ProfileRepository.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Profiles;

namespace {

Profile fullProfile()
{
    Profile p;
    p.id = ProfileJson::newId();
    p.name = QStringLiteral("Payments API (staging)");
    p.description = QStringLiteral("Team profile");
    p.baseUrl = QStringLiteral("https://api.example.com/v2");
    p.variables = {{QStringLiteral("tenant"), QStringLiteral("acme")}};
    p.auth.method = Auth::Method::Basic;
    p.auth.username = QStringLiteral("alice");
    p.auth.oauth.tokenEndpoint = QStringLiteral("https://login.example.com/oauth/token");
    p.auth.oauth.clientId = QStringLiteral("cli-123");
    p.auth.oauth.scopes = {QStringLiteral("read"), QStringLiteral("write")};
    p.auth.oauth.grantType = QStringLiteral("client_credentials");
    p.sessionSecrets.password = QStringLiteral("CANARY-password-1f2e");
    p.sessionSecrets.token = QStringLiteral("CANARY-token-9a8b");
    p.sessionSecrets.clientSecret = QStringLiteral("CANARY-client-secret");
    p.sessionSecrets.refreshToken = QStringLiteral("CANARY-refresh");
    p.expectedIssuer = QStringLiteral("https://login.example.com/");
    p.expectedAudiences = {QStringLiteral("https://api.example.com")};
    p.allowedOrigins = {Http::Origin::fromUrl(QUrl(QStringLiteral("https://files.example.com")))};
    p.tls.caBundlePath = QStringLiteral("/etc/ssl/team-ca.pem");
    p.tls.ignoreErrors = true;
    p.proxy.mode = ProxySettings::Mode::Http;
    p.proxy.host = QStringLiteral("proxy.example.com");
    p.proxy.port = 3128;
    p.proxy.username = QStringLiteral("bob");
    p.connectTimeoutMs = 5000;
    p.totalTimeoutMs = 60000;
    SavedRequest r;
    r.id = ProfileJson::newId();
    r.name = QStringLiteral("List invoices");
    r.method = "POST";
    r.url = QStringLiteral("/invoices?tenant={{tenant}}");
    r.headers = {{"Accept", "application/json"}, {"X-Trace", "1"}};
    r.body = R"({"page":1})";
    r.contentType = QStringLiteral("application/json");
    SavedRequest binary;
    binary.id = ProfileJson::newId();
    binary.name = QStringLiteral("Upload");
    binary.method = "PUT";
    binary.url = QStringLiteral("https://files.example.com/blob");
    binary.body = QByteArray("\x00\xff\xfe binary", 10);
    p.requests = {r, binary};
    return p;
}

} // namespace

class TestProfileStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void noSecretInFiles();
    void variables_data();
    void variables();
    void badFilesAreReportedAndKept_data();
    void badFilesAreReportedAndKept();
    void newerSchemaIsRefused();
    void unreadableFileStaysUntouched_data();
    void unreadableFileStaysUntouched();
    void removeAndDemo();
};

void TestProfileStore::roundTrip()
{
    QTemporaryDir dir;
    ProfileStore store(dir.path());
    const Profile p = fullProfile();
    QString error;
    QVERIFY2(store.save(p, &error), qPrintable(error));
    const auto loaded = store.loadAll();
    QVERIFY2(loaded.errors.isEmpty(), qPrintable(loaded.errors.join(u'\n')));
    QCOMPARE(loaded.profiles.size(), 1);
    const Profile& q = loaded.profiles.constFirst();
    QCOMPARE(q.id, p.id);
    QCOMPARE(q.name, p.name);
    QCOMPARE(q.description, p.description);
    QCOMPARE(q.baseUrl, p.baseUrl);
    QCOMPARE(q.variables, p.variables);
    QCOMPARE(q.auth, p.auth);
    QCOMPARE(q.expectedIssuer, p.expectedIssuer);
    QCOMPARE(q.expectedAudiences, p.expectedAudiences);
    QCOMPARE(q.allowedOrigins, p.allowedOrigins);
    QCOMPARE(q.tls, p.tls);
    QCOMPARE(q.proxy, p.proxy);
    QCOMPARE(q.connectTimeoutMs, 5000);
    QCOMPARE(q.totalTimeoutMs, 60000);
    QCOMPARE(q.requests.size(), 2);
    QCOMPARE(q.requests[0], p.requests[0]);
    QCOMPARE(q.requests[1].body, p.requests[1].body); // binary body survives through base64
    QCOMPARE(q.requests[1], p.requests[1]);
    QCOMPARE(q.sessionSecrets, Auth::AuthSecrets {}); // secrets never come from a file
}

void TestProfileStore::noSecretInFiles()
{
    QTemporaryDir dir;
    ProfileStore store(dir.path());
    QString error;
    QVERIFY(store.save(fullProfile(), &error));
    for (const QString& name : QDir(dir.path()).entryList(QDir::Files)) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains("CANARY"), qPrintable(name));
    }
    QVERIFY(!QJsonDocument(ProfileJson::toJson(fullProfile())).toJson().contains("CANARY"));
}

void TestProfileStore::variables_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("one") << "/t/{{tenant}}/x"
                         << "/t/acme/x";
    QTest::newRow("spaces") << "{{ tenant }}"
                            << "acme";
    QTest::newRow("two") << "{{host}}/{{tenant}}"
                         << "api.example.com/acme";
    QTest::newRow("unknown kept") << "{{nope}}-{{tenant}}"
                                  << "{{nope}}-acme";
    QTest::newRow("unterminated") << "{{tenant"
                                  << "{{tenant";
    QTest::newRow("none") << "plain"
                          << "plain";
}

void TestProfileStore::variables()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    Profile p;
    p.variables = {{QStringLiteral("tenant"), QStringLiteral("acme")},
                   {QStringLiteral("host"), QStringLiteral("api.example.com")}};
    QCOMPARE(p.substitute(text), expected);
    QCOMPARE(p.substitute(text.toUtf8()), expected.toUtf8());
}

void TestProfileStore::badFilesAreReportedAndKept_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    const QByteArray ok = R"({"schema":1,"profile":{"id":"ID","name":"x","base_url":"https://a.example"}})";
    QTest::newRow("not json") << QByteArray("{nope") << "not a profile file";
    QTest::newRow("no name") << QByteArray(R"({"schema":1,"profile":{"id":"ID"}})") << "\"name\" is missing";
    QTest::newRow("file url") << QByteArray(ok).replace("https://a.example", "file:///etc/passwd") << "http or https";
    QTest::newRow("javascript request") << QByteArray(
        R"J({"schema":1,"profile":{"id":"ID","name":"x","requests":[{"url":"javascript:alert(1)"}]}})J")
                                        << "http or https";
    QTest::newRow("bad id") << QByteArray(ok).replace("\"ID\"", "\"../../etc\"") << "id";
    QTest::newRow("header injection") << QByteArray(
        R"({"schema":1,"profile":{"id":"ID","name":"x","requests":[{"url":"/a","headers":[["X","a\r\nEvil: 1"]]}]}})")
                                      << "not allow";
    QTest::newRow("bad method") << QByteArray(
        R"({"schema":1,"profile":{"id":"ID","name":"x","requests":[{"method":"GET /x"}]}})")
                                << "not an HTTP method";
    QTest::newRow("wrong type") << QByteArray(R"({"schema":1,"profile":{"id":"ID","name":5}})") << "must be a string";
    QTest::newRow("unknown auth") << QByteArray(
        R"({"schema":1,"profile":{"id":"ID","name":"x","auth":{"method":"ntlm"}}})")
                                  << "unknown auth method";
    QTest::newRow("timeout range") << QByteArray(
        R"({"schema":1,"profile":{"id":"ID","name":"x","connect_timeout_ms":-5}})")
                                   << "whole number";
}

void TestProfileStore::badFilesAreReportedAndKept()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("ID.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    ProfileStore store(dir.path());
    const auto loaded = store.loadAll();
    QVERIFY(loaded.profiles.isEmpty());
    QCOMPARE(loaded.errors.size(), 1);
    QVERIFY2(loaded.errors.constFirst().contains(message), qPrintable(loaded.errors.constFirst()));
    QVERIFY(QFile::exists(f.fileName())); // the user's file is never deleted
}

void TestProfileStore::newerSchemaIsRefused()
{
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("ID.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"schema":7,"profile":{"id":"ID","name":"x"}})");
    f.close();
    const auto loaded = ProfileStore(dir.path()).loadAll();
    QCOMPARE(loaded.errors.size(), 1);
    QVERIFY(loaded.errors.constFirst().contains(u"newer Authlens"));
}

namespace {

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

/// A profile file as a hand edit leaves it: a valid stored file with one value replaced.
QByteArray edited(const char* profileMembers)
{
    return QByteArray(R"({"schema":1,"profile":{"id":"BADID","name":"Hand edited",)") + profileMembers + "}}";
}

} // namespace

void TestProfileStore::unreadableFileStaysUntouched_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    // A real stored file cut in the middle (a full disk, a crash of another tool, a bad sync).
    QTemporaryDir dir;
    Profile original = fullProfile();
    original.id = QStringLiteral("BADID");
    QString error;
    ProfileStore(dir.path()).save(original, &error);
    const QByteArray full = readBytes(dir.filePath(QStringLiteral("BADID.json")));
    QVERIFY(full.size() > 200);
    QTest::newRow("truncated") << full.left(full.size() / 2) << "not a profile file";
    QTest::newRow("truncated to nothing") << QByteArray() << "not a profile file";
    QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << "not a profile file";
    QTest::newRow("not an object") << QByteArray("[1,2,3]") << "not a JSON object";
    // QJsonDocument stops at 1024 levels (QJsonParseError::DeepNesting) before its recursion could overflow.
    QTest::newRow("nested 100k") << QByteArray(100000, '[') + QByteArray(100000, ']') << "not a profile file";
    QTest::newRow("newer schema") << QByteArray(full).replace("\"schema\": 1", "\"schema\": 7") << "newer Authlens";
    QTest::newRow("schema as text") << QByteArray(full).replace("\"schema\": 1", "\"schema\": \"1\"")
                                    << "\"schema\" must be a number";
    QTest::newRow("no schema") << QByteArray(R"({"profile":{"id":"BADID","name":"x"}})")
                               << "\"schema\" must be a number";
    QTest::newRow("profile is a list") << QByteArray(R"({"schema":1,"profile":[]})") << "\"profile\" must be an object";
    QTest::newRow("description number") << edited(R"("description":5)") << "\"description\" must be a string";
    QTest::newRow("auth method number") << edited(R"("auth":{"method":3})") << "\"method\" must be a string";
    QTest::newRow("auth is text") << edited(R"("auth":"basic")") << "\"auth\" must be an object";
    QTest::newRow("scopes numbers") << edited(R"("auth":{"method":"oauth2","scopes":[1,2]})")
                                    << "\"scopes\" must be a list of strings";
    QTest::newRow("audiences object") << edited(R"("expected_audiences":[{"a":1}])")
                                      << "\"expected_audiences\" must be a list of strings";
    QTest::newRow("expiry as text") << edited(R"("auth":{"method":"oauth2","token_expires_at":"tomorrow"})")
                                    << "whole number of seconds";
    QTest::newRow("variables numbers") << edited(R"("variables":[1])") << "\"variables\" must be a list of objects";
    QTest::newRow("requests text") << edited(R"("requests":"GET /")") << "\"requests\" must be a list";
    QTest::newRow("requests numbers") << edited(R"("requests":[7])") << "\"requests\" must be a list of objects";
    QTest::newRow("headers text") << edited(R"("requests":[{"url":"/a","headers":"X: 1"}])") << "headers";
    QTest::newRow("tls flag text") << edited(R"("tls":{"ignore_errors":"yes"})") << "must be true or false";
    QTest::newRow("proxy port text") << edited(R"("proxy":{"mode":"http","host":"p.example","port":"3128"})")
                                     << "whole number";
    QTest::newRow("proxy mode number") << edited(R"("proxy":{"mode":1})") << "\"mode\" must be a string";
    QTest::newRow("origins number") << edited(R"("allowed_origins":[443])") << "not an http(s) origin";
    QTest::newRow("id of another file") << QByteArray(full).replace("\"BADID\"", "\"OTHER\"") << "does not match";
}

void TestProfileStore::unreadableFileStaysUntouched()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QTemporaryDir dir;
    ProfileStore store(dir.path());
    QString error;
    Profile good = fullProfile();
    good.name = QStringLiteral("Good");
    QVERIFY2(store.save(good, &error), qPrintable(error));
    const QString badPath = dir.filePath(QStringLiteral("BADID.json"));
    {
        QFile f(badPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(content), content.size());
    }
    const QDateTime written = QFileInfo(badPath).lastModified();

    // Load: the good profile loads, the bad file is listed with its error.
    const auto loaded = store.loadAll();
    QCOMPARE(loaded.profiles.size(), 1);
    QCOMPARE(loaded.profiles.constFirst().id, good.id);
    QCOMPARE(loaded.errors.size(), 1);
    QVERIFY2(loaded.errors.constFirst().startsWith(badPath), qPrintable(loaded.errors.constFirst()));
    QVERIFY2(loaded.errors.constFirst().contains(message), qPrintable(loaded.errors.constFirst()));
    QCOMPARE(store.unreadableFile(QStringLiteral("BADID")), loaded.errors.constFirst());
    QVERIFY(store.unreadableFile(good.id).isEmpty());
    QCOMPARE(readBytes(badPath), content);

    // The repository (what the GUI and the CLI use): list, save another profile, edit the good one.
    Profiles::MemorySecretStore memory;
    QPointer<Test::RecordingSecretStore> recording;
    Workspace::KeychainGate gate(
        [&](QObject* parent) { return recording = new Test::RecordingSecretStore(&memory, parent); }, -1);
    Workspace::ProfileRepository repository(dir.path(), &gate);
    repository.load();
    QCOMPARE(repository.storedProfiles().size(), 1);
    QCOMPARE(repository.loadErrors(), loaded.errors);
    auto save = [&](const Profile& p) {
        std::optional<Workspace::Error> result;
        QObject context;
        repository.save(p, &context, [&](const QString&, const Workspace::Error& e) { result = e; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
            return Workspace::Error {Workspace::ErrorKind::Network, QStringLiteral("no answer")};
        return *result;
    };
    Profile other;
    other.name = QStringLiteral("Another");
    other.baseUrl = QStringLiteral("https://other.example");
    other.auth.method = Auth::Method::Bearer;
    other.sessionSecrets.token = QStringLiteral("other-token-value-0123456789");
    QVERIFY(!save(other).isError());
    Profile renamed = repository.storedProfiles().constFirst();
    renamed.description = QStringLiteral("edited after the bad file was found");
    QVERIFY(!save(renamed).isError());
    repository.load();
    QCOMPARE(repository.storedProfiles().size(), 2);
    QCOMPARE(repository.loadErrors().size(), 1);
    QCOMPARE(readBytes(badPath), content);

    // Writing that id — a save, or an import carrying a profile of the same id — is refused: the file and the
    // keychain entries of its id stay as they are.
    Profile sameId = other;
    sameId.id = QStringLiteral("BADID");
    QVERIFY(!store.save(sameId, &error));
    QVERIFY2(error.contains(u"left as it is"), qPrintable(error));
    std::optional<Workspace::Error> imported;
    QObject context;
    repository.importProfiles({sameId}, {}, &context, [&](const Workspace::Error& e) { imported = e; });
    QTRY_VERIFY(imported.has_value());
    QCOMPARE(imported->kind, Workspace::ErrorKind::BadInput);
    QVERIFY2(imported->message.contains(u"Nothing was imported"), qPrintable(imported->message));
    QVERIFY(recording->callsFor(QStringLiteral("BADID/")).isEmpty());
    QCOMPARE(readBytes(badPath), content);
    QCOMPARE(QFileInfo(badPath).lastModified(), written);

    // Until the user chooses: once they move the file away, that id can be used.
    QVERIFY(QFile::rename(badPath, dir.filePath(QStringLiteral("BADID.json.bak"))));
    QVERIFY2(store.save(sameId, &error), qPrintable(error));
}

void TestProfileStore::removeAndDemo()
{
    QTemporaryDir dir;
    ProfileStore store(dir.path());
    Profile p = fullProfile();
    QString error;
    QVERIFY(store.save(p, &error));
    QVERIFY(store.remove(p.id, &error));
    QVERIFY(store.loadAll().profiles.isEmpty());
    QVERIFY(!store.remove(QStringLiteral("../x"), &error));
    p.demo = true;
    QVERIFY(!store.save(p, &error));
    QVERIFY(error.contains(u"demo", Qt::CaseInsensitive));
}

QTEST_GUILESS_MAIN(TestProfileStore)
#include "TestProfileStore.moc"
