#include "util/ThreadExit.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QThread>

#include <cstdlib>

namespace Authlens::Util {

int threadsNamed(QByteArrayView prefix)
{
    int count = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    const QStringList ids = tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& id : ids) {
        QFile comm(tasks.filePath(id + QStringLiteral("/comm")));
        // A thread may end between the listing and the read; it then simply does not count.
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().startsWith(prefix))
            ++count;
    }
    return count;
}

bool waitForFewerThreadsNamed(QByteArrayView prefix, int count, std::chrono::milliseconds timeout)
{
    const QDeadlineTimer deadline(timeout);
    while (threadsNamed(prefix) >= count) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(2);
    }
    return true;
}

#ifdef AUTHLENS_SANITIZED
namespace {
/// The kernel names of the threads Qt starts (the first 15 bytes of the QThread's object name, or of its
/// class name): a network manager's, the thread pool's, the relay's and other QThreads, Qt D-Bus's.
constexpr QByteArrayView kQtThreadNames[]
    = {"QNetworkAccessM", "Thread (pooled)", "QThread", "QDBusConnection", "authlens-relay"};

int qtThreads()
{
    int count = 0;
    for (QByteArrayView name : kQtThreadNames)
        count += threadsNamed(name);
    return count;
}

/// Registered while the program starts, so it runs after the destructors of Qt's global objects (exit
/// handlers run in reverse order): by then Qt has told its threads to end and waited for their run() to
/// return, but not for the threads themselves. OpenSSL frees a thread's error state in the thread's exit
/// handlers; LeakSanitizer's check at exit, which comes last, would report that block if the thread were
/// still on its way out (seen in CI: 904 bytes from CRYPTO_zalloc, the size of an OpenSSL ERR_STATE).
struct AwaitQtThreadsAtExit
{
    AwaitQtThreadsAtExit()
    {
        std::atexit([] {
            const QDeadlineTimer deadline(std::chrono::seconds(5));
            while (qtThreads() > 0 && !deadline.hasExpired())
                QThread::msleep(2);
        });
    }
};
const AwaitQtThreadsAtExit awaitQtThreadsAtExit;
} // namespace
#endif

} // namespace Authlens::Util
