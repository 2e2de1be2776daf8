#include "diagnosis/HarDiagnosis.h"

#include "profiles/formats/HarImport.h"

namespace Authlens::Diagnosis {

bool HarDiagnosis::hasCause() const
{
    return std::any_of(entries.cbegin(), entries.cend(),
                       [](const EntryDiagnosis& e) { return e.diagnosis.hasCause(); });
}

HarDiagnosis diagnoseHar(const QByteArray& json, const DiagnoseOptions& options)
{
    HarDiagnosis result;
    Formats::HarExchanges har = Formats::exchangesFromHar(json);
    result.warnings = har.warnings;
    if (!har.ok()) {
        result.error = har.error;
        return result;
    }
    DiagnoseContext context;
    for (qsizetype i = 0; i < har.exchanges.size(); ++i) {
        EntryDiagnosis entry;
        entry.entryIndex = har.entryIndexes.at(i);
        entry.exchange = std::move(har.exchanges[i]);
        entry.diagnosis = diagnose(entry.exchange, options, context);
        result.entries.append(std::move(entry));
    }
    return result;
}

} // namespace Authlens::Diagnosis
