// What was sent versus what was asked for: every malformed Authorization form, scheme mismatches, Basic
// encoding agreements, Digest realm/nonce/algorithm/qop mismatches, and Basic decoding.
#include "auth/CredentialCheck.h"
#include "auth/HeaderParser.h"

#include <QStringList>
#include <QTest>

using namespace Authlens::Auth;

namespace {

QString describe(const QList<CredentialFinding>& findings)
{
    QStringList parts;
    for (const CredentialFinding& f : findings) {
        const QChar letter = f.severity == Severity::Error ? u'E' : f.severity == Severity::Warning ? u'W' : u'I';
        parts.append(QStringLiteral("%1:%2/%3@%4").arg(letter).arg(f.code, f.reason).arg(f.offset));
    }
    return parts.join(u' ');
}

const QByteArray kDigestChallenge
    = R"(Digest realm="http-auth@example.org", qop="auth", algorithm=SHA-256, nonce="n2", opaque="op")";

} // namespace

class TestCredentialCheck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void check_data();
    void check();
    void messagesAreSentences();
    void decodeBasic_data();
    void decodeBasic();
};

void TestCredentialCheck::check_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArrayList>("challenges");
    QTest::addColumn<QString>("expected");
    auto add = [](const char* name, const QByteArray& authorization, const QByteArrayList& challenges,
                  const char* expected) {
        QTest::newRow(name) << authorization << challenges << QString::fromUtf8(expected);
    };
    const QByteArrayList basic {R"(Basic realm="api")"};
    const QByteArrayList basicUtf8 {R"(Basic realm="api", charset="UTF-8")"};
    const QByteArrayList bearer {R"(Bearer realm="api")"};

    // Well-formed.
    add("basic ok", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", basic, "");
    add("bearer ok", "Bearer mF_9.B5f-4.1JqM", bearer, "");
    add("scheme case-insensitive", "bearer mF_9.B5f-4.1JqM", bearer, "");
    add("no challenges: form only", "Bearer abc", {}, "");
    add("several offered", "Bearer abc", QByteArrayList {"Negotiate, NTLM", R"(Bearer realm="x")"}, "");
    // header.malformed, each sub-reason.
    add("empty", "", basic, "E:header.malformed/empty@0");
    add("blank", "   ", basic, "E:header.malformed/empty@0");
    add("crlf", "Bearer abc\r\n", bearer, "E:header.malformed/crlf@10");
    add("lf inside", "Bearer abc\ndef", bearer, "E:header.malformed/crlf@10");
    add("control character", "Bearer ab\x01", bearer, "E:header.malformed/control@9");
    add("leading whitespace", "  Bearer abc", bearer, "W:header.malformed/whitespace@0");
    add("trailing whitespace", "Bearer abc ", bearer, "W:header.malformed/whitespace@10");
    add("two spaces after scheme", "Bearer  abc", bearer, "W:header.malformed/whitespace@6");
    add("space inside token", "Bearer abc def", bearer, "E:header.malformed/whitespace@11");
    add("space inside basic token", "Basic QWxh ZGRpbjpvcGVuIHNlc2FtZQ==", basic, "E:header.malformed/whitespace@11");
    add("no space bearer", "Bearereyabc.def.ghi", bearer, "E:header.malformed/no_space@6");
    add("no space basic", "BasicQWxhZGRpbjpvcGVuIHNlc2FtZQ==", basic, "E:header.malformed/no_space@5");
    add("colon after scheme", "Bearer:abc", bearer, "E:header.malformed/no_space@6");
    add("bare jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", bearer, "E:header.malformed/no_scheme@0");
    add("bare long token", "0123456789abcdef0123456789", bearer, "E:header.malformed/no_scheme@0");
    add("scheme twice", "Bearer Bearer abc", bearer, "E:header.malformed/scheme_twice@7");
    add("scheme twice basic", "Basic Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", basic, "E:header.malformed/scheme_twice@6");
    add("quoted token", R"(Bearer "abc")", bearer, "E:header.malformed/quoted_token@7");
    add("quoted basic", R"(Basic "QWxhZGRpbjpvcGVuIHNlc2FtZQ==")", basic, "E:header.malformed/quoted_token@6");
    add("bearer as params", "Bearer token=abc", bearer, "E:header.malformed/not_token68@7");
    add("basic as params", "Basic user=a, password=b", basic, "E:header.malformed/not_token68@6");
    add("basic without credentials", "Basic", basic, "E:header.malformed/syntax@5");
    add("base64url in basic", "Basic dXNlcjpw-_-_", basic, "E:header.malformed/invalid_base64@14");
    add("missing padding", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ", basic, "W:header.malformed/invalid_base64@32");
    add("truncated base64", "Basic QWxhZ", basic, "E:header.malformed/invalid_base64@11");
    add("basic without colon", "Basic YWxhZGRpbg==", basic, "E:header.malformed/basic_no_colon@6");
    add("two credentials", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==, Bearer x", basic, "E:header.malformed/syntax@34");
    // basic.encoding
    add("utf-8 without charset", "Basic dGVzdDoxMjPCow==", basic, "W:basic.encoding/non_ascii_without_charset@6");
    add("utf-8 with charset", "Basic dGVzdDoxMjPCow==", basicUtf8, "");
    add("latin-1 although utf-8 agreed", "Basic dGVzdDoxMjOj", basicUtf8, "E:basic.encoding/not_utf8@6");
    add("latin-1 without charset", "Basic dGVzdDoxMjOj", basic, "W:basic.encoding/non_ascii_without_charset@6");
    // scheme.mismatch
    add("bearer to basic", "Bearer abc", basic, "E:scheme.mismatch/not_offered@0");
    add("basic to negotiate", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", QByteArrayList {"Negotiate", "NTLM"},
        "E:scheme.mismatch/not_offered@0");
    // Digest
    const QByteArray goodDigest = R"(Digest username="u", realm="http-auth@example.org", uri="/", algorithm=SHA-256, )"
                                  R"(nonce="n2", nc=00000001, cnonce="c", qop=auth, response="r", opaque="op")";
    add("digest ok", goodDigest, QByteArrayList {kDigestChallenge}, "");
    add("digest realm mismatch", QByteArray(goodDigest).replace("http-auth@example.org", "other"),
        QByteArrayList {kDigestChallenge}, "E:digest.rejected/realm_mismatch@27");
    add("digest old nonce", QByteArray(goodDigest).replace("\"n2\"", "\"n1\""), QByteArrayList {kDigestChallenge},
        "W:digest.rejected/nonce_mismatch@86");
    add("digest old nonce, stale", QByteArray(goodDigest).replace("\"n2\"", "\"n1\""),
        QByteArrayList {QByteArray(kDigestChallenge + ", stale=true")}, "I:digest.rejected/nonce_mismatch@86");
    add("digest algorithm mismatch", QByteArray(goodDigest).replace("SHA-256", "MD5"),
        QByteArrayList {kDigestChallenge}, "E:digest.rejected/algorithm_mismatch@71");
    add("digest implied md5", QByteArray(goodDigest).replace("algorithm=SHA-256, ", ""),
        QByteArrayList {kDigestChallenge}, "E:digest.rejected/algorithm_mismatch@133");
    add("digest qop mismatch", QByteArray(goodDigest).replace("qop=auth", "qop=auth-int"),
        QByteArrayList {kDigestChallenge}, "E:digest.rejected/qop_mismatch@121");
    add("digest opaque changed", QByteArray(goodDigest).replace("\"op\"", "\"xx\""), QByteArrayList {kDigestChallenge},
        "W:digest.rejected/opaque_mismatch@148");
    add("digest incomplete", R"(Digest username="u", realm="http-auth@example.org")", QByteArrayList {kDigestChallenge},
        "E:header.malformed/digest_incomplete@50 E:digest.rejected/algorithm_mismatch@50 "
        "W:digest.rejected/opaque_mismatch@50");
    add("digest token68", "Digest abc", QByteArrayList {kDigestChallenge}, "E:header.malformed/digest_incomplete@6");
    add("digest to basic", goodDigest, basic, "E:scheme.mismatch/not_offered@0");
}

void TestCredentialCheck::check()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArrayList, challenges);
    QFETCH(QString, expected);
    const QList<Challenge> parsed = parseChallenges(challenges).challenges;
    QCOMPARE(describe(checkCredentials(authorization, parsed)), expected);
}

