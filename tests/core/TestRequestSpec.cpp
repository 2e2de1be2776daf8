// Origins, credential headers and redaction: the pure parts of credential binding.
#include "http/Redaction.h"
#include "http/RequestSpec.h"

#include <QTest>

using namespace Authlens::Http;

class TestRequestSpec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void origin_data();
    void origin();
    void originEquality();
    void isHttpUrl_data();
    void isHttpUrl();
    void credentialHeaderNames_data();
    void credentialHeaderNames();
    void promoteCredentialHeaders();
    void redactValue_data();
    void redactValue();
    void redactUrl();
    void rulesForSpec();
};

void TestRequestSpec::origin_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    QTest::newRow("https default port") << "https://API.Example.com/x"
                                        << "https://api.example.com:443";
    QTest::newRow("http default port") << "http://example.com"
                                       << "http://example.com:80";
    QTest::newRow("explicit port") << "http://127.0.0.1:8080/a?b"
                                   << "http://127.0.0.1:8080";
    QTest::newRow("https on 80") << "https://example.com:80/"
                                 << "https://example.com:80";
    QTest::newRow("scheme case") << "HTTPS://example.com"
                                 << "https://example.com:443";
    QTest::newRow("ipv6") << "http://[::1]:9000/"
                          << "http://[::1]:9000";
    QTest::newRow("userinfo ignored") << "https://u:p@example.com/"
                                      << "https://example.com:443";
    QTest::newRow("idn") << "https://bücher.example/"
                         << "https://xn--bcher-kva.example:443";
}

void TestRequestSpec::origin()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    const Origin o = Origin::fromUrl(QUrl(url));
    QVERIFY(o.isValid());
    QCOMPARE(o.toString(), expected);
}

void TestRequestSpec::isHttpUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("expected");
    QTest::newRow("https") << "https://api.example.com/token" << true;
    QTest::newRow("http with port") << "http://127.0.0.1:8080/" << true;
    QTest::newRow("scheme in capitals") << "HTTPS://api.example.com/" << true; // RFC 3986 §3.1
    QTest::newRow("ftp") << "ftp://files.example.com/" << false;
    QTest::newRow("file") << "file:///etc/passwd" << false;
    QTest::newRow("no host") << "https:///path" << false;
    QTest::newRow("relative") << "/token" << false;
    QTest::newRow("javascript") << "javascript:alert(1)" << false;
    QTest::newRow("empty") << "" << false;
}

void TestRequestSpec::isHttpUrl()
{
    QFETCH(QString, url);
    QFETCH(bool, expected);
    QCOMPARE(Authlens::Http::isHttpUrl(QUrl(url, QUrl::StrictMode)), expected);
}

void TestRequestSpec::originEquality()
{
    const auto o = [](const char* u) { return Origin::fromUrl(QUrl(QString::fromLatin1(u))); };
    QCOMPARE(o("https://a.example/x"), o("https://A.example:443/y"));
    QVERIFY(!(o("https://a.example") == o("http://a.example")));
    QVERIFY(!(o("https://a.example") == o("https://a.example:8443")));
    QVERIFY(!(o("https://a.example") == o("https://b.a.example")));
    QVERIFY(!Origin::fromUrl(QUrl(QStringLiteral("mailto:x@y"))).isValid());
}

void TestRequestSpec::credentialHeaderNames_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("credential");
    QTest::newRow("Authorization") << QByteArray("Authorization") << true;
    QTest::newRow("lower case") << QByteArray("authorization") << true;
    QTest::newRow("Proxy-Authorization") << QByteArray("Proxy-Authorization") << true;
    QTest::newRow("Cookie") << QByteArray("cookie") << true;
    QTest::newRow("X-API-Key") << QByteArray("x-api-key") << true;
    QTest::newRow("GitLab") << QByteArray("PRIVATE-TOKEN") << true;
    QTest::newRow("Azure APIM") << QByteArray("Ocp-Apim-Subscription-Key") << true;
    QTest::newRow("Accept") << QByteArray("Accept") << false;
    QTest::newRow("X-Request-Id") << QByteArray("X-Request-Id") << false;
    QTest::newRow("challenge") << QByteArray("WWW-Authenticate") << false;
}

