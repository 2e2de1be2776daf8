// Issue 13: AWS Signature v4 in the GUI — the composer's Auth tab (its fields, the empty-credential warning, a
// request signed on its way to the demo API), a saved request's own AWS auth, and the profile editor.
#include "GuiTestSupport.h"
#include "auth/AuthSettings.h"
#include "common/SecretEdit.h"
#include "composer/AuthEditor.h"
#include "composer/RequestComposer.h"
#include "profiles/ProfileActions.h"
#include "profiles/ProfileEditor.h"
#include "session/RequestController.h"
#include "session/Session.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace Authlens;
using namespace Authlens::Test;

namespace {

// AWS's documentation example credentials (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
// nothing real, and easy to spot.
const QString AccessKey = QStringLiteral("AKIDEXAMPLE");
const QString SecretKey = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
const QString SessionToken = QStringLiteral("session-token-from-sts");

Auth::AuthSettings awsSettings(const QString& region, const QString& service)
{
    Auth::AuthSettings s;
    s.method = Auth::Method::AwsSigV4;
    s.username = AccessKey;
    s.aws.region = region;
    s.aws.service = service;
    return s;
}

// A stored profile that sends Bearer tokens, with one request "Signed echo" (GET /echo) that signs with AWS auth
// of its own (a Postman import's): secret key and session token in secret variables.
Profiles::Profile profileWithOwnAwsRequest(const QString& name, const QString& baseUrl)
{
    Profiles::Profile profile;
    profile.name = name;
    profile.baseUrl = baseUrl;
    profile.auth.method = Auth::Method::Bearer;
    profile.sessionSecrets.token = QStringLiteral("the-profile-token");
    profile.variables
        = {{QStringLiteral("aws_secret"), QString(), true}, {QStringLiteral("aws_session"), QString(), true}};
    Auth::setSecretVariable(profile.sessionSecrets, QStringLiteral("aws_secret"), SecretKey);
    Auth::setSecretVariable(profile.sessionSecrets, QStringLiteral("aws_session"), SessionToken);
    Profiles::SavedRequest request;
    request.id = QStringLiteral("signed-echo");
    request.name = QStringLiteral("Signed echo");
    request.url = QStringLiteral("/echo");
    request.auth.mode = Profiles::RequestAuth::Mode::Own;
    request.auth.settings = awsSettings(QStringLiteral("ap-southeast-2"), QStringLiteral("execute-api"));
    request.auth.secretVariable = QStringLiteral("aws_secret");
    request.auth.sessionTokenVariable = QStringLiteral("aws_session");
    profile.requests = {request};
    return profile;
}

// Replaces a line edit's text as typing would (textEdited is what the editors listen to).
void retype(QLineEdit* edit, const QString& text)
{
    edit->selectAll();
    if (text.isEmpty())
        QTest::keyClick(edit, Qt::Key_Delete);
    else
        QTest::keyClicks(edit, text);
}

// The demo's /echo answer: the headers the server received, by name (the last of a name wins).
QHash<QString, QString> echoedHeaders(const Http::Exchange& exchange)
{
    QHash<QString, QString> headers;
    if (exchange.hops.isEmpty())
        return headers;
    const QJsonObject body = QJsonDocument::fromJson(exchange.hops.last().response.body.readAll()).object();
    for (const QJsonValue& field : body.value(QStringLiteral("headers")).toArray())
        headers.insert(field[QStringLiteral("name")].toString().toLower(), field[QStringLiteral("value")].toString());
    return headers;
}

} // namespace

class TestAwsAuth : public DemoWindowTest
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { prepareApplication(); }
    void init() { openWindow(); }
    void cleanup() { closeWindow(); }

    void authEditorRoundTrip();
    void authEditorTypedFields();
    void keychainSecretsFillBothPages();
    void emptyFieldsWarnBeforeSending();
    void composerSignsTheRequest();
    void savedRequestShowsItsOwnAwsAuth();
    void editedOwnAuthIsSaved();
    void noAuthRequestGetsItsOwn();
    void profileEditorRoundTrip();
    void profileEditorSavesSecretsToTheKeychain();

private:
    Gui::RequestComposer* composer() const { return child<Gui::RequestComposer>("composer"); }
    template <typename T> T* composerChild(const char* name) const { return child<T>(composer(), name); }
    void chooseAwsInComposer();
    Http::Exchange send();
    QString demoBaseUrl() const;
};

