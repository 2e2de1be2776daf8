#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace Authlens::Profiles {

enum class SecretError {
    None,
    NotFound,
    Unavailable, ///< no keychain service (no D-Bus session, no Secret Service, no collection)
    Denied, ///< locked with a wrong password, or the user refused
    Timeout, ///< the keychain did not answer in time
    Failed,
};

QString secretErrorName(SecretError error); ///< "none", "not_found", "unavailable", …

struct SecretResult
{
    SecretError error = SecretError::None;
    QString message; ///< what happened and what the user can do about it; empty on success
    QString value; ///< read(): the secret; never logged
    bool ok() const { return error == SecretError::None; }
};

using SecretCallback = std::function<void(const SecretResult&)>;

/// Where secrets live (DESIGN.md §4): the OS keychain, or memory for a session. Asynchronous: the
/// callback runs on the event loop, bound to `context` (dropped if it is destroyed). Keys are
/// "<profile id>/<field>". There is no implementation that writes a file.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~SecretStore() override;

    virtual void read(const QString& key, QObject* context, SecretCallback done) = 0;
    virtual void write(const QString& key, const QString& value, QObject* context, SecretCallback done) = 0;
    /// Deleting a missing entry succeeds.
    virtual void remove(const QString& key, QObject* context, SecretCallback done) = 0;
    /// True when secrets outlive the process (a keychain), false for session-only memory.
    virtual bool isPersistent() const = 0;
    /// A short name for the UI: "GNOME Keyring / Secret Service", "session only (memory)".
    virtual QString backendName() const = 0;
};

/// Session-only secrets, kept in memory: the fallback the user chooses when no keychain works.
class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemorySecretStore)
public:
    explicit MemorySecretStore(QObject* parent = nullptr);
    ~MemorySecretStore() override;

    void read(const QString& key, QObject* context, SecretCallback done) override;
    void write(const QString& key, const QString& value, QObject* context, SecretCallback done) override;
    void remove(const QString& key, QObject* context, SecretCallback done) override;
    bool isPersistent() const override { return false; }
    QString backendName() const override;
    QStringList keys() const;

private:
    QHash<QString, QString> m_values;
};

} // namespace Authlens::Profiles
