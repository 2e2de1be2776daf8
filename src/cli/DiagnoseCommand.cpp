#include "DiagnoseCommand.h"

#include "CheckOptions.h"
#include "CliCommon.h"
#include "ExchangeInput.h"
#include "FindingsText.h"
#include "diagnosis/Catalog.h"
#include "diagnosis/HarDiagnosis.h"
#include "http/Redaction.h"
#include "http/SecretPolicy.h"
#include "profiles/formats/InputLimits.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

namespace Authlens::Cli {

namespace {

/// The entry's URL as printed: secret query parameters redacted (the one secret policy decides).
QString shownUrl(const QUrl& url)
{
    return Http::redactUrl(url, Http::SecretPolicy::standard()).toString(QUrl::FullyEncoded);
}

QJsonObject entryJson(const Diagnosis::EntryDiagnosis& entry)
{
    const Http::Hop* first = entry.exchange.hops.isEmpty() ? nullptr : &entry.exchange.hops.first();
    QJsonArray findings;
    for (const Diagnosis::Finding& f : entry.diagnosis.findings)
        findings.append(f.toJson());
    return QJsonObject {
        {QStringLiteral("index"), entry.entryIndex},
        {QStringLiteral("entries"), QJsonArray::fromVariantList([&entry] {
             QVariantList list;
             for (int i : entry.entryIndexes)
                 list.append(i);
             return list;
         }())},
        {QStringLiteral("method"), first ? QString::fromLatin1(first->request.method) : QString()},
        {QStringLiteral("url"), first ? shownUrl(first->request.url) : QString()},
        {QStringLiteral("status"), entry.exchange.finalStatus()},
        {QStringLiteral("headline"), entry.diagnosis.headline.toJson()},
        {QStringLiteral("findings"), findings},
    };
}

QString entryText(const Diagnosis::EntryDiagnosis& entry)
{
    const Http::Hop* first = entry.exchange.hops.isEmpty() ? nullptr : &entry.exchange.hops.first();
    QString out = QStringLiteral("── entry %1: %2 %3 → %4\n")
                      .arg(entry.entryIndex)
                      .arg(first ? QString::fromLatin1(first->request.method) : QString(),
                           first ? shownUrl(first->request.url) : QString())
                      .arg(entry.exchange.finalStatus());
    return out + diagnosisToText(entry.diagnosis, QStringLiteral("  "));
}

/// Reads the input whole, refusing what no recorded exchange is (a file past the import limit is
/// refused before it is read).
std::optional<QByteArray> readInput(const QString& path, QString* error)
{
    if (path != u"-") {
        const QFileInfo info(path);
        if (!info.exists() || !info.isFile()) {
            *error = QStringLiteral("cannot read %1: no such file").arg(path);
            return std::nullopt;
        }
        if (const QString tooLarge = Formats::sizeError(info.size()); !tooLarge.isEmpty()) {
            *error = QStringLiteral("%1: %2").arg(path, tooLarge);
            return std::nullopt;
        }
    }
    QFile file;
    const bool ok = path == u"-" ? file.open(stdin, QIODevice::ReadOnly)
                                 : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!ok) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray data = file.read(Formats::kMaxImportBytes + 1);
    if (const QString tooLarge = Formats::sizeError(data.size()); !tooLarge.isEmpty()) {
        *error = QStringLiteral("%1: %2").arg(path, tooLarge);
        return std::nullopt;
    }
    return data;
}

} // namespace

