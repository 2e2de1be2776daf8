// The profile repository and the secrets cache (Workspace::ProfileRepository, Workspace::SecretsCache)
// over a MemorySecretStore, a failing store and the real Secret Service (setup.sh test runs ctest in a
// D-Bus session with an unlocked gnome-keyring): secrets are written before the profile file, a failing
// store leaves no file, an import is all-or-nothing, a read that started before a save is stale.
#include "FailingSecretStore.h"
#include "RecordingSecretStore.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileSecrets.h"
#include "workspace/KeychainGate.h"
#include "workspace/ProfileRepository.h"
#include "workspace/SecretsCache.h"

#include <QDir>
#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <optional>

using namespace Authlens;
using Profiles::Profile;
using Workspace::Error;
using Workspace::ErrorKind;
using Workspace::KeychainGate;
using Workspace::ProfileRepository;
using Status = Workspace::SecretsCache::Status;

namespace {

Profile bearerProfile(const QString& name, const QString& token)
{
    Profile p;
    p.name = name;
    p.baseUrl = QStringLiteral("https://api.example.com");
    p.auth.method = Auth::Method::Bearer;
    p.sessionSecrets.token = token;
    p.sessionSecrets.refreshToken = token.isEmpty() ? QString() : token + QStringLiteral("-refresh");
    return p;
}

/// The services over a store the test controls; the store is made by the gate's factory.
struct Fixture
{
    explicit Fixture(const QString& directory, KeychainGate::StoreFactory factory)
        : gate(std::move(factory), -1)
        , repository(directory, &gate)
    {
    }
    KeychainGate gate;
    ProfileRepository repository;
};

/// What a helper reports when the service never answered (the test then fails on it).
Error timedOut()
{
    return {ErrorKind::Network, QStringLiteral("the test timed out waiting for an answer")};
}

struct Saved
{
    QString id;
    Error error;
};

Saved save(ProfileRepository& repository, const Profile& profile)
{
    std::optional<Saved> result;
    QObject context;
    repository.save(profile, &context, [&result](const QString& id, const Error& error) {
        result = Saved {id, error};
    });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 10000))
        return {{}, timedOut()};
    return *result;
}

Error removeProfile(ProfileRepository& repository, const QString& id)
{
    std::optional<Error> result;
    QObject context;
    repository.remove(id, &context, [&result](const Error& error) { result = error; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 10000))
        return timedOut();
    return *result;
}

Error importAll(ProfileRepository& repository, const QList<Profile>& profiles, const QStringList& replaced = {})
{
    std::optional<Error> result;
    QObject context;
    repository.importProfiles(profiles, replaced, &context, [&result](const Error& error) { result = error; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 10000))
        return timedOut();
    return *result;
}

QString readSecret(Profiles::SecretStore& store, const QString& key, Profiles::SecretError* error = nullptr)
{
    std::optional<Profiles::SecretResult> result;
    QObject context;
    store.read(key, &context, [&result](const Profiles::SecretResult& r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 10000))
        result = Profiles::SecretResult {Profiles::SecretError::Timeout, QStringLiteral("timed out"), {}};
    if (error)
        *error = result->error;
    return result->value;
}

QStringList profileFiles(const QString& directory)
{
    return QDir(directory).entryList({QStringLiteral("*.json")}, QDir::Files);
}

} // namespace

class TestProfileRepository : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void saveWritesSecretsBeforeTheFile();
    void failingStoreLeavesNoFile();
    void fileErrorLeavesNoOrphanedSecrets();
    void profileWithoutSecretsNeedsNoKeychain();
    void removeDeletesSecretsThenFile();
    void renameDuplicateAndUniqueName();
    void savedRequests();
    void inMemoryProfilesAreReadOnly();
    void loadListsBadFilesAndLeavesThemAlone();
    void cacheLoadsOnDemandAndShares();
    void readStartedBeforeASaveIsStale();
    void withSecretsNamesFailures();
    void storeChangeReadsAgain();
    void importIsAllOrNothing();
    void importKeepsSecretsOfReplacedProfiles();
    void realSecretService();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString profilesDir() const { return m_dir->filePath(QStringLiteral("profiles")); }
};

void TestProfileRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestProfileRepository::saveWritesSecretsBeforeTheFile()
{
    Profiles::MemorySecretStore memory;
    QPointer<Test::RecordingSecretStore> store;
    Fixture f(profilesDir(), [&](QObject* parent) { return store = new Test::RecordingSecretStore(&memory, parent); });
    QStringList fileExistedAtWrite;
    Profiles::ProfileStore files(profilesDir());
    store->onCall = [&](const QString& op, const QString& key) {
        if (op == u"write" && !key.startsWith(u"probe/") && QFile::exists(files.filePath(key.section(u'/', 0, 0))))
            fileExistedAtWrite.append(key);
    };
    QSignalSpy saved(&f.repository, &ProfileRepository::profileSaved);

    const Saved first = save(f.repository, bearerProfile(QStringLiteral("  Billing  "), QStringLiteral("tok-1")));
    QVERIFY2(!first.error.isError(), qPrintable(first.error.message));
    QVERIFY(!first.id.isEmpty());
    QVERIFY(fileExistedAtWrite.isEmpty()); // every secret was written while no file existed
    QVERIFY(QFile::exists(files.filePath(first.id)));
    QCOMPARE(memory.keys().size(), 2);
    QCOMPARE(readSecret(memory, first.id + QStringLiteral("/token")), QStringLiteral("tok-1"));
    QCOMPARE(saved.count(), 1);
    const Profile* p = f.repository.find(first.id);
    QVERIFY(p);
    QCOMPARE(p->name, QStringLiteral("Billing")); // trimmed
    QCOMPARE(p->sessionSecrets.token, QStringLiteral("tok-1"));
    QCOMPARE(f.repository.secrets()->status(first.id), Status::Loaded);
    // The file holds references only, never the value.
    QFile file(files.filePath(first.id));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("tok-1"));

    // A cleared field leaves no stale secret behind.
    Profile edited = *p;
    edited.sessionSecrets.refreshToken.clear();
    QVERIFY(!save(f.repository, edited).error.isError());
    Profiles::SecretError error = Profiles::SecretError::None;
    readSecret(memory, first.id + QStringLiteral("/refresh_token"), &error);
    QCOMPARE(error, Profiles::SecretError::NotFound);
}

void TestProfileRepository::failingStoreLeavesNoFile()
{
    QPointer<Test::FailingSecretStore> failing;
    Fixture f(profilesDir(), [&](QObject* parent) {
        return failing = new Test::FailingSecretStore(Profiles::SecretError::Denied, parent);
    });
    const Saved result = save(f.repository, bearerProfile(QStringLiteral("Offline"), QStringLiteral("tok")));
    QCOMPARE(result.error.kind, ErrorKind::Keychain);
    QCOMPARE(Workspace::exitCodeFor(result.error), 4);
    QVERIFY2(result.error.message.contains(QStringLiteral("not available")), qPrintable(result.error.message));
    QVERIFY(result.id.isEmpty());
    QVERIFY(profileFiles(profilesDir()).isEmpty());
    QVERIFY(f.repository.profiles().isEmpty());

    // The keychain probes fine but refuses this profile's secrets: still no file.
    Profiles::MemorySecretStore memory;
    QPointer<Test::RecordingSecretStore> store;
    Fixture g(profilesDir(), [&](QObject* parent) { return store = new Test::RecordingSecretStore(&memory, parent); });
    Profile profile = bearerProfile(QStringLiteral("Refused"), QStringLiteral("tok"));
    profile.id = QStringLiteral("refused-one");
    store->failingPrefixes = {QStringLiteral("refused-one/")};
    const Saved refused = save(g.repository, profile);
    QCOMPARE(refused.error.kind, ErrorKind::Keychain);
    QVERIFY2(refused.error.message.contains(QStringLiteral("profile was not saved")),
             qPrintable(refused.error.message));
    QVERIFY(profileFiles(profilesDir()).isEmpty());
}