void TestAwsAuth::chooseAwsInComposer()
{
    auto* method = composerChild<QComboBox>("authMethodCombo");
    const int aws = method->findData(int(Auth::Method::AwsSigV4));
    QVERIFY(aws >= 0);
    QCOMPARE(method->itemText(aws), QStringLiteral("AWS Signature v4"));
    method->setCurrentIndex(aws);
    QCOMPARE(composerChild<QStackedWidget>("authStack")->currentWidget(), composerChild<QWidget>("awsPage"));
}

Http::Exchange TestAwsAuth::send()
{
    QSignalSpy finished(m_window->findChild<Gui::RequestController*>(), &Gui::RequestController::finished);
    QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    if (!finished.wait(10000) && finished.isEmpty())
        qFatal("no answer from the demo API");
    return finished.first().first().value<Http::Exchange>();
}

QString TestAwsAuth::demoBaseUrl() const
{
    const Profiles::Profile* demo = m_window->session()->findProfile(QStringLiteral("demo-no-auth"));
    return demo ? demo->baseUrl : QString();
}

// What setAuth() loads comes back unchanged, the fields this page does not show included.
void TestAwsAuth::authEditorRoundTrip()
{
    Gui::AuthEditor editor;
    Auth::AuthSettings settings = awsSettings(QStringLiteral("eu-west-2"), QStringLiteral("s3"));
    settings.apiKeyName = QStringLiteral("X-Other");
    settings.oauth.clientId = QStringLiteral("kept-client");
    Auth::AuthSecrets secrets;
    secrets.password = SecretKey;
    secrets.token = SessionToken;
    secrets.apiKey = QStringLiteral("kept-api-key");
    secrets.clientSecret = QStringLiteral("kept-client-secret");
    editor.setAuth(settings, secrets);
    QCOMPARE(editor.method(), Auth::Method::AwsSigV4);
    QCOMPARE(editor.settings(), settings);
    QCOMPARE(editor.secrets(), secrets);

    // A service outside the list and a long-term key (no session token) come back as well.
    settings.aws.service = QStringLiteral("aoss");
    secrets.token.clear();
    editor.setAuth(settings, secrets);
    QCOMPARE(editor.settings(), settings);
    QCOMPARE(editor.secrets(), secrets);

    // Shown on the AWS page, the secrets masked until revealed.
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QCOMPARE(editor.findChild<QStackedWidget*>(QStringLiteral("authStack"))->currentWidget()->objectName(),
             QStringLiteral("awsPage"));
    auto* key = editor.findChild<QLineEdit*>(QStringLiteral("awsAccessKeyEdit"));
    auto* secret = editor.findChild<QLineEdit*>(QStringLiteral("awsSecretKeyEdit"));
    auto* token = editor.findChild<QLineEdit*>(QStringLiteral("awsSessionTokenEdit"));
    auto* region = editor.findChild<QLineEdit*>(QStringLiteral("awsRegionEdit"));
    auto* service = editor.findChild<QComboBox*>(QStringLiteral("awsServiceCombo"));
    QVERIFY(key && secret && token && region && service);
    QCOMPARE(key->text(), AccessKey);
    QCOMPARE(secret->text(), SecretKey);
    QCOMPARE(region->text(), QStringLiteral("eu-west-2"));
    QCOMPARE(service->currentText(), QStringLiteral("aoss"));
    QVERIFY(service->isEditable());
    for (const char* name : {"execute-api", "s3", "lambda", "dynamodb", "sts", "es"})
        QVERIFY2(service->findText(QString::fromLatin1(name)) >= 0, name);
    QVERIFY2(token->placeholderText().contains(QStringLiteral("temporary credentials")),
             qPrintable(token->placeholderText()));
    QVERIFY(token->placeholderText().contains(QStringLiteral("STS")));
    for (const auto& [edit, buttonName] :
         {std::pair {secret, "revealAwsSecretKeyButton"}, std::pair {token, "revealAwsSessionTokenButton"}}) {
        auto* reveal = editor.findChild<QToolButton*>(QString::fromLatin1(buttonName));
        QVERIFY(reveal);
        QCOMPARE(edit->echoMode(), QLineEdit::Password);
        QCOMPARE(reveal->text(), QStringLiteral("Show"));
        QTest::mouseClick(reveal, Qt::LeftButton);
        QCOMPARE(edit->echoMode(), QLineEdit::Normal);
        QCOMPARE(reveal->text(), QStringLiteral("Hide"));
        QTest::mouseClick(reveal, Qt::LeftButton);
        QCOMPARE(edit->echoMode(), QLineEdit::Password);
    }
    const QString hint = editor.findChild<QLabel*>(QStringLiteral("awsHint"))->text();
    for (const char* word : {"SHA-256", "X-Amz-", "redirect", "allowed to receive credentials"})
        QVERIFY2(hint.contains(QString::fromLatin1(word)), qPrintable(hint));
}

