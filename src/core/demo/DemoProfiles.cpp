#include "DemoProfiles.h"

#include "DemoAws.h"

#include "DemoAuthorize.h"
#include "DemoClientAssertion.h"
#include "DemoServer.h"
#include "jwt/PrivateKey.h"

namespace Authlens::Demo {

namespace {

Profiles::SavedRequest request(const QString& name, const QString& url, const QByteArray& method = "GET")
{
    Profiles::SavedRequest saved;
    saved.name = name;
    saved.method = method;
    saved.url = url;
    return saved;
}

/// The demo authority's OAuth 2 client as most demo profiles use it: the demo's token endpoint, issuer
/// and audience, the two scopes, and the Profile and Orders requests. Each profile then sets what makes
/// it the case it shows.
Profiles::Profile oauthProfile(const QString& base, const QString& id, const QString& name, const QString& grantType,
                               const QString& clientId, Auth::ClientAuth clientAuth)
{
    Profiles::Profile p;
    p.id = id;
    p.name = name;
    p.baseUrl = base;
    p.auth.method = Auth::Method::OAuth2;
    Auth::OAuthSettings& oauth = p.auth.oauth;
    oauth.grantType = grantType;
    oauth.tokenEndpoint = base + QStringLiteral("/oauth/token");
    oauth.clientId = clientId;
    oauth.clientAuth = clientAuth;
    oauth.scopes = {QStringLiteral("profile:read"), QStringLiteral("orders:read")};
    p.expectedIssuer = base;
    p.expectedAudiences = {DemoServer::audience()};
    p.requests = {request(QStringLiteral("Profile"), QStringLiteral("/api/profile")),
                  request(QStringLiteral("Orders"), QStringLiteral("/api/orders"))};
    return p;
}

} // namespace

QList<Profiles::Profile> demoProfiles(const DemoServer& server)
{
    const QString base = server.baseUrl().toString();
    QList<Profiles::Profile> profiles;

    {
        Profiles::Profile p;
        p.id = QStringLiteral("demo-basic");
        p.name = QStringLiteral("Demo · Basic");
        p.description = QStringLiteral("HTTP Basic with the demo credentials (%1 / %2). /basic/resource answers "
                                       "200; /forbidden shows a 403 that no credentials fix; the cross-origin "
                                       "redirect shows Authorization withheld at the origin change.")
                            .arg(DemoServer::basicUser(), DemoServer::basicPassword());
        p.baseUrl = base;
        p.auth.method = Auth::Method::Basic;
        p.auth.username = DemoServer::basicUser();
        p.sessionSecrets.password = DemoServer::basicPassword();
        p.requests = {request(QStringLiteral("Basic resource"), QStringLiteral("/basic/resource")),
                      request(QStringLiteral("Forbidden (403)"), QStringLiteral("/forbidden")),
                      request(QStringLiteral("Cross-origin redirect"), QStringLiteral("/redirect/cross-origin"))};
        profiles.append(p);
    }
    {
        Profiles::Profile p;
        p.id = QStringLiteral("demo-basic-wrong-password");
        p.name = QStringLiteral("Demo · Basic (wrong password)");
        p.description = QStringLiteral("HTTP Basic with a wrong password: the server answers 401 with a Basic "
                                       "challenge, and Authlens explains that well-formed credentials were refused.");
        p.baseUrl = base;
        p.auth.method = Auth::Method::Basic;
        p.auth.username = DemoServer::basicUser();
        p.sessionSecrets.password = QStringLiteral("wrong-password");
        p.requests = {request(QStringLiteral("Basic resource"), QStringLiteral("/basic/resource"))};
        profiles.append(p);
    }
    {
        Profiles::Profile p;
        p.id = QStringLiteral("demo-bearer");
        p.name = QStringLiteral("Demo · Bearer (valid token)");
        p.description = QStringLiteral("A freshly minted RS256 access token (scopes profile:read orders:read, valid "
                                       "1 h). /api/profile and /api/orders answer 200; /api/admin answers 403 "
                                       "insufficient_scope because the token lacks scope admin.");
        p.baseUrl = base;
        p.auth.method = Auth::Method::Bearer;
        p.sessionSecrets.token = server.mintAccessToken(
            DemoServer::basicUser(), {QStringLiteral("profile:read"), QStringLiteral("orders:read")}, 3600);
        p.requests = {request(QStringLiteral("Profile"), QStringLiteral("/api/profile")),
                      request(QStringLiteral("Orders"), QStringLiteral("/api/orders")),
                      request(QStringLiteral("Admin (needs scope admin)"), QStringLiteral("/api/admin")),
                      request(QStringLiteral("Cross-origin redirect"), QStringLiteral("/redirect/cross-origin"))};
        profiles.append(p);
    }
    {
        Profiles::Profile p;
        p.id = QStringLiteral("demo-bearer-expired");
        p.name = QStringLiteral("Demo · Bearer (expired token)");
        p.description = QStringLiteral("An access token that expired two hours ago: the API answers 401 "
                                       "error=\"invalid_token\", and the token's exp claim shows why.");
        p.baseUrl = base;
        p.auth.method = Auth::Method::Bearer;
        p.sessionSecrets.token = server.mintAccessToken(
            DemoServer::basicUser(), {QStringLiteral("profile:read"), QStringLiteral("orders:read")}, -2 * 3600);
        p.requests = {request(QStringLiteral("Profile"), QStringLiteral("/api/profile"))};
        profiles.append(p);
    }
    {
        // Issue 10's one click: the 401 of an expired token, explained, and fixed by the token service.
        Profiles::Profile p = oauthProfile(
            base, QStringLiteral("demo-oauth-expired"), QStringLiteral("Demo · OAuth 2 (expired token, refresh works)"),
            QStringLiteral("password"), DemoServer::clientId(), Auth::ClientAuth::ClientSecretBasic);
        p.description
            = QStringLiteral("An OAuth 2 profile whose access token expired two hours ago and whose refresh "
                             "token works: /api/profile answers 401, the findings say why, and Refresh "
                             "token & resend (or authlens-cli send --refresh) gets a new token from the demo's "
                             "token endpoint and answers 200. The refresh token rotates; like every demo "
                             "secret it lives in memory, never in the keychain.");
        p.auth.username = DemoServer::basicUser(); // the password grant of "Get a new token"
        p.sessionSecrets.password = DemoServer::basicPassword();
        p.sessionSecrets.clientSecret = DemoServer::clientSecret();
        const QStringList scopes {QStringLiteral("profile:read"), QStringLiteral("orders:read")};
        p.sessionSecrets.token = server.mintAccessToken(DemoServer::basicUser(), scopes, -2 * 3600);
        p.sessionSecrets.refreshToken = server.mintRefreshToken(DemoServer::basicUser(), scopes);
        profiles.append(p);
    }
    {
        // Issue 11: client authentication with a key (RFC 7523 private_key_jwt). The demo's token endpoint
        // knows the public key; the private key lives in this profile's memory only.
        Profiles::Profile p = oauthProfile(
            base, QStringLiteral("demo-oauth-private-key-jwt"), QStringLiteral("Demo · OAuth 2 private_key_jwt client"),
            QStringLiteral("client_credentials"), DemoClientAssertion::keyClientId(), Auth::ClientAuth::PrivateKeyJwt);
        p.description
            = QStringLiteral(
                  "Client credentials with private_key_jwt (RFC 7523): every token request carries a client assertion "
                  "signed with the profile's EC P-256 key (ES256, kid %1), aud = the token endpoint, a 60 s lifetime "
                  "and a fresh jti. Get a new token: the transcript shows the assertion's claims (never its "
                  "signature); "
                  "/api/profile then answers 200.")
                  .arg(DemoClientAssertion::keyId());
        Auth::OAuthSettings& oauth = p.auth.oauth;
        oauth.assertionAlg = QStringLiteral("ES256");
        oauth.assertionKeyId = DemoClientAssertion::keyId();
        p.sessionSecrets.assertionKey = QString::fromLatin1(server.clientAssertionKeyPem());
        profiles.append(p);

        // The same client with a key the server never registered: invalid_client, and the finding says what
        // was sent (alg, kid, aud) and why such an assertion is refused.
        Profiles::Profile wrong = p;
        wrong.id = QStringLiteral("demo-oauth-private-key-jwt-wrong-key");
        wrong.name = QStringLiteral("Demo · OAuth 2 private_key_jwt (unregistered key)");
        wrong.description = QStringLiteral(
            "private_key_jwt signed with a key the demo's token endpoint does not know: Get a new token answers "
            "invalid_client, and the finding on the token step lists what the assertion said and the likely "
            "causes (key not registered or kid mismatch, wrong aud, clock skew, a replayed jti).");
        wrong.sessionSecrets.assertionKey
            = QString::fromLatin1(Jwt::PrivateKey::generate(QStringLiteral("ES256")).toPem());
        profiles.append(wrong);
    }
    {
        // client_secret_jwt (RFC 7523 with HMAC, OpenID Connect Core §9): the assertion is an HS256 JWS keyed
        // with the client secret, which itself never travels.
        Profiles::Profile p = oauthProfile(base, QStringLiteral("demo-oauth-client-secret-jwt"),
                                           QStringLiteral("Demo · OAuth 2 client_secret_jwt client"),
                                           QStringLiteral("client_credentials"), DemoClientAssertion::secretClientId(),
                                           Auth::ClientAuth::ClientSecretJwt);
        p.description = QStringLiteral(
            "Client credentials with client_secret_jwt: the client secret signs an HS256 client assertion "
            "instead of being sent. Get a new token shows the assertion's claims in the transcript.");
        Auth::OAuthSettings& oauth = p.auth.oauth;
        oauth.assertionAlg = QStringLiteral("HS256");
        p.sessionSecrets.clientSecret = DemoClientAssertion::secretClientSecret();
        p.requests = {request(QStringLiteral("Profile"), QStringLiteral("/api/profile"))};
        profiles.append(p);
    }
    {
        // Issue 11: DPoP (RFC 9449). No token yet: the first send gets one (refresh before sending), with
        // a proof made by a key generated on first use; both servers ask for their nonce once.
        Profiles::Profile p = oauthProfile(
            base, QStringLiteral("demo-oauth-dpop"), QStringLiteral("Demo · OAuth 2 with DPoP (RFC 9449)"),
            QStringLiteral("client_credentials"), DemoServer::clientId(), Auth::ClientAuth::ClientSecretBasic);
        p.description = QStringLiteral(
            "An OAuth 2 client_credentials profile with DPoP on: the token request carries a proof and gets a "
            "token bound to the profile's key (cnf.jkt, token_type DPoP); /dpop/resource wants Authorization: "
            "DPoP with a fresh proof for every request. Both the token endpoint (400) and the resource (401) "
            "answer use_dpop_nonce first: the client resends once with the DPoP-Nonce, a hop of its own.");
        Auth::OAuthSettings& oauth = p.auth.oauth;
        oauth.scopes = {QStringLiteral("profile:read")};
        oauth.dpop = true;
        oauth.dpopAlg = QStringLiteral("ES256");
        oauth.refreshBeforeSeconds = 60;
        p.sessionSecrets.clientSecret = DemoServer::clientSecret();
        p.requests = {request(QStringLiteral("DPoP resource"), QStringLiteral("/dpop/resource"))};
        profiles.append(p);
    }
    {
        // Issue 11: the device authorization grant (RFC 8628) with a public client, as a TV or a CLI signs in.
        Profiles::Profile p = oauthProfile(
            base, QStringLiteral("demo-oauth-device"), QStringLiteral("Demo · OAuth 2 device sign-in (RFC 8628)"),
            QStringLiteral("device_code"), QStringLiteral("authlens-device"), Auth::ClientAuth::None);
        p.description
            = QStringLiteral("A public client that signs in with the device authorization grant: it has no token, so "
                             "/api/profile answers 401; Get a new token shows a code and a QR code, you approve it "
                             "on the demo's /device page (the link opens it), and the token service polls until "
                             "the token arrives, then resends.");
        Auth::OAuthSettings& oauth = p.auth.oauth;
        oauth.deviceAuthorizationEndpoint = base + QStringLiteral("/oauth/device_authorization");
        profiles.append(p);
    }
    {
        // Issue 11: a browser sign-in. No token yet: the 401 offers "Get a new token", which opens the demo's
        // consent page in the browser and receives the code on a loopback redirect.
        Profiles::Profile p = oauthProfile(base, QStringLiteral("demo-oauth-code"),
                                           QStringLiteral("Demo · OAuth 2 sign-in (authorization code + PKCE)"),
                                           QStringLiteral("authorization_code"), DemoAuthorize::publicClientId(),
                                           Auth::ClientAuth::None);
        p.description = QStringLiteral(
            "A public client that signs in through the browser: the authorization code grant with PKCE (RFC 7636) "
            "and a loopback redirect on 127.0.0.1 (RFC 8252). /api/profile answers 401 until you get a token; "
            "approve on the demo's consent page and the ID token (openid) is checked against the demo's JWKS. "
            "Deny shows oauth.access_denied. Also: authlens-cli login --profile demo-oauth-code.");
        Auth::OAuthSettings& oauth = p.auth.oauth;
        oauth.authorizationEndpoint = base + QStringLiteral("/authorize");
        oauth.issuer = base;
        oauth.scopes = {QStringLiteral("openid"), QStringLiteral("profile:read"), QStringLiteral("orders:read")};
        profiles.append(p);
    }
    {
        Profiles::Profile p;
        p.id = QStringLiteral("demo-apikey");
        p.name = QStringLiteral("Demo · API key");
        p.description = QStringLiteral("An API key in the X-API-Key header. The cross-origin redirect shows the key "
                                       "withheld at the origin change, which curl and most clients do not do.");
        p.baseUrl = base;
        p.auth.method = Auth::Method::ApiKey;
        p.auth.apiKeyName = QStringLiteral("X-API-Key");
        p.auth.apiKeyPlace = Auth::ApiKeyPlace::Header;
        p.sessionSecrets.apiKey = DemoServer::apiKey();
        p.requests = {request(QStringLiteral("API key resource"), QStringLiteral("/apikey/resource")),
                      request(QStringLiteral("Cross-origin redirect"), QStringLiteral("/redirect/cross-origin"))};
        profiles.append(p);
    }
    // AWS Signature v4 against the demo's IAM-protected resource (an API Gateway look-alike, DemoAws): one
    // profile that works, one signed for the wrong service, whose finding's fix signs for the right one.
    for (const bool wrongService : {false, true}) {
        Profiles::Profile p;
        p.id = wrongService ? QStringLiteral("demo-aws-wrong-service") : QStringLiteral("demo-aws");
        p.name = wrongService ? QStringLiteral("Demo · AWS Signature v4 (wrong service)")
                              : QStringLiteral("Demo · AWS Signature v4");
        p.description = wrongService
            ? QStringLiteral("Signed for the service \"lambda\" where the API is \"execute-api\": AWS answers 403 "
                             "\"Credential should be scoped to correct service\", and the finding's fix signs for the "
                             "right service and sends again.")
            : QStringLiteral("Each request is signed with AWS Signature Version 4 just before it goes out (access "
                             "key %1, us-east-1/execute-api), as API Gateway's IAM authorization requires.")
                  .arg(DemoAws::accessKeyId());
        p.baseUrl = base;
        p.auth.method = Auth::Method::AwsSigV4;
        p.auth.username = DemoAws::accessKeyId();
        p.auth.aws = {DemoAws::region(), wrongService ? QStringLiteral("lambda") : DemoAws::service()};
        p.sessionSecrets.password = DemoAws::secretAccessKey();
        Profiles::SavedRequest post
            = request(QStringLiteral("Signed POST"), QStringLiteral("/aws/resource?id=7"), "POST");
        post.contentType = QStringLiteral("application/json");
        post.body = QByteArrayLiteral("{\"name\": \"Ada\"}");
        p.requests = {request(QStringLiteral("Signed resource"), QStringLiteral("/aws/resource")), post};
        profiles.append(p);
    }
    {
        Profiles::Profile p;
        p.id = QStringLiteral("demo-cookie-session");
        p.name = QStringLiteral("Demo · Cookie session");
        p.description = QStringLiteral("A cookie session: without the session cookie /session/resource redirects "
                                       "to the login page; posting the login form sets demo_session.");
        p.baseUrl = base;
        p.auth.method = Auth::Method::None;
        Profiles::SavedRequest login
            = request(QStringLiteral("Log in (form post)"), QStringLiteral("/session/login"), "POST");
        login.contentType = QStringLiteral("application/x-www-form-urlencoded");
        login.body = QByteArrayLiteral("user=") + QUrl::toPercentEncoding(DemoServer::basicUser())
            + QByteArrayLiteral("&password=") + QUrl::toPercentEncoding(DemoServer::basicPassword())
            + QByteArrayLiteral("&next=%2Fsession%2Fresource");
        p.requests = {request(QStringLiteral("Session resource"), QStringLiteral("/session/resource")),
                      request(QStringLiteral("Login page"), QStringLiteral("/session/login")), login,
                      request(QStringLiteral("Log out"), QStringLiteral("/session/logout")),
                      // The cookie explainer's case: a cookie withheld by its Path, one refused for its Domain.
                      request(QStringLiteral("Scoped cookies"), QStringLiteral("/cookies/scoped"))};
        profiles.append(p);
    }
    {
        Profiles::Profile p;
        p.id = QStringLiteral("demo-no-auth");
        p.name = QStringLiteral("Demo · No auth");
        p.description = QStringLiteral("No credentials: see each challenge the demo API sends, a 401 without a "
                                       "challenge, a 429, redirects, discovery metadata and the JWKS.");
        p.baseUrl = base;
        p.auth.method = Auth::Method::None;
        p.requests
            = {request(QStringLiteral("Index of endpoints"), QStringLiteral("/")),
               request(QStringLiteral("Basic resource (challenge)"), QStringLiteral("/basic/resource")),
               request(QStringLiteral("Bearer resource (challenge)"), QStringLiteral("/api/profile")),
               request(QStringLiteral("API key resource"), QStringLiteral("/apikey/resource")),
               request(QStringLiteral("401 without challenge"), QStringLiteral("/nochallenge")),
               request(QStringLiteral("Rate limited (429)"), QStringLiteral("/ratelimited")),
               request(QStringLiteral("Echo"), QStringLiteral("/echo")),
               request(QStringLiteral("Redirect chain"), QStringLiteral("/redirect/chain?n=3")),
               request(QStringLiteral("Redirect loop"), QStringLiteral("/redirect/loop")),
               request(QStringLiteral("OpenID configuration"), QStringLiteral("/.well-known/openid-configuration")),
               request(QStringLiteral("JWKS"), QStringLiteral("/.well-known/jwks.json")),
               request(QStringLiteral("Protected resource metadata"),
                       QStringLiteral("/.well-known/oauth-protected-resource")),
               request(QStringLiteral("1 MiB download"), QStringLiteral("/bytes?n=1048576"))};
        profiles.append(p);
    }
    for (Profiles::Profile& p : profiles) {
        p.demo = true; // built in: never saved to the profile store nor exported
        // Stable ids, as stored profiles have (ProfileJson's id syntax): the GUI keeps a draft and the last
        // response per request by id, across restarts too.
        for (qsizetype i = 0; i < p.requests.size(); ++i)
            p.requests[i].id = QStringLiteral("%1-%2").arg(p.id).arg(i + 1);
    }
    return profiles;
}

} // namespace Authlens::Demo
