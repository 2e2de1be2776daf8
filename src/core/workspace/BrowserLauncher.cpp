// Workspace::openInBrowser (TokenService.h): how an interactive grant shows the user a URL. AUTHLENS_BROWSER
// names a program (with arguments of its own, split as a shell would, but never run through a shell) that
// gets the URL as its last argument: a script, another browser, or the tests' authlens_test_browser.
#include "workspace/TokenService.h"

#include <QProcess>

namespace Authlens::Workspace {

bool openInBrowser(const QUrl& url, const std::function<bool(const QUrl&)>& fallback)
{
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"http" && scheme != u"https"))
        return false; // only web pages: never a file:, javascript: or custom-scheme URL from a server's answer
    const QString command = qEnvironmentVariable("AUTHLENS_BROWSER").trimmed();
    if (!command.isEmpty()) {
        QStringList arguments = QProcess::splitCommand(command);
        if (arguments.isEmpty())
            return false;
        QProcess process;
        process.setProgram(arguments.takeFirst());
        process.setArguments(arguments << url.toString(QUrl::FullyEncoded));
        // The CLI's stdout is JSON: a browser's chatter must not land in it (its stderr stays visible).
        process.setStandardOutputFile(QProcess::nullDevice());
        process.setStandardInputFile(QProcess::nullDevice());
        return process.startDetached();
    }
    return fallback ? fallback(url) : false;
}

} // namespace Authlens::Workspace
