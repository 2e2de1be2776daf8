// What each hop carried (issue 9): credential headers of real vendors typed as plain headers are
// withheld at a real cross-origin redirect of the demo API and redacted in HAR and curl exports, and
// the client records per hop what it placed (with source and bound origins) beside what it withheld.
#include "auth/AuthSettings.h"
#include "demo/DemoServer.h"
#include "http/HttpClient.h"
#include "http/SecretPolicy.h"
#include "profiles/formats/CurlExport.h"
#include "profiles/formats/HarExport.h"
#include "profiles/formats/HarImport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkCookieJar>
#include <QSignalSpy>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Http;

namespace {

/// Credential headers as their vendors document them. Each is sent with -H semantics (a header the
/// user typed), never through a profile: curl, Postman and browsers forward such headers to a second
/// origin after a redirect; Authlens must not.
struct VendorHeader
{
    const char* vendor;
    const char* header;
    const char* documentation;
};

constexpr VendorHeader s_vendorHeaders[] = {
    // The four a new user tried in issue 9.
    {"Shopify Admin API", "X-Shopify-Access-Token", "https://shopify.dev/docs/api/usage/authentication"},
    {"Sendbird Platform API", "Api-Token", "https://sendbird.com/docs/chat/platform-api/v3/prepare-to-use-api"},
    {"issue 9 (a custom client token)", "X-Client-Token", "issue 9, “What each hop carried”"},
    {"issue 9 (a custom token header)", "Authorization-Token", "issue 9, “What each hop carried”"},
    // Vendors' documented credential headers.
    {"Shopify Storefront API", "X-Shopify-Storefront-Access-Token", "https://shopify.dev/docs/api/storefront"},
    {"GitLab", "PRIVATE-TOKEN", "https://docs.gitlab.com/ee/api/rest/authentication.html"},
    {"Azure API Management", "Ocp-Apim-Subscription-Key",
     "https://learn.microsoft.com/en-us/azure/api-management/api-management-subscriptions"},
    {"Datadog", "DD-API-KEY", "https://docs.datadoghq.com/api/latest/authentication/"},
    {"Datadog", "DD-APPLICATION-KEY", "https://docs.datadoghq.com/api/latest/authentication/"},
    {"Algolia", "X-Algolia-API-Key", "https://www.algolia.com/doc/rest-api/search/"},
    {"Cloudflare (Global API key)", "X-Auth-Key",
     "https://developers.cloudflare.com/fundamentals/api/get-started/keys/"},
    {"Honeycomb", "X-Honeycomb-Team", "https://docs.honeycomb.io/api/authentication"},
    {"Figma", "X-Figma-Token", "https://developers.figma.com/docs/rest-api/personal-access-tokens/"},
    {"Postmark", "X-Postmark-Server-Token", "https://postmarkapp.com/developer/api/overview#authentication"},
    {"Postmark", "X-Postmark-Account-Token", "https://postmarkapp.com/developer/api/overview#authentication"},
    {"Hasura", "X-Hasura-Admin-Secret", "https://hasura.io/docs/latest/auth/authentication/admin-secret-access"},
    {"RapidAPI", "X-RapidAPI-Key", "https://docs.rapidapi.com/docs/keys-and-key-rotation"},
    {"RapidAPI (to providers)", "X-RapidAPI-Proxy-Secret", "https://docs.rapidapi.com/docs/additional-request-headers"},
    {"Supabase", "apikey", "https://supabase.com/docs/guides/api/api-keys"},
    {"HashiCorp Vault", "X-Vault-Token", "https://developer.hashicorp.com/vault/api-docs#authentication"},
    {"HashiCorp Consul", "X-Consul-Token",
     "https://developer.hashicorp.com/consul/api-docs/api-structure#authentication"},
    {"HashiCorp Nomad", "X-Nomad-Token", "https://developer.hashicorp.com/nomad/api-docs#authentication"},
    {"Anthropic", "x-api-key", "https://docs.anthropic.com/en/api/overview"},
    {"Google Cloud API keys", "X-Goog-Api-Key", "https://cloud.google.com/docs/authentication/api-keys-use"},
    {"AWS temporary credentials", "X-Amz-Security-Token",
     "https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html"},
    {"Azure Functions", "x-functions-key",
     "https://learn.microsoft.com/en-us/azure/azure-functions/functions-bindings-http-webhook-trigger"},
    {"Azure OpenAI", "api-key", "https://learn.microsoft.com/en-us/azure/ai-services/openai/reference"},
    {"Fastly", "Fastly-Key", "https://www.fastly.com/documentation/reference/api/auth-tokens/"},
    {"New Relic (Insights query key)", "X-Query-Key",
     "https://docs.newrelic.com/docs/apis/insights-apis/query-insights-event-data-api/"},
    {"New Relic (Event API)", "X-Insert-Key",
     "https://docs.newrelic.com/docs/data-apis/ingest-apis/event-api/introduction-event-api/"},
    {"Typesense", "X-TYPESENSE-API-KEY", "https://typesense.org/docs/latest/api/authentication.html"},
    {"JFrog Artifactory", "X-JFrog-Art-Api",
     "https://jfrog.com/help/r/jfrog-rest-apis/introduction-to-the-artifactory-rest-apis"},
    {"CircleCI", "Circle-Token", "https://circleci.com/docs/api/v2/index.html"},
    {"Plaid", "PLAID-SECRET", "https://plaid.com/docs/api/#api-access"},
    {"Coinbase Exchange", "CB-ACCESS-KEY", "https://docs.cdp.coinbase.com/exchange/docs/rest-auth"},
    {"Coinbase Exchange", "CB-ACCESS-SIGN", "https://docs.cdp.coinbase.com/exchange/docs/rest-auth"},
    {"Coinbase Exchange", "CB-ACCESS-PASSPHRASE", "https://docs.cdp.coinbase.com/exchange/docs/rest-auth"},
    {"OKX", "OK-ACCESS-PASSPHRASE", "https://www.okx.com/docs-v5/en/#overview-rest-authentication"},
    {"Binance", "X-MBX-APIKEY", "https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security"},
    {"ElevenLabs", "xi-api-key", "https://elevenlabs.io/docs/api-reference/authentication"},
    {"VirusTotal", "x-apikey", "https://docs.virustotal.com/reference/authentication"},
    {"AbuseIPDB", "Key", "https://docs.abuseipdb.com/#introduction"},
    {"Rollbar", "X-Rollbar-Access-Token", "https://docs.rollbar.com/reference/getting-started-1"},
    {"BigCommerce", "X-Auth-Token", "https://developer.bigcommerce.com/docs/start/authentication/api-accounts"},
    {"GitHub (two-factor code)", "X-GitHub-OTP",
     "https://docs.github.com/en/enterprise-server@3.0/rest/overview/other-authentication-methods"},
    {"Sentry (SDK)", "X-Sentry-Auth", "https://develop.sentry.dev/sdk/overview/#authentication"},
    {"Have I Been Pwned", "hibp-api-key", "https://haveibeenpwned.com/API/v3#Authorisation"},
    {"Bunny.net", "AccessKey", "https://docs.bunny.net/reference/bunnynet-api-overview"},
    {"JSONBin", "X-Master-Key", "https://jsonbin.io/api-reference/bins/create"},
    {"Appwrite", "X-Appwrite-Key", "https://appwrite.io/docs/advanced/platform/api-keys"},
    {"Lokalise", "X-Api-Token", "https://developers.lokalise.com/reference/api-authentication"},
    {"Octopus Deploy", "X-Octopus-ApiKey", "https://octopus.com/docs/octopus-rest-api/how-to-create-an-api-key"},
};

/// Every 8-byte window of the value: a trace of it, wherever it would show.
QList<QByteArray> traces(const QByteArray& value, qsizetype from)
{
    QList<QByteArray> out;
    for (qsizetype i = from; i + 8 <= value.size(); ++i)
        out.append(value.mid(i, 8));
    return out;
}

bool hasPlaced(const Hop& hop, QByteArrayView name, CredentialSource source)
{
    return std::any_of(hop.placed.cbegin(), hop.placed.cend(), [&](const Placed& p) {
        return p.name.compare(name, Qt::CaseInsensitive) == 0 && p.source == source;
    });
}

const Placed* placedNamed(const Hop& hop, QByteArrayView name)
{
    for (const Placed& p : hop.placed) {
        if (p.name.compare(name, Qt::CaseInsensitive) == 0)
            return &p;
    }
    return nullptr;
}

const Withheld* withheldNamed(const Hop& hop, QByteArrayView name)
{
    for (const Withheld& w : hop.withheld) {
        if (w.name.compare(name, Qt::CaseInsensitive) == 0)
            return &w;
    }
    return nullptr;
}

} // namespace

