#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace Authlens::Test {

/// What a finished child process left behind. exitCode is -1 when it crashed or timed out.
struct ProcessResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const;
};

struct ProcessOptions
{
    QByteArray input; ///< written to stdin, then stdin is closed (nothing when null)
    QList<QPair<QString, QString>> environment; ///< set on top of this process's environment
    int timeoutMs = 30000;
};

/// Runs `program` (the CLI tests' authlens-cli) and waits with an event loop, not waitForFinished(),
/// so servers living in the test process (the demo API, a raw server) keep answering it. Needs a
/// QCoreApplication (QTEST_GUILESS_MAIN or QTEST_MAIN).
ProcessResult runProcess(const QString& program, const QStringList& arguments, const ProcessOptions& options = {});

/// `secret-tool lookup server SERVICE user KEY`: what QtKeychain stored, read around it ("" when absent).
/// SERVICE is the application's keychain service unless a test uses one of its own.
QString secretToolLookup(const QString& key, const QString& service = QStringLiteral(AUTHLENS_APP_ID));

/// The "code" of each finding of a CLI JSON "findings" array, in order.
QStringList findingCodes(const QJsonValue& findings);

} // namespace Authlens::Test
