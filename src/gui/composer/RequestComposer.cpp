#include "composer/RequestComposer.h"

#include "common/StatusPalette.h"

#include "common/Dialogs.h"
#include "common/DisplayFormat.h"
#include "common/SecretMask.h"
#include "composer/QueryString.h"
#include "ui_RequestComposer.h"
#include "workspace/RequestAssembly.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>

namespace Authlens::Gui {

namespace {

const QString CustomContentType = QStringLiteral("custom");

QString methodLabel(const Auth::AuthSettings& settings)
{
    switch (settings.method) {
    case Auth::Method::None:
        return QString();
    case Auth::Method::Basic:
        return QStringLiteral("Basic");
    case Auth::Method::Digest:
        return QStringLiteral("Digest");
    case Auth::Method::Bearer:
        return QStringLiteral("Bearer");
    case Auth::Method::OAuth2:
        return QStringLiteral("OAuth 2");
    case Auth::Method::ApiKey:
        return QStringLiteral("API key");
    case Auth::Method::AwsSigV4: { // what the signature is scoped to tells one AWS tab from another
        const QString name = settings.aws.region.isEmpty() || settings.aws.service.isEmpty()
            ? QStringLiteral("AWS Signature v4")
            : QStringLiteral("AWS Signature v4 · %1/%2").arg(settings.aws.region, settings.aws.service);
        // Signing by AWS's clock is visible without opening the tab (AuthEditor says more).
        return settings.aws.clockOffsetSeconds == 0 ? name : name + QStringLiteral(" · AWS's clock");
    }
    }
    return QString();
}

} // namespace

RequestComposer::RequestComposer(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::RequestComposer>())
{
    m_ui->setupUi(this);
    m_ui->methodCombo->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                                 QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                                 QStringLiteral("OPTIONS")});
    m_ui->methodCombo->setInsertPolicy(QComboBox::NoInsert);
    m_ui->contentTypeCombo->addItem(tr("No body"), QString());
    for (const char* type : {"application/json", "application/x-www-form-urlencoded", "text/plain", "application/xml"})
        m_ui->contentTypeCombo->addItem(QString::fromLatin1(type), QString::fromLatin1(type));
    m_ui->contentTypeCombo->addItem(tr("Custom…"), CustomContentType);
    m_ui->urlEdit->setFont(monospaceFont());
    m_ui->bodyEdit->setFont(monospaceFont());
    m_ui->paramsTable->setPlaceholders(tr("Add query parameter"), tr("Value"));
    m_ui->headersTable->setCheckable(true);
    m_ui->headersTable->setPlaceholders(tr("Add header"), tr("Value"));
    m_ui->contextLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->messageLabel->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_ui->sendButton->setDefault(true);
    QFont sendFont = m_ui->sendButton->font();
    sendFont.setBold(true);
    m_ui->sendButton->setFont(sendFont);

    connect(m_ui->urlEdit, &QLineEdit::textEdited, this, &RequestComposer::syncParamsFromUrl);
    connect(m_ui->urlEdit, &QLineEdit::returnPressed, this, &RequestComposer::requestSend);
    connect(m_ui->paramsTable, &KeyValueTable::rowsEdited, this, &RequestComposer::syncUrlFromParams);
    connect(m_ui->headersTable, &KeyValueTable::rowsEdited, this, &RequestComposer::updateTabTitles);
    connect(m_ui->contentTypeCombo, &QComboBox::currentIndexChanged, this, &RequestComposer::updateBodyControls);
    connect(m_ui->bodyEdit, &QPlainTextEdit::textChanged, this, &RequestComposer::updateTabTitles);
    connect(m_ui->authEditor, &AuthEditor::changed, this, &RequestComposer::updateTabTitles);
    // Every user edit, for the draft's "modified" marker (programmatic loads compare equal and clear it).
    connect(m_ui->urlEdit, &QLineEdit::textEdited, this, &RequestComposer::edited);
    connect(m_ui->methodCombo, &QComboBox::currentTextChanged, this, &RequestComposer::edited);
    connect(m_ui->paramsTable, &KeyValueTable::rowsEdited, this, &RequestComposer::edited);
    connect(m_ui->headersTable, &KeyValueTable::rowsEdited, this, &RequestComposer::edited);
    connect(m_ui->bodyEdit, &QPlainTextEdit::textChanged, this, &RequestComposer::edited);
    connect(m_ui->contentTypeCombo, &QComboBox::currentIndexChanged, this, &RequestComposer::edited);
    connect(m_ui->customContentTypeEdit, &QLineEdit::textEdited, this, &RequestComposer::edited);
    connect(m_ui->authEditor, &AuthEditor::changed, this, &RequestComposer::edited);
    connect(m_ui->authEditor, &AuthEditor::changed, this, &RequestComposer::updateCredentialWarning);
    connect(m_ui->sendButton, &QPushButton::clicked, this, &RequestComposer::requestSend);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &RequestComposer::cancelRequested);
    connect(m_ui->saveRequestButton, &QPushButton::clicked, this, &RequestComposer::saveRequested);

    using Shell = Formats::CurlExportOptions::Shell;
    auto* curlMenu = new QMenu(this);
    curlMenu->addAction(tr("Copy as curl (bash)"), this, [this] { copyAsCurl(Shell::Bash, false); });
    curlMenu->addAction(tr("Copy as curl (Windows cmd)"), this, [this] { copyAsCurl(Shell::Cmd, false); });
    curlMenu->addSeparator();
    curlMenu->addAction(tr("Copy as curl with Secrets…"), this, [this] { copyAsCurl(Shell::Bash, true); });
    m_ui->curlButton->setMenu(curlMenu);
    connect(m_ui->curlButton, &QToolButton::clicked, this, [this] { copyAsCurl(Shell::Bash, false); });

    updateBodyControls();
    updateContextText();
    updateTabTitles();
}