void TestProfileRepository::fileErrorLeavesNoOrphanedSecrets()
{
    // The profile folder cannot be created (a file is in the way): the secrets written first are removed.
    QFile blocker(m_dir->filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    Profiles::MemorySecretStore memory;
    Fixture f(blocker.fileName() + QStringLiteral("/profiles"),
              [&](QObject* parent) { return new Test::RecordingSecretStore(&memory, parent); });
    const Saved result = save(f.repository, bearerProfile(QStringLiteral("Nowhere"), QStringLiteral("tok")));
    QCOMPARE(result.error.kind, ErrorKind::BadInput);
    QVERIFY2(result.error.message.contains(QStringLiteral("could not be saved")), qPrintable(result.error.message));
    QTRY_VERIFY(memory.keys().isEmpty());
    QVERIFY(f.repository.profiles().isEmpty());
}

void TestProfileRepository::profileWithoutSecretsNeedsNoKeychain()
{
    QPointer<Test::FailingSecretStore> failing;
    Fixture f(profilesDir(), [&](QObject* parent) {
        return failing = new Test::FailingSecretStore(Profiles::SecretError::Unavailable, parent);
    });
    Profile plain;
    plain.name = QStringLiteral("Public API");
    const Saved result = save(f.repository, plain);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.message));
    QCOMPARE(failing->calls(), 0);
    QCOMPARE(f.gate.state(), KeychainGate::State::Idle);
    QCOMPARE(profileFiles(profilesDir()).size(), 1);
}

void TestProfileRepository::removeDeletesSecretsThenFile()
{
    Profiles::MemorySecretStore memory;
    QPointer<Test::RecordingSecretStore> store;
    Fixture f(profilesDir(), [&](QObject* parent) { return store = new Test::RecordingSecretStore(&memory, parent); });
    const QString id = save(f.repository, bearerProfile(QStringLiteral("Gone"), QStringLiteral("tok"))).id;
    QVERIFY(!id.isEmpty());
    Profiles::ProfileStore files(profilesDir());
    // While the secrets are removed the file is still there; it goes only after them.
    int removesWithoutFile = 0;
    int removes = 0;
    store->onCall = [&](const QString& op, const QString& key) {
        if (op != u"remove" || !key.startsWith(id))
            return;
        ++removes;
        if (!QFile::exists(files.filePath(id)))
            ++removesWithoutFile;
    };
    QSignalSpy removed(&f.repository, &ProfileRepository::profileRemoved);
    const Error result = removeProfile(f.repository, id);
    QVERIFY2(!result.isError(), qPrintable(result.message));
    QCOMPARE(removes, int(Auth::allSecretFields().size()));
    QCOMPARE(removesWithoutFile, 0);
    QVERIFY(!QFile::exists(files.filePath(id)));
    QVERIFY(memory.keys().isEmpty());
    QCOMPARE(removed.count(), 1);
    QVERIFY(!f.repository.find(id));

    // A keychain that refuses the removal keeps the file (and says so).
    const QString kept = save(f.repository, bearerProfile(QStringLiteral("Kept"), QStringLiteral("tok"))).id;
    store->failingPrefixes = {kept + u'/'};
    const Error refused = removeProfile(f.repository, kept);
    QCOMPARE(refused.kind, ErrorKind::Keychain);
    QVERIFY(QFile::exists(files.filePath(kept)));
    QVERIFY(f.repository.find(kept));
    QCOMPARE(removeProfile(f.repository, QStringLiteral("nope")).kind, ErrorKind::BadInput);
}

