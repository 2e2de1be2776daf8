#include "CredentialCheck.h"

#include "util/Chars.h"

#include "HeaderParser.h"

#include <QStringDecoder>

namespace Authlens::Auth {

namespace {

constexpr QByteArrayView kSchemesToSpot[] = {"Basic", "Bearer", "Digest", "DPoP", "Negotiate", "NTLM"};

const QByteArrayView* knownSchemePrefix(QByteArrayView value)
{
    for (const QByteArrayView& scheme : kSchemesToSpot) {
        if (value.size() > scheme.size() && value.first(scheme.size()).compare(scheme, Qt::CaseInsensitive) == 0)
            return &scheme;
    }
    return nullptr;
}

bool isKnownScheme(QByteArrayView word)
{
    for (const QByteArrayView& scheme : kSchemesToSpot) {
        if (word.compare(scheme, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool looksLikeJwt(QByteArrayView value)
{
    return value.startsWith("eyJ") && value.count('.') >= 2;
}

struct Checker
{
    QByteArrayView raw;
    const QList<Challenge>& challenges;
    QList<CredentialFinding> findings;

    void add(const char* code, const char* reason, Severity severity, qsizetype offset, QString message)
    {
        findings.append(
            {QString::fromLatin1(code), QString::fromLatin1(reason), severity, int(offset), std::move(message)});
    }
    bool hasReason(const char* reason) const
    {
        for (const CredentialFinding& f : findings) {
            if (f.reason == QLatin1String(reason))
                return true;
        }
        return false;
    }

    void run();
    bool checkRawForm();
    void checkParsed(const Challenge& credentials, const QList<Diagnostic>& diagnostics);
    void checkBasic(const Challenge& credentials);
    void checkDigest(const Challenge& credentials);
    void checkSchemeOffered(const Challenge& credentials);
};

void Checker::run()
{
    if (!checkRawForm())
        return;
    const CredentialsParseResult parsed = parseCredentials(raw);
    if (!parsed.credentials) {
        for (const Diagnostic& d : parsed.diagnostics) {
            add("header.malformed", "syntax", Severity::Error, d.offset, d.message);
            break;
        }
        return;
    }
    checkParsed(*parsed.credentials, parsed.diagnostics);
}

// What can be seen on the bytes before any parsing: emptiness, line breaks, a missing space after the scheme.
bool Checker::checkRawForm()
{
    qsizetype start = 0;
    while (start < raw.size() && Util::isOws(raw[start]))
        ++start;
    if (start == raw.size()) {
        add("header.malformed", "empty", Severity::Error, 0,
            QStringLiteral("the Authorization value is empty: no scheme, no credentials"));
        return false;
    }
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const auto c = static_cast<unsigned char>(raw[i]);
        if (c == '\r' || c == '\n') {
            add("header.malformed", "crlf", Severity::Error, i,
                QStringLiteral("a line break (CR/LF) at byte %1: usually a token copied with its trailing newline; "
                               "servers reject or cut the header there")
                    .arg(i));
            break;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            add("header.malformed", "control", Severity::Error, i,
                QStringLiteral("control character 0x%1 at byte %2").arg(c, 2, 16, QLatin1Char('0')).arg(i));
            break;
        }
    }
    if (start > 0) {
        add("header.malformed", "whitespace", Severity::Warning, 0,
            QStringLiteral("whitespace before the scheme; most servers trim it, some do not"));
    }
    qsizetype end = raw.size();
    while (end > start && (Util::isOws(raw[end - 1]) || raw[end - 1] == '\r' || raw[end - 1] == '\n'))
        --end;
    if (end < raw.size() && !hasReason("crlf")) {
        add("header.malformed", "whitespace", Severity::Warning, end,
            QStringLiteral("whitespace after the credentials; a server comparing tokens byte for byte fails"));
    }
    const QByteArrayView trimmed = raw.sliced(start, end - start);
    bool hasSpace = false;
    for (char c : trimmed)
        hasSpace = hasSpace || Util::isOws(c);
    if (!hasSpace) {
        if (const QByteArrayView* scheme = knownSchemePrefix(trimmed)) {
            add("header.malformed", "no_space", Severity::Error, start + scheme->size(),
                QStringLiteral("no space after the scheme: write “%1 %2”")
                    .arg(QString::fromLatin1(*scheme), fieldText(trimmed.sliced(scheme->size()))));
            return false;
        }
        if (looksLikeJwt(trimmed) || trimmed.size() > 20) {
            add("header.malformed", "no_scheme", Severity::Error, start,
                looksLikeJwt(trimmed)
                    ? QStringLiteral("the value is a bare JWT without a scheme: send “Bearer <token>”")
                    : QStringLiteral("the value looks like a bare token without a scheme "
                                     "(e.g. “Bearer <token>” or “Basic <base64>”)"));
            return false;
        }
    }
    return true;
}

void Checker::checkParsed(const Challenge& credentials, const QList<Diagnostic>& diagnostics)
{
    const QByteArray& scheme = credentials.scheme;
    const int schemeEnd = credentials.schemeRange.end();

    bool splitToken = false; // "Bearer abc def": what was parsed as the token is only its first part
    // The character after the scheme and its spaces says a lot about a malformed value.
    qsizetype next = schemeEnd;
    while (next < raw.size() && Util::isOws(raw[next]))
        ++next;
    if (next - schemeEnd > 1 && next < raw.size()) {
        add("header.malformed", "whitespace", Severity::Warning, schemeEnd,
            QStringLiteral("%1 spaces between the scheme and the credentials; one is expected").arg(next - schemeEnd));
    }
    if (next < raw.size() && raw[next] == '"') {
        add("header.malformed", "quoted_token", Severity::Error, next,
            QStringLiteral("the credentials are in quotes: a token68 is sent bare, as in “%1 abc123”")
                .arg(QString::fromLatin1(scheme)));
    }
    if (credentials.token68 && isKnownScheme(*credentials.token68)) {
        add("header.malformed", "scheme_twice", Severity::Error, credentials.token68Range.offset,
            QStringLiteral("the scheme appears twice (“%1 %2 …”): the token was probably pasted with its scheme")
                .arg(QString::fromLatin1(scheme), fieldText(*credentials.token68)));
    }

    // AWS Signature v4 writes its parameters unquoted with '/' inside (Credential=AKID/20150830/us-east-1/…):
    // that is its documented form, and AWS refuses it quoted, so RFC 9110's token rule does not apply to it
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
    const bool awsSignature = scheme.compare("AWS4-HMAC-SHA256", Qt::CaseInsensitive) == 0;
    for (const Diagnostic& d : diagnostics) {
        if (d.severity != Severity::Error)
            continue;
        if (awsSignature && d.code == QLatin1String("value.not_token"))
            continue;
        if (d.offset < raw.size()) {
            const auto c = static_cast<unsigned char>(raw[d.offset]);
            if (c == '\r' || c == '\n' || (hasReason("control") && (c < 0x20 || c == 0x7f)))
                continue; // already reported as "crlf" or "control"
        }
        const bool afterSpace = d.offset > 0 && Util::isOws(raw[d.offset - 1]);
        if (d.code == QLatin1String("token68.trailing") && afterSpace) {
            if (!hasReason("scheme_twice")) {
                splitToken = true;
                add("header.malformed", "whitespace", Severity::Error, d.offset,
                    QStringLiteral("whitespace inside the credentials at byte %1: the token was split or pasted with "
                                   "spaces")
                        .arg(d.offset));
            }
        } else if (d.code == QLatin1String("scheme.space_missing")) {
            add("header.malformed", "no_space", Severity::Error, d.offset, d.message);
        } else if (d.code == QLatin1String("challenge.unexpected")) {
            if (!hasReason("quoted_token"))
                add("header.malformed", "syntax", Severity::Error, d.offset, d.message);
        } else if (d.code != QLatin1String("char.crlf")) {
            add("header.malformed", "syntax", Severity::Error, d.offset, d.message);
        }
    }

    checkSchemeOffered(credentials);
    if (hasReason("scheme_twice") || splitToken)
        return; // the "token" is a scheme or a fragment: checking it as base64 would only add noise
    if (credentials.isScheme("Basic"))
        checkBasic(credentials);
    else if (credentials.isScheme("Digest"))
        checkDigest(credentials);
    else if ((credentials.isScheme("Bearer") || credentials.isScheme("DPoP")) && !credentials.token68
             && !credentials.params.isEmpty()) {
        add("header.malformed", "not_token68", Severity::Error, credentials.params.first().nameRange.offset,
            QStringLiteral("%1 credentials are the token alone, not name=value parameters")
                .arg(QString::fromLatin1(scheme)));
    }
}

void Checker::checkSchemeOffered(const Challenge& credentials)
{
    if (challenges.isEmpty())
        return;
    QStringList offered;
    for (const Challenge& c : challenges) {
        if (c.isScheme(credentials.scheme))
            return;
        const QString name = QString::fromLatin1(c.scheme);
        if (!offered.contains(name, Qt::CaseInsensitive))
            offered.append(name);
    }
    add("scheme.mismatch", "not_offered", Severity::Error, credentials.schemeRange.offset,
        QStringLiteral("credentials sent with %1, but the server offers only %2")
            .arg(QString::fromLatin1(credentials.scheme), offered.join(QStringLiteral(", "))));
}

void Checker::checkBasic(const Challenge& credentials)
{
    if (!credentials.token68) {
        if (!credentials.params.isEmpty()) {
            add("header.malformed", "not_token68", Severity::Error, credentials.params.first().nameRange.offset,
                QStringLiteral("Basic credentials are one base64 token, not name=value parameters"));
        } else if (!hasReason("quoted_token")) {
            add("header.malformed", "syntax", Severity::Error, credentials.schemeRange.end(),
                QStringLiteral("Basic without credentials"));
        }
        return;
    }
    const QByteArray& token = *credentials.token68;
    const int base = credentials.token68Range.offset;
    qsizetype firstPad = token.indexOf('=');
    for (qsizetype i = 0; i < token.size(); ++i) {
        const char c = token[i];
        const bool ok = i >= firstPad && firstPad >= 0 ? c == '=' : Util::isBase64Char(c);
        if (!ok) {
            const bool urlAlphabet = c == '-' || c == '_';
            add("header.malformed", "invalid_base64", Severity::Error, base + i,
                urlAlphabet ? QStringLiteral("“%1” at byte %2 is base64url; Basic uses standard base64 (+ and /)")
                                  .arg(QChar::fromLatin1(c))
                                  .arg(base + i)
                            : QStringLiteral("“%1” at byte %2 is not base64").arg(QChar::fromLatin1(c)).arg(base + i));
            return;
        }
    }
    if (token.size() % 4 != 0) {
        const bool fixable = token.size() % 4 != 1 && firstPad < 0;
        add("header.malformed", "invalid_base64", fixable ? Severity::Warning : Severity::Error, base + token.size(),
            fixable ? QStringLiteral("base64 padding is missing (length %1 is not a multiple of 4); many servers "
                                     "refuse it")
                          .arg(token.size())
                    : QStringLiteral("the base64 length %1 is impossible: the token is truncated").arg(token.size()));
        if (!fixable)
            return;
    }
    const std::optional<BasicCredentials> decoded = decodeBasic(token);
    if (!decoded) {
        add("header.malformed", "invalid_base64", Severity::Error, base, QStringLiteral("the token is not base64"));
        return;
    }
    if (!decoded->hasColon) {
        add("header.malformed", "basic_no_colon", Severity::Error, base,
            QStringLiteral("the decoded credentials have no “:”: Basic is base64(user \":\" password); was the token "
                           "an API key or a bare password?"));
    }
    if (decoded->nonAscii) {
        bool utf8Agreed = false;
        for (const Challenge& c : challenges) {
            if (c.isScheme("Basic") && c.value("charset").compare("UTF-8", Qt::CaseInsensitive) == 0)
                utf8Agreed = true;
        }
        if (!utf8Agreed) {
            add("basic.encoding", "non_ascii_without_charset", Severity::Warning, base,
                QStringLiteral("user name or password contain non-ASCII characters (sent as %1) but the server did not "
                               "announce charset=\"UTF-8\": it may decode them differently")
                    .arg(decoded->validUtf8 ? QStringLiteral("UTF-8") : QStringLiteral("ISO-8859-1 or similar")));
        } else if (!decoded->validUtf8) {
            add("basic.encoding", "not_utf8", Severity::Error, base,
                QStringLiteral("the server asked for UTF-8 (charset=\"UTF-8\") but the credentials are not valid "
                               "UTF-8"));
        }
    }
}

void Checker::checkDigest(const Challenge& credentials)
{
    if (credentials.token68 || credentials.params.isEmpty()) {
        add("header.malformed", "digest_incomplete", Severity::Error, credentials.schemeRange.end(),
            QStringLiteral("Digest credentials are name=value parameters (username, realm, nonce, uri, response…)"));
        return;
    }
    QStringList missing;
    for (const char* required : {"realm", "nonce", "uri", "response"}) {
        if (!credentials.hasParam(required))
            missing.append(QString::fromLatin1(required));
    }
    if (!credentials.hasParam("username") && !credentials.hasParam("username*"))
        missing.prepend(QStringLiteral("username"));
    if (credentials.hasParam("qop")) {
        for (const char* required : {"nc", "cnonce"}) {
            if (!credentials.hasParam(required))
                missing.append(QString::fromLatin1(required));
        }
    }
    if (!missing.isEmpty()) {
        add("header.malformed", "digest_incomplete", Severity::Error, credentials.range.end(),
            QStringLiteral("Digest credentials lack %1").arg(missing.join(QStringLiteral(", "))));
    }

    QList<const Challenge*> digestChallenges;
    for (const Challenge& c : challenges) {
        if (c.isScheme("Digest"))
            digestChallenges.append(&c);
    }
    if (digestChallenges.isEmpty())
        return;

    const AuthParam* realm = credentials.param("realm");
    QList<const Challenge*> sameRealm;
    for (const Challenge* c : std::as_const(digestChallenges)) {
        if (realm && c->value("realm") == realm->value)
            sameRealm.append(c);
    }
    if (realm && sameRealm.isEmpty()) {
        QStringList realms;
        for (const Challenge* c : std::as_const(digestChallenges))
            realms.append(QStringLiteral("“%1”").arg(fieldText(c->value("realm"))));
        add("digest.rejected", "realm_mismatch", Severity::Error, realm->valueRange.offset,
            QStringLiteral("realm “%1” is not the realm the server challenges with (%2); the hash covers the realm, "
                           "so it cannot match")
                .arg(fieldText(realm->value), realms.join(QStringLiteral(", "))));
        return;
    }
    const QList<const Challenge*>& candidates = sameRealm.isEmpty() ? digestChallenges : sameRealm;

    if (const AuthParam* nonce = credentials.param("nonce")) {
        bool known = false;
        bool staleNow = false;
        for (const Challenge* c : candidates) {
            known = known || c->value("nonce") == nonce->value;
            staleNow = staleNow || c->value("stale").compare("true", Qt::CaseInsensitive) == 0;
        }
        if (!known) {
            add("digest.rejected", "nonce_mismatch", staleNow ? Severity::Info : Severity::Warning,
                nonce->valueRange.offset,
                staleNow ? QStringLiteral("the response used an old nonce and the server says stale=true: retry with "
                                          "the new nonce")
                         : QStringLiteral("the response answers a nonce the server no longer offers"));
        }
    }
    const QByteArray algorithm = credentials.value("algorithm");
    bool algorithmOffered = false;
    for (const Challenge* c : candidates) {
        const QByteArray offered = c->value("algorithm");
        const QByteArray a = offered.isEmpty() ? QByteArrayLiteral("MD5") : offered;
        const QByteArray b = algorithm.isEmpty() ? QByteArrayLiteral("MD5") : algorithm;
        algorithmOffered = algorithmOffered || a.compare(b, Qt::CaseInsensitive) == 0;
    }
    if (!algorithmOffered) {
        const AuthParam* p = credentials.param("algorithm");
        add("digest.rejected", "algorithm_mismatch", Severity::Error,
            p ? p->valueRange.offset : credentials.range.end(),
            QStringLiteral("algorithm %1 was not offered by the server")
                .arg(algorithm.isEmpty() ? QStringLiteral("MD5 (implied)") : fieldText(algorithm)));
    }
    if (const AuthParam* qop = credentials.param("qop")) {
        bool offered = false;
        for (const Challenge* c : candidates) {
            for (const QByteArray& item : c->value("qop").split(','))
                offered = offered || item.trimmed().compare(qop->value, Qt::CaseInsensitive) == 0;
        }
        if (!offered) {
            add("digest.rejected", "qop_mismatch", Severity::Error, qop->valueRange.offset,
                QStringLiteral("qop %1 was not offered by the server").arg(fieldText(qop->value)));
        }
    }
    const AuthParam* opaque = credentials.param("opaque");
    bool opaqueMatches = false;
    for (const Challenge* c : candidates)
        opaqueMatches = opaqueMatches || c->value("opaque") == (opaque ? opaque->value : QByteArray());
    if (!opaqueMatches) {
        add("digest.rejected", "opaque_mismatch", Severity::Warning,
            opaque ? opaque->valueRange.offset : credentials.range.end(),
            QStringLiteral("opaque is not returned exactly as the server sent it"));
    }
}

} // namespace

std::optional<BasicCredentials> decodeBasic(QByteArrayView value)
{
    QByteArrayView token = value;
    if (token.size() > 6 && token.first(6).compare("Basic ", Qt::CaseInsensitive) == 0)
        token = token.sliced(6).trimmed();
    const auto decoded = QByteArray::fromBase64Encoding(token.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    BasicCredentials credentials;
    const QByteArray& bytes = decoded.decoded;
    const qsizetype colon = bytes.indexOf(':');
    credentials.hasColon = colon >= 0;
    credentials.userBytes = colon >= 0 ? bytes.left(colon) : bytes;
    credentials.passwordBytes = colon >= 0 ? bytes.mid(colon + 1) : QByteArray();
    for (char c : bytes)
        credentials.nonAscii = credentials.nonAscii || static_cast<unsigned char>(c) >= 0x80;
    credentials.validUtf8 = Util::isValidUtf8(bytes);
    credentials.user = fieldText(credentials.userBytes);
    credentials.password = fieldText(credentials.passwordBytes);
    return credentials;
}

QList<CredentialFinding> checkCredentials(QByteArrayView authorization, const QList<Challenge>& challenges)
{
    Checker checker {authorization, challenges, {}};
    checker.run();
    return checker.findings;
}

} // namespace Authlens::Auth
