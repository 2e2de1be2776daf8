#include "SchemeKnowledge.h"

#include "AuthParam.h"
#include "DigestAlgorithm.h"

// The texts below are written for a developer staring at a 401: what the thing is, and what to do about
// it. Sections point at the defining text; https://www.rfc-editor.org/rfc/rfcNNNN#section-X links.
namespace Authlens::Auth {

namespace {

struct Ref
{
    int rfc; ///< 0: not an RFC (then `section` holds the label and no URL is made)
    const char* section;
};

struct SchemeEntry
{
    const char* name;
    const char* title;
    Ref ref;
    bool canPerform;
    const char* explanation;
    const char* advice;
};

const SchemeEntry kSchemes[] = {
    {"Basic",
     "HTTP Basic authentication",
     {7617, "2"},
     true,
     "The client sends user name and password, joined by a colon and base64-encoded, in every request. "
     "Base64 is an encoding, not encryption: anyone who sees the request sees the password, so Basic is "
     "only safe over HTTPS.",
     "Send Authorization: Basic base64(user \":\" password). If the challenge says charset=\"UTF-8\", encode "
     "user and password in UTF-8; without it, non-ASCII characters may be read differently by the server."},
    {"Bearer",
     "OAuth 2.0 Bearer token",
     {6750, "3"},
     true,
     "Whoever holds the token (the bearer) gets access. The token is usually an OAuth 2.0 access token, often "
     "a JWT, obtained from an authorization server. The challenge's error parameter tells why a token was "
     "refused.",
     "Send Authorization: Bearer <token>. On error=\"invalid_token\" get a new token (refresh it); on "
     "insufficient_scope ask the authorization server for a token with the scopes in the scope parameter. A "
     "realm that is a URL, with service and scope, points to a registry-style token service (Docker)."},
    {"Digest",
     "HTTP Digest access authentication",
     {7616, "3.3"},
     true,
     "A challenge-response scheme: the server sends a nonce, the client answers with a hash over user name, "
     "realm, password, nonce, method and URI, so the password itself never travels. It needs the password "
     "(or a hash of it) on the server.",
     "Answer with Authorization: Digest username=…, response=… computed with the algorithm and qop the server "
     "offers. stale=true means the password was right but the nonce expired: retry with the new nonce."},
    {"Negotiate",
     "SPNEGO (Kerberos or NTLM through Windows integrated authentication)",
     {4559, "4"},
     false,
     "Windows integrated authentication. The token68 after the scheme is a base64 SPNEGO token (GSS-API), "
     "normally wrapping a Kerberos ticket, sometimes NTLM. A bare \"Negotiate\" challenge invites the client "
     "to start; later challenges carry the server's reply token. Several round trips happen on one "
     "connection.",
     "Authlens cannot perform Negotiate itself: it needs a Kerberos ticket from the operating system (kinit) "
     "or Windows SSPI. Use curl --negotiate -u : or a browser on a domain-joined machine; if the server also "
     "offers Basic over HTTPS, a profile can use that instead."},
    {"NTLM",
     "NT LAN Manager authentication (Microsoft)",
     {0, "Microsoft [MS-NLMP]"},
     false,
     "A Microsoft challenge-response protocol over HTTP. The token68 is a base64 NTLM message: type 1 "
     "(negotiate) from the client, type 2 (challenge) from the server, type 3 (authenticate) from the client. "
     "It authenticates the connection, not the request, so proxies that do not keep connections break it.",
     "Authlens cannot perform NTLM. Use curl --ntlm -u DOMAIN\\user or a Windows client. NTLM is deprecated "
     "in favour of Kerberos (Negotiate); ask whether the server offers Basic over HTTPS or OAuth instead."},
    {"DPoP",
     "OAuth 2.0 Demonstrating Proof of Possession",
     {9449, "7.1"},
     false,
     "Like Bearer, but the token is bound to a key pair: each request carries the token (Authorization: DPoP "
     "<token>) and a DPoP header with a JWT signed by the client's private key, proving possession.",
     "Send the DPoP-bound access token with a fresh DPoP proof (htm, htu, iat, jti, ath) signed with one of "
     "the algorithms in algs. On error=\"use_dpop_nonce\" repeat the request with the DPoP-Nonce header's "
     "value as the proof's nonce claim."},
    {"AWS4-HMAC-SHA256",
     "AWS Signature Version 4",
     {0, "AWS Signature Version 4"},
     false,
     "Amazon's request signing: the Authorization value names the access key, the date, region and service "
     "(the credential scope), the headers that were signed, and an HMAC-SHA256 signature over a canonical "
     "form of the request. It is not a challenge scheme: AWS answers failures with an error body.",
     "Sign with the SDK or a SigV4 signer. Typical causes of rejection: a clock more than 5 minutes off "
     "(check X-Amz-Date), the wrong region or service in the scope, a header changed after signing, or an "
     "expired session token (X-Amz-Security-Token)."},
    {"HOBA",
     "HTTP Origin-Bound Authentication",
     {7486, "3"},
     false,
     "Digital-signature authentication without passwords: the client keeps a key pair per origin and signs "
     "the server's challenge. Experimental, rarely deployed.",
     "Authlens does not perform HOBA; it shows the challenge and max-age."},
    {"Mutual",
     "Mutual Authentication Protocol for HTTP",
     {8120, "4"},
     false,
     "A password-based protocol in which both sides prove knowledge of the password (augmented PAKE) without "
     "revealing it, so the client also learns that the server is genuine. Experimental.",
     "Authlens does not perform Mutual; it explains its parameters."},
    {"SCRAM-SHA-1",
     "Salted Challenge Response Authentication (SHA-1)",
     {7804, "5"},
     false,
     "SCRAM over HTTP: the password is never sent; client and server exchange nonces and salted proofs in "
     "base64 `data` parameters over two round trips, the server answering with a session id (sid).",
     "Authlens does not perform SCRAM. Prefer SCRAM-SHA-256 when both are offered."},
    {"SCRAM-SHA-256",
     "Salted Challenge Response Authentication (SHA-256)",
     {7804, "5"},
     false,
     "SCRAM over HTTP with SHA-256: the password is never sent; client and server exchange nonces and salted "
     "proofs in base64 `data` parameters over two round trips, the server answering with a session id (sid).",
     "Authlens does not perform SCRAM."},
};

struct ParamEntry
{
    const char* scheme; ///< lower-case scheme, or "*" for any scheme
    const char* param; ///< lower-case
    Ref ref;
    const char* explanation;
};

const ParamEntry kParams[] = {
    // Basic
    {"basic",
     "realm",
     {7617, "2"},
     "The protection space: a name the server gives to the set of pages that share these credentials. Browsers "
     "show it in the login prompt."},
    {"basic",
     "charset",
     {7617, "2.1"},
     "The encoding the server expects for user name and password before base64. The only allowed value is "
     "\"UTF-8\"; without it the server may expect ISO-8859-1 or something else."},
    // Bearer (RFC 6750, RFC 9728, registry and Azure conventions)
    {"bearer", "realm", {6750, "3"}, "The protection space, as for any scheme. Free text."},
    {"bearer",
     "scope",
     {6750, "3"},
     "The scopes an access token needs for this resource: space-separated, case-sensitive values defined by "
     "the authorization server."},
    {"bearer",
     "error",
     {6750, "3.1"},
     "Why the token was refused: invalid_request, invalid_token or insufficient_scope (RFC 6750), or an "
     "extension code."},
    {"bearer",
     "error_description",
     {6750, "3"},
     "A human-readable explanation of the error, for the developer (not meant for end users)."},
    {"bearer", "error_uri", {6750, "3"}, "A URI of a web page explaining the error."},
    {"bearer",
     "resource_metadata",
     {9728, "5.1"},
     "The URL of the OAuth 2.0 Protected Resource Metadata document: it names the authorization servers that "
     "issue tokens for this resource and the scopes it supports. A client can configure itself from it."},
    {"bearer",
     "service",
     {0, "Docker Registry token authentication"},
     "Registry-style Bearer: the name of the service the token is for; send it as the service query parameter "
     "to the token endpoint given in realm."},
    {"bearer",
     "authorization_uri",
     {0, "Microsoft identity platform"},
     "Azure / Microsoft Entra ID: the authorization endpoint of the tenant that issues tokens for this "
     "resource. Its path names the tenant."},
    {"bearer",
     "authorization",
     {0, "Microsoft identity platform"},
     "Azure (e.g. Key Vault): the authority (login URL with tenant) to get a token from."},
    {"bearer",
     "resource_id",
     {0, "Microsoft identity platform"},
     "Azure: the resource (audience) to request a token for, e.g. https://storage.azure.com."},
    {"bearer",
     "resource",
     {0, "Microsoft identity platform"},
     "Azure: the resource (audience) the token must be issued for."},
    {"bearer",
     "client_id",
     {0, "Microsoft identity platform"},
     "Azure: the application id of the resource (for example Microsoft Graph) that the token must target."},
    // Digest (RFC 7616) — challenge, credentials and Authentication-Info
    {"digest",
     "realm",
     {7616, "3.3"},
     "The protection space, and part of the hashed secret: the server stores H(user:realm:password), so the "
     "realm must match exactly."},
    {"digest",
     "domain",
     {7616, "3.3"},
     "Space-separated URIs that share this protection space; the client may send credentials for them "
     "without waiting for a challenge."},
    {"digest",
     "nonce",
     {7616, "3.3"},
     "A server-generated one-time value that the response hash covers. It limits replay; servers expire it "
     "(then they answer stale=true)."},
    {"digest",
     "opaque",
     {7616, "3.3"},
     "A server value the client returns unchanged in every request to this protection space."},
    {"digest",
     "stale",
     {7616, "3.3"},
     "true: the previous request was refused only because its nonce expired; the password was right."},
    {"digest",
     "algorithm",
     {7616, "3.3"},
     "The hash: MD5, SHA-256 or SHA-512-256, and their -sess variants. Absent means MD5."},
    {"digest",
     "qop",
     {7616, "3.3"},
     "Quality of protection: auth (the hash covers method and URI) or auth-int (also the body). In a "
     "challenge a quoted list of what the server supports; in the response the one chosen."},
    {"digest", "charset", {7616, "3.3"}, "Only \"UTF-8\": user name and password are Unicode NFC encoded in UTF-8."},
    {"digest",
     "userhash",
     {7616, "3.3"},
     "true: the client sends H(username:realm) instead of the user name, hiding it from observers."},
    {"digest",
     "username",
     {7616, "3.4"},
     "The user name, or with userhash=true its hash. Non-ASCII names use username* instead."},
    {"digest",
     "username*",
     {7616, "3.4"},
     "The user name in RFC 8187 encoding (UTF-8''J%C3%A4s%C3%B8n), for names a quoted-string cannot carry."},
    {"digest",
     "uri",
     {7616, "3.4"},
     "The request-target the client hashed; it must equal the request line's target, query included."},
    {"digest", "response", {7616, "3.4.1"}, "The request digest: the hash the server recomputes and compares."},
    {"digest",
     "cnonce",
     {7616, "3.4"},
     "The client's own nonce, mixed into the hash so that chosen-plaintext attacks are harder."},
    {"digest",
     "nc",
     {7616, "3.4"},
     "The nonce count: 8 hex digits, how many requests this client has sent with this nonce. It must grow, "
     "so that the server can detect replays."},
    {"digest",
     "nextnonce",
     {7616, "3.5"},
     "Authentication-Info: the nonce the server wants the client to use for its next request."},
    {"digest",
     "rspauth",
     {7616, "3.5"},
     "Authentication-Info: the server's proof that it knows the password too (mutual authentication)."},
    // DPoP (RFC 9449)
    {"dpop",
     "algs",
     {9449, "7.1"},
     "The JWS algorithms the resource server accepts for DPoP proofs, space-separated (e.g. \"ES256 PS256\")."},
    {"dpop",
     "error",
     {9449, "7.1"},
     "Why the request was refused: the RFC 6750 codes, plus invalid_dpop_proof and use_dpop_nonce."},
    {"dpop", "error_description", {9449, "7.1"}, "A human-readable explanation of the error."},
    {"dpop", "realm", {9449, "7.1"}, "The protection space, as for Bearer."},
    {"dpop", "scope", {9449, "7.1"}, "The scopes the token needs, as for Bearer."},
    // AWS Signature Version 4 (credentials)
    {"aws4-hmac-sha256",
     "credential",
     {0, "AWS Signature Version 4"},
     "Access key id and credential scope: AKID/yyyymmdd/region/service/aws4_request."},
    {"aws4-hmac-sha256",
     "signedheaders",
     {0, "AWS Signature Version 4"},
     "The lower-case names of the headers included in the signature, separated by semicolons. Changing one "
     "of them after signing invalidates the signature."},
    {"aws4-hmac-sha256",
     "signature",
     {0, "AWS Signature Version 4"},
     "The hex HMAC-SHA256 signature over the canonical request, made with a key derived from the secret key "
     "and the credential scope."},
    // HOBA (RFC 7486)
    {"hoba", "challenge", {7486, "3"}, "The base64url value the client must sign with its origin-bound key."},
    {"hoba", "max-age", {7486, "3"}, "Seconds during which the challenge may be answered."},
    {"hoba", "realm", {7486, "3"}, "The protection space."},
    {"hoba", "result", {7486, "3"}, "Credentials: kid.challenge.nonce.signature, each part base64url."},
    // Mutual (RFC 8120)
    {"mutual", "version", {8120, "4.1"}, "The protocol version; 1 for RFC 8120."},
    {"mutual", "algorithm", {8120, "4.1"}, "The key-exchange algorithm, e.g. iso-kam3-dl-2048-sha256."},
    {"mutual",
     "validation",
     {8120, "4.1"},
     "How the host is bound into the exchange: host, tls-server-end-point, "
     "tls-unique."},
    {"mutual", "auth-scope", {8120, "4.1"}, "The hosts the credentials are valid for."},
    {"mutual",
     "reason",
     {8120, "4.1"},
     "Why authentication is requested: initial, stale-session, auth-failed, reauth-needed, "
     "invalid-parameters, internal-error, user-unknown, invalid-credential, authz-failed."},
    {"mutual", "realm", {8120, "4.1"}, "The protection space."},
    {"mutual", "sid", {8120, "4.1"}, "The session identifier."},
    {"mutual", "user", {8120, "4.1"}, "The user name, RFC 8187 encoded."},
    {"mutual", "ks1", {8120, "4.1"}, "The server's key-exchange value."},
    {"mutual", "kc1", {8120, "4.1"}, "The client's key-exchange value."},
    {"mutual", "vkc", {8120, "4.1"}, "The client's verifier."},
    {"mutual", "vks", {8120, "4.1"}, "The server's verifier."},
    // SCRAM (RFC 7804)
    {"scram-sha-1", "realm", {7804, "5"}, "The protection space."},
    {"scram-sha-1", "data", {7804, "5"}, "A base64 SCRAM message (RFC 5802)."},
    {"scram-sha-1", "sid", {7804, "5"}, "The server's session id, returned by the client in its next message."},
    {"scram-sha-1", "ttl", {7804, "5.1"}, "Seconds the server lets the client reuse this authentication."},
    {"scram-sha-256", "realm", {7804, "5"}, "The protection space."},
    {"scram-sha-256", "data", {7804, "5"}, "A base64 SCRAM message (RFC 5802)."},
    {"scram-sha-256", "sid", {7804, "5"}, "The server's session id, returned by the client in its next message."},
    {"scram-sha-256", "ttl", {7804, "5.1"}, "Seconds the server lets the client reuse this authentication."},
    // Any scheme
    {"*",
     "realm",
     {9110, "11.5"},
     "The protection space: resources sharing a realm share credentials. Free text chosen by the server."},
};

SpecReference makeRef(const Ref& ref)
{
    if (ref.rfc == 0)
        return {QString::fromUtf8(ref.section), {}};
    return {QStringLiteral("RFC %1 §%2").arg(ref.rfc).arg(QString::fromLatin1(ref.section)),
            QStringLiteral("https://www.rfc-editor.org/rfc/rfc%1#section-%2")
                .arg(ref.rfc)
                .arg(QString::fromLatin1(ref.section))};
}

QByteArray lower(QByteArrayView bytes)
{
    return bytes.toByteArray().toLower();
}

const SchemeEntry* findScheme(QByteArrayView scheme)
{
    for (const SchemeEntry& entry : kSchemes) {
        if (scheme.compare(QByteArrayView(entry.name), Qt::CaseInsensitive) == 0)
            return &entry;
    }
    return nullptr;
}

const ParamEntry* findParam(QByteArrayView lowerScheme, QByteArrayView lowerParam)
{
    const ParamEntry* fallback = nullptr;
    for (const ParamEntry& entry : kParams) {
        if (lowerParam != QByteArrayView(entry.param))
            continue;
        if (lowerScheme == QByteArrayView(entry.scheme))
            return &entry;
        if (QByteArrayView(entry.scheme) == "*")
            fallback = &entry;
    }
    return fallback;
}

QString text(const char* utf8)
{
    return QString::fromUtf8(utf8);
}

// The RFC 6750 / RFC 9449 error codes, each with what it means for the person debugging.
QString bearerErrorMeaning(QByteArrayView code, bool dpop)
{
    if (code == "invalid_request")
        return text("The request itself is malformed (HTTP 400): a parameter is missing or repeated, or the token "
                    "was sent in more than one way (header and query, say). Fix the request; a new token will "
                    "not help.");
    if (code == "invalid_token")
        return text("The token is expired, revoked, malformed or not meant for this resource (HTTP 401). Get a "
                    "new one — refresh it — and check its exp, aud and iss claims.");
    if (code == "insufficient_scope")
        return text("The token is valid but lacks a scope this resource needs (HTTP 403). Ask the authorization "
                    "server for a token that includes the scope parameter's values; refreshing the same grant "
                    "will not add scopes.");
    if (dpop && code == "use_dpop_nonce")
        return text("The server wants a nonce in the DPoP proof: take the DPoP-Nonce response header's value, put "
                    "it in the proof's nonce claim, and send the request again (RFC 9449 §9).");
    if (dpop && code == "invalid_dpop_proof")
        return text("The DPoP proof JWT is invalid: wrong signature or algorithm, htm/htu not matching the "
                    "request, an iat too far off, a reused jti, or a missing/old nonce.");
    return text("An extension error code: see error_description or error_uri.");
}

QString digestAlgorithmMeaning(QByteArrayView value)
{
    const auto algorithm = digestAlgorithmFromName(value);
    if (!algorithm)
        return text("Unknown algorithm: clients that do not know it must ignore this challenge.");
    QString meaning;
    switch (*algorithm) {
    case DigestAlgorithm::Md5:
    case DigestAlgorithm::Md5Sess:
        meaning = text("MD5: kept for backward compatibility with RFC 2617 clients; MD5 is broken as a hash, "
                       "prefer SHA-256 when the server offers it.");
        break;
    case DigestAlgorithm::Sha256:
    case DigestAlgorithm::Sha256Sess:
        meaning = text("SHA-256: the RFC 7616 default choice.");
        break;
    case DigestAlgorithm::Sha512_256:
    case DigestAlgorithm::Sha512_256Sess:
        meaning = text("SHA-512/256: SHA-512 with its own initial values truncated to 256 bits (not a "
                       "truncated SHA-512).");
        break;
    }
    if (isSessionAlgorithm(*algorithm))
        meaning += text(" The -sess variant hashes nonce and cnonce into the secret once per session, so a server "
                        "can hand the session key to another component without the password.");
    return meaning;
}

// Registry scope, e.g. "repository:library/ubuntu:pull,push" (Docker Registry token authentication).
QString registryScopeMeaning(QByteArrayView value)
{
    const QList<QByteArray> parts = value.toByteArray().split(':');
    if (parts.size() < 3 || parts.first() != "repository")
        return {};
    const QByteArray actions = parts.last();
    QByteArray name;
    for (qsizetype i = 1; i < parts.size() - 1; ++i)
        name += (i > 1 ? QByteArray(":") : QByteArray()) + parts.at(i);
    return QStringLiteral("Registry scope: access to repository %1 for %2. Request a token with this scope from "
                          "the realm URL.")
        .arg(fieldText(name), fieldText(actions));
}

QString awsCredentialMeaning(QByteArrayView value)
{
    const QList<QByteArray> parts = value.toByteArray().split('/');
    if (parts.size() != 5 || parts.at(4) != "aws4_request")
        return text("Malformed: expected AKID/yyyymmdd/region/service/aws4_request.");
    const QByteArray& key = parts.at(0);
    const QString keyKind = key.startsWith("ASIA") ? text(" (a temporary key: it needs X-Amz-Security-Token)")
        : key.startsWith("AKIA")                   ? text(" (a long-term IAM user key)")
                                                   : QString();
    return QStringLiteral("Access key %1%2, signed for date %3, region %4, service %5. The date must be the "
                          "UTC date of X-Amz-Date and the region the endpoint's.")
        .arg(fieldText(key), keyKind, fieldText(parts.at(1)), fieldText(parts.at(2)), fieldText(parts.at(3)));
}

QString valueMeaning(QByteArrayView scheme, QByteArrayView param, QByteArrayView value)
{
    if (value.isNull())
        return {};
    const bool bearer = scheme == "bearer";
    const bool dpop = scheme == "dpop";
    if ((bearer || dpop) && param == "error")
        return bearerErrorMeaning(value, dpop);
    if (bearer && param == "realm" && (value.startsWith("https://") || value.startsWith("http://")))
        return text("This realm is a URL: the registry-style token flow (Docker Registry, GHCR, Harbor…). GET it "
                    "with ?service=…&scope=… (and Basic credentials when needed) to obtain a token, then retry "
                    "with Authorization: Bearer <token>.");
    if (bearer && param == "scope") {
        const QString registry = registryScopeMeaning(value);
        if (!registry.isEmpty())
            return registry;
        if (value.isEmpty())
            return text("Empty: the server names no particular scope.");
        return {};
    }
    if (bearer && param == "authorization_uri") {
        const QList<QByteArray> path = value.toByteArray().split('/');
        if (path.size() > 3 && value.contains("login.")) // https://login.microsoftonline.com/<tenant>/...
            return QStringLiteral("Tenant: %1. Tokens for this resource must come from that tenant.")
                .arg(fieldText(path.at(3)));
        return {};
    }
    if (scheme == "digest" && param == "algorithm")
        return digestAlgorithmMeaning(value);
    if (scheme == "digest" && param == "stale") {
        if (value.compare("true", Qt::CaseInsensitive) == 0)
            return text("The nonce expired but the credentials were right: retry once with the new nonce, without "
                        "asking for the password again.");
        return text("The previous credentials (if any) were wrong, not merely late.");
    }
    if (scheme == "digest" && param == "qop") {
        const QByteArray lowerValue = lower(value);
        QByteArray withoutAuthInt = lowerValue;
        withoutAuthInt.replace("auth-int", "");
        if (lowerValue.contains("auth-int") && withoutAuthInt.contains("auth"))
            return text("Both offered: clients usually pick auth.");
        if (lowerValue.contains("auth-int"))
            return text("Only auth-int: the hash must cover the request body too.");
        return {};
    }
    if ((scheme == "basic" || scheme == "digest") && param == "charset") {
        if (value.compare("UTF-8", Qt::CaseInsensitive) == 0)
            return text("Encode user name and password in UTF-8.");
        return text("Not allowed: UTF-8 is the only value the specifications define.");
    }
    if (scheme == "aws4-hmac-sha256" && param == "credential")
        return awsCredentialMeaning(value);
    if (scheme == "mutual" && param == "reason" && value == "stale-session")
        return text("The session expired; authenticate again.");
    return {};
}

} // namespace

SchemeInfo schemeInfo(QByteArrayView scheme)
{
    SchemeInfo info;
    const SchemeEntry* entry = findScheme(scheme);
    if (!entry) {
        info.name = scheme.toByteArray();
        info.title = QStringLiteral("Unknown scheme");
        info.explanation = QStringLiteral("A scheme Authlens does not know (not in the IANA registry, or vendor "
                                          "specific). It is shown exactly as sent.");
        return info;
    }
    info.name = QByteArray(entry->name);
    info.known = true;
    info.title = text(entry->title);
    info.explanation = text(entry->explanation);
    info.clientAdvice = text(entry->advice);
    info.reference = makeRef(entry->ref);
    info.canPerform = entry->canPerform;
    return info;
}

ParamInfo paramInfo(QByteArrayView scheme, QByteArrayView param, QByteArrayView value)
{
    const QByteArray lowerScheme = lower(scheme);
    const QByteArray lowerParam = lower(param);
    ParamInfo info;
    if (const ParamEntry* entry = findParam(lowerScheme, lowerParam)) {
        info.known = true;
        info.explanation = text(entry->explanation);
        info.reference = makeRef(entry->ref);
    } else if (lowerParam.endsWith('*')) {
        info.explanation = QStringLiteral("An extended parameter (RFC 8187): charset''percent-encoded value.");
        info.reference = makeRef({8187, "3.2"});
    } else {
        info.explanation = QStringLiteral("A parameter Authlens does not know for this scheme.");
    }
    info.valueExplanation = valueMeaning(lowerScheme, lowerParam, value);
    return info;
}

bool canPerform(QByteArrayView scheme)
{
    const SchemeEntry* entry = findScheme(scheme);
    return entry && entry->canPerform;
}

QList<QByteArray> knownSchemes()
{
    QList<QByteArray> names;
    for (const SchemeEntry& entry : kSchemes)
        names.append(QByteArray(entry.name));
    return names;
}

} // namespace Authlens::Auth
