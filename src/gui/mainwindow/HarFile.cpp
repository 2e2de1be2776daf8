#include "mainwindow/HarFile.h"

#include "common/Dialogs.h"
#include "profiles/formats/HarExport.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>

namespace Authlens::Gui {

namespace {
QString harFileTr(const char* text)
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
        return harFileTr("There is no exchange to save yet: send a request first.");
    if (withSecrets
        && Dialogs::confirm(
               parent, harFileTr("Save with Secrets"), harFileTr("Save the exchange with its secrets in plain text?"),
               harFileTr("Authorization headers, cookies, API keys and tokens in bodies will be readable by "
                         "anyone who gets the file. Share the redacted HAR instead when you can."),
               harFileTr("Save with Secrets"))
            != QMessageBox::Yes)
        return {};
    const QString path = Dialogs::getSaveFileName(
        parent, withSecrets ? harFileTr("Save HAR with Secrets") : harFileTr("Save HAR"),
        QDir::home().filePath(suggestedName(exchange)), harFileTr("HTTP Archive (*.har);;All files (*)"));
    if (path.isEmpty())
        return {};
    const QByteArray document = Formats::exportHar(exchange, policy, withSecrets);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(document) != document.size() || !file.commit())
        return harFileTr("The HAR file could not be saved to %1: %2")
            .arg(QDir::toNativeSeparators(path), file.errorString());
    return withSecrets ? harFileTr("Exchange saved with its secrets to %1.").arg(QDir::toNativeSeparators(path))
                       : harFileTr("Exchange saved to %1 (secrets redacted).").arg(QDir::toNativeSeparators(path));
}

} // namespace Authlens::Gui
