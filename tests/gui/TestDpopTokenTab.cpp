// The Token tab shows a DPoP-bound token's binding (RFC 9449 §6.1): "Bound to DPoP key <thumbprint>" and
// whether the DPoP proof sent with it was signed by that key — against the demo API's token endpoint and
// DPoP resource on 127.0.0.1, with real proofs.
#include "auth/DpopProver.h"
#include "demo/DemoServer.h"
#include "http/HttpClient.h"
#include "inspector/ResponseInspector.h"
#include "inspector/TokenDetails.h"
#include "inspector/TokenView.h"
#include "jwt/PrivateKey.h"

#include <QDir>
#include <QJsonDocument>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace Authlens;

class TestDpopTokenTab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void boundTokenFromTheTokenEndpointMatches();
    void proofByAnotherKeyIsAMismatch();
    void boundTokenWithoutProof();
    void ordinaryTokenShowsNoBinding();

private:
    template <typename T> T* child(const char* name) const
    {
        T* widget = m_inspector->findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no widget named %s", name);
        return widget;
    }
    Http::Exchange send(Http::RequestSpec spec);
    Http::RequestSpec tokenRequest(const Jwt::PrivateKey& key) const;
    Http::RequestSpec resourceRequest(const QString& token, const Jwt::PrivateKey& key) const;
    QString boundToken();
    void showAndSelect(const Http::Exchange& exchange, const QString& name);
    void screenshot(const QString& name);

    Demo::DemoServer m_demo;
    Jwt::PrivateKey m_key;
    Jwt::PrivateKey m_other;
    std::unique_ptr<Gui::ResponseInspector> m_inspector;
};

void TestDpopTokenTab::initTestCase()
{
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
    m_key = Jwt::PrivateKey::generate(QStringLiteral("ES256"));
    m_other = Jwt::PrivateKey::generate(QStringLiteral("ES256"));
    QVERIFY(!m_key.isNull() && !m_other.isNull());
}

void TestDpopTokenTab::init()
{
    m_inspector = std::make_unique<Gui::ResponseInspector>();
    m_inspector->resize(1280, 760);
    m_inspector->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_inspector.get()));
    child<QTabWidget>("inspectorTabs")->setCurrentWidget(child<QWidget>("tokenView"));
}

void TestDpopTokenTab::cleanup()
{
    m_inspector.reset();
}

Http::Exchange TestDpopTokenTab::send(Http::RequestSpec spec)
{
    Http::HttpClient client;
    QSignalSpy finished(&client, &Http::HttpClient::finished);
    client.send(spec);
    if (!finished.wait(10000))
        qFatal("no answer from the demo API");
    return finished.first().first().value<Http::Exchange>();
}

Http::RequestSpec TestDpopTokenTab::tokenRequest(const Jwt::PrivateKey& key) const
{
    Http::RequestSpec spec;
    spec.method = "POST";
    spec.url = QUrl(m_demo.baseUrl().toString() + QStringLiteral("/oauth/token"));
    spec.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    spec.body = "grant_type=client_credentials&scope=profile%3Aread";
    spec.credentials.append(
        {Http::Credential::Place::Header, QByteArrayLiteral("Authorization"),
         "Basic " + (Demo::DemoServer::clientId() + u':' + Demo::DemoServer::clientSecret()).toUtf8().toBase64(),
         QStringLiteral("client"), Http::CredentialSource::Profile});
    Auth::AuthSettings settings;
    settings.method = Auth::Method::OAuth2;
    settings.oauth.dpop = true;
    Auth::AuthSecrets secrets;
    secrets.dpopKey = QString::fromLatin1(key.toPem());
    spec.dpopProver = Auth::dpopTokenRequestProver(settings, secrets);
    return spec;
}

Http::RequestSpec TestDpopTokenTab::resourceRequest(const QString& token, const Jwt::PrivateKey& key) const
{
    Http::RequestSpec spec;
    spec.url = QUrl(m_demo.baseUrl().toString() + QStringLiteral("/dpop/resource"));
    Auth::AuthSettings settings;
    settings.method = Auth::Method::OAuth2;
    settings.oauth.dpop = true;
    settings.oauth.tokenType = QStringLiteral("DPoP");
    Auth::AuthSecrets secrets;
    secrets.dpopKey = QString::fromLatin1(key.toPem());
    secrets.token = token;
    Auth::applyTo(settings, secrets, spec);
    return spec;
}

QString TestDpopTokenTab::boundToken()
{
    const Http::Exchange ex = send(tokenRequest(m_key));
    if (ex.finalStatus() != 200)
        return {};
    return QJsonDocument::fromJson(ex.finalResponseHop()->response.body.readAll())
        .object()
        .value(u"access_token")
        .toString();
}

