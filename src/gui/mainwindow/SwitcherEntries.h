#pragma once

#include "common/QuickSwitcher.h"
#include "profiles/Profile.h"

#include <functional>

class QAction;
class QMenuBar;

namespace Authlens::Gui {

/// What the quick switcher (Ctrl+K) does with a chosen profile or request.
struct SwitcherTargets
{
    std::function<void(const QString& profileId, int requestIndex)> openRequest;
    std::function<void(const QString& profileId)> openProfile;
};

/// Every saved request ("Profile › Request"), every profile and every enabled menu command (except `skip`, the
/// switcher's own), in that order: what Ctrl+K searches.
QList<QuickSwitcher::Entry> switcherEntries(const QList<Profiles::Profile>& profiles, const QMenuBar* menuBar,
                                            const QAction* skip, const SwitcherTargets& targets);

} // namespace Authlens::Gui
