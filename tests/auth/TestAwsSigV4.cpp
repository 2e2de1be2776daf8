#include "auth/AwsSigV4.h"

#include <QTest>

using namespace Authlens;
using namespace Authlens::Auth;

// The signer against AWS's signing test suite (tests/data/auth/AWS-SIGV4-SOURCES.md): the suite's request,
// the canonical request where the case is about canonicalisation, and the published signature.
class TestAwsSigV4 : public QObject
{
    Q_OBJECT
private:
    static AwsCredentials example(const QString& token = {})
    {
        return {QStringLiteral("AKIDEXAMPLE"), QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), token};
    }
    static AwsScope scope() { return {QStringLiteral("us-east-1"), QStringLiteral("service")}; }
    static QDateTime when() { return QDateTime(QDate(2015, 8, 30), QTime(12, 36), Qt::UTC); }

private Q_SLOTS:
    void suite_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target"); // the request-target of request.txt
        QTest::addColumn<QList<QByteArray>>("headers"); // besides Host and X-Amz-Date
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("canonicalUriAndQuery"); // lines 2 and 3 of the canonical request
        QTest::addColumn<QByteArray>("signature");
        const QList<QByteArray> none;
        QTest::newRow("get-vanilla") << QByteArray("GET") << QByteArray("/") << none << QByteArray()
                                     << QByteArray("/\n")
                                     << QByteArray("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
        QTest::newRow("get-vanilla-query-order-key-case")
            << QByteArray("GET") << QByteArray("/?Param2=value2&Param1=value1") << none << QByteArray()
            << QByteArray("/\nParam1=value1&Param2=value2")
            << QByteArray("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
        QTest::newRow("get-vanilla-query-order-encoded")
            << QByteArray("GET") << QByteArray("/?Param-3=Value3&Param=Value2&%E1%88%B4=Value1") << none << QByteArray()
            << QByteArray("/\n%E1%88%B4=Value1&Param=Value2&Param-3=Value3")
            << QByteArray("371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac");
        QTest::newRow("get-vanilla-utf8-query")
            << QByteArray("GET") << QByteArray("/?\xe1\x88\xb4=bar") << none << QByteArray()
            << QByteArray("/\n%E1%88%B4=bar")
            << QByteArray("2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04");
        const QByteArray unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        QTest::newRow("get-vanilla-query-unreserved")
            << QByteArray("GET") << QByteArray("/?" + unreserved + '=' + unreserved) << none << QByteArray()
            << QByteArray("/\n" + unreserved + '=' + unreserved)
            << QByteArray("9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197");
        QTest::newRow("get-unreserved") << QByteArray("GET") << QByteArray("/" + unreserved) << none << QByteArray()
                                        << QByteArray("/" + unreserved + '\n')
                                        << QByteArray(
                                               "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f");
        QTest::newRow("get-utf8") << QByteArray("GET") << QByteArray("/\xe1\x88\xb4") << none << QByteArray()
                                  << QByteArray("/%E1%88%B4\n")
                                  << QByteArray("8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
        QTest::newRow("get-space-normalized")
            << QByteArray("GET") << QByteArray("/example space/") << none << QByteArray()
            << QByteArray("/example%20space/\n")
            << QByteArray("652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741");
        QTest::newRow("get-slashes-normalized")
            << QByteArray("GET") << QByteArray("//example//") << none << QByteArray() << QByteArray("/example/\n")
            << QByteArray("9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84");
        QTest::newRow("get-relative-relative-normalized")
            << QByteArray("GET") << QByteArray("/example1/example2/../..") << none << QByteArray() << QByteArray("/\n")
            << QByteArray("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
        QTest::newRow("get-slash-dot-slash-normalized")
            << QByteArray("GET") << QByteArray("/./") << none << QByteArray() << QByteArray("/\n")
            << QByteArray("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
        QTest::newRow("get-header-key-duplicate")
            << QByteArray("GET") << QByteArray("/")
            << QList<QByteArray> {"My-Header1:value2", "My-Header1:value2", "My-Header1:value1"} << QByteArray()
            << QByteArray("/\n") << QByteArray("c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea");
        QTest::newRow("get-header-value-trim")
            << QByteArray("GET") << QByteArray("/")
            << QList<QByteArray> {"My-Header1: value1", "My-Header2: \"a   b   c\""} << QByteArray()
            << QByteArray("/\n") << QByteArray("acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736");
        QTest::newRow("post-vanilla") << QByteArray("POST") << QByteArray("/") << none << QByteArray()
                                      << QByteArray("/\n")
                                      << QByteArray("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
        QTest::newRow("post-vanilla-query")
            << QByteArray("POST") << QByteArray("/?Param1=value1") << none << QByteArray()
            << QByteArray("/\nParam1=value1")
            << QByteArray("28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11");
        QTest::newRow("post-header-key-sort")
            << QByteArray("POST") << QByteArray("/") << QList<QByteArray> {"My-Header1:value1"} << QByteArray()
            << QByteArray("/\n") << QByteArray("c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c");
        QTest::newRow("post-header-value-case")
            << QByteArray("POST") << QByteArray("/") << QList<QByteArray> {"My-Header1:VALUE1"} << QByteArray()
            << QByteArray("/\n") << QByteArray("cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d");
        // sign_body: the suite adds x-amz-content-sha256 and signs Content-Length too.
        QTest::newRow("post-x-www-form-urlencoded")
            << QByteArray("POST") << QByteArray("/")
            << QList<
                   QByteArray> {"Content-Type:application/x-www-form-urlencoded", "Content-Length:13",
                                "x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"}
            << QByteArray("Param1=value1") << QByteArray("/\n")
            << QByteArray("d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b");
    }

    void suite()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(QList<QByteArray>, headers);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, canonicalUriAndQuery);
        QFETCH(QByteArray, signature);

        AwsSigningInput input;
        input.method = method;
        const qsizetype question = target.indexOf('?');
        input.path = question < 0 ? target : target.left(question);
        input.query = question < 0 ? QByteArray() : target.mid(question + 1);
        input.headers.append(Http::Header("Host", "example.amazonaws.com"));
        for (const QByteArray& line : std::as_const(headers)) {
            const qsizetype colon = line.indexOf(':');
            input.headers.append({line.left(colon), line.mid(colon + 1)});
        }
        input.headers.append(Http::Header("X-Amz-Date", "20150830T123600Z"));
        input.payloadHash = awsPayloadHash(body);

        const AwsSignature result = awsSign(input, "20150830T123600Z", example(), scope());
        const QList<QByteArray> lines = result.canonicalRequest.split('\n');
        QCOMPARE(lines.at(1) + '\n' + lines.at(2), canonicalUriAndQuery);
        QCOMPARE(result.credentialScope, QByteArray("20150830/us-east-1/service/aws4_request"));
        QCOMPARE(result.signature, signature);
        QVERIFY(result.authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                                                "aws4_request, SignedHeaders="));
        QVERIFY(result.authorization.endsWith(QByteArray(QByteArray(", Signature=") + signature)));
    }

    // The whole canonical request and string to sign of get-vanilla, line by line as the suite has them.
    void canonicalRequestOfGetVanilla()
    {
        AwsSigningInput input {"GET",
                               "/",
                               {},
                               {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}},
                               awsPayloadHash({})};
        const AwsSignature result = awsSign(input, "20150830T123600Z", example(), scope());
        QCOMPARE(result.canonicalRequest,
                 QByteArray("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(result.stringToSign,
                 QByteArray("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"));
        QCOMPARE(result.signedHeaders, QByteArray("host;x-amz-date"));
    }

    // awsSignRequest() from a URL, as the engine calls it: the suite's signatures again.
    void signRequestFromUrl()
    {
        const AwsSignedHeaders vanilla
            = awsSignRequest("GET", QUrl(QStringLiteral("https://example.amazonaws.com/?Param2=value2&Param1=value1")),
                             {}, {}, example(), scope(), when());
        QCOMPARE(vanilla.headers.size(), 2);
        QCOMPARE(vanilla.headers.at(0), Http::Header("X-Amz-Date", "20150830T123600Z"));
        QCOMPARE(vanilla.headers.at(1).first, QByteArray("Authorization"));
        QVERIFY(vanilla.headers.at(1).second.endsWith(
            "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));

        const QString token = QStringLiteral("6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267");
        const AwsSignedHeaders session = awsSignRequest("GET", QUrl(QStringLiteral("https://example.amazonaws.com/")),
                                                        {}, {}, example(token), scope(), when());
        QCOMPARE(session.headers.at(1), Http::Header("X-Amz-Security-Token", token.toUtf8()));
        QCOMPARE(session.signature.signedHeaders, QByteArray("host;x-amz-date;x-amz-security-token"));
        QCOMPARE(session.signature.signature,
                 QByteArray("07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"));
    }

    // What is signed of the headers a request carries, and what is not.
    void signRequestPicksHeaders()
    {
        const Http::HeaderList headers {
            {"Host", "api.example.com:8443"},     {"User-Agent", "authlens/1"},
            {"Content-Type", "application/json"}, {"X-Amz-Target", "DynamoDB_20120810.ListTables"},
            {"X-Amz-Date", "19990101T000000Z"},   {"Accept", "*/*"}};
        const AwsSignedHeaders signedHeaders
            = awsSignRequest("POST", QUrl(QStringLiteral("https://api.example.com:8443/a%20b?x=1+2")), headers, "{}",
                             example(), {QStringLiteral("eu-west-1"), QStringLiteral("dynamodb")}, when());
        QCOMPARE(signedHeaders.signature.signedHeaders, QByteArray("content-type;host;x-amz-date;x-amz-target"));
        const QList<QByteArray> lines = signedHeaders.signature.canonicalRequest.split('\n');
        QCOMPARE(lines.at(1), QByteArray("/a%2520b")); // the sent path encoded once more (not S3)
        QCOMPARE(lines.at(2), QByteArray("x=1%2B2")); // '+' is a plus sign, not a space
        QCOMPARE(lines.at(4), QByteArray("host:api.example.com:8443"));
        QCOMPARE(lines.at(5), QByteArray("x-amz-date:20150830T123600Z")); // ours, not the typed one
        QCOMPARE(lines.constLast(), awsPayloadHash("{}"));

        // S3: the path as sent, and X-Amz-Content-Sha256 added and signed.
        const AwsSignedHeaders s3
            = awsSignRequest("PUT", QUrl(QStringLiteral("https://bucket.s3.amazonaws.com/a%20b")), {}, "data",
                             example(), {QStringLiteral("us-east-1"), QStringLiteral("s3")}, when());
        QVERIFY(Http::hasHeader(s3.headers, "X-Amz-Content-Sha256"));
        QCOMPARE(s3.signature.canonicalRequest.split('\n').at(1), QByteArray("/a%20b"));
        QCOMPARE(s3.signature.signedHeaders, QByteArray("host;x-amz-content-sha256;x-amz-date"));
        // S3's unsigned payload is signed as the hash it names.
        const AwsSignedHeaders unsignedPayload
            = awsSignRequest("GET", QUrl(QStringLiteral("https://bucket.s3.amazonaws.com/k")),
                             {{"X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"}}, {}, example(),
                             {QStringLiteral("us-east-1"), QStringLiteral("s3")}, when());
        QCOMPARE(unsignedPayload.signature.canonicalRequest.split('\n').constLast(), QByteArray("UNSIGNED-PAYLOAD"));
        QVERIFY(!Http::hasHeader(unsignedPayload.headers, "X-Amz-Content-Sha256"));
    }

    void canonicalUri()
    {
        QCOMPARE(awsCanonicalUri("", false), QByteArray("/"));
        QCOMPARE(awsCanonicalUri("//example//", true), QByteArray("//example//")); // get-slashes-unnormalized
        QCOMPARE(awsCanonicalUri("/example space/", true), QByteArray("/example%20space/"));
        QCOMPARE(awsCanonicalUri("/a/./b/../c/", false), QByteArray("/a/c/"));
        QCOMPARE(awsCanonicalUri("/..", false), QByteArray("/"));
    }

    void canonicalQuery()
    {
        QCOMPARE(awsCanonicalQuery(""), QByteArray());
        QCOMPARE(awsCanonicalQuery("b=2&a=1&A=0"), QByteArray("A=0&a=1&b=2"));
        QCOMPARE(awsCanonicalQuery("flag&x=%7e&y=a b"), QByteArray("flag=&x=~&y=a%20b"));
        QCOMPARE(awsCanonicalQuery("k=2&k=1"), QByteArray("k=1&k=2"));
    }

    void parseAuthorization()
    {
        const AwsAuthorization parsed
            = parseAwsAuthorization("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                                    "SignedHeaders=host;x-amz-date, Signature=5fa00fa3");
        QVERIFY(parsed.valid);
        QCOMPARE(parsed.accessKeyId, QStringLiteral("AKIDEXAMPLE"));
        QCOMPARE(parsed.date, QStringLiteral("20150830"));
        QCOMPARE(parsed.region, QStringLiteral("us-east-1"));
        QCOMPARE(parsed.service, QStringLiteral("service"));
        QCOMPARE(parsed.signedHeaders, QByteArray("host;x-amz-date"));
        QCOMPARE(parsed.signature, QByteArray("5fa00fa3"));

        QVERIFY(!parseAwsAuthorization("Bearer abc").valid);
        QVERIFY(!parseAwsAuthorization("AWS4-HMAC-SHA256").valid);
        QVERIFY(!parseAwsAuthorization("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1, Signature=x").valid);
        QVERIFY(!parseAwsAuthorization("AWS4-HMAC-SHA256 Credential").valid);
    }

    void presignedQuery()
    {
        // docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html, "An example".
        const QUrl documented(QStringLiteral(
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires="
            "86400&X-Amz-SignedHeaders=host&X-Amz-Signature="
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"));
        std::optional<AwsPresignedQuery> parsed = parseAwsPresignedQuery(documented);
        QVERIFY(parsed);
        QVERIFY(parsed->signature.valid);
        QCOMPARE(parsed->signature.accessKeyId, QStringLiteral("AKIAIOSFODNN7EXAMPLE"));
        QCOMPARE(parsed->signature.region, QStringLiteral("us-east-1"));
        QCOMPARE(parsed->signature.service, QStringLiteral("s3"));
        QCOMPARE(parsed->signature.signedHeaders, QByteArray("host"));
        QCOMPARE(parsed->expiresSeconds, 86400);
        QCOMPARE(parsed->expiresAt(), QDateTime(QDate(2013, 5, 25), QTime(0, 0), Qt::UTC));
        QVERIFY(parsed->sessionToken.isEmpty());

        // Names in another case, a session token with "+" and "/" encoded, an unreadable lifetime.
        parsed = parseAwsPresignedQuery(QUrl(QStringLiteral(
            "https://h.example/k?x-amz-algorithm=AWS4-HMAC-SHA256&x-amz-credential=ASIAX/20240105/eu-west-3/s3/"
            "aws4_request&x-amz-signedheaders=host&x-amz-signature=00ff&X-Amz-Security-Token=a%2Bb%2Fc&X-Amz-Expires=-5"
            "&X-Amz-Date=20240105T101500Z")));
        QVERIFY(parsed && parsed->signature.valid);
        QCOMPARE(parsed->sessionToken, QStringLiteral("a+b/c"));
        QCOMPARE(parsed->expiresSeconds, -1);
        QVERIFY(!parsed->expiresAt().isValid());

        // Not a presigned URL: no algorithm, another algorithm, no signature.
        QVERIFY(!parseAwsPresignedQuery(QUrl(QStringLiteral("https://h.example/k?X-Amz-Signature=00ff"))));
        QVERIFY(!parseAwsPresignedQuery(
            QUrl(QStringLiteral("https://h.example/k?X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Signature=00"))));
        QVERIFY(!parseAwsPresignedQuery(QUrl(QStringLiteral("https://h.example/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"))));
        QVERIFY(!parseAwsPresignedQuery(QUrl(QStringLiteral("https://h.example/k"))));
        // A scope that cannot be read: recognised, not valid.
        parsed = parseAwsPresignedQuery(QUrl(QStringLiteral(
            "https://h.example/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID&X-Amz-Signature=00")));
        QVERIFY(parsed && !parsed->signature.valid);

        QVERIFY(isAwsPresignParameter(u"x-amz-signature"));
        QVERIFY(isAwsPresignParameter(u"X-Amz-Security-Token"));
        QVERIFY(!isAwsPresignParameter(u"X-Amz-Content-Sha256"));
    }

    void curlOption()
    {
        QString error;
        const QUrl gateway(QStringLiteral("https://abc123.execute-api.eu-west-2.amazonaws.com/prod/x"));
        std::optional<AwsScope> scope = awsScopeFromCurlOption(QStringLiteral("aws:amz"), gateway, &error);
        QVERIFY(scope);
        QCOMPARE(scope->region, QStringLiteral("eu-west-2"));
        QCOMPARE(scope->service, QStringLiteral("execute-api"));
        scope = awsScopeFromCurlOption(QStringLiteral("aws:amz:us-east-1"), gateway, &error);
        QCOMPARE(scope->region, QStringLiteral("us-east-1")); // given wins
        QCOMPARE(scope->service, QStringLiteral("execute-api")); // the rest from the host
        scope = awsScopeFromCurlOption(QStringLiteral("aws:amz:ap-south-1:es"),
                                       QUrl(QStringLiteral("https://search.example.com")), &error);
        QCOMPARE(scope->service, QStringLiteral("es"));
        scope = awsScopeFromCurlOption(QStringLiteral("aws:amz"),
                                       QUrl(QStringLiteral("https://bucket.s3.us-west-2.amazonaws.com/k")), &error);
        QCOMPARE(scope->service, QStringLiteral("s3"));
        QCOMPARE(scope->region, QStringLiteral("us-west-2"));

        QVERIFY(
            !awsScopeFromCurlOption(QStringLiteral("aws:amz"), QUrl(QStringLiteral("http://127.0.0.1:8080/")), &error));
        QVERIFY2(error.contains(u"aws:amz:REGION:SERVICE"), qPrintable(error));
        QVERIFY(!awsScopeFromCurlOption(QStringLiteral("osc:osc:eu-west-2:api"), gateway, &error));
        QVERIFY2(error.contains(u"only the provider aws:amz"), qPrintable(error));
        QVERIFY(!awsScopeFromCurlOption(QString(), gateway, &error));
        QVERIFY(!awsScopeFromCurlOption(QStringLiteral("a:b:c:d:e"), gateway, &error));
    }

    void settingsProblem()
    {
        QCOMPARE(awsSettingsProblem(example(), scope()), QString());
        QCOMPARE(awsSettingsProblem({}, scope()), QStringLiteral("The AWS access key ID is empty."));
        QCOMPARE(awsSettingsProblem({QStringLiteral("AKID"), {}, {}}, scope()),
                 QStringLiteral("The AWS secret access key is empty."));
        QCOMPARE(awsSettingsProblem(example(), {{}, QStringLiteral("s3")}), QStringLiteral("The AWS region is empty."));
        QCOMPARE(awsSettingsProblem(example(), {QStringLiteral("us-east-1"), {}}),
                 QStringLiteral("The AWS service name is empty."));
    }
};

QTEST_GUILESS_MAIN(TestAwsSigV4)
#include "TestAwsSigV4.moc"
