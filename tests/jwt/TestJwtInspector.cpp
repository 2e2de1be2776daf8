// The pure half of the Token X-ray (src/core/jwt): recognition, strict decoding with positions, claim
// explanations, kinds, time checks against two clocks, expectations, opaque-token labels, the JSON report.
// Table-driven; no network, no keys.

#include "JwtTestKeys.h"
#include "RfcVectors.h"
#include "jwt/Base64Url.h"
#include "jwt/FieldCatalog.h"
#include "jwt/HttpDate.h"
#include "jwt/JsonMembers.h"
#include "jwt/JwtInspector.h"
#include "jwt/KindDetector.h"
#include "jwt/NumericDate.h"
#include "jwt/ReportJson.h"
#include "jwt/TimeCheck.h"
#include "jwt/TimeText.h"
#include "jwt/TokenLabel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <limits>

using namespace Authlens::Jwt;
using Authlens::Test::JwtTestKey;

namespace {

constexpr qint64 Now = 1700000000; // 2023-11-14 22:13:20 UTC

InspectOptions at(qint64 now = Now)
{
    InspectOptions options;
    options.now = QDateTime::fromSecsSinceEpoch(now, Qt::UTC);
    return options;
}

/// An unsigned-looking but well-formed HS256 token with these claims (the signature bytes are junk:
/// these tests never verify).
QByteArray token(const QJsonObject& claims, const QJsonObject& extraHeader = {})
{
    QJsonObject header = extraHeader;
    if (!header.contains(QStringLiteral("alg")))
        header.insert(QStringLiteral("alg"), QStringLiteral("HS256"));
    return JwtTestKey::signingInput(header, claims) + '.' + JwtTestKey::b64(QByteArray(32, 'x'));
}

QByteArray b64(const QByteArray& data)
{
    return JwtTestKey::b64(data);
}

QStringList codes(const QList<Problem>& problems)
{
    QStringList list;
    for (const Problem& problem : problems)
        list.append(problem.code + QLatin1Char('/') + problem.subcode);
    return list;
}

const Field* field(const QList<Field>& fields, const QString& name)
{
    for (const Field& f : fields) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

} // namespace

class TestJwtInspector : public QObject
{
    Q_OBJECT

private slots:
    void rfcExampleDecoded();
    void formats_data();
    void formats();
    void jweHeaderDecodedContentEncrypted();
    void unsecuredToken();

    void malformed_data();
    void malformed();
    void pastedDecorationsRemoved();
    void neverCrashesOnOddInput_data();
    void neverCrashesOnOddInput();

    void claimExplanations();
    void headerExplanations();
    void timeTexts_data();
    void timeTexts();
    void numericDates_data();
    void numericDates();

    void kinds_data();
    void kinds();
    void wrongKind();

    void timeChecks_data();
    void timeChecks();
    void skewMessages();

    void expectations_data();
    void expectations();

    void labels_data();
    void labels();
    void opaqueShapes_data();
    void opaqueShapes();

    void httpDates_data();
    void httpDates();
    void base64UrlFaults_data();
    void base64UrlFaults();

    void duplicateMembers();
    void jsonReportMatchesContract();
};

void TestJwtInspector::rfcExampleDecoded()
{
    const TokenReport report = JwtInspector::inspect(RfcVectors::Rfc7519Token, at());
    QCOMPARE(report.format, TokenFormat::Jws);
    QVERIFY(report.headerReadable);
    QVERIFY(report.claimsReadable);
    QCOMPARE(report.alg(), QStringLiteral("HS256"));
    QCOMPARE(report.header.value(QLatin1String("typ")).toString(), QStringLiteral("JWT"));
    QCOMPARE(report.issuer(), QStringLiteral("joe"));
    QCOMPARE(report.claims.value(QLatin1String("http://example.com/is_root")).toBool(), true);
    QCOMPARE(report.times.exp, std::optional<qint64>(RfcVectors::ExampleExp));
    QCOMPARE(report.parts.size(), 3);
    QCOMPARE(report.parts.at(1).offset, 41);
    QCOMPARE(report.parts.at(2).decoded.size(), 32);
    // The header is the exact bytes of RFC 7515 §3.3 (CR LF and all): the signing input is not re-encoded.
    QCOMPARE(report.parts.at(0).decoded, QByteArrayLiteral("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"));
    QCOMPARE(report.signingInput(), QByteArray(RfcVectors::A1Token).left(report.parts.at(2).offset - 1));
    // Expired since 2011, by this (fixed) clock.
    QCOMPARE(report.time.status, TimeStatus::Expired);
    QVERIFY(codes(report.problems).contains(QStringLiteral("token.expired/exp")));
    QCOMPARE(report.signature.status, SignatureStatus::Unverified);
    QVERIFY(!report.isMalformed());
}

void TestJwtInspector::formats_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<TokenFormat>("format");
    QTest::addColumn<SignatureStatus>("signature");
    QTest::newRow("A.1 HS256") << QByteArray(RfcVectors::A1Token) << TokenFormat::Jws << SignatureStatus::Unverified;
    QTest::newRow("A.2 RS256") << QByteArray(RfcVectors::A2Token) << TokenFormat::Jws << SignatureStatus::Unverified;
    QTest::newRow("A.3 ES256") << QByteArray(RfcVectors::A3Token) << TokenFormat::Jws << SignatureStatus::Unverified;
    QTest::newRow("A.4 ES512") << QByteArray(RfcVectors::A4Token) << TokenFormat::Jws << SignatureStatus::Unverified;
    QTest::newRow("A.5 unsecured") << QByteArray(RfcVectors::A5Token) << TokenFormat::Unsecured
                                   << SignatureStatus::Invalid;
    QTest::newRow("RFC 8037 EdDSA") << QByteArray(RfcVectors::Ed25519Token) << TokenFormat::Jws
                                    << SignatureStatus::Unverified;
    QTest::newRow("RFC 7516 JWE") << QByteArray(RfcVectors::JweToken) << TokenFormat::Jwe
                                  << SignatureStatus::Unsupported;
    QTest::newRow("opaque random") << QByteArrayLiteral("8xLOxBtZp8") << TokenFormat::Opaque
                                   << SignatureStatus::Unsupported;
    QTest::newRow("opaque with dots") << QByteArrayLiteral("abc.def.ghi") << TokenFormat::Opaque
                                      << SignatureStatus::Unsupported;
    // A JOSE header that does not start with "eyJ" (members in another order, whitespace first).
    QTest::newRow("header with leading space") << (b64(" {\"alg\":\"HS256\"}") + '.' + b64("{}") + '.' + b64("sig"))
                                               << TokenFormat::Jws << SignatureStatus::Unverified;
}

void TestJwtInspector::formats()
{
    QFETCH(QByteArray, input);
    QFETCH(TokenFormat, format);
    QFETCH(SignatureStatus, signature);
    const TokenReport report = JwtInspector::inspect(input, at());
    QCOMPARE(report.format, format);
    QCOMPARE(report.signature.status, signature);
}

