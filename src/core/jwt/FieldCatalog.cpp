#include "FieldCatalog.h"

#include "TimeText.h"
#include "jwt/NumericDate.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace Authlens::Jwt::FieldCatalog {

namespace {

struct Entry
{
    const char* name;
    const char* title;
    const char* explanation;
};

// Reading order of the tables is the order of these arrays.
const Entry HeaderEntries[] = {
    {"alg", "Algorithm",
     "How the token is signed (JWS) or how its content key is encrypted (JWE). \"none\" means no signature at "
     "all."},
    {"enc", "Content encryption", "The algorithm that encrypts the content of a JWE."},
    {"kid", "Key ID",
     "Names the key that signed the token; a verifier looks it up in the issuer's JWKS. Unknown there usually "
     "means the issuer rotated its keys."},
    {"typ", "Type",
     "Media type of the whole token: \"JWT\", \"at+jwt\" (RFC 9068 access token), \"dpop+jwt\", \"logout+jwt\"…"},
    {"cty", "Content type", "Media type of the payload; \"JWT\" means a nested token inside."},
    {"crit", "Critical extensions",
     "Header parameters the verifier must understand, or else reject the token (RFC 7515 §4.1.11)."},
    {"jku", "JWK Set URL",
     "A URL of keys chosen by whoever made the token: never trust it without an allow-list of issuers."},
    {"jwk", "Embedded key",
     "The public key, carried in the token itself (normal for DPoP proofs; otherwise proves nothing)."},
    {"x5u", "X.509 URL", "A URL of the signer's certificate chain, chosen by whoever made the token."},
    {"x5c", "X.509 chain", "The signer's certificate chain, embedded in the token."},
    {"x5t", "X.509 SHA-1 thumbprint", "SHA-1 fingerprint of the signer's certificate (base64url)."},
    {"x5t#S256", "X.509 SHA-256 thumbprint", "SHA-256 fingerprint of the signer's certificate (base64url)."},
    {"zip", "Compression", "The JWE content was compressed (DEF) before encryption."},
    {"b64", "Base64url payload", "false: the payload is not base64url-encoded (RFC 7797); must be listed in crit."},
    {"epk", "Ephemeral public key", "The sender's ephemeral key for ECDH-ES key agreement (JWE)."},
    {"apu", "Agreement PartyUInfo", "Key agreement input about the producer (JWE, ECDH-ES)."},
    {"apv", "Agreement PartyVInfo", "Key agreement input about the recipient (JWE, ECDH-ES)."},
    {"iv", "Initialization vector", "For AES-GCM key wrapping (JWE)."},
    {"tag", "Authentication tag", "For AES-GCM key wrapping (JWE)."},
    {"p2s", "PBES2 salt", "Salt for password-based key wrapping (JWE)."},
    {"p2c", "PBES2 count", "Iteration count for password-based key wrapping (JWE)."},
    {"nonce", "Nonce", "A server-provided nonce (ACME, DPoP)."},
    {"url", "URL", "The URL the request is meant for (ACME)."},
};

const Entry ClaimEntries[] = {
    {"iss", "Issuer",
     "Who issued the token: an authorization server's identifier. The API must trust exactly this value."},
    {"sub", "Subject", "Whom the token is about: a user id, or a client id for machine-to-machine tokens."},
    {"aud", "Audience",
     "Who the token is for. An API accepts it only when its own identifier is listed here; an ID token's "
     "audience is the client."},
    {"exp", "Expiration time", "The token must not be accepted on or after this time."},
    {"nbf", "Not before", "The token must not be accepted before this time."},
    {"iat", "Issued at", "When the token was issued."},
    {"jti", "JWT ID", "A unique id of this token: lets a server detect replay or revoke this one token."},
    {"azp", "Authorized party", "The client the token was issued to (OpenID Connect)."},
    {"scope", "Scope", "Permissions granted to the client, space-separated (RFC 8693/9068)."},
    {"scp", "Scopes", "Permissions granted to the client (Azure AD, Okta and others use scp)."},
    {"roles", "Roles", "Roles of the subject; an API may require one of them."},
    {"groups", "Groups", "Groups the subject belongs to."},
    {"entitlements", "Entitlements", "Individual entitlements of the subject (RFC 9068)."},
    {"client_id", "Client ID", "The OAuth client that requested the token (RFC 9068, RFC 8693)."},
    {"cnf", "Confirmation",
     "Binds the token to a key (RFC 7800): the caller must prove possession of it — a DPoP key (jkt) or a "
     "TLS client certificate (x5t#S256). Sent without that proof, the token is refused."},
    {"nonce", "Nonce", "Value the client sent in the authentication request, echoed in the ID token to stop replay."},
    {"at_hash", "Access token hash", "Half of the hash of the access token issued with this ID token."},
    {"c_hash", "Code hash", "Half of the hash of the authorization code issued with this ID token."},
    {"auth_time", "Authentication time", "When the user actually authenticated (logged in)."},
    {"acr", "Authentication context class", "How strongly the user was authenticated (a level or policy name)."},
    {"amr", "Authentication methods", "How the user authenticated: pwd, otp, mfa, hwk, face… (RFC 8176)."},
    {"sid", "Session ID", "The user's session at the issuer; used by front- and back-channel logout."},
    {"events", "Events", "Security events this token reports; the back-channel logout event makes it a logout token."},
    {"token_use", "Token use", "AWS Cognito's marker: \"access\" or \"id\"."},
    {"act", "Actor", "Who acts on behalf of the subject (token exchange, RFC 8693)."},
    {"may_act", "May act", "Who is allowed to act on behalf of the subject (RFC 8693)."},
    {"htm", "HTTP method", "The method of the request this DPoP proof is for (RFC 9449)."},
    {"htu", "HTTP URL", "The URL of the request this DPoP proof is for, without query and fragment (RFC 9449)."},
    {"ath", "Access token hash", "Hash of the access token this DPoP proof accompanies (RFC 9449)."},
    {"typ", "Token type (claim)", "Keycloak marks its tokens \"Bearer\", \"ID\", \"Refresh\" or \"Offline\"."},
    {"token_type", "Token type (claim)", "Marks the token as \"access\" or \"refresh\" (some libraries)."},
    {"tid", "Tenant ID", "Azure AD tenant that issued the token."},
    {"oid", "Object ID", "Azure AD's immutable id of the user or service principal."},
    {"appid", "Application ID", "Azure AD v1: the client that obtained the token."},
    {"ver", "Version", "Token format version (Azure AD \"1.0\" / \"2.0\")."},
    {"realm_access", "Realm roles", "Keycloak realm roles of the subject."},
    {"resource_access", "Client roles", "Keycloak roles per client."},
    {"cognito:groups", "Cognito groups", "AWS Cognito user pool groups of the subject."},
    {"username", "User name", "The user's name at the issuer (AWS Cognito and others)."},
    {"origin_jti", "Origin JWT ID", "AWS Cognito: ties access and ID tokens of one authentication together."},
    {"event_id", "Event ID", "AWS Cognito: the authentication event."},
    {"name", "Name", "The user's full name (OpenID Connect profile)."},
    {"given_name", "Given name", "OpenID Connect profile claim."},
    {"family_name", "Family name", "OpenID Connect profile claim."},
    {"preferred_username", "Preferred user name", "OpenID Connect profile claim; not unique, not stable."},
    {"email", "E-mail", "The user's e-mail address (OpenID Connect)."},
    {"email_verified", "E-mail verified", "Whether the issuer verified the e-mail address."},
    {"updated_at", "Profile updated", "When the user's profile was last updated."},
    {"locale", "Locale", "The user's locale."},
    {"picture", "Picture", "URL of the user's picture."},
};

const QStringList TimeClaims {QStringLiteral("exp"), QStringLiteral("nbf"), QStringLiteral("iat"),
                              QStringLiteral("auth_time"), QStringLiteral("updated_at")};

// Names whose value is a list (or a space-separated string) shown as items.
const QStringList ListClaims {QStringLiteral("aud"),          QStringLiteral("scope"),         QStringLiteral("scp"),
                              QStringLiteral("roles"),        QStringLiteral("groups"),        QStringLiteral("amr"),
                              QStringLiteral("entitlements"), QStringLiteral("cognito:groups")};

template <size_t N> const Entry* find(const Entry (&entries)[N], const QString& name)
{
    for (const Entry& entry : entries) {
        if (name == QLatin1String(entry.name))
            return &entry;
    }
    return nullptr;
}

template <size_t N> int orderOf(const Entry (&entries)[N], const QString& name)
{
    for (size_t i = 0; i < N; ++i) {
        if (name == QLatin1String(entries[i].name))
            return int(i);
    }
    return int(N);
}

QStringList itemsOf(const QJsonValue& value)
{
    QStringList items;
    if (value.isString()) {
        // "scope" is space-separated (RFC 6749 §3.3); a plain string is one item otherwise.
        items = value.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue& item : array)
            items.append(displayValue(item));
    }
    return items;
}

