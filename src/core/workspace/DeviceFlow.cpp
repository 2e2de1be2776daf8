// The device authorization grant (RFC 8628) of the token service (issue 11): ask the device
// authorization endpoint for a user code (§3.1, §3.2), show it, and poll the token endpoint (§3.4) as
// §3.5 says until the user approves, denies, the code expires, the caller cancels or the wait times out.
#include "workspace/DeviceFlow.h"

#include "http/HttpClient.h"
#include "jwt/KeyDiscovery.h"
#include "workspace/TokenServiceRun.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <cmath>

namespace Authlens::Workspace {

namespace {

// A device code lives minutes (RFC 8628 §3.2 suggests 1800 s as a typical upper end); a day is absurd.
constexpr qint64 MaxExpiresIn = 24 * 3600;
constexpr int MaxInterval = 3600;

/// A positive whole number of seconds, as a JSON number or a numeric string (some servers quote them).
std::optional<qint64> secondsOf(const QJsonValue& value)
{
    bool ok = value.isDouble();
    double seconds = value.toDouble();
    if (value.isString())
        seconds = value.toString().trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 1 || seconds > 1e9)
        return std::nullopt;
    return qint64(seconds);
}

QUrl httpUrl(const QJsonValue& value)
{
    const QUrl url(value.toString(), QUrl::StrictMode);
    return Http::isHttpUrl(url) && url.userInfo().isEmpty() ? url : QUrl();
}

QList<QPair<QString, QString>> decodeForm(const QByteArray& body)
{
    QList<QPair<QString, QString>> items;
    for (const QByteArray& pair : body.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        const QByteArray name = eq < 0 ? pair : pair.first(eq);
        const QByteArray value = eq < 0 ? QByteArray() : pair.sliced(eq + 1);
        items.append({QString::fromUtf8(QByteArray::fromPercentEncoding(name)),
                      QString::fromUtf8(QByteArray::fromPercentEncoding(value))});
    }
    return items;
}

QByteArray encodeForm(const QList<QPair<QString, QString>>& items)
{
    QByteArray out;
    for (const auto& [name, value] : items) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

/// The token service's client_credentials request to `endpoint` (client authentication, scope, audience,
/// resources, extra parameters, the profile's connection), with its grant_type replaced by `first`
/// and, unless `keepScope`, without the scope: one place decides how this client authenticates.
std::optional<Http::RequestSpec> clientRequest(const Profiles::Profile& profile, const QUrl& endpoint,
                                               const QList<QPair<QString, QString>>& first, bool keepScope,
                                               Error* error)
{
    std::optional<Http::RequestSpec> spec
        = TokenService::tokenRequest(profile, QStringLiteral("client_credentials"), endpoint, error);
    if (!spec)
        return std::nullopt;
    QList<QPair<QString, QString>> items = first;
    for (const auto& item : decodeForm(spec->body)) {
        if (item.first == u"grant_type" || (!keepScope && item.first == u"scope"))
            continue;
        items.append(item);
    }
    spec->body = encodeForm(items);
    return spec;
}

} // namespace

DeviceAuthorizationAnswer parseDeviceAuthorization(const Http::Hop& hop)
{
    DeviceAuthorizationAnswer a;
    if (!hop.response.received) {
        a.problem = hop.error.isError()
            ? QStringLiteral("No answer from the device authorization endpoint: %1").arg(hop.error.message)
            : QStringLiteral("No answer from the device authorization endpoint");
        return a;
    }
    const int status = hop.response.status;
    if (hop.response.body.size() > MaxDocumentBytes) {
        a.problem = QStringLiteral("The device authorization endpoint's answer (%1, %2 bytes) is far too large")
                        .arg(status)
                        .arg(hop.response.body.size());
        return a;
    }
    const QByteArray body = hop.response.body.readAll();
    const QByteArray contentType = Http::headerValue(hop.response.headers, "Content-Type").toLower();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (body.trimmed().isEmpty() || parseError.error != QJsonParseError::NoError || !document.isObject()) {
        a.problem = body.trimmed().isEmpty()
            ? QStringLiteral("The device authorization endpoint answered %1 with an empty body instead of a JSON "
                             "object (RFC 8628 §3.2)")
                  .arg(status)
            : Http::looksLikeHtml(body, contentType)
            ? QStringLiteral("The device authorization endpoint answered %1 with an HTML page instead of JSON: the "
                             "URL is most likely not the device authorization endpoint")
                  .arg(status)
            : QStringLiteral("The device authorization endpoint answered %1 with something that is not a JSON object "
                             "(RFC 8628 §3.2)")
                  .arg(status);
        return a;
    }
    const QJsonObject o = document.object();
    if (o.contains(u"error")) {
        // RFC 8628 §3.2: errors are those of RFC 6749 §5.2.
        a.error = o.value(u"error").toString();
        a.errorDescription = o.value(u"error_description").toString();
        a.problem = a.error.isEmpty() ? QStringLiteral("The device authorization endpoint refused (%1) with an "
                                                       "\"error\" that is not a string")
                                            .arg(status)
            : a.errorDescription.isEmpty()
            ? QStringLiteral("The device authorization endpoint refused: %1").arg(a.error)
            : QStringLiteral("The device authorization endpoint refused: %1 (%2)")
                  .arg(a.error, a.errorDescription.left(300));
        return a;
    }
    if (status != 200) {
        a.problem
            = QStringLiteral("The device authorization endpoint answered %1, not 200 (RFC 8628 §3.2)").arg(status);
        return a;
    }
    const auto missing = [&a](const QString& what) {
        a.problem = QStringLiteral("The device authorization answer has no %1 (RFC 8628 §3.2 requires it)").arg(what);
        return a;
    };
    const QJsonValue deviceCode = o.value(u"device_code");
    if (!deviceCode.isString() || deviceCode.toString().isEmpty())
        return missing(QStringLiteral("device_code string"));
    const QJsonValue userCode = o.value(u"user_code");
    if (!userCode.isString() || userCode.toString().trimmed().isEmpty())
        return missing(QStringLiteral("user_code string"));
    if (userCode.toString().size() > 64) {
        a.problem = QStringLiteral("The device authorization answer's user_code is %1 characters long: no one can "
                                   "type that (RFC 8628 §6.1)")
                        .arg(userCode.toString().size());
        return a;
    }
    QJsonValue verification = o.value(u"verification_uri");
    if (verification.isUndefined() && o.contains(u"verification_url")) {
        // Google's device endpoint predates the RFC and calls it verification_url.
        verification = o.value(u"verification_url");
        a.notes.append(QStringLiteral("the answer names verification_url, not verification_uri (RFC 8628 §3.2)"));
    }
    if (verification.isUndefined())
        return missing(QStringLiteral("verification_uri"));
    const QUrl verificationUri = httpUrl(verification);
    if (verificationUri.isEmpty()) {
        // Only an http(s) page is shown to the user or handed to a browser.
        a.problem = QStringLiteral("The device authorization answer's verification_uri \"%1\" is not an http(s) URL")
                        .arg(verification.toString().left(200));
        return a;
    }
    QUrl complete;
    if (o.contains(u"verification_uri_complete")) {
        complete = httpUrl(o.value(u"verification_uri_complete"));
        if (complete.isEmpty())
            a.notes.append(QStringLiteral("verification_uri_complete is not an http(s) URL and was ignored"));
    }
    if (!o.contains(u"expires_in"))
        return missing(QStringLiteral("expires_in"));
    const std::optional<qint64> expiresIn = secondsOf(o.value(u"expires_in"));
    if (!expiresIn || *expiresIn > MaxExpiresIn) {
        a.problem = QStringLiteral("The device authorization answer's expires_in is not a number of seconds between "
                                   "1 and %1 (RFC 8628 §3.2)")
                        .arg(MaxExpiresIn);
        return a;
    }
    int interval = 5; // RFC 8628 §3.2: 5 seconds when the answer names none
    if (o.contains(u"interval") && !o.value(u"interval").isNull()) {
        const std::optional<qint64> given = secondsOf(o.value(u"interval"));
        if (!given || *given > MaxInterval) {
            a.problem = QStringLiteral("The device authorization answer's interval is not a number of seconds "
                                       "between 1 and %1 (RFC 8628 §3.2)")
                            .arg(MaxInterval);
            return a;
        }
        interval = int(*given);
    }
    a.deviceCode = deviceCode.toString();
    a.device.userCode = userCode.toString().trimmed();
    a.device.verificationUri = verificationUri;
    a.device.verificationUriComplete = complete;
    a.device.expiresIn = *expiresIn;
    a.device.interval = interval;
    a.ok = true;
    return a;
}

std::optional<Http::RequestSpec> deviceAuthorizationRequest(const Profiles::Profile& profile, const QUrl& endpoint,
                                                            Error* error)
{
    // RFC 8628 §3.1: client_id (or the client's authentication) and scope; no grant_type.
    return clientRequest(profile, endpoint, {}, true, error);
}

std::optional<Http::RequestSpec> devicePollRequest(const Profiles::Profile& profile, const QUrl& endpoint,
                                                   const QString& deviceCode, Error* error)
{
    return clientRequest(profile, endpoint,
                         {{QStringLiteral("grant_type"), QString::fromLatin1(DeviceCodeGrantType)},
                          {QStringLiteral("device_code"), deviceCode}},
                         false, error);
}

QString devicePollAnswerText(const QString& answer, int interval)
{
    if (answer == u"authorization_pending")
        return QStringLiteral("Waiting for you to approve the code (authorization_pending); asking again every %1 s")
            .arg(interval);
    if (answer == u"slow_down")
        return QStringLiteral("The server asked to poll less often (slow_down): now every %1 s").arg(interval);
    if (answer == u"expired_token")
        return QStringLiteral("The code expired before it was approved (expired_token): start again");
    if (answer == u"access_denied")
        return QStringLiteral("The sign-in was denied (access_denied)");
    if (answer == u"approved")
        return QStringLiteral("Approved: the token arrived");
    return QStringLiteral("The token endpoint answered %1").arg(answer);
}

/// The state of a device_code run, kept in TokenService::Run. The device code is a secret: in memory only.
struct DeviceRun
{
    QString deviceCode;
    DeviceAuthorization device;
    QUrl endpoint; ///< the device authorization endpoint
    int interval = 5;
    QElapsedTimer issued; ///< since the device authorization answer
    QTimer* pollTimer = nullptr;
    QTimer* deadlineTimer = nullptr;
    bool deadlinePassed = false;
    QString deadlineReason;
    int polls = 0; ///< polls sent
    int pendingStep = -1; ///< the transcript step summarising consecutive authorization_pending answers
    int pendingFirst = 0; ///< the first poll it summarises
    int pendingCount = 0;

