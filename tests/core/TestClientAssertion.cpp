// Client authentication with JWT assertions (RFC 7523 §2.2, §3; OpenID Connect Core §9), the pure half:
// the assertion's header and claims for RS256, PS256, ES256 and HS256, each verified with the public key or
// the secret by the existing verifier; the token request of every grant carrying it; precise errors for
// unusable keys and algs; the transcript summary (never the signature); the secret policy redacting
// client_assertion in HAR and curl exports; and the invalid_client finding saying what was sent.
#include "diagnosis/Catalog.h"
#include "diagnosis/Diagnoser.h"
#include "jwt/JwtInspector.h"
#include "jwt/KeySet.h"
#include "jwt/PrivateKey.h"
#include "profiles/formats/CurlExport.h"
#include "profiles/formats/HarExport.h"
#include "workspace/ClientAuthentication.h"
#include "workspace/TokenService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

using namespace Authlens;
using namespace Authlens::Workspace;

namespace {

const QUrl Endpoint(QStringLiteral("http://127.0.0.1:8080/oauth/token"));
const QString Secret = QStringLiteral("a-client-secret-of-at-least-32-bytes-for-hs256");

Profiles::Profile profileFor(const QString& alg, Jwt::PrivateKey* keyOut = nullptr)
{
    Profiles::Profile p;
    p.id = QStringLiteral("p1");
    p.name = QStringLiteral("assertion");
    p.auth.method = Auth::Method::OAuth2;
    p.auth.oauth.grantType = QStringLiteral("client_credentials");
    p.auth.oauth.tokenEndpoint = Endpoint.toString();
    p.auth.oauth.clientId = QStringLiteral("client-7");
    p.auth.oauth.assertionAlg = alg;
    p.auth.oauth.assertionKeyId = QStringLiteral("key-1");
    if (alg.startsWith(u"HS")) {
        p.auth.oauth.clientAuth = Auth::ClientAuth::ClientSecretJwt;
        p.sessionSecrets.clientSecret = Secret;
    } else {
        p.auth.oauth.clientAuth = Auth::ClientAuth::PrivateKeyJwt;
        const Jwt::PrivateKey key = Jwt::PrivateKey::generate(alg);
        p.sessionSecrets.assertionKey = QString::fromLatin1(key.toPem());
        if (keyOut)
            *keyOut = key;
    }
    return p;
}

QUrlQuery formOf(const Http::RequestSpec& spec)
{
    return QUrlQuery(QString::fromLatin1(spec.body));
}

Http::Exchange tokenExchange(const Http::RequestSpec& spec, int status, const QByteArray& answer,
                             const QByteArray& date = {})
{
    Http::Hop hop;
    hop.request.method = spec.method;
    hop.request.url = spec.url;
    hop.request.headers = spec.headers;
    hop.request.body = spec.body;
    hop.request.bodySize = spec.body.size();
    hop.response.received = true;
    hop.response.status = status;
    hop.response.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}};
    if (!date.isEmpty())
        hop.response.headers.append({QByteArrayLiteral("Date"), date});
    hop.response.body = Http::Body::fromBytes(answer);
    Http::Exchange exchange;
    exchange.hops.append(hop);
    return exchange;
}

} // namespace

class TestClientAssertion : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void assertion_data();
    void assertion();
    void everyGrantCarriesIt_data();
    void everyGrantCarriesIt();
    void defaultAlgorithms();
    void unusable_data();
    void unusable();
    void summaryNeverHasTheSignature();
    void exportsRedactTheAssertion();
    void invalidClientSaysWhatWasSent();
};

void TestClientAssertion::assertion_data()
{
    QTest::addColumn<QString>("alg");
    for (const char* alg : {"RS256", "PS256", "ES256", "HS256"})
        QTest::newRow(alg) << QString::fromLatin1(alg);
}

