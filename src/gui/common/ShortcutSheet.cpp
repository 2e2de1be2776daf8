#include "common/ShortcutSheet.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Authlens::Gui {

namespace {

QString plain(QString text)
{
    text.remove(u'&');
    if (text.endsWith(u'…'))
        text.chop(1);
    return text;
}

} // namespace

ShortcutSheet::ShortcutSheet(const QMenuBar* menuBar, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("shortcutSheet"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(this);
    auto* tree = new QTreeWidget(this);
    tree->setObjectName(QStringLiteral("shortcutTree"));
    tree->setColumnCount(2);
    tree->setHeaderLabels({tr("Command"), tr("Keys")});
    tree->setRootIsDecorated(false);
    tree->setSelectionMode(QAbstractItemView::NoSelection);
    QFont bold = tree->font();
    bold.setBold(true);
    const auto addGroup = [&](const QString& title) {
        auto* group = new QTreeWidgetItem(tree, {title});
        group->setFont(0, bold);
        group->setFirstColumnSpanned(true);
        return group;
    };
    for (QAction* menuAction : menuBar->actions()) {
        const QMenu* menu = menuAction->menu();
        if (!menu)
            continue;
        QTreeWidgetItem* group = nullptr;
        for (QAction* action : menu->actions()) {
            if (action->isSeparator() || action->shortcut().isEmpty())
                continue;
            if (!group)
                group = addGroup(plain(menuAction->text()));
            new QTreeWidgetItem(group, {plain(action->text()), action->shortcut().toString(QKeySequence::NativeText)});
        }
    }
    QTreeWidgetItem* tables = addGroup(tr("Params and Headers tables"));
    new QTreeWidgetItem(tables, {tr("Next cell: name → value → next row's name"), tr("Tab")});
    new QTreeWidgetItem(tables, {tr("Previous cell"), tr("Shift+Tab")});
    new QTreeWidgetItem(tables, {tr("Remove the row"), tr("Delete")});
    QTreeWidgetItem* go = addGroup(tr("Go to (Ctrl+K)"));
    new QTreeWidgetItem(go, {tr("Move through the matches"), tr("Up, Down")});
    new QTreeWidgetItem(go, {tr("Go to the match"), tr("Return")});
    tree->expandAll();
    tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    tree->header()->setStretchLastSection(false);
    layout->addWidget(tree);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(520, 560);
}

ShortcutSheet::~ShortcutSheet() = default;

} // namespace Authlens::Gui