// Typed fields give the settings and secrets, each edit says changed(), and the values are the method's user
// name, password and token: switching to Basic and back loses nothing.
void TestAwsAuth::authEditorTypedFields()
{
    Gui::AuthEditor editor;
    editor.setAuth({}, {});
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QSignalSpy changed(&editor, &Gui::AuthEditor::changed);
    editor.setMethod(Auth::Method::AwsSigV4);
    QCOMPARE(changed.size(), 1);
    // A fresh page starts at AwsSettings' defaults.
    QCOMPARE(editor.settings().aws, Auth::AwsSettings());

    const auto edit = [&editor](const char* name) { return editor.findChild<QLineEdit*>(QString::fromLatin1(name)); };
    auto* service = editor.findChild<QComboBox*>(QStringLiteral("awsServiceCombo"));
    QTest::keyClicks(edit("awsAccessKeyEdit"), AccessKey);
    QCOMPARE(changed.size(), 1 + AccessKey.size());
    QTest::keyClicks(edit("awsSecretKeyEdit"), SecretKey);
    QTest::keyClicks(edit("awsSessionTokenEdit"), SessionToken);
    changed.clear();
    retype(edit("awsRegionEdit"), QStringLiteral("ap-northeast-1"));
    QVERIFY(!changed.isEmpty());
    changed.clear();
    service->setCurrentIndex(service->findText(QStringLiteral("dynamodb")));
    Q_EMIT service->activated(service->currentIndex()); // as picking it from the list does
    QCOMPARE(changed.size(), 1);
    QCOMPARE(editor.settings().aws.service, QStringLiteral("dynamodb"));
    changed.clear();
    retype(service->lineEdit(), QStringLiteral("lambda"));
    QVERIFY(!changed.isEmpty());

    Auth::AuthSettings expected = awsSettings(QStringLiteral("ap-northeast-1"), QStringLiteral("lambda"));
    QCOMPARE(editor.settings().method, Auth::Method::AwsSigV4);
    QCOMPARE(editor.settings().username, expected.username);
    QCOMPARE(editor.settings().aws, expected.aws);
    QCOMPARE(editor.secrets().password, SecretKey);
    QCOMPARE(editor.secrets().token, SessionToken);
    QVERIFY(Auth::emptyCredentialProblem(editor.settings(), editor.secrets()).isEmpty());

    editor.setMethod(Auth::Method::Basic);
    QCOMPARE(edit("usernameEdit")->text(), AccessKey);
    QCOMPARE(edit("passwordEdit")->text(), SecretKey);
    QTest::keyClicks(edit("usernameEdit"), QStringLiteral("2"));
    editor.setMethod(Auth::Method::AwsSigV4);
    QCOMPARE(edit("awsAccessKeyEdit")->text(), AccessKey + u'2');
    QCOMPARE(editor.settings().username, AccessKey + u'2');
    QCOMPARE(editor.settings().aws, expected.aws);

    // The first empty field gets the focus (the optional session token never does).
    editor.setAuth(awsSettings(QString(), QStringLiteral("s3")), {});
    editor.focusFirstEmptyField();
    QTRY_VERIFY(edit("awsSecretKeyEdit")->hasFocus());
}

