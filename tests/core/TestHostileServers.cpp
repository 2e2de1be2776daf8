// Hostile and broken servers (issue 12) against RawHttpServer on 127.0.0.1: a body cut short by a close or
// a reset, a port that speaks another protocol, header sections past the parser's limits, a large body
// streamed to a spill file that goes away with the exchange. The drip/idle timeout is in TestHttpClient.
#include "RawHttpServer.h"
#include "SendAndWait.h"
#include "diagnosis/Diagnoser.h"
#include "http/HttpClient.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

using namespace Authlens::Http;
using Authlens::Test::RawHttpServer;
using End = RawHttpServer::Reply::End;

using Authlens::Test::sendAndWait;

namespace {

RequestSpec get(const QUrl& url)
{
    RequestSpec spec;
    spec.url = url;
    return spec;
}

QStringList findingCodes(const Exchange& exchange)
{
    QStringList codes;
    const auto diagnosis = Authlens::Diagnosis::diagnose(exchange, {});
    for (const auto& f : diagnosis.findings)
        codes.append(f.code);
    return codes;
}

/// A 200 whose header section has `fields` fields besides Content-Length, each `valueBytes` long.
QByteArray manyFields(int fields, qsizetype valueBytes)
{
    QByteArray raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
    const QByteArray value(valueBytes, 'v');
    for (int i = 0; i < fields; ++i) {
        raw.append("X-Field-");
        raw.append(QByteArray::number(i));
        raw.append(": ");
        raw.append(value);
        raw.append("\r\n");
    }
    raw.append("\r\nok");
    return raw;
}

} // namespace

class TestHostileServers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bodyCutShortOfContentLength_data();
    void bodyCutShortOfContentLength();
    void completeBodyThenCloseIsFine();
    void portSpeakingAnotherProtocol();
    void silentCloseStaysRemoteClosed();
    void headerSectionPastTheLimits_data();
    void headerSectionPastTheLimits();
    void headerFloodOnAnOpenConnectionEndsByIdleTimeout();
    void largeBodySpillsAndGoesWithTheExchange();
    // HTTP/1.1 framing on plain-http hops (the client's framing relay, RFC 9112 §6-§7).
    void brokenChunkedEncoding_data();
    void brokenChunkedEncoding();
    void validFramingIsNoError_data();
    void validFramingIsNoError();
    void closeDelimitedBodyReset();
    void brokenSecondAnswerOnKeptAliveConnection();
};

namespace {
QByteArray chunkedHead()
{
    return QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
}
} // namespace

void TestHostileServers::brokenChunkedEncoding_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("end");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("says");
    QTest::addColumn<QByteArray>("kept");
    QTest::newRow("bad hex size") << QByteArray("5\r\nhello\r\nzz\r\nmore\r\n0\r\n\r\n") << int(End::KeepOpen)
                                  << int(ErrorKind::InvalidChunkedEncoding)
                                  << QStringLiteral(
                                         "at byte 10 of the chunked body: chunk size \"zz\" is not hexadecimal")
                                  << QByteArray("hello");
    QTest::newRow("data longer than size")
        << QByteArray("3\r\nabcXY\r\n0\r\n\r\n") << int(End::KeepOpen) << int(ErrorKind::InvalidChunkedEncoding)
        << QStringLiteral("chunk data is longer than its chunk size 3") << QByteArray();
    QTest::newRow("bad extension") << QByteArray("3;=x\r\nabc\r\n0\r\n\r\n") << int(End::KeepOpen)
                                   << int(ErrorKind::InvalidChunkedEncoding) << QStringLiteral("has no name")
                                   << QByteArray();
    QTest::newRow("closed before last chunk")
        << QByteArray("5\r\nhello\r\n") << int(End::Close) << int(ErrorKind::TruncatedBody)
        << QStringLiteral("before the last chunk (RFC 9112 §7.1)") << QByteArray("hello");
    QTest::newRow("reset inside chunked body")
        << QByteArray("5\r\nhello\r\n") << int(End::Reset) << int(ErrorKind::ConnectionReset)
        << QStringLiteral("reset the connection (TCP RST)") << QByteArray("hello");
}

