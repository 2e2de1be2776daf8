// libFuzzer: curl command import (both shell dialects), and export → import of whatever imported.
#include "profiles/formats/CurlExport.h"
#include "profiles/formats/CurlImport.h"
#include "profiles/formats/ShellWords.h"

#include <QStringDecoder>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Authlens;
using namespace Authlens::Formats;

namespace {

bool isUtf8(const QByteArray& bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder.decode(bytes);
    Q_UNUSED(decoded);
    return !decoder.hasError();
}

/// An imported request exported again must import to the same method, URL and body.
void checkRoundTrip(const ImportResult& first, CurlExportOptions::Shell shell)
{
    const Profiles::Profile& p = first.profiles.constFirst();
    const Profiles::SavedRequest& q = p.requests.constFirst();
    // Bodies a command line cannot carry are exported as "@body.bin" on purpose.
    if (q.body.contains('\0') || (shell == CurlExportOptions::Shell::Cmd && (!isUtf8(q.body) || q.body.contains('\r'))))
        return;
    CurlExportOptions options;
    options.revealSecrets = true;
    options.shell = shell;
    const QString command = exportCurl(p, q, options);
    const ImportResult again
        = importCurl(command, shell == CurlExportOptions::Shell::Cmd ? ShellDialect::Cmd : ShellDialect::Bash);
    const bool same = again.ok() && again.profiles.size() == 1 && again.profiles.constFirst().requests.size() == 1
        && again.profiles.constFirst().requests.constFirst().method == q.method
        && again.profiles.constFirst().requests.constFirst().url == q.url
        && again.profiles.constFirst().requests.constFirst().body == q.body;
    if (!same) {
        const Profiles::SavedRequest other = again.ok() && !again.profiles.isEmpty()
            ? again.profiles.constFirst().requests.value(0)
            : Profiles::SavedRequest();
        fprintf(stderr,
                "round trip changed the request\n--- exported:\n%s\n--- error: %s\n--- before: %s %s [%s]\n"
                "--- after:  %s %s [%s]\n",
                qPrintable(command), qPrintable(again.error), q.method.constData(), qPrintable(q.url),
                q.body.toPercentEncoding().constData(), other.method.constData(), qPrintable(other.url),
                other.body.toPercentEncoding().constData());
        abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    for (ShellDialect dialect : {ShellDialect::Auto, ShellDialect::Bash, ShellDialect::Cmd}) {
        const ShellWords words = splitShellWords(text, dialect);
        (void)words;
        const ImportResult result = importCurl(text, dialect);
        if (!result.ok() || result.profiles.isEmpty())
            continue;
        checkRoundTrip(result, CurlExportOptions::Shell::Bash);
        checkRoundTrip(result, CurlExportOptions::Shell::Cmd);
    }
    return 0;
}