void TestJwtInspector::jweHeaderDecodedContentEncrypted()
{
    const TokenReport report = JwtInspector::inspect(RfcVectors::JweToken, at());
    QCOMPARE(report.format, TokenFormat::Jwe);
    QVERIFY(report.headerReadable);
    QCOMPARE(report.alg(), QStringLiteral("RSA1_5"));
    QCOMPARE(report.header.value(QLatin1String("enc")).toString(), QStringLiteral("A128CBC-HS256"));
    QCOMPARE(report.parts.size(), 5);
    QCOMPARE(report.parts.at(2).name, QStringLiteral("iv"));
    QCOMPARE(report.parts.at(2).decoded.size(), 16);
    QCOMPARE(report.parts.at(4).decoded.size(), 16); // the authentication tag
    QVERIFY(!report.claimsReadable);
    QCOMPARE(report.time.status, TimeStatus::Unknown);
    QCOMPARE(codes(report.problems), QStringList {QStringLiteral("token.encrypted/jwe")});
    QVERIFY(report.problems.constFirst().message.contains(QStringLiteral("A128CBC-HS256")));
    QVERIFY(!report.isMalformed());
    const Field* enc = field(report.headerFields, QStringLiteral("enc"));
    QVERIFY(enc);
    QCOMPARE(enc->title, QStringLiteral("Content encryption"));
}

void TestJwtInspector::unsecuredToken()
{
    const TokenReport report = JwtInspector::inspect(RfcVectors::A5Token, at());
    QCOMPARE(report.format, TokenFormat::Unsecured);
    QVERIFY(report.claimsReadable);
    QCOMPARE(report.issuer(), QStringLiteral("joe"));
    QVERIFY(codes(report.allProblems()).contains(QStringLiteral("token.signature/alg_none")));
    QVERIFY(report.hasErrors());
    QVERIFY(!report.isMalformed());
    // "none" with a signature is broken.
    const TokenReport withSignature = JwtInspector::inspect(QByteArray(QByteArray(RfcVectors::A5Token) + "c2ln"), at());
    QVERIFY(codes(withSignature.problems).contains(QStringLiteral("token.malformed/unsecured_signature")));
}

void TestJwtInspector::malformed_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("part");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<TokenFormat>("format");

    const QByteArray header = b64("{\"alg\":\"HS256\"}"); // 20 characters
    const QByteArray payload = b64("{\"sub\":\"1\"}"); // 16 characters
    const QByteArray ok = header + '.' + payload + ".c2ln";
    QCOMPARE(header.size(), 20);

    QTest::newRow("empty") << QByteArray() << QStringLiteral("token.malformed/empty") << QString() << qsizetype(0)
                           << TokenFormat::Opaque;
    QTest::newRow("whitespace only") << QByteArrayLiteral(" \n\t ") << QStringLiteral("token.malformed/empty")
                                     << QString() << qsizetype(0) << TokenFormat::Opaque;
    QTest::newRow("header only") << header << QStringLiteral("token.malformed/parts") << QString() << qsizetype(20)
                                 << TokenFormat::Jws;
    QTest::newRow("no signature part") << header + '.' + payload << QStringLiteral("token.malformed/parts") << QString()
                                       << qsizetype(header.size() + 1 + payload.size()) << TokenFormat::Jws;
    QTest::newRow("four parts") << ok + ".more" << QStringLiteral("token.malformed/parts") << QString()
                                << qsizetype(ok.size()) << TokenFormat::Jws;
    QTest::newRow("six parts") << ok + ".a.b.c" << QStringLiteral("token.malformed/parts") << QString()
                               << qsizetype(ok.size()) << TokenFormat::Jws;
    QTest::newRow("padded header") << header + "=." + payload + ".c2ln" << QStringLiteral("token.malformed/padding")
                                   << QStringLiteral("header") << qsizetype(20) << TokenFormat::Jws;
    QTest::newRow("padded signature") << ok + "=" << QStringLiteral("token.malformed/padding")
                                      << QStringLiteral("signature") << qsizetype(ok.size()) << TokenFormat::Jws;
    QByteArray standard = ok;
    standard[21 + 3] = '+';
    QTest::newRow("standard base64 '+'") << standard << QStringLiteral("token.malformed/standard_alphabet")
                                         << QStringLiteral("payload") << qsizetype(24) << TokenFormat::Jws;
    QByteArray slash = ok;
    slash[2] = '/';
    QTest::newRow("standard base64 '/'") << slash << QStringLiteral("token.malformed/standard_alphabet")
                                         << QStringLiteral("header") << qsizetype(2) << TokenFormat::Jws;
    QByteArray wrapped = ok;
    wrapped.insert(30, '\n');
    QTest::newRow("line break inside") << wrapped << QStringLiteral("token.malformed/whitespace")
                                       << QStringLiteral("payload") << qsizetype(30) << TokenFormat::Jws;
    QTest::newRow("stray character") << ok + "!" << QStringLiteral("token.malformed/invalid_character")
                                     << QStringLiteral("signature") << qsizetype(ok.size()) << TokenFormat::Jws;
    QTest::newRow("impossible length") << ok + "A" << QStringLiteral("token.malformed/length")
                                       << QStringLiteral("signature") << qsizetype(ok.size() + 1) << TokenFormat::Jws;
    QTest::newRow("header not JSON") << b64("{alg:HS256}") + '.' + payload + ".c2ln"
                                     << QStringLiteral("token.malformed/json") << QStringLiteral("header")
                                     << qsizetype(0) << TokenFormat::Jws;
    QTest::newRow("header is an array") << b64("[{\"alg\":1}]") + '.' + payload + ".c2ln"
                                        << QStringLiteral("token.malformed/not_object") << QStringLiteral("header")
                                        << qsizetype(0) << TokenFormat::Jws;
    QTest::newRow("payload cut JSON") << header + '.' + b64("{\"sub\":") + ".c2ln"
                                      << QStringLiteral("token.malformed/json") << QStringLiteral("payload")
                                      << qsizetype(21) << TokenFormat::Jws;
    QTest::newRow("empty header") << '.' + payload + ".c2ln" << QStringLiteral("token.malformed/empty_header")
                                  << QStringLiteral("header") << qsizetype(0) << TokenFormat::Jws;
    QTest::newRow("empty payload") << header + "..c2ln" << QStringLiteral("token.malformed/empty_payload")
                                   << QStringLiteral("payload") << qsizetype(21) << TokenFormat::Jws;
    QTest::newRow("signature stripped") << header + '.' + payload + '.'
                                        << QStringLiteral("token.malformed/signature_missing")
                                        << QStringLiteral("signature") << qsizetype(header.size() + 2 + payload.size())
                                        << TokenFormat::Jws;
    QTest::newRow("no alg") << b64("{\"typ\":\"JWT\"}") + '.' + payload + ".c2ln"
                            << QStringLiteral("token.malformed/alg_missing") << QStringLiteral("alg") << qsizetype(-1)
                            << TokenFormat::Jws;
    QTest::newRow("exp as string") << token(QJsonObject {{QStringLiteral("exp"), QStringLiteral("1700000000")}})
                                   << QStringLiteral("token.malformed/claim_type") << QStringLiteral("exp")
                                   << qsizetype(-1) << TokenFormat::Jws;
    QTest::newRow("exp out of range") << token(QJsonObject {{QStringLiteral("exp"), 1e300}})
                                      << QStringLiteral("token.malformed/claim_range") << QStringLiteral("exp")
                                      << qsizetype(-1) << TokenFormat::Jws;
    QTest::newRow("aud of numbers") << token(QJsonObject {{QStringLiteral("aud"), QJsonArray {1, 2}}})
                                    << QStringLiteral("token.malformed/claim_type") << QStringLiteral("aud")
                                    << qsizetype(-1) << TokenFormat::Jws;
    QTest::newRow("crit not understood") << token(
        {}, QJsonObject {{QStringLiteral("crit"), QJsonArray {QStringLiteral("exp")}}, {QStringLiteral("exp"), 1}})
                                         << QStringLiteral("token.signature/crit_unsupported") << QStringLiteral("crit")
                                         << qsizetype(-1) << TokenFormat::Jws;
    QTest::newRow("crit malformed") << token({}, QJsonObject {{QStringLiteral("crit"), QJsonArray {}}})
                                    << QStringLiteral("token.malformed/crit") << QStringLiteral("crit") << qsizetype(-1)
                                    << TokenFormat::Jws;
    QList<QByteArray> jweParts = QByteArray(RfcVectors::JweToken).split('.');
    jweParts[3].clear();
    const QByteArray jweNoCiphertext = jweParts.join('.');
    QTest::newRow("JWE without ciphertext")
        << jweNoCiphertext << QStringLiteral("token.malformed/empty_part") << QStringLiteral("ciphertext")
        << qsizetype(jweNoCiphertext.size() - 23) << TokenFormat::Jwe;
    QTest::newRow("too large") << QByteArray(JwtInspector::MaxTokenSize + 1, 'a')
                               << QStringLiteral("token.malformed/too_large") << QString() << qsizetype(-1)
                               << TokenFormat::Opaque;
}

