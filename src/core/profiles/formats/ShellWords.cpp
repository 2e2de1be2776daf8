#include "profiles/formats/ShellWords.h"

#include "profiles/formats/InputLimits.h"
#include "util/Chars.h"

#include <QRegularExpression>

namespace Authlens::Formats {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool isNameStart(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9');
}

/// What both splitters share: the word being built, the result, and the notes about text the shell
/// would have expanded.
class Splitter
{
public:
    explicit Splitter(const QByteArray& text)
        : m_s(text)
    {
    }

protected:
    void append(char c)
    {
        m_word.append(c);
        m_inWord = true;
    }
    void endWord()
    {
        if (!m_inWord)
            return;
        // Program arguments are C strings: a NUL (from $'\0') ends the argument, as in the shell.
        const qsizetype nul = m_word.indexOf('\0');
        if (nul >= 0)
            m_word.truncate(nul);
        m_out.words.append(m_word);
        m_word.clear();
        m_inWord = false;
    }
    QString at(qsizetype offset) const { return textPosition(m_s, offset); }
    void fail(const QString& message)
    {
        m_out.error = message;
        m_out.words.clear();
    }
    void noteVariable(const QByteArray& reference)
    {
        if (m_variables.size() < 10 && !m_variables.contains(reference))
            m_variables.append(reference);
    }
    /// Handles an unquoted line break at `i`: true when the command goes on (the next line starts
    /// with an option, as when a trailing backslash was lost in copying).
    bool continuesAfterLineBreak(qsizetype i)
    {
        qsizetype j = i;
        while (j < m_s.size() && (isBlank(m_s[j]) || m_s[j] == '\n'))
            ++j;
        if (j >= m_s.size())
            return false;
        if (m_out.words.isEmpty() && !m_inWord && m_pendingWords == 0)
            return true; // only blank lines or comments so far
        if (m_s[j] == '-') {
            if (!m_warnedLineBreak)
                m_out.warnings.append(QStringLiteral("A line break without a continuation character at %1 would end "
                                                     "the command in a shell; the next line starts with an option, "
                                                     "so it was read as part of the same curl command.")
                                          .arg(at(i)));
            m_warnedLineBreak = true;
            return true;
        }
        m_out.warnings.append(
            QStringLiteral("Ignored the text after the end of the curl command (from %1 on).").arg(at(j)));
        return false;
    }
    /// The length of a documentation placeholder "<NAME>" at `i` (a letter, then letters, digits, '_', '-' or
    /// '.', at most 64, then '>'), or 0.
    qsizetype placeholderLength(qsizetype i) const
    {
        qsizetype j = i + 1;
        if (j >= m_s.size() || !((m_s[j] >= 'A' && m_s[j] <= 'Z') || (m_s[j] >= 'a' && m_s[j] <= 'z')))
            return 0;
        while (j < m_s.size() && j - i <= 65 && (isNameChar(m_s[j]) || m_s[j] == '-' || m_s[j] == '.'))
            ++j;
        return j < m_s.size() && m_s[j] == '>' ? j - i + 1 : 0;
    }
    void stopAtOperator(qsizetype i)
    {
        m_out.warnings.append(
            QStringLiteral("Ignored everything from the unquoted '%1' at %2 on: in a shell it ends the curl command "
                           "(quote URLs that contain '&').")
                .arg(QChar::fromLatin1(m_s[i]))
                .arg(at(i)));
    }
    ShellWords finish()
    {
        if (!m_out.ok()) {
            m_out.words.clear();
            return m_out;
        }
        endWord();
        if (!m_variables.isEmpty() && m_out.ok()) {
            QStringList names;
            for (const QByteArray& v : std::as_const(m_variables))
                names.append(QString::fromUtf8(v));
            m_out.warnings.append(QStringLiteral("Shell variables and commands are not expanded; kept as text: %1.")
                                      .arg(names.join(QStringLiteral(", "))));
        }
        return m_out;
    }

    const QByteArray& m_s;
    QByteArray m_word;
    bool m_inWord = false;
    bool m_warnedLineBreak = false;
    qsizetype m_pendingWords = 0; ///< cmd: words are only known after the second pass
    QList<QByteArray> m_variables;
    ShellWords m_out;
};

class BashSplitter : public Splitter
{
public:
    using Splitter::Splitter;

