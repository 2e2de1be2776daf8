#include "http/ExchangeRun.h"

#include "http/CookieJar.h"
#include "http/FramingRelay.h"

#include <QAuthenticator>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QUrlQuery>

#include <algorithm>

namespace Authlens::Http {

Q_LOGGING_CATEGORY(lcExchange, "authlens.http.exchange", QtWarningMsg)

namespace {

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_2:
        return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3:
        return QStringLiteral("TLS 1.3");
    case QSsl::DtlsV1_2:
        return QStringLiteral("DTLS 1.2");
    default:
        return QStringLiteral("other (%1)").arg(int(protocol));
    }
}

/// The versions a protocol setting lets the client offer. Qt 6 gives OpenSSL 3 a minimum of TLS 1.2 for
/// its default (SecureProtocols); OpenSSL 3 refuses TLS 1.0/1.1 at its default security level anyway.
QStringList offeredProtocols(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_2:
        return {QStringLiteral("TLS 1.2")};
    case QSsl::TlsV1_3:
    case QSsl::TlsV1_3OrLater:
        return {QStringLiteral("TLS 1.3")};
    default:
        return {QStringLiteral("TLS 1.2"), QStringLiteral("TLS 1.3")};
    }
}

CertificateSummary summarize(const QSslCertificate& cert)
{
    CertificateSummary s;
    s.subject = cert.subjectDisplayName();
    s.issuer = cert.issuerDisplayName();
    const auto alt = cert.subjectAlternativeNames();
    for (auto it = alt.cbegin(); it != alt.cend(); ++it)
        s.subjectAltNames.append(it.value());
    s.notBefore = cert.effectiveDate().toUTC();
    s.notAfter = cert.expiryDate().toUTC();
    s.sha256 = QString::fromLatin1(cert.digest(QCryptographicHash::Sha256).toHex(':'));
    s.selfSigned = cert.isSelfSigned();
    return s;
}

/// Qt adds Accept-Language itself when it is missing; we set the same value ourselves so the
/// recorded request is exactly what went out.
QByteArray defaultAcceptLanguage()
{
    QString locale = QLocale::system().name().replace(u'_', u'-');
    if (locale == u"C")
        return QByteArrayLiteral("en,*");
    if (locale.startsWith(u"en-"))
        return (locale + u",*").toLatin1();
    return (locale + u",en,*").toLatin1();
}

/// How long listenForBanner() waits for a server to speak first, and how much of it is kept. Servers of
/// other protocols (SSH, SMTP, FTP) greet at once on connect.
constexpr int kBannerWaitMs = 1000;
constexpr qint64 kBannerBytes = 4096;

/// The most of a response body QNAM holds for us at a time (QNetworkReply::setReadBufferSize).
constexpr qint64 kReadBufferBytes = 1024 * 1024;

bool isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

ErrorKind transportErrorKind(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
        return ErrorKind::ConnectionRefused;
    case QNetworkReply::HostNotFoundError:
        return ErrorKind::HostNotFound;
    case QNetworkReply::RemoteHostClosedError:
        return ErrorKind::RemoteClosed;
    case QNetworkReply::TimeoutError:
        return ErrorKind::ConnectTimeout;
    case QNetworkReply::OperationCanceledError:
        return ErrorKind::Cancelled;
    case QNetworkReply::SslHandshakeFailedError:
        return ErrorKind::Tls;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return ErrorKind::Proxy;
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::ProtocolFailure:
        return ErrorKind::Protocol;
    default:
        return ErrorKind::Network;
    }
}

/// A jar cookie in the ledger: bound by the cookie rules (domain or host, path, Secure), not by the
/// profile's origins, so "bound to" says its scope: "https://.example.com/api".
Placed jarCookiePlaced(const QNetworkCookie& cookie)
{
    const QString scope = (cookie.isSecure() ? QStringLiteral("https://") : QString()) + cookie.domain()
        + (cookie.path().isEmpty() ? QStringLiteral("/") : cookie.path());
    return {cookie.name(), CredentialPlace::Cookie, CredentialSource::CookieJar, QStringLiteral("Cookie from the jar"),
            QStringList {scope}};
}

/// Errors below 200 (connection, proxy, TLS: also when they cut a body short) and protocol failures
/// (a broken chunked body) are the transport's. The others only restate an HTTP status, which the
/// Exchange records as it is: QNAM turns every status from 400 up into a NetworkError, and 400 and 418
/// into ProtocolInvalidOperationError, which without a status line would be the transport's. So a 400
/// invalid_grant of a token endpoint is an answer (with findings), not a network failure (issue 10).
bool isTransportError(QNetworkReply::NetworkError e, bool statusReceived)
{
    const int code = int(e);
    if ((code > 0 && code < 200) || e == QNetworkReply::ProtocolFailure)
        return true;
    if (statusReceived)
        return false;
    return e == QNetworkReply::ProtocolUnknownError || e == QNetworkReply::ProtocolInvalidOperationError;
}

} // namespace

ExchangeRun::ExchangeRun(QNetworkAccessManager* network, CookieJar* jar, RequestSpec spec, FramingRelay* relay,
                         QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_relay(relay)
    , m_jar(jar)
    , m_spec(std::move(spec))
{
    m_connectTimer.setSingleShot(true);
    m_totalTimer.setSingleShot(true);
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, &ExchangeRun::onIdleTimeout);
    connect(&m_connectTimer, &QTimer::timeout, this, &ExchangeRun::onConnectTimeout);
    connect(&m_totalTimer, &QTimer::timeout, this, &ExchangeRun::onTotalTimeout);
}

