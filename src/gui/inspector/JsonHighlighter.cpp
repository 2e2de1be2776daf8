#include "inspector/JsonHighlighter.h"

#include "common/StatusPalette.h"

#include <QRegularExpression>

namespace Authlens::Gui {

JsonHighlighter::JsonHighlighter(QObject* parent)
    : QSyntaxHighlighter(parent)
{
    // Dark, saturated colours on a light theme; light, soft ones on a dark theme (readable on either).
    const bool dark = StatusPalette::isDark();
    m_key.setForeground(dark ? QColor(0xce, 0x93, 0xd8) : QColor(0x88, 0x1f, 0x8c));
    m_string.setForeground(dark ? QColor(0xa5, 0xd6, 0xa7) : QColor(0x1b, 0x6e, 0x20));
    m_number.setForeground(dark ? QColor(0x90, 0xca, 0xf9) : QColor(0x0b, 0x52, 0xa8));
    m_keyword.setForeground(dark ? QColor(0xff, 0xb7, 0x4d) : QColor(0xb3, 0x4b, 0x00));
    m_keyword.setFontWeight(QFont::Bold);
}

JsonHighlighter::~JsonHighlighter() = default;

void JsonHighlighter::highlightBlock(const QString& text)
{
    static const QRegularExpression literals(
        QStringLiteral("-?\\b\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b|\\b(true|false|null)\\b"));
    static const QRegularExpression strings(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\""));
    for (auto it = literals.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m.capturedLength(1) > 0 ? m_keyword : m_number);
    }
    // Strings last: they override digits and keywords that appear inside them.
    for (auto it = strings.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        qsizetype after = m.capturedEnd();
        while (after < text.size() && text.at(after).isSpace())
            ++after;
        const bool isKey = after < text.size() && text.at(after) == u':';
        setFormat(int(m.capturedStart()), int(m.capturedLength()), isKey ? m_key : m_string);
    }
}

} // namespace Authlens::Gui
