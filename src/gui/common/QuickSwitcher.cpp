#include "common/QuickSwitcher.h"

#include <QCoreApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Authlens::Gui {

namespace {
constexpr int EntryRole = Qt::UserRole + 1;
}

QuickSwitcher::QuickSwitcher(QList<Entry> entries, QWidget* parent)
    : QDialog(parent)
    , m_entries(std::move(entries))
{
    setObjectName(QStringLiteral("quickSwitcher"));
    setWindowTitle(tr("Go to"));
    setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(this);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("quickSwitcherFilter"));
    m_filter->setPlaceholderText(tr("Type a profile, request or command…"));
    m_filter->setClearButtonEnabled(true);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("quickSwitcherList"));
    m_list->setUniformItemSizes(true);
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_empty = new QLabel(tr("Nothing matches."), this);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->hide();
    layout->addWidget(m_filter);
    layout->addWidget(m_list);
    layout->addWidget(m_empty);
    resize(560, 380);

    m_filter->installEventFilter(this);
    connect(m_filter, &QLineEdit::textChanged, this, &QuickSwitcher::applyFilter);
    connect(m_filter, &QLineEdit::returnPressed, this, &QuickSwitcher::activateCurrent);
    connect(m_list, &QListWidget::itemActivated, this, &QuickSwitcher::activateCurrent);
    applyFilter({});
    m_filter->setFocus();
}

QuickSwitcher::~QuickSwitcher() = default;

bool QuickSwitcher::matches(const QString& text, const QString& query)
{
    const QStringList words = query.simplified().split(u' ', Qt::SkipEmptyParts);
    return std::all_of(words.cbegin(), words.cend(),
                       [&text](const QString& w) { return text.contains(w, Qt::CaseInsensitive); });
}

QStringList QuickSwitcher::shownTexts() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out.append(m_list->item(i)->data(Qt::UserRole + 2).toString());
    return out;
}

int QuickSwitcher::score(const QString& text, const QString& query)
{
    // Words found where a word of the text begins count most ("log in" prefers "Log in" to "Login page");
    // the whole query found as typed more still.
    const QString simplified = query.simplified();
    int points = text.contains(simplified, Qt::CaseInsensitive) ? 100 : 0;
    const QStringList words = simplified.split(u' ', Qt::SkipEmptyParts);
    for (const QString& word : words) {
        bool atStart = false;
        for (qsizetype at = text.indexOf(word, 0, Qt::CaseInsensitive); at >= 0 && !atStart;
             at = text.indexOf(word, at + 1, Qt::CaseInsensitive))
            atStart = at == 0 || !text.at(at - 1).isLetterOrNumber();
        points += atStart ? 10 : 1;
    }
    return points;
}

void QuickSwitcher::applyFilter(const QString& query)
{
    m_list->clear();
    QList<QPair<int, qsizetype>> ranked; // (score, entry), best first, then in the given order
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        const Entry& e = m_entries.at(i);
        if (matches(e.text + u' ' + e.kind, query))
            ranked.append({score(e.text, query), i});
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const QPair<int, qsizetype>& a, const QPair<int, qsizetype>& b) { return a.first > b.first; });
    for (const QPair<int, qsizetype>& r : std::as_const(ranked)) {
        const qsizetype i = r.second;
        const Entry& e = m_entries.at(i);
        QString line = QStringLiteral("%1  —  %2").arg(e.text, e.kind);
        if (!e.detail.isEmpty())
            line += QStringLiteral("  ·  ") + e.detail;
        auto* item = new QListWidgetItem(line, m_list);
        item->setData(EntryRole, int(i));
        item->setData(Qt::UserRole + 2, e.text);
        item->setToolTip(e.detail.isEmpty() ? e.text : e.text + u'\n' + e.detail);
    }
    m_list->setCurrentRow(m_list->count() > 0 ? 0 : -1);
    m_empty->setVisible(m_list->count() == 0);
}

void QuickSwitcher::activateCurrent()
{
    const QListWidgetItem* item = m_list->currentItem();
    if (!item)
        return;
    const Entry entry = m_entries.value(item->data(EntryRole).toInt());
    accept(); // closes first: the action may open a dialog of its own
    if (entry.activate)
        entry.activate();
}

bool QuickSwitcher::eventFilter(QObject* watched, QEvent* event)
{
    // Up and Down move through the list while the focus stays in the filter line.
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Up || key->key() == Qt::Key_PageDown
            || key->key() == Qt::Key_PageUp) {
            QCoreApplication::sendEvent(m_list, event);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace Authlens::Gui
