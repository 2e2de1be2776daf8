// authlens-cli diagnose and the findings of send, run as processes (DESIGN.md §6): every failure endpoint of
// the demo API yields its code through `send`, and `diagnose` judges HAR files and saved exchanges with the
// documented exit codes, refusing bad input with the entry and field it stumbled on.
#include "ProcessRun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using Result = Authlens::Test::ProcessResult;

Result runCli(const QStringList& args, const QByteArray& input = {})
{
    static QTemporaryDir dataDir;
    return Authlens::Test::runProcess(QStringLiteral(AUTHLENS_CLI_PATH), args,
                                      {input, {{QStringLiteral("AUTHLENS_DATA_DIR"), dataDir.path()}}, 60000});
}

QString fixture(const QString& relative)
{
    return QStringLiteral(AUTHLENS_TEST_DATA_DIR "/diagnosis/") + relative;
}

QStringList codes(const QJsonArray& findings)
{
    QStringList out;
    for (const QJsonValue& f : findings)
        out.append(f[u"code"].toString());
    return out;
}

QString severityOf(const QJsonArray& findings, const QString& code)
{
    for (const QJsonValue& f : findings) {
        if (f[u"code"].toString() == code)
            return f[u"severity"].toString();
    }
    return {};
}

} // namespace

class TestCliDiagnose : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void demoEndpoints_data();
    void demoEndpoints();
    void sendNowFixesTheClock();
    void sendTextShowsFindings();
    void diagnoseHar();
    void diagnoseHealthyIsExitZero();
    void diagnoseWithJwks();
    void diagnoseSavedExchange();
    void diagnoseOwnRedactedHar();
    void badInput_data();
    void badInput();
    void hugeFileIsRefusedUnread();
    void usage();
};

void TestCliDiagnose::demoEndpoints_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("top");
    QTest::addColumn<QString>("severity");
    QTest::addColumn<int>("exitCode");
    const auto profile = [](const char* name, const char* path) {
        return QStringList {QStringLiteral("--profile"), QString::fromLatin1(name), QString::fromLatin1(path)};
    };
    QTest::newRow("no credentials") << profile("demo-no-auth", "/basic/resource") << "credentials.missing"
                                    << "cause" << 1;
    QTest::newRow("wrong password") << profile("demo-basic-wrong-password", "/basic/resource") << "basic.rejected"
                                    << "cause" << 1;
    QTest::newRow("forbidden") << profile("demo-basic", "/forbidden") << "permission.denied"
                               << "likely" << 1;
    QTest::newRow("insufficient scope") << profile("demo-bearer", "/api/admin") << "scope.insufficient"
                                        << "cause" << 1;
    QTest::newRow("expired token") << profile("demo-bearer-expired", "/api/profile") << "token.expired"
                                   << "cause" << 1;
    QTest::newRow("no bearer token") << profile("demo-no-auth", "/api/profile") << "credentials.missing"
                                     << "cause" << 1;
    QTest::newRow("no api key") << profile("demo-no-auth", "/apikey/resource") << "credentials.missing"
                                << "cause" << 1;
    QTest::newRow("no challenge") << profile("demo-no-auth", "/nochallenge") << "server.no_challenge"
                                  << "cause" << 1;
    QTest::newRow("rate limited") << profile("demo-no-auth", "/ratelimited") << "rate.limited"
                                  << "cause" << 0;
    QTest::newRow("login redirect") << profile("demo-no-auth", "/session/resource") << "redirect.login"
                                    << "cause" << 0;
    QTest::newRow("redirect loop") << profile("demo-no-auth", "/redirect/loop") << "redirect.loop"
                                   << "cause" << 4;
    QTest::newRow("cross-origin redirect")
        << profile("demo-apikey", "/redirect/cross-origin") << "redirect.credentials_dropped"
        << "info" << 0;
    QTest::newRow("healthy bearer") << profile("demo-bearer", "/api/profile") << "auth.ok"
                                    << "info" << 0;
    QTest::newRow("healthy basic") << profile("demo-basic", "/basic/resource") << "auth.ok"
                                   << "info" << 0;
}

