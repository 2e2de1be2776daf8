#include "mainwindow/MainWindow.h"

#include "mainwindow/HarFile.h"
#include "mainwindow/SwitcherEntries.h"
#include "mainwindow/WindowLayout.h"
#include "mainwindow/Workbench.h"

#include "common/DisplayFormat.h"
#include "common/QuickSwitcher.h"
#include "common/ShortcutSheet.h"
#include "common/StatusPalette.h"
#include "composer/RequestDraft.h"
#include "diagnosis/FixController.h"
#include "oauth/ResendResult.h"
#include "oauth/TokenRefresher.h"
#include "profiles/KeychainBanner.h"
#include "profiles/ProfileActions.h"
#include "session/RequestController.h"
#include "session/Session.h"
#include "ui_MainWindow.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QResizeEvent>
#include <QScreen>
#include <QSettings>
#include <QSplitter>

#include <algorithm>

namespace Authlens::Gui {

namespace {

// QSettings keys.
const QString LastRequestKey = QStringLiteral("request/last");
const QString DraftsKey = QStringLiteral("request/drafts");
constexpr int StatusMessageMs = 6000;

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : MainWindow(SessionOptions(), parent)
{
}

MainWindow::MainWindow(const SessionOptions& options, QWidget* parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_session(new Session(options, this))
    , m_controller(new RequestController(this))
    , m_actions(new ProfileActions(m_session, this))
{
    m_ui->setupUi(this);
    m_workbench = new Workbench(m_ui->composer, m_ui->sidebar, m_session, this);
    m_layout = new WindowLayout({this, m_ui->mainSplitter, m_ui->workSplitter, m_ui->sidebar, m_ui->composer,
                                 m_ui->inspector, m_ui->diagnosisDock, m_ui->diagnosisPanel, m_ui->actionShowSidebar},
                                this);
    QAction* toggleDock = m_ui->diagnosisDock->toggleViewAction();
    toggleDock->setText(tr("&Diagnosis Panel"));
    toggleDock->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+D")));
    m_ui->menuView->addAction(toggleDock);
    bindKeychainBanner(m_ui->keychainBanner, m_session->secrets());
    setupStatusBar();
    connectPanels();
    connectProfileActions();
    restoreSettings();
    // After restoreSettings(): the last session's profile is selected when it appears.
    m_session->loadStoredProfiles();
    updateKeychainStatus();
}

MainWindow::~MainWindow()
{
    saveSettings();
}

Session* MainWindow::session() const
{
    return m_session;
}

ProfileActions* MainWindow::profileActions() const
{
    return m_actions;
}

void MainWindow::openImportFile(const QString& path)
{
    m_actions->importFile(path);
}

void MainWindow::setupStatusBar()
{
    m_progressLabel = new QLabel(this);
    m_progressLabel->setObjectName(QStringLiteral("progressLabel"));
    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(QStringLiteral("progressBar"));
    m_progressBar->setMaximumWidth(160);
    m_progressBar->setMaximumHeight(14);
    m_progressBar->setTextVisible(false);
    m_progressBar->hide();
    m_demoLabel = new QLabel(this);
    m_demoLabel->setObjectName(QStringLiteral("demoLabel"));
    m_demoLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_demoLabel->setText(tr("Demo API not running"));
    m_keychainLabel = new QLabel(this);
    m_keychainLabel->setObjectName(QStringLiteral("keychainLabel"));
    statusBar()->addWidget(m_progressLabel);
    statusBar()->addWidget(m_progressBar);
    statusBar()->addPermanentWidget(m_keychainLabel);
    statusBar()->addPermanentWidget(m_demoLabel);
}

void MainWindow::connectPanels()
{
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionSend, &QAction::triggered, m_ui->composer, &RequestComposer::requestSend);
    connect(m_ui->actionCancel, &QAction::triggered, m_controller, &RequestController::cancel);
    connect(m_ui->actionFocusUrl, &QAction::triggered, m_ui->composer, &RequestComposer::focusUrl);
    connect(m_ui->actionClearCookies, &QAction::triggered, this, &MainWindow::clearCookies);
    connect(m_ui->actionStartDemo, &QAction::triggered, this, &MainWindow::startDemo);
    connect(m_ui->actionFindInSidebar, &QAction::triggered, this, [this] {
        m_layout->revealSidebar();
        m_ui->sidebar->focusFilter();
    });
    connect(m_ui->actionQuickSwitch, &QAction::triggered, this, &MainWindow::showQuickSwitcher);
    connect(m_ui->actionShortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);

    connect(m_ui->sidebar, &SidebarPanel::profileSelected, this, &MainWindow::onProfileSelected);
    connect(m_ui->sidebar, &SidebarPanel::requestSelected, this, &MainWindow::onRequestSelected);
    connect(m_ui->sidebar, &SidebarPanel::demoRequested, this, &MainWindow::startDemo);
    connect(m_session, &Session::profilesChanged, this, &MainWindow::onProfilesChanged);
    connect(m_session, &Session::demoStarted, this, [this](const QUrl& url) {
        m_demoLabel->setText(tr("Demo API: %1").arg(url.toDisplayString()));
        // Running already: nothing to start.
        m_ui->actionStartDemo->setEnabled(false);
        m_ui->actionStartDemo->setText(tr("Demo API Running"));
        m_ui->diagnosisPanel->setDemoRunning(true);
    });

    m_tokens = new TokenRefresher(m_ui->composer, m_controller, m_session, m_ui->diagnosisPanel, this);
    m_fixes = new FixController(
        {m_ui->composer, m_controller, m_session, m_ui->diagnosisPanel, m_ui->inspector, this, m_tokens}, this);
    connectTokenRefresher();
    m_ui->menuRequest->addAction(m_fixes->setUpOAuthAction()); // issue 11: the setup on the user's word
    // Keys the user fetched for a token (the Token tab's verify, or the findings' action) judge its
    // signature in the diagnosis of the shown exchange, and of every later one.
    connect(m_ui->inspector, &ResponseInspector::issuerKeysFound, this, [this](const Jwt::KeySet& keys) {
        m_fixes->addKeys(keys);
        if (!m_lastExchange.hops.isEmpty())
            showDiagnosis(m_lastExchange);
    });
    connect(m_ui->composer, &RequestComposer::sendRequested, this, &MainWindow::send);
    connect(m_fixes, &FixController::sendRequested, this, &MainWindow::send);
    connect(m_fixes, &FixController::fixCompared, m_ui->inspector, &ResponseInspector::showResend);
    connect(m_fixes, &FixController::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, StatusMessageMs); });
    connect(m_ui->diagnosisPanel, &DiagnosisPanel::evidenceActivated, m_ui->inspector,
            &ResponseInspector::showEvidence);
    // The status line takes the diagnosis' verdict: a 200 that is a login page is not success green.
    connect(m_ui->diagnosisPanel, &DiagnosisPanel::verdictChanged, m_ui->inspector, &ResponseInspector::setVerdict);
    connect(m_ui->composer, &RequestComposer::cancelRequested, m_controller, &RequestController::cancel);
    connect(m_controller, &RequestController::runningChanged, this, &MainWindow::onRunningChanged);
    connect(m_controller, &RequestController::hopStarted, m_ui->inspector, &ResponseInspector::showHopStarted);
    connect(m_controller, &RequestController::downloadProgress, this, &MainWindow::onDownloadProgress);
    connect(m_controller, &RequestController::finished, this, &MainWindow::onFinished);