QString amrMeaning(const QString& method)
{
    static const QList<QPair<QString, QString>> Meanings {
        {QStringLiteral("pwd"), QStringLiteral("password")},
        {QStringLiteral("otp"), QStringLiteral("one-time password")},
        {QStringLiteral("mfa"), QStringLiteral("multiple factors")},
        {QStringLiteral("hwk"), QStringLiteral("hardware key")},
        {QStringLiteral("swk"), QStringLiteral("software key")},
        {QStringLiteral("sms"), QStringLiteral("SMS")},
        {QStringLiteral("face"), QStringLiteral("face recognition")},
        {QStringLiteral("fpt"), QStringLiteral("fingerprint")},
        {QStringLiteral("pin"), QStringLiteral("PIN")},
        {QStringLiteral("kba"), QStringLiteral("knowledge-based")},
        {QStringLiteral("user"), QStringLiteral("user presence")},
        {QStringLiteral("sc"), QStringLiteral("smart card")},
    };
    for (const auto& meaning : Meanings) {
        if (meaning.first == method)
            return meaning.second;
    }
    return {};
}

QString specificExplanation(const QString& name, const QJsonValue& value)
{
    if (name == u"aud") {
        const QStringList items = itemsOf(value);
        if (items.size() > 1)
            return QStringLiteral(" This token names %1 audiences.").arg(items.size());
        return {};
    }
    if (name == u"cnf") {
        const QJsonObject cnf = value.toObject();
        if (cnf.contains(QLatin1String("jkt")))
            return QStringLiteral(" Here: bound to a DPoP key (jkt %1); send it with a DPoP proof signed by that key.")
                .arg(cnf.value(QLatin1String("jkt")).toString());
        if (cnf.contains(QLatin1String("x5t#S256")))
            return QStringLiteral(" Here: bound to a TLS client certificate (x5t#S256 %1); present that certificate.")
                .arg(cnf.value(QLatin1String("x5t#S256")).toString());
        if (cnf.contains(QLatin1String("jwk")))
            return QStringLiteral(" Here: bound to an embedded public key.");
        return {};
    }
    if (name == u"amr") {
        QStringList meanings;
        for (const QString& method : itemsOf(value)) {
            const QString meaning = amrMeaning(method);
            if (!meaning.isEmpty())
                meanings.append(method + QStringLiteral(" = ") + meaning);
        }
        return meanings.isEmpty() ? QString() : QStringLiteral(" Here: %1.").arg(meanings.join(QStringLiteral(", ")));
    }
    if (name == u"events") {
        const QJsonObject events = value.toObject();
        if (events.contains(QLatin1String("http://schemas.openid.net/event/backchannel-logout")))
            return QStringLiteral(" Here: an OpenID Connect back-channel logout event.");
        return {};
    }
    if (name == u"alg") {
        const QString alg = value.toString();
        if (alg.compare(u"none", Qt::CaseInsensitive) == 0)
            return QStringLiteral(" Here: no signature — anyone can forge this token.");
        if (alg.startsWith(u"HS"))
            return QStringLiteral(" Here: HMAC with a shared secret; only holders of the secret can verify.");
        if (alg.startsWith(u"RS"))
            return QStringLiteral(" Here: RSA PKCS#1 v1.5 signature; verified with the issuer's public key.");
        if (alg.startsWith(u"PS"))
            return QStringLiteral(" Here: RSA-PSS signature; verified with the issuer's public key.");
        if (alg.startsWith(u"ES"))
            return QStringLiteral(" Here: ECDSA signature; verified with the issuer's public key.");
        if (alg == u"EdDSA" || alg == u"Ed25519" || alg == u"Ed448")
            return QStringLiteral(" Here: Edwards-curve signature; verified with the issuer's public key.");
        return {};
    }
    return {};
}

