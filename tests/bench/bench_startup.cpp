// bench_startup: how long `authlens --demo` (or plain `authlens` with --no-demo) takes to show its main window, and how
// much memory it holds then.
//
// Each run starts the GUI with AUTHLENS_REPORT_STARTUP=1 (it prints "authlens: main window shown" after the
// main window's first paint), on the offscreen platform unless QT_QPA_PLATFORM is set, with a fresh
// XDG_CONFIG_HOME (every run is a first start). Time is measured from just before the process is started to
// that line; RSS (VmRSS, and the peak VmHWM) is read from /proc 1.5 s later, then the GUI is terminated.
// Prints figures and the targets (<= 500 ms, <= 80 MiB); exits 0 whatever the figures, 1 when a run could
// not be measured, 2 on a usage error.

#include "BenchCommon.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

using namespace Authlens::Bench;

namespace {

constexpr double targetMs = 500;
constexpr double targetMiB = 80;
constexpr int settleMs = 1500;
constexpr int shownTimeoutMs = 30000;
constexpr int exitTimeoutMs = 5000;

struct Run
{
    QString error; ///< empty when the run was measured
    double ms = 0;
    double rssMiB = -1;
    double hwmMiB = -1;
};

QString tail(const QByteArray& text)
{
    const QByteArray last = text.size() > 2000 ? text.right(2000) : text;
    return QString::fromUtf8(last).trimmed();
}

void stop(QProcess& process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(exitTimeoutMs)) {
        process.kill();
        process.waitForFinished(exitTimeoutMs);
    }
}