ExchangeRun::~ExchangeRun()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ExchangeRun::start()
{
    m_spec.promoteCredentialHeaders();
    QUrl url = m_spec.url;
    if (!url.isValid() || url.host().isEmpty()) {
        finish({ErrorKind::InvalidRequest,
                QStringLiteral("Not a valid URL: %1").arg(url.toDisplayString(QUrl::RemoveUserInfo))});
        return;
    }
    const QString scheme = url.scheme().toLower();
    if (scheme != u"http" && scheme != u"https") {
        finish({ErrorKind::InvalidRequest,
                QStringLiteral("Only http and https URLs can be sent (this one is %1:)").arg(url.scheme())});
        return;
    }
    // user:password@ in the URL means Basic credentials, as in curl; they never stay in the URL
    // (QNAM would otherwise answer the challenge with them on its own).
    if (!url.userName().isEmpty()) {
        const QByteArray pair
            = url.userName(QUrl::FullyDecoded).toUtf8() + ':' + url.password(QUrl::FullyDecoded).toUtf8();
        m_spec.credentials.append({Credential::Place::Header, QByteArrayLiteral("Authorization"),
                                   "Basic " + pair.toBase64(), QStringLiteral("Basic credentials from the URL"),
                                   CredentialSource::UrlUserInfo});
        url.setUserInfo({});
        m_spec.url = url;
    }
    m_firstOrigin = Origin::fromUrl(url);
    // The ledger's "bound to": the origins every credential of this request may go to.
    if (m_spec.locationTrusted) {
        m_boundTo = {QStringLiteral("*")};
    } else {
        m_boundTo = {m_firstOrigin.toString()};
        for (const Origin& o : std::as_const(m_spec.allowedOrigins)) {
            if (!m_boundTo.contains(o.toString()))
                m_boundTo.append(o.toString());
        }
    }
    if (m_spec.totalTimeoutMs > 0)
        m_totalTimer.start(m_spec.totalTimeoutMs);
    startHop({m_spec.method.toUpper(), url, m_spec.body});
}

bool ExchangeRun::mayReceiveCredentials(const Origin& origin) const
{
    return m_spec.locationTrusted || origin == m_firstOrigin || m_spec.allowedOrigins.contains(origin);
}

bool ExchangeRun::answerProxyChallenge(QAuthenticator* authenticator)
{
    const std::optional<QNetworkProxy>& proxy = m_spec.transport.proxy;
    if (m_proxyCredentialsGiven || !proxy || proxy->user().isEmpty())
        return false;
    m_proxyCredentialsGiven = true;
    authenticator->setUser(proxy->user());
    authenticator->setPassword(proxy->password());
    // Qt answers the proxy's 407 on this hop with Proxy-Authorization: the proxy is what it is bound to.
    m_hop.placed.append({QByteArrayLiteral("Proxy-Authorization"), CredentialPlace::Header, CredentialSource::Profile,
                         QStringLiteral("Proxy credentials"), QStringList {proxyDisplay(*proxy)}});
    return true;
}

void ExchangeRun::applyTransport(QNetworkRequest& request, const QUrl& url, bool credentialsAllowed,
                                 const QString& withheldReason)
{
    const TransportOptions& transport = m_spec.transport;
    if (transport.proxy)
        m_hop.request.proxy = proxyDisplay(*transport.proxy);
    if (url.scheme().compare(u"https", Qt::CaseInsensitive) != 0)
        return;
    m_hop.tls.offeredProtocols = offeredProtocols(request.sslConfiguration().protocol());
    if (transport.extraCaCertificates.isEmpty() && !transport.hasClientIdentity())
        return;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    if (!transport.extraCaCertificates.isEmpty())
        tls.addCaCertificates(transport.extraCaCertificates);
    if (transport.hasClientIdentity()) {
        // The client certificate proves who the user is, like any other credential: only origins
        // allowed to receive credentials see it.
        const QByteArray name = QByteArrayLiteral("TLS client certificate");
        if (credentialsAllowed) {
            tls.setLocalCertificate(transport.clientCertificate);
            tls.setPrivateKey(transport.clientKey);
            m_hop.request.clientCertificate = true;
            m_hop.placed.append(
                {name, CredentialPlace::TlsClientCertificate, CredentialSource::Profile,
                 QStringLiteral("TLS client certificate (%1)").arg(transport.clientCertificate.subjectDisplayName()),
                 m_boundTo});
        } else {
            m_hop.withheld.append({name, withheldReason, CredentialSource::Profile});
        }
    }
    request.setSslConfiguration(tls);
}

