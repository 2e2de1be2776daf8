#include "profiles/ProfileSecrets.h"

#include <memory>

namespace Authlens::Profiles::ProfileSecrets {

QString key(const QString& profileId, Auth::SecretField field)
{
    return profileId + u'/' + Auth::secretFieldName(field);
}

namespace {

/// Counts outstanding jobs; reports once when the last one answers.
struct Batch
{
    Outcome outcome;
    int pending = 0;
    Done done;
    void finishOne()
    {
        if (--pending == 0)
            done(outcome);
    }
};

} // namespace

void load(SecretStore& store, const QString& profileId, QObject* context, Done done)
{
    auto batch = std::make_shared<Batch>();
    batch->done = std::move(done);
    const auto fields = Auth::allSecretFields();
    batch->pending = int(fields.size());
    for (Auth::SecretField field : fields) {
        store.read(key(profileId, field), context, [batch, field](const SecretResult& r) {
            if (r.ok())
                Auth::setSecretValue(batch->outcome.secrets, field, r.value);
            else if (r.error != SecretError::NotFound)
                batch->outcome.errors.append(r);
            batch->finishOne();
        });
    }
}

void save(SecretStore& store, const QString& profileId, const Auth::AuthSecrets& secrets, QObject* context, Done done)
{
    auto batch = std::make_shared<Batch>();
    batch->done = std::move(done);
    batch->outcome.secrets = secrets;
    const auto fields = Auth::allSecretFields();
    batch->pending = int(fields.size());
    for (Auth::SecretField field : fields) {
        const QString value = Auth::secretValue(secrets, field);
        auto report = [batch](const SecretResult& r) {
            if (!r.ok())
                batch->outcome.errors.append(r);
            batch->finishOne();
        };
        if (value.isEmpty())
            store.remove(key(profileId, field), context, report);
        else
            store.write(key(profileId, field), value, context, report);
    }
}

void removeAll(SecretStore& store, const QString& profileId, QObject* context, Done done)
{
    save(store, profileId, {}, context, std::move(done));
}

} // namespace Authlens::Profiles::ProfileSecrets
