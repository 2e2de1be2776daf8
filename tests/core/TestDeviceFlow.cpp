// The device authorization grant's pure half (issue 11, RFC 8628): reading a device authorization answer
// (§3.2) with every way it can be wrong, the device authorization request (§3.1) and the poll (§3.4) for
// each client authentication, and the poll answers in words.
#include "auth/AuthSettings.h"
#include "workspace/DeviceFlow.h"

#include <QTest>
#include <QUrlQuery>

using namespace Authlens;
using namespace Authlens::Workspace;

namespace {

/// JSON written with single quotes (readable in C++ source, and moc-safe): the quotes become double.
QByteArray j(const char* text)
{
    return QByteArray(text).replace('\'', '"');
}

Http::Hop answer(int status, const QByteArray& contentType, const QByteArray& body)
{
    Http::Hop hop;
    hop.request.method = "POST";
    hop.request.url = QUrl(QStringLiteral("https://as.example.com/device_authorization"));
    hop.response.received = true;
    hop.response.status = status;
    if (!contentType.isEmpty())
        hop.response.headers.append({QByteArrayLiteral("Content-Type"), contentType});
    hop.response.body = Http::Body::fromBytes(body);
    return hop;
}

Profiles::Profile profile(Auth::ClientAuth clientAuth)
{
    Profiles::Profile p;
    p.auth.method = Auth::Method::OAuth2;
    p.auth.oauth.grantType = QStringLiteral("device_code");
    p.auth.oauth.clientId = QStringLiteral("tv app");
    p.auth.oauth.clientAuth = clientAuth;
    p.auth.oauth.scopes = {QStringLiteral("openid"), QStringLiteral("orders:read")};
    p.auth.oauth.audience = QStringLiteral("https://api.example.com");
    p.sessionSecrets.clientSecret = QStringLiteral("s3cr+t");
    return p;
}

QList<QPair<QString, QString>> form(const Http::RequestSpec& spec)
{
    return QUrlQuery(QString::fromUtf8(spec.body)).queryItems(QUrl::FullyDecoded);
}

QString authorizationOf(const Http::RequestSpec& spec)
{
    for (const Http::Credential& c : spec.credentials) {
        if (c.name.compare("Authorization", Qt::CaseInsensitive) == 0)
            return QString::fromLatin1(c.value);
    }
    return {};
}

// RFC 8628 §3.2's example answer.
const QByteArray RfcExample
    = j("{\n  'device_code': 'GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS',\n  'user_code': 'WDJB-MJHT',\n  "
        "'verification_uri': 'https://example.com/device',\n  'verification_uri_complete': "
        "'https://example.com/device?user_code=WDJB-MJHT',\n  'expires_in': 1800,\n  'interval': 5\n}");

} // namespace

class TestDeviceFlow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rfcExample();
    void answers_data();
    void answers();
    void noAnswer();
    void authorizationRequest_data();
    void authorizationRequest();
    void pollRequest();
    void pollRequestNeedsAnHttpEndpoint();
    void answerWords();
};

void TestDeviceFlow::rfcExample()
{
    const DeviceAuthorizationAnswer a = parseDeviceAuthorization(answer(200, "application/json", RfcExample));
    QVERIFY2(a.ok, qPrintable(a.problem));
    QCOMPARE(a.deviceCode, QStringLiteral("GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS"));
    QCOMPARE(a.device.userCode, QStringLiteral("WDJB-MJHT"));
    QCOMPARE(a.device.verificationUri, QUrl(QStringLiteral("https://example.com/device")));
    QCOMPARE(a.device.verificationUriComplete, QUrl(QStringLiteral("https://example.com/device?user_code=WDJB-MJHT")));
    QCOMPARE(a.device.expiresIn, 1800);
    QCOMPARE(a.device.interval, 5);
    QVERIFY(a.notes.isEmpty());
}

