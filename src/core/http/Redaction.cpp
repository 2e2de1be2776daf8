#include "http/Redaction.h"

#include "util/Chars.h"

#include <QList>
#include <QUrlQuery>

namespace Authlens::Http {

namespace {

QByteArray redactOpaque(const QByteArray& secret)
{
    if (secret.isEmpty())
        return secret;
    const qsizetype keep = secret.size() > 12 ? 4 : 0;
    return secret.left(keep) + "\xE2\x80\xA6[redacted, " + QByteArray::number(secret.size()) + " bytes]";
}

/// name=value; name2=value2 → name=…; name2=… (attributes after the first pair stay for Set-Cookie).
QByteArray redactCookies(const QByteArray& value, bool setCookie)
{
    QList<QByteArray> parts = value.split(';');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (setCookie && i > 0)
            break;
        const qsizetype eq = parts[i].indexOf('=');
        if (eq >= 0)
            parts[i] = parts[i].left(eq + 1) + redactOpaque(parts[i].mid(eq + 1));
    }
    return parts.join(';');
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

QByteArray mediaType(QByteArrayView contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed().toByteArray().toLower();
}

/// A tolerant scanner over JSON text: records the values of secret keys without building a document,
/// so offsets point into the original bytes. Returns false when the text is not JSON after all.
class JsonScanner
{
public:
    JsonScanner(const QByteArray& text, const SecretPolicy& policy, QList<SecretSpan>& out)
        : m_text(text)
        , m_policy(policy)
        , m_out(out)
    {
    }

    bool run()
    {
        skipSpace();
        if (!value(false, {}, 0))
            return false;
        skipSpace();
        return m_pos == m_text.size();
    }

private:
    static constexpr int MaxDepth = 256;

    void skipSpace()
    {
        while (m_pos < m_text.size() && isSpace(m_text.at(m_pos)))
            ++m_pos;
    }

    /// A string starting at m_pos (a quote): its content's range, m_pos after the closing quote.
    bool string(qsizetype* start, qsizetype* length)
    {
        ++m_pos;
        *start = m_pos;
        while (m_pos < m_text.size()) {
            const char c = m_text.at(m_pos);
            if (c == '\\') {
                m_pos += 2;
                continue;
            }
            if (c == '"') {
                *length = m_pos - *start;
                ++m_pos;
                return true;
            }
            ++m_pos;
        }
        return false;
    }

    /// A value; `secret` says the scalar must be recorded under `name`.
    bool value(bool secret, const QString& name, int depth)
    {
        if (m_pos >= m_text.size() || depth > MaxDepth)
            return false;
        const char c = m_text.at(m_pos);
        if (c == '{')
            return object(depth + 1);
        if (c == '[')
            return array(secret, name, depth + 1);
        if (c == '"') {
            qsizetype start = 0;
            qsizetype length = 0;
            if (!string(&start, &length))
                return false;
            if (secret && length > 0)
                m_out.append({start, length, name});
            return true;
        }
        const qsizetype start = m_pos;
        while (m_pos < m_text.size()) {
            const char d = m_text.at(m_pos);
            if (d == ',' || d == '}' || d == ']' || isSpace(d))
                break;
            ++m_pos;
        }
        const QByteArrayView literal = QByteArrayView(m_text).sliced(start, m_pos - start);
        if (literal.isEmpty())
            return false;
        if (secret && literal != "null" && literal != "true" && literal != "false")
            m_out.append({start, m_pos - start, name});
        return true;
    }

    bool object(int depth)
    {
        ++m_pos;
        skipSpace();
        if (m_pos < m_text.size() && m_text.at(m_pos) == '}') {
            ++m_pos;
            return true;
        }
        while (m_pos < m_text.size()) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text.at(m_pos) != '"')
                return false;
            qsizetype start = 0;
            qsizetype length = 0;
            if (!string(&start, &length))
                return false;
            const QString key = QString::fromUtf8(m_text.sliced(start, length));
            skipSpace();
            if (m_pos >= m_text.size() || m_text.at(m_pos) != ':')
                return false;
            ++m_pos;
            skipSpace();
            if (!value(m_policy.isSecretBodyField(key), key, depth))
                return false;
            skipSpace();
            if (m_pos >= m_text.size())
                return false;
            if (m_text.at(m_pos) == ',') {
                ++m_pos;
                continue;
            }
            if (m_text.at(m_pos) == '}') {
                ++m_pos;
                return true;
            }
            return false;
        }
        return false;
    }

    /// An array under a secret key ("tokens": ["…", "…"]) has secret scalars; objects inside it are
    /// judged by their own keys.
    bool array(bool secret, const QString& name, int depth)
    {
        ++m_pos;
        skipSpace();
        if (m_pos < m_text.size() && m_text.at(m_pos) == ']') {
            ++m_pos;
            return true;
        }
        while (m_pos < m_text.size()) {
            skipSpace();
            if (!value(secret, name, depth))
                return false;
            skipSpace();
            if (m_pos >= m_text.size())
                return false;
            if (m_text.at(m_pos) == ',') {
                ++m_pos;
                continue;
            }
            if (m_text.at(m_pos) == ']') {
                ++m_pos;
                return true;
            }
            return false;
        }
        return false;
    }

