#include "ChallengeCommand.h"

#include "CliCommon.h"
#include "auth/HeaderParser.h"
#include "auth/SchemeKnowledge.h"

#include <QCommandLineParser>

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <algorithm>

namespace Authlens::Cli {

using namespace Authlens::Auth;

namespace {

QJsonObject toJson(const ChallengeParseResult& result)
{
    QJsonArray challenges;
    for (const Challenge& challenge : result.challenges) {
        QJsonObject params;
        for (const AuthParam& param : challenge.params)
            params.insert(QString::fromLatin1(param.name), fieldText(param.value));
        // "params" holds the value each name is read as; "param_list" everything the server sent, in order,
        // a repeated name included (marked "used": false), which an object cannot hold.
        QList<std::pair<const AuthParam*, bool>> sent;
        for (const AuthParam& param : challenge.params)
            sent.append({&param, true});
        for (const AuthParam& param : challenge.repeated)
            sent.append({&param, false});
        std::sort(sent.begin(), sent.end(),
                  [](const auto& a, const auto& b) { return a.first->nameRange.offset < b.first->nameRange.offset; });
        QJsonArray list;
        for (const auto& [param, used] : std::as_const(sent)) {
            list.append(QJsonObject {{QStringLiteral("name"), QString::fromLatin1(param->name)},
                                     {QStringLiteral("value"), fieldText(param->value)},
                                     {QStringLiteral("used"), used}});
        }
        challenges.append(QJsonObject {
            {QStringLiteral("scheme"), fieldText(challenge.scheme)},
            {QStringLiteral("params"), params},
            {QStringLiteral("param_list"), list},
            {QStringLiteral("token68"),
             challenge.token68 ? QJsonValue(fieldText(*challenge.token68)) : QJsonValue(QJsonValue::Null)},
        });
    }
    QJsonArray diagnostics;
    for (const Diagnostic& d : result.diagnostics) {
        diagnostics.append(QJsonObject {
            {QStringLiteral("severity"), QString(severityName(d.severity))},
            {QStringLiteral("field"), d.fieldIndex},
            {QStringLiteral("offset"), d.offset},
            {QStringLiteral("code"), QString(d.code)},
            {QStringLiteral("message"), d.message},
        });
    }
    return QJsonObject {{QStringLiteral("challenges"), challenges}, {QStringLiteral("diagnostics"), diagnostics}};
}

QString referenceText(const SpecReference& reference)
{
    if (reference.isEmpty())
        return {};
    return reference.url.isEmpty() ? QStringLiteral(" (%1)").arg(reference.label)
                                   : QStringLiteral(" (%1, %2)").arg(reference.label, reference.url);
}

// The field value with a caret under the byte a diagnostic points at. Offsets are bytes; the caret is placed
// by counting the characters of the decoded prefix, which lines up for UTF-8 and ISO-8859-1 alike.
QString pointAt(const QByteArray& field, int offset)
{
    QString shown = fieldText(field);
    shown.replace(QLatin1Char('\r'), QStringLiteral("␍")).replace(QLatin1Char('\n'), QStringLiteral("␊"));
    shown.replace(QLatin1Char('\t'), QLatin1Char(' '));
    const int column = int(fieldText(field.left(offset)).size());
    return QStringLiteral("      %1\n      %2^").arg(shown, QString(column, QLatin1Char(' ')));
}

QString toText(const ChallengeParseResult& result, const QList<QByteArray>& fields, const QString& header)
{
    QString out;
    const qsizetype count = result.challenges.size();
    out += QStringLiteral("%1: %2 %3 in %4 field %5\n")
               .arg(header)
               .arg(count)
               .arg(count == 1 ? QStringLiteral("challenge") : QStringLiteral("challenges"))
               .arg(fields.size())
               .arg(fields.size() == 1 ? QStringLiteral("value") : QStringLiteral("values"));
    for (const Challenge& challenge : result.challenges) {
        const SchemeInfo scheme = schemeInfo(challenge.scheme);
        out += QLatin1Char('\n');
        if (scheme.known) {
            out += QStringLiteral("%1 — %2%3%4\n")
                       .arg(fieldText(challenge.scheme), scheme.title, referenceText(scheme.reference),
                            scheme.canPerform ? QStringLiteral(" [Authlens can answer it]") : QString());
            out += QStringLiteral("  %1\n  %2\n").arg(scheme.explanation, scheme.clientAdvice);
        } else {
            out += QStringLiteral("%1 — unknown scheme, shown as sent\n").arg(fieldText(challenge.scheme));
        }
        if (challenge.token68)
            out += QStringLiteral("  token68: %1\n").arg(fieldText(*challenge.token68));
        for (const AuthParam& param : challenge.params) {
            const ParamInfo info = paramInfo(challenge.scheme, param.name, param.value);
            out += QStringLiteral("  %1 = \"%2\"\n").arg(QString::fromLatin1(param.name), fieldText(param.value));
            out += QStringLiteral("      %1%2\n").arg(info.explanation, referenceText(info.reference));
            if (!info.valueExplanation.isEmpty())
                out += QStringLiteral("      → %1\n").arg(info.valueExplanation);
            if (param.isExtended()) {
                if (const std::optional<QString> decoded = decodeExtValue(param.value))
                    out += QStringLiteral("      decoded: %1\n").arg(*decoded);
            }
        }
    }
    if (!result.diagnostics.isEmpty()) {
        out += QStringLiteral("\nDiagnostics\n");
        for (const Diagnostic& d : result.diagnostics) {
            out += QStringLiteral("  %1 in field %2 at byte %3: %4 [%5]\n")
                       .arg(QString(severityName(d.severity)))
                       .arg(d.fieldIndex + 1)
                       .arg(d.offset)
                       .arg(d.message, QString(d.code));
            if (d.fieldIndex >= 0 && d.fieldIndex < fields.size())
                out += pointAt(fields.at(d.fieldIndex), d.offset) + QLatin1Char('\n');
        }
    }
    return out;
}

} // namespace

int runChallenge(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Parse WWW-Authenticate (or Proxy-Authenticate) field values and explain every challenge "
                       "and parameter. Exit 3 when a value has errors. Put -- before a value that starts with -."));
    parser.addPositionalArgument(QStringLiteral("challenge"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("VALUE"),
                                 QStringLiteral("one header field value, without the field name"),
                                 QStringLiteral("VALUE..."));
    const QCommandLineOption proxyOpt(QStringLiteral("proxy"),
                                      QStringLiteral("The values are Proxy-Authenticate (407) fields."));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("JSON output (default when piped)."));
    const QCommandLineOption textOpt(QStringLiteral("text"), QStringLiteral("Readable text output."));
    parser.addOptions({proxyOpt, jsonOpt, textOpt});
    if (const std::optional<int> code = parseArguments(parser, arguments))
        return *code;
    if (parser.isSet(jsonOpt) && parser.isSet(textOpt)) {
        printError(QStringLiteral("challenge: --json and --text exclude each other"));
        return ExitUsage;
    }
    const QStringList values = parser.positionalArguments().mid(1); // [0] is "challenge"
    if (values.isEmpty()) {
        printError(QStringLiteral("challenge: give at least one header field value, e.g. "
                                  "authlens-cli challenge 'Basic realm=\"api\"'"));
        return ExitUsage;
    }

    QList<QByteArray> fields;
    for (const QString& value : values)
        fields.append(value.toUtf8());
    const ChallengeParseResult result = parseChallenges(fields);
    const QString header
        = parser.isSet(proxyOpt) ? QStringLiteral("Proxy-Authenticate") : QStringLiteral("WWW-Authenticate");
    if (outputMode(parser.isSet(jsonOpt), parser.isSet(textOpt)) == OutputMode::Json)
        printJson(toJson(result));
    else
        printText(toText(result, fields, header));
    return result.hasErrors() ? ExitBadInput : ExitDone;
}

} // namespace Authlens::Cli
