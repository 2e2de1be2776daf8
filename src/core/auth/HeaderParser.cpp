#include "HeaderParser.h"

#include "util/Chars.h"

#include <QSet>

#include <array>
#include <limits>

// Grammar (RFC 9110 §11 and §5.6):
//   challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//   credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//   auth-param  = token BWS "=" BWS ( token / quoted-string )
//   token68     = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//   #element    = [ element ] *( OWS "," OWS [ element ] )      (recipients accept empty elements)
//
// The token68 / auth-param ambiguity: after a comma, an element that starts with `token BWS "="` (and
// that "=" is not followed by another "=") is a parameter of the current challenge; anything else
// starts a new challenge. Right after the scheme, a run of token68 characters that ends the element
// (end of field or comma) is a token68 — so `abc=` and `abc==` are token68s while `a=b` is a parameter.
//
// Recoverable errors and leniencies. Servers in the wild send the following; browsers accept them, and so do
// we — but where RFC 9110's grammar says the field is invalid the diagnostic is an error, never a silent
// lenient reading, and the recovered parse is what a lenient client makes of it (each has a test in
// tests/auth/TestChallengeParser.cpp):
//  L1 "comma.missing" (error): parameters separated by spaces only, e.g. AWS API Gateway's JWT authorizer
//     `Bearer scope="" error="invalid_token" error_description="…"` and Azure Storage.
//  L2 "challenge.comma_missing" (error): two challenges without a comma, `Digest realm="a", nonce="n" Basic realm="b"`.
//     Only when what follows is a known scheme, or a token, spaces and then a parameter.
//  L3 "value.not_token" (error): an unquoted value with characters a token cannot hold (a backslash, a colon,
//     a slash), read up to the next space or comma: `authorization_uri=https://login.microsoftonline.com/…`
//     (Azure Storage sends this).
//  L4 "value.unquoted_space" (error): an unquoted value with spaces runs to the next comma, `realm=My Server`
//     (what Chrome and Firefox read).
//  L5 "param.empty_value" (error): `realm=` with nothing after the "=" in a parameter list is an empty value.
//     Right after the scheme the grammar decides: `Basic realm=` is the token68 "realm=" (token68 allows
//     trailing "="; an auth-param needs a value), flagged "token68.looks_like_param" because the server
//     probably meant an empty realm.
//  L6 "fold.obsolete": obsolete line folding (CRLF followed by a space) inside a field value is a space.
//  L7 "whitespace.tab": a tab between the scheme and its parameters.
//  L8 "quote.unterminated" (an error, still best effort): an unclosed quoted-string runs to the end of the
//     field, the reading Firefox gives to `Basic realm="basic`.
// A parameter given twice is an error ("param.duplicate", RFC 9110 §11.2: each name only once); the first
// value is used and every later one is kept, in order, in Challenge::repeated.
namespace Authlens::Auth {

namespace {

enum CharFlag : unsigned char {
    Tchar = 1, ///< RFC 9110 tchar
    Token68Char = 2, ///< RFC 9110 token68 character (without the trailing "=")
    Unquoted = 4, ///< what a lenient reader takes into an unquoted value: VCHAR / obs-text except `,` and `"`
    Control = 8, ///< CTL other than HTAB
    QuotedStop = 16, ///< where the quoted-string scan must look closer: `"`, `\`, or a CTL
};

constexpr std::array<unsigned char, 256> makeCharTable()
{
    std::array<unsigned char, 256> table {};
    for (int c = 0; c < 256; ++c) {
        unsigned char flags = 0;
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        bool tchar = alnum;
        for (char extra : {'!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~'})
            tchar = tchar || c == extra;
        if (tchar)
            flags |= Tchar;
        bool t68 = alnum;
        for (char extra : {'-', '.', '_', '~', '+', '/'})
            t68 = t68 || c == extra;
        if (t68)
            flags |= Token68Char;
        if ((c > 0x20 && c < 0x7f && c != ',' && c != '"') || c >= 0x80)
            flags |= Unquoted;
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            flags |= Control;
        if ((flags & Control) || c == '"' || c == '\\')
            flags |= QuotedStop;
        table[size_t(c)] = flags;
    }
    return table;
}

constexpr std::array<unsigned char, 256> kChars = makeCharTable();

inline bool has(char c, CharFlag flag)
{
    return (kChars[static_cast<unsigned char>(c)] & flag) != 0;
}

inline bool isWsStart(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

inline char asciiLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c + ('a' - 'A')) : c;
}

bool equalsIgnoreCase(const char* data, int length, QByteArrayView lowerName)
{
    if (length != lowerName.size())
        return false;
    for (int i = 0; i < length; ++i) {
        if (asciiLower(data[i]) != lowerName[i])
            return false;
    }
    return true;
}

bool isOneOf(const char* data, int length, std::initializer_list<QByteArrayView> lowerNames)
{
    for (QByteArrayView name : lowerNames) {
        if (equalsIgnoreCase(data, length, name))
            return true;
    }
    return false;
}

// Schemes whose name alone is reason enough to read a missing comma as the start of a new challenge (L2).
bool isKnownScheme(const char* data, int length)
{
    return isOneOf(data, length,
                   {"basic", "bearer", "digest", "negotiate", "ntlm", "dpop", "hoba", "mutual", "scram-sha-1",
                    "scram-sha-256", "aws4-hmac-sha256", "kerberos", "privatetoken", "concealed", "vapid"});
}

// Parameter names common enough that `name=` right after the scheme means an empty value, not a token68 (L5).
bool isWellKnownParam(const char* data, int length)
{
    return isOneOf(data, length,
                   {"realm",
                    "charset",
                    "scope",
                    "error",
                    "error_description",
                    "error_uri",
                    "nonce",
                    "opaque",
                    "domain",
                    "algorithm",
                    "qop",
                    "stale",
                    "userhash",
                    "service",
                    "resource_metadata",
                    "algs",
                    "authorization_uri",
                    "resource_id",
                    "resource",
                    "title",
                    "type",
                    "username",
                    "uri",
                    "response",
                    "cnonce",
                    "nc"});
}

QString describeChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u > 0x20 && u < 0x7f)
        return QStringLiteral("“%1”").arg(QChar::fromLatin1(c));
    if (c == ' ')
        return QStringLiteral("a space");
    if (c == '\t')
        return QStringLiteral("a tab");
    if (c == '\r')
        return QStringLiteral("a CR");
    if (c == '\n')
        return QStringLiteral("a LF");
    return QStringLiteral("byte 0x%1").arg(u, 2, 16, QLatin1Char('0'));
}

