#include "GuiTestSupport.h"
#include "demo/DemoServer.h"
#include "http/HttpClient.h"
#include "inspector/ResponseInspector.h"
#include "inspector/TokenDetails.h"
#include "inspector/TokenRawView.h"
#include "inspector/TokenView.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace Authlens;

// The Token tab of the response inspector (issue 4) against the demo API's real token endpoint,
// discovery document and JWKS on 127.0.0.1.
class TestTokenTab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void accessTokenFromTokenEndpoint();
    void bearerTokenOfTheRequestIsListed();
    void expiredTokenShowsExpired();
    void opaqueTokenShowsItsLabel();
    void malformedTokenMarksThePosition();
    void noTokenEmptyState();
    void unreachableIssuerIsReported();
    void rotatedKeyIsReported();

private:
    template <typename T> T* child(const char* name) const
    {
        T* widget = m_inspector->findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no widget named %s", name);
        return widget;
    }
    Http::Exchange send(const QByteArray& method, const QString& path, const Http::HeaderList& headers,
                        const QByteArray& body = {});
    void show(const Http::Exchange& exchange);
    void paste(const QString& token);
    void waitForReport();
    QString tokenTabTitle() const;
    /// The Value cell of the claims table row named `claim`; empty when absent.
    QString claim(const QString& name) const;
    QStringList problemCodes() const;

    Demo::DemoServer m_demo;
    std::unique_ptr<Gui::ResponseInspector> m_inspector;
};

void TestTokenTab::initTestCase()
{
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
}

void TestTokenTab::init()
{
    m_inspector = std::make_unique<Gui::ResponseInspector>();
    m_inspector->resize(1280, 760);
    m_inspector->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_inspector.get()));
    child<QTabWidget>("inspectorTabs")->setCurrentWidget(child<QWidget>("tokenView"));
}

void TestTokenTab::cleanup()
{
    m_inspector.reset();
}

Http::Exchange TestTokenTab::send(const QByteArray& method, const QString& path, const Http::HeaderList& headers,
                                  const QByteArray& body)
{
    Http::HttpClient client;
    QSignalSpy finished(&client, &Http::HttpClient::finished);
    Http::RequestSpec spec;
    spec.method = method;
    spec.url = QUrl(m_demo.baseUrl().toString() + path);
    spec.headers = headers;
    spec.body = body;
    spec.promoteCredentialHeaders();
    client.send(spec);
    if (!finished.wait(10000))
        qFatal("no answer from the demo API");
    return finished.first().first().value<Http::Exchange>();
}

void TestTokenTab::show(const Http::Exchange& exchange)
{
    auto* view = child<Gui::TokenView>("tokenView");
    QSignalSpy ready(view, &Gui::TokenView::tokensReady);
    m_inspector->showExchange(exchange);
    QVERIFY(ready.wait(5000));
}

void TestTokenTab::paste(const QString& token)
{
    auto* edit = child<QLineEdit>("tokenPasteEdit");
    edit->setFocus();
    edit->setText(token);
    QVERIFY(child<QPushButton>("inspectTokenButton")->isEnabled());
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(edit->text().isEmpty());
    waitForReport();
}

void TestTokenTab::waitForReport()
{
    auto* details = child<Gui::TokenDetails>("tokenDetails");
    QTRY_VERIFY_WITH_TIMEOUT(details->hasReport() && !details->isBusy(), 5000);
}

QString TestTokenTab::tokenTabTitle() const
{
    auto* tabs = child<QTabWidget>("inspectorTabs");
    return tabs->tabText(tabs->indexOf(child<QWidget>("tokenView")));
}

QString TestTokenTab::claim(const QString& name) const
{
    auto* table = child<QTableWidget>("claimsTable");
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->text() == name)
            return table->item(row, 1)->text();
    }
    return {};
}

QStringList TestTokenTab::problemCodes() const
{
    auto* list = child<QTreeWidget>("tokenProblemsList");
    QStringList codes;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        codes.append(list->topLevelItem(i)->text(1));
    return codes;
}

