// Credential appliers and profile URL resolution: pure functions, table-driven.
#include "auth/AuthSettings.h"
#include "profiles/Profile.h"

#include <QTest>

using namespace Authlens;
using Http::Credential;

class TestAuthSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void credentials_data();
    void credentials();
    void methodNames();
    void resolve_data();
    void resolve();
};

void TestAuthSettings::credentials_data()
{
    QTest::addColumn<int>("method");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<int>("place");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("basic") << int(Auth::Method::Basic) << "demo"
                           << "demo-password" << int(Credential::Place::Header) << QByteArray("Authorization")
                           << QByteArray("Basic ZGVtbzpkZW1vLXBhc3N3b3Jk");
    // RFC 7617 §2.1: UTF-8 for non-ASCII (test vector "test:123£").
    QTest::newRow("basic utf-8") << int(Auth::Method::Basic) << "test" << QStringLiteral("123\u00A3")
                                 << int(Credential::Place::Header) << QByteArray("Authorization")
                                 << QByteArray("Basic dGVzdDoxMjPCow==");
    QTest::newRow("basic empty password")
        << int(Auth::Method::Basic) << "a"
        << "" << int(Credential::Place::Header) << QByteArray("Authorization") << QByteArray("Basic YTo=");
    QTest::newRow("bearer") << int(Auth::Method::Bearer) << ""
                            << "abc.def.ghi" << int(Credential::Place::Header) << QByteArray("Authorization")
                            << QByteArray("Bearer abc.def.ghi");
    QTest::newRow("api key header") << int(Auth::Method::ApiKey) << "X-API-Key"
                                    << "k1" << int(Credential::Place::Header) << QByteArray("X-API-Key")
                                    << QByteArray("k1");
    QTest::newRow("api key query") << int(Auth::Method::ApiKey) << "api_key"
                                   << "k2" << int(Credential::Place::Query) << QByteArray("api_key")
                                   << QByteArray("k2");
}

void TestAuthSettings::credentials()
{
    QFETCH(int, method);
    QFETCH(QString, user);
    QFETCH(QString, secret);
    QFETCH(int, place);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    Auth::AuthSettings settings;
    settings.method = Auth::Method(method);
    Auth::AuthSecrets secrets;
    if (settings.method == Auth::Method::Basic) {
        settings.username = user;
        secrets.password = secret;
    } else if (settings.method == Auth::Method::Bearer) {
        secrets.token = secret;
    } else {
        settings.apiKeyName = user;
        settings.apiKeyPlace = Credential::Place(place) == Credential::Place::Query ? Auth::ApiKeyPlace::Query
                                                                                    : Auth::ApiKeyPlace::Header;
        secrets.apiKey = secret;
    }
    const QList<Credential> creds = Auth::credentialsFor(settings, secrets);
    QCOMPARE(creds.size(), 1);
    QCOMPARE(int(creds.first().place), place);
    QCOMPARE(creds.first().name, name);
    QCOMPARE(creds.first().value, value);
    QVERIFY(!creds.first().label.isEmpty());
}

void TestAuthSettings::methodNames()
{
    for (Auth::Method m : {Auth::Method::None, Auth::Method::Basic, Auth::Method::Bearer, Auth::Method::ApiKey}) {
        bool ok = false;
        QCOMPARE(Auth::methodFromName(Auth::methodName(m), &ok), m);
        QVERIFY(ok);
    }
    bool ok = true;
    QCOMPARE(Auth::methodFromName(u"kerberos", &ok), Auth::Method::None);
    QVERIFY(!ok);
    QVERIFY(Auth::credentialsFor({}, {}).isEmpty());
}

void TestAuthSettings::resolve_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    QTest::newRow("absolute wins") << "http://127.0.0.1:1"
                                   << "https://other.example/x"
                                   << "https://other.example/x";
    QTest::newRow("relative") << "http://127.0.0.1:8080"
                              << "/api/profile"
                              << "http://127.0.0.1:8080/api/profile";
    QTest::newRow("base with path") << "https://api.example.com/v2/"
                                    << "/users?page=2"
                                    << "https://api.example.com/v2/users?page=2";
    QTest::newRow("no leading slash") << "https://api.example.com/v2"
                                      << "users"
                                      << "https://api.example.com/v2/users";
    QTest::newRow("encoded slash kept") << "https://api.example.com"
                                        << "/files/a%2Fb?q=a%26b"
                                        << "https://api.example.com/files/a%2Fb?q=a%26b";
    QTest::newRow("double slash is a path") << "https://api.example.com/v1"
                                            << "//evil.example/x"
                                            << "https://api.example.com/v1//evil.example/x";
    QTest::newRow("fragment kept") << "https://api.example.com"
                                   << "/doc#part"
                                   << "https://api.example.com/doc#part";
    QTest::newRow("no base") << ""
                             << "/x"
                             << "/x";
}

void TestAuthSettings::resolve()
{
    QFETCH(QString, base);
    QFETCH(QString, url);
    QFETCH(QString, expected);
    Profiles::Profile p;
    p.baseUrl = base;
    QCOMPARE(p.resolve(url).toString(QUrl::FullyEncoded), expected);
}

QTEST_APPLESS_MAIN(TestAuthSettings)
#include "TestAuthSettings.moc"
