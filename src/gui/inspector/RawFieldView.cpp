#include "inspector/RawFieldView.h"

#include "util/Chars.h"

#include "common/DisplayFormat.h"
#include "common/SecretMask.h"

#include <QStringDecoder>
#include <QTextBlock>
#include <QTextCursor>

namespace Authlens::Gui {

namespace {

const QColor fieldMarkColor(0xbb, 0xde, 0xfb); // light blue, as a selected tree row

int utf8SequenceLength(unsigned char lead)
{
    if (lead >= 0xf0)
        return 4;
    if (lead >= 0xe0)
        return 3;
    return 2;
}

} // namespace

RawFieldView::RawFieldView(QWidget* parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setFont(monospaceFont());
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // lines wrap
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
}

RawFieldView::~RawFieldView() = default;

void RawFieldView::setFields(const QList<RawField>& fields)
{
    m_lines.clear();
    m_lines.reserve(size_t(fields.size()));
    for (const RawField& field : fields)
        m_lines.push_back(Line {field, 0, {}});
    m_mark = Mark();
    render();
}

void RawFieldView::clearFields()
{
    setFields({});
}

void RawFieldView::setRevealSecrets(bool reveal)
{
    if (m_reveal == reveal)
        return;
    m_reveal = reveal;
    const Mark mark = m_mark;
    render();
    if (mark.line >= 0)
        highlight(mark.line, mark.offset, mark.length, m_markColor, m_markUnderline);
}

std::vector<int> RawFieldView::display(const RawField& field, bool reveal, QString* text)
{
    const QByteArray& value = field.value;
    const qsizetype size = value.size();
    std::vector<int> map(size_t(size) + 1, 0);
    const qsizetype maskFrom = !reveal && field.maskFrom >= 0 && field.maskFrom < size ? field.maskFrom : size;
    const bool utf8 = Util::isValidUtf8(value);
    text->reserve(int(maskFrom) + 32);
    qsizetype i = 0;
    while (i < maskFrom) {
        const auto c = static_cast<unsigned char>(value.at(i));
        map[size_t(i)] = int(text->size());
        if (c < 0x20 || c == 0x7f) {
            // CR, LF, NUL… as their Unicode "control pictures": visible, and one character per byte.
            text->append(QChar(c == 0x7f ? char16_t(0x2421) : char16_t(0x2400 + c)));
            ++i;
        } else if (c < 0x80 || !utf8) {
            text->append(QChar(char16_t(c))); // ISO-8859-1 maps each byte to the code point of the same value
            ++i;
        } else {
            const qsizetype length = std::min<qsizetype>(utf8SequenceLength(c), maskFrom - i);
            for (qsizetype k = 1; k < length; ++k)
                map[size_t(i + k)] = int(text->size());
            text->append(QString::fromUtf8(value.constData() + i, length));
            i += length;
        }
    }
    if (maskFrom < size) {
        const int maskStart = int(text->size());
        text->append(maskSecret(headerText(value.sliced(maskFrom))));
        for (qsizetype k = maskFrom; k < size; ++k)
            map[size_t(k)] = maskStart;
    }
    map[size_t(size)] = int(text->size());
    return map;
}

void RawFieldView::render()
{
    setExtraSelections({});
    clear();
    QTextCursor cursor(document());
    QTextCharFormat nameFormat;
    nameFormat.setFontWeight(QFont::Bold);
    nameFormat.setForeground(palette().color(QPalette::PlaceholderText));
    const QTextCharFormat valueFormat;
    for (size_t index = 0; index < m_lines.size(); ++index) {
        Line& line = m_lines[index];
        if (index > 0)
            cursor.insertBlock();
        cursor.insertText(QString::fromLatin1(line.field.name) + QStringLiteral(": "), nameFormat);
        QString text;
        line.byteToChar = display(line.field, m_reveal, &text);
        line.start = cursor.position();
        cursor.insertText(text, valueFormat);
    }
    moveCursor(QTextCursor::Start);
}

void RawFieldView::markField(int line, int offset, int length)
{
    highlight(line, offset, length, fieldMarkColor, false);
}

void RawFieldView::markOffset(int line, int offset, const QColor& color)
{
    highlight(line, offset, 1, color, true);
}

void RawFieldView::unmarkField()
{
    m_mark = Mark();
    setExtraSelections({});
}

void RawFieldView::highlight(int line, int offset, int length, const QColor& background, bool underline)
{
    if (line < 0 || size_t(line) >= m_lines.size() || offset < 0) {
        unmarkField();
        return;
    }
    const Line& l = m_lines[size_t(line)];
    const int size = int(l.field.value.size());
    const int begin = std::min(offset, size);
    const int end = std::clamp(offset + std::max(length, 0), begin, size);
    m_mark = Mark {line, begin, end - begin};
    m_markColor = background;
    m_markUnderline = underline;

    int from = l.byteToChar[size_t(begin)];
    int to = l.byteToChar[size_t(end)];
    const bool masked = !m_reveal && l.field.maskFrom >= 0 && l.field.maskFrom < size;
    if (masked && end > l.field.maskFrom)
        to = l.byteToChar[size_t(size)]; // a range reaching into the secret marks the whole mask block
    const int lineChars = l.byteToChar[size_t(size)];
    if (to <= from) {
        // An empty range, or a position at the end of the value: mark one character so it can be seen.
        if (from >= lineChars && lineChars > 0)
            from = lineChars - 1;
        to = std::min(from + 1, std::max(lineChars, 1));
    }

    QTextEdit::ExtraSelection selection;
    selection.cursor = QTextCursor(document());
    selection.cursor.setPosition(l.start + from);
    selection.cursor.setPosition(std::min(l.start + to, document()->characterCount() - 1), QTextCursor::KeepAnchor);
    selection.format.setBackground(background);
    selection.format.setForeground(QColor(Qt::black));
    if (underline) {
        selection.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        selection.format.setUnderlineColor(background.darker(250));
    }
    setExtraSelections({selection});

    QTextCursor caret(document());
    caret.setPosition(l.start + from);
    setTextCursor(caret);
    ensureCursorVisible();
}

QString RawFieldView::markedText() const
{
    const QList<QTextEdit::ExtraSelection> selections = extraSelections();
    return selections.isEmpty() ? QString() : selections.first().cursor.selectedText();
}

} // namespace Authlens::Gui