void ExchangeRun::startHop(const PlannedHop& planned)
{
    m_planned = planned;
    m_hop = Hop {};
    m_hop.ledgerRecorded = true; // placed and withheld below are the whole truth of this hop
    m_hop.note = std::exchange(m_nextNote, QString());
    m_bodyBuffer.clear();
    m_spill.reset();
    m_bodySize = 0;

    const Origin origin = Origin::fromUrl(planned.url);
    const bool allowed = mayReceiveCredentials(origin);
    const QString withheldReason
        = QStringLiteral("The request moved from %1 to %2, an origin that is not allowed to receive these credentials")
              .arg(m_firstOrigin.toString(), origin.toString());

    // Query-parameter credentials (API keys) are part of the URL of the hop they go to.
    QUrl url = planned.url;
    QUrlQuery query(url);
    QByteArray cookieCredential;
    HeaderList credentialHeaders;
    for (const Credential& c : std::as_const(m_spec.credentials)) {
        if (!allowed) {
            const QByteArray name = c.place == Credential::Place::Query ? '?' + c.name : c.name;
            m_hop.withheld.append({name, withheldReason, c.source});
            continue;
        }
        if (c.place == Credential::Place::Query) {
            query.addQueryItem(QString::fromUtf8(QUrl::toPercentEncoding(QString::fromUtf8(c.name))),
                               QString::fromUtf8(QUrl::toPercentEncoding(QString::fromUtf8(c.value))));
            m_hop.placed.append({c.name, CredentialPlace::Query, c.source, c.label, m_boundTo});
        } else if (c.name.compare("Cookie", Qt::CaseInsensitive) == 0) {
            cookieCredential += (cookieCredential.isEmpty() ? "" : "; ") + c.value;
            // One ledger entry per cookie, as for the jar's: the diagnosis asks about cookies by name.
            for (const QByteArray& pair : c.value.split(';')) {
                const QByteArray trimmed = pair.trimmed();
                const qsizetype eq = trimmed.indexOf('=');
                if (!trimmed.isEmpty())
                    m_hop.placed.append(
                        {eq < 0 ? trimmed : trimmed.left(eq), CredentialPlace::Cookie, c.source, c.label, m_boundTo});
            }
        } else {
            credentialHeaders.append({c.name, c.value});
            m_hop.placed.append({c.name, CredentialPlace::Header, c.source, c.label, m_boundTo});
        }
    }
    url.setQuery(query);
    placeDpopProof({planned.method, url, planned.body}, allowed, withheldReason, credentialHeaders);

    QNetworkRequest request(url);
    applyTransport(request, url, allowed, withheldReason);
    // Every hop is recorded: QNAM must not follow redirects, answer challenges, reuse
    // credentials, manage cookies or serve from a cache behind our back.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // Manual also makes Qt give up on a proxy's 407 without asking for credentials: with proxy
    // credentials it must stay Automatic. Nothing fills server credentials in either case (no
    // user info in URLs, no authenticationRequired handler), so a 401 still arrives as it is.
    const bool proxyCredentials = m_spec.transport.proxy && !m_spec.transport.proxy->user().isEmpty();
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute,
                         proxyCredentials ? QNetworkRequest::Automatic : QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    // No QAbstractNetworkCache is installed, so nothing is served from a cache; AlwaysNetwork is not
    // used because it adds Cache-Control/Pragma headers the user did not ask for.
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);

    HeaderList sent;
    auto put = [&](const QByteArray& name, const QByteArray& value) {
        // QNetworkRequest keeps one value per name: repeated user headers are folded as RFC 9110 §5.3 allows.
        const QByteArray existing = request.rawHeader(name);
        request.setRawHeader(name, existing.isEmpty() ? value : existing + ", " + value);
        sent.append({name, value});
    };
    for (const Header& h : std::as_const(m_spec.headers))
        put(h.first, h.second);
    for (const Header& h : std::as_const(credentialHeaders))
        put(h.first, h.second);

    // Cookies: the jar's, each sent or withheld by the rule the explainer names (domain, path, Secure,
    // expiry, size, or the user's choice), plus the profile's own.
    m_hop.cookies.jar = jarVerdicts(url);
    m_hop.cookies.sent = cookiesToSend(m_hop.cookies.jar);
    QByteArray cookieHeader = cookieHeaderValue(m_hop.cookies.sent);
    // The ledger: a jar cookie goes wherever its domain and path reach, not to a list of origins.
    for (const QNetworkCookie& c : std::as_const(m_hop.cookies.sent))
        m_hop.placed.append(jarCookiePlaced(c));
    if (!cookieCredential.isEmpty())
        cookieHeader += (cookieHeader.isEmpty() ? "" : "; ") + cookieCredential;
    if (!cookieHeader.isEmpty()) {
        request.setRawHeader("Cookie", cookieHeader);
        sent.append({QByteArrayLiteral("Cookie"), cookieHeader});
    }

    auto putDefault = [&](const QByteArray& name, const QByteArray& value) {
        if (request.hasRawHeader(name))
            return;
        request.setRawHeader(name, value);
        sent.append({name, value});
    };
    putDefault("User-Agent", "authlens/" AUTHLENS_VERSION);
    putDefault("Accept", "*/*");
    // identity: bodies arrive exactly as the server sends them (as curl does without --compressed).
    putDefault("Accept-Encoding", "identity");
    putDefault("Accept-Language", defaultAcceptLanguage());
    putDefault("Connection", "Keep-Alive");
    if (!planned.body.isEmpty())
        putDefault("Content-Type", "application/octet-stream");

    // Host is always written by the transport; Content-Length for every request sent with a body
    // device (sendCustomRequest), even an empty one.
    const bool plainGet = planned.method == "GET" && planned.body.isEmpty();
    sent.prepend({QByteArrayLiteral("Host"), hostHeaderValue(url)});
    if (!plainGet && planned.method != "HEAD")
        sent.append({QByteArrayLiteral("Content-Length"), QByteArray::number(planned.body.size())});
    signHop(planned.method, url, planned.body, allowed, withheldReason, request, sent);

    m_hop.request.method = planned.method;
    m_hop.request.url = url;
    m_hop.request.headers = sent;
    m_hop.request.bodySize = planned.body.size();
    m_hop.request.body = planned.body;
    m_hop.timing.started = QDateTime::currentDateTimeUtc();
    m_visited.insert(visitKey(planned.method, planned.url));

    m_pendingError = {};
    // Plain-http hops run through the client's relay, which checks their HTTP/1.1 framing; through a
    // proxy the relay is not in the path, and the hop says so.
    QString notChecked;
    m_hopRelayed = m_relay && m_relay->relays(url, m_spec.transport.proxy, &notChecked);
    if (m_hopRelayed)
        m_relay->beginHop();
    else if (!notChecked.isEmpty())
        addNote(QStringLiteral("HTTP/1.1 framing was not checked: %1.").arg(notChecked));
    m_hopClock.start();
    QNetworkReply* reply = nullptr;
    if (planned.method == "HEAD")
        reply = m_network->head(request);
    else if (plainGet)
        reply = m_network->get(request);
    else
        reply = m_network->sendCustomRequest(request, planned.method, planned.body);
    m_reply = reply;
    // QNAM's HTTP thread hands everything the socket delivers to this thread; with the default read buffer
    // (0 = unlimited) a fast server and a slower disk pile the body up in memory (a 1 GB body peaked at
    // 1.4 GB RSS in authlens-cli). A bounded buffer makes the HTTP thread stop reading the socket until
    // onReadyRead() has taken the bytes (TCP flow control then slows the server), so memory stays flat.
    //
    // Not on hops through the framing relay: Qt's SOCKS5 engine keeps its own unbounded buffer and, with a
    // bounded reply buffer, stops delivering (seen with Qt 6.4: a 200 MB body stalled after 135 MB, 74 MB in
    // the engine). There the relay bounds what Qt holds instead (FramingRelay::setConsumed()).
    reply->setReadBufferSize(m_hopRelayed ? 0 : kReadBufferBytes);

    connect(reply, &QNetworkReply::metaDataChanged, this, &ExchangeRun::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &ExchangeRun::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &ExchangeRun::onReplyFinished);
    connect(reply, &QNetworkReply::sslErrors, this, &ExchangeRun::onSslErrors);
    connect(reply, &QNetworkReply::encrypted, this, &ExchangeRun::onEncrypted);
    connect(reply, &QNetworkReply::downloadProgress, this, &ExchangeRun::downloadProgress);
    connect(reply, &QNetworkReply::downloadProgress, this, &ExchangeRun::restartIdleTimer);
    connect(reply, &QNetworkReply::requestSent, this, [this] {
        m_connectTimer.stop();
        restartIdleTimer();
        if (m_hop.timing.connectMs < 0)
            m_hop.timing.connectMs = double(m_hopClock.nsecsElapsed()) / 1e6;
    });
    if (m_spec.connectTimeoutMs > 0)
        m_connectTimer.start(m_spec.connectTimeoutMs);

    Q_EMIT hopStarted(int(m_exchange.hops.size()), url);
}

