#pragma once

// The rule families and the small helpers they share. One family per file under diagnosis/rules/,
// each a pure function over the Facts that appends findings; Diagnoser.cpp lists them. A family never
// spells a code inline (Catalog.h) and never quotes a secret (maskSecret()).

#include "diagnosis/Catalog.h"
#include "diagnosis/Facts.h"

#include <QList>
#include <QUrlQuery>

#include <optional>

namespace Authlens::Diagnosis::Rules {

using Findings = QList<Finding>;

// ---- the families (diagnosis/rules/*.cpp) ----
void credentialRules(const Facts& facts, Findings& out); ///< CredentialRules.cpp: schemes, Basic, Digest, API keys
void tokenRules(const Facts& facts, Findings& out); ///< TokenRules.cpp: JWT times, audience, issuer, signature, kind
void bearerErrorRules(const Facts& facts, Findings& out); ///< BearerErrorRules.cpp: RFC 6750 errors, scope, DPoP
void redirectRules(const Facts& facts, Findings& out); ///< RedirectRules.cpp: withheld, login, downgrade, loop
void transportRules(const Facts& facts, Findings& out); ///< TransportRules.cpp: no answer, TLS, proxy
void oauthRules(const Facts& facts, Findings& out); ///< OAuthRules.cpp: token endpoint answers (RFC 6749 §5.2)
void cookieRules(const Facts& facts, Findings& out); ///< CookieRules.cpp: the cookie explainer
void middlemanRules(const Facts& facts, Findings& out); ///< MiddlemanRules.cpp: WAF, CDN, gateway, IIS, portals
void vendorMessageRules(const Facts& facts, Findings& out); ///< VendorMessages.cpp: validators' reason strings
void statusRules(const Facts& facts, Findings& out); ///< StatusRules.cpp: 403, 429, 431, 2xx "authenticated as"
void metadataRules(const Facts& facts, Findings& out); ///< MetadataRules.cpp: RFC 9728 / RFC 8414 documents
void awsRules(const Facts& facts, Findings& out); ///< AwsRules.cpp: AWS Signature v4 refusals

/// AwsRules.cpp: the hop carried an AWS Signature v4 and AWS answered with one of the refusals awsRules()
/// explains (the gateway rule then leaves that answer to it).
bool awsSignatureRefused(const HopFacts& hop);

/// One TLS problem of a hop (TlsRules.cpp): a stable reason ("expired", "not_yet_valid", "hostname",
/// "self_signed", "incomplete_chain", "untrusted_root", "untrusted_issuer", "protocol", "handshake"), what is
/// wrong in words, the certificate facts as evidence, and the fixes.
struct TlsProblem
{
    QString reason;
    QString explanation;
    QList<Evidence> evidence;
    QList<Fix> fixes;
    QString source;
};
/// Every problem the TLS errors of `hop` name, in the order reported, one per reason; `handshakeMessage` is
/// read when the hop recorded no certificate error (a failed handshake: a protocol alert).
QList<TlsProblem> tlsProblems(const HopFacts& hop, const QString& handshakeMessage);

// ---- shared helpers (RuleSupport.cpp) ----

/// "Bearer eyJh…(812 chars)" → never the secret itself: scheme kept, value masked.
QString maskSecret(QByteArrayView value);
/// `text` with every credential the hop's request carried masked (the whole value and the part after a
/// scheme word): servers echo what they got, in bodies and error descriptions.
QString scrubSecrets(const HopFacts& hop, QString text);
/// Latin-1 text of header bytes, control characters made visible, cut at `max` characters.
QString headerText(QByteArrayView bytes, int max = 200);
/// Latin-1 text of header bytes as they are (scheme names, parameter values, reason phrases).
inline QString latin(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes);
}

/// A login page by its path, as frameworks and identity providers name them: /login, /signin, /sso/,
/// /authorize, /oauth2/, CAS, /session/new, SAML, AD FS … (the redirect and the cookie rules ask the same).
bool looksLikeLoginUrl(const QUrl& url);
/// The hop's Location header resolved against its request URL, or an empty URL.
QUrl locationOf(const HopFacts& hop);

/// Evidence pointing at a response (or request) header field, whole.
Evidence headerEvidence(const HopFacts& hop, Side side, QByteArrayView name, const QString& note = {});
/// Evidence pointing at a parameter of a challenge (WWW-/Proxy-Authenticate) with its byte range.
Evidence paramEvidence(const HopFacts& hop, const ParsedChallenges& challenges, const Auth::Challenge& challenge,
                       QByteArrayView param, const QString& note = {});
/// Evidence pointing at a whole challenge (its scheme).
Evidence challengeEvidence(const HopFacts& hop, const ParsedChallenges& challenges, const Auth::Challenge& challenge,
                           const QString& note = {});
/// Evidence pointing at a claim of a token, with the claim's place in the token when it can be found.
Evidence claimEvidence(const TokenFact& token, const QString& claim, const QString& note = {});
/// Evidence pointing at the hop as a whole.
Evidence hopEvidence(const HopFacts& hop, const QString& name, const QString& excerpt, const QString& note = {});
/// Evidence pointing at a part of the response body: `needle` found in it (or the start when not found).
Evidence bodyEvidence(const HopFacts& hop, QByteArrayView needle, const QString& note = {});

/// The form (or JSON) parameters of a token request, when the hop's request is one: a POST whose body
/// has grant_type (RFC 6749 §4.1.3, §4.3.2, §4.4.2, §6).
std::optional<QUrlQuery> tokenRequest(const Http::Hop& hop);

Fix action(const QString& id, const QString& label, const QJsonObject& params = {});
Fix advice(const QString& id, const QString& label, const QJsonObject& params = {});

/// The token service's one-click fixes (issue 10), when the caller can get tokens for the profile by
/// itself (DiagnoseOptions::canRefreshToken): "token.refresh" (the refresh grant when a refresh token
/// exists, else the profile's grant, then the request again) and "token.new" (the profile's own grant).
/// Returns false, adding nothing, when it cannot: the caller keeps its advice then.
bool addTokenServiceFixes(Finding& f, const Facts& facts);

/// "Set up OAuth for this API" (issue 11): when the 401 of `hop` names an RFC 9728 resource_metadata and the
/// caller can set up the profile (DiagnoseOptions::canSetUpOAuth), the action "oauth.setup" with
/// {"resource_metadata": url, "resource": the URL that was answered 401}. Returns whether it was added.
bool addOAuthSetupFix(Finding& f, const Facts& facts, const HopFacts& hop);

/// "3 h 12 min", "45 s", "2 d 3 h": a duration in words (Jwt::TimeText::duration).
QString durationText(qint64 seconds);

} // namespace Authlens::Diagnosis::Rules
