// The keychain gate (Workspace::KeychainGate): its states with a working store, a failing one and one
// that comes up late — the state machine the GUI's banner and the CLI both rely on.
#include "FailingSecretStore.h"
#include "RecordingSecretStore.h"
#include "workspace/KeychainGate.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Authlens;
using Workspace::KeychainGate;
using State = Workspace::KeychainGate::State;

namespace {

struct Settled
{
    bool called = false;
    Profiles::SecretStore* store = nullptr;
    Workspace::Error error;
};

/// Asks the gate, and returns what it answered (waiting on the event loop; `called` false if it never did).
Settled settle(KeychainGate& gate)
{
    Settled result;
    QObject context;
    gate.whenSettled(&context, [&result](Profiles::SecretStore* store, const Workspace::Error& error) {
        result = {true, store, error};
    });
    if (!QTest::qWaitFor([&result] { return result.called; }, 5000))
        qWarning("the gate never answered");
    return result;
}

} // namespace

class TestKeychainGate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void idleUntilSomethingNeedsSecrets();
    void failingKeychainIsUnavailableAndRetriedOnce();
    void noAutomaticRetryWithNegativeDelay();
    void sessionOnlyFallsBackToMemory();
    void retryMovesSessionSecretsIntoTheKeychain();
    void failedRetryStaysSessionOnly();
    void contextGoneDropsTheCallback();
    void stateNames();
};

void TestKeychainGate::idleUntilSomethingNeedsSecrets()
{
    Profiles::MemorySecretStore memory;
    QPointer<Test::RecordingSecretStore> recording;
    KeychainGate gate([&](QObject* parent) { return recording = new Test::RecordingSecretStore(&memory, parent); });
    QCOMPARE(gate.state(), State::Idle);
    QVERIFY(!gate.isSettled());
    QVERIFY(!gate.store());
    QVERIFY(recording->calls().isEmpty()); // nobody asked: the keychain is not opened

    QSignalSpy changed(&gate, &KeychainGate::stateChanged);
    const Settled answer = settle(gate);
    QVERIFY(answer.called);
    QCOMPARE(answer.store, recording.data());
    QVERIFY(!answer.error.isError());
    QCOMPARE(gate.state(), State::Ready);
    QVERIFY(gate.problem().isEmpty());
    QVERIFY(changed.count() >= 2); // Checking, then Ready
    // The probe writes, reads back and deletes its entry: "not found" alone would prove nothing.
    QStringList ops;
    for (const auto& call : recording->calls())
        ops.append(call.op);
    QCOMPARE(ops, (QStringList {QStringLiteral("write"), QStringLiteral("read"), QStringLiteral("remove")}));
    QVERIFY(memory.keys().isEmpty());
    // Settled: asking again answers without another probe.
    QCOMPARE(settle(gate).store, recording.data());
    QCOMPARE(recording->calls().size(), 3);
}

void TestKeychainGate::failingKeychainIsUnavailableAndRetriedOnce()
{
    QPointer<Test::FailingSecretStore> failing;
    KeychainGate gate(
        [&](QObject* parent) {
            return failing = new Test::FailingSecretStore(Profiles::SecretError::Unavailable, parent);
        },
        50);
    const Settled answer = settle(gate);
    QVERIFY(!answer.store);
    QCOMPARE(answer.error.kind, Workspace::ErrorKind::Keychain);
    QCOMPARE(Workspace::exitCodeFor(answer.error), 4);
    QVERIFY2(answer.error.message.contains(QStringLiteral("fake failure: unavailable")),
             qPrintable(answer.error.message));
    QCOMPARE(gate.state(), State::Unavailable);
    QCOMPARE(gate.problem(), QStringLiteral("fake failure: unavailable"));
    QVERIFY(!gate.store());
    // The Secret Service may start late: one more probe by itself (the write fails first: one call each).
    QTRY_COMPARE(failing->calls(), 2);
    QTRY_COMPARE(gate.state(), State::Unavailable);
    QVERIFY(!gate.isAutomaticRetryPending()); // and only one
    QCOMPARE(failing->calls(), 2);

    // Retry is the user's: it probes again.
    gate.retry();
    QTRY_COMPARE(failing->calls(), 3);
    QTRY_COMPARE(gate.state(), State::Unavailable);
}

void TestKeychainGate::noAutomaticRetryWithNegativeDelay()
{
    QPointer<Test::FailingSecretStore> failing;
    KeychainGate gate(
        [&](QObject* parent) { return failing = new Test::FailingSecretStore(Profiles::SecretError::Denied, parent); },
        -1);
    gate.start();
    QTRY_COMPARE(gate.state(), State::Unavailable);
    QVERIFY(!gate.isAutomaticRetryPending());
    QCOMPARE(failing->calls(), 1);
}