QByteArray ExchangeRun::visitKey(const QByteArray& method, const QUrl& url) const
{
    return method + ' ' + url.toString(QUrl::FullyEncoded).toUtf8() + '\n'
        + cookieHeaderValue(cookiesToSend(jarVerdicts(url)));
}

QList<JarCookieVerdict> ExchangeRun::jarVerdicts(const QUrl& url) const
{
    if (!m_jar)
        return {};
    return explainJarCookies(m_jar->cookies(), url, QDateTime::currentDateTimeUtc(), m_spec.sendJarCookies);
}

void ExchangeRun::restartIdleTimer()
{
    if (m_spec.idleTimeoutMs > 0 && m_reply)
        m_idleTimer.start(m_spec.idleTimeoutMs);
}

void ExchangeRun::onIdleTimeout()
{
    const qint64 arrived = m_bodySize;
    abortHop(ErrorKind::IdleTimeout,
             QStringLiteral("%1 sent nothing for %2 s (idle timeout); %3 bytes of the answer had arrived")
                 .arg(Origin::fromUrl(m_planned.url).toString())
                 .arg(m_spec.idleTimeoutMs / 1000.0)
                 .arg(arrived));
}

void ExchangeRun::onMetaData()
{
    m_connectTimer.stop();
    restartIdleTimer();
    if (m_hop.timing.ttfbMs < 0)
        m_hop.timing.ttfbMs = double(m_hopClock.nsecsElapsed()) / 1e6;
}

void ExchangeRun::onReadyRead()
{
    if (!m_reply)
        return;
    if (!storeBodyChunk(m_reply->readAll()))
        abortHop(ErrorKind::BodyStorage,
                 QStringLiteral("Could not write the response body to a temporary file in %1").arg(QDir::tempPath()));
}

bool ExchangeRun::storeBodyChunk(const QByteArray& chunk)
{
    if (chunk.isEmpty())
        return true;
    m_bodySize += chunk.size();
    if (m_hopRelayed)
        m_relay->setConsumed(m_bodySize);
    if (!m_spill && m_bodyBuffer.size() + chunk.size() <= m_spec.spillThreshold) {
        m_bodyBuffer += chunk;
        return true;
    }
    if (!m_spill) {
        m_spill = std::make_shared<QTemporaryFile>(QDir::tempPath() + QStringLiteral("/authlens-body-XXXXXX"));
        if (!m_spill->open())
            return false;
        if (m_spill->write(m_bodyBuffer) != m_bodyBuffer.size())
            return false;
        m_bodyBuffer.clear();
    }
    return m_spill->write(chunk) == chunk.size();
}

