#pragma once

#include "ProcessRun.h"
#include "mainwindow/MainWindow.h"
#include "profiles/Profile.h"
#include "profiles/SecretStore.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

#include <memory>

class QPushButton;

namespace Authlens::Gui {
class DiagnosisPanel;
class Session;
class TokenRefresher;
} // namespace Authlens::Gui

// Helpers shared by the GUI tests of profiles, the keychain and the share dialogs.
namespace Authlens::Test {

/// Points this process's QSettings (user scope) at a folder of its own, deleted at exit. GUI tests run
/// in parallel: with one shared settings file, one test's clear() or saved window state would land in
/// another's "restart" check. Call in initTestCase(), before any QSettings is used.
void isolateSettings();

/// Saves `widget` as <build>/screenshots/<name>. False when it could not be written.
bool saveScreenshot(QWidget* widget, const QString& name);

/// The visible dialog of type T that `parent` owns, waiting up to 5 s for it to appear.
template <typename T> T* waitForDialog(QWidget* parent)
{
    T* found = nullptr;
    [[maybe_unused]] const bool appeared = QTest::qWaitFor(
        [&] {
            const QList<T*> all = parent->findChildren<T*>();
            for (T* candidate : all) {
                if (candidate->isVisible())
                    found = candidate;
            }
            return found != nullptr;
        },
        5000);
    return found;
}

/// Session::saveProfile, waited for. Returns the id, or empty with `error` set.
QString saveProfile(Gui::Session* session, const Profiles::Profile& profile, QString* error);

/// Files under `directory` (recursively) whose bytes contain `needle`.
QStringList filesContaining(const QString& directory, const QByteArray& needle);

/// The fixture of the window-level GUI tests: a MainWindow on a memory keychain and the in-process demo
/// API, made fresh for each test function. A test class derives from it and calls prepareApplication()
/// in initTestCase(), openWindow() in init() and closeWindow() in cleanup(). It has no slots, so Qt Test
/// runs only the derived class's own.
class DemoWindowTest : public QObject
{
protected:
    /// Test mode for QStandardPaths, settings of this process's own, the application's names, a data
    /// folder of its own (AUTHLENS_DATA_DIR) and dialogs answered by the test.
    void prepareApplication();
    /// Clears the settings and the saved profiles; a MainWindow whose keychain is a MemorySecretStore
    /// (m_store), shown at 1400×900, with the demo API started.
    void openWindow();
    void closeWindow();
    /// Closes the window as quitting does (its settings saved) and opens a new one on the same settings.
    void reopenWindow();
    /// A MainWindow on the test's profile folder and a memory keychain, shown at 1400×900, the demo started.
    void showDemoWindow();

    template <typename T> T* child(QObject* parent, const char* name) const
    {
        T* widget = parent->findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no widget named %s", name);
        return widget;
    }
    template <typename T> T* child(const char* name) const { return child<T>(m_window.get(), name); }
    Gui::DiagnosisPanel* panel() const;
    Gui::TokenRefresher* tokens() const;
    /// The response inspector's status line.
    QString inspectorStatus() const;
    /// Picks a saved request, clicks Send and waits for the request's answer (RequestController::finished).
    void sendSaved(const QString& profile, const QString& path);
    /// The button of `fixId` on the card of `code`, or nullptr.
    QPushButton* fixButton(const QString& code, const QString& fixId) const;
    /// A secret as the window's keychain holds it ("" when absent).
    QString storedSecret(const QString& key) const;

    QTemporaryDir m_dataDir;
    std::unique_ptr<Gui::MainWindow> m_window;
    QPointer<Profiles::MemorySecretStore> m_store;
};

} // namespace Authlens::Test
