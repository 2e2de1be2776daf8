#pragma once

#include "http/Exchange.h"
#include "http/SecretPolicy.h"

#include <QHash>
#include <QList>
#include <QNetworkProxy>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>

#include <functional>
#include <optional>

namespace Authlens::Http {

/// Scheme, host and effective port: the unit credentials are bound to.
struct Origin
{
    QString scheme;
    QString host;
    int port = -1;

    static Origin fromUrl(const QUrl& url);
    bool isValid() const { return !scheme.isEmpty() && !host.isEmpty() && port > 0; }
    QString toString() const; ///< "https://api.example.com:443"
    friend bool operator==(const Origin&, const Origin&) = default;
};

/// The Host header a request to `url` carries: the host ([…] for IPv6) and the port unless it is the scheme's
/// default. What the transport writes, so what a signature over the Host header must cover.
QByteArray hostHeaderValue(const QUrl& url);

/// A valid http or https URL with a host (the scheme in any case): something a request can go to. Every reader of
/// a URL from outside (metadata documents, imported files, a finding's parameters) checks it with this.
bool isHttpUrl(const QUrl& url);

/// A secret placed on the request by an auth method or by the user. The client places it only on
/// hops whose origin may receive it and records every hop where it was withheld.
struct Credential
{
    enum class Place { Header, Query };
    Place place = Place::Header;
    QByteArray name; ///< header name, or query parameter name
    QByteArray value;
    QString label; ///< "Basic credentials", "API key" — what the user configured
    /// Recorded in the hop's ledger: Auth::applyTo sets Profile, promoteCredentialHeaders UserHeader,
    /// the client UrlUserInfo for user:password@ in the URL, a challenge responder ChallengeAnswer.
    CredentialSource source = CredentialSource::Profile;

    friend bool operator==(const Credential&, const Credential&) = default;
};

/// A credential to retry a challenged request with, and what the ledger says about it.
struct ChallengeAnswer
{
    Credential credential;
    QString note; ///< "Answered the Digest challenge (realm …, SHA-256, qop auth)"
};

/// Answers a 401 with a new credential (Digest plugs in here, so http knows no scheme). Called with
/// the challenged hop, the request body (for Digest auth-int) and how many answers this exchange has
/// already given; nothing stops the exchange at the 401, which stays recorded as it is.
using ChallengeResponder
    = std::function<std::optional<ChallengeAnswer>(const Hop& challenged, const QByteArray& body, int answersGiven)>;

/// Makes the DPoP proof (RFC 9449 §4) of one hop: for its method and URL, with the nonce the hop's origin
/// gave (empty: none known yet). Returns the compact JWS, or an empty array with the reason in `error`.
/// Each hop gets a fresh proof (its own jti, iat, htu and nonce), hence a function and not a header.
using DpopProver
    = std::function<QByteArray(const QByteArray& method, const QUrl& url, const QByteArray& nonce, QString* error)>;

/// Signs each hop as it is about to go out (AWS Signature v4 plugs in here, so http knows no scheme). `sign`
/// gets the hop's method, URL (query credentials placed), every header it carries (Host first) and its body,
/// and returns the headers to add, replacing any of the same name; an empty list with `error` set when it
/// cannot sign. Only asked for hops to origins allowed to receive credentials; elsewhere the hop records its
/// Authorization as withheld. Each hop is signed anew: a redirect changes what is signed.
struct RequestSigner
{
    std::function<HeaderList(const QByteArray& method, const QUrl& url, const HeaderList& headers,
                             const QByteArray& body, QString* error)>
        sign;
    QString label; ///< for the hop's ledger: "AWS Signature v4 (AKID…, us-east-1/execute-api)"
    explicit operator bool() const { return bool(sign); }
};

/// How the connection is made: extra trust, the client's TLS identity, the proxy. Qt Network value types.
struct TransportOptions
{
    /// Trusted besides the system store (a profile's extra CA bundle, curl --cacert).
    QList<QSslCertificate> extraCaCertificates;
    /// The TLS client identity (mutual TLS). A credential: presented only to origins allowed to
    /// receive credentials; elsewhere the hop records it as withheld.
    QSslCertificate clientCertificate;
    QSslKey clientKey;
    /// Unset: the application's proxy settings (the system's: http_proxy, https_proxy, no_proxy).
    /// NoProxy, HttpProxy or Socks5Proxy with optional user and password otherwise.
    std::optional<QNetworkProxy> proxy;

    bool hasClientIdentity() const { return !clientCertificate.isNull() && !clientKey.isNull(); }
};

/// "http://proxy.example:3128" (user info left out), or an empty string for no explicit proxy.
QString proxyDisplay(const QNetworkProxy& proxy);

/// What to send. A value type: the GUI composer and the CLI build one, HttpClient sends it.
struct RequestSpec
{
    QByteArray method = "GET";
    QUrl url;
    HeaderList headers; ///< user headers; Authorization/Proxy-Authorization/Cookie here become credentials
    QByteArray body;
    QList<Credential> credentials;

    QList<Origin> allowedOrigins; ///< besides the first URL's origin
    bool locationTrusted = false; ///< curl --location-trusted: send credentials to every origin
    ChallengeResponder challengeResponder; ///< only asked for hops from origins allowed to receive credentials
    int maxChallengeAnswers = 2; ///< Digest: the answer, and one retry after stale=true

    bool followRedirects = true;
    int maxRedirects = 20;
    int connectTimeoutMs = 15000; ///< until the request is written (TCP + TLS)
    int totalTimeoutMs = 120000; ///< the whole exchange, 0 = none
    /// Once the request is written: no byte of the answer for this long ends the hop with IdleTimeout, whatever
    /// the total timeout (a server that stalls, or drips a byte at a time); 0 = none.
    int idleTimeoutMs = 30000;
    bool ignoreTlsErrors = false; ///< explicit per-profile switch; errors are still recorded
    /// False: no jar cookie is placed (the "Resend without cookies" fix); each jar cookie that would have
    /// gone out is recorded as withheld by the user's choice (CookieSendStatus::UserPreferences).
    bool sendJarCookies = true;
    TransportOptions transport;
    qint64 spillThreshold = 8 * 1024 * 1024; ///< bodies larger than this go to a temporary file
    /// DPoP (RFC 9449): when set, every hop to an origin allowed to receive credentials carries a fresh proof
    /// in the DPoP header (a credential: withheld at an origin change like Authorization). A 401 with
    /// WWW-Authenticate error="use_dpop_nonce" (§9) or a 400 {"error":"use_dpop_nonce"} (§8) that carries a
    /// DPoP-Nonce is sent again once, with a proof holding that nonce, as a new hop of the same exchange.
    DpopProver dpopProver;
    RequestSigner requestSigner; ///< see RequestSigner
    /// The DPoP nonces known per origin (Origin::toString()) before this request: HttpClient keeps the last
    /// nonce every origin sent (§8.2, §9) and gives it to the next request of the session.
    QHash<QString, QByteArray> dpopNonces;

    /// Moves the headers the secret policy calls credentials out of `headers` into `credentials`
    /// (source UserHeader): a header the user typed is bound to origins like any other credential
    /// (DESIGN.md §6: an Authorization given with -H counts as a credential; so do X-Client-Token,
    /// Api-Token, X-Shopify-Access-Token …). The policy is SecretPolicy::forSpec(*this), so a header
    /// named like the profile's API key counts too.
    void promoteCredentialHeaders();
    void promoteCredentialHeaders(const SecretPolicy& policy);
};

} // namespace Authlens::Http