class TestCredentialLedger : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void vendorHeaderIsWithheldAtCrossOriginRedirect_data();
    void vendorHeaderIsWithheldAtCrossOriginRedirect();
    void ledgerOfProfileAndUserHeader();
    void allowedOriginIsInBoundTo();
    void locationTrustedIsBoundToEveryOrigin();
    void urlUserInfo();
    void digestAnswerIsAChallengeAnswer();
    void jarCookiesAreOneEntryEach();
    void profileCookiesAndQueryKey();
    void ledgerTravelsThroughHar();
    void browserHarHasNoLedger();

private:
    Exchange run(const RequestSpec& spec);
    QUrl url(const QString& path) const { return m_demo.baseUrl().resolved(QUrl(path)); }
    QString firstOrigin() const { return Origin::fromUrl(m_demo.baseUrl()).toString(); }
    QString secondOrigin() const { return Origin::fromUrl(m_demo.secondOriginUrl()).toString(); }

    Demo::DemoServer m_demo;
    HttpClient m_client;
    QNetworkCookieJar m_jar;
};

Exchange TestCredentialLedger::run(const RequestSpec& spec)
{
    QSignalSpy spy(&m_client, &HttpClient::finished);
    m_client.send(spec);
    if (!spy.wait(60000))
        return {};
    return spy.takeFirst().at(0).value<Exchange>();
}