constexpr int kMaxDiagnosticsPerField = 64;
constexpr qsizetype kLinearDuplicateScan = 32;

enum class Mode { Challenges, Credentials, Params };

/// Parses one field value. Positions are ints: a field value longer than 2 GB is not a header.
class FieldParser
{
public:
    FieldParser(QByteArrayView field, int fieldIndex, QList<Diagnostic>& diagnostics)
        : m_data(field.data())
        , m_size(int(qMin<qsizetype>(field.size(), std::numeric_limits<int>::max())))
        , m_field(fieldIndex)
        , m_diagnostics(diagnostics)
    {
    }

    void parseChallengeList(QList<Challenge>& out);
    std::optional<Challenge> parseSingleCredentials();
    void parseParamList(QList<AuthParam>& out);

private:
    void report(Severity severity, int offset, QLatin1String code, QString message);
    QString quote(int from, int to) const;

    void skipWs();
    int skipWsAndCommas();
    void skipSpaces();
    void skipToComma();
    int tokenEnd(int pos) const;
    bool looksLikeParam(int pos) const;
    bool looksLikeChallengeStart(int pos) const;

    Challenge parseChallenge(Mode mode);
    bool tryToken68(Challenge& challenge);
    void parseParams(QList<AuthParam>& out, Challenge* owner, Mode mode);
    void parseParam(AuthParam& param, Mode mode);
    void parseQuotedValue(AuthParam& param);
    void parseUnquotedValue(AuthParam& param, Mode mode);

