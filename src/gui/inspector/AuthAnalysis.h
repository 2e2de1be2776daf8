#pragma once

#include "auth/Challenge.h"
#include "auth/CredentialCheck.h"
#include "http/Exchange.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace Authlens::Gui {

/// The parsed authentication header fields of one header name in the final response: every field
/// value as received (the raw view shows them, byte ranges point into them) and what the core
/// parser understood.
struct ChallengeGroup
{
    QByteArray headerName; ///< "WWW-Authenticate", "Proxy-Authenticate"
    QList<QByteArray> fieldValues;
    Auth::ChallengeParseResult parsed;
};

/// Authentication-Info / Proxy-Authentication-Info of the final response.
struct InfoGroup
{
    QByteArray headerName;
    QList<QByteArray> fieldValues;
    Auth::AuthParamsParseResult parsed;
};

/// One Authorization or Proxy-Authorization the final hop carried, decoded and checked against the
/// challenges of the matching kind (origin or proxy).
struct SentCredentials
{
    QByteArray headerName;
    QByteArray value; ///< as sent: the view masks it
    Auth::CredentialsParseResult parsed;
    std::optional<Auth::BasicCredentials> basic; ///< set for the Basic scheme when its token68 decodes
    QList<Auth::CredentialFinding> findings;
};

/// Everything the Auth tab shows for an exchange. Built by analyzeAuth() on a worker thread: it only
/// calls the core parsers; the widgets render it.
struct AuthAnalysis
{
    bool hasResponse = false;
    int status = 0;
    int hopIndex = -1; ///< the hop whose request and response are shown
    QByteArray method;
    QUrl url;
    QList<ChallengeGroup> challenges; ///< WWW-Authenticate first, then Proxy-Authenticate; only present names
    QList<InfoGroup> infos;
    QList<SentCredentials> sent;
    /// The credential ledger of the shown hop: what the client placed (and from where) and withheld.
    QList<Http::Placed> placed;
    QList<Http::Withheld> withheld;
    bool ledgerRecorded = false; ///< false for a request recorded by another tool (a browser's HAR)

    int challengeCount() const;
    int diagnosticCount() const;
    /// An error diagnostic in a response field, or an error finding about what was sent.
    bool hasErrors() const;
};

/// Reads the final response hop of `exchange` (or the last hop when none answered).
AuthAnalysis analyzeAuth(const Http::Exchange& exchange);

} // namespace Authlens::Gui
