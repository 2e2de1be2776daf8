// A profile's connection settings as request options: what is used, and the errors a user can act on.
#include "TestCertificate.h"
#include "profiles/ProfileConnection.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Profiles;
using Authlens::Test::TestCertificate;

class TestProfileConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void defaultsLeaveTransportAlone();
    void caBundleAndClientIdentity();
    void badTlsInputs_data();
    void badTlsInputs();
    void proxyModes();
    void proxyWithoutHostIsAnError();
    void applyConnectionReadsFilesAndSetsOrigins();
    void applyConnectionReportsMissingFile();

private:
    TestCertificate m_cert;
    QByteArray m_certPem;
    QString m_keyPem;
};

void TestProfileConnection::initTestCase()
{
    m_cert = TestCertificate::generate("client");
    QVERIFY(!m_cert.certificate.isNull());
    m_certPem = m_cert.certificate.toPem();
    m_keyPem = QString::fromLatin1(m_cert.key.toPem());
}

void TestProfileConnection::defaultsLeaveTransportAlone()
{
    QString error;
    const auto t = transportFor(Profile {}, {}, {}, &error);
    QVERIFY2(t, qPrintable(error));
    QVERIFY(t->extraCaCertificates.isEmpty());
    QVERIFY(!t->hasClientIdentity());
    QVERIFY(!t->proxy); // System: the application's (system) proxy settings
}

void TestProfileConnection::caBundleAndClientIdentity()
{
    Profile p;
    p.tls.caBundlePath = QStringLiteral("/etc/corp/ca.pem");
    p.tls.clientCertificatePath = QStringLiteral("/home/u/client.pem");
    Auth::AuthSecrets secrets;
    secrets.clientKey = m_keyPem;
    ConnectionFiles files;
    files.caBundlePem = m_certPem + "\n" + m_certPem; // a bundle of two
    files.clientCertificatePem = m_certPem;
    QString error;
    const auto t = transportFor(p, secrets, files, &error);
    QVERIFY2(t, qPrintable(error));
    QCOMPARE(t->extraCaCertificates.size(), 2);
    QVERIFY(t->hasClientIdentity());
    QCOMPARE(t->clientCertificate, m_cert.certificate);
    QCOMPARE(t->clientKey.toPem(), m_cert.key.toPem());
}

void TestProfileConnection::badTlsInputs_data()
{
    QTest::addColumn<QString>("caPath");
    QTest::addColumn<QByteArray>("caPem");
    QTest::addColumn<QString>("certPath");
    QTest::addColumn<QByteArray>("certPem");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");
    const QByteArray cert = TestCertificate::generate().certificate.toPem();
    QTest::newRow("CA bundle not PEM") << "/ca.pem" << QByteArray("hello") << "" << QByteArray() << ""
                                       << "The CA bundle /ca.pem holds no PEM certificate.";
    QTest::newRow("certificate not PEM") << "" << QByteArray() << "/c.pem" << QByteArray("\x30\x82") << "key"
                                         << "The client certificate /c.pem is not a PEM certificate.";
    QTest::newRow("certificate without key") << "" << QByteArray() << "/c.pem" << cert << ""
                                             << "has no private key: add the key in the profile editor";
    QTest::newRow("key without certificate") << "" << QByteArray() << "" << QByteArray() << "-----BEGIN"
                                             << "has a client key but no client certificate";
    QTest::newRow("encrypted key") << "" << QByteArray() << "/c.pem" << cert
                                   << "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"
                                   << "encrypted with a passphrase";
    QTest::newRow("key not PEM") << "" << QByteArray() << "/c.pem" << cert << "not a key"
                                 << "is not a PEM private key";
}

