#pragma once

#include "http/Exchange.h"
#include "http/RequestSpec.h"

#include <QElapsedTimer>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSslError>
#include <QTimer>

#include <memory>

class QAuthenticator;
class QNetworkAccessManager;
class QTemporaryFile;

namespace Authlens::Http {

class CookieJar;
class FramingRelay;

/// One request, from the first hop to the last: the redirect loop, per-hop recording, credential
/// binding, body spilling and timeouts. Owned by HttpClient; lives for one send().
class ExchangeRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExchangeRun)
public:
    /// `relay`: the client's framing relay (FramingRelay), which carries its plain-http hops; may be nullptr.
    ExchangeRun(QNetworkAccessManager* network, CookieJar* jar, RequestSpec spec, FramingRelay* relay = nullptr,
                QObject* parent = nullptr);
    ~ExchangeRun() override;

    void start();
    void cancel();
    /// The proxy asked for credentials (407): fills `authenticator` with the request's proxy user and
    /// password, once per exchange. False when there are none, or they were refused already.
    bool answerProxyChallenge(QAuthenticator* authenticator);
    bool isDone() const { return m_done; }
    /// The DPoP nonces per origin after this run: those it started with, updated by every DPoP-Nonce the
    /// servers sent (RFC 9449 §8.2, §9).
    QHash<QString, QByteArray> dpopNonces() const { return m_spec.dpopNonces; }

Q_SIGNALS:
    void hopStarted(int index, const QUrl& url);
    void downloadProgress(qint64 bytesReceived, qint64 bytesTotal);
    void finished(const Authlens::Http::Exchange& exchange);

private:
    struct PlannedHop
    {
        QByteArray method;
        QUrl url;
        QByteArray body;
    };

    void startHop(const PlannedHop& hop);
    void applyTransport(QNetworkRequest& request, const QUrl& url, bool credentialsAllowed,
                        const QString& withheldReason);
    void onMetaData();
    void onReadyRead();
    void onReplyFinished();
    void onSslErrors(const QList<QSslError>& errors);
    void onEncrypted();
    void onConnectTimeout();
    void onTotalTimeout();
    void onIdleTimeout();
    void restartIdleTimer();

    bool mayReceiveCredentials(const Origin& origin) const;
    QByteArray visitKey(const QByteArray& method, const QUrl& url) const;
    void recordTls();
    void recordCookies(const QUrl& url);
    /// The jar's cookies for a request to `url`, each sent or withheld (the cookie explainer).
    QList<JarCookieVerdict> jarVerdicts(const QUrl& url) const;
    bool storeBodyChunk(const QByteArray& chunk);
    void abortHop(ErrorKind kind, const QString& message);
    void completeHop();
    /// The relay's framing verdict on the hop's response (RFC 9112 §6–§7) folded into `error`: invalid
    /// chunked coding, a chunked body cut short, a reset. A note when the framing was not checked.
    void applyFraming(Error& error);
    void addNote(const QString& note);
    void finish(const Error& error);
    /// After a failed hop without a status line: connects once more, sends nothing, and listens briefly.
    /// A server that speaks first (an SSH banner) is not an HTTP server: the exchange then ends with
    /// NotHttp and those bytes, else with `closed` as it was.
    void listenForBanner(const Error& closed);
    /// The DPoP proof of the hop being planned (RFC 9449 §4), placed or withheld in the ledger.
    /// The request signer's headers (AWS Signature v4), over what the hop sends; in `request` and `sent`.
    void signHop(const QByteArray& method, const QUrl& url, const QByteArray& body, bool allowed,
                 const QString& withheldReason, QNetworkRequest& request, HeaderList& sent);
    void placeDpopProof(const PlannedHop& planned, bool allowed, const QString& withheldReason,
                        HeaderList& credentialHeaders);
    /// Remembers the response's DPoP-Nonce; true when the answer asks for it (use_dpop_nonce, §8/§9) and
    /// the exchange may answer once more with a new proof.
    bool dpopNonceRequested();

    QNetworkAccessManager* m_network;
    FramingRelay* m_relay; ///< not owned
    bool m_hopRelayed = false; ///< the current hop runs through m_relay
    QPointer<CookieJar> m_jar;
    RequestSpec m_spec;
    Origin m_firstOrigin;
    QStringList m_boundTo; ///< the ledger's "bound to" for the request's credentials ("*" when trusted)

    Exchange m_exchange;
    Hop m_hop;
    PlannedHop m_planned;
    QPointer<QNetworkReply> m_reply;
    QElapsedTimer m_hopClock;
    QTimer m_connectTimer;
    QTimer m_idleTimer; ///< no byte for RequestSpec::idleTimeoutMs once the request is written
    QTimer m_totalTimer;
    QSet<QByteArray> m_visited;

    QByteArray m_bodyBuffer;
    std::shared_ptr<QTemporaryFile> m_spill;
    qint64 m_bodySize = 0;

    Error m_pendingError; ///< set when we abort the reply ourselves (timeout, cancel, storage)
    int m_challengeAnswers = 0;
    QString m_nextNote;
    bool m_done = false;
    bool m_proxyCredentialsGiven = false;
    bool m_dpopNonceAnswered = false; ///< the one resend with a server's DPoP nonce was made
};

} // namespace Authlens::Http
