// "Set up OAuth for this API" (issue 11): from a 401's resource_metadata to a proposal for the profile.
// RFC 9728 §3 (fetch the protected resource metadata, check its resource, §3.3), then the first
// authorization server it names: RFC 8414 §3 metadata, else OpenID Connect discovery (RFC 8414 §5), its
// issuer checked (§3.3). The document fetching and its checks are the token service's (OAuthMetadata.h).
#include "workspace/OAuthSetup.h"

#include "diagnosis/Catalog.h"
#include "diagnosis/Diagnoser.h"
#include "http/HttpClient.h"
#include "http/RequestSpec.h"
#include "workspace/OAuthMetadata.h"

#include <QJsonArray>
#include <QTimer>

namespace Authlens::Workspace {

namespace {

const QString DeviceGrant = QStringLiteral("urn:ietf:params:oauth:grant-type:device_code");

QStringList strings(const QJsonValue& value)
{
    QStringList out;
    for (const QJsonValue& v : value.toArray()) {
        if (v.isString() && !v.toString().isEmpty())
            out.append(v.toString());
    }
    return out;
}

QString httpUrlMember(const QJsonObject& o, QStringView key)
{
    const QString text = o.value(key).toString();
    return Http::isHttpUrl(QUrl(text, QUrl::StrictMode)) ? text : QString();
}

QString yesNo(bool value)
{
    return value ? QStringLiteral("on") : QStringLiteral("off");
}

} // namespace

OAuthProposal OAuthProposal::from(const QUrl& resourceMetadataUrl, const QJsonObject& rm, const QUrl& serverMetadataUrl,
                                  const QJsonObject& as)
{
    OAuthProposal p;
    p.resourceMetadataUrl = resourceMetadataUrl;
    p.serverMetadataUrl = serverMetadataUrl;
    p.resource = QUrl(rm.value(u"resource").toString(), QUrl::StrictMode);
    const QString rmName = QStringLiteral("resource metadata");
    const QString asName = serverMetadataUrl.path().endsWith(u"/.well-known/openid-configuration")
        ? QStringLiteral("OpenID discovery")
        : QStringLiteral("server metadata");
    p.issuer = as.value(u"issuer").toString();
    p.sources.insert(QStringLiteral("issuer"), asName + QStringLiteral(", issuer"));
    p.sources.insert(QStringLiteral("method"), rmName + QStringLiteral(", authorization_servers"));
    p.tokenEndpoint = httpUrlMember(as, u"token_endpoint");
    p.sources.insert(QStringLiteral("token_endpoint"), asName + QStringLiteral(", token_endpoint"));
    p.authorizationEndpoint = httpUrlMember(as, u"authorization_endpoint");
    p.sources.insert(QStringLiteral("authorization_endpoint"), asName + QStringLiteral(", authorization_endpoint"));
    p.deviceAuthorizationEndpoint = httpUrlMember(as, u"device_authorization_endpoint");
    p.sources.insert(QStringLiteral("device_authorization_endpoint"),
                     asName + QStringLiteral(", device_authorization_endpoint"));

    // RFC 8414 §2: grant_types_supported defaults to ["authorization_code", "implicit"]; PKCE is supported
    // only when code_challenge_methods_supported says so, and S256 is the method to use (RFC 7636 §4.2).
    const bool grantsListed = as.contains(u"grant_types_supported");
    const QStringList grants = grantsListed
        ? strings(as.value(u"grant_types_supported"))
        : QStringList {QStringLiteral("authorization_code"), QStringLiteral("implicit")};
    const bool s256 = strings(as.value(u"code_challenge_methods_supported")).contains(QStringLiteral("S256"));
    const QString grantSource = asName + (grantsListed ? QStringLiteral(", grant_types_supported") : QString());
    if (!p.authorizationEndpoint.isEmpty() && grants.contains(QStringLiteral("authorization_code")) && s256) {
        p.grantType = QStringLiteral("authorization_code");
        p.grantReason = QStringLiteral("the server has an authorization endpoint and PKCE with S256");
        p.sources.insert(QStringLiteral("grant_type"),
                         grantSource + QStringLiteral(", code_challenge_methods_supported"));
    } else if (!p.deviceAuthorizationEndpoint.isEmpty() && (!grantsListed || grants.contains(DeviceGrant))) {
        p.grantType = QStringLiteral("device_code");
        p.grantReason = QStringLiteral("the server has a device authorization endpoint (RFC 8628)");
        p.sources.insert(QStringLiteral("grant_type"), grantSource + QStringLiteral(", device_authorization_endpoint"));
    } else {
        p.grantType = QStringLiteral("client_credentials");
        p.grantReason = !p.authorizationEndpoint.isEmpty() && !s256
            ? QStringLiteral("the server does not list PKCE S256, and has no device authorization endpoint")
            : QStringLiteral("the server offers no sign-in for users (no authorization or device endpoint)");
        p.sources.insert(QStringLiteral("grant_type"), grantSource);
    }
    p.sources.insert(QStringLiteral("pkce"), asName + QStringLiteral(", code_challenge_methods_supported"));

    p.scopes = strings(rm.value(u"scopes_supported"));
    p.sources.insert(QStringLiteral("scopes"), rmName + QStringLiteral(", scopes_supported"));
    p.bearerMethods = strings(rm.value(u"bearer_methods_supported"));
    p.dpopRequired = rm.value(u"dpop_bound_access_tokens_required").toBool();
    p.sources.insert(QStringLiteral("dpop"), rmName + QStringLiteral(", dpop_bound_access_tokens_required"));
    const QStringList dpopAlgs = strings(as.value(u"dpop_signing_alg_values_supported"));
    for (const char* alg : {"ES256", "RS256", "PS256"}) {
        if (dpopAlgs.isEmpty() || dpopAlgs.contains(QLatin1String(alg))) {
            p.dpopAlg = QString::fromLatin1(alg);
            break;
        }
    }

    // RFC 8414 §2: token_endpoint_auth_methods_supported defaults to client_secret_basic.
    p.clientAuthMethods = as.contains(u"token_endpoint_auth_methods_supported")
        ? strings(as.value(u"token_endpoint_auth_methods_supported"))
        : QStringList {QStringLiteral("client_secret_basic")};
    p.sources.insert(QStringLiteral("client_auth"), asName + QStringLiteral(", token_endpoint_auth_methods_supported"));
    // A user's sign-in from a desktop app is a public client where the server allows one (RFC 8252 §8.4);
    // otherwise the first method Authlens can perform, in the order of how little the client must hold.
    QStringList order {QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post"),
                       QStringLiteral("private_key_jwt"), QStringLiteral("client_secret_jwt")};
    if (p.grantType != u"client_credentials")
        order.prepend(QStringLiteral("none"));
    for (const QString& method : order) {
        if (p.clientAuthMethods.contains(method)) {
            p.clientAuth = Auth::clientAuthFromName(method);
            break;
        }
    }
    return p;
}

QList<OAuthProposal::Field> OAuthProposal::fields(const Profiles::Profile& profile) const
{
    const Auth::OAuthSettings& o = profile.auth.oauth;
    const bool oauth = profile.auth.method == Auth::Method::OAuth2;
    QList<Field> out;
    const auto add = [&](const QString& key, const QString& label, const QString& current, const QString& proposed) {
        out.append({key, label, current, proposed, sources.value(key), current != proposed});
    };
    add(QStringLiteral("method"), QStringLiteral("Auth method"), Auth::methodName(profile.auth.method),
        Auth::methodName(Auth::Method::OAuth2));
    add(QStringLiteral("issuer"), QStringLiteral("Issuer"), o.issuer, issuer);
    add(QStringLiteral("token_endpoint"), QStringLiteral("Token endpoint"), o.tokenEndpoint, tokenEndpoint);
    if (!authorizationEndpoint.isEmpty())
        add(QStringLiteral("authorization_endpoint"), QStringLiteral("Authorization endpoint"), o.authorizationEndpoint,
            authorizationEndpoint);
    if (!deviceAuthorizationEndpoint.isEmpty())
        add(QStringLiteral("device_authorization_endpoint"), QStringLiteral("Device authorization endpoint"),
            o.deviceAuthorizationEndpoint, deviceAuthorizationEndpoint);
    add(QStringLiteral("grant_type"), QStringLiteral("Grant"), oauth ? o.grantType : QString(), grantType);
    if (grantType == u"authorization_code")
        add(QStringLiteral("pkce"), QStringLiteral("PKCE (S256)"), yesNo(o.pkce), yesNo(true));
    if (!scopes.isEmpty())
        add(QStringLiteral("scopes"), QStringLiteral("Scopes"), o.scopes.join(u' '), scopes.join(u' '));
    add(QStringLiteral("dpop"), QStringLiteral("DPoP-bound tokens"), yesNo(o.dpop), yesNo(dpopRequired));
    add(QStringLiteral("client_auth"), QStringLiteral("Client authentication"),
        oauth ? Auth::clientAuthName(o.clientAuth) : QString(), Auth::clientAuthName(clientAuth));
    return out;
}

Profiles::Profile OAuthProposal::applied(const Profiles::Profile& profile, const QStringList& keys,
                                         const QString& clientId) const
{
    Profiles::Profile p = profile;
    Auth::OAuthSettings& o = p.auth.oauth;
    if (keys.contains(u"method"))
        p.auth.method = Auth::Method::OAuth2;
    if (keys.contains(u"issuer"))
        o.issuer = issuer;
    if (keys.contains(u"token_endpoint"))
        o.tokenEndpoint = tokenEndpoint;
    if (keys.contains(u"authorization_endpoint"))
        o.authorizationEndpoint = authorizationEndpoint;
    if (keys.contains(u"device_authorization_endpoint"))
        o.deviceAuthorizationEndpoint = deviceAuthorizationEndpoint;
    if (keys.contains(u"grant_type"))
        o.grantType = grantType;
    if (keys.contains(u"pkce"))
        o.pkce = true;
    if (keys.contains(u"scopes"))
        o.scopes = scopes;
    if (keys.contains(u"dpop")) {
        o.dpop = dpopRequired;
        if (dpopRequired && !dpopAlg.isEmpty())
            o.dpopAlg = dpopAlg;
    }
    if (keys.contains(u"client_auth"))
        o.clientAuth = clientAuth;
    if (!clientId.trimmed().isEmpty())
        o.clientId = clientId.trimmed();
    return p;
}

QList<Diagnosis::Finding> OAuthSetupOutcome::findings() const
{
    QList<Diagnosis::Finding> all = problems;
    for (const TokenStep& step : transcript)
        all += step.findings;
    return all;
}

struct OAuthSetup::Run
{
    Request request;
    QPointer<QObject> context;
    Done done;
    OAuthSetupOutcome outcome;
    std::function<void(const Http::Exchange&)> next;
    bool tooLarge = false;
    bool cancelled = false;
    QJsonObject resourceMetadata;
    QString issuer;
    QList<QUrl> serverUrls;
    QStringList misses; ///< why each authorization server document was not used
};

std::optional<OAuthSetup::Request> OAuthSetup::requestFor(const Profiles::Profile& profile,
                                                          const Http::Exchange& challenged)
{
    Request r;
    r.profile = profile;
    r.resourceMetadataUrl = resourceMetadataOf(challenged, &r.resourceUrl);
    if (r.resourceMetadataUrl.isEmpty())
        return std::nullopt;
    return r;
}

OAuthSetup::OAuthSetup(QObject* parent)
    : QObject(parent)
    , m_client(std::make_unique<Http::HttpClient>())
{
    connect(m_client.get(), &Http::HttpClient::finished, this, [this](const Http::Exchange& exchange) {
        if (!m_run || !m_run->next)
            return;
        auto next = std::move(m_run->next);
        m_run->next = nullptr;
        next(exchange);
    });
    connect(m_client.get(), &Http::HttpClient::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (m_run && !m_run->tooLarge && (received > MaxDocumentBytes || total > MaxDocumentBytes)) {
            m_run->tooLarge = true;
            m_client->cancel();
        }
    });
}

