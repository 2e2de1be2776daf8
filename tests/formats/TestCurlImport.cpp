// curl commands as DevTools copy them (bash and cmd flavours) and as people type them.
#include "FormatsTestData.h"

#include "profiles/formats/CurlImport.h"
#include "profiles/formats/InputLimits.h"

#include <QTest>

using namespace Authlens;
using namespace Authlens::Formats;
using namespace Qt::StringLiterals;

namespace {

const char* const kToken = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleS0xIiwidHlwIjoiSldUIn0."
                           "eyJpc3MiOiJodHRwczovL2xvZ2luLmV4YW1wbGUuY29tIiwic3ViIjoidX"
                           "Nlci00MiIsImF1ZCI6Imh0dHBzOi8vYXBpLmV4YW1wbGUuY29tIiwiZXhwIjoxNzAwMDAwMDAwLCJpYXQiOjE2OTk5O"
                           "TY0MDAsInNjb3BlIjoib3Jk"
                           "ZXJzOnJlYWQgb3JkZXJzOndyaXRlIn0.c2lnbmF0dXJlLW5vdC1yZWFs";

QString headersText(const Http::HeaderList& headers)
{
    QStringList parts;
    for (const Http::Header& h : headers)
        parts.append(QString::fromUtf8(h.first + ": " + h.second));
    return parts.join(QStringLiteral(" | "));
}

/// One line per fact of the (first) imported profile, so table rows can name what they expect.
QStringList summary(const ImportResult& r)
{
    QStringList s;
    s << QStringLiteral("profiles=%1").arg(r.profiles.size());
    if (r.profiles.isEmpty())
        return s;
    const Profiles::Profile& p = r.profiles.constFirst();
    s << u"name=" + p.name << u"base=" + p.baseUrl;
    if (!p.requests.isEmpty()) {
        const Profiles::SavedRequest& q = p.requests.constFirst();
        s << u"method=" + QString::fromLatin1(q.method) << u"url=" + q.url << u"body=" + QString::fromUtf8(q.body)
          << u"type=" + q.contentType << u"headers=" + headersText(q.headers);
    }
    s << u"auth=" + Auth::methodName(p.auth.method);
    if (!p.auth.username.isEmpty())
        s << u"user=" + p.auth.username;
    if (!p.sessionSecrets.password.isEmpty())
        s << u"password=" + p.sessionSecrets.password;
    if (!p.sessionSecrets.token.isEmpty())
        s << u"token=" + p.sessionSecrets.token;
    if (!p.sessionSecrets.cookies.isEmpty())
        s << u"cookies=" + p.sessionSecrets.cookies;
    if (p.auth.method == Auth::Method::AwsSigV4)
        s << u"aws="_s + p.auth.aws.region + u'/' + p.auth.aws.service;
    if (p.auth.method == Auth::Method::ApiKey) {
        s << u"apiname=" + p.auth.apiKeyName << u"apikey=" + p.sessionSecrets.apiKey
          << (p.auth.apiKeyPlace == Auth::ApiKeyPlace::Query ? u"apiplace=query"_s : u"apiplace=header"_s);
    }
    QStringList extra;
    for (const ExtraCredential& e : r.extraCredentials)
        extra << QString::fromUtf8(e.credential.name + ": " + e.credential.value);
    s << u"extra=" + extra.join(QStringLiteral(" | "));
    s << QStringLiteral("tls.insecure=%1").arg(p.tls.ignoreErrors ? 1 : 0);
    if (!p.tls.clientCertificatePath.isEmpty())
        s << u"tls.cert=" + p.tls.clientCertificatePath;
    if (!p.tls.caBundlePath.isEmpty())
        s << u"tls.ca=" + p.tls.caBundlePath;
    if (p.proxy.mode != Profiles::ProxySettings::Mode::System) {
        static const char* const modes[] = {"system", "none", "http", "socks5"};
        s << QStringLiteral("proxy=%1 %2:%3 %4")
                 .arg(QString::fromLatin1(modes[int(p.proxy.mode)]), p.proxy.host)
                 .arg(p.proxy.port)
                 .arg(p.proxy.username)
                 .trimmed();
    }
    if (!p.sessionSecrets.proxyPassword.isEmpty())
        s << u"proxypw=" + p.sessionSecrets.proxyPassword;
    s << QStringLiteral("timeouts=%1,%2").arg(p.connectTimeoutMs).arg(p.totalTimeoutMs);
    return s;
}

/// `key=value`: that exact line; `key~text`: the key's line contains text; `key!~text`: it does not.
void expectLines(const QStringList& actual, const QStringList& expected)
{
    for (const QString& e : expected) {
        const qsizetype notContains = e.indexOf(u"!~");
        const qsizetype contains = e.indexOf(u'~');
        const qsizetype equals = e.indexOf(u'=');
        bool found = false;
        if (notContains > 0 && (equals < 0 || notContains < equals)) {
            const QString key = e.left(notContains) + u'=';
            const QString text = e.mid(notContains + 2);
            found = std::none_of(actual.cbegin(), actual.cend(),
                                 [&](const QString& a) { return a.startsWith(key) && a.contains(text); });
        } else if (contains > 0 && (equals < 0 || contains < equals)) {
            const QString key = e.left(contains) + u'=';
            const QString text = e.mid(contains + 1);
            found = std::any_of(actual.cbegin(), actual.cend(),
                                [&](const QString& a) { return a.startsWith(key) && a.contains(text); });
        } else {
            found = actual.contains(e);
        }
        if (!found)
            QFAIL(qPrintable(QStringLiteral("expected \"%1\" in\n  %2").arg(e, actual.join(QStringLiteral("\n  ")))));
    }
}

/// Imports `command` as one profile whose summary has the `expected` lines, and whose warnings contain `warning`
/// (none when empty). Returns the warnings, one per line.
QString checkOneProfile(const QString& command, const QStringList& expected, const QString& warning)
{
    const ImportResult r = importCurl(command);
    const QString warnings = r.warnings.join(u'\n');
    [&] {
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.profiles.size(), 1);
        expectLines(summary(r), expected);
        if (warning.isEmpty())
            QVERIFY2(r.warnings.isEmpty(), qPrintable(warnings));
        else
            QVERIFY2(warnings.contains(warning), qPrintable(warnings));
    }();
    return warnings;
}

} // namespace