Run runOnce(const QString& binary, const QStringList& arguments)
{
    Run run;
    QTemporaryDir config;
    if (!config.isValid()) {
        run.error = QStringLiteral("cannot create a temporary folder: %1").arg(config.errorString());
        return run;
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!env.contains(QStringLiteral("QT_QPA_PLATFORM")))
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("AUTHLENS_REPORT_STARTUP"), QStringLiteral("1"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());

    QProcess process;
    process.setProcessEnvironment(env);
    process.setProgram(binary);
    process.setArguments(arguments);

    QElapsedTimer clock;
    clock.start();
    process.start();
    if (!process.waitForStarted(shownTimeoutMs)) {
        run.error = QStringLiteral("cannot start %1: %2").arg(binary, process.errorString());
        return run;
    }

    const QDeadlineTimer deadline(shownTimeoutMs);
    bool shown = false;
    while (!shown && !deadline.hasExpired()) {
        while (process.canReadLine()) {
            if (process.readLine().trimmed() == "authlens: main window shown") {
                run.ms = double(clock.nsecsElapsed()) / 1e6;
                shown = true;
                break;
            }
        }
        if (shown || !process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            break;
    }
    if (!shown) {
        const bool running = process.state() == QProcess::Running;
        stop(process);
        run.error = running ? QStringLiteral("no \"authlens: main window shown\" line within %1 ms").arg(shownTimeoutMs)
                            : QStringLiteral("exited (code %1) before showing its main window").arg(process.exitCode());
        const QString stderrText = tail(process.readAllStandardError());
        if (!stderrText.isEmpty())
            run.error += QStringLiteral("\nstderr:\n") + stderrText;
        return run;
    }

    // Let deferred start-up work (demo server, first request) settle, watching for an early exit.
    if (process.waitForFinished(settleMs)) {
        run.error = QStringLiteral("exited (code %1) %2 ms after showing its main window")
                        .arg(process.exitCode())
                        .arg(settleMs);
        return run;
    }
    const QString pid = QString::number(process.processId());
    run.rssMiB = procStatusMiB(pid, "VmRSS");
    run.hwmMiB = procStatusMiB(pid, "VmHWM");
    stop(process);
    if (run.rssMiB < 0)
        run.error = QStringLiteral("cannot read /proc/%1/status").arg(pid);
    return run;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Start-up time and memory of the Authlens GUI (figures only)."));
    parser.addHelpOption();
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Number of runs (default 5)."),
                                        QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    const QCommandLineOption binaryOption(QStringLiteral("binary"),
                                          QStringLiteral("The authlens binary (default: the one of this build)."),
                                          QStringLiteral("PATH"), QStringLiteral(AUTHLENS_GUI_BINARY));
    const QCommandLineOption noDemoOption(QStringLiteral("no-demo"),
                                          QStringLiteral("Start without --demo (to see what the demo API costs)."));
    parser.addOptions({runsOption, jsonOption, binaryOption, noDemoOption});
    if (!parser.parse(app.arguments())) {
        err(parser.errorText() + QLatin1Char('\n'));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out(parser.helpText());
        return 0;
    }
    bool ok = false;
    const int runs = parser.value(runsOption).toInt(&ok);
    if (!ok || runs < 1) {
        err(QStringLiteral("--runs takes a positive number\n"));
        return 2;
    }
    const bool json = parser.isSet(jsonOption);
    const QString binary = parser.value(binaryOption);
    const QStringList guiArguments
        = parser.isSet(noDemoOption) ? QStringList() : QStringList {QStringLiteral("--demo")};
    const QString platform = qEnvironmentVariable("QT_QPA_PLATFORM", QStringLiteral("offscreen"));

    if (!json)
        out(QStringLiteral("bench_startup: %1, %2 run(s), QT_QPA_PLATFORM=%3\n")
                .arg((QStringList {binary} + guiArguments).join(QLatin1Char(' ')))
                .arg(runs)
                .arg(platform));

    QList<double> times, rss, hwm;
    QJsonArray runsJson;
    int failures = 0;
    for (int i = 1; i <= runs; ++i) {
        const Run run = runOnce(binary, guiArguments);
        if (!run.error.isEmpty()) {
            ++failures;
            err(QStringLiteral("run %1: %2\n").arg(i).arg(run.error));
            runsJson.append(QJsonObject {{QStringLiteral("error"), run.error}});
            continue;
        }
        times.append(run.ms);
        rss.append(run.rssMiB);
        hwm.append(run.hwmMiB);
        runsJson.append(QJsonObject {{QStringLiteral("shown_ms"), run.ms},
                                     {QStringLiteral("rss_mib"), run.rssMiB},
                                     {QStringLiteral("hwm_mib"), run.hwmMiB}});
        if (!json)
            out(QStringLiteral("  run %1: main window shown after %2 ms, RSS %3 MiB (peak %4 MiB)\n")
                    .arg(i)
                    .arg(run.ms, 0, 'f', 1)
                    .arg(run.rssMiB, 0, 'f', 1)
                    .arg(run.hwmMiB, 0, 'f', 1));
    }

    const Summary time = summarize(times);
    const Summary memory = summarize(rss);
    const Summary peak = summarize(hwm);
    if (json) {
        QJsonObject timeJson = toJson(time);
        timeJson.insert(QStringLiteral("target"), targetMs);
        timeJson.insert(QStringLiteral("verdict"), times.isEmpty() ? QString() : verdict(time.median, targetMs));
        QJsonObject rssJson = toJson(memory);
        rssJson.insert(QStringLiteral("target"), targetMiB);
        rssJson.insert(QStringLiteral("verdict"), rss.isEmpty() ? QString() : verdict(memory.median, targetMiB));
        const QJsonObject result {{QStringLiteral("benchmark"), QStringLiteral("startup")},
                                  {QStringLiteral("binary"), binary},
                                  {QStringLiteral("arguments"), QJsonArray::fromStringList(guiArguments)},
                                  {QStringLiteral("platform"), platform},
                                  {QStringLiteral("settle_ms"), settleMs},
                                  {QStringLiteral("runs"), runsJson},
                                  {QStringLiteral("failures"), failures},
                                  {QStringLiteral("shown_ms"), timeJson},
                                  {QStringLiteral("rss_mib"), rssJson},
                                  {QStringLiteral("hwm_mib"), toJson(peak)}};
        out(QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    } else if (!times.isEmpty()) {
        out(QStringLiteral("time to main window   median %1 ms   min %2   max %3   target <= %4 ms: %5\n")
                .arg(time.median, 0, 'f', 1)
                .arg(time.min, 0, 'f', 1)
                .arg(time.max, 0, 'f', 1)
                .arg(targetMs)
                .arg(verdict(time.median, targetMs)));
        out(QStringLiteral("RSS after %1 s       median %2 MiB  min %3   max %4   target <= %5 MiB: %6\n")
                .arg(settleMs / 1000.0, 0, 'f', 1)
                .arg(memory.median, 0, 'f', 1)
                .arg(memory.min, 0, 'f', 1)
                .arg(memory.max, 0, 'f', 1)
                .arg(targetMiB)
                .arg(verdict(memory.median, targetMiB)));
        out(QStringLiteral("peak RSS (VmHWM)      median %1 MiB  min %2   max %3\n")
                .arg(peak.median, 0, 'f', 1)
                .arg(peak.min, 0, 'f', 1)
                .arg(peak.max, 0, 'f', 1));
    }
    if (failures > 0)
        err(QStringLiteral("bench_startup: %1 of %2 run(s) could not be measured\n").arg(failures).arg(runs));
    return failures > 0 ? 1 : 0;
}