RequestComposer::~RequestComposer() = default;

// ---- URL ↔ Params ----------------------------------------------------------------------------------

void RequestComposer::syncParamsFromUrl()
{
    QList<KeyValueRow> rows;
    const QList<QueryItem> items = parseQuery(splitUrl(m_ui->urlEdit->text()).query);
    for (const QueryItem& item : items) {
        const QStringList raw = {item.rawKey, item.rawValue, item.hasValue ? QStringLiteral("=") : QString()};
        rows.append({true, item.key, item.value, raw});
    }
    m_ui->paramsTable->setRows(rows);
    updateTabTitles();
}

void RequestComposer::syncUrlFromParams()
{
    QList<QueryItem> items;
    const QList<KeyValueRow> rows = m_ui->paramsTable->rows();
    for (const KeyValueRow& row : rows) {
        QueryItem item;
        item.key = row.key;
        item.value = row.value;
        const QStringList raw = row.data.toStringList();
        if (raw.size() == 3) {
            item.rawKey = raw.at(0);
            item.rawValue = raw.at(1);
            item.hasValue = !raw.at(2).isEmpty();
        } else {
            item.hasValue = !row.value.isEmpty();
        }
        items.append(item);
    }
    UrlParts parts = splitUrl(m_ui->urlEdit->text());
    parts.query = buildQuery(items);
    parts.hasQuery = !items.isEmpty();
    m_ui->urlEdit->setText(joinUrl(parts));
    updateTabTitles();
}

// ---- draft -----------------------------------------------------------------------------------------

QString RequestComposer::contentType() const
{
    const QString data = m_ui->contentTypeCombo->currentData().toString();
    return data == CustomContentType ? m_ui->customContentTypeEdit->text().trimmed() : data;
}

void RequestComposer::setContentType(const QString& contentType)
{
    const int index = m_ui->contentTypeCombo->findData(contentType);
    if (index >= 0) {
        m_ui->contentTypeCombo->setCurrentIndex(index);
    } else {
        m_ui->contentTypeCombo->setCurrentIndex(m_ui->contentTypeCombo->findData(CustomContentType));
        m_ui->customContentTypeEdit->setText(contentType);
    }
    updateBodyControls();
}

