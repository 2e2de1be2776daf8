#include "workspace/RequestAssembly.h"

#include "profiles/ProfileConnection.h"

#include <QRegularExpression>

namespace Authlens::Workspace {

using Profiles::Profile;

namespace {

/// RFC 9110 token: what a method and a header name are made of.
bool isToken(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    return re.match(text).hasMatch();
}

bool fail(Error* error, const QString& message)
{
    if (error)
        *error = {ErrorKind::BadInput, message};
    return false;
}

/// Query parameters whose value names a secret variable leave the URL and become credentials, so the
/// ledger masks them and no other origin receives them on a redirect (Http::Credential).
void moveSecretQueryParams(const Profile& profile, Http::RequestSpec& spec)
{
    if (!spec.url.hasQuery())
        return;
    // On the encoded text, pair by pair, so every other parameter keeps its bytes exactly as typed.
    const QString query = spec.url.query(QUrl::FullyEncoded);
    QStringList kept;
    bool moved = false;
    for (const QString& pair : query.split(u'&')) {
        const qsizetype eq = pair.indexOf(u'=');
        const QString name = QUrl::fromPercentEncoding(pair.left(eq < 0 ? pair.size() : eq).toUtf8());
        const QString value = eq < 0 ? QString() : QUrl::fromPercentEncoding(pair.mid(eq + 1).toUtf8());
        if (!profile.usesSecretVariable(value)) {
            kept.append(pair);
            continue;
        }
        moved = true;
        spec.credentials.append({Http::Credential::Place::Query, name.toUtf8(),
                                 profile.substitute(value, Profile::Secrets::Reveal).toUtf8(),
                                 QStringLiteral("query parameter %1 (secret variable)").arg(name),
                                 Http::CredentialSource::Profile});
    }
    if (moved)
        spec.url.setQuery(kept.isEmpty() ? QString() : kept.join(u'&'), QUrl::StrictMode);
}

QString normalisedMethod(const QString& typed, bool hasBody)
{
    const QString method = typed.trimmed();
    if (method.isEmpty())
        return hasBody ? QStringLiteral("POST") : QStringLiteral("GET");
    // "get" means GET; an extension method (PROPFIND, or a custom one) is sent as typed.
    for (const char* known : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"}) {
        const QString name = QString::fromLatin1(known);
        if (method.compare(name, Qt::CaseInsensitive) == 0)
            return name;
    }
    return method;
}

/// The draft's explicit connection options over what the profile decided.
bool applyOverrides(const ConnectionOverrides& o, Http::RequestSpec& spec, Error* error)
{
    if (o.connectTimeoutMs)
        spec.connectTimeoutMs = *o.connectTimeoutMs;
    if (o.totalTimeoutMs)
        spec.totalTimeoutMs = *o.totalTimeoutMs;
    if (o.idleTimeoutMs)
        spec.idleTimeoutMs = *o.idleTimeoutMs;
    spec.ignoreTlsErrors = spec.ignoreTlsErrors || o.ignoreTlsErrors;
    spec.transport.extraCaCertificates += o.extraCaCertificates;
    if (!o.clientCertificate.isNull() && !o.clientKey.isNull()) {
        spec.transport.clientCertificate = o.clientCertificate;
        spec.transport.clientKey = o.clientKey;
    }
    if (o.proxy)
        spec.transport.proxy = *o.proxy;
    if (o.proxyUser) {
        if (!spec.transport.proxy || spec.transport.proxy->type() == QNetworkProxy::NoProxy
            || spec.transport.proxy->type() == QNetworkProxy::DefaultProxy)
            return fail(error,
                        QStringLiteral("Proxy credentials were given, but no proxy is set: name one (-x), or use a "
                                       "profile with a proxy."));
        spec.transport.proxy->setUser(*o.proxyUser);
        spec.transport.proxy->setPassword(o.proxyPassword);
    }
    return true;
}

} // namespace

std::optional<QUrl> resolveRequestUrl(const Profile* profile, const QString& text, Error* error)
{
    const QString typed = text.trimmed();
    const QString substituted = profile ? profile->substitute(typed) : typed;
    if (substituted.isEmpty()) {
        fail(error, QStringLiteral("Enter a URL."));
        return std::nullopt;
    }
    static const QRegularExpression withScheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*://"));
    QUrl url;
    if (withScheme.match(substituted).hasMatch()) {
        url = QUrl(substituted, QUrl::TolerantMode);
    } else if (profile && !profile->baseUrl.trimmed().isEmpty()) {
        url = profile->resolve(substituted);
    } else if (substituted.startsWith(u'/') || substituted.startsWith(u'?')) {
        fail(error,
             QStringLiteral("“%1” is a relative URL: pick a profile with a base URL, or type a full URL.")
                 .arg(substituted));
        return std::nullopt;
    } else {
        // curl's reading of a URL without scheme: a host (and path).
        url = QUrl(QStringLiteral("http://") + substituted, QUrl::TolerantMode);
    }
    if (!url.isValid() || url.host().isEmpty()) {
        fail(error,
             QStringLiteral("“%1” is not a URL that can be sent: expected http://host/… or https://host/….")
                 .arg(substituted));
        return std::nullopt;
    }
    const QString scheme = url.scheme().toLower();
    if (scheme != u"http" && scheme != u"https") {
        fail(error, QStringLiteral("Only http and https URLs can be sent, not “%1”.").arg(substituted));
        return std::nullopt;
    }
    return url;
}

std::optional<Http::RequestSpec> assembleRequest(const Profile* profile, const RequestDraft& draft, Error* error)
{
    Http::RequestSpec spec;
    const QString method = normalisedMethod(draft.method, draft.body.has_value());
    if (!isToken(method)) {
        fail(error, QStringLiteral("“%1” is not a valid HTTP method.").arg(method));
        return std::nullopt;
    }
    spec.method = method.toLatin1();
    const std::optional<QUrl> url = resolveRequestUrl(profile, draft.url, error);
    if (!url)
        return std::nullopt;
    spec.url = *url;
    if (profile)
        moveSecretQueryParams(*profile, spec);

    for (const DraftHeader& header : draft.headers) {
        if (!header.enabled)
            continue;
        const QString name = header.name.trimmed();
        if (!isToken(name)) {
            fail(error, QStringLiteral("“%1” is not a valid header name.").arg(header.name));
            return std::nullopt;
        }
        // Checked after substitution: a variable must not smuggle a line break into the header block either.
        const QString value = profile ? profile->substitute(header.value, Profile::Secrets::Reveal) : header.value;
        if (value.contains(u'\r') || value.contains(u'\n')) {
            fail(error, QStringLiteral("The value of header “%1” contains a line break.").arg(name));
            return std::nullopt;
        }
        // A header holding a secret variable (an anti-CSRF token copied from a session) is a credential,
        // whatever its name: masked in the ledger, withheld from other origins.
        if (profile && profile->usesSecretVariable(header.value))
            spec.credentials.append({Http::Credential::Place::Header, name.toLatin1(), value.toUtf8(),
                                     QStringLiteral("%1 header (secret variable)").arg(name),
                                     Http::CredentialSource::Profile});
        else
            spec.headers.append({name.toLatin1(), value.toUtf8()});
    }
    if (draft.body) {
        spec.body = profile ? profile->substitute(*draft.body, Profile::Secrets::Reveal) : *draft.body;
        const QString type = draft.contentType.trimmed();
        if (!type.isEmpty() && !Http::hasHeader(spec.headers, "Content-Type"))
            spec.headers.append({QByteArrayLiteral("Content-Type"), type.toUtf8()});
    }

    if (draft.auth || profile) {
        const Auth::AuthSettings& chosen = draft.auth ? draft.auth->settings : profile->auth;
        const Auth::AuthSecrets& secrets = draft.auth ? draft.auth->secrets : profile->sessionSecrets;
        // A user name may be a {{variable}} (a Postman request's "{{client-id}}") or a secret variable (Stripe's
        // `curl -u sk_test_…:`, the key as the Basic user name): the credential's label keeps the reference,
        // never the key.
        Auth::AuthSettings settings = chosen;
        if (profile)
            settings.username = profile->substitute(settings.username, Profile::Secrets::Reveal);
        const qsizetype before = spec.credentials.size();
        Auth::applyTo(settings, secrets, spec);
        if (settings.username != chosen.username) {
            for (qsizetype i = before; i < spec.credentials.size(); ++i)
                spec.credentials[i].label.replace(settings.username, chosen.username);
        }
    }

    if (profile) {
        // The profile's own secrets (client key, proxy password) go with its connection, whatever auth is used.
        QString why;
        if (!Profiles::applyConnection(*profile, profile->sessionSecrets, spec, &why)) {
            fail(error, QStringLiteral("Profile “%1”: %2").arg(profile->name, why));
            return std::nullopt;
        }
    }
    if (!applyOverrides(draft.connection, spec, error))
        return std::nullopt;
    spec.followRedirects = draft.followRedirects;
    spec.maxRedirects = draft.maxRedirects;
    spec.locationTrusted = draft.locationTrusted;
    spec.promoteCredentialHeaders();
    return spec;
}

std::optional<Http::RequestSpec> assembleRequest(const Profile& profile, const RequestDraft& draft, Error* error)
{
    return assembleRequest(&profile, draft, error);
}

std::optional<RequestDraft::AuthChoice> savedRequestAuth(const Profile& profile, const Profiles::SavedRequest& request)
{
    using Mode = Profiles::RequestAuth::Mode;
    if (request.auth.mode == Mode::Profile)
        return std::nullopt;
    RequestDraft::AuthChoice choice;
    if (request.auth.mode == Mode::None)
        return choice; // method None: nothing is sent
    choice.settings = request.auth.settings;
    const QString secret = request.auth.secretVariable.isEmpty()
        ? QString()
        : profile.substitute(QStringLiteral("{{%1}}").arg(request.auth.secretVariable), Profile::Secrets::Reveal);
    // A reference the keychain could not fill stays empty: no "{{name}}" is ever sent as a password.
    const QString value = secret.startsWith(u"{{") ? QString() : secret;
    switch (choice.settings.method) {
    case Auth::Method::Basic:
    case Auth::Method::Digest:
        choice.secrets.password = value;
        break;
    case Auth::Method::Bearer:
        choice.secrets.token = value;
        break;
    case Auth::Method::ApiKey:
        choice.secrets.apiKey = value;
        break;
    case Auth::Method::AwsSigV4: {
        choice.secrets.password = value; // the secret access key
        const QString token = request.auth.sessionTokenVariable.isEmpty()
            ? QString()
            : profile.substitute(QStringLiteral("{{%1}}").arg(request.auth.sessionTokenVariable),
                                 Profile::Secrets::Reveal);
        choice.secrets.token = token.startsWith(u"{{") ? QString() : token;
        break;
    }
    case Auth::Method::None:
    case Auth::Method::OAuth2:
        break;
    }
    return choice;
}

namespace {
/// A secret variable of `profile` for `request`: `current` when it has one, else "<request>_<what>" made unique.
QString ownVariable(Profiles::Profile& profile, const Profiles::SavedRequest& request, const QString& current,
                    const QString& what)
{
    QString name = current;
    if (name.isEmpty()) {
        QString base;
        for (const QChar c : request.name.toLower()) {
            if (c.isLetterOrNumber() && c.unicode() < 128)
                base += c;
            else if (!base.isEmpty() && !base.endsWith(u'_'))
                base += u'_';
        }
        while (base.endsWith(u'_'))
            base.chop(1);
        base = (base.isEmpty() ? QStringLiteral("request") : base.left(40)) + u'_' + what;
        name = base;
        for (int n = 2; std::any_of(profile.variables.cbegin(), profile.variables.cend(),
                                    [&name](const Profiles::Variable& v) { return v.name == name; });
             ++n)
            name = QStringLiteral("%1_%2").arg(base).arg(n);
    }
    const auto it = std::find_if(profile.variables.begin(), profile.variables.end(),
                                 [&name](const Profiles::Variable& v) { return v.name == name; });
    if (it == profile.variables.end())
        profile.variables.append({name, QString(), true});
    else
        *it = {name, QString(), true}; // a secret from now on: its value lives in the keychain
    return name;
}
} // namespace

void setOwnAuth(Profiles::Profile& profile, Profiles::SavedRequest& request, const RequestDraft::AuthChoice& choice)
{
    using Mode = Profiles::RequestAuth::Mode;
    Profiles::RequestAuth& own = request.auth;
    if (choice.settings.method == Auth::Method::None) {
        own = {};
        own.mode = Mode::None;
        return;
    }
    own.mode = Mode::Own;
    own.settings = choice.settings;
    // A request's own auth sends a token it holds; the token service is the profile's.
    if (own.settings.method == Auth::Method::OAuth2)
        own.settings.method = Auth::Method::Bearer;
    QString secret;
    QString what = QStringLiteral("password");
    switch (own.settings.method) {
    case Auth::Method::Basic:
    case Auth::Method::Digest:
        secret = choice.secrets.password;
        break;
    case Auth::Method::Bearer:
    case Auth::Method::OAuth2:
        secret = choice.secrets.token;
        what = QStringLiteral("token");
        break;
    case Auth::Method::ApiKey:
        secret = choice.secrets.apiKey;
        what = QStringLiteral("api_key");
        break;
    case Auth::Method::AwsSigV4:
        secret = choice.secrets.password;
        what = QStringLiteral("aws_secret_access_key");
        break;
    case Auth::Method::None:
        break;
    }
    own.secretVariable = ownVariable(profile, request, own.secretVariable, what);
    Auth::setSecretVariable(profile.sessionSecrets, own.secretVariable, secret);
    if (own.settings.method == Auth::Method::AwsSigV4 && !choice.secrets.token.isEmpty()) {
        own.sessionTokenVariable
            = ownVariable(profile, request, own.sessionTokenVariable, QStringLiteral("aws_session_token"));
        Auth::setSecretVariable(profile.sessionSecrets, own.sessionTokenVariable, choice.secrets.token);
    } else if (!own.sessionTokenVariable.isEmpty()) {
        Auth::setSecretVariable(profile.sessionSecrets, own.sessionTokenVariable, QString());
        own.sessionTokenVariable.clear();
    }
}

} // namespace Authlens::Workspace
