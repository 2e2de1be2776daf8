#include "profiles/ProfileEditor.h"

#include "common/DisplayFormat.h"
#include "common/StatusPalette.h"

#include "common/Dialogs.h"
#include "common/SecretEdit.h"
#include "composer/AuthEditor.h"
#include "profiles/KeychainBanner.h"
#include "profiles/OAuthEditor.h"
#include "profiles/ProfileValidation.h"
#include "session/Session.h"
#include "ui_ProfileEditor.h"

#include <QAbstractSpinBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPushButton>

namespace Authlens::Gui {

using Profiles::Profile;
using Profiles::ProxySettings;
namespace Validation = ProfileValidation;

namespace {

constexpr qint64 MaxKeyFileSize = 64 * 1024;

// Fields that show one value on several pages: typing in any of them changes the others.
template <typename Edit> void linkEdits(const QList<Edit*>& edits)
{
    for (Edit* from : edits) {
        for (Edit* to : edits) {
            if (from != to)
                QObject::connect(from, &Edit::textEdited, to, &Edit::setText);
        }
    }
}

// StatusPalette's red for the application palette (light or dark theme).
QString errorStyle()
{
    return QStringLiteral("color: %1;").arg(StatusPalette::color(StatusPalette::Tone::Bad).name());
}

} // namespace

ProfileEditor::ProfileEditor(Session* session, const Profile& profile, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ProfileEditor>())
    , m_session(session)
    , m_original(profile)
    , m_readOnly(profile.demo)
{
    m_ui->setupUi(this);
    setAttribute(Qt::WA_DeleteOnClose);
    QFont titleFont = m_ui->titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_ui->titleLabel->setFont(titleFont);
    for (QLabel* error : {m_ui->nameError, m_ui->baseUrlError, m_ui->originsError, m_ui->proxyError,
                          m_ui->saveErrorLabel, m_ui->tlsWarningLabel})
        error->setStyleSheet(errorStyle());
    for (QLabel* hint :
         {m_ui->baseUrlHint, m_ui->variablesHint, m_ui->noneHint, m_ui->basicHint, m_ui->bearerHint, m_ui->awsHint,
          m_ui->issuerHint, m_ui->audiencesHint, m_ui->originsHint, m_ui->keychainStatusLabel, m_ui->cookiesHint})
        hint->setForegroundRole(QPalette::PlaceholderText);
    m_ui->variablesTable->setPlaceholders(tr("Add variable"), tr("Value"));
    m_ui->variablesTable->setMinimumHeight(120);
    m_ui->bearerHint->setWordWrap(true);
    m_ui->authStack->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum); // see updateAuthPage()
    m_ui->originsEdit->setMaximumHeight(90);
    setupChoices();
    fill(profile);
    connectFields();

    const bool isNew = profile.id.isEmpty();
    const QString title = isNew ? tr("New profile")
        : m_readOnly            ? tr("Demo profile “%1” (read-only)").arg(profile.name)
                                : tr("Edit profile “%1”").arg(profile.name);
    m_ui->titleLabel->setText(title);
    setWindowTitle(title);

    m_ui->readOnlyBanner->hide();
    if (m_readOnly) {
        m_ui->readOnlyBanner->setKind(Banner::Kind::Info);
        m_ui->readOnlyBanner->setText(tr("This is a built-in demo profile: read-only and never saved. Duplicate it "
                                         "to get a stored copy, with its secrets, that you can edit."));
        connect(m_ui->readOnlyBanner->addButton(tr("Duplicate to edit"), QStringLiteral("duplicateToEditButton")),
                &QPushButton::clicked, this, [this] {
                    Q_EMIT duplicateRequested(m_original.id);
                    close();
                });
        m_ui->readOnlyBanner->show();
        makeReadOnly();
        m_ui->buttonBox->setStandardButtons(QDialogButtonBox::Close);
        m_ui->keychainBanner->hide();
    } else {
        bindKeychainBanner(m_ui->keychainBanner, m_session->secrets());
        connect(m_session->secrets(), &SecretsManager::stateChanged, this, [this] {
            if (m_session->secrets()->store())
                showMessage({}); // a "keychain not available" from the last Save no longer holds
            updateSecretsStatus();
        });
    }
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (QPushButton* saveButton = m_ui->buttonBox->button(QDialogButtonBox::Save)) {
        saveButton->setObjectName(QStringLiteral("saveProfileButton"));
        connect(saveButton, &QPushButton::clicked, this, &ProfileEditor::save);
    }
    if (QPushButton* closeButton = m_ui->buttonBox->button(QDialogButtonBox::Close))
        connect(closeButton, &QPushButton::clicked, this, &QDialog::reject);
    setupSecrets();
    m_ui->nameEdit->setFocus();
}