    ByteRange range(int from, int to) const { return ByteRange {m_field, from, to - from}; }
    static void extend(Challenge* owner, int end)
    {
        if (owner)
            owner->range.length = qMax(owner->range.length, end - owner->range.offset);
    }

    const char* m_data;
    int m_size;
    int m_field;
    int m_pos = 0;
    int m_reported = 0;
    bool m_errorListed = false;
    QList<Diagnostic>& m_diagnostics;
};

void FieldParser::report(Severity severity, int offset, QLatin1String code, QString message)
{
    // A pathological field (say 10 000 stray quotes) must not turn into 10 000 messages.
    if (m_reported == kMaxDiagnosticsPerField) {
        m_diagnostics.append({Severity::Info, m_field, offset, QLatin1String("diagnostics.truncated"),
                              QStringLiteral("further problems in this field are not listed")});
    }
    // Past the cap one error still gets through when none was listed: a field full of folds (CR TAB CR TAB …)
    // must not hide the error that says why nothing could be parsed (callers rely on hasErrors()).
    if (m_reported++ >= kMaxDiagnosticsPerField && (severity != Severity::Error || m_errorListed))
        return;
    m_errorListed = m_errorListed || severity == Severity::Error;
    m_diagnostics.append({severity, m_field, qBound(0, offset, m_size), code, std::move(message)});
}

QString FieldParser::quote(int from, int to) const
{
    constexpr int kMax = 40;
    const bool cut = to - from > kMax;
    const QString text = fieldText(QByteArrayView(m_data + from, cut ? kMax : to - from));
    return QStringLiteral("“%1%2”").arg(text, cut ? QStringLiteral("…") : QString());
}

void FieldParser::skipSpaces()
{
    while (m_pos < m_size && Util::isOws(m_data[m_pos]))
        ++m_pos;
}

// OWS; obsolete line folding (CRLF + SP/HTAB) counts as a space with a warning (L6), a bare CR or LF
// is an error (a header value cannot hold one: a sign of header injection or a broken intermediary).
void FieldParser::skipWs()
{
    while (m_pos < m_size) {
        const char c = m_data[m_pos];
        if (Util::isOws(c)) {
            ++m_pos;
            continue;
        }
        if (c != '\r' && c != '\n')
            break;
        const int breakLength = (c == '\r' && m_pos + 1 < m_size && m_data[m_pos + 1] == '\n') ? 2 : 1;
        if (m_pos + breakLength < m_size && Util::isOws(m_data[m_pos + breakLength])) {
            report(Severity::Warning, m_pos, QLatin1String("fold.obsolete"),
                   QStringLiteral("obsolete line folding (a line break followed by a space) inside the field value; "
                                  "read as a space (RFC 9112 §5.2)"));
            m_pos += breakLength + 1;
        } else {
            report(Severity::Error, m_pos, QLatin1String("char.crlf"),
                   QStringLiteral("%1 inside the field value: header values cannot contain line breaks")
                       .arg(describeChar(c)));
            m_pos += breakLength;
        }
    }
}

int FieldParser::skipWsAndCommas()
{
    int commas = 0;
    while (true) {
        skipWs();
        if (m_pos < m_size && m_data[m_pos] == ',') {
            ++commas;
            ++m_pos;
            continue;
        }
        return commas;
    }
}

// Error recovery: on to the next comma that is not inside a quoted-string.
void FieldParser::skipToComma()
{
    bool inQuotes = false;
    while (m_pos < m_size) {
        const char c = m_data[m_pos];
        if (inQuotes) {
            if (c == '\\')
                ++m_pos;
            else if (c == '"')
                inQuotes = false;
        } else if (c == ',') {
            return;
        } else if (c == '"') {
            inQuotes = true;
        }
        ++m_pos;
    }
    m_pos = m_size;
}