void TestHostileServers::brokenChunkedEncoding()
{
    QFETCH(QByteArray, body);
    QFETCH(int, end);
    QFETCH(int, kind);
    QFETCH(QString, says);
    QFETCH(QByteArray, kept);
    RawHttpServer server;
    server.setHandler([&](const QByteArray&) { return RawHttpServer::thenEnd(chunkedHead() + body, End(end)); });
    QVERIFY(server.listen());
    HttpClient client;
    RequestSpec spec = get(server.url(QStringLiteral("/chunked")));
    spec.idleTimeoutMs = 3000;
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(errorKindName(ex.error.kind), errorKindName(ErrorKind(kind)));
    QVERIFY2(ex.error.message.contains(says), qPrintable(ex.error.message));
    QCOMPARE(ex.hops.size(), 1);
    const Hop& hop = ex.hops.constFirst();
    QCOMPARE(hop.error.kind, ErrorKind(kind));
    // Status, headers and what Qt decoded are kept.
    QVERIFY(hop.response.received);
    QCOMPARE(hop.response.status, 200);
    QCOMPARE(headerValue(hop.response.headers, "Content-Type"), QByteArray("text/plain"));
    QVERIFY2(hop.response.body.readAll().startsWith(kept), hop.response.body.readAll().constData());
    QVERIFY(findingCodes(ex).contains(u"server.broken_response"));
}

void TestHostileServers::validFramingIsNoError_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("chunked with extensions and trailers")
        << QByteArray("GET")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "5;name=value;q=\"quoted \\\" x\"\r\nhello\r\n6 ; ext\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
        << 200 << QByteArray("hello world");
    QTest::newRow("HEAD with Content-Length, no body")
        << QByteArray("HEAD") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n") << 200 << QByteArray();
    QTest::newRow("204") << QByteArray("GET") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << 204 << QByteArray();
    QTest::newRow("304 with Content-Length")
        << QByteArray("GET") << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n") << 304
        << QByteArray();
    QTest::newRow("100 Continue then 200")
        << QByteArray("GET")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") << 200
        << QByteArray("ok");
}

void TestHostileServers::validFramingIsNoError()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, answer);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    RawHttpServer server;
    server.setHandler([&](const QByteArray&) { return RawHttpServer::thenEnd(answer, End::KeepOpen); });
    QVERIFY(server.listen());
    HttpClient client;
    RequestSpec spec = get(server.url(QStringLiteral("/ok")));
    spec.method = method;
    spec.idleTimeoutMs = 3000;
    const Exchange ex = sendAndWait(client, spec);
    QVERIFY2(!ex.error.isError(), qPrintable(errorKindName(ex.error.kind) + u": " + ex.error.message));
    QCOMPARE(ex.finalStatus(), status);
    QCOMPARE(ex.hops.constLast().response.body.readAll(), body);
    QVERIFY2(!ex.hops.constLast().note.contains(u"framing"), qPrintable(ex.hops.constLast().note));
}

void TestHostileServers::closeDelimitedBodyReset()
{
    // No Content-Length, no chunked: the body ends with the connection. A close completes it; a reset does not.
    RawHttpServer server;
    server.setHandler([](const QByteArray&) {
        return RawHttpServer::thenEnd("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\npart of a body", End::Reset);
    });
    QVERIFY(server.listen());
    HttpClient client;
    const Exchange ex = sendAndWait(client, get(server.url()));
    QCOMPARE(ex.error.kind, ErrorKind::ConnectionReset);
    QCOMPARE(errorKindName(ex.error.kind), QStringLiteral("connection_reset"));
    QCOMPARE(ex.hops.constFirst().response.body.readAll(), QByteArray("part of a body"));
    QVERIFY(findingCodes(ex).contains(u"server.broken_response"));
}

