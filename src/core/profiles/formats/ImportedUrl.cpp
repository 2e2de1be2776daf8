#include "profiles/formats/ImportedUrl.h"

#include <QRegularExpression>

namespace Authlens::Formats {

std::optional<QUrl> parseHttpUrl(const QString& input, QString* error)
{
    const auto failWith = [error](const QString& message) -> std::optional<QUrl> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QString text = input.trimmed();
    if (text.isEmpty())
        return failWith(QStringLiteral("The URL is empty."));
    if (text.size() > 65536)
        return failWith(QStringLiteral("The URL is longer than 64 KiB."));
    // "scheme:" unless it is "host:port" (digits after the colon).
    static const QRegularExpression schemeRe(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*):(?!\\d+(?:[/?#]|$))"));
    QString withScheme = text;
    const QRegularExpressionMatch m = schemeRe.match(text);
    if (!m.hasMatch())
        withScheme = QStringLiteral("http://") + text;
    else if (const QString scheme = m.captured(1).toLower(); scheme != u"http" && scheme != u"https")
        return failWith(
            QStringLiteral("Only http:// and https:// URLs can be imported, not \"%1:\".").arg(scheme.left(32)));
    const QUrl url(withScheme, QUrl::TolerantMode);
    if (!url.isValid())
        return failWith(QStringLiteral("\"%1\" is not a valid URL: %2").arg(text.left(200), url.errorString()));
    if (url.host().isEmpty())
        return failWith(QStringLiteral("The URL \"%1\" has no host.").arg(text.left(200)));
    return url;
}

QString originText(const QUrl& url)
{
    QUrl origin;
    origin.setScheme(url.scheme().toLower());
    origin.setHost(url.host());
    const int defaultPort = origin.scheme() == u"https" ? 443 : 80;
    if (url.port() > 0 && url.port() != defaultPort)
        origin.setPort(url.port());
    return origin.toString(QUrl::FullyEncoded);
}

QString hostLabel(const QUrl& url)
{
    const int defaultPort = url.scheme().compare(u"https", Qt::CaseInsensitive) == 0 ? 443 : 80;
    if (url.port() > 0 && url.port() != defaultPort)
        return QStringLiteral("%1:%2").arg(url.host()).arg(url.port());
    return url.host();
}

QString pathAndQuery(const QUrl& url)
{
    QString out = url.path(QUrl::FullyEncoded);
    if (out.isEmpty())
        out = QStringLiteral("/");
    if (url.hasQuery())
        out += u'?' + url.query(QUrl::FullyEncoded);
    return out;
}

QString savedRequestUrl(const QUrl& url)
{
    const QString relative = pathAndQuery(url);
    if (!relative.startsWith(u"//"))
        return relative;
    QUrl absolute = url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveFragment);
    return absolute.toString(QUrl::FullyEncoded);
}

} // namespace Authlens::Formats