void ExchangeRun::onSslErrors(const QList<QSslError>& errors)
{
    for (const QSslError& e : errors)
        m_hop.tls.errors.append(e.errorString());
    // The chain the server sent, also when the handshake is then refused: the findings name its facts.
    if (m_reply && m_hop.tls.peerChain.isEmpty()) {
        const auto chain = m_reply->sslConfiguration().peerCertificateChain();
        for (const QSslCertificate& cert : chain)
            m_hop.tls.peerChain.append(summarize(cert));
    }
    if (m_spec.ignoreTlsErrors && m_reply) {
        m_hop.tls.errorsIgnored = true;
        m_reply->ignoreSslErrors();
    }
}

void ExchangeRun::onEncrypted()
{
    recordTls();
}

void ExchangeRun::recordTls()
{
    if (!m_reply || m_hop.tls.used)
        return;
    const QSslConfiguration cfg = m_reply->sslConfiguration();
    if (cfg.isNull() || cfg.sessionCipher().isNull())
        return;
    m_hop.tls.used = true;
    m_hop.tls.protocol = protocolName(cfg.sessionProtocol());
    m_hop.tls.cipher = cfg.sessionCipher().name();
    m_hop.tls.peerChain.clear(); // recorded at sslErrors already when there were errors
    const auto chain = cfg.peerCertificateChain();
    for (const QSslCertificate& cert : chain)
        m_hop.tls.peerChain.append(summarize(cert));
}

void ExchangeRun::recordCookies(const QUrl& url)
{
    // Every Set-Cookie field is judged (RFC 6265 §5.2–5.3, RFC 6265bis) against the jar as it is after the
    // fields before it, and the jar does exactly what the verdict says.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QByteArray& line : headerValues(m_hop.response.headers, "Set-Cookie")) {
        const SetCookieVerdict verdict
            = explainSetCookie(line, url, m_jar ? m_jar->cookies() : QList<QNetworkCookie>(), now);
        m_hop.cookies.setCookies.append(verdict);
        if (!verdict.cookie.name().isEmpty() || verdict.accepted())
            m_hop.cookies.received.append(verdict.cookie);
        if (!verdict.accepted()) {
            m_hop.cookies.rejected.append(QStringLiteral("%1 — %2: %3")
                                              .arg(QString::fromUtf8(verdict.cookie.name().left(80)),
                                                   setCookieStatusName(verdict.status), verdict.explanation));
        } else if (m_jar) {
            m_jar->apply(verdict);
        }
    }
}

void ExchangeRun::abortHop(ErrorKind kind, const QString& message)
{
    if (!m_reply || m_reply->isFinished()) {
        finish({kind, message});
        return;
    }
    m_pendingError = {kind, message};
    m_reply->abort(); // emits finished(), handled by onReplyFinished
}

void ExchangeRun::onConnectTimeout()
{
    abortHop(ErrorKind::ConnectTimeout,
             QStringLiteral("No connection to %1 within %2 ms")
                 .arg(Origin::fromUrl(m_planned.url).toString())
                 .arg(m_spec.connectTimeoutMs));
}

void ExchangeRun::onTotalTimeout()
{
    abortHop(ErrorKind::TotalTimeout,
             QStringLiteral("The exchange did not complete within %1 ms").arg(m_spec.totalTimeoutMs));
}

void ExchangeRun::cancel()
{
    if (m_done)
        return;
    abortHop(ErrorKind::Cancelled, QStringLiteral("Cancelled"));
}