void TestJwtInspector::malformed()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, code);
    QFETCH(QString, part);
    QFETCH(qsizetype, offset);
    QFETCH(TokenFormat, format);
    const TokenReport report = JwtInspector::inspect(input, at());
    const QList<Problem> all = report.allProblems();
    const QStringList found = codes(all);
    QVERIFY2(found.contains(code), qPrintable(found.join(u", ")));
    const Problem& problem = all.at(found.indexOf(code));
    QCOMPARE(problem.part, part);
    QCOMPARE(problem.offset, offset);
    QVERIFY(!problem.message.isEmpty());
    QCOMPARE(report.format, format);
    if (problem.code == u"token.malformed" && problem.severity == Severity::Error)
        QVERIFY(report.isMalformed());
    // A broken JWS is never "verified" or "unverified": no verifier gets that far.
    if (format == TokenFormat::Jws && report.isMalformed() && !report.headerReadable)
        QCOMPARE(report.signature.status, SignatureStatus::Invalid);
}

void TestJwtInspector::pastedDecorationsRemoved()
{
    const QByteArray clean = RfcVectors::A1Token;
    const TokenReport bearer = JwtInspector::inspect(QByteArray("  Bearer " + clean + "\r\n"), at());
    QCOMPARE(bearer.token, QString::fromLatin1(clean));
    QCOMPARE(codes(bearer.problems).constFirst(), QStringLiteral("token.malformed/scheme_prefix"));
    QCOMPARE(bearer.problems.constFirst().severity, Severity::Info);
    QVERIFY(!bearer.isMalformed());
    QCOMPARE(bearer.issuer(), QStringLiteral("joe"));

    const TokenReport quoted = JwtInspector::inspect(QByteArray('"' + clean + '"'), at());
    QCOMPARE(quoted.token, QString::fromLatin1(clean));
    QCOMPARE(codes(quoted.problems).constFirst(), QStringLiteral("token.malformed/quoted"));
    QCOMPARE(quoted.problems.constFirst().severity, Severity::Warning);
    QVERIFY(quoted.claimsReadable);

    // A token pasted from a terminal with a line break still shows its claims, flagged at the break.
    QByteArray wrapped = clean;
    wrapped.insert(60, "\n");
    const TokenReport broken = JwtInspector::inspect(wrapped, at());
    QVERIFY(broken.isMalformed());
    QVERIFY(broken.claimsReadable);
    QCOMPARE(broken.issuer(), QStringLiteral("joe"));
}

void TestJwtInspector::neverCrashesOnOddInput_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("dots only") << QByteArrayLiteral("....");
    QTest::newRow("two dots") << QByteArrayLiteral("..");
    QTest::newRow("eyJ alone") << QByteArrayLiteral("eyJ");
    QTest::newRow("nul bytes") << QByteArray("eyJ\0.\0.\0", 9);
    QTest::newRow("high bytes") << QByteArray("eyJ\xff\xfe.\x80.\x90");
    QTest::newRow("deep JSON") << (b64(QByteArray(5000, '[') + QByteArray(5000, ']')) + ".e30.c2ln");
    QTest::newRow("huge number") << token(QJsonObject {{QStringLiteral("exp"), -1e308}});
    QTest::newRow("nested cty JWT") << token(QJsonObject {},
                                             QJsonObject {{QStringLiteral("cty"), QStringLiteral("JWT")}});
    QTest::newRow("JWE of dots") << QByteArrayLiteral("eyJ....");
    QTest::newRow("unicode claim") << token(QJsonObject {{QStringLiteral("name"), QStringLiteral("Zoë 😀")}});
}

void TestJwtInspector::neverCrashesOnOddInput()
{
    QFETCH(QByteArray, input);
    const TokenReport report = JwtInspector::inspect(input, at());
    // Touch everything a view would.
    const QJsonObject json = reportToJson(report);
    QVERIFY(json.contains(QLatin1String("kind")));
    for (const Field& f : report.claimFields)
        QVERIFY(!f.name.isNull());
}

void TestJwtInspector::claimExplanations()
{
    const QJsonObject claims {
        {QStringLiteral("iss"), QStringLiteral("https://issuer.test")},
        {QStringLiteral("sub"), QStringLiteral("alice")},
        {QStringLiteral("aud"), QJsonArray {QStringLiteral("api-a"), QStringLiteral("api-b")}},
        {QStringLiteral("exp"), Now + 3600},
        {QStringLiteral("iat"), Now - 60},
        {QStringLiteral("auth_time"), Now - 7200},
        {QStringLiteral("scope"), QStringLiteral("read write  admin")},
        {QStringLiteral("cnf"), QJsonObject {{QStringLiteral("jkt"), QStringLiteral("0ZcOCORZNYy")}}},
        {QStringLiteral("amr"), QJsonArray {QStringLiteral("pwd"), QStringLiteral("mfa")}},
        {QStringLiteral("x-tenant"), 42},
        {QStringLiteral("https://example.com/roles"), QJsonArray {QStringLiteral("admin")}},
    };
    const TokenReport report = JwtInspector::inspect(token(claims), at());
    QVERIFY(report.claimsReadable);
    // Registered claims first, in reading order; unknown claims after.
    QCOMPARE(report.claimFields.at(0).name, QStringLiteral("iss"));
    QCOMPARE(report.claimFields.at(1).name, QStringLiteral("sub"));
    QCOMPARE(report.claimFields.at(2).name, QStringLiteral("aud"));
    QVERIFY(!report.claimFields.constLast().registered);

    const Field* iss = field(report.claimFields, QStringLiteral("iss"));
    QCOMPARE(iss->title, QStringLiteral("Issuer"));
    QVERIFY(iss->explanation.contains(QStringLiteral("issued")));
    const Field* aud = field(report.claimFields, QStringLiteral("aud"));
    QCOMPARE(aud->items, (QStringList {QStringLiteral("api-a"), QStringLiteral("api-b")}));
    QVERIFY(aud->explanation.contains(QStringLiteral("2 audiences")));
    const Field* exp = field(report.claimFields, QStringLiteral("exp"));
    QCOMPARE(exp->time, std::optional<qint64>(Now + 3600));
    QCOMPARE(exp->display, QStringLiteral("2023-11-14 23:13:20 UTC"));
    const Field* scope = field(report.claimFields, QStringLiteral("scope"));
    QCOMPARE(scope->items, (QStringList {QStringLiteral("read"), QStringLiteral("write"), QStringLiteral("admin")}));
    QVERIFY(field(report.claimFields, QStringLiteral("cnf"))->explanation.contains(QStringLiteral("DPoP")));
    QVERIFY(field(report.claimFields, QStringLiteral("amr"))->explanation.contains(QStringLiteral("mfa = multiple")));
    const Field* tenant = field(report.claimFields, QStringLiteral("x-tenant"));
    QVERIFY(!tenant->registered);
    QVERIFY(tenant->explanation.isEmpty());
    QCOMPARE(tenant->display, QStringLiteral("42"));
    QCOMPARE(field(report.claimFields, QStringLiteral("https://example.com/roles"))->display,
             QStringLiteral("[\"admin\"]"));

    // Times, ready for the time bar.
    QCOMPARE(report.timeClaims.size(), 3);
    QCOMPARE(report.timeClaims.at(0).name, QStringLiteral("exp"));
    QCOMPARE(report.timeClaims.at(0).relative, QStringLiteral("expires in 1 h"));
    QCOMPARE(report.timeClaims.at(0).utc, QStringLiteral("2023-11-14 23:13:20 UTC"));
    QVERIFY(!report.timeClaims.at(0).local.isEmpty());
    QCOMPARE(report.timeClaims.at(1).relative, QStringLiteral("issued 1 min ago"));
    QCOMPARE(report.timeClaims.at(2).relative, QStringLiteral("user authenticated 2 h ago"));

    // Every registered claim of the issue has an explanation.
    for (const char* name : {"iss",    "sub",       "aud",   "exp",    "nbf",       "iat",    "jti",      "azp",
                             "scope",  "scp",       "roles", "groups", "client_id", "cnf",    "nonce",    "at_hash",
                             "c_hash", "auth_time", "acr",   "amr",    "sid",       "events", "token_use"}) {
        const Field f = FieldCatalog::claimField(QString::fromLatin1(name), QJsonValue(QStringLiteral("x")));
        QVERIFY2(f.registered && !f.explanation.isEmpty(), name);
    }
}

