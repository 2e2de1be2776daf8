#include "mainwindow/HarFile.h"

#include "common/Dialogs.h"
#include "profiles/formats/HarExport.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>

namespace Authlens::Gui {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Authlens::Gui::HarFile", text);
}
} // namespace

QString HarFile::suggestedName(const Http::Exchange& exchange)
{
    if (exchange.hops.isEmpty())
        return QStringLiteral("exchange.har");
    const Http::Hop& last = exchange.hops.constLast();
    QString host = last.request.url.host();
    host.replace(u':', u'_'); // IPv6
    const QString status = last.response.received ? QString::number(last.response.status) : QStringLiteral("error");
    return QStringLiteral("%1-%2.har").arg(host.isEmpty() ? QStringLiteral("exchange") : host, status);
}

QString HarFile::save(QWidget* parent, const Http::Exchange& exchange, const Http::SecretPolicy& policy,
                      bool withSecrets)
{
    if (exchange.hops.isEmpty())
        return tr("There is no exchange to save yet: send a request first.");
    if (withSecrets
        && Dialogs::confirm(parent, tr("Save with Secrets"), tr("Save the exchange with its secrets in plain text?"),
                            tr("Authorization headers, cookies, API keys and tokens in bodies will be readable by "
                               "anyone who gets the file. Share the redacted HAR instead when you can."),
                            tr("Save with Secrets"))
            != QMessageBox::Yes)
        return {};
    const QString path = Dialogs::getSaveFileName(parent, withSecrets ? tr("Save HAR with Secrets") : tr("Save HAR"),
                                                  QDir::home().filePath(suggestedName(exchange)),
                                                  tr("HTTP Archive (*.har);;All files (*)"));
    if (path.isEmpty())
        return {};
    const QByteArray document = Formats::exportHar(exchange, policy, withSecrets);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(document) != document.size() || !file.commit())
        return tr("The HAR file could not be saved to %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return withSecrets ? tr("Exchange saved with its secrets to %1.").arg(QDir::toNativeSeparators(path))
                       : tr("Exchange saved to %1 (secrets redacted).").arg(QDir::toNativeSeparators(path));
}

} // namespace Authlens::Gui