class TestCurlImport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void queryCredentialWithoutValueStays();
    void chromeSamples_data();
    void chromeSamples();
    void firefoxBash();
    void firefoxCmd();
    void multilineSamples_data();
    void multilineSamples();
    void options_data();
    void options();
    void awsSigV4_data();
    void awsSigV4();
    void errors_data();
    void errors();
    void hugeInput();
    void secretsNeverInWarnings();
    void documentationPlaceholders();
};

void TestCurlImport::queryCredentialWithoutValueStays()
{
    // "?api_key" alone carries nothing to keep in the keychain: the URL stays as written (found by the
    // curl round-trip fuzzer), while "?api_key=value" becomes the profile's API key.
    const ImportResult bare = importCurl(u"curl 'https://api.example.com/v1/orders?api_key&page=2'"_s);
    QVERIFY2(bare.ok(), qPrintable(bare.error));
    QCOMPARE(bare.profiles.first().requests.first().url, u"/v1/orders?api_key&page=2"_s);
    QCOMPARE(bare.profiles.first().auth.method, Auth::Method::None);
    const ImportResult valued
        = importCurl(u"curl 'https://api.example.com/v1/orders?api_key=k3y-4f8a2c9e71b3XyZ&page=2'"_s);
    QVERIFY2(valued.ok(), qPrintable(valued.error));
    QCOMPARE(valued.profiles.first().requests.first().url, u"/v1/orders?page=2"_s);
    QCOMPARE(valued.profiles.first().auth.method, Auth::Method::ApiKey);
    QCOMPARE(valued.profiles.first().sessionSecrets.apiKey, u"k3y-4f8a2c9e71b3XyZ"_s);
}

void TestCurlImport::chromeSamples_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("bash") << "curl/chrome-bash.txt";
    QTest::newRow("cmd") << "curl/chrome-cmd.txt";
}

void TestCurlImport::chromeSamples()
{
    QFETCH(QString, file);
    const QByteArray command = formatsTestData(file);
    QVERIFY(!command.isEmpty());
    const ImportResult r = importCurl(QString::fromUtf8(command));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.format, ImportFormat::Curl);
    QCOMPARE(r.profiles.size(), 1);
    const Profiles::Profile& p = r.profiles.first();
    QCOMPARE(p.name, u"api.example.com"_s);
    QCOMPARE(p.baseUrl, u"https://api.example.com"_s);
    QVERIFY(!p.id.isEmpty());
    QCOMPARE(p.auth.method, Auth::Method::Bearer);
    QCOMPARE(p.sessionSecrets.token, QString::fromLatin1(kToken));
    QCOMPARE(p.requests.size(), 1);
    const Profiles::SavedRequest& q = p.requests.first();
    QCOMPARE(q.method, QByteArray("POST"));
    QCOMPARE(q.url, u"/v1/orders?include=items&limit=20"_s);
    QCOMPARE(q.body, QByteArray("{\"note\":\"Bob's order\",\"qty\":2,\"tags\":[\"a&b\",\"50%\"]}"));
    QCOMPARE(q.contentType, u"application/json"_s);
    QCOMPARE(q.name, u"POST /v1/orders"_s);
    const Http::HeaderList expected {
        {"accept", "application/json, text/plain, */*"},
        {"accept-language", "en-GB,en;q=0.9"},
        {"origin", "https://app.example.com"},
        {"priority", "u=1, i"},
        {"referer", "https://app.example.com/orders"},
        {"sec-ch-ua", R"("Chromium";v="122", "Not(A:Brand";v="24", "Google Chrome";v="122")"},
        {"sec-ch-ua-mobile", "?0"},
        {"sec-ch-ua-platform", "\"Linux\""},
        {"sec-fetch-dest", "empty"},
        {"sec-fetch-mode", "cors"},
        {"sec-fetch-site", "same-site"},
        {"user-agent",
         "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"},
    };
    QCOMPARE(q.headers, expected);
    // The cookies go to the profile's cookies secret (keychain), not to the saved request.
    QVERIFY(r.extraCredentials.isEmpty());
    QCOMPARE(r.profiles.first().sessionSecrets.cookies, u"session=s%3A8f1c2e; theme=dark"_s);
}

void TestCurlImport::firefoxBash()
{
    const ImportResult r = importCurl(QString::fromUtf8(formatsTestData(u"curl/firefox-bash.txt"_s)));
    QVERIFY2(r.ok(), qPrintable(r.error));
    expectLines(summary(r),
                {u"name=auth.example.org"_s, u"base=https://auth.example.org"_s, u"method=PUT"_s, u"url=/api/profile"_s,
                 u"body=display_name=Alice%20Liddell&bio=Curiouser"_s, u"type=application/x-www-form-urlencoded"_s,
                 u"auth=basic"_s, u"user=alice"_s, u"password=s3cr3t:pass"_s,
                 u"cookies=csrftoken=Zm9vYmFy; sessionid=abc123"_s, u"extra="_s,
                 u"headers=User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0 | "
                 "Accept: application/json | Accept-Language: en-US,en;q=0.5 | Origin: https://auth.example.org | "
                 "Sec-Fetch-Dest: empty | Sec-Fetch-Mode: cors | Sec-Fetch-Site: same-origin"_s});
    const QString warnings = r.warnings.join(u'\n');
    QVERIFY2(warnings.contains(u"--compressed"), qPrintable(warnings));
    QVERIFY2(warnings.contains(u"Accept-Encoding"), qPrintable(warnings));
}

