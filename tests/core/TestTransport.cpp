// The connection options of a request (TransportOptions) against real servers on 127.0.0.1: extra CA
// certificates, the TLS client certificate and its binding to origins, an HTTP proxy with credentials.
#include "RawHttpServer.h"
#include "SendAndWait.h"
#include "TestCertificate.h"
#include "http/HttpClient.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Authlens::Http;
using Authlens::Test::RawHttpServer;
using Authlens::Test::TestCertificate;

using Authlens::Test::sendAndWait;

namespace {

bool withheldHas(const Hop& hop, QByteArrayView name)
{
    return std::any_of(hop.withheld.cbegin(), hop.withheld.cend(),
                       [name](const Withheld& w) { return w.name == name; });
}

QByteArray requestLine(const QByteArray& raw)
{
    return raw.left(raw.indexOf("\r\n"));
}

QByteArray headerOf(const QByteArray& raw, QByteArrayView name)
{
    for (const auto& h : RawHttpServer::headersOf(raw)) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

} // namespace

class TestTransport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void extraCaCertificateIsTrusted();
    void connectionOpenedWithIgnoredErrorsIsNotReused();
    void clientCertificateIsPresented();
    void serverRequiringCertificateFailsWithout();
    void clientCertificateWithheldAcrossOrigins();
    void httpProxyWithCredentials();
    void serverChallengeThroughProxyIsNotAnswered();
    void proxyRefusingCredentialsIsAProxyError();
    void unreachableProxyIsAProxyError();
    void noProxyGoesDirect();

private:
    RequestSpec mtlsRequest(const QUrl& url, bool withIdentity) const;

    TestCertificate m_server;
    TestCertificate m_client;
};

void TestTransport::initTestCase()
{
    m_server = TestCertificate::generate();
    m_client = TestCertificate::generate("authlens-client");
    QVERIFY(!m_server.certificate.isNull());
    QVERIFY(!m_client.certificate.isNull());
}

void TestTransport::extraCaCertificateIsTrusted()
{
    RawHttpServer server;
    server.useTls(m_server.certificate, m_server.key);
    QVERIFY(server.listen());
    HttpClient client;
    RequestSpec spec;
    spec.url = server.url(QStringLiteral("/private-ca"));
    spec.transport.extraCaCertificates = {m_server.certificate};
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.finalStatus(), 200);
    const TlsInfo& tls = ex.hops.constFirst().tls;
    QVERIFY(tls.used);
    QVERIFY2(tls.errors.isEmpty(), qPrintable(tls.errors.join(u'|'))); // trusted, not ignored
    QVERIFY(!tls.errorsIgnored);

    // The extra trust belongs to that request only: the next one without it fails again.
    RequestSpec plain;
    plain.url = spec.url;
    QCOMPARE(sendAndWait(client, plain).error.kind, ErrorKind::Tls);
}

void TestTransport::connectionOpenedWithIgnoredErrorsIsNotReused()
{
    RawHttpServer server;
    server.useTls(m_server.certificate, m_server.key);
    QVERIFY(server.listen());
    HttpClient client;
    RequestSpec lenient;
    lenient.url = server.url(QStringLiteral("/a"));
    lenient.ignoreTlsErrors = true;
    QCOMPARE(sendAndWait(client, lenient).finalStatus(), 200);
    RequestSpec strict;
    strict.url = server.url(QStringLiteral("/b"));
    const Exchange ex = sendAndWait(client, strict);
    QCOMPARE(ex.error.kind, ErrorKind::Tls); // a fresh handshake, with its errors
    QCOMPARE(server.requests().size(), 1);
}

RequestSpec TestTransport::mtlsRequest(const QUrl& url, bool withIdentity) const
{
    RequestSpec spec;
    spec.url = url;
    spec.transport.extraCaCertificates = {m_server.certificate};
    if (withIdentity) {
        spec.transport.clientCertificate = m_client.certificate;
        spec.transport.clientKey = m_client.key;
    }
    return spec;
}

void TestTransport::clientCertificateIsPresented()
{
    RawHttpServer server;
    server.useTls(m_server.certificate, m_server.key);
    server.requestClientCertificate(true, {m_client.certificate});
    QVERIFY(server.listen());
    HttpClient client;
    const Exchange ex = sendAndWait(client, mtlsRequest(server.url(QStringLiteral("/mtls")), true));
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.finalStatus(), 200);
    QVERIFY(ex.hops.constFirst().request.clientCertificate);
    QCOMPARE(server.clientCertificates().size(), 1);
    QCOMPARE(server.clientCertificates().constFirst(), m_client.certificate);
}

