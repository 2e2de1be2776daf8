// AWS Signature v4 end to end: the engine signs each hop (RequestSpec::requestSigner) and the demo API's
// IAM-protected resource recomputes the signature from what arrived, as API Gateway does; each refusal is then
// diagnosed with the finding that names the wrong input and its fix.
#include "auth/AuthSettings.h"
#include "auth/AwsSigV4.h"
#include "demo/DemoAws.h"
#include "demo/DemoServer.h"
#include "diagnosis/Catalog.h"
#include "diagnosis/Diagnoser.h"
#include "http/HttpClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Http;
using Demo::DemoAws;

class TestAwsSignedRequests : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init() { m_demo.setClockOffset(0); }
    void signedRequestsVerify_data();
    void signedRequestsVerify();
    void temporaryCredentialsNeedTheirToken();
    void wrongSecretKey();
    void wrongRegionAndService();
    void clockOffIsMeasured();
    void unsignedAndUnknownKey();
    void signatureWithheldAcrossOrigins();
    void missingSettingsSignNothing();

private:
    static Auth::AuthSettings settings(const QString& key = DemoAws::accessKeyId())
    {
        Auth::AuthSettings s;
        s.method = Auth::Method::AwsSigV4;
        s.username = key;
        s.aws = {DemoAws::region(), DemoAws::service()};
        return s;
    }
    static Auth::AuthSecrets secrets(const QString& secret = DemoAws::secretAccessKey(), const QString& token = {})
    {
        Auth::AuthSecrets s;
        s.password = secret;
        s.token = token;
        return s;
    }
    RequestSpec spec(const QString& pathAndQuery, const Auth::AuthSettings& s, const Auth::AuthSecrets& secret) const
    {
        RequestSpec out;
        out.url = m_demo.baseUrl().resolved(QUrl(pathAndQuery));
        Auth::applyTo(s, secret, out);
        return out;
    }
    Exchange run(const RequestSpec& spec)
    {
        QSignalSpy spy(&m_client, &HttpClient::finished);
        m_client.send(spec);
        if (!spy.wait(30000))
            return {};
        return spy.takeFirst().at(0).value<Exchange>();
    }
    static QList<Diagnosis::Finding> findings(const Exchange& ex) { return Diagnosis::diagnose(ex).findings; }
    static QString codes(const QList<Diagnosis::Finding>& all)
    {
        QStringList out;
        for (const Diagnosis::Finding& f : all)
            out.append(f.code + u'/' + f.reason);
        return out.join(u", ");
    }

    Demo::DemoServer m_demo;
    HttpClient m_client;
};

void TestAwsSignedRequests::initTestCase()
{
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
}

void TestAwsSignedRequests::signedRequestsVerify_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("GET") << QByteArray("GET") << QStringLiteral("/aws/resource") << QByteArray() << QByteArray();
    // The query is sorted and encoded again; '+' stays a plus sign, %20 a space.
    QTest::newRow("query") << QByteArray("GET") << QStringLiteral("/aws/resource?b=2&a=x%20y&c=1+1&empty=&flag")
                           << QByteArray() << QByteArray();
    QTest::newRow("POST JSON") << QByteArray("POST") << QStringLiteral("/aws/resource?id=7")
                               << QByteArray(R"({"name":"Ada","tags":["a b"]})") << QByteArray("application/json");
    QTest::newRow("PUT binary") << QByteArray("PUT") << QStringLiteral("/aws/resource")
                                << QByteArray("\x00\x01\xff binary", 10) << QByteArray();
}