void TestCliDiagnose::demoEndpoints()
{
    QFETCH(QStringList, args);
    QFETCH(QString, top);
    QFETCH(QString, severity);
    QFETCH(int, exitCode);
    const Result r = runCli(QStringList {QStringLiteral("send"), QStringLiteral("--json")} + args);
    QCOMPARE(r.exitCode, exitCode);
    const QJsonArray findings = r.json()[u"findings"].toArray();
    QVERIFY2(!findings.isEmpty(), r.out.constData());
    QCOMPARE(findings.first()[u"code"].toString(), top);
    QCOMPARE(findings.first()[u"severity"].toString(), severity);
    QVERIFY(!r.json()[u"headline"][u"title"].toString().isEmpty());
    // Every finding carries evidence that points into the exchange, and never the secret itself.
    for (const QJsonValue& f : findings) {
        QVERIFY2(!f[u"evidence"].toArray().isEmpty() || f[u"code"].toString() == u"auth.ok",
                 qPrintable(f[u"code"].toString()));
        QVERIFY(!QJsonDocument(f.toObject()).toJson().contains("demo-password"));
    }
}

void TestCliDiagnose::sendNowFixesTheClock()
{
    // Ten hours after the demo token was minted it has expired by the clock --now sets, but not by the
    // server's Date: the finding says so (a hint, not the cause of the 200) and names the skew.
    const qint64 later = QDateTime::currentSecsSinceEpoch() + 10 * 3600;
    const Result r
        = runCli({QStringLiteral("send"), QStringLiteral("--json"), QStringLiteral("--now"), QString::number(later),
                  QStringLiteral("--profile"), QStringLiteral("demo-bearer"), QStringLiteral("/api/profile")});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray findings = r.json()[u"findings"].toArray();
    QVERIFY2(codes(findings).contains(u"token.expired"_s), qPrintable(codes(findings).join(u' ')));
    QCOMPARE(severityOf(findings, QStringLiteral("token.expired")), u"hint"_s);
    QVERIFY(codes(findings).contains(u"clock.skew"_s));
    for (const QJsonValue& f : findings)
        QVERIFY(f[u"severity"].toString() != u"cause");
}

