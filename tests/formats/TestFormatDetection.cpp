// Telling the formats apart, the import limits every importer shares, and the importFile() router.
#include "FormatsTestData.h"

#include "profiles/formats/FormatDetection.h"
#include "profiles/formats/ImportFile.h"
#include "profiles/formats/InputLimits.h"

#include <QTest>

using namespace Authlens::Formats;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Authlens::Formats::ImportFormat)

class TestFormatDetection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void samples_data();
    void samples();
    void detectInline_data();
    void detectInline();
    void jsonLimits_data();
    void jsonLimits();
    void textPosition_data();
    void textPosition();
    void importFileRoutes_data();
    void importFileRoutes();
    void names();
};

void TestFormatDetection::samples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<ImportFormat>("format");
    QTest::newRow("chrome bash") << "curl/chrome-bash.txt" << ImportFormat::Curl;
    QTest::newRow("chrome cmd") << "curl/chrome-cmd.txt" << ImportFormat::Curl;
    QTest::newRow("firefox bash") << "curl/firefox-bash.txt" << ImportFormat::Curl;
    QTest::newRow("firefox cmd") << "curl/firefox-cmd.txt" << ImportFormat::Curl;
    QTest::newRow("postman v2.1") << "postman/shop-api.postman_collection.json" << ImportFormat::PostmanCollection;
    QTest::newRow("postman v2.0") << "postman/identity-api.postman_collection.json" << ImportFormat::PostmanCollection;
    QTest::newRow("postman environment") << "postman/shop-staging.postman_environment.json"
                                         << ImportFormat::PostmanEnvironment;
    QTest::newRow("har") << "har/chrome-login-session.har" << ImportFormat::Har;
    // Broken files still reach the importer their name promises, so its error message is the one shown.
    QTest::newRow("truncated har") << "malformed/truncated.har" << ImportFormat::Har;
    QTest::newRow("html named .har") << "malformed/not-json.har" << ImportFormat::Har;
    QTest::newRow("postman v1") << "malformed/collection-v1.json" << ImportFormat::Unknown;
}

void TestFormatDetection::samples()
{
    QFETCH(QString, file);
    QFETCH(ImportFormat, format);
    const QByteArray content = formatsTestData(file);
    QVERIFY(!content.isEmpty());
    QCOMPARE(detectFormat(content, file.section(u'/', -1)), format);
}

void TestFormatDetection::detectInline_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<ImportFormat>("format");
    QTest::newRow("native") << QByteArray(R"({"format":"authlens-profiles","version":1,"profiles":[]})") << ""
                            << ImportFormat::AuthlensProfiles;
    QTest::newRow("native by name when broken")
        << QByteArray("{\"format\":") << "team.authlens.json" << ImportFormat::AuthlensProfiles;
    QTest::newRow("curl with prompt") << QByteArray("  $ curl https://x/") << "" << ImportFormat::Curl;
    QTest::newRow("curl.exe") << QByteArray("curl.exe -k https://x/") << "" << ImportFormat::Curl;
    QTest::newRow("curl cmd caret") << QByteArray("curl ^\"https://x/^\"") << "" << ImportFormat::Curl;
    QTest::newRow("curl path") << QByteArray("/usr/bin/curl https://x/") << "" << ImportFormat::Curl;
    QTest::newRow("curly is not curl") << QByteArray("curly https://x/") << "" << ImportFormat::Unknown;
    QTest::newRow("environment without scope")
        << QByteArray(R"({"name":"dev","values":[]})") << "" << ImportFormat::PostmanEnvironment;
    QTest::newRow("har with BOM") << QByteArray("\xEF\xBB\xBF{\"log\":{\"entries\":[]}}") << "" << ImportFormat::Har;
    QTest::newRow("unknown json") << QByteArray(R"({"hello":"world"})") << "x.json" << ImportFormat::Unknown;
    QTest::newRow("plain text") << QByteArray("GET / HTTP/1.1") << "" << ImportFormat::Unknown;
    QTest::newRow("empty") << QByteArray() << "" << ImportFormat::Unknown;
    QTest::newRow("deep json") << QByteArray(200, '[') << "" << ImportFormat::Unknown;
}

void TestFormatDetection::detectInline()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, fileName);
    QFETCH(ImportFormat, format);
    QCOMPARE(detectFormat(content, fileName), format);
}