void TestCredentialLedger::initTestCase()
{
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
    m_client.setCookieJar(&m_jar);
}

void TestCredentialLedger::vendorHeaderIsWithheldAtCrossOriginRedirect_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("documentation");
    QSet<QByteArray> seen;
    for (const VendorHeader& v : s_vendorHeaders) {
        QVERIFY2(!seen.contains(QByteArray(v.header).toLower()), v.header); // every row a different name
        seen.insert(QByteArray(v.header).toLower());
        QTest::addRow("%s: %s", v.vendor, v.header) << QByteArray(v.header) << QString::fromUtf8(v.documentation);
    }
    QVERIFY(seen.size() >= 30);
}

void TestCredentialLedger::vendorHeaderIsWithheldAtCrossOriginRedirect()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, documentation);
    Q_UNUSED(documentation); // the citation is in the table, for the reader
    // A value no other byte of the exchange could contain by chance.
    const QByteArray value = "vendor-secret-" + QByteArray::number(qHash(header), 16) + "-Zq7XvL2p9Kd4";

    RequestSpec spec;
    spec.url = url(QStringLiteral("/redirect/cross-origin"));
    spec.headers = {{"Accept", "application/json"}, {header, value}};
    const Exchange ex = run(spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.hops.size(), 2);
    QCOMPARE(ex.hops[0].response.status, 302);
    QCOMPARE(Origin::fromUrl(ex.hops[1].request.url), Origin::fromUrl(m_demo.secondOriginUrl()));

    // The first hop (the origin the user addressed) got it, from the header the user typed.
    QCOMPARE(headerValue(ex.hops[0].request.headers, header), value);
    QVERIFY(hasPlaced(ex.hops[0], header, CredentialSource::UserHeader));

    // The echo endpoint on the second origin proves it did not arrive.
    const QByteArray echoBody = ex.hops[1].response.body.readAll();
    const QJsonObject echo = QJsonDocument::fromJson(echoBody).object();
    QVERIFY2(!echo.isEmpty(), echoBody.constData());
    for (const QJsonValue& h : echo[u"headers"].toArray()) {
        QVERIFY2(h[u"name"].toString().compare(QString::fromLatin1(header), Qt::CaseInsensitive) != 0,
                 qPrintable(h[u"name"].toString()));
        QVERIFY(!h[u"value"].toString().contains(QString::fromLatin1(value)));
    }
    QVERIFY(!echoBody.contains(value));
    QVERIFY(!hasHeader(ex.hops[1].request.headers, header));
    QVERIFY(ex.hops[1].placed.isEmpty());

    // The hop's ledger says it was withheld, and where it came from.
    const Withheld* withheld = withheldNamed(ex.hops[1], header);
    QVERIFY2(withheld, header.constData());
    QCOMPARE(withheld->source, CredentialSource::UserHeader);
    QVERIFY(withheld->reason.contains(secondOrigin()));
    QVERIFY(ex.hops[0].ledgerRecorded && ex.hops[1].ledgerRecorded);

    // The exports carry no trace of it: the HAR keeps at most the first four characters (so two
    // tokens can be told apart), the curl command a variable reference.
    const QByteArray har = Formats::exportHar(ex, SecretPolicy::standard(), false);
    QVERIFY(har.contains(header));
    for (const QByteArray& trace : traces(value, 4))
        QVERIFY2(!har.contains(trace), trace.constData());
    for (const Formats::CurlExportOptions::Shell shell :
         {Formats::CurlExportOptions::Shell::Bash, Formats::CurlExportOptions::Shell::Cmd}) {
        const QByteArray curl = Formats::exportCurl(ex, SecretPolicy::standard(), {false, shell}).toUtf8();
        QVERIFY(curl.contains(header));
        QVERIFY2(curl.contains("AUTHLENS_"), curl.constData());
        for (const QByteArray& trace : traces(value, 0))
            QVERIFY2(!curl.contains(trace), curl.constData());
    }
    // With the user's explicit consent both do show it.
    QVERIFY(Formats::exportHar(ex, SecretPolicy::standard(), true).contains(value));
    QVERIFY(Formats::exportCurl(ex, SecretPolicy::standard(), {true, {}}).toUtf8().contains(value));
}

