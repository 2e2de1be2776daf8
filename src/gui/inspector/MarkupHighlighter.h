#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace Authlens::Gui {

/// Colours HTML and XML source: tags, attributes, attribute values, comments, entities.
class MarkupHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarkupHighlighter)
public:
    explicit MarkupHighlighter(QObject* parent = nullptr);
    ~MarkupHighlighter() override;

protected:
    void highlightBlock(const QString& text) override;

private:
    QTextCharFormat m_tag;
    QTextCharFormat m_attribute;
    QTextCharFormat m_value;
    QTextCharFormat m_comment;
    QTextCharFormat m_entity;
};

} // namespace Authlens::Gui
