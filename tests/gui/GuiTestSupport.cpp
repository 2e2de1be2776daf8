#include "GuiTestSupport.h"

#include "common/Dialogs.h"
#include "diagnosis/DiagnosisPanel.h"
#include "diagnosis/FindingCard.h"
#include "oauth/TokenRefresher.h"
#include "session/RequestController.h"
#include "session/Session.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
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

void DemoWindowTest::prepareApplication()
{
    QStandardPaths::setTestModeEnabled(true);
    isolateSettings();
    QCoreApplication::setOrganizationName(QStringLiteral("Authlens"));
    QCoreApplication::setApplicationName(QStringLiteral("Authlens"));
    QVERIFY(m_dataDir.isValid());
    qputenv("AUTHLENS_DATA_DIR", QFile::encodeName(m_dataDir.path()));
    Gui::Dialogs::setTestMode(true);
}

void DemoWindowTest::openWindow()
{
    QSettings().clear();
    QDir(m_dataDir.path() + QStringLiteral("/profiles")).removeRecursively();
    showDemoWindow();
}

void DemoWindowTest::reopenWindow()
{
    m_window.reset(); // saves the window's settings, as quitting does
    showDemoWindow();
}

void DemoWindowTest::showDemoWindow()
{
    Gui::SessionOptions options;
    options.profileDirectory = m_dataDir.path() + QStringLiteral("/profiles");
    options.keychain = [this](QObject* parent) {
        m_store = new Profiles::MemorySecretStore(parent);
        return m_store.data();
    };
    m_window = std::make_unique<Gui::MainWindow>(options);
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->startDemo());
}

void DemoWindowTest::closeWindow()
{
    m_window.reset();
    QSettings().clear();
}

Gui::DiagnosisPanel* DemoWindowTest::panel() const
{
    return child<Gui::DiagnosisPanel>("diagnosisPanel");
}

Gui::TokenRefresher* DemoWindowTest::tokens() const
{
    return m_window->findChild<Gui::TokenRefresher*>();
}

QString DemoWindowTest::inspectorStatus() const
{
    return child<QLabel>("statusLabel")->text();
}

void DemoWindowTest::sendSaved(const QString& profile, const QString& path)
{
    QVERIFY2(m_window->selectSavedRequest(profile, path), qPrintable(profile + path));
    QSignalSpy finished(m_window->findChild<Gui::RequestController*>(), &Gui::RequestController::finished);
    QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
}

QPushButton* DemoWindowTest::fixButton(const QString& code, const QString& fixId) const
{
    const Gui::FindingCard* card = panel()->card(code);
    if (!card)
        return nullptr;
    const QList<QPushButton*> buttons = card->fixButtons();
    for (QPushButton* button : buttons) {
        if (button->property("fixId").toString() == fixId)
            return button;
    }
    return nullptr;
}

QString DemoWindowTest::storedSecret(const QString& key) const
{
    QString value;
    bool done = false;
    QObject context;
    m_store->read(key, &context, [&](const Profiles::SecretResult& result) {
        value = result.ok() ? result.value : QString();
        done = true;
    });
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return done; }, 5000);
    return value;
}

} // namespace Authlens::Test
