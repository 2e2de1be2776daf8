// The pure half of the token service (issue 10): a grant's request and the reading of a token
// endpoint's answer (RFC 6749 §4.3, §4.4, §5, §6; RFC 8707), plus the expiry arithmetic the GUI and
// the CLI share. No I/O except the profile's TLS files that Profiles::applyConnection reads.
#include "workspace/TokenService.h"

#include "auth/AuthSettings.h"
#include "auth/DpopProver.h"
#include "diagnosis/Catalog.h"
#include "jwt/CompactJws.h"
#include "jwt/NumericDate.h"
#include "profiles/ProfileConnection.h"
#include "workspace/ClientAuthentication.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <cmath>

namespace Authlens::Workspace {

namespace {

// A token response is a few KiB; anything past this is not one (and is not parsed).
constexpr qint64 MaxTokenResponseBytes = 1024 * 1024;

/// application/x-www-form-urlencoded as RFC 6749 Appendix B wants it: every byte outside the unreserved
/// set percent-encoded (space as %20, which every server decodes; '+' itself becomes %2B).
QByteArray formEncode(const QString& value)
{
    return QUrl::toPercentEncoding(value);
}

struct Form
{
    QList<QPair<QString, QString>> items;
    void add(const QString& name, const QString& value) { items.append({name, value}); }
    bool has(const QString& name) const
    {
        return std::any_of(items.cbegin(), items.cend(), [&name](const auto& item) { return item.first == name; });
    }
    QByteArray encoded() const
    {
        QByteArray out;
        for (const auto& [name, value] : items) {
            if (!out.isEmpty())
                out += '&';
            out += formEncode(name) + '=' + formEncode(value);
        }
        return out;
    }
};

/// expires_in: a JSON number (RFC 6749 §5.1), or a numeric string as some servers send it.
std::optional<qint64> expiresInOf(const QJsonValue& value, QString* problem)
{
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    bool ok = value.isDouble();
    double seconds = value.toDouble();
    if (value.isString())
        seconds = value.toString().trimmed().toDouble(&ok);
    // std::isfinite: QString::toDouble() reads "nan" and "inf"; NaN passes every comparison.
    if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > 100.0 * 365 * 24 * 3600) {
        *problem = QStringLiteral("expires_in is not a number of seconds; the token's lifetime is unknown");
        return std::nullopt;
    }
    return qint64(seconds);
}

} // namespace

QString endpointSourceName(EndpointSource source)
{
    switch (source) {
    case EndpointSource::Profile:
        return QStringLiteral("profile");
    case EndpointSource::ResourceMetadata:
        return QStringLiteral("resource_metadata");
    case EndpointSource::Issuer:
        return QStringLiteral("issuer");
    }
    return QStringLiteral("profile");
}

const TokenStep* TokenOutcome::tokenRequestStep() const
{
    return tokenStep >= 0 && tokenStep < transcript.size() ? &transcript.at(tokenStep) : nullptr;
}

QList<Diagnosis::Finding> TokenOutcome::findings() const
{
    QList<Diagnosis::Finding> all;
    for (const TokenStep& step : transcript)
        all += step.findings;
    return all;
}

QString TokenService::grantFor(const Profiles::Profile& profile, Mode mode)
{
    if (mode == Mode::Refresh && !profile.sessionSecrets.refreshToken.isEmpty())
        return QStringLiteral("refresh_token");
    return profile.auth.oauth.grantType.trimmed();
}

