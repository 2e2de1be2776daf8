// Every profile an importer produces can be saved as a profile file (ProfileJson) and read back,
// and that file holds none of the secrets the import found.
#include "FormatsTestData.h"

#include "profiles/ProfileJson.h"
#include "profiles/formats/ImportFile.h"

#include <QJsonDocument>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Formats;
using namespace Qt::StringLiterals;

class TestImportedProfiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void survivesProfileFile_data();
    void survivesProfileFile();
};

void TestImportedProfiles::survivesProfileFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>(
        "secrets"); ///< secret values of the sample (decoded too) that must not reach the file
    const QStringList token {u"c2lnbmF0dXJlLW5vdC1yZWFs"_s};
    QTest::newRow("chrome bash") << "curl/chrome-bash.txt" << (token + QStringList {u"8f1c2e"_s});
    QTest::newRow("chrome cmd") << "curl/chrome-cmd.txt" << (token + QStringList {u"8f1c2e"_s});
    QTest::newRow("firefox bash") << "curl/firefox-bash.txt"
                                  << QStringList {u"YWxpY2U6czNjcjN0OnBhc3M="_s, u"s3cr3t"_s, u"Zm9vYmFy"_s,
                                                  u"abc123"_s};
    QTest::newRow("firefox cmd") << "curl/firefox-cmd.txt" << QStringList {u"k_live_51HxQ2exampleKey"_s};
    QTest::newRow("multiline bash") << "curl/chrome-bash-multiline.txt" << QStringList {u"demo-key-123"_s};
    QTest::newRow("multiline cmd") << "curl/chrome-cmd-multiline.txt" << QStringList {u"demo-key-123"_s};
    QTest::newRow("postman shop") << "postman/shop-api.postman_collection.json"
                                  << (token + QStringList {u"adm_8c1f0e7d9b"_s, u"whsec_5d3e"_s});
    QTest::newRow("postman identity") << "postman/identity-api.postman_collection.json"
                                      << QStringList {u"at_9f8e7d6c5b4a"_s, u"cs_0123456789abcdef"_s};
    QTest::newRow("postman demo oauth2") << "postman/demo-oauth2.postman_collection.json"
                                         << QStringList {u"demo-client-secret"_s, u"bm90LWEtcmVhbC1zaWduYXR1cmU"_s};
    QTest::newRow("postman partner oauth2")
        << "postman/partner-oauth2.postman_collection.json"
        << QStringList {u"pcs_7Hq2Lm9Xv4Rt"_s, u"cGFydG5lci1zaWduYXR1cmUtbm90LXJlYWw"_s, u"prx_secret_55Kq"_s,
                        u"Ops-Pa55!"_s, u"b2xkZXItdG9rZW4tc2lnbmF0dXJl"_s};
    QTest::newRow("har") << "har/chrome-login-session.har"
                         << QStringList {u"c2lnbmF0dXJlLW5vdC1yZWFs"_s, u"bmV3LXNpZ25hdHVyZQ"_s, u"expired-7f3a"_s,
                                         u"sk_test_4eC39HqLyjWDarjtT1zdp7dc"_s};
}

void TestImportedProfiles::survivesProfileFile()
{
    QFETCH(QString, file);
    QFETCH(QStringList, secrets);
    const QByteArray content = formatsTestData(file);
    const ImportResult r = importFile(content, file.section(u'/', -1));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY(!r.profiles.isEmpty());
    for (const Profiles::Profile& p : r.profiles) {
        const QJsonObject json = Profiles::ProfileJson::toJson(p);
        const QByteArray text = QJsonDocument(json).toJson();
        for (const QString& secret : secrets)
            QVERIFY2(!text.contains(secret.toUtf8()), qPrintable(secret + u" in\n" + QString::fromUtf8(text)));
        QString error;
        const std::optional<Profiles::Profile> back
            = Profiles::ProfileJson::fromJson(json, Profiles::ProfileJson::kSchemaVersion, &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QCOMPARE(back->id, p.id);
        QCOMPARE(back->name, p.name);
        QCOMPARE(back->baseUrl, p.baseUrl);
        QCOMPARE(back->auth, p.auth);
        QCOMPARE(back->variables, p.variables);
        QCOMPARE(back->tls, p.tls);
        QCOMPARE(back->requests, p.requests);
    }
}

QTEST_APPLESS_MAIN(TestImportedProfiles)
#include "TestImportedProfiles.moc"