    const auto saveHar = [this](bool withSecrets) {
        const QString message = HarFile::save(this, m_lastExchange, m_lastPolicy, withSecrets);
        if (!message.isEmpty())
            statusBar()->showMessage(message, StatusMessageMs);
    };
    connect(m_ui->actionSaveHar, &QAction::triggered, this, [saveHar] { saveHar(false); });
    connect(m_ui->inspector, &ResponseInspector::saveHarRequested, this, saveHar);
    connect(m_ui->actionCopyCurl, &QAction::triggered, this,
            [this] { m_ui->composer->copyAsCurl(Formats::CurlExportOptions::Shell::Bash, false); });
    connect(m_ui->composer, &RequestComposer::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, StatusMessageMs); });
}

void MainWindow::connectTokenRefresher()
{
    // "Refresh token & resend", "Get a new token" and the sends of profiles that refresh before sending run
    // the core flow: its requests show like any other, then the comparison opens in the inspector.
    connect(m_ui->actionCancel, &QAction::triggered, m_tokens, &TokenRefresher::cancel);
    connect(m_ui->composer, &RequestComposer::cancelRequested, m_tokens, &TokenRefresher::cancel);
    connect(m_tokens, &TokenRefresher::runningChanged, this, &MainWindow::onRunningChanged);
    connect(m_tokens, &TokenRefresher::sendStarted, this, &MainWindow::prepareSend);
    connect(m_tokens, &TokenRefresher::hopStarted, m_ui->inspector, &ResponseInspector::showHopStarted);
    connect(m_tokens, &TokenRefresher::exchangeFinished, this, &MainWindow::onFinished);
    connect(m_tokens, &TokenRefresher::resendFinished, m_ui->inspector, &ResponseInspector::showResend);
    connect(m_tokens, &TokenRefresher::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, StatusMessageMs); });
}

