#include "inspector/MarkupHighlighter.h"

#include "common/StatusPalette.h"

#include <QRegularExpression>

namespace Authlens::Gui {

namespace {
constexpr int InComment = 1;
}

MarkupHighlighter::MarkupHighlighter(QObject* parent)
    : QSyntaxHighlighter(parent)
{
    // Dark, saturated colours on a light theme; light, soft ones on a dark theme (readable on either).
    const bool dark = StatusPalette::isDark();
    m_tag.setForeground(dark ? QColor(0x90, 0xca, 0xf9) : QColor(0x0b, 0x52, 0xa8));
    m_tag.setFontWeight(QFont::Bold);
    m_attribute.setForeground(dark ? QColor(0xce, 0x93, 0xd8) : QColor(0x88, 0x1f, 0x8c));
    m_value.setForeground(dark ? QColor(0xa5, 0xd6, 0xa7) : QColor(0x1b, 0x6e, 0x20));
    m_comment.setForeground(dark ? QColor(0xa0, 0xa0, 0xa0) : QColor(0x75, 0x75, 0x75));
    m_comment.setFontItalic(true);
    m_entity.setForeground(dark ? QColor(0xff, 0xb7, 0x4d) : QColor(0xb3, 0x4b, 0x00));
}

MarkupHighlighter::~MarkupHighlighter() = default;

void MarkupHighlighter::highlightBlock(const QString& text)
{
    static const QRegularExpression tagName(QStringLiteral("</?[A-Za-z!?][\\w:.-]*|/?>|\\?>"));
    static const QRegularExpression attribute(QStringLiteral("\\s([\\w:.-]+)(?=\\s*=)"));
    static const QRegularExpression value(QStringLiteral("=\\s*(\"[^\"]*\"|'[^']*')"));
    static const QRegularExpression entity(QStringLiteral("&#?\\w+;"));

    for (auto it = tagName.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_tag);
    }
    for (auto it = attribute.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), m_attribute);
    }
    for (auto it = value.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), m_value);
    }
    for (auto it = entity.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_entity);
    }

    // Comments may span blocks: the block state says whether this block starts inside one.
    setCurrentBlockState(0);
    qsizetype start = previousBlockState() == InComment ? 0 : text.indexOf(QStringLiteral("<!--"));
    while (start >= 0) {
        const qsizetype end = text.indexOf(QStringLiteral("-->"), start);
        if (end < 0) {
            setCurrentBlockState(InComment);
            setFormat(int(start), int(text.size() - start), m_comment);
            break;
        }
        setFormat(int(start), int(end + 3 - start), m_comment);
        start = text.indexOf(QStringLiteral("<!--"), end + 3);
    }
}

} // namespace Authlens::Gui
