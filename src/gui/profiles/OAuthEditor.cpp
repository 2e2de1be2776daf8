#include "profiles/OAuthEditor.h"

#include "common/Dialogs.h"
#include "common/SecretEdit.h"
#include "common/StatusPalette.h"
#include "common/TokenLifetime.h"
#include "composer/KeyValueTable.h"
#include "jwt/PrivateKey.h"
#include "ui_OAuthEditor.h"

#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace Authlens::Gui {

namespace {

// StatusPalette colours for the application palette (light or dark theme).
QString errorStyle()
{
    return QStringLiteral("color: %1;").arg(StatusPalette::color(StatusPalette::Tone::Bad).name());
}

QString warningStyle()
{
    return QStringLiteral("color: %1;").arg(StatusPalette::color(StatusPalette::Tone::Caution).name());
}
constexpr qint64 MaxKeyFileSize = 64 * 1024;

/// Shows or hides every widget of a layout, nested layouts included.
void setLayoutShown(QLayout* layout, bool shown)
{
    for (int i = 0; i < layout->count(); ++i) {
        QLayoutItem* item = layout->itemAt(i);
        if (QWidget* widget = item->widget())
            widget->setVisible(shown);
        else if (QLayout* inner = item->layout())
            setLayoutShown(inner, shown);
    }
}

/// Shows or hides a form row by its widgets, the field's inside its layout. QFormLayout of Qt 6.4 overflows
/// its geometry arrays (valgrind: invalid writes in QFormLayout::setGeometry, then crashes) once several
/// whole rows are hidden — by setRowVisible(), or by hiding a row's label and field widget; a field layout
/// whose widgets are hidden stays a row of the form (an empty one), which it handles. Lines that show only
/// with a message (errors, notes) are set again by the caller after a row is shown.
void setRowShown(QFormLayout* form, QObject* field, bool shown)
{
    int row = -1;
    QFormLayout::ItemRole role = QFormLayout::FieldRole;
    if (auto* widget = qobject_cast<QWidget*>(field))
        form->getWidgetPosition(widget, &row, &role);
    else if (auto* layout = qobject_cast<QLayout*>(field))
        form->getLayoutPosition(layout, &row, &role);
    if (row < 0)
        return;
    for (const auto r : {QFormLayout::LabelRole, QFormLayout::FieldRole}) {
        QLayoutItem* item = form->itemAt(row, r);
        if (!item)
            continue;
        if (QWidget* widget = item->widget())
            widget->setVisible(shown);
        else if (QLayout* layout = item->layout())
            setLayoutShown(layout, shown);
    }
}

/// `text` when the profile file reads it back as a URL (or it is empty), else `fallback`.
QString urlOr(const QString& text, const QString& fallback)
{
    return ProfileValidation::httpUrlProblem(text, false).isEmpty() ? text : fallback;
}

} // namespace