ProfileEditor::~ProfileEditor() = default;

void ProfileEditor::makeReadOnly()
{
    // Text stays readable and selectable; only what would change something is disabled.
    for (QLineEdit* edit : m_ui->editorTabs->findChildren<QLineEdit*>())
        edit->setReadOnly(true);
    for (QPlainTextEdit* edit : m_ui->editorTabs->findChildren<QPlainTextEdit*>())
        edit->setReadOnly(true);
    for (QAbstractSpinBox* spin : m_ui->editorTabs->findChildren<QAbstractSpinBox*>())
        spin->setReadOnly(true);
    for (QComboBox* combo : m_ui->editorTabs->findChildren<QComboBox*>())
        combo->setEnabled(false);
    for (QAbstractButton* button : m_ui->editorTabs->findChildren<QAbstractButton*>()) {
        if (button->objectName() != u"revealButton")
            button->setEnabled(false);
    }
    m_ui->variablesTable->setEnabled(false);
    m_ui->oauthEditor->setReadOnly(true);
}

QString ProfileEditor::profileId() const
{
    return m_original.id;
}

void ProfileEditor::setupChoices()
{
    m_ui->authMethodCombo->addItem(tr("No auth"), int(Auth::Method::None));
    m_ui->authMethodCombo->addItem(tr("Basic"), int(Auth::Method::Basic));
    m_ui->authMethodCombo->addItem(tr("Digest"), int(Auth::Method::Digest));
    m_ui->authMethodCombo->addItem(tr("Bearer token"), int(Auth::Method::Bearer));
    m_ui->authMethodCombo->addItem(tr("OAuth 2"), int(Auth::Method::OAuth2));
    m_ui->authMethodCombo->addItem(tr("API key"), int(Auth::Method::ApiKey));
    m_ui->authMethodCombo->addItem(tr("AWS Signature v4"), int(Auth::Method::AwsSigV4));
    AuthEditor::setupAwsServiceCombo(m_ui->awsServiceCombo);
    m_ui->awsHint->setText(AuthEditor::awsSigningHint());
    m_ui->awsSessionTokenSecret->setPlaceholderText(AuthEditor::awsSessionTokenPlaceholder());
    m_ui->apiKeyPlaceCombo->addItem(tr("Header"), int(Auth::ApiKeyPlace::Header));
    m_ui->apiKeyPlaceCombo->addItem(tr("Query parameter"), int(Auth::ApiKeyPlace::Query));
    m_ui->proxyModeCombo->addItem(tr("Use the system's proxy settings"), int(ProxySettings::Mode::System));
    m_ui->proxyModeCombo->addItem(tr("No proxy"), int(ProxySettings::Mode::None));
    m_ui->proxyModeCombo->addItem(tr("HTTP proxy"), int(ProxySettings::Mode::Http));
    m_ui->proxyModeCombo->addItem(tr("SOCKS5 proxy"), int(ProxySettings::Mode::Socks5));
}

