#include "profiles/OAuthEditor.h"

#include "common/SecretEdit.h"
#include "common/TokenLifetime.h"
#include "composer/KeyValueTable.h"
#include "ui_OAuthEditor.h"

#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>

namespace Authlens::Gui {

namespace {

const QString ErrorStyle = QStringLiteral("color: #c62828;");

} // namespace

OAuthEditor::OAuthEditor(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::OAuthEditor>())
{
    m_ui->setupUi(this);
    m_ui->grantTypeCombo->addItem(tr("Client credentials (the client's own token)"),
                                  QStringLiteral("client_credentials"));
    m_ui->grantTypeCombo->addItem(tr("Password (a user's name and password)"), QStringLiteral("password"));
    m_ui->grantTypeCombo->addItem(tr("Refresh token (only the stored refresh token)"), QStringLiteral("refresh_token"));
    m_ui->clientAuthCombo->addItem(tr("client_secret_basic — HTTP Basic (the default)"),
                                   int(Auth::ClientAuth::ClientSecretBasic));
    m_ui->clientAuthCombo->addItem(tr("client_secret_post — in the form body"),
                                   int(Auth::ClientAuth::ClientSecretPost));
    m_ui->clientAuthCombo->addItem(tr("none — a public client without a secret"), int(Auth::ClientAuth::None));

    for (QLabel* error : {m_ui->tokenEndpointError, m_ui->oauthUsernameError, m_ui->oauthPasswordError,
                          m_ui->refreshTokenError, m_ui->clientIdError, m_ui->clientSecretError, m_ui->scopesError,
                          m_ui->audienceError, m_ui->resourcesError, m_ui->extraParamsError})
        error->setStyleSheet(ErrorStyle);
    for (QLabel* hint : {m_ui->grantHint, m_ui->tokenEndpointHint, m_ui->tokenStatusLabel})
        hint->setForegroundRole(QPalette::PlaceholderText);
    // One label column across the groups, so their fields line up.
    const QList<QLabel*> labels
        = m_ui->oauthContent->findChildren<QLabel*>(QRegularExpression(QStringLiteral("Label$")));
    int labelWidth = 0;
    for (const QLabel* label : labels) {
        if (label->buddy())
            labelWidth = std::max(labelWidth, label->sizeHint().width());
    }
    for (QLabel* label : labels) {
        if (label->buddy())
            label->setMinimumWidth(labelWidth);
    }
    m_ui->extraParamsTable->setPlaceholders(tr("Add parameter"), tr("Value"));
    m_ui->extraParamsTable->setMinimumHeight(96);
    m_ui->extraParamsTable->setMaximumHeight(132);

    for (QLineEdit* edit : {m_ui->tokenEndpointEdit, m_ui->clientIdEdit, m_ui->oauthUsernameEdit, m_ui->scopesEdit,
                            m_ui->audienceEdit, m_ui->resourcesEdit}) {
        connect(edit, &QLineEdit::editingFinished, this, [this, edit] { touch(edit); });
        connect(edit, &QLineEdit::textEdited, this, &OAuthEditor::edited);
    }
    for (SecretEdit* edit : {m_ui->clientSecretSecret, m_ui->oauthPasswordSecret, m_ui->refreshTokenSecret})
        connect(edit, &SecretEdit::textEdited, this, [this, edit] { touch(edit); });
    connect(m_ui->extraParamsTable, &KeyValueTable::rowsEdited, this, [this] { touch(m_ui->extraParamsTable); });
    for (QComboBox* combo : {m_ui->grantTypeCombo, m_ui->clientAuthCombo}) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            updateFields();
            Q_EMIT edited();
        });
    }
    connect(m_ui->refreshBeforeCheck, &QCheckBox::toggled, m_ui->refreshBeforeSpin, &QWidget::setEnabled);
    m_tokenStatusTimer.setInterval(1000);
    connect(&m_tokenStatusTimer, &QTimer::timeout, this, &OAuthEditor::updateTokenStatus);
    updateFields();
    updateTokenStatus();
}