void TestTransport::serverRequiringCertificateFailsWithout()
{
    RawHttpServer server;
    server.useTls(m_server.certificate, m_server.key);
    server.requestClientCertificate(true, {m_client.certificate});
    QVERIFY(server.listen());
    HttpClient client;
    const Exchange ex = sendAndWait(client, mtlsRequest(server.url(QStringLiteral("/mtls")), false));
    QVERIFY2(ex.error.isError(), "a server that requires a client certificate must refuse the handshake");
    QVERIFY(!ex.hasResponse());
    QVERIFY(!ex.hops.constFirst().request.clientCertificate);
    QVERIFY(server.requests().isEmpty());
}

void TestTransport::clientCertificateWithheldAcrossOrigins()
{
    // The first origin redirects to another (another port): the certificate is offered to the first
    // only, and the second hop says it was withheld.
    RawHttpServer other;
    other.useTls(m_server.certificate, m_server.key);
    other.requestClientCertificate(false);
    QVERIFY(other.listen());
    RawHttpServer first;
    first.useTls(m_server.certificate, m_server.key);
    first.requestClientCertificate(false);
    QVERIFY(first.listen());
    const QByteArray target = other.url(QStringLiteral("/landing")).toEncoded();
    first.setHandler([target](const QByteArray&) {
        return RawHttpServer::simple(302, "Found", {{"Location", target}});
    });

    HttpClient client;
    RequestSpec spec = mtlsRequest(first.url(QStringLiteral("/start")), true);
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.hops.size(), 2);
    QVERIFY(ex.hops.at(0).request.clientCertificate);
    QVERIFY(!ex.hops.at(1).request.clientCertificate);
    QVERIFY(withheldHas(ex.hops.at(1), "TLS client certificate"));
    QCOMPARE(first.clientCertificates().constFirst(), m_client.certificate);
    QCOMPARE(other.clientCertificates().size(), 1);
    QVERIFY(other.clientCertificates().constFirst().isNull());

    // With the second origin allowed, it gets the certificate too.
    spec.allowedOrigins = {Origin::fromUrl(other.url())};
    const Exchange allowed = sendAndWait(client, spec);
    QCOMPARE(allowed.hops.size(), 2);
    QVERIFY(allowed.hops.at(1).request.clientCertificate);
    QVERIFY(!withheldHas(allowed.hops.at(1), "TLS client certificate"));
}

void TestTransport::httpProxyWithCredentials()
{
    // The proxy asks for credentials (407), then answers for the origin server itself. The target is
    // 127.0.0.1:9 (discard): had the proxy been bypassed, the connection would be refused.
    RawHttpServer proxy;
    proxy.setHandler([](const QByteArray& raw) {
        if (headerOf(raw, "Proxy-Authorization").isEmpty())
            return RawHttpServer::simple(407, "Proxy Authentication Required",
                                         {{"Proxy-Authenticate", "Basic realm=\"corp proxy\""}});
        return RawHttpServer::simple(200, "OK", {{"Content-Type", "text/plain"}}, "via proxy");
    });
    QVERIFY(proxy.listen());
    HttpClient client;
    RequestSpec spec;
    spec.url = QUrl(QStringLiteral("http://127.0.0.1:9/through?x=1"));
    QNetworkProxy p(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.port(), QStringLiteral("alice"),
                    QStringLiteral("proxy-pass"));
    spec.transport.proxy = p;
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.finalStatus(), 200);
    QCOMPARE(ex.hops.constLast().response.body.readAll(), QByteArray("via proxy"));
    QCOMPARE(ex.hops.constLast().request.proxy, QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()));
    const QList<QByteArray> seen = proxy.requests();
    QVERIFY(!seen.isEmpty());
    QCOMPARE(requestLine(seen.constLast()), QByteArray("GET http://127.0.0.1:9/through?x=1 HTTP/1.1"));
    QCOMPARE(headerOf(seen.constLast(), "Proxy-Authorization"), "Basic " + QByteArray("alice:proxy-pass").toBase64());
    // Through a proxy the framing relay is not in the path: the hop says its HTTP/1.1 framing went unchecked.
    QVERIFY2(ex.hops.constLast().note.contains(
                 QStringLiteral("HTTP/1.1 framing was not checked: the hop went through the proxy 127.0.0.1:%1")
                     .arg(proxy.port())),
             qPrintable(ex.hops.constLast().note));
}