// Secrets that arrive from the keychain later fill the AWS fields, unless the user typed there.
void TestAwsAuth::keychainSecretsFillBothPages()
{
    Gui::AuthEditor editor;
    editor.setAuth(awsSettings(QStringLiteral("us-east-1"), QStringLiteral("execute-api")), {});
    QTest::keyClicks(editor.findChild<QLineEdit*>(QStringLiteral("awsSessionTokenEdit")), QStringLiteral("typed"));
    Auth::AuthSecrets later;
    later.password = SecretKey;
    later.token = SessionToken;
    editor.setSecrets(later);
    QCOMPARE(editor.findChild<QLineEdit*>(QStringLiteral("awsSecretKeyEdit"))->text(), SecretKey);
    QCOMPARE(editor.findChild<QLineEdit*>(QStringLiteral("passwordEdit"))->text(), SecretKey);
    QCOMPARE(editor.secrets().password, SecretKey);
    // The typed token stays, on both pages.
    QCOMPARE(editor.findChild<QLineEdit*>(QStringLiteral("awsSessionTokenEdit"))->text(), QStringLiteral("typed"));
    QCOMPARE(editor.secrets().token, QStringLiteral("typed"));
}

// The composer's inline warning names what is missing: the key ID, the secret key, the region, the service.
void TestAwsAuth::emptyFieldsWarnBeforeSending()
{
    QVERIFY(m_window->selectSavedRequest(QStringLiteral("Demo · No auth"), QStringLiteral("/echo")));
    auto* warning = child<QLabel>("credentialWarningLabel");
    QTRY_VERIFY(warning->isHidden());
    chooseAwsInComposer();
    QTRY_VERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(QStringLiteral("The AWS access key ID is empty")), qPrintable(warning->text()));
    QTest::keyClicks(composerChild<QLineEdit>("awsAccessKeyEdit"), AccessKey);
    QTRY_VERIFY2(warning->text().contains(QStringLiteral("The AWS secret access key is empty")),
                 qPrintable(warning->text()));
    QTest::keyClicks(composerChild<QLineEdit>("awsSecretKeyEdit"), SecretKey);
    QTRY_VERIFY(warning->isHidden()); // the region and service start at us-east-1 / execute-api
    retype(composerChild<QLineEdit>("awsRegionEdit"), QString());
    QTRY_VERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(QStringLiteral("The AWS region is empty")), qPrintable(warning->text()));
    retype(composerChild<QLineEdit>("awsRegionEdit"), QStringLiteral("us-west-2"));
    retype(composerChild<QComboBox>("awsServiceCombo")->lineEdit(), QString());
    QTRY_VERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(QStringLiteral("The AWS service name is empty")), qPrintable(warning->text()));
    retype(composerChild<QComboBox>("awsServiceCombo")->lineEdit(), QStringLiteral("execute-api"));
    QTRY_VERIFY(warning->isHidden());
}

// The GUI test: AWS picked and filled in the Auth tab, the request leaves signed — the demo's /echo
// shows the Authorization header, X-Amz-Date and the session token the server received.
void TestAwsAuth::composerSignsTheRequest()
{
    QVERIFY(m_window->selectSavedRequest(QStringLiteral("Demo · No auth"), QStringLiteral("/echo")));
    chooseAwsInComposer();
    QTest::keyClicks(composerChild<QLineEdit>("awsAccessKeyEdit"), AccessKey);
    QTest::keyClicks(composerChild<QLineEdit>("awsSecretKeyEdit"), SecretKey);
    QTest::keyClicks(composerChild<QLineEdit>("awsSessionTokenEdit"), SessionToken);
    retype(composerChild<QLineEdit>("awsRegionEdit"), QStringLiteral("eu-central-1"));
    retype(composerChild<QComboBox>("awsServiceCombo")->lineEdit(), QStringLiteral("lambda"));

    const Auth::AuthSettings settings = composer()->authSettings();
    QCOMPARE(settings.method, Auth::Method::AwsSigV4);
    QCOMPARE(settings.username, AccessKey);
    QCOMPARE(settings.aws.region, QStringLiteral("eu-central-1"));
    QCOMPARE(settings.aws.service, QStringLiteral("lambda"));
    QCOMPARE(composer()->authSecrets().password, SecretKey);
    QCOMPARE(composer()->authSecrets().token, SessionToken);
    auto* tabs = composerChild<QTabWidget>("requestTabs");
    QCOMPARE(tabs->tabText(tabs->indexOf(composerChild<QWidget>("authTab"))),
             QStringLiteral("Auth (AWS Signature v4 · eu-central-1/lambda)"));

    QString error;
    const std::optional<Http::RequestSpec> spec = composer()->buildSpec(&error);
    QVERIFY2(spec, qPrintable(error));
    QVERIFY(bool(spec->requestSigner));

    tabs->setCurrentWidget(composerChild<QWidget>("authTab"));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("composer-aws-auth.png")));

    const Http::Exchange exchange = send();
    QVERIFY(!exchange.hops.isEmpty());
    QCOMPARE(exchange.hops.last().response.status, 200);
    const QHash<QString, QString> received = echoedHeaders(exchange);
    const QString authorization = received.value(QStringLiteral("authorization"));
    QVERIFY2(authorization.startsWith(QStringLiteral("AWS4-HMAC-SHA256 Credential=%1/").arg(AccessKey)),
             qPrintable(authorization));
    QVERIFY2(authorization.contains(QStringLiteral("/eu-central-1/lambda/aws4_request")), qPrintable(authorization));
    QVERIFY2(authorization.contains(QStringLiteral("x-amz-security-token")), qPrintable(authorization));
    QVERIFY(!received.value(QStringLiteral("x-amz-date")).isEmpty());
    QCOMPARE(received.value(QStringLiteral("x-amz-security-token")), SessionToken);
    // The secret access key itself never travels.
    for (const QString& value : received)
        QVERIFY(!value.contains(SecretKey));
}