OAuthSetup::~OAuthSetup()
{
    m_client->disconnect(this);
}

bool OAuthSetup::isRunning() const
{
    return m_run != nullptr;
}

void OAuthSetup::run(const Request& request, QObject* context, Done done)
{
    if (m_run) {
        OAuthSetupOutcome refused;
        refused.error = {ErrorKind::Usage, QStringLiteral("A setup is already running")};
        if (context)
            QTimer::singleShot(0, context, [refused, done = std::move(done)] { done(refused); });
        return;
    }
    m_run = std::make_unique<Run>();
    m_run->request = request;
    m_run->context = context;
    m_run->done = std::move(done);
    fetch(
        QStringLiteral("Protected resource metadata (RFC 9728)"), request.resourceMetadataUrl,
        [this](const QJsonObject& metadata) { resourceMetadataFetched(metadata); },
        [this](const QString& why) {
            // An answer that is no usable document is the API's problem; no answer at all the network's.
            const QList<TokenStep>& steps = m_run->outcome.transcript;
            const bool unanswered = !steps.isEmpty() && !steps.constLast().exchange.hasResponse();
            fail(unanswered ? ErrorKind::Network : ErrorKind::BadInput,
                 QStringLiteral("The protected resource metadata could not be read: %1").arg(why));
        });
}

