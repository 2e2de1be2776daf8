#pragma once

#include "http/CookieExplainer.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QNetworkCookie>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

class QTemporaryFile;

namespace Authlens::Http {

/// Header fields in the order they were sent or received, duplicates kept.
using Header = QPair<QByteArray, QByteArray>;
using HeaderList = QList<Header>;

/// All values of a header field (case-insensitive name), in order.
QList<QByteArray> headerValues(const HeaderList& headers, QByteArrayView name);
/// The first value of a header field, or a null QByteArray.
QByteArray headerValue(const HeaderList& headers, QByteArrayView name);
bool hasHeader(const HeaderList& headers, QByteArrayView name);

/// An HTML page rather than the JSON or form an API answers with: a media type naming HTML (text/html,
/// application/xhtml+xml) or a body that starts like a page (<!doctype html>, <html>, <head>, <body>).
/// Login pages, portals and proxies' error pages where a token endpoint or API was expected.
bool looksLikeHtml(QByteArrayView body, QByteArrayView contentType);
void removeHeader(HeaderList& headers, QByteArrayView name);

/// A response body. Small bodies stay in memory; past the client's spill threshold the
/// body goes to a temporary file that lives as long as any copy of the Body.
class Body
{
public:
    Body() = default;
    static Body fromBytes(QByteArray bytes);
    static Body fromFile(std::shared_ptr<QTemporaryFile> file, qint64 size);

