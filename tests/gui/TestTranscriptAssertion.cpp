// The token transcript view (issue 11): a private_key_jwt run against the demo API in process shows the
// client assertion's header and claims, decoded, while the request body shows client_assertion masked and
// the assertion's signature appears nowhere.
#include "demo/DemoClientAssertion.h"
#include "demo/DemoServer.h"
#include "oauth/TokenTranscriptView.h"
#include "workspace/TokenService.h"

#include <QTest>

using namespace Authlens;
using Demo::DemoServer;

class TestTranscriptAssertion : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsClaimsNotSignature();
};

void TestTranscriptAssertion::showsClaimsNotSignature()
{
    DemoServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    Profiles::Profile profile;
    for (const Profiles::Profile& p : server.profiles()) {
        if (p.id == u"demo-oauth-private-key-jwt")
            profile = p;
    }
    QCOMPARE(profile.id, QStringLiteral("demo-oauth-private-key-jwt"));

    Workspace::TokenService service(nullptr);
    Workspace::TokenOutcome outcome;
    bool done = false;
    QObject context;
    Workspace::TokenService::Request request;
    request.profile = profile;
    request.mode = Workspace::TokenService::Mode::New;
    service.run(request, &context, [&](const Workspace::TokenOutcome& o) {
        outcome = o;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    QVERIFY2(outcome.ok, qPrintable(outcome.error.message));
    const QByteArray body = outcome.tokenRequestStep()->exchange.hops.first().request.body;
    const QByteArray signature = body.mid(body.indexOf("client_assertion=") + 17).split('.').value(2);
    QVERIFY(signature.size() > 40);

    Gui::TokenTranscriptView view;
    view.resize(900, 400);
    view.setOutcome(outcome, QStringLiteral("memory"), true);
    const QString text = view.toPlainText();
    QVERIFY2(text.contains(u"Client assertion (RFC 7523)"), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("\"kid\": \"%1\"").arg(Demo::DemoClientAssertion::keyId())),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("\"aud\": \"%1/oauth/token\"").arg(server.baseUrl().toString())),
             qPrintable(text));
    QVERIFY2(text.contains(u"\"jti\""), qPrintable(text));
    QVERIFY2(text.contains(u"client_assertion=eyJh…[redacted"), qPrintable(text));
    QVERIFY(!text.contains(QString::fromLatin1(signature)));
    QVERIFY(!text.contains(u"eyJhbGci"));
}

QTEST_MAIN(TestTranscriptAssertion)
#include "TestTranscriptAssertion.moc"
