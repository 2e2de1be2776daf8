#include "profiles/formats/CredentialCollector.h"

#include "auth/AwsSigV4.h"
#include "http/Redaction.h"

#include "http/SecretPolicy.h"

#include <QRegularExpression>
#include <QUrlQuery>

#include <algorithm>

namespace Authlens::Formats {

namespace {

QString latin1(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes);
}

/// A reference to a value kept elsewhere: a shell or cmd variable, a Postman variable, or the
/// `<token>` placeholder documentation likes.
bool isPlaceholder(const QString& value)
{
    static const QRegularExpression re(QStringLiteral(
        "^(?:\\$[A-Za-z_][A-Za-z0-9_]*|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}|%[A-Za-z_][A-Za-z0-9_]*%|\\{\\{[^{}]+\\}\\}"
        "|<[A-Za-z _-]+>)$"));
    return re.match(value.trimmed()).hasMatch();
}

/// "Access token" → "access token" inside a sentence; "AWS session token" keeps its acronym.
QString lowerLabel(const QString& label)
{
    return label.startsWith(u"AWS ") ? label.left(4) + label.mid(4).toLower() : label.toLower();
}

} // namespace

bool CredentialCollector::claim(const QByteArray& slot)
{
    if (m_slot.isEmpty() || m_slot == slot) {
        m_slot = slot;
        return true;
    }
    // Authorization outranks a key header that came first in the request: the secret policy calls
    // X-Csrf-Token or X-Session-Id a credential too, but the identity of a request is its
    // Authorization, wherever the header stood.
    if (slot == "authorization" && !m_slot.startsWith('?') && m_settings.method == Auth::Method::ApiKey) {
        const QByteArray name = m_settings.apiKeyName.toUtf8();
        const QByteArray value = m_secrets.apiKey.toUtf8();
        m_settings.method = Auth::Method::None;
        m_secrets.apiKey.clear();
        m_slot = slot;
        addExtra(
            {Http::Credential::Place::Header, name, value, QStringLiteral("API key (%1)").arg(QString::fromUtf8(name))},
            false);
        return true;
    }
    return false;
}

void CredentialCollector::noteReplaced(const QByteArray& slot, bool changed)
{
    if (!changed || m_warned.contains(slot))
        return;
    m_warned.insert(slot);
    warnings.append(QStringLiteral("Several requests carry different values for %1; the latest one was kept.")
                        .arg(slot.startsWith('?')
                                 ? QStringLiteral("the query parameter \"%1\"").arg(latin1(slot.mid(1)))
                                 : QStringLiteral("the %1 header").arg(latin1(slot))));
}

void CredentialCollector::addExtra(Http::Credential credential, bool merge)
{
    for (Http::Credential& c : m_extra) {
        if (c.place == credential.place && c.name.compare(credential.name, Qt::CaseInsensitive) == 0) {
            if (merge && c.name.compare("Cookie", Qt::CaseInsensitive) == 0) {
                c.value += "; " + credential.value;
            } else {
                noteReplaced(c.name.toLower(), c.value != credential.value);
                c.value = credential.value;
            }
            return;
        }
    }
    if (credential.name.compare("Cookie", Qt::CaseInsensitive) == 0)
        warnings.append(QStringLiteral("Cookies were kept as a credential of the profile, not as a header: they "
                                       "go to the keychain (the profile's Cookies) and stay out of the profile "
                                       "file."));
    else
        warnings.append(
            QStringLiteral("The %1 is a second credential next to the profile's auth method: it is kept as an extra "
                           "credential, a secret variable (keychain) that every saved request of the profile sends.")
                .arg(credential.place == Http::Credential::Place::Query
                         ? QStringLiteral("query parameter \"%1\"").arg(latin1(credential.name))
                         : QStringLiteral("%1 header").arg(latin1(credential.name))));
    m_extra.append(std::move(credential));
}

void CredentialCollector::noteRedacted(const QString& what)
{
    if (m_warned.contains("redacted:" + what.toUtf8()))
        return;
    m_warned.insert("redacted:" + what.toUtf8());
    warnings.append(QStringLiteral("The %1 was redacted in the file it came from; enter the credential in the "
                                   "profile.")
                        .arg(what));
}