    qint64 size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    bool isSpilled() const { return m_file != nullptr; }
    QString filePath() const;
    /// The first `maxBytes` bytes (all of it for in-memory bodies when maxBytes < 0).
    QByteArray head(qint64 maxBytes = -1) const;
    /// The whole body; reads the spill file. Callers that may see huge bodies use head().
    QByteArray readAll() const;

private:
    QByteArray m_bytes;
    std::shared_ptr<QTemporaryFile> m_file;
    qint64 m_size = 0;
};

struct RequestRecord
{
    QByteArray method;
    QUrl url;
    HeaderList headers; ///< every header as handed to the transport, plus Host and Content-Length
    qint64 bodySize = 0;
    QByteArray body; ///< the request body (empty for none); HAR's postData
    QString proxy; ///< "http://proxy:3128" when the hop went through an explicit proxy, else empty
    bool clientCertificate = false; ///< the TLS client certificate was offered on this hop
};

struct ResponseRecord
{
    bool received = false; ///< false when the hop failed before a status line arrived
    int status = 0;
    QByteArray reason;
    QByteArray httpVersion; ///< "1.1", "2"
    HeaderList headers;
    Body body;
};

/// Where a credential of a request came from (the ledger's "source").
enum class CredentialSource {
    Profile, ///< the profile's (or the command line's) auth method: Basic, Bearer, API key, cookies
    UserHeader, ///< a header the user typed that the secret policy calls a credential
    CookieJar, ///< a cookie from the jar (set by an earlier response)
    ChallengeAnswer, ///< the client's answer to a challenge (Digest)
    UrlUserInfo, ///< user:password@ in the URL
    Recorded, ///< read from a recorded request (a HAR entry): the origin of the value is unknown
};
/// "profile", "user_header", "cookie_jar", "challenge_answer", "url_userinfo", "recorded".
QString credentialSourceName(CredentialSource source);
/// The source of one of those names; `fallback` for any other text (an exported file is outside input).
CredentialSource credentialSourceFromName(QStringView name, CredentialSource fallback = CredentialSource::Recorded);

/// Where on a request a credential goes.
enum class CredentialPlace { Header, Query, Cookie, TlsClientCertificate };
/// "header", "query", "cookie", "tls_client_certificate".
QString credentialPlaceName(CredentialPlace place);
/// The place of one of those names; Header for any other text.
CredentialPlace credentialPlaceFromName(QStringView name);

/// A credential the client placed on a hop: the ledger's "sent" column (DESIGN.md §4).
struct Placed
{
    QByteArray name; ///< header name, query parameter name, cookie name, or "TLS client certificate"
    CredentialPlace place = CredentialPlace::Header;
    CredentialSource source = CredentialSource::Profile;
    QString label; ///< "Basic credentials", "API key", "X-Client-Token header"
    QStringList boundTo; ///< the origins it may go to ("https://api.example.com:443"); "*" = every origin
};

/// A credential the client did not place on a hop, and why.
struct Withheld
{
    QByteArray name; ///< header name ("Authorization"), "Cookie", or "?name" for a query parameter
    QString reason;
    CredentialSource source = CredentialSource::Profile;
};

struct Timing
{
    QDateTime started; ///< UTC
    double connectMs = -1; ///< until the request was written (connection + TLS), -1 if unknown
    double ttfbMs = -1; ///< until the status line and headers arrived
    double totalMs = -1; ///< until the body was complete or the hop failed
};

struct CertificateSummary
{
    QString subject;
    QString issuer;
    QStringList subjectAltNames;
    QDateTime notBefore;
    QDateTime notAfter;
    QString sha256; ///< hex fingerprint
    bool selfSigned = false;
};

struct TlsInfo
{
    bool used = false;
    QString protocol;
    QString cipher;
    QList<CertificateSummary> peerChain;
    QStringList errors; ///< every SSL error the transport reported
    /// The TLS versions the client offered ("TLS 1.2", "TLS 1.3"); empty when unknown (another tool's HAR).
    QStringList offeredProtocols;
    bool errorsIgnored = false; ///< the profile's explicit "ignore TLS errors" switch was on
};

struct CookieRecord
{
    QList<QNetworkCookie> sent; ///< jar cookies placed on this hop
    QList<QNetworkCookie> received; ///< parsed from Set-Cookie
    QStringList rejected; ///< Set-Cookie values the jar refused, with the reason
    /// The cookie explainer: every cookie the jar held when this request went out, sent or the rule that
    /// withheld it. Recorded by the client (and by diagnoseHar()'s replay of a browser's jar); empty when
    /// the jar was empty or unknown.
    QList<JarCookieVerdict> jar;
    /// Every Set-Cookie field of the response, in order: stored, deleted (expired) or why it was rejected.
    QList<SetCookieVerdict> setCookies;
};

enum class ErrorKind {
    None,
    Cancelled,
    ConnectTimeout,
    TotalTimeout,
    IdleTimeout, ///< connected, but no byte arrived for RequestSpec::idleTimeoutMs (a stalled or dripping server)
    ConnectionRefused,
    HostNotFound,
    RemoteClosed,
    Tls,
    Proxy, ///< the proxy refused, closed, timed out or wants credentials (407)
    TooManyRedirects,
    RedirectLoop,
    InvalidRedirect,
    InvalidRequest,
    BodyStorage,
    /// Qt could not read the answer as HTTP, or its framing is invalid: Content-Length values that differ,
    /// or Content-Length together with Transfer-Encoding (RFC 9112 §6.3).
    Protocol,
    /// The connection ended before the body was complete (RFC 9112 §8: the message is incomplete): fewer
    /// bytes than its Content-Length announced, or a chunked body closed before its last chunk (RFC 9112
    /// §7.1). On plain-http hops (through the client's framing relay) this is an orderly close (FIN); a reset
    /// is ConnectionReset. Through TLS or a proxy Qt cannot tell a close from a reset, and this covers both.
    /// Status, headers and the bytes that arrived are kept.
    TruncatedBody,
    /// The server reset the connection (TCP RST) before its answer was complete, also inside a body that
    /// has no Content-Length and ends with the connection (which a close would have completed). Seen on
    /// plain-http hops, where the framing relay reads the socket itself (Qt maps ECONNRESET to the same
    /// error as an orderly close). Status, headers and the bytes that arrived are kept.
    ConnectionReset,
    /// The chunked transfer coding broke its grammar (RFC 9112 §7.1): a chunk size that is not hexadecimal,
    /// chunk data longer than its size (no CRLF where it must end), a malformed chunk extension. Qt ends
    /// the body quietly there; the status, headers and the body as Qt decoded it are kept, and the message
    /// names the byte offset in the body as sent and what was wrong. Plain-http hops only (framing relay).
    InvalidChunkedEncoding,
    /// The server spoke first, and not HTTP (an SSH or SMTP banner): another protocol listens on that port
    /// (RFC 9112 §4: an HTTP/1.1 answer starts with a status line, and only after a request). The bytes it
    /// sent are kept as the hop's body.
    NotHttp,
    Network,
};

QString errorKindName(ErrorKind kind); ///< stable machine name, e.g. "connect_timeout"
/// The same in words for people, e.g. "Connection timed out" (the GUI and the findings headline).
QString errorKindText(ErrorKind kind);

struct Error
{
    ErrorKind kind = ErrorKind::None;
    QString message;
    bool isError() const { return kind != ErrorKind::None; }
};

struct Hop
{
    RequestRecord request;
    ResponseRecord response;
    QList<Placed> placed; ///< credentials the client put on this request
    QList<Withheld> withheld;
    /// True when `placed`/`withheld` were recorded by a client that keeps the ledger (Authlens, or an
    /// Authlens HAR); false for a recorded request of another tool, whose credentials the diagnosis reads
    /// from the headers through the secret policy.
    bool ledgerRecorded = false;
    Timing timing;
    TlsInfo tls;
    CookieRecord cookies;
    QString note; ///< why the client made this hop when it was not a redirect (e.g. a Digest answer)
    Error error; ///< set when this hop failed
};

/// Everything that happened for one request: every hop including redirects the client followed.
struct Exchange
{
    QList<Hop> hops;
    Error error;
    bool hasResponse() const;
    /// The last hop that received a response, or nullptr.
    const Hop* finalResponseHop() const;
    int finalStatus() const; ///< 0 without a response
};

} // namespace Authlens::Http
