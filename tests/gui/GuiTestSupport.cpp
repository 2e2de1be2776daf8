#include "GuiTestSupport.h"

#include "session/Session.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>

namespace Authlens::Test {

void isolateSettings()
{
    static QTemporaryDir folder;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, folder.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder.path());
}

bool saveScreenshot(QWidget* widget, const QString& name)
{
    const QString dir = QStringLiteral(AUTHLENS_BUILD_DIR "/screenshots");
    // Lay out what changed just before (a banner's new text) so the picture shows the final state.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    return QDir().mkpath(dir) && widget->grab().save(dir + u'/' + name);
}

QString saveProfile(Gui::Session* session, const Profiles::Profile& profile, QString* error)
{
    bool done = false;
    QString id;
    QObject context;
    session->saveProfile(profile, &context, [&](const QString& savedId, const QString& message) {
        id = savedId;
        *error = message;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 15000))
        *error = QStringLiteral("saveProfile did not answer");
    return id;
}

QStringList filesContaining(const QString& directory, const QByteArray& needle)
{
    QStringList hits;
    QDirIterator it(directory, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            hits.append(file.fileName());
    }
    return hits;
}

QString secretToolLookup(const QString& service, const QString& key)
{
    QProcess process;
    process.start(QStringLiteral("secret-tool"),
                  {QStringLiteral("lookup"), QStringLiteral("server"), service, QStringLiteral("user"), key});
    if (!process.waitForFinished(10000))
        return QStringLiteral("<secret-tool did not finish>");
    return QString::fromUtf8(process.readAllStandardOutput());
}

} // namespace Authlens::Test