Error TokenService::checkGrant(const Profiles::Profile& profile, const QString& grant)
{
    const Auth::OAuthSettings& oauth = profile.auth.oauth;
    const Auth::AuthSecrets& secrets = profile.sessionSecrets;
    if (oauth.clientId.trimmed().isEmpty())
        return badInput(QStringLiteral("The profile has no OAuth client id: every token request names its client"));
    if (oauth.clientAuth == Auth::ClientAuth::PrivateKeyJwt && secrets.assertionKey.trimmed().isEmpty())
        return badInput(QStringLiteral("The profile authenticates its client with private_key_jwt but has no "
                                       "private key for the client assertion: add it in the profile editor"));
    if (oauth.clientAuth != Auth::ClientAuth::None && oauth.clientAuth != Auth::ClientAuth::PrivateKeyJwt
        && secrets.clientSecret.isEmpty())
        return badInput(QStringLiteral("The profile authenticates its client with %1 but has no client secret: add "
                                       "it in the profile editor, or choose client authentication \"none\" for a "
                                       "public client")
                            .arg(Auth::clientAuthName(oauth.clientAuth)));
    if (const Error clientError = checkClientAuthentication(oauth, secrets); clientError.isError())
        return clientError; // an unusable assertion key or alg (RFC 7523)
    if (grant == u"client_credentials")
        return {};
    if (grant == u"authorization_code")
        return {}; // the code comes from the browser sign-in (AuthorizationCodeFlow.h)
    if (grant == u"password") {
        if (profile.auth.username.isEmpty() || secrets.password.isEmpty())
            return badInput(QStringLiteral("The password grant needs the user's name and password in the profile"));
        return {};
    }
    if (grant == u"device_code")
        return {}; // RFC 8628: the client's authentication is all it needs before the user approves
    if (grant == u"refresh_token") {
        if (secrets.refreshToken.isEmpty())
            return badInput(QStringLiteral("The profile holds no refresh token: get a new token with the profile's "
                                           "grant (or sign in again)"));
        return {};
    }
    return badInput(grant.isEmpty()
                        ? QStringLiteral("The profile names no OAuth grant type")
                        : QStringLiteral("The grant %1 is not one the token service runs (client_credentials, "
                                         "password, refresh_token, authorization_code)")
                              .arg(grant));
}

