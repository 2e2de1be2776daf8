#include "RawHttpServer.h"

#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

#include <sys/socket.h>

namespace Authlens::Test {

namespace {
constexpr qint64 kChunk = 256 * 1024;
const char* const kBuffer = "authlens-buffer";
const char* const kStreamLeft = "authlens-stream-left";
} // namespace

RawHttpServer::RawHttpServer(QObject* parent)
    : QObject(parent)
    , m_server(std::make_unique<QTcpServer>())
{
    m_handler = [](const QByteArray&) { return simple(200, "OK", {}, "ok"); };
}

RawHttpServer::~RawHttpServer() = default;

void RawHttpServer::useTls(const QSslCertificate& certificate, const QSslKey& key)
{
    useTls(QList<QSslCertificate> {certificate}, key);
}

void RawHttpServer::useTls(const QList<QSslCertificate>& chain, const QSslKey& key)
{
    auto server = std::make_unique<QSslServer>();
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    server->setSslConfiguration(config);
    m_server = std::move(server);
    m_tls = true;
}

void RawHttpServer::requestClientCertificate(bool required, const QList<QSslCertificate>& trusted)
{
    auto* server = qobject_cast<QSslServer*>(m_server.get());
    if (!server)
        return;
    QSslConfiguration config = server->sslConfiguration();
    config.setPeerVerifyMode(required ? QSslSocket::VerifyPeer : QSslSocket::QueryPeer);
    if (!trusted.isEmpty())
        config.setCaCertificates(trusted);
    server->setSslConfiguration(config);
}

void RawHttpServer::onlyTls10()
{
    auto* server = qobject_cast<QSslServer*>(m_server.get());
    if (!server)
        return;
    // OpenSSL 3 allows TLS 1.0 only at security level 0 (SSL_CTX_set_security_level(3)), and Qt 6 has
    // deprecated QSsl::TlsV1_0: Qt's protocol stays AnyProtocol (no minimum of its own) and the OpenSSL
    // backend's SSL_CONF commands (QSslConfiguration's backend options, SSL_CONF_cmd(3)) pin the version and
    // the level. The result is a real TLS 1.0-only OpenSSL server (TestTlsProblems::tls10ServerIsReal shakes
    // hands with it in TLS 1.0): to a client whose minimum is TLS 1.2 it answers the ClientHello with the
    // fatal alert protocol_version (RFC 8446 §6.2, RFC 5246 §7.2), as such a server on the network does.
    QSslConfiguration config = server->sslConfiguration();
    config.setProtocol(QSsl::AnyProtocol);
    config.setBackendConfigurationOption("MinProtocol", QByteArray("TLSv1"));
    config.setBackendConfigurationOption("MaxProtocol", QByteArray("TLSv1"));
    config.setBackendConfigurationOption("CipherString", QByteArray("DEFAULT:@SECLEVEL=0"));
    server->setSslConfiguration(config);
}

bool RawHttpServer::listen()
{
    // QSslServer hands out a socket once its handshake is done (pendingConnectionAvailable).
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, &RawHttpServer::onNewConnection);
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 RawHttpServer::port() const
{
    return m_server->serverPort();
}

QUrl RawHttpServer::url(const QString& pathAndQuery) const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2%3")
                    .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"))
                    .arg(port())
                    .arg(pathAndQuery));
}

void RawHttpServer::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

RawHttpServer::Reply RawHttpServer::simple(int status, const QByteArray& reason,
                                           const QList<QPair<QByteArray, QByteArray>>& headers, const QByteArray& body)
{
    QByteArray raw = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const auto& h : headers)
        raw += h.first + ": " + h.second + "\r\n";
    raw += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return {raw, false, -1, 0, Reply::End::KeepOpen};
}

RawHttpServer::Reply RawHttpServer::thenEnd(const QByteArray& raw, Reply::End end)
{
    return {raw, false, -1, 0, end};
}

void RawHttpServer::endConnection(QTcpSocket* socket, Reply::End end)
{
    switch (end) {
    case Reply::End::KeepOpen:
        return;
    case Reply::End::Close:
        socket->flush();
        socket->disconnectFromHost(); // FIN once everything queued is written
        return;
    case Reply::End::Reset:
        // Everything queued goes to the kernel first (over loopback it is delivered at once); then
        // linger 0 makes close() send an RST instead of a FIN (socket(7), SO_LINGER).
        socket->flush();
        if (const qintptr fd = socket->socketDescriptor(); fd >= 0) {
            const struct linger noLinger
            {
                1, 0
            };
            ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &noLinger, sizeof noLinger);
        }
        socket->abort();
        return;
    }
}

QList<QPair<QByteArray, QByteArray>> RawHttpServer::headersOf(const QByteArray& rawRequest)
{
    QList<QPair<QByteArray, QByteArray>> out;
    const QByteArray head = rawRequest.left(rawRequest.indexOf("\r\n\r\n"));
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            out.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    return out;
}

void RawHttpServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        if (auto* tls = qobject_cast<QSslSocket*>(socket))
            m_clientCertificates.append(tls->peerCertificate());
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] { streamMore(socket); });
        if (!m_greeting.isEmpty())
            socket->write(m_greeting);
    }
}

void RawHttpServer::onReadyRead(QTcpSocket* socket)
{
    QByteArray buffer = socket->property(kBuffer).toByteArray() + socket->readAll();
    for (;;) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            break;
        qint64 length = 0;
        for (const auto& h : headersOf(buffer.left(end + 4))) {
            if (h.first.compare("Content-Length", Qt::CaseInsensitive) == 0)
                length = h.second.toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            break;
        const QByteArray request = buffer.left(end + 4 + length);
        buffer.remove(0, request.size());
        m_requests.append(request);
        const Reply reply = m_handler(request);
        if (reply.hang)
            continue;
        if (reply.streamBytes >= 0) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                          + QByteArray::number(reply.streamBytes) + "\r\n\r\n");
            socket->setProperty(kStreamLeft, reply.streamBytes);
            streamMore(socket);
        } else if (reply.dripIntervalMs > 0) {
            auto* timer = new QTimer(socket);
            auto left = std::make_shared<QByteArray>(reply.raw);
            const Reply::End end = reply.end;
            connect(timer, &QTimer::timeout, socket, [socket, timer, left, end] {
                if (left->isEmpty()) {
                    timer->stop();
                    endConnection(socket, end);
                    return;
                }
                socket->write(left->left(1));
                left->remove(0, 1);
            });
            timer->start(reply.dripIntervalMs);
        } else {
            socket->write(reply.raw);
            if (reply.end != Reply::End::KeepOpen) {
                endConnection(socket, reply.end);
                return; // the socket is gone (Reset) or going (Close): no more requests on it
            }
        }
    }
    socket->setProperty(kBuffer, buffer);
}

void RawHttpServer::streamMore(QTcpSocket* socket)
{
    qint64 left = socket->property(kStreamLeft).toLongLong();
    // Keep a few chunks queued so the socket never runs dry, without buffering the whole body.
    while (left > 0 && socket->bytesToWrite() < 4 * kChunk) {
        const qint64 n = std::min(left, kChunk);
        socket->write(QByteArray(n, 'a'));
        left -= n;
    }
    socket->setProperty(kStreamLeft, left);
}

} // namespace Authlens::Test