void CredentialCollector::addHeader(const QByteArray& name, const QByteArray& rawValue, bool mergeCookies)
{
    const QByteArray value = rawValue.trimmed();
    if (Http::isRedactedValue(value)) {
        noteRedacted(QStringLiteral("%1 header").arg(latin1(name)));
        return;
    }
    const QByteArray slot = name.toLower();
    if (slot == "x-amz-security-token" && !m_amzTokenResolved) {
        // The session token of temporary AWS credentials (STS): with AWS Signature v4 the signer sends and signs
        // it, so it is the profile's token secret, not a header of its own. Whether the profile signs that way is
        // known once every credential is read (curl's --aws-sigv4 comes after the headers): applyTo() decides.
        noteReplaced(slot, !m_amzSecurityToken.isEmpty() && m_amzSecurityToken != value);
        m_amzSecurityToken = value;
        m_amzSecurityTokenName = name;
        return;
    }
    const auto extra = [&] {
        addExtra({Http::Credential::Place::Header, name, value, QStringLiteral("%1 header").arg(latin1(name))},
                 mergeCookies);
    };
    if (slot == "cookie" || slot == "proxy-authorization" || slot == "dpop") {
        // Cookies have no place in an auth method; a proxy's credentials and a DPoP proof belong to
        // one hop, not to the API.
        extra();
        return;
    }
    if (slot != "authorization") {
        if (!claim(slot)) {
            extra();
            return;
        }
        const bool changed = m_settings.method == Auth::Method::ApiKey && m_secrets.apiKey != QString::fromUtf8(value);
        noteReplaced(slot, changed && !m_secrets.apiKey.isEmpty());
        setApiKey(latin1(name), QString::fromUtf8(value), Auth::ApiKeyPlace::Header);
        return;
    }
    if (!claim(slot)) {
        extra();
        return;
    }
    const qsizetype space = value.indexOf(' ');
    const QByteArray scheme = (space < 0 ? value : value.left(space)).toLower();
    const QByteArray credentials = space < 0 ? QByteArray() : value.mid(space + 1).trimmed();
    const Auth::AuthSecrets before = m_secrets;
    if (scheme == "bearer") {
        // "Bearer {{access_token}}" whose variable has no value yet (PayPal's collection sets it by script) is
        // still Bearer: the token is what the user enters, not a fixed header named Authorization.
        setBearer(QString::fromUtf8(credentials));
        if (credentials.isEmpty() && !m_warned.contains("bearer-empty"))
            warnings.append(QStringLiteral("The Bearer token is empty (a variable without a value); enter it in the "
                                           "profile, or get one with its token settings."));
        m_warned.insert("bearer-empty");
    } else if (scheme == "basic") {
        const auto decoded = QByteArray::fromBase64Encoding(credentials, QByteArray::AbortOnBase64DecodingErrors);
        const qsizetype colon = decoded ? decoded.decoded.indexOf(':') : -1;
        if (colon >= 0 && !credentials.isEmpty()) {
            setBasic(QString::fromUtf8(decoded.decoded.left(colon)), QString::fromUtf8(decoded.decoded.mid(colon + 1)));
        } else {
            // Keep a broken header exactly as it is: reproducing it may be the point of the import.
            setApiKey(QStringLiteral("Authorization"), QString::fromUtf8(value), Auth::ApiKeyPlace::Header);
            if (!m_warned.contains("basic-malformed"))
                warnings.append(QStringLiteral("The Basic credentials are not valid base64 of \"user:password\"; "
                                               "the Authorization header is kept as it is."));
            m_warned.insert("basic-malformed");
        }
    } else if (scheme == "digest") {
        // A Digest response is bound to one server nonce: replaying it fails. Keep the user name;
        // Authlens computes fresh responses once the password is entered.
        static const QRegularExpression userRe(QStringLiteral("username\\s*=\\s*\"([^\"]*)\""));
        const QString user = userRe.match(QString::fromUtf8(value)).captured(1);
        setDigest(user, m_secrets.password);
        if (!m_warned.contains("digest-header"))
            warnings.append(QStringLiteral("A Digest Authorization header answers one server nonce and cannot be "
                                           "replayed; the profile uses Digest with the user name. Enter the "
                                           "password in the profile."));
        m_warned.insert("digest-header");
        return;
    } else if (scheme == "aws4-hmac-sha256") {
        // An AWS Signature v4 signature (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html)
        // covers one request at one moment (X-Amz-Date; AWS refuses it minutes later): replaying it is useless,
        // and it is no credential to keep, neither as a token nor as a fixed header. Its Credential scope says
        // who signed and for what: the access key ID, the region and the service. The secret access key that
        // made it is nowhere in the capture.
        const Auth::AwsAuthorization aws = Auth::parseAwsAuthorization(value);
        const bool sameKey
            = m_settings.method == Auth::Method::AwsSigV4 && aws.valid && m_settings.username == aws.accessKeyId;
        Auth::AwsSettings scope = m_settings.method == Auth::Method::AwsSigV4 ? m_settings.aws : Auth::AwsSettings {};
        if (aws.valid && !aws.region.isEmpty())
            scope.region = aws.region;
        if (aws.valid && !aws.service.isEmpty())
            scope.service = aws.service;
        setAws(aws.valid ? aws.accessKeyId : m_settings.username, sameKey ? m_secrets.password : QString(),
               m_settings.method == Auth::Method::AwsSigV4 ? m_secrets.token : QString(), scope);
        // (When another credential already holds the auth method, setAws() said so.)
        if (!m_warned.contains("aws4-header") && m_settings.method == Auth::Method::AwsSigV4) {
            if (aws.valid)
                warnings.append(QStringLiteral("The Authorization header is an AWS Signature v4 signature "
                                               "(AWS4-HMAC-SHA256): it holds for one request at one moment, so "
                                               "replaying it fails and no copy of it is stored. The profile signs "
                                               "every request itself with AWS Signature v4, with the signature's "
                                               "access key ID, region \"%1\" and service \"%2\"; the secret access "
                                               "key is not in the capture and must be entered: enter it in the profile "
                                               "(it goes to the keychain).")
                                    .arg(m_settings.aws.region, m_settings.aws.service));
            else
                warnings.append(QStringLiteral("The Authorization header names AWS Signature v4 (AWS4-HMAC-SHA256) "
                                               "but its Credential scope cannot be read, and a signature cannot be "
                                               "replayed: no copy of it is stored. The profile uses AWS Signature v4; "
                                               "the access key ID, secret access key, region and service must be "
                                               "entered: enter them in the profile."));
        }
        m_warned.insert("aws4-header");
        return;
    } else {
        // Other schemes ("token …", custom): a static header is what the user had.
        setApiKey(QStringLiteral("Authorization"), QString::fromUtf8(value), Auth::ApiKeyPlace::Header);
        if (!m_warned.contains("authorization-raw"))
            warnings.append(QStringLiteral("The Authorization header uses the scheme \"%1\"; it is sent as a fixed "
                                           "header (auth method: API key named Authorization).")
                                .arg(latin1(scheme.left(40))));
        m_warned.insert("authorization-raw");
    }
    noteReplaced(slot, before != Auth::AuthSecrets {} && before != m_secrets);
}