void TestHostileServers::brokenSecondAnswerOnKeptAliveConnection()
{
    // A redirect to the same origin: both hops ride on one kept-alive connection; only the second is broken.
    RawHttpServer server;
    server.setHandler([](const QByteArray& request) {
        if (request.startsWith("GET /first"))
            return RawHttpServer::thenEnd("HTTP/1.1 302 Found\r\nLocation: /second\r\nContent-Length: 0\r\n\r\n",
                                          End::KeepOpen);
        return RawHttpServer::thenEnd(chunkedHead() + "2\r\nok\r\nxyz\r\n0\r\n\r\n", End::KeepOpen);
    });
    QVERIFY(server.listen());
    HttpClient client;
    RequestSpec spec = get(server.url(QStringLiteral("/first")));
    spec.idleTimeoutMs = 3000;
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.hops.size(), 2);
    QCOMPARE(ex.hops.at(0).error.kind, ErrorKind::None);
    QCOMPARE(ex.hops.at(0).response.status, 302);
    QCOMPARE(ex.hops.at(1).error.kind, ErrorKind::InvalidChunkedEncoding);
    QCOMPARE(ex.error.kind, ErrorKind::InvalidChunkedEncoding);
    QCOMPARE(ex.hops.at(1).response.body.readAll(), QByteArray("ok"));
}

void TestHostileServers::bodyCutShortOfContentLength_data()
{
    QTest::addColumn<int>("end");
    QTest::newRow("closed (FIN)") << int(End::Close);
    QTest::newRow("reset (RST)") << int(End::Reset);
}

void TestHostileServers::bodyCutShortOfContentLength()
{
    QFETCH(int, end);
    RawHttpServer server;
    server.setHandler([end](const QByteArray&) {
        return RawHttpServer::thenEnd("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n"
                                      "0123456789",
                                      End(end));
    });
    QVERIFY(server.listen());
    HttpClient client;
    const Exchange ex = sendAndWait(client, get(server.url(QStringLiteral("/cut"))));
    // A close (FIN) leaves the body short of its Content-Length: truncated_body. A reset (RST) is seen as one
    // on plain http (the framing relay reads the socket itself), and says more: connection_reset.
    const ErrorKind expected = End(end) == End::Reset ? ErrorKind::ConnectionReset : ErrorKind::TruncatedBody;
    QCOMPARE(ex.error.kind, expected);
    QVERIFY2(ex.error.message.contains(End(end) == End::Reset ? u"10 bytes into the body" : u"10 of the 100 bytes"),
             qPrintable(ex.error.message));
    // What arrived is kept: status, headers, the ten bytes.
    QCOMPARE(ex.hops.size(), 1);
    const Hop& hop = ex.hops.constFirst();
    QCOMPARE(hop.error.kind, expected);
    QVERIFY(hop.response.received);
    QCOMPARE(hop.response.status, 200);
    QCOMPARE(headerValue(hop.response.headers, "Content-Type"), QByteArray("text/plain"));
    QCOMPARE(hop.response.body.readAll(), QByteArray("0123456789"));
    QVERIFY(findingCodes(ex).contains(u"server.broken_response"));
}

void TestHostileServers::completeBodyThenCloseIsFine()
{
    // The same close after a complete body is how HTTP/1.0-style servers end: no error.
    RawHttpServer server;
    server.setHandler([](const QByteArray&) {
        return RawHttpServer::thenEnd("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", End::Close);
    });
    QVERIFY(server.listen());
    HttpClient client;
    const Exchange ex = sendAndWait(client, get(server.url()));
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.hops.constFirst().response.body.readAll(), QByteArray("0123456789"));
    QVERIFY(!findingCodes(ex).contains(u"server.broken_response"));
}

void TestHostileServers::portSpeakingAnotherProtocol()
{
    // An SSH server greets on connect and drops a client whose first line is not SSH.
    RawHttpServer server;
    server.setGreeting("SSH-2.0-OpenSSH_9.2\r\n");
    server.setHandler(
        [](const QByteArray&) { return RawHttpServer::thenEnd("Invalid SSH identification string.\r\n", End::Close); });
    QVERIFY(server.listen());
    HttpClient client;
    const Exchange ex = sendAndWait(client, get(server.url(QStringLiteral("/api"))));
    QCOMPARE(ex.error.kind, ErrorKind::NotHttp);
    QCOMPARE(errorKindName(ex.error.kind), QStringLiteral("not_http"));
    QVERIFY2(ex.error.message.contains(u"SSH-2.0-OpenSSH_9.2"), qPrintable(ex.error.message));
    const Hop& hop = ex.hops.constLast();
    QVERIFY(!hop.response.received);
    QCOMPARE(hop.error.kind, ErrorKind::NotHttp);
    QCOMPARE(hop.response.body.readAll(), QByteArray("SSH-2.0-OpenSSH_9.2\r\n")); // the bytes are kept
    QVERIFY(findingCodes(ex).contains(u"server.broken_response"));
}

