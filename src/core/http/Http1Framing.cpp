#include "http/Http1Framing.h"

#include "util/Chars.h"

#include <algorithm>

namespace Authlens::Http {

namespace {

constexpr qsizetype kKeptLineBytes = 40; ///< of a chunk line, for the message
constexpr qsizetype kKeptFieldBytes = 256; ///< of a Content-Length or Transfer-Encoding value
constexpr qsizetype kMaxOpenRequests = 1024; ///< requests without an answer yet (Qt does not pipeline)

/// RFC 9110 §5.6.4: qdtext (obs-text included).
bool isQdtext(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return c == '\t' || c == ' ' || u == 0x21 || (u >= 0x23 && u <= 0x5b) || (u >= 0x5d && u <= 0x7e) || u >= 0x80;
}

/// Bytes as the user reads them: printable ASCII as it is, the rest as \xNN.
QString shown(QByteArrayView bytes)
{
    QString out;
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f && c != '"' && c != '\\')
            out += QLatin1Char(c);
        else if (c == '\r')
            out += QStringLiteral("\\r");
        else if (c == '\n')
            out += QStringLiteral("\\n");
        else
            out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
    }
    return out;
}

Http1Framing* framing(http_parser* parser)
{
    return static_cast<Http1Framing*>(parser->data);
}

} // namespace

/// The parser callbacks, with access to the object's state.
struct Http1Framing::Access
{
    static int requestHeadersComplete(http_parser* parser)
    {
        Http1Framing* self = framing(parser);
        if (self->m_methods.size() < kMaxOpenRequests)
            self->m_methods.append(std::uint8_t(parser->method));
        return 0;
    }

    static int responseBegin(http_parser* parser)
    {
        Http1Framing* self = framing(parser);
        self->m_inResponse = true;
        self->m_bodyStart = -1;
        self->m_status = 0;
        self->m_field = Field::Other;
        self->m_fieldNameDone = true;
        self->m_fieldName.clear();
        self->m_contentLengths.clear();
        self->m_transferEncoding.clear();
        self->m_chunk = Chunk::Off;
        return 0;
    }

    static int headerField(http_parser* parser, const char* at, size_t length)
    {
        Http1Framing* self = framing(parser);
        if (self->m_fieldNameDone) {
            self->m_fieldName.clear();
            self->m_fieldNameDone = false;
        }
        if (self->m_fieldName.size() < 32)
            self->m_fieldName.append(at, qsizetype(std::min<size_t>(length, 32)));
        return 0;
    }

    static int headerValue(http_parser* parser, const char* at, size_t length)
    {
        Http1Framing* self = framing(parser);
        if (!self->m_fieldNameDone) {
            self->m_fieldNameDone = true;
            const QByteArray name = self->m_fieldName.toLower();
            self->m_field = name == "content-length" ? Field::ContentLength
                : name == "transfer-encoding"        ? Field::TransferEncoding
                                                     : Field::Other;
            if (self->m_field == Field::ContentLength && self->m_contentLengths.size() < 16)
                self->m_contentLengths.append(QByteArray());
            else if (self->m_field == Field::TransferEncoding && !self->m_transferEncoding.isEmpty())
                self->m_transferEncoding.append(',');
        }
        const auto take = qsizetype(std::min<size_t>(length, kKeptFieldBytes));
        if (self->m_field == Field::ContentLength && !self->m_contentLengths.isEmpty()
            && self->m_contentLengths.last().size() < kKeptFieldBytes)
            self->m_contentLengths.last().append(at, take);
        else if (self->m_field == Field::TransferEncoding && self->m_transferEncoding.size() < kKeptFieldBytes)
            self->m_transferEncoding.append(at, take);
        return 0;
    }