int runDiagnose(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Explain recorded exchanges: every finding of the cause catalog with its evidence and fixes. Exit code 1 "
        "when any entry has a finding of severity cause."));
    parser.addPositionalArgument(QStringLiteral("diagnose"), QStringLiteral("the command"));
    const QCommandLineOption harOpt(QStringLiteral("har"),
                                    QStringLiteral("A HAR 1.2 file (browser DevTools export, or Authlens' own); - "
                                                   "reads stdin."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption exchangeOpt(QStringLiteral("exchange"),
                                         QStringLiteral("The JSON `authlens-cli send --json` printed."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("JSON output (default when piped)."));
    const QCommandLineOption textOpt(QStringLiteral("text"),
                                     QStringLiteral("Readable output (default on a terminal)."));
    const CheckOptions check;
    parser.addOptions({harOpt, exchangeOpt, jsonOpt, textOpt});
    parser.addOptions(check.all());
    if (const std::optional<int> code = parseArguments(parser, arguments))
        return *code;
    if (parser.positionalArguments().size() != 1 || parser.isSet(harOpt) == parser.isSet(exchangeOpt)) {
        printError(QStringLiteral("diagnose takes exactly one of --har FILE or --exchange FILE (see authlens-cli "
                                  "diagnose --help)"));
        return ExitUsage;
    }
    if (parser.isSet(jsonOpt) && parser.isSet(textOpt)) {
        printError(QStringLiteral("--json and --text are exclusive"));
        return ExitUsage;
    }
    Diagnosis::DiagnoseOptions options;
    if (const std::optional<int> code = check.apply(parser, options))
        return *code;

    const QString path = parser.value(parser.isSet(harOpt) ? harOpt : exchangeOpt);
    QString error;
    const std::optional<QByteArray> data = readInput(path, &error);
    if (!data) {
        printError(error);
        return ExitBadInput;
    }
    Diagnosis::HarDiagnosis result;
    if (parser.isSet(harOpt)) {
        result = Diagnosis::diagnoseHar(*data, options);
        if (!result.ok()) {
            printError(QStringLiteral("%1: %2").arg(path, result.error));
            return ExitBadInput;
        }
    } else {
        std::optional<Http::Exchange> exchange = exchangeFromSendJson(*data, &error);
        if (!exchange) {
            printError(QStringLiteral("%1: %2").arg(path, error));
            return ExitBadInput;
        }
        Diagnosis::EntryDiagnosis entry;
        entry.exchange = std::move(*exchange);
        entry.diagnosis = Diagnosis::diagnose(entry.exchange, options);
        result.entries.append(entry);
    }
    for (const QString& warning : std::as_const(result.warnings))
        printError(QStringLiteral("warning: %1").arg(warning));

    if (outputMode(parser.isSet(jsonOpt), parser.isSet(textOpt)) == OutputMode::Json) {
        QJsonArray entries;
        for (const Diagnosis::EntryDiagnosis& entry : std::as_const(result.entries))
            entries.append(entryJson(entry));
        printJson(QJsonObject {{QStringLiteral("entries"), entries},
                               {QStringLiteral("warnings"), QJsonArray::fromStringList(result.warnings)}});
    } else {
        QString text;
        for (const Diagnosis::EntryDiagnosis& entry : std::as_const(result.entries))
            text += entryText(entry) + u'\n';
        if (result.entries.isEmpty())
            text = QStringLiteral("No http(s) entries to diagnose.");
        printText(text);
    }
    return result.hasCause() ? ExitAuthFailure : ExitDone;
}

int runCodes(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the cause catalog: every finding code diagnose, send and "
                                                    "the app can report."));
    parser.addPositionalArgument(QStringLiteral("codes"), QStringLiteral("the command"));
    const QCommandLineOption markdownOpt(QStringLiteral("markdown"), QStringLiteral("A Markdown table."));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("JSON output (default when piped)."));
    const QCommandLineOption textOpt(QStringLiteral("text"),
                                     QStringLiteral("Readable output (default on a terminal)."));
    parser.addOptions({markdownOpt, jsonOpt, textOpt});
    if (const std::optional<int> code = parseArguments(parser, arguments))
        return *code;
    if (parser.positionalArguments().size() != 1) {
        printError(QStringLiteral("codes takes no arguments"));
        return ExitUsage;
    }
    const QList<Diagnosis::CodeInfo>& catalog = Diagnosis::catalog();
    if (parser.isSet(markdownOpt)) {
        QString table = QStringLiteral("| Code | Default | When | Usual fix |\n|---|---|---|---|\n");
        for (const Diagnosis::CodeInfo& c : catalog) {
            table += QStringLiteral("| `%1` | %2 | %3 | %4 |\n")
                         .arg(QString(c.code), Diagnosis::severityName(c.severity), QString(c.when).replace(u'|', u'/'),
                              QString(c.fix).replace(u'|', u'/'));
        }
        printText(table);
        return ExitDone;
    }
    if (outputMode(parser.isSet(jsonOpt), parser.isSet(textOpt)) == OutputMode::Json) {
        QJsonArray list;
        for (const Diagnosis::CodeInfo& c : catalog) {
            list.append(QJsonObject {{QStringLiteral("code"), QString(c.code)},
                                     {QStringLiteral("severity"), Diagnosis::severityName(c.severity)},
                                     {QStringLiteral("title"), QString(c.title)},
                                     {QStringLiteral("when"), QString(c.when)},
                                     {QStringLiteral("fix"), QString(c.fix)}});
        }
        printJson(QJsonObject {{QStringLiteral("codes"), list}});
        return ExitDone;
    }
    QString text;
    for (const Diagnosis::CodeInfo& c : catalog)
        text += QStringLiteral("%1  %2\n    %3\n")
                    .arg(QString(c.code).leftJustified(30), Diagnosis::severityName(c.severity), QString(c.when));
    printText(text);
    return ExitDone;
}

} // namespace Authlens::Cli