void TestClientAssertion::assertion()
{
    QFETCH(QString, alg);
    Jwt::PrivateKey key;
    const Profiles::Profile p = profileFor(alg, &key);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    Error error;
    const std::optional<ClientAssertion> a = makeClientAssertion(p.auth.oauth, p.sessionSecrets, Endpoint, now, &error);
    QVERIFY2(a, qPrintable(error.message));

    // RFC 7523 §3: iss = sub = client id, aud = the token endpoint, exp, jti; header alg, kid, typ.
    QCOMPARE(a->header.value(u"alg").toString(), alg);
    QCOMPARE(a->header.value(u"kid").toString(), QStringLiteral("key-1"));
    QCOMPARE(a->header.value(u"typ").toString(), QStringLiteral("JWT"));
    QCOMPARE(a->claims.value(u"iss").toString(), QStringLiteral("client-7"));
    QCOMPARE(a->claims.value(u"sub").toString(), QStringLiteral("client-7"));
    QCOMPARE(a->claims.value(u"aud").toString(), Endpoint.toString());
    QCOMPARE(qint64(a->claims.value(u"iat").toDouble()), 1700000000);
    QCOMPARE(qint64(a->claims.value(u"exp").toDouble()), 1700000000 + ClientAssertionLifetimeSeconds);
    QVERIFY(a->claims.value(u"jti").toString().size() >= 20);

    // What the token says is what was claimed, and it verifies with the public key / the secret.
    const Jwt::KeySet keys = alg.startsWith(u"HS")
        ? Jwt::KeySet::fromSecret(Secret.toUtf8())
        : Jwt::KeySet::fromPem(key.publicPem(), QStringLiteral("the client's public key"));
    const Jwt::TokenReport report = Jwt::JwtInspector::inspect(a->token, {}, keys);
    QCOMPARE(report.signature.status, Jwt::SignatureStatus::Valid);
    QCOMPARE(report.header, a->header);
    QCOMPARE(report.claims, a->claims);
    // A wrong key does not verify it.
    const Jwt::KeySet wrong = alg.startsWith(u"HS")
        ? Jwt::KeySet::fromSecret(QByteArray(40, 'w'))
        : Jwt::KeySet::fromPem(Jwt::PrivateKey::generate(alg).publicPem(), QStringLiteral("another key"));
    QCOMPARE(Jwt::JwtInspector::inspect(a->token, {}, wrong).signature.status, Jwt::SignatureStatus::Invalid);

    // Every assertion is new: another jti (RFC 7523 §3 point 7), even at the same second.
    const std::optional<ClientAssertion> b = makeClientAssertion(p.auth.oauth, p.sessionSecrets, Endpoint, now, &error);
    QVERIFY(b);
    QVERIFY(b->claims.value(u"jti") != a->claims.value(u"jti"));
    QVERIFY(b->token != a->token);
}

void TestClientAssertion::everyGrantCarriesIt_data()
{
    QTest::addColumn<QString>("grant");
    QTest::addColumn<QString>("alg");
    for (const char* grant : {"client_credentials", "password", "refresh_token"}) {
        QTest::addRow("%s ES256", grant) << QString::fromLatin1(grant) << QStringLiteral("ES256");
        QTest::addRow("%s HS256", grant) << QString::fromLatin1(grant) << QStringLiteral("HS256");
    }
}

