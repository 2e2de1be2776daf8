// `authlens-cli jwt` as a user runs it (DESIGN.md §6): a real process, JSON on stdout, exit codes. The
// demo API runs in this test process, so the CLI's JWKS URL and discovery fetches go to 127.0.0.1 while
// this process keeps its event loop running.

#include "JwtTestKeys.h"
#include "ProcessRun.h"
#include "RfcVectors.h"
#include "demo/DemoServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Authlens;
using Demo::DemoServer;

namespace {

struct Result : Test::ProcessResult
{
    QStringList problemCodes() const
    {
        QStringList codes;
        const QJsonArray problems = json().value(QLatin1String("problems")).toArray();
        for (const QJsonValue& problem : problems)
            codes.append(problem.toObject().value(QLatin1String("code")).toString() + QLatin1Char('/')
                         + problem.toObject().value(QLatin1String("subcode")).toString());
        return codes;
    }
    QString signatureStatus() const
    {
        return json().value(QLatin1String("signature")).toObject().value(QLatin1String("status")).toString();
    }
    QString timeStatus() const
    {
        return json().value(QLatin1String("time")).toObject().value(QLatin1String("status")).toString();
    }
};

Result runCli(const QStringList& args, const QByteArray& input = {}, int timeoutMs = 30000)
{
    return {Test::runProcess(QStringLiteral(AUTHLENS_CLI_PATH), QStringList {QStringLiteral("jwt")} + args,
                             {input, {}, timeoutMs})};
}

} // namespace

class TestJwtCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void decodesRfcExample();
    void readsTokenFromStdin();
    void verifiesWithKeyFilesAndSecrets_data();
    void verifiesWithKeyFilesAndSecrets();
    void expectationsAndClocks();
    void opaqueTokenLabel();
    void jwksUrlAndDiscovery();
    void rotatedKeyReported();
    void fetchFailureIsExitFour();
    void malformedTokenIsExitThree();
    void usageErrors_data();
    void usageErrors();
    void textOutput();

private:
    QString write(const QString& name, const QByteArray& content);

    DemoServer m_server;
    QTemporaryDir m_dir;
};

void TestJwtCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