void TestJwtInspector::headerExplanations()
{
    for (const char* name : {"alg", "kid", "typ", "cty", "jku", "x5u", "x5t", "x5t#S256", "crit", "jwk", "x5c"}) {
        const Field f = FieldCatalog::headerField(QString::fromLatin1(name), QJsonValue(QStringLiteral("x")));
        QVERIFY2(f.registered && !f.explanation.isEmpty(), name);
    }
    const TokenReport report
        = JwtInspector::inspect(token({},
                                      QJsonObject {{QStringLiteral("kid"), QStringLiteral("k1")},
                                                   {QStringLiteral("jku"), QStringLiteral("https://evil.test/keys")},
                                                   {QStringLiteral("typ"), QStringLiteral("JWT")}}),
                                at());
    QCOMPARE(report.headerFields.at(0).name, QStringLiteral("alg"));
    QCOMPARE(report.headerFields.at(1).name, QStringLiteral("kid"));
    QVERIFY(report.headerFields.at(0).explanation.contains(QStringLiteral("HMAC")));
    QVERIFY(codes(report.problems).contains(QStringLiteral("token.signature/key_url")));
    const TokenReport embedded = JwtInspector::inspect(
        token({}, QJsonObject {{QStringLiteral("jwk"), QJsonObject {{QStringLiteral("kty"), QStringLiteral("oct")}}}}),
        at());
    QVERIFY(codes(embedded.problems).contains(QStringLiteral("token.signature/embedded_jwk")));
}

void TestJwtInspector::numericDates_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("seconds");
    QTest::newRow("integer") << QJsonValue(1700000000) << true << qint64(1700000000);
    QTest::newRow("fraction floors") << QJsonValue(1700000000.9) << true << qint64(1700000000);
    QTest::newRow("negative fraction floors") << QJsonValue(-0.5) << true << qint64(-1);
    QTest::newRow("year 9999 end") << QJsonValue(253402300799.0) << true << qint64(253402300799);
    QTest::newRow("past year 9999") << QJsonValue(253402300800.0) << false << qint64(0);
    QTest::newRow("before year 1") << QJsonValue(-62135596801.0) << false << qint64(0);
    QTest::newRow("1e300") << QJsonValue(1e300) << false << qint64(0);
    QTest::newRow("-1e300") << QJsonValue(-1e300) << false << qint64(0);
    QTest::newRow("infinity") << QJsonValue(std::numeric_limits<double>::infinity()) << false << qint64(0);
    QTest::newRow("NaN") << QJsonValue(std::numeric_limits<double>::quiet_NaN()) << false << qint64(0);
    QTest::newRow("string") << QJsonValue(QStringLiteral("1700000000")) << false << qint64(0);
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << false << qint64(0);
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << false << qint64(0);
}

void TestJwtInspector::numericDates()
{
    QFETCH(QJsonValue, value);
    QFETCH(bool, valid);
    QFETCH(qint64, seconds);
    const std::optional<qint64> date = numericDate(value);
    QCOMPARE(date.has_value(), valid);
    if (valid)
        QCOMPARE(*date, seconds);
}

void TestJwtInspector::timeTexts_data()
{
    QTest::addColumn<QString>("claim");
    QTest::addColumn<qint64>("delta");
    QTest::addColumn<QString>("text");
    QTest::newRow("expired 3 h 12 min") << QStringLiteral("exp") << qint64(-(3 * 3600 + 12 * 60))
                                        << QStringLiteral("expired 3 h 12 min ago");
    QTest::newRow("expires in 42 min") << QStringLiteral("exp") << qint64(42 * 60)
                                       << QStringLiteral("expires in 42 min");
    QTest::newRow("expires in 4 min 5 s")
        << QStringLiteral("exp") << qint64(245) << QStringLiteral("expires in 4 min 5 s");
    QTest::newRow("expires in 30 s") << QStringLiteral("exp") << qint64(30) << QStringLiteral("expires in 30 s");
    QTest::newRow("expires now") << QStringLiteral("exp") << qint64(0) << QStringLiteral("expires now");
    QTest::newRow("2 days") << QStringLiteral("exp") << qint64(-(2 * 86400 + 3 * 3600 + 59))
                            << QStringLiteral("expired 2 d 3 h ago");
    QTest::newRow("whole hours") << QStringLiteral("exp") << qint64(7200) << QStringLiteral("expires in 2 h");
    QTest::newRow("nbf future") << QStringLiteral("nbf") << qint64(120)
                                << QStringLiteral("not valid for another 2 min");
    QTest::newRow("nbf past") << QStringLiteral("nbf") << qint64(-120) << QStringLiteral("valid since 2 min ago");
    QTest::newRow("iat future") << QStringLiteral("iat") << qint64(600)
                                << QStringLiteral("issued 10 min in the future");
    QTest::newRow("other") << QStringLiteral("updated_at") << qint64(-59) << QStringLiteral("59 s ago");
    QTest::newRow("overflow") << QStringLiteral("exp") << std::numeric_limits<qint64>::min()
                              << QStringLiteral("expired 106751991167300 d 15 h ago");
}

void TestJwtInspector::timeTexts()
{
    QFETCH(QString, claim);
    QFETCH(qint64, delta);
    QFETCH(QString, text);
    const qint64 base = delta == std::numeric_limits<qint64>::min() ? 0 : Now;
    QCOMPARE(TimeText::relative(claim, base + delta, base), text);
    QCOMPARE(TimeText::utc(RfcVectors::ExampleExp), QStringLiteral("2011-03-22 18:43:00 UTC"));
    QCOMPARE(TimeText::iso(RfcVectors::ExampleExp), QStringLiteral("2011-03-22T18:43:00Z"));
}

