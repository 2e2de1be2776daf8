// "Copy as curl": runnable commands for bash and cmd, secrets as placeholders, and a round trip
// through importCurl() that gives back the same request.
#include "profiles/formats/CurlExport.h"
#include "profiles/formats/CurlImport.h"

#include <QTest>

using namespace Authlens;
using namespace Authlens::Formats;
using namespace Qt::StringLiterals;

namespace {

using Shell = CurlExportOptions::Shell;

struct Case
{
    Profiles::Profile profile;
    Profiles::SavedRequest request;
};

Profiles::Profile profile(Auth::Method method)
{
    Profiles::Profile p;
    p.id = u"p1"_s;
    p.name = u"Example API"_s;
    p.baseUrl = u"https://api.example.com"_s;
    p.auth.method = method;
    return p;
}

Profiles::SavedRequest request(const QByteArray& method, const QString& url)
{
    Profiles::SavedRequest r;
    r.id = u"r1"_s;
    r.name = u"request"_s;
    r.method = method;
    r.url = url;
    return r;
}

/// Values that every quoting scheme has to get right.
const QByteArray kTrickyBody
    = "{\"note\":\"Bob's \\\"quoted\\\" order\",\"path\":\"C:\\\\tmp\\\\x\\\\\",\"pct\":\"50% off %USERPROFILE% %%\","
      "\"ops\":\"a&b|c<d>e^f (g) [h] {i}\",\"nl\":\"line1\nline2\",\"tab\":\"a\tb\",\"uni\":\"caf\xC3\xA9 "
      "\xE2\x98\x95\","
      "\"bang\":\"hi! $HOME `id` $(id)\"}";

Case makeCase(const QString& name)
{
    Case c;
    if (name == u"basic get") {
        c.profile = profile(Auth::Method::Basic);
        c.profile.auth.username = u"alice"_s;
        c.profile.sessionSecrets.password = u"pa'ss \"word\" $HOME %PATH% !x \\"_s;
        c.request = request("GET", u"/v1/items?x=1&y=%20z"_s);
        c.request.headers = {{"Accept", "application/json"}};
    } else if (name == u"digest") {
        c.profile = profile(Auth::Method::Digest);
        c.profile.auth.username = u"dan"_s;
        c.profile.sessionSecrets.password = u"pw:x"_s;
        c.request = request("GET", u"/digest-auth/auth"_s);
    } else if (name == u"bearer post json") {
        c.profile = profile(Auth::Method::Bearer);
        c.profile.sessionSecrets.token = u"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig-_"_s;
        c.request = request("POST", u"/v1/orders"_s);
        c.request.headers = {{"Accept", "application/json"}, {"X-Note", "it's \"fine\" & 100%"}};
        c.request.body = kTrickyBody;
        c.request.contentType = u"application/json"_s;
    } else if (name == u"api key header put form") {
        c.profile = profile(Auth::Method::ApiKey);
        c.profile.auth.apiKeyName = u"X-API-Key"_s;
        c.profile.sessionSecrets.apiKey = u"k_live_^&|<>%x%"_s;
        c.request = request("PUT", u"/v1/profile"_s);
        c.request.headers = {{"X-Trace", "a  b"}, {"User-Agent", "agent \"x\" \\ y"}};
        c.request.body = "a=1&b=%202&c=%PATH%";
        c.request.contentType = u"application/x-www-form-urlencoded"_s;
    } else if (name == u"api key query") {
        c.profile = profile(Auth::Method::ApiKey);
        c.profile.auth.apiKeyName = u"api_key"_s;
        c.profile.auth.apiKeyPlace = Auth::ApiKeyPlace::Query;
        c.profile.sessionSecrets.apiKey = u"k&y=1 2"_s;
        c.request = request("GET", u"/search?q=mug"_s);
    } else if (name == u"aws sigv4") {
        // AWS's documentation key pair (docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-create-request.html).
        c.profile = profile(Auth::Method::AwsSigV4);
        c.profile.auth.username = u"AKIAIOSFODNN7EXAMPLE"_s;
        c.profile.sessionSecrets.password = u"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"_s;
        c.request = request("GET", u"/prod/pets?type=dog"_s);
    } else if (name == u"aws sigv4 session token") {
        c.profile = profile(Auth::Method::AwsSigV4);
        c.profile.auth.username = u"ASIAIOSFODNN7EXAMPLE"_s;
        c.profile.auth.aws = {u"eu-west-3"_s, u"lambda"_s};
        c.profile.sessionSecrets.password = u"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"_s;
        c.profile.sessionSecrets.token = u"IQoJb3JpZ2luX2VjEXAMPLETOKEN+/="_s;
        c.request = request("POST", u"/2015-03-31/functions/f/invocations"_s);
        c.request.body = "{\"a\":1}";
        c.request.contentType = u"application/json"_s;
    } else if (name == u"tls proxy timeouts") {
        c.profile = profile(Auth::Method::None);
        c.profile.tls.ignoreErrors = true;
        c.profile.tls.caBundlePath = u"/etc/ssl/corp ca.pem"_s;
        c.profile.tls.clientCertificatePath = u"/home/alice/client.pem"_s;
        c.profile.proxy.mode = Profiles::ProxySettings::Mode::Http;
        c.profile.proxy.host = u"proxy.local"_s;
        c.profile.proxy.port = 3128;
        c.profile.proxy.username = u"pu"_s;
        c.profile.sessionSecrets.proxyPassword = u"p p"_s;
        c.profile.connectTimeoutMs = 3000;
        c.profile.totalTimeoutMs = 2500;
        c.request = request("DELETE", u"/items/7"_s);
    } else if (name == u"socks and head") {
        c.profile = profile(Auth::Method::None);
        c.profile.baseUrl = u"http://127.0.0.1:8080"_s;
        c.profile.proxy.mode = Profiles::ProxySettings::Mode::Socks5;
        c.profile.proxy.host = u"127.0.0.1"_s;
        c.profile.proxy.port = 1080;
        c.request = request("HEAD", u"/health"_s);
    } else if (name == u"no proxy and get with body") {
        c.profile = profile(Auth::Method::None);
        c.profile.proxy.mode = Profiles::ProxySettings::Mode::None;
        c.request = request("GET", u"/query"_s);
        c.request.body = "{\"q\":1}";
        c.request.contentType = u"application/json"_s;
    } else if (name == u"characters outside the bmp") {
        // An emoji and a plane-10 character are two UTF-16 halves each: cmd's caret must not split them (found by
        // fuzz_curlimport; input kept as tests/data/fuzz/fuzz_curlimport/cmd-caret-splits-surrogate-pair).
        c.profile = profile(Auth::Method::None);
        c.request = request("POST", u"/notes"_s);
        c.request.headers = {{"X-Mood", QStringLiteral("\U0001F600").toUtf8()}};
        c.request.body = QStringLiteral("caf\u00e9 \U0001F600 \U000A8A28!").toUtf8();
        c.request.contentType = u"text/plain"_s;
    } else if (name == u"percent before letters outside ascii") {
        // cmd's caret after "%" doubled up with a letter's own caret (found by fuzz_curlimport; input kept as
        // tests/data/fuzz/fuzz_curlimport/cmd-percent-before-non-ascii-letter).
        c.profile = profile(Auth::Method::None);
        c.request = request("POST", u"/notes"_s);
        c.request.headers = {{"X-Rate", QStringLiteral("9%\u00fc").toUtf8()}};
        c.request.body = QStringLiteral("50%\u00e9 10%\u067e 5%\U0001F600 %PATH% %_x 7%%").toUtf8();
        c.request.contentType = u"text/plain"_s;
    }
    return c;
}

const QStringList kCases {u"basic get"_s,
                          u"digest"_s,
                          u"bearer post json"_s,
                          u"api key header put form"_s,
                          u"api key query"_s,
                          u"tls proxy timeouts"_s,
                          u"socks and head"_s,
                          u"no proxy and get with body"_s,
                          u"aws sigv4"_s,
                          u"aws sigv4 session token"_s,
                          u"characters outside the bmp"_s,
                          u"percent before letters outside ascii"_s};

QList<QString> secretValues(const Auth::AuthSecrets& s)
{
    QList<QString> out;
    for (Auth::SecretField f : Auth::allSecretFields()) {
        if (!Auth::secretValue(s, f).isEmpty())
            out.append(Auth::secretValue(s, f));
    }
    return out;
}

} // namespace

class TestCurlExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void goldenBash();
    void goldenCmd();
    void variablesAndBasePath();
    void binaryBody();
    void cmdPercentCarets();
    void secretFieldsAndQueryBecomeVariables();
    void recordedExchange();
};

void TestCurlExport::roundTrip_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("shell");
    QTest::addColumn<bool>("reveal");
    for (const QString& name : kCases) {
        for (const Shell shell : {Shell::Bash, Shell::Cmd}) {
            for (const bool reveal : {true, false}) {
                const QString row = QStringLiteral("%1, %2, %3")
                                        .arg(name, shell == Shell::Bash ? u"bash"_s : u"cmd"_s,
                                             reveal ? u"secrets"_s : u"placeholders"_s);
                QTest::newRow(qPrintable(row)) << name << int(shell) << reveal;
            }
        }
    }
}

void TestCurlExport::roundTrip()
{
    QFETCH(QString, name);
    QFETCH(int, shell);
    QFETCH(bool, reveal);
    const Case c = makeCase(name);
    CurlExportOptions options;
    options.shell = Shell(shell);
    options.revealSecrets = reveal;
    const QString command = exportCurl(c.profile, c.request, options);

    if (!reveal) {
        for (const QString& secret : secretValues(c.profile.sessionSecrets))
            QVERIFY2(!command.contains(secret), qPrintable(command));
    }

    const ImportResult r = importCurl(command, Shell(shell) == Shell::Cmd ? ShellDialect::Cmd : ShellDialect::Bash);
    QVERIFY2(r.ok(), qPrintable(r.error + u'\n' + command));
    QCOMPARE(r.profiles.size(), 1);
    const Profiles::Profile& p = r.profiles.first();
    const Profiles::SavedRequest& q = p.requests.first();
    QCOMPARE(p.baseUrl, c.profile.baseUrl);
    QCOMPARE(q.method, c.request.method);
    QCOMPARE(q.url, c.request.url);
    QCOMPARE(q.headers, c.request.headers);
    QCOMPARE(q.body, c.request.body);
    QCOMPARE(q.contentType, c.request.contentType);
    QCOMPARE(p.auth, c.profile.auth);
    QCOMPARE(p.tls, c.profile.tls);
    QCOMPARE(p.proxy, c.profile.proxy);
    QCOMPARE(p.connectTimeoutMs, c.profile.connectTimeoutMs);
    QCOMPARE(p.totalTimeoutMs, c.profile.totalTimeoutMs);
    QVERIFY(r.extraCredentials.isEmpty());
    if (reveal) {
        QCOMPARE(p.sessionSecrets, c.profile.sessionSecrets);
    } else {
        // Placeholders come back as "enter this secret" warnings, never as values.
        QCOMPARE(p.sessionSecrets, Auth::AuthSecrets {});
        if (!secretValues(c.profile.sessionSecrets).isEmpty())
            QVERIFY2(r.warnings.join(u'\n').contains(u"AUTHLENS_"), qPrintable(r.warnings.join(u'\n')));
    }
}