    ShellWords run()
    {
        m_out.dialect = ShellDialect::Bash;
        qsizetype i = 0;
        const qsizetype n = m_s.size();
        while (i < n && m_out.ok()) {
            const char c = m_s[i];
            if (c == '\\') {
                if (i + 1 < n && m_s[i + 1] == '\n') {
                    i += 2; // continuation
                } else if (i + 2 < n && m_s[i + 1] == '\r' && m_s[i + 2] == '\n') {
                    i += 3;
                } else {
                    if (i + 1 < n)
                        append(m_s[i + 1]);
                    i += 2;
                }
            } else if (c == '\'') {
                i = singleQuoted(i);
            } else if (c == '$' && i + 1 < n && m_s[i + 1] == '\'') {
                i = ansiC(i);
            } else if (c == '$' && i + 1 < n && m_s[i + 1] == '"') {
                i = doubleQuoted(i + 1); // $"…" is a translatable string: the same text
            } else if (c == '"') {
                i = doubleQuoted(i);
            } else if (c == '\n') {
                endWord();
                if (!continuesAfterLineBreak(i))
                    break;
                ++i;
            } else if (isBlank(c)) {
                endWord();
                ++i;
            } else if (c == '#' && !m_inWord) {
                while (i < n && m_s[i] != '\n')
                    ++i; // a comment; the line break is handled next
            } else if (c == '<' && placeholderLength(i) > 0) {
                // Documentation's "<USER_ID>" in a URL: a placeholder to fill in, not a redirection (the shell
                // would fail on it); kept as text for the importer to name.
                const qsizetype length = placeholderLength(i);
                m_word.append(m_s.mid(i, length));
                m_inWord = true;
                i += length;
            } else if (c == '|' || c == ';' || c == '&' || c == '<' || c == '>') {
                // "2>/dev/null": the digits name a file descriptor, they are no argument.
                if ((c == '<' || c == '>') && m_inWord
                    && std::all_of(m_word.cbegin(), m_word.cend(), [](char d) { return d >= '0' && d <= '9'; })) {
                    m_word.clear();
                    m_inWord = false;
                }
                endWord();
                stopAtOperator(i);
                break;
            } else {
                if (c == '$' && i + 1 < n && (isNameStart(m_s[i + 1]) || m_s[i + 1] == '{' || m_s[i + 1] == '('))
                    noteVariable(reference(i));
                else if (c == '`')
                    noteVariable(QByteArrayLiteral("`…`"));
                append(c);
                ++i;
            }
        }
        return finish();
    }

private:
    /// `$NAME`, `${NAME}` or `$(…)` starting at i, for the warning.
    QByteArray reference(qsizetype i) const
    {
        qsizetype j = i + 1;
        if (j < m_s.size() && m_s[j] == '(') {
            // The command itself, so the warning says what the user must run (`$(gcloud auth
            // print-access-token)`, Google's documented way to get a token); nested parentheses count.
            int depth = 0;
            for (qsizetype k = j; k < m_s.size() && k - i < 80; ++k) {
                if (m_s[k] == '(')
                    ++depth;
                else if (m_s[k] == ')' && --depth == 0)
                    return m_s.mid(i, k - i + 1);
            }
            return QByteArrayLiteral("$(…)");
        }
        if (j < m_s.size() && m_s[j] == '{') {
            const qsizetype close = m_s.indexOf('}', j);
            return close > 0 && close - i < 64 ? m_s.mid(i, close - i + 1) : QByteArrayLiteral("${…}");
        }
        while (j < m_s.size() && j - i < 64 && isNameChar(m_s[j]))
            ++j;
        return m_s.mid(i, j - i);
    }

    qsizetype singleQuoted(qsizetype open)
    {
        const qsizetype close = m_s.indexOf('\'', open + 1);
        if (close < 0) {
            fail(QStringLiteral("Unbalanced single quote: the quote opened at %1 is never closed.").arg(at(open)));
            return m_s.size();
        }
        m_word.append(m_s.constData() + open + 1, close - open - 1);
        m_inWord = true;
        return close + 1;
    }

