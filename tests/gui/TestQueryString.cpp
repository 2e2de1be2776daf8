#include "common/SecretMask.h"
#include "composer/QueryString.h"
#include "composer/RequestDraft.h"
#include "inspector/BodyPreview.h"

#include <QTest>

using namespace Authlens;
using namespace Authlens::Gui;

// Pure helpers of the GUI: URL query splitting, draft persistence, masking, body previews.
class TestQueryString : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void editedItemsAreEncoded();
    void draftDropsSecrets();
    void masking_data();
    void masking();
    void reindentKeepsOrder();
    void previewCapsLargeBodies();
};

void TestQueryString::roundTrip_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<int>("items");
    QTest::newRow("none") << QStringLiteral("http://h/p") << 0;
    QTest::newRow("simple") << QStringLiteral("http://h/p?a=1&b=2") << 2;
    QTest::newRow("duplicates") << QStringLiteral("http://h/p?a=1&a=2&a") << 3;
    QTest::newRow("encoded") << QStringLiteral("http://h/p?q=a%20b%2Bc&x=%E2%9C%93") << 2;
    QTest::newRow("plus stays") << QStringLiteral("http://h/p?q=a+b") << 1;
    QTest::newRow("fragment") << QStringLiteral("http://h/p?a=1#frag?x=1") << 1;
    QTest::newRow("empty value") << QStringLiteral("http://h/p?a=&b") << 2;
}

void TestQueryString::roundTrip()
{
    QFETCH(QString, url);
    QFETCH(int, items);
    UrlParts parts = splitUrl(url);
    const QList<QueryItem> parsed = parseQuery(parts.query);
    QCOMPARE(parsed.size(), items);
    parts.query = buildQuery(parsed);
    QCOMPARE(joinUrl(parts), url);
}

void TestQueryString::editedItemsAreEncoded()
{
    QList<QueryItem> items = parseQuery(QStringLiteral("q=a+b&path=%2Fx"));
    QCOMPARE(items.at(0).value, QStringLiteral("a+b"));
    QCOMPARE(items.at(1).value, QStringLiteral("/x"));
    items[0].value = QStringLiteral("c d+e&f=g#h");
    QCOMPARE(buildQuery(items), QStringLiteral("q=c%20d%2Be%26f%3Dg%23h&path=%2Fx"));
    QueryItem added;
    added.key = QStringLiteral("ключ");
    added.value = QStringLiteral("a/b?c");
    items.append(added);
    QCOMPARE(buildQuery(items), QStringLiteral("q=c%20d%2Be%26f%3Dg%23h&path=%2Fx&%D0%BA%D0%BB%D1%8E%D1%87=a/b?c"));
}

void TestQueryString::draftDropsSecrets()
{
    RequestDraft draft;
    draft.method = QStringLiteral("POST");
    draft.url = QStringLiteral("https://api.example.com/x");
    draft.headers = {{true, QStringLiteral("Accept"), QStringLiteral("application/json"), {}},
                     {true, QStringLiteral("Authorization"), QStringLiteral("Bearer abc"), {}},
                     {true, QStringLiteral("X-API-Key"), QStringLiteral("k-1"), {}},
                     {false, QStringLiteral("X-Debug"), QStringLiteral("1"), {}}};
    draft.body = QStringLiteral("{}");
    draft.contentType = QStringLiteral("application/json");
    draft.profileId = QStringLiteral("p1");
    const RequestDraft back = RequestDraft::fromVariantMap(draft.toVariantMap());
    QCOMPARE(back.method, draft.method);
    QCOMPARE(back.url, draft.url);
    QCOMPARE(back.body, draft.body);
    QCOMPARE(back.contentType, draft.contentType);
    QCOMPARE(back.profileId, draft.profileId);
    QCOMPARE(back.headers.size(), 4);
    QCOMPARE(back.headers.at(0), draft.headers.at(0));
    QCOMPARE(back.headers.at(1).value, QString());
    QVERIFY(!back.headers.at(1).enabled);
    QCOMPARE(back.headers.at(2).value, QString());
    QCOMPARE(back.headers.at(3), draft.headers.at(3));
}

void TestQueryString::masking_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("masked");
    QTest::newRow("bearer") << QByteArray("Authorization") << QByteArray("Bearer abc.def")
                            << QStringLiteral("Bearer •••••••• (7 chars)");
    QTest::newRow("cookie") << QByteArray("Cookie") << QByteArray("a=1; sid=xyz")
                            << QStringLiteral("a=•••••••• (1 chars); sid=•••••••• (3 chars)");
    QTest::newRow("set-cookie") << QByteArray("Set-Cookie") << QByteArray("sid=xyz; Path=/; HttpOnly")
                                << QStringLiteral("sid=•••••••• (3 chars); Path=/; HttpOnly");
    QTest::newRow("api key") << QByteArray("X-API-Key") << QByteArray("k-123") << QStringLiteral("•••••••• (5 chars)");
    QTest::newRow("plain") << QByteArray("Accept") << QByteArray("text/html") << QStringLiteral("text/html");
}

void TestQueryString::masking()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QString, masked);
    QCOMPARE(displayHeaderValue(name, value, false), masked);
    QCOMPARE(displayHeaderValue(name, value, true), QString::fromLatin1(value));
}

void TestQueryString::reindentKeepsOrder()
{
    const QByteArray json = R"({"z":1,"a":[1,2.50e3,{}],"s":"x, {y}: \"q\"","e":[]})";
    const QString expected = QStringLiteral("{\n  \"z\": 1,\n  \"a\": [\n    1,\n    2.50e3,\n    {}\n  ],\n"
                                            "  \"s\": \"x, {y}: \\\"q\\\"\",\n  \"e\": []\n}");
    QCOMPARE(reindentJson(json), expected);
}

void TestQueryString::previewCapsLargeBodies()
{
    QByteArray big = "[";
    while (big.size() < 300 * 1024)
        big += "{\"id\":12345,\"name\":\"item\"},";
    big += "{}]";
    BodyLimits limits;
    limits.displayBytes = 100 * 1024;
    limits.prettyBytes = 50 * 1024;
    const BodyPreview preview = preparePreview(Http::Body::fromBytes(big), "application/json", limits);
    QCOMPARE(preview.kind, BodyPreview::Kind::Json);
    QVERIFY(preview.isTruncated());
    QCOMPARE(preview.shownBytes, 100 * 1024);
    QVERIFY(preview.pretty.isEmpty());
    QVERIFY(preview.prettyNote.contains(QStringLiteral("Too large")));

    const BodyPreview small = preparePreview(Http::Body::fromBytes("{\"a\":1}"), "application/json; charset=utf-8");
    QCOMPARE(small.pretty, QStringLiteral("{\n  \"a\": 1\n}"));
    const BodyPreview binary = preparePreview(Http::Body::fromBytes(QByteArray("\x89PNG\r\n\x1a\n\0\0", 10)), "");
    QCOMPARE(binary.kind, BodyPreview::Kind::Binary);
    QVERIFY(binary.raw.startsWith(QStringLiteral("00000000  89 50 4e 47")));
    const BodyPreview latin1 = preparePreview(Http::Body::fromBytes("caf\xe9"), "text/plain; charset=ISO-8859-1");
    QCOMPARE(latin1.raw, QStringLiteral("café"));
}

QTEST_APPLESS_MAIN(TestQueryString)
#include "TestQueryString.moc"