void OAuthSetup::cancel()
{
    if (!m_run)
        return;
    m_run->cancelled = true;
    if (m_client->isRunning()) {
        m_client->cancel(); // the exchange reports Cancelled, and the run ends there
        return;
    }
    fail(ErrorKind::Network, QStringLiteral("Cancelled"));
}

void OAuthSetup::fetch(const QString& title, const QUrl& url, std::function<void(const QJsonObject&)> use,
                       std::function<void(const QString&)> failed)
{
    Run& r = *m_run;
    if (!Http::isHttpUrl(url)) {
        // Before anything was fetched: the URL itself is the problem.
        QTimer::singleShot(0, this,
                           [failed, url] { failed(QStringLiteral("%1 is not an http(s) URL").arg(displayUrl(url))); });
        return;
    }
    QString error;
    const std::optional<Http::RequestSpec> spec = metadataRequest(r.request.profile, url, &error);
    if (!spec) {
        QTimer::singleShot(0, this, [this, error] { fail(ErrorKind::BadInput, error); });
        return;
    }
    const int index = int(r.outcome.transcript.size());
    r.outcome.transcript.append(TokenStep {title, {}, {}});
    r.tooLarge = false;
    r.next = [this, index, url, use = std::move(use), failed = std::move(failed)](const Http::Exchange& exchange) {
        Run& run = *m_run;
        TokenStep& step = run.outcome.transcript[index];
        step.exchange = exchange;
        step.findings = Diagnosis::diagnose(exchange, {}).findings;
        if (run.cancelled) {
            fail(ErrorKind::Network, QStringLiteral("Cancelled"));
            return;
        }
        const MetadataAnswer answer = readMetadataAnswer(url, exchange, run.tooLarge, MaxDocumentBytes);
        if (!answer.document) {
            failed(answer.problem);
            return;
        }
        use(*answer.document);
    };
    Q_EMIT stepStarted(index, title);
    m_client->send(*spec);
}

