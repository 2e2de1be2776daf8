// .authlens.json share files: redaction, passphrase encryption, tampering, hostile files, conflicts.
#include "profiles/ProfileJson.h"
#include "profiles/ShareFile.h"
#include "profiles/TokenScanner.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Profiles;

namespace {

constexpr char kJwt[] = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

Profile sample(const QString& name = QStringLiteral("Orders API"))
{
    Profile p;
    p.id = ProfileJson::newId();
    p.name = name;
    p.baseUrl = QStringLiteral("https://orders.example.com");
    p.auth.method = Auth::Method::Basic;
    p.auth.username = QStringLiteral("alice");
    p.sessionSecrets.password = QStringLiteral("CANARY-pw");
    p.sessionSecrets.refreshToken = QStringLiteral("CANARY-rt");
    p.allowedOrigins = {Http::Origin::fromUrl(QUrl(QStringLiteral("https://cdn.example.com")))};
    SavedRequest r;
    r.id = ProfileJson::newId();
    r.name = QStringLiteral("Get order");
    r.url = QStringLiteral("/orders/1?access_token=ghp_abcdefghijklmnopqrstuvwxyz0123456789");
    r.headers = {{"X-Debug-Token", QByteArray(kJwt)}, {"Accept", "application/json"}};
    r.body = R"({"note":"see /orders/page","key":"Zx9Qw2Er7Ty5Ui3Op1As8Df6Gh4Jk0Lm"})";
    SavedRequest other;
    other.id = ProfileJson::newId();
    other.name = QStringLiteral("Webhook");
    other.url = QStringLiteral("https://hooks.partner.example/in");
    p.requests = {r, other};
    return p;
}

ShareFile::ExportOptions fastOptions(const QString& passphrase = {})
{
    ShareFile::ExportOptions o;
    o.passphrase = passphrase;
    o.kdf.n = 1 << 10; // tests only: the default costs ~128 MiB and a fraction of a second
    return o;
}

QByteArray replaceJson(const QByteArray& content, const std::function<void(QJsonObject&)>& edit)
{
    QJsonObject root = QJsonDocument::fromJson(content).object();
    edit(root);
    return QJsonDocument(root).toJson();
}

} // namespace

class TestShareFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenScanner_data();
    void tokenScanner();
    void exportWithoutSecrets();
    void keepChosenValues();
    void passphraseRoundTrip();
    void defaultKdfRoundTrip();
    void wrongPassphrase();
    void tamperedCiphertext();
    void tamperedProfilesBreakSecrets();
    void encryptedWithoutPassphrase();
    void badFiles_data();
    void badFiles();
    void wrongTypeInEveryMember();
    void tamperedBox_data();
    void tamperedBox();
    void deepNesting_data();
    void deepNesting();
    void passphraseLength();
    void demoProfilesAreNotExported();
    void recipients();
    void conflicts();
    void renameInPreview();
    void namedSecretsGoWhateverTheyLookLike();
};

void TestShareFile::tokenScanner_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("kind");
    QTest::newRow("jwt") << QString::fromLatin1(kJwt) << "JWT";
    QTest::newRow("jwt in header value") << QStringLiteral("Bearer ") + QString::fromLatin1(kJwt) << "JWT";
    QTest::newRow("github") << "token ghp_abcdefghijklmnopqrstuvwxyz0123456789"
                            << "GitHub personal access token (classic)";
    QTest::newRow("stripe") << "sk_live_51HxYzAbCdEfGhIjKlMnOp"
                            << "Stripe secret key (live mode)";
    QTest::newRow("aws") << "key=AKIAIOSFODNN7EXAMPLE&x=1"
                         << "AWS access key ID (long-term, IAM user)";
    QTest::newRow("slack") << "xoxb-123456789012-abcdefghijkl"
                           << "Slack bot token";
    QTest::newRow("random") << "api key: Zx9Qw2Er7Ty5Ui3Op1As8Df6Gh4Jk0Lm"
                            << "high-entropy string";
    QTest::newRow("uuid is not") << "id 123e4567-e89b-12d3-a456-426614174000"
                                 << "";
    QTest::newRow("words are not") << "application/x-www-form-urlencoded; charset=UTF-8"
                                   << "";
    QTest::newRow("path is not") << "/api/v2/organizations/members/invitations"
                                 << "";
    QTest::newRow("short is not") << "abc123"
                                  << "";
}

