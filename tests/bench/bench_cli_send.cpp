// bench_cli_send: wall time and peak memory of `authlens-cli send` against the demo API.
//
// Starts `authlens-cli demo-server --port 0` (its first stdout line is {"base_url":…,"second_origin":…}), then
// runs `authlens-cli send [SEND_ARGS...] <base_url><path>` N times with fork/execvp + wait4: wall time from
// just before fork() to wait4()'s return, peak RSS from ru_maxrss. Prints figures; exits 0 whatever they are,
// 1 when the server or a run failed (send exit codes 0 and 1 are answers, 2-4 are failures), 2 on usage errors.
//
// ru_maxrss of a child is at least the RSS of the process that forked it (the kernel carries the pre-exec
// high-water mark over), so this program creates no QCoreApplication and prints its own RSS as the floor.

#include "BenchCommon.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace Authlens::Bench;

namespace {

constexpr int serverTimeoutMs = 20000;
constexpr int exitTimeoutMs = 5000;

/// argv for execvp, built before fork() so the child only calls async-signal-safe functions.
class Argv
{
public:
    explicit Argv(const QStringList& args)
    {
        for (const QString& arg : args)
            m_storage.push_back(arg.toLocal8Bit());
        for (QByteArray& arg : m_storage)
            m_pointers.push_back(arg.data());
        m_pointers.push_back(nullptr);
    }
    char* const* data() { return m_pointers.data(); }

private:
    std::vector<QByteArray> m_storage;
    std::vector<char*> m_pointers;
};

/// Starts the child with stdout to `stdoutFd` and stderr to `stderrFd` (-1: inherited). -1 on failure.
pid_t spawn(Argv& argv, int stdoutFd, int stderrFd, bool dieWithParent)
{
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid != 0)
        return pid;
    if (dieWithParent && (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent))
        _exit(127);
    if (stdoutFd >= 0 && dup2(stdoutFd, STDOUT_FILENO) < 0)
        _exit(127);
    if (stderrFd >= 0 && dup2(stderrFd, STDERR_FILENO) < 0)
        _exit(127);
    execvp(argv.data()[0], argv.data());
    _exit(127);
}

/// Waits up to `timeoutMs` for `pid` to end, then SIGKILLs it; always reaps it.
void stopChild(pid_t pid)
{
    kill(pid, SIGTERM);
    // pidfd_open(2) through syscall(): glibc 2.36's <sys/pidfd.h> lacks extern "C" for C++.
    const int pidfd = int(syscall(SYS_pidfd_open, pid, 0));
    if (pidfd >= 0) {
        pollfd pfd {pidfd, POLLIN, 0};
        if (poll(&pfd, 1, exitTimeoutMs) <= 0)
            kill(pid, SIGKILL);
        close(pidfd);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
}

/// Reads from `fd` until a newline or the deadline. The line without the newline; empty on failure.
QByteArray readFirstLine(int fd)
{
    QElapsedTimer clock;
    clock.start();
    QByteArray buffer;
    while (!buffer.contains('\n')) {
        const qint64 remaining = serverTimeoutMs - clock.elapsed();
        if (remaining <= 0)
            return {};
        pollfd pfd {fd, POLLIN, 0};
        const int ready = poll(&pfd, 1, int(remaining));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return {};
        char chunk[4096];
        const ssize_t n = read(fd, chunk, sizeof chunk);
        if (n <= 0)
            return {}; // the server closed stdout or exited
        buffer.append(chunk, n);
    }
    return buffer.left(buffer.indexOf('\n'));
}

/// Discards whatever the server printed since, so a chatty server never blocks on a full pipe.
void drain(int fd)
{
    char chunk[4096];
    while (read(fd, chunk, sizeof chunk) > 0) { }
}

QString readText(const QString& path, qsizetype maxBytes = 2000)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray all = file.readAll();
    return QString::fromUtf8(all.size() > maxBytes ? all.right(maxBytes) : all).trimmed();
}

struct Run
{
    double ms = 0;
    double maxRssMiB = 0;
    int exitCode = -1; ///< -1 when killed by a signal or not started
};

} // namespace

