#include "mainwindow/SwitcherEntries.h"

#include <QAction>
#include <QCoreApplication>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>

namespace Authlens::Gui {

namespace {
QString mainWindowTr(const char* text)
{
    return QCoreApplication::translate("Authlens::Gui::MainWindow", text);
}
} // namespace

QList<QuickSwitcher::Entry> switcherEntries(const QList<Profiles::Profile>& profiles, const QMenuBar* menuBar,
                                            const QAction* skip, const SwitcherTargets& targets)
{
    QList<QuickSwitcher::Entry> entries;
    for (const Profiles::Profile& profile : profiles) {
        const QString id = profile.id;
        for (qsizetype i = 0; i < profile.requests.size(); ++i) {
            const Profiles::SavedRequest& r = profile.requests.at(i);
            const int index = int(i);
            entries.append({mainWindowTr("%1 › %2").arg(profile.name, r.name.isEmpty() ? r.url : r.name),
                            mainWindowTr("Request"), QStringLiteral("%1 %2").arg(QString::fromLatin1(r.method), r.url),
                            [open = targets.openRequest, id, index] { open(id, index); }});
        }
        entries.append(
            {profile.name, mainWindowTr("Profile"), profile.baseUrl, [open = targets.openProfile, id] { open(id); }});
    }
    for (QAction* menuAction : menuBar->actions()) {
        const QMenu* menu = menuAction->menu();
        if (!menu)
            continue;
        for (QAction* action : menu->actions()) {
            if (action->isSeparator() || !action->isEnabled() || action == skip)
                continue;
            QString text = action->text().remove(u'&');
            if (text.endsWith(u'…'))
                text.chop(1);
            QPointer<QAction> target(action);
            entries.append(
                {text, mainWindowTr("Command"), action->shortcut().toString(QKeySequence::NativeText), [target] {
                     if (target)
                         target->trigger();
                 }});
        }
    }
    return entries;
}

} // namespace Authlens::Gui
