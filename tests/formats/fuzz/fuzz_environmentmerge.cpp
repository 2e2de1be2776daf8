// libFuzzer: a Postman environment (outside input) merged into a stored profile (what `profiles import FILE
// --into NAME` and the import dialog do). Invariants, beyond "no crash":
// - an environment that is refused brings nothing (no variable, no secret) and says why;
// - the plan has one entry per variable, and each entry says what the merge then does (added, changed from
//   the profile's value, unchanged);
// - a secret variable never becomes a profile variable: the merged profile's file (ProfileJson::toJson) is the
//   same with or without the secrets the merge assigned, so no secret reaches a file (DESIGN.md §4);
// - each secret field is assigned at most once, and an assigned field holds that variable's value;
// - the profile's identity and auth settings are untouched, its other variables kept in order;
// - merging the same environment again changes nothing more;
// - the merged profile saves and loads back unchanged (the store never writes a file it cannot read).
#include "profiles/ProfileJson.h"
#include "profiles/formats/EnvironmentMerge.h"
#include "profiles/formats/PostmanImport.h"

#include <QJsonObject>
#include <QSet>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Authlens;
using namespace Authlens::Formats;
using Profiles::Profile;

namespace {

void require(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
        std::abort();
    }
}

const Profiles::Variable* findVariable(const QList<Profiles::Variable>& variables, const QString& name)
{
    for (const Profiles::Variable& v : variables) {
        if (v.name == name)
            return &v;
    }
    return nullptr;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const EnvironmentImport environment = importPostmanEnvironment(bytes);
    if (!environment.ok()) {
        require(environment.variables.isEmpty() && environment.secrets.isEmpty(),
                "a refused environment brings values");
        return 0;
    }

    Profile profile;
    profile.id = QStringLiteral("target-profile");
    profile.name = QStringLiteral("Target");
    profile.baseUrl = QStringLiteral("https://api.example.com");
    profile.auth.method = Auth::Method::Bearer;
    profile.variables = {{QStringLiteral("baseUrl"), QStringLiteral("https://api.example.com")},
                         {QStringLiteral("tenant"), QStringLiteral("acme")},
                         {QStringLiteral("token"), QStringLiteral("not-a-secret-placeholder")}};

    const QList<VariableChange> plan = planEnvironmentMerge(profile, environment);
    require(plan.size() == environment.variables.size(), "the plan skips or invents a variable");
    for (qsizetype i = 0; i < plan.size(); ++i) {
        const VariableChange& change = plan.at(i);
        const Profiles::Variable& incoming = environment.variables.at(i);
        require(change.name == incoming.name && change.newValue == incoming.value, "the plan misnames a variable");
        const Profiles::Variable* existing = findVariable(profile.variables, change.name);
        switch (change.kind) {
        case VariableChange::Kind::Added:
            require(!existing, "an existing variable planned as added");
            break;
        case VariableChange::Kind::Changed:
            require(existing && existing->value == change.oldValue && change.oldValue != change.newValue,
                    "a change that is not one");
            break;
        case VariableChange::Kind::Unchanged:
            require(existing && existing->value == change.newValue, "an unchanged variable that changes");
            break;
        }
    }

    const QList<SecretAssignment> assignments = suggestedAssignments(environment);
    require(assignments.size() == environment.secrets.size(), "a secret variable without an assignment");
    QSet<int> fields;
    for (qsizetype i = 0; i < assignments.size(); ++i) {
        require(assignments.at(i).variable == environment.secrets.at(i).name, "an assignment of another variable");
        if (assignments.at(i).field) {
            require(!fields.contains(int(*assignments.at(i).field)), "a secret field assigned twice");
            fields.insert(int(*assignments.at(i).field));
        }
    }

    const Profile merged = mergeEnvironment(profile, environment, assignments);
    require(merged.id == profile.id && merged.name == profile.name && merged.baseUrl == profile.baseUrl
                && merged.auth == profile.auth && merged.requests == profile.requests,
            "the merge changed more than variables and secrets");
    // Every variable of the environment is there with its last value; the profile's others are kept, first and
    // in their order.
    for (const Profiles::Variable& v : environment.variables) {
        const Profiles::Variable* last = nullptr;
        for (const Profiles::Variable& w : environment.variables) {
            if (w.name == v.name)
                last = &w;
        }
        const Profiles::Variable* now = findVariable(merged.variables, v.name);
        require(now && now->value == last->value, "a merged variable lost its value");
    }
    const auto keptSecret = [&environment](const QString& name) {
        return std::any_of(environment.secrets.cbegin(), environment.secrets.cend(),
                           [&name](const Profiles::Variable& s) { return s.name == name && !s.value.isEmpty(); })
            && !findVariable(environment.variables, name);
    };
    for (qsizetype i = 0; i < profile.variables.size(); ++i) {
        require(merged.variables.at(i).name == profile.variables.at(i).name, "the profile's variables moved");
        if (!findVariable(environment.variables, profile.variables.at(i).name)
            && !keptSecret(profile.variables.at(i).name))
            require(merged.variables.at(i) == profile.variables.at(i), "an untouched variable changed");
    }
    // A secret of the environment becomes a *secret* variable (its value in the keychain) or nothing; never a
    // plain variable the profile did not have and the environment did not also bring as a plain variable.
    for (const Profiles::Variable& s : environment.secrets) {
        const Profiles::Variable* now = findVariable(merged.variables, s.name);
        if (now && !findVariable(profile.variables, s.name) && !findVariable(environment.variables, s.name))
            require(now->secret && now->value.isEmpty(), "a secret variable became a plain profile variable");
        if (keptSecret(s.name))
            require(!Auth::secretVariable(merged.sessionSecrets, s.name).isEmpty(), "a kept secret lost its value");
    }
    for (const SecretAssignment& a : assignments) {
        if (!a.field)
            continue;
        const Profiles::Variable* secret = findVariable(environment.secrets, a.variable);
        // An empty value changes nothing (it must not clear what the profile had).
        const QString expected
            = secret && !secret->value.isEmpty() ? secret->value : Auth::secretValue(profile.sessionSecrets, *a.field);
        require(Auth::secretValue(merged.sessionSecrets, *a.field) == expected,
                "an assigned secret field holds another value");
    }
    // What would be written to the profile file does not depend on the secrets.
    Profile withoutSecrets = merged;
    withoutSecrets.sessionSecrets = {};
    const QJsonObject file = Profiles::ProfileJson::toJson(merged);
    require(file == Profiles::ProfileJson::toJson(withoutSecrets), "a secret reaches the profile file");

    const Profile twice = mergeEnvironment(merged, environment, assignments);
    require(twice.variables == merged.variables && twice.sessionSecrets == merged.sessionSecrets,
            "merging again changed the profile");

    QString error;
    const std::optional<Profile> reread
        = Profiles::ProfileJson::fromJson(file, Profiles::ProfileJson::kSchemaVersion, &error);
    require(reread.has_value(), "a merged profile writes a file that does not load");
    require(Profiles::ProfileJson::toJson(*reread) == file, "a merged profile changes when saved and reloaded");
    return 0;
}
