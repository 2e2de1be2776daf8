#include "GuiTestSupport.h"
#include "auth/HeaderParser.h"
#include "demo/DemoServer.h"
#include "http/HttpClient.h"
#include "inspector/AuthTreeModel.h"
#include "inspector/AuthView.h"
#include "inspector/RawFieldView.h"
#include "inspector/ResponseInspector.h"

#include <QCheckBox>
#include <QDesktopServices>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>
#include <QTreeWidget>

#include <memory>

using namespace Authlens;
using Gui::AuthTreeModel;

// Catches QDesktopServices::openUrl() so that a clicked RFC link opens no browser.
class UrlCatcher : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> urls;
public Q_SLOTS:
    void open(const QUrl& url) { urls.append(url); }
};

// The Auth tab of the response inspector (issue 3), fed with real exchanges from the demo API on
// 127.0.0.1 and, for headers the demo never sends, with exchanges built by hand.
class TestAuthTab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void bearerChallengeIsExplained();
    void specLinkOpensTheRfc();
    void combinedHeaderShowsTwoChallenges();
    void unknownSchemeIsShownRaw();
    void malformedHeaderMarksItsDiagnostic();
    void basicCredentialsMaskedUntilRevealed();
    void basicSentToBearerOnlyIsAMismatch();
    void emptyStatesSayWhy();
    void authenticationInfoAndDigestCredentials();
    void malformedBearerStaysMasked();
    void proxyChallenge();

private:
    template <typename T> T* child(const char* name) const
    {
        T* widget = m_inspector->findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no widget named %s", name);
        return widget;
    }
    Http::Exchange fetch(const QString& path, const Http::HeaderList& headers = {});
    static Http::Exchange handMade(int status, const Http::HeaderList& responseHeaders,
                                   const Http::HeaderList& requestHeaders = {});
    void show(const Http::Exchange& exchange);
    QString authTabTitle() const;
    AuthTreeModel* model() const;

    Demo::DemoServer m_demo;
    std::unique_ptr<Gui::ResponseInspector> m_inspector;
};

void TestAuthTab::initTestCase()
{
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
}

void TestAuthTab::init()
{
    m_inspector = std::make_unique<Gui::ResponseInspector>();
    m_inspector->resize(1280, 720);
    m_inspector->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_inspector.get()));
    child<QTabWidget>("inspectorTabs")->setCurrentWidget(child<QWidget>("authView"));
}

void TestAuthTab::cleanup()
{
    m_inspector.reset();
}

Http::Exchange TestAuthTab::fetch(const QString& path, const Http::HeaderList& headers)
{
    Http::HttpClient client;
    QSignalSpy finished(&client, &Http::HttpClient::finished);
    Http::RequestSpec spec;
    spec.url = QUrl(m_demo.baseUrl().toString() + path);
    spec.headers = headers;
    spec.promoteCredentialHeaders();
    client.send(spec);
    if (!finished.wait(10000))
        qFatal("no answer from the demo API");
    return finished.first().first().value<Http::Exchange>();
}

Http::Exchange TestAuthTab::handMade(int status, const Http::HeaderList& responseHeaders,
                                     const Http::HeaderList& requestHeaders)
{
    Http::Hop hop;
    hop.request.method = "GET";
    hop.request.url = QUrl(QStringLiteral("http://127.0.0.1:9/resource"));
    hop.request.headers = requestHeaders;
    hop.response.received = true;
    hop.response.status = status;
    hop.response.httpVersion = "1.1";
    hop.response.headers = responseHeaders;
    Http::Exchange exchange;
    exchange.hops.append(hop);
    return exchange;
}

void TestAuthTab::show(const Http::Exchange& exchange)
{
    auto* view = child<Gui::AuthView>("authView");
    QSignalSpy ready(view, &Gui::AuthView::analysisReady);
    m_inspector->showExchange(exchange);
    QVERIFY(view->isAnalyzing());
    QVERIFY(ready.wait(5000));
    QVERIFY(!view->isAnalyzing());
}

