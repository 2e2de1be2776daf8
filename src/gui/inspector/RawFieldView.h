#pragma once

#include <QByteArray>
#include <QColor>
#include <QList>
#include <QPlainTextEdit>
#include <QString>

#include <vector>

namespace Authlens::Gui {

/// One header field for the raw view: its name and its value bytes as received or sent.
struct RawField
{
    QByteArray name;
    QByteArray value;
    /// Bytes from here on are a secret and shown as one mask block until revealed (-1: nothing secret).
    int maskFrom = -1;
};

/// A read-only, monospace view of header fields, one "Name: value" line each, that highlights byte
/// ranges of a field value — what Wireshark's hex view does with markField(). Byte offsets are mapped
/// to characters exactly (UTF-8 or ISO-8859-1 values; control characters appear as visible symbols),
/// so a parser's ByteRange or a diagnostic's offset lands on the right characters.
class RawFieldView final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RawFieldView)
public:
    /// What is marked: the field (line), the byte offset and the byte length; line -1 when nothing is.
    struct Mark
    {
        int line = -1;
        int offset = -1;
        int length = 0;
    };

    explicit RawFieldView(QWidget* parent = nullptr);
    ~RawFieldView() override;

    void setFields(const QList<RawField>& fields);
    void clearFields();
    int fieldCount() const { return int(m_lines.size()); }
    /// Shows masked bytes in clear (true) or as a mask block (false, the default).
    void setRevealSecrets(bool reveal);

    /// Highlights `length` bytes at `offset` of field `line` and scrolls to them.
    void markField(int line, int offset, int length);
    /// Points at one byte (a diagnostic's position) with `color`; at the end of the value the last
    /// character is marked.
    void markOffset(int line, int offset, const QColor& color);
    void unmarkField();

    Mark mark() const { return m_mark; }
    /// The characters currently highlighted, as shown (for tests and "copy").
    QString markedText() const;

private:
    struct Line
    {
        RawField field;
        int start = 0; ///< position of the value's first character in the document
        std::vector<int> byteToChar; ///< size value.size() + 1: character index of each byte (and of the end)
    };

    void render();
    void highlight(int line, int offset, int length, const QColor& background, bool underline);
    static std::vector<int> display(const RawField& field, bool reveal, QString* text);

    std::vector<Line> m_lines;
    bool m_reveal = false;
    Mark m_mark;
    QColor m_markColor;
    bool m_markUnderline = false;
};

} // namespace Authlens::Gui