    ~DeviceRun()
    {
        // Deleted later: the run may end from inside one of their timeouts.
        for (QTimer* timer : {pollTimer, deadlineTimer}) {
            if (timer) {
                timer->stop();
                timer->deleteLater();
            }
        }
    }
    int secondsLeft() const { return int(std::max<qint64>(0, device.expiresIn - issued.elapsed() / 1000)); }
};

void TokenService::startDeviceGrant()
{
    Run& r = *m_run;
    r.device = std::make_shared<DeviceRun>();
    const Profiles::Profile& profile = r.request.profile;
    const QString configured = profile.auth.oauth.deviceAuthorizationEndpoint.trimmed();
    if (!configured.isEmpty()) {
        requestDeviceAuthorization(profile.resolve(profile.substitute(configured)));
        return;
    }
    // The device authorization endpoint receives the client's credentials: a discovered one must be on an
    // origin the profile already sends them to (DESIGN.md §4), the token endpoint's or the profile's.
    const auto trusted = [&r](const QUrl& url) {
        const Profiles::Profile& p = r.request.profile;
        const Http::Origin origin = Http::Origin::fromUrl(url);
        return origin == Http::Origin::fromUrl(r.outcome.tokenEndpoint) || p.allowedOrigins.contains(origin)
            || origin == Http::Origin::fromUrl(QUrl(p.baseUrl));
    };
    const auto use = [this, trusted](const QUrl& endpoint, const QString& where) {
        if (!trusted(endpoint)) {
            m_run->outcome.error
                = {ErrorKind::BadInput,
                   QStringLiteral("%1 names the device authorization endpoint %2, on an origin this profile does "
                                  "not send its client credentials to. If you trust it, set it in the profile.")
                       .arg(where, displayUrl(endpoint))};
            finish();
            return;
        }
        requestDeviceAuthorization(endpoint);
    };
    if (Http::isHttpUrl(r.discoveredDeviceEndpoint)) {
        use(r.discoveredDeviceEndpoint, QStringLiteral("The authorization server's metadata"));
        return;
    }
    // RFC 8414 §2: device_authorization_endpoint is in the authorization server's metadata (RFC 8628 §4).
    // The issuer is the profile's, else the token endpoint's origin (where most servers publish it).
    QString issuer = profile.auth.oauth.issuer.trimmed();
    if (issuer.isEmpty())
        issuer = r.outcome.tokenEndpoint.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)
                     .toString(QUrl::FullyEncoded);
    const QUrl metadataUrl = Jwt::KeyDiscovery::authorizationServerMetadataUrlFor(issuer);
    const auto noEndpoint = [this](const QString& why) {
        m_run->outcome.error = {ErrorKind::BadInput,
                                QStringLiteral("No device authorization endpoint: the profile names none and %1. Set "
                                               "it in the profile (RFC 8628 §3.1).")
                                    .arg(why)};
        finish();
    };
    if (!Http::isHttpUrl(metadataUrl)) {
        noEndpoint(QStringLiteral("the issuer \"%1\" is not an http(s) URL").arg(issuer));
        return;
    }
    fetchDocument(
        QStringLiteral("Authorization server metadata (RFC 8414)"), metadataUrl,
        [issuer, metadataUrl, use, noEndpoint](const QJsonObject& metadata) {
            // RFC 8414 §3.3: a document about another issuer must not be used.
            if (metadata.value(u"issuer").toString() != issuer) {
                noEndpoint(QStringLiteral("%1 names issuer \"%2\", not \"%3\" (RFC 8414 §3.3)")
                               .arg(displayUrl(metadataUrl), metadata.value(u"issuer").toString().left(200), issuer));
                return;
            }
            const QUrl endpoint = httpUrl(metadata.value(u"device_authorization_endpoint"));
            if (endpoint.isEmpty()) {
                noEndpoint(QStringLiteral("%1 has no http(s) device_authorization_endpoint (the server may not "
                                          "offer the device grant)")
                               .arg(displayUrl(metadataUrl)));
                return;
            }
            use(endpoint, displayUrl(metadataUrl));
        },
        [noEndpoint](const QString& why) { noEndpoint(QStringLiteral("discovery failed (%1)").arg(why)); });
}