void OAuthSetup::resourceMetadataFetched(const QJsonObject& metadata)
{
    Run& r = *m_run;
    r.resourceMetadata = metadata;
    const QString resource = metadata.value(u"resource").toString();
    const TokenStep& step = r.outcome.transcript.constLast();
    // RFC 9728 §3.3: metadata about another resource must not be used. The rule on the step checks the
    // well-known URL; a resource_metadata URL of any shape is checked against the URL that was answered 401.
    if (!resourceCovers(QUrl(resource, QUrl::StrictMode), r.request.resourceUrl)) {
        if (!Diagnosis::findFinding(step.findings, QString(Diagnosis::Code::MetadataResourceMismatch))) {
            Diagnosis::Finding f = Diagnosis::makeFinding(Diagnosis::Code::MetadataResourceMismatch);
            f.explanation = QStringLiteral("The resource metadata at %1 describes \"%2\", but the 401 came from %3. "
                                           "A client must not use metadata about another resource: it could send "
                                           "tokens to an authorization server this API never named.")
                                .arg(displayUrl(r.request.resourceMetadataUrl),
                                     resource.isEmpty() ? QStringLiteral("(no resource)") : resource,
                                     displayUrl(r.request.resourceUrl));
            f.source = QStringLiteral("RFC 9728 §3.3");
            r.outcome.problems.append(f);
        }
        fail(ErrorKind::BadInput,
             QStringLiteral("The resource metadata describes \"%1\", not %2 (RFC 9728 §3.3): nothing was proposed.")
                 .arg(resource, displayUrl(r.request.resourceUrl)));
        return;
    }
    const QStringList servers = strings(metadata.value(u"authorization_servers"));
    if (servers.isEmpty()) {
        if (!Diagnosis::findFinding(step.findings, QString(Diagnosis::Code::MetadataNoAuthorizationServers))) {
            Diagnosis::Finding f = Diagnosis::makeFinding(Diagnosis::Code::MetadataNoAuthorizationServers);
            f.explanation = QStringLiteral("The resource metadata names no authorization_servers.");
            f.source = QStringLiteral("RFC 9728 §2");
            r.outcome.problems.append(f);
        }
        fail(ErrorKind::BadInput,
             QStringLiteral("The resource metadata names no authorization server (RFC 9728 §2): "
                            "it does not say where this API's tokens come from."));
        return;
    }
    // The first authorization server the resource names (RFC 9728 §2 leaves the choice to the client).
    r.issuer = servers.first();
    r.serverUrls = authorizationServerMetadataUrls(r.issuer);
    if (r.serverUrls.isEmpty()) {
        fail(ErrorKind::BadInput,
             QStringLiteral("The authorization server \"%1\" is not an http(s) URL.").arg(r.issuer));
        return;
    }
    tryServer(0);
}