std::optional<Http::RequestSpec> TokenService::tokenRequest(const Profiles::Profile& profile, const QString& grant,
                                                            const QUrl& endpoint, Error* error)
{
    Error ignored;
    Error& err = error ? *error : ignored;
    err = {};
    const Auth::OAuthSettings& oauth = profile.auth.oauth;
    const Auth::AuthSecrets& secrets = profile.sessionSecrets;

    const QString scheme = endpoint.scheme().toLower();
    if (!endpoint.isValid() || endpoint.host().isEmpty() || (scheme != u"http" && scheme != u"https")) {
        err = badInput(QStringLiteral("The token endpoint \"%1\" is not an http(s) URL")
                           .arg(endpoint.toDisplayString(QUrl::RemoveUserInfo)));
        return std::nullopt;
    }
    if (!endpoint.userInfo().isEmpty()) {
        err = badInput(QStringLiteral("The token endpoint URL must not carry user:password@ (set the client id and "
                                      "secret in the profile)"));
        return std::nullopt;
    }
    if (const Error grantError = checkGrant(profile, grant); grantError.isError()) {
        err = grantError;
        return std::nullopt;
    }
    const QString clientId = oauth.clientId.trimmed();
    Form form;
    form.add(QStringLiteral("grant_type"), grant);
    if (grant == u"password") {
        form.add(QStringLiteral("username"), profile.auth.username);
        form.add(QStringLiteral("password"), secrets.password);
    } else if (grant == u"refresh_token") {
        form.add(QStringLiteral("refresh_token"), secrets.refreshToken);
    }
    // client_credentials: grant_type and scope only (RFC 6749 §4.4.2).
    QStringList scopes;
    for (const QString& s : oauth.scopes) {
        const QString trimmed = s.trimmed();
        if (!trimmed.isEmpty() && !scopes.contains(trimmed))
            scopes.append(trimmed);
    }
    // RFC 6749 §4.1.3: the code's scope was asked for in the authorization request, not here.
    if (!scopes.isEmpty() && grant != u"authorization_code")
        form.add(QStringLiteral("scope"), scopes.join(u' ')); // RFC 6749 §3.3: space-delimited
    if (!oauth.audience.trimmed().isEmpty())
        form.add(QStringLiteral("audience"), oauth.audience.trimmed());
    for (const QString& r : oauth.resources) {
        // RFC 8707 §2: one resource parameter per resource, each an absolute URI without a fragment.
        const QString resource = r.trimmed();
        if (resource.isEmpty())
            continue;
        const QUrl url(resource, QUrl::StrictMode);
        if (!url.isValid() || url.isRelative() || url.hasFragment()) {
            err = badInput(QStringLiteral("The resource indicator \"%1\" is not an absolute URI without a fragment "
                                          "(RFC 8707 §2)")
                               .arg(resource));
            return std::nullopt;
        }
        form.add(QStringLiteral("resource"), resource);
    }

    Http::RequestSpec spec;
    spec.method = QByteArrayLiteral("POST");
    spec.url = endpoint;
    spec.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")},
                    {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")}};
    // RFC 6749 §2.3, RFC 7523 §2.2: one function for every request to the authorization server. The
    // assertion's aud is the endpoint the grant goes to (RFC 7523 §3 point 3); its iat the real clock, which
    // is what the server checks (a CLI --now only moves local time checks).
    if (!applyClientAuthentication(profile, endpoint, form.items, spec, QDateTime::currentDateTimeUtc(), &err))
        return std::nullopt;
    for (const auto& [name, value] : oauth.extraParams) {
        const QString key = name.trimmed();
        if (key.isEmpty())
            continue;
        // A parameter twice is invalid_request (RFC 6749 §3.2), except RFC 8707's resource.
        if (form.has(key) && key != u"resource") {
            err = badInput(QStringLiteral("The extra parameter %1 is one the grant sets itself: set it through the "
                                          "profile's OAuth fields instead")
                               .arg(key));
            return std::nullopt;
        }
        form.add(key, value);
    }
    spec.body = form.encoded();

    // The profile's connection (proxy, CA, client certificate, timeouts) applies to the token endpoint
    // too; its credentials are the client's, placed above.
    QString connectionError;
    if (!Profiles::applyConnection(profile, secrets, spec, &connectionError)) {
        err = badInput(connectionError);
        return std::nullopt;
    }
    // A token request is never followed: a 307/308 would carry the body (the client secret, the refresh
    // token, the password) to wherever the Location points. Its 3xx is shown as it is.
    spec.followRedirects = false;
    spec.sendJarCookies = false;
    // RFC 9449 §5: a DPoP proof (without ath) asks for a DPoP-bound token; the nonce retry of §8 is the
    // client's (a new hop of the same exchange).
    spec.dpopProver = Auth::dpopTokenRequestProver(profile.auth, secrets);
    return spec;
}

TokenResponse TokenService::parseTokenResponse(const Http::Hop& hop)
{
    TokenResponse r;
    if (!hop.response.received) {
        r.problem = hop.error.isError() ? QStringLiteral("No answer from the token endpoint: %1").arg(hop.error.message)
                                        : QStringLiteral("No answer from the token endpoint");
        return r;
    }
    const int status = hop.response.status;
    const QByteArray contentType = Http::headerValue(hop.response.headers, "Content-Type").toLower();
    if (hop.response.body.size() > MaxTokenResponseBytes) {
        r.problem = QStringLiteral("The answer (%1 %2 bytes) is far too large for a token response")
                        .arg(status)
                        .arg(hop.response.body.size());
        return r;
    }
    const QByteArray body = hop.response.body.readAll();
    if (body.trimmed().isEmpty()) {
        r.problem = QStringLiteral("The token endpoint answered %1 with an empty body instead of a JSON object "
                                   "(RFC 6749 §5.1)")
                        .arg(status);
        return r;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        r.problem = Http::looksLikeHtml(body, contentType)
            ? QStringLiteral("The token endpoint answered %1 with an HTML page instead of JSON: the URL is most likely "
                             "not the token endpoint, or something in between answered")
                  .arg(status)
            : QStringLiteral("The token endpoint answered %1 with %2 instead of a JSON object (RFC 6749 §5.1)")
                  .arg(status)
                  .arg(parseError.error != QJsonParseError::NoError ? QStringLiteral("text that is not JSON")
                                                                    : QStringLiteral("JSON that is not an object"));
        return r;
    }
    const QJsonObject o = document.object();
    if (o.contains(u"error")) {
        // RFC 6749 §5.2 (some servers send it with 200).
        if (!o.value(u"error").isString()) {
            r.problem = QStringLiteral("The answer has an \"error\" member that is not a string (RFC 6749 §5.2 wants "
                                       "an error code)");
            return r;
        }
        r.error = o.value(u"error").toString();
        r.errorDescription = o.value(u"error_description").toString();
        r.problem = r.errorDescription.isEmpty()
            ? QStringLiteral("The token endpoint refused: %1").arg(r.error)
            : QStringLiteral("The token endpoint refused: %1 (%2)").arg(r.error, r.errorDescription.left(300));
        return r;
    }
    const QJsonValue access = o.value(u"access_token");
    if (!access.isString() || access.toString().isEmpty()) {
        r.problem = access.isUndefined() ? QStringLiteral("The answer (%1) has no access_token").arg(status)
                                         : QStringLiteral("The answer's access_token is not a non-empty string");
        return r;
    }
    if (status < 200 || status > 299) {
        r.problem = QStringLiteral("The token endpoint answered %1, not 200 (RFC 6749 §5.1)").arg(status);
        return r;
    }
    const auto stringMember = [&o, &r](QStringView name) {
        const QJsonValue v = o.value(name);
        if (!v.isUndefined() && !v.isNull() && !v.isString() && r.problem.isEmpty())
            r.problem = QStringLiteral("%1 is not a string; it was ignored").arg(name);
        return v.toString();
    };
    r.accessToken = access.toString();
    r.tokenType = stringMember(u"token_type");
    r.refreshToken = stringMember(u"refresh_token");
    r.idToken = stringMember(u"id_token");
    const QString scope = stringMember(u"scope");
    r.scopes = scope.split(u' ', Qt::SkipEmptyParts);
    QString expiresProblem;
    r.expiresIn = expiresInOf(o.value(u"expires_in"), &expiresProblem);
    if (r.problem.isEmpty())
        r.problem = expiresProblem;
    r.ok = true;
    return r;
}

qint64 accessTokenExpiry(const Profiles::Profile& profile)
{
    if (profile.auth.oauth.accessTokenExpiresAt > 0)
        return profile.auth.oauth.accessTokenExpiresAt;
    const QString& token = profile.sessionSecrets.token;
    if (token.isEmpty())
        return 0;
    const auto jws = Jwt::CompactJws::parse(token.toLatin1());
    if (!jws)
        return 0;
    const auto claims = jws->claims();
    return claims ? Jwt::numericDate(claims->value(u"exp")).value_or(0) : 0;
}

bool shouldRefreshBeforeSend(const Profiles::Profile& profile, qint64 now)
{
    const Auth::OAuthSettings& oauth = profile.auth.oauth;
    if (profile.auth.method != Auth::Method::OAuth2 || oauth.refreshBeforeSeconds < 0)
        return false;
    if (profile.sessionSecrets.token.isEmpty())
        return true;
    const qint64 expiry = accessTokenExpiry(profile);
    return expiry > 0 && expiry - now <= oauth.refreshBeforeSeconds;
}

bool refreshMayHelp(const Profiles::Profile& profile, const Http::Exchange& exchange,
                    const QList<Diagnosis::Finding>& findings)
{
    if (profile.auth.method != Auth::Method::OAuth2 || exchange.finalStatus() != 401)
        return false;
    using namespace Diagnosis;
    for (const Finding& f : findings) {
        if (f.code == Code::TokenExpired || f.code == Code::TokenRevoked || f.code == Code::TokenSignature
            || f.code == Code::CredentialsMissing)
            return true;
    }
    return false;
}

Http::RequestSpec withProfileCredentials(const Http::RequestSpec& spec, const Profiles::Profile& before,
                                         const Profiles::Profile& after)
{
    Http::RequestSpec out = spec;
    const QList<Http::Credential> old = Auth::credentialsFor(before.auth, before.sessionSecrets);
    const QList<Http::Credential> fresh = Auth::credentialsFor(after.auth, after.sessionSecrets);
    out.credentials.removeIf([&](const Http::Credential& c) {
        if (c.source != Http::CredentialSource::Profile)
            return false;
        if (old.contains(c))
            return true;
        // The same place and name as a new one: the profile's older value of it.
        return std::any_of(fresh.cbegin(), fresh.cend(), [&c](const Http::Credential& f) {
            return f.place == c.place && f.name.compare(c.name, Qt::CaseInsensitive) == 0;
        });
    });
    for (const Http::Credential& c : fresh) {
        if (!out.credentials.contains(c))
            out.credentials.append(c);
    }
    // The proofs of the resend carry the new token's hash (ath, RFC 9449 §4.2).
    if (Auth::usesDpop(after.auth))
        out.dpopProver = Auth::dpopProverFor(after.auth, after.sessionSecrets);
    return out;
}

} // namespace Authlens::Workspace
