#pragma once

// The loopback redirect of a native app's browser sign-in (RFC 8252 §7.3): a tiny HTTP/1.1 listener on
// 127.0.0.1 that takes one GET of the redirect path and answers it with a page.
//
// QTcpServer rather than QOAuthHttpServerReplyHandler: Qt 6.4's handler decodes the code twice (a code with
// + / = breaks, TOOLCHAIN.md), serves only "/", writes its own page, and would pull QtNetworkAuth into the
// core; what it does here is thirty lines of request-line parsing.
#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

class QTcpServer;
class QTcpSocket;

namespace Authlens::Workspace {

class LoopbackReceiver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoopbackReceiver)
public:
    /// What to answer the browser: status and an HTML page.
    struct Page
    {
        int status = 200;
        QString html;
    };
    /// Called for the first GET of the redirect path, with the request target as received and the raw
    /// request head (for the transcript); returns the page the browser tab shows.
    using Handler = std::function<Page(const QUrl& target, const QByteArray& head)>;

    explicit LoopbackReceiver(QObject* parent = nullptr);
    ~LoopbackReceiver() override;

    /// Listens on `address`:`port` (0: any free port). False with `error` when it cannot.
    bool listen(const QHostAddress& address, quint16 port, const QString& path, Handler handler, QString* error);
    quint16 port() const;
    void close();

    /// A complete page in the app's words (title, message), escaped.
    static QString page(const QString& title, const QString& message);

private:
    void accept();
    void readFrom(QTcpSocket* socket);
    void answer(QTcpSocket* socket, int status, const QString& html);

    QTcpServer* m_server = nullptr;
    QString m_path;
    Handler m_handler;
    bool m_handled = false;
};

} // namespace Authlens::Workspace
