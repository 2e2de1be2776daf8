#include "http/SecretPolicy.h"

namespace Authlens::Http {

namespace {

bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

// Standard credential headers, and vendor headers whose names the patterns below do not catch.
constexpr QByteArrayView s_exactHeaders[] = {
    "Authorization",
    "Proxy-Authorization",
    "Cookie",
    "Set-Cookie",
    "DPoP",
    "Ocp-Apim-Subscription-Key", // Azure API Management
    "X-Functions-Key", // Azure Functions
    "DD-Application-Key", // Datadog
    "X-Honeycomb-Team", // Honeycomb
    "AccessKey", // Bunny.net
    "X-Appwrite-Key", // Appwrite
    "X-Master-Key", // JSONBin
    "X-Amz-Credential",
};

// Not credentials although a pattern matches: challenge and info fields carry no secret, and these
// "-key" headers are protocol nonces or idempotency ids.
constexpr QByteArrayView s_notSecretHeaders[] = {
    "WWW-Authenticate",          "Proxy-Authenticate",     "Authentication-Info",
    "Proxy-Authentication-Info", "Authentication-Control", "Sec-WebSocket-Key",
    "Idempotency-Key",           "X-Idempotency-Key",      "Access-Control-Allow-Credentials",
};

// Parts of a header name that make it a credential (DESIGN.md §4, issue 9): *token*, *secret*,
// *api-key*/*apikey*, *session*, *signature*, *password*, *auth*.
constexpr QByteArrayView s_headerParts[] = {
    "token",  "secret", "api-key",    "apikey",     "api_key",   "session",     "signature", "password",
    "passwd", "auth",   "credential", "access-key", "accesskey", "private-key", "app-key",   "appkey",
};

constexpr QStringView s_exactQuery[] = {
    u"key",           u"code", u"sig",  u"jwt", u"auth", u"pwd", u"pass", u"ticket", u"assertion", u"client_assertion",
    u"code_verifier", u"sid",  u"hash", u"otp",
};
constexpr QStringView s_queryParts[] = {
    u"token",  u"secret",    u"api_key", u"apikey",     u"api-key",    u"password",
    u"passwd", u"signature", u"session", u"credential", u"access_key", u"accesskey",
};

constexpr QStringView s_exactBody[] = {
    u"code", u"assertion", u"client_assertion", u"code_verifier", u"otp",         u"pin",       u"totp", u"pass",
    u"pwd",  u"key",       u"private_key",      u"sig",           u"device_code", u"user_code",
};
constexpr QStringView s_bodyParts[] = {
    u"token",   u"secret",    u"password",   u"passwd",      u"api_key", u"apikey",
    u"api-key", u"signature", u"credential", u"private_key", u"session",
};

bool containsPart(QByteArrayView name, const QByteArrayView* parts, size_t count, QByteArrayView* which)
{
    const QByteArray lower = name.toByteArray().toLower();
    for (size_t i = 0; i < count; ++i) {
        if (lower.contains(parts[i])) {
            if (which)
                *which = parts[i];
            return true;
        }
    }
    return false;
}

template <size_t N> bool matchesName(QStringView name, const QStringView (&exact)[N])
{
    for (QStringView e : exact) {
        if (name.compare(e, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

template <size_t N> bool containsAny(QStringView name, const QStringView (&parts)[N])
{
    for (QStringView p : parts) {
        if (name.contains(p, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

const SecretPolicy& SecretPolicy::standard()
{
    static const SecretPolicy policy;
    return policy;
}

SecretPolicy SecretPolicy::withHeaderNames(const QList<QByteArray>& names) const
{
    SecretPolicy p = *this;
    p.m_extraHeaders += names;
    return p;
}

SecretPolicy SecretPolicy::withQueryNames(const QStringList& names) const
{
    SecretPolicy p = *this;
    p.m_extraQuery += names;
    return p;
}

SecretPolicy SecretPolicy::withBodyFields(const QStringList& names) const
{
    SecretPolicy p = *this;
    p.m_extraBody += names;
    return p;
}

QString SecretPolicy::headerReason(QByteArrayView name) const
{
    if (name.isEmpty())
        return {};
    for (const QByteArray& extra : m_extraHeaders) {
        if (sameName(name, extra))
            return QStringLiteral("marked secret by the profile");
    }
    for (QByteArrayView n : s_notSecretHeaders) {
        if (sameName(name, n))
            return {};
    }
    for (QByteArrayView n : s_exactHeaders) {
        if (sameName(name, n))
            return QStringLiteral("a standard or well-known credential header");
    }
    QByteArrayView part;
    if (containsPart(name, s_headerParts, std::size(s_headerParts), &part))
        return QStringLiteral("a name containing “%1”").arg(QString::fromLatin1(part));
    const QByteArray lower = name.toByteArray().toLower();
    // "X-Foo-Key", "Foo_Key": a key header of some vendor (the exclusions above keep nonces out).
    if (lower.endsWith("-key") || lower.endsWith("_key"))
        return QStringLiteral("a name ending in “key”");
    return {};
}

bool SecretPolicy::isSecretHeader(QByteArrayView name) const
{
    return !headerReason(name).isEmpty();
}

bool SecretPolicy::isSecretQueryParam(QStringView name) const
{
    if (name.isEmpty())
        return false;
    for (const QString& extra : m_extraQuery) {
        if (name.compare(extra, Qt::CaseInsensitive) == 0)
            return true;
    }
    // AWS SigV4 presigned URLs: X-Amz-Signature, X-Amz-Credential, X-Amz-Security-Token; Google's
    // X-Goog-Signature and X-Goog-Credential are caught by the same parts.
    return matchesName(name, s_exactQuery) || containsAny(name, s_queryParts);
}

bool SecretPolicy::isSecretBodyField(QStringView name) const
{
    if (name.isEmpty())
        return false;
    for (const QString& extra : m_extraBody) {
        if (name.compare(extra, Qt::CaseInsensitive) == 0)
            return true;
    }
    return matchesName(name, s_exactBody) || containsAny(name, s_bodyParts);
}

} // namespace Authlens::Http