OAuthEditor::OAuthEditor(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::OAuthEditor>())
{
    m_ui->setupUi(this);
    m_ui->grantTypeCombo->addItem(tr("authorization_code — browser sign-in with PKCE"),
                                  QStringLiteral("authorization_code"));
    m_ui->grantTypeCombo->addItem(tr("device_code — sign in on another device (RFC 8628)"),
                                  QStringLiteral("device_code"));
    m_ui->grantTypeCombo->addItem(tr("Client credentials (the client's own token)"),
                                  QStringLiteral("client_credentials"));
    m_ui->grantTypeCombo->addItem(tr("Password (a user's name and password)"), QStringLiteral("password"));
    m_ui->grantTypeCombo->addItem(tr("Refresh token (only the stored refresh token)"), QStringLiteral("refresh_token"));
    m_ui->clientAuthCombo->addItem(tr("client_secret_basic — HTTP Basic (the default)"),
                                   int(Auth::ClientAuth::ClientSecretBasic));
    m_ui->clientAuthCombo->addItem(tr("client_secret_post — in the form body"),
                                   int(Auth::ClientAuth::ClientSecretPost));
    m_ui->clientAuthCombo->addItem(tr("none — a public client without a secret"), int(Auth::ClientAuth::None));
    m_ui->clientAuthCombo->addItem(tr("private_key_jwt — an assertion signed with the client's key (RFC 7523)"),
                                   int(Auth::ClientAuth::PrivateKeyJwt));
    m_ui->clientAuthCombo->addItem(tr("client_secret_jwt — an assertion MACed with the secret (RFC 7523)"),
                                   int(Auth::ClientAuth::ClientSecretJwt));
    for (const char* alg : {"ES256", "RS256", "PS256"})
        m_ui->dpopAlgCombo->addItem(QString::fromLatin1(alg), QString::fromLatin1(alg));
    m_ui->publicJwkView->setMaximumHeight(96);
    m_ui->publicJwkView->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_ui->assertionKeySecret->setPlaceholderText(tr("-----BEGIN PRIVATE KEY----- … (kept in the keychain)"));

    for (QLabel* error :
         {m_ui->tokenEndpointError, m_ui->authorizationEndpointError, m_ui->deviceEndpointError, m_ui->redirectUriError,
          m_ui->oauthIssuerError, m_ui->oauthUsernameError, m_ui->oauthPasswordError, m_ui->refreshTokenError,
          m_ui->clientIdError, m_ui->clientSecretError, m_ui->assertionKidError, m_ui->assertionKeyError,
          m_ui->scopesError, m_ui->audienceError, m_ui->resourcesError, m_ui->extraParamsError, m_ui->dpopError})
        error->setStyleSheet(errorStyle());
    m_ui->pkceWarning->setStyleSheet(warningStyle());
    for (QLabel* hint : {m_ui->grantHint, m_ui->tokenEndpointHint, m_ui->oauthIssuerHint, m_ui->assertionKeyInfo,
                         m_ui->tokenStatusLabel})
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

    for (QLineEdit* edit : {m_ui->tokenEndpointEdit, m_ui->authorizationEndpointEdit, m_ui->deviceEndpointEdit,
                            m_ui->redirectUriEdit, m_ui->oauthIssuerEdit, m_ui->clientIdEdit, m_ui->assertionKidEdit,
                            m_ui->oauthUsernameEdit, m_ui->scopesEdit, m_ui->audienceEdit, m_ui->resourcesEdit}) {
        connect(edit, &QLineEdit::editingFinished, this, [this, edit] { touch(edit); });
        connect(edit, &QLineEdit::textEdited, this, &OAuthEditor::edited);
    }
    for (SecretEdit* edit :
         {m_ui->clientSecretSecret, m_ui->oauthPasswordSecret, m_ui->refreshTokenSecret, m_ui->assertionKeySecret})
        connect(edit, &SecretEdit::textEdited, this, [this, edit] { touch(edit); });
    connect(m_ui->assertionKeySecret, &SecretEdit::textEdited, this, &OAuthEditor::updateAssertionKey);
    connect(m_ui->extraParamsTable, &KeyValueTable::rowsEdited, this, [this] { touch(m_ui->extraParamsTable); });
    connect(m_ui->pkceCheck, &QCheckBox::toggled, this, [this] {
        touch(m_ui->pkceCheck);
        Q_EMIT edited();
    });
    connect(m_ui->dpopCheck, &QCheckBox::toggled, this, [this] {
        updateFields();
        Q_EMIT edited();
    });
    connect(m_ui->generateKeyButton, &QPushButton::clicked, this, &OAuthEditor::generateKeyPair);
    connect(m_ui->pastePemButton, &QPushButton::clicked, this,
            [this] { setAssertionKeyPem(QGuiApplication::clipboard()->text(), tr("the clipboard")); });
    connect(m_ui->loadPemButton, &QPushButton::clicked, this, &OAuthEditor::loadPemFile);
    connect(m_ui->copyJwkButton, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(publicJwkText()); // the public half only: no secret
        m_ui->assertionKeyInfo->setText(tr("The public JWK is on the clipboard: register it (or its JWKS) with the "
                                           "authorization server for this client."));
    });
    for (QComboBox* combo : {m_ui->assertionAlgCombo, m_ui->dpopAlgCombo}) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            updateAssertionKey();
            Q_EMIT edited();
        });
    }
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
    m_loaded = oauth;
    m_ui->tokenEndpointEdit->setText(oauth.tokenEndpoint);
    m_ui->authorizationEndpointEdit->setText(oauth.authorizationEndpoint);
    m_ui->deviceEndpointEdit->setText(oauth.deviceAuthorizationEndpoint);
    m_ui->redirectUriEdit->setText(oauth.redirectUri);
    m_ui->pkceCheck->setChecked(oauth.pkce);
    m_ui->oauthIssuerEdit->setText(oauth.issuer);
    m_ui->clientIdEdit->setText(oauth.clientId);
    m_ui->clientAuthCombo->setCurrentIndex(m_ui->clientAuthCombo->findData(int(oauth.clientAuth)));
    m_ui->assertionKidEdit->setText(oauth.assertionKeyId);
    m_ui->dpopCheck->setChecked(oauth.dpop);
    int dpopAlg = m_ui->dpopAlgCombo->findData(oauth.dpopAlg);
    if (dpopAlg < 0) { // an alg typed into the file: kept and shown, and the check says what is wrong with it
        m_ui->dpopAlgCombo->addItem(oauth.dpopAlg, oauth.dpopAlg);
        dpopAlg = m_ui->dpopAlgCombo->count() - 1;
    }
    m_ui->dpopAlgCombo->setCurrentIndex(dpopAlg);
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
    updateFields(); // fills the assertion alg choices of the client authentication
    int alg = m_ui->assertionAlgCombo->findData(oauth.assertionAlg);
    if (alg < 0 && m_ui->assertionAlgCombo->count() > 0 && !oauth.assertionAlg.isEmpty()
        && oauth.assertionAlg != Auth::OAuthSettings().assertionAlg) {
        m_ui->assertionAlgCombo->addItem(oauth.assertionAlg, oauth.assertionAlg);
        alg = m_ui->assertionAlgCombo->count() - 1;
    }
    if (alg >= 0)
        m_ui->assertionAlgCombo->setCurrentIndex(alg);
}

