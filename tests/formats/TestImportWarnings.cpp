// Issue 14: the warnings of an import, as the import preview and `authlens-cli profiles import` show them, grouped
// by kind; and over the whole corpus (tests/data/formats/corpus), no warning contradicts the keychain report of the
// same import (a value listed as kept, and a warning that says it was not imported).
#include "profiles/formats/CurlImport.h"
#include "profiles/formats/ImportFile.h"
#include "profiles/formats/ImportResult.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Formats;
using namespace Qt::StringLiterals;

namespace {

const QString kCorpus = QStringLiteral(AUTHLENS_TEST_DATA_DIR "/formats/corpus/");

/// The names a keychain entry keeps a value under: its secret variable ("client_secret"), the header, body field or
/// query parameter it came from ("X-API-Key", "password"), and the field ("Access token").
QStringList keptNames(const KeychainEntry& entry)
{
    QStringList names;
    static const QRegularExpression variable(QStringLiteral("\\{\\{([^{}]+)\\}\\}"));
    if (const auto m = variable.match(entry.field); m.hasMatch())
        names.append(m.captured(1));
    else
        names.append(entry.field);
    static const QRegularExpression place(
        QStringLiteral("(?:header|body field|query parameter) ([A-Za-z0-9_.-]+)|([A-Za-z0-9_-]+) header"));
    for (auto it = place.globalMatch(entry.source); it.hasNext();) {
        const auto m = it.next();
        names.append(m.captured(1).isEmpty() ? m.captured(2) : m.captured(1));
    }
    names.removeAll(QString());
    return names;
}

bool namesWord(const QString& text, const QString& name)
{
    const QRegularExpression word(u"(?<![A-Za-z0-9_-])"_s + QRegularExpression::escape(name) + u"(?![A-Za-z0-9_-])"_s,
                                  QRegularExpression::CaseInsensitiveOption);
    return word.match(text).hasMatch();
}

/// What in `result` contradicts itself, one line each (empty: nothing).
QStringList contradictions(const ImportResult& result)
{
    QStringList out;
    for (const QString& warning : result.warnings) {
        const WarningKind kind = warningKind(warning);
        // A value the keychain report lists as kept, and a warning that says it was not imported (or ignored).
        if (kind == WarningKind::NotImported || kind == WarningKind::Ignored) {
            for (const KeychainEntry& entry : result.keychain) {
                for (const QString& name : keptNames(entry)) {
                    if (namesWord(warning, name))
                        out.append(
                            u"\"%1\" is kept (%2 ← %3), but: %4"_s.arg(name, entry.field, entry.source, warning));
                }
            }
        }
        // A request a warning says was not imported, and a value the report lists as kept from it.
        static const QRegularExpression leftOut(QStringLiteral("^Request “([^”]*)” of “[^”]*” was not imported"));
        if (const auto m = leftOut.match(warning); m.hasMatch()) {
            const QString source = u"request “%1”"_s.arg(m.captured(1));
            for (const KeychainEntry& entry : result.keychain) {
                if (entry.source.contains(source))
                    out.append(u"kept from a request that was not imported (%1 ← %2): %3"_s.arg(entry.field,
                                                                                                entry.source, warning));
            }
        }
        // A warning that says a second credential is kept: the keychain report lists it (its source is the
        // credential, not the auth method, a request or a variable).
        if (warning.contains(u"extra credential")) {
            const bool listed
                = std::any_of(result.keychain.cbegin(), result.keychain.cend(), [](const KeychainEntry& e) {
                      return !e.source.startsWith(u"authentication") && !e.source.startsWith(u"request ")
                          && !e.source.startsWith(u"variable ");
                  });
            if (!listed)
                out.append(u"a warning says a credential is kept as an extra credential, the keychain report lists "
                           "none: "_s
                           + warning);
        }
    }
    return out;
}

} // namespace

class TestImportWarnings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void kinds_data();
    void kinds();
    void kindNamesAreStable();
    void corpusHasNoContradictions_data();
    void corpusHasNoContradictions();
    void bearerAndDigestSaysWhatWasKept();
    void leftOutRequestKeepsNoSecret();
};