    const QByteArray& m_text;
    const SecretPolicy& m_policy;
    QList<SecretSpan>& m_out;
    qsizetype m_pos = 0;
};

bool looksLikeForm(const QByteArray& body)
{
    if (!body.contains('='))
        return false;
    for (char c : body) {
        if (isSpace(c) || c == '"' || c == '{' || c == '<')
            return false;
    }
    return true;
}

void formSpans(const QByteArray& body, const SecretPolicy& policy, QList<SecretSpan>& out)
{
    qsizetype start = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf('&', start);
        if (end < 0)
            end = body.size();
        const qsizetype eq = body.indexOf('=', start);
        if (eq >= 0 && eq < end) {
            QByteArray rawName = body.sliced(start, eq - start);
            rawName.replace('+', ' ');
            const QString name = QUrl::fromPercentEncoding(rawName);
            if (end > eq + 1 && policy.isSecretBodyField(name))
                out.append({eq + 1, end - eq - 1, name});
        }
        start = end + 1;
    }
}

/// name="…" of a part's Content-Disposition, or empty for a file part.
QString partName(QByteArrayView headers)
{
    const QByteArray lower = headers.toByteArray().toLower();
    const qsizetype disposition = lower.indexOf("content-disposition:");
    if (disposition < 0)
        return {};
    const qsizetype lineEnd = lower.indexOf("\r\n", disposition);
    const QByteArray line = headers.toByteArray().mid(disposition, lineEnd < 0 ? -1 : lineEnd - disposition);
    if (line.toLower().contains("filename="))
        return {};
    const qsizetype at = line.toLower().indexOf("name=");
    if (at < 0)
        return {};
    QByteArray value = line.mid(at + 5).trimmed();
    if (value.startsWith('"')) {
        const qsizetype close = value.indexOf('"', 1);
        value = value.mid(1, close < 0 ? -1 : close - 1);
    } else {
        const qsizetype semicolon = value.indexOf(';');
        if (semicolon >= 0)
            value = value.left(semicolon);
    }
    return QString::fromUtf8(value);
}

void multipartSpans(const QByteArray& body, const QByteArray& boundary, const SecretPolicy& policy,
                    QList<SecretSpan>& out)
{
    const QByteArray delimiter = "--" + boundary;
    qsizetype at = body.indexOf(delimiter);
    while (at >= 0) {
        const qsizetype partStart = body.indexOf("\r\n", at + delimiter.size());
        if (partStart < 0)
            return;
        const qsizetype next = body.indexOf(QByteArray("\r\n" + delimiter), partStart);
        if (next < 0)
            return;
        const qsizetype headersEnd = body.indexOf("\r\n\r\n", partStart);
        if (headersEnd >= 0 && headersEnd < next) {
            const QString name = partName(QByteArrayView(body).sliced(partStart, headersEnd - partStart));
            const qsizetype content = headersEnd + 4;
            if (!name.isEmpty() && next > content && policy.isSecretBodyField(name))
                out.append({content, next - content, name});
        }
        at = next + 2;
    }
}

} // namespace

QByteArray redactValue(QByteArrayView headerName, const QByteArray& value)
{
    if (Util::sameName(headerName, "Cookie"))
        return redactCookies(value, false);
    if (Util::sameName(headerName, "Set-Cookie"))
        return redactCookies(value, true);
    // "Scheme credentials": keep the scheme, it is what a reader needs to see.
    const qsizetype space = value.indexOf(' ');
    if ((Util::sameName(headerName, "Authorization") || Util::sameName(headerName, "Proxy-Authorization")) && space > 0)
        return value.left(space + 1) + redactOpaque(value.mid(space + 1).trimmed());
    return redactOpaque(value);
}

QByteArray redactHeaderValue(QByteArrayView name, const QByteArray& value, const SecretPolicy& policy)
{
    if (policy.isSecretHeader(name))
        return redactValue(name, value);
    // An OAuth redirect carries the code (or, in the implicit flow, the token) in its Location.
    if (Util::sameName(name, "Location") || Util::sameName(name, "Content-Location")
        || Util::sameName(name, "Referer")) {
        const QUrl url = QUrl::fromEncoded(value);
        if (url.isValid() && (url.hasQuery() || !url.password().isEmpty())) {
            const QUrl redacted = redactUrl(url, policy);
            if (redacted != url)
                return redacted.toEncoded();
        }
    }
    return value;
}

QUrl redactUrl(const QUrl& url, const SecretPolicy& policy)
{
    QUrl out = url;
    out.setPassword({});
    if (!url.hasQuery())
        return out;
    QUrlQuery query(url);
    auto items = query.queryItems(QUrl::FullyEncoded);
    bool changed = false;
    for (auto& item : items) {
        if (policy.isSecretQueryParam(QUrl::fromPercentEncoding(item.first.toUtf8())) && !item.second.isEmpty()) {
            item.second = QString::fromLatin1(QUrl::toPercentEncoding(
                QString::fromUtf8(redactOpaque(QUrl::fromPercentEncoding(item.second.toUtf8()).toUtf8()))));
            changed = true;
        }
    }
    if (!changed)
        return out;
    query.setQueryItems(items);
    out.setQuery(query);
    return out;
}