int FieldParser::tokenEnd(int pos) const
{
    while (pos < m_size && has(m_data[pos], Tchar))
        ++pos;
    return pos;
}

// `token BWS "="` not followed by a second "=": the look-ahead RFC 9110 §11.2 relies on to tell an
// auth-param from the next challenge's scheme or from a token68.
bool FieldParser::looksLikeParam(int pos) const
{
    int q = tokenEnd(pos);
    if (q == pos)
        return false;
    while (q < m_size && Util::isOws(m_data[q]))
        ++q;
    if (q >= m_size || m_data[q] != '=')
        return false;
    ++q;
    return q >= m_size || m_data[q] != '=';
}

// For L2: a known scheme name, or a token followed by spaces and a parameter.
bool FieldParser::looksLikeChallengeStart(int pos) const
{
    const int end = tokenEnd(pos);
    if (end == pos)
        return false;
    if (end < m_size && !isWsStart(m_data[end]) && m_data[end] != ',')
        return false;
    if (isKnownScheme(m_data + pos, end - pos))
        return true;
    int q = end;
    while (q < m_size && Util::isOws(m_data[q]))
        ++q;
    return q > end && q < m_size && looksLikeParam(q);
}

void FieldParser::parseChallengeList(QList<Challenge>& out)
{
    const qsizetype firstInField = out.size();
    while (true) {
        const int before = m_pos;
        skipWsAndCommas();
        if (m_pos >= m_size)
            return;
        const int start = m_pos;
        if (looksLikeParam(start)) {
            // A parameter where a challenge should start. Say why once, then skip every parameter of the run.
            const QString name = quote(start, tokenEnd(start));
            if (out.size() == firstInField) {
                report(Severity::Error, start, QLatin1String("scheme.missing"),
                       QStringLiteral("parameter %1 comes before any auth scheme: a challenge starts with its scheme, "
                                      "as in Basic realm=\"…\"")
                           .arg(name));
            } else if (out.last().token68) {
                report(Severity::Error, start, QLatin1String("param.after_token68"),
                       QStringLiteral("parameter %1 follows the token68 of %2: a challenge carries either a token68 "
                                      "or parameters, never both")
                           .arg(name, QString::fromLatin1(out.last().scheme)));
            } else {
                report(Severity::Error, start, QLatin1String("param.orphan"),
                       QStringLiteral("parameter %1 belongs to no challenge: the comma right after %2 ends that "
                                      "challenge; put a space, not a comma, between a scheme and its parameters")
                           .arg(name, QString::fromLatin1(out.last().scheme)));
            }
            QList<AuthParam> ignored;
            parseParams(ignored, nullptr, Mode::Challenges);
            continue;
        }
        if (!has(m_data[start], Tchar)) {
            report(Severity::Error, start, QLatin1String("scheme.invalid"),
                   QStringLiteral("expected an auth scheme (a token) but found %1").arg(describeChar(m_data[start])));
            // A stray control byte is skipped alone; anything else (a quoted string, "@") up to the next comma.
            if (has(m_data[start], Control))
                ++m_pos;
            else
                skipToComma();
        } else {
            out.append(parseChallenge(Mode::Challenges));
        }
        if (m_pos == before)
            ++m_pos; // never loop in place, whatever the input
    }
}