void TestRequestSpec::credentialHeaderNames()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, credential);
    QCOMPARE(SecretPolicy::standard().isSecretHeader(name), credential);
}

void TestRequestSpec::promoteCredentialHeaders()
{
    RequestSpec spec;
    spec.headers = {{"Accept", "application/json"}, {"authorization", "Bearer a"}, {"X-Trace", "1"}, {"Cookie", "s=1"}};
    spec.credentials = {{Credential::Place::Query, "key", "v", {}}};
    spec.promoteCredentialHeaders();
    QCOMPARE(spec.headers, (HeaderList {{"Accept", "application/json"}, {"X-Trace", "1"}}));
    QCOMPARE(spec.credentials.size(), 3);
    QCOMPARE(spec.credentials[1].name, QByteArray("authorization"));
    QCOMPARE(spec.credentials[1].value, QByteArray("Bearer a"));
    QCOMPARE(spec.credentials[1].source, CredentialSource::UserHeader);
    QCOMPARE(spec.credentials[2].name, QByteArray("Cookie"));
    QCOMPARE(spec.credentials[2].source, CredentialSource::UserHeader);
}

void TestRequestSpec::redactValue_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("bearer") << QByteArray("Authorization") << QByteArray("Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig")
                            << QByteArray("Bearer eyJh\xE2\x80\xA6[redacted, 32 bytes]");
    QTest::newRow("basic short") << QByteArray("Authorization") << QByteArray("Basic YTpi")
                                 << QByteArray("Basic \xE2\x80\xA6[redacted, 4 bytes]");
    QTest::newRow("no scheme") << QByteArray("X-API-Key") << QByteArray("sk_live_1234567890abcdef")
                               << QByteArray("sk_l\xE2\x80\xA6[redacted, 24 bytes]");
    QTest::newRow("cookie names kept")
        << QByteArray("Cookie") << QByteArray("sid=abc; theme=dark")
        << QByteArray("sid=\xE2\x80\xA6[redacted, 3 bytes]; theme=\xE2\x80\xA6[redacted, 4 bytes]");
    QTest::newRow("set-cookie attributes kept")
        << QByteArray("Set-Cookie") << QByteArray("sid=abcdef; Path=/; HttpOnly")
        << QByteArray("sid=\xE2\x80\xA6[redacted, 6 bytes]; Path=/; HttpOnly");
    QTest::newRow("empty") << QByteArray("X-API-Key") << QByteArray() << QByteArray();
}

void TestRequestSpec::redactValue()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(Authlens::Http::redactValue(name, value), expected);
}

void TestRequestSpec::redactUrl()
{
    const QUrl url(QStringLiteral("https://u:pw@api.example.com/x?api_key=supersecretvalue123&page=2"));
    const QString out = Authlens::Http::redactUrl(url, SecretPolicy::standard()).toString();
    QVERIFY2(!out.contains(u"supersecretvalue123"), qPrintable(out));
    QVERIFY(!out.contains(u"pw@"));
    QVERIFY(out.contains(u"page=2"));
    QVERIFY(out.contains(u"api_key=supe"));
}

void TestRequestSpec::rulesForSpec()
{
    RequestSpec spec;
    spec.credentials
        = {{Credential::Place::Header, "X-Custom-Key", "v", {}}, {Credential::Place::Query, "token", "v", {}}};
    spec.credentials.append({Credential::Place::Header, "X-Thing", "v", {}});
    spec.credentials.append({Credential::Place::Query, "q", "v", {}});
    const SecretPolicy policy = SecretPolicy::forSpec(spec);
    QVERIFY(policy.isSecretHeader("authorization"));
    QVERIFY(policy.isSecretHeader("set-cookie"));
    QVERIFY(policy.isSecretHeader("x-custom-key"));
    QVERIFY(policy.isSecretHeader("x-thing")); // the spec's credential, whatever it is called
    QVERIFY(!SecretPolicy::standard().isSecretHeader("x-thing"));
    QVERIFY(!policy.isSecretHeader("accept"));
    QVERIFY(policy.isSecretQueryParam(u"token"));
    QVERIFY(policy.isSecretQueryParam(u"Q"));
    QVERIFY(!policy.isSecretQueryParam(u"page"));
}

QTEST_APPLESS_MAIN(TestRequestSpec)
#include "TestRequestSpec.moc"