RequestDraft RequestComposer::draft() const
{
    RequestDraft d;
    d.method = m_ui->methodCombo->currentText().trimmed();
    d.url = m_ui->urlEdit->text();
    d.headers = m_ui->headersTable->rows();
    d.body = m_ui->bodyEdit->toPlainText();
    d.contentType = contentType();
    d.profileId = profileId();
    d.savedRequestId = m_savedRequestId;
    return d;
}

void RequestComposer::setDraft(const RequestDraft& draft)
{
    m_ui->methodCombo->setCurrentText(draft.method.isEmpty() ? QStringLiteral("GET") : draft.method);
    m_ui->urlEdit->setText(draft.url);
    syncParamsFromUrl();
    m_ui->headersTable->setRows(draft.headers);
    m_ui->bodyEdit->setPlainText(draft.body);
    setContentType(draft.contentType);
    m_savedRequestId = draft.savedRequestId;
    showMessage({});
    updateTabTitles();
}

RequestDraft RequestComposer::draftOf(const Profiles::SavedRequest& request)
{
    RequestDraft d;
    d.method = QString::fromLatin1(request.method);
    d.url = request.url;
    for (const Http::Header& h : request.headers)
        d.headers.append({true, QString::fromLatin1(h.first), headerText(h.second), {}});
    d.body = QString::fromUtf8(request.body);
    d.contentType
        = request.contentType.isEmpty() && !request.body.isEmpty() ? QStringLiteral("text/plain") : request.contentType;
    d.savedRequestId = request.id;
    return d;
}

void RequestComposer::loadSavedRequest(const Profiles::SavedRequest& request)
{
    setDraft(draftOf(request));
    showSavedRequestAuth(request);
}

void RequestComposer::showSavedRequestAuth(const Profiles::SavedRequest& request)
{
    // A request with auth of its own (Postman's "No Auth", a token call's Basic) shows it in the Auth tab;
    // one that uses the profile's shows the profile's. Edits made for another request stay in its draft.
    m_savedAuth = request.auth;
    if (m_profile) {
        if (const auto choice = Workspace::savedRequestAuth(*m_profile, request))
            m_ui->authEditor->setAuth(choice->settings, choice->secrets);
        else
            m_ui->authEditor->setAuth(m_profile->auth, m_profile->sessionSecrets);
    }
    updateCredentialWarning();
}

void RequestComposer::setAuth(const Auth::AuthSettings& settings, const Auth::AuthSecrets& secrets)
{
    m_ui->authEditor->setAuth(settings, secrets);
    updateCredentialWarning();
}

Profiles::SavedRequest RequestComposer::savedRequest(QStringList* dropped) const
{
    return currentRequest(false, dropped);
}

Profiles::SavedRequest RequestComposer::currentRequest(bool keepSecretHeaders, QStringList* dropped) const
{
    Profiles::SavedRequest request;
    request.id = m_savedRequestId;
    request.method = m_ui->methodCombo->currentText().trimmed().toUpper().toLatin1();
    request.url = m_ui->urlEdit->text().trimmed();
    const QList<KeyValueRow> headers = m_ui->headersTable->rows();
    // A saved request keeps no credential: the secret policy decides, with the Auth tab's API-key name.
    const Http::SecretPolicy policy = Auth::secretPolicyFor(m_ui->authEditor->settings());
    for (const KeyValueRow& row : headers) {
        const QString name = row.key.trimmed();
        if (!row.enabled || name.isEmpty())
            continue;
        // A value made of {{references}} (an import's secret variables) holds no secret itself: it is kept.
        if (!keepSecretHeaders && policy.isSecretHeader(name.toLatin1()) && !row.value.contains(u"{{")) {
            if (dropped)
                dropped->append(name);
            continue;
        }
        request.headers.append({name.toLatin1(), row.value.toUtf8()});
    }
    request.auth = m_savedAuth;
    request.contentType = contentType();
    if (!request.contentType.isEmpty())
        request.body = m_ui->bodyEdit->toPlainText().toUtf8();
    return request;
}

