#pragma once

#include "http/Exchange.h"
#include "http/SecretPolicy.h"

#include <QJsonObject>
#include <QString>

namespace Authlens::Cli {

struct ExchangeOutputOptions
{
    bool revealSecrets = false;
    qint64 maxBodyBytes = 1024 * 1024; ///< bodies past this are cut in the output (body_truncated)
    /// Unless revealSecrets, also redact the secret fields of bodies (Http::redactBody) and show the
    /// request body: a token endpoint's transcript, whose bodies are nothing but secrets.
    bool redactBodies = false;
};

/// The `send` JSON of DESIGN.md §6: {"hops":[…], "error":null|{kind,message}, "findings":[…]}. Each hop
/// carries its credential ledger: "placed":[{"name","place","source","label","bound_to"}] beside
/// "withheld":[{"name","reason","source"}]. Unless revealSecrets, what `policy` (extended by the
/// exchange's ledger) calls a secret is redacted in headers and URLs.
QJsonObject exchangeToJson(const Http::Exchange& exchange, const Http::SecretPolicy& policy,
                           const ExchangeOutputOptions& options);

/// A readable rendering in the spirit of `curl -v`, with the credential ledger per hop.
QString exchangeToText(const Http::Exchange& exchange, const Http::SecretPolicy& policy,
                       const ExchangeOutputOptions& options);

} // namespace Authlens::Cli
