// Issue 13: real import files (vendor Postman collections, browser and tool HARs, curl snippets from vendor
// documentation, tests/data/formats/corpus) through the real CLI, each with its own data folder, in the test's
// private keychain session. The expectations (expected.json) say what a correct import gives; where today's
// importers fall short the check carries a QEXPECT_FAIL naming the gap (kGaps below), so that an XPASS shows
// the gap was closed.
#include "ProcessRun.h"
#include "SecretsOnDisk.h"

#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Authlens;
using namespace Qt::StringLiterals;

namespace {

const QString kCorpus = QStringLiteral(AUTHLENS_TEST_DATA_DIR "/formats/corpus/");

/// Known gaps of today's importers: row → check → what is wrong. A check listed here is marked
/// QEXPECT_FAIL; when the importers are fixed it XPASSes and the entry must go.
struct Gap
{
    const char* row;
    const char*
        check; ///< "import", "refused", "profiles", "auth", "requests", "request-auth", "keychain", "disk", "warning"
    const char* what;
};
// clang-format off
const Gap kGaps[] = {
#include "TestImportCorpusGaps.inc"
    {"", "", ""}, // end
};
// clang-format on

QString gapFor(const QString& row, QStringView check)
{
    for (const Gap& g : kGaps) {
        if (*g.row && row == QLatin1String(g.row) && check == QLatin1String(g.check))
            return QString::fromUtf8(g.what);
    }
    return {};
}

/// The CLI's name of a manifest method ("api_key" is "apikey" there).
QString cliMethod(const QString& method)
{
    return method == u"api_key" ? QStringLiteral("apikey") : method;
}

QStringList acceptedMethods(const QJsonValue& auth)
{
    QStringList out;
    if (auth.isArray()) {
        for (const QJsonValue& v : auth.toArray())
            out.append(cliMethod(v.toString()));
    } else {
        out.append(cliMethod(auth.toString()));
    }
    return out;
}

/// The method a saved request's own auth names, or "" when it has none (it then uses the profile's).
QString requestAuth(const QJsonObject& request)
{
    const QJsonValue auth = request.value(u"auth");
    if (auth.isString())
        return auth.toString();
    if (auth.isObject()) {
        // The profile file's request auth: {"mode": "none"} or {"mode": "own", "method": …}.
        if (auth.toObject().value(u"mode").toString() == u"none")
            return u"none"_s;
        return auth.toObject().value(u"method").toString();
    }
    return {};
}

/// Every keychain item of these profiles (secret-tool search over the application's service): the values,
/// and for JSON objects (the secret variables) each member's value as well.
QStringList keychainValues(const QStringList& profileIds)
{
    // One search lists every item of the service, this test's and those the tests running next to it write
    // and delete. An item deleted between the search and the reading of its secret fails the whole search
    // ("No such secret item at path …", exit 1, partial output): such a search is run again.
    QProcess process;
    for (int attempt = 1;; ++attempt) {
        // secret-tool writes the secrets to stdout and the attributes to stderr: read them in their order.
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral("secret-tool"),
                      {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"),
                       QStringLiteral(AUTHLENS_APP_ID)});
        // Generous: under the ASan build on a loaded 2-core machine the keyring answers slowly. A search that
        // does not finish is said so, rather than read as "nothing in the keychain".
        if (!process.waitForFinished(90000)) {
            qWarning("secret-tool search did not finish in 90 s: %s", qPrintable(process.errorString()));
            return {};
        }
        if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
            break;
        if (attempt == 10) {
            qWarning("secret-tool search failed 10 times: %s", process.readAll().right(300).constData());
            return {};
        }
        QTest::qWait(200);
    }
    // Items come as blocks: "[path]", "label = …", "secret = …", "attribute.user = <profile id>/<field>", …
    const QStringList lines = QString::fromUtf8(process.readAllStandardOutput()).split(u'\n');
    QStringList values;
    QString secret;
    QString user;
    const auto flush = [&] {
        const bool ours = std::any_of(profileIds.cbegin(), profileIds.cend(),
                                      [&](const QString& id) { return user.startsWith(id); });
        if (ours && !secret.isEmpty()) {
            values.append(secret);
            const QJsonObject object = QJsonDocument::fromJson(secret.toUtf8()).object();
            for (auto it = object.begin(); it != object.end(); ++it)
                values.append(it.value().toString());
        }
        secret.clear();
        user.clear();
    };
    for (const QString& line : lines) {
        if (line.startsWith(u'[')) {
            flush();
        } else if (line.startsWith(u"secret = ")) {
            secret = line.mid(9);
        } else if (line.startsWith(u"attribute.user = ")) {
            user = line.mid(17);
        }
    }
    flush();
    return values;
}

