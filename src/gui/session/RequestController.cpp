#include "session/RequestController.h"

#include "http/CookieJar.h"
#include "http/HttpClient.h"

namespace Authlens::Gui {

RequestController::RequestController(QObject* parent)
    : QObject(parent)
    , m_client(new Http::HttpClient(this))
{
    connect(m_client, &Http::HttpClient::hopStarted, this, &RequestController::hopStarted);
    connect(m_client, &Http::HttpClient::downloadProgress, this, &RequestController::downloadProgress);
    connect(m_client, &Http::HttpClient::finished, this, &RequestController::onFinished);
}

RequestController::~RequestController() = default;

Http::CookieJar* RequestController::cookieJar(const QString& profileId)
{
    Http::CookieJar*& jar = m_jars[profileId];
    if (!jar)
        jar = new Http::CookieJar(this);
    return jar;
}

void RequestController::clearCookies(const QString& profileId)
{
    Http::CookieJar* jar = m_jars.take(profileId);
    if (!jar)
        return;
    if (m_client->cookieJar() == jar)
        m_client->setCookieJar(cookieJar(profileId));
    jar->deleteLater();
}

void RequestController::send(const Http::RequestSpec& spec, const QString& profileId)
{
    if (m_running)
        return;
    m_client->setCookieJar(cookieJar(profileId));
    m_running = true;
    Q_EMIT runningChanged(true);
    // May finish synchronously (e.g. an invalid request): onFinished() then resets the state.
    m_client->send(spec);
}

void RequestController::cancel()
{
    if (m_running)
        m_client->cancel();
}

bool RequestController::isRunning() const
{
    return m_running;
}

void RequestController::onFinished(const Http::Exchange& exchange)
{
    m_running = false;
    Q_EMIT runningChanged(false);
    Q_EMIT finished(exchange);
}

} // namespace Authlens::Gui