void TokenService::requestDeviceAuthorization(const QUrl& endpoint)
{
    Run& r = *m_run;
    Error error;
    const std::optional<Http::RequestSpec> spec = deviceAuthorizationRequest(r.request.profile, endpoint, &error);
    if (!spec) {
        r.outcome.error = error;
        finish();
        return;
    }
    r.device->endpoint = endpoint;
    const int index = int(r.outcome.transcript.size());
    const QString title = QStringLiteral("Device authorization request (RFC 8628 §3.1)");
    r.outcome.transcript.append(TokenStep {title, {}, {}});
    r.tooLarge = false;
    r.next = [this, index](const Http::Exchange& exchange) { deviceAuthorized(index, exchange); };
    Q_EMIT stepStarted(index, title);
    m_client->send(*spec);
}

void TokenService::deviceAuthorized(int index, const Http::Exchange& exchange)
{
    Run& r = *m_run;
    const std::shared_ptr<DeviceRun> device = r.device;
    TokenStep& step = r.outcome.transcript[index];
    step.exchange = exchange;
    step.findings = Diagnosis::diagnose(exchange, r.diagnoseOptions).findings;
    const QString endpoint = displayUrl(device->endpoint);
    if (r.tooLarge) {
        r.outcome.error = {ErrorKind::Refused,
                           QStringLiteral("The answer of %1 is larger than %2 bytes: not a device authorization "
                                          "response")
                               .arg(endpoint)
                               .arg(MaxDocumentBytes)};
        finish();
        return;
    }
    if (!exchange.hasResponse() || exchange.error.isError()) {
        r.outcome.error = {ErrorKind::Network,
                           r.cancelled ? QStringLiteral("Cancelled")
                                       : QStringLiteral("The device authorization endpoint %1 did not answer: %2")
                                             .arg(endpoint, exchange.error.message)};
        finish();
        return;
    }
    const DeviceAuthorizationAnswer answer = parseDeviceAuthorization(*exchange.finalResponseHop());
    if (!answer.ok) {
        r.outcome.error = {ErrorKind::Refused, answer.problem};
        finish();
        return;
    }
    device->deviceCode = answer.deviceCode;
    device->device = answer.device;
    device->interval = answer.device.interval;
    device->issued.start();

    // RFC 8628 §3.5: stop when the code expires (one interval of grace, for the server to say expired_token),
    // or when the caller will not wait longer.
    const qint64 expirySeconds = answer.device.expiresIn + std::min(answer.device.interval, 5);
    const qint64 waitSeconds = std::max(1, r.request.interactionTimeoutSeconds);
    device->deadlineReason = waitSeconds < expirySeconds
        ? QStringLiteral("Timed out: the device was not approved within %1 s").arg(waitSeconds)
        : QStringLiteral("Timed out: the device code expired after %1 s without an approval")
              .arg(answer.device.expiresIn);
    device->deadlineTimer = new QTimer;
    device->deadlineTimer->setSingleShot(true);
    device->deadlineTimer->setTimerType(Qt::PreciseTimer);
    connect(device->deadlineTimer, &QTimer::timeout, this, &TokenService::deviceDeadline);
    device->deadlineTimer->start(int(std::min(waitSeconds, expirySeconds) * 1000));
    device->pollTimer = new QTimer;
    device->pollTimer->setSingleShot(true);
    device->pollTimer->setTimerType(Qt::PreciseTimer); // never sooner than the interval (a coarse timer may be)
    connect(device->pollTimer, &QTimer::timeout, this, &TokenService::pollDevice);
    device->pollTimer->start(device->interval * 1000);

    Q_EMIT deviceAuthorizationReady(answer.device);
    if (!m_run || m_run->device != device)
        return; // a listener cancelled
    if (m_run->request.openBrowser) {
        const QUrl url = answer.device.verificationUriComplete.isEmpty() ? answer.device.verificationUri
                                                                         : answer.device.verificationUriComplete;
        openInBrowser(url, m_run->request.openBrowser);
    }
}

