#pragma once

#include "http/Exchange.h"

#include <QList>
#include <QString>

namespace Authlens::Diagnosis {

/// One header that matters for the status, with what it says.
struct KeyHeader
{
    QByteArray name;
    QByteArray value; ///< as received; empty when `present` is false
    bool present = false;
    QString meaning; ///< plain words: what this header (or its absence) tells the user
};

/// What an HTTP status means for authentication, read from the exchange's final response.
/// Not the diagnosis itself (that is the cause catalog of DESIGN.md §5): the facts a user needs
/// before one — 401 vs 403 vs 407 vs 429, and the header that matters for each.
struct StatusMeaning
{
    int status = 0;
    QString title; ///< "401 Unauthorized — the server wants (other) credentials"
    QString summary; ///< a paragraph in plain words
    QList<KeyHeader> headers; ///< the headers that matter for this status
    QStringList nextSteps; ///< what to check or do next
    bool isAuthFailure = false; ///< 401, 403, 407
};

/// Pure function over the exchange; no I/O.
StatusMeaning explainStatus(const Http::Exchange& exchange);

} // namespace Authlens::Diagnosis