void TestJwtInspector::kinds_data()
{
    QTest::addColumn<QJsonObject>("header");
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<TokenKind>("foundAs");
    QTest::addColumn<TokenKind>("kind");
    QTest::addColumn<bool>("certain");
    const auto s = [](const char* text) { return QJsonValue(QString::fromLatin1(text)); };
    const QJsonObject none;
    QTest::newRow("typ at+jwt") << QJsonObject {{QStringLiteral("typ"), s("at+jwt")}} << none << TokenKind::Unknown
                                << TokenKind::Access << true;
    QTest::newRow("typ application/at+JWT") << QJsonObject {{QStringLiteral("typ"), s("application/at+JWT")}} << none
                                            << TokenKind::Unknown << TokenKind::Access << true;
    QTest::newRow("nonce") << none << QJsonObject {{QStringLiteral("nonce"), s("n-0S6_WzA2Mj")}} << TokenKind::Unknown
                           << TokenKind::Id << false;
    QTest::newRow("at_hash") << none << QJsonObject {{QStringLiteral("at_hash"), s("77QmUPtjPfzWtF2AnpK9RQ")}}
                             << TokenKind::Unknown << TokenKind::Id << false;
    QTest::newRow("aud == azp, no scope")
        << none << QJsonObject {{QStringLiteral("aud"), s("client-1")}, {QStringLiteral("azp"), s("client-1")}}
        << TokenKind::Unknown << TokenKind::Id << false;
    QTest::newRow("aud == client_id, no scope")
        << none << QJsonObject {{QStringLiteral("aud"), s("client-1")}, {QStringLiteral("client_id"), s("client-1")}}
        << TokenKind::Unknown << TokenKind::Id << false;
    QTest::newRow("scope and client_id") << none
                                         << QJsonObject {{QStringLiteral("aud"), s("https://api")},
                                                         {QStringLiteral("scope"), s("read")},
                                                         {QStringLiteral("client_id"), s("client-1")}}
                                         << TokenKind::Unknown << TokenKind::Access << false;
    QTest::newRow("demo-style ID token") << QJsonObject {{QStringLiteral("typ"), s("JWT")}}
                                         << QJsonObject {{QStringLiteral("aud"), s("client-1")},
                                                         {QStringLiteral("auth_time"), Now},
                                                         {QStringLiteral("email"), s("a@b.invalid")}}
                                         << TokenKind::Unknown << TokenKind::Id << false;
    QTest::newRow("back-channel logout")
        << QJsonObject {{QStringLiteral("typ"), s("logout+jwt")}}
        << QJsonObject {{QStringLiteral("events"),
                         QJsonObject {
                             {QStringLiteral("http://schemas.openid.net/event/backchannel-logout"), QJsonObject {}}}},
                        {QStringLiteral("sid"), s("08a5019c")}}
        << TokenKind::Unknown << TokenKind::Logout << true;
    QTest::newRow("Cognito access") << none << QJsonObject {{QStringLiteral("token_use"), s("access")}}
                                    << TokenKind::Unknown << TokenKind::Access << true;
    QTest::newRow("Cognito id") << none
                                << QJsonObject {{QStringLiteral("token_use"), s("id")},
                                                {QStringLiteral("scope"), s("x")}}
                                << TokenKind::Unknown << TokenKind::Id << true;
    QTest::newRow("Keycloak refresh") << none << QJsonObject {{QStringLiteral("typ"), s("Refresh")}}
                                      << TokenKind::Unknown << TokenKind::Refresh << true;
    QTest::newRow("simplejwt refresh") << QJsonObject {{QStringLiteral("typ"), s("JWT")}}
                                       << QJsonObject {{QStringLiteral("token_type"), s("refresh")}}
                                       << TokenKind::Unknown << TokenKind::Refresh << true;
    QTest::newRow("DPoP proof") << QJsonObject {{QStringLiteral("typ"), s("dpop+jwt")}}
                                << QJsonObject {{QStringLiteral("htm"), s("GET")}} << TokenKind::Unknown
                                << TokenKind::DpopProof << true;
    QTest::newRow("nothing") << none << QJsonObject {{QStringLiteral("sub"), s("x")}} << TokenKind::Unknown
                             << TokenKind::Unknown << false;
    QTest::newRow("nothing, found as id_token")
        << none << QJsonObject {{QStringLiteral("sub"), s("x")}} << TokenKind::Id << TokenKind::Id << false;
    QTest::newRow("marker beats location")
        << QJsonObject {{QStringLiteral("typ"), s("at+jwt")}} << none << TokenKind::Id << TokenKind::Access << true;
}

void TestJwtInspector::kinds()
{
    QFETCH(QJsonObject, header);
    QFETCH(QJsonObject, claims);
    QFETCH(TokenKind, foundAs);
    QFETCH(TokenKind, kind);
    QFETCH(bool, certain);
    const KindVerdict verdict = KindDetector::detect(header, claims, foundAs);
    QCOMPARE(verdict.kind, kind);
    QCOMPARE(verdict.certain, certain);
    if (kind != TokenKind::Unknown)
        QVERIFY(!verdict.evidence.isEmpty());
}

void TestJwtInspector::wrongKind()
{
    const QJsonObject idClaims {{QStringLiteral("iss"), QStringLiteral("https://issuer.test")},
                                {QStringLiteral("aud"), QStringLiteral("client-1")},
                                {QStringLiteral("nonce"), QStringLiteral("abc")},
                                {QStringLiteral("exp"), Now + 600}};
    InspectOptions options = at();
    options.expectedKind = TokenKind::Access;
    const TokenReport report = JwtInspector::inspect(token(idClaims), options);
    QCOMPARE(report.kind.kind, TokenKind::Id);
    const QList<Problem> wrong = problemsWithCode(report.problems, QStringLiteral("token.wrong_kind"));
    QCOMPARE(wrong.size(), 1);
    QCOMPARE(wrong.constFirst().subcode, QStringLiteral("id"));
    QCOMPARE(wrong.constFirst().severity, Severity::Error);
    QVERIFY(wrong.constFirst().message.contains(QStringLiteral("nonce")));

    // The same token where an ID token belongs: fine.
    options.expectedKind = TokenKind::Id;
    QVERIFY(!hasProblem(JwtInspector::inspect(token(idClaims), options).problems, QStringLiteral("token.wrong_kind")));
    // An opaque GitHub refresh token sent as an access token.
    options.expectedKind = TokenKind::Access;
    const TokenReport refresh = JwtInspector::inspect(QByteArray(QByteArray("ghr_") + QByteArray(36, 'x')), options);
    QCOMPARE(refresh.kind.kind, TokenKind::Refresh);
    QVERIFY(hasProblem(refresh.problems, QStringLiteral("token.wrong_kind"), QStringLiteral("refresh")));
}

