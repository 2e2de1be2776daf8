#pragma once

#include "auth/AuthSettings.h"
#include "profiles/Profile.h"
#include "profiles/formats/ImportResult.h"

#include <QList>
#include <QString>

#include <optional>

namespace Authlens::Formats {

/// What merging a Postman environment does to one variable of the profile.
struct VariableChange
{
    enum class Kind { Added, Changed, Unchanged };
    Kind kind = Kind::Added;
    QString name;
    QString oldValue; ///< empty for Added
    QString newValue;

    friend bool operator==(const VariableChange&, const VariableChange&) = default;
};

/// Where a secret variable of the environment goes: one of the profile's secret fields (keychain),
/// or nowhere (nullopt). A secret variable never becomes a profile variable (those are saved in the file).
struct SecretAssignment
{
    QString variable;
    std::optional<Auth::SecretField> field;

    friend bool operator==(const SecretAssignment&, const SecretAssignment&) = default;
};

/// Each non-secret variable of `environment` against `profile`: new, changed (with both values) or unchanged.
QList<VariableChange> planEnvironmentMerge(const Profiles::Profile& profile, const EnvironmentImport& environment);

/// The secret field a secret variable most likely is, from its name: "token", "access_token",
/// "bearer…" → access token; "api_key", "apikey", "x-api-key" → API key; "password" → password;
/// "client_secret" → client secret; "refresh_token" → refresh token; anything else nullopt.
std::optional<Auth::SecretField> suggestedSecretField(const QString& variableName);

/// One assignment per secret variable of `environment`, with suggestedSecretField(); a field is
/// suggested once (the first variable that matches it gets it).
QList<SecretAssignment> suggestedAssignments(const EnvironmentImport& environment);

/// `profile` with the environment's variables merged (same name: the value is replaced in place;
/// new names are appended) and each assigned secret put into `sessionSecrets`. Pure.
Profiles::Profile mergeEnvironment(Profiles::Profile profile, const EnvironmentImport& environment,
                                   const QList<SecretAssignment>& secrets);

} // namespace Authlens::Formats