void TestProfileRepository::renameDuplicateAndUniqueName()
{
    Profiles::MemorySecretStore memory;
    Fixture f(profilesDir(), [&](QObject* parent) { return new Test::RecordingSecretStore(&memory, parent); });
    const QString id = save(f.repository, bearerProfile(QStringLiteral("Alpha"), QStringLiteral("tok-a"))).id;
    save(f.repository, bearerProfile(QStringLiteral("Beta"), {}));
    QCOMPARE(f.repository.uniqueName(QStringLiteral("alpha")), QStringLiteral("alpha (2)"));
    QCOMPARE(f.repository.uniqueName(QStringLiteral("Gamma")), QStringLiteral("Gamma"));

    QCOMPARE(f.repository.rename(id, QStringLiteral("beta")).kind, ErrorKind::BadInput); // taken, ignoring case
    QCOMPARE(f.repository.rename(id, QStringLiteral("  ")).kind, ErrorKind::BadInput);
    QVERIFY(!f.repository.rename(id, QStringLiteral(" Zeta ")).isError());
    QCOMPARE(f.repository.find(id)->name, QStringLiteral("Zeta"));
    QCOMPARE(f.repository.profiles().constLast().name, QStringLiteral("Zeta")); // sorted by name
    // The file says so, and the secrets (stored under the id) stay.
    ProfileRepository reread(profilesDir(), &f.gate);
    reread.load();
    QCOMPARE(reread.find(id)->name, QStringLiteral("Zeta"));

    std::optional<Saved> copy;
    QObject context;
    f.repository.duplicate(id, &context, [&](const QString& copyId, const Error& e) { copy = Saved {copyId, e}; });
    QTRY_VERIFY(copy.has_value());
    QVERIFY2(!copy->error.isError(), qPrintable(copy->error.message));
    QVERIFY(copy->id != id);
    QCOMPARE(f.repository.find(copy->id)->name, QStringLiteral("Zeta (copy)"));
    QCOMPARE(readSecret(memory, copy->id + QStringLiteral("/token")), QStringLiteral("tok-a"));
}

void TestProfileRepository::savedRequests()
{
    Profiles::MemorySecretStore memory;
    Fixture f(profilesDir(), [&](QObject* parent) { return new Test::RecordingSecretStore(&memory, parent); });
    const QString id = save(f.repository, bearerProfile(QStringLiteral("Requests"), {})).id;
    Profiles::SavedRequest request;
    request.name = QStringLiteral("List users");
    request.url = QStringLiteral("/users");
    Error error;
    QCOMPARE(f.repository.saveRequest(id, request, &error), 0);
    const QString requestId = f.repository.find(id)->requests.constFirst().id;
    QVERIFY(!requestId.isEmpty());
    request.id = requestId;
    request.url = QStringLiteral("/users?page=2");
    QCOMPARE(f.repository.saveRequest(id, request, &error), 0); // same id: replaced
    QCOMPARE(f.repository.find(id)->requests.size(), 1);
    ProfileRepository reread(profilesDir(), &f.gate);
    reread.load();
    QCOMPARE(reread.find(id)->requests.constFirst().url, QStringLiteral("/users?page=2"));
    QCOMPARE(f.repository.removeRequest(id, 3).kind, ErrorKind::BadInput);
    QVERIFY(!f.repository.removeRequest(id, 0).isError());
    QVERIFY(f.repository.find(id)->requests.isEmpty());
    QCOMPARE(f.repository.saveRequest(QStringLiteral("nope"), request, &error), -1);
    QCOMPARE(error.kind, ErrorKind::BadInput);
}

void TestProfileRepository::inMemoryProfilesAreReadOnly()
{
    Profiles::MemorySecretStore memory;
    QPointer<Test::RecordingSecretStore> store;
    Fixture f(profilesDir(), [&](QObject* parent) { return store = new Test::RecordingSecretStore(&memory, parent); });
    Profile demo = bearerProfile(QStringLiteral("Demo · Bearer"), QStringLiteral("demo-token"));
    demo.id = QStringLiteral("demo-bearer");
    demo.demo = true;
    f.repository.addInMemory({demo});
    QCOMPARE(f.repository.secrets()->status(demo.id), Status::Loaded);
    QCOMPARE(f.repository.findByIdOrName(QStringLiteral("DEMO · bearer"))->id, demo.id);
    // Two profiles of one name: none is picked at random; the caller gets both ids.
    Profile twin = demo;
    twin.id = QStringLiteral("demo-bearer-2");
    f.repository.addInMemory({twin});
    QStringList ambiguous;
    QCOMPARE(f.repository.findByIdOrName(QStringLiteral("demo · bearer"), &ambiguous), nullptr);
    QCOMPARE(ambiguous, (QStringList {demo.id, twin.id}));
    QCOMPARE(f.repository.findByIdOrName(twin.id)->id, twin.id);
    QCOMPARE(save(f.repository, demo).error.kind, ErrorKind::Usage);
    QCOMPARE(removeProfile(f.repository, demo.id).kind, ErrorKind::Usage);
    QCOMPARE(f.repository.rename(demo.id, QStringLiteral("Mine")).kind, ErrorKind::Usage);
    Error error;
    QCOMPARE(f.repository.saveRequest(demo.id, {}, &error), -1);
    QCOMPARE(error.kind, ErrorKind::Usage);
    QVERIFY(f.repository.storedProfiles().isEmpty());
    QVERIFY(profileFiles(profilesDir()).isEmpty());
    QVERIFY(store->calls().isEmpty()); // its secrets live in memory: the keychain is never asked
    // A duplicate is a stored profile with the same secrets.
    std::optional<Saved> copy;
    QObject context;
    f.repository.duplicate(demo.id, &context, [&](const QString& id, const Error& e) { copy = Saved {id, e}; });
    QTRY_VERIFY(copy.has_value());
    QVERIFY(!copy->error.isError());
    QVERIFY(!f.repository.find(copy->id)->demo);
    QCOMPARE(readSecret(memory, copy->id + QStringLiteral("/token")), QStringLiteral("demo-token"));
    QCOMPARE(f.repository.storedProfiles().size(), 1);
    // Stored profiles come first, in-memory ones after.
    QVERIFY(!f.repository.profiles().constFirst().demo);
}