std::optional<Challenge> FieldParser::parseSingleCredentials()
{
    skipWs();
    if (m_pos >= m_size) {
        report(Severity::Error, m_pos, QLatin1String("credentials.empty"),
               QStringLiteral("the field is empty: no scheme, no credentials"));
        return std::nullopt;
    }
    const int start = m_pos;
    if (looksLikeParam(start)) {
        report(Severity::Error, start, QLatin1String("scheme.missing"),
               QStringLiteral("parameter %1 comes before any auth scheme: credentials start with their scheme")
                   .arg(quote(start, tokenEnd(start))));
        return std::nullopt;
    }
    if (!has(m_data[start], Tchar)) {
        report(Severity::Error, start, QLatin1String("scheme.invalid"),
               QStringLiteral("expected an auth scheme (a token) but found %1").arg(describeChar(m_data[start])));
        return std::nullopt;
    }
    Challenge credentials = parseChallenge(Mode::Credentials);
    skipWs();
    if (m_pos < m_size) {
        report(Severity::Error, m_pos, QLatin1String("credentials.trailing"),
               QStringLiteral("unexpected %1 after the credentials: Authorization carries exactly one scheme with "
                              "its token68 or parameters")
                   .arg(quote(m_pos, m_size)));
    }
    return credentials;
}

void FieldParser::parseParamList(QList<AuthParam>& out)
{
    parseParams(out, nullptr, Mode::Params);
}

Challenge FieldParser::parseChallenge(Mode mode)
{
    Challenge challenge;
    const int start = m_pos;
    m_pos = tokenEnd(start);
    challenge.scheme = QByteArray(m_data + start, m_pos - start);
    challenge.schemeRange = range(start, m_pos);
    challenge.range = challenge.schemeRange;
    if (m_pos >= m_size || m_data[m_pos] == ',')
        return challenge;
    if (!isWsStart(m_data[m_pos])) {
        report(Severity::Error, m_pos, QLatin1String("scheme.space_missing"),
               QStringLiteral("expected a space after the auth scheme %1 but found %2")
                   .arg(quote(start, m_pos), describeChar(m_data[m_pos])));
        skipToComma();
        return challenge;
    }
    const int spaceStart = m_pos;
    for (int q = m_pos; q < m_size && Util::isOws(m_data[q]); ++q) {
        if (m_data[q] == '\t') {
            report(Severity::Warning, q, QLatin1String("whitespace.tab"),
                   QStringLiteral("a tab follows the scheme %1; RFC 9110 §11.3 separates scheme and parameters "
                                  "with spaces")
                       .arg(quote(start, spaceStart)));
            break;
        }
    }
    skipWs();
    if (m_pos >= m_size)
        return challenge;
    if (m_data[m_pos] != ',' && tryToken68(challenge))
        return challenge;
    parseParams(challenge.params, &challenge, mode);
    return challenge;
}

bool FieldParser::tryToken68(Challenge& challenge)
{
    const int start = m_pos;
    int q = start;
    while (q < m_size && has(m_data[q], Token68Char))
        ++q;
    if (q == start)
        return false;
    int end = q;
    while (end < m_size && m_data[end] == '=')
        ++end;
    int after = end;
    while (after < m_size && Util::isOws(m_data[after]))
        ++after;
    if (after < m_size && m_data[after] != ',')
        return false; // more follows: parameters (or garbage) — parseParams decides
    if (end - q == 1 && tokenEnd(start) == q && isWellKnownParam(m_data + start, q - start)) {
        // `realm=, charset="UTF-8"`: parameters follow, so this is a parameter list with an empty (invalid)
        // value — a token68 cannot be followed by parameters.
        int next = after;
        while (next < m_size && (m_data[next] == ',' || Util::isOws(m_data[next])))
            ++next;
        if (next < m_size && looksLikeParam(next))
            return false;
        // L5: the grammar reads `realm=` as a token68; say what the server probably meant.
        report(Severity::Warning, start, QLatin1String("token68.looks_like_param"),
               QStringLiteral("%1 is read as a token68 (RFC 9110 §11.2: an auth-param needs a value, a token68 may "
                              "end in \"=\"); an empty %2 parameter is written %2=\"\"")
                   .arg(quote(start, end), QString::fromLatin1(m_data + start, q - start).toLower()));
    }
    challenge.token68 = QByteArray(m_data + start, end - start);
    challenge.token68Range = range(start, end);
    extend(&challenge, end);
    m_pos = end;
    return true;
}

