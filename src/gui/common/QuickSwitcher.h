#pragma once

#include <QDialog>
#include <QList>

#include <functional>

class QLineEdit;
class QListWidget;
class QLabel;

namespace Authlens::Gui {

/// Ctrl+K (as in Postman and Yaak): a filter line over every profile, saved request and command; typing narrows
/// the list, Up/Down move, Return goes there, Escape closes. Each entry carries what to do.
class QuickSwitcher final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuickSwitcher)
public:
    struct Entry
    {
        QString text; ///< what is matched and shown: "Demo · Bearer › Orders"
        QString kind; ///< "Request", "Profile", "Command"
        QString detail; ///< shown dimmed: a URL, a shortcut
        std::function<void()> activate;
    };

    explicit QuickSwitcher(QList<Entry> entries, QWidget* parent = nullptr);
    ~QuickSwitcher() override;

    /// Whether `query` matches `text`: every word of the query appears in the text, in any order, case
    /// ignored ("orders bearer" finds "Demo · Bearer › Orders").
    static bool matches(const QString& text, const QString& query);
    /// How well `text` matches: higher first in the list.
    static int score(const QString& text, const QString& query);

    QLineEdit* filterEdit() const { return m_filter; }
    /// The entries shown now, in order.
    QStringList shownTexts() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void applyFilter(const QString& query);
    void activateCurrent();

    QList<Entry> m_entries;
    QLineEdit* m_filter = nullptr;
    QListWidget* m_list = nullptr;
    QLabel* m_empty = nullptr;
};

} // namespace Authlens::Gui