void TestCredentialLedger::ledgerOfProfileAndUserHeader()
{
    RequestSpec spec;
    spec.url = url(QStringLiteral("/redirect/cross-origin"));
    spec.headers = {{"X-Client-Token", "ct-0123456789abcdef"}};
    Auth::AuthSettings basic;
    basic.method = Auth::Method::Basic;
    basic.username = Demo::DemoServer::basicUser();
    Auth::AuthSecrets secrets;
    secrets.password = Demo::DemoServer::basicPassword();
    Auth::applyTo(basic, secrets, spec);
    const Exchange ex = run(spec);
    QCOMPARE(ex.hops.size(), 2);

    const Placed* authorization = placedNamed(ex.hops[0], "Authorization");
    QVERIFY(authorization);
    QCOMPARE(authorization->place, CredentialPlace::Header);
    QCOMPARE(authorization->source, CredentialSource::Profile);
    QVERIFY(authorization->label.contains(Demo::DemoServer::basicUser()));
    QCOMPARE(authorization->boundTo, QStringList {firstOrigin()});
    const Placed* token = placedNamed(ex.hops[0], "X-Client-Token");
    QVERIFY(token);
    QCOMPARE(token->source, CredentialSource::UserHeader);
    QCOMPARE(token->boundTo, QStringList {firstOrigin()});
    QVERIFY(ex.hops[0].withheld.isEmpty());

    QVERIFY(ex.hops[1].placed.isEmpty());
    QCOMPARE(ex.hops[1].withheld.size(), 2);
    QCOMPARE(withheldNamed(ex.hops[1], "Authorization")->source, CredentialSource::Profile);
    QCOMPARE(withheldNamed(ex.hops[1], "X-Client-Token")->source, CredentialSource::UserHeader);
}

void TestCredentialLedger::allowedOriginIsInBoundTo()
{
    RequestSpec spec;
    spec.url = url(QStringLiteral("/redirect/cross-origin"));
    spec.credentials = {{Credential::Place::Header, "Authorization", "Bearer abc", QStringLiteral("Bearer token")}};
    spec.allowedOrigins = {Origin::fromUrl(m_demo.secondOriginUrl())};
    const Exchange ex = run(spec);
    QCOMPARE(ex.hops.size(), 2);
    for (const Hop& hop : ex.hops) {
        const Placed* p = placedNamed(hop, "Authorization");
        QVERIFY(p);
        QCOMPARE(p->boundTo, (QStringList {firstOrigin(), secondOrigin()}));
        QVERIFY(hop.withheld.isEmpty());
    }
}

void TestCredentialLedger::locationTrustedIsBoundToEveryOrigin()
{
    RequestSpec spec;
    spec.url = url(QStringLiteral("/redirect/cross-origin"));
    spec.headers = {{"Api-Token", "at-0123456789abcdef"}};
    spec.locationTrusted = true;
    const Exchange ex = run(spec);
    QCOMPARE(ex.hops.size(), 2);
    const Placed* p = placedNamed(ex.hops[1], "Api-Token");
    QVERIFY(p);
    QCOMPARE(p->boundTo, QStringList {QStringLiteral("*")});
    QCOMPARE(p->source, CredentialSource::UserHeader);
    QVERIFY(ex.hops[1].response.body.readAll().contains("at-0123456789abcdef")); // curl's --location-trusted
}

