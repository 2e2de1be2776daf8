#pragma once

#include "DemoRequest.h"
#include "DemoResponse.h"

#include <QAbstractHttpServer>
#include <QDateTime>
#include <QPointer>
#include <QTcpServer>

#include <functional>

QT_BEGIN_NAMESPACE
class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;
QT_END_NAMESPACE

namespace Authlens::Demo {

/// The only place that talks to QtHttpServer (a technical preview whose API changes in 6.5 and 6.8):
/// it listens on 127.0.0.1, copies each request into a DemoRequest, hands it to one handler that
/// dispatches on the path itself, and writes the DemoResponse with every header in order. It adds the
/// headers every demo response carries: Date (from the server clock), Server and Content-Length.
class DemoListener final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoListener)
public:
    using Handler = std::function<DemoResponse(const DemoRequest&)>;
    using Clock = std::function<QDateTime()>;

    DemoListener(Handler handler, Clock clock, QObject* parent = nullptr);
    ~DemoListener() override;

    /// Listens on 127.0.0.1:`port` (0 = any free port); never on another address.
    bool listenLocal(quint16 port, QString* error);
    quint16 port() const;

protected:
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;
#elif QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
    bool handleRequest(const QHttpServerRequest& request, QHttpServerResponder& responder) override;
    void missingHandler(const QHttpServerRequest& request, QHttpServerResponder&& responder) override;
#else
    bool handleRequest(const QHttpServerRequest& request, QHttpServerResponder& responder) override;
    void missingHandler(const QHttpServerRequest& request, QHttpServerResponder& responder) override;
#endif

private:
    DemoResponse respond(const DemoRequest& request) const;

    Handler m_handler;
    Clock m_clock;
    QPointer<QTcpServer> m_tcpServer;
};

} // namespace Authlens::Demo
