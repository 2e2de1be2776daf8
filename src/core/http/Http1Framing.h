#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <cstdint>

#include <http_parser.h>

namespace Authlens::Http {

/// Checks the message framing (RFC 9112 §6–§7) of one HTTP/1.1 connection, fed as its bytes pass: the
/// client's bytes in one direction (to learn each request's method), the server's in the other. It keeps
/// parser state, never the bytes, so it costs the same for a 1 GiB body as for an empty one.
///
/// Only framing becomes an error: a chunk size or chunk line that breaks the grammar, chunk data longer
/// than its size, the connection ending or reset inside a body, Content-Length values that conflict with
/// each other or with Transfer-Encoding. Anything else the parser cannot follow (a header character Qt
/// takes, a header section over its limit, a protocol switch) stops the check for that connection with a
/// NotChecked result: a lenient client reads those fine, and a guess here would be a false alarm.
///
/// The message structure comes from nodejs http-parser 2.9 (libhttp-parser). Debian builds it with
/// HTTP_PARSER_STRICT=0, which accepts any two bytes after chunk data and any chunk extension; the
/// chunked body is therefore also followed by a small lexer of our own (chunk lines, data, CRLF).
/// A value type: copies check on independently.
class Http1Framing
{
public:
    enum class Verdict {
        Complete, ///< a final response arrived complete
        InvalidChunked, ///< the chunked coding broke its grammar (RFC 9112 §7.1)
        ChunkedCutShort, ///< the connection ended (FIN) inside a chunked body, before its last chunk
        LengthCutShort, ///< the connection ended (FIN) inside a Content-Length body
        Reset, ///< the server reset the connection (TCP RST) inside a response
        InvalidLength, ///< conflicting or invalid Content-Length / Transfer-Encoding (RFC 9112 §6.3)
        NotChecked, ///< the check stopped for this connection; `detail` says why
    };
    struct Result
    {
        Verdict verdict = Verdict::Complete;
        int status = 0; ///< the response's status code, 0 when no status line had arrived
        qint64 offset = 0; ///< where in the server's byte stream (from the connection's first byte)
        qint64 bodyOffset = -1; ///< where in the response's body as sent (after the header section); -1: none
        QString detail; ///< what was wrong, in words, with the RFC section
    };

    Http1Framing();

    /// Bytes the client sent (requests), in order.
    void feedRequest(QByteArrayView bytes);
    /// Bytes the server sent (responses), in order.
    void feedResponse(QByteArrayView bytes);
    /// The server closed its side (FIN): completes a close-delimited body, cuts any other one short.
    void responseEnded();
    /// The server reset the connection (RST).
    void responseReset();

    /// The results since the last call, oldest first: one per final response, and any error.
    QList<Result> takeResults();
    /// False once a problem was reported or the check stopped: nothing more is looked at.
    bool isChecking() const { return m_checking; }
    /// Server bytes fed so far.
    qint64 responseBytes() const { return m_responseOffset; }
    /// Body bytes (decoded: without chunk framing) of every response so far, while checking.
    qint64 bodyBytes() const { return m_bodyBytes; }

    /// The parser callbacks (C functions) reach the object through these.
    struct Access;

private:
    /// The state of our own chunked-body lexer (RFC 9112 §7.1); runs next to http-parser.
    enum class Chunk : std::uint8_t {
        Off, ///< not in a chunked body
        SizeStart,
        Size,
        AfterSize, ///< BWS after the size or an extension, before ";" or the line end
        ExtNameStart,
        ExtName,
        AfterExtName,
        ExtValueStart,
        ExtToken,
        ExtQuoted,
        ExtQuotedEscape,
        LineLf, ///< a CR ended the chunk line; LF must follow
        Data,
        DataCr, ///< chunk data ended; CRLF must follow
        DataLf,
        Trailers, ///< the last chunk's line is read; http-parser takes the trailer section
    };

    void runResponseParser(const char* data, qint64 length);
    /// Runs the lexer over bytes of a chunked body; returns false after a problem was reported.
    bool lexChunked(const char* data, qint64 length, qint64 streamOffset);
    void chunkProblem(qint64 streamOffset, const QString& what);
    void report(Verdict verdict, qint64 offset, const QString& detail);
    void stop(const QString& reason);
    void parserFailed(qint64 streamOffset, QByteArrayView rest);
    bool inBody() const { return m_inResponse && m_bodyStart >= 0; }

    // Plain C structs: `data` is set to this object before every call into them, so copies work.
    http_parser m_request {};
    http_parser m_response {};

    QList<Result> m_results;
    QList<std::uint8_t> m_methods; ///< methods of the requests not yet answered, oldest first
    qint64 m_responseOffset = 0; ///< server bytes fed before the current buffer
    qint64 m_bodyStart = -1; ///< stream offset of the current response body, -1 while in the header section
    int m_status = 0;
    qint64 m_bodyBytes = 0;
    bool m_inResponse = false; ///< a response message has begun and not completed
    bool m_checking = true;
    bool m_headersPaused = false;

    // Content-Length and Transfer-Encoding of the current response, bounded (to tell a harmless repeat from
    // a conflict): the only header values kept.
    enum class Field : std::uint8_t { Other, ContentLength, TransferEncoding };
    Field m_field = Field::Other;
    bool m_fieldNameDone = true;
    QByteArray m_fieldName;
    QByteArrayList m_contentLengths;
    QByteArray m_transferEncoding;

    // The chunked lexer.
    Chunk m_chunk = Chunk::Off;
    std::uint64_t m_chunkSize = 0;
    std::uint64_t m_chunkLeft = 0;
    int m_sizeDigits = 0;
    QByteArray m_line; ///< the current chunk line's first bytes, for the message
};

QString framingVerdictName(Http1Framing::Verdict verdict);

} // namespace Authlens::Http
