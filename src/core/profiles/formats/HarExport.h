#pragma once

#include "http/Exchange.h"
#include "http/SecretPolicy.h"

#include <QByteArray>
#include <QList>

namespace Authlens::Formats {

/// An exchange as a HAR 1.2 document (UTF-8 JSON): creator Authlens, one entry per hop (redirects
/// included) with request and response headers, cookies, query, timings, the request body
/// (postData), the response body (base64 when it is not text), the redirect target, and an
/// `_authlens` object per entry with what HAR has no field for: the credential ledger of that hop
/// (`placed`: name, place, source, label, bound_to; `withheld`: name, reason, source), the hop's
/// error, TLS facts and exact timings.
///
/// Unless `revealSecrets`, everything `policy` (extended by the exchange's own ledger, see
/// SecretPolicy::withLedgerOf) calls a secret is redacted with Http::redactValue: credential headers,
/// every cookie, secret query parameters in URLs (the Location header and redirectURL too), URL
/// passwords, and secret fields of JSON, form and multipart bodies, request and response alike.
QByteArray exportHar(const Http::Exchange& exchange, const Http::SecretPolicy& policy, bool revealSecrets);

/// Several exchanges (a history selection) in one HAR document, entries in order.
QByteArray exportHar(const QList<Http::Exchange>& exchanges, const Http::SecretPolicy& policy, bool revealSecrets);

} // namespace Authlens::Formats
