#include "oauth/TokenRefresher.h"

#include "auth/HeaderParser.h"
#include "composer/RequestComposer.h"
#include "diagnosis/DiagnosisPanel.h"
#include "http/HttpClient.h"
#include "jwt/CompactJws.h"
#include "oauth/DeviceCodePanel.h"
#include "oauth/SignInPrompt.h"
#include "session/RequestController.h"
#include "session/Session.h"
#include "workspace/RefreshAndResend.h"

#include <QDesktopServices>
#include <QPointer>

#include <algorithm>

namespace Authlens::Gui {

namespace {

using Workspace::TokenService;

/// The resource_metadata of the 401's Bearer (or DPoP) challenge (RFC 9728 §5.1): the token service
/// follows it to the authorization server when the profile names no token endpoint.
bool namesResourceMetadata(const Http::Exchange& exchange)
{
    const Http::Hop* hop = exchange.finalResponseHop();
    if (!hop || hop->response.status != 401)
        return false;
    const Auth::ChallengeParseResult parsed
        = Auth::parseChallenges(Http::headerValues(hop->response.headers, "WWW-Authenticate"));
    for (const Auth::Challenge& c : parsed.challenges) {
        if ((c.isScheme("Bearer") || c.isScheme("DPoP")) && !c.value("resource_metadata").isEmpty())
            return true;
    }
    return false;
}

/// The token's issuer, when it is a JWT with an http(s) iss: OpenID discovery starts there.
bool hasDiscoverableIssuer(const QString& token)
{
    const std::optional<Jwt::CompactJws> jws = Jwt::CompactJws::parse(token.toLatin1());
    const std::optional<QJsonObject> claims = jws ? jws->claims() : std::nullopt;
    if (!claims)
        return false;
    const QUrl issuer(claims->value(QLatin1String("iss")).toString());
    return issuer.isValid() && (issuer.scheme() == u"https" || issuer.scheme() == u"http") && !issuer.host().isEmpty();
}

bool isTokenRequest(const Http::Exchange& exchange)
{
    return !exchange.hops.isEmpty() && exchange.hops.constFirst().request.method == "POST"
        && exchange.hops.constFirst().request.body.contains("grant_type=");
}

} // namespace

TokenRefresher::TokenRefresher(RequestComposer* composer, RequestController* controller, Session* session,
                               DiagnosisPanel* panel, QObject* parent)
    : QObject(parent)
    , m_composer(composer)
    , m_controller(controller)
    , m_session(session)
    , m_panel(panel)
    , m_client(new Http::HttpClient(this))
{
    connect(m_client, &Http::HttpClient::hopStarted, this, &TokenRefresher::hopStarted);
    if (m_panel) {
        // The browser sign-in's prompt (issue 11): the URL again, and Cancel.
        m_signIn = new SignInPrompt;
        m_panel->addSignInPrompt(m_signIn);
        connect(m_signIn, &SignInPrompt::openAgainRequested, this, [](const QUrl& url) {
            Workspace::openInBrowser(url, [](const QUrl& u) { return QDesktopServices::openUrl(u); });
        });
        connect(m_signIn, &SignInPrompt::cancelRequested, this, [this] {
            cancel();
            Q_EMIT statusMessage(tr("Sign-in cancelled."));
        });
    }
}

TokenRefresher::~TokenRefresher() = default;

bool TokenRefresher::isRunning() const
{
    return m_starting || m_flow != nullptr;
}

void TokenRefresher::cancel()
{
    if (m_flow)
        m_flow->cancel();
}

std::optional<Profiles::Profile> TokenRefresher::composerProfile() const
{
    const Profiles::Profile* stored = m_session->findProfile(m_composer->profileId());
    if (!stored)
        return std::nullopt;
    Profiles::Profile p = *stored;
    // The Auth tab is what the request carries: its method, and the token the user may have pasted.
    p.auth = m_composer->authSettings();
    p.sessionSecrets.token = m_composer->authSecrets().token;
    return p;
}

bool TokenRefresher::canGetTokens(const Http::Exchange& exchange) const
{
    const Profiles::Profile* stored = m_session->findProfile(m_composer->profileId());
    if (!stored || stored->auth.method != Auth::Method::OAuth2
        || m_composer->authSettings().method != Auth::Method::OAuth2)
        return false;
    // On the token endpoint's refusal of an earlier run, the question is about that run's 401.
    const auto failed = m_lastFailed.constFind(stored->id);
    const Http::Exchange& subject = isTokenRequest(exchange) && failed != m_lastFailed.cend() ? *failed : exchange;
    // A sign-in (authorization code) also finds its endpoints in the issuer's metadata (RFC 8414).
    const bool signInWithIssuer
        = stored->auth.oauth.grantType == u"authorization_code" && !stored->auth.oauth.issuer.trimmed().isEmpty();
    return !stored->auth.oauth.tokenEndpoint.trimmed().isEmpty() || m_discovered.contains(stored->id)
        || signInWithIssuer || namesResourceMetadata(subject) || hasDiscoverableIssuer(m_composer->authSecrets().token);
}

bool TokenRefresher::canRun(TokenService::Mode mode, const Http::Exchange& exchange) const
{
    if (isRunning() || m_controller->isRunning())
        return false;
    const std::optional<Profiles::Profile> p = composerProfile();
    if (!p || !canGetTokens(exchange))
        return false;
    // "Get a new token" runs the profile's own grant: with only a refresh token that is no new token.
    const QString grant = TokenService::grantFor(*p, mode);
    if (mode == TokenService::Mode::New && grant == u"refresh_token")
        return false;
    switch (m_session->secretsStatus(p->id)) {
    case Session::SecretsStatus::Failed:
        return false; // its secrets cannot be read: the grant could not be made
    case Session::SecretsStatus::NotLoaded:
    case Session::SecretsStatus::Loading:
        return true; // read before the run
    case Session::SecretsStatus::Loaded:
        break;
    }
    return !TokenService::checkGrant(*p, grant).isError();
}

void TokenRefresher::refreshAndResend(TokenService::Mode mode, const Http::Exchange& shown)
{
    if (isRunning() || m_controller->isRunning()) {
        Q_EMIT statusMessage(tr("A request is still running: wait for it or cancel it first."));
        return;
    }
    QString error;
    const std::optional<Http::RequestSpec> spec = m_composer->buildSpec(&error);
    if (!spec) {
        Q_EMIT statusMessage(error);
        return;
    }
    Pending pending;
    pending.profileId = m_composer->profileId();
    pending.spec = *spec;
    pending.mode = mode;
    // The fix picked on the token endpoint's refusal ("Get a new token" after invalid_grant) is for the API
    // request that run started from.
    if (isTokenRequest(shown) && m_lastFailed.contains(pending.profileId))
        pending.failed = m_lastFailed.value(pending.profileId);
    else
        pending.failed = shown;
    start(pending);
}

bool TokenRefresher::send(const Http::RequestSpec& spec)
{
    if (isRunning())
        return false;
    const Profiles::Profile* stored = m_session->findProfile(m_composer->profileId());
    if (!stored || stored->auth.method != Auth::Method::OAuth2 || stored->auth.oauth.refreshBeforeSeconds < 0
        || m_composer->authSettings().method != Auth::Method::OAuth2)
        return false;
    Pending pending;
    pending.profileId = stored->id;
    pending.spec = spec;
    start(pending);
    return true;
}

void TokenRefresher::start(const Pending& pending)
{
    m_starting = true;
    Q_EMIT runningChanged(true);
    QPointer<TokenRefresher> self(this);
    // The grant needs the profile's secrets (client secret, refresh token, password): read them first.
    m_session->withSecrets(
        {pending.profileId}, this, [self, pending](const QList<Profiles::Profile>& found, const QStringList& errors) {
            if (!self)
                return;
            const auto stop = [self](const QString& message) {
                self->m_starting = false;
                Q_EMIT self->runningChanged(false);
                Q_EMIT self->statusMessage(message);
            };
            if (found.isEmpty()) {
                stop(tr("The profile is gone."));
                return;
            }
            if (!errors.isEmpty()) {
                stop(tr("No token was requested: %1").arg(errors.first()));
                return;
            }
            const Profiles::Profile profile = found.first();
            if (profile.demo) {
                self->run(pending, profile, nullptr, {}); // demo secrets live in memory by design
                return;
            }
            self->m_session->secrets()->whenSettled(
                self, [self, pending, profile](Profiles::SecretStore* store, const Workspace::Error& problem) {
                    if (self)
                        self->run(pending, profile, store, problem.message);
                });
        });
}

void TokenRefresher::run(const Pending& pending, const Profiles::Profile& stored, Profiles::SecretStore* store,
                         const QString& storeProblem)
{
    m_starting = false;
    Profiles::Profile profile = stored;
    // What the request carries is the Auth tab's: its method and token (as composerProfile()).
    if (m_composer->profileId() == stored.id) {
        profile.auth = m_composer->authSettings();
        profile.sessionSecrets.token = m_composer->authSecrets().token;
    }
    m_result = ResendResult();
    m_result.tokenBefore = profile.sessionSecrets.token;
    m_result.oauthBefore = profile.auth.oauth;
    m_result.storeName = store ? store->backendName() : QString();
    m_result.demo = stored.demo;
    if (!store && !stored.demo && !storeProblem.isEmpty())
        Q_EMIT statusMessage(tr("New tokens will live in memory only: %1").arg(storeProblem));

    Workspace::RefreshAndResend::Request request;
    request.profile = profile;
    request.spec = pending.spec;
    request.failed = pending.failed;
    request.mode = pending.mode;
    request.refreshIfExpired = true;
    // The authorization code grant opens the system browser (AUTHLENS_BROWSER, when set, wins).
    request.openBrowser = [](const QUrl& url) { return QDesktopServices::openUrl(url); };
    m_client->setCookieJar(m_controller->cookieJar(stored.id));
    m_flow = std::make_unique<Workspace::RefreshAndResend>(store, nullptr, m_client);
    const QString profileId = stored.id;
    connect(m_flow.get(), &Workspace::RefreshAndResend::tokenRunStarted, this, [this] {
        Q_EMIT statusMessage(tr("Getting a new token…"));
        m_panel->showNotice(tr("Getting a new token from the profile's token service…"));
    });
    connect(m_flow->tokenService(), &TokenService::stepStarted, this,
            [this](int, const QString& title) { Q_EMIT statusMessage(tr("%1…").arg(title)); });
    connect(m_flow->tokenService(), &TokenService::authorizationUrlReady, this,
            [this, timeout = request.interactionTimeoutSeconds](const QUrl& url, const QUrl& redirect, bool opened) {
                Q_EMIT statusMessage(tr("Waiting for you to sign in in your browser…"));
                if (m_signIn)
                    m_signIn->start(url, redirect, opened, timeout);
            });
    connect(m_flow.get(), &Workspace::RefreshAndResend::tokenRunFinished, this,
            [this, profileId](const Workspace::TokenOutcome& token) {
                if (m_signIn)
                    m_signIn->stop();
                tokensArrived(profileId, token);
            });
    connect(m_flow->tokenService(), &TokenService::deviceAuthorizationReady, this, &TokenRefresher::showDeviceCode);
    connect(m_flow.get(), &Workspace::RefreshAndResend::hopStarted, this,
            [this, spec = pending.spec](int, int hop, const QUrl&) {
                if (hop == 0)
                    Q_EMIT sendStarted(spec);
            });
    m_flow->run(request, this, [this, profileId](const Workspace::ResendOutcome& outcome) {
        ResendResult result = m_result;
        result.outcome = outcome;
        // Destroyed later: this callback may run while the flow is still on the stack of a signal.
        m_flow.release()->deleteLater();
        if (outcome.token && !outcome.token->ok && outcome.before)
            m_lastFailed.insert(profileId, outcome.before->exchange);
        else
            m_lastFailed.remove(profileId);
        finished(result);
    });
}

void TokenRefresher::showDeviceCode(const Workspace::DeviceAuthorization& device)
{
    if (m_devicePanel)
        m_devicePanel->close();
    auto* panel = new DeviceCodePanel(device, m_composer->window());
    panel->setAttribute(Qt::WA_DeleteOnClose);
    m_devicePanel = panel;
    connect(m_flow->tokenService(), &TokenService::devicePolled, panel, &DeviceCodePanel::polled);
    connect(m_flow.get(), &Workspace::RefreshAndResend::tokenRunFinished, panel,
            [panel](const Workspace::TokenOutcome& token) {
                panel->finished(token.ok, token.ok ? QString() : token.error.message);
            });
    connect(panel, &DeviceCodePanel::cancelRequested, this, &TokenRefresher::cancel);
    Q_EMIT statusMessage(
        tr("Enter the code %1 at %2 to sign in.").arg(device.userCode, device.verificationUri.toDisplayString()));
    panel->show();
}

void TokenRefresher::tokensArrived(const QString& profileId, const Workspace::TokenOutcome& token)
{
    if (!token.ok)
        return;
    if (token.tokenEndpoint.isValid())
        m_discovered.insert(profileId, token.tokenEndpoint);
    const Profiles::Profile* current = m_session->findProfile(profileId);
    if (!current)
        return;
    // Only what the token run changed: the tokens and the non-secret facts of the response. The rest of
    // the profile (and the Auth tab's unsaved edits) stays as it is.
    Profiles::Profile updated = *current;
    updated.sessionSecrets.token = token.profile.sessionSecrets.token;
    updated.sessionSecrets.refreshToken = token.profile.sessionSecrets.refreshToken;
    updated.sessionSecrets.idToken = token.profile.sessionSecrets.idToken; // a sign-in's (issue 11)
    updated.auth.oauth.accessTokenExpiresAt = token.profile.auth.oauth.accessTokenExpiresAt;
    updated.auth.oauth.tokenType = token.profile.auth.oauth.tokenType;
    // RFC 9449: the DPoP key the token service made on first use (already in the keychain) signs the proofs
    // of every later request; the Auth tab's edits stay.
    updated.sessionSecrets.dpopKey = token.profile.sessionSecrets.dpopKey;
    m_composer->setRefreshedToken(profileId, updated.sessionSecrets.token, updated.auth.oauth);
    if (current->sessionSecrets.dpopKey != updated.sessionSecrets.dpopKey) {
        Auth::AuthSecrets edited = m_composer->authSecrets();
        edited.dpopKey = updated.sessionSecrets.dpopKey;
        m_composer->setProfileSecrets(profileId, edited);
    }
    if (updated.demo || !token.stored || !token.storeError.isEmpty()) {
        // Demo profiles, and tokens the secret store did not take: this session's memory only, never a file.
        m_session->addProfiles({updated});
        return;
    }
    // The tokens are in the secret store already (the service confirmed the write); saving writes the
    // profile's secrets again and then the file with the new expiry.
    const QString name = updated.name;
    m_session->saveProfile(updated, this, [this, name](const QString&, const QString& error) {
        if (!error.isEmpty())
            Q_EMIT statusMessage(tr("The new tokens are in the keychain, but “%1” was not saved: %2").arg(name, error));
    });
}

void TokenRefresher::finished(const ResendResult& result)
{
    const Workspace::ResendOutcome& outcome = result.outcome;
    Q_EMIT runningChanged(false);
    if (outcome.after) {
        Q_EMIT exchangeFinished(outcome.after->exchange);
    } else if (outcome.token && !outcome.token->transcript.isEmpty()) {
        // Nothing was resent: the token endpoint's answer (or the last discovery step) is what to look at.
        const Workspace::TokenStep* step = outcome.token->tokenRequestStep();
        Q_EMIT exchangeFinished(step ? step->exchange : outcome.token->transcript.constLast().exchange);
    }
    if (!outcome.token) {
        if (outcome.error.isError())
            Q_EMIT statusMessage(outcome.error.message);
        return;
    }
    Q_EMIT resendFinished(result);
    if (!outcome.summary.isEmpty())
        m_panel->showNotice(outcome.summary, outcome.error.isError() ? Banner::Kind::Warning : Banner::Kind::Info);
    // The status bar gets the short version: the notice and the Refresh tab say the rest.
    const Workspace::TokenOutcome& token = *outcome.token;
    if (!token.ok) {
        const QList<Diagnosis::Finding> findings = token.findings();
        const auto refusal = std::find_if(findings.cbegin(), findings.cend(),
                                          [](const Diagnosis::Finding& f) { return f.code.startsWith(u"oauth."); });
        Q_EMIT statusMessage(refusal != findings.cend()
                                 ? tr("No new token: %1. Nothing was resent.").arg(refusal->title)
                                 : tr("No new token. Nothing was resent."));
    } else if (outcome.after) {
        const int before = outcome.before ? outcome.before->exchange.finalStatus() : 0;
        const int after = outcome.after->exchange.finalStatus();
        Q_EMIT statusMessage(before > 0
                                 ? tr("New token (%1 grant): %2 → %3.").arg(token.grantType).arg(before).arg(after)
                                 : tr("New token (%1 grant), then sent: %2.").arg(token.grantType).arg(after));
    }
}

} // namespace Authlens::Gui
