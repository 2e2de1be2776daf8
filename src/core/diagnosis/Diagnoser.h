#pragma once

#include "diagnosis/Finding.h"
#include "http/Exchange.h"
#include "http/RequestSpec.h"
#include "jwt/KeySet.h"

#include <QDateTime>
#include <QList>
#include <QNetworkCookie>
#include <QString>
#include <QStringList>

namespace Authlens::Diagnosis {

/// What an exchange is checked against, and what the caller can do (so that only fixes that work are
/// offered as actions).
struct DiagnoseOptions
{
    /// "Now" by the local clock for every time check (`--now`). Invalid: each hop's recorded start time
    /// (the local clock when the request went out), else the current time.
    QDateTime now;
    /// How far token times may be off before they count (RFC 7519 "a small leeway").
    qint64 leewaySeconds = 60;
    /// How far the local clock and a server's Date may differ before clock.skew is reported.
    qint64 skewToleranceSeconds = 60;
    /// Audiences the API accepts and the trusted issuer (a profile's, `--expect-aud`, `--expect-iss`).
    QStringList expectedAudiences;
    QString expectedIssuer;
    /// Keys to check token signatures with (a profile's, `--jwks`, or found by discovery beforehand).
    Jwt::KeySet keys;

    /// The request can be sent again from where the diagnosis is shown (false for a HAR file).
    bool canResend = false;
    /// A profile is in use: it has a cookie jar that can be cleared and origins that can be allowed.
    bool hasProfile = false;
    /// Schemes the client can switch to with what it holds ("Basic", "Digest", "Bearer").
    QStringList availableSchemes;
    /// The profile can get a new token by itself (OAuth 2 token service).
    bool canRefreshToken = false;
    /// The caller can set up the profile's OAuth 2 settings from a 401's RFC 9728 resource_metadata ("Set up
    /// OAuth for this API"): a profile is in use and it has no working token service yet.
    bool canSetUpOAuth = false;
};

/// What was known before the exchange: for a HAR file, the cookies the earlier entries set (a browser's
/// jar as the entries replay it). Empty for a live exchange, whose hops record the jar themselves.
struct DiagnoseContext
{
    bool jarKnown = false;
    QList<QNetworkCookie> jar;
    /// False when the HAR's Cookie and Set-Cookie headers were stripped (Chrome's sanitized export): the
    /// replayed jar then comes from the `cookies` arrays alone, and a cookie missing from a request proves less.
    bool cookieHeadersRecorded = true;
    /// Set-Cookie fields of earlier entries that the replayed browser refused: a later entry's failure may
    /// be their consequence (the session cookie of a login that never landed in the jar).
    QList<Http::SetCookieVerdict> refusedEarlier;
};

/// The status in plain words, shown above the findings: 401 is "who are you?", 403 is "I know you, and
/// no". Not a second diagnosis: the findings below say why.
struct Headline
{
    int status = 0; ///< 0 when no response arrived
    QString title; ///< "401 Unauthorized — who are you?"
    QString summary;
    bool isAuthFailure = false; ///< 401, 403, 407, or an auth redirect
    bool isError = false; ///< the exchange failed (no usable response)

    QJsonObject toJson() const; ///< {"status","title","summary","auth_failure","error"}
};

/// The result: the headline and the findings, ranked: severity first, then the most specific proven
/// cause (Catalog specificity), then the order the rules found them in.
struct Diagnosis
{
    Headline headline;
    QList<Finding> findings;

    const Finding* top() const { return findings.isEmpty() ? nullptr : &findings.first(); }
    bool hasCause() const;
    QJsonObject toJson() const; ///< {"headline":{…},"findings":[…]}
};

/// Builds the facts of the exchange once, runs every rule family over them, merges findings of the same
/// code on the same hop and ranks them. Pure: no I/O (keys for signatures come in the options).
Diagnosis diagnose(const Http::Exchange& exchange, const DiagnoseOptions& options = {},
                   const DiagnoseContext& context = {});

/// Orders findings as diagnose() does (stable).
void rankFindings(QList<Finding>& findings);

} // namespace Authlens::Diagnosis
