#include "DemoListener.h"

#include "DemoBodyStreamer.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
#endif

namespace Authlens::Demo {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    using M = QHttpServerRequest::Method;
    switch (method) {
    case M::Get:
        return QByteArrayLiteral("GET");
    case M::Put:
        return QByteArrayLiteral("PUT");
    case M::Delete:
        return QByteArrayLiteral("DELETE");
    case M::Post:
        return QByteArrayLiteral("POST");
    case M::Head:
        return QByteArrayLiteral("HEAD");
    case M::Options:
        return QByteArrayLiteral("OPTIONS");
    case M::Patch:
        return QByteArrayLiteral("PATCH");
    case M::Connect:
        return QByteArrayLiteral("CONNECT");
    case M::Trace:
        return QByteArrayLiteral("TRACE");
    default:
        return QByteArrayLiteral("UNKNOWN");
    }
}

DemoRequest toDemoRequest(const QHttpServerRequest& request)
{
    DemoRequest result;
    result.method = methodName(request.method());
    result.url = request.url();
    result.body = request.body();
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
    // 6.4–6.7: a list of (name, value) pairs in arrival order with the names as sent.
    const auto fields = request.headers();
    for (const auto& field : fields)
        result.headers.append({field.first, field.second});
#else
    // 6.8: QHttpHeaders (names normalised to lower case).
    const QHttpHeaders fields = request.headers();
    for (qsizetype i = 0; i < fields.size(); ++i)
        result.headers.append(
            {QByteArray(fields.nameAt(i).data(), fields.nameAt(i).size()), fields.valueAt(i).toByteArray()});
#endif
    return result;
}

#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
/// 6.4–6.7: the responder writes the status line, each header and the body separately, so the
/// header order (and repeated fields such as Set-Cookie) is exactly ours.
void writeHead(QHttpServerResponder& responder, const DemoResponse& response, qint64 contentLength)
{
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    for (const auto& field : response.headers)
        responder.writeHeader(field.first, field.second);
    responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(contentLength));
}
#endif

} // namespace

DemoListener::DemoListener(Handler handler, Clock clock, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_handler(std::move(handler))
    , m_clock(std::move(clock))
{
}

DemoListener::~DemoListener() = default;

bool DemoListener::listenLocal(quint16 port, QString* error)
{
    auto* tcpServer = new QTcpServer(this);
    // Loopback only: the demo API hands out tokens and echoes secrets; it must never face a network.
    if (!tcpServer->listen(QHostAddress::LocalHost, port)) {
        if (error)
            *error = QStringLiteral("cannot listen on 127.0.0.1:%1: %2").arg(port).arg(tcpServer->errorString());
        delete tcpServer;
        return false;
    }
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    if (!bind(tcpServer)) {
        if (error)
            *error = QStringLiteral("cannot bind the HTTP server to 127.0.0.1:%1").arg(port);
        delete tcpServer;
        return false;
    }
#else
    bind(tcpServer);
#endif
    m_tcpServer = tcpServer;
    return true;
}

quint16 DemoListener::port() const
{
    return m_tcpServer ? m_tcpServer->serverPort() : 0;
}

DemoResponse DemoListener::respond(const DemoRequest& request) const
{
    DemoResponse response = m_handler(request);
    response.addHeader(QByteArrayLiteral("Date"), httpDate(m_clock()));
    response.addHeader(QByteArrayLiteral("Server"), QByteArrayLiteral("authlens-demo"));
    return response;
}

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)

bool DemoListener::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    const DemoRequest demoRequest = toDemoRequest(request);
    const DemoResponse response = respond(demoRequest);
    const bool head = demoRequest.method == "HEAD";
    QHttpServerResponder responder = makeResponder(request, socket);
    if (response.generatedBodySize >= 0) {
        writeHead(responder, response, response.generatedBodySize);
        if (head)
            responder.writeBody(QByteArray());
        else
            DemoBodyStreamer::start(std::move(responder), response.generatedBodySize);
        return true;
    }
    writeHead(responder, response, response.body.size());
    // HEAD: the same header block as GET (Content-Length included) and no body (RFC 9110 §9.3.2).
    responder.writeBody(head ? QByteArray() : response.body);
    return true;
}

void DemoListener::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    // Not reached: handleRequest() answers every request. Kept as a 404 for safety.
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.write(QHttpServerResponder::StatusCode::NotFound);
}

#elif QT_VERSION < QT_VERSION_CHECK(6, 8, 0)

bool DemoListener::handleRequest(const QHttpServerRequest& request, QHttpServerResponder& responder)
{
    const DemoRequest demoRequest = toDemoRequest(request);
    DemoResponse response = respond(demoRequest);
    if (response.generatedBodySize >= 0)
        response.body = DemoResponse::generatedBytes(0, response.generatedBodySize);
    writeHead(responder, response, response.body.size());
    responder.writeBody(demoRequest.method == "HEAD" ? QByteArray() : response.body);
    return true;
}

void DemoListener::missingHandler(const QHttpServerRequest&, QHttpServerResponder&& responder)
{
    responder.write(QHttpServerResponder::StatusCode::NotFound);
}

#else

bool DemoListener::handleRequest(const QHttpServerRequest& request, QHttpServerResponder& responder)
{
    const DemoRequest demoRequest = toDemoRequest(request);
    DemoResponse response = respond(demoRequest);
    if (response.generatedBodySize >= 0)
        response.body = DemoResponse::generatedBytes(0, response.generatedBodySize);
    QHttpHeaders headers;
    for (const auto& field : response.headers)
        headers.append(field.first, field.second);
    // write() adds Content-Length itself.
    responder.write(demoRequest.method == "HEAD" ? QByteArray() : response.body, headers,
                    QHttpServerResponder::StatusCode(response.status));
    return true;
}

void DemoListener::missingHandler(const QHttpServerRequest&, QHttpServerResponder& responder)
{
    responder.write(QHttpServerResponder::StatusCode::NotFound);
}

#endif

} // namespace Authlens::Demo
