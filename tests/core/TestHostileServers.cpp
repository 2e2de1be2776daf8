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
};

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
    QCOMPARE(ex.error.kind, ErrorKind::TruncatedBody);
    QCOMPARE(errorKindName(ex.error.kind), QStringLiteral("truncated_body"));
    QVERIFY2(ex.error.message.contains(u"10 of the 100 bytes"), qPrintable(ex.error.message));
    // What arrived is kept: status, headers, the ten bytes.
    QCOMPARE(ex.hops.size(), 1);
    const Hop& hop = ex.hops.constFirst();
    QCOMPARE(hop.error.kind, ErrorKind::TruncatedBody);
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
