#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

// What the tests that touch real secrets share: the real keychain (the private gnome-keyring the test script
// starts) and the rule that no secret ever reaches a file.
namespace Authlens::Test {

/// Probes the real keychain: empty when it works, else why not (for QVERIFY2).
QString keychainProblem();

/// Removes every keychain secret of these profiles; false when a removal did not finish in time.
bool removeKeychainSecrets(const QStringList& profileIds);

struct DiskScan
{
    int scanned = 0; ///< files read
    QStringList holding; ///< "path holds …" for each file that contains a secret
};
/// Reads every file changed since `since` where this process (or a CLI it ran) could have written one: the
/// temporary folder, Qt's data, config and cache locations, AUTHLENS_DATA_DIR, and HOME when it is a temporary
/// one (setup.sh gives each test run its own). `secrets` shorter than 16 characters are ignored (too likely to
/// occur by chance).
DiskScan scanForSecrets(const QStringList& secrets, const QDateTime& since);

} // namespace Authlens::Test
