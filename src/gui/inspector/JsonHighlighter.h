#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace Authlens::Gui {

/// Colours JSON: keys, strings, numbers, true/false/null.
class JsonHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonHighlighter)
public:
    explicit JsonHighlighter(QObject* parent = nullptr);
    ~JsonHighlighter() override;

protected:
    void highlightBlock(const QString& text) override;

private:
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_keyword;
};

} // namespace Authlens::Gui
