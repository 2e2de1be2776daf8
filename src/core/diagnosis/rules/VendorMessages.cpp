// What the server's token validator said, in codes. Common JWT and OAuth validators put a precise reason in
// the Bearer challenge's error_description (RFC 6750 §3) or in the response body: ASP.NET Core JwtBearer and
// Microsoft.IdentityModel (IDX… messages), Envoy/Istio jwt_authn, Spring Security's resource server,
// Keycloak, Microsoft Entra ID (AADSTS… codes), Amazon API Gateway's JWT authorizer, Okta and Auth0. The
// one table below maps each documented string to a code; the evidence points at the exact bytes.
//
// A server's own words are proof (DESIGN.md §5: "… or the server says so"), so a clear message is a cause.
// The token rules reach the same codes from the token itself (exp, aud, iss, signature); the Diagnoser
// merges findings of one code on one hop, so a local check and the server's words become one finding.
#include "diagnosis/Rules.h"

#include <QRegularExpression>

#include <algorithm>

#include <optional>

namespace Authlens::Diagnosis::Rules {

namespace {

using L = QLatin1String;
using S = Severity;

/// Where a message counts.
enum class Where {
    Any,
    Resource, ///< an API's answer (not a token endpoint)
    TokenEndpoint, ///< the answer to a token request (grant_type in a POST)
};

/// One documented reason string of a validator.
struct VendorMessage
{
    QLatin1String code; ///< Catalog code
    const char* validator; ///< who says it
    const char* pattern; ///< a regular expression, matched case-insensitively
    Severity severity;
    const char* doc; ///< where the string is documented
    Where where = Where::Any;
    bool fallback = false; ///< only when no other message of the table matched on the hop
};

constexpr const char* kIdentityModel = "Microsoft.IdentityModel";
constexpr const char* kJwtBearer = "ASP.NET Core JwtBearer";
constexpr const char* kEnvoy = "Envoy jwt_authn";
constexpr const char* kSpring = "Spring Security resource server";
constexpr const char* kKeycloak = "Keycloak";
constexpr const char* kEntra = "Microsoft Entra ID";

// Microsoft.IdentityModel.Tokens LogMessages (IDX10000–IDX10999), what ASP.NET Core logs and what
// developer pages and some APIs echo:
constexpr const char* kDocIdx = "https://github.com/AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet/"
                                "blob/dev/src/Microsoft.IdentityModel.Tokens/LogMessages.cs";
// IDX10501 troubleshooting (kid not found in the keys):
constexpr const char* kDocIdx10501 = "https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/app-integration/"
                                     "idx10501-token-signature-validation-error";
// JwtBearerHandler's error_description (IncludeErrorDetails, on by default):
constexpr const char* kDocJwtBearer
    = "https://learn.microsoft.com/dotnet/api/"
      "microsoft.aspnetcore.authentication.jwtbearer.jwtbeareroptions.includeerrordetails";
// Envoy's JWT status strings (source/common/jwt/status.cc) and the filter's documentation:
constexpr const char* kDocEnvoy = "https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/"
                                  "jwt_authn_filter";
// Spring Security's JwtTimestampValidator ("Jwt expired at …"), JwtIssuerValidator ("The iss claim is not
// valid"), the audience validator of its documentation ("The required audience is missing"), and Nimbus
// messages behind "An error occurred while attempting to decode the Jwt: …":
constexpr const char* kDocSpring = "https://docs.spring.io/spring-security/reference/servlet/oauth2/resource-server/"
                                   "jwt.html";
// Keycloak's UserInfo endpoint ("Token verification failed") and token verifier ("Token is not active",
// "Invalid token issuer. Expected …"):
constexpr const char* kDocKeycloak = "https://github.com/keycloak/keycloak/pull/6618";
// Microsoft Entra authentication and authorization error codes:
constexpr const char* kDocEntra = "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes";

// The one table. Patterns start with the documented text; the optional tail of a message is matched too so
// the evidence covers the whole sentence. (?![0-9]) keeps AADSTS70008 from matching AADSTS700082.
const VendorMessage s_messages[] = {
    // ---- Microsoft.IdentityModel (IDX codes) ----
    {Code::TokenExpired, kIdentityModel,
     R"(IDX10223(?![0-9])(?::\s*Lifetime validation failed\. The token is expired\.)?)", S::Cause, kDocIdx},
    {Code::TokenNotYetValid, kIdentityModel,
     R"(IDX10222(?![0-9])(?::\s*Lifetime validation failed\. The token is not yet valid\.)?)", S::Cause, kDocIdx},
    {Code::TokenNoExpiry, kIdentityModel,
     R"(IDX10225(?![0-9])(?::\s*Lifetime validation failed\. The token is missing an Expiration Time\.)?)", S::Cause,
     kDocIdx},
    // IDX10230: a custom lifetime validator returned false; most often an expired token.
    {Code::TokenExpired, kIdentityModel,
     R"(IDX10230(?![0-9])(?::\s*Lifetime validation failed\. Delegate returned false)?)", S::Likely, kDocIdx},
    {Code::TokenAudience, kIdentityModel, R"(IDX10214(?![0-9])(?::\s*Audience validation failed\.)?)", S::Cause,
     kDocIdx},
    {Code::TokenAudience, kIdentityModel, R"(IDX10208(?![0-9])(?::\s*Unable to validate audience\.)?)", S::Likely,
     kDocIdx},
    {Code::TokenIssuer, kIdentityModel, R"(IDX10205(?![0-9])(?::\s*Issuer validation failed\.)?)", S::Cause, kDocIdx},
    // IDX10204: the API has no valid issuer configured; the token cannot pass whatever its iss.
    {Code::TokenIssuer, kIdentityModel, R"(IDX10204(?![0-9])(?::\s*Unable to validate issuer\.)?)", S::Likely, kDocIdx},
    {Code::TokenSignature, kIdentityModel,
     R"(IDX10500(?![0-9])(?::\s*Signature validation failed\. No security keys were provided)?)", S::Likely, kDocIdx},
    {Code::TokenSignature, kIdentityModel,
     R"(IDX10501(?![0-9])(?::\s*Signature validation failed\. Unable to match key)?)", S::Cause, kDocIdx10501},
    {Code::TokenSignature, kIdentityModel, R"(IDX10503(?![0-9])(?::\s*Signature validation failed\.)?)", S::Cause,
     kDocIdx},
    {Code::TokenSignature, kIdentityModel, R"(IDX10511(?![0-9])(?::\s*Signature validation failed\.)?)", S::Cause,
     kDocIdx},

    // ---- ASP.NET Core JwtBearer error_description (current and older wordings) ----
    {Code::TokenExpired, kJwtBearer, R"(The token expired at '[^']*'|The token is expired)", S::Cause, kDocJwtBearer},
    {Code::TokenNotYetValid, kJwtBearer, R"(The token is not valid before '[^']*'|The token is not valid yet)",
     S::Cause, kDocJwtBearer},
    {Code::TokenNoExpiry, kJwtBearer, R"(The token has no expiration)", S::Cause, kDocJwtBearer},
    {Code::TokenExpired, kJwtBearer, R"(The token lifetime is invalid(?:; NotBefore: '[^']*', Expires: '[^']*')?)",
     S::Likely, kDocJwtBearer},
    {Code::TokenAudience, kJwtBearer, R"(The audience (?:'[^']*' )?is invalid)", S::Cause, kDocJwtBearer},
    {Code::TokenIssuer, kJwtBearer, R"(The issuer (?:'[^']*' )?is invalid)", S::Cause, kDocJwtBearer},
    {Code::TokenSignature, kJwtBearer, R"(The signature key was not found)", S::Cause, kDocJwtBearer},
    {Code::TokenSignature, kJwtBearer, R"(The signature is invalid)", S::Cause, kDocJwtBearer},

    // ---- Envoy / Istio jwt_authn ----
    {Code::TokenExpired, kEnvoy, R"(Jwt is expired)", S::Cause, kDocEnvoy},
    {Code::TokenNotYetValid, kEnvoy, R"(Jwt not yet valid)", S::Cause, kDocEnvoy},
    {Code::TokenAudience, kEnvoy, R"(Audiences in Jwt are not allowed|Jwt audiences are not allowed)", S::Cause,
     kDocEnvoy},
    {Code::TokenIssuer, kEnvoy, R"(Jwt issuer is not configured)", S::Cause, kDocEnvoy},
    {Code::TokenSignature, kEnvoy, R"(Jwks doesn't have key to match kid or alg from Jwt)", S::Cause, kDocEnvoy},
    {Code::TokenSignature, kEnvoy, R"(Jwt verification fails)", S::Cause, kDocEnvoy},
    {Code::TokenSignature, kEnvoy, R"(Jwt header \[alg\] is not supported)", S::Cause, kDocEnvoy},
    {Code::TokenMalformed, kEnvoy, R"(Jwt is not in the form of Header\.Payload\.Signature[^"\r\n]*)", S::Cause,
     kDocEnvoy},
    {Code::CredentialsMissing, kEnvoy, R"(Jwt is missing)", S::Cause, kDocEnvoy},

