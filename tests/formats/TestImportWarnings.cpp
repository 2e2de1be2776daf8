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

QTEST_GUILESS_MAIN(TestImportWarnings)
#include "TestImportWarnings.moc"