void TestClientAssertion::everyGrantCarriesIt()
{
    QFETCH(QString, grant);
    QFETCH(QString, alg);
    Profiles::Profile p = profileFor(alg);
    p.auth.oauth.grantType = grant;
    p.auth.username = QStringLiteral("alice");
    p.sessionSecrets.password = QStringLiteral("pw");
    p.sessionSecrets.refreshToken = QStringLiteral("rt-1");
    QCOMPARE(TokenService::checkGrant(p, grant).message, QString());
    Error error;
    const std::optional<Http::RequestSpec> spec = TokenService::tokenRequest(p, grant, Endpoint, &error);
    QVERIFY2(spec, qPrintable(error.message));
    const QUrlQuery form = formOf(*spec);
    QCOMPARE(form.queryItemValue(QStringLiteral("grant_type")), grant);
    QCOMPARE(form.queryItemValue(QStringLiteral("client_id")), QStringLiteral("client-7"));
    QCOMPARE(form.queryItemValue(QStringLiteral("client_assertion_type"), QUrl::FullyDecoded),
             QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
    QVERIFY(!form.queryItemValue(QStringLiteral("client_assertion")).isEmpty());
    // The secret itself never travels, and no other client authentication is added (RFC 6749 §2.3).
    QVERIFY(!form.hasQueryItem(QStringLiteral("client_secret")));
    QVERIFY(!spec->body.contains(QUrl::toPercentEncoding(Secret)));
    QVERIFY(spec->credentials.isEmpty());
    const QJsonObject summary = clientAssertionSummary(spec->body);
    QCOMPARE(summary.value(u"claims").toObject().value(u"aud").toString(), Endpoint.toString());
    QCOMPARE(summary.value(u"header").toObject().value(u"alg").toString(), alg);
}

void TestClientAssertion::defaultAlgorithms()
{
    // No alg set: the key's own (RS256 for RSA, ES256 for P-256), HS256 for client_secret_jwt.
    for (const QString& alg : {QStringLiteral("RS256"), QStringLiteral("ES256"), QStringLiteral("HS256")}) {
        Profiles::Profile p = profileFor(alg);
        p.auth.oauth.assertionAlg.clear();
        p.auth.oauth.assertionKeyId.clear();
        Error error;
        const auto a = makeClientAssertion(p.auth.oauth, p.sessionSecrets, Endpoint, {}, &error);
        QVERIFY2(a, qPrintable(error.message));
        QCOMPARE(a->header.value(u"alg").toString(), alg);
        QVERIFY(!a->header.contains(u"kid"));
        // The real clock when no "now" is given.
        QVERIFY(qAbs(qint64(a->claims.value(u"iat").toDouble()) - QDateTime::currentSecsSinceEpoch()) < 5);
    }
}

void TestClientAssertion::unusable_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("expected");
    const QString es = QString::fromLatin1(Jwt::PrivateKey::generate(QStringLiteral("ES256")).toPem());
    const QString publicPem = QString::fromLatin1(Jwt::PrivateKey::generate(QStringLiteral("ES256")).publicPem());
    QTest::newRow("no key") << "ES256" << QString() << QString() << "has no private key for the client assertion";
    QTest::newRow("public key") << "ES256" << publicPem << QString() << "cannot be used: this is a public key";
    QTest::newRow("garbage") << "ES256" << QStringLiteral("-----BEGIN PRIVATE KEY-----\nxx\n-----END PRIVATE KEY-----")
                             << QString() << "cannot be used: not a private key";
    QTest::newRow("EC key, RS256") << "RS256" << es << QString() << "RS256 needs an RSA key, this is an EC P-256 key";
    QTest::newRow("EC key, HS256") << "HS256" << es << QString() << "HS256 is an HMAC algorithm";
    QTest::newRow("EC key, ES384") << "ES384" << es << QString() << "ES384 needs an EC P-384 key";
    QTest::newRow("secret jwt, RS256") << "secret:RS256" << QString() << Secret
                                       << "client_secret_jwt signs the client assertion with HMAC";
    QTest::newRow("secret jwt, short secret") << "secret:HS256" << QString() << QStringLiteral("short")
                                              << "needs a client secret of at least 32 bytes (RFC 7518 §3.2); this one "
                                                 "has 5";
    QTest::newRow("secret jwt, HS512 needs 64") << "secret:HS512" << QString() << Secret << "at least 64 bytes";
    QTest::newRow("secret jwt, no secret") << "secret:HS256" << QString() << QString() << "has no client secret";
}