// A saved request with AWS auth of its own (a Postman import's) shows its own settings and secrets in the Auth
// tab, not the profile's Bearer token, and is signed with them.
void TestAwsAuth::savedRequestShowsItsOwnAwsAuth()
{
    Profiles::Profile profile = profileWithOwnAwsRequest(QStringLiteral("Imported AWS"), demoBaseUrl());
    QVERIFY(!profile.baseUrl.isEmpty());
    profile.requests.first().auth.settings.username = QStringLiteral("AKIDOWNREQUEST");
    const Profiles::SavedRequest request = profile.requests.first();
    QString error;
    const QString id = saveProfile(m_window->session(), profile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QVERIFY(m_window->selectSavedRequest(QStringLiteral("Imported AWS"), QStringLiteral("/echo")));
    auto* method = composerChild<QComboBox>("authMethodCombo");
    QTRY_COMPARE(method->currentData().toInt(), int(Auth::Method::AwsSigV4));
    QCOMPARE(composerChild<QLineEdit>("awsAccessKeyEdit")->text(), QStringLiteral("AKIDOWNREQUEST"));
    QCOMPARE(composerChild<QLineEdit>("awsRegionEdit")->text(), QStringLiteral("ap-southeast-2"));
    QCOMPARE(composerChild<QComboBox>("awsServiceCombo")->currentText(), QStringLiteral("execute-api"));
    QTRY_COMPARE(composerChild<QLineEdit>("awsSecretKeyEdit")->text(), SecretKey);
    QTRY_COMPARE(composerChild<QLineEdit>("awsSessionTokenEdit")->text(), SessionToken);
    QCOMPARE(composerChild<QLineEdit>("awsSecretKeyEdit")->echoMode(), QLineEdit::Password);
    QTRY_VERIFY(child<QLabel>("credentialWarningLabel")->isHidden());

    const QString authorization = echoedHeaders(send()).value(QStringLiteral("authorization"));
    QVERIFY2(authorization.startsWith(QStringLiteral("AWS4-HMAC-SHA256 Credential=AKIDOWNREQUEST/")),
             qPrintable(authorization));
    QVERIFY2(authorization.contains(QStringLiteral("/ap-southeast-2/execute-api/aws4_request")),
             qPrintable(authorization));
    // Saving the request keeps its own auth as it was: references, no secret.
    const Profiles::SavedRequest saved = composer()->savedRequest(nullptr);
    QCOMPARE(saved.auth, request.auth);
    QVERIFY(filesContaining(m_dataDir.path(), SecretKey.toUtf8()).isEmpty());
    Q_UNUSED(id);
}

// Issue 13: a request's own auth edited in the Auth tab is what Save keeps — settings in the profile file, the
// secrets in the keychain as the request's secret variables — and what the request shows when opened again.
void TestAwsAuth::editedOwnAuthIsSaved()
{
    const Profiles::Profile profile = profileWithOwnAwsRequest(QStringLiteral("Own auth"), demoBaseUrl());
    QString error;
    const QString id = saveProfile(m_window->session(), profile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QVERIFY(m_window->selectSavedRequest(QStringLiteral("Own auth"), QStringLiteral("/echo")));
    QTRY_COMPARE(composerChild<QLineEdit>("awsSecretKeyEdit")->text(), SecretKey);
    const QString newSecret = QStringLiteral("NEWwJalrXUtnFEMI/K7MDENGbPxRfiCYEXAMPLE2");
    retype(composerChild<QLineEdit>("awsRegionEdit"), QStringLiteral("eu-north-1"));
    retype(composerChild<QLineEdit>("awsSecretKeyEdit"), newSecret);
    retype(composerChild<QLineEdit>("awsSessionTokenEdit"), QString()); // long-term keys now

    QSignalSpy saved(m_window->profileActions(), &Gui::ProfileActions::requestSaved);
    m_window->profileActions()->saveRequest(composer(), false);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 15000);

    const Profiles::Profile* stored = m_window->session()->findProfile(id);
    QVERIFY(stored);
    QCOMPARE(stored->requests.size(), 1);
    const Profiles::RequestAuth& own = stored->requests.first().auth;
    QCOMPARE(own.mode, Profiles::RequestAuth::Mode::Own);
    QCOMPARE(own.settings.method, Auth::Method::AwsSigV4);
    QCOMPARE(own.settings.aws.region, QStringLiteral("eu-north-1"));
    QCOMPARE(own.secretVariable, QStringLiteral("aws_secret")); // the same variable, a new value
    QVERIFY(own.sessionTokenVariable.isEmpty());
    // The profile's own auth is untouched.
    QCOMPARE(stored->auth.method, Auth::Method::Bearer);
    QCOMPARE(stored->sessionSecrets.token, QStringLiteral("the-profile-token"));
    const QString variables = storedSecret(id + QStringLiteral("/variables"));
    QVERIFY2(variables.contains(newSecret), qPrintable(variables));
    QVERIFY(!variables.contains(SessionToken));
    QCOMPARE(storedSecret(id + QStringLiteral("/token")), QStringLiteral("the-profile-token"));
    QVERIFY(filesContaining(m_dataDir.path(), newSecret.toUtf8()).isEmpty());
    QCOMPARE(filesContaining(m_dataDir.path(), QByteArrayLiteral("eu-north-1")).size(), 1);

    // Opened again (after another request), it signs with what was saved.
    m_window->selectSavedRequest(QStringLiteral("Demo · Basic"), QStringLiteral("/basic/resource"));
    QVERIFY(m_window->selectSavedRequest(QStringLiteral("Own auth"), QStringLiteral("/echo")));
    QTRY_COMPARE(composerChild<QLineEdit>("awsSecretKeyEdit")->text(), newSecret);
    QCOMPARE(composerChild<QLineEdit>("awsRegionEdit")->text(), QStringLiteral("eu-north-1"));
    const QString authorization = echoedHeaders(send()).value(QStringLiteral("authorization"));
    QVERIFY2(authorization.contains(QStringLiteral("/eu-north-1/execute-api/aws4_request")), qPrintable(authorization));
}

// A request that sends no auth (Postman's "No Auth") given a method in its Auth tab keeps it as its own.
void TestAwsAuth::noAuthRequestGetsItsOwn()
{
    Profiles::Profile profile;
    profile.name = QStringLiteral("No auth request");
    profile.baseUrl = demoBaseUrl();
    profile.auth.method = Auth::Method::Basic;
    profile.auth.username = QStringLiteral("someone");
    profile.sessionSecrets.password = QStringLiteral("profile-password");
    Profiles::SavedRequest request;
    request.id = QStringLiteral("public-echo");
    request.name = QStringLiteral("Public echo");
    request.url = QStringLiteral("/echo");
    request.auth.mode = Profiles::RequestAuth::Mode::None;
    profile.requests = {request};
    QString error;
    const QString id = saveProfile(m_window->session(), profile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_window->selectSavedRequest(QStringLiteral("No auth request"), QStringLiteral("/echo")));
    auto* method = composerChild<QComboBox>("authMethodCombo");
    QTRY_COMPARE(method->currentData().toInt(), int(Auth::Method::None));
    QTRY_COMPARE(m_window->session()->secretsStatus(id), Gui::Session::SecretsStatus::Loaded);
    method->setCurrentIndex(method->findData(int(Auth::Method::Bearer)));
    const QString token = QStringLiteral("own-bearer-token-1234567890");
    retype(composerChild<QLineEdit>("tokenEdit"), token);

    QSignalSpy saved(m_window->profileActions(), &Gui::ProfileActions::requestSaved);
    m_window->profileActions()->saveRequest(composer(), false);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 15000);
    const Profiles::Profile* stored = m_window->session()->findProfile(id);
    QVERIFY(stored);
    const Profiles::RequestAuth& own = stored->requests.first().auth;
    QCOMPARE(own.mode, Profiles::RequestAuth::Mode::Own);
    QCOMPARE(own.settings.method, Auth::Method::Bearer);
    QCOMPARE(own.secretVariable, QStringLiteral("public_echo_token"));
    QVERIFY(std::any_of(stored->variables.cbegin(), stored->variables.cend(),
                        [](const Profiles::Variable& v) { return v.name == u"public_echo_token" && v.secret; }));
    QVERIFY(storedSecret(id + QStringLiteral("/variables")).contains(token));
    QCOMPARE(storedSecret(id + QStringLiteral("/password")), QStringLiteral("profile-password"));
    QVERIFY(filesContaining(m_dataDir.path(), token.toUtf8()).isEmpty());
}