void TestShareFile::tokenScanner()
{
    QFETCH(QString, text);
    QFETCH(QString, kind);
    const auto hits = findTokenLikeValues(text);
    if (kind.isEmpty()) {
        QVERIFY2(hits.isEmpty(), qPrintable(hits.isEmpty() ? QString() : hits.first().kind));
        return;
    }
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits.first().kind, kind);
}

void TestShareFile::exportWithoutSecrets()
{
    const auto result = ShareFile::exportProfiles({sample()}, fastOptions());
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QVERIFY(!result.content.contains("CANARY"));
    QVERIFY(!result.content.contains(kJwt));
    QVERIFY(!result.content.contains("ghp_abcdef"));
    QVERIFY(!result.content.contains("Zx9Qw2Er7Ty5"));
    QVERIFY(result.content.contains("see /orders/page"));
    QVERIFY(!result.content.contains("\"secrets\""));
    // The report names each removal: two keychain fields and three values in the request.
    QStringList kinds;
    for (const auto& r : result.report) {
        QVERIFY(r.removed);
        kinds.append(r.kind);
    }
    QVERIFY(kinds.contains(QStringLiteral("Password")));
    QVERIFY(kinds.contains(QStringLiteral("Refresh token")));
    QVERIFY(kinds.contains(QStringLiteral("JWT")));
    QVERIFY(kinds.contains(QStringLiteral("GitHub personal access token (classic)")));
    QVERIFY(kinds.contains(QStringLiteral("high-entropy string")));
    QCOMPARE(result.report.size(), 5);
    // The file imports and keeps everything else.
    const auto parsed = ShareFile::parse(result.content, {});
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QCOMPARE(parsed.profiles.size(), 1);
    QCOMPARE(parsed.profiles[0].auth.username, QStringLiteral("alice"));
    QCOMPARE(parsed.profiles[0].sessionSecrets, Auth::AuthSecrets {});
    QCOMPARE(parsed.profiles[0].requests[0].headers[0].second, QByteArray("{{redacted}}"));
}

void TestShareFile::keepChosenValues()
{
    const Profile p = sample();
    auto options = fastOptions();
    const auto preview = ShareFile::previewRedactions({p}, options);
    for (const auto& r : preview) {
        if (r.kind == u"JWT")
            options.keep.insert(r.key);
    }
    const auto result = ShareFile::exportProfiles({p}, options);
    QVERIFY(result.content.contains(kJwt));
    QVERIFY(!result.content.contains("ghp_abcdef"));
}

void TestShareFile::passphraseRoundTrip()
{
    const Profile p = sample();
    const auto result = ShareFile::exportProfiles({p}, fastOptions(QStringLiteral("correct horse")));
    QVERIFY(result.error.isEmpty());
    QVERIFY(!result.content.contains("CANARY")); // encrypted, not plain
    QVERIFY(result.content.contains("AES-256-GCM"));
    const auto parsed = ShareFile::parse(result.content, QStringLiteral("correct horse"));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QVERIFY(parsed.hasSecrets);
    QCOMPARE(parsed.profiles[0].sessionSecrets.password, QStringLiteral("CANARY-pw"));
    QCOMPARE(parsed.profiles[0].sessionSecrets.refreshToken, QStringLiteral("CANARY-rt"));
}

void TestShareFile::defaultKdfRoundTrip()
{
    ShareFile::ExportOptions options;
    options.passphrase = QStringLiteral("pw");
    const auto result = ShareFile::exportProfiles({sample()}, options);
    const QJsonObject box = QJsonDocument::fromJson(result.content).object()[u"secrets"].toObject();
    QCOMPARE(box[u"n"].toDouble(), double(1 << 17));
    QVERIFY(ShareFile::parse(result.content, QStringLiteral("pw")).ok());
}

