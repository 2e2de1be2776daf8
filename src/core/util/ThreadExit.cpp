#include "util/ThreadExit.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QThread>

#include <cstdio>
#include <cstdlib>

#ifdef AUTHLENS_SANITIZED
#include <openssl/crypto.h>
#endif

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
///
/// OpenSSL registers its own exit handler, OPENSSL_cleanup(), the first time it is initialised. That
/// handler deletes the thread-local keys whose destructors free each thread's state, so a thread that ends
/// after it leaks its state for good. OpenSSL is therefore initialised here first: its handler is
/// registered before ours and so runs after it, once the threads are gone (seen in CI: Qt's pooled
/// threads, which had verified JWS signatures, were still ending when OPENSSL_cleanup() ran; checked in
/// gdb that this handler now runs before OPENSSL_cleanup()).
struct AwaitQtThreadsAtExit
{
    AwaitQtThreadsAtExit()
    {
        // A call with no options returns before registering anything; loading the error strings is what
        // Qt's TLS backend asks for anyway.
        OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CRYPTO_STRINGS, nullptr);
        std::atexit([] {
            const QDeadlineTimer deadline(std::chrono::seconds(5));
            while (qtThreads() > 0 && !deadline.hasExpired())
                QThread::msleep(2);
            if (qtThreads() > 0)
                std::fprintf(stderr, "authlens: %d Qt threads still running at exit after 5 s\n", qtThreads());
        });
    }
};
const AwaitQtThreadsAtExit awaitQtThreadsAtExit;
} // namespace
#endif

} // namespace Authlens::Util
