#pragma once

#include "http/Exchange.h"
#include "http/SecretPolicy.h"

#include <QString>

class QWidget;

namespace Authlens::Gui {

/// Saves exchanges as HAR 1.2 files (Formats::exportHar) for the main window.
class HarFile final
{
public:
    HarFile() = delete;

    /// Asks where to save `exchange` and writes it through QSaveFile (an existing file stays intact
    /// when writing fails). Secrets are redacted by `policy` (and the exchange's ledger) unless `withSecrets`, which
    /// the user confirms first. Returns the message for the status bar; empty when the user cancelled.
    static QString save(QWidget* parent, const Http::Exchange& exchange, const Http::SecretPolicy& policy,
                        bool withSecrets);
    /// "api.example.com-401.har": the final host and status of the exchange.
    static QString suggestedName(const Http::Exchange& exchange);
};

} // namespace Authlens::Gui
