#include "jwt/PrivateKey.h"
#include "profiles/PassphraseStrength.h"
#include "profiles/ProfileValidation.h"

#include <QTest>

using namespace Authlens;
namespace Validation = Gui::ProfileValidation;

// The profile editor's checks: they must accept exactly what the profile store reads back.
class TestProfileValidation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void httpUrl_data();
    void httpUrl();
    void origins_data();
    void origins();
    void originText();
    void names();
    void proxy();
    void oauth_data();
    void oauth();
    void pem();
    void passphraseStrength();
};

void TestProfileValidation::httpUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("required");
    QTest::addColumn<QString>("problemContains"); // empty: fine
    QTest::newRow("https") << "https://api.example.com/v1" << true << "";
    QTest::newRow("http with port") << "http://127.0.0.1:8080" << true << "";
    QTest::newRow("empty optional") << "  " << false << "";
    QTest::newRow("empty required") << "" << true << "Enter a URL";
    QTest::newRow("no scheme") << "api.example.com" << false << "https://api.example.com";
    QTest::newRow("ftp") << "ftp://files.example.com" << false << "Only http and https";
    QTest::newRow("javascript") << "javascript:alert(1)" << false << "Only http and https";
    QTest::newRow("file") << "file:///etc/passwd" << false << "Only http and https";
    QTest::newRow("no host") << "https://" << false << "not a valid URL";
    QTest::newRow("variable") << "{{baseUrl}}/v1" << false << "Variables";
}

void TestProfileValidation::httpUrl()
{
    QFETCH(QString, text);
    QFETCH(bool, required);
    QFETCH(QString, problemContains);
    const QString problem = Validation::httpUrlProblem(text, required);
    if (problemContains.isEmpty())
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    else
        QVERIFY2(problem.contains(problemContains), qPrintable(problem));
}

void TestProfileValidation::origins_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("origins"); // Origin::toString() of each
    QTest::addColumn<QString>("problemContains");
    QTest::newRow("two lines") << "https://auth.example.com\nhttp://127.0.0.1:8080\n"
                               << QStringList {QStringLiteral("https://auth.example.com:443"),
                                               QStringLiteral("http://127.0.0.1:8080")}
                               << "";
    QTest::newRow("commas, blanks, duplicates") << " https://a.example ,, https://A.example/ \n"
                                                << QStringList {QStringLiteral("https://a.example:443")} << "";
    QTest::newRow("empty") << "\n \n" << QStringList() << "";
    QTest::newRow("path") << "https://a.example/api" << QStringList() << "without a path";
    QTest::newRow("query") << "https://a.example?x=1" << QStringList() << "without a path";
    QTest::newRow("user info") << "https://me@a.example" << QStringList() << "without a path";
    QTest::newRow("ftp") << "https://ok.example\nftp://a.example" << QStringList() << "not an http or https origin";
    QTest::newRow("bare host") << "a.example" << QStringList() << "not an http or https origin";
}

void TestProfileValidation::origins()
{
    QFETCH(QString, text);
    QFETCH(QStringList, origins);
    QFETCH(QString, problemContains);
    const Validation::Origins parsed = Validation::parseOrigins(text);
    QStringList got;
    for (const Http::Origin& o : parsed.origins)
        got.append(o.toString());
    QCOMPARE(got, origins);
    if (problemContains.isEmpty())
        QVERIFY2(parsed.problem.isEmpty(), qPrintable(parsed.problem));
    else
        QVERIFY2(parsed.problem.contains(problemContains), qPrintable(parsed.problem));
}

void TestProfileValidation::originText()
{
    QCOMPARE(Validation::originText(Http::Origin::fromUrl(QUrl(QStringLiteral("https://a.example")))),
             QStringLiteral("https://a.example"));
    QCOMPARE(Validation::originText(Http::Origin::fromUrl(QUrl(QStringLiteral("http://a.example:8080/x")))),
             QStringLiteral("http://a.example:8080"));
    QCOMPARE(Validation::originText(Http::Origin::fromUrl(QUrl(QStringLiteral("http://[::1]:9000")))),
             QStringLiteral("http://[::1]:9000"));
    // What originText() writes, parseOrigins() reads back unchanged.
    const auto parsed = Validation::parseOrigins(QStringLiteral("http://[::1]:9000\nhttps://b.example"));
    QCOMPARE(parsed.origins.size(), 2);
    QCOMPARE(Validation::originText(parsed.origins.at(0)), QStringLiteral("http://[::1]:9000"));
}