void TestDeviceFlow::answers_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("interval");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("problemContains");
    QTest::addColumn<QString>("noteContains");

    const QByteArray base
        = j("'device_code':'dc','user_code':'ABCD-EFGH','verification_uri':'https://as.example.com/device'");
    QTest::newRow("minimal: interval defaults to 5")
        << 200 << QByteArray("{" + base + j(",'expires_in':600}")) << true << 5 << QString() << QString() << QString();
    QTest::newRow("numbers as strings") << 200 << QByteArray("{" + base + j(",'expires_in':'600','interval':'2'}"))
                                        << true << 2 << QString() << QString() << QString();
    QTest::newRow("Google's verification_url")
        << 200
        << QByteArray(j("{'device_code':'dc','user_code':'ABCD-EFGH','verification_url':'https://www.google.com/"
                        "device','expires_in':1800,'interval':5}"))
        << true << 5 << QString() << QString() << QStringLiteral("verification_url");
    QTest::newRow("verification_uri_complete not http: ignored")
        << 200 << QByteArray("{" + base + j(",'verification_uri_complete':'javascript:alert(1)','expires_in':60}"))
        << true << 5 << QString() << QString() << QStringLiteral("verification_uri_complete");
    QTest::newRow("an error answer") << 400 << QByteArray(j("{'error':'invalid_client','error_description':'unknown'}"))
                                     << false << 5 << QStringLiteral("invalid_client")
                                     << QStringLiteral("refused: invalid_client (unknown)") << QString();
    QTest::newRow("error not a string") << 400 << QByteArray(j("{'error':42}")) << false << 5 << QString()
                                        << QStringLiteral("not a string") << QString();
    QTest::newRow("HTML") << 200 << QByteArray("<!DOCTYPE html><html><body>Sign in</body></html>") << false << 5
                          << QString() << QStringLiteral("HTML page") << QString();
    QTest::newRow("empty") << 200 << QByteArray() << false << 5 << QString() << QStringLiteral("empty body")
                           << QString();
    QTest::newRow("a JSON array") << 200 << QByteArray("[1,2]") << false << 5 << QString()
                                  << QStringLiteral("not a JSON object") << QString();
    QTest::newRow("200 required") << 201 << QByteArray("{" + base + j(",'expires_in':600}")) << false << 5 << QString()
                                  << QStringLiteral("not 200") << QString();
    QTest::newRow("no device_code")
        << 200 << QByteArray(j("{'user_code':'A','verification_uri':'https://as.example.com/d','expires_in':60}"))
        << false << 5 << QString() << QStringLiteral("no device_code") << QString();
    QTest::newRow("device_code a number")
        << 200
        << QByteArray(
               j("{'device_code':7,'user_code':'A','verification_uri':'https://as.example.com/d','expires_in':60}"))
        << false << 5 << QString() << QStringLiteral("no device_code") << QString();
    QTest::newRow("no user_code")
        << 200 << QByteArray(j("{'device_code':'dc','verification_uri':'https://as.example.com/d','expires_in':60}"))
        << false << 5 << QString() << QStringLiteral("no user_code") << QString();
    QTest::newRow("user_code nobody can type")
        << 200
        << QByteArray(j("{'device_code':'dc','user_code':'") + QByteArray(100, 'A')
                      + j("','verification_uri':'https://as.example.com/d','expires_in':60}"))
        << false << 5 << QString() << QStringLiteral("100 characters") << QString();
    QTest::newRow("no verification_uri") << 200 << QByteArray(j("{'device_code':'dc','user_code':'A','expires_in':60}"))
                                         << false << 5 << QString() << QStringLiteral("no verification_uri")
                                         << QString();
    QTest::newRow("verification_uri not http")
        << 200
        << QByteArray(j("{'device_code':'dc','user_code':'A','verification_uri':'file:///etc/passwd','expires_in':60}"))
        << false << 5 << QString() << QStringLiteral("not an http(s) URL") << QString();
    QTest::newRow("verification_uri relative")
        << 200 << QByteArray(j("{'device_code':'dc','user_code':'A','verification_uri':'/device','expires_in':60}"))
        << false << 5 << QString() << QStringLiteral("not an http(s) URL") << QString();
    QTest::newRow("no expires_in") << 200 << QByteArray("{" + base + "}") << false << 5 << QString()
                                   << QStringLiteral("no expires_in") << QString();
    QTest::newRow("expires_in zero") << 200 << QByteArray("{" + base + j(",'expires_in':0}")) << false << 5 << QString()
                                     << QStringLiteral("expires_in") << QString();
    QTest::newRow("expires_in text") << 200 << QByteArray("{" + base + j(",'expires_in':'soon'}")) << false << 5
                                     << QString() << QStringLiteral("expires_in") << QString();
    QTest::newRow("expires_in a year") << 200 << QByteArray("{" + base + j(",'expires_in':31536000}")) << false << 5
                                       << QString() << QStringLiteral("expires_in") << QString();
    QTest::newRow("interval negative") << 200 << QByteArray("{" + base + j(",'expires_in':60,'interval':-1}")) << false
                                       << 5 << QString() << QStringLiteral("interval") << QString();
    QTest::newRow("interval an object") << 200 << QByteArray("{" + base + j(",'expires_in':60,'interval':{}}")) << false
                                        << 5 << QString() << QStringLiteral("interval") << QString();
}

