// Scenario tests of the cause catalog: every HAR fixture under tests/data/diagnosis/ is a real server's
// documented answer (cited in the file's log.comment), and each entry that carries "_expect" says what
// the diagnosis must find. One data row per entry; the codes and evidence are asserted, never wording.
//
// Fixture format (HAR 1.2 plus two private fields, which HAR allows with a leading underscore):
//   log._diagnose: {"now": UNIX_SECONDS, "expect_aud": ["…"], "expect_iss": "…", "jwks": "keys.json",
//                   "leeway": 60}                                  (all optional; jwks is relative to the file)
//   entry._expect: {"top": "code",             the first (highest ranked) finding
//                   "codes": ["code", …],      also present
//                   "absent": ["code", …],     must not be present
//                   "no_cause": true,          no finding of severity cause (a healthy exchange)
//                   "severity": "likely",      the top finding's severity
//                   "evidence": [{"code": "…", "kind": "claim", "name": "exp", "side": "response"}, …]}
#include "diagnosis/Catalog.h"
#include "diagnosis/HarDiagnosis.h"
#include "jwt/KeySet.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Diagnosis;

namespace {

QString dataDir()
{
    return QStringLiteral(AUTHLENS_TEST_DATA_DIR "/diagnosis");
}

QStringList fixtureFiles()
{
    QStringList files;
    QDirIterator it(dataDir(), {QStringLiteral("*.har")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    return files;
}

QJsonObject readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

DiagnoseOptions optionsFor(const QString& path, const QJsonObject& log)
{
    DiagnoseOptions options;
    const QJsonObject d = log.value(u"_diagnose").toObject();
    if (d.contains(u"now"))
        options.now = QDateTime::fromSecsSinceEpoch(d.value(u"now").toInteger(), Qt::UTC);
    for (const QJsonValue& v : d.value(u"expect_aud").toArray())
        options.expectedAudiences.append(v.toString());
    options.expectedIssuer = d.value(u"expect_iss").toString();
    if (d.contains(u"leeway"))
        options.leewaySeconds = d.value(u"leeway").toInteger();
    const QString jwks = d.value(u"jwks").toString();
    if (!jwks.isEmpty()) {
        QFile file(QFileInfo(path).dir().filePath(jwks));
        if (file.open(QIODevice::ReadOnly))
            options.keys = Jwt::KeySet::fromJson(file.readAll(), jwks);
    }
    return options;
}

QStringList codesOf(const QList<Finding>& findings)
{
    QStringList codes;
    for (const Finding& f : findings)
        codes.append(f.code + u'/' + severityName(f.severity));
    return codes;
}

bool matchesEvidence(const Evidence& e, const QJsonObject& spec)
{
    if (spec.contains(u"kind") && evidenceKindName(e.kind) != spec.value(u"kind").toString())
        return false;
    if (spec.contains(u"name") && e.name.compare(spec.value(u"name").toString(), Qt::CaseInsensitive) != 0)
        return false;
    if (spec.contains(u"side") && sideName(e.side) != spec.value(u"side").toString())
        return false;
    if (spec.contains(u"container")
        && e.container.compare(spec.value(u"container").toString(), Qt::CaseInsensitive) != 0)
        return false;
    if (spec.contains(u"hop") && e.hop != spec.value(u"hop").toInt())
        return false;
    return true;
}

} // namespace

class TestScenarios : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scenario_data();
    void scenario();
    void everyCodeHasAScenario();
    void fixturesCiteTheirSource();
};

void TestScenarios::scenario_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("entry");
    QTest::addColumn<QJsonObject>("expect");
    for (const QString& path : fixtureFiles()) {
        const QJsonArray entries = readJson(path).value(u"log").toObject().value(u"entries").toArray();
        for (int i = 0; i < entries.size(); ++i) {
            const QJsonObject expect = entries.at(i).toObject().value(u"_expect").toObject();
            if (expect.isEmpty())
                continue;
            const QString row = QDir(dataDir()).relativeFilePath(path) + u'#' + QString::number(i);
            QTest::newRow(qPrintable(row)) << path << i << expect;
        }
    }
}