QString TestAuthTab::authTabTitle() const
{
    auto* tabs = child<QTabWidget>("inspectorTabs");
    return tabs->tabText(tabs->indexOf(child<QWidget>("authView")));
}

AuthTreeModel* TestAuthTab::model() const
{
    return qobject_cast<AuthTreeModel*>(child<QTreeView>("challengeTree")->model());
}

void TestAuthTab::bearerChallengeIsExplained()
{
    const Http::Exchange exchange = fetch(QStringLiteral("/api/profile"));
    QCOMPARE(exchange.finalStatus(), 401);
    show(exchange);
    QCOMPARE(authTabTitle(), QStringLiteral("Auth (1)"));
    QVERIFY(child<QLabel>("authSummaryLabel")->text().contains(QStringLiteral("Bearer")));

    AuthTreeModel* tree = model();
    const QModelIndex bearer = tree->findNode(QStringLiteral("Bearer"));
    QVERIFY(bearer.isValid());
    QVERIFY(!bearer.data(AuthTreeModel::UnknownRole).toBool());
    QVERIFY(tree->rowCount(bearer) >= 2); // realm, resource_metadata (and error_description)
    const QModelIndex realm = tree->findNode(QStringLiteral("realm"), bearer);
    QVERIFY(realm.isValid());
    QCOMPARE(realm.siblingAtColumn(AuthTreeModel::ValueColumn).data().toString(), Demo::DemoServer::realm());
    QVERIFY(realm.data(AuthTreeModel::ExplanationRole).toString().contains(QStringLiteral("protection space")));
    QVERIFY(realm.data(AuthTreeModel::SpecUrlRole).toString().contains(QStringLiteral("rfc6750")));
    const QModelIndex metadata = tree->findNode(QStringLiteral("resource_metadata"), bearer);
    QVERIFY(metadata.isValid());
    QCOMPARE(metadata.siblingAtColumn(AuthTreeModel::ValueColumn).data().toString(),
             m_demo.baseUrl().toString() + QStringLiteral("/.well-known/oauth-protected-resource"));
    QVERIFY(!metadata.siblingAtColumn(AuthTreeModel::MeaningColumn).data().toString().isEmpty());
    QVERIFY(metadata.data(AuthTreeModel::SpecUrlRole).toString().contains(QStringLiteral("rfc9728")));

    // Selecting a parameter marks its bytes in the raw header and explains it beside the tree.
    auto* treeView = child<QTreeView>("challengeTree");
    treeView->setCurrentIndex(realm);
    auto* raw = child<Gui::RawFieldView>("rawHeaderView");
    QCOMPARE(raw->fieldCount(), 1);
    QCOMPARE(raw->markedText(), QStringLiteral("realm=\"%1\"").arg(Demo::DemoServer::realm()));
    const QString details = child<QTextBrowser>("authDetails")->toPlainText();
    QVERIFY2(details.contains(QStringLiteral("RFC 6750")), qPrintable(details));
    treeView->setCurrentIndex(metadata);
    QVERIFY(raw->markedText().startsWith(QStringLiteral("resource_metadata=\"http://127.0.0.1:")));

    // Nothing was sent: "What you sent" says so.
    QVERIFY(child<QLabel>("sentEmptyLabel")->isVisible());
    treeView->setCurrentIndex(bearer);
    QVERIFY(Test::saveScreenshot(m_inspector.get(), QStringLiteral("inspector-auth-bearer.png")));
    // As wide as the inspector is in the main window beside the sidebar and the Diagnosis dock.
    m_inspector->resize(660, 560);
    QVERIFY(Test::saveScreenshot(m_inspector.get(), QStringLiteral("inspector-auth-bearer-narrow.png")));
}

void TestAuthTab::specLinkOpensTheRfc()
{
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "open");
    show(fetch(QStringLiteral("/api/profile")));
    auto* treeView = child<QTreeView>("challengeTree");
    const QModelIndex realm = model()->findNode(QStringLiteral("realm")).siblingAtColumn(AuthTreeModel::SpecColumn);
    treeView->scrollTo(realm);
    QTest::mouseClick(treeView->viewport(), Qt::LeftButton, {}, treeView->visualRect(realm).center());
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    QCOMPARE(catcher.urls.size(), 1);
    QCOMPARE(catcher.urls.first().host(), QStringLiteral("www.rfc-editor.org"));
    QVERIFY(catcher.urls.first().path().contains(QStringLiteral("rfc6750")));
}