void CredentialCollector::setBasic(const QString& user, const QString& password)
{
    if (!claim("authorization")) {
        Auth::AuthSettings s;
        s.method = Auth::Method::Basic;
        s.username = user;
        Auth::AuthSecrets secrets;
        secrets.password = password;
        for (Http::Credential c : Auth::credentialsFor(s, secrets))
            addExtra(std::move(c), false);
        return;
    }
    m_settings.method = Auth::Method::Basic;
    m_settings.username = user;
    m_secrets.password = password;
    m_secrets.token.clear();
    m_secrets.apiKey.clear();
}

void CredentialCollector::setDigest(const QString& user, const QString& password)
{
    if (!claim("authorization")) {
        // Digest cannot travel as a fixed header: there is nothing to keep as an extra credential.
        warnings.append(QStringLiteral("Digest credentials were not imported: the profile's auth method already "
                                       "holds another credential."));
        return;
    }
    m_settings.method = Auth::Method::Digest;
    m_settings.username = user;
    m_secrets.password = password;
    m_secrets.token.clear();
    m_secrets.apiKey.clear();
}

void CredentialCollector::setBearer(const QString& token)
{
    if (!claim("authorization")) {
        addExtra({Http::Credential::Place::Header, "Authorization", "Bearer " + token.toUtf8(),
                  QStringLiteral("Bearer token")},
                 false);
        return;
    }
    // An Authorization header after an OAuth 2 client (a Postman request that sets one by hand) is
    // that client's current access token: the method stays OAuth 2, and its secrets stay.
    if (m_settings.method == Auth::Method::OAuth2) {
        m_secrets.token = token;
        return;
    }
    m_settings.method = Auth::Method::Bearer;
    m_settings.username.clear(); // a Basic or Digest user it replaces has no meaning for Bearer
    m_secrets.token = token;
    m_secrets.password.clear();
    m_secrets.apiKey.clear();
}