void TestDeviceFlow::answers()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(int, interval);
    QFETCH(QString, error);
    QFETCH(QString, problemContains);
    QFETCH(QString, noteContains);
    const DeviceAuthorizationAnswer a = parseDeviceAuthorization(answer(status, "application/json", body));
    QCOMPARE(a.ok, ok);
    QCOMPARE(a.error, error);
    if (ok) {
        QVERIFY2(a.problem.isEmpty(), qPrintable(a.problem));
        QCOMPARE(a.device.interval, interval);
        QCOMPARE(a.deviceCode, QStringLiteral("dc"));
        QVERIFY(a.device.verificationUri.scheme().startsWith(u"http"));
    } else {
        QVERIFY2(a.problem.contains(problemContains), qPrintable(a.problem));
        QVERIFY(a.deviceCode.isEmpty());
    }
    if (noteContains.isEmpty())
        QVERIFY(a.notes.isEmpty());
    else
        QVERIFY2(a.notes.join(u' ').contains(noteContains), qPrintable(a.notes.join(u' ')));
    if (!a.device.verificationUriComplete.isEmpty())
        QVERIFY(a.device.verificationUriComplete.scheme().startsWith(u"http"));
}

void TestDeviceFlow::noAnswer()
{
    Http::Hop hop;
    hop.error = {Http::ErrorKind::ConnectionRefused, QStringLiteral("Connection refused")};
    const DeviceAuthorizationAnswer a = parseDeviceAuthorization(hop);
    QVERIFY(!a.ok);
    QVERIFY2(a.problem.contains(u"Connection refused"), qPrintable(a.problem));
}

void TestDeviceFlow::authorizationRequest_data()
{
    QTest::addColumn<int>("clientAuth");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QString>("authorization");

    QTest::newRow("public client") << int(Auth::ClientAuth::None)
                                   << QStringList {QStringLiteral("scope"), QStringLiteral("audience"),
                                                   QStringLiteral("client_id")}
                                   << QString();
    QTest::newRow("client_secret_post") << int(Auth::ClientAuth::ClientSecretPost)
                                        << QStringList {QStringLiteral("scope"), QStringLiteral("audience"),
                                                        QStringLiteral("client_id"), QStringLiteral("client_secret")}
                                        << QString();
    // RFC 6749 §2.3.1: id and secret form-encoded, then Basic.
    QTest::newRow("client_secret_basic") << int(Auth::ClientAuth::ClientSecretBasic)
                                         << QStringList {QStringLiteral("scope"), QStringLiteral("audience")}
                                         << QStringLiteral("Basic ")
            + QString::fromLatin1(QByteArray("tv%20app:s3cr%2Bt").toBase64());
}