void TestCurlImport::firefoxCmd()
{
    const QByteArray command = formatsTestData(u"curl/firefox-cmd.txt"_s);
    QCOMPARE(guessShellDialect(QString::fromUtf8(command)), ShellDialect::Cmd);
    const ImportResult r = importCurl(QString::fromUtf8(command));
    QVERIFY2(r.ok(), qPrintable(r.error));
    expectLines(summary(r),
                {u"base=https://search.example.org"_s, u"method=POST"_s, u"url=/api/search?q=50%25&sort=name"_s,
                 QStringLiteral("body={\"query\":\"caf\u00e9 50%\",\"limit\":10}"), u"type=application/json"_s,
                 u"auth=apikey"_s, u"apiname=X-API-Key"_s, u"apikey=k_live_51HxQ2exampleKey"_s, u"apiplace=header"_s,
                 u"headers~Accept: application/json"_s, u"headers!~X-API-Key"_s});
}

void TestCurlImport::multilineSamples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("bash") << "curl/chrome-bash-multiline.txt" << QByteArray("First line\nSecond line\tindented\nDone!");
    // Chrome's cmd flavour turns a tab into a space (it cannot be caret-escaped).
    QTest::newRow("cmd") << "curl/chrome-cmd-multiline.txt" << QByteArray("First line\nSecond line indented\nDone!");
}

void TestCurlImport::multilineSamples()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, body);
    const ImportResult r = importCurl(QString::fromUtf8(formatsTestData(file)));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.profiles.size(), 1);
    const Profiles::SavedRequest& q = r.profiles.first().requests.first();
    QCOMPARE(q.body, body);
    expectLines(summary(r),
                {u"name=localhost:8080"_s, u"base=http://localhost:8080"_s, u"method=PATCH"_s,
                 u"url=/notes/7?draft=true"_s, u"type=text/plain;charset=UTF-8"_s, u"auth=apikey"_s,
                 u"apikey=demo-key-123"_s, u"extra="_s});
}