QString RequestComposer::curlCommand(const Formats::CurlExportOptions& options) const
{
    // The profile as the request would be sent: its connection settings and secrets, with the Auth
    // tab's method (which the user may have changed for this request).
    Profiles::Profile profile = m_profile.value_or(Profiles::Profile {});
    profile.auth = m_ui->authEditor->settings();
    const Auth::AuthSecrets tab = m_ui->authEditor->secrets();
    for (const Auth::SecretField field :
         {Auth::SecretField::Password, Auth::SecretField::Token, Auth::SecretField::ApiKey}) {
        Auth::setSecretValue(profile.sessionSecrets, field, Auth::secretValue(tab, field));
    }
    return Formats::exportCurl(profile, currentRequest(true, nullptr), options);
}

void RequestComposer::copyAsCurl(Formats::CurlExportOptions::Shell shell, bool withSecrets)
{
    if (m_ui->urlEdit->text().trimmed().isEmpty()) {
        showMessage(tr("Enter a URL first: there is nothing to copy yet."));
        return;
    }
    if (withSecrets
        && Dialogs::confirm(this, tr("Copy with Secrets"), tr("Copy the curl command with its secrets in plain text?"),
                            tr("Passwords, tokens and keys will be on the clipboard, where other applications "
                               "can read them, and in your shell history once you run the command."),
                            tr("Copy with Secrets"))
            != QMessageBox::Yes)
        return;
    Formats::CurlExportOptions options;
    options.shell = shell;
    options.revealSecrets = withSecrets;
    QGuiApplication::clipboard()->setText(curlCommand(options));
    Q_EMIT statusMessage(withSecrets ? tr("curl command copied, secrets included.")
                                     : tr("curl command copied. Secrets are environment variables "
                                          "($AUTHLENS_TOKEN, …): set them before running it."));
}

QString RequestComposer::savedRequestId() const
{
    return m_savedRequestId;
}

void RequestComposer::setSavedRequestId(const QString& id)
{
    m_savedRequestId = id;
}

// ---- profile ---------------------------------------------------------------------------------------

void RequestComposer::setProfile(const Profiles::Profile& profile)
{
    m_profile = profile;
    m_savedAuth = {};
    m_ui->authEditor->setAuth(profile.auth, profile.sessionSecrets);
    updateContextText(); // and the empty-credential warning
}

void RequestComposer::updateProfile(const Profiles::Profile& profile)
{
    if (!m_profile || m_profile->id != profile.id) {
        setProfile(profile);
        return;
    }
    const Auth::AuthSecrets secrets = m_profile->sessionSecrets;
    m_profile = profile;
    m_profile->sessionSecrets = secrets;
    updateContextText();
}

void RequestComposer::setProfileSecrets(const QString& profileId, const Auth::AuthSecrets& secrets)
{
    if (!m_profile || m_profile->id != profileId)
        return;
    m_profile->sessionSecrets = secrets;
    Profiles::SavedRequest loaded;
    loaded.auth = m_savedAuth;
    if (const auto choice = Workspace::savedRequestAuth(*m_profile, loaded))
        m_ui->authEditor->setAuth(choice->settings, choice->secrets); // its own secret came with the profile's
    else
        m_ui->authEditor->setSecrets(secrets);
}

Auth::AuthSettings RequestComposer::authSettings() const
{
    return m_ui->authEditor->settings();
}

Auth::AuthSecrets RequestComposer::authSecrets() const
{
    return m_ui->authEditor->secrets();
}

void RequestComposer::setRefreshedToken(const QString& profileId, const QString& token,
                                        const Auth::OAuthSettings& oauth)
{
    if (!m_profile || m_profile->id != profileId)
        return;
    m_profile->sessionSecrets.token = token;
    m_profile->auth.oauth.accessTokenExpiresAt = oauth.accessTokenExpiresAt;
    m_profile->auth.oauth.tokenType = oauth.tokenType;
    m_ui->authEditor->setAccessToken(token, oauth);
    updateCredentialWarning();
}

QString RequestComposer::tokenLifetimeText() const
{
    return m_ui->authEditor->tokenLifetimeText();
}