void TestCredentialLedger::urlUserInfo()
{
    QUrl target = url(QStringLiteral("/basic/resource"));
    target.setUserName(Demo::DemoServer::basicUser());
    target.setPassword(Demo::DemoServer::basicPassword());
    RequestSpec spec;
    spec.url = target;
    const Exchange ex = run(spec);
    QCOMPARE(ex.finalStatus(), 200);
    QVERIFY(hasPlaced(ex.hops[0], "Authorization", CredentialSource::UrlUserInfo));
}

void TestCredentialLedger::digestAnswerIsAChallengeAnswer()
{
    RequestSpec spec;
    spec.url = url(QStringLiteral("/digest/sha256"));
    Auth::AuthSettings settings;
    settings.method = Auth::Method::Digest;
    settings.username = Demo::DemoServer::basicUser();
    Auth::AuthSecrets secrets;
    secrets.password = Demo::DemoServer::basicPassword();
    Auth::applyTo(settings, secrets, spec);
    const Exchange ex = run(spec);
    QCOMPARE(ex.hops.size(), 2);
    QVERIFY(ex.hops[0].placed.isEmpty()); // Digest places nothing up front
    QVERIFY(ex.hops[0].ledgerRecorded);
    const Placed* answer = placedNamed(ex.hops[1], "Authorization");
    QVERIFY(answer);
    QCOMPARE(answer->source, CredentialSource::ChallengeAnswer);
    QCOMPARE(answer->boundTo, QStringList {firstOrigin()});
    QCOMPARE(ex.finalStatus(), 200);
}

void TestCredentialLedger::jarCookiesAreOneEntryEach()
{
    RequestSpec login;
    login.method = "POST";
    login.url = url(QStringLiteral("/session/login?next=/session/resource"));
    login.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    login.body
        = "user=" + Demo::DemoServer::basicUser().toUtf8() + "&password=" + Demo::DemoServer::basicPassword().toUtf8();
    const Exchange ex = run(login);
    QCOMPARE(ex.hops.size(), 2);
    QCOMPARE(ex.hops[1].cookies.sent.size(), 1);
    const Placed* cookie = placedNamed(ex.hops[1], "demo_session");
    QVERIFY(cookie);
    QCOMPARE(cookie->place, CredentialPlace::Cookie);
    QCOMPARE(cookie->source, CredentialSource::CookieJar);
    QCOMPARE(cookie->boundTo.size(), 1);
    QVERIFY2(cookie->boundTo.first().contains(m_demo.baseUrl().host()), qPrintable(cookie->boundTo.first()));

    // The login form's password is a secret body field: the HAR of the login carries no trace of it.
    const QByteArray har = Formats::exportHar(ex, SecretPolicy::standard(), false);
    QVERIFY(har.contains(QByteArray("user=" + Demo::DemoServer::basicUser().toUtf8())));
    QVERIFY(!har.contains(QByteArray("password=" + Demo::DemoServer::basicPassword().toUtf8())));
    for (const QNetworkCookie& c : m_jar.cookiesForUrl(m_demo.baseUrl()))
        m_jar.deleteCookie(c);
}

void TestCredentialLedger::profileCookiesAndQueryKey()
{
    RequestSpec spec;
    spec.url = url(QStringLiteral("/apikey/resource?x=1"));
    Auth::AuthSettings settings;
    settings.method = Auth::Method::ApiKey;
    settings.apiKeyName = QStringLiteral("api_key");
    settings.apiKeyPlace = Auth::ApiKeyPlace::Query;
    Auth::AuthSecrets secrets;
    secrets.apiKey = Demo::DemoServer::apiKey();
    secrets.cookies = QStringLiteral("theme=dark; sid=s-0123456789");
    Auth::applyTo(settings, secrets, spec);
    const Exchange ex = run(spec);
    QCOMPARE(ex.finalStatus(), 200);
    const Hop& hop = ex.hops[0];
    const Placed* key = placedNamed(hop, "api_key");
    QVERIFY(key);
    QCOMPARE(key->place, CredentialPlace::Query);
    QCOMPARE(key->source, CredentialSource::Profile);
    for (const char* name : {"theme", "sid"}) {
        const Placed* cookie = placedNamed(hop, name);
        QVERIFY2(cookie, name);
        QCOMPARE(cookie->place, CredentialPlace::Cookie);
        QCOMPARE(cookie->source, CredentialSource::Profile);
        QCOMPARE(cookie->boundTo, QStringList {firstOrigin()});
    }
    // The query key is redacted in the HAR's URL and queryString.
    const QByteArray har = Formats::exportHar(ex, SecretPolicy::standard(), false);
    QVERIFY(!har.contains(Demo::DemoServer::apiKey().toUtf8()));
    QVERIFY(har.contains("x=1"));
}