void TestShareFile::wrongPassphrase()
{
    const auto result = ShareFile::exportProfiles({sample()}, fastOptions(QStringLiteral("right")));
    const auto parsed = ShareFile::parse(result.content, QStringLiteral("wrong"));
    QVERIFY(!parsed.ok());
    QVERIFY(parsed.error.contains(u"Wrong passphrase"));
    QVERIFY(parsed.profiles.isEmpty()); // nothing half-imported
}

void TestShareFile::tamperedCiphertext()
{
    const auto result = ShareFile::exportProfiles({sample()}, fastOptions(QStringLiteral("pw")));
    const QByteArray tampered = replaceJson(result.content, [](QJsonObject& root) {
        QJsonObject box = root[u"secrets"].toObject();
        QByteArray c = QByteArray::fromBase64(box[u"ciphertext"].toString().toLatin1());
        c[0] = char(c[0] ^ 0x01);
        box[u"ciphertext"] = QString::fromLatin1(c.toBase64());
        root[u"secrets"] = box;
    });
    const auto parsed = ShareFile::parse(tampered, QStringLiteral("pw"));
    QVERIFY(!parsed.ok());
    QVERIFY(parsed.error.contains(u"modified"));
}

void TestShareFile::tamperedProfilesBreakSecrets()
{
    // Redirecting the credentials to another host must break the seal.
    const auto result = ShareFile::exportProfiles({sample()}, fastOptions(QStringLiteral("pw")));
    QByteArray evil = result.content;
    evil.replace("https://orders.example.com", "https://attacker.example.net");
    QVERIFY(evil != result.content);
    const auto parsed = ShareFile::parse(evil, QStringLiteral("pw"));
    QVERIFY(!parsed.ok());
    // Without the passphrase the profile part still imports (no secrets to steal).
    QVERIFY(ShareFile::parse(evil, {}).ok());
}

void TestShareFile::encryptedWithoutPassphrase()
{
    const auto result = ShareFile::exportProfiles({sample()}, fastOptions(QStringLiteral("pw")));
    const auto parsed = ShareFile::parse(result.content, {});
    QVERIFY(parsed.ok());
    QVERIFY(parsed.needsPassphrase);
    QCOMPARE(parsed.profiles[0].sessionSecrets, Auth::AuthSecrets {});
    QVERIFY(!parsed.warnings.isEmpty());
}

void TestShareFile::badFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    const QByteArray good = ShareFile::exportProfiles({sample()}, fastOptions()).content;
    QTest::newRow("not json") << QByteArray("not json") << "Not JSON";
    QTest::newRow("wrong format") << QByteArray(R"({"format":"postman"})") << "Not an Authlens profile file";
    QTest::newRow("newer version") << replaceJson(good, [](QJsonObject& r) { r[u"version"] = 9; }) << "newer Authlens";
    QTest::newRow("no profiles") << replaceJson(good, [](QJsonObject& r) { r[u"profiles"] = QJsonArray(); })
                                 << "no profiles";
    QTest::newRow("file scheme") << QByteArray(good).replace("https://orders.example.com", "file:///etc")
                                 << "http or https";
    QTest::newRow("javascript url") << QByteArray(good).replace("https://hooks.partner.example/in",
                                                                "javascript:alert(1)")
                                    << "http or https";
    QTest::newRow("huge") << QByteArray(ShareFile::kMaxFileSize + 1, ' ') << "at most";
    QTest::newRow("deep") << QByteArray(200, '[') + QByteArray(200, ']') << "nests deeper";
    QTest::newRow("duplicate ids") << replaceJson(good, [](QJsonObject& r) {
        QJsonArray a = r[u"profiles"].toArray();
        a.append(a.at(0));
        r[u"profiles"] = a;
    }) << "twice";
    QTest::newRow("kdf bomb") << replaceJson(
        ShareFile::exportProfiles({sample()}, fastOptions(QStringLiteral("pw"))).content, [](QJsonObject& r) {
            QJsonObject box = r[u"secrets"].toObject();
            box[u"n"] = double(1ULL << 40);
            r[u"secrets"] = box;
        }) << "safe bounds";
    // Found by fuzz_sharefile: a cost past what an integer holds was converted (undefined) before the check.
    // (clang 14 cannot capture structured bindings: plain members.)
    struct Case
    {
        const char* name;
        const char* key;
        double value;
    };
    for (const Case& c : {Case {"kdf n 1e56", "n", 1.2e56}, Case {"kdf n negative", "n", -1024.0},
                          Case {"kdf r fraction", "r", 2.5}, Case {"kdf p huge", "p", 1e300}}) {
        const QString key = QString::fromLatin1(c.key);
        const double value = c.value;
        QTest::newRow(c.name) << replaceJson(
            ShareFile::exportProfiles({sample()}, fastOptions(QStringLiteral("pw"))).content,
            [key, value](QJsonObject& r) {
                QJsonObject box = r[u"secrets"].toObject();
                box[key] = value;
                r[u"secrets"] = box;
            }) << "safe bounds";
    }
}