void ExchangeRun::onReplyFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply || m_done)
        return;
    m_connectTimer.stop();
    m_idleTimer.stop();
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();

    m_hop.timing.totalMs = double(m_hopClock.nsecsElapsed()) / 1e6;
    qCDebug(lcExchange) << "reply finished:" << reply->error() << reply->errorString() << "status"
                        << reply->attribute(QNetworkRequest::HttpStatusCodeAttribute) << "body bytes" << m_bodySize;
    if (!m_pendingError.isError() && !storeBodyChunk(reply->readAll()))
        m_pendingError = {ErrorKind::BodyStorage, QStringLiteral("Could not write the response body to disk")};
    if (m_planned.url.scheme().compare(u"https", Qt::CaseInsensitive) == 0) {
        m_reply = reply; // recordTls reads the configuration of this reply
        recordTls();
        m_reply = nullptr;
    }

    const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    ResponseRecord& response = m_hop.response;
    if (statusAttr.isValid() && statusAttr.toInt() > 0) {
        response.received = true;
        response.status = statusAttr.toInt();
        response.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
        response.httpVersion = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool()
            ? QByteArrayLiteral("2")
            : QByteArrayLiteral("1.1");
        // QNAM folds repeated fields into one; Set-Cookie is folded with '\n' and can be split back exactly.
        const auto pairs = reply->rawHeaderPairs();
        for (const auto& pair : pairs) {
            if (pair.first.compare("Set-Cookie", Qt::CaseInsensitive) == 0) {
                for (const QByteArray& line : pair.second.split('\n'))
                    response.headers.append({pair.first, line});
            } else {
                response.headers.append(pair);
            }
        }
        // Qt's HTTP/1 parser (QHttpHeaderParser) drops the whole header section when it passes its limits,
        // and keeps the status: measured with Qt 6.4, more than 100 fields, one field over 100 KiB or a
        // section over 256 KiB (20,000 fields, a 2 MB line) leave a 200 without any header. The body is
        // then read until the connection ends. Say so: a server that sent no field at all is rare too.
        if (response.headers.isEmpty() && response.status >= 200) {
            const QString note = QStringLiteral(
                "No header field of this answer could be read: the server sent none, or more than Qt's HTTP/1 "
                "parser accepts (100 fields, 100 KiB in one field, 256 KiB in all), which drops them all. The "
                "body is what arrived until the connection ended.");
            addNote(note);
        }
        response.body = m_spill ? Body::fromFile(m_spill, m_bodySize) : Body::fromBytes(m_bodyBuffer);
        if (m_spill)
            m_spill->flush();
        recordCookies(m_planned.url);
    }
    m_bodyBuffer.clear();

    Error error = m_pendingError;
    if (!error.isError() && isTransportError(reply->error(), response.received)) {
        error.kind = transportErrorKind(reply->error());
        error.message = reply->errorString();
        if (reply->error() == QNetworkReply::ProxyAuthenticationRequiredError) {
            error.message = m_proxyCredentialsGiven
                ? QStringLiteral("407 Proxy Authentication Required: the proxy refused the proxy credentials")
                : QStringLiteral("407 Proxy Authentication Required: the proxy wants credentials and none are set");
        }
        if (error.kind == ErrorKind::Tls && !m_hop.tls.errors.isEmpty()) {
            // Qt's text already names the first error ("SSL handshake failed: <first>"): add only the others.
            QStringList others;
            for (const QString& e : std::as_const(m_hop.tls.errors)) {
                if (!error.message.contains(e))
                    others.append(e);
            }
            if (!others.isEmpty())
                error.message += u"; " + others.join(QStringLiteral("; "));
        }
        // Through an explicit proxy the connection goes to the proxy: Qt reports its refusal (or an
        // unknown proxy host) as if it were the server's.
        if (!m_hop.request.proxy.isEmpty()
            && (error.kind == ErrorKind::ConnectionRefused || error.kind == ErrorKind::HostNotFound)) {
            error.kind = ErrorKind::Proxy;
            error.message
                = QStringLiteral("The proxy %1 could not be reached: %2").arg(m_hop.request.proxy, error.message);
        }
    }
    // RFC 9112 §8: a body shorter than its Content-Length is incomplete. Qt reports the early end as
    // RemoteHostClosedError ("Connection closed") for a FIN and for an RST alike: its socket engine reads
    // ECONNRESET as the end of the stream (QNativeSocketEnginePrivate::nativeRead), so the count of bytes
    // against the Content-Length is what tells a cut body, and one kind covers both ways of cutting it.
    if (!m_pendingError.isError() && response.received
        && (error.kind == ErrorKind::RemoteClosed || error.kind == ErrorKind::None)) {
        bool lengthOk = false;
        const qint64 declared = headerValue(response.headers, "Content-Length").trimmed().toLongLong(&lengthOk);
        const bool chunked = headerValue(response.headers, "Transfer-Encoding").toLower().contains("chunked");
        const bool bodyless = m_planned.method == "HEAD" || response.status == 204 || response.status == 304;
        if (lengthOk && !chunked && !bodyless && m_bodySize < declared) {
            error = {ErrorKind::TruncatedBody,
                     QStringLiteral("The connection ended (closed or reset) after %1 of the %2 bytes its "
                                    "Content-Length announced")
                         .arg(m_bodySize)
                         .arg(declared)};
        }
    }
    if (m_hopRelayed)
        applyFraming(error);
    m_hop.error = error;
    m_exchange.hops.append(m_hop);
    if (error.isError()) {
        // Qt reads a status line that is not HTTP as a closed connection (and retries twice, quietly):
        // whether the port runs another protocol is only seen on a connection of our own (plain http,
        // no proxy: through a proxy or TLS the server's first bytes are not ours to see).
        if (error.kind == ErrorKind::RemoteClosed && !response.received && m_hop.request.proxy.isEmpty()
            && m_planned.url.scheme().compare(u"http", Qt::CaseInsensitive) == 0) {
            listenForBanner(error);
            return;
        }
        finish(error);
        return;
    }

    if (dpopNonceRequested()) {
        m_dpopNonceAnswered = true;
        m_nextNote = QStringLiteral("The server asked for a DPoP nonce (use_dpop_nonce): sent again with a new "
                                    "proof that carries its DPoP-Nonce (RFC 9449 §%1)")
                         .arg(response.status == 400 ? 8 : 9);
        startHop(m_planned);
        return;
    }
    const int status = response.status;
    if (status == 401 && m_spec.challengeResponder && m_challengeAnswers < m_spec.maxChallengeAnswers
        && mayReceiveCredentials(Origin::fromUrl(m_planned.url))) {
        const std::optional<ChallengeAnswer> answer
            = m_spec.challengeResponder(m_exchange.hops.constLast(), m_planned.body, m_challengeAnswers);
        if (answer) {
            ++m_challengeAnswers;
            m_spec.credentials.removeIf([&answer](const Credential& c) {
                return c.place == answer->credential.place
                    && c.name.compare(answer->credential.name, Qt::CaseInsensitive) == 0;
            });
            Credential answered = answer->credential;
            answered.source = CredentialSource::ChallengeAnswer; // whatever the responder said
            m_spec.credentials.append(answered);
            m_nextNote = answer->note;
            startHop(m_planned);
            return;
        }
    }
    const QByteArray location = headerValue(response.headers, "Location");
    if (!m_spec.followRedirects || !isRedirectStatus(status) || location.isEmpty()) {
        finish({});
        return;
    }
    const QUrl next = m_planned.url.resolved(QUrl(QString::fromUtf8(location), QUrl::TolerantMode));
    const QString nextScheme = next.scheme().toLower();
    if (!next.isValid() || next.host().isEmpty() || (nextScheme != u"http" && nextScheme != u"https")) {
        finish({ErrorKind::InvalidRedirect,
                QStringLiteral("The server redirected to \"%1\", which is not an http(s) URL")
                    .arg(QString::fromUtf8(location.left(200)))});
        return;
    }
    if (m_exchange.hops.size() > m_spec.maxRedirects) {
        finish({ErrorKind::TooManyRedirects,
                QStringLiteral("Stopped after %1 redirects (the limit)").arg(m_spec.maxRedirects)});
        return;
    }
    PlannedHop nextHop {m_planned.method, next, m_planned.body};
    // RFC 9110 §15.4: 303 turns into GET; for 301/302 every client changes POST to GET too.
    const bool toGet = (status == 303 && m_planned.method != "HEAD")
        || ((status == 301 || status == 302) && m_planned.method == "POST");
    if (toGet) {
        nextHop.method = QByteArrayLiteral("GET");
        nextHop.body.clear();
        removeHeader(m_spec.headers, "Content-Type");
        removeHeader(m_spec.headers, "Content-Length");
    }
    // The same request in the same cookie state again would answer the same way forever.
    const QByteArray key = visitKey(nextHop.method, next);
    if (m_visited.contains(key)) {
        finish({ErrorKind::RedirectLoop,
                QStringLiteral("Redirect loop: %1 was already requested in the same state")
                    .arg(next.toDisplayString(QUrl::RemoveUserInfo))});
        return;
    }
    startHop(nextHop);
}

