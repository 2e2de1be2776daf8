#pragma once

#include <QtGlobal>

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)

#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>

namespace Authlens::Demo {

/// Writes a generated response body in chunks as the socket drains, so /bytes can send up to 256 MiB
/// without holding it in memory. It owns the responder until the body is complete or the peer is gone,
/// then deletes itself. Keeping the responder past the handler is safe in 6.4: it refers to the request
/// (gone by then) but writeBody() only touches the socket, which a QPointer guards here. Qt 6.4 only: later
/// QtHttpServer versions hide the socket (6.5) and offer writeBeginChunked/writeChunk instead (6.8). (No Q_OBJECT: it
/// has no signals or slots, and moc would not see through the version check.)
class DemoBodyStreamer final : public QObject
{
    Q_DISABLE_COPY_MOVE(DemoBodyStreamer)
public:
    /// Status line and headers (with Content-Length) must already be written to `responder`.
    static void start(QHttpServerResponder&& responder, qint64 size);

private:
    DemoBodyStreamer(QHttpServerResponder&& responder, qint64 size);
    void pump();

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    qint64 m_size = 0;
    qint64 m_written = 0;
    bool m_bodyStarted = false;
};

} // namespace Authlens::Demo

#endif
