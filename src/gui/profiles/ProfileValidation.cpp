#include "profiles/ProfileValidation.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>

namespace Authlens::Gui::ProfileValidation {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ProfileValidation", text);
}

} // namespace

QString nameProblem(const QString& name, const QStringList& otherNames)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return tr("Give the profile a name.");
    if (otherNames.contains(trimmed, Qt::CaseInsensitive))
        return tr("A profile with this name exists already.");
    return {};
}

QString httpUrlProblem(const QString& text, bool required)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return required ? tr("Enter a URL, e.g. https://api.example.com") : QString();
    if (trimmed.contains(QStringLiteral("{{")))
        return tr("Variables cannot be used here: type the URL itself.");
    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (scheme.isEmpty())
        return tr("Add the scheme: https://%1").arg(trimmed);
    if (scheme != u"http" && scheme != u"https")
        return tr("Only http and https URLs are allowed, not “%1:”.").arg(scheme);
    if (!url.isValid() || url.host().isEmpty())
        return tr("This is not a valid URL.");
    return {};
}

Origins parseOrigins(const QString& text)
{
    Origins result;
    const QStringList lines = text.split(QRegularExpression(QStringLiteral("[\\n,]")));
    int lineNumber = 0;
    for (const QString& raw : lines) {
        ++lineNumber;
        const QString line = raw.trimmed();
        if (line.isEmpty())
            continue;
        const QUrl url(line, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        QString problem;
        if (scheme != u"http" && scheme != u"https")
            problem = tr("“%1” is not an http or https origin.").arg(line);
        else if (!url.isValid() || url.host().isEmpty())
            problem = tr("“%1” is not a valid origin.").arg(line);
        else if (!url.userInfo().isEmpty() || (!url.path().isEmpty() && url.path() != u"/") || url.hasQuery()
                 || url.hasFragment())
            problem = tr("“%1” is more than an origin: use scheme://host[:port] without a path.").arg(line);
        if (!problem.isEmpty()) {
            result.problem = problem;
            result.origins.clear();
            return result;
        }
        const Http::Origin origin = Http::Origin::fromUrl(url);
        if (!result.origins.contains(origin))
            result.origins.append(origin);
    }
    return result;
}

QString originText(const Http::Origin& origin)
{
    const bool defaultPort
        = (origin.scheme == u"https" && origin.port == 443) || (origin.scheme == u"http" && origin.port == 80);
    const QString host = origin.host.contains(u':') ? u'[' + origin.host + u']' : origin.host;
    const QString text = origin.scheme + u"://" + host;
    return defaultPort ? text : text + u':' + QString::number(origin.port);
}

QStringList splitList(const QString& text)
{
    return text.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
}

QString proxyProblem(Profiles::ProxySettings::Mode mode, const QString& host, int port)
{
    if (mode != Profiles::ProxySettings::Mode::Http && mode != Profiles::ProxySettings::Mode::Socks5)
        return {};
    if (host.trimmed().isEmpty())
        return tr("Enter the proxy's host name or address.");
    if (host.trimmed().contains(QRegularExpression(QStringLiteral("[\\s/]"))))
        return tr("Enter only the host, without scheme or path.");
    if (port <= 0)
        return tr("Enter the proxy's port.");
    return {};
}

} // namespace Authlens::Gui::ProfileValidation