void OAuthEditor::applyTo(Profiles::Profile& p) const
{
    Auth::OAuthSettings& oauth = p.auth.oauth;
    oauth.tokenEndpoint = m_ui->tokenEndpointEdit->text().trimmed();
    oauth.grantType = m_ui->grantTypeCombo->currentData().toString();
    // Rows the grant hides are not checked: what they hold is kept when the file can read it back.
    const bool code = oauth.grantType == u"authorization_code";
    const bool device = oauth.grantType == u"device_code";
    const QString authorization = m_ui->authorizationEndpointEdit->text().trimmed();
    oauth.authorizationEndpoint = code ? authorization : urlOr(authorization, m_loaded.authorizationEndpoint);
    const QString deviceEndpoint = m_ui->deviceEndpointEdit->text().trimmed();
    oauth.deviceAuthorizationEndpoint
        = device ? deviceEndpoint : urlOr(deviceEndpoint, m_loaded.deviceAuthorizationEndpoint);
    const QString redirect = m_ui->redirectUriEdit->text().trimmed();
    oauth.redirectUri = code ? redirect : urlOr(redirect, m_loaded.redirectUri);
    oauth.pkce = m_ui->pkceCheck->isChecked();
    oauth.issuer = m_ui->oauthIssuerEdit->text().trimmed();
    oauth.clientId = m_ui->clientIdEdit->text().trimmed();
    oauth.clientAuth = Auth::ClientAuth(m_ui->clientAuthCombo->currentData().toInt());
    // The alg belongs to the client assertion; another method keeps what was stored.
    oauth.assertionAlg = m_ui->assertionAlgCombo->count() > 0 ? m_ui->assertionAlgCombo->currentData().toString()
                                                              : m_loaded.assertionAlg;
    oauth.assertionKeyId = m_ui->assertionKidEdit->text().trimmed();
    oauth.dpop = m_ui->dpopCheck->isChecked();
    oauth.dpopAlg = m_ui->dpopAlgCombo->currentData().toString();
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
            {Auth::SecretField::RefreshToken, m_ui->refreshTokenSecret},
            {Auth::SecretField::AssertionKey, m_ui->assertionKeySecret}};
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
    // The public half of a demo key may still be copied.
    m_ui->copyJwkButton->setEnabled(true);
}

