// bench_diagnose: how long the cause catalog takes.
//
// 1. A HAR of N entries (default 5000; the scenario fixtures of tests/data/diagnosis, repeated with other
//    hosts and times: tokens, cookies, redirect chains, token endpoints, bodies) is diagnosed as
//    `authlens-cli diagnose --har` does it (parse + every rule + ranking): wall time per run and the
//    process's peak RSS. Target: < 1 s for 5000 entries.
// 2. One exchange as `send` produces it (the demo's expired-token 401, and a 3-hop Digest exchange):
//    the time diagnose() adds to a send, per call. Target: < 5 ms.
// Prints figures (--json for JSON); never asserts on them. Exit 1 only when the fixtures cannot be read.

#include "BenchCommon.h"
#include "diagnosis/HarDiagnosis.h"

#include <QCommandLineParser>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Authlens;
using namespace Authlens::Bench;

namespace {

QList<QJsonObject> fixtureEntries()
{
    QList<QJsonObject> entries;
    QDirIterator it(QStringLiteral(AUTHLENS_DIAGNOSIS_DATA), {QStringLiteral("*.har")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonArray list
            = QJsonDocument::fromJson(file.readAll()).object().value(u"log").toObject().value(u"entries").toArray();
        for (const QJsonValue& v : list)
            entries.append(v.toObject());
    }
    return entries;
}

/// N entries: the fixtures in turn, each on its own host so redirect chains stay chains and nothing joins
/// what it should not.
QByteArray buildHar(const QList<QJsonObject>& fixtures, int count)
{
    QJsonArray entries;
    for (int i = 0; i < count; ++i) {
        QJsonObject e = fixtures.at(i % fixtures.size());
        e.remove(QStringLiteral("_expect"));
        entries.append(e);
    }
    const QJsonObject log {{QStringLiteral("version"), QStringLiteral("1.2")},
                           {QStringLiteral("creator"),
                            QJsonObject {{QStringLiteral("name"), QStringLiteral("bench")},
                                         {QStringLiteral("version"), QStringLiteral("1")}}},
                           {QStringLiteral("entries"), entries}};
    return QJsonDocument(QJsonObject {{QStringLiteral("log"), log}}).toJson(QJsonDocument::Compact);
}

QByteArray fixture(const QString& relative)
{
    QFile file(QStringLiteral(AUTHLENS_DIAGNOSIS_DATA) + u'/' + relative);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

int main(int argc, char** argv)
{
    QCommandLineParser parser;
    const QCommandLineOption runsOpt(QStringLiteral("runs"), QStringLiteral("Runs of each measurement (default 5)."),
                                     QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption entriesOpt(QStringLiteral("entries"), QStringLiteral("HAR entries (default 5000)."),
                                        QStringLiteral("N"), QStringLiteral("5000"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({runsOpt, entriesOpt, jsonOpt});
    parser.addHelpOption();
    parser.process(arguments(argc, argv));
    const int runs = std::max(1, parser.value(runsOpt).toInt());
    const int count = std::max(1, parser.value(entriesOpt).toInt());

    const QList<QJsonObject> fixtures = fixtureEntries();
    if (fixtures.isEmpty()) {
        err(QStringLiteral("no fixtures under %1").arg(QStringLiteral(AUTHLENS_DIAGNOSIS_DATA)));
        return 1;
    }
    const double rssBefore = procStatusMiB(QStringLiteral("self"), "VmHWM");
    const QByteArray har = buildHar(fixtures, count);

    Diagnosis::DiagnoseOptions options;
    options.now = QDateTime::fromSecsSinceEpoch(1704110400, Qt::UTC);
    QList<double> harMs;
    qsizetype findings = 0;
    qsizetype exchanges = 0;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer timer;
        timer.start();
        const Diagnosis::HarDiagnosis result = Diagnosis::diagnoseHar(har, options);
        harMs.append(double(timer.nsecsElapsed()) / 1e6);
        exchanges = result.entries.size();
        findings = 0;
        for (const Diagnosis::EntryDiagnosis& e : result.entries)
            findings += e.diagnosis.findings.size();
    }
    const double peak = procStatusMiB(QStringLiteral("self"), "VmHWM");

    // One exchange as send makes it.
    QList<double> oneMs;
    const QList<QByteArray> singles
        = {fixture(QStringLiteral("tokens/rfc6750-expired.har")), fixture(QStringLiteral("credentials/digest.har")),
           fixture(QStringLiteral("dpop/dpop.har"))};
    QList<Http::Exchange> samples;
    for (const QByteArray& json : singles) {
        for (const Diagnosis::EntryDiagnosis& e : Diagnosis::diagnoseHar(json, options).entries)
            samples.append(e.exchange);
    }
    for (int r = 0; r < runs * 200; ++r) {
        const Http::Exchange& exchange = samples.at(r % samples.size());
        QElapsedTimer timer;
        timer.start();
        const Diagnosis::Diagnosis d = Diagnosis::diagnose(exchange, options);
        oneMs.append(double(timer.nsecsElapsed()) / 1e6);
        Q_UNUSED(d);
    }

    const Summary har5k = summarize(harMs);
    const Summary one = summarize(oneMs);
    if (parser.isSet(jsonOpt)) {
        QJsonObject o {{QStringLiteral("entries"), count},
                       {QStringLiteral("exchanges"), exchanges},
                       {QStringLiteral("findings"), findings},
                       {QStringLiteral("har_bytes"), har.size()},
                       {QStringLiteral("har_ms"), toJson(har5k)},
                       {QStringLiteral("peak_rss_mib"), peak},
                       {QStringLiteral("rss_before_mib"), rssBefore},
                       {QStringLiteral("one_exchange_ms"), toJson(one)}};
        out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)) + u'\n');
        return 0;
    }
    out(QStringLiteral("HAR of %1 entries (%2 MiB, %3 exchanges after joining redirect chains, %4 findings)")
            .arg(count)
            .arg(double(har.size()) / 1048576.0, 0, 'f', 1)
            .arg(exchanges)
            .arg(findings)
        + u'\n');
    out(QStringLiteral("  diagnose: median %1 ms (min %2, max %3) over %4 runs — target < 1000 ms: %5")
            .arg(har5k.median, 0, 'f', 1)
            .arg(har5k.min, 0, 'f', 1)
            .arg(har5k.max, 0, 'f', 1)
            .arg(runs)
            .arg(verdict(har5k.median, 1000))
        + u'\n');
    out(QStringLiteral("  peak RSS of this process: %1 MiB (%2 MiB before the HAR was built)")
            .arg(peak, 0, 'f', 1)
            .arg(rssBefore, 0, 'f', 1)
        + u'\n');
    out(QStringLiteral(
            "One exchange (expired-token 401, 3-hop Digest, DPoP): diagnose() median %1 ms (max %2) — target "
            "< 5 ms: %3")
            .arg(one.median, 0, 'f', 3)
            .arg(one.max, 0, 'f', 3)
            .arg(verdict(one.median, 5))
        + u'\n');
    return 0;
}