void TestScenarios::scenario()
{
    QFETCH(QString, path);
    QFETCH(int, entry);
    QFETCH(QJsonObject, expect);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray json = file.readAll();
    const QJsonObject log = QJsonDocument::fromJson(json).object().value(u"log").toObject();
    const HarDiagnosis har = diagnoseHar(json, optionsFor(path, log));
    QVERIFY2(har.ok(), qPrintable(har.error));
    const EntryDiagnosis* diag = nullptr;
    for (const EntryDiagnosis& e : har.entries) {
        if (e.entryIndexes.contains(entry))
            diag = &e;
    }
    QVERIFY2(diag, "the entry was not diagnosed");
    const QList<Finding>& findings = diag->diagnosis.findings;
    const QString found = codesOf(findings).join(QStringLiteral(", "));

    for (const Finding& f : findings)
        QVERIFY2(codeInfo(f.code), qPrintable(u"not in the catalog: " + f.code));

    if (expect.contains(u"top")) {
        QVERIFY2(!findings.isEmpty(), "no findings");
        QVERIFY2(findings.first().code == expect.value(u"top").toString(),
                 qPrintable(u"top is " + findings.first().code + u"; all: " + found));
    }
    if (expect.contains(u"severity")) {
        QVERIFY(!findings.isEmpty());
        QCOMPARE(severityName(findings.first().severity), expect.value(u"severity").toString());
    }
    for (const QJsonValue& v : expect.value(u"codes").toArray())
        QVERIFY2(findFinding(findings, v.toString()), qPrintable(u"missing " + v.toString() + u"; all: " + found));
    for (const QJsonValue& v : expect.value(u"absent").toArray())
        QVERIFY2(!findFinding(findings, v.toString()), qPrintable(u"unexpected " + v.toString() + u"; all: " + found));
    if (expect.value(u"no_cause").toBool())
        QVERIFY2(!hasCause(findings), qPrintable(u"a cause in a healthy exchange: " + found));
    for (const QJsonValue& v : expect.value(u"evidence").toArray()) {
        const QJsonObject spec = v.toObject();
        const QString code = spec.value(u"code").toString(expect.value(u"top").toString());
        const Finding* f = findFinding(findings, code);
        QVERIFY2(f, qPrintable(u"no finding " + code + u" for evidence; all: " + found));
        const bool ok = std::any_of(f->evidence.cbegin(), f->evidence.cend(),
                                    [&spec](const Evidence& e) { return matchesEvidence(e, spec); });
        QStringList have;
        for (const Evidence& e : f->evidence)
            have.append(evidenceKindName(e.kind) + u':' + e.name);
        QVERIFY2(ok,
                 qPrintable(code + u" lacks evidence "
                            + QString::fromUtf8(QJsonDocument(spec).toJson(QJsonDocument::Compact)) + u"; has "
                            + have.join(u", ")));
    }

    // No finding quotes a credential the request carried.
    for (const Http::Hop& hop : diag->exchange.hops) {
        for (const Http::Header& h : hop.request.headers) {
            const QByteArray lower = h.first.toLower();
            if (lower != "authorization" && lower != "x-api-key" && lower != "cookie")
                continue;
            const qsizetype space = h.second.indexOf(' ');
            const QByteArray secret = lower == "authorization" && space > 0 ? h.second.mid(space + 1) : h.second;
            if (secret.size() < 12)
                continue;
            for (const Finding& f : findings) {
                QString all = f.title + f.explanation;
                for (const Evidence& e : f.evidence)
                    all += e.excerpt + e.note;
                for (const Fix& x : f.fixes)
                    all += x.label;
                QVERIFY2(!all.contains(QString::fromLatin1(secret)), qPrintable(u"secret quoted in " + f.code));
            }
        }
    }
}

void TestScenarios::everyCodeHasAScenario()
{
    QSet<QString> covered;
    for (const QString& path : fixtureFiles()) {
        for (const QJsonValue& v : readJson(path).value(u"log").toObject().value(u"entries").toArray()) {
            const QJsonObject expect = v.toObject().value(u"_expect").toObject();
            if (expect.contains(u"top"))
                covered.insert(expect.value(u"top").toString());
            for (const QJsonValue& c : expect.value(u"codes").toArray())
                covered.insert(c.toString());
        }
    }
    // Findings of the browser sign-in itself (its redirect, its wait, its ID token: issue 11) come from the
    // token service's run, not from diagnosing a recorded exchange: tests/core/TestAuthorizationCode.cpp
    // covers each of them against the demo API.
    for (const QLatin1String code : {Code::OAuthAccessDenied, Code::OAuthStateMismatch, Code::OAuthRedirectUriRefused,
                                     Code::OAuthAuthorizationError, Code::OAuthNoCallback, Code::OidcNonceMismatch,
                                     Code::OidcAtHashMismatch, Code::OidcIdTokenValid})
        covered.insert(code);
    QStringList missing;
    for (const CodeInfo& info : catalog()) {
        if (!covered.contains(QString(info.code)))
            missing.append(info.code);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(u"codes without a scenario: " + missing.join(u", ")));
}

void TestScenarios::fixturesCiteTheirSource()
{
    for (const QString& path : fixtureFiles()) {
        const QString comment = readJson(path).value(u"log").toObject().value(u"comment").toString();
        QVERIFY2(comment.contains(u"http") || comment.contains(u"RFC"),
                 qPrintable(path + u": log.comment must cite the documented behaviour it reproduces"));
    }
}

QTEST_GUILESS_MAIN(TestScenarios)
#include "TestScenarios.moc"