void TestShareFile::badFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const auto parsed = ShareFile::parse(content, QStringLiteral("pw"));
    QVERIFY(!parsed.ok());
    QVERIFY2(parsed.error.contains(message), qPrintable(parsed.error));
    QVERIFY(parsed.profiles.isEmpty());
}

namespace {

/// Every member of a JSON document, as the path of keys (strings) and indexes (numbers) that leads to it.
void collectPaths(const QJsonValue& value, const QVariantList& path, QList<QVariantList>* out)
{
    if (!path.isEmpty())
        out->append(path);
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            collectPaths(it.value(), QVariantList(path) << it.key(), out);
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            collectPaths(a.at(i), QVariantList(path) << int(i), out);
    }
}

/// A value of another JSON type than `v`: what a hand edit or a hostile generator puts there.
QJsonValue wrongType(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return 7;
    case QJsonValue::Double:
        return QStringLiteral("7");
    case QJsonValue::Bool:
        return QStringLiteral("true");
    case QJsonValue::Array:
        return QJsonObject {{QStringLiteral("x"), 1}};
    case QJsonValue::Object:
        return QJsonArray {1};
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return 7;
}

/// `root` with the member at `path` replaced by a value of the wrong type; `*was` gets the original.
QJsonValue withWrongType(const QJsonValue& root, const QVariantList& path, qsizetype at, QJsonValue* was)
{
    if (at == path.size()) {
        *was = root;
        return wrongType(root);
    }
    if (root.isObject()) {
        QJsonObject o = root.toObject();
        const QString key = path.at(at).toString();
        o[key] = withWrongType(o.value(key), path, at + 1, was);
        return o;
    }
    QJsonArray a = root.toArray();
    const int index = path.at(at).toInt();
    a[index] = withWrongType(a.at(index), path, at + 1, was);
    return a;
}

QString pathText(const QVariantList& path)
{
    QStringList parts;
    for (const QVariant& p : path)
        parts.append(p.toString());
    return parts.join(u'.');
}

} // namespace

