#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QUrl>

#include <functional>
#include <memory>

class QTcpSocket;

namespace Authlens::Test {

/// A scripted HTTP/1.1 server on 127.0.0.1 for tests that need exact bytes: it records every raw
/// request and answers with raw bytes, hangs, or streams a large body in chunks.
class RawHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RawHttpServer)
public:
    struct Reply
    {
        QByteArray raw; ///< complete response bytes (status line, headers, body)
        bool hang = false; ///< accept the request, never answer
        qint64 streamBytes = -1; ///< >= 0: answer 200 with this many bytes, written in chunks
        /// > 0: `raw` is written one byte every this many milliseconds (a dripping server).
        int dripIntervalMs = 0;
        /// What the server does once `raw` is written: keep the connection, close it (FIN), or reset it
        /// (SO_LINGER 0, then close: an RST, as a crashed or killed server process sends).
        enum class End { KeepOpen, Close, Reset };
        End end = End::KeepOpen;
    };
    using Handler = std::function<Reply(const QByteArray& rawRequest)>;

    explicit RawHttpServer(QObject* parent = nullptr);
    ~RawHttpServer() override;

    bool listen();
    /// HTTPS with this certificate and key (QSslServer); call before listen().
    void useTls(const QSslCertificate& certificate, const QSslKey& key);
    /// HTTPS sending this certificate chain (the leaf first, then intermediates) in its handshake.
    void useTls(const QList<QSslCertificate>& chain, const QSslKey& key);
    /// Restricts the TLS server to exactly TLS 1.0 (after useTls(), before listen()): a legacy server.
    void onlyTls10();
    /// Asks TLS clients for a certificate (after useTls(), before listen()). `required`: the handshake
    /// fails without one signed by (or equal to) one of `trusted`; otherwise any certificate is taken.
    void requestClientCertificate(bool required, const QList<QSslCertificate>& trusted = {});
    /// The certificate each TLS connection's client presented (a null certificate for none), in order.
    QList<QSslCertificate> clientCertificates() const { return m_clientCertificates; }
    quint16 port() const;
    QUrl url(const QString& pathAndQuery = QStringLiteral("/")) const;
    void setHandler(Handler handler);
    /// Bytes written on every new connection before any request, as servers of other protocols greet
    /// ("SSH-2.0-OpenSSH_9.2\r\n"). Empty (the default): the server waits for the request, as HTTP does.
    void setGreeting(const QByteArray& bytes) { m_greeting = bytes; }

    QList<QByteArray> requests() const { return m_requests; }
    /// Header lines of a raw request, in order, as (name, value).
    static QList<QPair<QByteArray, QByteArray>> headersOf(const QByteArray& rawRequest);

    /// `raw` written as it is, then the connection closed (End::Close) or reset (End::Reset).
    static Reply thenEnd(const QByteArray& raw, Reply::End end);
    static Reply simple(int status, const QByteArray& reason, const QList<QPair<QByteArray, QByteArray>>& headers,
                        const QByteArray& body = {});

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void streamMore(QTcpSocket* socket);
    static void endConnection(QTcpSocket* socket, Reply::End end);

    std::unique_ptr<QTcpServer> m_server;
    bool m_tls = false;
    Handler m_handler;
    QByteArray m_greeting;
    QList<QByteArray> m_requests;
    QList<QSslCertificate> m_clientCertificates;
};

} // namespace Authlens::Test
