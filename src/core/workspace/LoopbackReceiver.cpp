#include "workspace/LoopbackReceiver.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace Authlens::Workspace {

namespace {

// A browser's GET with its headers is a few KiB; past this the connection is dropped.
constexpr qsizetype MaxRequestHead = 32 * 1024;
// A connection that sends nothing usable this long is closed (a browser's speculative preconnect).
constexpr int IdleMilliseconds = 15000;

QByteArray reasonOf(int status)
{
    switch (status) {
    case 200:
        return QByteArrayLiteral("OK");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 410:
        return QByteArrayLiteral("Gone");
    default:
        return QByteArrayLiteral("Status");
    }
}

} // namespace

LoopbackReceiver::LoopbackReceiver(QObject* parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &LoopbackReceiver::accept);
}

LoopbackReceiver::~LoopbackReceiver()
{
    close();
}

bool LoopbackReceiver::listen(const QHostAddress& address, quint16 port, const QString& path, Handler handler,
                              QString* error)
{
    m_path = path.isEmpty() ? QStringLiteral("/") : path;
    m_handler = std::move(handler);
    m_handled = false;
    if (!m_server->listen(address, port)) {
        if (error)
            *error = m_server->errorString();
        return false;
    }
    return true;
}

quint16 LoopbackReceiver::port() const
{
    return m_server->serverPort();
}

void LoopbackReceiver::close()
{
    m_server->close();
}

QString LoopbackReceiver::page(const QString& title, const QString& message)
{
    return QStringLiteral("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%1 · Authlens</title>"
                          "<style>body{font-family:sans-serif;max-width:36em;margin:4em auto;color:#222}"
                          "h1{font-size:1.4em}</style></head><body><h1>%1</h1><p>%2</p></body></html>")
        .arg(title.toHtmlEscaped(), message.toHtmlEscaped());
}

void LoopbackReceiver::accept()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        // Not the server's child: a page being written survives the receiver closing right after the callback.
        socket->setParent(nullptr);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
        QTimer::singleShot(IdleMilliseconds, socket, [socket] { socket->abort(); });
    }
}

void LoopbackReceiver::readFrom(QTcpSocket* socket)
{
    if (socket->property("answered").toBool())
        return;
    QByteArray head = socket->property("head").toByteArray() + socket->readAll();
    if (head.size() > MaxRequestHead) {
        answer(socket, 400, page(QStringLiteral("Bad request"), QStringLiteral("The request is too large.")));
        return;
    }
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0) {
        socket->setProperty("head", head);
        return;
    }
    head.truncate(end);
    // The request line (RFC 9112 §3): METHOD SP request-target SP HTTP-version.
    const QList<QByteArray> parts = head.left(head.indexOf("\r\n") < 0 ? head.size() : head.indexOf("\r\n")).split(' ');
    if (parts.size() != 3 || !parts.at(2).startsWith("HTTP/1.")) {
        answer(socket, 400, page(QStringLiteral("Bad request"), QStringLiteral("This is not an HTTP/1.1 request.")));
        return;
    }
    const QUrl target = QUrl::fromEncoded(parts.at(1));
    if (parts.at(0) != "GET" || target.path() != m_path) {
        // favicon.ico and the like: not the redirect.
        answer(socket, parts.at(0) == "GET" ? 404 : 405,
               page(QStringLiteral("Not here"),
                    QStringLiteral("Authlens waits for the sign-in redirect at %1 only.").arg(m_path)));
        return;
    }
    if (m_handled) {
        // The redirect is taken once: a reload of the tab must not run the flow again.
        answer(socket, 410,
               page(QStringLiteral("Already done"),
                    QStringLiteral("Authlens has already received this sign-in. You can close this tab.")));
        return;
    }
    m_handled = true;
    const Page result = m_handler ? m_handler(target, head) : Page {404, QString()};
    answer(socket, result.status, result.html);
}

void LoopbackReceiver::answer(QTcpSocket* socket, int status, const QString& html)
{
    socket->setProperty("answered", true);
    const QByteArray body = html.toUtf8();
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonOf(status) + "\r\n";
    response += "Content-Type: text/html; charset=utf-8\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    // The page may echo what the server said: nothing is cached, nothing is framed, no referrer leaks the URL.
    response += "Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\n";
    response += "Connection: close\r\n\r\n";
    socket->write(response + body);
    socket->disconnectFromHost();
}

} // namespace Authlens::Workspace