OAuthEditor::~OAuthEditor() = default;

void OAuthEditor::touch(QWidget* field)
{
    m_touched.insert(field);
    Q_EMIT fieldLeft();
}

void OAuthEditor::setProfile(const Profiles::Profile& p)
{
    const Auth::OAuthSettings& oauth = p.auth.oauth;
    m_ui->oauthUsernameEdit->setText(p.auth.username);
    m_ui->tokenEndpointEdit->setText(oauth.tokenEndpoint);
    m_ui->clientIdEdit->setText(oauth.clientId);
    m_ui->clientAuthCombo->setCurrentIndex(m_ui->clientAuthCombo->findData(int(oauth.clientAuth)));
    m_ui->scopesEdit->setText(oauth.scopes.join(u' '));
    m_ui->audienceEdit->setText(oauth.audience);
    m_ui->resourcesEdit->setText(oauth.resources.join(u' '));
    QList<KeyValueRow> params;
    for (const auto& [name, value] : oauth.extraParams)
        params.append({true, name, value, {}});
    m_ui->extraParamsTable->setRows(params);
    m_ui->refreshBeforeCheck->setChecked(oauth.refreshBeforeSeconds >= 0);
    m_ui->refreshBeforeSpin->setEnabled(oauth.refreshBeforeSeconds >= 0);
    if (oauth.refreshBeforeSeconds >= 0)
        m_ui->refreshBeforeSpin->setValue(oauth.refreshBeforeSeconds);
    const QString grantType = oauth.grantType.isEmpty() ? QStringLiteral("client_credentials") : oauth.grantType;
    int grant = m_ui->grantTypeCombo->findData(grantType);
    if (grant < 0) { // a grant this build cannot run (an import's authorization_code): keep it, say so
        m_ui->grantTypeCombo->addItem(grantType, grantType);
        grant = m_ui->grantTypeCombo->count() - 1;
    }
    m_ui->grantTypeCombo->setCurrentIndex(grant);
    m_tokenOAuth = oauth;
    updateFields();
}

void OAuthEditor::applyTo(Profiles::Profile& p) const
{
    Auth::OAuthSettings& oauth = p.auth.oauth;
    oauth.tokenEndpoint = m_ui->tokenEndpointEdit->text().trimmed();
    oauth.grantType = m_ui->grantTypeCombo->currentData().toString();
    oauth.clientId = m_ui->clientIdEdit->text().trimmed();
    oauth.clientAuth = Auth::ClientAuth(m_ui->clientAuthCombo->currentData().toInt());
    oauth.scopes = m_ui->scopesEdit->text().split(u' ', Qt::SkipEmptyParts);
    oauth.audience = m_ui->audienceEdit->text().trimmed();
    oauth.resources = m_ui->resourcesEdit->text().split(u' ', Qt::SkipEmptyParts);
    oauth.extraParams.clear();
    const QList<KeyValueRow> params = m_ui->extraParamsTable->rows();
    for (const KeyValueRow& row : params) {
        if (!row.key.trimmed().isEmpty() || !row.value.isEmpty())
            oauth.extraParams.append({row.key.trimmed(), row.value});
    }
    oauth.refreshBeforeSeconds = m_ui->refreshBeforeCheck->isChecked() ? m_ui->refreshBeforeSpin->value() : -1;
}

QList<std::pair<Auth::SecretField, SecretEdit*>> OAuthEditor::secretEdits() const
{
    return {{Auth::SecretField::Password, m_ui->oauthPasswordSecret},
            {Auth::SecretField::ClientSecret, m_ui->clientSecretSecret},
            {Auth::SecretField::RefreshToken, m_ui->refreshTokenSecret}};
}

QLineEdit* OAuthEditor::usernameEdit() const
{
    return m_ui->oauthUsernameEdit;
}

SecretEdit* OAuthEditor::passwordEdit() const
{
    return m_ui->oauthPasswordSecret;
}

void OAuthEditor::setAccessToken(const Auth::OAuthSettings& oauth, const QString& token)
{
    m_tokenOAuth = oauth;
    m_token = token;
    updateTokenStatus();
}

