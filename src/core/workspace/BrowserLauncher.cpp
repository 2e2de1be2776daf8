// Handing a sign-in URL to a browser (issue 11): AUTHLENS_BROWSER first, so that scripts and tests
// complete interactive grants without a desktop, then the caller's way (the GUI's QDesktopServices).
#include "workspace/TokenService.h"

#include <QProcess>

namespace Authlens::Workspace {

bool openInBrowser(const QUrl& url, const std::function<bool(const QUrl&)>& fallback)
{
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"http" && scheme != u"https"))
        return false; // only web pages: never a file:, javascript: or custom-scheme URL from a server's answer
    const QString command = qEnvironmentVariable("AUTHLENS_BROWSER").trimmed();
    if (!command.isEmpty())
        return QProcess::startDetached(command, {url.toString(QUrl::FullyEncoded)});
    return fallback && fallback(url);
}

} // namespace Authlens::Workspace