void MainWindow::connectProfileActions()
{
    SidebarPanel* sidebar = m_ui->sidebar;
    connect(sidebar, &SidebarPanel::newProfileRequested, m_actions, &ProfileActions::newProfile);
    connect(sidebar, &SidebarPanel::importRequested, this, [this] { m_actions->importFile(); });
    connect(sidebar, &SidebarPanel::editProfileRequested, m_actions, &ProfileActions::editProfile);
    connect(sidebar, &SidebarPanel::duplicateProfileRequested, this,
            [this](const QString& id) { m_actions->duplicateProfile(id); });
    connect(sidebar, &SidebarPanel::deleteProfileRequested, m_actions, &ProfileActions::deleteProfile);
    connect(sidebar, &SidebarPanel::renameProfileRequested, m_actions, &ProfileActions::renameProfile);
    connect(sidebar, &SidebarPanel::exportProfileRequested, this,
            [this](const QString& id) { m_actions->exportProfiles({id}); });
    connect(sidebar, &SidebarPanel::deleteRequestRequested, m_actions, &ProfileActions::deleteRequest);
    connect(m_ui->actionNewProfile, &QAction::triggered, m_actions, &ProfileActions::newProfile);
    connect(m_ui->actionEditProfile, &QAction::triggered, this,
            [this] { m_actions->editProfile(selectedProfileId()); });
    connect(m_ui->actionImport, &QAction::triggered, this, [this] { m_actions->importFile(); });
    connect(m_ui->actionExport, &QAction::triggered, this, [this] {
        const Profiles::Profile* p = m_session->findProfile(selectedProfileId());
        m_actions->exportProfiles(p && !p->demo ? QStringList {p->id} : QStringList());
    });
    const auto saveRequest = [this](bool asNew) {
        m_savingNewRequest = m_workbench->currentKey().requestId.isEmpty();
        m_actions->saveRequest(m_ui->composer, asNew);
    };
    connect(m_ui->actionSaveRequest, &QAction::triggered, this, [saveRequest] { saveRequest(false); });
    connect(m_ui->actionSaveRequestAs, &QAction::triggered, this, [saveRequest] { saveRequest(true); });
    connect(m_ui->composer, &RequestComposer::saveRequested, this, [saveRequest] { saveRequest(false); });
    connect(sidebar, &SidebarPanel::newRequestRequested, this, &MainWindow::newRequest);
    connect(m_ui->actionNewRequest, &QAction::triggered, this, [this] { newRequest({}); });
    connect(m_actions, &ProfileActions::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, StatusMessageMs); });
    connect(m_actions, &ProfileActions::profileCreated, sidebar, &SidebarPanel::selectProfile);
    connect(m_actions, &ProfileActions::requestSaved, this, [this](const QString& id, int index) {
        {
            const QSignalBlocker blocker(m_ui->sidebar); // the composer already shows it
            m_ui->sidebar->selectRequest(id, index);
        }
        if (m_savingNewRequest) // a new request became a saved one: its draft is what was saved
            m_workbench->book()->discardDraft({id, QString()});
        m_savingNewRequest = false;
        m_workbench->refreshCurrent();
    });
    connect(m_session, &Session::loadErrorsChanged, this,
            [this] { m_ui->sidebar->setLoadErrors(m_session->loadErrors(), m_session->store().directory()); });
    connect(m_session, &Session::secretsLoaded, this, &MainWindow::onSecretsLoaded);
    connect(m_session, &Session::secretsFailed, this, &MainWindow::onSecretsFailed);
    connect(m_session, &Session::profileSaved, this, [this](const QString& id) {
        if (m_ui->composer->profileId() == id) {
            applyProfile(id); // the editor changed its auth: show the stored values
            // A saved request with auth of its own keeps showing that, as stored now.
            const Profiles::Profile* profile = m_session->findProfile(id);
            const QString requestId = m_ui->composer->savedRequestId();
            for (const Profiles::SavedRequest& r : profile ? profile->requests : QList<Profiles::SavedRequest>()) {
                if (!requestId.isEmpty() && r.id == requestId)
                    m_ui->composer->showSavedRequestAuth(r);
            }
        }
    });
    connect(m_session->secrets(), &SecretsManager::stateChanged, this, &MainWindow::updateKeychainStatus);
}

