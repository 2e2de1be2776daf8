#include "util/ThreadExit.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QThread>

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

} // namespace Authlens::Util