void FieldParser::parseParams(QList<AuthParam>& out, Challenge* owner, Mode mode)
{
    bool first = true;
    bool needSeparator = false;
    ByteRange lastName; // of the parameter read last, for messages
    QSet<QByteArray> seen; // parameter names, once there are too many for a linear scan
    while (true) {
        const int before = m_pos;
        const int commas = skipWsAndCommas();
        if (m_pos >= m_size)
            return;
        const int at = m_pos;
        if (needSeparator && commas == 0) {
            if (looksLikeParam(at)) {
                report(Severity::Error, at, QLatin1String("comma.missing"),
                       QStringLiteral("no comma before parameter %1; parameters are separated by commas "
                                      "(RFC 9110 §11.2)")
                           .arg(quote(at, tokenEnd(at))));
            } else if (mode == Mode::Challenges && looksLikeChallengeStart(at)) {
                report(Severity::Error, at, QLatin1String("challenge.comma_missing"),
                       QStringLiteral("no comma before the challenge %1; challenges are separated by commas "
                                      "(RFC 9110 §11.6.1)")
                           .arg(quote(at, tokenEnd(at))));
                return;
            } else {
                report(Severity::Error, at, QLatin1String("value.trailing"),
                       QStringLiteral("unexpected %1 after the value of %2")
                           .arg(describeChar(m_data[at]), quote(lastName.offset, lastName.end())));
                skipToComma();
                continue;
            }
        } else if (!looksLikeParam(at)) {
            if (mode == Mode::Params) {
                report(Severity::Error, at, QLatin1String("param.expected"),
                       QStringLiteral("expected a parameter (name=value) but found %1").arg(describeChar(m_data[at])));
                skipToComma();
                if (m_pos == before)
                    ++m_pos;
                continue;
            }
            if (!first || commas > 0)
                return; // the next challenge (or, for credentials, trailing content the caller reports)
            // Right after the scheme: neither a lone token68 (tryToken68 said no) nor a parameter.
            int runEnd = at;
            while (runEnd < m_size && has(m_data[runEnd], Token68Char))
                ++runEnd;
            const bool token68Start = runEnd > at;
            while (token68Start && runEnd < m_size && m_data[runEnd] == '=')
                ++runEnd;
            if (owner && token68Start) {
                m_pos = runEnd;
                skipSpaces();
                const int junk = m_pos < m_size ? m_pos : runEnd;
                if (tokenEnd(at) == runEnd && m_pos < m_size && m_data[m_pos] == '"') {
                    report(Severity::Error, junk, QLatin1String("param.equals_missing"),
                           QStringLiteral("expected “=” between parameter %1 and its value").arg(quote(at, runEnd)));
                } else {
                    // Best effort: keep the token68 ("Bearer abc def" → "abc"), flag what follows it.
                    owner->token68 = QByteArray(m_data + at, runEnd - at);
                    owner->token68Range = range(at, runEnd);
                    extend(owner, runEnd);
                    report(Severity::Error, junk, QLatin1String("token68.trailing"),
                           QStringLiteral("unexpected %1 after the token68 %2: a token68 stands alone, and a "
                                          "parameter needs “=”")
                               .arg(describeChar(m_data[junk]), quote(at, runEnd)));
                }
                skipToComma();
                return;
            }
            report(Severity::Error, at, QLatin1String("challenge.unexpected"),
                   QStringLiteral("expected a token68 or parameters after the scheme but found %1")
                       .arg(describeChar(m_data[at])));
            skipToComma();
            first = false;
            if (m_pos == before)
                ++m_pos;
            continue;
        }

        AuthParam param;
        parseParam(param, mode);
        lastName = param.nameRange;
        // Linear for the usual handful of parameters; a set once a (hostile) field carries hundreds.
        bool duplicate = false;
        if (out.size() < kLinearDuplicateScan) {
            for (const AuthParam& existing : std::as_const(out)) {
                if (existing.name == param.name) {
                    duplicate = true;
                    break;
                }
            }
        } else {
            if (seen.isEmpty()) {
                for (const AuthParam& existing : std::as_const(out))
                    seen.insert(existing.name);
            }
            duplicate = seen.contains(param.name);
            if (!duplicate)
                seen.insert(param.name);
        }
        if (duplicate) {
            report(Severity::Error, param.nameRange.offset, QLatin1String("param.duplicate"),
                   QStringLiteral("parameter %1 is given more than once (RFC 9110 §11.2); the first value is used")
                       .arg(quote(param.nameRange.offset, param.nameRange.end())));
            if (owner)
                owner->repeated.append(std::move(param));
        } else {
            extend(owner, param.valueRange.end());
            if (out.isEmpty())
                out.reserve(4); // typical challenges carry 1–5 parameters: one allocation instead of three
            out.append(std::move(param));
        }
        first = false;
        needSeparator = true;
        if (m_pos == before)
            ++m_pos;
    }
}

