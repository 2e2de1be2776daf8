// The token service's one-click fixes (issue 10) as the rules offer them: "token.refresh" and
// "token.new" on a 401 that a new access token fixes (token.expired, token.revoked, token.signature,
// credentials.missing under a Bearer challenge), only when the caller can get tokens by itself
// (DiagnoseOptions::canRefreshToken), and never "token.refresh" on a refused refresh token (no loop).
#include "diagnosis/Catalog.h"
#include "diagnosis/Diagnoser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Diagnosis;

namespace {

constexpr qint64 kNow = 1704110400; // 2024-01-01T12:00:00Z

QByteArray base64Url(const QByteArray& bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

/// An RS256 access token with these times; the signature is not checked here (no keys).
QByteArray jwt(qint64 exp)
{
    const QJsonObject header {{QLatin1String("alg"), QLatin1String("RS256")},
                              {QLatin1String("typ"), QLatin1String("at+jwt")},
                              {QLatin1String("kid"), QLatin1String("k1")}};
    const QJsonObject claims {{QLatin1String("iss"), QLatin1String("https://auth.example.com/")},
                              {QLatin1String("sub"), QLatin1String("user-1")},
                              {QLatin1String("aud"), QLatin1String("https://api.example.com")},
                              {QLatin1String("iat"), exp - 3600},
                              {QLatin1String("exp"), exp}};
    return base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.' + base64Url(QByteArray(256, 'x'));
}

struct Answer
{
    int status = 401;
    QList<QByteArray> headers; ///< response "Name: value"
    QList<QByteArray> requestHeaders;
    QByteArray method = "GET";
    QByteArray url = "https://api.example.com/v1/orders";
    QByteArray requestBody;
    QByteArray body;
};

Http::HeaderList headerList(const QList<QByteArray>& lines)
{
    Http::HeaderList list;
    for (const QByteArray& line : lines) {
        const qsizetype colon = line.indexOf(':');
        list.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return list;
}

Http::Exchange exchange(const Answer& a)
{
    Http::Hop hop;
    hop.request.method = a.method;
    hop.request.url = QUrl(QString::fromLatin1(a.url));
    hop.request.headers = headerList(a.requestHeaders);
    hop.request.body = a.requestBody;
    hop.response.received = true;
    hop.response.status = a.status;
    hop.response.headers = headerList(QList<QByteArray> {"Date: Mon, 01 Jan 2024 12:00:00 GMT"} + a.headers);
    hop.response.body = Http::Body::fromBytes(a.body);
    Http::Exchange x;
    x.hops.append(hop);
    return x;
}

QStringList fixIds(const Finding& f, FixKind kind)
{
    QStringList ids;
    for (const Fix& x : f.fixes) {
        if (x.kind == kind)
            ids.append(x.id);
    }
    return ids;
}

} // namespace

Q_DECLARE_METATYPE(Answer)

class TestTokenServiceFixes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fixes_data();
    void fixes();
};

void TestTokenServiceFixes::fixes_data()
{
    QTest::addColumn<Answer>("answer");
    QTest::addColumn<bool>("canRefresh");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QStringList>("actions"); ///< the token service's actions on the finding, in order
    QTest::addColumn<QString>("also"); ///< another fix id the finding must (still) carry, or empty

    const QByteArray expired = "Authorization: Bearer " + jwt(kNow - 7200);
    const QByteArray valid = "Authorization: Bearer " + jwt(kNow + 3600);
    const QByteArray invalidToken = "WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"";
    const QStringList both {QStringLiteral("token.refresh"), QStringLiteral("token.new")};

    Answer a;
    a.requestHeaders = {expired};
    a.headers = {invalidToken};
    QTest::newRow("expired, can refresh") << a << true << QStringLiteral("token.expired") << both << QString();
    QTest::newRow("expired, cannot: advice only")
        << a << false << QStringLiteral("token.expired") << QStringList() << QStringLiteral("advice.new_token");
    Answer forbidden = a;
    forbidden.status = 403;
    QTest::newRow("expired on a 403: not the token service's 401")
        << forbidden << true << QStringLiteral("token.expired") << QStringList() << QStringLiteral("advice.new_token");

    Answer revoked;
    revoked.requestHeaders = {valid};
    revoked.headers = {invalidToken};
    QTest::newRow("revoked") << revoked << true << QStringLiteral("token.revoked") << both << QString();
    QTest::newRow("revoked, cannot") << revoked << false << QStringLiteral("token.revoked") << QStringList()
                                     << QStringLiteral("advice.new_token");
    // The signature was not checked (no keys): the key may have rotated; a new token is signed with the new one.
    QTest::newRow("signature unverified")
        << revoked << true << QStringLiteral("token.signature") << both << QStringLiteral("token.verify_signature");

    Answer missing;
    missing.headers = {"WWW-Authenticate: Bearer realm=\"api\""};
    QTest::newRow("missing under Bearer")
        << missing << true << QStringLiteral("credentials.missing") << both << QString();
    QTest::newRow("missing, cannot") << missing << false << QStringLiteral("credentials.missing") << QStringList()
                                     << QString();
    Answer basicOnly;
    basicOnly.headers = {"WWW-Authenticate: Basic realm=\"api\""};
    QTest::newRow("missing under Basic: a token does not help")
        << basicOnly << true << QStringLiteral("credentials.missing") << QStringList() << QString();

    // The token endpoint refused the refresh token: never refresh again, re-authenticate.
    Answer refused;
    refused.status = 400;
    refused.method = "POST";
    refused.url = "https://auth.example.com/oauth/token";
    refused.requestHeaders = {"Content-Type: application/x-www-form-urlencoded"};
    refused.requestBody = "grant_type=refresh_token&refresh_token=rt-1234567890";
    refused.headers = {"Content-Type: application/json"};
    refused.body = R"({"error":"invalid_grant","error_description":"Refresh token reused"})";
    QTest::newRow("invalid_grant on refresh: token.new only")
        << refused << true << QStringLiteral("oauth.invalid_grant") << QStringList {QStringLiteral("token.new")}
        << QStringLiteral("advice.reauthenticate");
    QTest::newRow("invalid_grant, cannot") << refused << false << QStringLiteral("oauth.invalid_grant") << QStringList()
                                           << QStringLiteral("advice.reauthenticate");
    Answer wrongPassword = refused;
    wrongPassword.requestBody = "grant_type=password&username=demo&password=nope";
    QTest::newRow("invalid_grant on password: the grant itself failed")
        << wrongPassword << true << QStringLiteral("oauth.invalid_grant") << QStringList()
        << QStringLiteral("advice.reauthenticate");
}

void TestTokenServiceFixes::fixes()
{
    QFETCH(Answer, answer);
    QFETCH(bool, canRefresh);
    QFETCH(QString, code);
    QFETCH(QStringList, actions);
    QFETCH(QString, also);

    DiagnoseOptions options;
    options.now = QDateTime::fromSecsSinceEpoch(kNow, Qt::UTC);
    options.canResend = true;
    options.hasProfile = true;
    options.canRefreshToken = canRefresh;
    const Authlens::Diagnosis::Diagnosis result = diagnose(exchange(answer), options);
    const Finding* f = findFinding(result.findings, code);
    QVERIFY2(f, qPrintable(code));
    QStringList tokenActions = fixIds(*f, FixKind::Action);
    tokenActions.removeIf(
        [](const QString& id) { return !id.startsWith(u"token.") || id == u"token.verify_signature"; });
    QCOMPARE(tokenActions, actions);
    if (!also.isEmpty()) {
        const QStringList all = fixIds(*f, FixKind::Action) + fixIds(*f, FixKind::Advice);
        QVERIFY2(all.contains(also), qPrintable(all.join(u',')));
    }
    // No other finding offers the token service's actions twice, and none offers token.refresh at a
    // token endpoint.
    for (const Finding& other : result.findings) {
        const QStringList ids = fixIds(other, FixKind::Action);
        QVERIFY(ids.count(QStringLiteral("token.refresh")) <= 1);
        if (answer.status == 400)
            QVERIFY(!ids.contains(QStringLiteral("token.refresh")));
    }
}

QTEST_APPLESS_MAIN(TestTokenServiceFixes)
#include "TestTokenServiceFixes.moc"
