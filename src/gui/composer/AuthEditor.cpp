#include "composer/AuthEditor.h"

#include "common/DisplayFormat.h"
#include "common/TokenLifetime.h"
#include "jwt/TimeText.h"

#include <QDateTime>

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "ui_AuthEditor.h"

namespace Authlens::Gui {

AuthEditor::AuthEditor(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::AuthEditor>())
{
    m_ui->setupUi(this);
    m_ui->authMethodCombo->addItem(tr("No auth"), int(Auth::Method::None));
    m_ui->authMethodCombo->addItem(tr("Basic"), int(Auth::Method::Basic));
    m_ui->authMethodCombo->addItem(tr("Digest"), int(Auth::Method::Digest));
    m_ui->authMethodCombo->addItem(tr("Bearer token"), int(Auth::Method::Bearer));
    m_ui->authMethodCombo->addItem(tr("OAuth 2 (access token)"), int(Auth::Method::OAuth2));
    m_ui->authMethodCombo->addItem(tr("API key"), int(Auth::Method::ApiKey));
    m_ui->authMethodCombo->addItem(tr("AWS Signature v4"), int(Auth::Method::AwsSigV4));
    m_ui->apiKeyPlaceCombo->addItem(tr("Header"), int(Auth::ApiKeyPlace::Header));
    m_ui->apiKeyPlaceCombo->addItem(tr("Query parameter"), int(Auth::ApiKeyPlace::Query));
    m_ui->apiKeyNameEdit->setText(Auth::AuthSettings().apiKeyName);
    m_ui->usernameEdit->setPlaceholderText(tr("user name"));
    m_ui->passwordEdit->setPlaceholderText(tr("password"));
    m_ui->tokenEdit->setPlaceholderText(tr("access token, e.g. a JWT"));
    m_ui->apiKeyValueEdit->setPlaceholderText(tr("key value"));
    setupAwsPage();
    for (QLabel* hint : {m_ui->noneHint, m_ui->basicHint, m_ui->bearerHint, m_ui->awsHint, m_ui->sourceLabel})
        hint->setForegroundRole(QPalette::PlaceholderText);

    bindReveal(m_ui->revealPasswordButton, m_ui->passwordEdit);
    bindReveal(m_ui->revealTokenButton, m_ui->tokenEdit);
    bindReveal(m_ui->revealApiKeyButton, m_ui->apiKeyValueEdit);
    bindReveal(m_ui->revealAwsSecretKeyButton, m_ui->awsSecretKeyEdit);
    bindReveal(m_ui->revealAwsSessionTokenButton, m_ui->awsSessionTokenEdit);
    // The AWS page's key ID, secret key and session token are the method's user name, password and token
    // (AuthSettings.h): typing on either page changes both, so switching the method loses nothing.
    for (auto [a, b] : {std::pair {m_ui->usernameEdit, m_ui->awsAccessKeyEdit},
                        std::pair {m_ui->passwordEdit, m_ui->awsSecretKeyEdit},
                        std::pair {m_ui->tokenEdit, m_ui->awsSessionTokenEdit}}) {
        connect(a, &QLineEdit::textEdited, b, &QLineEdit::setText);
        connect(b, &QLineEdit::textEdited, a, &QLineEdit::setText);
    }

    connect(m_ui->authMethodCombo, &QComboBox::currentIndexChanged, this, [this] {
        showMethodPage();
        Q_EMIT changed();
    });
    connect(m_ui->apiKeyPlaceCombo, &QComboBox::currentIndexChanged, this, &AuthEditor::changed);
    m_lifetimeTimer.setInterval(1000);
    connect(&m_lifetimeTimer, &QTimer::timeout, this, &AuthEditor::updateTokenLifetime);
    connect(m_ui->tokenEdit, &QLineEdit::textChanged, this, &AuthEditor::updateTokenLifetime);
    for (QLineEdit* edit : {m_ui->usernameEdit, m_ui->passwordEdit, m_ui->tokenEdit, m_ui->apiKeyNameEdit,
                            m_ui->apiKeyValueEdit, m_ui->awsAccessKeyEdit, m_ui->awsSecretKeyEdit,
                            m_ui->awsSessionTokenEdit, m_ui->awsRegionEdit, m_ui->awsServiceCombo->lineEdit()})
        connect(edit, &QLineEdit::textEdited, this, &AuthEditor::changed);
    connect(m_ui->awsServiceCombo, &QComboBox::activated, this, &AuthEditor::changed); // picked from the list
    connect(m_ui->awsClockLabel, &QLabel::linkActivated, this, [this] {
        m_settings.aws.clockOffsetSeconds = 0;
        updateAwsClock();
        Q_EMIT changed();
    });
    showMethodPage();
}

AuthEditor::~AuthEditor() = default;

void AuthEditor::setupAwsPage()
{
    m_ui->awsAccessKeyEdit->setPlaceholderText(tr("e.g. AKIAIOSFODNN7EXAMPLE"));
    m_ui->awsSecretKeyEdit->setPlaceholderText(tr("secret access key"));
    m_ui->awsSessionTokenEdit->setPlaceholderText(awsSessionTokenPlaceholder());
    m_ui->awsRegionEdit->setPlaceholderText(QStringLiteral("us-east-1"));
    setupAwsServiceCombo(m_ui->awsServiceCombo);
    const Auth::AwsSettings defaults;
    m_ui->awsRegionEdit->setText(defaults.region);
    m_ui->awsServiceCombo->setCurrentText(defaults.service);
    m_ui->awsHint->setText(awsSigningHint());
    // The credentials first, then their scope (the grid's row order would alternate between the two).
    setTabOrder(m_ui->awsAccessKeyEdit, m_ui->awsSecretKeyEdit);
    setTabOrder(m_ui->awsSecretKeyEdit, m_ui->revealAwsSecretKeyButton);
    setTabOrder(m_ui->revealAwsSecretKeyButton, m_ui->awsSessionTokenEdit);
    setTabOrder(m_ui->awsSessionTokenEdit, m_ui->revealAwsSessionTokenButton);
    setTabOrder(m_ui->revealAwsSessionTokenButton, m_ui->awsRegionEdit);
    setTabOrder(m_ui->awsRegionEdit, m_ui->awsServiceCombo);
}

void AuthEditor::setupAwsServiceCombo(QComboBox* combo)
{
    // The services people sign for most; any other name can be typed (the signing name of the endpoint).
    const QList<std::pair<QString, QString>> services = {
        {QStringLiteral("execute-api"), tr("API Gateway (an IAM-authorised API)")},
        {QStringLiteral("s3"), tr("Amazon S3 and S3-compatible storage")},
        {QStringLiteral("lambda"), tr("AWS Lambda, also function URLs with IAM auth")},
        {QStringLiteral("dynamodb"), tr("Amazon DynamoDB")},
        {QStringLiteral("sts"), tr("AWS Security Token Service")},
        {QStringLiteral("es"), tr("Amazon OpenSearch Service")},
    };
    for (const auto& [name, description] : services) {
        combo->addItem(name);
        combo->setItemData(combo->count() - 1, description, Qt::ToolTipRole);
    }
    combo->lineEdit()->setPlaceholderText(QStringLiteral("execute-api"));
    combo->setToolTip(tr("The service the signature is scoped to: execute-api for API Gateway, s3, lambda, … "
                         "(any other signing name can be typed)"));
}

QString AuthEditor::awsSessionTokenPlaceholder()
{
    return tr("optional: for temporary credentials (STS, SSO)");
}

QString AuthEditor::awsSigningHint()
{
    return tr("Signed just before sending: the Host, Content-Type and X-Amz-* headers and the body's SHA-256. Each "
              "redirect hop is signed again; only origins allowed to receive credentials get a signature.");
}

void AuthEditor::bindReveal(QToolButton* button, QLineEdit* edit)
{
    connect(button, &QToolButton::toggled, edit, [button, edit](bool reveal) {
        edit->setEchoMode(reveal ? QLineEdit::Normal : QLineEdit::Password);
        button->setText(reveal ? tr("Hide") : tr("Show"));
    });
}

void AuthEditor::showMethodPage()
{
    switch (method()) {
    case Auth::Method::None:
        m_ui->authStack->setCurrentWidget(m_ui->nonePage);
        break;
    case Auth::Method::Basic:
    case Auth::Method::Digest:
        m_ui->authStack->setCurrentWidget(m_ui->basicPage);
        m_ui->basicHint->setText(passwordMethodHint(method()));
        break;
    case Auth::Method::Bearer:
    case Auth::Method::OAuth2:
        m_ui->authStack->setCurrentWidget(m_ui->bearerPage);
        m_ui->bearerHint->setText(method() == Auth::Method::OAuth2
                                      ? tr("Sent as “Authorization: Bearer <token>”. When the API refuses it, the "
                                           "findings panel offers a new one from the profile's token service.")
                                      : tr("Sent as “Authorization: Bearer <token>”."));
        break;
    case Auth::Method::ApiKey:
        m_ui->authStack->setCurrentWidget(m_ui->apiKeyPage);
        break;
    case Auth::Method::AwsSigV4:
        m_ui->authStack->setCurrentWidget(m_ui->awsPage);
        break;
    }
    // A countdown nobody sees is not worth a timer.
    if (m_ui->authStack->currentWidget() == m_ui->bearerPage)
        m_lifetimeTimer.start();
    else
        m_lifetimeTimer.stop();
    updateTokenLifetime();
}

void AuthEditor::updateTokenLifetime()
{
    const QString token = m_ui->tokenEdit->text().trimmed();
    const TokenLifetime lifetime = TokenLifetime::of(m_settings.oauth, token);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    m_ui->tokenLifetimeLabel->setText(lifetime.text(now, !token.isEmpty()));
    QString style;
    if (lifetime.isKnown() && lifetime.secondsLeft(now) <= 0)
        style = QStringLiteral("color: #c62828;");
    else if (lifetime.isKnown() && lifetime.secondsLeft(now) < 120)
        style = QStringLiteral("color: #b26a00;");
    m_ui->tokenLifetimeLabel->setStyleSheet(style);
    if (style.isEmpty())
        m_ui->tokenLifetimeLabel->setForegroundRole(QPalette::PlaceholderText);
}

QString AuthEditor::tokenLifetimeText() const
{
    return m_ui->tokenLifetimeLabel->text();
}

void AuthEditor::setAccessToken(const QString& token, const Auth::OAuthSettings& oauth)
{
    m_settings.oauth.accessTokenExpiresAt = oauth.accessTokenExpiresAt;
    m_settings.oauth.tokenType = oauth.tokenType;
    m_secrets.token = token;
    m_ui->tokenEdit->setText(token); // also resets "modified": later keychain values may fill it again
    m_ui->awsSessionTokenEdit->setText(token);
    m_ui->revealTokenButton->setChecked(false);
    updateTokenLifetime();
    Q_EMIT changed();
}

void AuthEditor::setAuth(const Auth::AuthSettings& settings, const Auth::AuthSecrets& secrets)
{
    m_settings = settings;
    m_secrets = secrets;
    const QSignalBlocker blockMethod(m_ui->authMethodCombo);
    const QSignalBlocker blockPlace(m_ui->apiKeyPlaceCombo);
    m_ui->authMethodCombo->setCurrentIndex(m_ui->authMethodCombo->findData(int(settings.method)));
    m_ui->usernameEdit->setText(settings.username);
    m_ui->awsAccessKeyEdit->setText(settings.username);
    m_ui->passwordEdit->setText(secrets.password);
    m_ui->awsSecretKeyEdit->setText(secrets.password);
    m_ui->tokenEdit->setText(secrets.token);
    m_ui->awsSessionTokenEdit->setText(secrets.token);
    m_ui->awsRegionEdit->setText(settings.aws.region);
    m_ui->awsServiceCombo->setCurrentText(settings.aws.service);
    updateAwsClock();
    m_ui->apiKeyNameEdit->setText(settings.apiKeyName);
    m_ui->apiKeyValueEdit->setText(secrets.apiKey);
    m_ui->apiKeyPlaceCombo->setCurrentIndex(m_ui->apiKeyPlaceCombo->findData(int(settings.apiKeyPlace)));
    for (QToolButton* reveal : {m_ui->revealPasswordButton, m_ui->revealTokenButton, m_ui->revealApiKeyButton,
                                m_ui->revealAwsSecretKeyButton, m_ui->revealAwsSessionTokenButton})
        reveal->setChecked(false);
    showMethodPage();
    Q_EMIT changed();
}

void AuthEditor::updateAwsClock()
{
    const qint64 offset = m_settings.aws.clockOffsetSeconds;
    m_ui->awsClockLabel->setVisible(offset != 0);
    if (offset == 0)
        return;
    m_ui->awsClockLabel->setText(tr("Signs by AWS's clock, %1 this computer's (for this session only). "
                                    "<a href=\"#local-clock\">Use this computer's clock</a>")
                                     .arg(clockOffsetText(offset)));
}

void AuthEditor::setMethod(Auth::Method method, const QString& apiKeyName, bool apiKeyInQuery)
{
    if (method == Auth::Method::ApiKey && !apiKeyName.isEmpty()) {
        m_ui->apiKeyNameEdit->setText(apiKeyName);
        m_ui->apiKeyPlaceCombo->setCurrentIndex(m_ui->apiKeyPlaceCombo->findData(
            int(apiKeyInQuery ? Auth::ApiKeyPlace::Query : Auth::ApiKeyPlace::Header)));
    }
    m_ui->authMethodCombo->setCurrentIndex(m_ui->authMethodCombo->findData(int(method))); // emits changed()
}

void AuthEditor::focusFirstEmptyField()
{
    QList<QLineEdit*> fields;
    switch (method()) {
    case Auth::Method::None:
        m_ui->authMethodCombo->setFocus(Qt::OtherFocusReason);
        return;
    case Auth::Method::Basic:
    case Auth::Method::Digest:
        fields = {m_ui->usernameEdit, m_ui->passwordEdit};
        break;
    case Auth::Method::Bearer:
    case Auth::Method::OAuth2:
        fields = {m_ui->tokenEdit};
        break;
    case Auth::Method::ApiKey:
        fields = {m_ui->apiKeyNameEdit, m_ui->apiKeyValueEdit};
        break;
    case Auth::Method::AwsSigV4: // the session token is optional: never the field to fill first
        fields
            = {m_ui->awsAccessKeyEdit, m_ui->awsSecretKeyEdit, m_ui->awsRegionEdit, m_ui->awsServiceCombo->lineEdit()};
        break;
    }
    QLineEdit* target = fields.first();
    for (QLineEdit* field : std::as_const(fields)) {
        if (field->text().isEmpty()) {
            target = field;
            break;
        }
    }
    target->setFocus(Qt::OtherFocusReason);
}

void AuthEditor::setSecrets(const Auth::AuthSecrets& secrets)
{
    m_secrets = secrets;
    // A value shown on two pages (AWS's secret key is the password) is kept when typed on either.
    const auto fill = [](std::initializer_list<QLineEdit*> edits, const QString& value) {
        if (std::none_of(edits.begin(), edits.end(), [](const QLineEdit* edit) { return edit->isModified(); })) {
            for (QLineEdit* edit : edits)
                edit->setText(value);
        }
    };
    fill({m_ui->passwordEdit, m_ui->awsSecretKeyEdit}, secrets.password);
    fill({m_ui->tokenEdit, m_ui->awsSessionTokenEdit}, secrets.token);
    fill({m_ui->apiKeyValueEdit}, secrets.apiKey);
    Q_EMIT changed();
}

Auth::Method AuthEditor::method() const
{
    return Auth::Method(m_ui->authMethodCombo->currentData().toInt());
}

Auth::AuthSettings AuthEditor::settings() const
{
    Auth::AuthSettings s = m_settings;
    s.method = method();
    s.username = m_ui->usernameEdit->text();
    s.apiKeyName = m_ui->apiKeyNameEdit->text().trimmed();
    s.apiKeyPlace = Auth::ApiKeyPlace(m_ui->apiKeyPlaceCombo->currentData().toInt());
    s.aws.region = m_ui->awsRegionEdit->text().trimmed();
    s.aws.service = m_ui->awsServiceCombo->currentText().trimmed();
    return s;
}

Auth::AuthSecrets AuthEditor::secrets() const
{
    Auth::AuthSecrets s = m_secrets;
    s.password = m_ui->passwordEdit->text();
    s.token = m_ui->tokenEdit->text().trimmed();
    s.apiKey = m_ui->apiKeyValueEdit->text();
    return s;
}

void AuthEditor::setSourceText(const QString& text)
{
    m_ui->sourceLabel->setText(text);
    m_ui->sourceLabel->setVisible(!text.isEmpty());
}

} // namespace Authlens::Gui
