// Http1Framing, the HTTP/1.1 framing checker of the framing relay, on exact byte streams and any split.
#include "http/Http1Framing.h"

#include <QTest>

using namespace Authlens::Http;
using Verdict = Http1Framing::Verdict;

namespace {
const QByteArray kGet = QByteArrayLiteral("GET / HTTP/1.1\r\nHost: x\r\n\r\n");

/// Feeds the request, then the response in pieces of `piece` bytes, then the end (FIN, RST or none).
QList<Http1Framing::Result> run(const QByteArray& requests, const QByteArray& response, int piece, char end = 'F')
{
    Http1Framing framing;
    framing.feedRequest(requests);
    for (qsizetype i = 0; i < response.size(); i += piece)
        framing.feedResponse(response.mid(i, piece));
    if (end == 'F')
        framing.responseEnded();
    else if (end == 'R')
        framing.responseReset();
    return framing.takeResults();
}
} // namespace

class TestHttp1Framing : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void verdicts_data();
    void verdicts();
    void keepAliveCountsEachAnswer();
    void copiesCheckOnIndependently();
};

void TestHttp1Framing::verdicts_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<char>("end");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<QString>("says");
    QTest::addColumn<qint64>("bodyOffset");
    const QByteArray chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    QTest::newRow("valid chunked") << kGet << chunked + "3\r\nabc\r\n0\r\n\r\n"
                                   << 'N' << int(Verdict::Complete) << QString() << qint64(-1);
    QTest::newRow("bad hex") << kGet << chunked + "zz\r\nabc\r\n0\r\n\r\n"
                             << 'N' << int(Verdict::InvalidChunked)
                             << QStringLiteral("is not hexadecimal (RFC 9112 §7.1)") << qint64(0);
    QTest::newRow("no CRLF after data") << kGet << chunked + "3\r\nabcXY0\r\n\r\n"
                                        << 'N' << int(Verdict::InvalidChunked)
                                        << QStringLiteral("longer than its chunk size") << qint64(6);
    QTest::newRow("bare LF in chunk line")
        << kGet << chunked + "3\nabc\r\n0\r\n\r\n"
        << 'N' << int(Verdict::InvalidChunked) << QStringLiteral("bare LF") << qint64(1);
    QTest::newRow("text after size") << kGet << chunked + "3 x\r\nabc\r\n0\r\n\r\n"
                                     << 'N' << int(Verdict::InvalidChunked) << QStringLiteral("only \";\"")
                                     << qint64(2);
    QTest::newRow("size too large") << kGet << chunked + "10000000000000000\r\n"
                                    << 'N' << int(Verdict::InvalidChunked) << QStringLiteral("too large") << qint64(15);
    QTest::newRow("closed before last chunk")
        << kGet << chunked + "3\r\nabc\r\n"
        << 'F' << int(Verdict::ChunkedCutShort) << QStringLiteral("before the last chunk") << qint64(8);
    QTest::newRow("closed in trailers") << kGet << chunked + "0\r\nX: y\r\n"
                                        << 'F' << int(Verdict::ChunkedCutShort) << QStringLiteral("trailer section")
                                        << qint64(9);
    QTest::newRow("reset in chunked") << kGet << chunked + "3\r\nab" << 'R' << int(Verdict::Reset)
                                      << QStringLiteral("5 bytes into the body") << qint64(5);
    QTest::newRow("length cut") << kGet << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc") << 'F'
                                << int(Verdict::LengthCutShort) << QStringLiteral("7 short") << qint64(3);
    QTest::newRow("close-delimited complete")
        << kGet << QByteArray("HTTP/1.1 200 OK\r\n\r\nabc") << 'F' << int(Verdict::Complete) << QString() << qint64(-1);
    QTest::newRow("close-delimited reset") << kGet << QByteArray("HTTP/1.1 200 OK\r\n\r\nabc") << 'R'
                                           << int(Verdict::Reset) << QStringLiteral("TCP RST") << qint64(3);
    QTest::newRow("CL and chunked") << kGet
                                    << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: "
                                                  "chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
                                    << 'N' << int(Verdict::InvalidLength) << QStringLiteral("RFC 9112 §6.2")
                                    << qint64(-1);
    QTest::newRow("two Content-Lengths") << kGet
                                         << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: "
                                                       "4\r\n\r\nabcd")
                                         << 'N' << int(Verdict::InvalidLength) << QStringLiteral("differ")
                                         << qint64(-1);
    QTest::newRow("same Content-Length twice: not an error")
        << kGet << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc") << 'N'
        << int(Verdict::NotChecked) << QStringLiteral("repeated") << qint64(-1);
    QTest::newRow("header character Qt takes: not checked")
        << kGet << QByteArray("HTTP/1.1 200 OK\r\nX: a\x01b\r\nContent-Length: 1\r\n\r\na") << 'N'
        << int(Verdict::NotChecked) << QStringLiteral("could not be followed") << qint64(-1);
    QTest::newRow("HEAD with Content-Length") << QByteArray("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")
                                              << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n") << 'N'
                                              << int(Verdict::Complete) << QString() << qint64(-1);
    QTest::newRow("304 with Content-Length")
        << kGet << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n") << 'N'
        << int(Verdict::Complete) << QString() << qint64(-1);
    QTest::newRow("100 then 200") << kGet
                                  << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: "
                                                "1\r\n\r\na")
                                  << 'N' << int(Verdict::Complete) << QString() << qint64(-1);
}

void TestHttp1Framing::verdicts()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, response);
    QFETCH(char, end);
    QFETCH(int, verdict);
    QFETCH(QString, says);
    QFETCH(qint64, bodyOffset);
    // Whatever the pieces, the same verdict at the same place.
    for (const int piece : {1, 2, 3, 7, 4096}) {
        const QList<Http1Framing::Result> results = run(request, response, piece, end);
        QVERIFY2(!results.isEmpty(), qPrintable(QString::number(piece)));
        const Http1Framing::Result& r = results.constLast();
        QVERIFY2(r.verdict == Verdict(verdict), qPrintable(QString::number(piece) + u' ' + r.detail));
        QVERIFY2(r.detail.contains(says), qPrintable(r.detail));
        if (Verdict(verdict) != Verdict::Complete && Verdict(verdict) != Verdict::NotChecked)
            QCOMPARE(r.bodyOffset, bodyOffset);
        QVERIFY(r.offset >= 0 && r.offset <= response.size());
    }
}

void TestHttp1Framing::keepAliveCountsEachAnswer()
{
    const QByteArray answers = "HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n"
                               "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\nxyz\r\n";
    const QList<Http1Framing::Result> results = run(kGet + kGet, answers, 5, 'N');
    QCOMPARE(results.size(), 2);
    QCOMPARE(results.at(0).verdict, Verdict::Complete);
    QCOMPARE(results.at(0).status, 302);
    QCOMPARE(results.at(1).verdict, Verdict::InvalidChunked);
    QCOMPARE(results.at(1).status, 200);
    QCOMPARE(results.at(1).bodyOffset, 7);
}

void TestHttp1Framing::copiesCheckOnIndependently()
{
    Http1Framing a;
    a.feedRequest(kGet);
    a.feedResponse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab");
    Http1Framing b = a;
    a.feedResponse("c\r\n0\r\n\r\n");
    b.feedResponse("cdef");
    QCOMPARE(a.takeResults().constLast().verdict, Verdict::Complete);
    QCOMPARE(b.takeResults().constLast().verdict, Verdict::InvalidChunked);
}

QTEST_GUILESS_MAIN(TestHttp1Framing)
#include "TestHttp1Framing.moc"