void TestCredentialCheck::messagesAreSentences()
{
    const QList<Challenge> basic = parseChallengeField(R"(Basic realm="api")").challenges;
    for (const QByteArray& value : {QByteArray("Bearer abc"), QByteArray("BasicQWxh"), QByteArray("Basic YWxhZGRpbg=="),
                                    QByteArray("Bearer Bearer x"), QByteArray("Basic dXNlcjpw-_-_")}) {
        const QList<CredentialFinding> findings = checkCredentials(value, basic);
        QVERIFY(!findings.isEmpty());
        for (const CredentialFinding& f : findings) {
            QVERIFY2(f.message.size() > 15, qPrintable(f.message));
            QVERIFY(f.offset >= 0 && f.offset <= value.size());
        }
    }
    // The mismatch names what was offered.
    QVERIFY(checkCredentials("Bearer abc", basic).first().message.contains(u"Basic"));
}

void TestCredentialCheck::decodeBasic_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("colon");
    QTest::addColumn<bool>("nonAscii");
    QTest::newRow("rfc7617 aladdin") << QByteArray("QWxhZGRpbjpvcGVuIHNlc2FtZQ==") << true << QStringLiteral("Aladdin")
                                     << QStringLiteral("open sesame") << true << false;
    QTest::newRow("whole value") << QByteArray("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==") << true
                                 << QStringLiteral("Aladdin") << QStringLiteral("open sesame") << true << false;
    QTest::newRow("rfc7617 utf-8 pound") << QByteArray("dGVzdDoxMjPCow==") << true << QStringLiteral("test")
                                         << QStringLiteral("123\u00a3") << true << true;
    QTest::newRow("latin-1 pound") << QByteArray("dGVzdDoxMjOj") << true << QStringLiteral("test")
                                   << QStringLiteral("123\u00a3") << true << true;
    QTest::newRow("colon in password") << QByteArray("YTpiOmM=") << true << QStringLiteral("a") << QStringLiteral("b:c")
                                       << true << false;
    QTest::newRow("empty password") << QByteArray("YTo=") << true << QStringLiteral("a") << QString() << true << false;
    QTest::newRow("no colon") << QByteArray("YWxhZGRpbg==") << true << QStringLiteral("aladdin") << QString() << false
                              << false;
    QTest::newRow("missing padding tolerated")
        << QByteArray("YTpi") << true << QStringLiteral("a") << QStringLiteral("b") << true << false;
    QTest::newRow("not base64") << QByteArray("!!!") << false << QString() << QString() << false << false;
}

void TestCredentialCheck::decodeBasic()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, valid);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(bool, colon);
    QFETCH(bool, nonAscii);
    const std::optional<BasicCredentials> decoded = Authlens::Auth::decodeBasic(value);
    QCOMPARE(decoded.has_value(), valid);
    if (!valid)
        return;
    QCOMPARE(decoded->user, user);
    QCOMPARE(decoded->password, password);
    QCOMPARE(decoded->hasColon, colon);
    QCOMPARE(decoded->nonAscii, nonAscii);
}

QTEST_APPLESS_MAIN(TestCredentialCheck)
#include "TestCredentialCheck.moc"