void FieldParser::parseParam(AuthParam& param, Mode mode)
{
    const int nameStart = m_pos;
    m_pos = tokenEnd(nameStart);
    param.name = QByteArray(m_data + nameStart, m_pos - nameStart);
    for (char& c : param.name)
        c = asciiLower(c);
    param.nameRange = range(nameStart, m_pos);
    skipSpaces();
    ++m_pos; // the "=" looksLikeParam() saw
    skipWs(); // BWS; RFC 9728's example folds the line right after the "="
    if (m_pos >= m_size || m_data[m_pos] == ',') {
        report(Severity::Error, m_pos, QLatin1String("param.empty_value"),
               QStringLiteral("parameter %1 has no value (RFC 9110 §11.2 needs a token or a quoted string); an "
                              "empty value is written as \"\"")
                   .arg(quote(nameStart, param.nameRange.end())));
        param.valueRange = range(m_pos, m_pos);
        return;
    }
    if (m_data[m_pos] == '"')
        parseQuotedValue(param);
    else
        parseUnquotedValue(param, mode);
}

void FieldParser::parseQuotedValue(AuthParam& param)
{
    const int open = m_pos++;
    const int contentStart = m_pos;
    int badChar = -1;
    bool escaped = false;
    QByteArray unescaped;
    int contentEnd = -1;
    while (m_pos < m_size) {
        // Fast path: plain qdtext, one table lookup per byte (this loop is most of the parsing time).
        const int runStart = m_pos;
        while (m_pos < m_size && !has(m_data[m_pos], QuotedStop))
            ++m_pos;
        if (escaped)
            unescaped.append(m_data + runStart, m_pos - runStart);
        if (m_pos >= m_size)
            break;
        const char c = m_data[m_pos];
        if (c == '"') {
            contentEnd = m_pos++;
            break;
        }
        if (c == '\\') {
            // quoted-pair: copy what we have on first use only, so that most values are one allocation.
            if (!escaped) {
                unescaped = QByteArray(m_data + contentStart, m_pos - contentStart);
                escaped = true;
            }
            if (m_pos + 1 >= m_size) {
                ++m_pos;
                break;
            }
            const char next = m_data[m_pos + 1];
            if (has(next, Control) && badChar < 0)
                badChar = m_pos + 1;
            unescaped.append(next);
            m_pos += 2;
            continue;
        }
        if (badChar < 0) // a CTL: the only other reason to stop
            badChar = m_pos;
        if (escaped)
            unescaped.append(c);
        ++m_pos;
    }
    param.quoted = true;
    if (contentEnd < 0) {
        report(Severity::Error, open, QLatin1String("quote.unterminated"),
               QStringLiteral("the quoted value of %1 is not closed; it is read to the end of the field")
                   .arg(quote(param.nameRange.offset, param.nameRange.end())));
        contentEnd = m_size;
    }
    param.value = escaped ? std::move(unescaped) : QByteArray(m_data + contentStart, contentEnd - contentStart);
    param.valueRange = range(open, m_pos);
    if (badChar >= 0) {
        report(Severity::Error, badChar, QLatin1String("char.invalid"),
               QStringLiteral("%1 inside the quoted value of %2: control characters are not allowed")
                   .arg(describeChar(m_data[badChar]), quote(param.nameRange.offset, param.nameRange.end())));
    }
}