void TestTokenTab::accessTokenFromTokenEndpoint()
{
    const QByteArray client
        = (Demo::DemoServer::clientId() + u':' + Demo::DemoServer::clientSecret()).toUtf8().toBase64();
    const Http::Exchange exchange
        = send("POST", QStringLiteral("/oauth/token"),
               {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", "Basic " + client}},
               "grant_type=password&username=demo&password=demo-password");
    QCOMPARE(exchange.finalStatus(), 200);
    show(exchange);

    // access_token, refresh_token and id_token of the JSON body, each with where it came from.
    auto* view = child<Gui::TokenView>("tokenView");
    QStringList names;
    for (const Jwt::FoundToken& found : view->foundTokens())
        names.append(found.name);
    QVERIFY2(names.contains(QStringLiteral("access_token")), qPrintable(names.join(u',')));
    QVERIFY(names.contains(QStringLiteral("id_token")));
    QVERIFY(names.contains(QStringLiteral("refresh_token")));
    QCOMPARE(tokenTabTitle(), QStringLiteral("Token (%1)").arg(view->tokenCount()));
    auto* list = child<QTreeWidget>("foundTokensList");
    QCOMPARE(list->topLevelItemCount(), view->tokenCount());

    const int access = int(names.indexOf(QStringLiteral("access_token")));
    list->setCurrentItem(list->topLevelItem(access));
    waitForReport();
    QVERIFY(child<QLabel>("tokenOriginLabel")->text().contains(QStringLiteral("response")));
    QCOMPARE(claim(QStringLiteral("iss")), m_demo.baseUrl().toString());
    QCOMPARE(claim(QStringLiteral("aud")), Demo::DemoServer::audience());
    QCOMPARE(claim(QStringLiteral("aud")), QStringLiteral("https://api.authlens.demo"));
    QVERIFY(!claim(QStringLiteral("scope")).isEmpty());
    QVERIFY(claim(QStringLiteral("exp")).startsWith(QStringLiteral("expires in")));
    QVERIFY(claim(QStringLiteral("exp")).contains(QStringLiteral("UTC")));
    auto* kind = child<QLabel>("tokenKindLabel");
    QCOMPARE(kind->property("kind").toString(), QStringLiteral("access"));
    QVERIFY(kind->text().contains(QStringLiteral("access token")));
    QCOMPARE(child<QLabel>("signatureStatusLabel")->property("status").toString(), QStringLiteral("unverified"));

    // The live countdown moves every second.
    auto* countdown = child<QLabel>("countdownLabel");
    QCOMPARE(countdown->property("timeStatus").toString(), QStringLiteral("valid"));
    const QString before = countdown->text();
    QTRY_VERIFY_WITH_TIMEOUT(countdown->text() != before, 3000);

    // Before fetching anything, the tab says which URL "Verify" will fetch.
    const QString discovery = m_demo.baseUrl().toString() + QStringLiteral("/.well-known/openid-configuration");
    auto* source = child<QLabel>("verifySourceLabel");
    QVERIFY2(source->text().contains(discovery), qPrintable(source->text()));
    auto* verify = child<QPushButton>("verifyButton");
    QVERIFY(verify->isEnabled());
    QVERIFY(Test::saveScreenshot(m_inspector.get(), QStringLiteral("inspector-token-access.png")));
    QTest::mouseClick(verify, Qt::LeftButton);
    auto* signature = child<QLabel>("signatureStatusLabel");
    QTRY_COMPARE_WITH_TIMEOUT(signature->property("status").toString(), QStringLiteral("valid"), 10000);
    QVERIFY(signature->text().contains(QStringLiteral("Signature valid")));
    QVERIFY(source->text().contains(QStringLiteral("/.well-known/jwks.json")));
    QVERIFY(Test::saveScreenshot(m_inspector.get(), QStringLiteral("inspector-token-verified.png")));
    m_inspector->resize(660, 560);
    QVERIFY(Test::saveScreenshot(m_inspector.get(), QStringLiteral("inspector-token-verified-narrow.png")));
    m_inspector->resize(1280, 760);

    // The id_token of the same response is an ID token.
    list->setCurrentItem(list->topLevelItem(int(names.indexOf(QStringLiteral("id_token")))));
    waitForReport();
    QCOMPARE(kind->property("kind").toString(), QStringLiteral("id"));
}

void TestTokenTab::bearerTokenOfTheRequestIsListed()
{
    const QString token = m_demo.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 500);
    const Http::Exchange exchange
        = send("GET", QStringLiteral("/api/profile"), {{"Authorization", "Bearer " + token.toUtf8()}});
    QCOMPARE(exchange.finalStatus(), 200);
    show(exchange);
    auto* view = child<Gui::TokenView>("tokenView");
    QCOMPARE(view->tokenCount(), 1);
    QCOMPARE(view->foundTokens().first().location, Jwt::TokenLocation::RequestAuthorization);
    waitForReport();
    QCOMPARE(child<QLabel>("tokenKindLabel")->property("kind").toString(), QStringLiteral("access"));
    QVERIFY(claim(QStringLiteral("scope")).contains(QStringLiteral("profile:read")));
    // Under 10 minutes: the relative text counts seconds too.
    QVERIFY(claim(QStringLiteral("exp")).contains(QStringLiteral(" s ")));

    // The signature is masked until revealed; header and payload stay readable.
    auto* raw = child<Gui::TokenRawView>("tokenRawView");
    const QString signature = token.section(u'.', 2);
    QVERIFY(raw->toPlainText().startsWith(token.section(u'.', 0, 1)));
    QVERIFY(!raw->toPlainText().contains(signature));
    child<QWidget>("revealTokenCheck")->setProperty("checked", true);
    QCOMPARE(raw->toPlainText(), token);
}