bool inKeychain(const QStringList& stored, const QString& value)
{
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(value));
    return std::any_of(stored.cbegin(), stored.cend(),
                       [&](const QString& s) { return s.contains(value) || s.contains(encoded); });
}

/// Whether a file's bytes hold the value: as it is, percent-decoded, or inside a base64 (or base64url) run.
bool holds(const QByteArray& content, const QByteArray& value)
{
    if (content.contains(value) || QByteArray::fromPercentEncoding(content).contains(value))
        return true;
    static const QRegularExpression base64Run(QStringLiteral("[A-Za-z0-9+/_-]{16,}={0,2}"));
    const QString text = QString::fromLatin1(content);
    for (auto it = base64Run.globalMatch(text); it.hasNext();) {
        const QByteArray run = it.next().captured().toLatin1();
        for (const auto option : {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding}) {
            const auto decoded = QByteArray::fromBase64Encoding(run, option);
            if (decoded && decoded.decoded.contains(value))
                return true;
        }
    }
    return false;
}

} // namespace

class TestImportCorpus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void importFile_data();
    void importFile();

private:
    QJsonObject m_files;
};

void TestImportCorpus::initTestCase()
{
    const QString problem = Test::keychainProblem();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QFile manifest(kCorpus + u"expected.json"_s);
    QVERIFY2(manifest.open(QIODevice::ReadOnly), qPrintable(manifest.fileName()));
    m_files = QJsonDocument::fromJson(manifest.readAll()).object().value(u"files").toObject();
    QVERIFY(m_files.size() >= 40);
    // Every file of the corpus has its expectations, and every expectation its file.
    QDirIterator it(kCorpus, QDir::Files, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        const QString relative = it.next().mid(kCorpus.size());
        if (!relative.contains(u'/'))
            continue;
        ++files;
        QVERIFY2(m_files.contains(relative), qPrintable(relative + u" has no entry in expected.json"_s));
    }
    QCOMPARE(files, m_files.size());
}

