#pragma once

#include "http/Exchange.h"
#include "http/SecretPolicy.h"
#include "session/RequestBook.h"

#include <QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}

class QLabel;
class QProgressBar;

namespace Authlens::Gui {

class FixController;
class ProfileActions;
class RequestController;
class Session;
class TokenRefresher;
class WindowLayout;
class Workbench;
struct SessionOptions;

/// Assembles the panels — keychain banner, sidebar, composer over inspector, the findings panel in the
/// Diagnosis dock — and wires them to the session (profiles, secrets, demo API), the profile actions,
/// the request controller, the token refresher and the fix controller. Window state, the last request and the current
/// profile's id (never a secret) persist.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(QWidget* parent = nullptr);
    /// With injected services (tests: a keychain service of their own, a failing store).
    explicit MainWindow(const SessionOptions& options, QWidget* parent = nullptr);
    ~MainWindow() override;

    Session* session() const;
    ProfileActions* profileActions() const;
    /// Opens the import dialog with a file (`authlens FILE`, the desktop's "Open with").
    void openImportFile(const QString& path);
    /// Starts the in-process demo API (if not running) and loads its profiles. Reports in the status bar.
    bool startDemo();
    /// Selects a saved request by profile name and the end of its URL (e.g. "/api/profile").
    bool selectSavedRequest(const QString& profileName, const QString& urlSuffix);

protected:
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void setupStatusBar();
    void connectPanels();
    void onProfileSelected(const QString& profileId);
    void onRequestSelected(const QString& profileId, int index);
    /// A new, unsaved request in the profile (the selected one when empty).
    void newRequest(const QString& profileId);
    /// The request's own last response in the inspector and the Diagnosis panel, or their empty states.
    void showResponseOf(const RequestBook::Key& key);
    void onProfilesChanged();
    void onRunningChanged(bool running);
    void onDownloadProgress(qint64 received, qint64 total);
    void send(const Http::RequestSpec& spec);
    void prepareSend(const Http::RequestSpec& spec);
    void connectTokenRefresher();
    void onFinished(const Http::Exchange& exchange);
    void showDiagnosis(const Http::Exchange& exchange);
    void applyProfile(const QString& profileId);
    void onSecretsLoaded(const QString& profileId);
    void onSecretsFailed(const QString& profileId, const QString& message);
    void updateKeychainStatus();
    void connectProfileActions();
    QString selectedProfileId() const;
    void clearCookies();
    void showAbout();
    void showQuickSwitcher();
    void showShortcuts();
    void restoreSettings();
    void saveSettings();

    const std::unique_ptr<Ui::MainWindow> m_ui;
    Session* m_session = nullptr;
    RequestController* m_controller = nullptr;
    ProfileActions* m_actions = nullptr;
    FixController* m_fixes = nullptr;
    TokenRefresher* m_tokens = nullptr;
    Workbench* m_workbench = nullptr;
    WindowLayout* m_layout = nullptr;
    RequestBook::Key m_pendingKey; ///< the request whose answer is on its way
    bool m_savingNewRequest = false;
    QLabel* m_keychainLabel = nullptr;
    QLabel* m_progressLabel = nullptr;
    QProgressBar* m_progressBar = nullptr;
    QLabel* m_demoLabel = nullptr;
    Http::Exchange m_lastExchange; ///< what the inspector shows: "Save as HAR" saves it
    Http::SecretPolicy m_lastPolicy; ///< with the credentials of the request that produced it
    Http::SecretPolicy m_pendingPolicy; ///< of the request on its way
    QString m_pendingProfileId; ///< restored from settings; applied when that profile appears
};

} // namespace Authlens::Gui
