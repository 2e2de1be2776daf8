#include "CliCommon.h"

#include <QJsonDocument>

#include <cstdio>
#include <unistd.h>

namespace Authlens::Cli {

OutputMode outputMode(bool jsonFlag, bool textFlag)
{
    if (jsonFlag)
        return OutputMode::Json;
    if (textFlag)
        return OutputMode::Text;
    return isatty(STDOUT_FILENO) ? OutputMode::Text : OutputMode::Json;
}

void printJson(const QJsonObject& object)
{
    const QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Indented);
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printText(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    if (!bytes.endsWith('\n'))
        std::fputc('\n', stdout);
    std::fflush(stdout);
}

void printError(const QString& message)
{
    const QByteArray bytes = QStringLiteral("authlens-cli: %1\n").arg(message).toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

std::optional<int> parseArguments(QCommandLineParser& parser, const QStringList& arguments)
{
    const QCommandLineOption helpOpt = parser.addHelpOption();
    if (!parser.parse(arguments)) {
        printError(parser.errorText());
        return ExitUsage;
    }
    if (parser.isSet(helpOpt)) {
        printText(parser.helpText());
        return ExitDone;
    }
    return std::nullopt;
}

} // namespace Authlens::Cli