    qsizetype doubleQuoted(qsizetype open)
    {
        m_inWord = true;
        qsizetype i = open + 1;
        while (i < m_s.size()) {
            const char c = m_s[i];
            if (c == '"')
                return i + 1;
            if (c == '\\' && i + 1 < m_s.size()) {
                const char next = m_s[i + 1];
                if (next == '\n') {
                    i += 2;
                    continue;
                }
                if (next == '$' || next == '`' || next == '"' || next == '\\') {
                    m_word.append(next);
                    i += 2;
                    continue;
                }
            }
            if (c == '$' && i + 1 < m_s.size() && (isNameStart(m_s[i + 1]) || m_s[i + 1] == '{' || m_s[i + 1] == '('))
                noteVariable(reference(i));
            else if (c == '`')
                noteVariable(QByteArrayLiteral("`…`"));
            m_word.append(c);
            ++i;
        }
        fail(QStringLiteral("Unbalanced double quote: the quote opened at %1 is never closed.").arg(at(open)));
        return m_s.size();
    }

    /// `$'…'`: bash's ANSI-C quoting, the form DevTools use for values with control characters,
    /// quotes or `!`.
    qsizetype ansiC(qsizetype dollar)
    {
        m_inWord = true;
        qsizetype i = dollar + 2;
        const qsizetype n = m_s.size();
        while (i < n) {
            const char c = m_s[i];
            if (c == '\'')
                return i + 1;
            if (c != '\\' || i + 1 >= n) {
                m_word.append(c);
                ++i;
                continue;
            }
            const char e = m_s[i + 1];
            i += 2;
            switch (e) {
            case 'a':
                m_word.append('\a');
                break;
            case 'b':
                m_word.append('\b');
                break;
            case 'e':
            case 'E':
                m_word.append('\x1b');
                break;
            case 'f':
                m_word.append('\f');
                break;
            case 'n':
                m_word.append('\n');
                break;
            case 'r':
                m_word.append('\r');
                break;
            case 't':
                m_word.append('\t');
                break;
            case 'v':
                m_word.append('\v');
                break;
            case '\\':
            case '\'':
            case '"':
            case '?':
                m_word.append(e);
                break;
            case 'c':
                if (i < n) {
                    m_word.append(char(m_s[i] & 0x1f));
                    ++i;
                }
                break;
            case 'x':
            case 'u':
            case 'U': {
                const int maxDigits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                uint value = 0;
                int digits = 0;
                while (digits < maxDigits && i < n && Util::hexValue(m_s[i]) >= 0) {
                    value = value * 16 + uint(Util::hexValue(m_s[i]));
                    ++i;
                    ++digits;
                }
                if (digits == 0) {
                    m_word.append('\\');
                    m_word.append(e);
                } else if (e == 'x') {
                    m_word.append(char(value)); // a byte: $'\xc3\xa9' is "é" in UTF-8
                } else {
                    const char32_t cp = value <= 0x10FFFF && (value < 0xD800 || value > 0xDFFF) ? value : 0xFFFD;
                    m_word.append(QString::fromUcs4(&cp, 1).toUtf8());
                }
                break;
            }
            default:
                if (e >= '0' && e <= '7') {
                    uint value = uint(e - '0');
                    for (int k = 0; k < 2 && i < n && m_s[i] >= '0' && m_s[i] <= '7'; ++k, ++i)
                        value = value * 8 + uint(m_s[i] - '0');
                    m_word.append(char(value & 0xff));
                } else {
                    m_word.append('\\'); // bash keeps unknown escapes as they are
                    m_word.append(e);
                }
                break;
            }
        }
        fail(QStringLiteral("Unbalanced quote: the $' quote opened at %1 is never closed.").arg(at(dollar)));
        return n;
    }
};

class CmdSplitter : public Splitter
{
public:
    using Splitter::Splitter;

    ShellWords run()
    {
        m_out.dialect = ShellDialect::Cmd;
        cmdPass();
        if (m_out.ok())
            crtPass();
        return finish();
    }

private:
    void put(char c, qsizetype source)
    {
        if (!isBlank(c) && c != '\n')
            ++m_pendingWords;
        m_pass.append(c);
        m_source.append(source);
    }

