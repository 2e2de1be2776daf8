#include "http/CookieJar.h"

namespace Authlens::Http {

CookieJar::CookieJar(QObject* parent)
    : QNetworkCookieJar(parent)
{
}

CookieJar::~CookieJar() = default;

QList<QNetworkCookie> CookieJar::cookies() const
{
    return allCookies();
}

void CookieJar::setCookies(const QList<QNetworkCookie>& cookies)
{
    setAllCookies(cookies);
    Q_EMIT changed();
}

void CookieJar::clear()
{
    if (allCookies().isEmpty())
        return;
    setAllCookies({});
    Q_EMIT changed();
}

bool CookieJar::isEmpty() const
{
    return allCookies().isEmpty();
}

bool CookieJar::apply(const SetCookieVerdict& verdict)
{
    QList<QNetworkCookie> list = allCookies();
    if (!applySetCookie(list, verdict))
        return false;
    setAllCookies(list);
    Q_EMIT changed();
    return true;
}

QList<QNetworkCookie> CookieJar::cookiesForUrl(const QUrl& url) const
{
    return cookiesToSend(explainJarCookies(allCookies(), url, QDateTime::currentDateTimeUtc()));
}

bool CookieJar::setCookiesFromUrl(const QList<QNetworkCookie>& cookieList, const QUrl& url)
{
    bool changed = false;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QNetworkCookie& cookie : cookieList) {
        const SetCookieVerdict verdict = explainSetCookie(cookie, url, allCookies(), now);
        changed = apply(verdict) || changed;
    }
    return changed;
}

} // namespace Authlens::Http
