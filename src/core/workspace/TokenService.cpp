// The network half of the token service (issue 10): a run, the token request, and storing what it
// returned before anyone hears of it. Finding the endpoint is TokenDiscovery.cpp; the pure half
// (grants, answers, expiry) is TokenRequest.cpp.
#include "auth/DpopProver.h"
#include "http/HttpClient.h"
#include "jwt/CompactJws.h"
#include "jwt/NumericDate.h"
#include "profiles/ProfileSecrets.h"
#include "profiles/SecretStore.h"
#include "workspace/DpopKeys.h"
#include "workspace/TokenServiceRun.h"

#include <QLoggingCategory>
#include <QTimer>

namespace Authlens::Workspace {

Q_LOGGING_CATEGORY(lcTokens, "authlens.workspace.tokens", QtWarningMsg)

namespace {

qint64 jwtExpiry(const QString& token)
{
    const auto jws = Jwt::CompactJws::parse(token.toLatin1());
    const auto claims = jws ? jws->claims() : std::nullopt;
    return claims ? Jwt::numericDate(claims->value(u"exp")).value_or(0) : 0;
}

QString grantTitle(const QString& grant)
{
    return QStringLiteral("Token request: %1 grant").arg(grant);
}

} // namespace

TokenService::TokenService(Profiles::SecretStore* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_client(std::make_unique<Http::HttpClient>())
{
    connect(m_client.get(), &Http::HttpClient::finished, this, &TokenService::clientFinished);
    connect(m_client.get(), &Http::HttpClient::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (m_run && !m_run->tooLarge && (received > MaxDocumentBytes || total > MaxDocumentBytes)) {
            m_run->tooLarge = true;
            m_client->cancel();
        }
    });
}

TokenService::~TokenService()
{
    // The client's queued result must not reach a half-destroyed service.
    m_client->disconnect(this);
}

bool TokenService::isRunning() const
{
    return m_run != nullptr;
}

void TokenService::run(const Request& request, QObject* context, Done done)
{
    if (m_run) {
        TokenOutcome refused;
        refused.profile = request.profile;
        refused.error = {ErrorKind::Usage, QStringLiteral("A token request of this profile is already running")};
        if (context)
            QTimer::singleShot(0, context, [refused, done = std::move(done)] { done(refused); });
        return;
    }
    m_run = std::make_unique<Run>();
    Run& r = *m_run;
    r.request = request;
    r.context = context;
    r.done = std::move(done);
    r.now = (request.now.isValid() ? request.now : QDateTime::currentDateTimeUtc()).toSecsSinceEpoch();
    r.diagnoseOptions.now = request.now;
    r.diagnoseOptions.expectedIssuer = request.profile.expectedIssuer;
    r.diagnoseOptions.expectedAudiences = request.profile.expectedAudiences;
    r.outcome.profile = request.profile;
    r.grant = grantFor(request.profile, request.mode);
    if (request.mode == Mode::New && !request.grantOverride.trimmed().isEmpty())
        r.grant = request.grantOverride.trimmed();
    r.outcome.grantType = r.grant;
    start();
}

void TokenService::cancel()
{
    if (!m_run || m_run->answered)
        return;
    m_run->cancelled = true;
    if (m_client->isRunning()) {
        m_client->cancel(); // the exchange reports Cancelled; clientFinished() ends the run
        return;
    }
    m_run->outcome.error = {ErrorKind::Network, QStringLiteral("Cancelled")};
    finish();
}

void TokenService::start()
{
    Run& r = *m_run;
    const Profiles::Profile& profile = r.request.profile;
    if (profile.auth.method != Auth::Method::OAuth2) {
        r.outcome.error = {ErrorKind::BadInput,
                           QStringLiteral("The profile %1 does not use OAuth 2 (its method is %2): it has no token "
                                          "to refresh")
                               .arg(profile.name, Auth::methodName(profile.auth.method))};
        finish();
        return;
    }
    if (const Error error = checkGrant(profile, r.grant); error.isError()) {
        r.outcome.error = error;
        finish();
        return;
    }
    if (r.grant == u"authorization_code") {
        startAuthorizationCode(); // the browser sign-in first (TokenServiceCode.cpp)
        return;
    }
    chooseEndpoint();
}

void TokenService::sendTokenRequest()
{
    Run& r = *m_run;
    if (Auth::usesDpop(r.request.profile.auth) && r.request.profile.sessionSecrets.dpopKey.trimmed().isEmpty()) {
        // RFC 9449: the profile's DPoP key is made on first use, and is in the keychain before the token
        // request's proof uses it; then the request is built again.
        Run* run = m_run.get();
        ensureDpopKey(r.request.profile, m_store, this, [this, run](const QString& pem, const Error& error) {
            if (m_run.get() != run)
                return;
            if (error.isError() || pem.isEmpty()) {
                m_run->outcome.error
                    = error.isError() ? error : Error {ErrorKind::BadInput, QStringLiteral("No DPoP key")};
                finish();
                return;
            }
            m_run->request.profile.sessionSecrets.dpopKey = pem;
            m_run->outcome.profile.sessionSecrets.dpopKey = pem;
            sendTokenRequest();
        });
        return;
    }
    if (r.grant == u"device_code") {
        startDeviceGrant(); // RFC 8628: a user code first, then polls (DeviceFlow.cpp)
        return;
    }
    Error error;
    std::optional<Http::RequestSpec> spec = tokenRequest(r.request.profile, r.grant, r.outcome.tokenEndpoint, &error);
    if (!spec) {
        r.outcome.error = error;
        finish();
        return;
    }
    addAuthorizationCode(*spec);
    const int index = int(r.outcome.transcript.size());
    const QString title = grantTitle(r.grant);
    r.outcome.transcript.append(TokenStep {title, {}, {}});
    r.outcome.tokenStep = index;
    r.tooLarge = false;
    r.next = [this](const Http::Exchange& exchange) { tokenAnswered(exchange); };
    Q_EMIT stepStarted(index, title);
    m_client->send(*spec);
}

void TokenService::tokenAnswered(const Http::Exchange& exchange)
{
    Run& r = *m_run;
    TokenStep& step = r.outcome.transcript[r.outcome.tokenStep];
    step.exchange = exchange;
    step.findings = Diagnosis::diagnose(exchange, r.diagnoseOptions).findings;
    const QString endpoint = displayUrl(r.outcome.tokenEndpoint);
    if (r.tooLarge) {
        r.outcome.error = {ErrorKind::Refused,
                           QStringLiteral("The answer of %1 is larger than %2 bytes: not a token "
                                          "response")
                               .arg(endpoint)
                               .arg(MaxDocumentBytes)};
        finish();
        return;
    }
    if (!exchange.hasResponse() || exchange.error.isError()) {
        r.outcome.error
            = {ErrorKind::Network,
               r.cancelled
                   ? QStringLiteral("Cancelled")
                   : QStringLiteral("The token endpoint %1 did not answer: %2").arg(endpoint, exchange.error.message)};
        finish();
        return;
    }
    r.answered = true;
    const Http::Hop& hop = *exchange.finalResponseHop();
    const TokenResponse response = parseTokenResponse(hop);
    r.outcome.response = response;
    if (!response.ok) {
        const int status = hop.response.status;
        if (status >= 300 && status < 400)
            r.outcome.error
                = {ErrorKind::Refused,
                   QStringLiteral("The token endpoint %1 answered %2 with a redirect to %3: token requests "
                                  "are not followed (they carry secrets); set the endpoint the redirect "
                                  "names, if you trust it")
                       .arg(endpoint)
                       .arg(status)
                       .arg(QString::fromUtf8(Http::headerValue(hop.response.headers, "Location").left(200)))};
        else
            r.outcome.error = {ErrorKind::Refused, response.problem};
        // RFC 6749 §5.2 invalid_grant on a refresh: the refresh token is dead (expired, revoked, reused).
        r.outcome.reauthenticate = r.grant == u"refresh_token" && response.error == u"invalid_grant";
        if (r.outcome.reauthenticate)
            r.outcome.error.message += QStringLiteral(". The refresh token is no longer valid: get a new token (a "
                                                      "full re-authentication); refreshing again cannot help.");
        finish();
        return;
    }

    // The new tokens, in memory first: whatever the store says, this session works with them.
    Profiles::Profile& profile = r.outcome.profile;
    const QString sentRefreshToken = profile.sessionSecrets.refreshToken;
    profile.sessionSecrets.token = response.accessToken;
    if (!response.refreshToken.isEmpty()) {
        r.outcome.refreshTokenRotated
            = r.grant == u"refresh_token" && !sentRefreshToken.isEmpty() && response.refreshToken != sentRefreshToken;
        profile.sessionSecrets.refreshToken = response.refreshToken;
    }
    r.outcome.expiresAt = response.expiresIn ? r.now + *response.expiresIn : jwtExpiry(response.accessToken);
    profile.auth.oauth.accessTokenExpiresAt = r.outcome.expiresAt;
    profile.auth.oauth.tokenType = response.tokenType;
    r.outcome.ok = true;
    checkIdTokenThenStore(); // OpenID Connect: the ID token's checks first (TokenServiceCode.cpp)
}

void TokenService::storeTokens()
{
    Run& r = *m_run;
    const Profiles::Profile& profile = r.outcome.profile;
    // Demo profiles (and ad-hoc ones without an id) are never stored: their tokens live in memory.
    if (!m_store || profile.demo || profile.id.isEmpty()) {
        r.outcome.sessionOnly = true;
        finish();
        return;
    }
    QList<QPair<Auth::SecretField, QString>> writes {{Auth::SecretField::Token, profile.sessionSecrets.token}};
    if (profile.sessionSecrets.refreshToken != r.request.profile.sessionSecrets.refreshToken)
        writes.append({Auth::SecretField::RefreshToken, profile.sessionSecrets.refreshToken});
    if (profile.sessionSecrets.idToken != r.request.profile.sessionSecrets.idToken)
        writes.append({Auth::SecretField::IdToken, profile.sessionSecrets.idToken});
    auto pending = std::make_shared<int>(int(writes.size()));
    auto failures = std::make_shared<QStringList>();
    for (const auto& write : writes) {
        const Auth::SecretField field = write.first;
        m_store->write(Profiles::ProfileSecrets::key(profile.id, field), write.second, this,
                       [this, field, pending, failures](const Profiles::SecretResult& result) {
                           if (!result.ok())
                               failures->append(
                                   QStringLiteral("%1: %2").arg(Auth::secretFieldLabel(field), result.message));
                           if (--*pending > 0 || !m_run)
                               return;
                           Run& run = *m_run;
                           if (failures->isEmpty()) {
                               run.outcome.stored = true;
                               run.outcome.sessionOnly = !m_store->isPersistent();
                           } else {
                               run.outcome.sessionOnly = true;
                               run.outcome.storeError
                                   = QStringLiteral("The new tokens could not be written to %1 (%2). They are kept in "
                                                    "memory for this session only, never on disk%3.")
                                         .arg(m_store->backendName(), failures->join(QStringLiteral("; ")),
                                              run.outcome.refreshTokenRotated
                                                  ? QStringLiteral(": the refresh token in the keychain is dead now "
                                                                   "(rotation), so after a restart you must sign in "
                                                                   "again")
                                                  : QString());
                               run.outcome.error = {ErrorKind::Keychain, run.outcome.storeError};
                           }
                           finish();
                       });
    }
}

void TokenService::clientFinished(const Http::Exchange& exchange)
{
    if (!m_run || !m_run->next)
        return;
    auto next = std::exchange(m_run->next, nullptr);
    next(exchange);
}

void TokenService::finish()
{
    if (!m_run)
        return;
    std::unique_ptr<Run> run = std::move(m_run);
    qCDebug(lcTokens) << "token run finished:" << run->grant << "ok" << run->outcome.ok << "error"
                      << errorKindName(run->outcome.error.kind);
    if (!run->context)
        return;
    // Always on the event loop (never from inside run()), after the store confirmed its write.
    QTimer::singleShot(0, run->context.data(),
                       [outcome = std::move(run->outcome), done = std::move(run->done)] { done(outcome); });
}

} // namespace Authlens::Workspace