void TestImportCorpus::importFile_data()
{
    QTest::addColumn<QString>("file");
    for (auto it = m_files.begin(); it != m_files.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key();
}

void TestImportCorpus::importFile()
{
    QFETCH(QString, file);
    const QJsonObject expected = m_files.value(file).toObject();
    const QByteArray row = QTest::currentDataTag();
    const auto expectGap = [&](QStringView check) {
        const QString what = gapFor(QString::fromLatin1(row), check);
        return what.isEmpty() ? QString() : u"issue 13: "_s + what;
    };
    // AUTHLENS_CORPUS_DISCOVER=1: print every failing check as a line for TestImportCorpusGaps.inc instead.
    static const bool discover = qEnvironmentVariableIntValue("AUTHLENS_CORPUS_DISCOVER") != 0;
#define AUTHLENS_CORPUS_CHECK(check, condition, message)                                                               \
    do {                                                                                                               \
        if (discover) {                                                                                                \
            if (!(condition))                                                                                          \
                qInfo("GAP\t%s\t%s\t%s", row.constData(), qPrintable(QStringView(check).toString()),                   \
                      qPrintable(message));                                                                            \
            break;                                                                                                     \
        }                                                                                                              \
        const QString gap = expectGap(check);                                                                          \
        if (!gap.isEmpty())                                                                                            \
            QEXPECT_FAIL(row.constData(), qPrintable(gap), Continue);                                                  \
        QVERIFY2(condition, qPrintable(file + u": "_s + (message)));                                                   \
    } while (false)

    QTemporaryDir data;
    QVERIFY(data.isValid());
    const auto cli = [&](const QStringList& args) {
        return Test::runProcess(QStringLiteral(AUTHLENS_CLI_PATH), args,
                                {{}, {{QStringLiteral("AUTHLENS_DATA_DIR"), data.path()}}, 90000});
    };
    const Test::ProcessResult imported
        = cli({u"profiles"_s, u"import"_s, kCorpus + file, u"--on-conflict"_s, u"rename"_s, u"--json"_s});
    const QString err = QString::fromUtf8(imported.err).trimmed().left(400);

    if (expected.value(u"refused").toBool()) {
        const QString word = expected.value(u"error_word").toString();
        AUTHLENS_CORPUS_CHECK(u"refused", imported.exitCode != 0 && err.contains(word, Qt::CaseInsensitive),
                              u"must be refused with a message naming \"%1\"; exit %2, stderr: %3"_s.arg(word)
                                  .arg(imported.exitCode)
                                  .arg(err));
        return;
    }
    AUTHLENS_CORPUS_CHECK(u"import", imported.exitCode == 0, u"import failed: "_s + err);
    if (imported.exitCode != 0)
        return;
    const QJsonObject report = imported.json();

    if (const QString word = expected.value(u"warning_word").toString(); !word.isEmpty()) {
        const QString warnings
            = QString::fromUtf8(QJsonDocument(report.value(u"warnings").toArray()).toJson(QJsonDocument::Compact));
        AUTHLENS_CORPUS_CHECK(u"warning", warnings.contains(word),
                              u"no warning names \"%1\"; warnings: %2"_s.arg(word, warnings.left(400)));
    }

    // The profiles as stored (profiles list), then each one as `profiles show` gives it.
    const QJsonArray listed = cli({u"profiles"_s, u"list"_s, u"--json"_s}).json().value(u"profiles").toArray();
    QHash<QString, QJsonObject> byName;
    QStringList ids;
    for (const QJsonValue& v : listed) {
        const QJsonObject p = v.toObject();
        ids.append(p.value(u"id").toString());
        if (!byName.contains(p.value(u"name").toString()))
            byName.insert(p.value(u"name").toString(), p);
    }
    QStringList missingProfiles;
    QStringList wrongAuth;
    QStringList missingRequests;
    QStringList wrongRequestAuth;
    QStringList extra; // what a correct import leaves out: static assets, profiles nobody asked for
    QStringList expectedNames;
    for (const QJsonValue& pv : expected.value(u"profiles").toArray())
        expectedNames.append(pv.toObject().value(u"name").toString());
    for (const QString& name : byName.keys()) {
        if (!expectedNames.contains(name))
            extra.append(u"profile "_s + name);
    }
    for (const QJsonValue& pv : expected.value(u"profiles").toArray()) {
        const QJsonObject want = pv.toObject();
        const QString name = want.value(u"name").toString();
        if (!byName.contains(name)) {
            missingProfiles.append(name);
            continue;
        }
        const QStringList methods = acceptedMethods(want.value(u"auth"));
        const QString profileAuth = byName.value(name).value(u"auth").toString();
        if (!methods.contains(profileAuth))
            wrongAuth.append(u"%1 is %2, not %3"_s.arg(name, profileAuth, methods.join(u" or "_s)));
        const QJsonObject shown
            = cli({u"profiles"_s, u"show"_s, byName.value(name).value(u"id").toString(), u"--json"_s})
                  .json()
                  .value(u"profile")
                  .toObject();
        QHash<QString, QJsonObject> requests;
        for (const QJsonValue& r : shown.value(u"requests").toArray())
            requests.insert(r.toObject().value(u"name").toString(), r.toObject());
        QStringList wantedRequests;
        for (const QJsonValue& rv : want.value(u"requests").toArray())
            wantedRequests.append(rv.toObject().value(u"name").toString());
        for (auto it = requests.cbegin(); it != requests.cend(); ++it) {
            if (!wantedRequests.contains(it.key()))
                extra.append(u"%1: %2"_s.arg(name, it.key()));
        }
        for (const QJsonValue& rv : want.value(u"requests").toArray()) {
            const QJsonObject r = rv.toObject();
            const QString requestName = r.value(u"name").toString();
            const auto found = requests.constFind(requestName);
            if (found == requests.cend() || found->value(u"method").toString() != r.value(u"method").toString()) {
                missingRequests.append(u"%1 %2"_s.arg(r.value(u"method").toString(), requestName));
                continue;
            }
            // A request whose Postman auth differs from the profile's must carry its own.
            if (!r.contains(u"auth"))
                continue;
            const QString own = requestAuth(*found);
            const QString wantAuth = cliMethod(r.value(u"auth").toString());
            const QString effective = own.isEmpty() ? profileAuth : own;
            if (effective != wantAuth)
                wrongRequestAuth.append(u"%1 sends %2, not %3"_s.arg(requestName, effective, wantAuth));
        }
    }
    AUTHLENS_CORPUS_CHECK(u"profiles", missingProfiles.isEmpty(),
                          u"profiles missing: %1 (stored: %2)"_s.arg(missingProfiles.join(u", "_s),
                                                                     QStringList(byName.keys()).join(u", "_s)));
    AUTHLENS_CORPUS_CHECK(u"auth", wrongAuth.isEmpty(), u"profile auth: "_s + wrongAuth.join(u"; "_s));
    AUTHLENS_CORPUS_CHECK(u"requests", missingRequests.isEmpty(),
                          u"requests missing: "_s + missingRequests.mid(0, 8).join(u"; "_s));
    AUTHLENS_CORPUS_CHECK(u"extra", extra.isEmpty(), u"not expected: "_s + extra.mid(0, 8).join(u"; "_s));
    AUTHLENS_CORPUS_CHECK(u"request-auth", wrongRequestAuth.isEmpty(),
                          u"request auth: "_s + wrongRequestAuth.mid(0, 8).join(u"; "_s));

    // Every credential of the file in the keychain, and none in any file under the data folder.
    QStringList secrets;
    for (const QJsonValue& v : expected.value(u"secrets").toArray())
        secrets.append(v.toString());
    // Values that may be dropped with a warning (or that only a description held) must still not reach a file.
    QStringList notOnDisk = secrets;
    for (const QJsonValue& v : expected.value(u"also_not_on_disk").toArray())
        notOnDisk.append(v.toString());
    if (notOnDisk.isEmpty())
        return;
    const QStringList stored = keychainValues(ids);
    QStringList notStored;
    for (const QString& s : std::as_const(secrets)) {
        if (!inKeychain(stored, s))
            notStored.append(s.left(24) + u'…');
    }
    AUTHLENS_CORPUS_CHECK(u"keychain", notStored.isEmpty(), u"not in the keychain: "_s + notStored.join(u", "_s));
    QStringList onDisk;
    QDirIterator it(data.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray content = f.readAll();
        for (const QString& s : std::as_const(notOnDisk)) {
            if (holds(content, s.toUtf8()))
                onDisk.append(u"%1 in %2"_s.arg(s.left(24) + u'…', path.mid(data.path().size() + 1)));
        }
    }
    AUTHLENS_CORPUS_CHECK(u"disk", onDisk.isEmpty(), u"secrets on disk: "_s + onDisk.join(u"; "_s));
#undef AUTHLENS_CORPUS_CHECK
}

QTEST_GUILESS_MAIN(TestImportCorpus)
#include "TestImportCorpus.moc"