void TokenService::pollDevice()
{
    if (!m_run || !m_run->device || m_client->isRunning())
        return;
    Run& r = *m_run;
    DeviceRun& device = *r.device;
    Error error;
    const std::optional<Http::RequestSpec> spec
        = devicePollRequest(r.request.profile, r.outcome.tokenEndpoint, device.deviceCode, &error);
    if (!spec) {
        r.outcome.error = error;
        finish();
        return;
    }
    ++device.polls;
    r.tooLarge = false;
    r.next = [this](const Http::Exchange& exchange) { devicePollAnswered(exchange); };
    const int index = device.pendingStep >= 0 ? device.pendingStep : int(r.outcome.transcript.size());
    Q_EMIT stepStarted(index, QStringLiteral("Token request: device_code grant, poll %1").arg(device.polls));
    if (!m_run || m_run->next == nullptr)
        return; // a listener cancelled
    m_client->send(*spec);
}

void TokenService::devicePollAnswered(const Http::Exchange& exchange)
{
    Run& r = *m_run;
    const std::shared_ptr<DeviceRun> device = r.device;
    const TokenResponse response = exchange.hasResponse() && !exchange.error.isError() && !r.tooLarge
        ? parseTokenResponse(*exchange.finalResponseHop())
        : TokenResponse();
    const bool pending = response.error == u"authorization_pending";
    // Consecutive authorization_pending answers share one step (the last exchange, a true count); every
    // other answer is a step of its own.
    int index = device->pendingStep;
    if (pending && index >= 0) {
        ++device->pendingCount;
    } else {
        index = int(r.outcome.transcript.size());
        r.outcome.transcript.append(TokenStep {});
        device->pendingStep = pending ? index : -1;
        device->pendingFirst = device->polls;
        device->pendingCount = 1;
    }
    TokenStep& step = r.outcome.transcript[index];
    step.exchange = exchange;
    step.findings = Diagnosis::diagnose(exchange, r.diagnoseOptions).findings;
    step.title = !pending ? QStringLiteral("Token request: device_code grant, poll %1").arg(device->polls)
        : device->pendingCount == 1
        ? QStringLiteral("Token request: device_code grant, poll %1: authorization_pending").arg(device->polls)
        : QStringLiteral("Token request: device_code grant, polls %1–%2: authorization_pending ×%3")
              .arg(device->pendingFirst)
              .arg(device->polls)
              .arg(device->pendingCount);

    if (pending || response.error == u"slow_down") {
        if (response.error == u"slow_down")
            device->interval += 5; // RFC 8628 §3.5: for this and every later poll
        if (device->deadlinePassed) {
            r.outcome.error = {ErrorKind::Network, device->deadlineReason};
            finish();
            return;
        }
        device->pollTimer->start(device->interval * 1000);
        Q_EMIT devicePolled(response.error, device->secondsLeft(), device->interval);
        return;
    }
    r.outcome.tokenStep = index;
    if (response.error == u"expired_token" || response.error == u"access_denied") {
        // RFC 8628 §3.5: both end the grant; only a new device authorization (the user starting over) helps.
        r.answered = true;
        r.outcome.response = response;
        r.outcome.error
            = {ErrorKind::Refused,
               response.error == u"expired_token"
                   ? QStringLiteral("The device code expired before the sign-in was approved (expired_token, RFC "
                                    "8628 §3.5): start the sign-in again and approve it within %1 s")
                         .arg(device->device.expiresIn)
                   : QStringLiteral("The sign-in was denied at %1 (access_denied, RFC 8628 §3.5): nothing was "
                                    "issued; start again if that was a mistake")
                         .arg(displayUrl(device->device.verificationUri))};
        Q_EMIT devicePolled(response.error, device->secondsLeft(), device->interval);
        finish();
        return;
    }
    if (response.ok)
        Q_EMIT devicePolled(QStringLiteral("approved"), device->secondsLeft(), device->interval);
    else if (!response.error.isEmpty())
        Q_EMIT devicePolled(response.error, device->secondsLeft(), device->interval);
    if (!m_run || m_run->device != device)
        return;
    // The token answer (or a refusal, a failure, the cancellation): as for every other grant.
    tokenAnswered(exchange);
}

void TokenService::deviceDeadline()
{
    if (!m_run || !m_run->device)
        return;
    if (m_client->isRunning()) {
        m_run->device->deadlinePassed = true; // the poll on its way may still bring the token
        return;
    }
    m_run->outcome.error = {ErrorKind::Network, m_run->device->deadlineReason};
    finish();
}

} // namespace Authlens::Workspace
