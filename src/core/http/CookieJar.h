#pragma once

#include "http/CookieExplainer.h"

#include <QList>
#include <QNetworkCookie>
#include <QNetworkCookieJar>

namespace Authlens::Http {

/// The client's cookie jar: one per profile. It stores and sends exactly what the cookie explainer decides
/// (explainSetCookie(), explainJarCookies()), so the verdicts an exchange records are what the client did.
/// Unlike QNetworkCookieJar it exposes every cookie (allCookies() is protected there) and keeps expired
/// cookies until they are replaced, deleted by the server or cleared: the explainer reports them as
/// "Expired" instead of letting a session vanish without a word.
class CookieJar final : public QNetworkCookieJar
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CookieJar)
public:
    explicit CookieJar(QObject* parent = nullptr);
    ~CookieJar() override;

    /// Every cookie, expired ones included, in creation order.
    QList<QNetworkCookie> cookies() const;
    void setCookies(const QList<QNetworkCookie>& cookies);
    /// Forgets every cookie.
    void clear();
    bool isEmpty() const;

    /// Carries out a Set-Cookie verdict (applySetCookie()). True when the jar changed.
    bool apply(const SetCookieVerdict& verdict);

    /// QNetworkCookieJar's interface, with the explainer's rules (for callers that only know that class).
    QList<QNetworkCookie> cookiesForUrl(const QUrl& url) const override;
    bool setCookiesFromUrl(const QList<QNetworkCookie>& cookieList, const QUrl& url) override;

Q_SIGNALS:
    /// The cookies changed (stored, deleted, cleared).
    void changed();
};

} // namespace Authlens::Http