void TestProfileRepository::loadListsBadFilesAndLeavesThemAlone()
{
    Profiles::MemorySecretStore memory;
    Fixture f(profilesDir(), [&](QObject* parent) { return new Test::RecordingSecretStore(&memory, parent); });
    const QString good = save(f.repository, bearerProfile(QStringLiteral("Good"), QStringLiteral("tok"))).id;
    const QString badPath = QDir(profilesDir()).filePath(QStringLiteral("broken.json"));
    QFile bad(badPath);
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{ not json");
    bad.close();

    QSignalSpy errorsChanged(&f.repository, &ProfileRepository::loadErrorsChanged);
    f.repository.load();
    QCOMPARE(errorsChanged.count(), 1);
    QCOMPARE(f.repository.loadErrors().size(), 1);
    QVERIFY(f.repository.loadErrors().constFirst().contains(QStringLiteral("broken.json")));
    QCOMPARE(f.repository.storedProfiles().size(), 1);
    // The secrets already read stay with the profile across a reload.
    QCOMPARE(f.repository.find(good)->sessionSecrets.token, QStringLiteral("tok"));
    QVERIFY(bad.open(QIODevice::ReadOnly));
    QCOMPARE(bad.readAll(), QByteArray("{ not json")); // left as it was
}

void TestProfileRepository::cacheLoadsOnDemandAndShares()
{
    Profiles::MemorySecretStore memory;
    QPointer<Test::RecordingSecretStore> store;
    Fixture writer(profilesDir(),
                   [&](QObject* parent) { return store = new Test::RecordingSecretStore(&memory, parent); });
    const QString id = save(writer.repository, bearerProfile(QStringLiteral("Cached"), QStringLiteral("tok"))).id;

    // A fresh repository (the next start) over the same folder and store.
    QPointer<Test::RecordingSecretStore> reader;
    Fixture f(profilesDir(), [&](QObject* parent) { return reader = new Test::RecordingSecretStore(&memory, parent); });
    f.repository.load();
    Workspace::SecretsCache* cache = f.repository.secrets();
    QCOMPARE(cache->status(id), Status::NotLoaded);
    QVERIFY(f.repository.find(id)->sessionSecrets.token.isEmpty());
    QCOMPARE(f.gate.state(), KeychainGate::State::Idle); // loading the folder opens no keychain

    QSignalSpy loaded(cache, &Workspace::SecretsCache::loaded);
    cache->load(id);
    QCOMPARE(cache->status(id), Status::Loading);
    cache->load(id); // the same read
    std::optional<QList<Profile>> waited;
    QObject context;
    cache->withSecrets({id}, &context, [&](const QList<Profile>& profiles, const QStringList& errors) {
        QVERIFY(errors.isEmpty());
        waited = profiles;
    });
    QTRY_VERIFY(waited.has_value());
    QCOMPARE(cache->status(id), Status::Loaded);
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(waited->constFirst().sessionSecrets.token, QStringLiteral("tok"));
    QCOMPARE(f.repository.find(id)->sessionSecrets.token, QStringLiteral("tok"));
    const int reads = int(reader->callsFor(id + u'/').size());
    QCOMPARE(reads, int(Auth::allSecretFields().size())); // one read per field, once
    cache->load(id); // loaded: nothing more (a read would be recorded as it is asked for)
    QCOMPARE(int(reader->callsFor(id + u'/').size()), reads);
}

void TestProfileRepository::readStartedBeforeASaveIsStale()
{
    Profiles::MemorySecretStore memory;
    QPointer<Test::RecordingSecretStore> store;
    Fixture writer(profilesDir(),
                   [&](QObject* parent) { return store = new Test::RecordingSecretStore(&memory, parent); });
    const QString id = save(writer.repository, bearerProfile(QStringLiteral("Racy"), QStringLiteral("old"))).id;

    QPointer<Test::RecordingSecretStore> slow;
    Fixture f(profilesDir(), [&](QObject* parent) { return slow = new Test::RecordingSecretStore(&memory, parent); });
    f.repository.load();
    slow->readDelayMs = 200; // the keychain answers late
    f.repository.secrets()->load(id);
    Profile edited = *f.repository.find(id);
    edited.sessionSecrets.token = QStringLiteral("new");
    edited.sessionSecrets.refreshToken = QStringLiteral("new-refresh");
    QVERIFY(!save(f.repository, edited).error.isError());
    QCOMPARE(f.repository.find(id)->sessionSecrets.token, QStringLiteral("new"));
    // The late read (of "old") arrives after the save: it is stale and changes nothing.
    QTRY_VERIFY_WITH_TIMEOUT(slow->calls().size() > 0 && f.repository.secrets()->status(id) == Status::Loaded, 5000);
    const auto reads = [&slow] {
        const QList<Test::RecordingSecretStore::Call> calls = slow->calls();
        return int(std::count_if(calls.cbegin(), calls.cend(), [](const auto& c) { return c.op == u"read"; }));
    };
    QTRY_COMPARE_WITH_TIMEOUT(slow->readsAnswered(), reads(), 5000); // every late read has arrived
    QCOMPARE(f.repository.find(id)->sessionSecrets.token, QStringLiteral("new"));
    QCOMPARE(f.repository.secrets()->status(id), Status::Loaded);
    QCOMPARE(readSecret(memory, id + QStringLiteral("/token")), QStringLiteral("new"));
}

void TestProfileRepository::withSecretsNamesFailures()
{
    Profiles::MemorySecretStore memory;
    QPointer<Test::RecordingSecretStore> store;
    Fixture writer(profilesDir(),
                   [&](QObject* parent) { return store = new Test::RecordingSecretStore(&memory, parent); });
    const QString ok = save(writer.repository, bearerProfile(QStringLiteral("Readable"), QStringLiteral("a"))).id;
    const QString locked = save(writer.repository, bearerProfile(QStringLiteral("Locked"), QStringLiteral("b"))).id;

    QPointer<Test::FailingSecretStore> failing;
    Fixture f(profilesDir(), [&](QObject* parent) {
        return failing = new Test::FailingSecretStore(Profiles::SecretError::Denied, parent);
    });
    f.repository.load();
    QSignalSpy failed(f.repository.secrets(), &Workspace::SecretsCache::failed);
    std::optional<QStringList> errors;
    QList<Profile> found;
    QObject context;
    f.repository.secrets()->withSecrets({ok, QStringLiteral("unknown"), locked}, &context,
                                        [&](const QList<Profile>& profiles, const QStringList& e) {
                                            found = profiles;
                                            errors = e;
                                        });
    QTRY_VERIFY(errors.has_value());
    QCOMPARE(found.size(), 2); // the unknown id is left out
    QCOMPARE(found.at(0).id, ok);
    QCOMPARE(found.at(1).id, locked);
    QCOMPARE(errors->size(), 2);
    QVERIFY2(errors->at(1).startsWith(QStringLiteral("“Locked”: ")), qPrintable(errors->at(1)));
    QCOMPARE(f.repository.secrets()->status(ok), Status::Failed);
    QVERIFY(f.repository.secrets()->error(ok).contains(QStringLiteral("keychain is not available")));
    QCOMPARE(failed.count(), 2);
}

void TestProfileRepository::storeChangeReadsAgain()
{
    Profiles::MemorySecretStore memory;
    QPointer<Test::RecordingSecretStore> store;
    Fixture writer(profilesDir(),
                   [&](QObject* parent) { return store = new Test::RecordingSecretStore(&memory, parent); });
    const QString id = save(writer.repository, bearerProfile(QStringLiteral("Later"), QStringLiteral("tok"))).id;

    QPointer<Test::RecordingSecretStore> late;
    Fixture f(profilesDir(), [&](QObject* parent) { return late = new Test::RecordingSecretStore(&memory, parent); });
    late->failingPrefixes = {QStringLiteral("probe/")}; // the keychain is not up yet
    f.repository.load();
    f.repository.secrets()->load(id);
    QTRY_COMPARE(f.repository.secrets()->status(id), Status::Failed);
    QSignalSpy storeChanged(f.repository.secrets(), &Workspace::SecretsCache::storeChanged);
    late->failingPrefixes.clear();
    f.gate.retry();
    QTRY_COMPARE(f.gate.state(), KeychainGate::State::Ready);
    QVERIFY(storeChanged.count() >= 1);
    QCOMPARE(f.repository.secrets()->status(id), Status::NotLoaded); // forgotten, read again on demand
    f.repository.secrets()->load(id);
    QTRY_COMPARE(f.repository.secrets()->status(id), Status::Loaded);
    QCOMPARE(f.repository.find(id)->sessionSecrets.token, QStringLiteral("tok"));
}

void TestProfileRepository::importIsAllOrNothing()
{
    Profiles::MemorySecretStore memory;
    QPointer<Test::RecordingSecretStore> store;
    Fixture f(profilesDir(), [&](QObject* parent) { return store = new Test::RecordingSecretStore(&memory, parent); });
    Profiles::ProfileStore files(profilesDir());
    QStringList fileExistedAtWrite;
    store->onCall = [&](const QString& op, const QString& key) {
        if (op == u"write" && !key.startsWith(u"probe/") && !profileFiles(profilesDir()).isEmpty())
            fileExistedAtWrite.append(key);
    };
    Profile first = bearerProfile(QStringLiteral("Imported one"), QStringLiteral("one"));
    first.id = QStringLiteral("import-one");
    Profile second = bearerProfile(QStringLiteral("Imported two"), QStringLiteral("two"));
    second.id = QStringLiteral("import-two");
    Profile third = bearerProfile(QStringLiteral("Imported three"), {});
    third.id = QStringLiteral("import-three");

    // One profile's secrets are refused: no file at all, and the secrets written for the others are gone.
    store->failingPrefixes = {QStringLiteral("import-two/")};
    const Error refused = importAll(f.repository, {first, second, third});
    QCOMPARE(refused.kind, ErrorKind::Keychain);
    QVERIFY2(refused.message.contains(QStringLiteral("Nothing was imported")), qPrintable(refused.message));
    QVERIFY(profileFiles(profilesDir()).isEmpty());
    QTRY_VERIFY(memory.keys().isEmpty());
    QVERIFY(f.repository.profiles().isEmpty());

    // Accepted: every secret is written before the first file.
    store->failingPrefixes.clear();
    QSignalSpy changed(&f.repository, &ProfileRepository::profilesChanged);
    const Error done = importAll(f.repository, {first, second, third});
    QVERIFY2(!done.isError(), qPrintable(done.message));
    QVERIFY(fileExistedAtWrite.isEmpty());
    QCOMPARE(profileFiles(profilesDir()).size(), 3);
    QCOMPARE(readSecret(memory, QStringLiteral("import-two/token")), QStringLiteral("two"));
    QCOMPARE(f.repository.secrets()->status(QStringLiteral("import-one")), Status::Loaded);
    QCOMPARE(f.repository.secrets()->status(QStringLiteral("import-three")), Status::NotLoaded);
    QCOMPARE(changed.count(), 1);
}

void TestProfileRepository::importKeepsSecretsOfReplacedProfiles()
{
    Profiles::MemorySecretStore memory;
    Fixture f(profilesDir(), [&](QObject* parent) { return new Test::RecordingSecretStore(&memory, parent); });
    Profile mine = bearerProfile(QStringLiteral("Shared"), QStringLiteral("my-token"));
    mine.id = QStringLiteral("shared-one");
    QVERIFY(!save(f.repository, mine).error.isError());
    // A colleague's export of the same profile, without secrets, replaces it: my secrets stay.
    Profile theirs = bearerProfile(QStringLiteral("Shared"), {});
    theirs.id = mine.id;
    theirs.baseUrl = QStringLiteral("https://api2.example.com");
    QVERIFY(!importAll(f.repository, {theirs}, {mine.id}).isError());
    QCOMPARE(f.repository.find(mine.id)->baseUrl, QStringLiteral("https://api2.example.com"));
    QCOMPARE(f.repository.find(mine.id)->sessionSecrets.token, QStringLiteral("my-token"));
    QCOMPARE(readSecret(memory, mine.id + QStringLiteral("/token")), QStringLiteral("my-token"));
}

void TestProfileRepository::realSecretService()
{
    // The real keychain, under a service name of this run, behind the recorder (which sees the order).
    const QString service = QStringLiteral("org.authlens.Authlens.test-") + QUuid::createUuid().toString(QUuid::Id128);
    Profiles::KeychainSecretStore keychain(nullptr, service);
    QPointer<Test::RecordingSecretStore> store;
    Fixture f(profilesDir(),
              [&](QObject* parent) { return store = new Test::RecordingSecretStore(&keychain, parent); });
    f.gate.start();
    QTRY_VERIFY_WITH_TIMEOUT(f.gate.isSettled(), 15000);
    QVERIFY2(f.gate.state() == KeychainGate::State::Ready,
             qPrintable(QStringLiteral("The real keychain is needed (run inside dbus-run-session with an unlocked "
                                       "gnome-keyring, as setup.sh test does): %1")
                            .arg(f.gate.problem())));
    Profiles::ProfileStore files(profilesDir());
    QStringList fileExistedAtWrite;
    store->onCall = [&](const QString& op, const QString& key) {
        if (op == u"write" && QFile::exists(files.filePath(key.section(u'/', 0, 0))))
            fileExistedAtWrite.append(key);
    };
    const QString canary = QStringLiteral("CANARY-") + QUuid::createUuid().toString(QUuid::Id128);
    const Saved saved = save(f.repository, bearerProfile(QStringLiteral("Real keychain"), canary));
    QVERIFY2(!saved.error.isError(), qPrintable(saved.error.message));
    QVERIFY(fileExistedAtWrite.isEmpty());
    QCOMPARE(readSecret(keychain, saved.id + QStringLiteral("/token")), canary);
    QFile file(files.filePath(saved.id));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(canary.toUtf8()));

    // Read back by the next run.
    Fixture next(profilesDir(), [&](QObject* parent) { return new Test::RecordingSecretStore(&keychain, parent); });
    next.repository.load();
    std::optional<QList<Profile>> found;
    QObject context;
    next.repository.secrets()->withSecrets({saved.id}, &context,
                                           [&](const QList<Profile>& profiles, const QStringList& errors) {
                                               QVERIFY(errors.isEmpty());
                                               found = profiles;
                                           });
    QTRY_VERIFY_WITH_TIMEOUT(found.has_value(), 15000);
    QCOMPARE(found->constFirst().sessionSecrets.token, canary);

    // Removed: secrets and file gone.
    QVERIFY(!removeProfile(next.repository, saved.id).isError());
    Profiles::SecretError error = Profiles::SecretError::None;
    readSecret(keychain, saved.id + QStringLiteral("/token"), &error);
    QCOMPARE(error, Profiles::SecretError::NotFound);
    QVERIFY(!QFile::exists(files.filePath(saved.id)));
}

QTEST_GUILESS_MAIN(TestProfileRepository)
#include "TestProfileRepository.moc"
