#include "http/SecretPolicy.h"

#include "http/RequestSpec.h"
#include "util/Chars.h"

namespace Authlens::Http {

namespace {

/// A name split into lower-case words at "-", "_", ".", ":", spaces and camelCase humps:
/// "X-RapidAPI-Key" → x rapid api key, "stripeKey" → stripe key, "PHPSESSID" → phpsessid.
struct Name
{
    QString lower;
    QString compact; ///< the words joined: "xrapidapikey"
    QStringList words;

    QString last() const { return words.isEmpty() ? QString() : words.constLast(); }
    bool hasWord(QStringView word) const { return words.contains(word); }
};

Name parse(QStringView text)
{
    Name n;
    n.lower = text.toString().toLower();
    QString word;
    const auto flush = [&] {
        if (!word.isEmpty())
            n.words.append(word.toLower());
        word.clear();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'-' || c == u'_' || c == u'.' || c == u' ' || c == u':') {
            flush();
            continue;
        }
        if (c.isUpper() && !word.isEmpty()) {
            const QChar previous = text.at(i - 1);
            const bool nextLower = i + 1 < text.size() && text.at(i + 1).isLower();
            // "stripeKey" → stripe|Key, "APIKey" → API|Key, "RapidAPI" → Rapid|API.
            if (previous.isLower() || previous.isDigit() || (previous.isUpper() && nextLower))
                flush();
        }
        word += c;
    }
    flush();
    n.compact = n.words.join(QString());
    return n;
}

template <size_t N> bool isOneOf(QStringView value, const QStringView (&list)[N])
{
    for (QStringView item : list) {
        if (value.compare(item, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Parts that make a name a credential wherever they appear (DESIGN.md §4, issue 9: *token*, *secret*,
// *api-key*/*apikey*, *session*, *signature*, *password*), compared with the words joined, so
// "api-key", "api_key", "apiKey" and "APIKEY" are one part. "passphrase": Coinbase Exchange
// CB-ACCESS-PASSPHRASE, OKX OK-ACCESS-PASSPHRASE; "sessid": PHP's PHPSESSID.
constexpr QStringView s_secretParts[] = {
    u"token",   u"secret", u"apikey",     u"password",  u"passwd",     u"passphrase", u"passcode", u"signature",
    u"session", u"sessid", u"credential", u"accesskey", u"privatekey", u"appkey",     u"authkey",
};

// A last word that makes a name a credential: "X-API-Key", "Fastly-Key", "stripeKey", AbuseIPDB's
// "Key", KuCoin's KC-API-SIGN and OKX's OK-ACCESS-SIGN, GitHub's X-GitHub-OTP, "connect.sid".
constexpr QStringView s_secretLastWords[] = {
    u"key", u"sign", u"sig", u"otp", u"totp", u"pin", u"pwd", u"jwt", u"sid",
};

// Words that make a "…key" name something else: idempotency and cache keys, sort and partition keys,
// a publishable (public) key, the WebSocket handshake nonce.
constexpr QStringView s_notKeyWords[] = {
    u"idempotency", u"idempotent", u"cache",   u"public", u"publishable",   u"sort",   u"partition",
    u"primary",     u"foreign",    u"routing", u"dedup",  u"deduplication", u"object", u"websocket",
};

// A last word that describes a credential instead of carrying one: "X-Token-Type", "token_type",
// "X-Envoy-Auth-Failure-Reason", "token_endpoint", "tokenUrl", GitHub's "X-OAuth-Scopes",
// "token_endpoint_auth_methods_supported", "expires_in", Cloudflare's "X-Auth-Email".
constexpr QStringView s_descriptiveLastWords[] = {
    u"type",     u"types",     u"reason", u"error",    u"errors",    u"status",    u"result",  u"url",
    u"urls",     u"uri",       u"uris",   u"endpoint", u"endpoints", u"expires",   u"expiry",  u"expiration",
    u"scheme",   u"schemes",   u"method", u"methods",  u"hint",      u"supported", u"length",  u"size",
    u"count",    u"in",        u"at",     u"name",     u"mode",      u"format",    u"version", u"scope",
    u"scopes",   u"realm",     u"ttl",    u"lifetime", u"required",  u"enabled",   u"email",   u"user",
    u"username", u"algorithm", u"alg",    u"location", u"issuer",    u"audience",
};

// Standard credential headers, and vendor headers the rules above do not catch:
// Honeycomb X-Honeycomb-Team (https://docs.honeycomb.io/api/authentication),
// JFrog X-JFrog-Art-Api (https://jfrog.com/help/r/jfrog-rest-apis/introduction-to-the-artifactory-rest-apis).
constexpr QStringView s_secretHeaders[] = {
    u"Authorization", u"Proxy-Authorization", u"Cookie",          u"Set-Cookie",
    u"DPoP",          u"X-Honeycomb-Team",    u"X-JFrog-Art-Api",
};

// Not credentials although a rule matches: challenge and info fields carry no secret (RFC 9110 §11),
// "-Key" headers that are protocol nonces (RFC 6455 §4.1) or idempotency ids, CORS fields that name
// headers, and CDN cache-key debug headers (Akamai X-Cache-Key).
constexpr QStringView s_notSecretHeaders[] = {
    u"WWW-Authenticate",
    u"Proxy-Authenticate",
    u"Authentication-Info",
    u"Proxy-Authentication-Info",
    u"Authentication-Control",
    u"Optional-WWW-Authenticate",
    u"Sec-WebSocket-Key",
    u"Sec-WebSocket-Accept",
    u"Idempotency-Key",
    u"X-Idempotency-Key",
    u"Access-Control-Allow-Credentials",
    u"Access-Control-Allow-Headers",
    u"Access-Control-Expose-Headers",
    u"Access-Control-Request-Headers",
    u"X-Cache-Key",
    u"X-True-Cache-Key",
};

// Query parameters: OAuth (RFC 6749 §4.1.2 code, RFC 7636 code_verifier, RFC 7521 assertion), CAS
// tickets, OpenWeatherMap's appid (https://openweathermap.org/appid), and short names of keys.
constexpr QStringView s_secretQuery[] = {
    u"code", u"auth", u"pass", u"ticket", u"assertion", u"client_assertion", u"code_verifier", u"hash", u"appid",
};
// Short names that also name ordinary things ("?key=name", "?code=US", "?hash=v2"): with a value at
// hand, a short plain word is no credential.
constexpr QStringView s_ambiguousQuery[] = {
    u"key", u"code", u"sig", u"hash", u"auth", u"pass", u"sid", u"ticket", u"pin", u"appid",
};

// Body fields: OAuth token requests (RFC 6749 §4.1.3 code, RFC 7636 code_verifier, RFC 7523
// client_assertion, RFC 8628 device_code and user_code) and one-time codes.
constexpr QStringView s_secretBody[] = {
    u"code", u"assertion", u"client_assertion", u"code_verifier", u"pass", u"device_code", u"user_code",
};

QStringView partIn(const Name& name)
{
    for (QStringView part : s_secretParts) {
        if (name.compact.contains(part))
            return part;
    }
    return {};
}

bool isSecretKeyWord(const Name& name)
{
    if (!isOneOf(name.last(), s_secretLastWords))
        return false;
    if (name.last() != u"key")
        return true;
    for (QStringView w : s_notKeyWords) {
        if (name.hasWord(w))
            return false;
    }
    return true;
}

bool isDescriptive(const Name& name)
{
    return name.words.size() > 1 && isOneOf(name.last(), s_descriptiveLastWords);
}

/// The rules query parameters, body fields and variables share.
bool matchesValueRules(const Name& name)
{
    if (isDescriptive(name))
        return false;
    return !partIn(name).isEmpty() || isSecretKeyWord(name);
}

bool looksLikePlainWord(QStringView value)
{
    // "name", "US", "v2", "latest": too short or too regular to be a key; keys are long or mix
    // letters with digits and symbols.
    if (value.size() >= 12)
        return false;
    bool letter = false;
    bool other = false;
    for (QChar c : value) {
        if (c.isLetter())
            letter = true;
        else
            other = true;
    }
    return value.size() < 8 || !(letter && other);
}

} // namespace

const SecretPolicy& SecretPolicy::standard()
{
    static const SecretPolicy policy;
    return policy;
}

SecretPolicy SecretPolicy::forSpec(const RequestSpec& spec)
{
    QList<QByteArray> headers;
    QStringList query;
    for (const Credential& c : spec.credentials) {
        if (c.place == Credential::Place::Query)
            query.append(QString::fromUtf8(c.name));
        else
            headers.append(c.name);
    }
    return standard().withHeaderNames(headers).withQueryNames(query);
}

SecretPolicy SecretPolicy::withHeaderNames(const QList<QByteArray>& names) const
{
    SecretPolicy p = *this;
    for (const QByteArray& n : names) {
        if (!n.isEmpty() && !p.m_extraHeaders.contains(n))
            p.m_extraHeaders.append(n);
    }
    return p;
}

SecretPolicy SecretPolicy::withQueryNames(const QStringList& names) const
{
    SecretPolicy p = *this;
    for (const QString& n : names) {
        if (!n.isEmpty() && !p.m_extraQuery.contains(n, Qt::CaseInsensitive))
            p.m_extraQuery.append(n);
    }
    return p;
}

SecretPolicy SecretPolicy::withBodyFields(const QStringList& names) const
{
    SecretPolicy p = *this;
    for (const QString& n : names) {
        if (!n.isEmpty() && !p.m_extraBody.contains(n, Qt::CaseInsensitive))
            p.m_extraBody.append(n);
    }
    return p;
}

SecretPolicy SecretPolicy::withLedgerOf(const Exchange& exchange) const
{
    QList<QByteArray> headers;
    QStringList query;
    for (const Hop& hop : exchange.hops) {
        for (const Placed& p : hop.placed) {
            if (p.place == CredentialPlace::Header)
                headers.append(p.name);
            else if (p.place == CredentialPlace::Query)
                query.append(QString::fromUtf8(p.name));
        }
        for (const Withheld& w : hop.withheld) {
            if (w.name.startsWith('?'))
                query.append(QString::fromUtf8(w.name.mid(1)));
            else if (!w.name.contains(' ')) // "TLS client certificate" is no header
                headers.append(w.name);
        }
    }
    return withHeaderNames(headers).withQueryNames(query);
}

QString SecretPolicy::headerReason(QByteArrayView name) const
{
    if (name.isEmpty())
        return {};
    for (const QByteArray& extra : m_extraHeaders) {
        if (Util::sameName(name, extra))
            return QStringLiteral("marked secret by the profile");
    }
    // HTTP/2 pseudo-headers (":authority") say where the request went, not who sent it.
    if (name.startsWith(':'))
        return {};
    const QString text = QString::fromLatin1(name);
    if (isOneOf(text, s_notSecretHeaders))
        return {};
    if (isOneOf(text, s_secretHeaders))
        return QStringLiteral("a standard or well-known credential header");
    const Name parsed = parse(text);
    if (isDescriptive(parsed))
        return {};
    if (const QStringView part = partIn(parsed); !part.isEmpty())
        return QStringLiteral("a name containing “%1”").arg(part);
    // *auth*: Authorization-Token, X-Auth-Token, X-Sentry-Auth, Cloudflare's X-Auth-Key.
    if (parsed.compact.contains(u"auth"))
        return QStringLiteral("a name containing “auth”");
    if (isSecretKeyWord(parsed))
        return QStringLiteral("a name ending in “%1”").arg(parsed.last());
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
    // X-Goog-Signature and X-Goog-Credential; Azure SAS "sig": all caught by the shared rules.
    return isOneOf(name, s_secretQuery) || matchesValueRules(parse(name));
}

bool SecretPolicy::isSecretQueryParam(QStringView name, QStringView value) const
{
    if (!isSecretQueryParam(name))
        return false;
    for (const QString& extra : m_extraQuery) {
        if (name.compare(extra, Qt::CaseInsensitive) == 0)
            return true;
    }
    return !(isOneOf(name, s_ambiguousQuery) && looksLikePlainWord(value));
}

bool SecretPolicy::isSecretBodyField(QStringView name) const
{
    if (name.isEmpty())
        return false;
    for (const QString& extra : m_extraBody) {
        if (name.compare(extra, Qt::CaseInsensitive) == 0)
            return true;
    }
    return isOneOf(name, s_secretBody) || matchesValueRules(parse(name));
}

bool SecretPolicy::isSecretName(QStringView name) const
{
    if (name.isEmpty())
        return false;
    const Name parsed = parse(name);
    if (isDescriptive(parsed))
        return false;
    return parsed.compact.contains(u"cookie") || isSecretQueryParam(name) || isSecretBodyField(name);
}

} // namespace Authlens::Http