void CredentialCollector::setApiKey(const QString& name, const QString& value, Auth::ApiKeyPlace place)
{
    const QByteArray slot = place == Auth::ApiKeyPlace::Query ? '?' + name.toUtf8() : name.toLower().toLatin1();
    if (!claim(slot)) {
        addExtra({place == Auth::ApiKeyPlace::Query ? Http::Credential::Place::Query : Http::Credential::Place::Header,
                  name.toUtf8(), value.toUtf8(), QStringLiteral("API key (%1)").arg(name)},
                 false);
        return;
    }
    m_settings.method = Auth::Method::ApiKey;
    m_settings.apiKeyName = name;
    m_settings.apiKeyPlace = place;
    m_secrets.apiKey = value;
    m_secrets.password.clear();
    m_secrets.token.clear();
}

void CredentialCollector::setOAuth(const Auth::AuthSettings& settings, const Auth::AuthSecrets& secrets)
{
    if (!claim("authorization")) {
        // The settings have no place next to another auth method; the current access token does (addExtra()
        // says so in its own warning).
        warnings.append(QStringLiteral("The OAuth 2 settings (grant, client, token URL) were not imported: the "
                                       "profile's auth method already holds another credential."));
        if (!secrets.token.isEmpty())
            addExtra({Http::Credential::Place::Header, "Authorization", "Bearer " + secrets.token.toUtf8(),
                      QStringLiteral("Bearer token")},
                     false);
        return;
    }
    m_settings.method = settings.method;
    m_settings.username = settings.username;
    m_settings.oauth = settings.oauth;
    m_secrets.token = secrets.token;
    m_secrets.clientSecret = secrets.clientSecret;
    m_secrets.refreshToken = secrets.refreshToken;
    m_secrets.password = secrets.password;
    m_secrets.apiKey.clear();
}

Auth::AwsSettings checkedAwsScope(const Auth::AwsSettings& scope, QStringList& warnings)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    const Auth::AwsSettings defaults;
    Auth::AwsSettings out = scope;
    const auto check = [&](QString& part, const QString& fallback, const QString& what) {
        if (name.match(part).hasMatch())
            return;
        warnings.append(QStringLiteral("The AWS %1 \"%2\" is not a %1 name: the profile uses \"%3\"; edit the "
                                       "profile's AWS settings if that is not it.")
                            .arg(what, part.left(40).simplified(), fallback));
        part = fallback;
    };
    check(out.region, defaults.region, QStringLiteral("region"));
    check(out.service, defaults.service, QStringLiteral("service"));
    return out;
}

void CredentialCollector::setAws(const QString& accessKeyId, const QString& secretAccessKey,
                                 const QString& sessionToken, const Auth::AwsSettings& aws)
{
    if (!claim("authorization")) {
        // A signature cannot travel as a fixed header: there is nothing to keep as an extra credential.
        warnings.append(QStringLiteral("AWS Signature v4 credentials were not imported: the profile's auth method "
                                       "already holds another credential."));
        return;
    }
    m_settings.method = Auth::Method::AwsSigV4;
    m_settings.username = accessKeyId;
    m_settings.aws = checkedAwsScope(aws, warnings);
    m_secrets.password = secretAccessKey;
    m_secrets.token = sessionToken;
    m_secrets.apiKey.clear();
}