void TestJwtInspector::timeChecks_data()
{
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<qint64>("serverOffset"); // server clock − local clock; 0 = no server Date
    QTest::addColumn<TimeStatus>("status");
    QTest::addColumn<TimeStatus>("serverStatus");
    QTest::addColumn<QStringList>("problems");
    const auto times = [](std::optional<qint64> exp, std::optional<qint64> nbf = {}, std::optional<qint64> iat = {}) {
        QJsonObject claims;
        if (exp)
            claims.insert(QStringLiteral("exp"), Now + *exp);
        if (nbf)
            claims.insert(QStringLiteral("nbf"), Now + *nbf);
        if (iat)
            claims.insert(QStringLiteral("iat"), Now + *iat);
        return claims;
    };
    const TimeStatus none = TimeStatus::Unknown; // "no server clock given"
    QTest::newRow("valid") << times(3600, -60, -60) << qint64(0) << TimeStatus::Valid << none << QStringList();
    QTest::newRow("expired 3 h 12 min ago") << times(-(3 * 3600 + 12 * 60)) << qint64(0) << TimeStatus::Expired << none
                                            << QStringList {QStringLiteral("token.expired/exp")};
    QTest::newRow("expired within leeway") << times(-30) << qint64(0) << TimeStatus::Valid << none << QStringList();
    QTest::newRow("expired just past leeway")
        << times(-60) << qint64(0) << TimeStatus::Expired << none << QStringList {QStringLiteral("token.expired/exp")};
    QTest::newRow("nbf in the future") << times(3600, 120) << qint64(0) << TimeStatus::NotYetValid << none
                                       << QStringList {QStringLiteral("token.not_yet_valid/nbf")};
    QTest::newRow("iat in the future") << times(3600, {}, 600) << qint64(0) << TimeStatus::NotYetValid << none
                                       << QStringList {QStringLiteral("token.not_yet_valid/iat")};
    QTest::newRow("no exp") << times({}, -10, -10) << qint64(0) << TimeStatus::NoExpiry << none
                            << QStringList {QStringLiteral("token.no_expiry/no_exp")};
    QTest::newRow("born expired") << times(-7200, {}, -3600) << qint64(0) << TimeStatus::Expired << none
                                  << QStringList {QStringLiteral("token.expired/exp"),
                                                  QStringLiteral("token.malformed/exp_before_iat")};
    // The server's clock is 10 min ahead: by its clock the token expired, by ours it has 2 min left.
    QTest::newRow("server ahead: expired there only")
        << times(120, -3600, -3600) << qint64(600) << TimeStatus::Valid << TimeStatus::Expired
        << QStringList {QStringLiteral("token.expired/server_clock"), QStringLiteral("clock.skew/decides")};
    // The server's clock is 5 min behind: a freshly minted token is not yet valid there.
    QTest::newRow("server behind: not yet valid there")
        << times(3600, -10, -10) << qint64(-300) << TimeStatus::Valid << TimeStatus::NotYetValid
        << QStringList {QStringLiteral("token.not_yet_valid/nbf"), QStringLiteral("token.not_yet_valid/iat"),
                        QStringLiteral("clock.skew/decides")};
    // Our clock is the wrong one: expired here, valid at the server.
    QTest::newRow("local clock ahead") << times(-120, -3600) << qint64(-600) << TimeStatus::Expired << TimeStatus::Valid
                                       << QStringList {QStringLiteral("token.expired/local_clock"),
                                                       QStringLiteral("clock.skew/decides")};
    QTest::newRow("skew that does not matter") << times(86400) << qint64(300) << TimeStatus::Valid << TimeStatus::Valid
                                               << QStringList {QStringLiteral("clock.skew/skew")};
    QTest::newRow("skew within leeway") << times(86400) << qint64(30) << TimeStatus::Valid << TimeStatus::Valid
                                        << QStringList();
    QTest::newRow("expired by both clocks")
        << times(-7200) << qint64(300) << TimeStatus::Expired << TimeStatus::Expired
        << QStringList {QStringLiteral("token.expired/exp"), QStringLiteral("clock.skew/skew")};
}

void TestJwtInspector::timeChecks()
{
    QFETCH(QJsonObject, claims);
    QFETCH(qint64, serverOffset);
    QFETCH(TimeStatus, status);
    QFETCH(TimeStatus, serverStatus);
    QFETCH(QStringList, problems);
    InspectOptions options = at();
    if (serverOffset != 0)
        options.serverDate = QDateTime::fromSecsSinceEpoch(Now + serverOffset, Qt::UTC);
    const TokenReport report = JwtInspector::inspect(token(claims), options);
    QCOMPARE(report.time.status, status);
    if (serverOffset != 0) {
        QCOMPARE(report.time.serverStatus, std::optional<TimeStatus>(serverStatus));
        QCOMPARE(report.time.skewSeconds, std::optional<qint64>(serverOffset));
        QCOMPARE(report.time.skewDecides, status != serverStatus);
    } else {
        QVERIFY(!report.time.serverStatus);
    }
    QStringList timeProblems;
    for (const QString& code : codes(report.problems)) {
        if (!code.startsWith(u"token.signature"))
            timeProblems.append(code);
    }
    QCOMPARE(timeProblems, problems);
}

void TestJwtInspector::skewMessages()
{
    InspectOptions options = at();
    options.serverDate = QDateTime::fromSecsSinceEpoch(Now + 600, Qt::UTC);
    const TokenReport report = JwtInspector::inspect(token(QJsonObject {{QStringLiteral("exp"), Now + 120}}), options);
    const Problem expired = problemsWithCode(report.problems, QStringLiteral("token.expired")).constFirst();
    QVERIFY2(expired.message.contains(QStringLiteral("expired 8 min ago")), qPrintable(expired.message));
    QVERIFY(expired.message.contains(QStringLiteral("server's clock")));
    QCOMPARE(expired.severity, Severity::Error);
    const Problem skew = problemsWithCode(report.problems, QStringLiteral("clock.skew")).constFirst();
    QVERIFY2(skew.message.contains(QStringLiteral("10 min ahead of")), qPrintable(skew.message));
    QVERIFY(skew.message.contains(QStringLiteral("Clock skew is the cause")));

    // Without a server Date, exp in the past is simply expired, with the relative time in the message.
    const TokenReport plain = JwtInspector::inspect(token(QJsonObject {{QStringLiteral("exp"), Now - 11520}}), at());
    QVERIFY(plain.problems.constFirst().message.contains(QStringLiteral("expired 3 h 12 min ago")));
    // The local-only verdict is a warning: the server accepts the token.
    options.serverDate = QDateTime::fromSecsSinceEpoch(Now - 600, Qt::UTC);
    const TokenReport localOnly
        = JwtInspector::inspect(token(QJsonObject {{QStringLiteral("exp"), Now - 120}}), options);
    QCOMPARE(problemsWithCode(localOnly.problems, QStringLiteral("token.expired")).constFirst().severity,
             Severity::Warning);
}

void TestJwtInspector::expectations_data()
{
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<QStringList>("audiences");
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QStringList>("problems");
    QTest::addColumn<QString>("hint");
    const QString iss = QStringLiteral("https://issuer.test");
    const QJsonObject base {{QStringLiteral("exp"), Now + 600}};
    const auto with = [&base](std::initializer_list<QPair<QString, QJsonValue>> members) {
        QJsonObject claims = base;
        for (const auto& member : members)
            claims.insert(member.first, member.second);
        return claims;
    };
    const QString audKey = QStringLiteral("aud");
    const QString issKey = QStringLiteral("iss");
    QTest::newRow("aud string matches") << with({{audKey, QStringLiteral("api")}})
                                        << QStringList {QStringLiteral("api")} << QString() << QStringList()
                                        << QString();
    QTest::newRow("aud array contains") << with({{audKey, QJsonArray {QStringLiteral("other"), QStringLiteral("api")}}})
                                        << QStringList {QStringLiteral("api")} << QString() << QStringList()
                                        << QString();
    QTest::newRow("one of several expected")
        << with({{audKey, QStringLiteral("b")}}) << QStringList {QStringLiteral("a"), QStringLiteral("b")} << QString()
        << QStringList() << QString();
    QTest::newRow("aud mismatch") << with({{audKey, QStringLiteral("other-api")}})
                                  << QStringList {QStringLiteral("api")} << QString()
                                  << QStringList {QStringLiteral("token.audience/mismatch")} << QString();
    QTest::newRow("aud trailing slash") << with({{audKey, QStringLiteral("https://api.test/")}})
                                        << QStringList {QStringLiteral("https://api.test")} << QString()
                                        << QStringList {QStringLiteral("token.audience/mismatch")}
                                        << QStringLiteral("trailing slash");
    QTest::newRow("aud missing") << base << QStringList {QStringLiteral("api")} << QString()
                                 << QStringList {QStringLiteral("token.audience/missing")} << QString();
    QTest::newRow("iss matches") << with({{issKey, iss}}) << QStringList() << iss << QStringList() << QString();
    QTest::newRow("iss mismatch") << with({{issKey, QStringLiteral("https://evil.test")}}) << QStringList() << iss
                                  << QStringList {QStringLiteral("token.issuer/mismatch")} << QString();
    QTest::newRow("iss case") << with({{issKey, QStringLiteral("https://Issuer.test")}}) << QStringList() << iss
                              << QStringList {QStringLiteral("token.issuer/mismatch")} << QStringLiteral("letter case");
    QTest::newRow("iss missing") << base << QStringList() << iss << QStringList {QStringLiteral("token.issuer/missing")}
                                 << QString();
    QTest::newRow("both wrong") << with({{issKey, QStringLiteral("x")}, {audKey, QStringLiteral("y")}})
                                << QStringList {QStringLiteral("api")} << iss
                                << QStringList {QStringLiteral("token.issuer/mismatch"),
                                                QStringLiteral("token.audience/mismatch")}
                                << QString();
}