void TestDpopTokenTab::showAndSelect(const Http::Exchange& exchange, const QString& name)
{
    auto* view = child<Gui::TokenView>("tokenView");
    QSignalSpy ready(view, &Gui::TokenView::tokensReady);
    m_inspector->showExchange(exchange);
    QVERIFY(ready.wait(5000));
    const QList<Jwt::FoundToken> found = view->foundTokens();
    int index = -1;
    for (int i = 0; i < found.size(); ++i) {
        // The last hop's token of that name: the one the final answer is about.
        if (found.at(i).name == name)
            index = i;
    }
    QVERIFY2(index >= 0, qPrintable(name));
    auto* list = child<QTreeWidget>("foundTokensList");
    list->setCurrentItem(list->topLevelItem(index));
    auto* details = child<Gui::TokenDetails>("tokenDetails");
    QTRY_VERIFY_WITH_TIMEOUT(details->hasReport() && !details->isBusy(), 5000);
}

void TestDpopTokenTab::screenshot(const QString& name)
{
    // The binding line gets the height its text needs (two lines for a mismatch) once the layout ran.
    auto* binding = child<QLabel>("dpopBindingLabel");
    QTRY_VERIFY(!binding->isVisible() || binding->height() >= binding->heightForWidth(binding->width()));
    // Look at it: AUTHLENS_SCREENSHOT_DIR=/tmp/shots ctest -R test_dpoptokentab
    const QString dir = qEnvironmentVariable("AUTHLENS_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(m_inspector->grab().save(QDir(dir).filePath(name + QStringLiteral(".png"))));
}

void TestDpopTokenTab::boundTokenFromTheTokenEndpointMatches()
{
    const Http::Exchange ex = send(tokenRequest(m_key));
    QCOMPARE(ex.hops.size(), 2); // the nonce step, then the token
    QCOMPARE(ex.finalStatus(), 200);
    showAndSelect(ex, QStringLiteral("access_token"));
    auto* binding = child<QLabel>("dpopBindingLabel");
    QVERIFY(binding->isVisible());
    QCOMPARE(binding->property("binding").toString(), QStringLiteral("match"));
    QVERIFY2(
        binding->text().contains(QStringLiteral("Bound to DPoP key %1").arg(QString::fromLatin1(m_key.thumbprint()))),
        qPrintable(binding->text()));
    QVERIFY(binding->text().contains(QStringLiteral("the profile's key")));

    // The same token at the DPoP resource (Authorization: DPoP), after its nonce step.
    const QString token = QJsonDocument::fromJson(ex.finalResponseHop()->response.body.readAll())
                              .object()
                              .value(u"access_token")
                              .toString();
    const Http::Exchange resource = send(resourceRequest(token, m_key));
    QCOMPARE(resource.finalStatus(), 200);
    showAndSelect(resource, QStringLiteral("Authorization"));
    QCOMPARE(binding->property("binding").toString(), QStringLiteral("match"));
    screenshot(QStringLiteral("dpop-binding-match"));
}

void TestDpopTokenTab::proofByAnotherKeyIsAMismatch()
{
    const QString token = boundToken();
    QVERIFY(!token.isEmpty());
    const Http::Exchange ex = send(resourceRequest(token, m_other));
    QCOMPARE(ex.finalStatus(), 401);
    showAndSelect(ex, QStringLiteral("Authorization"));
    auto* binding = child<QLabel>("dpopBindingLabel");
    QVERIFY(binding->isVisible());
    QCOMPARE(binding->property("binding").toString(), QStringLiteral("mismatch"));
    QVERIFY(binding->text().contains(QString::fromLatin1(m_key.thumbprint())));
    QVERIFY(binding->text().contains(QString::fromLatin1(m_other.thumbprint())));
    screenshot(QStringLiteral("dpop-binding-mismatch"));
}

void TestDpopTokenTab::boundTokenWithoutProof()
{
    const QString token = boundToken();
    QVERIFY(!token.isEmpty());
    Http::RequestSpec spec;
    spec.url = QUrl(m_demo.baseUrl().toString() + QStringLiteral("/api/profile"));
    spec.headers = {{"Authorization", "Bearer " + token.toLatin1()}};
    spec.promoteCredentialHeaders();
    const Http::Exchange ex = send(spec);
    QCOMPARE(ex.finalStatus(), 401);
    showAndSelect(ex, QStringLiteral("Authorization"));
    auto* binding = child<QLabel>("dpopBindingLabel");
    QCOMPARE(binding->property("binding").toString(), QStringLiteral("no_proof"));
    QVERIFY(binding->text().contains(QStringLiteral("no DPoP proof")));
}

void TestDpopTokenTab::ordinaryTokenShowsNoBinding()
{
    Http::RequestSpec spec;
    spec.url = QUrl(m_demo.baseUrl().toString() + QStringLiteral("/api/profile"));
    spec.headers = {
        {"Authorization",
         "Bearer " + m_demo.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 600).toLatin1()}};
    spec.promoteCredentialHeaders();
    const Http::Exchange ex = send(spec);
    QCOMPARE(ex.finalStatus(), 200);
    showAndSelect(ex, QStringLiteral("Authorization"));
    QVERIFY(!child<QLabel>("dpopBindingLabel")->isVisible());
}

QTEST_MAIN(TestDpopTokenTab)
#include "TestDpopTokenTab.moc"