void TestCurlImport::options_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("warning"); ///< substring of the warnings, empty: no warning at all

    const auto row = [](const char* name, const QString& command, const QStringList& expected,
                        const QString& warning = {}) { QTest::newRow(name) << command << expected << warning; };
    // clang-format off
    row("GET by default", u"curl https://h.example/a"_s, {u"method=GET"_s, u"url=/a"_s, u"body="_s, u"type="_s, u"auth=none"_s, u"timeouts=15000,120000"_s});
    row("root path", u"curl https://h.example"_s, {u"url=/"_s, u"name=h.example"_s});
    row("-d makes a form POST", u"curl https://h.example/x -d 'a=1' -d 'b=2'"_s, {u"method=POST"_s, u"body=a=1&b=2"_s, u"type=application/x-www-form-urlencoded"_s});
    row("-X POST", u"curl -X POST https://h.example/x"_s, {u"method=POST"_s, u"body="_s});
    row("-XPUT glued", u"curl -XPUT https://h.example/x"_s, {u"method=PUT"_s});
    row("-X lower case", u"curl -X delete https://h.example/x"_s, {u"method=DELETE"_s});
    row("combined flags", u"curl -sSLk https://h.example/"_s, {u"tls.insecure=1"_s}, u"ignores TLS certificate errors"_s);
    row("combined flags with value", u"curl -sX PATCH https://h.example/"_s, {u"method=PATCH"_s});
    row("-HName:value glued", u"curl -HAccept:text/plain https://h.example/"_s, {u"headers=Accept: text/plain"_s});
    row("--header long", u"curl --header 'X-Trace: 1' https://h.example/"_s, {u"headers=X-Trace: 1"_s});
    row("empty header value", u"curl -H 'X-Empty;' https://h.example/"_s, {u"headers=X-Empty: "_s});
    row("header removal ignored", u"curl -H 'Accept:' https://h.example/"_s, {u"headers="_s}, u"removes a header"_s);
    row("header injection refused", u"curl -H $'X-A: b\\r\\nX-B: c' https://h.example/"_s, {u"headers="_s}, u"line break"_s);
    row("bad header name", u"curl -H 'Bad Name: x' https://h.example/"_s, {u"headers="_s}, u"not a valid header name"_s);
    row("Host dropped", u"curl -H 'Host: other.example' https://h.example/"_s, {u"headers="_s}, u"Host header"_s);
    row("-u user:password", u"curl -u 'alice:p:w' https://h.example/"_s, {u"auth=basic"_s, u"user=alice"_s, u"password=p:w"_s});
    row("-u without password", u"curl -u alice https://h.example/"_s, {u"auth=basic"_s, u"user=alice"_s}, u"no password"_s);
    row("--user long", u"curl --user bob:pw https://h.example/"_s, {u"user=bob"_s, u"password=pw"_s});
    row("--basic is the default", u"curl --basic -u bob:pw https://h.example/"_s, {u"auth=basic"_s});
    row("--digest", u"curl --digest -u bob:pw https://h.example/"_s, {u"auth=digest"_s, u"user=bob"_s, u"password=pw"_s});
    row("--digest then --basic", u"curl --digest --basic -u bob:pw https://h.example/"_s, {u"auth=basic"_s});
    row("--ntlm", u"curl --ntlm -u 'DOM\\bob:pw' https://h.example/"_s, {u"auth=basic"_s, u"user=DOM\\bob"_s}, u"--ntlm is not supported"_s);
    row("--oauth2-bearer", u"curl --oauth2-bearer tok123 https://h.example/"_s, {u"auth=bearer"_s, u"token=tok123"_s});
    // One Authorization header: the warning names what the profile keeps and what it does not (it said "kept as an
    // extra credential" about a token that became the auth method, and nothing about the dropped password).
    row("--oauth2-bearer replaces -u --digest", u"curl --oauth2-bearer tok123 --digest -u 'admin:pw1' https://h.example/"_s, {u"auth=bearer"_s, u"token=tok123"_s, u"user!~admin"_s, u"password!~pw1"_s, u"extra="_s}, u"Digest user name and password given with -u were not imported"_s);
    row("--oauth2-bearer replaces -u", u"curl -u 'admin:pw1' --oauth2-bearer tok123 https://h.example/"_s, {u"auth=bearer"_s, u"token=tok123"_s, u"user!~admin"_s, u"password!~pw1"_s}, u"Basic user name and password given with -u were not imported"_s);
    row("-H Authorization outranks --oauth2-bearer", u"curl -H 'Authorization: Bearer T1' --oauth2-bearer tok123 https://h.example/"_s, {u"auth=bearer"_s, u"token=T1"_s, u"extra="_s}, u"--oauth2-bearer ignored"_s);
    row("--oauth2-bearer outranks a key header", u"curl -H 'X-API-Key: k1' --oauth2-bearer tok123 https://h.example/"_s, {u"auth=bearer"_s, u"token=tok123"_s, u"extra=X-API-Key: k1"_s}, u"X-API-Key header is a second credential"_s);
    row("Authorization Basic header", u"curl -H 'Authorization: Basic YWxpY2U6c2VjcmV0' https://h.example/"_s, {u"auth=basic"_s, u"user=alice"_s, u"password=secret"_s, u"headers="_s});
    row("malformed Basic kept as is", u"curl -H 'Authorization: Basic not*base64' https://h.example/"_s, {u"auth=apikey"_s, u"apiname=Authorization"_s, u"apikey=Basic not*base64"_s}, u"not valid base64"_s);
    row("other scheme kept as header", u"curl -H 'Authorization: token ghp_abc' https://h.example/"_s, {u"auth=apikey"_s, u"apiname=Authorization"_s, u"apikey=token ghp_abc"_s}, u"scheme \"token\""_s);
    row("Digest header", u"curl -H 'Authorization: Digest username=\"bob\", realm=\"r\", nonce=\"n\", response=\"x\"' https://h.example/"_s, {u"auth=digest"_s, u"user=bob"_s}, u"cannot be replayed"_s);
    row("header wins over -u", u"curl -u a:b -H 'Authorization: Bearer T1' https://h.example/"_s, {u"auth=bearer"_s, u"token=T1"_s}, u"-u ignored"_s);
    row("X-API-Key header", u"curl -H 'X-API-Key: k1' https://h.example/"_s, {u"auth=apikey"_s, u"apiname=X-API-Key"_s, u"apikey=k1"_s, u"apiplace=header"_s, u"headers="_s});
    row("two credentials", u"curl -H 'Authorization: Bearer T1' -H 'X-API-Key: k1' https://h.example/"_s, {u"auth=bearer"_s, u"extra=X-API-Key: k1"_s}, u"extra credential"_s);
    row("Authorization outranks a key header before it", u"curl -H 'X-Session-Id: s1' -H 'Authorization: Bearer T1' https://h.example/"_s, {u"auth=bearer"_s, u"extra=X-Session-Id: s1"_s, u"headers="_s}, u"extra credential"_s);
    row("vendor header is a credential", u"curl -H 'X-Shopify-Access-Token: shpat_1' https://h.example/"_s, {u"auth=apikey"_s, u"apiname=X-Shopify-Access-Token"_s, u"apikey=shpat_1"_s, u"headers="_s});
    row("API key in query", u"curl 'https://h.example/x?api_key=K123&q=1'"_s, {u"auth=apikey"_s, u"apiname=api_key"_s, u"apikey=K123"_s, u"apiplace=query"_s, u"url=/x?q=1"_s});
    row("Google key in query", u"curl 'https://h.example/x?key=AIzaSyA-1234567890abcdefg'"_s, {u"apiname=key"_s, u"url=/x"_s});
    row("short key stays", u"curl 'https://h.example/x?key=name'"_s, {u"auth=none"_s, u"url=/x?key=name"_s});
    row("-b cookies", u"curl -b 'a=1; b=2' https://h.example/"_s, {u"cookies=a=1; b=2"_s, u"extra="_s}, u"Cookies were kept as a credential"_s);
    row("-b and Cookie header merged", u"curl -b a=1 -H 'Cookie: b=2' https://h.example/"_s, {u"cookies=b=2; a=1"_s, u"extra="_s}, u"Cookies were kept as a credential"_s);
    row("-b cookie file", u"curl -b cookies.txt https://h.example/"_s, {u"extra="_s}, u"cookies from a file"_s);
    row("-c cookie jar", u"curl -c jar.txt https://h.example/"_s, {u"extra="_s}, u"own jar"_s);
    row("--data-raw keeps @", u"curl --data-raw '@not-a-file' https://h.example/"_s, {u"body=@not-a-file"_s});
    row("--data-binary file", u"curl --data-binary @payload.bin https://h.example/"_s, {u"method=POST"_s, u"body="_s}, u"read from a file"_s);
    row("--data-ascii", u"curl --data-ascii 'x=1' https://h.example/"_s, {u"body=x=1"_s});
    row("--data-urlencode forms", u"curl https://h.example/ --data-urlencode 'q=a b&c' --data-urlencode '=x y' --data-urlencode 'plain text'"_s, {u"body=q=a%20b%26c&x%20y&plain%20text"_s});
    row("--data-urlencode file", u"curl https://h.example/ --data-urlencode 'name@file.txt'"_s, {u"body="_s}, u"read from a file"_s);
    row("--json", u"curl --json '{\"a\":1}' https://h.example/j"_s, {u"method=POST"_s, u"body={\"a\":1}"_s, u"type=application/json"_s, u"headers=Accept: application/json"_s});
    row("--json keeps an Accept", u"curl --json '{}' -H 'Accept: text/x' https://h.example/j"_s, {u"headers=Accept: text/x"_s});
    row("Content-Type header wins", u"curl -d '<a/>' -H 'Content-Type: application/xml' https://h.example/"_s, {u"type=application/xml"_s, u"headers="_s});
    row("-G moves data to the query", u"curl -G https://h.example/s?x=0 -d q=1 -d page=2"_s, {u"method=GET"_s, u"url=/s?x=0&q=1&page=2"_s, u"body="_s, u"type="_s});
    row("-I", u"curl -I https://h.example/"_s, {u"method=HEAD"_s});
    row("-X overrides -d", u"curl -X PUT -d x https://h.example/"_s, {u"method=PUT"_s, u"body=x"_s});
    row("--url", u"curl --url https://h.example/u -H 'A: b'"_s, {u"url=/u"_s});
    row("--url-query", u"curl https://h.example/x --url-query 'q=a b' --url-query '+raw=%41'"_s, {u"url=/x?q=a%20b&raw=A"_s});
    row("-A and -e", u"curl -A 'agent/1.0' -e 'https://ref.example/;auto' https://h.example/"_s, {u"headers=User-Agent: agent/1.0 | Referer: https://ref.example/"_s});
    row("-F form fields", u"curl -F name=alice -F 'avatar=@me.png' -F 'note=hi;type=text/plain' https://h.example/up"_s, {u"method=POST"_s, u"type~multipart/form-data; boundary="_s, u"body~name=\"note\"\r\n\r\nhi\r\n"_s, u"body!~avatar"_s}, u"file fields"_s);
    row("--cert and --key", u"curl --cert client.pem:pass --key client.key https://h.example/"_s, {u"tls.cert=client.pem"_s}, u"private key file client.key"_s);
    row("--cert Windows path", u"curl --cert 'C:\\certs\\client.pem' https://h.example/"_s, {u"tls.cert=C:\\certs\\client.pem"_s});
    row("--cacert", u"curl --cacert /etc/ssl/corp.pem https://h.example/"_s, {u"tls.ca=/etc/ssl/corp.pem"_s});
    row("--insecure", u"curl --insecure https://h.example/"_s, {u"tls.insecure=1"_s}, u"TLS"_s);
    row("proxy with user", u"curl -x http://pu:pp@proxy.local:3128 https://h.example/"_s, {u"proxy=http proxy.local:3128 pu"_s, u"proxypw=pp"_s});
    row("proxy without scheme", u"curl --proxy proxy.local:8080 -U 'pu:p w' https://h.example/"_s, {u"proxy=http proxy.local:8080 pu"_s, u"proxypw=p w"_s});
    row("socks5", u"curl --socks5 127.0.0.1:1080 https://h.example/"_s, {u"proxy=socks5 127.0.0.1:1080"_s});
    row("socks4 refused", u"curl -x socks4://127.0.0.1:1080 https://h.example/"_s, {u"timeouts=15000,120000"_s}, u"SOCKS4 proxies are not supported"_s);
    row("--noproxy *", u"curl --noproxy '*' https://h.example/"_s, {u"proxy=none :0"_s});
    row("timeouts", u"curl --max-time 2.5 --connect-timeout 3 https://h.example/"_s, {u"timeouts=3000,2500"_s});
    row("-m short", u"curl -m 30 https://h.example/"_s, {u"timeouts=15000,30000"_s});
    row("bad timeout", u"curl --max-time soon https://h.example/"_s, {u"timeouts=15000,120000"_s}, u"not a number of seconds"_s);
    row("NaN timeout", u"curl --max-time nan https://h.example/"_s, {u"timeouts=15000,120000"_s}, u"not a number of seconds"_s);
    row("-L is silent", u"curl -L https://h.example/"_s, {u"method=GET"_s});
    row("--location-trusted", u"curl --location-trusted https://h.example/"_s, {u"method=GET"_s}, u"allowed origins"_s);
    row("--compressed", u"curl --compressed https://h.example/"_s, {u"method=GET"_s}, u"--compressed ignored"_s);
    row("output options ignored", u"curl -s -v -i -o out.json -w '%{http_code}' https://h.example/"_s, {u"method=GET"_s});
    row("--no-insecure", u"curl -k --no-insecure https://h.example/"_s, {u"tls.insecure=0"_s});
    row("unknown option", u"curl --frobnicate https://h.example/"_s, {u"method=GET"_s}, u"Unknown curl option --frobnicate"_s);
    row("unsupported option", u"curl -T file.txt https://h.example/"_s, {u"method=GET"_s}, u"-T is not supported"_s);
    row("option without value", u"curl https://h.example/ -H"_s, {u"headers="_s}, u"has no value"_s);
    row("no scheme", u"curl example.com:8080/api"_s, {u"base=http://example.com:8080"_s, u"url=/api"_s, u"name=example.com:8080"_s});
    row("default port dropped", u"curl https://h.example:443/x"_s, {u"base=https://h.example"_s});
    row("IPv6 host", u"curl 'http://[::1]:8080/x'"_s, {u"base=http://[::1]:8080"_s});
    row("URL user info", u"curl https://u:p%40ss@h.example/x"_s, {u"auth=basic"_s, u"user=u"_s, u"password=p@ss"_s, u"base=https://h.example"_s});
    row("fragment dropped", u"curl 'https://h.example/x?a=1#frag'"_s, {u"url=/x?a=1"_s});
    row("unquoted header value", u"curl -H Authorization: Bearer abcdefghijklmnopqrstuvwxyz https://h.example/u"_s, {u"url=/u"_s, u"auth=none"_s}, u"\"abcdefghijkl…\""_s);
    row("extra positional", u"curl https://h.example/a https://h.example/b"_s, {u"url=/a"_s}, u"extra argument"_s);
    row("prompt sign", u"$ curl https://h.example/p"_s, {u"url=/p"_s});
    row("curl.exe", u"curl.exe \"https://h.example/w\""_s, {u"url=/w"_s});
    row("path to curl", u"/usr/bin/curl https://h.example/w"_s, {u"url=/w"_s});
    row("shell variable placeholder", u"curl -H \"Authorization: Bearer ${TOKEN}\" https://h.example/"_s, {u"auth=bearer"_s}, u"placeholder ${TOKEN}"_s);
    row("cmd variable placeholder", u"curl -u \"bob:%PASSWORD%\" ^\n \"https://h.example/\""_s, {u"auth=basic"_s, u"user=bob"_s}, u"placeholder %PASSWORD%"_s);
    // clang-format on
}

