// SecretStore against the real Secret Service (gnome-keyring in the private D-Bus session that
// setup.sh starts), the memory store, and the error paths through a failing fake.
#include "FailingSecretStore.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileSecrets.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>
#include <qt6keychain/keychain.h>

using namespace Authlens;
using namespace Authlens::Profiles;

namespace {

/// Runs one asynchronous SecretStore call to its answer.
template <typename Call> SecretResult await(Call call)
{
    SecretResult result;
    bool done = false;
    QObject context;
    call(&context, [&](const SecretResult& r) {
        result = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        return {SecretError::Timeout, QStringLiteral("test timed out"), {}};
    return result;
}

ProfileSecrets::Outcome awaitBatch(const std::function<void(QObject*, ProfileSecrets::Done)>& call)
{
    ProfileSecrets::Outcome outcome;
    bool done = false;
    QObject context;
    call(&context, [&](const ProfileSecrets::Outcome& o) {
        outcome = o;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 30000))
        outcome.errors.append({SecretError::Timeout, QStringLiteral("test timed out"), {}});
    return outcome;
}

QString secretToolLookup(const QString& service, const QString& key)
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"),
            {QStringLiteral("lookup"), QStringLiteral("server"), service, QStringLiteral("user"), key});
    p.waitForFinished(10000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void keychainRoundTrip();
    void keychainProbe();
    void keychainProfileSecrets();
    void memoryStore();
    void errorMapping_data();
    void errorMapping();
    void failingStoreReportsEveryField();
    void timeoutWhenNoAnswer();

private:
    QString m_service;
};

void TestSecretStore::initTestCase()
{
    // A service of our own so the test never touches a real user's Authlens entries.
    m_service = QStringLiteral("org.authlens.Authlens.test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    KeychainSecretStore store(nullptr, m_service);
    const SecretResult probe = await([&](QObject* c, SecretCallback done) { store.probe(c, done); });
    QVERIFY2(probe.ok(),
             qPrintable(QStringLiteral("The real keychain must work here (run the tests through "
                                       "`bash setup.sh test`, which starts gnome-keyring): %1")
                            .arg(probe.message)));
}

void TestSecretStore::keychainRoundTrip()
{
    KeychainSecretStore store(nullptr, m_service);
    const QString key = QStringLiteral("profile-1/password");
    const QString value = QStringLiteral("pä$$wörd \u2603 with spaces");
    QVERIFY(await([&](QObject* c, SecretCallback d) { store.write(key, value, c, d); }).ok());
    // It really is in the Secret Service, under the documented schema (TOOLCHAIN.md).
    QCOMPARE(secretToolLookup(m_service, key), value);
    const SecretResult read = await([&](QObject* c, SecretCallback d) { store.read(key, c, d); });
    QVERIFY2(read.ok(), qPrintable(read.message));
    QCOMPARE(read.value, value);
    QVERIFY(await([&](QObject* c, SecretCallback d) { store.remove(key, c, d); }).ok());
    const SecretResult gone = await([&](QObject* c, SecretCallback d) { store.read(key, c, d); });
    QCOMPARE(gone.error, SecretError::NotFound);
    QVERIFY(secretToolLookup(m_service, key).isEmpty());
    // Deleting a missing entry is fine.
    QVERIFY(await([&](QObject* c, SecretCallback d) { store.remove(key, c, d); }).ok());
}

void TestSecretStore::keychainProbe()
{
    KeychainSecretStore store(nullptr, m_service);
    QVERIFY(await([&](QObject* c, SecretCallback d) { store.probe(c, d); }).ok());
    QVERIFY(store.isPersistent());
    QVERIFY(!store.backendName().isEmpty());
}

void TestSecretStore::keychainProfileSecrets()
{
    KeychainSecretStore store(nullptr, m_service);
    Auth::AuthSecrets secrets;
    secrets.password = QStringLiteral("p1");
    secrets.refreshToken = QStringLiteral("r1");
    auto saved = awaitBatch(
        [&](QObject* c, ProfileSecrets::Done d) { ProfileSecrets::save(store, QStringLiteral("pid"), secrets, c, d); });
    QVERIFY(saved.ok());
    auto loaded = awaitBatch(
        [&](QObject* c, ProfileSecrets::Done d) { ProfileSecrets::load(store, QStringLiteral("pid"), c, d); });
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.secrets, secrets);
    QCOMPARE(secretToolLookup(m_service, QStringLiteral("pid/refresh_token")), QStringLiteral("r1"));
    // A cleared field is deleted, not left behind.
    secrets.password.clear();
    QVERIFY(awaitBatch([&](QObject* c, ProfileSecrets::Done d) {
                ProfileSecrets::save(store, QStringLiteral("pid"), secrets, c, d);
            }).ok());
    QVERIFY(secretToolLookup(m_service, QStringLiteral("pid/password")).isEmpty());
    QVERIFY(awaitBatch([&](QObject* c, ProfileSecrets::Done d) {
                ProfileSecrets::removeAll(store, QStringLiteral("pid"), c, d);
            }).ok());
    QVERIFY(secretToolLookup(m_service, QStringLiteral("pid/refresh_token")).isEmpty());
}

void TestSecretStore::memoryStore()
{
    MemorySecretStore store;
    QVERIFY(!store.isPersistent());
    bool called = false;
    QObject ctx;
    store.write(QStringLiteral("a/token"), QStringLiteral("t"), &ctx, [&](const SecretResult&) { called = true; });
    QVERIFY(!called); // always asynchronous, like a keychain
    QTRY_VERIFY(called);
    const SecretResult r = await([&](QObject* c, SecretCallback d) { store.read(QStringLiteral("a/token"), c, d); });
    QCOMPARE(r.value, QStringLiteral("t"));
    QVERIFY(await([&](QObject* c, SecretCallback d) { store.remove(QStringLiteral("a/token"), c, d); }).ok());
    QCOMPARE(await([&](QObject* c, SecretCallback d) { store.read(QStringLiteral("a/token"), c, d); }).error,
             SecretError::NotFound);
    // A callback whose context is gone is dropped, not called on a dead object.
    auto* dying = new QObject;
    bool late = false;
    store.read(QStringLiteral("x"), dying, [&](const SecretResult&) { late = true; });
    delete dying;
    // The memory store answers in the order it was asked: once a later read is answered, the dropped one
    // had its turn.
    QCOMPARE(await([&](QObject* c, SecretCallback d) { store.read(QStringLiteral("y"), c, d); }).error,
             SecretError::NotFound);
    QVERIFY(!late);
}

void TestSecretStore::errorMapping_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("text");
    QTest::addColumn<SecretError>("expected");
    QTest::addColumn<QString>("advice");
    // The strings QtKeychain 0.13 returns in each broken state (TOOLCHAIN.md).
    QTest::newRow("no bus") << int(QKeychain::OtherError) << "Cannot autolaunch D-Bus without X11 $DISPLAY"
                            << SecretError::Unavailable << "GNOME Keyring";
    QTest::newRow("bus unreachable") << int(QKeychain::OtherError) << "Could not connect: No such file or directory"
                                     << SecretError::Unavailable << "GNOME Keyring";
    QTest::newRow("no service") << int(QKeychain::OtherError)
                                << "The name org.freedesktop.secrets was not provided by any .service files"
                                << SecretError::Unavailable << "this session only";
    QTest::newRow("locked collection") << int(QKeychain::OtherError)
                                       << "Object does not exist at path /org/freedesktop/secrets/collection/login"
                                       << SecretError::Unavailable << "unlock";
    // A locked keyring (screen lock, `secret-tool lock`): what a write gets (TestKeychainBroken locks a real one).
    QTest::newRow("locked keyring") << int(QKeychain::AccessDenied) << "Cannot create an item in a locked collection"
                                    << SecretError::Denied << "The keyring is locked";
    QTest::newRow("wrong password") << int(QKeychain::AccessDenied) << "" << SecretError::Denied << "Unlock";
    QTest::newRow("user said no") << int(QKeychain::AccessDeniedByUser) << "" << SecretError::Denied << "Unlock";
    QTest::newRow("no backend") << int(QKeychain::NoBackendAvailable) << "" << SecretError::Unavailable << "KWallet";
    QTest::newRow("not found") << int(QKeychain::EntryNotFound) << "" << SecretError::NotFound << "No secret";
    QTest::newRow("other") << int(QKeychain::OtherError) << "weird" << SecretError::Failed << "weird";
    QTest::newRow("ok") << int(QKeychain::NoError) << "" << SecretError::None << "";
}

void TestSecretStore::errorMapping()
{
    QFETCH(int, code);
    QFETCH(QString, text);
    QFETCH(SecretError, expected);
    QFETCH(QString, advice);
    const SecretResult r = KeychainSecretStore::mapError(code, text);
    QCOMPARE(r.error, expected);
    QVERIFY2(r.message.contains(advice), qPrintable(r.message));
}

void TestSecretStore::failingStoreReportsEveryField()
{
    Test::FailingSecretStore store(SecretError::Denied);
    Auth::AuthSecrets secrets;
    secrets.password = QStringLiteral("x");
    const auto saved = awaitBatch(
        [&](QObject* c, ProfileSecrets::Done d) { ProfileSecrets::save(store, QStringLiteral("p"), secrets, c, d); });
    QCOMPARE(saved.errors.size(), Auth::allSecretFields().size());
    QCOMPARE(saved.errors.constFirst().error, SecretError::Denied);
    const auto loaded = awaitBatch(
        [&](QObject* c, ProfileSecrets::Done d) { ProfileSecrets::load(store, QStringLiteral("p"), c, d); });
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.secrets, Auth::AuthSecrets {});
}

void TestSecretStore::timeoutWhenNoAnswer()
{
    // A keychain that never answers (an unlock prompt nobody sees) must not hang the caller.
    KeychainSecretStore store(nullptr, m_service);
    store.setTimeout(0); // fires before any D-Bus round trip can complete
    const SecretResult r = await([&](QObject* c, SecretCallback d) { store.read(QStringLiteral("t/x"), c, d); });
    QCOMPARE(r.error, SecretError::Timeout);
    QVERIFY(r.message.contains(u"did not answer"));
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "TestSecretStore.moc"