    static int responseHeadersComplete(http_parser* parser)
    {
        Http1Framing* self = framing(parser);
        self->m_status = int(parser->status_code);
        const int status = self->m_status;
        bool bodyless = status / 100 == 1 || status == 204 || status == 304;
        // A 1xx is interim (RFC 9110 §15.2): the final answer to the same request follows.
        if (status >= 200 && !self->m_methods.isEmpty()) {
            const auto method = http_method(self->m_methods.takeFirst());
            bodyless = bodyless || method == HTTP_HEAD;
        }
        // Paused here so feedResponse() learns where the header section ends (the parser returns the offset
        // of its final LF); it resumes the parser from there.
        self->m_headersPaused = true;
        http_parser_pause(parser, 1);
        // RFC 9112 §6.3 (1): a response to HEAD and every 1xx, 204 and 304 end with their header section,
        // whatever Content-Length or Transfer-Encoding say. http-parser would read a 304's Content-Length
        // as a body: 1 tells it to skip the body.
        return bodyless ? 1 : 0;
    }

    static int body(http_parser* parser, const char*, size_t length)
    {
        framing(parser)->m_bodyBytes += qint64(length);
        return 0;
    }

    static int responseComplete(http_parser* parser)
    {
        Http1Framing* self = framing(parser);
        const int status = int(parser->status_code);
        if (status >= 200 || status == 101) {
            Result r;
            r.verdict = Verdict::Complete;
            r.status = status;
            r.offset = self->m_responseOffset;
            self->m_results.append(r);
        }
        self->m_inResponse = false;
        self->m_bodyStart = -1;
        self->m_chunk = Chunk::Off;
        return 0;
    }
};

namespace {

const http_parser_settings& requestSettings()
{
    static const http_parser_settings settings = [] {
        http_parser_settings s;
        http_parser_settings_init(&s);
        s.on_headers_complete = &Http1Framing::Access::requestHeadersComplete;
        return s;
    }();
    return settings;
}

const http_parser_settings& responseSettings()
{
    static const http_parser_settings settings = [] {
        http_parser_settings s;
        http_parser_settings_init(&s);
        s.on_message_begin = &Http1Framing::Access::responseBegin;
        s.on_header_field = &Http1Framing::Access::headerField;
        s.on_header_value = &Http1Framing::Access::headerValue;
        s.on_headers_complete = &Http1Framing::Access::responseHeadersComplete;
        s.on_body = &Http1Framing::Access::body;
        s.on_message_complete = &Http1Framing::Access::responseComplete;
        return s;
    }();
    return settings;
}

} // namespace

Http1Framing::Http1Framing()
{
    http_parser_init(&m_request, HTTP_REQUEST);
    http_parser_init(&m_response, HTTP_RESPONSE);
}

void Http1Framing::feedRequest(QByteArrayView bytes)
{
    if (!m_checking || bytes.isEmpty())
        return;
    m_request.data = this;
    const size_t parsed = http_parser_execute(&m_request, &requestSettings(), bytes.data(), size_t(bytes.size()));
    if (HTTP_PARSER_ERRNO(&m_request) != HPE_OK || parsed != size_t(bytes.size())) {
        stop(QStringLiteral("a request could not be followed (%1), so the answers' methods are unknown")
                 .arg(QString::fromLatin1(http_errno_description(HTTP_PARSER_ERRNO(&m_request)))));
    } else if (m_methods.size() >= kMaxOpenRequests) {
        stop(QStringLiteral("more than %1 requests without an answer").arg(kMaxOpenRequests));
    }
}

void Http1Framing::feedResponse(QByteArrayView bytes)
{
    if (m_checking && !bytes.isEmpty())
        runResponseParser(bytes.data(), bytes.size());
    m_responseOffset += bytes.size();
}

