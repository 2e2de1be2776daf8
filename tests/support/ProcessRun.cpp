#include "ProcessRun.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTimer>

namespace Authlens::Test {

QJsonObject ProcessResult::json() const
{
    return QJsonDocument::fromJson(out).object();
}

ProcessResult runProcess(const QString& program, const QStringList& arguments, const ProcessOptions& options)
{
    Q_ASSERT_X(QCoreApplication::instance(), "runProcess", "needs an event loop: use QTEST_GUILESS_MAIN");
    QProcess process;
    if (!options.environment.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const auto& [name, value] : options.environment)
            env.insert(name, value);
        process.setProcessEnvironment(env);
    }
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(options.timeoutMs, &loop, &QEventLoop::quit);
    process.start(program, arguments);
    if (!options.input.isNull()) {
        process.write(options.input);
        process.closeWriteChannel();
    }
    ProcessResult result;
    if (process.state() != QProcess::NotRunning)
        loop.exec();
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString secretToolLookup(const QString& key, const QString& service)
{
    QProcess process;
    process.start(QStringLiteral("secret-tool"),
                  {QStringLiteral("lookup"), QStringLiteral("server"), service, QStringLiteral("user"), key});
    if (!process.waitForFinished(10000))
        return QStringLiteral("<secret-tool did not finish>");
    return QString::fromUtf8(process.readAllStandardOutput());
}

QStringList findingCodes(const QJsonValue& findings)
{
    QStringList codes;
    const QJsonArray list = findings.toArray();
    for (const QJsonValue& finding : list)
        codes.append(finding.toObject().value(QLatin1String("code")).toString());
    return codes;
}

} // namespace Authlens::Test
