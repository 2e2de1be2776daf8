// bench_big_body: peak memory and throughput of `authlens-cli send` receiving a large 200 body (issue 12).
//
// A RawHttpServer on 127.0.0.1 (its own thread) streams --bytes bytes (default 1 GiB) with a Content-Length;
// `authlens-cli send --json URL` runs as a child (fork/execvp + wait4) with TMPDIR pointing at a scratch
// folder, so the body's spill file lands there. Prints the child's peak RSS (ru_maxrss), wall time and
// throughput, the body size the CLI reported, and whether the spill file was gone once the CLI had exited.
// Figures only: exits 0 whatever they are, 1 when a run failed, 2 on usage errors.
//
// ru_maxrss of a child is at least the RSS of the process that forked it (the kernel carries the pre-exec
// high-water mark over): this program's own RSS at the fork is printed as that floor.

#include "BenchCommon.h"
#include "RawHttpServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace Authlens::Bench;
using Authlens::Test::RawHttpServer;

namespace {

struct Run
{
    double ms = 0;
    double maxRssMiB = 0;
    int exitCode = -1; ///< -1 when killed by a signal or not started
    qint64 reportedSize = -1; ///< the response's body_size in the CLI's JSON
    int filesLeft = -1; ///< entries left in the scratch TMPDIR after the CLI exited
};

/// One `authlens-cli send --json URL` with TMPDIR=tmpDir, stdout to `stdoutPath`.
Run runOnce(const QString& cli, const QUrl& url, const QString& tmpDir, const QString& stdoutPath)
{
    Run run;
    std::vector<QByteArray> storage {cli.toLocal8Bit(), QByteArrayLiteral("send"), QByteArrayLiteral("--json"),
                                     url.toEncoded()};
    std::vector<char*> argv;
    for (QByteArray& a : storage)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const QByteArray tmpEnv = "TMPDIR=" + tmpDir.toLocal8Bit();
    const int outFd = open(stdoutPath.toLocal8Bit().constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (outFd < 0)
        return run;
    QElapsedTimer clock;
    clock.start();
    const pid_t pid = fork();
    if (pid == 0) {
        if (dup2(outFd, STDOUT_FILENO) < 0 || putenv(const_cast<char*>(tmpEnv.constData())) != 0)
            _exit(127);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    close(outFd);
    if (pid < 0)
        return run;
    int status = 0;
    rusage usage {};
    while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) { }
    run.ms = double(clock.nsecsElapsed()) / 1e6;
    run.maxRssMiB = double(usage.ru_maxrss) / 1024.0; // kB on Linux
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    QFile out(stdoutPath);
    if (out.open(QIODevice::ReadOnly)) {
        const QJsonObject doc = QJsonDocument::fromJson(out.readAll()).object();
        const QJsonArray hops = doc.value(QStringLiteral("hops")).toArray();
        if (!hops.isEmpty()) {
            const QJsonObject response = hops.last().toObject().value(QStringLiteral("response")).toObject();
            run.reportedSize = response.value(QStringLiteral("body_size")).toInteger(-1); // no cast out of range
        }
    }
    run.filesLeft = int(QDir(tmpDir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).size());
    return run;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Peak memory and throughput of authlens-cli send receiving a large body (figures only)."));
    parser.addHelpOption();
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Number of sends (default 1)."),
                                        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption bytesOption(QStringLiteral("bytes"), QStringLiteral("Body size in bytes (default 1 GiB)."),
                                         QStringLiteral("N"), QString::number(qint64(1) << 30));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    const QCommandLineOption binaryOption(QStringLiteral("binary"),
                                          QStringLiteral("The authlens-cli binary (default: the one of this build)."),
                                          QStringLiteral("PATH"), QStringLiteral(AUTHLENS_CLI_BINARY));
    parser.addOptions({runsOption, bytesOption, jsonOption, binaryOption});
    parser.process(app);
    bool ok = false;
    const int runs = parser.value(runsOption).toInt(&ok);
    bool bytesOk = false;
    const qint64 bytes = parser.value(bytesOption).toLongLong(&bytesOk);
    if (!ok || runs < 1 || !bytesOk || bytes < 0) {
        err(QStringLiteral("--runs takes a positive number, --bytes a size in bytes\n"));
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);

    QTemporaryDir scratch;
    if (!scratch.isValid()) {
        err(QStringLiteral("cannot create a temporary folder: %1\n").arg(scratch.errorString()));
        return 1;
    }
    const QString tmpDir = scratch.filePath(QStringLiteral("tmp"));
    QDir().mkpath(tmpDir);

    // The server lives in its own thread (made there, so its sockets are too): this one blocks in wait4()
    // while the CLI runs.
    QThread serverThread;
    QObject inServerThread;
    inServerThread.moveToThread(&serverThread);
    serverThread.start();
    RawHttpServer* server = nullptr;
    QUrl url;
    QSemaphore listening;
    QMetaObject::invokeMethod(
        &inServerThread,
        [&] {
            server = new RawHttpServer;
            server->setHandler([bytes](const QByteArray&) { return RawHttpServer::Reply {{}, false, bytes, 0}; });
            if (server->listen())
                url = server->url(QStringLiteral("/big"));
            listening.release();
        },
        Qt::QueuedConnection);
    listening.acquire();
    auto stopServer = [&] {
        QMetaObject::invokeMethod(
            &inServerThread, [&] { delete server; }, Qt::BlockingQueuedConnection);
        serverThread.quit();
        serverThread.wait();
    };
    if (url.isEmpty()) {
        err(QStringLiteral("the test server could not listen on 127.0.0.1\n"));
        stopServer();
        return 1;
    }

    const double floorMiB = procStatusMiB(QStringLiteral("self"), "VmRSS");
    QList<double> rss, ms, mibPerS;
    bool failed = false;
    QJsonArray runList;
    for (int i = 0; i < runs; ++i) {
        const Run run = runOnce(parser.value(binaryOption), url, tmpDir, scratch.filePath(QStringLiteral("out.json")));
        const double throughput = run.ms > 0 ? double(bytes) / (1024.0 * 1024.0) / (run.ms / 1000.0) : 0;
        rss.append(run.maxRssMiB);
        ms.append(run.ms);
        mibPerS.append(throughput);
        failed = failed || run.exitCode != 0 || run.reportedSize != bytes || run.filesLeft != 0;
        runList.append(QJsonObject {{QStringLiteral("ms"), run.ms},
                                    {QStringLiteral("peak_rss_mib"), run.maxRssMiB},
                                    {QStringLiteral("mib_per_s"), throughput},
                                    {QStringLiteral("exit_code"), run.exitCode},
                                    {QStringLiteral("reported_body_size"), double(run.reportedSize)},
                                    {QStringLiteral("files_left_in_tmpdir"), run.filesLeft}});
        if (!parser.isSet(jsonOption))
            out(QStringLiteral("run %1: %2 ms, peak RSS %3 MiB, %4 MiB/s, exit %5, body_size %6, files left in "
                               "TMPDIR %7\n")
                    .arg(i + 1)
                    .arg(run.ms, 0, 'f', 0)
                    .arg(run.maxRssMiB, 0, 'f', 1)
                    .arg(throughput, 0, 'f', 1)
                    .arg(run.exitCode)
                    .arg(run.reportedSize)
                    .arg(run.filesLeft));
    }
    stopServer();

    const Summary rssSummary = summarize(rss);
    const Summary speed = summarize(mibPerS);
    if (parser.isSet(jsonOption)) {
        out(QString::fromUtf8(QJsonDocument(QJsonObject {{QStringLiteral("bytes"), double(bytes)},
                                                         {QStringLiteral("rss_floor_mib"), floorMiB},
                                                         {QStringLiteral("peak_rss_mib"), toJson(rssSummary)},
                                                         {QStringLiteral("mib_per_s"), toJson(speed)},
                                                         {QStringLiteral("ms"), toJson(summarize(ms))},
                                                         {QStringLiteral("runs"), runList}})
                                  .toJson(QJsonDocument::Compact))
            + u'\n');
    } else {
        out(QStringLiteral("authlens-cli send, %1 MiB body: peak RSS median %2 MiB (max %3; floor from this "
                           "process %4 MiB), throughput median %5 MiB/s\n")
                .arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1)
                .arg(rssSummary.median, 0, 'f', 1)
                .arg(rssSummary.max, 0, 'f', 1)
                .arg(floorMiB, 0, 'f', 1)
                .arg(speed.median, 0, 'f', 1));
    }
    return failed ? 1 : 0;
}