void OAuthEditor::updateFields()
{
    const QString grant = m_ui->grantTypeCombo->currentData().toString();
    const auto auth = Auth::ClientAuth(m_ui->clientAuthCombo->currentData().toInt());
    // Only the rows the grant uses: the resource owner's name and password belong to the password grant,
    // the browser's endpoint, redirect and PKCE to the code grant (RFC 6749 §4.1, RFC 8252, RFC 7636), the
    // device authorization endpoint to the device grant (RFC 8628 §3.1).
    const bool password = grant == u"password";
    const bool code = grant == u"authorization_code";
    const bool device = grant == u"device_code";
    setRowShown(m_ui->oauthForm, m_ui->ownerBox, password);
    setRowShown(m_ui->oauthForm, m_ui->ownerPasswordBox, password);
    setRowShown(m_ui->oauthForm, m_ui->authorizationEndpointBox, code);
    setRowShown(m_ui->oauthForm, m_ui->redirectUriBox, code);
    setRowShown(m_ui->oauthForm, m_ui->pkceBox, code);
    setRowShown(m_ui->oauthForm, m_ui->deviceEndpointBox, device);
    // A client assertion (RFC 7523 §2.2): its alg and kid; the key for private_key_jwt.
    const bool assertion = auth == Auth::ClientAuth::PrivateKeyJwt || auth == Auth::ClientAuth::ClientSecretJwt;
    const bool keyAuth = auth == Auth::ClientAuth::PrivateKeyJwt;
    setRowShown(m_ui->clientForm, m_ui->assertionAlgCombo, assertion);
    setRowShown(m_ui->clientForm, m_ui->assertionKidBox, assertion);
    setRowShown(m_ui->clientForm, m_ui->assertionKeyBox, keyAuth);
    // private_key_jwt signs with the key: the secret's row goes (its value is kept). A public client keeps
    // the row, disabled, saying why nothing is sent.
    setRowShown(m_ui->clientForm, m_ui->clientSecretBox, !keyAuth);
    const QStringList algs = ProfileValidation::assertionAlgorithms(auth);
    QStringList shown;
    for (int i = 0; i < m_ui->assertionAlgCombo->count(); ++i)
        shown.append(m_ui->assertionAlgCombo->itemData(i).toString());
    if (shown != algs) {
        const QString current = m_ui->assertionAlgCombo->currentData().toString();
        const QSignalBlocker blocker(m_ui->assertionAlgCombo);
        m_ui->assertionAlgCombo->clear();
        for (const QString& alg : algs)
            m_ui->assertionAlgCombo->addItem(alg, alg);
        m_ui->assertionAlgCombo->setCurrentIndex(std::max(0, int(algs.indexOf(current))));
    }
    // Showing a row shows every widget of it: an error line shows only with a message in it.
    const QList<std::pair<QLabel*, bool>> errors = {{m_ui->oauthUsernameError, password},
                                                    {m_ui->oauthPasswordError, password},
                                                    {m_ui->authorizationEndpointError, code},
                                                    {m_ui->redirectUriError, code},
                                                    {m_ui->pkceWarning, code},
                                                    {m_ui->deviceEndpointError, device},
                                                    {m_ui->assertionKidError, assertion},
                                                    {m_ui->clientSecretError, !keyAuth},
                                                    {m_ui->assertionKeyError, keyAuth}};
    for (const auto& [error, rowShown] : errors)
        error->setVisible(rowShown && !error->text().isEmpty());
    // A public client and private_key_jwt send no secret: the field stays (its value is kept) but says so.
    const bool noSecret = auth == Auth::ClientAuth::None || keyAuth;
    m_ui->clientSecretSecret->setEnabled(!noSecret && m_secretsReady);
    m_ui->clientSecretSecret->setPlaceholderText(auth == Auth::ClientAuth::None
                                                     ? tr("not sent: a public client has no secret")
                                                     : keyAuth ? tr("not sent: private_key_jwt signs with the key")
                                                               : QString());
    for (QPushButton* button : {m_ui->generateKeyButton, m_ui->pastePemButton, m_ui->loadPemButton})
        button->setEnabled(m_secretsReady && m_ui->assertionKeySecret->isEnabled());
    m_ui->refreshTokenSecret->setPlaceholderText(
        grant == u"refresh_token" ? tr("required: the grant sends it") : tr("optional: kept from the token responses"));
    m_ui->dpopAlgCombo->setEnabled(m_ui->dpopCheck->isChecked() && m_ui->dpopCheck->isEnabled());
    updateAssertionKey();
}

