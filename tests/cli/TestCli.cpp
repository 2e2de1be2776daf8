// authlens-cli send / demo-server / --version, run as processes (DESIGN.md §6 contract).
#include "ProcessRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Result = Authlens::Test::ProcessResult;

Result runCli(const QStringList& args, int timeoutMs = 30000)
{
    // Stored profiles of this test only (ctest runs tests in parallel in one HOME).
    static QTemporaryDir dataDir;
    return Authlens::Test::runProcess(QStringLiteral(AUTHLENS_CLI_PATH), args,
                                      {{}, {{QStringLiteral("AUTHLENS_DATA_DIR"), dataDir.path()}}, timeoutMs});
}

QJsonObject lastResponse(const QJsonObject& json)
{
    return json[u"hops"].toArray().last().toObject()[u"response"].toObject();
}

QString headerOf(const QJsonArray& headers, const QString& name)
{
    for (const QJsonValue& h : headers) {
        const QJsonArray pair = h.toArray();
        if (pair.at(0).toString().compare(name, Qt::CaseInsensitive) == 0)
            return pair.at(1).toString();
    }
    return {};
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void version();
    void usageErrors_data();
    void usageErrors();
    void unauthorizedIsExitOne();
    void basicSucceedsAndIsRedacted();
    void crossOriginRedirectWithholds();
    void locationTrustedForwards();
    void dashHAuthorizationIsACredential();
    void ledgerInJsonAndText();
    void postWithData();
    void bearerRejected();
    void digest();
    void demoProfile();
    void awsSigV4();
    void networkFailureIsExitFour();
    void textOutput();

private:
    QString url(const QString& path) const { return m_base + path; }
    QProcess m_server;
    QString m_base;
    QString m_second;
};

