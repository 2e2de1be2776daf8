#pragma once

#include "http/Exchange.h"
#include "http/Redaction.h"

#include <QByteArray>
#include <QList>

namespace Authlens::Formats {

/// An exchange as a HAR 1.2 document (UTF-8 JSON): creator Authlens, one entry per hop (redirects
/// included) with request and response headers, cookies, query, timings, the response body (base64
/// when it is not text), the redirect target, and an `_authlens` object per entry with what HAR has
/// no field for: the credentials withheld on that hop and why, the hop's error, TLS facts and exact
/// timings.
///
/// Unless `revealSecrets`, secrets are redacted with Http::redactValue: the headers `rules` names,
/// every credential header (Authorization, Cookie, Set-Cookie, X-API-Key, …), the query parameters
/// `rules` names, URL passwords, and token fields (access_token, refresh_token, id_token, …) in JSON
/// and form response bodies. The request body is not part of an Exchange and so not of the HAR.
QByteArray exportHar(const Http::Exchange& exchange, const Http::RedactionRules& rules, bool revealSecrets);

/// Several exchanges (a history selection) in one HAR document, entries in order.
QByteArray exportHar(const QList<Http::Exchange>& exchanges, const Http::RedactionRules& rules, bool revealSecrets);

} // namespace Authlens::Formats