void TestCurlImport::options()
{
    QFETCH(QString, command);
    QFETCH(QStringList, expected);
    QFETCH(QString, warning);
    checkOneProfile(command, expected, warning);
}

void TestCurlImport::awsSigV4_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("warning"); ///< substring of the warnings, empty: no warning at all

    // AWS's documentation key pair (docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-create-request.html).
    const QString keys = u"-u 'AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'"_s;
    const QStringList signedWith {u"auth=awsv4"_s, u"user=AKIAIOSFODNN7EXAMPLE"_s,
                                  u"password=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"_s, u"extra="_s};
    const auto row
        = [&](const char* name, const QString& command, const QStringList& expected, const QString& warning = {}) {
              QTest::newRow(name) << command << (signedWith + expected) << warning;
          };
    // clang-format off
    // curl.se/docs/manpage.html#--aws-sigv4: "--aws-sigv4 "aws:amz:us-east-2:es" --user "key:secret" $URL".
    row("all four parts", u"curl --aws-sigv4 'aws:amz:us-east-2:es' "_s + keys + u" https://search-logs-7kqj.us-east-2.es.amazonaws.com/_search"_s, {u"aws=us-east-2/es"_s, u"headers="_s});
    row("parts win over the host", u"curl --aws-sigv4 aws:amz:eu-west-1:execute-api "_s + keys + u" https://dynamodb.us-west-2.amazonaws.com/"_s, {u"aws=eu-west-1/execute-api"_s});
    row("API Gateway host", u"curl --aws-sigv4 aws:amz "_s + keys + u" https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/pets"_s, {u"aws=eu-west-1/execute-api"_s, u"url=/prod/pets"_s}, u"taken from the host name, region \"eu-west-1\", service \"execute-api\""_s);
    row("service.region host", u"curl --aws-sigv4 aws:amz:us-west-2 "_s + keys + u" https://dynamodb.us-west-2.amazonaws.com/"_s, {u"aws=us-west-2/dynamodb"_s}, u"taken from the host name, service \"dynamodb\""_s);
    row("S3 virtual-hosted bucket", u"curl --aws-sigv4 aws:amz "_s + keys + u" https://my-bucket.s3.eu-central-1.amazonaws.com/a.txt"_s, {u"aws=eu-central-1/s3"_s}, u"service \"s3\""_s);
    row("OpenSearch domain", u"curl --aws-sigv4 aws:amz "_s + keys + u" https://search-logs-7kqj.us-east-2.es.amazonaws.com/_search"_s, {u"aws=us-east-2/es"_s}, u"region \"us-east-2\""_s);
    row("global endpoint", u"curl --aws-sigv4 aws:amz:us-east-1 "_s + keys + u" 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08'"_s, {u"aws=us-east-1/iam"_s}, u"service \"iam\""_s);
    row("China region", u"curl --aws-sigv4 aws:amz "_s + keys + u" https://sqs.cn-north-1.amazonaws.com.cn/"_s, {u"aws=cn-north-1/sqs"_s}, u"region \"cn-north-1\""_s);
    row("other host keeps the defaults", u"curl --aws-sigv4 aws:amz "_s + keys + u" https://api.example.org/orders"_s, {u"aws=us-east-1/execute-api"_s}, u"the host name does not tell: the profile uses the default region (\"us-east-1\"), service (\"execute-api\")"_s);
    row("session token header", u"curl --aws-sigv4 aws:amz:us-east-1:execute-api "_s + keys + u" -H 'x-amz-security-token: IQoJb3JpZ2luX2VjEXAMPLETOKEN' https://api.example.org/x"_s, {u"token=IQoJb3JpZ2luX2VjEXAMPLETOKEN"_s, u"headers="_s});
    row("session token before the option", u"curl -H 'X-Amz-Security-Token: IQoJb3JpZ2luX2VjEXAMPLETOKEN' -H 'Accept: application/json' "_s + keys + u" --aws-sigv4 aws:amz:us-east-1:execute-api https://api.example.org/x"_s, {u"token=IQoJb3JpZ2luX2VjEXAMPLETOKEN"_s, u"headers=Accept: application/json"_s});
    row("stale X-Amz-Date dropped", u"curl --aws-sigv4 aws:amz:us-east-1:s3 "_s + keys + u" -H 'X-Amz-Date: 20150830T123600Z' -H 'X-Amz-Content-Sha256: UNSIGNED-PAYLOAD' https://api.example.org/x"_s, {u"headers=X-Amz-Content-Sha256: UNSIGNED-PAYLOAD"_s}, u"X-Amz-Date header is no longer a fixed header"_s);
    row("other provider", u"curl --aws-sigv4 osc:osc:eu-west-2:api "_s + keys + u" https://api.example.org/x"_s, {u"aws=eu-west-2/api"_s}, u"names the provider \"osc:osc\""_s);
    row("region that is no name", u"curl --aws-sigv4 $'aws:amz:us east\\n1:s3' "_s + keys + u" https://api.example.org/x"_s, {u"aws=us-east-1/s3"_s}, u"The AWS region \"us east 1\" is not a region name: the profile uses \"us-east-1\""_s);
    row("basic flag ignored", u"curl --digest --aws-sigv4 aws:amz:us-east-1:execute-api "_s + keys + u" https://api.example.org/x"_s, {u"aws=us-east-1/execute-api"_s}, u"--digest ignored"_s);
    QTest::newRow("no -u") << u"curl --aws-sigv4 aws:amz:us-east-1:execute-api https://api.example.org/x"_s << QStringList {u"auth=awsv4"_s, u"password!~w"_s} << u"enter the access key ID and the secret access key"_s;
    QTest::newRow("shell variables") << u"curl --user \"$AWS_ACCESS_KEY_ID\":\"$AWS_SECRET_ACCESS_KEY\" -H \"x-amz-security-token: $AWS_SESSION_TOKEN\" --aws-sigv4 \"aws:amz:us-east-1:execute-api\" https://api.example.org/x"_s
                                     << QStringList {u"auth=awsv4"_s, u"user=$AWS_ACCESS_KEY_ID"_s, u"extra="_s, u"headers="_s}
                                     << u"AWS secret access key is the placeholder $AWS_SECRET_ACCESS_KEY"_s;
    QTest::newRow("session token without --aws-sigv4") << u"curl -H 'X-Amz-Security-Token: IQoJb3JpZ2luX2VjEXAMPLETOKEN' https://api.example.org/x"_s
                                                       << QStringList {u"auth=apikey"_s, u"apiname=X-Amz-Security-Token"_s, u"apikey=IQoJb3JpZ2luX2VjEXAMPLETOKEN"_s}
                                                       << QString();
    // docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html, "An example": the presigned GET of
    // examplebucket/test.txt, valid for 86400 s from 20130524T000000Z.
    const QString presigned = u"https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"_s;
    QTest::newRow("presigned URL") << u"curl '"_s + presigned + u"'"_s
                                   << QStringList {u"auth=awsv4"_s, u"user=AKIAIOSFODNN7EXAMPLE"_s, u"aws=us-east-1/s3"_s, u"url=/test.txt"_s, u"extra="_s, u"password!~."_s}
                                   << u"AWS presigned URL: its query holds an AWS Signature v4 signature (X-Amz-Signature) that lets anyone who has the URL in. It was valid until 2013-05-25T00:00:00Z (X-Amz-Date 20130524T000000Z plus X-Amz-Expires 86400 s)."_s;
    QTest::newRow("presigned, temporary credentials") << u"curl 'https://examplebucket.s3.eu-west-3.amazonaws.com/a%20b.pdf?response-content-disposition=inline&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE%2BTOKEN%2F%3D&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F20240105%2Feu-west-3%2Fs3%2Faws4_request&X-Amz-Date=20240105T101500Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'"_s
                                                      << QStringList {u"auth=awsv4"_s, u"user=ASIAIOSFODNN7EXAMPLE"_s, u"aws=eu-west-3/s3"_s, u"token=IQoJb3JpZ2luX2VjEXAMPLE+TOKEN/="_s, u"url=/a%20b.pdf?response-content-disposition=inline"_s, u"extra="_s}
                                                      << u"valid until 2024-01-05T10:20:00Z"_s;
    QTest::newRow("presigned, scope unreadable") << u"curl 'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bb'"_s
                                                 << QStringList {u"auth=awsv4"_s, u"url=/test.txt"_s, u"extra="_s}
                                                 << u"its X-Amz-Credential scope cannot be read. The signature is not stored"_s;
    QTest::newRow("X-Amz-Signature alone is no presigned URL") << u"curl 'https://api.example.org/x?X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835'"_s
                                                               << QStringList {u"auth=apikey"_s, u"apiname=X-Amz-Signature"_s, u"apiplace=query"_s}
                                                               << QString();
    QTest::newRow("Authorization header wins") << u"curl -H 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz' --aws-sigv4 aws:amz:us-east-1:execute-api "_s + keys + u" https://api.example.org/x"_s
                                               << QStringList {u"auth=bearer"_s, u"token=abcdefghijklmnopqrstuvwxyz"_s}
                                               << u"--aws-sigv4 ignored"_s;
    // clang-format on
}

