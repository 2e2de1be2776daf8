#include "inspector/TokenRawView.h"

#include "common/DisplayFormat.h"
#include "common/SecretMask.h"
#include "common/StatusPalette.h"
#include "inspector/SeverityStyle.h"

#include <QTextCursor>

namespace Authlens::Gui {

namespace {

const QColor separatorColor(0x75, 0x75, 0x75);
const QColor malformedColor(0xd5, 0x00, 0x00);

} // namespace

TokenRawView::TokenRawView(QWidget* parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setFont(monospaceFont());
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAnywhere);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
}

TokenRawView::~TokenRawView() = default;

QColor TokenRawView::partColor(int index, Jwt::TokenFormat format)
{
    // jwt.io's convention (header red, payload purple, signature blue), darkened to read on white, or
    // lightened to read on a dark theme.
    static const QColor jws[] = {{0xc2, 0x18, 0x5b}, {0x6a, 0x1b, 0x9a}, {0x02, 0x77, 0xbd}};
    static const QColor jwe[]
        = {{0xc2, 0x18, 0x5b}, {0x6a, 0x1b, 0x9a}, {0x2e, 0x7d, 0x32}, {0x02, 0x77, 0xbd}, {0xb2, 0x5e, 0x00}};
    static const QColor jwsDark[] = {{0xf4, 0x8f, 0xb1}, {0xce, 0x93, 0xd8}, {0x81, 0xd4, 0xfa}};
    static const QColor jweDark[]
        = {{0xf4, 0x8f, 0xb1}, {0xce, 0x93, 0xd8}, {0xa5, 0xd6, 0xa7}, {0x81, 0xd4, 0xfa}, {0xff, 0xb7, 0x4d}};
    const bool dark = StatusPalette::isDark();
    const int last = format == Jwt::TokenFormat::Jwe ? 4 : 2;
    const int i = index < 0 ? 0 : std::min(index, last);
    if (format == Jwt::TokenFormat::Jwe)
        return dark ? jweDark[i] : jwe[i];
    return dark ? jwsDark[i] : jws[i];
}

void TokenRawView::setReport(const Jwt::TokenReport& report)
{
    m_report = report;
    m_hasReport = true;
    m_markOffset = -1;
    render();
}

void TokenRawView::clearReport()
{
    m_report = {};
    m_hasReport = false;
    m_markOffset = -1;
    render();
}

void TokenRawView::setRevealSecrets(bool reveal)
{
    if (m_reveal == reveal)
        return;
    m_reveal = reveal;
    const qsizetype offset = m_markOffset;
    render();
    if (offset >= 0)
        markRange(offset, m_markLength, m_markColor);
}

qsizetype TokenRawView::maskStart() const
{
    const qsizetype size = m_report.token.size();
    if (m_reveal || size == 0)
        return size;
    if (m_report.format == Jwt::TokenFormat::Opaque)
        return m_report.label ? std::min<qsizetype>(m_report.label->prefix.size(), size) : 0;
    if (m_report.parts.isEmpty())
        return 0;
    const Jwt::TokenPart& last = m_report.parts.last();
    return last.length > 0 ? std::min(last.offset, size) : size;
}

int TokenRawView::toDocument(qsizetype tokenOffset, bool end) const
{
    const qsizetype mask = maskStart();
    const qsizetype size = m_report.token.size();
    if (mask >= size || tokenOffset < mask)
        return int(std::clamp<qsizetype>(tokenOffset, 0, size));
    // Inside the mask block: its start, or its end for the end of a range.
    return int(end ? document()->characterCount() - 1 : mask);
}