    /// cmd.exe: carets, line continuations, operators. Its output is the command tail the program gets.
    void cmdPass()
    {
        bool quoted = false;
        qsizetype i = 0;
        const qsizetype n = m_s.size();
        while (i < n) {
            const char c = m_s[i];
            if (c == '"') {
                quoted = !quoted;
                put(c, i++);
            } else if (!quoted && c == '^') {
                if (i + 1 >= n) {
                    ++i;
                    continue;
                }
                qsizetype next = i + 1;
                if (m_s[next] == '\r' && next + 1 < n && m_s[next + 1] == '\n')
                    ++next;
                if (m_s[next] == '\n') {
                    // Caret at the end of a line continues it, and escapes the first character of the
                    // next line: DevTools write a newline inside a value as "^" + two line breaks.
                    i = next + 1;
                    if (i + 1 < n && m_s[i] == '\r' && m_s[i + 1] == '\n')
                        ++i;
                    if (i < n && m_s[i] == '\n')
                        put('\n', i++);
                    continue;
                }
                put(m_s[next], next);
                i = next + 1;
            } else if (!quoted && c == '\n') {
                if (!continuesAfterLineBreak(i))
                    break;
                put(' ', i++);
            } else if (!quoted && (c == '&' || c == '|' || c == '<' || c == '>')) {
                stopAtOperator(i);
                break;
            } else {
                if (c == '%') {
                    qsizetype j = i + 1;
                    while (j < n && isNameChar(m_s[j]))
                        ++j;
                    if (j > i + 1 && j < n && m_s[j] == '%')
                        noteVariable(m_s.mid(i, j - i + 1));
                }
                put(c, i++);
            }
        }
    }

    /// The Microsoft C runtime's argv rules (what curl.exe sees).
    void crtPass()
    {
        bool quoted = false;
        qsizetype openedAt = -1;
        qsizetype j = 0;
        const qsizetype n = m_pass.size();
        while (j < n) {
            const char c = m_pass[j];
            if (c == '\\') {
                qsizetype k = 0;
                while (j + k < n && m_pass[j + k] == '\\')
                    ++k;
                if (j + k < n && m_pass[j + k] == '"') {
                    m_word.append(QByteArray(k / 2, '\\'));
                    m_inWord = true;
                    if (k % 2 == 1) {
                        m_word.append('"');
                        j += k + 1;
                    } else {
                        j += k; // the quote toggles quoting below
                    }
                } else {
                    m_word.append(QByteArray(k, '\\'));
                    m_inWord = true;
                    j += k;
                }
            } else if (c == '"') {
                if (quoted && j + 1 < n && m_pass[j + 1] == '"') {
                    m_word.append('"');
                    j += 2;
                    continue;
                }
                quoted = !quoted;
                if (quoted)
                    openedAt = m_source[j];
                m_inWord = true;
                ++j;
            } else if (!quoted && (isBlank(c) || c == '\n')) {
                endWord();
                ++j;
            } else {
                append(c);
                ++j;
            }
        }
        if (quoted)
            fail(QStringLiteral("Unbalanced double quote: the quote opened at %1 is never closed.").arg(at(openedAt)));
    }

    QByteArray m_pass;
    QList<qsizetype> m_source; ///< offset in the input of each byte of m_pass, for messages
};

} // namespace

ShellDialect guessShellDialect(QStringView command)
{
    if (command.contains(u"^\""))
        return ShellDialect::Cmd;
    static const QRegularExpression caretAtEnd(QStringLiteral("\\^[ \\t]*\\r?$"), QRegularExpression::MultilineOption);
    static const QRegularExpression backslashAtEnd(QStringLiteral("\\\\[ \\t]*\\r?$"),
                                                   QRegularExpression::MultilineOption);
    // Older Firefox "Copy as cURL (Windows)": quotes doubled inside "…", and "%" to stop expansion.
    static const QRegularExpression doubledQuotes(QStringLiteral("\"%\"|[A-Za-z0-9{:,]\"\"[A-Za-z0-9}:,]"));
    const QString text = command.left(1 << 20).toString();
    if (caretAtEnd.match(text).hasMatch() && !backslashAtEnd.match(text).hasMatch())
        return ShellDialect::Cmd;
    if (!text.contains(u'\'') && doubledQuotes.match(text).hasMatch())
        return ShellDialect::Cmd;
    return ShellDialect::Bash;
}

ShellWords splitShellWords(const QString& command, ShellDialect dialect)
{
    if (dialect == ShellDialect::Auto)
        dialect = guessShellDialect(command);
    const QByteArray utf8 = command.toUtf8();
    if (dialect == ShellDialect::Cmd)
        return CmdSplitter(utf8).run();
    return BashSplitter(utf8).run();
}

} // namespace Authlens::Formats
