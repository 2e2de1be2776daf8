#include "workspace/RefreshAndResend.h"

#include "http/HttpClient.h"
#include "jwt/TimeText.h"

#include <QTimer>

namespace Authlens::Workspace {

namespace {

QString firstTokenCode(const QList<Diagnosis::Finding>& findings)
{
    for (const Diagnosis::Finding& f : findings) {
        if (f.code.startsWith(u"token.") || f.code.startsWith(u"credentials."))
            return f.code;
    }
    return findings.isEmpty() ? QString() : findings.constFirst().code;
}

} // namespace

struct RefreshAndResend::Flow
{
    Request request;
    QPointer<QObject> context;
    Done done;
    ResendOutcome outcome;
    Http::RequestSpec spec; ///< what the next send sends
    qint64 now = 0;
    int sendIndex = -1; ///< the send in flight, -1 none
    bool refreshed = false; ///< the one token run of the flow happened
    bool cancelled = false;
    QString refreshReason; ///< why the flow refreshed, for the summary
    QList<QMetaObject::Connection> connections;
};

QList<Http::Exchange> ResendOutcome::exchanges() const
{
    QList<Http::Exchange> all;
    if (before)
        all.append(before->exchange);
    if (token) {
        for (const TokenStep& step : token->transcript)
            all.append(step.exchange);
    }
    if (after)
        all.append(after->exchange);
    return all;
}

RefreshAndResend::RefreshAndResend(Profiles::SecretStore* store, QObject* parent, Http::HttpClient* client)
    : QObject(parent)
    , m_tokens(std::make_unique<TokenService>(store))
    , m_client(client)
{
    if (!m_client) {
        m_ownClient = std::make_unique<Http::HttpClient>();
        m_client = m_ownClient.get();
    }
}

RefreshAndResend::~RefreshAndResend()
{
    if (m_flow && m_client) {
        for (const QMetaObject::Connection& c : std::as_const(m_flow->connections))
            disconnect(c);
    }
}

TokenService* RefreshAndResend::tokenService() const
{
    return m_tokens.get();
}

bool RefreshAndResend::isRunning() const
{
    return m_flow != nullptr;
}

void RefreshAndResend::run(const Request& request, QObject* context, Done done)
{
    if (m_flow || !m_client) {
        ResendOutcome refused;
        refused.profile = request.profile;
        refused.error = {ErrorKind::Usage,
                         m_flow ? QStringLiteral("A refresh and resend is already running")
                                : QStringLiteral("The HTTP client of the flow is gone")};
        if (context)
            QTimer::singleShot(0, context, [refused, done = std::move(done)] { done(refused); });
        return;
    }
    m_flow = std::make_unique<Flow>();
    Flow& f = *m_flow;
    f.request = request;
    f.context = context;
    f.done = std::move(done);
    f.spec = request.spec;
    f.outcome.profile = request.profile;
    f.now = (request.now.isValid() ? request.now : QDateTime::currentDateTimeUtc()).toSecsSinceEpoch();
    Diagnosis::DiagnoseOptions& options = f.request.diagnoseOptions;
    if (options.expectedAudiences.isEmpty())
        options.expectedAudiences = request.profile.expectedAudiences;
    if (options.expectedIssuer.isEmpty())
        options.expectedIssuer = request.profile.expectedIssuer;
    options.hasProfile = true;
    options.canResend = true;
    options.canRefreshToken = request.profile.auth.method == Auth::Method::OAuth2;

    f.connections.append(connect(m_client, &Http::HttpClient::finished, this, &RefreshAndResend::sendFinished));
    f.connections.append(connect(m_client, &Http::HttpClient::hopStarted, this, [this](int hop, const QUrl& url) {
        if (m_flow && m_flow->sendIndex >= 0)
            Q_EMIT hopStarted(m_flow->sendIndex, hop, url);
    }));

    if (request.failed) {
        // The user saw this 401 and asked for a new token: refresh at once, then resend.
        f.outcome.before
            = FlowSend {request.spec, *request.failed, Diagnosis::diagnose(*request.failed, f.request.diagnoseOptions)};
        f.refreshReason
            = QStringLiteral("Refreshed the token for the request that answered %1").arg(request.failed->finalStatus());
        startRefresh();
        return;
    }
    const Profiles::Profile& profile = request.profile;
    const bool oauth = profile.auth.method == Auth::Method::OAuth2;
    const qint64 expiry = accessTokenExpiry(profile);
    const bool missing = oauth && profile.sessionSecrets.token.isEmpty();
    const bool expired = oauth && expiry > 0 && expiry <= f.now;
    if (shouldRefreshBeforeSend(profile, f.now) || (request.refreshIfExpired && (missing || expired))) {
        f.outcome.refreshedFirst = true;
        if (missing)
            f.refreshReason = QStringLiteral("There was no access token: got one before sending");
        else if (expired)
            f.refreshReason = QStringLiteral("The access token expired %1 ago: refreshed it before sending")
                                  .arg(Jwt::TimeText::duration(f.now - expiry));
        else
            f.refreshReason = QStringLiteral("The access token expires in %1 (the profile refreshes %2 s ahead): "
                                             "refreshed it before sending")
                                  .arg(Jwt::TimeText::duration(expiry - f.now))
                                  .arg(profile.auth.oauth.refreshBeforeSeconds);
        startRefresh();
        return;
    }
    startSend(0);
}

void RefreshAndResend::startRefresh()
{
    Flow& f = *m_flow;
    f.refreshed = true;
    TokenService::Request tokenRequest;
    tokenRequest.profile = f.outcome.profile;
    tokenRequest.mode = f.request.mode;
    tokenRequest.now = f.request.now;
    tokenRequest.openBrowser = f.request.openBrowser;
    tokenRequest.interactionTimeoutSeconds = f.request.interactionTimeoutSeconds;
    if (f.outcome.before)
        tokenRequest.challenged = f.outcome.before->exchange; // its resource_metadata may name the server
    Q_EMIT tokenRunStarted();
    m_tokens->run(tokenRequest, this, [this](const TokenOutcome& outcome) { refreshFinished(outcome); });
}

void RefreshAndResend::refreshFinished(const TokenOutcome& token)
{
    if (!m_flow)
        return;
    Flow& f = *m_flow;
    f.outcome.token = token;
    // The tokens are stored (or the failure is known) before anything is resent: TokenService reports only
    // after the store confirmed its write.
    Q_EMIT tokenRunFinished(token);
    if (!token.ok) {
        f.outcome.error = token.error;
        const Diagnosis::Finding* refusal = nullptr;
        const QList<Diagnosis::Finding> findings = token.findings();
        for (const Diagnosis::Finding& finding : findings) {
            if (finding.code.startsWith(u"oauth.") && !refusal)
                refusal = &finding;
        }
        f.outcome.summary
            = QStringLiteral("The token run failed%1: %2 The request was not resent (the same token "
                             "would only be refused again).")
                  .arg(refusal ? QStringLiteral(" (%1)").arg(refusal->code) : QString(),
                       token.error.message.endsWith(u'.') ? token.error.message : token.error.message + u'.');
        finish();
        return;
    }
    if (f.cancelled) {
        f.outcome.profile = token.profile;
        f.outcome.error = {ErrorKind::Network, QStringLiteral("Cancelled")};
        finish();
        return;
    }
    f.spec = withProfileCredentials(f.spec, f.outcome.profile, token.profile);
    f.outcome.profile = token.profile;
    startSend(f.outcome.before ? 1 : 0);
}

void RefreshAndResend::startSend(int index)
{
    Flow& f = *m_flow;
    f.sendIndex = index;
    m_client->send(f.spec);
}

void RefreshAndResend::sendFinished(const Http::Exchange& exchange)
{
    if (!m_flow || m_flow->sendIndex < 0)
        return;
    Flow& f = *m_flow;
    const int index = std::exchange(f.sendIndex, -1);
    FlowSend sent {f.spec, exchange, Diagnosis::diagnose(exchange, f.request.diagnoseOptions)};
    const bool mayHelp = refreshMayHelp(f.outcome.profile, exchange, sent.diagnosis.findings);
    if (index == 0 && !f.refreshed && !f.cancelled && mayHelp) {
        f.refreshReason = QStringLiteral("The API answered 401 (%1): refreshed the token and resent the request once")
                              .arg(firstTokenCode(sent.diagnosis.findings));
        f.outcome.before = std::move(sent);
        startRefresh();
        return;
    }
    f.outcome.after = std::move(sent);
    if (f.cancelled)
        f.outcome.error = {ErrorKind::Network, QStringLiteral("Cancelled")};
    QString summary = f.refreshed ? f.refreshReason + u'.' : QStringLiteral("No refresh was needed.");
    if (f.refreshed && mayHelp)
        summary += QStringLiteral(" The answer is still 401 (%1) with the new token: not refreshing again (one "
                                  "refresh per send, never a loop).")
                       .arg(firstTokenCode(f.outcome.after->diagnosis.findings));
    else if (!f.refreshed && exchange.finalStatus() == 401)
        summary = QStringLiteral("The API answered 401, but no finding says a new token would help: not refreshed.");
    if (f.outcome.token && !f.outcome.token->storeError.isEmpty())
        summary += u' ' + f.outcome.token->storeError;
    f.outcome.summary = summary;
    finish();
}

void RefreshAndResend::cancel()
{
    if (!m_flow)
        return;
    m_flow->cancelled = true;
    if (m_tokens->isRunning())
        m_tokens->cancel();
    else if (m_flow->sendIndex >= 0 && m_client)
        m_client->cancel();
}

void RefreshAndResend::finish()
{
    std::unique_ptr<Flow> flow = std::move(m_flow);
    for (const QMetaObject::Connection& c : std::as_const(flow->connections))
        disconnect(c);
    if (!flow->context)
        return;
    QTimer::singleShot(0, flow->context.data(),
                       [outcome = std::move(flow->outcome), done = std::move(flow->done)] { done(outcome); });
}

} // namespace Authlens::Workspace