void TestFormatDetection::jsonLimits_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error"); ///< empty: parses
    const auto nested = [](int depth) -> QByteArray { return QByteArray(depth, '[') + QByteArray(depth, ']'); };
    QTest::newRow("64 levels") << nested(64) << "";
    QTest::newRow("65 levels") << nested(65) << "nested more than 64 levels deep (at line 1, column 65)";
    QTest::newRow("brackets in strings do not count") << QByteArray("[\"" + QByteArray(100, '[') + "\"]") << "";
    QTest::newRow("escaped quote in string") << QByteArray(R"(["a\"[[[", 1])") << "";
    QTest::newRow("objects count too") << QByteArray("{\"a\":").repeated(70) << "nested more than 64";
    QTest::newRow("truncated") << QByteArray("{\n  \"a\": [1,\n  2") << "Not valid JSON at line 3";
    QTest::newRow("trailing garbage") << QByteArray("{} x") << "Not valid JSON at line 1, column 4";
    QTest::newRow("empty") << QByteArray(" \n ") << "empty";
    QTest::newRow("BOM accepted") << QByteArray("\xEF\xBB\xBF{}") << "";
    QTest::newRow("over 50 MB") << QByteArray(kMaxImportBytes + 1, ' ') << "up to 50 MB";
}

void TestFormatDetection::jsonLimits()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString message;
    const auto doc = parseJsonLimited(json, &message);
    if (error.isEmpty()) {
        QVERIFY2(doc.has_value(), qPrintable(message));
    } else {
        QVERIFY(!doc.has_value());
        QVERIFY2(message.contains(error), qPrintable(message));
    }
}

void TestFormatDetection::textPosition_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("offset");
    QTest::addColumn<QString>("expected");
    QTest::newRow("start") << QByteArray("abc") << 0 << "line 1, column 1";
    QTest::newRow("second line") << QByteArray("ab\ncd") << 4 << "line 2, column 2";
    QTest::newRow("utf-8 counts characters") << QByteArray("\xC3\xA9\xC3\xA9x") << 4 << "line 1, column 3";
    QTest::newRow("past the end") << QByteArray("ab") << 99 << "line 1, column 3";
    QTest::newRow("negative") << QByteArray("ab") << -5 << "line 1, column 1";
}

void TestFormatDetection::textPosition()
{
    QFETCH(QByteArray, text);
    QFETCH(int, offset);
    QFETCH(QString, expected);
    QCOMPARE(Authlens::Formats::textPosition(text, offset), expected);
}

void TestFormatDetection::importFileRoutes_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<ImportFormat>("format");
    QTest::addColumn<QString>("error"); ///< empty: imports
    QTest::newRow("curl") << formatsTestData(u"curl/chrome-bash.txt"_s) << "" << ImportFormat::Curl << "";
    QTest::newRow("postman") << formatsTestData(u"postman/shop-api.postman_collection.json"_s) << ""
                             << ImportFormat::PostmanCollection << "";
    QTest::newRow("har") << formatsTestData(u"har/chrome-login-session.har"_s) << "" << ImportFormat::Har << "";
    QTest::newRow("environment") << formatsTestData(u"postman/shop-staging.postman_environment.json"_s) << ""
                                 << ImportFormat::PostmanEnvironment << "Import it into an existing profile";
    QTest::newRow("native") << QByteArray(R"({"format":"authlens-profiles"})") << "" << ImportFormat::AuthlensProfiles
                            << "profile importer";
    QTest::newRow("unknown") << QByteArray("hello") << "notes.txt" << ImportFormat::Unknown << "cannot tell";
    QTest::newRow("truncated har") << formatsTestData(u"malformed/truncated.har"_s) << "session.har"
                                   << ImportFormat::Har << "Not valid JSON at line";
    QTest::newRow("huge") << QByteArray(kMaxImportBytes + 1, 'x') << "" << ImportFormat::Unknown << "up to 50 MB";
}

void TestFormatDetection::importFileRoutes()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, fileName);
    QFETCH(ImportFormat, format);
    QFETCH(QString, error);
    const ImportResult r = importFile(content, fileName);
    QCOMPARE(r.format, format);
    if (error.isEmpty()) {
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY(!r.profiles.isEmpty());
    } else {
        QVERIFY2(r.error.contains(error), qPrintable(r.error));
        QVERIFY(r.profiles.isEmpty());
    }
}

void TestFormatDetection::names()
{
    QCOMPARE(formatName(ImportFormat::PostmanCollection), u"postman-collection"_s);
    QCOMPARE(formatName(ImportFormat::Har), u"har"_s);
    QCOMPARE(formatName(ImportFormat::AuthlensProfiles), u"authlens"_s);
    QCOMPARE(formatLabel(ImportFormat::Curl), u"curl command"_s);
}

QTEST_APPLESS_MAIN(TestFormatDetection)
#include "TestFormatDetection.moc"