void TestClientAssertion::unusable()
{
    QFETCH(QString, alg);
    QFETCH(QString, key);
    QFETCH(QString, secret);
    QFETCH(QString, expected);
    Profiles::Profile p = profileFor(QStringLiteral("ES256"));
    if (alg.startsWith(u"secret:")) {
        p.auth.oauth.clientAuth = Auth::ClientAuth::ClientSecretJwt;
        alg = alg.mid(7);
    }
    p.auth.oauth.assertionAlg = alg;
    p.sessionSecrets.assertionKey = key;
    p.sessionSecrets.clientSecret = secret;
    // The same precise BadInput from the check the GUI asks, from the request builder, and from the assertion.
    const Error checked = TokenService::checkGrant(p, QStringLiteral("client_credentials"));
    QCOMPARE(checked.kind, ErrorKind::BadInput);
    QVERIFY2(checked.message.contains(expected), qPrintable(checked.message));
    Error error;
    QVERIFY(!TokenService::tokenRequest(p, QStringLiteral("client_credentials"), Endpoint, &error));
    QCOMPARE(error.kind, ErrorKind::BadInput);
    QVERIFY2(error.message.contains(expected), qPrintable(error.message));
    QVERIFY(!makeClientAssertion(p.auth.oauth, p.sessionSecrets, Endpoint, {}, &error));
    QVERIFY2(error.message.contains(expected), qPrintable(error.message));
    // The key itself is never quoted in a message.
    if (!key.isEmpty())
        QVERIFY(!error.message.contains(key.mid(30, 20)));
}

void TestClientAssertion::summaryNeverHasTheSignature()
{
    const Profiles::Profile p = profileFor(QStringLiteral("ES256"));
    const auto spec = TokenService::tokenRequest(p, QStringLiteral("client_credentials"), Endpoint, nullptr);
    QVERIFY(spec);
    const QString token = formOf(*spec).queryItemValue(QStringLiteral("client_assertion"));
    const QString signature = token.section(u'.', 2);
    QVERIFY(signature.size() > 40);
    const QJsonObject summary = clientAssertionSummary(tokenExchange(*spec, 200, "{}"));
    QCOMPARE(summary.keys(), (QStringList {QStringLiteral("claims"), QStringLiteral("header")}));
    const QByteArray json = QJsonDocument(summary).toJson();
    QVERIFY(!json.contains(signature.toLatin1()));
    const QString text = clientAssertionText(summary);
    QVERIFY2(text.startsWith(u"Client assertion (private_key_jwt, RFC 7523): alg ES256, kid \"key-1\", aud "
                             u"http://127.0.0.1:8080/oauth/token, iss client-7, sub client-7, iat "),
             qPrintable(text));
    QVERIFY2(text.contains(u"exp iat+60 s"), qPrintable(text));
    QVERIFY(!text.contains(signature));
    // No assertion, nothing to show.
    QVERIFY(clientAssertionSummary(QByteArrayView("grant_type=client_credentials&client_id=x")).isEmpty());
    QVERIFY(clientAssertionSummary(QByteArrayView("client_assertion=not-a-jws")).isEmpty());
    QVERIFY(clientAssertionText({}).isEmpty());
}