void TestCliDiagnose::sendTextShowsFindings()
{
    const Result r = runCli({QStringLiteral("send"), QStringLiteral("--text"), QStringLiteral("--profile"),
                             QStringLiteral("demo-bearer-expired"), QStringLiteral("/api/profile")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("[cause] token.expired"), r.out.constData());
    QVERIFY(r.out.contains("claim (hop 1, request) Authorization exp"));
}

void TestCliDiagnose::diagnoseHar()
{
    const Result r = runCli({QStringLiteral("diagnose"), QStringLiteral("--json"), QStringLiteral("--har"),
                             fixture(QStringLiteral("redirects/login.har"))});
    QCOMPARE(r.exitCode, 1);
    const QJsonArray entries = r.json()[u"entries"].toArray();
    // Chrome's two entries (the 302 and the login page) are one exchange.
    QCOMPARE(entries.size(), 1);
    const QJsonObject entry = entries.first().toObject();
    QCOMPARE(entry[u"index"].toInt(), 0);
    QCOMPARE(entry[u"entries"].toArray().size(), 2);
    QCOMPARE(entry[u"method"].toString(), u"GET"_s);
    QCOMPARE(entry[u"status"].toInt(), 200);
    const QJsonObject top = entry[u"findings"].toArray().first().toObject();
    QCOMPARE(top[u"code"].toString(), u"redirect.login"_s);
    QCOMPARE(top[u"severity"].toString(), u"cause"_s);
    const QJsonObject evidence = top[u"evidence"].toArray().first().toObject();
    QCOMPARE(evidence[u"kind"].toString(), u"header"_s);
    QCOMPARE(evidence[u"name"].toString(), u"Location"_s);
    QCOMPARE(evidence[u"side"].toString(), u"response"_s);

    // Browsers' own files, as they write them.
    for (const char* browser : {"browsers/chrome.har", "browsers/firefox.har", "browsers/safari.har"}) {
        const Result b = runCli({QStringLiteral("diagnose"), QStringLiteral("--json"), QStringLiteral("--har"),
                                 fixture(QString::fromLatin1(browser))});
        QVERIFY2(b.exitCode == 0 || b.exitCode == 1, b.err.constData());
        QVERIFY(!b.json()[u"entries"].toArray().isEmpty());
    }
    // Text for people.
    const Result t = runCli({QStringLiteral("diagnose"), QStringLiteral("--text"), QStringLiteral("--har"),
                             fixture(QStringLiteral("tokens/rfc6750-expired.har"))});
    QCOMPARE(t.exitCode, 1);
    QVERIFY2(t.out.contains("[cause] token.expired"), t.out.constData());
}

void TestCliDiagnose::diagnoseHealthyIsExitZero()
{
    const Result r
        = runCli({QStringLiteral("diagnose"), QStringLiteral("--har"), fixture(QStringLiteral("status/healthy.har")),
                  QStringLiteral("--expect-aud"), QStringLiteral("https://api.example.com")});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray findings = r.json()[u"entries"][0][u"findings"].toArray();
    QCOMPARE(codes(findings), QStringList {u"auth.ok"_s});
}

void TestCliDiagnose::diagnoseWithJwks()
{
    const QString har = fixture(QStringLiteral("tokens/signature.har"));
    // Without keys the signature is only a hint: nobody checked it, and the server refused the token.
    const Result without = runCli({QStringLiteral("diagnose"), QStringLiteral("--har"), har});
    for (const QJsonValue& f : without.json()[u"entries"][0][u"findings"].toArray()) {
        if (f[u"code"].toString() == u"token.signature") {
            QCOMPARE(f[u"severity"].toString(), u"hint"_s);
            QCOMPARE(f[u"reason"].toString(), u"unverified"_s);
        }
    }
    const Result with = runCli({QStringLiteral("diagnose"), QStringLiteral("--har"), har, QStringLiteral("--jwks"),
                                fixture(QStringLiteral("tokens/issuer-jwks.json"))});
    QCOMPARE(with.exitCode, 1);
    const QJsonObject top = with.json()[u"entries"][0][u"findings"][0].toObject();
    QCOMPARE(top[u"code"].toString(), u"token.signature"_s);
    QCOMPARE(top[u"reason"].toString(), u"kid_unknown"_s);
    const Result missing = runCli({QStringLiteral("diagnose"), QStringLiteral("--har"), har, QStringLiteral("--jwks"),
                                   QStringLiteral("/nonexistent/jwks.json")});
    QCOMPARE(missing.exitCode, 3);
}

void TestCliDiagnose::diagnoseSavedExchange()
{
    QTemporaryDir dir;
    const Result sent = runCli({QStringLiteral("send"), QStringLiteral("--json"), QStringLiteral("--profile"),
                                QStringLiteral("demo-no-auth"), QStringLiteral("/basic/resource")});
    QCOMPARE(sent.exitCode, 1);
    const QString path = dir.filePath(QStringLiteral("exchange.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(sent.out);
    file.close();
    const Result r = runCli({QStringLiteral("diagnose"), QStringLiteral("--exchange"), path});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.json()[u"entries"][0][u"findings"][0][u"code"].toString(), u"credentials.missing"_s);
    // The same from stdin.
    const Result piped
        = runCli({QStringLiteral("diagnose"), QStringLiteral("--exchange"), QStringLiteral("-")}, sent.out);
    QCOMPARE(piped.exitCode, 1);
}

void TestCliDiagnose::diagnoseOwnRedactedHar()
{
    // Authlens' HAR export redacts the token ("Bearer eyJh…[redacted, 812 bytes]"): diagnosing that file must
    // not call the redaction mark a malformed header, and the redirect chain comes back as one exchange.
    QTemporaryDir dir;
    const QString har = dir.filePath(QStringLiteral("saved.har"));
    const Result sent
        = runCli({QStringLiteral("send"), QStringLiteral("--json"), QStringLiteral("--profile"),
                  QStringLiteral("demo-bearer-expired"), QStringLiteral("/api/profile"), QStringLiteral("--har"), har});
    QCOMPARE(sent.exitCode, 1);
    const Result r = runCli({QStringLiteral("diagnose"), QStringLiteral("--har"), har});
    QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());
    const QStringList found = codes(r.json()[u"entries"][0][u"findings"].toArray());
    QVERIFY2(!found.contains(u"header.malformed"_s) && !found.contains(u"token.malformed"_s),
             qPrintable(found.join(u' ')));

    const QString chain = dir.filePath(QStringLiteral("chain.har"));
    QCOMPARE(runCli({QStringLiteral("send"), QStringLiteral("--profile"), QStringLiteral("demo-apikey"),
                     QStringLiteral("/redirect/cross-origin"), QStringLiteral("--har"), chain})
                 .exitCode,
             0);
    const Result c = runCli({QStringLiteral("diagnose"), QStringLiteral("--har"), chain});
    const QJsonArray entries = c.json()[u"entries"].toArray();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first()[u"entries"].toArray().size(), 2);
    QVERIFY(codes(entries.first()[u"findings"].toArray()).contains(u"redirect.credentials_dropped"_s));
}