// The profile editor shows an AWS profile's fields and gives them back unchanged.
void TestAwsAuth::profileEditorRoundTrip()
{
    Profiles::Profile profile;
    profile.name = QStringLiteral("AWS round trip");
    profile.baseUrl = QStringLiteral("https://abc123.execute-api.eu-west-1.amazonaws.com/prod");
    profile.auth = awsSettings(QStringLiteral("eu-west-1"), QStringLiteral("execute-api"));
    profile.auth.apiKeyName = QStringLiteral("X-Kept");
    profile.sessionSecrets.password = SecretKey;
    profile.sessionSecrets.token = SessionToken;
    auto* editor = new Gui::ProfileEditor(m_window->session(), profile, m_window.get());
    QPointer<Gui::ProfileEditor> guard(editor);
    editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(editor));
    child<QTabWidget>(editor, "editorTabs")->setCurrentWidget(child<QWidget>(editor, "authTab"));
    QCOMPARE(child<QStackedWidget>(editor, "authStack")->currentWidget(), child<QWidget>(editor, "awsPage"));
    QCOMPARE(child<QLineEdit>(editor, "awsAccessKeyEdit")->text(), AccessKey);
    QCOMPARE(child<Gui::SecretEdit>(editor, "awsSecretKeySecret")->text(), SecretKey);
    QCOMPARE(child<Gui::SecretEdit>(editor, "awsSessionTokenSecret")->text(), SessionToken);
    QCOMPARE(child<Gui::SecretEdit>(editor, "awsSecretKeySecret")->lineEdit()->echoMode(), QLineEdit::Password);
    QCOMPARE(child<QLineEdit>(editor, "awsRegionEdit")->text(), QStringLiteral("eu-west-1"));
    QCOMPARE(child<QComboBox>(editor, "awsServiceCombo")->currentText(), QStringLiteral("execute-api"));
    auto* tabs = child<QTabWidget>(editor, "editorTabs");
    QVERIFY(!tabs->isTabVisible(tabs->indexOf(child<QWidget>(editor, "oauthTab"))));
    const Profiles::Profile back = editor->profile();
    QCOMPARE(back.auth, profile.auth);
    QCOMPARE(back.sessionSecrets.password, SecretKey);
    QCOMPARE(back.sessionSecrets.token, SessionToken);
    QVERIFY(saveScreenshot(editor, QStringLiteral("profile-editor-aws.png")));
    editor->reject();
    QTRY_VERIFY(!guard);
}