QString MainWindow::selectedProfileId() const
{
    const QString selected = m_ui->sidebar->selectedProfileId();
    return selected.isEmpty() ? m_ui->composer->profileId() : selected;
}

void MainWindow::updateKeychainStatus()
{
    m_keychainLabel->setText(m_session->secrets()->statusText());
    m_keychainLabel->setToolTip(m_session->secrets()->description());
    m_ui->bannerArea->setVisible(!m_ui->keychainBanner->isHidden());
}

bool MainWindow::startDemo()
{
    QString error;
    if (!m_session->startDemo(&error)) {
        statusBar()->showMessage(tr("The demo API could not start: %1").arg(error), StatusMessageMs);
        return false;
    }
    statusBar()->showMessage(
        tr("Demo API running at %1 — pick a request in the sidebar.").arg(m_session->demoUrl().toDisplayString()),
        StatusMessageMs);
    return true;
}

bool MainWindow::selectSavedRequest(const QString& profileName, const QString& urlSuffix)
{
    const Profiles::Profile* profile = m_session->findProfileByName(profileName);
    if (!profile)
        return false;
    for (int i = 0; i < profile->requests.size(); ++i) {
        if (profile->requests.at(i).url.endsWith(urlSuffix))
            return m_ui->sidebar->selectRequest(profile->id, i);
    }
    return false;
}

void MainWindow::applyProfile(const QString& profileId)
{
    const Profiles::Profile* profile = m_session->findProfile(profileId);
    if (!profile)
        return;
    m_session->setCurrentProfileId(profileId); // starts reading its secrets
    m_ui->composer->setProfile(*profile);
    Jwt::InspectOptions tokenOptions; // what the profile expects of its tokens, as the diagnosis does
    tokenOptions.expectedAudiences = profile->expectedAudiences;
    tokenOptions.expectedIssuer = profile->expectedIssuer;
    m_ui->inspector->setTokenOptions(tokenOptions);
    switch (m_session->secretsStatus(profileId)) {
    case Session::SecretsStatus::NotLoaded:
    case Session::SecretsStatus::Loading:
        m_ui->composer->setSecretsNote(tr("Reading the profile's secrets from the keychain…"));
        break;
    case Session::SecretsStatus::Failed:
        m_ui->composer->setSecretsNote(m_session->secretsError(profileId));
        break;
    case Session::SecretsStatus::Loaded:
        m_ui->composer->setSecretsNote({});
        break;
    }
    m_pendingProfileId.clear();
}

void MainWindow::onSecretsLoaded(const QString& profileId)
{
    const Profiles::Profile* profile = m_session->findProfile(profileId);
    if (!profile || m_ui->composer->profileId() != profileId)
        return;
    m_ui->composer->setProfileSecrets(profileId, profile->sessionSecrets);
    m_ui->composer->setSecretsNote({});
}

void MainWindow::onSecretsFailed(const QString& profileId, const QString& message)
{
    if (m_ui->composer->profileId() == profileId)
        m_ui->composer->setSecretsNote(message);
}

void MainWindow::onProfileSelected(const QString& profileId)
{
    m_workbench->keepCurrent();
    const Workbench::Switching switching(m_workbench);
    applyProfile(profileId);
}

void MainWindow::onRequestSelected(const QString& profileId, int index)
{
    const Profiles::Profile* profile = m_session->findProfile(profileId);
    if (!profile || index < 0 || index >= profile->requests.size())
        return;
    // What the user typed stays with the request it was typed for (its draft); the one picked shows its own.
    m_workbench->keepCurrent();
    const Workbench::Switching switching(m_workbench);
    if (m_ui->composer->profileId() != profileId)
        applyProfile(profileId);
    m_workbench->openSaved(*profile, int(index));
    showResponseOf(m_workbench->currentKey());
}

