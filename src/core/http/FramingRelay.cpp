#include "http/FramingRelay.h"

#include <QHostAddress>
#include <QMutex>
#include <QMutexLocker>
#include <QPointer>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <QtEndian>

#include <atomic>

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Authlens::Http {

namespace {

/// Bytes the relay holds for one direction before it stops reading the other side (back-pressure: TCP
/// flow control then slows the sender). Keeps a 1 GiB body's memory flat.
constexpr qint64 kWindowBytes = 1024 * 1024;
constexpr qint64 kReadBytes = 64 * 1024;
/// Body bytes the relay passes on beyond what the client has taken from Qt (FramingRelay::setConsumed()).
constexpr qint64 kCreditBytes = 4 * 1024 * 1024;
constexpr int kCreditPollMs = 2;

// RFC 1928 §6 reply codes.
constexpr char kSucceeded = 0x00;
constexpr char kGeneralFailure = 0x01;
constexpr char kNetworkUnreachable = 0x03;
constexpr char kHostUnreachable = 0x04;
constexpr char kConnectionRefused = 0x05;
constexpr char kTtlExpired = 0x06;
constexpr char kCommandNotSupported = 0x07;
constexpr char kAddressTypeNotSupported = 0x08;

} // namespace

struct RelayShared
{
    QMutex mutex;
    QList<Http1Framing::Result> results;
    std::atomic<quint64> generation {0}; ///< counts beginHop() calls
    std::atomic<qint64> forwarded {0}; ///< body bytes passed on to Qt since beginHop()
    std::atomic<qint64> consumed {0}; ///< body bytes the client took from Qt since beginHop()
};

/// One client connection: the SOCKS5 handshake, then the bytes both ways. Lives in the relay thread.
class RelayConnection final : public QObject
{
public:
    RelayConnection(QTcpSocket* down, std::shared_ptr<RelayShared> shared, QObject* parent)
        : QObject(parent)
        , m_down(down)
        , m_shared(std::move(shared))
    {
        m_down->setParent(this);
        connect(m_down, &QTcpSocket::readyRead, this, [this] { onDownReadable(); });
        connect(m_down, &QTcpSocket::bytesWritten, this, [this] { onDownWritten(); });
        connect(m_down, &QTcpSocket::disconnected, this, [this] { finish(); });
        connect(m_down, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (m_down->state() != QAbstractSocket::ConnectedState)
                finish();
        });
    }
    ~RelayConnection() override { closeUp(); }

private:
    enum class Stage { Greeting, Request, Connecting, Relaying, Done };

    void onDownReadable()
    {
        if (m_stage == Stage::Relaying) {
            pumpRequest();
            return;
        }
        if (m_stage != Stage::Greeting && m_stage != Stage::Request)
            return; // bytes before our reply: kept in the socket until we relay
        m_handshake += m_down->read(1024 - m_handshake.size());
        if (m_stage == Stage::Greeting) {
            // RFC 1928 §3: VER NMETHODS METHODS...; only "no authentication required" (0x00) is offered.
            if (m_handshake.size() < 2)
                return;
            const int methods = static_cast<unsigned char>(m_handshake.at(1));
            if (m_handshake.at(0) != 0x05) {
                fail();
                return;
            }
            if (m_handshake.size() < 2 + methods)
                return;
            const bool noAuth = m_handshake.mid(2, methods).contains('\0');
            m_down->write(QByteArray("\x05", 1) + (noAuth ? QByteArray(1, '\0') : QByteArray(1, char(0xff))));
            if (!noAuth) {
                fail();
                return;
            }
            m_handshake.remove(0, 2 + methods);
            m_stage = Stage::Request;
        }
        // RFC 1928 §4: VER CMD RSV ATYP DST.ADDR DST.PORT.
        if (m_handshake.size() < 5)
            return;
        const char cmd = m_handshake.at(1);
        const char atyp = m_handshake.at(3);
        qsizetype addressEnd = 0;
        QString host;
        if (atyp == 0x01) {
            addressEnd = 4 + 4;
        } else if (atyp == 0x04) {
            addressEnd = 4 + 16;
        } else if (atyp == 0x03) {
            addressEnd = 5 + static_cast<unsigned char>(m_handshake.at(4));
        } else {
            reply(kAddressTypeNotSupported);
            fail();
            return;
        }
        if (m_handshake.size() < addressEnd + 2)
            return;
        if (atyp == 0x01) {
            host = QHostAddress(qFromBigEndian<quint32>(m_handshake.constData() + 4)).toString();
        } else if (atyp == 0x04) {
            Q_IPV6ADDR v6;
            memcpy(v6.c, m_handshake.constData() + 4, 16);
            host = QHostAddress(v6).toString();
        } else {
            host = QString::fromLatin1(m_handshake.mid(5, addressEnd - 5));
        }
        const quint16 port = qFromBigEndian<quint16>(m_handshake.constData() + addressEnd);
        if (m_handshake.at(0) != 0x05 || cmd != 0x01) {
            reply(kCommandNotSupported);
            fail();
            return;
        }
        m_handshake.clear();
        m_stage = Stage::Connecting;
        m_up = new QTcpSocket(this);
        // The relay connects directly: whether a proxy applies was decided before Qt chose the relay.
        m_up->setProxy(QNetworkProxy::NoProxy);
        connect(m_up, &QTcpSocket::connected, this, [this] { onUpConnected(); });
        connect(m_up, &QTcpSocket::errorOccurred, this,
                [this](QAbstractSocket::SocketError error) { onUpFailed(error); });
        m_up->connectToHost(host, port);
    }

    void reply(char code)
    {
        // BND.ADDR 0.0.0.0:0: Qt does not use it for CONNECT.
        const char bytes[] = {0x05, code, 0x00, 0x01, 0, 0, 0, 0, 0, 0};
        m_down->write(bytes, sizeof bytes);
    }

    void onUpFailed(QAbstractSocket::SocketError error)
    {
        if (m_stage != Stage::Connecting)
            return;
        // The codes Qt's SOCKS5 engine turns back into the error a direct connection would have given.
        char code = kGeneralFailure;
        switch (error) {
        case QAbstractSocket::ConnectionRefusedError:
            code = kConnectionRefused;
            break;
        case QAbstractSocket::HostNotFoundError:
            code = kHostUnreachable;
            break;
        case QAbstractSocket::NetworkError:
            code = kNetworkUnreachable;
            break;
        case QAbstractSocket::SocketTimeoutError:
            code = kTtlExpired;
            break;
        default:
            break;
        }
        reply(code);
        fail();
    }

    void onUpConnected()
    {
        // Reads from the server use the descriptor itself: Qt's native socket engine reports ECONNRESET as
        // RemoteHostClosedError, the same as an orderly close (QNativeSocketEnginePrivate::nativeRead), and a
        // reset inside a body is what the relay is here to tell apart. A duplicate keeps the connection open
        // when the QTcpSocket that made it closes its own descriptor.
        m_fd = ::fcntl(int(m_up->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
        m_up->disconnect(this);
        m_up->abort();
        m_up->deleteLater();
        m_up = nullptr;
        if (m_fd < 0) {
            reply(kGeneralFailure);
            fail();
            return;
        }
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
        m_readNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
        m_writeNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Write, this);
        m_writeNotifier->setEnabled(false);
        connect(m_readNotifier, &QSocketNotifier::activated, this, [this] { onUpReadable(); });
        connect(m_writeNotifier, &QSocketNotifier::activated, this, [this] { flushUp(); });
        reply(kSucceeded);
        m_stage = Stage::Relaying;
        pumpRequest();
    }

    /// Client → server: through the request parser, then to the server's socket.
    void pumpRequest()
    {
        while (m_fd >= 0 && m_upPending.size() < kWindowBytes && m_down->bytesAvailable() > 0) {
            const QByteArray bytes = m_down->read(kWindowBytes - m_upPending.size());
            m_framing.feedRequest(bytes);
            publish();
            m_upPending += bytes;
            flushUp();
        }
    }

    void flushUp()
    {
        while (m_fd >= 0 && !m_upPending.isEmpty()) {
            const ssize_t n = ::send(m_fd, m_upPending.constData(), size_t(m_upPending.size()), MSG_NOSIGNAL);
            if (n > 0) {
                m_upPending.remove(0, qsizetype(n));
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                m_writeNotifier->setEnabled(true);
                return;
            }
            // The server's side is gone (EPIPE, ECONNRESET): the read side reports how.
            m_upPending.clear();
        }
        if (m_writeNotifier)
            m_writeNotifier->setEnabled(false);
        if (m_stage == Stage::Relaying && m_down->bytesAvailable() > 0 && m_upPending.size() < kWindowBytes)
            QMetaObject::invokeMethod(
                this, [this] { pumpRequest(); }, Qt::QueuedConnection);
    }

    /// Server → client: through the response parser, then on to Qt.
    void onUpReadable()
    {
        char buffer[kReadBytes];
        for (int round = 0; round < 16 && m_fd >= 0; ++round) {
            if (m_shared->forwarded.load() - m_shared->consumed.load() > kCreditBytes) {
                // Qt holds enough not yet taken by the client: wait until it has (polled; cheap, and only
                // while a fast server outruns the disk).
                m_readNotifier->setEnabled(false);
                if (!m_creditTimer) {
                    m_creditTimer = new QTimer(this);
                    m_creditTimer->setSingleShot(true);
                    connect(m_creditTimer, &QTimer::timeout, this, [this] {
                        if (m_readNotifier && !m_readNotifier->isEnabled() && m_down->bytesToWrite() < kWindowBytes) {
                            m_readNotifier->setEnabled(true);
                            onUpReadable();
                        }
                    });
                }
                m_creditTimer->start(kCreditPollMs);
                return;
            }
            if (m_down->bytesToWrite() >= kWindowBytes) {
                m_readNotifier->setEnabled(false); // onDownWritten() resumes
                return;
            }
            const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
            if (n > 0) {
                noteUncheckedHop();
                // Parsed before it is passed on: the result is published before Qt can see the bytes.
                const bool checking = m_framing.isChecking();
                const qint64 bodyBefore = m_framing.bodyBytes();
                m_framing.feedResponse(QByteArrayView(buffer, qsizetype(n)));
                publish();
                // Unchecked connections count every byte as body: the credit still bounds them.
                m_shared->forwarded += checking ? m_framing.bodyBytes() - bodyBefore : qint64(n);
                m_down->write(buffer, qint64(n));
                if (m_broken) {
                    // Broken framing: Qt may wait for bytes that a lenient reading expects (a "last chunk"
                    // that never ends) until the idle timeout. The connection cannot be reused safely anyway
                    // (the next answer's start is unknown): Qt gets what arrived, then a close.
                    closeUp();
                    m_down->disconnectFromHost();
                    return;
                }
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return;
            if (n == 0)
                m_framing.responseEnded();
            else if (errno == ECONNRESET)
                m_framing.responseReset();
            publish();
            closeUp();
            // Qt gets every byte that arrived, then an orderly close.
            m_down->disconnectFromHost();
            return;
        }
    }

    void onDownWritten()
    {
        if (m_readNotifier && !m_readNotifier->isEnabled() && m_down->bytesToWrite() < kWindowBytes / 2) {
            m_readNotifier->setEnabled(true);
            onUpReadable();
        }
    }

    /// A connection whose check stopped says so once for every later hop whose bytes it carries.
    void noteUncheckedHop()
    {
        if (m_framing.isChecking() || m_uncheckedReason.isEmpty())
            return;
        const quint64 generation = m_shared->generation.load();
        if (generation == m_uncheckedGeneration)
            return;
        m_uncheckedGeneration = generation;
        Http1Framing::Result r;
        r.verdict = Http1Framing::Verdict::NotChecked;
        r.offset = m_framing.responseBytes();
        r.detail = m_uncheckedReason;
        QMutexLocker lock(&m_shared->mutex);
        m_shared->results.append(r);
    }

    void publish()
    {
        QList<Http1Framing::Result> results = m_framing.takeResults();
        if (results.isEmpty())
            return;
        for (const Http1Framing::Result& r : std::as_const(results)) {
            if (r.verdict == Http1Framing::Verdict::NotChecked)
                m_uncheckedReason = r.detail;
            else if (r.verdict != Http1Framing::Verdict::Complete)
                m_broken = true;
        }
        m_uncheckedGeneration = m_shared->generation.load();
        QMutexLocker lock(&m_shared->mutex);
        m_shared->results += results;
    }

    void closeUp()
    {
        delete m_readNotifier;
        m_readNotifier = nullptr;
        delete m_writeNotifier;
        m_writeNotifier = nullptr;
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
        if (m_up) {
            m_up->disconnect(this);
            m_up->abort();
        }
    }

    void fail()
    {
        m_stage = Stage::Done;
        closeUp();
        m_down->disconnectFromHost();
    }

    void finish()
    {
        if (m_finished)
            return;
        m_finished = true;
        m_stage = Stage::Done;
        closeUp();
        deleteLater();
    }

    QTcpSocket* m_down;
    std::shared_ptr<RelayShared> m_shared;
    Stage m_stage = Stage::Greeting;
    QByteArray m_handshake;
    QTcpSocket* m_up = nullptr; ///< only while connecting
    int m_fd = -1;
    QSocketNotifier* m_readNotifier = nullptr;
    QSocketNotifier* m_writeNotifier = nullptr;
    QTimer* m_creditTimer = nullptr;
    QByteArray m_upPending;
    Http1Framing m_framing;
    QString m_uncheckedReason;
    quint64 m_uncheckedGeneration = 0;
    bool m_finished = false;
    bool m_broken = false; ///< the framing check reported an error: the connection ends after those bytes
};

/// The listening socket; owns the connections. Lives in the relay thread.
class RelayServer final : public QObject
{
public:
    explicit RelayServer(std::shared_ptr<RelayShared> shared)
        : m_shared(std::move(shared))
    {
    }

    quint16 listen()
    {
        m_server = new QTcpServer(this);
        // The relay takes any client that reaches 127.0.0.1 on this port: it only ever connects to what the
        // client names, as a direct connection would, and sees only what passes.
        if (!m_server->listen(QHostAddress::LocalHost, 0))
            return 0;
        connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server->nextPendingConnection()) {
                socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                new RelayConnection(socket, m_shared, this);
            }
        });
        return m_server->serverPort();
    }

    void shutdown()
    {
        const QList<QObject*> children = this->children();
        for (QObject* child : children)
            delete child;
        m_server = nullptr;
    }

