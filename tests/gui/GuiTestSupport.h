#pragma once

#include "profiles/Profile.h"

#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTest>
#include <QWidget>

namespace Authlens::Gui {
class Session;
}

// Helpers shared by the GUI tests of profiles, the keychain and the share dialogs.
namespace Authlens::Test {

/// Points this process's QSettings (user scope) at a folder of its own, deleted at exit. GUI tests run
/// in parallel: with one shared settings file, one test's clear() or saved window state would land in
/// another's "restart" check. Call in initTestCase(), before any QSettings is used.
void isolateSettings();

/// Saves `widget` as <build>/screenshots/<name>. False when it could not be written.
bool saveScreenshot(QWidget* widget, const QString& name);

/// The visible dialog of type T that `parent` owns, waiting up to 5 s for it to appear.
template <typename T> T* waitForDialog(QWidget* parent)
{
    T* found = nullptr;
    [[maybe_unused]] const bool appeared = QTest::qWaitFor(
        [&] {
            const QList<T*> all = parent->findChildren<T*>();
            for (T* candidate : all) {
                if (candidate->isVisible())
                    found = candidate;
            }
            return found != nullptr;
        },
        5000);
    return found;
}

/// Session::saveProfile, waited for. Returns the id, or empty with `error` set.
QString saveProfile(Gui::Session* session, const Profiles::Profile& profile, QString* error);

/// Files under `directory` (recursively) whose bytes contain `needle`.
QStringList filesContaining(const QString& directory, const QByteArray& needle);

/// `secret-tool lookup server SERVICE user KEY`: what QtKeychain stored, read around it.
QString secretToolLookup(const QString& service, const QString& key);

} // namespace Authlens::Test
