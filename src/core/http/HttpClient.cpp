#include "http/HttpClient.h"

#include "http/CookieJar.h"
#include "http/ExchangeRun.h"
#include "http/FramingRelay.h"
#include "util/ThreadExit.h"

#include <QAuthenticator>
#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QNetworkProxy>

namespace Authlens::Http {

namespace {
/// What a reused connection must have in common with the request: trust, identity, the TLS switch, the proxy.
QByteArray transportKey(const RequestSpec& spec)
{
    QByteArray key = spec.ignoreTlsErrors ? "ignore;" : "verify;";
    for (const QSslCertificate& ca : spec.transport.extraCaCertificates)
        key += ca.digest(QCryptographicHash::Sha256).toHex() + ',';
    key += ';' + spec.transport.clientCertificate.digest(QCryptographicHash::Sha256).toHex() + ';';
    if (spec.transport.proxy)
        key += proxyDisplay(*spec.transport.proxy).toUtf8() + ';' + spec.transport.proxy->user().toUtf8();
    return key;
}
} // namespace

HttpClient::HttpClient(QObject* parent, QNetworkAccessManager* network)
    : QObject(parent)
    , m_relay(std::make_unique<FramingRelay>())
    , m_network(network)
{
    if (!m_network) {
        m_ownNetwork = std::make_unique<QNetworkAccessManager>();
        m_network = m_ownNetwork.get();
    }
    // A factory, not setProxy() (they replace each other): per request, the relay for plain http, the
    // request's proxy when it has one, the application's otherwise.
    m_proxyFactory = new RelayProxyFactory(m_relay.get());
    m_network->setProxyFactory(m_proxyFactory);
    // Redirects are followed by ExchangeRun, hop by hop; QNAM's own policy stays manual.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    // QNAM answers Basic/Digest challenges itself through this signal when someone fills in the
    // authenticator. Nobody does here: the 401 is recorded as it arrived (TOOLCHAIN.md).
    m_ownJar = new CookieJar(this);
    m_jar = m_ownJar;
    // A proxy's 407 is answered with the request's proxy credentials, once (TransportOptions::proxy).
    connect(m_network, &QNetworkAccessManager::proxyAuthenticationRequired, this,
            [this](const QNetworkProxy&, QAuthenticator* authenticator) {
                if (m_run)
                    m_run->answerProxyChallenge(authenticator);
            });
}

HttpClient::~HttpClient()
{
    m_run.reset();
    // A manager that outlives the client must not ask a factory that points at the relay.
    if (!m_ownNetwork)
        m_network->setProxyFactory(nullptr);
#ifdef AUTHLENS_SANITIZED
    // QNetworkAccessManager runs HTTP in a detached QThread, and its destructor waits only until that thread's
    // run() has ended. OpenSSL frees the thread's own state (error queue, per-thread caches) later, in the
    // thread's exit handlers. When the process exits in that gap, LeakSanitizer's check at exit finds those
    // blocks unreferenced and fails the run (seen in CI: test_httpclient, 10 KB from CRYPTO_zalloc). In the
    // sanitizer build only, wait for the thread to be gone. Qt names it "QNetworkAccessManager thread"
    // (qnetworkaccessmanager.cpp, createThread()); the kernel keeps its first 15 bytes.
    if (m_ownNetwork && m_sentAny) {
        static constexpr QByteArrayView threadName = "QNetworkAccessM";
        const int before = Util::threadsNamed(threadName);
        m_ownNetwork.reset();
        if (before > 0)
            Util::waitForFewerThreadsNamed(threadName, before, std::chrono::seconds(5));
    }
#endif
}

void HttpClient::setCookieJar(CookieJar* jar)
{
    m_jar = jar ? jar : m_ownJar;
}

CookieJar* HttpClient::cookieJar() const
{
    return m_jar;
}

void HttpClient::send(const RequestSpec& spec)
{
    m_sentAny = true;
    if (m_run) {
        // A new send replaces the running one; its result would only confuse the receiver.
        m_run->disconnect(this);
        m_run->cancel();
        m_run.reset();
    }
    // One request at a time, so the manager's proxy is this request's (QNetworkRequest has none).
    m_proxyFactory->setRequestProxy(spec.transport.proxy);
    // QNAM reuses a kept-alive connection whatever TLS settings opened it: a request with other
    // trust, another client certificate or without "ignore TLS errors" must not ride on it.
    const QByteArray connectionKey = transportKey(spec);
    if (connectionKey != m_connectionKey) {
        m_network->clearConnectionCache();
        m_connectionKey = connectionKey;
    }
    RequestSpec withNonces = spec;
    for (auto it = m_dpopNonces.cbegin(); it != m_dpopNonces.cend(); ++it) {
        if (!withNonces.dpopNonces.contains(it.key()))
            withNonces.dpopNonces.insert(it.key(), it.value());
    }
    m_run = std::make_unique<ExchangeRun>(m_network, m_jar.data(), withNonces, m_relay.get());
    connect(m_run.get(), &ExchangeRun::hopStarted, this, &HttpClient::hopStarted);
    connect(m_run.get(), &ExchangeRun::downloadProgress, this, &HttpClient::downloadProgress);
    ExchangeRun* run = m_run.get();
    // Queued: the run is out of its own call stack when it is destroyed. A result that arrives
    // after a newer send() replaced the run is dropped.
    connect(
        run, &ExchangeRun::finished, this,
        [this, run](const Exchange& exchange) {
            if (m_run.get() == run)
                runFinished(exchange);
        },
        Qt::QueuedConnection);
    m_run->start();
}

void HttpClient::cancel()
{
    if (m_run)
        m_run->cancel();
}

bool HttpClient::isRunning() const
{
    return m_run && !m_run->isDone();
}

void HttpClient::runFinished(const Exchange& exchange)
{
    m_dpopNonces.insert(m_run->dpopNonces());
    m_run.reset();
    Q_EMIT finished(exchange);
}

} // namespace Authlens::Http