Field makeField(const Entry* entry, const QString& name, const QJsonValue& value)
{
    Field field;
    field.name = name;
    field.value = value;
    field.display = displayValue(value);
    field.registered = entry != nullptr;
    field.title = entry ? QString::fromUtf8(entry->title) : name;
    field.explanation = entry ? QString::fromUtf8(entry->explanation) : QString();
    if (entry)
        field.explanation += specificExplanation(name, value);
    return field;
}

} // namespace

bool isTimeClaim(const QString& name)
{
    return TimeClaims.contains(name);
}

QString displayValue(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

Field headerField(const QString& name, const QJsonValue& value)
{
    Field field = makeField(find(HeaderEntries, name), name, value);
    if (name == u"crit")
        field.items = itemsOf(value);
    return field;
}

Field claimField(const QString& name, const QJsonValue& value)
{
    Field field = makeField(find(ClaimEntries, name), name, value);
    if (isTimeClaim(name)) {
        if (const std::optional<qint64> seconds = numericDate(value)) {
            field.time = seconds;
            field.display = TimeText::utc(*seconds);
        }
    }
    if (ListClaims.contains(name))
        field.items = itemsOf(value);
    return field;
}

QList<Field> headerFields(const QJsonObject& header)
{
    QList<Field> fields;
    for (auto it = header.constBegin(); it != header.constEnd(); ++it)
        fields.append(headerField(it.key(), it.value()));
    std::stable_sort(fields.begin(), fields.end(), [](const Field& a, const Field& b) {
        return orderOf(HeaderEntries, a.name) < orderOf(HeaderEntries, b.name);
    });
    return fields;
}

QList<Field> claimFields(const QJsonObject& claims)
{
    QList<Field> fields;
    for (auto it = claims.constBegin(); it != claims.constEnd(); ++it)
        fields.append(claimField(it.key(), it.value()));
    std::stable_sort(fields.begin(), fields.end(), [](const Field& a, const Field& b) {
        return orderOf(ClaimEntries, a.name) < orderOf(ClaimEntries, b.name);
    });
    return fields;
}

} // namespace Authlens::Jwt::FieldCatalog