void OAuthSetup::tryServer(qsizetype i)
{
    Run& r = *m_run;
    const QUrl url = r.serverUrls.at(i);
    const bool rfc8414 = url.path().startsWith(u"/.well-known/oauth-authorization-server");
    const auto next = [this, i](const QString& why) {
        Run& run = *m_run;
        run.misses.append(why);
        if (i + 1 < run.serverUrls.size()) {
            tryServer(i + 1);
            return;
        }
        fail(ErrorKind::BadInput,
             QStringLiteral("No usable metadata of the authorization server %1: %2.")
                 .arg(run.issuer, run.misses.join(QStringLiteral("; "))));
    };
    fetch(
        rfc8414 ? QStringLiteral("Authorization server metadata (RFC 8414)")
                : QStringLiteral("OpenID Connect discovery"),
        url,
        [this, url, next](const QJsonObject& metadata) {
            Run& run = *m_run;
            // RFC 8414 §3.3, OpenID Connect Discovery §4.3: the issuer must be the one asked for.
            const QString issuer = metadata.value(u"issuer").toString();
            if (issuer != run.issuer) {
                next(QStringLiteral("%1 names issuer \"%2\", not \"%3\" (RFC 8414 §3.3)")
                         .arg(displayUrl(url), issuer, run.issuer));
                return;
            }
            OAuthProposal proposal
                = OAuthProposal::from(run.request.resourceMetadataUrl, run.resourceMetadata, url, metadata);
            if (proposal.tokenEndpoint.isEmpty()) {
                next(QStringLiteral("%1 has no http(s) token_endpoint").arg(displayUrl(url)));
                return;
            }
            run.outcome.proposal = proposal;
            run.outcome.ok = true;
            finish();
        },
        next);
}

void OAuthSetup::fail(ErrorKind kind, const QString& message)
{
    if (!m_run)
        return;
    m_run->outcome.ok = false;
    m_run->outcome.error = {kind, message};
    finish();
}

void OAuthSetup::finish()
{
    std::unique_ptr<Run> run = std::move(m_run);
    if (!run || !run->context)
        return;
    QTimer::singleShot(0, run->context, [outcome = run->outcome, done = std::move(run->done)] { done(outcome); });
}

} // namespace Authlens::Workspace