void TokenRawView::render()
{
    setExtraSelections({});
    clear();
    if (!m_hasReport)
        return;
    const QString& token = m_report.token;
    const qsizetype mask = maskStart();
    QTextCursor cursor(document());
    // Each character gets its part's colour; the dots between parts are grey.
    QList<int> partOf(token.size(), -1);
    for (qsizetype p = 0; p < m_report.parts.size(); ++p) {
        const Jwt::TokenPart& part = m_report.parts.at(p);
        for (qsizetype i = part.offset; i < part.offset + part.length && i < token.size(); ++i)
            partOf[i] = int(p);
    }
    const bool coloured = m_report.format != Jwt::TokenFormat::Opaque;
    qsizetype i = 0;
    while (i < mask) {
        qsizetype j = i;
        while (j < mask && partOf[j] == partOf[i])
            ++j;
        QTextCharFormat format;
        if (coloured)
            format.setForeground(partOf[i] < 0 ? separatorColor : partColor(partOf[i], m_report.format));
        if (coloured && partOf[i] >= 0)
            format.setFontWeight(QFont::DemiBold);
        cursor.insertText(token.mid(i, j - i), format);
        i = j;
    }
    if (mask < token.size()) {
        QTextCharFormat format;
        const int lastPart = int(m_report.parts.size()) - 1;
        format.setForeground(coloured && lastPart >= 0 ? partColor(lastPart, m_report.format) : separatorColor);
        format.setFontItalic(true);
        const QString what = m_report.format == Jwt::TokenFormat::Opaque ? tr("token") : tr("signature");
        cursor.insertText(tr("%1 hidden: %2").arg(what, maskSecret(token.mid(mask))), format);
    }
    // Malformed positions: a red wavy underline where the decoder stopped.
    for (const Jwt::Problem& problem : m_report.problems) {
        if (problem.code != QLatin1String("token.malformed") || problem.offset < 0 || problem.offset >= token.size())
            continue;
        QTextCursor mark(document());
        mark.setPosition(toDocument(problem.offset, false));
        mark.setPosition(std::min(toDocument(problem.offset + 1, true), document()->characterCount() - 1),
                         QTextCursor::KeepAnchor);
        QTextCharFormat format;
        format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        format.setUnderlineColor(malformedColor);
        format.setBackground(levelBackground(Level::Error));
        mark.mergeCharFormat(format);
    }
    moveCursor(QTextCursor::Start);
}

void TokenRawView::markRange(qsizetype offset, qsizetype length, const QColor& background)
{
    if (!m_hasReport || offset < 0 || offset > m_report.token.size()) {
        unmark();
        return;
    }
    m_markOffset = offset;
    m_markLength = length;
    m_markColor = background;
    int from = toDocument(offset, false);
    int to = toDocument(offset + std::max<qsizetype>(length, 1), true);
    if (to <= from)
        to = from + 1;
    to = std::min(to, document()->characterCount() - 1);
    from = std::min(from, std::max(to - 1, 0));
    QTextEdit::ExtraSelection selection;
    selection.cursor = QTextCursor(document());
    selection.cursor.setPosition(from);
    selection.cursor.setPosition(to, QTextCursor::KeepAnchor);
    selection.format.setBackground(background);
    setExtraSelections({selection});
    QTextCursor caret(document());
    caret.setPosition(from);
    setTextCursor(caret);
    ensureCursorVisible();
}

bool TokenRawView::markPart(const QString& name)
{
    for (const Jwt::TokenPart& part : std::as_const(m_report.parts)) {
        if (part.name == name) {
            // Yellow on a light theme; a dark amber tint on a dark one (the light part colours stay readable).
            markRange(part.offset, part.length,
                      StatusPalette::isDark(palette())
                          ? StatusPalette::background(StatusPalette::Tone::Caution, palette())
                          : QColor(0xff, 0xf5, 0x9d));
            return true;
        }
    }
    unmark();
    return false;
}

void TokenRawView::unmark()
{
    m_markOffset = -1;
    setExtraSelections({});
}

QString TokenRawView::markedText() const
{
    const QList<QTextEdit::ExtraSelection> selections = extraSelections();
    return selections.isEmpty() ? QString() : selections.first().cursor.selectedText();
}

} // namespace Authlens::Gui