void TestShareFile::wrongTypeInEveryMember()
{
    // A file of two profiles (the second one with every kind of member a profile has) with encrypted secrets:
    // each member in turn gets a value of another type. Every variant is an error, and nothing is returned
    // to import. The profile part is checked without the passphrase (with it, any change to the profiles
    // breaks the seal anyway), the encrypted box with it.
    Profile rich = sample(QStringLiteral("Everything"));
    rich.description = QStringLiteral("all members");
    rich.variables = {{QStringLiteral("tenant"), QStringLiteral("acme")}};
    rich.expectedIssuer = QStringLiteral("https://login.example.com/");
    rich.expectedAudiences = {QStringLiteral("https://orders.example.com")};
    rich.auth.method = Auth::Method::OAuth2;
    rich.auth.oauth.tokenEndpoint = QStringLiteral("https://login.example.com/token");
    rich.auth.oauth.clientId = QStringLiteral("client");
    rich.auth.oauth.scopes = {QStringLiteral("read")};
    rich.auth.oauth.resources = {QStringLiteral("https://orders.example.com")};
    rich.auth.oauth.extraParams = {{QStringLiteral("prompt"), QStringLiteral("none")}};
    rich.auth.oauth.pkce = true;
    rich.auth.oauth.dpop = true;
    rich.auth.oauth.refreshBeforeSeconds = 60;
    rich.auth.oauth.accessTokenExpiresAt = 1700000000;
    rich.tls.caBundlePath = QStringLiteral("/etc/ssl/ca.pem");
    rich.tls.ignoreErrors = true;
    rich.proxy.mode = ProxySettings::Mode::Http;
    rich.proxy.host = QStringLiteral("proxy.example.com");
    rich.proxy.port = 3128;
    rich.connectTimeoutMs = 5000;
    rich.requests[1].body = QByteArray("\x00\x01binary", 8);
    rich.requests[1].method = "PUT";
    rich.requests[1].contentType = QStringLiteral("application/octet-stream");
    const QByteArray file = ShareFile::exportProfiles({sample(), rich}, fastOptions(QStringLiteral("pw"))).content;
    QVERIFY(ShareFile::parse(file, QStringLiteral("pw")).ok());
    const QJsonObject root = QJsonDocument::fromJson(file).object();
    QList<QVariantList> paths;
    collectPaths(root, {}, &paths);
    QVERIFY(paths.size() > 60);
    int checked = 0;
    QStringList accepted;
    for (const QVariantList& path : std::as_const(paths)) {
        QJsonValue was;
        const QJsonValue changed = withWrongType(root, path, 0, &was);
        if (was.isNull())
            continue;
        const bool inBox = path.constFirst() == QStringLiteral("secrets");
        const ShareFile::Parsed parsed
            = ShareFile::parse(QJsonDocument(changed.toObject()).toJson(), inBox ? QStringLiteral("pw") : QString());
        ++checked;
        if (parsed.ok() || !parsed.profiles.isEmpty())
            accepted.append(pathText(path));
    }
    QVERIFY2(accepted.isEmpty(), qPrintable(QStringLiteral("accepted with a wrong type: ") + accepted.join(u", ")));
    qInfo("%d members, each with a wrong type: all refused", checked);
}

void TestShareFile::tamperedBox_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<int>("how"); // 0: flip a bit of the first byte, 1: drop the last byte, 2: double the cost
    QTest::addColumn<QString>("message");
    QTest::newRow("ciphertext bit") << "ciphertext" << 0 << "modified";
    QTest::newRow("ciphertext short") << "ciphertext" << 1 << "modified";
    QTest::newRow("tag bit") << "tag" << 0 << "modified";
    QTest::newRow("tag short") << "tag" << 1 << "damaged";
    QTest::newRow("salt bit") << "salt" << 0 << "modified";
    QTest::newRow("salt short") << "salt" << 1 << "modified";
    QTest::newRow("nonce bit") << "nonce" << 0 << "modified";
    QTest::newRow("nonce short") << "nonce" << 1 << "damaged";
    QTest::newRow("cost changed") << "n" << 2 << "modified";
}

void TestShareFile::tamperedBox()
{
    QFETCH(QString, member);
    QFETCH(int, how);
    QFETCH(QString, message);
    const auto result = ShareFile::exportProfiles({sample()}, fastOptions(QStringLiteral("pw")));
    const QByteArray tampered = replaceJson(result.content, [&](QJsonObject& root) {
        QJsonObject box = root[u"secrets"].toObject();
        if (how == 2) {
            box[member] = box[member].toDouble() * 2;
        } else {
            QByteArray b = QByteArray::fromBase64(box[member].toString().toLatin1());
            if (how == 0)
                b[0] = char(b[0] ^ 0x01);
            else
                b.chop(1);
            box[member] = QString::fromLatin1(b.toBase64());
        }
        root[u"secrets"] = box;
    });
    QVERIFY(tampered != result.content);
    const auto parsed = ShareFile::parse(tampered, QStringLiteral("pw"));
    QVERIFY(!parsed.ok());
    QVERIFY2(parsed.error.contains(message), qPrintable(parsed.error));
    QVERIFY(parsed.profiles.isEmpty()); // nothing to import halfway
}