void FieldParser::parseUnquotedValue(AuthParam& param, Mode mode)
{
    const int start = m_pos;
    while (m_pos < m_size && has(m_data[m_pos], Unquoted))
        ++m_pos;
    if (m_pos == start) {
        report(Severity::Error, start, QLatin1String("char.invalid"),
               QStringLiteral("unexpected %1 where the value of %2 should start")
                   .arg(describeChar(m_data[start]), quote(param.nameRange.offset, param.nameRange.end())));
        param.valueRange = range(start, start);
        skipToComma();
        return;
    }
    int end = m_pos;
    // L4: `realm=My Server` — spaces inside an unquoted value, read up to the next comma, unless what
    // follows the space is a parameter (L1) or a known scheme (L2) that the caller handles. An unknown
    // token there is more likely part of the value than a new challenge without its comma.
    int q = end;
    while (q < m_size && Util::isOws(m_data[q]))
        ++q;
    const int nextToken = tokenEnd(q);
    const bool schemeFollows = mode == Mode::Challenges && nextToken > q
        && (nextToken == m_size || isWsStart(m_data[nextToken]) || m_data[nextToken] == ',')
        && isKnownScheme(m_data + q, nextToken - q);
    if (q > end && q < m_size && has(m_data[q], Unquoted) && !looksLikeParam(q) && !schemeFollows) {
        int r = q;
        while (r < m_size && (has(m_data[r], Unquoted) || Util::isOws(m_data[r]))) {
            if (!Util::isOws(m_data[r]))
                end = r + 1;
            ++r;
        }
        report(Severity::Error, start, QLatin1String("value.unquoted_space"),
               QStringLiteral("the unquoted value of %1 contains spaces and is read up to the next comma; "
                              "quote it")
                   .arg(quote(param.nameRange.offset, param.nameRange.end())));
        m_pos = end;
    }
    for (int i = start; i < end; ++i) {
        if (!has(m_data[i], Tchar) && !Util::isOws(m_data[i])) {
            // L3: e.g. an unquoted URL. Accepted up to the next space or comma, like browsers do.
            report(Severity::Error, i, QLatin1String("value.not_token"),
                   QStringLiteral("the unquoted value of %1 contains %2, which a token cannot hold; quote the value")
                       .arg(quote(param.nameRange.offset, param.nameRange.end()), describeChar(m_data[i])));
            break;
        }
    }
    param.value = QByteArray(m_data + start, end - start);
    param.valueRange = range(start, end);
}

} // namespace

ChallengeParseResult parseChallenges(const QList<QByteArray>& fieldValues)
{
    ChallengeParseResult result;
    for (int i = 0; i < fieldValues.size(); ++i) {
        FieldParser parser(fieldValues.at(i), i, result.diagnostics);
        parser.parseChallengeList(result.challenges);
    }
    return result;
}

ChallengeParseResult parseChallengeField(QByteArrayView fieldValue)
{
    ChallengeParseResult result;
    FieldParser parser(fieldValue, 0, result.diagnostics);
    parser.parseChallengeList(result.challenges);
    return result;
}

CredentialsParseResult parseCredentials(QByteArrayView fieldValue)
{
    CredentialsParseResult result;
    FieldParser parser(fieldValue, 0, result.diagnostics);
    result.credentials = parser.parseSingleCredentials();
    return result;
}

AuthParamsParseResult parseAuthenticationInfo(const QList<QByteArray>& fieldValues)
{
    AuthParamsParseResult result;
    for (int i = 0; i < fieldValues.size(); ++i) {
        FieldParser parser(fieldValues.at(i), i, result.diagnostics);
        parser.parseParamList(result.params);
    }
    return result;
}

} // namespace Authlens::Auth