void TestAwsSignedRequests::signedRequestsVerify()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, target);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    RequestSpec s = spec(target, settings(), secrets());
    s.method = method;
    s.body = body;
    if (!contentType.isEmpty())
        s.headers.append({"Content-Type", contentType});
    const Exchange ex = run(s);
    QCOMPARE(ex.hops.size(), 1);
    const Hop& hop = ex.hops.constFirst();
    QVERIFY2(hop.response.status == 200, hop.response.body.readAll().left(600).constData());
    const QByteArray authorization = headerValue(hop.request.headers, "Authorization");
    QVERIFY(
        authorization.startsWith(QByteArray("AWS4-HMAC-SHA256 Credential=" + DemoAws::accessKeyId().toLatin1() + '/')));
    QVERIFY(hasHeader(hop.request.headers, "X-Amz-Date"));
    // The ledger names the signature as placed by the profile.
    QCOMPARE(hop.placed.size(), 1);
    QCOMPARE(hop.placed.constFirst().name, QByteArray("Authorization"));
    QVERIFY(hop.placed.constFirst().label.startsWith(u"AWS Signature v4"));
    const QJsonObject answer = QJsonDocument::fromJson(hop.response.body.readAll()).object();
    QCOMPARE(answer.value(u"authenticated_as").toString(), DemoAws::accessKeyId());
    QVERIFY(answer.value(u"signed_headers").toString().contains(u"host"));
    // A success is no finding of AWS's.
    const QList<Diagnosis::Finding> all = findings(ex);
    QVERIFY2(!Diagnosis::hasCause(all), qPrintable(codes(all)));
}

void TestAwsSignedRequests::temporaryCredentialsNeedTheirToken()
{
    const Exchange ok = run(spec(QStringLiteral("/aws/resource"), settings(DemoAws::temporaryAccessKeyId()),
                                 secrets(DemoAws::temporarySecretAccessKey(), DemoAws::sessionToken())));
    QCOMPARE(ok.hops.constFirst().response.status, 200);
    QCOMPARE(headerValue(ok.hops.constFirst().request.headers, "X-Amz-Security-Token"),
             DemoAws::sessionToken().toUtf8());

    const Exchange noToken = run(spec(QStringLiteral("/aws/resource"), settings(DemoAws::temporaryAccessKeyId()),
                                      secrets(DemoAws::temporarySecretAccessKey())));
    QCOMPARE(noToken.hops.constFirst().response.status, 403);
    const QList<Diagnosis::Finding> all = findings(noToken);
    QVERIFY2(!all.isEmpty(), "no findings");
    QCOMPARE(all.constFirst().code, QString(Diagnosis::Code::AwsCredentialsInvalid));
    QCOMPARE(all.constFirst().reason, QStringLiteral("session_token_missing"));
    QCOMPARE(all.constFirst().severity, Diagnosis::Severity::Cause);
    // The gateway's generic signature finding gives way to the precise one.
    QVERIFY2(!Diagnosis::findFinding(all, QString(Diagnosis::Code::GatewayRejected)), qPrintable(codes(all)));
}

void TestAwsSignedRequests::wrongSecretKey()
{
    const Exchange ex = run(spec(QStringLiteral("/aws/resource?x=1"), settings(), secrets(QStringLiteral("wrong"))));
    QCOMPARE(ex.hops.constFirst().response.status, 403);
    const QList<Diagnosis::Finding> all = findings(ex);
    QVERIFY2(!all.isEmpty(), "no findings");
    const Diagnosis::Finding& top = all.constFirst();
    QCOMPARE(top.code, QString(Diagnosis::Code::AwsSignatureMismatch));
    // AWS's canonical request equals the signed one, line for line: only the key is left.
    QCOMPARE(top.reason, QStringLiteral("secret_key"));
    QCOMPARE(top.severity, Diagnosis::Severity::Cause);
    QVERIFY(top.explanation.contains(DemoAws::accessKeyId()));
    QVERIFY(!top.explanation.contains(u"wrong"));
    QCOMPARE(top.fixes.constFirst().id, QStringLiteral("advice.check_aws_secret"));
}