QString TestJwtCli::write(const QString& name, const QByteArray& content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestJwtCli::decodesRfcExample()
{
    // Just before the example's exp (2011-03-22 18:43:00 UTC).
    const Result r = runCli({QString::fromLatin1(RfcVectors::A1Token), QStringLiteral("--now"),
                             QStringLiteral("1300819000"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = r.json();
    QCOMPARE(json.value(QLatin1String("kind")).toString(), QStringLiteral("jws"));
    QCOMPARE(json.value(QLatin1String("header")).toObject().value(QLatin1String("typ")).toString(),
             QStringLiteral("JWT"));
    QCOMPARE(json.value(QLatin1String("claims")).toObject().value(QLatin1String("iss")).toString(),
             QStringLiteral("joe"));
    QCOMPARE(r.signatureStatus(), QStringLiteral("unverified"));
    QCOMPARE(json.value(QLatin1String("signature")).toObject().value(QLatin1String("alg")).toString(),
             QStringLiteral("HS256"));
    QCOMPARE(r.timeStatus(), QStringLiteral("valid"));
    QCOMPARE(json.value(QLatin1String("time")).toObject().value(QLatin1String("exp")).toInteger(),
             RfcVectors::ExampleExp);
    QVERIFY(r.err.isEmpty());

    // Without --now it is long expired: still exit 0 (the analysis succeeded).
    const Result expired = runCli({QString::fromLatin1(RfcVectors::A1Token)});
    QCOMPARE(expired.exitCode, 0);
    QCOMPARE(expired.timeStatus(), QStringLiteral("expired"));
    QVERIFY(expired.problemCodes().contains(QStringLiteral("token.expired/exp")));
}

void TestJwtCli::readsTokenFromStdin()
{
    const Result r = runCli({QStringLiteral("-"), QStringLiteral("--json")}, QByteArray(RfcVectors::A2Token) + "\n");
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(QLatin1String("header")).toObject().value(QLatin1String("alg")).toString(),
             QStringLiteral("RS256"));
}

void TestJwtCli::verifiesWithKeyFilesAndSecrets_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("problem");
    const QString a1Key = write(QStringLiteral("a1.jwk"), RfcVectors::A1Jwk);
    const QString a2Jwks
        = write(QStringLiteral("a2.jwks"),
                QJsonDocument(QJsonObject {{QStringLiteral("keys"),
                                            QJsonArray {QJsonDocument::fromJson(RfcVectors::A2Jwk).object()}}})
                    .toJson());
    const QString a3Key = write(QStringLiteral("a3.jwk"), RfcVectors::A3Jwk);
    const QString edKey = write(QStringLiteral("ed.jwk"), RfcVectors::Ed25519Jwk);
    const Test::JwtTestKey rsa = Test::JwtTestKey::rsa();
    const QString pem = write(QStringLiteral("rsa.pem"), rsa.publicPem());
    const QJsonObject claims {{QStringLiteral("sub"), QStringLiteral("x")}, {QStringLiteral("exp"), 4102444800LL}};
    const QByteArray ps256 = rsa.token(QStringLiteral("PS256"), {}, claims);
    const QByteArray hs
        = Test::JwtTestKey::hmacToken(QStringLiteral("HS256"), "a-secret-of-32-bytes-or-more!!!!", {}, claims);
    const QString secretFile = write(QStringLiteral("secret.txt"), "a-secret-of-32-bytes-or-more!!!!\n");

    QTest::newRow("A.1 oct JWK") << QByteArray(RfcVectors::A1Token) << QStringList {QStringLiteral("--key"), a1Key}
                                 << QStringLiteral("valid") << QString();
    QTest::newRow("A.2 JWKS file") << QByteArray(RfcVectors::A2Token) << QStringList {QStringLiteral("--jwks"), a2Jwks}
                                   << QStringLiteral("valid") << QString();
    QTest::newRow("A.3 EC JWK") << QByteArray(RfcVectors::A3Token) << QStringList {QStringLiteral("--key"), a3Key}
                                << QStringLiteral("valid") << QString();
    QTest::newRow("RFC 8037 Ed25519") << QByteArray(RfcVectors::Ed25519Token)
                                      << QStringList {QStringLiteral("--key"), edKey} << QStringLiteral("valid")
                                      << QString();
    QTest::newRow("PS256 PEM") << ps256 << QStringList {QStringLiteral("--key"), pem} << QStringLiteral("valid")
                               << QString();
    QTest::newRow("A.2 with the wrong key")
        << QByteArray(RfcVectors::A2Token) << QStringList {QStringLiteral("--key"), pem} << QStringLiteral("invalid")
        << QStringLiteral("token.signature/invalid");
    QTest::newRow("secret") << hs
                            << QStringList {QStringLiteral("--secret"),
                                            QStringLiteral("a-secret-of-32-bytes-or-more!!!!")}
                            << QStringLiteral("valid") << QString();
    QTest::newRow("secret file") << hs << QStringList {QStringLiteral("--secret-file"), secretFile}
                                 << QStringLiteral("valid") << QString();
    QTest::newRow("wrong secret") << hs << QStringList {QStringLiteral("--secret"), QStringLiteral("nope")}
                                  << QStringLiteral("invalid") << QStringLiteral("token.signature/weak_secret");
    QTest::newRow("alg confusion") << Test::JwtTestKey::hmacToken(QStringLiteral("HS256"), rsa.publicPem(), {}, claims)
                                   << QStringList {QStringLiteral("--key"), pem} << QStringLiteral("invalid")
                                   << QStringLiteral("token.signature/alg_confusion");
}

void TestJwtCli::verifiesWithKeyFilesAndSecrets()
{
    QFETCH(QByteArray, token);
    QFETCH(QStringList, options);
    QFETCH(QString, status);
    QFETCH(QString, problem);
    const Result r = runCli(QStringList {QString::fromLatin1(token), QStringLiteral("--json")} + options);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.signatureStatus(), status);
    if (!problem.isEmpty())
        QVERIFY2(r.problemCodes().contains(problem), qPrintable(r.problemCodes().join(u", ")));
}

void TestJwtCli::expectationsAndClocks()
{
    const QString token = m_server.mintAccessToken(QStringLiteral("alice"), {QStringLiteral("orders:read")}, 120);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    // The server's Date is 10 minutes ahead: expired there, valid here.
    const Result r
        = runCli({token, QStringLiteral("--json"), QStringLiteral("--expect-aud"), QStringLiteral("https://other.api"),
                  QStringLiteral("--expect-iss"), QStringLiteral("https://other.issuer"), QStringLiteral("--now"),
                  QString::number(now), QStringLiteral("--server-date"), QString::number(now + 600)});
    QCOMPARE(r.exitCode, 0);
    const QStringList codes = r.problemCodes();
    QVERIFY(codes.contains(QStringLiteral("token.audience/mismatch")));
    QVERIFY(codes.contains(QStringLiteral("token.issuer/mismatch")));
    QVERIFY(codes.contains(QStringLiteral("token.expired/server_clock")));
    QVERIFY(codes.contains(QStringLiteral("clock.skew/decides")));
    const QJsonObject time = r.json().value(QLatin1String("time")).toObject();
    QCOMPARE(time.value(QLatin1String("status")).toString(), QStringLiteral("valid"));
    QCOMPARE(time.value(QLatin1String("server_status")).toString(), QStringLiteral("expired"));
    QCOMPARE(time.value(QLatin1String("skew_seconds")).toInteger(), 600);
    QCOMPARE(r.json().value(QLatin1String("token_kind")).toString(), QStringLiteral("access"));

    // An HTTP date works as well, and --leeway widens the tolerance.
    const Result httpDate = runCli(
        {token, QStringLiteral("--json"), QStringLiteral("--server-date"),
         QDateTime::currentDateTimeUtc().addSecs(600).toString(QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")),
         QStringLiteral("--leeway"), QStringLiteral("3600")});
    QCOMPARE(httpDate.exitCode, 0);
    QVERIFY(!httpDate.problemCodes().contains(QStringLiteral("clock.skew/decides")));
}

void TestJwtCli::opaqueTokenLabel()
{
    const Result r = runCli({QString::fromLatin1(QByteArray("ghp_") + QByteArray(36, 'x')), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = r.json();
    QCOMPARE(json.value(QLatin1String("kind")).toString(), QStringLiteral("opaque"));
    QCOMPARE(json.value(QLatin1String("label")).toObject().value(QLatin1String("id")).toString(),
             QStringLiteral("github.pat_classic"));
    QCOMPARE(r.signatureStatus(), QStringLiteral("unsupported"));
    QCOMPARE(r.timeStatus(), QStringLiteral("unknown"));
}

void TestJwtCli::jwksUrlAndDiscovery()
{
    const QString token = m_server.mintAccessToken(QStringLiteral("alice"), {}, 600);
    const Result viaUrl = runCli({token, QStringLiteral("--json"), QStringLiteral("--jwks"),
                                  m_server.baseUrl().toString() + QStringLiteral("/.well-known/jwks.json")});
    QCOMPARE(viaUrl.exitCode, 0);
    QCOMPARE(viaUrl.signatureStatus(), QStringLiteral("valid"));

    const Result discovered
        = runCli({token, QStringLiteral("--json"), QStringLiteral("--discover"), QStringLiteral("--expect-iss"),
                  m_server.baseUrl().toString(), QStringLiteral("--expect-aud"), DemoServer::audience()});
    QCOMPARE(discovered.exitCode, 0);
    QCOMPARE(discovered.signatureStatus(), QStringLiteral("valid"));
    QVERIFY2(discovered.problemCodes().isEmpty(), qPrintable(discovered.problemCodes().join(u", ")));
    QVERIFY(discovered.json()
                .value(QLatin1String("signature"))
                .toObject()
                .value(QLatin1String("verified_by"))
                .toString()
                .contains(m_server.currentKeyId()));
}

void TestJwtCli::rotatedKeyReported()
{
    const QString token = m_server.mintAccessToken(QStringLiteral("alice"), {}, 600);
    m_server.rotateSigningKey();
    const Result r = runCli({token, QStringLiteral("--json"), QStringLiteral("--discover")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.signatureStatus(), QStringLiteral("invalid"));
    QVERIFY(r.problemCodes().contains(QStringLiteral("token.signature/kid_unknown")));
}

void TestJwtCli::fetchFailureIsExitFour()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    const Result r = runCli({QString::fromLatin1(RfcVectors::A2Token), QStringLiteral("--json"),
                             QStringLiteral("--jwks"), QStringLiteral("http://127.0.0.1:%1/jwks.json").arg(port)});
    QCOMPARE(r.exitCode, 4);
    QVERIFY(!r.err.isEmpty());
    QVERIFY(r.problemCodes().contains(QStringLiteral("token.signature/keys_unavailable")));

    // Discovery from an iss that is not a URL ("joe") is bad input, not a network failure.
    QCOMPARE(runCli({QString::fromLatin1(RfcVectors::A2Token), QStringLiteral("--discover")}).exitCode, 3);
}

void TestJwtCli::malformedTokenIsExitThree()
{
    QByteArray broken = RfcVectors::A1Token;
    broken.insert(10, '=');
    const Result r = runCli({QString::fromLatin1(broken), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.problemCodes().contains(QStringLiteral("token.malformed/padding")));
    const QJsonArray problems = r.json().value(QLatin1String("problems")).toArray();
    QCOMPARE(problems.at(0).toObject().value(QLatin1String("offset")).toInt(), 10);

    QCOMPARE(runCli({QStringLiteral("-")}, QByteArray("")).exitCode, 3);
    QCOMPARE(runCli({QString::fromLatin1(RfcVectors::A1Token), QStringLiteral("--key"),
                     m_dir.filePath(QStringLiteral("missing.pem"))})
                 .exitCode,
             3);
    const QString junk = write(QStringLiteral("junk.pem"), "not a key");
    QCOMPARE(runCli({QString::fromLatin1(RfcVectors::A1Token), QStringLiteral("--key"), junk}).exitCode, 3);
}

void TestJwtCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no token") << QStringList();
    QTest::newRow("two tokens") << QStringList {QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("secret and key") << QStringList {QStringLiteral("t"), QStringLiteral("--secret"),
                                                    QStringLiteral("s"), QStringLiteral("--key"), QStringLiteral("k")};
    QTest::newRow("jwks and discover") << QStringList {QStringLiteral("t"), QStringLiteral("--jwks"),
                                                       QStringLiteral("j"), QStringLiteral("--discover")};
    QTest::newRow("bad --now") << QStringList {QStringLiteral("t"), QStringLiteral("--now"), QStringLiteral("soon")};
    QTest::newRow("bad --leeway") << QStringList {QStringLiteral("t"), QStringLiteral("--leeway"),
                                                  QStringLiteral("-1")};
    QTest::newRow("bad --server-date") << QStringList {QStringLiteral("t"), QStringLiteral("--server-date"),
                                                       QStringLiteral("tomorrow")};
    QTest::newRow("unknown option") << QStringList {QStringLiteral("t"), QStringLiteral("--frobnicate")};
}

void TestJwtCli::usageErrors()
{
    QFETCH(QStringList, args);
    const Result r = runCli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY(!r.err.isEmpty());
}

void TestJwtCli::textOutput()
{
    const QString key = write(QStringLiteral("text.jwk"), RfcVectors::A1Jwk);
    const Result r = runCli({QString::fromLatin1(RfcVectors::A1Token), QStringLiteral("--text"),
                             QStringLiteral("--key"), key, QStringLiteral("--now"), QStringLiteral("1300819000")});
    QCOMPARE(r.exitCode, 0);
    const QString text = QString::fromUtf8(r.out);
    QVERIFY2(text.startsWith(QStringLiteral("JWS (HS256)")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Claims")));
    QVERIFY(text.contains(QStringLiteral("Issuer: ")));
    QVERIFY(text.contains(QStringLiteral("2011-03-22 18:43:00 UTC")));
    QVERIFY(text.contains(QStringLiteral("Time: valid — expires in 6 min 20 s")));
    QVERIFY(text.contains(QStringLiteral("Signature: valid")));
}

QTEST_GUILESS_MAIN(TestJwtCli)
#include "TestJwtCli.moc"