void TestShareFile::deepNesting_data()
{
    QTest::addColumn<QByteArray>("content");
    constexpr int depth = 100000;
    QTest::newRow("100k [") << QByteArray(depth, '[') + QByteArray(depth, ']');
    QTest::newRow("100k [ unclosed") << QByteArray(depth, '[');
    QTest::newRow("100k objects") << QByteArray("{\"a\":").repeated(depth) + "1" + QByteArray(depth, '}');
    QTest::newRow("deep inside a profile") << QByteArray(R"({"format":"authlens-profiles","version":1,"profiles":[)")
            + QByteArray(depth, '[') + QByteArray(depth, ']') + "]}";
}

void TestShareFile::deepNesting()
{
    // Refused by a scan before QJsonDocument's recursive parser runs (the ASan build checks the stack).
    QFETCH(QByteArray, content);
    const auto parsed = ShareFile::parse(content, QStringLiteral("pw"));
    QVERIFY(!parsed.ok());
    QVERIFY2(parsed.error.contains(u"nests deeper"), qPrintable(parsed.error));
    QVERIFY(parsed.profiles.isEmpty());
}

void TestShareFile::passphraseLength()
{
    const QString longest(SecretBox::kMaxPassphraseBytes, u'p');
    const auto sealed = ShareFile::exportProfiles({sample()}, fastOptions(longest));
    QVERIFY2(sealed.error.isEmpty(), qPrintable(sealed.error));
    QVERIFY(ShareFile::parse(sealed.content, longest).ok());
    // One byte more (or a non-ASCII character that makes it longer in UTF-8) is refused, on both sides.
    const QString tooLong = longest.left(SecretBox::kMaxPassphraseBytes - 1) + QStringLiteral("é");
    QVERIFY(!ShareFile::exportProfiles({sample()}, fastOptions(tooLong)).error.isEmpty());
    const auto parsedTooLong = ShareFile::parse(sealed.content, tooLong);
    QVERIFY(!parsedTooLong.ok());
    QVERIFY2(parsedTooLong.error.contains(u"at most 1024 bytes"), qPrintable(parsedTooLong.error));
    // 10 MB: refused before any key derivation, nothing returned.
    const QString huge(10 * 1024 * 1024, u'x');
    QElapsedTimer timer;
    timer.start();
    const auto parsedHuge = ShareFile::parse(sealed.content, huge);
    qInfo("10 MB passphrase refused in %lld ms", timer.elapsed());
    QVERIFY(!parsedHuge.ok());
    QVERIFY2(parsedHuge.error.contains(u"10485760 bytes"), qPrintable(parsedHuge.error));
    QVERIFY(parsedHuge.profiles.isEmpty());
}

void TestShareFile::demoProfilesAreNotExported()
{
    Profile p = sample();
    p.demo = true;
    const auto result = ShareFile::exportProfiles({p}, fastOptions());
    QVERIFY(result.content.isEmpty());
    QVERIFY(result.error.contains(u"demo"));
}

void TestShareFile::recipients()
{
    const auto list = ShareFile::recipients(sample());
    QCOMPARE(list.size(), 3);
    QCOMPARE(list[0].origin, QStringLiteral("https://orders.example.com:443"));
    QVERIFY(list[0].credentials.constFirst().contains(u"alice"));
    QVERIFY(list[0].credentials.constFirst().contains(u"value included"));
    QCOMPARE(list[1].origin, QStringLiteral("https://cdn.example.com:443"));
    QCOMPARE(list[2].origin, QStringLiteral("https://hooks.partner.example:443"));
    QVERIFY(list[2].credentials.constFirst().contains(u"Webhook"));
}