    // ---- Spring Security resource server ----
    {Code::TokenExpired, kSpring, R"(Jwt expired at [0-9T:.Z+-]+)", S::Cause, kDocSpring},
    {Code::TokenNotYetValid, kSpring, R"(Jwt used before [0-9T:.Z+-]+)", S::Cause, kDocSpring},
    {Code::TokenIssuer, kSpring, R"(The iss claim is not valid|Jwt issuer is not valid)", S::Cause, kDocSpring},
    {Code::TokenAudience, kSpring, R"(The aud claim is not valid|The required audience is missing)", S::Cause,
     kDocSpring},
    {Code::TokenSignature, kSpring, R"(Signed JWT rejected: Another algorithm expected, or no matching key\(s\) found)",
     S::Cause, kDocSpring},
    {Code::TokenSignature, kSpring, R"(Signed JWT rejected: Invalid signature)", S::Cause, kDocSpring},
    // The bare prefix, when nothing more precise follows it.
    {Code::TokenMalformed, kSpring, R"(An error occurred while attempting to decode the Jwt(?::[^"\r\n]*)?)", S::Likely,
     kDocSpring, Where::Any, true},

    // ---- Keycloak ----
    {Code::TokenExpired, kKeycloak, R"(Token is not active)", S::Likely, kDocKeycloak, Where::Resource},
    {Code::OAuthInvalidGrant, kKeycloak, R"(Token is not active|Session not active)", S::Cause, kDocKeycloak,
     Where::TokenEndpoint},
    {Code::TokenIssuer, kKeycloak, R"(Invalid token issuer\.(?: Expected '[^']*')?)", S::Cause, kDocKeycloak},
    {Code::TokenRevoked, kKeycloak, R"(Token verification failed)", S::Likely, kDocKeycloak, Where::Resource},

    // ---- Microsoft Entra ID (token endpoint error_description) ----
    {Code::OAuthInvalidGrant, kEntra, R"(AADSTS700082(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidGrant, kEntra, R"(AADSTS700084(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidGrant, kEntra, R"(AADSTS70008(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidGrant, kEntra, R"(AADSTS50173(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidGrant, kEntra, R"(AADSTS54005(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidGrant, kEntra, R"(AADSTS50126(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidGrant, kEntra, R"(AADSTS50076(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidGrant, kEntra, R"(AADSTS50078(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidGrant, kEntra, R"(AADSTS65001(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidGrant, kEntra, R"(AADSTS50013(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidClient, kEntra, R"(AADSTS7000215(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidClient, kEntra, R"(AADSTS7000222(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidClient, kEntra, R"(AADSTS7000218(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidClient, kEntra, R"(AADSTS700016(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidClient, kEntra, R"(AADSTS700027(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidClient, kEntra, R"(AADSTS700024(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidScope, kEntra, R"(AADSTS70011(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidRequest, kEntra, R"(AADSTS90002(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::OAuthInvalidRequest, kEntra, R"(AADSTS50011(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::TokenAudience, kEntra, R"(AADSTS500011(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},
    {Code::TokenExpired, kEntra, R"(AADSTS500133(?![0-9])[^"\\\r\n]*)", S::Cause, kDocEntra},

    // ---- Amazon API Gateway HTTP API JWT authorizer (www-authenticate error_description) ----
    {Code::TokenAudience, "Amazon API Gateway JWT authorizer", R"(the token does not have a valid audience)", S::Cause,
     "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html"},

    // ---- Okta: E0000011 "Invalid token provided" (401) ----
    {Code::TokenRevoked, "Okta", R"(E0000011(?![0-9]))", S::Likely,
     "https://developer.okta.com/docs/reference/error-codes/"},

    // ---- Auth0: 403 invalid_grant "Unknown or invalid refresh token." ----
    {Code::OAuthInvalidGrant, "Auth0", R"(Unknown or invalid refresh token\.?)", S::Cause,
     "https://support.auth0.com/center/s/article/"
     "troubleshoot-refresh-token-unknown-or-invalid-before-expiry-403-unknown-or-invalid-refresh-token"},
};

constexpr qsizetype kMessageCount = sizeof(s_messages) / sizeof(s_messages[0]);

/// The compiled patterns, in table order (compiled once).
const QList<QRegularExpression>& patterns()
{
    static const QList<QRegularExpression> s_patterns = [] {
        QList<QRegularExpression> list;
        for (const VendorMessage& m : s_messages) {
            list.append(QRegularExpression(QString::fromLatin1(m.pattern), QRegularExpression::CaseInsensitiveOption));
            Q_ASSERT_X(list.last().isValid(), "VendorMessages", m.pattern);
        }
        return list;
    }();
    return s_patterns;
}

/// How much of a body is searched: validators put their reason at the start of small error bodies.
constexpr qsizetype kScanBytes = 16 * 1024;

/// A cheap first look: words every pattern of the table contains one of. A body without any of them is
/// not searched with the regular expressions (large HAR files have many error bodies that are not about
/// tokens).
bool worthScanning(const QByteArray& lower)
{
    static const char* const s_words[] = {"idx1",      "aadsts", "jwt",      "token", "audience",          "issuer",
                                          "signature", "jwks",   "e0000011", "claim", "session not active"};
    for (const char* w : s_words) {
        if (lower.contains(w))
            return true;
    }
    return false;
}

bool isTokenEndpointAnswer(const HopFacts& hop)
{
    const Http::RequestRecord& req = hop.hop->request;
    return req.method.compare("POST", Qt::CaseInsensitive) == 0
        && (req.body.contains("grant_type") || req.url.path().endsWith(u"/token"));
}

bool applies(Where where, bool tokenEndpoint)
{
    switch (where) {
    case Where::Any:
        return true;
    case Where::Resource:
        return !tokenEndpoint;
    case Where::TokenEndpoint:
        return tokenEndpoint;
    }
    return true;
}

/// One place a validator's words may be: a challenge's error_description, or the body.
struct Place
{
    const ParsedChallenges* challenges = nullptr; ///< null for the body
    const Auth::Challenge* challenge = nullptr;
    QByteArray text; ///< the words, as received (error_description unquoted)
};

/// Evidence for a match at [start, start+length) of a place's text.
Evidence evidenceFor(const HopFacts& hop, const Place& place, qsizetype start, qsizetype length, const QString& note)
{
    const QByteArray words = place.text.mid(start, length);
    if (!place.challenges) {
        Evidence e;
        e.kind = EvidenceKind::Body;
        e.hop = hop.index;
        e.side = Side::Response;
        e.name = QStringLiteral("body");
        e.start = start;
        e.length = length;
        e.excerpt = scrubSecrets(hop, QString::fromUtf8(words).simplified());
        e.note = note;
        return e;
    }
    // The parameter's evidence, narrowed to the exact words inside the field value when they appear there
    // as sent (they do unless the quoted string escaped a character inside them).
    Evidence e = paramEvidence(hop, *place.challenges, *place.challenge, "error_description", note);
    const Auth::AuthParam* p = place.challenge->param("error_description");
    if (p && p->valueRange.isValid()) {
        const QByteArray& field = place.challenges->fieldValues.value(p->valueRange.fieldIndex);
        const qsizetype at = field.indexOf(words, p->valueRange.offset);
        if (at >= 0 && at + words.size() <= p->valueRange.end()) {
            e.field = p->valueRange.fieldIndex;
            e.start = at;
            e.length = words.size();
        }
    }
    e.excerpt = scrubSecrets(hop, QString::fromUtf8(words).simplified());
    return e;
}

QString explanationFor(QLatin1String code, const QString& validator, const QString& words)
{
    QString said = words.left(200);
    while (said.endsWith(u'.'))
        said.chop(1); // the sentence around the quote ends it
    const QString quoted = QStringLiteral("“%1”").arg(said);
    if (code == Code::TokenExpired)
        return QStringLiteral("The server's token validator (%1) says the token has expired: %2. Refresh the token, or "
                              "get a new one, and resend.")
            .arg(validator, quoted);
    if (code == Code::TokenNotYetValid)
        return QStringLiteral("The server's token validator (%1) says the token is not valid yet: %2. Its nbf or iat "
                              "lies ahead of the server's clock: the clocks disagree, or the token was issued for "
                              "later.")
            .arg(validator, quoted);
    if (code == Code::TokenNoExpiry)
        return QStringLiteral("The server's token validator (%1) requires an expiry and the token has no exp claim: "
                              "%2. Ask the issuer for a token with an expiry.")
            .arg(validator, quoted);
    if (code == Code::TokenAudience && validator == QLatin1String(kEntra))
        return QStringLiteral("The authorization server (%1) does not know the resource the token was requested for: "
                              "%2. The scope or resource names another API (or another tenant); request the token for "
                              "this API's application ID URI.")
            .arg(validator, quoted);
    if (code == Code::TokenAudience)
        return QStringLiteral("The server's token validator (%1) says the token is meant for another API: %2. Its "
                              "aud does not name this API; request a token for this API's audience (resource).")
            .arg(validator, quoted);
    if (code == Code::TokenIssuer)
        return QStringLiteral("The server's token validator (%1) does not trust the token's issuer: %2. Get the token "
                              "from the issuer this API is configured for (tenant or realm, exact iss URL).")
            .arg(validator, quoted);
    if (code == Code::TokenSignature)
        return QStringLiteral("The server's token validator (%1) could not verify the token's signature: %2. Usually "
                              "the signing keys rotated (a kid the server does not know yet, or no longer), the token "
                              "comes from another issuer or environment, or the algorithm is not accepted.")
            .arg(validator, quoted);
    if (code == Code::TokenMalformed)
        return QStringLiteral("The server's token validator (%1) could not decode the token: %2. Copy the whole "
                              "token again; send it once, without quotes.")
            .arg(validator, quoted);
    if (code == Code::TokenRevoked)
        return QStringLiteral("The server's token validator (%1) refused the token without a precise reason: %2. It "
                              "may be revoked, from another realm or tenant, or signed with a key the server no "
                              "longer trusts.")
            .arg(validator, quoted);
    if (code == Code::CredentialsMissing)
        return QStringLiteral("The server's token validator (%1) found no token in the request: %2. Send the access "
                              "token where it expects it (Authorization: Bearer …).")
            .arg(validator, quoted);
    if (code == Code::OAuthInvalidGrant)
        return QStringLiteral("The authorization server (%1) refused the grant: %2. The refresh token or code "
                              "expired, was revoked or already used, or the user must sign in again (MFA, consent, "
                              "a changed password).")
            .arg(validator, quoted);
    if (code == Code::OAuthInvalidClient)
        return QStringLiteral("The authorization server (%1) refused the client's credentials: %2. Check the client "
                              "id, the client secret (expired?) or certificate, and the client authentication "
                              "method.")
            .arg(validator, quoted);
    if (code == Code::OAuthInvalidScope)
        return QStringLiteral("The authorization server (%1) refused a requested scope: %2. Request only scopes this "
                              "client may have, in the form the server expects.")
            .arg(validator, quoted);
    if (code == Code::OAuthInvalidRequest)
        return QStringLiteral("The authorization server (%1) refused the request as malformed or misaddressed: %2.")
            .arg(validator, quoted);
    return QStringLiteral("%1 says: %2.").arg(validator, quoted);
}

Fix fixFor(QLatin1String code)
{
    if (code == Code::TokenExpired || code == Code::TokenRevoked || code == Code::TokenSignature)
        return advice(QStringLiteral("advice.new_token"),
                      QStringLiteral("Get a new token (refresh it or sign in again)"));
    if (code == Code::TokenNotYetValid)
        return advice(QStringLiteral("advice.check_clock"),
                      QStringLiteral("Compare the clocks; get a token issued now"));
    if (code == Code::TokenAudience)
        return advice(QStringLiteral("advice.request_audience"),
                      QStringLiteral("Request a token for this API's audience/resource"));
    if (code == Code::TokenIssuer)
        return advice(QStringLiteral("advice.check_issuer"),
                      QStringLiteral("Get the token from the issuer this API trusts"));
    if (code == Code::TokenMalformed)
        return advice(QStringLiteral("advice.copy_token"), QStringLiteral("Copy the whole token again"));
    if (code == Code::TokenNoExpiry)
        return advice(QStringLiteral("advice.token_with_exp"), QStringLiteral("Use a token that has an expiry (exp)"));
    if (code == Code::CredentialsMissing)
        return advice(QStringLiteral("advice.add_credentials"),
                      QStringLiteral("Send the access token in Authorization"));
    if (code == Code::OAuthInvalidGrant)
        return advice(QStringLiteral("advice.sign_in_again"), QStringLiteral("Sign in again (full re-authentication)"));
    if (code == Code::OAuthInvalidClient)
        return advice(QStringLiteral("advice.check_client_credentials"),
                      QStringLiteral("Check the client id, secret and authentication method"));
    if (code == Code::OAuthInvalidScope)
        return advice(QStringLiteral("advice.check_scopes"), QStringLiteral("Request only scopes the client has"));
    return advice(QStringLiteral("advice.check_request"), QStringLiteral("Check the token request's parameters"));
}

/// One translated message: a finding's ingredients before the per-code merge.
struct Match
{
    qsizetype entry;
    Evidence evidence;
    QString words;
};

} // namespace

void vendorMessageRules(const Facts& facts, Findings& out)
{
    const QList<QRegularExpression>& res = patterns();
    for (const HopFacts& hop : facts.hops) {
        if (!hop.answered || hop.status < 400)
            continue;
        const bool tokenEndpoint = isTokenEndpointAnswer(hop);

        QList<Place> places;
        for (const ParsedChallenges* challenges : {&hop.www, &hop.proxy}) {
            for (const Auth::Challenge& c : challenges->parsed.challenges) {
                const QByteArray description = c.value("error_description");
                if (!description.isEmpty())
                    places.append(Place {challenges, &c, description});
            }
        }
        const QByteArray body = hop.body.left(kScanBytes);
        if (worthScanning(body.toLower()))
            places.append(Place {nullptr, nullptr, body});

        QList<Match> matches;
        for (const Place& place : places) {
            // Latin-1 keeps one character per byte: match offsets are byte offsets.
            const QString text = QString::fromLatin1(place.text);
            for (qsizetype i = 0; i < kMessageCount; ++i) {
                const VendorMessage& m = s_messages[i];
                if (!applies(m.where, tokenEndpoint))
                    continue;
                const QRegularExpressionMatch rm = res.at(i).match(text);
                if (!rm.hasMatch())
                    continue;
                const QString note = QStringLiteral("the server's words (%1)").arg(QLatin1String(m.validator));
                Evidence e = evidenceFor(hop, place, rm.capturedStart(0), rm.capturedLength(0), note);
                const QString words = e.excerpt;
                matches.append(Match {i, std::move(e), words});
            }
        }
        const bool precise = std::any_of(matches.cbegin(), matches.cend(),
                                         [](const Match& m) { return !s_messages[m.entry].fallback; });

        // One finding per code on this hop; the strongest message explains it, all of them are evidence.
        QList<Finding> found;
        for (const Match& match : matches) {
            const VendorMessage& m = s_messages[match.entry];
            if (m.fallback && precise)
                continue;
            const QString validator = QLatin1String(m.validator);
            auto it = std::find_if(found.begin(), found.end(), [&m](const Finding& f) { return f.code == m.code; });
            if (it == found.end()) {
                found.append(makeFinding(m.code, hop.index));
                it = found.end() - 1;
                it->severity = m.severity;
                it->explanation = explanationFor(m.code, validator, match.words);
            } else if (int(m.severity) < int(it->severity)) {
                it->severity = m.severity;
                it->explanation = explanationFor(m.code, validator, match.words);
            }
            if (!it->source.contains(validator))
                it->source = it->source.isEmpty() ? validator : it->source + QStringLiteral("; ") + validator;
            if (!it->evidence.contains(match.evidence))
                it->evidence.append(match.evidence);
            const Fix fix = fixFor(m.code);
            if (std::none_of(it->fixes.cbegin(), it->fixes.cend(), [&fix](const Fix& x) { return x.id == fix.id; }))
                it->fixes.append(fix);
        }

        // A server calling a token expired that the local clock still calls valid: the clocks disagree.
        for (Finding& f : found) {
            if (f.code != Code::TokenExpired)
                continue;
            if (const TokenFact* token = facts.authorizationToken(hop.index)) {
                if (token->report.time.status == Jwt::TimeStatus::Valid) {
                    f.explanation += QStringLiteral(" By your clock the token is still valid: the server's clock "
                                                    "may be ahead of yours, or it applies a shorter lifetime.");
                    f.evidence.append(claimEvidence(*token, QStringLiteral("exp"),
                                                    QStringLiteral("still in the future by your clock")));
                }
            }
        }
        out.append(found);
    }
}

} // namespace Authlens::Diagnosis::Rules
