#pragma once

// The browser half of the authorization code grant (RFC 6749 §4.1) with PKCE (RFC 7636) for native apps
// (RFC 8252): the authorization URL, the loopback redirect that receives the code, the checks of the
// callback (state, error answers, RFC 9207 iss), and the ID token checks of OpenID Connect. The token
// request itself is the token service's (TokenService.cpp); this file's pure functions are table-tested.
#include "diagnosis/Finding.h"
#include "http/Exchange.h"
#include "jwt/KeySet.h"
#include "workspace/WorkspaceError.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <memory>
#include <optional>

namespace Authlens::Workspace {

class LoopbackReceiver;

/// A PKCE pair (RFC 7636 §4.1, §4.2): the verifier stays in memory for the run, the challenge goes out.
struct Pkce
{
    QString verifier; ///< secret: 43 characters of base64url (32 random bytes)
    QString challenge; ///< BASE64URL(SHA256(verifier)), method S256
};

/// What the authorization request carries (RFC 6749 §4.1.1, RFC 7636 §4.3, OpenID Connect Core §3.1.2.1).
struct AuthorizationRequest
{
    QUrl endpoint;
    QString clientId;
    QUrl redirectUri;
    QStringList scopes;
    QString state; ///< an unguessable value bound to this run (RFC 6749 §10.12)
    QString nonce; ///< sent when the openid scope is asked for (OIDC Core §3.1.2.1)
    QString codeChallenge; ///< empty: no PKCE (the profile switched it off)
    QString audience;
    QStringList resources; ///< RFC 8707 §2
};

/// The outcome of reading the redirect's query (RFC 6749 §4.1.2, §4.1.2.1).
struct CallbackResult
{
    QString code; ///< secret; set when the callback is a usable authorization response
    /// Why it is not: the finding (oauth.access_denied, oauth.state_mismatch, oauth.invalid_scope,
    /// oauth.authorization_error, oauth.redirect_uri_refused …) and the error for the outcome.
    std::optional<Diagnosis::Finding> finding;
    Error error;
    QString page; ///< what the browser tab says (plain text, shown in a small HTML page)
    bool ok() const { return !code.isEmpty() && !error.isError(); }
};

/// What the ID token checks need (OpenID Connect Core §3.1.3.7).
struct IdTokenExpectations
{
    QString issuer; ///< empty: not pinned (a hint says so)
    QString clientId;
    QString nonce; ///< empty: no nonce was sent
    QString accessToken; ///< for at_hash (§3.1.3.8)
    qint64 now = 0;
    qint64 leewaySeconds = 60;
};

namespace AuthorizationCode {

/// A new PKCE pair from the system's CSPRNG (OpenSSL RAND_bytes) and SHA-256 (RFC 7636 §4.1, §4.2).
Pkce makePkce();
/// The S256 challenge of a verifier (RFC 7636 §4.2). Pure.
QString challengeFor(const QString& verifier);
/// 32 random bytes, base64url: for state and nonce.
QString randomValue();
/// The authorization URL: the endpoint's own query kept, then response_type=code, client_id,
/// redirect_uri, scope, state, code_challenge(+_method=S256), nonce, audience, resource. Pure.
QUrl authorizationUrl(const AuthorizationRequest& request);
/// The loopback redirect URI to listen on: the profile's (must be http on 127.0.0.1 or [::1], RFC 8252
/// §7.3, §8.3; "localhost" is refused, it may resolve elsewhere) or http://127.0.0.1:0/callback; port 0
/// (also a URI without a port) means any free port. A BadInput error when the profile's URI cannot be a
/// loopback redirect. Pure.
std::optional<QUrl> loopbackRedirect(const QString& configured, Error* error);
/// Reads the redirect's query: the code, or the error the server sent, or a state that is not ours.
/// `expectedIssuer` (may be empty) is checked against RFC 9207's iss parameter when the server sends it.
/// The callback's hop (index 0 of the step) is what evidence points at. Pure.
CallbackResult readCallback(const QUrlQuery& query, const QString& expectedState, const QString& expectedIssuer);
/// The finding of a flow nobody completed in time (oauth.no_callback): the user abandoned it, or the
/// server refused the redirect URI or the client and showed an error page in the browser instead of
/// redirecting (RFC 6749 §4.1.2.1). Pure.
Diagnosis::Finding noCallbackFinding(const QUrl& authorizationUrl, int timeoutSeconds);
/// The ID token checks (OpenID Connect Core §3.1.3.7, §3.1.3.8): signature with `keys` (empty set:
/// unverified, a hint — the token came straight from the token endpoint over the run's connection, which
/// §3.1.3.7 item 6 allows), iss, aud (and azp), exp, iat, nonce, at_hash. Findings: token.signature,
/// token.issuer, token.audience, token.expired, oidc.nonce_mismatch, oidc.at_hash_mismatch, and
/// oidc.id_token_valid (info) when all hold. Pure.
QList<Diagnosis::Finding> checkIdToken(const QString& idToken, const IdTokenExpectations& expected,
                                       const Jwt::KeySet& keys, const QString& keysSource);
/// at_hash of an access token for a JWS alg (OIDC Core §3.1.3.6): the left half of the hash that fits
/// the alg (SHA-256 for *256, SHA-384, SHA-512), base64url. Empty for an alg it does not know. Pure.
QString atHash(const QString& accessToken, const QString& alg);
/// True when one of the findings says the ID token must not be trusted (severity cause).
bool idTokenRejected(const QList<Diagnosis::Finding>& findings);

} // namespace AuthorizationCode

/// One browser sign-in: listens on the loopback redirect, announces the authorization URL, waits for the
/// callback (or the timeout, or stop()), checks it, and answers the browser tab with a page that says
/// what happened. One use; delete it (deleteLater) when done.
class AuthorizationCodeFlow final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthorizationCodeFlow)
public:
    explicit AuthorizationCodeFlow(QObject* parent = nullptr);
    ~AuthorizationCodeFlow() override;

    /// Starts listening at `redirect` (port 0: any free port; the request's redirectUri is then set to
    /// the real one), builds the URL and emits urlReady() from the event loop. False with `error` when
    /// the port cannot be bound.
    bool start(AuthorizationRequest request, const QUrl& redirect, const QString& expectedIssuer, int timeoutSeconds,
               Error* error);
    /// Stops listening; no signal follows.
    void stop();
    QUrl authorizationUrl() const { return m_url; }
    QUrl redirectUri() const { return m_request.redirectUri; }

Q_SIGNALS:
    void urlReady(const QUrl& url, const QUrl& redirectUri);
    /// The callback arrived (`callback` records it as a hop: the request the browser made and the page it
    /// got), or the wait timed out (`timedOut`, no hop).
    void finished(const Authlens::Workspace::CallbackResult& result, const Authlens::Http::Exchange& callback,
                  bool timedOut);

private:
    AuthorizationRequest m_request;
    QString m_expectedIssuer;
    QUrl m_url;
    int m_timeoutSeconds = 0;
    std::unique_ptr<LoopbackReceiver> m_receiver;
    QTimer m_timeout;
    bool m_done = false;
};

} // namespace Authlens::Workspace