void TestCurlImport::awsSigV4()
{
    QFETCH(QString, command);
    QFETCH(QStringList, expected);
    QFETCH(QString, warning);
    const QString warnings = checkOneProfile(command, expected, warning);
    if (QTest::currentTestFailed())
        return;
    // A secret access key, or a presigned URL's signature, is never repeated in a warning.
    QVERIFY2(!warnings.contains(u"wJalrXUtnFEMI") && !warnings.contains(u"aeeed9bb"), qPrintable(warnings));
}

void TestCurlImport::errors_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("error");
    QTest::newRow("no URL") << "curl -H 'A: b'"
                            << "has no URL";
    QTest::newRow("file URL") << QString::fromUtf8(formatsTestData(u"malformed/file-url.txt"_s))
                              << "Only http:// and https:// URLs can be imported, not \"file:\"";
    QTest::newRow("javascript URL") << "curl 'javascript:alert(1)'"
                                    << "not \"javascript:\"";
    QTest::newRow("ftp URL") << "curl ftp://files.example/x"
                             << "not \"ftp:\"";
    QTest::newRow("no host") << "curl http://"
                             << "URL";
    QTest::newRow("not curl") << "wget https://h.example/"
                              << "not a curl command";
    QTest::newRow("empty") << ""
                           << "not a curl command";
    QTest::newRow("unbalanced quote") << QString::fromUtf8(formatsTestData(u"malformed/unbalanced-quote.txt"_s))
                                      << "opened at line 3, column 6";
    QTest::newRow("bad method") << "curl -X 'GET /x' https://h.example/"
                                << "is not an HTTP method";
}

