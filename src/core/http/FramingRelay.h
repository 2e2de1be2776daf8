#pragma once

#include "http/Http1Framing.h"

#include <QList>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QString>

#include <memory>
#include <optional>

class QThread;
class QUrl;

namespace Authlens::Http {

class RelayServer;
struct RelayShared;

/// An in-process SOCKS5 relay (RFC 1928: no authentication, CONNECT only) on 127.0.0.1 that carries the
/// plain-HTTP hops of one HttpClient and checks their HTTP/1.1 framing as the bytes pass (Http1Framing).
///
/// Why: QNetworkAccessManager (Qt 6.4) decodes chunked coding leniently and says nothing (a bad chunk size
/// simply ends the body), and its socket engine reads ECONNRESET as an orderly end of stream. Qt never shows
/// the raw bytes; a relay in between sees them and reads the server's socket itself, so a reset is a reset.
/// Qt's SOCKS5 client is transparent for HTTP: the request bytes are the same as on a direct connection.
///
/// The relay runs in its own thread: body bytes never pass through the GUI thread. It answers a CONNECT
/// only once its own connection to the server is up (or failed, with the reply code Qt maps back to the
/// same QNetworkReply error as a direct connection), so "connected" means the same as without it.
class FramingRelay final
{
    Q_DISABLE_COPY_MOVE(FramingRelay)
public:
    FramingRelay();
    ~FramingRelay();

    bool isListening() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    /// The relay as Qt's proxy setting.
    QNetworkProxy proxy() const;

    /// Whether a request to `url` goes through the relay: plain http without a proxy (the request's, else
    /// the application's or system's). When not, and the url is http, `whyNot` says why its framing is not
    /// checked.
    bool relays(const QUrl& url, const std::optional<QNetworkProxy>& requestProxy, QString* whyNot = nullptr) const;

    /// Forgets every result so far: the next ones belong to the hop that starts now (one request at a time
    /// runs per HttpClient).
    void beginHop();
    /// The results since beginHop(), oldest first. The relay parses the server's bytes before it passes
    /// them on, so a response's result is here before Qt can report that response finished.
    QList<Http1Framing::Result> takeResults();
    /// How many body bytes of the current hop the client has taken from Qt. The relay passes on at most a
    /// few MiB more (kCreditBytes): Qt's SOCKS5 engine must not be flow-controlled by the reply's read
    /// buffer (see ExchangeRun), so this is what keeps memory flat for a huge body.
    void setConsumed(qint64 bodyBytes);

private:
    std::shared_ptr<RelayShared> m_shared;
    QThread* m_thread = nullptr;
    RelayServer* m_server = nullptr;
    quint16 m_port = 0;
};

/// QNetworkAccessManager's proxy factory for an HttpClient: the request's own proxy when it has one, the
/// relay for plain http, the application's proxy (system configuration) for everything else, exactly as
/// QNetworkProxy::DefaultProxy did before (https is unchanged).
class RelayProxyFactory final : public QNetworkProxyFactory
{
public:
    explicit RelayProxyFactory(const FramingRelay* relay)
        : m_relay(relay)
    {
    }
    /// The request being sent's proxy (or none); HttpClient sets it per send (one request at a time).
    void setRequestProxy(std::optional<QNetworkProxy> proxy);
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery& query) override;

private:
    const FramingRelay* m_relay;
    std::optional<QNetworkProxy> m_requestProxy;
};

} // namespace Authlens::Http
