#pragma once

#include "auth/AuthSettings.h"
#include "profiles/SecretStore.h"

#include <QList>

#include <functional>

namespace Authlens::Profiles {

/// All secret fields of one profile at once, over any SecretStore.
namespace ProfileSecrets {

QString key(const QString& profileId, Auth::SecretField field); ///< "<profile id>/<field>"

struct Outcome
{
    Auth::AuthSecrets secrets; ///< load(): what was found
    QList<SecretResult> errors; ///< every failure except "not found" on load
    bool ok() const { return errors.isEmpty(); }
};
using Done = std::function<void(const Outcome&)>;

void load(SecretStore& store, const QString& profileId, QObject* context, Done done);
/// Writes the non-empty fields and deletes the empty ones, so a cleared field leaves no stale secret.
void save(SecretStore& store, const QString& profileId, const Auth::AuthSecrets& secrets, QObject* context, Done done);
/// Deletes every field of the profile (with the profile itself).
void removeAll(SecretStore& store, const QString& profileId, QObject* context, Done done);

} // namespace ProfileSecrets
} // namespace Authlens::Profiles