void TestTransport::serverChallengeThroughProxyIsNotAnswered()
{
    // With proxy credentials Qt may answer challenges (see ExchangeRun): the server's 401 must still
    // arrive as it is, and a proxy that refuses the credentials ends the exchange after one retry.
    RawHttpServer proxy;
    proxy.setHandler([](const QByteArray& raw) {
        if (headerOf(raw, "Proxy-Authorization") != "Basic " + QByteArray("alice:right").toBase64())
            return RawHttpServer::simple(407, "Proxy Authentication Required",
                                         {{"Proxy-Authenticate", "Basic realm=\"p\""}});
        return RawHttpServer::simple(401, "Unauthorized", {{"WWW-Authenticate", "Basic realm=\"api\""}});
    });
    QVERIFY(proxy.listen());
    HttpClient client;
    RequestSpec spec;
    spec.url = QUrl(QStringLiteral("http://127.0.0.1:9/private"));
    spec.transport.proxy = QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.port(),
                                         QStringLiteral("alice"), QStringLiteral("right"));
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.finalStatus(), 401);
    QCOMPARE(ex.hops.size(), 1);
    for (const QByteArray& raw : proxy.requests())
        QVERIFY(headerOf(raw, "Authorization").isEmpty());

    HttpClient other;
    spec.transport.proxy->setPassword(QStringLiteral("wrong"));
    const int before = int(proxy.requests().size());
    const Exchange refused = sendAndWait(other, spec);
    QCOMPARE(refused.error.kind, ErrorKind::Proxy);
    QVERIFY2(refused.error.message.contains(u"refused the proxy credentials"), qPrintable(refused.error.message));
    QVERIFY(proxy.requests().size() - before <= 2);
}

void TestTransport::proxyRefusingCredentialsIsAProxyError()
{
    RawHttpServer proxy;
    proxy.setHandler([](const QByteArray&) {
        return RawHttpServer::simple(407, "Proxy Authentication Required",
                                     {{"Proxy-Authenticate", "Basic realm=\"corp proxy\""}});
    });
    QVERIFY(proxy.listen());
    HttpClient client;
    RequestSpec spec;
    spec.url = QUrl(QStringLiteral("http://127.0.0.1:9/"));
    spec.transport.proxy = QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.port());
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::Proxy);
    QCOMPARE(errorKindName(ex.error.kind), QStringLiteral("proxy"));
    QVERIFY2(ex.error.message.startsWith(u"407") && ex.error.message.contains(u"none are set"),
             qPrintable(ex.error.message));
    QVERIFY(!proxy.requests().isEmpty());
}

void TestTransport::unreachableProxyIsAProxyError()
{
    // Nothing listens on the proxy port: Qt says "connection refused" as if the server did.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    HttpClient client;
    RequestSpec spec;
    spec.url = QUrl(QStringLiteral("http://127.0.0.1:9/"));
    spec.transport.proxy = QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), port);
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::Proxy);
    QVERIFY2(
        ex.error.message.startsWith(QStringLiteral("The proxy http://127.0.0.1:%1 could not be reached").arg(port)),
        qPrintable(ex.error.message));
}

void TestTransport::noProxyGoesDirect()
{
    RawHttpServer server;
    QVERIFY(server.listen());
    HttpClient client;
    RequestSpec spec;
    spec.url = server.url(QStringLiteral("/direct"));
    spec.transport.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.finalStatus(), 200);
    QVERIFY(ex.hops.constFirst().request.proxy.isEmpty());
    QCOMPARE(requestLine(server.requests().constFirst()), QByteArray("GET /direct HTTP/1.1"));
    // Direct, the relay checks the framing: no note that it did not.
    QVERIFY2(!ex.hops.constFirst().note.contains(u"framing was not checked"), qPrintable(ex.hops.constFirst().note));
}

QTEST_GUILESS_MAIN(TestTransport)
#include "TestTransport.moc"