void OAuthEditor::setActive(bool active)
{
    if (active)
        m_tokenStatusTimer.start();
    else
        m_tokenStatusTimer.stop();
    updateTokenStatus();
}

void OAuthEditor::setSecretsReady(bool ready)
{
    m_secretsReady = ready;
    updateFields();
}

void OAuthEditor::setReadOnly(bool readOnly)
{
    m_ui->extraParamsTable->setEnabled(!readOnly);
}

void OAuthEditor::updateFields()
{
    const QString grant = m_ui->grantTypeCombo->currentData().toString();
    // The resource owner's name and password belong to the password grant only.
    const bool password = grant == u"password";
    m_ui->oauthForm->setRowVisible(m_ui->ownerBox, password);
    m_ui->oauthForm->setRowVisible(m_ui->ownerPasswordBox, password);
    // setRowVisible() shows every widget of the row: an error line shows only with a message in it.
    for (QLabel* error : {m_ui->oauthUsernameError, m_ui->oauthPasswordError})
        error->setVisible(password && !error->text().isEmpty());
    // A public client sends no secret: the field stays (its value is kept) but says so.
    const bool publicClient = Auth::ClientAuth(m_ui->clientAuthCombo->currentData().toInt()) == Auth::ClientAuth::None;
    m_ui->clientSecretSecret->setEnabled(!publicClient && m_secretsReady);
    m_ui->clientSecretSecret->setPlaceholderText(publicClient ? tr("not sent: a public client has no secret")
                                                              : QString());
    m_ui->refreshTokenSecret->setPlaceholderText(
        grant == u"refresh_token" ? tr("required: the grant sends it") : tr("optional: kept from the token responses"));
}

void OAuthEditor::updateTokenStatus()
{
    const QString token = m_token.trimmed();
    const TokenLifetime lifetime = TokenLifetime::of(m_tokenOAuth, token);
    m_ui->tokenStatusLabel->setText(
        tr("Current access token: %1").arg(lifetime.text(QDateTime::currentSecsSinceEpoch(), !token.isEmpty())));
}

QString OAuthEditor::tokenStatusText() const
{
    return m_ui->tokenStatusLabel->text();
}

QWidget* OAuthEditor::showProblems(const ProfileValidation::OAuthProblems& o, bool all)
{
    m_ui->grantHint->setText(o.grant.isEmpty() ? tr("How Authlens gets an access token for this profile.") : o.grant);
    const QList<std::tuple<QLabel*, QString, QWidget*>> checks = {
        {m_ui->tokenEndpointError, o.tokenEndpoint, m_ui->tokenEndpointEdit},
        {m_ui->oauthUsernameError, o.username, m_ui->oauthUsernameEdit},
        {m_ui->oauthPasswordError, o.password, m_ui->oauthPasswordSecret},
        {m_ui->refreshTokenError, o.refreshToken, m_ui->refreshTokenSecret},
        {m_ui->clientIdError, o.clientId, m_ui->clientIdEdit},
        {m_ui->clientSecretError, o.clientSecret, m_ui->clientSecretSecret},
        {m_ui->scopesError, o.scopes, m_ui->scopesEdit},
        {m_ui->audienceError, o.audience, m_ui->audienceEdit},
        {m_ui->resourcesError, o.resources, m_ui->resourcesEdit},
        {m_ui->extraParamsError, o.extraParams, m_ui->extraParamsTable},
    };
    QWidget* first = nullptr;
    for (const auto& [label, problem, field] : checks) {
        // A new OAuth 2 profile does not open on a page of complaints: a field says what is missing once
        // it was visited (or Save was pressed).
        const QString shown = all || m_touched.contains(field) ? problem : QString();
        label->setText(shown);
        label->setVisible(!shown.isEmpty());
        if (!problem.isEmpty() && !first)
            first = field;
    }
    return first;
}

void OAuthEditor::reveal(QWidget* field)
{
    m_ui->oauthScroll->ensureWidgetVisible(field);
}

} // namespace Authlens::Gui