void RequestComposer::setSecretsNote(const QString& note)
{
    m_secretsNote = note;
    updateContextText();
}

void RequestComposer::clearProfile()
{
    m_profile.reset();
    m_savedRequestId.clear();
    m_secretsNote.clear();
    updateContextText();
}

QString RequestComposer::profileId() const
{
    return m_profile ? m_profile->id : QString();
}

void RequestComposer::updateContextText()
{
    if (!m_profile) {
        m_ui->contextLabel->setText(tr("No profile selected: type a full URL. Credentials from the Auth tab go only to "
                                       "that URL's origin."));
        m_ui->authEditor->setSourceText(tr("Not from a profile: these values are used for this session only."));
        return;
    }
    const Http::Origin base = Http::Origin::fromUrl(QUrl(m_profile->baseUrl));
    QString text = m_profile->baseUrl.isEmpty()
        ? tr("Profile “%1” · no base URL: type full URLs").arg(m_profile->name)
        : tr("Profile “%1” · relative URLs resolve against %2").arg(m_profile->name, m_profile->baseUrl);
    if (!m_profile->allowedOrigins.isEmpty())
        text += tr(" · credentials also go to %1")
                    .arg(countText(m_profile->allowedOrigins.size(), tr("more origin"), tr("more origins")));
    m_ui->contextLabel->setText(text);
    QString source
        = tr("From profile “%1”. Edits here apply to this session only; Edit Profile changes the stored values. "
             "Credentials are sent only to %2 and the profile's allowed origins, and withheld on redirects elsewhere.")
              .arg(m_profile->name, base.isValid() ? base.toString() : m_profile->baseUrl);
    if (!m_secretsNote.isEmpty())
        source = m_secretsNote + u'\n' + source;
    m_ui->authEditor->setSourceText(source);
    updateCredentialWarning();
}

void RequestComposer::updateCredentialWarning()
{
    // Only once the keychain answered: while it reads, every secret is still empty.
    const QString problem = m_profile && m_secretsNote.isEmpty()
        ? Auth::emptyCredentialProblem(m_ui->authEditor->settings(), m_ui->authEditor->secrets())
        : QString();
    QLabel* label = m_ui->credentialWarningLabel;
    if (problem.isEmpty()) {
        label->hide();
        return;
    }
    const bool oauth = m_ui->authEditor->settings().method == Auth::Method::OAuth2;
    label->setText(oauth ? tr("⚠ %1 This request goes without credentials: send it, and the 401's findings offer "
                              "to get a token.")
                               .arg(problem)
                         : tr("⚠ %1 This request goes without that credential: fill it in the Auth tab, or send it "
                              "to see the server's challenge.")
                               .arg(problem));
    QPalette palette = label->palette(); // the status palette's caution, readable on light and dark themes
    palette.setColor(QPalette::WindowText, StatusPalette::color(StatusPalette::Tone::Caution, this->palette()));
    label->setPalette(palette);
    label->show();
}

// ---- building the spec -----------------------------------------------------------------------------

std::optional<Http::RequestSpec> RequestComposer::buildSpec(QString* error) const
{
    if (m_ui->urlEdit->text().trimmed().isEmpty()) {
        *error = tr("Enter a URL, or pick a saved request in the sidebar.");
        return std::nullopt;
    }
    const QString type = contentType();
    if (m_ui->contentTypeCombo->currentData().toString() == CustomContentType && type.isEmpty()) {
        *error = tr("Enter the custom content type in the Body tab.");
        return std::nullopt;
    }
    // The fields as a core draft: the profile is applied by the same code `authlens-cli send` uses.
    Workspace::RequestDraft draft;
    draft.method = m_ui->methodCombo->currentText().trimmed();
    draft.url = m_ui->urlEdit->text();
    const QList<KeyValueRow> rows = m_ui->headersTable->rows();
    for (const KeyValueRow& row : rows)
        draft.headers.append({row.key, row.value, row.enabled});
    if (!type.isEmpty()) {
        draft.body = m_ui->bodyEdit->toPlainText().toUtf8();
        draft.contentType = type;
    }
    // The Auth tab's method and values: edits there apply to this session only.
    draft.auth = Workspace::RequestDraft::AuthChoice {m_ui->authEditor->settings(), m_ui->authEditor->secrets()};
    Workspace::Error failure;
    std::optional<Http::RequestSpec> spec
        = Workspace::assembleRequest(m_profile ? &*m_profile : nullptr, draft, &failure);
    if (!spec)
        *error = failure.message;
    return spec;
}