void TestClientAssertion::exportsRedactTheAssertion()
{
    // The secret policy calls client_assertion a credential (RFC 7523 §2.2: it authenticates the client like
    // a secret does while it lives): HAR and curl exports redact it, keep client_assertion_type.
    QVERIFY(Http::SecretPolicy::standard().isSecretBodyField(u"client_assertion"));
    QVERIFY(!Http::SecretPolicy::standard().isSecretBodyField(u"client_assertion_type"));
    const Profiles::Profile p = profileFor(QStringLiteral("RS256"));
    const auto spec = TokenService::tokenRequest(p, QStringLiteral("client_credentials"), Endpoint, nullptr);
    QVERIFY(spec);
    const QByteArray token = formOf(*spec).queryItemValue(QStringLiteral("client_assertion")).toLatin1();
    const Http::Exchange exchange = tokenExchange(*spec, 200, R"({"access_token":"at","token_type":"Bearer"})");

    const QByteArray har = Formats::exportHar(exchange, Http::SecretPolicy::standard(), false);
    QVERIFY(!har.isEmpty());
    QVERIFY2(!har.contains(token.left(60)) && !har.contains(token.split('.').at(2)), har.constData());
    QVERIFY(har.contains("client_assertion_type"));
    QVERIFY(har.contains("jwt-bearer"));
    QVERIFY(Formats::exportHar(exchange, Http::SecretPolicy::standard(), true).contains(token));

    const QString curl = Formats::exportCurl(exchange, Http::SecretPolicy::standard());
    QVERIFY(!curl.isEmpty());
    QVERIFY2(!curl.contains(QString::fromLatin1(token.split('.').at(2))), qPrintable(curl));
    QVERIFY2(curl.contains(u"AUTHLENS_CLIENT_ASSERTION"), qPrintable(curl));
}

void TestClientAssertion::invalidClientSaysWhatWasSent()
{
    // The assertion was made for another URL than the one it went to, and the server's clock is an hour
    // ahead: both are proven by the exchange; the unregistered key and a replayed jti stay likely causes.
    Profiles::Profile p = profileFor(QStringLiteral("ES256"));
    const QUrl other(QStringLiteral("http://127.0.0.1:8080/other/token"));
    const auto a = makeClientAssertion(p.auth.oauth, p.sessionSecrets, other, {}, nullptr);
    QVERIFY(a);
    Http::RequestSpec spec;
    spec.method = "POST";
    spec.url = Endpoint;
    spec.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")}};
    spec.body = "grant_type=client_credentials&client_id=client-7&client_assertion_type="
        + QUrl::toPercentEncoding(clientAssertionType()) + "&client_assertion=" + a->token;
    const QByteArray date = QDateTime::currentDateTimeUtc()
                                .addSecs(3600)
                                .toString(QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
                                .toLatin1();
    const Http::Exchange exchange
        = tokenExchange(spec, 400, R"({"error":"invalid_client","error_description":"assertion refused"})", date);
    const QList<Diagnosis::Finding> findings = Diagnosis::diagnose(exchange).findings;
    const Diagnosis::Finding* f = Diagnosis::findFinding(findings, QString(Diagnosis::Code::OAuthInvalidClient));
    QVERIFY(f);
    QVERIFY2(
        f->explanation.contains(u"private_key_jwt (alg ES256, kid \"key-1\", aud http://127.0.0.1:8080/other/token)"),
        qPrintable(f->explanation));
    QVERIFY2(f->explanation.contains(u"is not the token endpoint it was sent to (http://127.0.0.1:8080/oauth/token)"),
             qPrintable(f->explanation));
    QVERIFY2(f->explanation.contains(u"had expired by the server's clock"), qPrintable(f->explanation));
    QVERIFY2(f->explanation.contains(u"not registered for this client under kid \"key-1\""),
             qPrintable(f->explanation));
    QVERIFY2(f->explanation.contains(u"jti the server has seen before"), qPrintable(f->explanation));
    const auto evidence = std::find_if(f->evidence.cbegin(), f->evidence.cend(),
                                       [](const Diagnosis::Evidence& e) { return e.name == u"client_assertion"; });
    QVERIFY(evidence != f->evidence.cend());
    QCOMPARE(evidence->excerpt, QStringLiteral("alg ES256, kid \"key-1\", aud http://127.0.0.1:8080/other/token"));
    // The signature is nowhere in the finding.
    const QByteArray json = QJsonDocument(f->toJson()).toJson();
    QVERIFY(!json.contains(a->token.split('.').at(2)));
    QVERIFY(std::any_of(f->fixes.cbegin(), f->fixes.cend(),
                        [](const Diagnosis::Fix& x) { return x.id == u"advice.client_assertion"; }));
}

QTEST_GUILESS_MAIN(TestClientAssertion)
#include "TestClientAssertion.moc"