void OAuthEditor::updateAssertionKey()
{
    // The public half of the key, to register at the server (RFC 7517 §4; RFC 7523 §3 rule 9).
    const QString jwk = publicJwkText();
    const bool keyAuth
        = Auth::ClientAuth(m_ui->clientAuthCombo->currentData().toInt()) == Auth::ClientAuth::PrivateKeyJwt;
    m_ui->publicJwkView->setPlainText(jwk);
    m_ui->publicJwkView->setVisible(keyAuth && !jwk.isEmpty());
    m_ui->copyJwkButton->setVisible(keyAuth && !jwk.isEmpty());
    if (m_ui->assertionKeySecret->text().trimmed().isEmpty())
        m_ui->assertionKeyInfo->setText(tr("Generate a key pair and register its public JWK with the server, or "
                                           "paste the PEM of a key the server knows."));
    else if (!jwk.isEmpty())
        m_ui->assertionKeyInfo->setText(tr("Public JWK of this key, to register with the authorization server:"));
    else
        m_ui->assertionKeyInfo->setText({});
    m_ui->assertionKeyInfo->setVisible(keyAuth && !m_ui->assertionKeyInfo->text().isEmpty());
}

QString OAuthEditor::publicJwkText() const
{
    const QString pem = ProfileValidation::normalizedPem(m_ui->assertionKeySecret->text().trimmed());
    if (pem.isEmpty())
        return {};
    const Jwt::PrivateKey key = Jwt::PrivateKey::fromPem(pem.toUtf8());
    if (key.isNull())
        return {};
    QJsonObject jwk = key.publicJwk();
    jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
    const QString alg = m_ui->assertionAlgCombo->currentData().toString();
    if (key.supports(alg))
        jwk.insert(QStringLiteral("alg"), alg);
    const QString kid = m_ui->assertionKidEdit->text().trimmed();
    if (!kid.isEmpty())
        jwk.insert(QStringLiteral("kid"), kid);
    return QString::fromUtf8(QJsonDocument(jwk).toJson(QJsonDocument::Compact));
}

void OAuthEditor::generateKeyPair()
{
    const QString alg = m_ui->assertionAlgCombo->currentData().toString();
    if (!m_ui->assertionKeySecret->text().trimmed().isEmpty()
        && Dialogs::confirm(this, tr("Generate Key Pair"), tr("Replace the client assertion key?"),
                            tr("The key in the field is replaced when you save; a server that knows only its public "
                               "half will refuse the new one until you register it."),
                            tr("Replace"))
            != QMessageBox::Yes)
        return;
    QString error;
    const Jwt::PrivateKey key = Jwt::PrivateKey::generate(alg, &error);
    if (key.isNull()) {
        m_ui->assertionKeyError->setText(tr("No key was generated: %1").arg(error));
        m_ui->assertionKeyError->setVisible(true);
        return;
    }
    // The RFC 7638 thumbprint names the key when no kid is set: the server then finds it by kid.
    if (m_ui->assertionKidEdit->text().trimmed().isEmpty())
        m_ui->assertionKidEdit->setText(QString::fromLatin1(key.thumbprint()));
    m_ui->assertionKeySecret->setText(QString::fromLatin1(key.toPem()));
    touch(m_ui->assertionKeySecret);
    updateAssertionKey();
    Q_EMIT edited();
}

