// Request assembly (Workspace::assembleRequest): profile + draft → RequestSpec, the one code path of the
// GUI composer and `authlens-cli send`. Variables, base URL, auth, connection options and the explicit
// (command-line) options that win over the profile's.
#include "TestCertificate.h"
#include "workspace/RequestAssembly.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Authlens;
using Profiles::Profile;
using Workspace::RequestDraft;

namespace {

Profile apiProfile()
{
    Profile p;
    p.id = QStringLiteral("api");
    p.name = QStringLiteral("API");
    p.baseUrl = QStringLiteral("https://api.example.com/v2");
    p.variables = {{QStringLiteral("tenant"), QStringLiteral("acme")},
                   {QStringLiteral("host"), QStringLiteral("other.example.com")},
                   {QStringLiteral("evil"), QStringLiteral("a\r\nX-Injected: 1")}};
    p.auth.method = Auth::Method::Basic;
    p.auth.username = QStringLiteral("alice");
    p.sessionSecrets.password = QStringLiteral("s3cret");
    p.allowedOrigins = {Http::Origin::fromUrl(QUrl(QStringLiteral("https://files.example.com")))};
    p.connectTimeoutMs = 5000;
    p.totalTimeoutMs = 30000;
    return p;
}

QByteArray header(const Http::RequestSpec& spec, const QByteArray& name)
{
    for (const Http::Header& h : spec.headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

const Http::Credential* credential(const Http::RequestSpec& spec, const QByteArray& name)
{
    for (const Http::Credential& c : spec.credentials) {
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return &c;
    }
    return nullptr;
}

} // namespace

class TestRequestAssembly : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void urls_data();
    void urls();
    void methods_data();
    void methods();
    void headersAndBody();
    void badHeaders_data();
    void badHeaders();
    void profileAuth();
    void draftAuthWinsOverTheProfile();
    void digestAnswersChallenges();
    void typedCredentialHeadersAreBound();
    void connectionFromTheProfile();
    void explicitOptionsWin();
    void proxyCredentialsNeedAProxy();
    void unusableProfileFiles();
};

void TestRequestAssembly::urls_data()
{
    QTest::addColumn<bool>("withProfile");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expected"); ///< the URL, or the start of "error: …"
    QTest::newRow("absolute") << false << QString() << "https://h.example/x?a=1"
                              << "https://h.example/x?a=1";
    QTest::newRow("absolute wins over base") << true << "https://api.example.com/v2"
                                             << "http://127.0.0.1:9/x"
                                             << "http://127.0.0.1:9/x";
    QTest::newRow("relative keeps base path") << true << "https://api.example.com/v2"
                                              << "/users?page=2"
                                              << "https://api.example.com/v2/users?page=2";
    QTest::newRow("relative without slash") << true << "https://api.example.com/v2/"
                                            << "users/7"
                                            << "https://api.example.com/v2/users/7";
    QTest::newRow("query only") << true << "https://api.example.com"
                                << "?q=1"
                                << "https://api.example.com/?q=1";
    QTest::newRow("encoding kept") << true << "https://api.example.com"
                                   << "/files/a%2Fb"
                                   << "https://api.example.com/files/a%2Fb";
    QTest::newRow("variables") << true << "https://api.example.com"
                               << "/t/{{tenant}}/x"
                               << "https://api.example.com/t/acme/x";
    QTest::newRow("variable host") << true << QString() << "https://{{host}}/x"
                                   << "https://other.example.com/x";
    QTest::newRow("unknown variable stays") << true << QString() << "https://h.example/{{nope}}"
                                            << "https://h.example/%7B%7Bnope%7D%7D";
    QTest::newRow("bare host is http, as in curl") << false << QString() << "example.com/x"
                                                   << "http://example.com/x";
    QTest::newRow("bare host, profile without base") << true << QString() << "example.com"
                                                     << "http://example.com";
    QTest::newRow("relative without profile") << false << QString() << "/relative/path"
                                              << "error: “/relative/path” is a relative URL";
    QTest::newRow("relative without base") << true << QString() << "?q=1"
                                           << "error: “?q=1” is a relative URL";
    QTest::newRow("ftp") << false << QString() << "ftp://127.0.0.1/file"
                         << "error: Only http and https";
    QTest::newRow("words") << false << QString() << "just words"
                           << "error: “just words” is not a URL";
    QTest::newRow("empty") << true << "https://api.example.com"
                           << "   "
                           << "error: Enter a URL";
}

void TestRequestAssembly::urls()
{
    QFETCH(bool, withProfile);
    QFETCH(QString, baseUrl);
    QFETCH(QString, typed);
    QFETCH(QString, expected);
    Profile profile = apiProfile();
    profile.baseUrl = baseUrl;
    Workspace::Error error;
    const std::optional<QUrl> url = Workspace::resolveRequestUrl(withProfile ? &profile : nullptr, typed, &error);
    if (expected.startsWith(u"error: ")) {
        QVERIFY(!url);
        QCOMPARE(error.kind, Workspace::ErrorKind::BadInput);
        QVERIFY2(error.message.startsWith(expected.mid(7)), qPrintable(error.message));
        // assembleRequest says the same.
        RequestDraft draft;
        draft.url = typed;
        Workspace::Error assembled;
        QVERIFY(!Workspace::assembleRequest(withProfile ? &profile : nullptr, draft, &assembled));
        QCOMPARE(assembled.message, error.message);
        QCOMPARE(Workspace::exitCodeFor(assembled), 3);
        return;
    }
    QVERIFY2(url, qPrintable(error.message));
    QCOMPARE(url->toString(QUrl::FullyEncoded), expected);
}

void TestRequestAssembly::methods_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("withBody");
    QTest::addColumn<QByteArray>("expected"); ///< empty: refused
    QTest::newRow("default") << QString() << false << QByteArray("GET");
    QTest::newRow("default with body") << QString() << true << QByteArray("POST");
    QTest::newRow("lower case") << QStringLiteral("delete") << false << QByteArray("DELETE");
    QTest::newRow("extension method") << QStringLiteral("PROPFIND") << false << QByteArray("PROPFIND");
    QTest::newRow("spaces") << QStringLiteral("GET /x") << false << QByteArray();
}

