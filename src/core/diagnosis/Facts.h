#pragma once

// The facts of one exchange, built once by buildFacts() and read by every rule family (Rules.h).
// Internal to diagnosis/: value types over the Http, Auth and Jwt outputs, no I/O.

#include "auth/Challenge.h"
#include "auth/CredentialCheck.h"
#include "diagnosis/Diagnoser.h"
#include "http/Exchange.h"
#include "jwt/FoundToken.h"
#include "jwt/TokenReport.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace Authlens::Diagnosis {

/// A credential the request of a hop carried: from the client's ledger (Hop::placed) or, for a request
/// recorded by another tool, read from its headers, query and cookies through the secret policy.
struct Carried
{
    Http::Placed placed;
    QByteArray value; ///< as sent; rules never show it unmasked (maskSecret())
    bool redacted = false; ///< the recording (a sanitized HAR) replaced the value: present, but unknown
};

/// An authentication header field of a hop, parsed.
struct ParsedChallenges
{
    QByteArray headerName; ///< "WWW-Authenticate", "Proxy-Authenticate"
    QList<QByteArray> fieldValues; ///< as received, one per field line
    Auth::ChallengeParseResult parsed;
    bool isEmpty() const { return fieldValues.isEmpty(); }
    /// The first challenge of that scheme (case-insensitive), or nullptr.
    const Auth::Challenge* scheme(QByteArrayView name) const;
};

/// The Authorization (or Proxy-Authorization) a request carried, parsed and checked against the
/// challenges of the response.
struct SentAuthorization
{
    QByteArray headerName;
    QByteArray value; ///< as sent (secret)
    Auth::CredentialsParseResult parsed;
    QByteArray scheme; ///< as sent, empty when unreadable
    std::optional<Auth::BasicCredentials> basic;
    QList<Auth::CredentialFinding> checks; ///< checkCredentials() against the matching challenges
    bool redacted = false; ///< the recording replaced the credentials by a mark: nothing about them is checked
};

/// A token the request of a hop (or its response) carried, inspected against both clocks, the expected
/// audience and issuer, and the keys of the options.
struct TokenFact
{
    Jwt::FoundToken found;
    Jwt::TokenReport report;
};

struct HopFacts
{
    int index = 0;
    const Http::Hop* hop = nullptr;

    // ---- the request ----
    QList<Carried> carried;
    QList<Http::Withheld> withheld;
    std::optional<SentAuthorization> authorization;
    std::optional<SentAuthorization> proxyAuthorization;
    /// Local clock when the request went out, seconds since the epoch (DiagnoseOptions::now wins).
    qint64 localTime = 0;

    // ---- the response ----
    bool answered = false;
    int status = 0;
    ParsedChallenges www;
    ParsedChallenges proxy;
    std::optional<qint64> serverTime; ///< the response's Date, seconds since the epoch
    std::optional<qint64> skewSeconds; ///< serverTime − localTime
    QByteArray contentType; ///< lower-case, without parameters
    QByteArray body; ///< the first kMaxBodyBytes of the response body
    bool bodyTruncated = false;
    std::optional<QJsonObject> bodyJson; ///< when the body is a JSON object
    bool bodyIsHtml = false;

    bool carriesCredentials() const { return !carried.isEmpty(); }
    /// The request was recorded by another tool (a browser's HAR): it may have been sanitized before it
    /// was saved, so "nothing was sent" is what the recording shows, not necessarily what went out.
    bool recordedElsewhere = false;
    /// The carried credentials in a place (header, query, cookie…).
    QList<const Carried*> carriedIn(Http::CredentialPlace place) const;
    const Carried* carriedHeader(QByteArrayView name) const;
    /// Response header values (all fields of that name).
    QList<QByteArray> responseHeaders(QByteArrayView name) const;
    QByteArray responseHeader(QByteArrayView name) const;
    QByteArray requestHeader(QByteArrayView name) const;
};

/// How much of a body the rules read: error pages and token answers are small; a 1 GB download is not
/// read whole.
constexpr qsizetype kMaxBodyBytes = 64 * 1024;

struct Facts
{
    const Http::Exchange* exchange = nullptr;
    DiagnoseOptions options;
    DiagnoseContext context;
    QList<HopFacts> hops;
    int finalIndex = -1; ///< the last hop that received a response, -1 when none did
    QList<TokenFact> tokens; ///< every token of the exchange, in hop order

    const HopFacts* finalHop() const { return finalIndex >= 0 ? &hops.at(finalIndex) : nullptr; }
    /// The tokens the request of `hop` carried (Authorization, DPoP, cookies, headers, query).
    QList<const TokenFact*> requestTokens(int hop) const;
    /// The token of the request's Authorization header (Bearer or DPoP), or nullptr.
    const TokenFact* authorizationToken(int hop) const;
};

Facts buildFacts(const Http::Exchange& exchange, const DiagnoseOptions& options, const DiagnoseContext& context);

} // namespace Authlens::Diagnosis