void TestCurlImport::errors()
{
    QFETCH(QString, command);
    QFETCH(QString, error);
    const ImportResult r = importCurl(command);
    QVERIFY(!r.ok());
    QVERIFY(r.profiles.isEmpty());
    QVERIFY(r.extraCredentials.isEmpty());
    QVERIFY2(r.error.contains(error), qPrintable(r.error));
}

void TestCurlImport::hugeInput()
{
    QString command = QStringLiteral("curl https://h.example/ --data-raw '");
    command += QString(kMaxImportBytes, u'a');
    command += u'\'';
    const ImportResult r = importCurl(command);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(u"up to 50 MB"), qPrintable(r.error));
}

void TestCurlImport::secretsNeverInWarnings()
{
    const QString command
        = QStringLiteral("curl -u 'alice:CANARY-PW' -H 'X-API-Key: CANARY-KEY' -b 'sid=CANARY-SID' "
                         "-H 'Authorization: Bearer CANARY-TOKEN' -x http://p:CANARY-PROXY@px:1 "
                         "--cert c.pem:CANARY-PASS -k --digest 'https://h.example/?api_key=CANARY-Q'");
    const ImportResult r = importCurl(command);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY(!r.warnings.isEmpty());
    QVERIFY2(!r.warnings.join(u'\n').contains(u"CANARY"), qPrintable(r.warnings.join(u'\n')));
    // …and none in the parts of the profile that are written to its file.
    const Profiles::Profile& p = r.profiles.first();
    QVERIFY(!p.requests.first().url.contains(u"CANARY"));
    for (const Http::Header& h : p.requests.first().headers)
        QVERIFY(!h.second.contains("CANARY"));
}