void TestAuthTab::combinedHeaderShowsTwoChallenges()
{
    show(handMade(401, {{"WWW-Authenticate", R"(Basic realm="a", Bearer error="invalid_token")"}}));
    QCOMPARE(authTabTitle(), QStringLiteral("Auth (2)"));
    AuthTreeModel* tree = model();
    const QModelIndex field = tree->index(0, 0);
    QCOMPARE(field.data().toString(), QStringLiteral("WWW-Authenticate"));
    QCOMPARE(tree->rowCount(field), 2);
    const QModelIndex basic = tree->index(0, 0, field);
    const QModelIndex bearer = tree->index(1, 0, field);
    QCOMPARE(basic.data().toString(), QStringLiteral("Basic"));
    QCOMPARE(bearer.data().toString(), QStringLiteral("Bearer"));
    QCOMPARE(tree->index(0, 0, basic).data().toString(), QStringLiteral("realm"));
    const QModelIndex error = tree->index(0, 0, bearer);
    QCOMPARE(error.data().toString(), QStringLiteral("error"));
    QCOMPARE(error.siblingAtColumn(AuthTreeModel::ValueColumn).data().toString(), QStringLiteral("invalid_token"));
    // The value is explained on its own: what invalid_token means for the user.
    const QString explanation = error.data(AuthTreeModel::ExplanationRole).toString();
    QVERIFY2(explanation.contains(QStringLiteral("expired"), Qt::CaseInsensitive), qPrintable(explanation));

    // Each challenge marks its own bytes of the one field value.
    child<QTreeView>("challengeTree")->setCurrentIndex(bearer);
    QCOMPARE(child<Gui::RawFieldView>("rawHeaderView")->markedText(), QStringLiteral("Bearer error=\"invalid_token\""));
    QCOMPARE(child<QTreeWidget>("diagnosticsList")->topLevelItemCount(), 0);
}

void TestAuthTab::unknownSchemeIsShownRaw()
{
    show(handMade(401, {{"WWW-Authenticate", R"(X-Custom-Auth opaque="zzz", Digest realm="r", nonce="n")"}}));
    AuthTreeModel* tree = model();
    const QModelIndex custom = tree->findNode(QStringLiteral("X-Custom-Auth"));
    QVERIFY(custom.isValid());
    QVERIFY(custom.data(AuthTreeModel::UnknownRole).toBool());
    QVERIFY(custom.siblingAtColumn(AuthTreeModel::ValueColumn).data().toString().contains(QStringLiteral("unknown")));
    QCOMPARE(tree->findNode(QStringLiteral("opaque"), custom).siblingAtColumn(AuthTreeModel::ValueColumn).data(),
             QVariant(QStringLiteral("zzz")));
    const QModelIndex digest = tree->findNode(QStringLiteral("Digest"));
    QVERIFY(digest.isValid());
    QVERIFY(!digest.data(AuthTreeModel::UnknownRole).toBool());
}