void TestProfileValidation::names()
{
    QVERIFY(!Validation::nameProblem(QStringLiteral("  "), {}).isEmpty());
    QVERIFY(!Validation::nameProblem(QStringLiteral("billing"), {QStringLiteral("Billing")}).isEmpty());
    QVERIFY(Validation::nameProblem(QStringLiteral("Billing (staging)"), {QStringLiteral("Billing")}).isEmpty());
    QCOMPARE(Validation::splitList(QStringLiteral(" a, b\n c ,,")),
             (QStringList {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
}

void TestProfileValidation::proxy()
{
    using Mode = Profiles::ProxySettings::Mode;
    QVERIFY(Validation::proxyProblem(Mode::System, {}, 0).isEmpty());
    QVERIFY(Validation::proxyProblem(Mode::None, {}, 0).isEmpty());
    QVERIFY(Validation::proxyProblem(Mode::Http, QStringLiteral("proxy.example"), 3128).isEmpty());
    QVERIFY(!Validation::proxyProblem(Mode::Http, {}, 3128).isEmpty());
    QVERIFY(!Validation::proxyProblem(Mode::Socks5, QStringLiteral("proxy.example"), 0).isEmpty());
    QVERIFY(!Validation::proxyProblem(Mode::Http, QStringLiteral("http://proxy.example"), 8080).isEmpty());
}

void TestProfileValidation::pem()
{
    QString error;
    const Jwt::PrivateKey key = Jwt::PrivateKey::generate(QStringLiteral("ES256"), &error);
    QVERIFY2(!key.isNull(), qPrintable(error));
    const QString pem = QString::fromLatin1(key.toPem());
    // Through a single-line field the line breaks become spaces, or vanish: they come back.
    QCOMPARE(Validation::normalizedPem(QString(pem).replace(u'\n', u' ')), pem);
    QCOMPARE(Validation::normalizedPem(pem), pem);
    const QString body = pem.section(u'\n', 1, -3).remove(u'\n');
    QCOMPARE(Validation::normalizedPem(QStringLiteral("-----BEGIN PRIVATE KEY-----") + body
                                       + QStringLiteral("-----END PRIVATE KEY-----")),
             pem);
    QCOMPARE(Validation::normalizedPem(QStringLiteral("no pem")), QStringLiteral("no pem"));
    QVERIFY(Validation::assertionKeyProblem(pem, QStringLiteral("ES256")).isEmpty());
    QVERIFY(!Validation::assertionKeyProblem(pem, QStringLiteral("PS256")).isEmpty());
    // A public key is not the private key.
    QVERIFY(!Validation::assertionKeyProblem(QString::fromLatin1(key.publicPem()), QStringLiteral("ES256")).isEmpty());
    QCOMPARE(Validation::assertionAlgorithms(Auth::ClientAuth::ClientSecretJwt), QStringList {QStringLiteral("HS256")});
    QVERIFY(Validation::assertionAlgorithms(Auth::ClientAuth::ClientSecretBasic).isEmpty());
}

void TestProfileValidation::passphraseStrength()
{
    using Level = Gui::PassphraseStrength::Level;
    QCOMPARE(Gui::PassphraseStrength::of(QStringLiteral("short")).level, Level::TooShort);
    QCOMPARE(Gui::PassphraseStrength::of(QStringLiteral("aaaaaaaaaaaaaaaa")).level, Level::Weak);
    QCOMPARE(Gui::PassphraseStrength::of(QStringLiteral("password")).level, Level::Weak);
    QCOMPARE(Gui::PassphraseStrength::of(QStringLiteral("correct horse battery staple")).level, Level::Strong);
    QVERIFY(Gui::PassphraseStrength::of(QStringLiteral("Tr0ub4dor&3x")).bits
            > Gui::PassphraseStrength::of(QStringLiteral("troubadour")).bits);
}

void TestProfileValidation::oauth_data()
{
    QTest::addColumn<QString>("grant");
    QTest::addColumn<int>("clientAuth");
    QTest::addColumn<QString>("change"); // which field is set wrong
    QTest::addColumn<QString>("field"); // which problem must be reported ("" none)
    QTest::addColumn<QString>("contains");
    const int basic = int(Auth::ClientAuth::ClientSecretBasic);
    const int none = int(Auth::ClientAuth::None);
    QTest::newRow("complete client credentials") << "client_credentials" << basic << ""
                                                 << ""
                                                 << "";
    QTest::newRow("endpoint may be empty") << "client_credentials" << basic << "no endpoint"
                                           << ""
                                           << "";
    QTest::newRow("endpoint not http") << "client_credentials" << basic << "ftp endpoint"
                                       << "tokenEndpoint"
                                       << "http";
    QTest::newRow("no client id") << "client_credentials" << basic << "no client id"
                                  << "clientId"
                                  << "client ID";
    QTest::newRow("no secret") << "client_credentials" << basic << "no secret"
                               << "clientSecret"
                               << "none";
    QTest::newRow("public client cannot use client credentials") << "client_credentials" << none << "no secret"
                                                                 << "clientSecret"
                                                                 << "RFC 6749 §4.4";
    QTest::newRow("public client, password grant") << "password" << none << "no secret"
                                                   << ""
                                                   << "";
    QTest::newRow("password grant without user") << "password" << basic << "no user"
                                                 << "username"
                                                 << "user";
    QTest::newRow("password grant without password") << "password" << basic << "no password"
                                                     << "password"
                                                     << "password";
    QTest::newRow("refresh grant without refresh token") << "refresh_token" << basic << "no refresh token"
                                                         << "refreshToken"
                                                         << "refresh token";
    QTest::newRow("scope with a quote") << "client_credentials" << basic << "bad scope"
                                        << "scopes"
                                        << "RFC 6749 §3.3";
    QTest::newRow("relative resource") << "client_credentials" << basic << "relative resource"
                                       << "resources"
                                       << "absolute URI";
    QTest::newRow("resource with fragment") << "client_credentials" << basic << "fragment resource"
                                            << "resources"
                                            << "fragment";
    QTest::newRow("extra parameter the grant sets") << "client_credentials" << basic << "reserved param"
                                                    << "extraParams"
                                                    << "Scope";
    QTest::newRow("extra parameter twice") << "client_credentials" << basic << "duplicate param"
                                           << "extraParams"
                                           << "twice";
    QTest::newRow("an unknown grant: a note, not an error") << "implicit" << basic << ""
                                                            << "grant"
                                                            << "cannot run";
    const int pkjwt = int(Auth::ClientAuth::PrivateKeyJwt);
    const int csjwt = int(Auth::ClientAuth::ClientSecretJwt);
    // Issue 11: what each new grant and client authentication needs.
    QTest::newRow("code: complete") << "authorization_code" << none << ""
                                    << ""
                                    << "";
    QTest::newRow("code: endpoint discovered from the issuer") << "authorization_code" << none << "no auth endpoint"
                                                               << ""
                                                               << "";
    QTest::newRow("code: no endpoint, no issuer") << "authorization_code" << none << "no auth endpoint, no issuer"
                                                  << "authorizationEndpoint"
                                                  << "issuer";
    QTest::newRow("code: endpoint not http") << "authorization_code" << none << "ftp auth endpoint"
                                             << "authorizationEndpoint"
                                             << "http";
    QTest::newRow("code: PKCE off is a warning") << "authorization_code" << none << "no pkce"
                                                 << "pkce"
                                                 << "RFC 7636";
    QTest::newRow("code: redirect not loopback") << "authorization_code" << none << "redirect elsewhere"
                                                 << "redirectUri"
                                                 << "RFC 8252";
    QTest::newRow("code: redirect without port") << "authorization_code" << none << "redirect without port"
                                                 << "redirectUri"
                                                 << "port";
    QTest::newRow("code: redirect over https") << "authorization_code" << none << "redirect https"
                                               << "redirectUri"
                                               << "loopback";
    QTest::newRow("code: redirect [::1] fine") << "authorization_code" << none << "redirect ipv6"
                                               << ""
                                               << "";
    QTest::newRow("device: complete") << "device_code" << none << ""
                                      << ""
                                      << "";
    QTest::newRow("device: no endpoint, no issuer") << "device_code" << none << "no device endpoint, no issuer"
                                                    << "deviceAuthorizationEndpoint"
                                                    << "RFC 8628";
    QTest::newRow("issuer with a query") << "client_credentials" << basic << "issuer query"
                                         << "issuer"
                                         << "RFC 8414";
    QTest::newRow("private_key_jwt: key and alg") << "client_credentials" << pkjwt << "ec key"
                                                  << ""
                                                  << "";
    QTest::newRow("private_key_jwt needs no secret") << "client_credentials" << pkjwt << "ec key, no secret"
                                                     << ""
                                                     << "";
    QTest::newRow("private_key_jwt without a key") << "client_credentials" << pkjwt << "no key"
                                                   << "assertionKey"
                                                   << "RFC 7523";
    QTest::newRow("private_key_jwt: not a key") << "client_credentials" << pkjwt << "garbage key"
                                                << "assertionKey"
                                                << "";
    QTest::newRow("private_key_jwt: alg the key cannot do") << "client_credentials" << pkjwt << "ec key, RS256"
                                                            << "assertionKey"
                                                            << "RS256";
    QTest::newRow("private_key_jwt: HS256") << "client_credentials" << pkjwt << "ec key, HS256"
                                            << "assertionAlg"
                                            << "RS256, PS256, ES256";
    QTest::newRow("client_secret_jwt: HS256 with the secret") << "client_credentials" << csjwt << "hs256"
                                                              << ""
                                                              << "";
    QTest::newRow("client_secret_jwt without a secret") << "client_credentials" << csjwt << "hs256, no secret"
                                                        << "clientSecret"
                                                        << "client_secret_jwt";
    QTest::newRow("client_secret_jwt with RS256") << "client_credentials" << csjwt << ""
                                                  << "assertionAlg"
                                                  << "HS256";
    QTest::newRow("DPoP with an unknown alg") << "client_credentials" << basic << "dpop HS256"
                                              << "dpopAlg"
                                              << "RFC 9449";
}

void TestProfileValidation::oauth()
{
    QFETCH(QString, grant);
    QFETCH(int, clientAuth);
    QFETCH(QString, change);
    QFETCH(QString, field);
    QFETCH(QString, contains);
    Auth::OAuthSettings o;
    o.grantType = grant;
    o.clientAuth = Auth::ClientAuth(clientAuth);
    o.tokenEndpoint = QStringLiteral("https://auth.example.com/oauth/token");
    o.clientId = QStringLiteral("cli");
    o.scopes = {QStringLiteral("read"), QStringLiteral("write:all")};
    o.resources = {QStringLiteral("https://api.example.com/"), QStringLiteral("urn:example:api")};
    o.extraParams = {{QStringLiteral("prompt"), QStringLiteral("none")}};
    QString user = QStringLiteral("alice");
    Auth::AuthSecrets secrets;
    secrets.clientSecret = QStringLiteral("s");
    secrets.password = QStringLiteral("p");
    secrets.refreshToken = QStringLiteral("r");
    if (change == u"no endpoint")
        o.tokenEndpoint.clear();
    else if (change == u"ftp endpoint")
        o.tokenEndpoint = QStringLiteral("ftp://auth.example.com/token");
    else if (change == u"no client id")
        o.clientId = QStringLiteral("  ");
    else if (change == u"no secret")
        secrets.clientSecret.clear();
    else if (change == u"no user")
        user.clear();
    else if (change == u"no password")
        secrets.password.clear();
    else if (change == u"no refresh token")
        secrets.refreshToken.clear();
    else if (change == u"bad scope")
        o.scopes.append(QStringLiteral("a\"b"));
    else if (change == u"relative resource")
        o.resources.append(QStringLiteral("api.example.com"));
    else if (change == u"fragment resource")
        o.resources.append(QStringLiteral("https://api.example.com/#x"));
    else if (change == u"reserved param")
        o.extraParams.append({QStringLiteral("Scope"), QStringLiteral("x")});
    else if (change == u"duplicate param")
        o.extraParams.append({QStringLiteral("prompt"), QStringLiteral("login")});
    // Issue 11's fields: a complete profile of each grant first, then the change.
    o.authorizationEndpoint = QStringLiteral("https://auth.example.com/authorize");
    o.deviceAuthorizationEndpoint = QStringLiteral("https://auth.example.com/device");
    o.issuer = QStringLiteral("https://auth.example.com");
    if (change.startsWith(u"no auth endpoint"))
        o.authorizationEndpoint.clear();
    if (change.startsWith(u"no device endpoint"))
        o.deviceAuthorizationEndpoint.clear();
    if (change.endsWith(u"no issuer"))
        o.issuer.clear();
    if (change == u"ftp auth endpoint")
        o.authorizationEndpoint = QStringLiteral("ftp://auth.example.com/authorize");
    if (change == u"no pkce")
        o.pkce = false;
    if (change == u"redirect elsewhere")
        o.redirectUri = QStringLiteral("http://app.example.com:8765/callback");
    if (change == u"redirect without port")
        o.redirectUri = QStringLiteral("http://127.0.0.1/callback");
    if (change == u"redirect https")
        o.redirectUri = QStringLiteral("https://127.0.0.1:8765/callback");
    if (change == u"redirect ipv6")
        o.redirectUri = QStringLiteral("http://[::1]:8765/callback");
    if (change == u"issuer query")
        o.issuer = QStringLiteral("https://auth.example.com/?tenant=1");
    if (change.startsWith(u"ec key")) {
        QString error;
        secrets.assertionKey = QString::fromLatin1(Jwt::PrivateKey::generate(QStringLiteral("ES256"), &error).toPem());
        o.assertionAlg = QStringLiteral("ES256");
    }
    if (change == u"ec key, no secret")
        secrets.clientSecret.clear();
    if (change == u"ec key, RS256")
        o.assertionAlg = QStringLiteral("RS256");
    if (change == u"ec key, HS256")
        o.assertionAlg = QStringLiteral("HS256");
    if (change == u"garbage key")
        secrets.assertionKey = QStringLiteral("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----");
    if (change.startsWith(u"hs256")) {
        o.assertionAlg = QStringLiteral("HS256");
        secrets.clientSecret = QStringLiteral("a-secret-of-at-least-32-bytes-long!!");
    }
    if (change == u"hs256, no secret")
        secrets.clientSecret.clear();
    if (change == u"dpop HS256") {
        o.dpop = true;
        o.dpopAlg = QStringLiteral("HS256");
    }

    const Validation::OAuthProblems p = Validation::oauthProblems(o, user, secrets);
    const QList<std::pair<QString, QString>> all {
        {QStringLiteral("grant"), p.grant},
        {QStringLiteral("tokenEndpoint"), p.tokenEndpoint},
        {QStringLiteral("clientId"), p.clientId},
        {QStringLiteral("clientSecret"), p.clientSecret},
        {QStringLiteral("username"), p.username},
        {QStringLiteral("password"), p.password},
        {QStringLiteral("refreshToken"), p.refreshToken},
        {QStringLiteral("scopes"), p.scopes},
        {QStringLiteral("audience"), p.audience},
        {QStringLiteral("resources"), p.resources},
        {QStringLiteral("extraParams"), p.extraParams},
        {QStringLiteral("authorizationEndpoint"), p.authorizationEndpoint},
        {QStringLiteral("deviceAuthorizationEndpoint"), p.deviceAuthorizationEndpoint},
        {QStringLiteral("redirectUri"), p.redirectUri},
        {QStringLiteral("pkce"), p.pkce},
        {QStringLiteral("issuer"), p.issuer},
        {QStringLiteral("assertionAlg"), p.assertionAlg},
        {QStringLiteral("assertionKeyId"), p.assertionKeyId},
        {QStringLiteral("assertionKey"), p.assertionKey},
        {QStringLiteral("dpopAlg"), p.dpopAlg}};
    for (const auto& [name, problem] : all) {
        if (name == field)
            QVERIFY2(problem.contains(contains), qPrintable(name + u": " + problem));
        else
            QVERIFY2(problem.isEmpty(), qPrintable(name + u": " + problem));
    }
    // An unknown grant's note and the PKCE warning do not block saving.
    QCOMPARE(p.isEmpty(), field.isEmpty() || field == u"grant" || field == u"pkce");
}

QTEST_APPLESS_MAIN(TestProfileValidation)
#include "TestProfileValidation.moc"
