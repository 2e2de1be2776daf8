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
        out.append({v.name, field});
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
    for (const SecretAssignment& a : secrets) {
        if (!a.field)
            continue;
        const auto it = std::find_if(environment.secrets.cbegin(), environment.secrets.cend(),
                                     [&a](const Profiles::Variable& s) { return s.name == a.variable; });
        if (it != environment.secrets.cend())
            Auth::setSecretValue(profile.sessionSecrets, *a.field, it->value);
    }
    return profile;
}

} // namespace Authlens::Formats
