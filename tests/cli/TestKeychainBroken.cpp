// The keychain broken under a running Authlens, with the real gnome-keyring (issue 12): the login keyring
// locked, the Secret Service stopped in the middle of a session, no D-Bus at all. For each: a clear error
// that names the cause and says what to do (unlock, start the keyring, retry), no plaintext fallback
// anywhere, and nothing the user had lost (profiles listed, the profile file untouched, the secrets there
// again once the keyring is back).
//
// These cases lock and kill a keyring, so they never touch the one the test script started for the other
// tests (ctest runs them in parallel in that session): this test starts a D-Bus session of its own (a
// dbus-daemon with no service activation, so a stopped keyring stays stopped instead of being restarted
// locked by D-Bus) and a gnome-keyring-daemon in it, with its own HOME and XDG_RUNTIME_DIR (TOOLCHAIN.md).
#include "ProcessRun.h"
#include "SecretsOnDisk.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileJson.h"
#include "profiles/ShareFile.h"
#include "workspace/KeychainGate.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <csignal>
#include <optional>
#include <sys/types.h>

using namespace Authlens;
using Test::ProcessResult;

namespace {

const QString kSecretsName = QStringLiteral("org.freedesktop.secrets");
const QString kLoginCollection = QStringLiteral("/org/freedesktop/secrets/collection/login");
const QString kKeyringPassword = QStringLiteral("keyring-login-password");

/// A session bus that only knows the names its clients claim: no .service files, no activation.
// (Plain string literals: moc does not read raw strings with quotes in them.)
constexpr char kBusConfig[] = "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                              " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                              "<busconfig>\n"
                              "  <type>session</type>\n"
                              "  <listen>unix:dir=%1</listen>\n"
                              "  <auth>EXTERNAL</auth>\n"
                              "  <policy context=\"default\">\n"
                              "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                              "    <allow eavesdrop=\"true\"/>\n"
                              "    <allow own=\"*\"/>\n"
                              "  </policy>\n"
                              "</busconfig>\n";

/// One asynchronous SecretStore call, run to its answer; also how long it took.
template <typename Call> Profiles::SecretResult await(Call call, qint64* elapsedMs = nullptr)
{
    std::optional<Profiles::SecretResult> result;
    QObject context;
    QElapsedTimer timer;
    timer.start();
    call(&context, [&result](const Profiles::SecretResult& r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 30000))
        return {Profiles::SecretError::Timeout, QStringLiteral("the test gave up after 30 s"), {}};
    if (elapsedMs)
        *elapsedMs = timer.elapsed();
    return *result;
}

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

} // namespace

class TestKeychainBroken : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void lockedKeyring();
    void serviceStoppedMidSession();
    void noDbusAtAll();

private:
    bool startKeyring(bool replace);
    uint keyringPid() const;
    ProcessResult cli(const QStringList& args, const QList<QPair<QString, QString>>& environment = {});
    QByteArray sealedShareFile(const QString& name, const QString& password, QString* id);
    /// What every broken state must leave as it was, and must answer with `cause` (part of the message).
    void checkNothingLost(const QString& cause, const QList<QPair<QString, QString>>& environment = {});
    void checkSecretsBack();

    QTemporaryDir m_home;
    QTemporaryDir m_runtime;
    QTemporaryDir m_data;
    QTemporaryDir m_scratch;
    QProcess m_bus;
    QTcpServer m_api; ///< where the profile points: a request sent without credentials would land here
    QString m_profileId;
    QString m_profileName;
    QString m_canary;
    QString m_passFile;
    QByteArray m_profileFile;
    QDateTime m_started;
    Profiles::KeychainSecretStore* m_store = nullptr; ///< this process's keychain connection, made while it worked
};

bool TestKeychainBroken::startKeyring(bool replace)
{
    // As the test script does it: the password on stdin creates or unlocks the "login" keyring. The daemon
    // forks and claims its bus name a moment later.
    QProcess keyring;
    QStringList args {QStringLiteral("--unlock"), QStringLiteral("--components=secrets")};
    if (replace)
        args.prepend(QStringLiteral("--replace"));
    const uint before = keyringPid();
    keyring.start(QStringLiteral("gnome-keyring-daemon"), args);
    if (!keyring.waitForStarted(5000))
        return false;
    keyring.write(kKeyringPassword.toUtf8());
    keyring.closeWriteChannel();
    if (!keyring.waitForFinished(10000))
        return false;
    return QTest::qWaitFor([this, before] { return keyringPid() != 0 && keyringPid() != before; }, 10000);
}

