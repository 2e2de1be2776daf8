#include "diagnosis/Catalog.h"

namespace Authlens::Diagnosis {

namespace {

using S = Severity;
using L = QLatin1String;

// Specificity: 90+ a precise proven cause (an expired exp, a stale nonce); 60–80 a cause read from the
// server's own words; 30–50 broad causes (no credentials, permission denied); below that context.
const QList<CodeInfo> s_catalog = {
    {Code::CredentialsMissing, S::Cause, 50, L("No credentials sent"),
     L("the request carried none of the credentials the server asks for"),
     L("add the credentials the challenge names (Auth tab or profile)")},
    {Code::SchemeMismatch, S::Cause, 70, L("Credentials in a scheme the server did not offer"),
     L("credentials sent with a scheme the server did not offer"), L("switch to a scheme the server offers")},
    {Code::HeaderMalformed, S::Cause, 85, L("Authorization header malformed"),
     L("Authorization (or API-key header) broken: no space, scheme twice, quoted token, stray whitespace/CR/LF, "
       "bad base64, Basic without colon"),
     L("re-enter the credentials; send exactly \"Scheme credentials\"")},
    {Code::BasicRejected, S::Cause, 60, L("Basic credentials refused"), L("well-formed Basic credentials refused"),
     L("check user name and password, and the account")},
    {Code::CredentialsRejected, S::Cause, 58, L("Credentials refused"),
     L("the server refused the credentials of a scheme other than Basic or Digest (e.g. IIS 401.1 for NTLM or "
       "Negotiate: logon failed), or refused credentials without saying why (a 401 without a challenge)"),
     L("check the account, password and domain")},
    {Code::BasicEncoding, S::Likely, 75, L("Non-ASCII Basic credentials without charset agreement"),
     L("non-ASCII user/password without charset=\"UTF-8\" agreement (RFC 7617 §2.1)"),
     L("use ASCII credentials, or a server that declares charset=\"UTF-8\"")},
    {Code::DigestStale, S::Cause, 95, L("Digest nonce expired (stale)"),
     L("stale=true: the nonce expired, the password was right; retry with the new nonce"),
     L("resend: the new nonce is in the challenge")},
    {Code::DigestRejected, S::Cause, 70, L("Digest response refused"),
     L("Digest response refused (password, realm, uri, algorithm/qop)"), L("check password, realm and algorithm")},
    {Code::TokenExpired, S::Cause, 95, L("Token expired"), L("exp in the past (allowing skew), or the server says so"),
     L("refresh the token or get a new one")},
    {Code::TokenNotYetValid, S::Cause, 90, L("Token not valid yet"), L("nbf/iat in the future"),
     L("check the clocks; wait, or get a token issued now")},
    {Code::ClockSkew, S::Likely, 80, L("Clocks disagree"),
     L("local clock and the server's Date differ beyond tolerance"), L("synchronise the clock (NTP)")},
    {Code::TokenAudience, S::Cause, 85, L("Token meant for another API (aud)"), L("aud does not name this API"),
     L("request a token for this API's audience/resource")},
    {Code::TokenIssuer, S::Cause, 85, L("Token from an untrusted issuer (iss)"),
     L("iss is not the expected/trusted issuer"), L("get the token from the issuer this API trusts")},
    {Code::TokenSignature, S::Cause, 88, L("Token signature not accepted"),
     L("signature invalid, kid unknown to the JWKS (keys rotated), alg not accepted"),
     L("get a new token; check the issuer's JWKS")},
    {Code::TokenWrongKind, S::Cause, 90, L("Wrong kind of token"),
     L("an ID token or refresh token sent as an access token"), L("send the access token")},
    {Code::TokenRevoked, S::Likely, 65, L("Token refused though it looks valid"),
     L("a locally valid token that the server calls invalid_token: revoked, or signed with a key it no longer "
       "trusts"),
     L("get a new token")},
    {Code::TokenMalformed, S::Cause, 85, L("Token malformed"),
     L("not decodable where a JWT is expected, truncated, padded"), L("copy the whole token again")},
    {Code::TokenNoExpiry, S::Hint, 20, L("Token has no expiry"), L("a JWT without exp: valid until revoked"),
     L("prefer short-lived tokens")},
    {Code::TokenOpaque, S::Info, 5, L("Opaque token"), L("not a JWT: only the issuer can read it"),
     L("introspect it at the authorization server (RFC 7662)")},
    {Code::TokenEncrypted, S::Info, 5, L("Encrypted token (JWE)"), L("a JWE: claims are not readable here"), L("—")},
    {Code::TokenNested, S::Info, 5, L("Nested token"), L("a JWT inside a JWS/JWE (cty JWT)"), L("—")},
    {Code::TokenNotJwt, S::Hint, 10, L("JWS payload is not JSON claims"), L("a JWS whose payload is not a JSON object"),
     L("—")},
    {Code::ScopeInsufficient, S::Cause, 85, L("Token lacks a required scope"),
     L("403 insufficient_scope, or required scope missing from the token"),
     L("request a token with the required scope")},
    {Code::ApiKeyRejected, S::Cause, 60, L("API key refused or misplaced"),
     L("API key missing, wrong, or in the wrong header/query parameter"),
     L("send the key the API documents, where it documents it")},
    {Code::SessionExpired, S::Cause, 70, L("Session gone"), L("cookie session gone: expired cookie, redirect to login"),
     L("log in again")},
    {Code::CookieNotSent, S::Cause, 75, L("Cookie not sent"),
     L("a jar cookie withheld: Secure over http, domain, path, expiry, too large"),
     L("request the cookie's own scheme, host and path")},
    {Code::CookieRejected, S::Likely, 70, L("Set-Cookie rejected"),
     L("a Set-Cookie the client did not store: invalid domain or prefix, Secure over http, syntax, size"),
     L("fix the server's Set-Cookie, or use the cookie's origin")},
    {Code::RedirectCredentialsDropped, S::Cause, 80, L("Credentials withheld at a cross-origin redirect"),
     L("Authorization removed at a cross-origin redirect"),
     L("request the final URL directly, or allow that origin in the profile")},
    {Code::RedirectLogin, S::Cause, 65, L("Ended on a login page"), L("the request ended on a login page"),
     L("authenticate (log in, or send the API's credentials)")},
    {Code::RedirectDowngrade, S::Cause, 60, L("Redirected from https to http"), L("https → http on the way"),
     L("use the https URL the server should redirect to")},
    {Code::RedirectLoop, S::Cause, 55, L("Redirect loop"),
     L("the redirects came back to a request already made in the same state"),
     L("check that the session cookie is stored and sent")},
    {Code::ProxyAuthRequired, S::Cause, 80, L("Proxy wants credentials"), L("407 + Proxy-Authenticate"),
     L("set the proxy's user and password")},
    {Code::ProxyUnreachable, S::Cause, 60, L("Proxy unreachable"),
     L("the configured proxy refused the connection or does not exist"), L("check the proxy setting")},
    {Code::ServerNoChallenge, S::Cause, 40, L("401 without a challenge"),
     L("401 without WWW-Authenticate (server misconfiguration, or stripped by a proxy)"),
     L("check the API documentation for the expected credentials")},
    {Code::ChallengeMalformed, S::Hint, 25, L("The server's challenge is not valid HTTP"),
     L("WWW-Authenticate or Proxy-Authenticate breaks RFC 9110 §11.6.1 (a comma missing, a bad quote, a bad "
       "token): clients may read it differently"),
     L("fix the server's header; Authlens shows what it recovered")},
    {Code::ServerUnsupportedScheme, S::Cause, 55, L("Only schemes this client cannot perform"),
     L("only schemes this client cannot perform (e.g. Negotiate without Kerberos)"),
     L("use a client with that scheme, or another credential the API accepts")},
    {Code::ServerDefaultPage, S::Likely, 35, L("The web server refused, not the application"),
     L("a web server's built-in error page (nginx, Apache, IIS) answered: its own access rule or authentication "
       "refused before the application ran"),
     L("ask the server's administrators which rule refused (its error log names it)")},
    {Code::MtlsRequired, S::Cause, 75, L("Server wants a client certificate"),
     L("the server wants a client certificate"), L("configure a TLS client certificate in the profile")},
    {Code::PermissionDenied, S::Likely, 30, L("Authenticated, but not permitted"),
     L("authenticated, but no permission (403)"), L("check the account, role or permission")},
    {Code::IpBlocked, S::Cause, 70, L("Blocked by an IP or host restriction"),
     L("IP/host restriction (e.g. IIS 401.503/401.504, 403.6)"), L("use an allowed network or ask for allow-listing")},
    {Code::WafBlocked, S::Cause, 65, L("Blocked by a WAF/CDN, not the application"),
     L("a WAF/CDN answered, not the application (Cloudflare, Akamai, AWS WAF …)"),
     L("give the operators the request id; change network or request shape")},
    {Code::GatewayRejected, S::Cause, 62, L("Rejected by an API gateway"),
     L("an API gateway rejected before the app (AWS API Gateway, Azure APIM, Kong …)"),
     L("send the key/token the gateway expects; check path and method")},
    {Code::CsrfFailed, S::Likely, 70, L("CSRF check failed"),
     L("403 from a missing/invalid CSRF token on a cookie session"),
     L("send the CSRF token the page or cookie provides")},
    {Code::RateLimited, S::Cause, 80, L("Rate limited"), L("429, or IIS 401.501/401.502"),
     L("wait as Retry-After says, then resend")},
    {Code::CacheStaleAuth, S::Likely, 60, L("Answer came from a cache"),
     L("a cached auth failure (Age, X-Cache: HIT, stale Set-Cookie)"), L("bypass the cache; fix Cache-Control")},
    {Code::NetworkIntercepted, S::Likely, 70, L("A captive portal or middlebox answered"),
     L("a captive portal or middlebox answered"), L("sign in to the network, or switch network")},
    {Code::NetworkUnreachable, S::Cause, 50, L("No connection to the server"),
     L("DNS, connection refused, timeout: the server never answered"), L("check the URL, network and VPN")},
    {Code::ServerBrokenResponse, S::Cause, 65, L("The server's answer broke HTTP"),
     L("the server broke HTTP/1.1: a body cut short of its Content-Length (RFC 9112 §8), another protocol's "
       "banner instead of an answer (§4), no header field that could be read"),
     L("fix the server or the proxy in front of it; the bytes that arrived are kept")},
    {Code::HeadersTooLarge, S::Cause, 75, L("Request headers too large"), L("431/400 from oversized cookies/headers"),
     L("clear the cookie jar; send a shorter token")},
    {Code::RequestInvalid, S::Likely, 40, L("The server could not parse the request"),
     L("400 invalid_request: a parameter missing or repeated, the token sent more than one way"),
     L("send the credential once, in one place")},
    {Code::TlsUntrusted, S::Cause, 70, L("TLS certificate not accepted"),
     L("the server's certificate is untrusted, expired or for another host"),
     L("fix the certificate, or trust its CA in the profile")},
    {Code::TlsErrorsIgnored, S::Hint, 15, L("TLS errors ignored"),
     L("the profile's switch to ignore TLS errors was on and errors occurred"), L("fix the certificate")},
    {Code::TlsProtocolVersion, S::Cause, 72, L("No TLS version in common"),
     L("the server refused every TLS version offered (alert protocol_version): it speaks only TLS 1.0/1.1"),
     L("upgrade the server to TLS 1.2 or later")},
    {Code::DpopNonceRequired, S::Cause, 90, L("DPoP nonce required"), L("DPoP use_dpop_nonce / DPoP-Nonce"),
     L("resend the proof with the server's nonce")},
    {Code::DpopProofMissing, S::Cause, 85, L("DPoP proof missing"),
     L("a DPoP-bound token sent without a DPoP proof, or as Bearer"), L("send a DPoP proof with the token")},
    {Code::DpopProofInvalid, S::Cause, 80, L("DPoP proof invalid"), L("the server refused the DPoP proof"),
     L("check the proof's signature and claims")},
    {Code::DpopJktMismatch, S::Cause, 88, L("DPoP key does not match the token"),
     L("cnf.jkt of the token is not the thumbprint of the proof's key"), L("use the key the token was bound to")},
    {Code::DpopHtuMismatch, S::Cause, 88, L("DPoP proof for another request"),
     L("htu/htm of the proof differ from the request's URL/method"), L("make a proof for this URL and method")},
    {Code::DpopProofTooOld, S::Cause, 85, L("DPoP proof too old"), L("the proof's iat is too far from now"),
     L("make a fresh proof; check the clock")},
    {Code::DpopHtmMismatch, S::Cause, 88, L("DPoP proof for another method"),
     L("htm of the proof differs from the request's method (RFC 9449 §4.3)"), L("make a proof for this method")},
    {Code::OAuthInvalidGrant, S::Cause, 90, L("Grant refused (invalid_grant)"),
     L("the refresh token or code expired, was revoked or reused, or the password is wrong"),
     L("sign in again (full re-authentication)")},
    {Code::OAuthInvalidClient, S::Cause, 88, L("Client authentication failed (invalid_client)"),
     L("client id or secret wrong, or the wrong client authentication method"),
     L("check client id, secret and client authentication method")},
    {Code::OAuthUnauthorizedClient, S::Cause, 85, L("Client may not use this grant"),
     L("unauthorized_client: the client is not allowed this grant type"),
     L("enable the grant for the client, or use another grant")},
    {Code::OAuthInvalidScope, S::Cause, 85, L("Scope refused (invalid_scope)"),
     L("a requested scope is unknown or not allowed for this client"), L("request only scopes the client has")},
    {Code::OAuthUnsupportedGrantType, S::Cause, 85, L("Grant type unsupported"),
     L("unsupported_grant_type: the server does not support this grant"), L("use a grant the server supports")},
    {Code::OAuthInvalidRequest, S::Cause, 80, L("Token request malformed (invalid_request)"),
     L("a required parameter missing, repeated or malformed"), L("check the token request's parameters")},
    {Code::OAuthInvalidTarget, S::Cause, 85, L("Resource or audience refused (invalid_target)"),
     L("the resource/audience requested (RFC 8707) is unknown or not allowed for this client"),
     L("request a resource the client may get tokens for")},
    {Code::OAuthNotJson, S::Cause, 75, L("Token endpoint answered something else"),
     L("an HTML or non-JSON answer from what should be a token endpoint"), L("check the token endpoint URL")},
    {Code::OAuthRotated, S::Info, 10, L("Refresh token rotated"),
     L("the server issued a new refresh token; the old one is dead"), L("keep only the new refresh token")},
    {Code::MetadataInvalid, S::Cause, 70, L("Metadata document is not JSON"),
     L("a well-known metadata URL (RFC 9728, RFC 8414, OpenID discovery) answered something other than a JSON "
       "object"),
     L("check the metadata URL; the server must answer application/json")},
    {Code::MetadataResourceMismatch, S::Cause, 80, L("Resource metadata describes another resource"),
     L("the protected resource metadata's resource is not the URL it was fetched for (RFC 9728 §3.3)"),
     L("do not use it; fix the resource identifier on the server")},
    {Code::MetadataIssuerMismatch, S::Cause, 80, L("Authorization server metadata names another issuer"),
     L("the metadata's issuer is not the issuer it was fetched for (RFC 8414 §3.3, OpenID Discovery §4.3)"),
     L("do not use it; fix the issuer on the server")},
    {Code::MetadataNoAuthorizationServers, S::Hint, 40, L("Resource metadata names no authorization server"),
     L("the protected resource metadata has no authorization_servers (RFC 9728 §2)"),
     L("ask the API which authorization server issues its tokens")},
    {Code::OAuthExpiredToken, S::Cause, 85, L("Device code expired (expired_token)"),
     L("RFC 8628: the device code expired before the user approved the sign-in"),
     L("start the device sign-in again and approve it in time")},
    {Code::OAuthAccessDenied, S::Cause, 85, L("Sign-in refused (access_denied)"),
     L("the user (or a policy) denied the authorization request: in the browser sign-in (RFC 6749 §4.1.2.1) or "
       "on the device approval page (RFC 8628 §3.5)"),
     L("sign in again and approve; check the account's access")},
    {Code::OAuthStateMismatch, S::Cause, 92, L("Redirect with a foreign state"),
     L("the redirect's state is not the one this sign-in sent: a forged or stale redirect (RFC 6749 §10.12)"),
     L("start the sign-in again from Authlens; close older sign-in tabs")},
    {Code::OAuthRedirectUriRefused, S::Cause, 85, L("Redirect URI refused"),
     L("the authorization server does not accept the redirect URI (not registered, or another port)"),
     L("register http://127.0.0.1/callback with any port (RFC 8252 §7.3), or set the registered URI")},
    {Code::OAuthAuthorizationError, S::Cause, 75, L("Authorization request refused"),
     L("the authorization endpoint redirected back with an error (invalid_request, unauthorized_client, "
       "server_error …) or an iss that is not the server's (RFC 9207)"),
     L("read the error; check client id, scopes and response type")},
    {Code::OAuthNoCallback, S::Likely, 40, L("No sign-in redirect arrived"),
     L("the browser never came back to the loopback redirect: the sign-in was abandoned, or the server showed an "
       "error page instead of redirecting"),
     L("look at the browser tab; check the redirect URI and the client id")},
    {Code::OidcNonceMismatch, S::Cause, 90, L("ID token nonce mismatch"),
     L("the ID token's nonce is not the one this sign-in sent: a replayed or injected token (OIDC Core §3.1.3.7)"),
     L("sign in again; never reuse an ID token")},
    {Code::OidcAtHashMismatch, S::Cause, 88, L("ID token at_hash mismatch"),
     L("at_hash does not match the access token issued with it (OIDC Core §3.1.3.8)"),
     L("sign in again; report a server that mixes tokens")},
    {Code::OidcIdTokenValid, S::Info, 5, L("ID token valid"),
     L("the ID token's signature, iss, aud, expiry and nonce checked out"), L("—")},
    {Code::AwsSignatureMismatch, S::Cause, 88, L("AWS signature does not match"),
     L("AWS recomputed the Signature v4 and got another: the secret key, or a request changed after signing"),
     L("enter the right secret access key; send the request unchanged")},
    {Code::AwsCredentialScope, S::Cause, 90, L("Signed for the wrong AWS region or service"),
     L("the credential scope names a region or service this endpoint is not"),
     L("sign for the region and service AWS names")},
    {Code::AwsCredentialsInvalid, S::Cause, 86, L("AWS does not accept these credentials"),
     L("an unknown access key ID, temporary credentials without or with an expired session token"),
     L("enter a valid access key, or the session token of temporary credentials")},
    {Code::AwsPresignedExpired, S::Cause, 84, L("The presigned URL has expired"),
     L("a presigned URL (signature in the query) used after X-Amz-Date + X-Amz-Expires, or after the temporary "
       "credentials that signed it ended"),
     L("a new presigned URL, or signing each request with the access key")},
    {Code::AuthOk, S::Info, 0, L("Authenticated"), L("a 2xx answer: who you are authenticated as, until when"), L("—")},
};

} // namespace

const QList<CodeInfo>& catalog()
{
    return s_catalog;
}

const CodeInfo* codeInfo(QStringView code)
{
    for (const CodeInfo& info : s_catalog) {
        if (code == info.code)
            return &info;
    }
    return nullptr;
}

Finding makeFinding(QLatin1String code, int hop)
{
    Finding f;
    f.code = code;
    f.hop = hop;
    const CodeInfo* info = codeInfo(f.code);
    Q_ASSERT_X(info, "makeFinding", "code not in the catalog");
    if (info) {
        f.severity = info->severity;
        f.title = info->title;
    }
    return f;
}

} // namespace Authlens::Diagnosis