private:
    std::shared_ptr<RelayShared> m_shared;
    QTcpServer* m_server = nullptr;
};

FramingRelay::FramingRelay()
    : m_shared(std::make_shared<RelayShared>())
{
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("authlens-relay"));
    m_server = new RelayServer(m_shared);
    m_server->moveToThread(m_thread);
    m_thread->start();
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_server, [this, &port] { port = m_server->listen(); }, Qt::BlockingQueuedConnection);
    m_port = port;
}

FramingRelay::~FramingRelay()
{
    QMetaObject::invokeMethod(
        m_server, [this] { m_server->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_server;
    delete m_thread;
}

QNetworkProxy FramingRelay::proxy() const
{
    return QNetworkProxy(QNetworkProxy::Socks5Proxy, QStringLiteral("127.0.0.1"), m_port);
}

bool FramingRelay::relays(const QUrl& url, const std::optional<QNetworkProxy>& requestProxy, QString* whyNot) const
{
    if (url.scheme().compare(u"http", Qt::CaseInsensitive) != 0)
        return false;
    auto no = [whyNot](const QString& why) {
        if (whyNot)
            *whyNot = why;
        return false;
    };
    if (!isListening())
        return no(QStringLiteral("the checking relay could not listen on 127.0.0.1"));
    if (requestProxy && requestProxy->type() != QNetworkProxy::DefaultProxy) {
        if (requestProxy->type() == QNetworkProxy::NoProxy)
            return true;
        return no(QStringLiteral("the hop went through the proxy %1:%2, which sees the server's bytes, not Authlens")
                      .arg(requestProxy->hostName())
                      .arg(requestProxy->port()));
    }
    const QList<QNetworkProxy> system = QNetworkProxyFactory::proxyForQuery(QNetworkProxyQuery(url));
    if (!system.isEmpty() && system.constFirst().type() != QNetworkProxy::NoProxy
        && system.constFirst().type() != QNetworkProxy::DefaultProxy)
        return no(QStringLiteral("the hop went through the system's proxy %1:%2")
                      .arg(system.constFirst().hostName())
                      .arg(system.constFirst().port()));
    return true;
}

void FramingRelay::beginHop()
{
    // Through a reference: with the shared_ptr's null branch in view, g++ 12 at -O2 takes the atomic stores
    // for writes into a zero-sized object (-Wstringop-overflow, a false positive).
    RelayShared& shared = *m_shared;
    QMutexLocker lock(&shared.mutex);
    shared.results.clear();
    shared.forwarded.store(0);
    shared.consumed.store(0);
    shared.generation.fetch_add(1);
}

void FramingRelay::setConsumed(qint64 bodyBytes)
{
    RelayShared& shared = *m_shared;
    shared.consumed.store(bodyBytes);
}

QList<Http1Framing::Result> FramingRelay::takeResults()
{
    QMutexLocker lock(&m_shared->mutex);
    return std::exchange(m_shared->results, {});
}

void RelayProxyFactory::setRequestProxy(std::optional<QNetworkProxy> proxy)
{
    m_requestProxy = std::move(proxy);
}

QList<QNetworkProxy> RelayProxyFactory::queryProxy(const QNetworkProxyQuery& query)
{
    if (m_relay && m_relay->relays(query.url(), m_requestProxy))
        return {m_relay->proxy()};
    if (m_requestProxy && m_requestProxy->type() != QNetworkProxy::DefaultProxy)
        return {*m_requestProxy};
    // What QNetworkProxy::DefaultProxy meant: the application's proxy (or its factory, the system's).
    return QNetworkProxyFactory::proxyForQuery(query);
}

} // namespace Authlens::Http