void Http1Framing::runResponseParser(const char* data, qint64 length)
{
    // The lexer runs over a chunked body's bytes before http-parser does, so a problem is reported where it
    // is, and with our own (stricter) reading of the chunk lines.
    if (m_chunk != Chunk::Off && m_chunk != Chunk::Trailers && !lexChunked(data, length, m_responseOffset))
        return;
    qint64 pos = 0;
    while (pos < length && m_checking) {
        m_response.data = this;
        m_headersPaused = false;
        const auto parsed
            = qint64(http_parser_execute(&m_response, &responseSettings(), data + pos, size_t(length - pos)));
        const http_errno error = HTTP_PARSER_ERRNO(&m_response);
        if (error == HPE_PAUSED && m_headersPaused) {
            http_parser_pause(&m_response, 0);
            const qint64 lf = pos + parsed; // the header section's final LF; the parser reads it again
            m_bodyStart = m_responseOffset + lf + 1;
            pos = lf;
            if ((m_response.flags & F_CHUNKED) && !(m_response.flags & F_SKIPBODY) && m_status >= 200) {
                m_chunk = Chunk::SizeStart;
                m_line.clear();
                m_chunkSize = 0;
                m_sizeDigits = 0;
                if (!lexChunked(data + lf + 1, length - lf - 1, m_responseOffset + lf + 1))
                    return;
            }
            continue;
        }
        if (error != HPE_OK) {
            parserFailed(m_responseOffset + pos + parsed, QByteArrayView(data + pos + parsed, length - pos - parsed));
            return;
        }
        if (m_response.upgrade) {
            stop(QStringLiteral("the connection switched to another protocol (%1 Switching Protocols)")
                     .arg(m_response.status_code));
            return;
        }
        pos += parsed;
        if (parsed == 0)
            break;
    }
}