void TestCredentialLedger::ledgerTravelsThroughHar()
{
    RequestSpec spec;
    spec.url = url(QStringLiteral("/redirect/cross-origin"));
    spec.headers = {{"X-Shopify-Access-Token", "shpat_0123456789abcdef"}};
    Auth::AuthSettings bearer;
    bearer.method = Auth::Method::Bearer;
    Auth::AuthSecrets secrets;
    secrets.token = QStringLiteral("opaque-token-0123456789");
    Auth::applyTo(bearer, secrets, spec);
    const Exchange ex = run(spec);
    QCOMPARE(ex.hops.size(), 2);

    const QByteArray har = Formats::exportHar(ex, SecretPolicy::standard(), false);
    const QJsonObject ext
        = QJsonDocument::fromJson(har).object()[u"log"][u"entries"].toArray().at(0)[u"_authlens"].toObject();
    const QJsonArray placed = ext[u"placed"].toArray();
    QCOMPARE(placed.size(), 2);
    QCOMPARE(placed.at(0)[u"source"].toString(), QStringLiteral("profile"));
    QCOMPARE(placed.at(1)[u"name"].toString(), QStringLiteral("X-Shopify-Access-Token"));
    QCOMPARE(placed.at(1)[u"source"].toString(), QStringLiteral("user_header"));
    QCOMPARE(placed.at(1)[u"place"].toString(), QStringLiteral("header"));
    QCOMPARE(placed.at(1)[u"bound_to"].toArray().at(0).toString(), firstOrigin());

    const Formats::HarExchanges back = Formats::exchangesFromHar(har);
    QVERIFY2(back.ok(), qPrintable(back.error));
    QCOMPARE(back.exchanges.size(), 2); // one per entry
    for (qsizetype i = 0; i < 2; ++i) {
        const Hop& original = ex.hops.at(i);
        const Hop& read = back.exchanges.at(i).hops.constFirst();
        QVERIFY(read.ledgerRecorded);
        QCOMPARE(read.placed.size(), original.placed.size());
        for (qsizetype p = 0; p < original.placed.size(); ++p) {
            QCOMPARE(read.placed[p].name, original.placed[p].name);
            QCOMPARE(read.placed[p].place, original.placed[p].place);
            QCOMPARE(read.placed[p].source, original.placed[p].source);
            QCOMPARE(read.placed[p].label, original.placed[p].label);
            QCOMPARE(read.placed[p].boundTo, original.placed[p].boundTo);
        }
        QCOMPARE(read.withheld.size(), original.withheld.size());
        for (qsizetype w = 0; w < original.withheld.size(); ++w) {
            QCOMPARE(read.withheld[w].name, original.withheld[w].name);
            QCOMPARE(read.withheld[w].source, original.withheld[w].source);
            QCOMPARE(read.withheld[w].reason, original.withheld[w].reason);
        }
    }
    QCOMPARE(back.exchanges.at(1).hops.constFirst().withheld.size(), 2);
}

void TestCredentialLedger::browserHarHasNoLedger()
{
    QFile file(QStringLiteral(AUTHLENS_TEST_DATA_DIR "/formats/har/chrome-login-session.har"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const Formats::HarExchanges fromChrome = Formats::exchangesFromHar(file.readAll());
    QVERIFY(fromChrome.ok());
    QVERIFY(!fromChrome.exchanges.isEmpty());
    for (const Exchange& e : fromChrome.exchanges) {
        QVERIFY(!e.hops.constFirst().ledgerRecorded);
        QVERIFY(e.hops.constFirst().placed.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestCredentialLedger)
#include "TestCredentialLedger.moc"