void TestRequestAssembly::methods()
{
    QFETCH(QString, typed);
    QFETCH(bool, withBody);
    QFETCH(QByteArray, expected);
    RequestDraft draft;
    draft.method = typed;
    draft.url = QStringLiteral("https://h.example/");
    if (withBody)
        draft.body = QByteArrayLiteral("a=1");
    Workspace::Error error;
    const auto spec = Workspace::assembleRequest(nullptr, draft, &error);
    if (expected.isEmpty()) {
        QVERIFY(!spec);
        QVERIFY(error.message.contains(QStringLiteral("not a valid HTTP method")));
        return;
    }
    QVERIFY2(spec, qPrintable(error.message));
    QCOMPARE(spec->method, expected);
}

void TestRequestAssembly::headersAndBody()
{
    const Profile profile = apiProfile();
    RequestDraft draft;
    draft.url = QStringLiteral("/items");
    draft.headers = {{QStringLiteral("X-Tenant"), QStringLiteral("{{tenant}}")},
                     {QStringLiteral("X-Off"), QStringLiteral("never sent"), false},
                     {QStringLiteral(" Accept "), QStringLiteral("application/json")}};
    draft.body = QByteArrayLiteral(R"({"tenant":"{{tenant}}"})");
    draft.contentType = QStringLiteral("application/json");
    Workspace::Error error;
    auto spec = Workspace::assembleRequest(profile, draft, &error);
    QVERIFY2(spec, qPrintable(error.message));
    QCOMPARE(spec->method, QByteArray("POST"));
    QCOMPARE(spec->url.toString(), QStringLiteral("https://api.example.com/v2/items"));
    QCOMPARE(header(*spec, "X-Tenant"), QByteArray("acme"));
    QCOMPARE(header(*spec, "Accept"), QByteArray("application/json"));
    QVERIFY(!Http::hasHeader(spec->headers, "X-Off"));
    QCOMPARE(spec->body, QByteArray(R"({"tenant":"acme"})"));
    QCOMPARE(header(*spec, "Content-Type"), QByteArray("application/json"));

    // A Content-Type header given by hand is kept, and none is added; without a profile nothing is substituted.
    draft.headers = {{QStringLiteral("content-type"), QStringLiteral("text/plain")}};
    draft.url = QStringLiteral("https://h.example/");
    spec = Workspace::assembleRequest(nullptr, draft, &error);
    QVERIFY(spec);
    QCOMPARE(spec->headers.size(), 1);
    QCOMPARE(spec->body, QByteArray(R"({"tenant":"{{tenant}}"})"));
    // No body: no Content-Type either.
    draft.body.reset();
    draft.headers.clear();
    spec = Workspace::assembleRequest(nullptr, draft, &error);
    QVERIFY(spec);
    QVERIFY(spec->headers.isEmpty());
    QVERIFY(spec->body.isEmpty());
}