void TestKeychainGate::sessionOnlyFallsBackToMemory()
{
    KeychainGate gate(
        [](QObject* parent) { return new Test::FailingSecretStore(Profiles::SecretError::Unavailable, parent); }, -1);
    // Memory may be chosen before any probe (the GUI offers it after a failure): the keychain stays closed.
    gate.useSessionOnly();
    QCOMPARE(gate.state(), State::SessionOnly);
    Profiles::SecretStore* memory = gate.store();
    QVERIFY(memory);
    QVERIFY(!memory->isPersistent());
    QVERIFY(qobject_cast<Profiles::MemorySecretStore*>(memory));
    const Settled answer = settle(gate);
    QCOMPARE(answer.store, memory);
    QVERIFY(!answer.error.isError());
}

namespace {

/// A keychain that fails until the test says it works (the Secret Service starting late).
class LateKeychain final : public Profiles::SecretStore
{
public:
    using SecretStore::SecretStore;
    void read(const QString& key, QObject* context, Profiles::SecretCallback done) override
    {
        if (failing)
            fail(context, done);
        else
            memory.read(key, context, std::move(done));
    }
    void write(const QString& key, const QString& value, QObject* context, Profiles::SecretCallback done) override
    {
        if (failing)
            fail(context, done);
        else
            memory.write(key, value, context, std::move(done));
    }
    void remove(const QString& key, QObject* context, Profiles::SecretCallback done) override
    {
        if (failing)
            fail(context, done);
        else
            memory.remove(key, context, std::move(done));
    }
    bool isPersistent() const override { return true; }
    QString backendName() const override { return QStringLiteral("late keychain"); }

    bool failing = true;
    Profiles::MemorySecretStore memory;

private:
    void fail(QObject* context, const Profiles::SecretCallback& done)
    {
        QTimer::singleShot(0, context, [done] {
            done({Profiles::SecretError::Unavailable, QStringLiteral("not up yet"), {}});
        });
    }
};

} // namespace

void TestKeychainGate::retryMovesSessionSecretsIntoTheKeychain()
{
    QPointer<LateKeychain> keychain;
    KeychainGate gate([&](QObject* parent) { return keychain = new LateKeychain(parent); }, -1);
    gate.start();
    QTRY_COMPARE(gate.state(), State::Unavailable);
    gate.useSessionOnly();
    QCOMPARE(gate.state(), State::SessionOnly);
    bool written = false;
    gate.store()->write(QStringLiteral("p1/token"), QStringLiteral("typed offline"), &gate,
                        [&](const Profiles::SecretResult& r) { written = r.ok(); });
    QTRY_VERIFY(written);

    keychain->failing = false;
    gate.retry();
    QTRY_COMPARE(gate.state(), State::Ready);
    QCOMPARE(gate.store(), keychain.data());
    QCOMPARE(keychain->memory.keys(), QStringList {QStringLiteral("p1/token")});
    QString value;
    keychain->memory.read(QStringLiteral("p1/token"), &gate, [&](const Profiles::SecretResult& r) { value = r.value; });
    QTRY_COMPARE(value, QStringLiteral("typed offline"));
}

void TestKeychainGate::failedRetryStaysSessionOnly()
{
    KeychainGate gate([](QObject* parent) { return new LateKeychain(parent); }, -1);
    gate.start();
    QTRY_COMPARE(gate.state(), State::Unavailable);
    gate.useSessionOnly();
    Profiles::SecretStore* memory = gate.store();
    gate.retry();
    QTRY_VERIFY(gate.problem() == QStringLiteral("not up yet"));
    QCOMPARE(gate.state(), State::SessionOnly);
    QCOMPARE(gate.store(), memory); // what was kept in memory is still there
}

void TestKeychainGate::contextGoneDropsTheCallback()
{
    Profiles::MemorySecretStore memory;
    KeychainGate gate([&](QObject* parent) { return new Test::RecordingSecretStore(&memory, parent); });
    bool called = false;
    {
        QObject context;
        gate.whenSettled(&context, [&called](Profiles::SecretStore*, const Workspace::Error&) { called = true; });
    }
    QTRY_COMPARE(gate.state(), State::Ready);
    // A callback registered later, with a live context, is called in the same (or a later) batch: once it ran,
    // the dropped one had its chance.
    QObject alive;
    bool later = false;
    gate.whenSettled(&alive, [&later](Profiles::SecretStore*, const Workspace::Error&) { later = true; });
    QTRY_VERIFY(later);
    QVERIFY(!called);
}

void TestKeychainGate::stateNames()
{
    QCOMPARE(Workspace::keychainStateName(State::Idle), QStringLiteral("idle"));
    QCOMPARE(Workspace::keychainStateName(State::SessionOnly), QStringLiteral("session_only"));
    QCOMPARE(Workspace::keychainStateName(State::Unavailable), QStringLiteral("unavailable"));
}

QTEST_GUILESS_MAIN(TestKeychainGate)
#include "TestKeychainGate.moc"
