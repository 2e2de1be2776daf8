#pragma once

#include "diagnosis/Finding.h"

#include <QLatin1String>
#include <QList>

// The cause catalog (DESIGN.md §5): every finding code, declared once, as Wireshark's expert infos and
// clang's diagnostic records are. Codes are a stable public contract (tests, CLI JSON, README): add new
// ones freely, never rename one. Rules refer to the constants below, never spell a code inline.
namespace Authlens::Diagnosis {

namespace Code {
// credentials and schemes
inline constexpr QLatin1String CredentialsMissing {"credentials.missing"};
inline constexpr QLatin1String SchemeMismatch {"scheme.mismatch"};
inline constexpr QLatin1String HeaderMalformed {"header.malformed"};
inline constexpr QLatin1String BasicRejected {"basic.rejected"};
inline constexpr QLatin1String CredentialsRejected {"credentials.rejected"};
inline constexpr QLatin1String BasicEncoding {"basic.encoding"};
inline constexpr QLatin1String DigestStale {"digest.stale"};
inline constexpr QLatin1String DigestRejected {"digest.rejected"};
inline constexpr QLatin1String ApiKeyRejected {"apikey.rejected"};
inline constexpr QLatin1String AuthOk {"auth.ok"};
// tokens and clocks
inline constexpr QLatin1String TokenExpired {"token.expired"};
inline constexpr QLatin1String TokenNotYetValid {"token.not_yet_valid"};
inline constexpr QLatin1String ClockSkew {"clock.skew"};
inline constexpr QLatin1String TokenAudience {"token.audience"};
inline constexpr QLatin1String TokenIssuer {"token.issuer"};
inline constexpr QLatin1String TokenSignature {"token.signature"};
inline constexpr QLatin1String TokenWrongKind {"token.wrong_kind"};
inline constexpr QLatin1String TokenRevoked {"token.revoked"};
inline constexpr QLatin1String TokenMalformed {"token.malformed"};
inline constexpr QLatin1String TokenNoExpiry {"token.no_expiry"};
inline constexpr QLatin1String TokenOpaque {"token.opaque"};
inline constexpr QLatin1String TokenEncrypted {"token.encrypted"};
inline constexpr QLatin1String TokenNested {"token.nested"};
inline constexpr QLatin1String TokenNotJwt {"token.not_jwt"};
inline constexpr QLatin1String ScopeInsufficient {"scope.insufficient"};
// sessions, cookies and redirects
inline constexpr QLatin1String SessionExpired {"session.expired"};
inline constexpr QLatin1String CookieNotSent {"cookie.not_sent"};
inline constexpr QLatin1String CookieRejected {"cookie.rejected"};
inline constexpr QLatin1String CsrfFailed {"csrf.failed"};
inline constexpr QLatin1String RedirectCredentialsDropped {"redirect.credentials_dropped"};
inline constexpr QLatin1String RedirectLogin {"redirect.login"};
inline constexpr QLatin1String RedirectDowngrade {"redirect.downgrade"};
inline constexpr QLatin1String RedirectLoop {"redirect.loop"};
// servers, proxies and middlemen
inline constexpr QLatin1String ProxyAuthRequired {"proxy.auth_required"};
inline constexpr QLatin1String ProxyUnreachable {"proxy.unreachable"};
inline constexpr QLatin1String ServerNoChallenge {"server.no_challenge"};
inline constexpr QLatin1String ChallengeMalformed {"challenge.malformed"};
inline constexpr QLatin1String ServerUnsupportedScheme {"server.unsupported_scheme"};
inline constexpr QLatin1String ServerDefaultPage {"server.default_page"};
inline constexpr QLatin1String MtlsRequired {"mtls.required"};
inline constexpr QLatin1String PermissionDenied {"permission.denied"};
inline constexpr QLatin1String IpBlocked {"ip.blocked"};
inline constexpr QLatin1String WafBlocked {"waf.blocked"};
inline constexpr QLatin1String GatewayRejected {"gateway.rejected"};
inline constexpr QLatin1String RateLimited {"rate.limited"};
inline constexpr QLatin1String CacheStaleAuth {"cache.stale_auth"};
inline constexpr QLatin1String NetworkIntercepted {"network.intercepted"};
inline constexpr QLatin1String NetworkUnreachable {"network.unreachable"};
inline constexpr QLatin1String ServerBrokenResponse {"server.broken_response"};
inline constexpr QLatin1String HeadersTooLarge {"headers.too_large"};
inline constexpr QLatin1String RequestInvalid {"request.invalid"};
inline constexpr QLatin1String TlsUntrusted {"tls.untrusted"};
inline constexpr QLatin1String TlsErrorsIgnored {"tls.errors_ignored"};
inline constexpr QLatin1String TlsProtocolVersion {"tls.protocol_version"};
// DPoP (RFC 9449)
inline constexpr QLatin1String DpopNonceRequired {"dpop.nonce_required"};
inline constexpr QLatin1String DpopProofMissing {"dpop.proof_missing"};
inline constexpr QLatin1String DpopProofInvalid {"dpop.proof_invalid"};
inline constexpr QLatin1String DpopJktMismatch {"dpop.jkt_mismatch"};
inline constexpr QLatin1String DpopHtuMismatch {"dpop.htu_mismatch"};
inline constexpr QLatin1String DpopProofTooOld {"dpop.proof_too_old"};
inline constexpr QLatin1String DpopHtmMismatch {"dpop.htm_mismatch"};
// token endpoint answers (RFC 6749 §5.2)
inline constexpr QLatin1String OAuthInvalidGrant {"oauth.invalid_grant"};
inline constexpr QLatin1String OAuthInvalidClient {"oauth.invalid_client"};
inline constexpr QLatin1String OAuthUnauthorizedClient {"oauth.unauthorized_client"};
inline constexpr QLatin1String OAuthInvalidScope {"oauth.invalid_scope"};
inline constexpr QLatin1String OAuthUnsupportedGrantType {"oauth.unsupported_grant_type"};
inline constexpr QLatin1String OAuthInvalidRequest {"oauth.invalid_request"};
inline constexpr QLatin1String OAuthInvalidTarget {"oauth.invalid_target"};
inline constexpr QLatin1String OAuthNotJson {"oauth.not_json"};
inline constexpr QLatin1String OAuthRotated {"oauth.rotated"};
// discovery documents (RFC 9728, RFC 8414, OpenID Connect Discovery)
inline constexpr QLatin1String MetadataInvalid {"metadata.invalid"};
inline constexpr QLatin1String MetadataResourceMismatch {"metadata.resource_mismatch"};
inline constexpr QLatin1String MetadataIssuerMismatch {"metadata.issuer_mismatch"};
inline constexpr QLatin1String MetadataNoAuthorizationServers {"metadata.no_authorization_servers"};
// device authorization grant answers (RFC 8628 §3.5)
inline constexpr QLatin1String OAuthExpiredToken {"oauth.expired_token"};
inline constexpr QLatin1String OAuthAccessDenied {"oauth.access_denied"};
// the browser sign-in of the authorization code grant (RFC 6749 §4.1.2.1) and its ID token (OIDC Core §3.1.3.7)
inline constexpr QLatin1String OAuthStateMismatch {"oauth.state_mismatch"};
inline constexpr QLatin1String OAuthRedirectUriRefused {"oauth.redirect_uri_refused"};
inline constexpr QLatin1String OAuthAuthorizationError {"oauth.authorization_error"};
inline constexpr QLatin1String OAuthNoCallback {"oauth.no_callback"};
inline constexpr QLatin1String OidcNonceMismatch {"oidc.nonce_mismatch"};
inline constexpr QLatin1String OidcAtHashMismatch {"oidc.at_hash_mismatch"};
inline constexpr QLatin1String OidcIdTokenValid {"oidc.id_token_valid"};
// AWS Signature Version 4 refusals (AwsRules.cpp)
inline constexpr QLatin1String AwsSignatureMismatch {"aws.signature_mismatch"};
inline constexpr QLatin1String AwsCredentialScope {"aws.credential_scope"};
inline constexpr QLatin1String AwsCredentialsInvalid {"aws.credentials_invalid"};
inline constexpr QLatin1String AwsPresignedExpired {"aws.presigned_expired"};
} // namespace Code

/// One catalog entry.
struct CodeInfo
{
    QLatin1String code;
    Severity severity; ///< the default; a rule may lower it (cause → likely) when proof is missing
    int specificity; ///< ranks findings of equal severity: the more specific cause first (0–100)
    QLatin1String title; ///< short title, the default of a finding's title
    QLatin1String when; ///< when the code applies (README, `--help`)
    QLatin1String fix; ///< the usual fix, in a few words (README)
};

/// Every code, in the order of DESIGN.md §5 (then the additions).
const QList<CodeInfo>& catalog();
/// The entry of `code`, or nullptr.
const CodeInfo* codeInfo(QStringView code);

/// A finding of `code` with the catalog's severity and title; the rule adds the rest.
Finding makeFinding(QLatin1String code, int hop = -1);

} // namespace Authlens::Diagnosis