void TestDeviceFlow::authorizationRequest()
{
    QFETCH(int, clientAuth);
    QFETCH(QStringList, names);
    QFETCH(QString, authorization);
    const QUrl endpoint(QStringLiteral("https://as.example.com/device_authorization"));
    Error error;
    const auto spec = deviceAuthorizationRequest(profile(Auth::ClientAuth(clientAuth)), endpoint, &error);
    QVERIFY2(spec, qPrintable(error.message));
    QCOMPARE(spec->method, QByteArrayLiteral("POST"));
    QCOMPARE(spec->url, endpoint);
    QVERIFY(!spec->followRedirects); // it carries the client's credentials
    const auto items = form(*spec);
    QStringList got;
    for (const auto& item : items)
        got.append(item.first);
    QCOMPARE(got, names); // RFC 8628 §3.1: no grant_type
    QCOMPARE(items.first().second, QStringLiteral("openid orders:read"));
    QCOMPARE(authorizationOf(*spec), authorization);
}

void TestDeviceFlow::pollRequest()
{
    const QUrl endpoint(QStringLiteral("https://as.example.com/token"));
    Error error;
    const auto spec = devicePollRequest(profile(Auth::ClientAuth::None), endpoint, QStringLiteral("dc+/=?&x"), &error);
    QVERIFY2(spec, qPrintable(error.message));
    const auto items = form(*spec);
    QCOMPARE(items.at(0),
             qMakePair(QStringLiteral("grant_type"), QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")));
    QCOMPARE(items.at(1), qMakePair(QStringLiteral("device_code"), QStringLiteral("dc+/=?&x"))); // encoded, decoded
    QVERIFY(std::none_of(items.cbegin(), items.cend(), [](const auto& i) { return i.first == u"scope"; }));
    QVERIFY(std::any_of(items.cbegin(), items.cend(),
                        [](const auto& i) { return i.first == u"client_id" && i.second == u"tv app"; }));
    QVERIFY(spec->body.contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"));
}

void TestDeviceFlow::pollRequestNeedsAnHttpEndpoint()
{
    Error error;
    QVERIFY(!devicePollRequest(profile(Auth::ClientAuth::None), QUrl(QStringLiteral("ftp://as.example.com/t")),
                               QStringLiteral("dc"), &error));
    QCOMPARE(error.kind, ErrorKind::BadInput);
    Profiles::Profile noSecret = profile(Auth::ClientAuth::ClientSecretBasic);
    noSecret.sessionSecrets.clientSecret.clear();
    QVERIFY(!deviceAuthorizationRequest(noSecret, QUrl(QStringLiteral("https://as.example.com/d")), &error));
    QVERIFY2(error.message.contains(u"no client secret"), qPrintable(error.message));
    // The grant itself is one the service runs.
    QVERIFY(!TokenService::checkGrant(profile(Auth::ClientAuth::None), QStringLiteral("device_code")).isError());
}

void TestDeviceFlow::answerWords()
{
    QVERIFY(devicePollAnswerText(QStringLiteral("authorization_pending"), 5).contains(u"every 5 s"));
    QVERIFY(devicePollAnswerText(QStringLiteral("slow_down"), 10).contains(u"every 10 s"));
    QVERIFY(devicePollAnswerText(QStringLiteral("expired_token"), 5).contains(u"expired"));
    QVERIFY(devicePollAnswerText(QStringLiteral("access_denied"), 5).contains(u"denied"));
    QVERIFY(devicePollAnswerText(QStringLiteral("approved"), 5).contains(u"token arrived"));
    QVERIFY(devicePollAnswerText(QStringLiteral("invalid_grant"), 5).contains(u"invalid_grant"));
}

QTEST_GUILESS_MAIN(TestDeviceFlow)
#include "TestDeviceFlow.moc"
