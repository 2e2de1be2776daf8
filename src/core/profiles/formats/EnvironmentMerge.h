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

/// Where a secret variable of the environment goes: a secret variable of the profile and, if `field` is
/// set, that secret field too (both in the keychain), or nowhere. It never becomes a plain profile variable
/// (those are saved in the file).
struct SecretAssignment
{
    QString variable;
    std::optional<Auth::SecretField> field;
    /// Kept as a secret variable of the profile (its value in the keychain), so `{{variable}}` in requests
    /// is filled in; false: left out entirely (the user's choice).
    bool keep = true;

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

/// What happened to one secret of the environment, for the report: where its value went, if anywhere.
struct SecretOutcome
{
    QString variable;
    bool stored = false; ///< a secret variable of the profile now holds it (keychain)
    std::optional<Auth::SecretField> field; ///< the profile's field it also filled
};
/// One outcome per secret of `environment`, as mergeEnvironment() treats it.
QList<SecretOutcome> secretOutcomes(const EnvironmentImport& environment, const QList<SecretAssignment>& secrets);

/// `profile` with the environment's variables merged (same name: the value is replaced in place;
/// new names are appended); each kept secret with a value becomes a secret variable (its value in
/// `sessionSecrets`, so the keychain) and also fills its assigned field. Secrets without a value, or left
/// out, change nothing. Pure.
Profiles::Profile mergeEnvironment(Profiles::Profile profile, const EnvironmentImport& environment,
                                   const QList<SecretAssignment>& secrets);

} // namespace Authlens::Formats