void TestJwtInspector::expectations()
{
    QFETCH(QJsonObject, claims);
    QFETCH(QStringList, audiences);
    QFETCH(QString, issuer);
    QFETCH(QStringList, problems);
    QFETCH(QString, hint);
    InspectOptions options = at();
    options.expectedAudiences = audiences;
    options.expectedIssuer = issuer;
    const TokenReport report = JwtInspector::inspect(token(claims), options);
    QStringList found;
    for (const Problem& problem : report.problems) {
        if (problem.code == u"token.audience" || problem.code == u"token.issuer") {
            found.append(problem.code + QLatin1Char('/') + problem.subcode);
            QCOMPARE(problem.severity, Severity::Error);
            if (!hint.isEmpty())
                QVERIFY2(problem.message.contains(hint), qPrintable(problem.message));
        }
    }
    QCOMPARE(found, problems);
}

void TestJwtInspector::labels_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("id");
    QTest::addColumn<TokenKind>("kind");
    // Built at run time so that no secret scanner mistakes these fixtures for leaked credentials.
    const auto fake = [](const char* prefix, int length, char fill = 'x') -> QByteArray {
        return QByteArray(prefix) + QByteArray(length, fill);
    };
    QTest::newRow("GitHub classic PAT") << fake("ghp_", 36) << QStringLiteral("github.pat_classic")
                                        << TokenKind::Access;
    QTest::newRow("GitHub fine-grained") << fake("github_pat_", 70) << QStringLiteral("github.pat_fine_grained")
                                         << TokenKind::Access;
    QTest::newRow("GitHub OAuth") << fake("gho_", 36) << QStringLiteral("github.oauth") << TokenKind::Access;
    QTest::newRow("GitHub user-to-server")
        << fake("ghu_", 36) << QStringLiteral("github.user_to_server") << TokenKind::Access;
    QTest::newRow("GitHub installation") << fake("ghs_", 36) << QStringLiteral("github.installation")
                                         << TokenKind::Access;
    QTest::newRow("GitHub refresh") << fake("ghr_", 36) << QStringLiteral("github.refresh") << TokenKind::Refresh;
    QTest::newRow("GitLab PAT") << fake("glpat-", 20) << QStringLiteral("gitlab.pat") << TokenKind::Access;
    QTest::newRow("Slack bot") << fake("xoxb-", 40, '1') << QStringLiteral("slack.bot") << TokenKind::Access;
    QTest::newRow("Slack user") << fake("xoxp-", 40, '1') << QStringLiteral("slack.user") << TokenKind::Access;
    QTest::newRow("Slack app") << fake("xapp-", 40, '1') << QStringLiteral("slack.app_level") << TokenKind::Unknown;
    QTest::newRow("Slack rotating user") << fake("xoxe.xoxp-", 40, '1') << QStringLiteral("slack.user_rotating")
                                         << TokenKind::Access;
    QTest::newRow("Slack refresh") << fake("xoxe-", 40, '1') << QStringLiteral("slack.refresh") << TokenKind::Refresh;
    // AWS's own documentation example key id.
    QTest::newRow("AWS key id") << QByteArrayLiteral("AKIAIOSFODNN7EXAMPLE") << QStringLiteral("aws.access_key_id")
                                << TokenKind::Unknown;
    QTest::newRow("AWS temporary") << fake("ASIA", 16, 'Q') << QStringLiteral("aws.temporary_access_key_id")
                                   << TokenKind::Unknown;
    QTest::newRow("Stripe live secret") << fake("sk_live_", 24) << QStringLiteral("stripe.secret_live")
                                        << TokenKind::Unknown;
    QTest::newRow("Stripe test secret") << fake("sk_test_", 24) << QStringLiteral("stripe.secret_test")
                                        << TokenKind::Unknown;
    QTest::newRow("Stripe restricted") << fake("rk_live_", 24) << QStringLiteral("stripe.restricted_live")
                                       << TokenKind::Unknown;
    QTest::newRow("Google OAuth") << fake("ya29.", 60) << QStringLiteral("google.oauth_access") << TokenKind::Access;
    QTest::newRow("Google API key") << fake("AIza", 35) << QStringLiteral("google.api_key") << TokenKind::Unknown;
    QTest::newRow("npm") << fake("npm_", 36) << QStringLiteral("npm.access_token") << TokenKind::Unknown;
    QTest::newRow("SendGrid (two dots)") << (fake("SG.", 22) + '.' + QByteArray(43, 'y'))
                                         << QStringLiteral("sendgrid.api_key") << TokenKind::Unknown;
    QTest::newRow("too short for AWS") << QByteArrayLiteral("AKIA1234") << QString() << TokenKind::Unknown;
    QTest::newRow("AWS-like but lower case")
        << QByteArrayLiteral("AKIAiosfodnn7example") << QString() << TokenKind::Unknown;
    QTest::newRow("plain") << QByteArrayLiteral("just-some-session-id-1234") << QString() << TokenKind::Unknown;
}

void TestJwtInspector::labels()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, id);
    QFETCH(TokenKind, kind);
    const TokenReport report = JwtInspector::inspect(input, at());
    QCOMPARE(report.format, TokenFormat::Opaque);
    QCOMPARE(report.label ? report.label->id : QString(), id);
    QCOMPARE(report.kind.kind, kind);
    QCOMPARE(report.time.status, TimeStatus::Unknown);
    QVERIFY(!report.isMalformed());
    if (report.label) {
        QVERIFY(!report.label->title().isEmpty());
        QVERIFY(codes(report.problems).contains(QStringLiteral("token.opaque/") + id));
    }
}

void TestJwtInspector::opaqueShapes_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("shape");
    QTest::newRow("uuid") << QByteArrayLiteral("123e4567-e89b-12d3-a456-426614174000") << QStringLiteral("UUID");
    QTest::newRow("hex") << QByteArray(40, 'a') << QStringLiteral("40 hex characters");
    QTest::newRow("base64url") << QByteArrayLiteral("ab-_Zz09") << QStringLiteral("8 base64url characters");
    QTest::newRow("base64") << QByteArrayLiteral("ab+/Zz0=") << QStringLiteral("8 base64 characters");
    QTest::newRow("other") << QByteArrayLiteral("a b!") << QStringLiteral("4 characters");
}

void TestJwtInspector::opaqueShapes()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, shape);
    QCOMPARE(JwtInspector::inspect(input, at()).opaqueShape, shape);
}