void TestCurlExport::goldenBash()
{
    const Case c = makeCase(u"bearer post json"_s);
    Profiles::SavedRequest q = c.request;
    q.headers = {{"Accept", "application/json"}};
    q.body = "{\"a\":1}";
    QCOMPARE(exportCurl(c.profile, q),
             u"curl 'https://api.example.com/v1/orders' \\\n"
             "  -H 'Accept: application/json' \\\n"
             "  -H 'Content-Type: application/json' \\\n"
             "  -H 'Authorization: Bearer '\"${AUTHLENS_TOKEN}\" \\\n"
             "  --data-raw '{\"a\":1}' \\\n"
             "  -L\n"_s);
    Profiles::Profile basic = makeCase(u"basic get"_s).profile;
    basic.sessionSecrets.password = u"it's"_s;
    QCOMPARE(exportCurl(basic, request("GET", u"/"_s), {true, Shell::Bash}),
             u"curl 'https://api.example.com/' \\\n  -u $'alice:it\\'s' \\\n  -L\n"_s);
    QCOMPARE(exportCurl(basic, request("GET", u"/"_s), {false, Shell::Bash}),
             u"curl 'https://api.example.com/' \\\n  -u 'alice:'\"${AUTHLENS_PASSWORD}\" \\\n  -L\n"_s);
}

