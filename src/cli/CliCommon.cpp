#include "CliCommon.h"

#include "CommandRunner.h"

#include "jwt/KeyDiscovery.h"

#include <QFile>
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

std::optional<QByteArray> readSmallFile(const QString& path, QString* error)
{
    QFile file;
    const bool ok = path == u"-" ? file.open(stdin, QIODevice::ReadOnly)
                                 : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!ok) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    // Key files and tokens are small; refuse anything that is clearly something else.
    const QByteArray data = file.read(4 * 1024 * 1024 + 1);
    if (data.size() > 4 * 1024 * 1024) {
        *error = QStringLiteral("%1 is larger than 4 MiB: not a key or token").arg(path);
        return std::nullopt;
    }
    return data;
}

bool isHttpUrl(const QString& text)
{
    return text.startsWith(u"http://", Qt::CaseInsensitive) || text.startsWith(u"https://", Qt::CaseInsensitive);
}

Jwt::KeyLookup waitForLookup(Jwt::KeyDiscovery& discovery, const std::function<int()>& start)
{
    // The command's one event loop runs until the lookup reports (CommandRunner): no nested QEventLoop.
    // Callers ask before any other asynchronous work of the command begins.
    Jwt::KeyLookup result;
    QObject context;
    int id = -1;
    runAsync([&](const Finish& finish) {
        QObject::connect(&discovery, &Jwt::KeyDiscovery::finished, &context,
                         [&, finish](int requestId, const Jwt::KeyLookup& lookup) {
                             if (requestId != id)
                                 return;
                             result = lookup;
                             finish(0);
                         });
        id = start();
    });
    return result;
}

} // namespace Authlens::Cli
