#include "util/QuitOnSignals.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Authlens {

namespace {

int s_pipe[2] = {-1, -1};

extern "C" void onUnixSignal(int signal)
{
    const int saved = errno;
    const char c = char(signal);
    [[maybe_unused]] const ssize_t n = ::write(s_pipe[1], &c, 1);
    errno = saved;
}

void setHandler(void (*handler)(int))
{
    struct sigaction action
    {
    };
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

} // namespace

QuitOnSignals::QuitOnSignals(QObject* parent)
    : QObject(parent)
{
    if (s_pipe[0] >= 0 || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, s_pipe) != 0)
        return;
    m_notifier = new QSocketNotifier(s_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &QuitOnSignals::onReadable);
    setHandler(onUnixSignal);
}

QuitOnSignals::~QuitOnSignals()
{
    if (!m_notifier)
        return;
    setHandler(SIG_DFL);
    delete m_notifier;
    ::close(s_pipe[0]);
    ::close(s_pipe[1]);
    s_pipe[0] = s_pipe[1] = -1;
}

void QuitOnSignals::onReadable()
{
    char c = 0;
    while (::read(s_pipe[0], &c, 1) == 1) {
        if (m_received == 0) {
            m_received = int(c);
            Q_EMIT interrupted(m_received);
            QCoreApplication::exit(128 + m_received);
        }
    }
}

} // namespace Authlens