void TestCurlExport::goldenCmd()
{
    const Case c = makeCase(u"bearer post json"_s);
    Profiles::SavedRequest q = c.request;
    q.headers = {{"Accept", "application/json"}};
    q.body = "{\"a\":1,\"b\":\"x\\\\\"}";
    CurlExportOptions options;
    options.shell = Shell::Cmd;
    QCOMPARE(exportCurl(c.profile, q, options),
             u"curl ^\"https://api.example.com/v1/orders^\" ^\n"
             "  -H ^\"Accept: application/json^\" ^\n"
             "  -H ^\"Content-Type: application/json^\" ^\n"
             "  -H ^\"Authorization: Bearer %AUTHLENS_TOKEN%^\" ^\n"
             "  --data-raw ^\"^{^\\^\"a^\\^\":1,^\\^\"b^\\^\":^\\^\"x^\\^\\^\\^\\^\\^\"^}^\" ^\n"
             "  -L\n"_s);
}

void TestCurlExport::variablesAndBasePath()
{
    Profiles::Profile p = profile(Auth::Method::None);
    p.baseUrl = u"https://api.example.com/v2"_s;
    p.variables = {{u"id"_s, u"42"_s}, {u"tenant"_s, u"acme"_s}};
    Profiles::SavedRequest q = request("POST", u"users/{{id}}?t={{tenant}}&m={{missing}}"_s);
    q.headers = {{"X-Tenant", "{{tenant}}"}};
    q.body = "{\"id\":{{id}}}";
    q.contentType = u"application/json"_s;
    const QString command = exportCurl(p, q);
    QVERIFY2(command.contains(u"'https://api.example.com/v2/users/42?t=acme&m=%7B%7Bmissing%7D%7D'"),
             qPrintable(command));
    QVERIFY2(command.contains(u"-H 'X-Tenant: acme'"), qPrintable(command));
    QVERIFY2(command.contains(u"--data-raw '{\"id\":42}'"), qPrintable(command));
    QVERIFY2(!command.contains(u"-X "), qPrintable(command)); // POST with a body is curl's default
}

void TestCurlExport::cmdPercentCarets()
{
    // A caret after "%" keeps cmd from expanding "%PATH%"; before a letter outside ASCII, which has its own caret,
    // a second one would be escaped into the text ("^%^^é" comes back as "%^é").
    const Case c = makeCase(u"percent before letters outside ascii"_s);
    CurlExportOptions options;
    options.shell = Shell::Cmd;
    const QString command = exportCurl(c.profile, c.request, options);
    QVERIFY2(command.contains(u"^%^PATH^%"), qPrintable(command));
    QVERIFY2(!command.contains(u"^%^^"), qPrintable(command));
}

void TestCurlExport::binaryBody()
{
    Profiles::SavedRequest q = request("PUT", u"/blob"_s);
    q.body = QByteArray("\x00\x01\xFF", 3);
    q.contentType = u"application/octet-stream"_s;
    const QString bash = exportCurl(profile(Auth::Method::None), q);
    QVERIFY2(bash.startsWith(u"# The request body (3 bytes) is binary"), qPrintable(bash));
    QVERIFY2(bash.contains(u"--data-binary '@body.bin'"), qPrintable(bash));
    // No NUL but not UTF-8: bash can still carry it with $'\xff'.
    q.body = QByteArray("a\xFF", 2);
    const QString ansi = exportCurl(profile(Auth::Method::None), q);
    QVERIFY2(ansi.contains(u"--data-raw $'a\\xff'"), qPrintable(ansi));
    const ImportResult r = importCurl(ansi);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.profiles.first().requests.first().body, q.body);
    CurlExportOptions cmd;
    cmd.shell = Shell::Cmd;
    QVERIFY(exportCurl(profile(Auth::Method::None), q, cmd).startsWith(u"rem The request body"));
}

