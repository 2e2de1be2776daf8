#include "diagnosis/FixController.h"

#include "common/Dialogs.h"
#include "common/DisplayFormat.h"
#include "composer/RequestComposer.h"
#include "diagnosis/DiagnosisPanel.h"
#include "http/RequestSpec.h"
#include "inspector/ResponseInspector.h"
#include "jwt/HttpDate.h"
#include "jwt/TimeText.h"
#include "oauth/OAuthSetupDialog.h"
#include "oauth/TokenRefresher.h"
#include "session/RequestController.h"
#include "session/Session.h"
#include "workspace/OAuthMetadata.h"

#include <QAction>
#include <QJsonValue>

#include <cmath>
#include <optional>

namespace Authlens::Gui {

namespace {

// Action ids (Finding.h: a Fix is {id, label, kind, params}). The rules name them; this class performs them.
const QString UseScheme = QStringLiteral("auth.use_scheme"); ///< {"scheme": "Digest"}
const QString AddCredential = QStringLiteral("auth.add_credential"); ///< {"scheme": "Basic"} or API key params
const QString DigestResend = QStringLiteral("digest.resend");
const QString RequestResend = QStringLiteral("request.resend");
const QString ClearCookiesAndResend = QStringLiteral("cookies.clear_and_resend");
const QString ResendWithoutCookies = QStringLiteral("cookies.resend_without");
const QString AllowOrigin = QStringLiteral("profile.allow_origin"); ///< {"origin": "https://…"}
const QString ShowClockOffset = QStringLiteral("clock.show_offset"); ///< {"seconds": server − local}
const QString ResendAfter = QStringLiteral("request.resend_after"); ///< {"seconds": N}
const QString VerifySignature = QStringLiteral("token.verify_signature"); ///< {"issuer": "https://…"}
const QString TokenRefresh = QStringLiteral("token.refresh"); ///< refresh grant (else the profile's), then resend
const QString TokenNew = QStringLiteral("token.new"); ///< the profile's own grant, then resend
/// {"resource_metadata": url, "resource": the 401's URL}: the OAuth setup dialog (RFC 9728, issue 11)
const QString OAuthSetup = QStringLiteral("oauth.setup");
/// {"region": "us-east-1"} or {"service": "execute-api"}: sign for the scope AWS named, then send again
const QString AwsSetScope = QStringLiteral("aws.set_scope");
/// {"seconds": AWS's clock − the time the refused request was signed at}: sign by AWS's clock for the rest of the
/// session (AwsSettings::clockOffsetSeconds), then send again
const QString AwsUseServerClock = QStringLiteral("aws.use_server_clock");

/// A wait longer than this is not a countdown anyone watches: the advice to retry later stays text.
constexpr int MaxResendWaitSeconds = 15 * 60;

/// The Auth tab method for a scheme name as servers and rules write it.
std::optional<Auth::Method> methodFor(const QJsonObject& params)
{
    const QString scheme = params.value(QLatin1String("scheme")).toString().toLower().remove(u'-').remove(u'_');
    if (scheme == u"basic")
        return Auth::Method::Basic;
    if (scheme == u"digest")
        return Auth::Method::Digest;
    if (scheme == u"bearer")
        return Auth::Method::Bearer;
    if (scheme == u"apikey")
        return Auth::Method::ApiKey;
    return std::nullopt;
}

/// A fix's `seconds`, in whole seconds, when it is a number at most \a bound either way. The numbers come from
/// rules reading a server's answer (Retry-After, Date, AWS's clock): bounded before they become integers.
std::optional<qint64> signedSecondsParam(const QJsonObject& params, qint64 bound)
{
    const QJsonValue value = params.value(QLatin1String("seconds"));
    const double seconds = value.toDouble();
    if (!value.isDouble() || !(std::abs(seconds) <= double(bound)))
        return std::nullopt;
    return qint64(seconds);
}

/// A `seconds` that cannot be negative (a wait): -1 when absent or out of range.
int secondsParam(const QJsonObject& params)
{
    const std::optional<qint64> seconds = signedSecondsParam(params, 1'000'000'000);
    return seconds && *seconds >= 0 ? int(*seconds) : -1;
}

Http::Origin originParam(const QJsonObject& params)
{
    return Http::Origin::fromUrl(QUrl(params.value(QLatin1String("origin")).toString()));
}

} // namespace

FixController::FixController(const FixTargets& targets, QObject* parent)
    : QObject(parent)
    , m_targets(targets)
{
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &FixController::tick);
    m_targets.panel->setCanPerform([this](const Diagnosis::Fix& fix) { return canPerform(fix); });
    connect(m_targets.panel, &DiagnosisPanel::fixRequested, this, &FixController::perform);
    connect(m_targets.panel, &DiagnosisPanel::countdownCancelled, this, [this] {
        cancelCountdown();
        Q_EMIT statusMessage(tr("Resend cancelled."));
    });
    // Sending by hand replaces a resend that is still counting down.
    connect(m_targets.composer, &RequestComposer::sendRequested, this, &FixController::cancelCountdown);
}

FixController::~FixController() = default;

const QStringList& FixController::actionIds()
{
    static const QStringList ids {
        UseScheme,   AddCredential,   DigestResend,     RequestResend,   ClearCookiesAndResend, ResendWithoutCookies,
        AllowOrigin, ShowClockOffset, ResendAfter,      VerifySignature, TokenRefresh,          TokenNew,
        OAuthSetup,  AwsSetScope,     AwsUseServerClock};
    return ids;
}

bool FixController::canPerform(const Diagnosis::Fix& fix) const
{
    if (fix.kind != Diagnosis::FixKind::Action)
        return false;
    if (fix.id == UseScheme || fix.id == AddCredential)
        return methodFor(fix.params).has_value();
    if (fix.id == AllowOrigin)
        return !m_targets.composer->profileId().isEmpty() && originParam(fix.params).isValid();
    if (fix.id == ResendAfter) {
        const int seconds = secondsParam(fix.params);
        return seconds >= 0 && seconds <= MaxResendWaitSeconds;
    }
    if (fix.id == ShowClockOffset)
        return true;
    if (fix.id == VerifySignature)
        return m_targets.inspector != nullptr;
    if (fix.id == TokenRefresh || fix.id == TokenNew)
        return m_targets.tokens
            && m_targets.tokens->canRun(fix.id == TokenNew ? Workspace::TokenService::Mode::New
                                                           : Workspace::TokenService::Mode::Refresh,
                                        m_exchange);
    if (fix.id == AwsSetScope)
        return m_targets.composer->authSettings().method == Auth::Method::AwsSigV4
            && (!fix.params.value(QLatin1String("region")).toString().trimmed().isEmpty()
                || !fix.params.value(QLatin1String("service")).toString().trimmed().isEmpty());
    if (fix.id == AwsUseServerClock) {
        const Auth::AuthSettings settings = m_targets.composer->authSettings();
        // AWS's clock minus the clock the refused request was signed by.
        const std::optional<qint64> offset = signedSecondsParam(fix.params, Auth::AwsSettings::MaxClockOffsetSeconds);
        return settings.method == Auth::Method::AwsSigV4 && offset
            && std::abs(settings.aws.clockOffsetSeconds + *offset) <= Auth::AwsSettings::MaxClockOffsetSeconds;
    }
    if (fix.id == OAuthSetup)
        return m_targets.session->findProfile(m_targets.composer->profileId()) != nullptr
            && Http::isHttpUrl(QUrl(fix.params.value(QLatin1String("resource_metadata")).toString()));
    return fix.id == DigestResend || fix.id == RequestResend || fix.id == ClearCookiesAndResend
        || fix.id == ResendWithoutCookies;
}

Diagnosis::DiagnoseOptions FixController::diagnoseOptions() const
{
    Diagnosis::DiagnoseOptions options;
    options.canResend = true;
    // The composer's Auth tab performs these (AuthEditor); "ApiKey" is no HTTP scheme but a method it has.
    options.availableSchemes
        = {QStringLiteral("Basic"), QStringLiteral("Digest"), QStringLiteral("Bearer"), QStringLiteral("ApiKey")};
    options.canRefreshToken = m_targets.tokens && m_targets.tokens->canGetTokens(m_exchange);
    // The rules offer "Set up OAuth for this API" where no token service can help yet (a 401's
    // resource_metadata names where tokens come from); it needs a profile to write into.
    options.canSetUpOAuth = m_targets.session->findProfile(m_targets.composer->profileId()) != nullptr;
    options.keys = m_keys;
    if (const Profiles::Profile* profile = m_targets.session->findProfile(m_targets.composer->profileId())) {
        options.hasProfile = true;
        options.expectedAudiences = profile->expectedAudiences;
        options.expectedIssuer = profile->expectedIssuer;
    }
    return options;
}

void FixController::clearExchange()
{
    m_exchange = {};
    m_diagnosis = {};
    m_comparison.disarm();
    updateSetUpOAuthAction();
}

void FixController::setExchange(const Http::Exchange& exchange, const Diagnosis::Diagnosis& diagnosis)
{
    m_exchange = exchange;
    m_diagnosis = diagnosis;
    updateSetUpOAuthAction();
    if (std::optional<ResendResult> result = m_comparison.take(exchange, diagnosis))
        Q_EMIT fixCompared(*result);
}

QAction* FixController::setUpOAuthAction()
{
    if (!m_setUpOAuth) {
        m_setUpOAuth = new QAction(tr("Set Up OAuth for This API…"), this);
        m_setUpOAuth->setObjectName(QStringLiteral("actionSetUpOAuth"));
        m_setUpOAuth->setStatusTip(tr("Propose the profile's OAuth 2 settings from the 401's resource metadata "
                                      "(RFC 9728) and its authorization server's metadata (RFC 8414)"));
        connect(m_setUpOAuth, &QAction::triggered, this, [this] {
            QUrl resource;
            const QUrl metadata = Workspace::resourceMetadataOf(m_exchange, &resource);
            const QJsonObject params {{QStringLiteral("resource_metadata"), metadata.toString(QUrl::FullyEncoded)},
                                      {QStringLiteral("resource"), resource.toString(QUrl::FullyEncoded)}};
            if (canPerform({OAuthSetup, {}, Diagnosis::FixKind::Action, params}))
                setUpOAuth(params);
        });
        updateSetUpOAuthAction();
    }
    return m_setUpOAuth;
}

void FixController::updateSetUpOAuthAction()
{
    if (!m_setUpOAuth)
        return;
    QUrl resource;
    m_setUpOAuth->setEnabled(!Workspace::resourceMetadataOf(m_exchange, &resource).isEmpty()
                             && m_targets.session->findProfile(m_targets.composer->profileId()));
}

void FixController::perform(const Diagnosis::Finding& finding, const Diagnosis::Fix& fix)
{
    if (!canPerform(fix))
        return;
    m_performing = fix.label.isEmpty() ? fix.id : fix.label;
    if (fix.id == UseScheme || fix.id == AddCredential)
        useScheme(fix.params);
    else if (fix.id == DigestResend || fix.id == RequestResend)
        resend(true);
    else if (fix.id == ClearCookiesAndResend)
        clearCookiesAndResend();
    else if (fix.id == ResendWithoutCookies)
        resend(false);
    else if (fix.id == AllowOrigin)
        allowOrigin(fix.params);
    else if (fix.id == ShowClockOffset)
        showClockOffset(finding, fix.params);
    else if (fix.id == ResendAfter)
        resendAfter(secondsParam(fix.params));
    else if (fix.id == VerifySignature)
        verifySignature(finding);
    else if (fix.id == TokenRefresh || fix.id == TokenNew)
        getToken(fix.id == TokenNew ? Workspace::TokenService::Mode::New : Workspace::TokenService::Mode::Refresh);
    else if (fix.id == OAuthSetup)
        setUpOAuth(fix.params);
    else if (fix.id == AwsSetScope)
        setAwsScope(fix.params);
    else if (fix.id == AwsUseServerClock)
        useAwsServerClock(fix.params);
}

void FixController::setAwsScope(const QJsonObject& params)
{
    // The Auth tab takes the region or service, as if typed; saving it to the profile stays the user's choice.
    Auth::AuthSettings settings = m_targets.composer->authSettings();
    const QString region = params.value(QLatin1String("region")).toString().trimmed();
    const QString service = params.value(QLatin1String("service")).toString().trimmed();
    if (!region.isEmpty())
        settings.aws.region = region;
    if (!service.isEmpty())
        settings.aws.service = service;
    m_targets.composer->setAuth(settings, m_targets.composer->authSecrets());
    Q_EMIT statusMessage(tr("Signing for %1/%2 and sending again.").arg(settings.aws.region, settings.aws.service));
    resend(true);
}

void FixController::useAwsServerClock(const QJsonObject& params)
{
    // The refused request was signed by this computer's clock plus the offset already in use: AWS's skew adds to it.
    // canPerform() checked that the sum stays within the bound.
    Auth::AuthSettings settings = m_targets.composer->authSettings();
    settings.aws.clockOffsetSeconds += signedSecondsParam(params, Auth::AwsSettings::MaxClockOffsetSeconds).value_or(0);
    m_targets.composer->setAuth(settings, m_targets.composer->authSecrets());
    const qint64 offset = settings.aws.clockOffsetSeconds;
    Q_EMIT statusMessage(
        offset == 0
            ? tr("Signing by this computer's clock and sending again.")
            : tr("Signing by AWS's clock (%1 this computer's) and sending again.").arg(clockOffsetText(offset)));
    resend(true);
}

void FixController::setUpOAuth(const QJsonObject& params)
{
    const Profiles::Profile* profile = m_targets.session->findProfile(m_targets.composer->profileId());
    if (!profile)
        return;
    Workspace::OAuthSetup::Request request;
    request.profile = *profile;
    request.resourceMetadataUrl = QUrl(params.value(QLatin1String("resource_metadata")).toString());
    request.resourceUrl = QUrl(params.value(QLatin1String("resource")).toString());
    auto* dialog = new OAuthSetupDialog(m_targets.session, profile->id, request, m_targets.window);
    const QString name = profile->name;
    connect(dialog, &OAuthSetupDialog::saved, this, [this, name] {
        Q_EMIT statusMessage(
            tr("OAuth 2 set up for “%1” from the API's metadata: send again to get a token.").arg(name));
    });
    Q_EMIT oauthSetupOpened(dialog);
    dialog->open();
    dialog->start();
}

void FixController::getToken(Workspace::TokenService::Mode mode)
{
    cancelCountdown();
    m_targets.tokens->refreshAndResend(mode, m_exchange);
}

void FixController::verifySignature(const Diagnosis::Finding& finding)
{
    // The finding's claim evidence names the token (hop, side, container); the Token tab fetches the
    // issuer's keys, and keysFound() brings them back here through the window.
    for (const Diagnosis::Evidence& e : finding.evidence) {
        if (e.kind == Diagnosis::EvidenceKind::Claim && m_targets.inspector->verifyTokenSignature(e)) {
            Q_EMIT statusMessage(tr("Fetching the issuer's keys to check the signature…"));
            return;
        }
    }
    Q_EMIT statusMessage(tr("The token's issuer publishes no keys Authlens could fetch."));
}

void FixController::addKeys(const Jwt::KeySet& keys)
{
    const QStringList known = m_keys.keyIds();
    for (const Jwt::VerificationKey& key : keys.keys()) {
        if (key.keyId().isEmpty() || !known.contains(key.keyId()))
            m_keys.append(key);
    }
}

QString FixController::profileName() const
{
    const Profiles::Profile* profile = m_targets.session->findProfile(m_targets.composer->profileId());
    return profile ? profile->name : QString();
}

void FixController::useScheme(const QJsonObject& params)
{
    const std::optional<Auth::Method> method = methodFor(params);
    if (!method)
        return;
    const QString name = params.value(QLatin1String("name")).toString();
    const bool query = params.value(QLatin1String("in")).toString() == u"query";
    m_targets.composer->showAuthMethod(*method, name, query);
    Q_EMIT statusMessage(tr("The Auth tab is set to %1: fill in the credentials, then send.")
                             .arg(params.value(QLatin1String("scheme")).toString()));
}

void FixController::resend(bool withJarCookies)
{
    cancelCountdown();
    if (m_targets.controller->isRunning() || (m_targets.tokens && m_targets.tokens->isRunning())) {
        Q_EMIT statusMessage(tr("A request is still running: wait for it or cancel it first."));
        return;
    }
    // Built here rather than by the composer's Send, so that the comparison waits only for a send that happened.
    QString error;
    std::optional<Http::RequestSpec> spec = m_targets.composer->buildSpec(&error);
    if (!spec) {
        Q_EMIT statusMessage(error);
        return;
    }
    if (!withJarCookies) {
        spec->sendJarCookies = false;
        Q_EMIT statusMessage(tr("Sent once without the cookie jar's cookies; the jar is unchanged."));
    }
    // Compared with the answer the fix was clicked on; a request never answered has nothing to compare with.
    m_comparison.arm(m_exchange, m_diagnosis, m_performing, QDateTime::currentDateTimeUtc());
    Q_EMIT sendRequested(*spec);
    // Nothing went out: no answer to wait for. (A profile that refreshes before sending hands the request to the
    // token flow; when that runs the grant, its own comparison, with the transcript, comes after this one.)
    if (!m_targets.controller->isRunning() && !(m_targets.tokens && m_targets.tokens->isRunning()))
        m_comparison.disarm();
}

void FixController::clearCookiesAndResend()
{
    if (m_targets.controller->isRunning()) {
        Q_EMIT statusMessage(tr("A request is still running: wait for it or cancel it first."));
        return;
    }
    m_targets.controller->clearCookies(m_targets.composer->profileId());
    const QString name = profileName();
    Q_EMIT statusMessage(name.isEmpty() ? tr("Cookies of requests without a profile cleared; sending again.")
                                        : tr("Cookies of “%1” cleared; sending again.").arg(name));
    resend(true);
}

void FixController::allowOrigin(const QJsonObject& params)
{
    const Http::Origin origin = originParam(params);
    const Profiles::Profile* profile = m_targets.session->findProfile(m_targets.composer->profileId());
    if (!profile || !origin.isValid())
        return;
    const QString id = profile->id;
    const QString name = profile->name;
    if (profile->allowedOrigins.contains(origin)) {
        Q_EMIT statusMessage(tr("%1 is already allowed for “%2”.").arg(origin.toString(), name));
        return;
    }
    if (Dialogs::confirm(m_targets.window, tr("Allow Origin"),
                         tr("Send the credentials of “%1” to %2 too?").arg(name, origin.toString()),
                         tr("Its password, token, API key, cookies and client certificate will then go to %1 "
                            "whenever a request or a redirect leads there — not only to %2. Only allow an origin "
                            "you trust with them.")
                             .arg(origin.toString(), Http::Origin::fromUrl(QUrl(profile->baseUrl)).toString()),
                         tr("Allow"))
        != QMessageBox::Yes)
        return;
    // The dialog ran an event loop: the profile may have changed or gone meanwhile.
    profile = m_targets.session->findProfile(id);
    if (!profile)
        return;
    if (profile->demo) {
        // Built-in profiles are never written to disk: allowed for this session.
        Profiles::Profile changed = *profile;
        changed.allowedOrigins.append(origin);
        m_targets.session->addProfiles({changed});
        Q_EMIT statusMessage(tr("%1 allowed for “%2” until the demo stops (built-in profiles are not saved).")
                                 .arg(origin.toString(), name));
        return;
    }
    // Saving writes the profile's secrets too: take them from the keychain first, never save empty ones.
    QPointer<FixController> self(this);
    m_targets.session->withSecrets(
        {id}, this, [self, origin, name](const QList<Profiles::Profile>& profiles, const QStringList& errors) {
            if (!self)
                return;
            if (profiles.isEmpty() || !errors.isEmpty()) {
                Q_EMIT self->statusMessage(
                    tr("“%1” was not changed: its secrets could not be read from the keychain.").arg(name));
                return;
            }
            Profiles::Profile changed = profiles.first();
            changed.allowedOrigins.append(origin);
            self->m_targets.session->saveProfile(
                changed, self, [self, origin, name](const QString&, const QString& error) {
                    if (!self)
                        return;
                    Q_EMIT self->statusMessage(error.isEmpty()
                                                   ? tr("%1 allowed for “%2” and saved.").arg(origin.toString(), name)
                                                   : tr("“%1” was not saved: %2").arg(name, error));
                });
        });
}

void FixController::showClockOffset(const Diagnosis::Finding& finding, const QJsonObject& params)
{
    // The hop the finding is about, else the final response: its Date against the local clock when the
    // request went out.
    const Http::Hop* hop = nullptr;
    if (finding.hop >= 0 && finding.hop < m_exchange.hops.size())
        hop = &m_exchange.hops.at(finding.hop);
    if (!hop)
        hop = m_exchange.finalResponseHop();
    std::optional<QDateTime> server;
    QByteArray date;
    QDateTime local;
    if (hop) {
        date = Http::headerValue(hop->response.headers, "Date");
        server = Jwt::parseHttpDate(date);
        local = hop->timing.started;
    }
    // The rule's number when it has one (either sign: the server's clock may be behind), else this hop's Date.
    const std::optional<qint64> given = signedSecondsParam(params, 1'000'000'000);
    qint64 skew = given.value_or(0);
    if (!given && server && local.isValid())
        skew = local.secsTo(*server);
    QStringList lines;
    if (!given && !(server && local.isValid())) {
        lines.append(tr("This exchange has no server Date to compare this machine's clock with."));
    } else if (std::abs(skew) <= 1) {
        lines.append(tr("This machine's clock and the server's agree (to the second)."));
    } else {
        lines.append(tr("The server's clock is %1 this machine's (%2%3 s).")
                         .arg(clockOffsetText(skew), skew > 0 ? QStringLiteral("+") : QString())
                         .arg(skew));
    }
    if (server)
        lines.append(tr("Server's Date: %1 (%2)")
                         .arg(QString::fromLatin1(date), Jwt::TimeText::utc(server->toSecsSinceEpoch())));
    if (local.isValid())
        lines.append(
            tr("This machine when the request went out: %1").arg(Jwt::TimeText::utc(local.toSecsSinceEpoch())));
    if (std::abs(skew) > 1)
        lines.append(tr("Token times are judged by both clocks. Synchronising this machine with NTP removes the "
                        "difference on this side."));
    m_targets.panel->showNotice(lines.join(u'\n'), std::abs(skew) > 60 ? Banner::Kind::Warning : Banner::Kind::Info);
}

void FixController::resendAfter(int seconds)
{
    m_secondsLeft = seconds;
    if (seconds <= 0) {
        resend(true);
        return;
    }
    m_countdown.start();
    m_targets.panel->showCountdown(tr("Sending again in %1 s (the server's Retry-After)…").arg(m_secondsLeft));
}

void FixController::tick()
{
    --m_secondsLeft;
    if (m_secondsLeft > 0) {
        m_targets.panel->showCountdown(tr("Sending again in %1 s (the server's Retry-After)…").arg(m_secondsLeft));
        return;
    }
    m_countdown.stop();
    m_targets.panel->hideCountdown();
    resend(true);
}

void FixController::cancelCountdown()
{
    m_countdown.stop();
    m_secondsLeft = 0;
    m_targets.panel->hideCountdown();
}

} // namespace Authlens::Gui