void TestAuthTab::malformedHeaderMarksItsDiagnostic()
{
    const QByteArray value = R"(Bearer realm="a", realm="b", scope="x)";
    const Auth::ChallengeParseResult expected = Auth::parseChallengeField(value);
    QVERIFY(expected.diagnostics.size() >= 2);
    show(handMade(401, {{"WWW-Authenticate", value}}));
    QVERIFY(authTabTitle().endsWith(QStringLiteral("⚠")));

    auto* list = child<QTreeWidget>("diagnosticsList");
    QVERIFY(list->isVisible());
    QCOMPARE(list->topLevelItemCount(), expected.diagnostics.size());
    auto* raw = child<Gui::RawFieldView>("rawHeaderView");
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        const Auth::Diagnostic& d = expected.diagnostics.at(i);
        QTreeWidgetItem* item = list->topLevelItem(i);
        QCOMPARE(item->text(1), QString(d.code));
        QVERIFY(item->text(3).contains(d.message));
        const QRect rect = list->visualItemRect(item);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(raw->mark().line, 0);
        QCOMPARE(raw->mark().offset, std::min(d.offset, int(value.size())));
        // The marked character is the one the diagnostic points at (the last one when at the end).
        const int at = std::min(d.offset, int(value.size()) - 1);
        QCOMPARE(raw->markedText(), QString(QChar::fromLatin1(value.at(at))));
    }
    const auto duplicate
        = std::find_if(expected.diagnostics.begin(), expected.diagnostics.end(),
                       [](const Auth::Diagnostic& d) { return d.code == QLatin1String("param.duplicate"); });
    QVERIFY(duplicate != expected.diagnostics.end());
    QCOMPARE(value.mid(duplicate->offset, 5), QByteArray("realm"));
    list->setCurrentItem(list->topLevelItem(int(duplicate - expected.diagnostics.begin())));
    QCOMPARE(raw->mark().offset, duplicate->offset);
    QVERIFY(Test::saveScreenshot(m_inspector.get(), QStringLiteral("inspector-auth-diagnostics.png")));
}

void TestAuthTab::basicCredentialsMaskedUntilRevealed()
{
    const QByteArray basic = "Basic " + QByteArray("demo:demo-password").toBase64();
    const Http::Exchange exchange = fetch(QStringLiteral("/basic/resource"), {{"Authorization", basic}});
    QCOMPARE(exchange.finalStatus(), 200);
    show(exchange);
    QVERIFY(child<QLabel>("authSummaryLabel")
                ->text()
                .startsWith(QStringLiteral("No challenge in this response: the server answered 200")));
    QVERIFY(!child<QWidget>("challengeSplitter")->isVisible());

    QVERIFY(child<QLabel>("sentSchemeLabel")->text().startsWith(QStringLiteral("Basic")));
    QCOMPARE(child<QLabel>("sentUserLabel")->text(), QStringLiteral("demo"));
    const QString masked = child<QLabel>("sentPasswordLabel")->text();
    QVERIFY(!masked.contains(QStringLiteral("demo-password")));
    QVERIFY(masked.contains(QStringLiteral("•")));
    auto* raw = child<Gui::RawFieldView>("sentRawView");
    QVERIFY(!raw->toPlainText().contains(QString::fromLatin1(basic.mid(6))));
    QVERIFY(raw->toPlainText().startsWith(QStringLiteral("Authorization: Basic ")));
    QVERIFY(Test::saveScreenshot(m_inspector.get(), QStringLiteral("inspector-auth-basic-sent.png")));

    child<QCheckBox>("revealSentSecretsCheck")->click();
    QCOMPARE(child<QLabel>("sentPasswordLabel")->text(), QStringLiteral("demo-password"));
    QVERIFY(raw->toPlainText().contains(QString::fromLatin1(basic.mid(6))));
    QVERIFY(child<QLabel>("credentialFindingsTitle")->text().contains(QStringLiteral("No problems")));
    child<QCheckBox>("revealSentSecretsCheck")->click();
    QVERIFY(!child<QLabel>("sentPasswordLabel")->text().contains(QStringLiteral("demo-password")));
}

void TestAuthTab::basicSentToBearerOnlyIsAMismatch()
{
    const QByteArray basic = "Basic " + QByteArray("demo:demo-password").toBase64();
    const Http::Exchange exchange = fetch(QStringLiteral("/api/profile"), {{"Authorization", basic}});
    QCOMPARE(exchange.finalStatus(), 401);
    show(exchange);
    auto* findings = child<QTreeWidget>("credentialFindingsList");
    QVERIFY(findings->isVisible());
    QStringList codes;
    for (int i = 0; i < findings->topLevelItemCount(); ++i)
        codes.append(findings->topLevelItem(i)->text(1));
    QVERIFY2(codes.contains(QStringLiteral("scheme.mismatch"))
                 || !codes.filter(QStringLiteral("scheme.mismatch")).isEmpty(),
             qPrintable(codes.join(u',')));
    QVERIFY(authTabTitle().endsWith(QStringLiteral("⚠")));
    QVERIFY(Test::saveScreenshot(m_inspector.get(), QStringLiteral("inspector-auth-mismatch.png")));
}

