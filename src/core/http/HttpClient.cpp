#include "http/HttpClient.h"

#include "http/ExchangeRun.h"

#include <QNetworkAccessManager>
#include <QNetworkCookieJar>

namespace Authlens::Http {

HttpClient::HttpClient(QObject* parent, QNetworkAccessManager* network)
    : QObject(parent)
    , m_network(network)
{
    if (!m_network) {
        m_ownNetwork = std::make_unique<QNetworkAccessManager>();
        m_network = m_ownNetwork.get();
    }
    // Redirects are followed by ExchangeRun, hop by hop; QNAM's own policy stays manual.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    // QNAM answers Basic/Digest challenges itself through this signal when someone fills in the
    // authenticator. Nobody does here: the 401 is recorded as it arrived (TOOLCHAIN.md).
    m_ownJar = new QNetworkCookieJar(this);
    m_jar = m_ownJar;
}

HttpClient::~HttpClient() = default;

void HttpClient::setCookieJar(QNetworkCookieJar* jar)
{
    m_jar = jar ? jar : m_ownJar;
}

QNetworkCookieJar* HttpClient::cookieJar() const
{
    return m_jar;
}

void HttpClient::send(const RequestSpec& spec)
{
    if (m_run) {
        // A new send replaces the running one; its result would only confuse the receiver.
        m_run->disconnect(this);
        m_run->cancel();
        m_run.reset();
    }
    m_run = std::make_unique<ExchangeRun>(m_network, m_jar.data(), spec);
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
    m_run.reset();
    Q_EMIT finished(exchange);
}

} // namespace Authlens::Http
