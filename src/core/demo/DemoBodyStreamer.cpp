#include "DemoBodyStreamer.h"

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)

#include "DemoResponse.h"

namespace Authlens::Demo {

namespace {
// Enough in flight to keep loopback busy, little enough that a slow reader does not grow our buffers.
constexpr qint64 ChunkSize = 64 * 1024;
constexpr qint64 MaxBuffered = 4 * ChunkSize;
} // namespace

void DemoBodyStreamer::start(QHttpServerResponder&& responder, qint64 size)
{
    auto* streamer = new DemoBodyStreamer(std::move(responder), size);
    streamer->pump();
}

DemoBodyStreamer::DemoBodyStreamer(QHttpServerResponder&& responder, qint64 size)
    : m_responder(std::move(responder))
    , m_socket(m_responder.socket())
    , m_size(size)
{
    if (m_socket) {
        connect(m_socket, &QTcpSocket::bytesWritten, this, &DemoBodyStreamer::pump);
        connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
        connect(m_socket, &QObject::destroyed, this, &QObject::deleteLater);
    }
}

void DemoBodyStreamer::pump()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        deleteLater();
        return;
    }
    if (!m_bodyStarted) {
        // The first writeBody() also ends the header block, so it runs even for an empty body.
        const qint64 n = qMin(ChunkSize, m_size);
        m_responder.writeBody(DemoResponse::generatedBytes(0, n));
        m_written = n;
        m_bodyStarted = true;
    }
    while (m_written < m_size && m_socket->bytesToWrite() < MaxBuffered) {
        const qint64 n = qMin(ChunkSize, m_size - m_written);
        m_responder.writeBody(DemoResponse::generatedBytes(m_written, n));
        m_written += n;
    }
    if (m_written >= m_size) {
        disconnect(m_socket, nullptr, this, nullptr);
        deleteLater();
    }
}

} // namespace Authlens::Demo

#endif