void TestAwsSignedRequests::wrongRegionAndService()
{
    Auth::AuthSettings region = settings();
    region.aws.region = QStringLiteral("eu-west-1");
    const Exchange wrongRegion = run(spec(QStringLiteral("/aws/resource"), region, secrets()));
    QList<Diagnosis::Finding> all = findings(wrongRegion);
    QVERIFY2(!all.isEmpty(), "no findings");
    QCOMPARE(all.constFirst().code, QString(Diagnosis::Code::AwsCredentialScope));
    QCOMPARE(all.constFirst().reason, QStringLiteral("region"));
    QVERIFY(all.constFirst().explanation.contains(u"eu-west-1"));

    Auth::AuthSettings service = settings();
    service.aws.service = QStringLiteral("lambda");
    const Exchange wrongService = run(spec(QStringLiteral("/aws/resource"), service, secrets()));
    all = findings(wrongService);
    QVERIFY2(!all.isEmpty(), "no findings");
    const Diagnosis::Finding& top = all.constFirst();
    QCOMPARE(top.code, QString(Diagnosis::Code::AwsCredentialScope));
    QCOMPARE(top.reason, QStringLiteral("service"));
    // The fix acts: sign for the service AWS named.
    QCOMPARE(top.fixes.constFirst().id, QStringLiteral("aws.set_scope"));
    QCOMPARE(top.fixes.constFirst().kind, Diagnosis::FixKind::Action);
    QCOMPARE(top.fixes.constFirst().params.value(u"service").toString(), DemoAws::service());

    // Applying it and sending again: 200.
    service.aws.service = top.fixes.constFirst().params.value(u"service").toString();
    QCOMPARE(run(spec(QStringLiteral("/aws/resource"), service, secrets())).hops.constFirst().response.status, 200);
}

void TestAwsSignedRequests::clockOffIsMeasured()
{
    m_demo.setClockOffset(3600); // the server's clock an hour ahead of ours
    const Exchange ex = run(spec(QStringLiteral("/aws/resource"), settings(), secrets()));
    QCOMPARE(ex.hops.constFirst().response.status, 403);
    const QList<Diagnosis::Finding> all = findings(ex);
    const auto it = std::find_if(all.cbegin(), all.cend(), [](const Diagnosis::Finding& f) {
        return f.code == Diagnosis::Code::ClockSkew && f.reason == u"aws_signature_time";
    });
    QVERIFY2(it != all.cend(), qPrintable(codes(all)));
    QCOMPARE(it->severity, Diagnosis::Severity::Cause);
    QCOMPARE(all.constFirst().code, QString(Diagnosis::Code::ClockSkew));
    const auto offset = std::find_if(it->fixes.cbegin(), it->fixes.cend(),
                                     [](const Diagnosis::Fix& f) { return f.id == u"clock.show_offset"; });
    QVERIFY(offset != it->fixes.cend());
    const double seconds = offset->params.value(u"seconds").toDouble();
    QVERIFY2(seconds > 3590 && seconds < 3610, qPrintable(QString::number(seconds)));
    QVERIFY(it->title.contains(u"slow"));

    // The fix that acts comes first: sign by AWS's clock. Signed again with its offset, AWS accepts.
    const Diagnosis::Fix& useServerClock = it->fixes.constFirst();
    QCOMPARE(useServerClock.id, QStringLiteral("aws.use_server_clock"));
    QCOMPARE(useServerClock.kind, Diagnosis::FixKind::Action);
    QCOMPARE(useServerClock.params.value(u"seconds").toDouble(), seconds);
    Auth::AuthSettings corrected = settings();
    corrected.aws.clockOffsetSeconds += qint64(useServerClock.params.value(u"seconds").toDouble());
    const RequestSpec again = spec(QStringLiteral("/aws/resource"), corrected, secrets());
    QVERIFY2(again.requestSigner.label.contains(u"signed by AWS's clock (+36"), qPrintable(again.requestSigner.label));
    const Exchange accepted = run(again);
    QCOMPARE(accepted.hops.constFirst().response.status, 200);
    const QDateTime signedAt = Auth::awsDateTime(headerValue(accepted.hops.constFirst().request.headers, "X-Amz-Date"));
    QVERIFY(std::abs(QDateTime::currentDateTimeUtc().secsTo(signedAt) - 3600) < 15);

    // AWS's clock eight days away: the finding shows the offset and says to set the clock, but offers no
    // signing around it (beyond AwsSettings::MaxClockOffsetSeconds, as the CLI's --aws-clock-offset).
    m_demo.setClockOffset(8 * 24 * 3600);
    const QList<Diagnosis::Finding> far = findings(run(spec(QStringLiteral("/aws/resource"), settings(), secrets())));
    const auto farSkew = std::find_if(far.cbegin(), far.cend(), [](const Diagnosis::Finding& f) {
        return f.code == Diagnosis::Code::ClockSkew && f.reason == u"aws_signature_time";
    });
    QVERIFY2(farSkew != far.cend(), qPrintable(codes(far)));
    QStringList ids;
    for (const Diagnosis::Fix& fix : farSkew->fixes)
        ids.append(fix.id);
    QCOMPARE(ids, QStringList({QStringLiteral("clock.show_offset"), QStringLiteral("advice.sync_clock")}));
}