void TestRequestAssembly::badHeaders_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("space in name") << "Bad Name"
                                   << "x"
                                   << "not a valid header name";
    QTest::newRow("empty name") << ""
                                << "x"
                                << "not a valid header name";
    QTest::newRow("line break") << "X-A"
                                << "a\nb"
                                << "line break";
    QTest::newRow("line break from a variable") << "X-A"
                                                << "{{evil}}"
                                                << "line break";
}

void TestRequestAssembly::badHeaders()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(QString, message);
    RequestDraft draft;
    draft.url = QStringLiteral("/x");
    draft.headers = {{name, value}};
    Workspace::Error error;
    QVERIFY(!Workspace::assembleRequest(apiProfile(), draft, &error));
    QCOMPARE(error.kind, Workspace::ErrorKind::BadInput);
    QVERIFY2(error.message.contains(message), qPrintable(error.message));
}

void TestRequestAssembly::profileAuth()
{
    RequestDraft draft;
    draft.url = QStringLiteral("/me");
    Workspace::Error error;
    const auto spec = Workspace::assembleRequest(apiProfile(), draft, &error);
    QVERIFY2(spec, qPrintable(error.message));
    const Http::Credential* basic = credential(*spec, "Authorization");
    QVERIFY(basic);
    QCOMPARE(basic->value, "Basic " + QByteArray("alice:s3cret").toBase64());
    QCOMPARE(basic->source, Http::CredentialSource::Profile);
    QVERIFY(!Http::hasHeader(spec->headers, "Authorization")); // a credential, placed per hop by the client

    // An API key in the query parameter the profile names.
    Profile keyed = apiProfile();
    keyed.auth.method = Auth::Method::ApiKey;
    keyed.auth.apiKeyName = QStringLiteral("key");
    keyed.auth.apiKeyPlace = Auth::ApiKeyPlace::Query;
    keyed.sessionSecrets.apiKey = QStringLiteral("k-123");
    const auto query = Workspace::assembleRequest(keyed, draft, &error);
    QVERIFY(query);
    QCOMPARE(query->credentials.size(), 1);
    QCOMPARE(query->credentials.constFirst().place, Http::Credential::Place::Query);
    QCOMPARE(query->credentials.constFirst().value, QByteArray("k-123"));

    // Without a profile and without a choice: no credentials.
    draft.url = QStringLiteral("https://h.example/");
    const auto bare = Workspace::assembleRequest(nullptr, draft, &error);
    QVERIFY(bare);
    QVERIFY(bare->credentials.isEmpty());
    QVERIFY(!bare->challengeResponder);
}