void TestTokenTab::expiredTokenShowsExpired()
{
    const QString token = m_demo.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, -3600);
    paste(token);
    auto* countdown = child<QLabel>("countdownLabel");
    QCOMPARE(countdown->property("timeStatus").toString(), QStringLiteral("expired"));
    QVERIFY(countdown->text().contains(QStringLiteral("expired 1 h ago")));
    QVERIFY(claim(QStringLiteral("exp")).startsWith(QStringLiteral("expired 1 h ago")));
    QVERIFY2(!problemCodes().filter(QStringLiteral("token.expired")).isEmpty(), qPrintable(problemCodes().join(u',')));
    auto* tabs = child<QTabWidget>("tokenDetailTabs");
    QVERIFY(tabs->tabText(tabs->indexOf(child<QWidget>("tokenProblemsList"))).endsWith(QStringLiteral("⚠")));
    auto* list = child<QTreeWidget>("foundTokensList");
    QVERIFY(list->topLevelItem(0)->text(0).startsWith(QStringLiteral("Pasted token")));
    QVERIFY(Test::saveScreenshot(m_inspector.get(), QStringLiteral("inspector-token-expired.png")));
}

void TestTokenTab::opaqueTokenShowsItsLabel()
{
    paste(QStringLiteral("ghp_") + QString(36, u'a'));
    auto* kind = child<QLabel>("tokenKindLabel");
    QVERIFY2(kind->text().contains(QStringLiteral("GitHub")), qPrintable(kind->text()));
    QCOMPARE(child<QLabel>("signatureStatusLabel")->property("status").toString(), QStringLiteral("unsupported"));
    QVERIFY(!child<QPushButton>("verifyButton")->isVisible());
    // Only the documented prefix is shown of an opaque token.
    auto* raw = child<Gui::TokenRawView>("tokenRawView");
    QVERIFY(raw->toPlainText().startsWith(QStringLiteral("ghp_")));
    QVERIFY(!raw->toPlainText().contains(QStringLiteral("aaaa")));
}

void TestTokenTab::malformedTokenMarksThePosition()
{
    // A "!" in the payload: not base64url, reported at its position.
    const QString token = QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx!In0.c2lnbmF0dXJl");
    paste(token);
    auto* list = child<QTreeWidget>("tokenProblemsList");
    QTreeWidgetItem* malformed = nullptr;
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        if (list->topLevelItem(i)->text(1).startsWith(QStringLiteral("token.malformed")))
            malformed = list->topLevelItem(i);
    }
    QVERIFY2(malformed, qPrintable(problemCodes().join(u',')));
    list->setCurrentItem(malformed);
    QCOMPARE(child<Gui::TokenRawView>("tokenRawView")->markedText(), QStringLiteral("!"));
}

void TestTokenTab::noTokenEmptyState()
{
    show(send("GET", QStringLiteral("/nochallenge"), {}));
    QCOMPARE(child<Gui::TokenView>("tokenView")->tokenCount(), 0);
    QCOMPARE(tokenTabTitle(), QStringLiteral("Token"));
    QVERIFY(child<QLabel>("tokenSummaryLabel")->text().startsWith(QStringLiteral("No token in this exchange")));
    QVERIFY(child<QLabel>("tokenPlaceholderLabel")->isVisible());

    // Another panel can open a token in this tab.
    auto* tabs = child<QTabWidget>("inspectorTabs");
    tabs->setCurrentWidget(child<QWidget>("authView"));
    m_inspector->inspectToken(QStringLiteral("xoxb-") + QString(30, u'1'));
    QCOMPARE(tabs->currentWidget(), child<QWidget>("tokenView"));
    waitForReport();
    QVERIFY2(child<QLabel>("tokenKindLabel")->text().contains(QStringLiteral("Slack")),
             qPrintable(child<QLabel>("tokenKindLabel")->text()));
}

void TestTokenTab::unreachableIssuerIsReported()
{
    // Port 1 on the loopback: nothing listens there, the connection is refused at once.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QString token = m_demo.signToken(QJsonObject {{QStringLiteral("iss"), QStringLiteral("http://127.0.0.1:1")},
                                                        {QStringLiteral("sub"), QStringLiteral("demo")},
                                                        {QStringLiteral("iat"), now},
                                                        {QStringLiteral("exp"), now + 600}});
    paste(token);
    auto* source = child<QLabel>("verifySourceLabel");
    QVERIFY(source->text().contains(QStringLiteral("http://127.0.0.1:1/.well-known/openid-configuration")));
    QTest::mouseClick(child<QPushButton>("verifyButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(source->text().startsWith(QStringLiteral("Could not fetch the keys")), 10000);
    QCOMPARE(child<QLabel>("signatureStatusLabel")->property("status").toString(), QStringLiteral("unverified"));
    QVERIFY(child<QPushButton>("verifyButton")->isEnabled());
}

void TestTokenTab::rotatedKeyIsReported()
{
    const QString token = m_demo.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 600);
    m_demo.rotateSigningKey();
    paste(token);
    QTest::mouseClick(child<QPushButton>("verifyButton"), Qt::LeftButton);
    auto* signature = child<QLabel>("signatureStatusLabel");
    QTRY_COMPARE_WITH_TIMEOUT(signature->property("status").toString(), QStringLiteral("invalid"), 10000);
    QVERIFY2(signature->text().contains(QStringLiteral("rotated")), qPrintable(signature->text()));
    QVERIFY(!problemCodes().filter(QStringLiteral("kid_unknown")).isEmpty());
}

QTEST_MAIN(TestTokenTab)
#include "TestTokenTab.moc"