void ExchangeRun::addNote(const QString& note)
{
    m_hop.note = m_hop.note.isEmpty() ? note : m_hop.note + u' ' + note;
}

void ExchangeRun::applyFraming(Error& error)
{
    const QList<Http1Framing::Result> results = m_relay->takeResults();
    const auto found = std::find_if(results.cbegin(), results.cend(), [](const Http1Framing::Result& r) {
        return r.verdict != Http1Framing::Verdict::Complete;
    });
    // Our own aborts (timeouts, cancel, storage) stand; so do TLS, proxy and connection errors. The framing
    // verdict replaces what Qt makes of a broken answer: nothing (a lenient "complete" 200), "closed", or
    // the Content-Length count.
    const bool replaceable = !m_pendingError.isError()
        && (error.kind == ErrorKind::None || error.kind == ErrorKind::RemoteClosed
            || error.kind == ErrorKind::TruncatedBody || error.kind == ErrorKind::Protocol
            || error.kind == ErrorKind::Network);
    if (found == results.cend() || !replaceable)
        return;
    const Http1Framing::Result& r = *found;
    const ResponseRecord& response = m_hop.response;
    const QString kept = QStringLiteral("%1 body bytes as Qt decoded them are kept").arg(m_bodySize);
    switch (r.verdict) {
    case Http1Framing::Verdict::Complete:
        break;
    case Http1Framing::Verdict::NotChecked:
        if (response.received)
            addNote(QStringLiteral("HTTP/1.1 framing was not checked: %1.").arg(r.detail));
        break;
    case Http1Framing::Verdict::InvalidChunked:
        error = {ErrorKind::InvalidChunkedEncoding,
                 QStringLiteral("Invalid chunked encoding %1; a lenient client ends the body there (%2)")
                     .arg(r.detail, kept)};
        break;
    case Http1Framing::Verdict::ChunkedCutShort:
        error = {ErrorKind::TruncatedBody, QStringLiteral("%1; %2").arg(r.detail, kept)};
        break;
    case Http1Framing::Verdict::LengthCutShort:
        // The Content-Length count above has said it; the relay knows it was a close, not a reset.
        if (error.kind == ErrorKind::TruncatedBody)
            error.message.replace(QStringLiteral("ended (closed or reset)"), QStringLiteral("was closed"));
        else
            error = {ErrorKind::TruncatedBody, QStringLiteral("%1; %2").arg(r.detail, kept)};
        break;
    case Http1Framing::Verdict::Reset:
        error = {ErrorKind::ConnectionReset, QStringLiteral("%1; %2").arg(r.detail, kept)};
        break;
    case Http1Framing::Verdict::InvalidLength:
        error = {ErrorKind::Protocol, QStringLiteral("Invalid message framing: %1").arg(r.detail)};
        break;
    }
}

void ExchangeRun::listenForBanner(const Error& closed)
{
    auto* socket = new QTcpSocket(this);
    auto* limit = new QTimer(socket);
    limit->setSingleShot(true);
    auto bytes = std::make_shared<QByteArray>();
    auto decide = [this, socket, closed, bytes] {
        if (socket->property("authlens-decided").toBool())
            return;
        socket->setProperty("authlens-decided", true);
        socket->abort();
        socket->deleteLater();
        if (m_done)
            return;
        Error error = closed;
        if (!bytes->isEmpty() && !bytes->startsWith("HTTP/")) {
            // Printable ASCII as it is, the rest as \xNN: the user sees "SSH-2.0-OpenSSH_9.2".
            QString shown;
            for (const char c : bytes->left(80)) {
                if (c >= 0x20 && c < 0x7f)
                    shown += QLatin1Char(c);
                else if (c == '\r' || c == '\n')
                    shown += QLatin1Char(' ');
                else
                    shown += QStringLiteral("\\x%1").arg(uchar(c), 2, 16, QLatin1Char('0'));
            }
            error = {ErrorKind::NotHttp,
                     QStringLiteral("%1 is not an HTTP server: it spoke first, with \"%2\" (%3 bytes kept); an "
                                    "HTTP server waits for the request and answers with a status line")
                         .arg(Origin::fromUrl(m_planned.url).toString(), shown.trimmed())
                         .arg(bytes->size())};
            Hop& hop = m_exchange.hops.last();
            hop.response.body = Body::fromBytes(*bytes);
            hop.error = error;
        }
        finish(error);
    };
    connect(socket, &QTcpSocket::readyRead, this, [socket, bytes, decide] {
        bytes->append(socket->read(kBannerBytes - bytes->size()));
        if (bytes->contains('\n') || bytes->size() >= kBannerBytes)
            decide();
    });
    connect(socket, &QTcpSocket::disconnected, this, decide);
    connect(socket, &QTcpSocket::errorOccurred, this, decide);
    connect(limit, &QTimer::timeout, this, decide);
    limit->start(kBannerWaitMs);
    socket->connectToHost(m_planned.url.host(), quint16(m_planned.url.port(80)));
}