uint TestKeychainBroken::keyringPid() const
{
    // org.freedesktop.DBus.GetConnectionUnixProcessID of the Secret Service's name.
    const auto reply = QDBusConnection::sessionBus().interface()->servicePid(kSecretsName);
    return reply.isValid() ? reply.value() : 0;
}

ProcessResult TestKeychainBroken::cli(const QStringList& args, const QList<QPair<QString, QString>>& environment)
{
    return Test::runProcess(QStringLiteral(AUTHLENS_CLI_PATH), args, {{}, environment, 60000});
}

QByteArray TestKeychainBroken::sealedShareFile(const QString& name, const QString& password, QString* id)
{
    Profiles::Profile p;
    p.id = Profiles::ProfileJson::newId();
    p.name = name;
    p.baseUrl = QStringLiteral("http://127.0.0.1:%1").arg(m_api.serverPort());
    p.auth.method = Auth::Method::Basic;
    p.auth.username = QStringLiteral("alice");
    p.sessionSecrets.password = password;
    Profiles::ShareFile::ExportOptions options;
    options.passphrase = QStringLiteral("share pass");
    options.kdf.n = 1 << 10;
    *id = p.id;
    return Profiles::ShareFile::exportProfiles({p}, options).content;
}

void TestKeychainBroken::initTestCase()
{
    m_started = QDateTime::currentDateTimeUtc().addSecs(-1);
    QVERIFY(m_home.isValid() && m_runtime.isValid() && m_data.isValid() && m_scratch.isValid());
    QVERIFY(QFile::setPermissions(m_runtime.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const QString config = m_runtime.filePath(QStringLiteral("bus.conf"));
    {
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QString::fromLatin1(kBusConfig).arg(m_runtime.path()).toUtf8());
    }
    m_bus.start(
        QStringLiteral("dbus-daemon"),
        {QStringLiteral("--config-file=") + config, QStringLiteral("--nofork"), QStringLiteral("--print-address=1")});
    QVERIFY2(m_bus.waitForStarted(5000), "dbus-daemon (package dbus) is needed");
    QTRY_VERIFY_WITH_TIMEOUT(m_bus.canReadLine(), 10000);
    const QByteArray address = m_bus.readLine().trimmed();
    QVERIFY(!address.isEmpty());
    // Before anything in this process opens the session bus: this process, its libsecret and every CLI it
    // runs use this bus, HOME and runtime folder.
    qputenv("DBUS_SESSION_BUS_ADDRESS", address);
    qputenv("HOME", m_home.path().toUtf8());
    qputenv("XDG_RUNTIME_DIR", m_runtime.path().toUtf8());
    qputenv("AUTHLENS_DATA_DIR", m_data.path().toUtf8());
    QVERIFY(QDBusConnection::sessionBus().isConnected());
    QVERIFY2(startKeyring(false), "gnome-keyring-daemon did not come up on the test's bus");
    QVERIFY(m_api.listen(QHostAddress::LocalHost, 0));

    // What the user had: a stored profile whose password is in the keychain (imported through the CLI).
    m_canary = QStringLiteral("CANARY-keychain-") + QUuid::createUuid().toString(QUuid::Id128);
    m_profileName = QStringLiteral("Broken keychain ") + QUuid::createUuid().toString(QUuid::Id128).left(8);
    const QString share = m_scratch.filePath(QStringLiteral("team.authlens.json"));
    {
        QFile f(share);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(sealedShareFile(m_profileName, m_canary, &m_profileId));
    }
    m_passFile = m_scratch.filePath(QStringLiteral("pass.txt"));
    {
        QFile f(m_passFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("share pass\n");
    }
    const ProcessResult imported = cli(
        {QStringLiteral("profiles"), QStringLiteral("import"), share, QStringLiteral("--passphrase-file"), m_passFile});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    m_profileFile = readBytes(m_data.filePath(QStringLiteral("profiles/%1.json").arg(m_profileId)));
    QVERIFY(m_profileFile.contains(m_profileName.toUtf8()));

    // This process's own connection, opened while the keychain works: "in the middle of a session".
    m_store = new Profiles::KeychainSecretStore(this);
    const auto read = await([this](QObject* c, Profiles::SecretCallback done) {
        m_store->read(m_profileId + QStringLiteral("/password"), c, std::move(done));
    });
    QVERIFY2(read.ok(), qPrintable(read.message));
    QCOMPARE(read.value, m_canary);
}

void TestKeychainBroken::cleanupTestCase()
{
    // The keyring daemon and the bus are this test's: stopped by their ids.
    if (const uint pid = keyringPid())
        ::kill(pid_t(pid), SIGTERM);
    m_bus.terminate();
    m_bus.waitForFinished(5000);
    const Test::DiskScan scan = Test::scanForSecrets({m_canary}, m_started);
    QVERIFY2(scan.holding.isEmpty(), qPrintable(scan.holding.join(u'\n')));
}

void TestKeychainBroken::checkNothingLost(const QString& cause, const QList<QPair<QString, QString>>& environment)
{
    // The profiles are still listed (listing needs no secret) …
    const ProcessResult list
        = cli({QStringLiteral("profiles"), QStringLiteral("list"), QStringLiteral("--json")}, environment);
    QCOMPARE(list.exitCode, 0);
    const QJsonArray profiles = list.json()[u"profiles"].toArray();
    QCOMPARE(profiles.size(), 1);
    QCOMPARE(profiles[0].toObject()[u"name"].toString(), m_profileName);

    // … showing one says why its secrets cannot be read, and what to do (exit 4: keychain failure) …
    const ProcessResult show = cli(
        {QStringLiteral("profiles"), QStringLiteral("show"), m_profileName, QStringLiteral("--json")}, environment);
    QCOMPARE(show.exitCode, 4);
    QVERIFY2(QString::fromUtf8(show.err).contains(cause), show.err.constData());
    QCOMPARE(show.json()[u"profile"].toObject()[u"name"].toString(), m_profileName);
    QVERIFY(show.json()[u"secrets"].toObject().isEmpty());
    QVERIFY(!show.json()[u"keychain_error"].toString().isEmpty());

    // … a request with the profile is not sent without its credentials …
    const ProcessResult send = cli({QStringLiteral("send"), QStringLiteral("--profile"), m_profileName,
                                    QStringLiteral("/resource"), QStringLiteral("--json")},
                                   environment);
    QCOMPARE(send.exitCode, 4);
    QVERIFY2(QString::fromUtf8(send.err).contains(cause), send.err.constData());
    QVERIFY(!m_api.hasPendingConnections());

    // … an import that brings secrets imports nothing (no file without its secrets) …
    QString otherId;
    const QString other = m_scratch.filePath(QStringLiteral("other.authlens.json"));
    {
        QFile f(other);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(sealedShareFile(QStringLiteral("Other"), m_canary + QStringLiteral("-2"), &otherId));
    }
    const ProcessResult imported = cli(
        {QStringLiteral("profiles"), QStringLiteral("import"), other, QStringLiteral("--passphrase-file"), m_passFile},
        environment);
    QCOMPARE(imported.exitCode, 4);
    QVERIFY2(QString::fromUtf8(imported.err).contains(u"Nothing was imported"), imported.err.constData());
    QVERIFY2(QString::fromUtf8(imported.err).contains(cause), imported.err.constData());

    // … the profile folder holds the same one file, byte for byte, and no secret reached a file.
    QCOMPARE(QDir(m_data.filePath(QStringLiteral("profiles"))).entryList(QDir::Files),
             QStringList {m_profileId + QStringLiteral(".json")});
    QCOMPARE(readBytes(m_data.filePath(QStringLiteral("profiles/%1.json").arg(m_profileId))), m_profileFile);
    const Test::DiskScan scan = Test::scanForSecrets({m_canary, m_canary + QStringLiteral("-2")}, m_started);
    QVERIFY2(scan.holding.isEmpty(), qPrintable(scan.holding.join(u'\n')));
    QVERIFY(scan.scanned > 0);
}

void TestKeychainBroken::checkSecretsBack()
{
    // The connection this process opened before the failure works again, and finds the secret …
    const auto read = await([this](QObject* c, Profiles::SecretCallback done) {
        m_store->read(m_profileId + QStringLiteral("/password"), c, std::move(done));
    });
    QVERIFY2(read.ok(), qPrintable(read.message));
    QCOMPARE(read.value, m_canary);
    // … and so does a new CLI run.
    const ProcessResult show
        = cli({QStringLiteral("profiles"), QStringLiteral("show"), m_profileName, QStringLiteral("--json")});
    QVERIFY2(show.exitCode == 0, show.err.constData());
    QCOMPARE(show.json()[u"secrets"].toObject()[u"password"].toString(), QStringLiteral("in keychain"));
}

void TestKeychainBroken::lockedKeyring()
{
    // Lock the login keyring the way a screen lock or `secret-tool lock` does: Secret Service Lock().
    QDBusMessage lock
        = QDBusMessage::createMethodCall(kSecretsName, QStringLiteral("/org/freedesktop/secrets"),
                                         QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("Lock"));
    lock << QVariant::fromValue(QList<QDBusObjectPath> {QDBusObjectPath(kLoginCollection)});
    const QDBusMessage locked = QDBusConnection::sessionBus().call(lock, QDBus::Block, 10000);
    QVERIFY2(locked.type() == QDBusMessage::ReplyMessage, qPrintable(locked.errorMessage()));
    const QDBusMessage isLocked = QDBusConnection::sessionBus().call(
        QDBusMessage::createMethodCall(kSecretsName, kLoginCollection,
                                       QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"))
            << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked"),
        QDBus::Block, 10000);
    QVERIFY(isLocked.arguments().value(0).value<QDBusVariant>().variant().toBool());

    // The store: a write is refused at once, as "locked", with what to do.
    qint64 elapsed = 0;
    const auto written = await(
        [this](QObject* c, Profiles::SecretCallback done) {
            m_store->write(QStringLiteral("probe/locked"), QStringLiteral("x"), c, std::move(done));
        },
        &elapsed);
    qInfo("locked keyring: write answered in %lld ms: %s", elapsed, qPrintable(written.message));
    QCOMPARE(written.error, Profiles::SecretError::Denied);
    QVERIFY2(written.message.contains(u"locked") && written.message.contains(u"Unlock"), qPrintable(written.message));
    // A read must not pass for "no secret stored": the profile has one.
    const auto read = await([this](QObject* c, Profiles::SecretCallback done) {
        m_store->read(m_profileId + QStringLiteral("/password"), c, std::move(done));
    });
    qInfo("locked keyring: read: %s", qPrintable(read.message));
    QVERIFY(!read.ok());
    QCOMPARE(read.error, Profiles::SecretError::Denied);

    // The gate (what the GUI and the CLI ask first) is unavailable, with the same cause.
    Workspace::KeychainGate gate({}, -1);
    gate.start();
    QTRY_COMPARE(gate.state(), Workspace::KeychainGate::State::Unavailable);
    QVERIFY2(gate.problem().contains(u"locked"), qPrintable(gate.problem()));
    QVERIFY(!gate.store());

    checkNothingLost(QStringLiteral("locked"));

    // The user unlocks (here: the daemon is started again with the login password, as at login).
    QVERIFY(startKeyring(true));
    checkSecretsBack();
}

void TestKeychainBroken::serviceStoppedMidSession()
{
    const uint pid = keyringPid();
    QVERIFY(pid != 0);
    QCOMPARE(::kill(pid_t(pid), SIGTERM), 0);
    QTRY_COMPARE_WITH_TIMEOUT(keyringPid(), 0u, 10000);

    // This process's connection was opened while the keyring ran: now it gets a prompt, clear error.
    qint64 elapsed = 0;
    const auto written = await(
        [this](QObject* c, Profiles::SecretCallback done) {
            m_store->write(QStringLiteral("probe/stopped"), QStringLiteral("x"), c, std::move(done));
        },
        &elapsed);
    qInfo("stopped keyring: write answered in %lld ms: %s", elapsed, qPrintable(written.message));
    QCOMPARE(written.error, Profiles::SecretError::Unavailable);
    QVERIFY2(written.message.contains(u"Start"), qPrintable(written.message));
    const auto read = await(
        [this](QObject* c, Profiles::SecretCallback done) {
            m_store->read(m_profileId + QStringLiteral("/password"), c, std::move(done));
        },
        &elapsed);
    qInfo("stopped keyring: read answered in %lld ms: %s", elapsed, qPrintable(read.message));
    QCOMPARE(read.error, Profiles::SecretError::Unavailable);

    checkNothingLost(QStringLiteral("No keychain service is reachable"));

    QVERIFY(startKeyring(false));
    checkSecretsBack();
}

void TestKeychainBroken::noDbusAtAll()
{
    // The CLI in a session without D-Bus (a container, ssh without a desktop): the address leads nowhere.
    const QList<QPair<QString, QString>> noBus {
        {QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
         QStringLiteral("unix:path=") + m_runtime.filePath(QStringLiteral("no-such-bus"))}};
    QElapsedTimer timer;
    timer.start();
    checkNothingLost(QStringLiteral("No keychain service is reachable"), noBus);
    qInfo("no D-Bus: list, show, send and import answered in %lld ms together", timer.elapsed());
    // And with the keyring reachable again, everything is where it was.
    checkSecretsBack();
}

QTEST_GUILESS_MAIN(TestKeychainBroken)
#include "TestKeychainBroken.moc"
