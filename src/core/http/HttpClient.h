#pragma once

#include "http/Exchange.h"
#include "http/RequestSpec.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QNetworkAccessManager;

namespace Authlens::Http {

class CookieJar;
class ExchangeRun;
class FramingRelay;
class RelayProxyFactory;

/// Sends a RequestSpec and produces an Exchange. Follows redirects itself so every hop is recorded,
/// never lets QNAM answer an authentication challenge, binds credentials to origins.
/// One request at a time; send() while busy cancels the running one.
class HttpClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpClient)
public:
    /// The client uses `network` when given (it must outlive the client), else owns one.
    explicit HttpClient(QObject* parent = nullptr, QNetworkAccessManager* network = nullptr);
    ~HttpClient() override;

    /// The jar whose cookies are sent and which stores Set-Cookie. Per profile; not owned.
    /// nullptr (the default) uses the client's own jar. A CookieJar, so every exchange can record each
    /// jar cookie's verdict (QNetworkCookieJar hides its cookies).
    void setCookieJar(CookieJar* jar);
    CookieJar* cookieJar() const;

    void send(const RequestSpec& spec);
    void cancel();
    bool isRunning() const;
    /// The DPoP nonces the servers gave, per origin (RFC 9449 §8.2, §9): every request with a DPoP prover
    /// starts with them, so a nonce is asked for once per session and origin, not on every request.
    QHash<QString, QByteArray> dpopNonces() const { return m_dpopNonces; }

Q_SIGNALS:
    void hopStarted(int index, const QUrl& url);
    /// bytesTotal is -1 when the server sent no Content-Length.
    void downloadProgress(qint64 bytesReceived, qint64 bytesTotal);
    void finished(const Authlens::Http::Exchange& exchange);

private:
    void runFinished(const Exchange& exchange);

    /// Carries the plain-http hops and checks their framing (FramingRelay); destroyed after the manager.
    std::unique_ptr<FramingRelay> m_relay;
    RelayProxyFactory* m_proxyFactory = nullptr; ///< owned by the manager
    QNetworkAccessManager* m_network = nullptr;
    std::unique_ptr<QNetworkAccessManager> m_ownNetwork;
    CookieJar* m_ownJar = nullptr;
    QPointer<CookieJar> m_jar;
    std::unique_ptr<ExchangeRun> m_run;
    QByteArray m_connectionKey; ///< the transport settings the cached connections were opened with
    QHash<QString, QByteArray> m_dpopNonces;
    bool m_sentAny = false; ///< whether the manager has started its HTTP thread (see the destructor)
};

} // namespace Authlens::Http