void ExchangeRun::placeDpopProof(const PlannedHop& planned, bool allowed, const QString& withheldReason,
                                 HeaderList& credentialHeaders)
{
    if (!m_spec.dpopProver)
        return;
    const QByteArray name = QByteArrayLiteral("DPoP");
    if (!allowed) {
        m_hop.withheld.append({name, withheldReason, CredentialSource::Profile});
        return;
    }
    const QByteArray nonce = m_spec.dpopNonces.value(Origin::fromUrl(planned.url).toString());
    QString error;
    const QByteArray proof = m_spec.dpopProver(planned.method, planned.url, nonce, &error);
    if (proof.isEmpty()) {
        m_hop.withheld.append(
            {name, error.isEmpty() ? QStringLiteral("No DPoP proof could be made") : error, CredentialSource::Profile});
        return;
    }
    credentialHeaders.append({name, proof});
    m_hop.placed.append({name, CredentialPlace::Header, CredentialSource::Profile,
                         nonce.isEmpty() ? QStringLiteral("DPoP proof (RFC 9449)")
                                         : QStringLiteral("DPoP proof with the server's nonce (RFC 9449)"),
                         m_boundTo});
}

void ExchangeRun::signHop(const QByteArray& method, const QUrl& url, const QByteArray& body, bool allowed,
                          const QString& withheldReason, QNetworkRequest& request, HeaderList& sent)
{
    if (!m_spec.requestSigner)
        return;
    const QByteArray name = QByteArrayLiteral("Authorization");
    if (!allowed) {
        m_hop.withheld.append({name, withheldReason, CredentialSource::Profile});
        return;
    }
    QString error;
    const HeaderList added = m_spec.requestSigner.sign(method, url, sent, body, &error);
    if (added.isEmpty()) {
        m_hop.withheld.append({name, error.isEmpty() ? QStringLiteral("The request could not be signed") : error,
                               CredentialSource::Profile});
        return;
    }
    for (const Header& header : added) {
        removeHeader(sent, header.first);
        request.setRawHeader(header.first, header.second);
        sent.append(header);
    }
    m_hop.placed.append(
        {name, CredentialPlace::Header, CredentialSource::Profile, m_spec.requestSigner.label, m_boundTo});
}

bool ExchangeRun::dpopNonceRequested()
{
    const ResponseRecord& response = m_hop.response;
    const QByteArray nonce = headerValue(response.headers, "DPoP-Nonce").trimmed();
    const Origin origin = Origin::fromUrl(m_planned.url);
    // RFC 9449 §8.2 / §9: a server may send a fresh nonce with any answer; the next proof to it carries it.
    // Only origins that may receive the credentials can set one (a nonce of a foreign origin is never used).
    if (nonce.isEmpty() || !mayReceiveCredentials(origin))
        return false;
    m_spec.dpopNonces.insert(origin.toString(), nonce);
    if (!m_spec.dpopProver || m_dpopNonceAnswered)
        return false;
    const bool proofSent
        = std::any_of(m_hop.placed.cbegin(), m_hop.placed.cend(), [](const Placed& p) { return p.name == "DPoP"; });
    if (!proofSent)
        return false;
    if (response.status == 401) {
        // §9: WWW-Authenticate: DPoP error="use_dpop_nonce". The check is on the text: http knows no
        // challenge grammar (auth/ does), and the error code is a token that cannot occur otherwise.
        for (const QByteArray& field : headerValues(response.headers, "WWW-Authenticate")) {
            const QByteArray lower = field.toLower();
            if (lower.contains("error=\"use_dpop_nonce\"") || lower.contains("error=use_dpop_nonce"))
                return true;
        }
        return false;
    }
    if (response.status == 400 && response.body.size() <= 64 * 1024) {
        // §8: {"error":"use_dpop_nonce"} from the authorization server.
        const QJsonDocument body = QJsonDocument::fromJson(response.body.readAll());
        return body.isObject() && body.object().value(u"error").toString() == u"use_dpop_nonce";
    }
    return false;
}

void ExchangeRun::finish(const Error& error)
{
    if (m_done)
        return;
    m_done = true;
    m_connectTimer.stop();
    m_totalTimer.stop();
    m_idleTimer.stop();
    m_exchange.error = error;
    qCDebug(lcExchange) << "exchange finished:" << m_exchange.hops.size() << "hops, error" << errorKindName(error.kind);
    Q_EMIT finished(m_exchange);
}

} // namespace Authlens::Http