void TestHostileServers::silentCloseStaysRemoteClosed()
{
    // A server that closes without a byte is not called "not HTTP": nothing proves another protocol.
    RawHttpServer server;
    server.setHandler([](const QByteArray&) { return RawHttpServer::thenEnd({}, End::Close); });
    QVERIFY(server.listen());
    HttpClient client;
    const Exchange ex = sendAndWait(client, get(server.url()));
    QCOMPARE(ex.error.kind, ErrorKind::RemoteClosed);
    QVERIFY(ex.hops.constLast().response.body.isEmpty());
}

void TestHostileServers::headerSectionPastTheLimits_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("20,000 header fields") << manyFields(20000, 1);
    QTest::newRow("one 2 MB header line") << manyFields(1, 2 * 1024 * 1024);
}

void TestHostileServers::headerSectionPastTheLimits()
{
    // Qt's HTTP/1 parser drops the whole section past its limits and keeps the status (ExchangeRun): the
    // exchange ends, bounded, with the status, no field, a note that says why, and a finding.
    QFETCH(QByteArray, raw);
    RawHttpServer server;
    server.setHandler([raw](const QByteArray&) { return RawHttpServer::thenEnd(raw, End::Close); });
    QVERIFY(server.listen());
    HttpClient client;
    const Exchange ex = sendAndWait(client, get(server.url()));
    QCOMPARE(ex.hops.size(), 1);
    const Hop& hop = ex.hops.constFirst();
    QVERIFY(hop.response.received);
    QCOMPARE(hop.response.status, 200);
    QVERIFY(hop.response.headers.isEmpty());
    QVERIFY2(hop.note.contains(u"100 fields"), qPrintable(hop.note));
    QCOMPARE(hop.response.body.readAll(), QByteArray("ok"));
    QVERIFY(findingCodes(ex).contains(u"server.broken_response"));
}

void TestHostileServers::headerFloodOnAnOpenConnectionEndsByIdleTimeout()
{
    // Without its fields the body has no length: on a connection the server keeps open, the idle timeout
    // ends the wait (30 s by default), with the note. 150 fields (past the limit of 100) parse at once, so a
    // short idle timeout cannot fire while Qt still reads the section.
    RawHttpServer server;
    server.setHandler([](const QByteArray&) { return RawHttpServer::thenEnd(manyFields(150, 1), End::KeepOpen); });
    QVERIFY(server.listen());
    HttpClient client;
    RequestSpec spec = get(server.url());
    spec.idleTimeoutMs = 300;
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::IdleTimeout);
    QVERIFY(ex.hops.constFirst().note.contains(u"100 fields"));
}

void TestHostileServers::largeBodySpillsAndGoesWithTheExchange()
{
    // 12 MiB streamed: past the 8 MiB spill threshold, so on disk; exact size; the file goes with the last
    // copy of the exchange. (Memory for 1 GiB: tests/bench/bench_big_body.)
    constexpr qint64 size = 12 * 1024 * 1024;
    RawHttpServer server;
    server.setHandler([](const QByteArray&) { return RawHttpServer::Reply {{}, false, size, 0}; });
    QVERIFY(server.listen());
    QString path;
    qint64 progress = 0;
    {
        HttpClient client;
        connect(&client, &HttpClient::downloadProgress, this,
                [&progress](qint64 received, qint64) { progress = received; });
        const Exchange ex = sendAndWait(client, get(server.url(QStringLiteral("/big"))));
        QCOMPARE(ex.error.kind, ErrorKind::None);
        const Body& body = ex.hops.constFirst().response.body;
        QCOMPARE(body.size(), size);
        QVERIFY(body.isSpilled());
        QCOMPARE(progress, size);
        path = body.filePath();
        QCOMPARE(QFileInfo(path).size(), size);
        QCOMPARE(body.head(4), QByteArray("aaaa"));
    }
    QVERIFY2(!QFileInfo::exists(path), qPrintable(path));
}

QTEST_GUILESS_MAIN(TestHostileServers)
#include "TestHostileServers.moc"