void TestJwtInspector::httpDates_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("seconds"); // -1: unparsable
    QTest::newRow("IMF-fixdate") << QByteArrayLiteral("Sun, 06 Nov 1994 08:49:37 GMT") << qint64(784111777);
    QTest::newRow("RFC 850") << QByteArrayLiteral("Sunday, 06-Nov-94 08:49:37 GMT") << qint64(784111777);
    QTest::newRow("asctime") << QByteArrayLiteral("Sun Nov  6 08:49:37 1994") << qint64(784111777);
    QTest::newRow("garbage") << QByteArrayLiteral("yesterday") << qint64(-1);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
}

void TestJwtInspector::httpDates()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, seconds);
    const auto parsed = parseHttpDate(value);
    if (seconds < 0) {
        QVERIFY(!parsed);
        return;
    }
    QVERIFY(parsed);
    QCOMPARE(parsed->toSecsSinceEpoch(), seconds);
}

void TestJwtInspector::base64UrlFaults_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<qsizetype>("position");
    QTest::newRow("clean") << QByteArrayLiteral("Zm9v") << QString() << qsizetype(-1);
    QTest::newRow("padding") << QByteArrayLiteral("Zg==") << QStringLiteral("padding") << qsizetype(2);
    QTest::newRow("plus") << QByteArrayLiteral("ab+c") << QStringLiteral("standard_alphabet") << qsizetype(2);
    QTest::newRow("space") << QByteArrayLiteral("ab c") << QStringLiteral("whitespace") << qsizetype(2);
    QTest::newRow("junk") << QByteArrayLiteral("a$bc") << QStringLiteral("invalid_character") << qsizetype(1);
    QTest::newRow("length") << QByteArrayLiteral("abcde") << QStringLiteral("length") << qsizetype(5);
}

void TestJwtInspector::base64UrlFaults()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, kind);
    QFETCH(qsizetype, position);
    const auto fault = findBase64UrlFault(text);
    QCOMPARE(fault.has_value(), !kind.isEmpty());
    if (fault) {
        QCOMPARE(fault->kindName(), kind);
        QCOMPARE(fault->position, position);
        QVERIFY(!fault->describe().isEmpty());
        QVERIFY(!base64UrlDecode(text));
    } else {
        QVERIFY(base64UrlDecode(text));
    }
}

void TestJwtInspector::duplicateMembers()
{
    // Hand-written JSON: QJsonObject cannot hold a name twice. "alg" twice in the header, "sub" three times
    // (one nested object in between, whose own members are not the top level's).
    const QByteArray header = R"({"alg":"none", "typ":"JWT", "alg" : "HS256"})";
    const QByteArray payload
        = R"({"sub":"alice","x":{"sub":"inner","a":[1,{"b":"}"}]},"sub":"bob","sub":"mallory\"s"})";
    const QByteArray text = b64(header) + '.' + b64(payload) + '.' + b64(QByteArray(32, 'x'));
    const TokenReport report = JwtInspector::inspect(text, at());
    QCOMPARE(report.header.value(QLatin1String("alg")).toString(), QStringLiteral("HS256")); // the last one
    QCOMPARE(report.claims.value(QLatin1String("sub")).toString(), QStringLiteral("mallory\"s"));
    QCOMPARE(report.claims.value(QLatin1String("x")).toObject().value(QLatin1String("sub")).toString(),
             QStringLiteral("inner"));
    const QList<Problem> found
        = problemsWithCode(report.problems, QStringLiteral("token.malformed"), QStringLiteral("duplicate_member"));
    QCOMPARE(found.size(), 2);
    QCOMPARE(found.at(0).part, QStringLiteral("header"));
    QCOMPARE(found.at(0).severity, Severity::Error);
    QVERIFY2(found.at(0).message.contains(QLatin1String("\"alg\" 2 times")), qPrintable(found.at(0).message));
    QVERIFY2(found.at(0).message.contains(QLatin1String("\"HS256\"")), qPrintable(found.at(0).message));
    QCOMPARE(found.at(1).part, QStringLiteral("payload"));
    QVERIFY2(found.at(1).message.contains(QLatin1String("\"sub\" 3 times")), qPrintable(found.at(1).message));

    // Unique names: nothing to say; escaped names that decode to the same name are the same name.
    QVERIFY(Authlens::Jwt::duplicateMembers(R"({"a":1,"b":{"a":2}})").isEmpty());
    QCOMPARE(Authlens::Jwt::duplicateMembers(R"({"alg":1,"\u0061lg":2})").size(), 1);
    QVERIFY(Authlens::Jwt::duplicateMembers("[1,2]").isEmpty());
    QVERIFY(Authlens::Jwt::duplicateMembers("{").isEmpty());
}

void TestJwtInspector::jsonReportMatchesContract()
{
    InspectOptions options = at();
    options.expectedAudiences = {QStringLiteral("api")};
    const QJsonObject json = reportToJson(JwtInspector::inspect(RfcVectors::A1Token, options));
    // DESIGN.md §6: kind, header, claims, signature{status,alg,kid}, time{status,exp,nbf,iat},
    // problems[{code,message}].
    QCOMPARE(json.value(QLatin1String("kind")).toString(), QStringLiteral("jws"));
    QCOMPARE(json.value(QLatin1String("header")).toObject().value(QLatin1String("alg")).toString(),
             QStringLiteral("HS256"));
    QCOMPARE(json.value(QLatin1String("claims")).toObject().value(QLatin1String("iss")).toString(),
             QStringLiteral("joe"));
    const QJsonObject signature = json.value(QLatin1String("signature")).toObject();
    QCOMPARE(signature.value(QLatin1String("status")).toString(), QStringLiteral("unverified"));
    QCOMPARE(signature.value(QLatin1String("alg")).toString(), QStringLiteral("HS256"));
    QVERIFY(signature.contains(QLatin1String("kid")));
    const QJsonObject time = json.value(QLatin1String("time")).toObject();
    QCOMPARE(time.value(QLatin1String("status")).toString(), QStringLiteral("expired"));
    QCOMPARE(time.value(QLatin1String("exp")).toInteger(), RfcVectors::ExampleExp);
    QVERIFY(time.value(QLatin1String("nbf")).isNull());
    QVERIFY(time.value(QLatin1String("iat")).isNull());
    QCOMPARE(
        time.value(QLatin1String("text")).toObject().value(QLatin1String("exp")).toObject().value(QLatin1String("utc")),
        QJsonValue(QStringLiteral("2011-03-22T18:43:00Z")));
    QStringList problemCodes;
    const QJsonArray problems = json.value(QLatin1String("problems")).toArray();
    for (const QJsonValue& problem : problems) {
        QVERIFY(!problem.toObject().value(QLatin1String("message")).toString().isEmpty());
        problemCodes.append(problem.toObject().value(QLatin1String("code")).toString());
    }
    QVERIFY(problemCodes.contains(QStringLiteral("token.expired")));
    QVERIFY(problemCodes.contains(QStringLiteral("token.audience")));
    QVERIFY(problemCodes.contains(QStringLiteral("token.signature")));
    QCOMPARE(json.value(QLatin1String("token_kind")).toString(), QStringLiteral("unknown"));
    QVERIFY(json.value(QLatin1String("label")).isNull());
    QCOMPARE(reportToJson(JwtInspector::inspect(QByteArray(QByteArray("ghp_") + QByteArray(36, 'x')), options))
                 .value(QLatin1String("label"))
                 .toObject()
                 .value(QLatin1String("vendor"))
                 .toString(),
             QStringLiteral("GitHub"));
}

QTEST_GUILESS_MAIN(TestJwtInspector)
#include "TestJwtInspector.moc"
