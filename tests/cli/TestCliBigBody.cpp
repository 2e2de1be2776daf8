// `authlens-cli send` with large and broken bodies (issue 12): the body spills to a file in TMPDIR that is
// gone when the CLI exits — normally, or on SIGTERM / SIGINT in the middle of the download — and the JSON
// tells the size and a preview, never the whole body; a body cut short is its own error kind.
#include "ProcessRun.h"
#include "RawHttpServer.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using Authlens::Test::ProcessOptions;
using Authlens::Test::RawHttpServer;
using Authlens::Test::runProcess;

namespace {

QStringList findingCodes(const QJsonValue& findings)
{
    QStringList codes;
    for (const QJsonValue& f : findings.toArray())
        codes.append(f.toObject().value(u"code").toString());
    return codes;
}

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

} // namespace

class TestCliBigBody : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void largeBodyIsSummarizedAndItsFileRemoved();
    void truncatedBodyIsReported();
    void invalidChunkedEncodingIsReported();
    void interruptRemovesTheSpillFile_data();
    void interruptRemovesTheSpillFile();
};

void TestCliBigBody::largeBodyIsSummarizedAndItsFileRemoved()
{
    constexpr qint64 size = 12 * 1024 * 1024; // past the 8 MiB spill threshold
    RawHttpServer server;
    server.setHandler([](const QByteArray&) { return RawHttpServer::Reply {{}, false, size, 0}; });
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    ProcessOptions options;
    options.environment = {{QStringLiteral("TMPDIR"), tmp.path()}};
    const auto result
        = runProcess(QStringLiteral(AUTHLENS_CLI_PATH),
                     {QStringLiteral("send"), QStringLiteral("--json"), server.url().toString()}, options);
    QCOMPARE(result.exitCode, 0);
    const QJsonObject response
        = result.json().value(u"hops").toArray().first().toObject().value(u"response").toObject();
    QCOMPARE(response.value(u"body_size").toInteger(-1), size);
    QVERIFY(response.value(u"body_truncated").toBool());
    QCOMPARE(response.value(u"body").toString().size(), 1024 * 1024); // the preview, not 12 MiB
    QVERIFY(response.value(u"body_file").toString().startsWith(tmp.path()));
    QVERIFY2(entries(tmp.path()).isEmpty(), qPrintable(entries(tmp.path()).join(u", ")));
}

void TestCliBigBody::truncatedBodyIsReported()
{
    RawHttpServer server;
    server.setHandler([](const QByteArray&) {
        // A close (FIN): a reset is connection_reset on plain http (see invalidChunkedEncodingIsReported).
        return RawHttpServer::thenEnd("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\npartial",
                                      RawHttpServer::Reply::End::Close);
    });
    QVERIFY(server.listen());
    const auto result = runProcess(QStringLiteral(AUTHLENS_CLI_PATH),
                                   {QStringLiteral("send"), QStringLiteral("--json"), server.url().toString()});
    QCOMPARE(result.exitCode, 4); // network failure (DESIGN.md §6)
    const QJsonObject json = result.json();
    QCOMPARE(json.value(u"error").toObject().value(u"kind").toString(), QStringLiteral("truncated_body"));
    const QJsonObject hop = json.value(u"hops").toArray().first().toObject();
    QCOMPARE(hop.value(u"response").toObject().value(u"body").toString(), QStringLiteral("partial"));
    QCOMPARE(hop.value(u"error").toObject().value(u"kind").toString(), QStringLiteral("truncated_body"));
    QVERIFY(findingCodes(json.value(u"findings")).contains(u"server.broken_response"));
    QVERIFY(result.err.contains("truncated_body"));
}

void TestCliBigBody::invalidChunkedEncodingIsReported()
{
    RawHttpServer server;
    server.setHandler([](const QByteArray&) {
        return RawHttpServer::thenEnd("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nkept\r\nzz\r\n",
                                      RawHttpServer::Reply::End::KeepOpen);
    });
    QVERIFY(server.listen());
    const auto result = runProcess(QStringLiteral(AUTHLENS_CLI_PATH),
                                   {QStringLiteral("send"), QStringLiteral("--json"), server.url().toString()});
    QCOMPARE(result.exitCode, 4); // network-kind failure (DESIGN.md §6)
    const QJsonObject json = result.json();
    QCOMPARE(json.value(u"error").toObject().value(u"kind").toString(), QStringLiteral("invalid_chunked_encoding"));
    const QJsonObject hop = json.value(u"hops").toArray().first().toObject();
    QCOMPARE(hop.value(u"response").toObject().value(u"body").toString(), QStringLiteral("kept"));
    QVERIFY(findingCodes(json.value(u"findings")).contains(u"server.broken_response"));
    QVERIFY(result.err.contains("invalid_chunked_encoding"));
}

void TestCliBigBody::interruptRemovesTheSpillFile_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << SIGTERM;
    QTest::newRow("SIGINT") << SIGINT;
}

void TestCliBigBody::interruptRemovesTheSpillFile()
{
    // 12 MiB of a 100 MiB body, then the server stalls: the CLI has spilled to TMPDIR (past 8 MiB) and
    // waits for more.
    QFETCH(int, signal);
    RawHttpServer server;
    server.setHandler([](const QByteArray&) {
        return RawHttpServer::thenEnd("HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n"
                                          + QByteArray(12 * 1024 * 1024, 'x'),
                                      RawHttpServer::Reply::End::KeepOpen);
    });
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TMPDIR"), tmp.path());
    cli.setProcessEnvironment(env);
    cli.start(QStringLiteral(AUTHLENS_CLI_PATH),
              {QStringLiteral("send"), QStringLiteral("--json"), server.url().toString()});
    QVERIFY(cli.waitForStarted());
    // Past 8 MiB the CLI writes the body to a spill file in TMPDIR. Qt creates it unnamed (O_TMPFILE) and
    // names it only when asked for its path: the process's open files tell where it writes.
    const QString fds = QStringLiteral("/proc/%1/fd").arg(cli.processId());
    auto spilling = [&] {
        const auto links = QDir(fds).entryInfoList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot);
        return std::any_of(links.cbegin(), links.cend(),
                           [&](const QFileInfo& link) { return link.symLinkTarget().startsWith(tmp.path()); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(spilling(), 20000);
    QCOMPARE(cli.state(), QProcess::Running);
    ::kill(pid_t(cli.processId()), signal);
    QTRY_COMPARE_WITH_TIMEOUT(cli.state(), QProcess::NotRunning, 10000);
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit); // ended cleanly, not killed by the signal
    QCOMPARE(cli.exitCode(), 128 + signal);
    QVERIFY2(entries(tmp.path()).isEmpty(), qPrintable(entries(tmp.path()).join(u", ")));
    QVERIFY(cli.readAllStandardError().contains("interrupted by"));
}

QTEST_GUILESS_MAIN(TestCliBigBody)
#include "TestCliBigBody.moc"
