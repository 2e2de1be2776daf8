#include "profiles/formats/EnvironmentMerge.h"

#include <algorithm>

namespace Authlens::Formats {

namespace {

QString normalized(const QString& name)
{
    QString out;
    for (const QChar c : name) {
        if (c.isLetterOrNumber())
            out += c.toLower();
    }
    return out;
}

} // namespace

QList<VariableChange> planEnvironmentMerge(const Profiles::Profile& profile, const EnvironmentImport& environment)
{
    QList<VariableChange> out;
    for (const Profiles::Variable& v : environment.variables) {
        const auto it = std::find_if(profile.variables.cbegin(), profile.variables.cend(),
                                     [&v](const Profiles::Variable& p) { return p.name == v.name; });
        VariableChange change;
        change.name = v.name;
        change.newValue = v.value;
        if (it == profile.variables.cend()) {
            change.kind = VariableChange::Kind::Added;
        } else {
            change.oldValue = it->value;
            change.kind = it->value == v.value ? VariableChange::Kind::Unchanged : VariableChange::Kind::Changed;
        }
        out.append(change);
    }
    return out;
}

std::optional<Auth::SecretField> suggestedSecretField(const QString& variableName)
{
    using Auth::SecretField;
    const QString n = normalized(variableName);
    if (n.contains(u"refreshtoken"))
        return SecretField::RefreshToken;
    if (n.contains(u"clientsecret"))
        return SecretField::ClientSecret;
    if (n.contains(u"apikey") || n == u"key" || n.endsWith(u"apitoken"))
        return SecretField::ApiKey;
    if (n.contains(u"password") || n == u"pass" || n == u"pwd")
        return SecretField::Password;
    if (n.contains(u"token") || n.startsWith(u"bearer") || n == u"jwt")
        return SecretField::Token;
    return std::nullopt;
}

QList<SecretAssignment> suggestedAssignments(const EnvironmentImport& environment)
{
    QList<SecretAssignment> out;
    QList<Auth::SecretField> taken;
    for (const Profiles::Variable& v : environment.secrets) {
        std::optional<Auth::SecretField> field = suggestedSecretField(v.name);
        if (field && taken.contains(*field))
            field.reset();
        if (field)
            taken.append(*field);
        out.append({v.name, field, true});
    }
    return out;
}

QList<SecretOutcome> secretOutcomes(const EnvironmentImport& environment, const QList<SecretAssignment>& secrets)
{
    QList<SecretOutcome> out;
    for (const Profiles::Variable& secret : environment.secrets) {
        SecretOutcome o;
        o.variable = secret.name;
        const auto a = std::find_if(secrets.cbegin(), secrets.cend(),
                                    [&secret](const SecretAssignment& s) { return s.variable == secret.name; });
        o.stored = !secret.value.isEmpty() && (a == secrets.cend() || a->keep);
        if (o.stored && a != secrets.cend())
            o.field = a->field;
        out.append(o);
    }
    return out;
}

Profiles::Profile mergeEnvironment(Profiles::Profile profile, const EnvironmentImport& environment,
                                   const QList<SecretAssignment>& secrets)
{
    for (const Profiles::Variable& v : environment.variables) {
        const auto it = std::find_if(profile.variables.begin(), profile.variables.end(),
                                     [&v](const Profiles::Variable& p) { return p.name == v.name; });
        if (it != profile.variables.end())
            it->value = v.value;
        else
            profile.variables.append(v);
    }
    // Every secret with a value becomes a secret variable, so the requests' {{name}} is filled in (from the
    // keychain); one with an assigned field fills that field as well. An empty value changes nothing: it
    // must not clear a secret the profile already has.
    for (const Profiles::Variable& secret : environment.secrets) {
        const auto assignment = std::find_if(secrets.cbegin(), secrets.cend(), [&secret](const SecretAssignment& a) {
            return a.variable == secret.name;
        });
        // A name the environment also has as a plain variable stays that plain variable.
        const bool alsoPlain = std::any_of(environment.variables.cbegin(), environment.variables.cend(),
                                           [&secret](const Profiles::Variable& v) { return v.name == secret.name; });
        if (secret.value.isEmpty() || alsoPlain || (assignment != secrets.cend() && !assignment->keep))
            continue;
        const auto it = std::find_if(profile.variables.begin(), profile.variables.end(),
                                     [&secret](const Profiles::Variable& p) { return p.name == secret.name; });
        if (it != profile.variables.end())
            *it = {secret.name, QString(), true};
        else
            profile.variables.append({secret.name, QString(), true});
        Auth::setSecretVariable(profile.sessionSecrets, secret.name, secret.value);
    }
    for (const SecretAssignment& a : secrets) {
        if (!a.field || !a.keep)
            continue;
        const auto it = std::find_if(environment.secrets.cbegin(), environment.secrets.cend(),
                                     [&a](const Profiles::Variable& s) { return s.name == a.variable; });
        if (it != environment.secrets.cend() && !it->value.isEmpty())
            Auth::setSecretValue(profile.sessionSecrets, *a.field, it->value);
    }
    return profile;
}

} // namespace Authlens::Formats
