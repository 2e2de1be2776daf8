// libFuzzer: HAR import (profiles and exchanges), and exchanges → HAR → exchanges.
#include "profiles/formats/HarExport.h"
#include "profiles/formats/HarImport.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Authlens;
using namespace Authlens::Formats;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    (void)importHar(bytes);
    const HarExchanges exchanges = exchangesFromHar(bytes);
    if (!exchanges.ok() || exchanges.exchanges.isEmpty())
        return 0;
    for (const bool reveal : {true, false}) {
        const QByteArray har = exportHar(exchanges.exchanges, Http::SecretPolicy::standard(), reveal);
        const HarExchanges again = exchangesFromHar(har);
        bool same = again.ok() && again.exchanges.size() == exchanges.exchanges.size();
        for (qsizetype i = 0; same && i < again.exchanges.size(); ++i)
            same = again.exchanges.at(i).finalStatus() == exchanges.exchanges.at(i).finalStatus();
        if (!same) {
            fprintf(stderr, "HAR round trip lost entries or statuses: %s\n", qPrintable(again.error));
            abort();
        }
    }
    return 0;
}