void TestRequestAssembly::draftAuthWinsOverTheProfile()
{
    // The composer's Auth tab or the CLI's --oauth2-bearer: the profile's method is not applied at all.
    RequestDraft draft;
    draft.url = QStringLiteral("/me");
    draft.auth = RequestDraft::AuthChoice {};
    draft.auth->settings.method = Auth::Method::Bearer;
    draft.auth->secrets.token = QStringLiteral("from-the-command-line");
    Workspace::Error error;
    const auto spec = Workspace::assembleRequest(apiProfile(), draft, &error);
    QVERIFY2(spec, qPrintable(error.message));
    QCOMPARE(spec->credentials.size(), 1);
    QCOMPARE(spec->credentials.constFirst().value, QByteArray("Bearer from-the-command-line"));
    // The profile still decides where credentials may go.
    QVERIFY(spec->allowedOrigins.contains(Http::Origin::fromUrl(QUrl(QStringLiteral("https://files.example.com")))));

    // "None" chosen in the Auth tab sends nothing, even with a profile that has a method.
    draft.auth->settings.method = Auth::Method::None;
    const auto none = Workspace::assembleRequest(apiProfile(), draft, &error);
    QVERIFY(none);
    QVERIFY(none->credentials.isEmpty());
}

void TestRequestAssembly::digestAnswersChallenges()
{
    RequestDraft draft;
    draft.url = QStringLiteral("http://127.0.0.1:9/digest");
    draft.auth = RequestDraft::AuthChoice {};
    draft.auth->settings.method = Auth::Method::Digest;
    draft.auth->settings.username = QStringLiteral("demo");
    draft.auth->secrets.password = QStringLiteral("pw");
    Workspace::Error error;
    const auto spec = Workspace::assembleRequest(nullptr, draft, &error);
    QVERIFY(spec);
    QVERIFY(spec->credentials.isEmpty()); // Digest places nothing up front
    QVERIFY(spec->challengeResponder);
}

void TestRequestAssembly::typedCredentialHeadersAreBound()
{
    // DESIGN.md §6: an Authorization given by hand is a credential too (withheld at a cross-origin redirect).
    RequestDraft draft;
    draft.url = QStringLiteral("https://h.example/");
    draft.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer handmade")},
                     {QStringLiteral("Accept"), QStringLiteral("*/*")}};
    Workspace::Error error;
    const auto spec = Workspace::assembleRequest(nullptr, draft, &error);
    QVERIFY(spec);
    QCOMPARE(spec->headers.size(), 1);
    const Http::Credential* typed = credential(*spec, "Authorization");
    QVERIFY(typed);
    QCOMPARE(typed->source, Http::CredentialSource::UserHeader);
}

void TestRequestAssembly::connectionFromTheProfile()
{
    Profile profile = apiProfile();
    profile.tls.ignoreErrors = true;
    profile.proxy.mode = Profiles::ProxySettings::Mode::Http;
    profile.proxy.host = QStringLiteral("proxy.example");
    profile.proxy.port = 3128;
    profile.proxy.username = QStringLiteral("pu");
    profile.sessionSecrets.proxyPassword = QStringLiteral("pp");
    RequestDraft draft;
    draft.url = QStringLiteral("/x");
    Workspace::Error error;
    const auto spec = Workspace::assembleRequest(profile, draft, &error);
    QVERIFY2(spec, qPrintable(error.message));
    QCOMPARE(spec->connectTimeoutMs, 5000);
    QCOMPARE(spec->totalTimeoutMs, 30000);
    QVERIFY(spec->ignoreTlsErrors);
    QVERIFY(spec->allowedOrigins.contains(Http::Origin::fromUrl(QUrl(QStringLiteral("https://api.example.com")))));
    QVERIFY(spec->allowedOrigins.contains(Http::Origin::fromUrl(QUrl(QStringLiteral("https://files.example.com")))));
    QVERIFY(spec->transport.proxy);
    QCOMPARE(spec->transport.proxy->hostName(), QStringLiteral("proxy.example"));
    QCOMPARE(spec->transport.proxy->password(), QStringLiteral("pp"));
    QVERIFY(spec->followRedirects);
    QCOMPARE(spec->maxRedirects, 20);
    QVERIFY(!spec->locationTrusted);
}