void RequestComposer::requestSend()
{
    if (m_running)
        return;
    QString error;
    const std::optional<Http::RequestSpec> spec = buildSpec(&error);
    showMessage(error);
    if (spec)
        Q_EMIT sendRequested(*spec);
}

void RequestComposer::focusUrl()
{
    m_ui->urlEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->urlEdit->selectAll();
}

void RequestComposer::showAuthMethod(Auth::Method method, const QString& apiKeyName, bool apiKeyInQuery)
{
    m_ui->authEditor->setMethod(method, apiKeyName, apiKeyInQuery);
    m_ui->requestTabs->setCurrentWidget(m_ui->authTab);
    m_ui->authEditor->focusFirstEmptyField();
}

// ---- state -----------------------------------------------------------------------------------------

void RequestComposer::setRunning(bool running)
{
    m_running = running;
    // Cancel stands where Send was, so the button under the pointer stops what it started.
    const bool sendHadFocus = m_ui->sendButton->hasFocus();
    const bool cancelHadFocus = m_ui->cancelButton->hasFocus();
    m_ui->cancelButton->setMinimumWidth(m_ui->sendButton->sizeHint().width());
    m_ui->sendButton->setVisible(!running);
    m_ui->cancelButton->setVisible(running);
    if (running && sendHadFocus)
        m_ui->cancelButton->setFocus();
    else if (!running && cancelHadFocus)
        m_ui->sendButton->setFocus();
}

bool RequestComposer::isRunning() const
{
    return m_running;
}

void RequestComposer::showMessage(const QString& message)
{
    m_ui->messageLabel->setText(message);
    m_ui->messageLabel->setVisible(!message.isEmpty());
}

void RequestComposer::updateBodyControls()
{
    const QString data = m_ui->contentTypeCombo->currentData().toString();
    m_ui->customContentTypeEdit->setVisible(data == CustomContentType);
    m_ui->bodyEdit->setEnabled(!data.isEmpty());
    if (data.isEmpty())
        m_ui->bodyEdit->setPlaceholderText(tr("This request has no body. Choose a content type to add one."));
    else if (data == u"application/json")
        m_ui->bodyEdit->setPlaceholderText(QStringLiteral("{\n  \"name\": \"value\"\n}"));
    else if (data == u"application/x-www-form-urlencoded")
        m_ui->bodyEdit->setPlaceholderText(QStringLiteral("name=value&other=1"));
    else
        m_ui->bodyEdit->setPlaceholderText(tr("Request body"));
    updateTabTitles();
}

void RequestComposer::updateTabTitles()
{
    const auto titled = [](const QString& title, int count) -> QString {
        return count > 0 ? QStringLiteral("%1 (%2)").arg(title).arg(count) : title;
    };
    QTabWidget* tabs = m_ui->requestTabs;
    tabs->setTabText(tabs->indexOf(m_ui->paramsTab), titled(tr("Params"), int(m_ui->paramsTable->rows().size())));
    tabs->setTabText(tabs->indexOf(m_ui->headersTab), titled(tr("Headers"), m_ui->headersTable->activeRowCount()));
    const bool hasBody = !contentType().isEmpty() && !m_ui->bodyEdit->document()->isEmpty();
    tabs->setTabText(tabs->indexOf(m_ui->bodyTab), hasBody ? tr("Body •") : tr("Body"));
    const QString method = methodLabel(m_ui->authEditor->settings());
    tabs->setTabText(tabs->indexOf(m_ui->authTab), method.isEmpty() ? tr("Auth") : tr("Auth (%1)").arg(method));
}

} // namespace Authlens::Gui