void TestProfileConnection::badTlsInputs()
{
    QFETCH(QString, caPath);
    QFETCH(QByteArray, caPem);
    QFETCH(QString, certPath);
    QFETCH(QByteArray, certPem);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    Profile p;
    p.tls.caBundlePath = caPath;
    p.tls.clientCertificatePath = certPath;
    Auth::AuthSecrets secrets;
    secrets.clientKey = key;
    QString error;
    QVERIFY(!transportFor(p, secrets, {caPem, certPem}, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestProfileConnection::proxyModes()
{
    Profile p;
    QString error;
    p.proxy.mode = ProxySettings::Mode::None;
    auto t = transportFor(p, {}, {}, &error);
    QVERIFY(t && t->proxy);
    QCOMPARE(t->proxy->type(), QNetworkProxy::NoProxy);

    p.proxy = {ProxySettings::Mode::Http, QStringLiteral(" proxy.corp "), 3128, QStringLiteral("alice")};
    Auth::AuthSecrets secrets;
    secrets.proxyPassword = QStringLiteral("pw");
    t = transportFor(p, secrets, {}, &error);
    QVERIFY(t && t->proxy);
    QCOMPARE(t->proxy->type(), QNetworkProxy::HttpProxy);
    QCOMPARE(t->proxy->hostName(), QStringLiteral("proxy.corp"));
    QCOMPARE(t->proxy->port(), quint16(3128));
    QCOMPARE(t->proxy->user(), QStringLiteral("alice"));
    QCOMPARE(t->proxy->password(), QStringLiteral("pw"));
    QCOMPARE(Http::proxyDisplay(*t->proxy), QStringLiteral("http://proxy.corp:3128"));

    p.proxy = {ProxySettings::Mode::Socks5, QStringLiteral("::1"), 1080, {}};
    t = transportFor(p, secrets, {}, &error);
    QVERIFY(t && t->proxy);
    QCOMPARE(t->proxy->type(), QNetworkProxy::Socks5Proxy);
    QVERIFY(t->proxy->user().isEmpty()); // no user, no password sent
    QCOMPARE(Http::proxyDisplay(*t->proxy), QStringLiteral("socks5://[::1]:1080"));
}

void TestProfileConnection::proxyWithoutHostIsAnError()
{
    Profile p;
    p.proxy = {ProxySettings::Mode::Http, {}, 3128, {}};
    QString error;
    QVERIFY(!transportFor(p, {}, {}, &error));
    QVERIFY2(error.contains(u"needs a host and a port"), qPrintable(error));
    p.proxy = {ProxySettings::Mode::Socks5, QStringLiteral("h"), 0, {}};
    QVERIFY(!transportFor(p, {}, {}, &error));
}

void TestProfileConnection::applyConnectionReadsFilesAndSetsOrigins()
{
    QTemporaryDir dir;
    QFile ca(dir.filePath(QStringLiteral("ca.pem")));
    QVERIFY(ca.open(QIODevice::WriteOnly));
    ca.write(m_certPem);
    ca.close();
    Profile p;
    p.baseUrl = QStringLiteral("https://api.example.com/v1");
    p.allowedOrigins = {Http::Origin::fromUrl(QUrl(QStringLiteral("https://files.example.com")))};
    p.tls.caBundlePath = ca.fileName();
    p.tls.ignoreErrors = true;
    p.connectTimeoutMs = 3000;
    p.totalTimeoutMs = 0;
    Http::RequestSpec spec;
    QString error;
    QVERIFY2(applyConnection(p, {}, spec, &error), qPrintable(error));
    QCOMPARE(spec.transport.extraCaCertificates.size(), 1);
    QCOMPARE(spec.allowedOrigins.size(), 2);
    QVERIFY(spec.allowedOrigins.contains(Http::Origin::fromUrl(QUrl(p.baseUrl))));
    QVERIFY(spec.ignoreTlsErrors);
    QCOMPARE(spec.connectTimeoutMs, 3000);
    QCOMPARE(spec.totalTimeoutMs, 0);
}

void TestProfileConnection::applyConnectionReportsMissingFile()
{
    Profile p;
    p.tls.clientCertificatePath = QStringLiteral("/nonexistent/client.pem");
    Http::RequestSpec spec;
    spec.connectTimeoutMs = 1234;
    QString error;
    QVERIFY(!applyConnection(p, {}, spec, &error));
    QVERIFY2(error.startsWith(u"Cannot read the client certificate /nonexistent/client.pem"), qPrintable(error));
    QCOMPARE(spec.connectTimeoutMs, 1234); // untouched
}

QTEST_GUILESS_MAIN(TestProfileConnection)
#include "TestProfileConnection.moc"