void TestShareFile::conflicts()
{
    const Profile existingSameId = sample(QStringLiteral("Orders API"));
    Profile existingSameName = sample(QStringLiteral("Billing"));
    Profile incomingSameId = existingSameId;
    incomingSameId.name = QStringLiteral("Orders API v2");
    Profile incomingSameName = sample(QStringLiteral("billing"));
    const Profile incomingNew = sample(QStringLiteral("Fresh"));
    auto items = ShareFile::plan({incomingSameId, incomingSameName, incomingNew}, {existingSameId, existingSameName});
    QCOMPARE(items.size(), 3);
    QCOMPARE(items[0].conflict, ShareFile::Conflict::SameId);
    QCOMPARE(items[1].conflict, ShareFile::Conflict::SameName);
    QCOMPARE(items[1].existingId, existingSameName.id);
    QCOMPARE(items[2].conflict, ShareFile::Conflict::None);
    QCOMPARE(items[0].resolution, ShareFile::Resolution::Rename);

    QStringList replaced;
    auto result = ShareFile::resolve(items, {existingSameId, existingSameName}, &replaced);
    QCOMPARE(result.size(), 3);
    QVERIFY(result[0].id != existingSameId.id);
    QCOMPARE(result[0].name, QStringLiteral("Orders API v2 (imported)"));
    QVERIFY(replaced.isEmpty());

    items[0].resolution = ShareFile::Resolution::Replace;
    items[1].resolution = ShareFile::Resolution::Skip;
    result = ShareFile::resolve(items, {existingSameId, existingSameName}, &replaced);
    QCOMPARE(result.size(), 2);
    QCOMPARE(result[0].id, existingSameId.id);
    QCOMPARE(replaced, QStringList {existingSameId.id});
    QCOMPARE(result[1].name, QStringLiteral("Fresh"));
}

void TestShareFile::renameInPreview()
{
    // Issue 14: the import preview lets the user rename a profile before importing it.
    const Profile existingSameId = sample(QStringLiteral("Orders API"));
    const Profile existingBilling = sample(QStringLiteral("Billing"));
    const QList<Profile> existing {existingSameId, existingBilling};
    Profile incomingSameId = existingSameId;
    incomingSameId.name = QStringLiteral("Orders API v2");
    const Profile incomingBilling = sample(QStringLiteral("billing"));
    const Profile incomingFresh = sample(QStringLiteral("Fresh"));
    auto items = ShareFile::plan({incomingSameId, incomingBilling, incomingFresh}, existing);
    QCOMPARE(items[1].fileName, QStringLiteral("billing"));

    // Refused, with words that say why.
    QCOMPARE(ShareFile::nameProblem(items, 2, QStringLiteral("  "), existing),
             QStringLiteral("A profile needs a name."));
    QVERIFY(ShareFile::nameProblem(items, 2, QStringLiteral("BILLING"), existing).contains(u"exists already"));
    QVERIFY(ShareFile::nameProblem(items, 2, QStringLiteral("orders api v2"), existing).contains(u"this import"));
    QVERIFY(ShareFile::nameProblem(items, 2, QStringLiteral("a\nb"), existing).contains(u"control characters"));
    QVERIFY(ShareFile::nameProblem(items, 2, QString(300, u'x'), existing).contains(u"longer"));
    QVERIFY(!ShareFile::nameProblem(items, 7, QStringLiteral("Fine"), existing).isEmpty());
    // The file's own name stays possible (its conflict is what the resolution settles), and a free name is fine.
    QVERIFY(ShareFile::nameProblem(items, 1, QStringLiteral("Billing"), existing).isEmpty());
    QVERIFY(ShareFile::nameProblem(items, 1, QStringLiteral("Billing (colleague)"), existing).isEmpty());

    // A free name resolves the name conflict: imported as it is, under that name, with its own id.
    QCOMPARE(items[1].conflict, ShareFile::Conflict::SameName);
    QCOMPARE(items[1].resolution, ShareFile::Resolution::Rename);
    ShareFile::renameItem(items, 1, QStringLiteral(" Billing (colleague) "), existing);
    QCOMPARE(items[1].conflict, ShareFile::Conflict::None);
    QCOMPARE(items[1].resolution, ShareFile::Resolution::Import);
    // Back to the file's name: the conflict and its default choice come back.
    ShareFile::renameItem(items, 1, QStringLiteral("billing"), existing);
    QCOMPARE(items[1].conflict, ShareFile::Conflict::SameName);
    QCOMPARE(items[1].resolution, ShareFile::Resolution::Rename);
    ShareFile::renameItem(items, 1, QStringLiteral("Billing (colleague)"), existing);
    // The same id stays a conflict whatever the name; a renamed copy keeps the user's name (no "(imported)").
    ShareFile::renameItem(items, 0, QStringLiteral("Orders API (staging)"), existing);
    QCOMPARE(items[0].conflict, ShareFile::Conflict::SameId);
    QCOMPARE(items[0].resolution, ShareFile::Resolution::Rename);
    // A skipped profile stays skipped.
    items[2].resolution = ShareFile::Resolution::Skip;
    ShareFile::renameItem(items, 2, QStringLiteral("Billing"), existing);
    QCOMPARE(items[2].resolution, ShareFile::Resolution::Skip);
    ShareFile::renameItem(items, 2, QStringLiteral("Fresh"), existing);

    QStringList replaced;
    const QList<Profile> result = ShareFile::resolve(items, existing, &replaced);
    QCOMPARE(result.size(), 2);
    QCOMPARE(result[0].name, QStringLiteral("Orders API (staging)"));
    QVERIFY(result[0].id != existingSameId.id);
    QCOMPARE(result[1].name, QStringLiteral("Billing (colleague)"));
    QCOMPARE(result[1].id, incomingBilling.id);
    QVERIFY(replaced.isEmpty());
}