void TestCliDiagnose::badInput_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    const QByteArray entry = R"({"startedDateTime":"2024-01-01T12:00:00Z","time":1,
        "request":{"method":"GET","url":"https://api.example.com/","headers":[]},
        "response":{"status":401,"headers":[]}})";
    const auto har = [](const QByteArray& entries) -> QByteArray {
        return R"({"log":{"version":"1.2","entries":[)" + entries + "]}}";
    };
    QTest::newRow("not json") << QByteArray("<html>not a HAR</html>") << "Not valid JSON at line 1";
    QTest::newRow("truncated") << har(entry).left(120) << "Not valid JSON";
    QTest::newRow("no log") << QByteArray(R"({"entries":[]})") << "no \"log\" object";
    QTest::newRow("entry without url") << har(
        entry + QByteArray(R"(,{"request":{"method":"GET"},"response":{"status":200}})"))
                                       << "entry 1: \"request.url\"";
    QTest::newRow("status not a number") << har(
        R"({"request":{"method":"GET","url":"https://a.example/"},"response":{"status":"401"}})")
                                         << "entry 0: \"response.status\"";
    QTest::newRow("no response") << har(R"({"request":{"method":"GET","url":"https://a.example/"}})")
                                 << "entry 0: \"response\" is missing";
    QTest::newRow("headers not a list") << har(
        R"({"request":{"method":"GET","url":"https://a.example/","headers":{}},"response":{"status":200}})")
                                        << "entry 0: \"request.headers\" is not a list";
    QTest::newRow("entry not an object") << har("42") << "entry 0: not an object";
}

void TestCliDiagnose::badInput()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.har"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    const Result r = runCli({QStringLiteral("diagnose"), QStringLiteral("--har"), path});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void TestCliDiagnose::hugeFileIsRefusedUnread()
{
    // A 200 MB file (sparse: no disk is used) is refused by its size, before a byte is parsed.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.har"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(200LL * 1024 * 1024));
    file.close();
    const Result r = runCli({QStringLiteral("diagnose"), QStringLiteral("--har"), path});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("50 MB"), r.err.constData());
    const Result missing = runCli({QStringLiteral("diagnose"), QStringLiteral("--har"), dir.filePath(u"none"_s)});
    QCOMPARE(missing.exitCode, 3);
}

void TestCliDiagnose::usage()
{
    QCOMPARE(runCli({QStringLiteral("diagnose")}).exitCode, 2);
    QCOMPARE(runCli({QStringLiteral("diagnose"), QStringLiteral("--har"), QStringLiteral("a"),
                     QStringLiteral("--exchange"), QStringLiteral("b")})
                 .exitCode,
             2);
    QCOMPARE(runCli({QStringLiteral("diagnose"), QStringLiteral("--har"), fixture(u"status/healthy.har"_s),
                     QStringLiteral("--now"), QStringLiteral("yesterday")})
                 .exitCode,
             2);
    const Result help = runCli({QStringLiteral("diagnose"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("--exchange"));
}

QTEST_GUILESS_MAIN(TestCliDiagnose)
#include "TestCliDiagnose.moc"
