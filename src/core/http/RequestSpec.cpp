#include "http/RequestSpec.h"

namespace Authlens::Http {

Origin Origin::fromUrl(const QUrl& url)
{
    Origin o;
    o.scheme = url.scheme().toLower();
    o.host = url.host(QUrl::FullyEncoded).toLower();
    int defaultPort = -1;
    if (o.scheme == u"https")
        defaultPort = 443;
    else if (o.scheme == u"http")
        defaultPort = 80;
    o.port = url.port(defaultPort);
    return o;
}

QString Origin::toString() const
{
    const bool ipv6 = host.contains(QLatin1Char(':'));
    return scheme + u"://" + (ipv6 ? u'[' + host + u']' : host) + u':' + QString::number(port);
}

bool isHttpUrl(const QUrl& url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && !url.host().isEmpty() && (scheme == u"http" || scheme == u"https");
}

QByteArray hostHeaderValue(const QUrl& url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const Origin origin = Origin::fromUrl(url);
    const bool defaultPort
        = (origin.scheme == u"http" && origin.port == 80) || (origin.scheme == u"https" && origin.port == 443);
    if (!defaultPort)
        host += ':' + QByteArray::number(origin.port);
    return host;
}

QString proxyDisplay(const QNetworkProxy& proxy)
{
    QString scheme;
    switch (proxy.type()) {
    case QNetworkProxy::HttpProxy:
    case QNetworkProxy::HttpCachingProxy:
        scheme = QStringLiteral("http");
        break;
    case QNetworkProxy::Socks5Proxy:
        scheme = QStringLiteral("socks5");
        break;
    case QNetworkProxy::NoProxy:
    case QNetworkProxy::DefaultProxy:
    case QNetworkProxy::FtpCachingProxy:
        return {};
    }
    const bool ipv6 = proxy.hostName().contains(u':');
    return scheme + u"://" + (ipv6 ? u'[' + proxy.hostName() + u']' : proxy.hostName()) + u':'
        + QString::number(proxy.port());
}

void RequestSpec::promoteCredentialHeaders()
{
    promoteCredentialHeaders(SecretPolicy::forSpec(*this));
}

void RequestSpec::promoteCredentialHeaders(const SecretPolicy& policy)
{
    HeaderList kept;
    for (const Header& h : std::as_const(headers)) {
        if (policy.isSecretHeader(h.first)) {
            credentials.append({Credential::Place::Header, h.first, h.second,
                                QStringLiteral("%1 header").arg(QString::fromLatin1(h.first)),
                                CredentialSource::UserHeader});
        } else {
            kept.append(h);
        }
    }
    headers = kept;
}

} // namespace Authlens::Http