void TestCurlImport::documentationPlaceholders()
{
    // Vendor documentation writes "<USER_ID>" unquoted (a shell would read a redirection) and "{id}": the whole URL
    // is imported, the placeholders kept as typed and named in a warning.
    const ImportResult r = importCurl(
        u"curl https://api.example.com/v1/users/{id}/orders/<ORDER_ID>?expand=true -H 'Authorization: Bearer x1'"_s);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::Profile& p = r.profiles.constFirst();
    QCOMPARE(p.baseUrl, u"https://api.example.com"_s);
    QCOMPARE(p.requests.constFirst().url, u"/v1/users/%7Bid%7D/orders/%3CORDER_ID%3E?expand=true"_s);
    const QString warnings = r.warnings.join(u'\n');
    QVERIFY2(warnings.contains(u"placeholders {id}, <ORDER_ID>"_s), qPrintable(warnings));
    QVERIFY2(!warnings.contains(u"Ignored everything"_s), qPrintable(warnings));

    // A placeholder where the address should be leaves nothing to import: the message says so, naming it.
    for (const QString& command :
         {u"curl <YOUR_API_URL>/v1/items -H 'X-Api-Key: <API_KEY>'"_s, u"curl https://{yourDomain}/api/v2/users"_s}) {
        const ImportResult refused = importCurl(command);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error.contains(u"placeholder"_s)
                     && (refused.error.contains(u"<YOUR_API_URL>"_s) || refused.error.contains(u"{yourDomain}"_s)),
                 qPrintable(refused.error));
    }
    // A shell's ${VAR} is no documentation placeholder (it is reported as a shell variable).
    const ImportResult shell = importCurl(u"curl \"https://api.example.com/x/${ACCOUNT}\""_s);
    QVERIFY2(shell.ok(), qPrintable(shell.error));
    QVERIFY(!shell.warnings.join(u'\n').contains(u"documentation's placeholders"_s));
    // A real redirection still ends the command.
    const ImportResult redirected = importCurl(u"curl https://api.example.com/x < body.json"_s);
    QVERIFY(redirected.ok());
    QVERIFY(redirected.warnings.join(u'\n').contains(u"unquoted '<'"_s));
}

QTEST_APPLESS_MAIN(TestCurlImport)
#include "TestCurlImport.moc"