void TestCli::initTestCase()
{
    m_server.start(QStringLiteral(AUTHLENS_CLI_PATH),
                   {QStringLiteral("demo-server"), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(m_server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(m_server.canReadLine(), 10000);
    const QJsonObject info = QJsonDocument::fromJson(m_server.readLine()).object();
    m_base = info[u"base_url"].toString();
    m_second = info[u"second_origin"].toString();
    QVERIFY(m_base.startsWith(u"http://127.0.0.1:"));
    QVERIFY(m_second.startsWith(u"http://127.0.0.1:"));
    QVERIFY(m_base != m_second);
}

void TestCli::cleanupTestCase()
{
    m_server.terminate(); // SIGTERM: the server quits its event loop cleanly
    QVERIFY(m_server.waitForFinished(5000));
    QCOMPARE(m_server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_server.exitCode(), 0);
}

void TestCli::version()
{
    const Result r = runCli({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.trimmed(), QByteArray("authlens-cli " AUTHLENS_VERSION));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("no command") << QStringList {} << 2 << QStringLiteral("no command");
    QTest::newRow("unknown command") << QStringList {QStringLiteral("frobnicate")} << 2
                                     << QStringLiteral("unknown command");
    QTest::newRow("send without url") << QStringList {QStringLiteral("send")} << 2 << QStringLiteral("exactly one URL");
    QTest::newRow("demo-server clock not a number")
        << QStringList {QStringLiteral("demo-server"), QStringLiteral("--clock-offset"), QStringLiteral("1h")} << 2
        << QStringLiteral("--clock-offset expects whole seconds");
    QTest::newRow("bad header") << QStringList {QStringLiteral("send"), QStringLiteral("-H"), QStringLiteral("nocolon"),
                                                QStringLiteral("http://127.0.0.1:1/")}
                                << 2 << QStringLiteral("Name: value");
    QTest::newRow("bad header name") << QStringList {QStringLiteral("send"), QStringLiteral("-H"),
                                                     QStringLiteral("Bad Name: x"),
                                                     QStringLiteral("http://127.0.0.1:1/")}
                                     << 2 << QStringLiteral("not a valid header name");
    QTest::newRow("unknown option") << QStringList {QStringLiteral("send"), QStringLiteral("--frob"),
                                                    QStringLiteral("http://127.0.0.1:1/")}
                                    << 2 << QStringLiteral("frob");
    QTest::newRow("user without password")
        << QStringList {QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("demo"),
                        QStringLiteral("http://127.0.0.1:1/")}
        << 2 << QStringLiteral("USER:PASSWORD");
    QTest::newRow("two auth sources") << QStringList {QStringLiteral("send"), QStringLiteral("-u"),
                                                      QStringLiteral("a:b"),  QStringLiteral("--oauth2-bearer"),
                                                      QStringLiteral("t"),    QStringLiteral("http://127.0.0.1:1/")}
                                      << 2 << QStringLiteral("exclusive");
    QTest::newRow("missing data file") << QStringList {QStringLiteral("send"), QStringLiteral("--data"),
                                                       QStringLiteral("@/nonexistent/body.json"),
                                                       QStringLiteral("http://127.0.0.1:1/")}
                                       << 3 << QStringLiteral("cannot read");
    QTest::newRow("not a url") << QStringList {QStringLiteral("send"), QStringLiteral("just words")} << 3
                               << QStringLiteral("not a URL");
    QTest::newRow("ftp url") << QStringList {QStringLiteral("send"), QStringLiteral("ftp://127.0.0.1/file")} << 3
                             << QStringLiteral("Only http and https");
    QTest::newRow("unknown profile") << QStringList {QStringLiteral("send"), QStringLiteral("--profile"),
                                                     QStringLiteral("nope"), QStringLiteral("/echo")}
                                     << 3 << QStringLiteral("no profile named");
    QTest::newRow("bad port") << QStringList {QStringLiteral("demo-server"), QStringLiteral("--port"),
                                              QStringLiteral("70000")}
                              << 2 << QStringLiteral("--port");
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const Result r = runCli(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
}

void TestCli::unauthorizedIsExitOne()
{
    const Result r = runCli({QStringLiteral("send"), QStringLiteral("--json"), url(QStringLiteral("/api/profile"))});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject json = r.json();
    QVERIFY(json[u"error"].isNull());
    QVERIFY(json[u"findings"].isArray());
    const QJsonArray hops = json[u"hops"].toArray();
    QCOMPARE(hops.size(), 1);
    const QJsonObject hop = hops.first().toObject();
    QCOMPARE(hop[u"request"].toObject()[u"method"].toString(), QStringLiteral("GET"));
    QCOMPARE(hop[u"request"].toObject()[u"url"].toString(), url(QStringLiteral("/api/profile")));
    const QJsonObject response = hop[u"response"].toObject();
    QCOMPARE(response[u"status"].toInt(), 401);
    QCOMPARE(response[u"reason"].toString(), QStringLiteral("Unauthorized"));
    QVERIFY(headerOf(response[u"headers"].toArray(), QStringLiteral("WWW-Authenticate")).startsWith(u"Bearer "));
    QVERIFY(hop[u"timing"].toObject()[u"total_ms"].toDouble() > 0);
    QVERIFY(hop[u"timing"].toObject().contains(u"ttfb_ms"));
    QCOMPARE(hop[u"tls"].toObject()[u"used"].toBool(), false);
    QVERIFY(hop[u"withheld"].toArray().isEmpty());
}

void TestCli::basicSucceedsAndIsRedacted()
{
    const QStringList args {QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("demo:demo-password"),
                            QStringLiteral("--basic"), url(QStringLiteral("/basic/resource"))};
    const Result r = runCli(args);
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = r.json();
    QCOMPARE(lastResponse(json)[u"status"].toInt(), 200);
    const QJsonArray sent = json[u"hops"].toArray().first().toObject()[u"request"].toObject()[u"headers"].toArray();
    const QString auth = headerOf(sent, QStringLiteral("Authorization"));
    QVERIFY2(auth.startsWith(u"Basic ") && auth.contains(u"redacted"), qPrintable(auth));
    QVERIFY(!r.out.contains("ZGVtbzpkZW1vLXBhc3N3b3Jk")); // base64("demo:demo-password")

    const Result revealed = runCli(QStringList(args) << QStringLiteral("--show-secrets"));
    QVERIFY(revealed.out.contains("Basic ZGVtbzpkZW1vLXBhc3N3b3Jk"));
}

void TestCli::crossOriginRedirectWithholds()
{
    const Result r = runCli({QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("demo:demo-password"),
                             QStringLiteral("-H"), QStringLiteral("X-API-Key: k-secret"),
                             url(QStringLiteral("/redirect/cross-origin"))});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray hops = r.json()[u"hops"].toArray();
    QCOMPARE(hops.size(), 2);
    QCOMPARE(hops[0].toObject()[u"response"].toObject()[u"status"].toInt(), 302);
    const QJsonObject second = hops[1].toObject();
    QVERIFY(second[u"request"].toObject()[u"url"].toString().startsWith(m_second));
    const QJsonArray withheld = second[u"withheld"].toArray();
    QCOMPARE(withheld.size(), 2);
    QCOMPARE(withheld[0].toObject()[u"name"].toString(), QStringLiteral("Authorization"));
    QCOMPARE(withheld[1].toObject()[u"name"].toString(), QStringLiteral("X-API-Key"));
    QVERIFY(withheld[0].toObject()[u"reason"].toString().contains(m_second.mid(7)));
    // The echo endpoint on the second origin proves nothing secret arrived.
    const QJsonObject echo
        = QJsonDocument::fromJson(second[u"response"].toObject()[u"body"].toString().toUtf8()).object();
    QVERIFY(echo[u"credentials"].toArray().isEmpty());
    QVERIFY(headerOf(second[u"request"].toObject()[u"headers"].toArray(), QStringLiteral("Authorization")).isEmpty());
}

void TestCli::locationTrustedForwards()
{
    const Result r = runCli({QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("demo:demo-password"),
                             QStringLiteral("--location-trusted"), url(QStringLiteral("/redirect/cross-origin"))});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject second = r.json()[u"hops"].toArray()[1].toObject();
    QVERIFY(second[u"withheld"].toArray().isEmpty());
    const QJsonObject echo
        = QJsonDocument::fromJson(second[u"response"].toObject()[u"body"].toString().toUtf8()).object();
    QVERIFY2(QJsonDocument(echo[u"credentials"].toArray()).toJson().contains("Authorization"),
             QJsonDocument(echo).toJson().constData());
}

void TestCli::dashHAuthorizationIsACredential()
{
    const Result r
        = runCli({QStringLiteral("send"), QStringLiteral("-H"), QStringLiteral("Authorization: Bearer handmade"),
                  url(QStringLiteral("/redirect/cross-origin"))});
    const QJsonArray hops = r.json()[u"hops"].toArray();
    QCOMPARE(hops.size(), 2);
    QCOMPARE(hops[1].toObject()[u"withheld"].toArray().size(), 1);
    QVERIFY(!r.out.contains("handmade"));
}

void TestCli::ledgerInJsonAndText()
{
    // A vendor header typed with -H (issue 9): placed on the first origin, withheld at the redirect,
    // never printed, and the ledger says where each credential came from.
    const QStringList args {QStringLiteral("send"),
                            QStringLiteral("-u"),
                            QStringLiteral("demo:demo-password"),
                            QStringLiteral("-H"),
                            QStringLiteral("X-Shopify-Access-Token: shpat_cli0123456789"),
                            url(QStringLiteral("/redirect/cross-origin"))};
    const Result r = runCli(args);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!r.out.contains("cli0123456789"));
    const QJsonArray hops = r.json()[u"hops"].toArray();
    QCOMPARE(hops.size(), 2);
    const QString firstOrigin = m_base + (m_base.count(u':') == 2 ? QString() : QStringLiteral(":80"));
    const QJsonArray placed = hops[0].toObject()[u"placed"].toArray();
    QCOMPARE(placed.size(), 2);
    QCOMPARE(placed[0].toObject()[u"name"].toString(), QStringLiteral("Authorization"));
    QCOMPARE(placed[0].toObject()[u"place"].toString(), QStringLiteral("header"));
    QCOMPARE(placed[0].toObject()[u"source"].toString(), QStringLiteral("profile"));
    QVERIFY(placed[0].toObject()[u"label"].toString().contains(u"demo"));
    QCOMPARE(placed[0].toObject()[u"bound_to"].toArray(), QJsonArray {firstOrigin});
    QCOMPARE(placed[1].toObject()[u"name"].toString(), QStringLiteral("X-Shopify-Access-Token"));
    QCOMPARE(placed[1].toObject()[u"source"].toString(), QStringLiteral("user_header"));
    QVERIFY(hops[1].toObject()[u"placed"].toArray().isEmpty());
    const QJsonArray withheld = hops[1].toObject()[u"withheld"].toArray();
    QCOMPARE(withheld.size(), 2);
    QCOMPARE(withheld[0].toObject()[u"source"].toString(), QStringLiteral("profile"));
    QCOMPARE(withheld[1].toObject()[u"name"].toString(), QStringLiteral("X-Shopify-Access-Token"));
    QCOMPARE(withheld[1].toObject()[u"source"].toString(), QStringLiteral("user_header"));
    const QString sent = headerOf(hops[0].toObject()[u"request"].toObject()[u"headers"].toArray(),
                                  QStringLiteral("X-Shopify-Access-Token"));
    QVERIFY2(sent.contains(u"redacted"), qPrintable(sent));

    const Result text = runCli(QStringList(args) << QStringLiteral("--text"));
    QVERIFY2(text.out.contains("+ placed Authorization (profile"), text.out.constData());
    QVERIFY(text.out.contains("+ placed X-Shopify-Access-Token (user_header"));
    QVERIFY(text.out.contains("! withheld X-Shopify-Access-Token (user_header)"));
    QVERIFY(!text.out.contains("cli0123456789"));
}

void TestCli::postWithData()
{
    const Result r = runCli({QStringLiteral("send"), QStringLiteral("-X"), QStringLiteral("PUT"),
                             QStringLiteral("--data"), QStringLiteral("{\"a\":1}"), QStringLiteral("-H"),
                             QStringLiteral("Content-Type: application/json"), url(QStringLiteral("/echo"))});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject hop = r.json()[u"hops"].toArray()[0].toObject();
    QCOMPARE(hop[u"request"].toObject()[u"method"].toString(), QStringLiteral("PUT"));
    QCOMPARE(hop[u"request"].toObject()[u"body_size"].toInt(), 7);
    const QJsonObject echo = QJsonDocument::fromJson(hop[u"response"].toObject()[u"body"].toString().toUtf8()).object();
    QCOMPARE(echo[u"method"].toString(), QStringLiteral("PUT"));
    QCOMPARE(echo[u"body_size"].toInt(), 7);
}

void TestCli::bearerRejected()
{
    const Result r = runCli({QStringLiteral("send"), QStringLiteral("--oauth2-bearer"), QStringLiteral("not-a-jwt"),
                             url(QStringLiteral("/api/profile"))});
    QCOMPARE(r.exitCode, 1);
    const QString challenge
        = headerOf(lastResponse(r.json())[u"headers"].toArray(), QStringLiteral("WWW-Authenticate"));
    QVERIFY2(challenge.contains(u"error=\"invalid_token\""), qPrintable(challenge));
}

void TestCli::digest()
{
    const Result r = runCli({QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("demo:demo-password"),
                             QStringLiteral("--digest"), url(QStringLiteral("/digest/stale"))});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray hops = r.json()[u"hops"].toArray();
    QCOMPARE(hops.size(), 3);
    QVERIFY(hops[1].toObject()[u"note"].toString().contains(u"Digest"));
    QVERIFY(hops[2].toObject()[u"note"].toString().contains(u"stale=true"));
    QCOMPARE(lastResponse(r.json())[u"status"].toInt(), 200);
    const Result wrong = runCli({QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("demo:nope"),
                                 QStringLiteral("--digest"), url(QStringLiteral("/digest/md5"))});
    QCOMPARE(wrong.exitCode, 1);
    QCOMPARE(runCli({QStringLiteral("send"), QStringLiteral("--digest"), url(QStringLiteral("/digest/md5"))}).exitCode,
             2);
}

void TestCli::demoProfile()
{
    const Result ok = runCli({QStringLiteral("send"), QStringLiteral("--profile"), QStringLiteral("demo-basic"),
                              QStringLiteral("/basic/resource")});
    QCOMPARE(ok.exitCode, 0);
    QCOMPARE(lastResponse(ok.json())[u"status"].toInt(), 200);
    const Result valid = runCli({QStringLiteral("send"), QStringLiteral("--profile"), QStringLiteral("demo-bearer"),
                                 QStringLiteral("/api/profile")});
    QCOMPARE(valid.exitCode, 0);
    const Result expired = runCli({QStringLiteral("send"), QStringLiteral("--profile"),
                                   QStringLiteral("demo-bearer-expired"), QStringLiteral("/api/profile")});
    QCOMPARE(expired.exitCode, 1);
}

// curl's --aws-sigv4 with -u KEY:SECRET against the demo API's IAM resource; a session token given with -H is
// signed as one; a wrong service is a finding with its fix; the demo AWS profiles work as they are.
void TestCli::awsSigV4()
{
    const QString key = QStringLiteral("AKIAAUTHLENSDEMO0001:demo/Secret+AccessKey/authlensEXAMPLE01");
    const Result ok
        = runCli({QStringLiteral("send"), QStringLiteral("--aws-sigv4"),
                  QStringLiteral("aws:amz:us-east-1:execute-api"), QStringLiteral("-u"), key, QStringLiteral("-d"),
                  QStringLiteral("{\"a\":1}"), url(QStringLiteral("/aws/resource?q=a%20b"))});
    QVERIFY2(ok.exitCode == 0, qPrintable(QString::fromUtf8(ok.err + ok.out.left(2000))));
    QCOMPARE(lastResponse(ok.json())[u"status"].toInt(), 200);
    // The secret key is never printed, nor the signature.
    QVERIFY(!ok.out.contains("authlensEXAMPLE01"));

    const Result temporary = runCli(
        {QStringLiteral("send"), QStringLiteral("--aws-sigv4"), QStringLiteral("aws:amz:us-east-1:execute-api"),
         QStringLiteral("-u"), QStringLiteral("ASIAAUTHLENSDEMO0002:demo/Temporary+SecretKey/authlensEXAMPLE2"),
         QStringLiteral("-H"),
         QStringLiteral("X-Amz-Security-Token: IQoJb3JpZ2luX2VjEAuthlensDemoSessionToken//EXAMPLE=="),
         url(QStringLiteral("/aws/resource"))});
    QVERIFY2(temporary.exitCode == 0, qPrintable(QString::fromUtf8(temporary.err + temporary.out.left(2000))));

    const Result wrongService
        = runCli({QStringLiteral("send"), QStringLiteral("--aws-sigv4"), QStringLiteral("aws:amz:us-east-1:lambda"),
                  QStringLiteral("-u"), key, url(QStringLiteral("/aws/resource"))});
    QCOMPARE(wrongService.exitCode, 1);
    const QJsonArray findings = wrongService.json()[u"findings"].toArray();
    QVERIFY(!findings.isEmpty());
    QCOMPARE(findings.first().toObject()[u"code"].toString(), QStringLiteral("aws.credential_scope"));
    QCOMPARE(findings.first().toObject()[u"fixes"].toArray().first().toObject()[u"id"].toString(),
             QStringLiteral("aws.set_scope"));

    const Result noScope = runCli({QStringLiteral("send"), QStringLiteral("--aws-sigv4"), QStringLiteral("aws:amz"),
                                   QStringLiteral("-u"), key, url(QStringLiteral("/aws/resource"))});
    QCOMPARE(noScope.exitCode, 2);
    QVERIFY2(noScope.err.contains("aws:amz:REGION:SERVICE"), noScope.err.constData());
    QCOMPARE(runCli({QStringLiteral("send"), QStringLiteral("--aws-sigv4"), QStringLiteral("aws:amz:us-east-1:x"),
                     url(QStringLiteral("/aws/resource"))})
                 .exitCode,
             2);

    QCOMPARE(runCli({QStringLiteral("send"), QStringLiteral("--profile"), QStringLiteral("demo-aws"),
                     QStringLiteral("/aws/resource")})
                 .exitCode,
             0);
    QCOMPARE(runCli({QStringLiteral("send"), QStringLiteral("--profile"), QStringLiteral("demo-aws-wrong-service"),
                     QStringLiteral("/aws/resource")})
                 .exitCode,
             1);

    // A clock an hour slow: AWS's 403 names the offset, and signing with it is accepted.
    const QStringList slowArgs {QStringLiteral("send"),
                                QStringLiteral("--aws-sigv4"),
                                QStringLiteral("aws:amz:us-east-1:execute-api"),
                                QStringLiteral("-u"),
                                key,
                                QStringLiteral("--aws-clock-offset"),
                                QStringLiteral("-3600"),
                                url(QStringLiteral("/aws/resource"))};
    const Result slow = runCli(slowArgs);
    QCOMPARE(slow.exitCode, 1);
    const QJsonObject skew = slow.json()[u"findings"].toArray().first().toObject();
    QCOMPARE(skew[u"code"].toString(), QStringLiteral("clock.skew"));
    const QJsonObject useClock = skew[u"fixes"].toArray().first().toObject();
    QCOMPARE(useClock[u"id"].toString(), QStringLiteral("aws.use_server_clock"));
    const qint64 seconds = qint64(useClock[u"params"].toObject()[u"seconds"].toDouble());
    QVERIFY2(seconds > 3590 && seconds < 3610, qPrintable(QString::number(seconds)));
    QStringList corrected = slowArgs;
    corrected[corrected.indexOf(QStringLiteral("-3600"))] = QString::number(-3600 + seconds);
    const Result accepted = runCli(corrected);
    QVERIFY2(accepted.exitCode == 0, qPrintable(QString::fromUtf8(accepted.err + accepted.out.left(2000))));
    QCOMPARE(runCli({QStringLiteral("send"), QStringLiteral("--aws-clock-offset"), QStringLiteral("60"),
                     url(QStringLiteral("/aws/resource"))})
                 .exitCode,
             2); // needs --aws-sigv4
}

void TestCli::networkFailureIsExitFour()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const Result r = runCli({QStringLiteral("send"), QStringLiteral("http://127.0.0.1:%1/").arg(port)});
    QCOMPARE(r.exitCode, 4);
    QCOMPARE(r.json()[u"error"].toObject()[u"kind"].toString(), QStringLiteral("connection_refused"));
    QVERIFY(r.err.contains("connection_refused"));
}

void TestCli::textOutput()
{
    const Result r = runCli({QStringLiteral("send"), QStringLiteral("--text"), url(QStringLiteral("/nochallenge"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("< HTTP/1.1 401"), r.out.constData());
    QVERIFY(r.out.contains(QByteArray("> GET " + url(QStringLiteral("/nochallenge")).toUtf8())));
}

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