bool Http1Framing::lexChunked(const char* data, qint64 length, qint64 streamOffset)
{
    auto tokenAt = [&](qint64 i) {
        // The line so far plus the rest of the current token in this buffer: "zz", "1g".
        QByteArray token = m_line;
        for (qint64 j = i + 1; j < length && token.size() < kKeptLineBytes; ++j) {
            const char c = data[j];
            if (c == '\r' || c == '\n' || c == ';' || Util::isOws(c))
                break;
            token.append(c);
        }
        return token;
    };
    for (qint64 i = 0; i < length; ++i) {
        const char c = data[i];
        if (m_chunk == Chunk::Data) {
            const auto take = qint64(std::min<std::uint64_t>(m_chunkLeft, std::uint64_t(length - i)));
            m_chunkLeft -= std::uint64_t(take);
            i += take - 1;
            if (m_chunkLeft == 0)
                m_chunk = Chunk::DataCr;
            continue;
        }
        if (m_chunk == Chunk::Off || m_chunk == Chunk::Trailers)
            return true;
        const qint64 at = streamOffset + i;
        const bool inLine = m_chunk != Chunk::DataCr && m_chunk != Chunk::DataLf;
        if (inLine && m_line.size() < kKeptLineBytes && c != '\r' && c != '\n')
            m_line.append(c);
        switch (m_chunk) {
        case Chunk::SizeStart:
        case Chunk::Size: {
            const int v = Util::hexValue(c);
            if (v >= 0) {
                // 15 hex digits are 2^60 bytes: more is no real chunk, and would overflow the count.
                if (m_sizeDigits >= 15 && (m_chunkSize != 0 || v != 0)) {
                    chunkProblem(
                        at, QStringLiteral("chunk size \"%1\" is too large (RFC 9112 §7.1)").arg(shown(tokenAt(i))));
                    return false;
                }
                if (m_chunkSize != 0 || v != 0)
                    ++m_sizeDigits;
                m_chunkSize = m_chunkSize * 16 + std::uint64_t(v);
                m_chunk = Chunk::Size;
            } else if (m_chunk == Chunk::Size && c == ';') {
                m_chunk = Chunk::ExtNameStart;
            } else if (m_chunk == Chunk::Size && Util::isOws(c)) {
                m_chunk = Chunk::AfterSize;
            } else if (m_chunk == Chunk::Size && c == '\r') {
                m_chunk = Chunk::LineLf;
            } else if (c == '\n' && m_chunk == Chunk::Size) {
                chunkProblem(at,
                             QStringLiteral("chunk line \"%1\" ends with a bare LF; CRLF is required (RFC 9112 "
                                            "§7.1)")
                                 .arg(shown(m_line)));
                return false;
            } else {
                chunkProblem(
                    at, QStringLiteral("chunk size \"%1\" is not hexadecimal (RFC 9112 §7.1)").arg(shown(tokenAt(i))));
                return false;
            }
            break;
        }
        case Chunk::AfterSize:
            // BWS after the size (or an extension) before the line end: taken, as servers that pad the size do.
            if (c == ';') {
                m_chunk = Chunk::ExtNameStart;
            } else if (c == '\r') {
                m_chunk = Chunk::LineLf;
            } else if (!Util::isOws(c)) {
                chunkProblem(at,
                             QStringLiteral("chunk line \"%1\": after the size only \";\" and a chunk extension "
                                            "may follow (RFC 9112 §7.1.1)")
                                 .arg(shown(tokenAt(i))));
                return false;
            }
            break;
        case Chunk::ExtNameStart:
            if (Util::isTchar(c)) {
                m_chunk = Chunk::ExtName;
            } else if (!Util::isOws(c)) {
                chunkProblem(
                    at,
                    QStringLiteral("chunk extension in \"%1\" has no name (RFC 9112 §7.1.1)").arg(shown(tokenAt(i))));
                return false;
            }
            break;
        case Chunk::ExtName:
        case Chunk::AfterExtName:
            if (c == '=') {
                m_chunk = Chunk::ExtValueStart;
            } else if (c == ';') {
                m_chunk = Chunk::ExtNameStart;
            } else if (c == '\r') {
                m_chunk = Chunk::LineLf;
            } else if (Util::isOws(c)) {
                m_chunk = Chunk::AfterExtName;
            } else if (!(m_chunk == Chunk::ExtName && Util::isTchar(c))) {
                chunkProblem(at,
                             QStringLiteral("chunk extension in \"%1\" is not a token (RFC 9112 §7.1.1)")
                                 .arg(shown(tokenAt(i))));
                return false;
            }
            break;
        case Chunk::ExtValueStart:
            if (c == '"') {
                m_chunk = Chunk::ExtQuoted;
            } else if (Util::isTchar(c)) {
                m_chunk = Chunk::ExtToken;
            } else if (!Util::isOws(c)) {
                chunkProblem(at,
                             QStringLiteral("chunk extension in \"%1\" has \"=\" without a value (RFC 9112 "
                                            "§7.1.1)")
                                 .arg(shown(tokenAt(i))));
                return false;
            }
            break;
        case Chunk::ExtToken:
            if (c == ';') {
                m_chunk = Chunk::ExtNameStart;
            } else if (c == '\r') {
                m_chunk = Chunk::LineLf;
            } else if (Util::isOws(c)) {
                m_chunk = Chunk::AfterSize;
            } else if (!Util::isTchar(c)) {
                chunkProblem(at,
                             QStringLiteral("chunk extension value in \"%1\" is neither a token nor a quoted "
                                            "string (RFC 9112 §7.1.1)")
                                 .arg(shown(tokenAt(i))));
                return false;
            }
            break;
        case Chunk::ExtQuoted:
            if (c == '"') {
                m_chunk = Chunk::AfterSize;
            } else if (c == '\\') {
                m_chunk = Chunk::ExtQuotedEscape;
            } else if (!isQdtext(c)) {
                chunkProblem(at,
                             QStringLiteral("chunk extension in \"%1\" has a quoted string that does not end "
                                            "before the line does (RFC 9112 §7.1.1)")
                                 .arg(shown(m_line)));
                return false;
            }
            break;
        case Chunk::ExtQuotedEscape:
            if (c == '\r' || c == '\n' || (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) {
                chunkProblem(at,
                             QStringLiteral("chunk extension in \"%1\" escapes a control character (RFC 9110 "
                                            "§5.6.4)")
                                 .arg(shown(m_line)));
                return false;
            }
            m_chunk = Chunk::ExtQuoted;
            break;
        case Chunk::LineLf:
            if (c != '\n') {
                chunkProblem(
                    at,
                    QStringLiteral("chunk line \"%1\" has a CR not followed by LF (RFC 9112 §7.1)").arg(shown(m_line)));
                return false;
            }
            m_line.clear();
            if (m_chunkSize == 0) {
                // The last chunk: the trailer section and the final CRLF are http-parser's (RFC 9112 §7.1.2).
                m_chunk = Chunk::Trailers;
                return true;
            }
            m_chunkLeft = m_chunkSize;
            m_chunk = Chunk::Data;
            break;
        case Chunk::DataCr:
        case Chunk::DataLf:
            if (c != (m_chunk == Chunk::DataCr ? '\r' : '\n')) {
                chunkProblem(at,
                             QStringLiteral("chunk data is longer than its chunk size %1 (0x%2 bytes): \"%3\" "
                                            "where CRLF must end the chunk (RFC 9112 §7.1)")
                                 .arg(m_chunkSize)
                                 .arg(m_chunkSize, 0, 16)
                                 .arg(shown(QByteArrayView(data + i, std::min<qint64>(length - i, 8)))));
                return false;
            }
            if (m_chunk == Chunk::DataCr) {
                m_chunk = Chunk::DataLf;
            } else {
                m_chunk = Chunk::SizeStart;
                m_chunkSize = 0;
                m_sizeDigits = 0;
            }
            break;
        case Chunk::Off:
        case Chunk::Data:
        case Chunk::Trailers:
            break;
        }
    }
    return true;
}

void Http1Framing::chunkProblem(qint64 streamOffset, const QString& what)
{
    const qint64 body = m_bodyStart >= 0 ? streamOffset - m_bodyStart : -1;
    Result r;
    r.verdict = Verdict::InvalidChunked;
    r.status = m_status;
    r.offset = streamOffset;
    r.bodyOffset = body;
    r.detail = QStringLiteral("at byte %1 of the chunked body: %2").arg(body).arg(what);
    m_results.append(r);
    m_checking = false;
}

void Http1Framing::report(Verdict verdict, qint64 offset, const QString& detail)
{
    Result r;
    r.verdict = verdict;
    r.status = m_status ? m_status : int(m_response.status_code);
    r.offset = offset;
    r.bodyOffset = m_bodyStart >= 0 && offset >= m_bodyStart ? offset - m_bodyStart : -1;
    r.detail = detail;
    m_results.append(r);
    m_checking = false;
}

void Http1Framing::stop(const QString& reason)
{
    report(Verdict::NotChecked, m_responseOffset, reason);
}

void Http1Framing::parserFailed(qint64 streamOffset, QByteArrayView rest)
{
    const http_errno error = HTTP_PARSER_ERRNO(&m_response);
    const QString text = QString::fromLatin1(http_errno_description(error));
    switch (error) {
    case HPE_INVALID_CHUNK_SIZE:
        report(Verdict::InvalidChunked, streamOffset,
               QStringLiteral("an invalid chunk size line (RFC 9112 §7.1): %1").arg(text));
        return;
    case HPE_UNEXPECTED_CONTENT_LENGTH:
    case HPE_INVALID_CONTENT_LENGTH: {
        const bool chunked = m_transferEncoding.toLower().contains("chunked");
        if (chunked) {
            report(Verdict::InvalidLength, streamOffset,
                   QStringLiteral("the answer has both Transfer-Encoding \"%1\" and Content-Length \"%2\": a server "
                                  "must not send both, and a message with both is to be handled as an error, as "
                                  "it may be an attempt at response splitting (RFC 9112 §6.2, §6.3)")
                       .arg(shown(m_transferEncoding), shown(m_contentLengths.value(0))));
            return;
        }
        // http-parser stops at the start of a second Content-Length value: read it from the bytes here.
        if (!m_fieldNameDone && m_fieldName.toLower() == "content-length")
            m_contentLengths.append(QByteArray());
        if (!m_contentLengths.isEmpty() && m_contentLengths.constLast().isEmpty()) {
            for (const char c : rest.first(std::min<qsizetype>(rest.size(), 32))) {
                if (c == '\r' || c == '\n')
                    break;
                m_contentLengths.last().append(c);
            }
        }
        QByteArrayList values;
        for (const QByteArray& field : std::as_const(m_contentLengths)) {
            for (const QByteArray& part : field.split(','))
                values.append(part.trimmed());
        }
        bool numbers = !values.isEmpty();
        for (const QByteArray& v : std::as_const(values)) {
            numbers = numbers && !v.isEmpty()
                && std::all_of(v.cbegin(), v.cend(), [](char c) { return c >= '0' && c <= '9'; });
        }
        const bool same = std::all_of(values.cbegin(), values.cend(),
                                      [&values](const QByteArray& v) { return v == values.constFirst(); });
        if (numbers && same) {
            // RFC 9110 §8.6: a recipient may take a repeated, identical Content-Length as one. Not an error.
            stop(QStringLiteral("Content-Length \"%1\" is repeated").arg(shown(values.constFirst())));
        } else if (numbers) {
            QStringList all;
            for (const QByteArray& v : std::as_const(values))
                all.append(u'"' + shown(v) + u'"');
            report(Verdict::InvalidLength, streamOffset,
                   QStringLiteral("the answer has Content-Length values that differ (%1): its length cannot be "
                                  "known, an unrecoverable error (RFC 9112 §6.3)")
                       .arg(all.join(QStringLiteral(", "))));
        } else {
            stop(QStringLiteral("a Content-Length value could not be read (%1)").arg(text));
        }
        return;
    }
    case HPE_CLOSED_CONNECTION:
        stop(QStringLiteral("the server sent more bytes after an answer that closed the connection"));
        return;
    case HPE_HEADER_OVERFLOW:
        stop(QStringLiteral("the header section is larger than the checker's limit (80 KiB)"));
        return;
    default:
        stop(QStringLiteral("the answer could not be followed (%1)").arg(text));
        return;
    }
}

void Http1Framing::responseEnded()
{
    if (!m_checking)
        return;
    m_response.data = this;
    http_parser_execute(&m_response, &responseSettings(), nullptr, 0);
    if (HTTP_PARSER_ERRNO(&m_response) == HPE_OK) {
        m_checking = false;
        return;
    }
    if (!inBody()) {
        // Cut inside the status line or header section: Qt reports that itself (no status, or "closed").
        m_checking = false;
        return;
    }
    const qint64 body = m_responseOffset - m_bodyStart;
    if (m_chunk == Chunk::Trailers) {
        report(Verdict::ChunkedCutShort, m_responseOffset,
               QStringLiteral("The connection ended in the trailer section, after the last chunk (%1 bytes of "
                              "chunked body): the final CRLF never came (RFC 9112 §7.1.2)")
                   .arg(body));
    } else if (m_chunk != Chunk::Off) {
        report(Verdict::ChunkedCutShort, m_responseOffset,
               QStringLiteral("The connection ended after %1 bytes of the chunked body, before the last chunk "
                              "(RFC 9112 §7.1)")
                   .arg(body));
    } else {
        report(Verdict::LengthCutShort, m_responseOffset,
               QStringLiteral("The connection ended after %1 bytes of the body, %2 short of its Content-Length "
                              "(RFC 9112 §8)")
                   .arg(body)
                   .arg(qulonglong(m_response.content_length)));
    }
}

void Http1Framing::responseReset()
{
    if (!m_checking)
        return;
    if (!m_inResponse) {
        m_checking = false;
        return;
    }
    const QString where = inBody() ? QStringLiteral("%1 bytes into the body").arg(m_responseOffset - m_bodyStart)
                                   : QStringLiteral("inside the header section");
    report(Verdict::Reset, m_responseOffset,
           QStringLiteral("The server reset the connection (TCP RST) %1, before the answer was complete").arg(where));
}

QList<Http1Framing::Result> Http1Framing::takeResults()
{
    return std::exchange(m_results, {});
}

QString framingVerdictName(Http1Framing::Verdict verdict)
{
    switch (verdict) {
    case Http1Framing::Verdict::Complete:
        return QStringLiteral("complete");
    case Http1Framing::Verdict::InvalidChunked:
        return QStringLiteral("invalid_chunked");
    case Http1Framing::Verdict::ChunkedCutShort:
        return QStringLiteral("chunked_cut_short");
    case Http1Framing::Verdict::LengthCutShort:
        return QStringLiteral("length_cut_short");
    case Http1Framing::Verdict::Reset:
        return QStringLiteral("reset");
    case Http1Framing::Verdict::InvalidLength:
        return QStringLiteral("invalid_length");
    case Http1Framing::Verdict::NotChecked:
        return QStringLiteral("not_checked");
    }
    return QStringLiteral("unknown");
}

} // namespace Authlens::Http