void TestRequestAssembly::explicitOptionsWin()
{
    Profile profile = apiProfile();
    profile.proxy.mode = Profiles::ProxySettings::Mode::Http;
    profile.proxy.host = QStringLiteral("proxy.example");
    profile.proxy.port = 3128;
    const Test::TestCertificate identity = Test::TestCertificate::generate("client");
    const Test::TestCertificate ca = Test::TestCertificate::generate("extra ca");
    RequestDraft draft;
    draft.url = QStringLiteral("/x");
    draft.connection.connectTimeoutMs = 1000;
    draft.connection.ignoreTlsErrors = true; // -k
    draft.connection.extraCaCertificates = {ca.certificate};
    draft.connection.clientCertificate = identity.certificate;
    draft.connection.clientKey = identity.key;
    draft.connection.proxyUser = QStringLiteral("cli-user");
    draft.connection.proxyPassword = QStringLiteral("cli-pass");
    draft.followRedirects = false;
    draft.maxRedirects = 3;
    draft.locationTrusted = true;
    Workspace::Error error;
    auto spec = Workspace::assembleRequest(profile, draft, &error);
    QVERIFY2(spec, qPrintable(error.message));
    QCOMPARE(spec->connectTimeoutMs, 1000); // given: wins
    QCOMPARE(spec->totalTimeoutMs, 30000); // not given: the profile's
    QVERIFY(spec->ignoreTlsErrors);
    QCOMPARE(spec->transport.extraCaCertificates, QList<QSslCertificate> {ca.certificate});
    QCOMPARE(spec->transport.clientCertificate, identity.certificate);
    QCOMPARE(spec->transport.proxy->hostName(), QStringLiteral("proxy.example")); // the profile's proxy …
    QCOMPARE(spec->transport.proxy->user(), QStringLiteral("cli-user")); // … with the given credentials
    QCOMPARE(spec->transport.proxy->password(), QStringLiteral("cli-pass"));
    QVERIFY(!spec->followRedirects);
    QCOMPARE(spec->maxRedirects, 3);
    QVERIFY(spec->locationTrusted);

    // -x replaces the profile's proxy; -x "" means none.
    draft.connection.proxyUser.reset();
    draft.connection.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    spec = Workspace::assembleRequest(profile, draft, &error);
    QVERIFY(spec);
    QCOMPARE(spec->transport.proxy->type(), QNetworkProxy::NoProxy);
    // -k never turns the profile's switch off.
    profile.tls.ignoreErrors = true;
    draft.connection.ignoreTlsErrors = false;
    spec = Workspace::assembleRequest(profile, draft, &error);
    QVERIFY(spec->ignoreTlsErrors);
}

void TestRequestAssembly::proxyCredentialsNeedAProxy()
{
    RequestDraft draft;
    draft.url = QStringLiteral("https://h.example/");
    draft.connection.proxyUser = QStringLiteral("u");
    Workspace::Error error;
    QVERIFY(!Workspace::assembleRequest(nullptr, draft, &error));
    QCOMPARE(error.kind, Workspace::ErrorKind::BadInput);
    QVERIFY2(error.message.contains(QStringLiteral("no proxy")), qPrintable(error.message));
    draft.connection.proxy = QNetworkProxy(QNetworkProxy::Socks5Proxy, QStringLiteral("127.0.0.1"), 1080);
    const auto spec = Workspace::assembleRequest(nullptr, draft, &error);
    QVERIFY(spec);
    QCOMPARE(spec->transport.proxy->user(), QStringLiteral("u"));
}

void TestRequestAssembly::unusableProfileFiles()
{
    QTemporaryDir dir;
    Profile profile = apiProfile();
    profile.tls.caBundlePath = dir.filePath(QStringLiteral("missing.pem"));
    RequestDraft draft;
    draft.url = QStringLiteral("/x");
    Workspace::Error error;
    QVERIFY(!Workspace::assembleRequest(profile, draft, &error));
    QCOMPARE(error.kind, Workspace::ErrorKind::BadInput);
    QVERIFY2(error.message.startsWith(QStringLiteral("Profile “API”: ")), qPrintable(error.message));
    QVERIFY(error.message.contains(QStringLiteral("missing.pem")));
}

QTEST_GUILESS_MAIN(TestRequestAssembly)
#include "TestRequestAssembly.moc"
