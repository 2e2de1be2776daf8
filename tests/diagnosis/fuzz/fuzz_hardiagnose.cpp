// libFuzzer: HAR → diagnose, the path of `authlens-cli diagnose --har`. No crash, no hang, and what comes
// out holds its contract: catalog codes only, ranked by severity, evidence pointing inside the exchange.
#include "diagnosis/Catalog.h"
#include "diagnosis/HarDiagnosis.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Authlens;
using namespace Authlens::Diagnosis;

namespace {

void require(bool condition, const char* what)
{
    if (!condition) {
        fprintf(stderr, "diagnosis contract broken: %s\n", what);
        abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    DiagnoseOptions options;
    options.now = QDateTime::fromSecsSinceEpoch(1704110400, Qt::UTC);
    const HarDiagnosis result = diagnoseHar(bytes, options);
    require(result.ok() || result.entries.isEmpty(), "entries beside an error");
    for (const EntryDiagnosis& entry : result.entries) {
        const qsizetype hops = entry.exchange.hops.size();
        require(entry.entryIndexes.size() == hops, "one hop per entry");
        int previous = -1;
        for (const Finding& f : entry.diagnosis.findings) {
            require(codeInfo(f.code) != nullptr, "a code outside the catalog");
            require(int(f.severity) >= previous, "findings not ranked by severity");
            previous = int(f.severity);
            require(!f.title.isEmpty() && !f.explanation.isEmpty(), "a finding without title or explanation");
            require(f.hop >= -1 && f.hop < hops, "finding hop outside the exchange");
            for (const Evidence& e : f.evidence) {
                require(e.hop >= -1 && e.hop < hops, "evidence hop outside the exchange");
                require(e.start >= -1 && e.length >= 0, "negative evidence range");
            }
            for (const Fix& x : f.fixes)
                require(!x.id.isEmpty() && !x.label.isEmpty(), "a fix without id or label");
        }
        (void)QJsonDocument(entry.diagnosis.toJson()).toJson();
    }
    return 0;
}