void TestImportWarnings::kinds_data()
{
    QTest::addColumn<QString>("warning");
    QTest::addColumn<int>("kind");
    const auto row = [](const char* name, const QString& warning, WarningKind kind) {
        QTest::newRow(name) << warning << int(kind);
    };
    // Real warnings of the importers (the corpus and the importers' tests).
    row("scripts", u"2 pre-request or test script(s) were not imported: Authlens does not run Postman scripts."_s,
        WarningKind::NotImported);
    row("disabled headers", u"4 disabled header(s) were left out."_s, WarningKind::NotImported);
    row("static resources", u"Skipped 8 static resources (images, scripts, stylesheets, fonts)."_s,
        WarningKind::NotImported);
    row("auth without",
        u"Postman auth type \"awsv4\" is not supported; requests using it were imported without auth."_s,
        WarningKind::NotImported);
    row("placeholder",
        u"The access token is the placeholder {{token}}, not a value: enter it in the profile (it goes to the keychain)."_s,
        WarningKind::ToComplete);
    row("undefined variable",
        u"The requests use {{host}}, which the collection does not define: import the Postman environment that "
        "defines it into this profile, or set the base URL."_s,
        WarningKind::ToComplete);
    row("cookies",
        u"Cookies were kept as a credential of the profile, not as a header: they go to the keychain (the profile's "
        "Cookies) and stay out of the profile file."_s,
        WarningKind::Keychain);
    row("unknown option", u"Unknown curl option --frobnicate ignored."_s, WarningKind::Ignored);
    row("dynamic variables",
        u"Postman dynamic variables such as {{$guid}} or {{$timestamp}} are not supported; they stay as text."_s,
        WarningKind::Ignored);
    row("fixed header",
        u"The Authorization header uses the scheme \"ssws\"; it is sent as a fixed header (auth method: API key "
        "named Authorization)."_s,
        WarningKind::Changed);
    row("insecure",
        u"-k/--insecure: the profile ignores TLS certificate errors (they are still shown). Turn this off once the "
        "server has a valid certificate."_s,
        WarningKind::Changed);
    // AWS Signature v4: what the user has to enter comes first, the signature that was not kept is no loss.
    row("AWS signature in a capture",
        u"The Authorization header is an AWS Signature v4 signature (AWS4-HMAC-SHA256): it holds for one request at "
        "one moment, so replaying it fails and no copy of it is stored. The profile signs every request itself with "
        "AWS Signature v4, with the signature's access key ID, region \"us-west-2\" and service \"execute-api\"; the "
        "secret access key is not in the capture and must be entered: enter it in the profile (it goes to the "
        "keychain)."_s,
        WarningKind::ToComplete);
    row("AWS secret from an undefined variable",
        u"The AWS secret access key is {{AWS_SECRET}}, a variable the collection does not define: enter the secret "
        "access key in the profile (it goes to the keychain), or import the Postman environment that defines it."_s,
        WarningKind::ToComplete);
    row("AWS region unknown",
        u"--aws-sigv4 gives no region or service and the host name does not tell: the profile uses the default region "
        "(\"us-east-1\"), service (\"execute-api\"); edit the profile's AWS settings if that is not it."_s,
        WarningKind::ToComplete);
    row("AWS scope from the host",
        u"--aws-sigv4 gives no region or service: taken from the host name, region \"eu-west-1\", service "
        "\"execute-api\"."_s,
        WarningKind::Changed);
    row("AWS presigned query",
        u"Postman's AWS Signature option addAuthDataToQuery (the signature in the request URL, a presigned URL) is "
        "not supported: Authlens sends the signature in the Authorization header."_s,
        WarningKind::Ignored);
}

void TestImportWarnings::kinds()
{
    QFETCH(QString, warning);
    QFETCH(int, kind);
    QCOMPARE(int(warningKind(warning)), kind);
}

void TestImportWarnings::kindNamesAreStable()
{
    // The CLI's JSON (`warning_kinds`) carries these names: scripts depend on them.
    QStringList names;
    QStringList labels;
    for (const WarningKind kind : allWarningKinds()) {
        names.append(warningKindName(kind));
        labels.append(warningKindLabel(kind));
    }
    QCOMPARE(names, QStringList({u"not-imported"_s, u"to-complete"_s, u"keychain"_s, u"ignored"_s, u"changed"_s}));
    QCOMPARE(labels.size(), 5);
    QVERIFY(!labels.contains(QString()));
}

void TestImportWarnings::corpusHasNoContradictions_data()
{
    QTest::addColumn<QString>("file");
    QDirIterator it(kCorpus, QDir::Files, QDirIterator::Subdirectories);
    QStringList files;
    while (it.hasNext()) {
        const QString relative = it.next().mid(kCorpus.size());
        if (relative.contains(u'/'))
            files.append(relative);
    }
    files.sort();
    QVERIFY(files.size() >= 40);
    for (const QString& f : std::as_const(files))
        QTest::newRow(qPrintable(f)) << f;
}

void TestImportWarnings::corpusHasNoContradictions()
{
    QFETCH(QString, file);
    QFile input(kCorpus + file);
    QVERIFY(input.open(QIODevice::ReadOnly));
    const ImportResult result = importFile(input.readAll(), file.section(u'/', -1));
    if (!result.ok())
        return; // refused files have their own checks (TestImportCorpus)
    const QStringList found = contradictions(result);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
}