void ProfileEditor::connectFields()
{
    connect(m_ui->authMethodCombo, &QComboBox::currentIndexChanged, this, [this] {
        updateAuthPage();
        if (m_showErrors)
            validate(false);
    });
    connect(m_ui->proxyModeCombo, &QComboBox::currentIndexChanged, this, &ProfileEditor::updateProxyFields);
    connect(m_ui->ignoreTlsCheck, &QCheckBox::toggled, m_ui->tlsWarningLabel, &QWidget::setVisible);
    // Problems show once a field was left (or Save was pressed), then follow every keystroke.
    const auto leftField = [this] {
        m_showErrors = true;
        validate(false);
    };
    const auto edited = [this] {
        if (m_showErrors)
            validate(false);
    };
    for (QLineEdit* edit : {m_ui->nameEdit, m_ui->baseUrlEdit, m_ui->proxyHostEdit}) {
        connect(edit, &QLineEdit::editingFinished, this, leftField);
        connect(edit, &QLineEdit::textEdited, this, edited);
    }
    // The password grant's user and password are the profile's one user name and password (the Basic
    // page shows the same two), and so are AWS's access key ID and secret access key; its session token is the
    // profile's token (AuthSettings.h): typing in any place changes all, so switching the method loses nothing.
    linkEdits<QLineEdit>({m_ui->usernameEdit, m_ui->oauthEditor->usernameEdit(), m_ui->awsAccessKeyEdit});
    linkEdits<SecretEdit>({m_ui->passwordSecret, m_ui->oauthEditor->passwordEdit(), m_ui->awsSecretKeySecret});
    linkEdits<SecretEdit>({m_ui->tokenSecret, m_ui->awsSessionTokenSecret});
    for (SecretEdit* edit : {m_ui->passwordSecret, m_ui->tokenSecret, m_ui->awsSecretKeySecret})
        connect(edit, &SecretEdit::textEdited, this, edited);
    connect(m_ui->oauthEditor, &OAuthEditor::edited, this, edited);
    connect(m_ui->oauthEditor, &OAuthEditor::fieldLeft, this, leftField);
    for (SecretEdit* edit : {m_ui->tokenSecret, m_ui->awsSessionTokenSecret})
        connect(edit, &SecretEdit::textEdited, this, &ProfileEditor::updateTokenStatus);
    connect(m_ui->originsEdit, &QPlainTextEdit::textChanged, this, edited);
    connect(m_ui->proxyPortSpin, &QSpinBox::valueChanged, this, edited);
    connect(m_ui->caBundleBrowseButton, &QPushButton::clicked, this, [this] {
        chooseFile(m_ui->caBundleEdit, tr("Choose a CA bundle"), tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
    });
    connect(m_ui->clientCertBrowseButton, &QPushButton::clicked, this, [this] {
        chooseFile(m_ui->clientCertEdit, tr("Choose the client certificate"),
                   tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
    });
    connect(m_ui->clientKeyLoadButton, &QPushButton::clicked, this, &ProfileEditor::loadClientKey);
}

void ProfileEditor::fill(const Profile& p)
{
    m_ui->nameEdit->setText(p.name);
    m_ui->descriptionEdit->setPlainText(p.description);
    m_ui->baseUrlEdit->setText(p.baseUrl);
    QList<KeyValueRow> rows;
    m_secretVariables.clear();
    QStringList secretNames;
    for (const Profiles::Variable& v : p.variables) {
        if (v.secret) {
            m_secretVariables.append(v);
            secretNames.append(QStringLiteral("{{%1}}").arg(v.name));
        } else {
            rows.append({true, v.name, v.value, {}});
        }
    }
    m_ui->variablesTable->setRows(rows);
    if (!secretNames.isEmpty())
        m_ui->variablesHint->setText(m_ui->variablesHint->text()
                                     + tr("\nSecret variables, kept in the keychain and sent as credentials: %1.")
                                           .arg(secretNames.join(QStringLiteral(", "))));

    m_ui->authMethodCombo->setCurrentIndex(m_ui->authMethodCombo->findData(int(p.auth.method)));
    m_ui->usernameEdit->setText(p.auth.username);
    m_ui->awsAccessKeyEdit->setText(p.auth.username);
    m_ui->awsRegionEdit->setText(p.auth.aws.region);
    m_ui->awsServiceCombo->setCurrentText(p.auth.aws.service);
    m_ui->apiKeyNameEdit->setText(p.auth.apiKeyName);
    m_ui->apiKeyPlaceCombo->setCurrentIndex(m_ui->apiKeyPlaceCombo->findData(int(p.auth.apiKeyPlace)));
    m_ui->oauthEditor->setProfile(p);

    m_ui->issuerEdit->setText(p.expectedIssuer);
    m_ui->audiencesEdit->setText(p.expectedAudiences.join(QStringLiteral(", ")));
    QStringList origins;
    for (const Http::Origin& origin : p.allowedOrigins)
        origins.append(Validation::originText(origin));
    m_ui->originsEdit->setPlainText(origins.join(u'\n'));

    m_ui->caBundleEdit->setText(p.tls.caBundlePath);
    m_ui->clientCertEdit->setText(p.tls.clientCertificatePath);
    m_ui->ignoreTlsCheck->setChecked(p.tls.ignoreErrors);
    m_ui->tlsWarningLabel->setVisible(p.tls.ignoreErrors);
    m_ui->proxyModeCombo->setCurrentIndex(m_ui->proxyModeCombo->findData(int(p.proxy.mode)));
    m_ui->proxyHostEdit->setText(p.proxy.host);
    m_ui->proxyPortSpin->setValue(p.proxy.port);
    m_ui->proxyUserEdit->setText(p.proxy.username);
    m_ui->connectTimeoutSpin->setValue(p.connectTimeoutMs / 1000.0);
    m_ui->totalTimeoutSpin->setValue(p.totalTimeoutMs / 1000.0);
    updateAuthPage();
    updateProxyFields();
}

QList<std::pair<Auth::SecretField, SecretEdit*>> ProfileEditor::secretEdits() const
{
    // The password three times: the Basic page's field, the password grant's and AWS's secret key; the token
    // twice: the Bearer page's and AWS's session token (each kept equal while typing).
    return QList<std::pair<Auth::SecretField, SecretEdit*>> {
               {Auth::SecretField::Password, m_ui->passwordSecret},
               {Auth::SecretField::Token, m_ui->tokenSecret},
               {Auth::SecretField::ApiKey, m_ui->apiKeySecret},
               {Auth::SecretField::Password, m_ui->awsSecretKeySecret},
               {Auth::SecretField::Token, m_ui->awsSessionTokenSecret},
               {Auth::SecretField::ClientKey, m_ui->clientKeySecret},
               {Auth::SecretField::ProxyPassword, m_ui->proxyPasswordSecret},
               {Auth::SecretField::Cookies, m_ui->cookiesSecret}}
    + m_ui->oauthEditor->secretEdits();
}

void ProfileEditor::fillSecrets(const Auth::AuthSecrets& secrets, bool keepEdits)
{
    m_secretVariableValues = secrets.variables;
    // A value typed into one of a field's edits is kept in all of them (the others show it too).
    QList<Auth::SecretField> typed;
    for (const auto& [field, edit] : secretEdits()) {
        if (keepEdits && edit->isModified())
            typed.append(field);
    }
    for (const auto& [field, edit] : secretEdits()) {
        if (!typed.contains(field))
            edit->setText(Auth::secretValue(secrets, field));
    }
    updateTokenStatus();
}

void ProfileEditor::setSecretsEditable(bool editable)
{
    for (const auto& [field, edit] : secretEdits()) {
        edit->setEnabled(editable);
        edit->setPlaceholderText(editable ? QString() : tr("reading from the keychain…"));
    }
    if (editable)
        m_ui->awsSessionTokenSecret->setPlaceholderText(AuthEditor::awsSessionTokenPlaceholder());
    if (QPushButton* saveButton = m_ui->buttonBox->button(QDialogButtonBox::Save))
        saveButton->setEnabled(editable && !m_saving);
    m_ui->oauthEditor->setSecretsReady(editable);
}

void ProfileEditor::setupSecrets()
{
    const QString id = m_original.id;
    if (id.isEmpty() || m_readOnly) {
        fillSecrets(m_original.sessionSecrets, false); // new (empty), or the demo's values in memory
        updateSecretsStatus();
        return;
    }
    connect(m_session, &Session::secretsLoaded, this, [this](const QString& loadedId) {
        if (loadedId != m_original.id)
            return;
        if (const Profile* p = m_session->findProfile(loadedId))
            fillSecrets(p->sessionSecrets, m_secretsReady);
        m_secretsReady = true;
        setSecretsEditable(true);
        updateSecretsStatus();
    });
    connect(m_session, &Session::secretsFailed, this, [this](const QString& failedId) {
        if (failedId != m_original.id)
            return;
        m_secretsReady = true;
        setSecretsEditable(true);
        updateSecretsStatus();
    });
    if (m_session->secretsStatus(id) == Session::SecretsStatus::Loaded) {
        if (const Profile* p = m_session->findProfile(id))
            fillSecrets(p->sessionSecrets, false);
    } else {
        m_secretsReady = m_session->secretsStatus(id) == Session::SecretsStatus::Failed;
        setSecretsEditable(m_secretsReady);
        m_session->loadSecrets(id);
    }
    updateSecretsStatus();
}

void ProfileEditor::updateSecretsStatus()
{
    QString text = m_session->secrets()->description();
    if (m_readOnly) {
        text = tr("Demo profile secrets are held in memory by the demo API and never stored.");
    } else if (!m_original.id.isEmpty()) {
        const Session::SecretsStatus status = m_session->secretsStatus(m_original.id);
        if (status == Session::SecretsStatus::Loading || status == Session::SecretsStatus::NotLoaded)
            text += u' ' + tr("Reading this profile's secrets…");
        else if (status == Session::SecretsStatus::Failed)
            text += u' ' + m_session->secretsError(m_original.id);
    }
    m_ui->keychainStatusLabel->setText(text);
}

void ProfileEditor::updateAuthPage()
{
    const auto method = Auth::Method(m_ui->authMethodCombo->currentData().toInt());
    switch (method) {
    case Auth::Method::None:
        m_ui->authStack->setCurrentWidget(m_ui->nonePage);
        break;
    case Auth::Method::Basic:
    case Auth::Method::Digest:
        m_ui->authStack->setCurrentWidget(m_ui->basicPage);
        m_ui->basicHint->setText(passwordMethodHint(method));
        break;
    case Auth::Method::Bearer:
    case Auth::Method::OAuth2:
        m_ui->authStack->setCurrentWidget(m_ui->bearerPage);
        break;
    case Auth::Method::ApiKey:
        m_ui->authStack->setCurrentWidget(m_ui->apiKeyPage);
        break;
    case Auth::Method::AwsSigV4:
        m_ui->authStack->setCurrentWidget(m_ui->awsPage);
        break;
    }
    // The token service has a tab of its own, there for OAuth 2 only (its settings are kept for every method).
    m_ui->editorTabs->setTabVisible(m_ui->editorTabs->indexOf(m_ui->oauthTab), method == Auth::Method::OAuth2);
    m_ui->bearerHint->setText(method == Auth::Method::OAuth2
                                  ? tr("Sent as “Authorization: Bearer <token>”. The OAuth 2 tab says where new tokens "
                                       "come from; a refresh replaces this one.")
                                  : tr("Sent as “Authorization: Bearer <token>”."));
    m_ui->oauthEditor->setActive(method == Auth::Method::OAuth2);
    // The stack as tall as the page it shows, not as its tallest page.
    for (int i = 0; i < m_ui->authStack->count(); ++i) {
        QWidget* page = m_ui->authStack->widget(i);
        const bool current = page == m_ui->authStack->currentWidget();
        page->setSizePolicy(current ? QSizePolicy::Preferred : QSizePolicy::Ignored,
                            current ? QSizePolicy::Maximum : QSizePolicy::Ignored);
    }
    m_ui->authStack->adjustSize();
}

void ProfileEditor::updateProxyFields()
{
    const auto mode = ProxySettings::Mode(m_ui->proxyModeCombo->currentData().toInt());
    const bool explicitProxy = mode == ProxySettings::Mode::Http || mode == ProxySettings::Mode::Socks5;
    for (QWidget* w : std::initializer_list<QWidget*> {m_ui->proxyHostEdit, m_ui->proxyPortSpin, m_ui->proxyUserEdit,
                                                       m_ui->proxyPasswordSecret})
        w->setEnabled(explicitProxy);
    if (m_showErrors)
        validate(false);
}

Profile ProfileEditor::profile() const
{
    Profile p = m_original;
    p.name = m_ui->nameEdit->text().trimmed();
    p.description = m_ui->descriptionEdit->toPlainText().trimmed();
    p.baseUrl = m_ui->baseUrlEdit->text().trimmed();
    p.variables.clear();
    const QList<KeyValueRow> rows = m_ui->variablesTable->rows();
    for (const KeyValueRow& row : rows) {
        if (!row.key.trimmed().isEmpty())
            p.variables.append({row.key.trimmed(), row.value, false});
    }
    for (const Profiles::Variable& v : m_secretVariables) {
        // A plain variable typed with the same name replaces the secret one.
        if (std::none_of(p.variables.cbegin(), p.variables.cend(),
                         [&v](const Profiles::Variable& typed) { return typed.name == v.name; }))
            p.variables.append(v);
    }
    p.sessionSecrets.variables = m_secretVariableValues;
    p.auth.method = Auth::Method(m_ui->authMethodCombo->currentData().toInt());
    p.auth.username = m_ui->usernameEdit->text();
    p.auth.apiKeyName = m_ui->apiKeyNameEdit->text().trimmed();
    p.auth.apiKeyPlace = Auth::ApiKeyPlace(m_ui->apiKeyPlaceCombo->currentData().toInt());
    p.auth.aws.region = m_ui->awsRegionEdit->text().trimmed();
    p.auth.aws.service = m_ui->awsServiceCombo->currentText().trimmed();
    m_ui->oauthEditor->applyTo(p);
    if (p.auth.method != Auth::Method::OAuth2
        && !Validation::httpUrlProblem(p.auth.oauth.tokenEndpoint, false).isEmpty())
        p.auth.oauth.tokenEndpoint = m_original.auth.oauth.tokenEndpoint; // hidden and unchecked: keep what was stored
    p.expectedIssuer = m_ui->issuerEdit->text().trimmed();
    p.expectedAudiences = Validation::splitList(m_ui->audiencesEdit->text());
    p.allowedOrigins = Validation::parseOrigins(m_ui->originsEdit->toPlainText()).origins;
    p.tls.caBundlePath = m_ui->caBundleEdit->text().trimmed();
    p.tls.clientCertificatePath = m_ui->clientCertEdit->text().trimmed();
    p.tls.ignoreErrors = m_ui->ignoreTlsCheck->isChecked();
    p.proxy.mode = ProxySettings::Mode(m_ui->proxyModeCombo->currentData().toInt());
    p.proxy.host = m_ui->proxyHostEdit->text().trimmed();
    p.proxy.port = m_ui->proxyPortSpin->value();
    p.proxy.username = m_ui->proxyUserEdit->text();
    p.connectTimeoutMs = qRound(m_ui->connectTimeoutSpin->value() * 1000);
    p.totalTimeoutMs = qRound(m_ui->totalTimeoutSpin->value() * 1000);
    for (const auto& [field, edit] : secretEdits()) {
        QString value = field == Auth::SecretField::ClientKey ? edit->text() : edit->text().trimmed();
        if (field == Auth::SecretField::AssertionKey)
            value = Validation::normalizedPem(value); // a PEM pasted on one line gets its lines back
        Auth::setSecretValue(p.sessionSecrets, field, value);
    }
    return p;
}

void ProfileEditor::showFieldError(QLabel* label, const QString& message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
}

bool ProfileEditor::validate(bool focusFirstProblem)
{
    QStringList otherNames;
    for (const Profile& p : m_session->profiles()) {
        if (p.id != m_original.id)
            otherNames.append(p.name);
    }
    const auto proxyMode = ProxySettings::Mode(m_ui->proxyModeCombo->currentData().toInt());
    // The token service is shown (and checked) with OAuth 2 only; profile() keeps a valid stored value otherwise.
    const bool oauth = Auth::Method(m_ui->authMethodCombo->currentData().toInt()) == Auth::Method::OAuth2;
    const Profile current = profile();
    const Validation::OAuthProblems o = oauth
        ? Validation::oauthProblems(current.auth.oauth, current.auth.username, current.sessionSecrets)
        : Validation::OAuthProblems();
    struct Check
    {
        QLabel* label;
        QString problem;
        QWidget* tab;
        QWidget* field;
    };
    const QList<Check> general = {
        {m_ui->nameError, Validation::nameProblem(m_ui->nameEdit->text(), otherNames), m_ui->generalTab,
         m_ui->nameEdit},
        {m_ui->baseUrlError, Validation::httpUrlProblem(m_ui->baseUrlEdit->text(), false), m_ui->generalTab,
         m_ui->baseUrlEdit},
    };
    const QList<Check> others = {
        {m_ui->originsError, Validation::parseOrigins(m_ui->originsEdit->toPlainText()).problem, m_ui->trustTab,
         m_ui->originsEdit},
        {m_ui->proxyError,
         Validation::proxyProblem(proxyMode, m_ui->proxyHostEdit->text(), m_ui->proxyPortSpin->value()),
         m_ui->connectionTab, m_ui->proxyHostEdit},
    };
    // The first problem in tab order: General, OAuth 2, Tokens & origins, Connection.
    QWidget* firstTab = nullptr;
    QWidget* firstField = nullptr;
    const auto check = [&](const QList<Check>& checks) {
        for (const Check& c : checks) {
            showFieldError(c.label, c.problem);
            if (!c.problem.isEmpty() && !firstField) {
                firstTab = c.tab;
                firstField = c.field;
            }
        }
    };
    check(general);
    if (QWidget* field = m_ui->oauthEditor->showProblems(o, m_saveTried); field && !firstField) {
        firstTab = m_ui->oauthTab;
        firstField = field;
    }
    check(others);
    if (firstField && focusFirstProblem) {
        m_ui->editorTabs->setCurrentWidget(firstTab);
        firstField->setFocus();
        if (firstTab == m_ui->oauthTab)
            m_ui->oauthEditor->reveal(firstField);
    }
    return !firstField;
}

void ProfileEditor::save()
{
    if (m_readOnly || m_saving || !m_secretsReady)
        return;
    m_showErrors = true;
    m_saveTried = true;
    showMessage({});
    if (!validate(true)) {
        showMessage(tr("Fix the marked fields to save the profile."));
        return;
    }
    m_saving = true;
    m_ui->buttonBox->setEnabled(false);
    m_ui->keychainStatusLabel->setText(
        tr("Saving: secrets to %1 first, then the profile file…")
            .arg(m_session->secrets()->store() ? m_session->secrets()->store()->backendName() : tr("the keychain")));
    m_session->saveProfile(profile(), this, [this](const QString& id, const QString& error) {
        m_saving = false;
        m_ui->buttonBox->setEnabled(true);
        updateSecretsStatus();
        if (!error.isEmpty()) {
            showMessage(error); // the form keeps everything: fix the keychain (banner above) and save again
            return;
        }
        m_original.id = id;
        Q_EMIT saved(id);
        accept();
    });
}

void ProfileEditor::updateTokenStatus()
{
    m_ui->oauthEditor->setAccessToken(m_original.auth.oauth, m_ui->tokenSecret->text());
}

void ProfileEditor::showMessage(const QString& message)
{
    showFieldError(m_ui->saveErrorLabel, message);
}

void ProfileEditor::chooseFile(QLineEdit* target, const QString& caption, const QString& filter)
{
    const QString current = target->text().trimmed();
    const QString start = current.isEmpty() ? QDir::homePath() : QFileInfo(current).absolutePath();
    const QString path = Dialogs::getOpenFileName(this, caption, start, filter);
    if (!path.isEmpty())
        target->setText(QDir::toNativeSeparators(path));
}

void ProfileEditor::loadClientKey()
{
    const QString path = Dialogs::getOpenFileName(this, tr("Load the client certificate's private key"),
                                                  QDir::homePath(), tr("Private keys (*.pem *.key);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (file.size() > MaxKeyFileSize || !file.open(QIODevice::ReadOnly)) {
        showMessage(file.size() > MaxKeyFileSize ? tr("%1 is too large for a private key.").arg(path)
                                                 : tr("%1 could not be read: %2").arg(path, file.errorString()));
        return;
    }
    const QString pem = QString::fromUtf8(file.readAll());
    if (!pem.contains(QStringLiteral("PRIVATE KEY-----"))) {
        showMessage(tr("%1 does not hold a PEM private key (-----BEGIN … PRIVATE KEY-----).").arg(path));
        return;
    }
    m_ui->clientKeySecret->setText(pem);
    showMessage({});
    m_ui->keychainStatusLabel->setText(
        tr("The key was read from %1; on Save it goes to the keychain, and the file is not referenced.").arg(path));
}

} // namespace Authlens::Gui
