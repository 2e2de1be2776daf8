#pragma once

#include "http/Exchange.h"
#include "profiles/formats/ImportResult.h"

#include <QByteArray>
#include <QList>

namespace Authlens::Formats {

/// Imports the requests of a HAR 1.2 file (a browser DevTools export) as saved requests, one profile
/// per origin (in the order the origins first appear). Each request keeps its method, relative URL,
/// headers (without HTTP/2 pseudo-headers, transport headers and credentials) and body with its
/// MIME type. Credential headers become the profile's auth method as for curl imports (the latest
/// value wins when a token was refreshed during the session); cookies become an extra credential.
/// Entries with other schemes (data:, blob:, chrome-extension:, ws:) and static resources (images,
/// scripts, stylesheets, fonts, as Chrome labels them) are skipped with a note; repeated identical
/// requests are kept once.
ImportResult importHar(const QByteArray& json);

/// The entries of a HAR file as exchanges for the diagnosis engine (`authlens-cli diagnose --har`).
struct HarExchanges
{
    QList<Http::Exchange> exchanges; ///< one per http(s) entry, each with a single hop
    QList<int> entryIndexes; ///< for each exchange, the index of its entry in log.entries
    /// For each exchange: it is the next hop of the previous one — a redirect the browser followed (the
    /// previous entry's redirectURL or Location is this URL), or a later hop of an Authlens exchange.
    QList<bool> continuesPrevious;
    QStringList warnings;
    QString error;
    bool ok() const { return error.isEmpty(); }
};

/// One Exchange per http(s) entry, with a single hop: request method, URL and headers (credentials
/// included: they are the evidence), response status, reason, headers and body (`encoding: base64`
/// decoded), timings (TTFB counts from the start of the entry, as Authlens measures it: blocked + dns
/// + connect + send + wait), startedDateTime, cookies, and a browser's `_error`. Files written by
/// exportHar() also give back the credential ledger (placed and withheld, with sources; the hop's
/// `ledgerRecorded` is set whenever the entry has an `_authlens` object), errors, TLS facts and exact
/// timings from their `_authlens` objects.
HarExchanges exchangesFromHar(const QByteArray& json);

} // namespace Authlens::Formats