void TestImportWarnings::bearerAndDigestSaysWhatWasKept()
{
    // The corpus's curl-oauth2-bearer-and-digest.sh: the warning said the Bearer token was "kept as an extra
    // credential" while it became the profile's auth method, and said nothing of the Digest password, which was
    // dropped. The checker above catches the first; and it checks itself on a made-up contradiction.
    ImportResult stale;
    stale.profiles.append(Profiles::Profile());
    stale.keychain.append({0, u"Access token"_s, u"authentication"_s, u"Ienz…"_s, {}});
    stale.warnings.append(
        u"--oauth2-bearer kept as an extra credential: the command already sets another credential."_s);
    QCOMPARE(contradictions(stale).size(), 1);
    stale.warnings = QStringList {u"The Access token was not imported."_s};
    QCOMPARE(contradictions(stale).size(), 1);

    const ImportResult r = importFile(
        "curl --oauth2-bearer \"IenZRFmpoa~TRbC6e2sU1Jxf4O2q2.~T-JDB-S7A\" --digest -u \"admin:Mx-KHtMB8d0LwFXTp\" "
        "https://internal.example.com/admin/status",
        u"bearer-and-digest.sh"_s);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.profiles.size(), 1);
    QCOMPARE(r.profiles.first().auth.method, Auth::Method::Bearer);
    QVERIFY(r.profiles.first().auth.username.isEmpty()); // the Digest user is not half-kept
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY2(r.warnings.first().contains(u"Digest user name and password given with -u were not imported"),
             qPrintable(r.warnings.first()));
    QCOMPARE(warningKind(r.warnings.first()), WarningKind::NotImported);
    QCOMPARE(r.keychain.size(), 1);
    QCOMPARE(r.keychain.first().field, u"Access token"_s);
    QVERIFY(contradictions(r).isEmpty());
}

void TestImportWarnings::leftOutRequestKeepsNoSecret()
{
    // A request the store would refuse (a port with a control character, found by fuzz_importfile) is left out;
    // its password was still listed as kept ("request “broken”, body field password") under the warning that
    // the request was not imported, and stayed in the keychain for nothing. A secret another request uses stays.
    const QByteArray collection = R"({"info": {"name": "Shop", "schema":
        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
      "item": [
        {"name": "broken", "request": {"method": "POST",
          "url": {"protocol": "https", "host": ["h"], "port": "2\u00021", "path": ["login"]},
          "body": {"mode": "urlencoded", "urlencoded": [{"key": "password", "value": "only-in-broken-pw"},
                                                        {"key": "client_secret", "value": "shared-client-secret"}]}}},
        {"name": "orders", "request": {"method": "POST", "url": "https://shop.example.com/token",
          "body": {"mode": "urlencoded", "urlencoded": [{"key": "client_secret", "value": "shared-client-secret"}]}}}]})";
    const ImportResult r = importFile(collection, u"shop.postman_collection.json"_s);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.profiles.size(), 1);
    const Profiles::Profile& p = r.profiles.constFirst();
    QCOMPARE(p.requests.size(), 1);
    const QStringList leftOut = r.warnings.filter(u"Request “broken” of “Shop” was not imported"_s);
    QCOMPARE(leftOut.size(), 1);
    QVERIFY2(leftOut.first().contains(u"The secrets only it used were not kept either: {{password}}."),
             qPrintable(leftOut.first()));
    QCOMPARE(warningKind(leftOut.first()), WarningKind::NotImported);
    // The password is nowhere; the shared client secret is kept, its report naming only the request that is there.
    QVERIFY(Auth::secretVariable(p.sessionSecrets, u"password"_s).isNull());
    QVERIFY(std::none_of(p.variables.cbegin(), p.variables.cend(),
                         [](const Profiles::Variable& v) { return v.name == u"password"; }));
    QCOMPARE(Auth::secretVariable(p.sessionSecrets, u"client_secret"_s), u"shared-client-secret"_s);
    QCOMPARE(r.keychain.size(), 1);
    QCOMPARE(r.keychain.first().field, u"secret variable {{client_secret}}"_s);
    QVERIFY2(!r.keychain.first().source.contains(u"broken"), qPrintable(r.keychain.first().source));
    // … and the origins that may receive it: the left-out request's host is not one any more.
    QCOMPARE(r.keychain.first().origins, QStringList {u"https://shop.example.com:443"_s});
    QVERIFY2(contradictions(r).isEmpty(), qPrintable(contradictions(r).join(u'\n')));
}

QTEST_GUILESS_MAIN(TestImportWarnings)
#include "TestImportWarnings.moc"