namespace {

enum class BodyKind { Other, Json, Form, Multipart };

QList<SecretSpan> secretFields(const QByteArray& body, QByteArrayView contentType, const SecretPolicy& policy,
                               BodyKind* kind)
{
    QList<SecretSpan> out;
    *kind = BodyKind::Other;
    if (body.isEmpty())
        return out;
    const QByteArray type = mediaType(contentType);
    if (type == "multipart/form-data") {
        const QByteArray boundary = multipartBoundary(contentType);
        if (!boundary.isEmpty()) {
            *kind = BodyKind::Multipart;
            multipartSpans(body, boundary, policy, out);
        }
        return out;
    }
    qsizetype first = 0;
    while (first < body.size() && isSpace(body.at(first)))
        ++first;
    const bool jsonShape = first < body.size() && (body.at(first) == '{' || body.at(first) == '[');
    if (type.contains("json") || (jsonShape && !type.contains("x-www-form-urlencoded"))) {
        if (JsonScanner(body, policy, out).run()) {
            *kind = BodyKind::Json;
            return out;
        }
        out.clear(); // not JSON after all: the offsets mean nothing
    }
    if (type == "application/x-www-form-urlencoded"
        || ((type.isEmpty() || type == "text/plain") && looksLikeForm(body))) {
        *kind = BodyKind::Form;
        formSpans(body, policy, out);
    }
    return out;
}

} // namespace

QList<SecretSpan> findSecretQueryValues(QByteArrayView url, const SecretPolicy& policy)
{
    QList<SecretSpan> out;
    const qsizetype question = url.indexOf('?');
    if (question < 0)
        return out;
    const qsizetype fragment = url.indexOf('#', question);
    const qsizetype end = fragment < 0 ? url.size() : fragment;
    qsizetype start = question + 1;
    while (start < end) {
        qsizetype stop = url.indexOf('&', start);
        if (stop < 0 || stop > end)
            stop = end;
        const qsizetype eq = url.indexOf('=', start);
        if (eq >= 0 && eq < stop) {
            const QString name = QUrl::fromPercentEncoding(url.sliced(start, eq - start).toByteArray());
            if (policy.isSecretQueryParam(name))
                out.append({eq + 1, stop - eq - 1, name});
        }
        start = stop + 1;
    }
    return out;
}

QByteArray multipartBoundary(QByteArrayView contentType)
{
    for (QByteArray param : contentType.toByteArray().split(';')) {
        param = param.trimmed();
        if (param.size() > 9 && param.first(9).toLower() == "boundary=") {
            QByteArray value = param.mid(9).trimmed();
            if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                value = value.mid(1, value.size() - 2);
            return value;
        }
    }
    return {};
}

QList<SecretSpan> findSecretFields(const QByteArray& body, QByteArrayView contentType, const SecretPolicy& policy)
{
    BodyKind kind = BodyKind::Other;
    return secretFields(body, contentType, policy, &kind);
}

QByteArray redactBody(const QByteArray& body, QByteArrayView contentType, const SecretPolicy& policy, bool* changed)
{
    BodyKind kind = BodyKind::Other;
    const QList<SecretSpan> spans = secretFields(body, contentType, policy, &kind);
    if (changed)
        *changed = !spans.isEmpty();
    if (spans.isEmpty())
        return body;
    QByteArray out;
    qsizetype last = 0;
    for (const SecretSpan& s : spans) {
        out += QByteArrayView(body).sliced(last, s.offset - last);
        const QByteArray redacted = redactOpaque(body.sliced(s.offset, s.length));
        // A form value stays one percent-encoded token; a JSON string takes the UTF-8 ellipsis as it
        // is, and a JSON number becomes a string.
        if (kind == BodyKind::Form)
            out += QUrl::toPercentEncoding(QString::fromUtf8(redacted));
        else if (kind == BodyKind::Json && (s.offset == 0 || body.at(s.offset - 1) != '"'))
            out += '"' + redacted + '"';
        else
            out += redacted;
        last = s.offset + s.length;
    }
    out += QByteArrayView(body).sliced(last);
    return out;
}

bool isRedactedValue(QByteArrayView value)
{
    if (value.contains("[redacted, "))
        return true;
    QByteArrayView v = value.trimmed();
    const qsizetype space = v.indexOf(' ');
    if (space > 0 && space < 20) // "Bearer REDACTED"
        v = v.sliced(space + 1).trimmed();
    for (QByteArrayView mark : {"REDACTED", "[REDACTED]", "<REDACTED>", "<redacted>", "[redacted]", "redacted", "***",
                                "****", "********", "[FILTERED]", "[removed]", "SANITIZED"}) {
        if (v.compare(mark, Qt::CaseSensitive) == 0)
            return true;
    }
    return false;
}

} // namespace Authlens::Http