void CredentialCollector::takeQueryCredentials(QUrl& url)
{
    if (!url.hasQuery())
        return;
    // Pair by pair on the encoded text: QUrlQuery::removeAllQueryItems() matches names in another encoding
    // than it stores them, so a name with an encoded "?" or "&" stayed in the URL while its value also went
    // to the profile (found by fuzz_curlimport: the export then sent it twice).
    QStringList kept;
    bool changed = false;
    const std::optional<Auth::AwsPresignedQuery> presigned = Auth::parseAwsPresignedQuery(url);
    for (const QString& pair : url.query(QUrl::FullyEncoded).split(u'&')) {
        const qsizetype eq = pair.indexOf(u'=');
        const QString name = QUrl::fromPercentEncoding(pair.left(eq < 0 ? pair.size() : eq).toUtf8());
        const QString value = eq < 0 ? QString() : QUrl::fromPercentEncoding(pair.mid(eq + 1).toUtf8());
        if (presigned && Auth::isAwsPresignParameter(name)) {
            changed = true; // takePresignedQuery() keeps what can be kept
            continue;
        }
        // The secret policy decides, with the value: "?key=name" is no credential, "?key=AIza…" is. A
        // parameter without a value ("?api_key") carries nothing to keep: it stays in the URL as written.
        if (value.isEmpty() || !Http::SecretPolicy::standard().isSecretQueryParam(name, value)) {
            kept.append(pair);
            continue;
        }
        changed = true;
        if (Http::isRedactedValue(value.toUtf8())) {
            noteRedacted(QStringLiteral("query parameter \"%1\"").arg(name));
            continue;
        }
        setApiKey(name, value, Auth::ApiKeyPlace::Query);
    }
    if (changed)
        url.setQuery(kept.isEmpty() ? QString() : kept.join(u'&'), QUrl::StrictMode); // no "?" left behind
    if (presigned)
        takePresignedQuery(*presigned);
}

void CredentialCollector::takePresignedQuery(const Auth::AwsPresignedQuery& presigned)
{
    // A presigned URL (docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html) is a bearer
    // capability until it expires: whoever holds it is let in. So it is no more stored than a captured
    // Authorization signature (a profile file holds no secret), and for the same reason it could not be kept
    // as an API key: it is one signature over seven parameters and the rest of the URL. What it says is kept:
    // the access key ID, the scope and a session token (to the keychain); the profile signs each request
    // itself, in the Authorization header.
    const Auth::AwsAuthorization& signature = presigned.signature;
    const bool sameKey = m_settings.method == Auth::Method::AwsSigV4 && signature.valid
        && m_settings.username == signature.accessKeyId;
    Auth::AwsSettings scope = m_settings.method == Auth::Method::AwsSigV4 ? m_settings.aws : Auth::AwsSettings {};
    if (signature.valid && !signature.region.isEmpty())
        scope.region = signature.region;
    if (signature.valid && !signature.service.isEmpty())
        scope.service = signature.service;
    const QString sessionToken = !presigned.sessionToken.isEmpty() ? presigned.sessionToken
        : m_settings.method == Auth::Method::AwsSigV4              ? m_secrets.token
                                                                   : QString();
    setAws(signature.valid ? signature.accessKeyId : m_settings.username, sameKey ? m_secrets.password : QString(),
           sessionToken, scope);
    if (m_warned.contains("aws4-query") || m_settings.method != Auth::Method::AwsSigV4)
        return;
    m_warned.insert("aws4-query");
    const QDateTime expires = presigned.expiresAt();
    const QString validity = expires.isValid()
        ? QStringLiteral(" It was valid until %1 (X-Amz-Date %2 plus X-Amz-Expires %3 s).")
              .arg(expires.toString(Qt::ISODate), QString::fromLatin1(presigned.amzDate.left(32)),
                   QString::number(presigned.expiresSeconds))
        : QString();
    if (signature.valid)
        warnings.append(QStringLiteral("The URL is an AWS presigned URL: its query holds an AWS Signature v4 signature "
                                       "(X-Amz-Signature) that lets anyone who has the URL in.%1 The signature is not "
                                       "stored, and the X-Amz-* parameters were taken out of the URL. The profile "
                                       "signs every request itself with AWS Signature v4 in the Authorization "
                                       "header, with the URL's access key ID, region \"%2\" and service \"%3\"; "
                                       "the secret access key is not in the URL: enter it in the profile (it goes to "
                                       "the keychain).")
                            .arg(validity, m_settings.aws.region, m_settings.aws.service));
    else
        warnings.append(QStringLiteral("The URL is an AWS presigned URL (X-Amz-Signature), but its X-Amz-Credential "
                                       "scope cannot be read.%1 The signature is not stored, and the X-Amz-* "
                                       "parameters were taken out of the URL. The profile uses AWS Signature v4; the "
                                       "access key ID, secret access key, region and service must be entered: enter "
                                       "them in the profile.")
                            .arg(validity));
}

