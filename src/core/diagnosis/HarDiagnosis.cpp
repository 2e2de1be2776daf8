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
    // Put redirect chains back together: one exchange, one hop per entry.
    QList<EntryDiagnosis> exchanges;
    for (qsizetype i = 0; i < har.exchanges.size(); ++i) {
        if (har.continuesPrevious.value(i) && !exchanges.isEmpty()) {
            EntryDiagnosis& into = exchanges.last();
            into.entryIndexes.append(har.entryIndexes.at(i));
            into.exchange.hops.append(har.exchanges.at(i).hops);
            into.exchange.error = har.exchanges.at(i).error;
            continue;
        }
        EntryDiagnosis entry;
        entry.entryIndex = har.entryIndexes.at(i);
        entry.entryIndexes = {entry.entryIndex};
        entry.exchange = std::move(har.exchanges[i]);
        exchanges.append(std::move(entry));
    }
    DiagnoseContext context;
    for (EntryDiagnosis& entry : exchanges) {
        entry.diagnosis = diagnose(entry.exchange, options, context);
        result.entries.append(std::move(entry));
    }
    return result;
}

} // namespace Authlens::Diagnosis