int main(int argc, char** argv)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Wall time and peak memory of authlens-cli send against the demo API (figures only)."));
    parser.addHelpOption();
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Number of sends (default 10)."),
                                        QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    const QCommandLineOption binaryOption(QStringLiteral("binary"),
                                          QStringLiteral("The authlens-cli binary (default: the one of this build)."),
                                          QStringLiteral("PATH"), QStringLiteral(AUTHLENS_CLI_BINARY));
    const QCommandLineOption pathOption(QStringLiteral("path"),
                                        QStringLiteral("Path on the demo API to send to (default /api/profile)."),
                                        QStringLiteral("PATH"), QStringLiteral("/api/profile"));
    parser.addOptions({runsOption, jsonOption, binaryOption, pathOption});
    parser.addPositionalArgument(QStringLiteral("-- SEND_ARGS"),
                                 QStringLiteral("Extra options for send, e.g. -- -u demo:demo-password."));
    if (!parser.parse(arguments(argc, argv))) {
        err(parser.errorText() + QLatin1Char('\n'));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        // No QCoreApplication here (see above), so the parser does not know the program's name.
        out(parser.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("bench_cli_send")));
        return 0;
    }
    bool ok = false;
    const int runs = parser.value(runsOption).toInt(&ok);
    if (!ok || runs < 1) {
        err(QStringLiteral("--runs takes a positive number\n"));
        return 2;
    }
    const bool json = parser.isSet(jsonOption);
    const QString cli = parser.value(binaryOption);
    std::signal(SIGPIPE, SIG_IGN);

    QTemporaryDir scratch;
    if (!scratch.isValid()) {
        err(QStringLiteral("cannot create a temporary folder: %1\n").arg(scratch.errorString()));
        return 1;
    }

    // The demo server: stdout to a pipe (the first line tells where it listens), stderr to a file.
    int pipeFds[2];
    if (pipe2(pipeFds, O_CLOEXEC) != 0) {
        err(QStringLiteral("pipe: %1\n").arg(QString::fromLocal8Bit(std::strerror(errno))));
        return 1;
    }
    const QString serverLog = scratch.filePath(QStringLiteral("demo-server.stderr"));
    const int serverLogFd = open(serverLog.toLocal8Bit().constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    Argv serverArgv({cli, QStringLiteral("demo-server"), QStringLiteral("--port"), QStringLiteral("0")});
    const pid_t server = spawn(serverArgv, pipeFds[1], serverLogFd, true);
    close(pipeFds[1]);
    if (serverLogFd >= 0)
        close(serverLogFd);
    if (server < 0) {
        err(QStringLiteral("fork: %1\n").arg(QString::fromLocal8Bit(std::strerror(errno))));
        return 1;
    }
    const QByteArray firstLine = readFirstLine(pipeFds[0]);
    fcntl(pipeFds[0], F_SETFL, fcntl(pipeFds[0], F_GETFL) | O_NONBLOCK);
    const QJsonObject endpoints = QJsonDocument::fromJson(firstLine).object();
    const QString baseUrl = endpoints.value(QStringLiteral("base_url")).toString();
    if (!baseUrl.startsWith(QStringLiteral("http://127.0.0.1:"))) {
        err(QStringLiteral("%1 demo-server --port 0 did not print {\"base_url\":\"http://127.0.0.1:PORT\",...} "
                           "within %2 ms; its first line: '%3'\nstderr:\n%4\n")
                .arg(cli)
                .arg(serverTimeoutMs)
                .arg(QString::fromUtf8(firstLine), readText(serverLog)));
        stopChild(server);
        return 1;
    }

    QStringList sendArgs {cli, QStringLiteral("send")};
    sendArgs += parser.positionalArguments();
    const QString url = baseUrl + parser.value(pathOption);
    sendArgs.append(url);
    if (!json)
        out(QStringLiteral("bench_cli_send: %1, %2 run(s)\n").arg(sendArgs.join(QLatin1Char(' '))).arg(runs));

    const double floorMiB = procStatusMiB(QStringLiteral("self"), "VmRSS");
    const QString outputPath = scratch.filePath(QStringLiteral("send.json"));
    QList<double> times, peaks;
    QJsonArray runsJson;
    int failures = 0;
    QString answer;
    for (int i = 1; i <= runs; ++i) {
        const int outputFd = open(outputPath.toLocal8Bit().constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        Argv sendArgv(sendArgs);
        Run run;
        QElapsedTimer clock;
        clock.start();
        const pid_t pid = spawn(sendArgv, outputFd, -1, false);
        int status = 0;
        rusage usage {};
        pid_t waited = -1;
        if (pid > 0) {
            do {
                waited = wait4(pid, &status, 0, &usage);
            } while (waited < 0 && errno == EINTR);
        }
        run.ms = double(clock.nsecsElapsed()) / 1e6;
        if (outputFd >= 0)
            close(outputFd);
        drain(pipeFds[0]);
        if (waited != pid || !WIFEXITED(status)) {
            ++failures;
            err(QStringLiteral("run %1: send did not exit normally (%2)\n")
                    .arg(i)
                    .arg(waited == pid && WIFSIGNALED(status) ? QStringLiteral("signal %1").arg(WTERMSIG(status))
                                                              : QStringLiteral("not started")));
            runsJson.append(QJsonObject {{QStringLiteral("error"), QStringLiteral("abnormal exit")}});
            continue;
        }
        run.exitCode = WEXITSTATUS(status);
        run.maxRssMiB = double(usage.ru_maxrss) / 1024.0; // kB on Linux
        if (run.exitCode > 1) {
            ++failures;
            err(QStringLiteral("run %1: send exited with %2\nstdout: %3\n")
                    .arg(i)
                    .arg(run.exitCode)
                    .arg(readText(outputPath)));
            runsJson.append(QJsonObject {{QStringLiteral("error"), QStringLiteral("exit code %1").arg(run.exitCode)}});
            continue;
        }
        if (answer.isEmpty()) {
            QFile output(outputPath);
            const QJsonObject result
                = output.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(output.readAll()).object() : QJsonObject();
            const QJsonArray hops = result.value(QStringLiteral("hops")).toArray();
            if (hops.isEmpty()) {
                answer = QStringLiteral("no hops in the output, exit code %1").arg(run.exitCode);
            } else {
                const QJsonObject response = hops.last().toObject().value(QStringLiteral("response")).toObject();
                answer = QStringLiteral("HTTP %1 after %2 hop(s), exit code %3")
                             .arg(response.value(QStringLiteral("status")).toInt())
                             .arg(hops.size())
                             .arg(run.exitCode);
            }
        }
        times.append(run.ms);
        peaks.append(run.maxRssMiB);
        runsJson.append(QJsonObject {{QStringLiteral("ms"), run.ms},
                                     {QStringLiteral("max_rss_mib"), run.maxRssMiB},
                                     {QStringLiteral("exit_code"), run.exitCode}});
        if (!json)
            out(QStringLiteral("  run %1: %2 ms, peak RSS %3 MiB, exit code %4\n")
                    .arg(i)
                    .arg(run.ms, 0, 'f', 1)
                    .arg(run.maxRssMiB, 0, 'f', 1)
                    .arg(run.exitCode));
    }
    stopChild(server);
    close(pipeFds[0]);

    const Summary time = summarize(times);
    const Summary peak = summarize(peaks);
    if (json) {
        const QJsonObject result {{QStringLiteral("benchmark"), QStringLiteral("cli_send")},
                                  {QStringLiteral("command"), QJsonArray::fromStringList(sendArgs)},
                                  {QStringLiteral("answer"), answer},
                                  {QStringLiteral("runs"), runsJson},
                                  {QStringLiteral("failures"), failures},
                                  {QStringLiteral("wall_ms"), toJson(time)},
                                  {QStringLiteral("max_rss_mib"), toJson(peak)},
                                  {QStringLiteral("rss_floor_mib"), floorMiB}};
        out(QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    } else if (!times.isEmpty()) {
        out(QStringLiteral("answer               %1\n").arg(answer));
        out(QStringLiteral("wall time            median %1 ms   min %2   max %3\n")
                .arg(time.median, 0, 'f', 1)
                .arg(time.min, 0, 'f', 1)
                .arg(time.max, 0, 'f', 1));
        out(QStringLiteral("peak RSS (ru_maxrss) median %1 MiB  min %2   max %3\n")
                .arg(peak.median, 0, 'f', 1)
                .arg(peak.min, 0, 'f', 1)
                .arg(peak.max, 0, 'f', 1));
        out(QStringLiteral("(a child's ru_maxrss is at least this program's RSS at fork time: %1 MiB)\n")
                .arg(floorMiB, 0, 'f', 1));
    }
    if (failures > 0)
        err(QStringLiteral("bench_cli_send: %1 of %2 run(s) failed\n").arg(failures).arg(runs));
    return failures > 0 ? 1 : 0;
}
