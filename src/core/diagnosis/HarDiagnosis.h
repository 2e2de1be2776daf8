#pragma once

#include "diagnosis/Diagnoser.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Authlens::Diagnosis {

/// The diagnosis of one HAR entry.
struct EntryDiagnosis
{
    int entryIndex = 0; ///< index in log.entries of the exchange's first request
    /// Every entry of the exchange: a redirect chain a browser recorded as one entry per request is one
    /// exchange here, with one hop per entry.
    QList<int> entryIndexes;
    Http::Exchange exchange;
    Diagnosis diagnosis;
};

struct HarDiagnosis
{
    QList<EntryDiagnosis> entries;
    QStringList warnings;
    QString error; ///< the file is not a HAR (nothing diagnosed); names the entry and field when it can
    bool ok() const { return error.isEmpty(); }
    bool hasCause() const;
};

/// Diagnoses every http(s) exchange of a HAR 1.2 file (a browser's DevTools export as it is, or Authlens'
/// own), in order. Entries that continue a redirect chain (or an Authlens exchange) join the exchange
/// they belong to. The entries are replayed as a browser would have lived them: the cookies earlier
/// entries set are the jar of later ones, so a login flow spread over several entries is judged as one.
HarDiagnosis diagnoseHar(const QByteArray& json, const DiagnoseOptions& options = {});

} // namespace Authlens::Diagnosis
