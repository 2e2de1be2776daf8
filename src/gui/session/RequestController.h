#pragma once

#include "http/Exchange.h"
#include "http/RequestSpec.h"

#include <QHash>
#include <QObject>

namespace Authlens::Http {
class CookieJar;
class HttpClient;
} // namespace Authlens::Http

namespace Authlens::Gui {

/// Sends what the composer built: owns the HttpClient and one cookie jar per profile, so sessions of
/// different profiles never mix.
class RequestController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestController)
public:
    explicit RequestController(QObject* parent = nullptr);
    ~RequestController() override;

    /// Sends `spec` with the cookie jar of `profileId` ("" = requests without a profile).
    void send(const Http::RequestSpec& spec, const QString& profileId);
    void cancel();
    bool isRunning() const;

    /// The profile's jar (created on first use): what its requests send and store, cookie by cookie.
    Http::CookieJar* cookieJar(const QString& profileId);
    /// Forgets every cookie of the profile.
    void clearCookies(const QString& profileId);

Q_SIGNALS:
    void runningChanged(bool running);
    void hopStarted(int index, const QUrl& url);
    void downloadProgress(qint64 bytesReceived, qint64 bytesTotal);
    void finished(const Authlens::Http::Exchange& exchange);

private:
    void onFinished(const Http::Exchange& exchange);

    Http::HttpClient* m_client = nullptr;
    QHash<QString, Http::CookieJar*> m_jars;
    bool m_running = false;
};

} // namespace Authlens::Gui