void OAuthEditor::setAssertionKeyPem(const QString& text, const QString& from)
{
    const QString pem = ProfileValidation::normalizedPem(text.trimmed());
    QString error;
    const Jwt::PrivateKey key = Jwt::PrivateKey::fromPem(pem.toUtf8(), &error);
    if (key.isNull()) {
        // Nothing is replaced: the message says what was wrong with what came.
        m_ui->assertionKeyError->setText(pem.isEmpty()
                                             ? tr("%1 holds no text.").arg(from)
                                             : tr("%1 does not hold a usable private key: %2").arg(from, error));
        m_ui->assertionKeyError->setVisible(true);
        return;
    }
    m_ui->assertionKeySecret->setText(pem);
    touch(m_ui->assertionKeySecret);
    updateAssertionKey();
    Q_EMIT edited();
}

void OAuthEditor::loadPemFile()
{
    const QString path = Dialogs::getOpenFileName(this, tr("Load the client assertion key"), QDir::homePath(),
                                                  tr("Private keys (*.pem *.key);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (file.size() > MaxKeyFileSize || !file.open(QIODevice::ReadOnly)) {
        m_ui->assertionKeyError->setText(file.size() > MaxKeyFileSize
                                             ? tr("%1 is too large for a private key.").arg(path)
                                             : tr("%1 could not be read: %2").arg(path, file.errorString()));
        m_ui->assertionKeyError->setVisible(true);
        return;
    }
    setAssertionKeyPem(QString::fromUtf8(file.read(MaxKeyFileSize)), path);
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
        {m_ui->authorizationEndpointError, o.authorizationEndpoint, m_ui->authorizationEndpointEdit},
        {m_ui->deviceEndpointError, o.deviceAuthorizationEndpoint, m_ui->deviceEndpointEdit},
        {m_ui->redirectUriError, o.redirectUri, m_ui->redirectUriEdit},
        {m_ui->oauthIssuerError, o.issuer, m_ui->oauthIssuerEdit},
        {m_ui->oauthUsernameError, o.username, m_ui->oauthUsernameEdit},
        {m_ui->oauthPasswordError, o.password, m_ui->oauthPasswordSecret},
        {m_ui->refreshTokenError, o.refreshToken, m_ui->refreshTokenSecret},
        {m_ui->clientIdError, o.clientId, m_ui->clientIdEdit},
        {m_ui->clientSecretError, o.clientSecret, m_ui->clientSecretSecret},
        {m_ui->assertionKidError, o.assertionAlg.isEmpty() ? o.assertionKeyId : o.assertionAlg, m_ui->assertionKidEdit},
        {m_ui->assertionKeyError, o.assertionKey, m_ui->assertionKeySecret},
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
    // A warning, shown as soon as PKCE is off: it never keeps the profile from being saved.
    m_ui->pkceWarning->setText(o.pkce);
    m_ui->pkceWarning->setVisible(!o.pkce.isEmpty());
    m_ui->dpopError->setText(o.dpopAlg); // only an alg typed into the file can be wrong: shown at once
    m_ui->dpopError->setVisible(!o.dpopAlg.isEmpty());
    if (!o.dpopAlg.isEmpty() && !first)
        first = m_ui->dpopAlgCombo;
    return first;
}

void OAuthEditor::reveal(QWidget* field)
{
    m_ui->oauthScroll->ensureWidgetVisible(field);
}

} // namespace Authlens::Gui
