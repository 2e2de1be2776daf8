#include "jwt/JsonMembers.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace Authlens::Jwt {

namespace {

// A scanner over text QJsonDocument already accepted: it only needs to find where each top-level member's
// name and value begin and end, so it skips strings (with escapes), nested objects and arrays by depth.
class Scanner
{
public:
    explicit Scanner(QByteArrayView text)
        : m_text(text)
    {
    }

    void skipWs()
    {
        while (m_pos < m_text.size()
               && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    bool eat(char c)
    {
        skipWs();
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    /// The raw text of the string starting at the current position (quotes included).
    QByteArrayView string()
    {
        skipWs();
        const qsizetype start = m_pos;
        if (m_pos >= m_text.size() || m_text[m_pos] != '"')
            return {};
        ++m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] != '"')
            m_pos += m_text[m_pos] == '\\' ? 2 : 1;
        ++m_pos;
        return m_text.sliced(start, qMin(m_pos, m_text.size()) - start);
    }
    /// The raw text of the value starting at the current position.
    QByteArrayView value()
    {
        skipWs();
        const qsizetype start = m_pos;
        int depth = 0;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '"') {
                string();
                if (depth == 0)
                    break;
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (depth == 0)
                    break; // the end of the enclosing object
                --depth;
            } else if (c == ',' && depth == 0) {
                break;
            }
            ++m_pos;
            if (depth == 0 && (c == '}' || c == ']'))
                break;
        }
        return m_text.sliced(start, m_pos - start);
    }
    bool atEnd() const { return m_pos >= m_text.size(); }

private:
    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

/// A JSON fragment (a string or any value) decoded by wrapping it in an array.
QJsonValue decode(QByteArrayView fragment)
{
    const QJsonDocument document = QJsonDocument::fromJson("[" + fragment.toByteArray() + "]");
    return document.isArray() && !document.array().isEmpty() ? document.array().first() : QJsonValue();
}

} // namespace

QList<DuplicateMember> duplicateMembers(QByteArrayView json)
{
    if (!QJsonDocument::fromJson(json.toByteArray()).isObject())
        return {};
    Scanner scanner(json);
    if (!scanner.eat('{') || scanner.eat('}'))
        return {};
    QHash<QString, int> index; // name → position in `out`, or -1 when seen once
    QHash<QString, QJsonValue> firstValue;
    QList<DuplicateMember> out;
    // Each round reads `"name" : value` and then a comma or the closing brace.
    for (int guard = 0; guard < 1'000'000 && !scanner.atEnd(); ++guard) {
        const QString name = decode(scanner.string()).toString();
        if (!scanner.eat(':'))
            break;
        const QJsonValue value = decode(scanner.value());
        const auto found = index.constFind(name);
        if (found == index.cend()) {
            index.insert(name, -1);
        } else if (*found < 0) {
            index[name] = int(out.size());
            out.append({name, 2, value});
        } else {
            DuplicateMember& member = out[*found];
            ++member.count;
            member.last = value;
        }
        if (!scanner.eat(','))
            break;
    }
    return out;
}

} // namespace Authlens::Jwt