void TestAuthTab::emptyStatesSayWhy()
{
    auto* summary = child<QLabel>("authSummaryLabel");
    QVERIFY(summary->text().contains(QStringLiteral("appear here")));
    show(fetch(QStringLiteral("/nochallenge")));
    QVERIFY2(summary->text().startsWith(QStringLiteral("401 without WWW-Authenticate: a misconfigured server — see "
                                                       "the Diagnosis panel")),
             qPrintable(summary->text()));
    QCOMPARE(authTabTitle(), QStringLiteral("Auth"));
    QVERIFY(Test::saveScreenshot(m_inspector.get(), QStringLiteral("inspector-auth-nochallenge.png")));
    m_inspector->clear();
    QVERIFY(summary->text().contains(QStringLiteral("appear here")));
}

void TestAuthTab::authenticationInfoAndDigestCredentials()
{
    show(handMade(200, {{"Authentication-Info", R"(nextnonce="abc", qop=auth, rspauth="d3b0", nc=00000001)"}},
                  {{"Authorization",
                    R"(Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", )"
                    R"(algorithm=SHA-256, nonce="7ypf", nc=00000001, cnonce="f2/wE4q", qop=auth, )"
                    R"(response="753927fa", opaque="FQhe")"}}));
    AuthTreeModel* tree = model();
    const QModelIndex info = tree->index(0, 0);
    QCOMPARE(info.data().toString(), QStringLiteral("Authentication-Info"));
    QCOMPARE(tree->rowCount(info), 4);
    const QModelIndex nextnonce = tree->index(0, 0, info);
    QCOMPARE(nextnonce.data().toString(), QStringLiteral("nextnonce"));
    QVERIFY(!nextnonce.data(AuthTreeModel::UnknownRole).toBool());
    QVERIFY(nextnonce.data(AuthTreeModel::SpecUrlRole).toString().contains(QStringLiteral("rfc7616")));
    QCOMPARE(authTabTitle(), QStringLiteral("Auth"));
    QVERIFY(child<QLabel>("authSummaryLabel")->text().contains(QStringLiteral("Authentication-Info")));
    QVERIFY(child<QLabel>("sentSchemeLabel")->text().startsWith(QStringLiteral("Digest")));
    // Digest parameters are not the secret itself: shown as sent.
    QVERIFY(child<Gui::RawFieldView>("sentRawView")->toPlainText().contains(QStringLiteral("username=\"Mufasa\"")));
}

void TestAuthTab::malformedBearerStaysMasked()
{
    // A quoted token is no token68: the parser reads it otherwise, but it is a secret all the same.
    show(handMade(401, {{"WWW-Authenticate", "Bearer"}}, {{"Authorization", R"(Bearer "secret-token-value")"}}));
    auto* raw = child<Gui::RawFieldView>("sentRawView");
    QVERIFY2(!raw->toPlainText().contains(QStringLiteral("secret-token-value")), qPrintable(raw->toPlainText()));
    QVERIFY(raw->toPlainText().startsWith(QStringLiteral("Authorization: Bearer")));
    QVERIFY(child<QTreeWidget>("credentialFindingsList")->topLevelItemCount() > 0);
}

void TestAuthTab::proxyChallenge()
{
    show(handMade(407, {{"Proxy-Authenticate", R"(Basic realm="corporate proxy")"}}));
    AuthTreeModel* tree = model();
    const QModelIndex field = tree->index(0, 0);
    QCOMPARE(field.data().toString(), QStringLiteral("Proxy-Authenticate"));
    QVERIFY(field.data(AuthTreeModel::ExplanationRole).toString().contains(QStringLiteral("Proxy-Authorization")));
    QCOMPARE(tree->index(0, 0, field).data().toString(), QStringLiteral("Basic"));
    QCOMPARE(authTabTitle(), QStringLiteral("Auth (1)"));
}

QTEST_MAIN(TestAuthTab)
#include "TestAuthTab.moc"