namespace {
/// "a=1; b=2" + "b=3; c=4" → "a=1; b=3; c=4": one value per cookie name, the later one wins.
QString mergeCookies(const QString& existing, const QString& added)
{
    QList<QPair<QString, QString>> cookies;
    for (const QString& text : {existing, added}) {
        for (const QString& part : text.split(u';', Qt::SkipEmptyParts)) {
            const QString pair = part.trimmed();
            const qsizetype eq = pair.indexOf(u'=');
            const QString name = eq < 0 ? pair : pair.left(eq);
            if (pair.isEmpty())
                continue;
            const auto it
                = std::find_if(cookies.begin(), cookies.end(), [&name](const auto& c) { return c.first == name; });
            if (it != cookies.end())
                it->second = pair;
            else
                cookies.append({name, pair});
        }
    }
    QStringList out;
    for (const auto& c : std::as_const(cookies))
        out.append(c.second);
    return out.join(QStringLiteral("; "));
}
} // namespace

void CredentialCollector::applyTo(Profiles::Profile& profile, qsizetype profileIndex, ImportResult& result) const
{
    if (m_amzSecurityToken.isEmpty()) {
        applyResolved(profile, profileIndex, result);
        return;
    }
    CredentialCollector resolved = *this;
    resolved.m_amzSecurityToken.clear();
    if (m_settings.method == Auth::Method::AwsSigV4) {
        // The header is what was sent: it wins over a session token of the auth block (Postman's).
        resolved.m_secrets.token = QString::fromUtf8(m_amzSecurityToken);
    } else {
        // Without AWS Signature v4 it is a credential header like the others.
        resolved.m_amzTokenResolved = true;
        resolved.addHeader(m_amzSecurityTokenName, m_amzSecurityToken);
    }
    resolved.applyResolved(profile, profileIndex, result);
}

void CredentialCollector::applyResolved(Profiles::Profile& profile, qsizetype profileIndex, ImportResult& result) const
{
    Auth::AuthSecrets secrets = m_secrets;
    for (Auth::SecretField field : Auth::allSecretFields()) {
        const QString value = Auth::secretValue(secrets, field);
        if (!value.isEmpty() && isPlaceholder(value)) {
            result.warnings.append(
                QStringLiteral("The %1 is the placeholder %2, not a value: enter it in the profile (it goes to the "
                               "keychain).")
                    .arg(lowerLabel(importSecretLabel(m_settings, field)), value.trimmed().left(64)));
            Auth::setSecretValue(secrets, field, {});
        }
    }
    profile.auth = m_settings;
    if (m_settings.method == Auth::Method::AwsSigV4) {
        // A captured X-Amz-Date is the moment of a signature that was not kept; the signer writes the date of
        // each request it signs (and curl, given one, would sign with the stale date).
        bool dropped = false;
        for (Profiles::SavedRequest& request : profile.requests) {
            if (Http::hasHeader(request.headers, "X-Amz-Date")) {
                Http::removeHeader(request.headers, "X-Amz-Date");
                dropped = true;
            }
        }
        if (dropped)
            result.warnings.append(QStringLiteral("The X-Amz-Date header is no longer a fixed header: AWS Signature v4 "
                                                  "signs every request with the date it is sent."));
    }
    for (const Http::Credential& c : m_extra) {
        // Cookies have a place: the profile's cookies secret. Other extra credentials are reported.
        if (c.place == Http::Credential::Place::Header && c.name.compare("Cookie", Qt::CaseInsensitive) == 0) {
            secrets.cookies = mergeCookies(secrets.cookies, QString::fromUtf8(c.value));
            continue;
        }
        result.extraCredentials.append({profileIndex, c});
    }
    // The importer's secret variables (a Postman collection's secret-typed ones) stay with the profile.
    secrets.variables = profile.sessionSecrets.variables;
    profile.sessionSecrets = secrets;
    result.warnings.append(warnings);
}

} // namespace Authlens::Formats
