#pragma once

#include "http/Exchange.h"
#include "http/Redaction.h"

#include <QJsonObject>
#include <QString>

namespace Authlens::Cli {

struct ExchangeOutputOptions
{
    bool revealSecrets = false;
    qint64 maxBodyBytes = 1024 * 1024; ///< bodies past this are cut in the output (body_truncated)
};

/// The `send` JSON of DESIGN.md §6: {"hops":[…], "error":null|{kind,message}, "findings":[…]}.
QJsonObject exchangeToJson(const Http::Exchange& exchange, const Http::RedactionRules& rules,
                           const ExchangeOutputOptions& options);

/// A readable rendering in the spirit of `curl -v`, with the credential ledger per hop.
QString exchangeToText(const Http::Exchange& exchange, const Http::RedactionRules& rules,
                       const ExchangeOutputOptions& options);

} // namespace Authlens::Cli