void TestShareFile::namedSecretsGoWhateverTheyLookLike()
{
    // Short or regular values the token scanner cannot tell from words: the secret policy knows them
    // by their names (a vendor header, a query key, a form password, a variable, the profile's own
    // API-key header).
    Profile p;
    p.id = ProfileJson::newId();
    p.name = QStringLiteral("Shop");
    p.baseUrl = QStringLiteral("https://shop.example");
    p.auth.method = Auth::Method::ApiKey;
    p.auth.apiKeyName = QStringLiteral("X-Thing");
    p.variables = {{QStringLiteral("apiKey"), QStringLiteral("short-1")},
                   {QStringLiteral("region"), QStringLiteral("eu")},
                   {QStringLiteral("authToken"), QStringLiteral("{{token}}")}};
    SavedRequest r;
    r.id = ProfileJson::newId();
    r.name = QStringLiteral("Login");
    r.method = "POST";
    r.url = QStringLiteral("/login?api_key=short-2&page=2");
    r.headers = {{"X-Shopify-Access-Token", "short-3"}, {"X-Thing", "short-4"}, {"Accept", "application/json"}};
    r.contentType = QStringLiteral("application/x-www-form-urlencoded");
    r.body = "user=alice&password=short-5";
    p.requests = {r};

    auto options = fastOptions();
    const auto preview = ShareFile::previewRedactions({p}, options);
    QCOMPARE(preview.size(), 5);
    const auto result = ShareFile::exportProfiles({p}, options);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    for (const char* secret : {"short-1", "short-2", "short-3", "short-4", "short-5"})
        QVERIFY2(!result.content.contains(secret), secret);
    for (const char* kept : {"page=2", "user=alice", "\"eu\"", "{{token}}", "application/json"})
        QVERIFY2(result.content.contains(kept), kept);
    QStringList locations;
    for (const auto& r : result.report) {
        QVERIFY(r.kind.contains(u"by its name"));
        locations.append(r.location);
    }
    QVERIFY2(locations.join(u'|').contains(u"header X-Shopify-Access-Token"), qPrintable(locations.join(u'|')));

    // Kept by the user's choice: the value stays, and no second finding appears for it.
    for (const auto& r : preview) {
        if (r.location.contains(u"X-Thing"))
            options.keep.insert(r.key);
    }
    const auto kept = ShareFile::exportProfiles({p}, options);
    QVERIFY(kept.content.contains("short-4"));
    QCOMPARE(kept.report.size(), 5);
}

QTEST_GUILESS_MAIN(TestShareFile)
#include "TestShareFile.moc"