// A profile typed into the editor with AWS auth: region and service in the profile file, the secret key and the
// session token in the keychain (its password and token entries), neither in any file.
void TestAwsAuth::profileEditorSavesSecretsToTheKeychain()
{
    QTest::mouseClick(child<QToolButton>("newProfileButton"), Qt::LeftButton);
    auto* editor = waitForDialog<Gui::ProfileEditor>(m_window.get());
    QVERIFY(editor);
    auto* name = child<QLineEdit>(editor, "nameEdit");
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("Acme on AWS"));
    QTest::keyClicks(child<QLineEdit>(editor, "baseUrlEdit"), demoBaseUrl());
    auto* method = child<QComboBox>(editor, "authMethodCombo");
    method->setCurrentIndex(method->findData(int(Auth::Method::AwsSigV4)));
    child<QTabWidget>(editor, "editorTabs")->setCurrentWidget(child<QWidget>(editor, "authTab"));
    QCOMPARE(child<QStackedWidget>(editor, "authStack")->currentWidget(), child<QWidget>(editor, "awsPage"));
    QTest::keyClicks(child<QLineEdit>(editor, "awsAccessKeyEdit"), AccessKey);
    QTest::keyClicks(child<Gui::SecretEdit>(editor, "awsSecretKeySecret")->lineEdit(), SecretKey);
    auto* token = child<Gui::SecretEdit>(editor, "awsSessionTokenSecret");
    QVERIFY2(token->lineEdit()->placeholderText().contains(QStringLiteral("temporary credentials")),
             qPrintable(token->lineEdit()->placeholderText()));
    QTest::keyClicks(token->lineEdit(), SessionToken);
    retype(child<QLineEdit>(editor, "awsRegionEdit"), QStringLiteral("sa-east-1"));
    retype(child<QComboBox>(editor, "awsServiceCombo")->lineEdit(), QStringLiteral("s3"));
    // The Basic page shows the same key ID and secret (one user name and password per profile).
    QCOMPARE(child<QLineEdit>(editor, "usernameEdit")->text(), AccessKey);
    QCOMPARE(child<Gui::SecretEdit>(editor, "passwordSecret")->text(), SecretKey);
    QCOMPARE(child<Gui::SecretEdit>(editor, "tokenSecret")->text(), SessionToken);

    QPointer<Gui::ProfileEditor> guard(editor);
    QTest::mouseClick(child<QPushButton>(editor, "saveProfileButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!guard, 15000);

    const Profiles::Profile* saved = m_window->session()->findProfileByName(QStringLiteral("Acme on AWS"));
    QVERIFY(saved);
    QCOMPARE(saved->auth.method, Auth::Method::AwsSigV4);
    QCOMPARE(saved->auth.username, AccessKey);
    QCOMPARE(saved->auth.aws.region, QStringLiteral("sa-east-1"));
    QCOMPARE(saved->auth.aws.service, QStringLiteral("s3"));
    QCOMPARE(storedSecret(saved->id + QStringLiteral("/password")), SecretKey);
    QCOMPARE(storedSecret(saved->id + QStringLiteral("/token")), SessionToken);
    QVERIFY(filesContaining(m_dataDir.path(), SecretKey.toUtf8()).isEmpty());
    QVERIFY(filesContaining(m_dataDir.path(), SessionToken.toUtf8()).isEmpty());
    const QStringList withRegion = filesContaining(m_dataDir.path(), QByteArrayLiteral("sa-east-1"));
    QCOMPARE(withRegion.size(), 1);

    // The sidebar's tooltip says the method in words.
    const QList<QTreeWidgetItem*> items
        = child<QTreeWidget>("profileTree")->findItems(QStringLiteral("Acme on AWS"), Qt::MatchExactly);
    QCOMPARE(items.size(), 1);
    QVERIFY2(items.first()->toolTip(0).contains(QStringLiteral("Auth: AWS Signature v4 (sa-east-1/s3)")),
             qPrintable(items.first()->toolTip(0)));

    // The composer has the saved profile's AWS auth.
    QTRY_COMPARE(composerChild<QComboBox>("authMethodCombo")->currentData().toInt(), int(Auth::Method::AwsSigV4));
    QCOMPARE(composerChild<QLineEdit>("awsRegionEdit")->text(), QStringLiteral("sa-east-1"));
    QTRY_COMPARE(composerChild<QLineEdit>("awsSecretKeyEdit")->text(), SecretKey);
}

QTEST_MAIN(TestAwsAuth)
#include "TestAwsAuth.moc"