void MainWindow::newRequest(const QString& profileId)
{
    const Profiles::Profile* profile = m_session->findProfile(profileId.isEmpty() ? selectedProfileId() : profileId);
    if (!profile) {
        statusBar()->showMessage(tr("Pick a profile first: a new request belongs to one."), StatusMessageMs);
        return;
    }
    m_workbench->keepCurrent();
    {
        const Workbench::Switching switching(m_workbench);
        if (m_ui->composer->profileId() != profile->id)
            applyProfile(profile->id);
        const QSignalBlocker blocker(m_ui->sidebar);
        m_ui->sidebar->selectProfile(profile->id);
    }
    m_workbench->openNew(*profile);
    showResponseOf(m_workbench->currentKey());
    statusBar()->showMessage(tr("New request in “%1”: Ctrl+S saves it to the profile.").arg(profile->name),
                             StatusMessageMs);
}

void MainWindow::showResponseOf(const RequestBook::Key& key)
{
    if (m_controller->isRunning() && key == m_pendingKey)
        return; // its answer is on its way: the inspector shows the progress
    if (const RequestBook::Response* response = m_workbench->book()->response(key)) {
        m_lastExchange = response->exchange;
        m_lastPolicy = response->policy;
        m_ui->actionSaveHar->setEnabled(!m_lastExchange.hops.isEmpty());
        m_ui->inspector->showExchange(m_lastExchange);
        showDiagnosis(m_lastExchange);
        return;
    }
    // Never the previous request's answer under this one.
    m_lastExchange = {};
    m_fixes->clearExchange();
    m_ui->actionSaveHar->setEnabled(false);
    m_ui->inspector->clear();
    m_ui->diagnosisPanel->showNotSent();
}

void MainWindow::onProfilesChanged()
{
    m_ui->sidebar->setProfiles(m_session->profiles());
    m_layout->sidebarContentChanged();
    const QString current = m_ui->composer->profileId();
    if (const Profiles::Profile* profile = m_session->findProfile(current)) {
        m_ui->composer->updateProfile(*profile); // renamed, or a request saved: the Auth tab stays
        m_workbench->refreshCurrent(); // saved: no longer modified
    } else if (!current.isEmpty()) {
        m_ui->composer->clearProfile(); // deleted
        m_session->setCurrentProfileId({});
    }
    const QString restore = m_pendingProfileId;
    if (!restore.isEmpty() && m_ui->composer->profileId().isEmpty() && m_session->findProfile(restore)) {
        // The last session's profile is back (e.g. the demo API was started again): select it without
        // touching the restored request.
        const QSignalBlocker blocker(m_ui->sidebar);
        m_ui->sidebar->selectProfile(restore);
        applyProfile(restore);
    }
}

void MainWindow::onRunningChanged(bool running)
{
    m_ui->composer->setRunning(running);
    m_ui->actionSend->setEnabled(!running);
    m_ui->actionCancel->setEnabled(running);
    m_progressBar->setVisible(running);
    m_progressBar->setRange(0, 0); // busy until the first progress report
    m_progressLabel->setText(running ? tr("Sending…") : QString());
}

void MainWindow::onDownloadProgress(qint64 received, qint64 total)
{
    if (total > 0) {
        m_progressBar->setRange(0, 1000);
        m_progressBar->setValue(int(1000 * received / total));
        m_progressLabel->setText(tr("Receiving %1 of %2").arg(humanSize(received), humanSize(total)));
    } else {
        m_progressBar->setRange(0, 0);
        m_progressLabel->setText(tr("Receiving %1").arg(humanSize(received)));
    }
}

void MainWindow::send(const Http::RequestSpec& spec)
{
    if (m_tokens->send(spec))
        return; // the profile refreshes before sending: the token flow sends it
    prepareSend(spec);
    m_controller->send(spec, m_ui->composer->profileId());
}

void MainWindow::prepareSend(const Http::RequestSpec& spec)
{
    // Redaction asks the secret policy, with the names of this request's credentials (the
    // exchange's ledger adds the headers the user typed that the client placed or withheld).
    m_pendingPolicy = Http::SecretPolicy::forSpec(spec);
    m_pendingKey = m_workbench->currentKey(); // its answer belongs to this request, wherever the user goes
    m_ui->actionSaveHar->setEnabled(false);
    m_ui->inspector->showHopStarted(0, spec.url);
    m_ui->diagnosisPanel->showSending();
}

