#include "SecretsOnDisk.h"

#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileSecrets.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>

namespace Authlens::Test {

QString keychainProblem()
{
    Profiles::KeychainSecretStore keychain;
    bool done = false;
    Profiles::SecretResult probe;
    QObject context;
    keychain.probe(&context, [&](const Profiles::SecretResult& r) {
        probe = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        return QStringLiteral("the keychain did not answer in 20 s");
    return probe.ok() ? QString() : QStringLiteral("the real keychain must work here: %1").arg(probe.message);
}

bool removeKeychainSecrets(const QStringList& profileIds)
{
    Profiles::KeychainSecretStore keychain;
    bool all = true;
    for (const QString& id : profileIds) {
        bool done = false;
        QObject context;
        Profiles::ProfileSecrets::removeAll(keychain, id, &context,
                                            [&](const Profiles::ProfileSecrets::Outcome&) { done = true; });
        all = QTest::qWaitFor([&] { return done; }, 20000) && all;
    }
    return all;
}

DiskScan scanForSecrets(const QStringList& secrets, const QDateTime& since)
{
    QStringList roots {QDir::tempPath(),
                       QStandardPaths::writableLocation(QStandardPaths::AppDataLocation),
                       QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation),
                       QStandardPaths::writableLocation(QStandardPaths::CacheLocation),
                       QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation),
                       QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)};
    if (!qEnvironmentVariableIsEmpty("AUTHLENS_DATA_DIR"))
        roots.append(qEnvironmentVariable("AUTHLENS_DATA_DIR"));
    const QString home = QDir::homePath();
    if (home.startsWith(QDir::tempPath()) || home.startsWith(u"/tmp/"))
        roots.append(home);
    QList<QByteArray> needles;
    for (const QString& secret : secrets) {
        if (secret.size() >= 16)
            needles.append(secret.toUtf8());
    }
    DiskScan scan;
    QStringList seen;
    for (const QString& root : std::as_const(roots)) {
        if (root.isEmpty() || !QFileInfo(root).isDir())
            continue;
        QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (it.fileInfo().lastModified().toUTC() < since || seen.contains(path))
                continue;
            seen.append(path);
            QFile f(path);
            if (f.size() > 64 * 1024 * 1024 || !f.open(QIODevice::ReadOnly))
                continue;
            ++scan.scanned;
            const QByteArray content = f.readAll();
            for (const QByteArray& needle : std::as_const(needles)) {
                if (content.contains(needle))
                    scan.holding.append(
                        QStringLiteral("%1 holds a secret (%2…)").arg(path, QString::fromUtf8(needle.left(6))));
            }
        }
    }
    return scan;
}

} // namespace Authlens::Test