void TestCurlExport::secretFieldsAndQueryBecomeVariables()
{
    // A saved request that kept secrets in its URL and body (an import of someone's command): the
    // secret policy finds them by name, whatever they look like.
    Profiles::Profile p = profile(Auth::Method::None);
    Profiles::SavedRequest q = request("POST", u"/token?tenant=acme&api_key=short1"_s);
    q.contentType = u"application/x-www-form-urlencoded"_s;
    q.body = "grant_type=client_credentials&client_id=app&client_secret=s3cr3t";
    q.headers = {{"X-Client-Token", "ct-abc"}};
    const QString command = exportCurl(p, q);
    for (const char* secret : {"short1", "s3cr3t", "ct-abc"})
        QVERIFY2(!command.contains(QLatin1String(secret)), qPrintable(command));
    QVERIFY2(command.contains(u"api_key='\"${AUTHLENS_API_KEY}\""), qPrintable(command));
    QVERIFY(command.contains(u"client_secret='\"${AUTHLENS_CLIENT_SECRET}\""));
    QVERIFY(command.contains(u"'X-Client-Token: '\"${AUTHLENS_X_CLIENT_TOKEN}\""));
    QVERIFY(command.contains(u"tenant=acme"));
    QVERIFY(command.contains(u"grant_type=client_credentials&client_id=app&"));

    // A profile whose API key header has a name no rule knows: still a secret in its requests.
    Profiles::Profile keyed = profile(Auth::Method::ApiKey);
    keyed.auth.apiKeyName = u"X-Thing"_s;
    keyed.sessionSecrets.apiKey = u"profile-key"_s;
    Profiles::SavedRequest typed = request("GET", u"/"_s);
    typed.headers = {{"X-Thing", "typed-by-hand"}};
    const QString keyedCommand = exportCurl(keyed, typed);
    QVERIFY2(!keyedCommand.contains(u"typed-by-hand"), qPrintable(keyedCommand));
    QVERIFY(!keyedCommand.contains(u"profile-key"));
}

void TestCurlExport::recordedExchange()
{
    Http::Hop hop;
    hop.request.method = "POST";
    hop.request.url = QUrl(u"https://api.example.com/v1/login?next=%2Fhome&access_token=AT-0123456789"_s);
    hop.request.headers = {{"Host", "api.example.com"},
                           {"Authorization", "Basic YWxpY2U6c2VjcmV0"},
                           {"X-Shopify-Access-Token", "shpat_0123456789"},
                           {"Cookie", "sid=C-0123456789"},
                           {"Content-Type", "application/json"},
                           {"Content-Length", "43"},
                           {"Connection", "Keep-Alive"}};
    hop.request.body = R"({"user":"alice","password":"P-0123456789"})";
    Http::Hop redirected;
    redirected.request.url = QUrl(u"https://api.example.com/home"_s);
    Http::Exchange exchange;
    exchange.hops = {hop, redirected};

    const QString bash = exportCurl(exchange, Http::SecretPolicy::standard());
    for (const char* secret : {"YWxpY2U6c2VjcmV0", "shpat_0123456789", "C-0123456789", "P-0123456789", "AT-0123456789"})
        QVERIFY2(!bash.contains(QLatin1String(secret)), qPrintable(bash));
    QVERIFY2(bash.startsWith(u"# Secrets are environment variables"), qPrintable(bash));
    QVERIFY(bash.contains(u"'Authorization: Basic '\"${AUTHLENS_AUTHORIZATION}\""));
    QVERIFY(bash.contains(u"\"${AUTHLENS_X_SHOPIFY_ACCESS_TOKEN}\""));
    QVERIFY(bash.contains(u"\"${AUTHLENS_COOKIE}\""));
    QVERIFY(bash.contains(u"\"${AUTHLENS_PASSWORD}\""));
    QVERIFY(bash.contains(u"\"${AUTHLENS_ACCESS_TOKEN}\""));
    QVERIFY(bash.contains(u"next=%2Fhome"));
    QVERIFY(bash.contains(u"\"user\":\"alice\""));
    QVERIFY(!bash.contains(u"Host:"));
    QVERIFY(!bash.contains(u"Content-Length"));
    QVERIFY(bash.contains(u"--data-raw"));
    QVERIFY(bash.trimmed().endsWith(u"-L"));
    QVERIFY(!bash.contains(u"-X"));

    const QString cmd = exportCurl(exchange, Http::SecretPolicy::standard(), {false, Shell::Cmd});
    QVERIFY2(cmd.contains(u"%AUTHLENS_PASSWORD%"), qPrintable(cmd));
    QVERIFY(!cmd.contains(u"P-0123456789"));

    const QString revealed = exportCurl(exchange, Http::SecretPolicy::standard(), {true, Shell::Bash});
    QVERIFY(revealed.contains(u"P-0123456789"));
    QVERIFY(revealed.contains(u"shpat_0123456789"));
    QVERIFY(exportCurl(Http::Exchange {}, Http::SecretPolicy::standard()).isEmpty());
}

QTEST_APPLESS_MAIN(TestCurlExport)
#include "TestCurlExport.moc"