void TestAwsSignedRequests::unsignedAndUnknownKey()
{
    RequestSpec unsignedSpec;
    unsignedSpec.url = m_demo.baseUrl().resolved(QUrl(QStringLiteral("/aws/resource")));
    const Exchange none = run(unsignedSpec);
    QCOMPARE(none.hops.constFirst().response.status, 403);
    QCOMPARE(headerValue(none.hops.constFirst().response.headers, "x-amzn-ErrorType"),
             QByteArray("MissingAuthenticationTokenException"));
    const QList<Diagnosis::Finding> unsignedFindings = findings(none);
    QVERIFY(Diagnosis::findFinding(unsignedFindings, QString(Diagnosis::Code::GatewayRejected)));

    const Exchange unknown
        = run(spec(QStringLiteral("/aws/resource"), settings(QStringLiteral("AKIAUNKNOWNKEY000000")), secrets()));
    const QList<Diagnosis::Finding> all = findings(unknown);
    QVERIFY2(!all.isEmpty(), "no findings");
    QCOMPARE(all.constFirst().code, QString(Diagnosis::Code::AwsCredentialsInvalid));
    QCOMPARE(all.constFirst().reason, QStringLiteral("access_key_unknown"));
}

void TestAwsSignedRequests::signatureWithheldAcrossOrigins()
{
    const Exchange ex = run(spec(QStringLiteral("/redirect/cross-origin"), settings(), secrets()));
    QCOMPARE(ex.hops.size(), 2);
    QVERIFY(hasHeader(ex.hops.at(0).request.headers, "Authorization"));
    QVERIFY(!hasHeader(ex.hops.at(1).request.headers, "Authorization"));
    QVERIFY(!hasHeader(ex.hops.at(1).request.headers, "X-Amz-Date"));
    QCOMPARE(ex.hops.at(1).withheld.size(), 1);
    QCOMPARE(ex.hops.at(1).withheld.constFirst().name, QByteArray("Authorization"));
}

void TestAwsSignedRequests::missingSettingsSignNothing()
{
    Auth::AuthSettings noRegion = settings();
    noRegion.aws.region.clear();
    QCOMPARE(Auth::emptyCredentialProblem(noRegion, secrets()), QStringLiteral("The AWS region is empty."));
    const Exchange ex = run(spec(QStringLiteral("/aws/resource"), noRegion, secrets()));
    const Hop& hop = ex.hops.constFirst();
    QVERIFY(!hasHeader(hop.request.headers, "Authorization"));
    QCOMPARE(hop.withheld.size(), 1);
    QVERIFY(hop.withheld.constFirst().reason.contains(u"region"));
}

QTEST_GUILESS_MAIN(TestAwsSignedRequests)
#include "TestAwsSignedRequests.moc"