void MainWindow::onFinished(const Http::Exchange& exchange)
{
    m_workbench->book()->keepResponse(m_pendingKey, {exchange, m_pendingPolicy});
    if (!(m_pendingKey == m_workbench->currentKey())) {
        // The user moved to another request meanwhile: the answer waits for them on its own request.
        statusBar()->showMessage(tr("The answer to the request you left arrived: select it to see it."),
                                 StatusMessageMs);
        return;
    }
    m_lastExchange = exchange;
    m_lastPolicy = m_pendingPolicy;
    m_ui->actionSaveHar->setEnabled(!exchange.hops.isEmpty());
    m_ui->inspector->showExchange(exchange);
    showDiagnosis(exchange);
    const Http::Hop* finalHop = exchange.finalResponseHop();
    if (exchange.error.isError())
        statusBar()->showMessage(tr("Request failed: %1").arg(exchange.error.message), StatusMessageMs);
    else if (finalHop)
        statusBar()->showMessage(tr("Done: %1").arg(statusText(finalHop->response.status, finalHop->response.reason)),
                                 StatusMessageMs);
}

void MainWindow::showDiagnosis(const Http::Exchange& exchange)
{
    // The fixes know the exchange before the panel asks them which buttons to make.
    const Diagnosis::Diagnosis diagnosis = Diagnosis::diagnose(exchange, m_fixes->diagnoseOptions());
    m_fixes->setExchange(exchange, diagnosis);
    m_ui->diagnosisPanel->showDiagnosis(diagnosis, int(exchange.hops.size()));
    // Folded into the inspector (a narrow window), the findings come to the front when there is something to
    // explain; a plain success leaves the user on the tab they chose.
    if (m_ui->inspector->foldedPanel() && m_ui->diagnosisPanel->verdict() != StatusPalette::Outcome::Success)
        m_ui->inspector->showFoldedPanel();
}

void MainWindow::clearCookies()
{
    const QString profileId = m_ui->composer->profileId();
    m_controller->clearCookies(profileId);
    const Profiles::Profile* profile = m_session->findProfile(profileId);
    statusBar()->showMessage(profile ? tr("Cookies of “%1” cleared.").arg(profile->name)
                                     : tr("Cookies of requests without a profile cleared."),
                             StatusMessageMs);
}

void MainWindow::showQuickSwitcher()
{
    SwitcherTargets targets;
    targets.openRequest = [this](const QString& profileId, int index) {
        m_layout->revealSidebar();
        m_ui->sidebar->selectRequest(profileId, index);
        m_ui->composer->focusUrl();
    };
    targets.openProfile = [this](const QString& profileId) {
        m_layout->revealSidebar();
        m_ui->sidebar->selectProfile(profileId);
    };
    auto* switcher = new QuickSwitcher(
        switcherEntries(m_session->profiles(), m_ui->menuBar, m_ui->actionQuickSwitch, targets), this);
    switcher->open();
}

void MainWindow::showShortcuts()
{
    auto* sheet = new ShortcutSheet(m_ui->menuBar, this);
    sheet->open();
}

void MainWindow::showAbout()
{
    // Window-modal but not blocking: nothing waits on it.
    auto* box = new QMessageBox(QMessageBox::NoIcon, tr("About Authlens"),
                                tr("<h3>Authlens %1</h3><p>An HTTP authentication debugger: it sends a request, "
                                   "records every hop, and explains 401s and 403s from the evidence.</p>"
                                   "<p>Credentials only go to the origins a profile allows.</p>")
                                    .arg(QStringLiteral(AUTHLENS_VERSION)),
                                QMessageBox::Close, this);
    box->setIconPixmap(windowIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (m_layout)
        m_layout->shown();
}

void MainWindow::resizeEvent(QResizeEvent* event)
{
    QMainWindow::resizeEvent(event);
    if (m_layout)
        m_layout->resized();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    m_layout->restore(settings);
    m_workbench->restoreDrafts(settings.value(DraftsKey).toList());
    const QVariant last = settings.value(LastRequestKey);
    if (last.isValid()) {
        const RequestDraft draft = RequestDraft::fromVariantMap(last.toMap());
        m_ui->composer->setDraft(draft);
        m_pendingProfileId = draft.profileId;
    }
}

void MainWindow::saveSettings()
{
    QSettings settings;
    m_layout->save(settings);
    RequestDraft draft = m_ui->composer->draft();
    if (draft.profileId.isEmpty())
        draft.profileId = m_pendingProfileId; // not loaded this time: keep it for the next start
    settings.setValue(LastRequestKey, withoutSecrets(draft).toVariantMap());
    m_workbench->keepCurrent();
    settings.setValue(DraftsKey, m_workbench->saveDrafts());
}

} // namespace Authlens::Gui
