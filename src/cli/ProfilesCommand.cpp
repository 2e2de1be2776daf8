#include "ProfilesCommand.h"

#include "CliCommon.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileJson.h"
#include "profiles/ProfileSecrets.h"
#include "profiles/ProfileStore.h"
#include "profiles/ShareFile.h"
#include "profiles/formats/EnvironmentMerge.h"
#include "profiles/formats/FormatDetection.h"
#include "profiles/formats/ImportFile.h"
#include "profiles/formats/PostmanImport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>

namespace Authlens::Cli {

using namespace Authlens::Profiles;

namespace {

/// The CLI is a one-shot process: wait for the asynchronous keychain here, at the outermost level.
ProfileSecrets::Outcome waitFor(const std::function<void(QObject*, ProfileSecrets::Done)>& call)
{
    ProfileSecrets::Outcome outcome;
    QEventLoop loop;
    call(&loop, [&](const ProfileSecrets::Outcome& o) {
        outcome = o;
        loop.quit();
    });
    loop.exec();
    return outcome;
}

QString firstError(const ProfileSecrets::Outcome& o)
{
    return o.errors.isEmpty() ? QString() : o.errors.constFirst().message;
}

const Profile* findProfile(const QList<Profile>& profiles, const QString& nameOrId)
{
    for (const Profile& p : profiles) {
        if (p.id == nameOrId)
            return &p;
    }
    for (const Profile& p : profiles) {
        if (p.name.compare(nameOrId, Qt::CaseInsensitive) == 0)
            return &p;
    }
    return nullptr;
}

std::optional<QString> readPassphrase(const QCommandLineParser& parser, const QCommandLineOption& opt, int* exitCode)
{
    if (!parser.isSet(opt))
        return QString();
    QFile file(parser.value(opt));
    if (!file.open(QIODevice::ReadOnly)) {
        printError(QStringLiteral("cannot read the passphrase file %1: %2").arg(file.fileName(), file.errorString()));
        *exitCode = ExitBadInput;
        return std::nullopt;
    }
    // One line, as `echo pass > file` writes it.
    const QString pass = QString::fromUtf8(file.readAll()).section(u'\n', 0, 0).remove(u'\r');
    if (pass.isEmpty()) {
        printError(QStringLiteral("the passphrase file %1 is empty").arg(file.fileName()));
        *exitCode = ExitBadInput;
        return std::nullopt;
    }
    return pass;
}

QJsonArray recipientsJson(const Profile& p)
{
    QJsonArray out;
    for (const ShareFile::Recipient& r : ShareFile::recipients(p))
        out.append(QJsonObject {{QStringLiteral("origin"), r.origin},
                                {QStringLiteral("credentials"), QJsonArray::fromStringList(r.credentials)}});
    return out;
}

QJsonObject summary(const Profile& p)
{
    return {{QStringLiteral("id"), p.id},
            {QStringLiteral("name"), p.name},
            {QStringLiteral("base_url"), p.baseUrl},
            {QStringLiteral("auth"), Auth::methodName(p.auth.method)},
            {QStringLiteral("requests"), int(p.requests.size())}};
}

void output(const QJsonObject& json, const QString& text, bool jsonFlag, bool textFlag)
{
    if (outputMode(jsonFlag, textFlag) == OutputMode::Json)
        printJson(json);
    else
        printText(text);
}

int list(const ProfileStore& store, bool json, bool text)
{
    const auto loaded = store.loadAll();
    QJsonArray profiles;
    QString readable;
    for (const Profile& p : loaded.profiles) {
        profiles.append(summary(p));
        readable += QStringLiteral("%1  %2  (%3, %4)\n").arg(p.id, p.name, Auth::methodName(p.auth.method), p.baseUrl);
    }
    if (loaded.profiles.isEmpty())
        readable = QStringLiteral("No stored profiles in %1. Demo profiles (demo-basic, demo-bearer, …) work with "
                                  "`send --profile`.\n")
                       .arg(store.directory());
    for (const QString& e : loaded.errors) {
        printError(e);
        readable += u"! " + e + u'\n';
    }
    output(
        {{QStringLiteral("profiles"), profiles}, {QStringLiteral("errors"), QJsonArray::fromStringList(loaded.errors)}},
        readable, json, text);
    return ExitDone;
}

int show(const ProfileStore& store, const QString& name, bool json, bool text)
{
    const auto loaded = store.loadAll();
    const Profile* p = findProfile(loaded.profiles, name);
    if (!p) {
        printError(QStringLiteral("no stored profile named \"%1\"").arg(name));
        return ExitBadInput;
    }
    KeychainSecretStore keychain;
    const auto secrets
        = waitFor([&](QObject* c, ProfileSecrets::Done d) { ProfileSecrets::load(keychain, p->id, c, d); });
    QJsonObject stored;
    for (Auth::SecretField f : Auth::allSecretFields()) {
        if (!Auth::secretValue(secrets.secrets, f).isEmpty())
            stored[Auth::secretFieldName(f)] = QStringLiteral("in keychain");
    }
    QJsonObject out {{QStringLiteral("profile"), ProfileJson::toJson(*p)},
                     {QStringLiteral("secrets"), stored},
                     {QStringLiteral("recipients"), recipientsJson(*p)}};
    if (!secrets.ok())
        out[u"keychain_error"] = firstError(secrets);
    QString readable = QStringLiteral("%1 (%2)\n  base URL: %3\n  auth: %4\n  secrets in keychain: %5\n")
                           .arg(p->name, p->id, p->baseUrl, Auth::methodName(p->auth.method),
                                stored.isEmpty() ? QStringLiteral("none") : stored.keys().join(QStringLiteral(", ")));
    for (const SavedRequest& r : p->requests)
        readable += QStringLiteral("  request: %1 %2 %3\n").arg(r.name, QString::fromLatin1(r.method), r.url);
    output(out, readable, json, text);
    if (!secrets.ok()) {
        printError(firstError(secrets));
        return ExitNetwork;
    }
    return ExitDone;
}

int exportProfiles(const ProfileStore& store, const QStringList& names, const QString& outPath,
                   const QString& passphrase, bool json, bool text)
{
    const auto loaded = store.loadAll();
    QList<Profile> chosen;
    for (const QString& name : names) {
        const Profile* p = findProfile(loaded.profiles, name);
        if (!p) {
            printError(QStringLiteral("no stored profile named \"%1\"").arg(name));
            return ExitBadInput;
        }
        chosen.append(*p);
    }
    KeychainSecretStore keychain;
    for (Profile& p : chosen) {
        // Secrets are read (to report them, and to encrypt them with a passphrase); none goes out in clear.
        const auto s = waitFor([&](QObject* c, ProfileSecrets::Done d) { ProfileSecrets::load(keychain, p.id, c, d); });
        if (!s.ok() && !passphrase.isEmpty()) {
            printError(QStringLiteral("cannot read the secrets of %1: %2").arg(p.name, firstError(s)));
            return ExitNetwork;
        }
        p.sessionSecrets = s.secrets;
    }
    ShareFile::ExportOptions options;
    options.passphrase = passphrase;
    const auto result = ShareFile::exportProfiles(chosen, options);
    if (!result.error.isEmpty()) {
        printError(result.error);
        return ExitBadInput;
    }
    QSaveFile file(outPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(result.content) != result.content.size() || !file.commit()) {
        printError(QStringLiteral("cannot write %1: %2").arg(outPath, file.errorString()));
        return ExitBadInput;
    }
    QJsonArray report;
    QString readable = QStringLiteral("Exported %1 profile(s) to %2%3\n")
                           .arg(chosen.size())
                           .arg(outPath,
                                passphrase.isEmpty() ? QStringLiteral(" without secrets")
                                                     : QStringLiteral(" with secrets encrypted (AES-256-GCM)"));
    for (const ShareFile::Redaction& r : result.report) {
        report.append(QJsonObject {{QStringLiteral("profile"), r.profileName},
                                   {QStringLiteral("location"), r.location},
                                   {QStringLiteral("kind"), r.kind},
                                   {QStringLiteral("removed"), r.removed}});
        readable += QStringLiteral("  %1: %2 — %3 (%4)\n")
                        .arg(r.removed ? QStringLiteral("removed") : QStringLiteral("kept"), r.profileName, r.location,
                             r.kind);
    }
    output({{QStringLiteral("file"), outPath},
            {QStringLiteral("profiles"), int(chosen.size())},
            {QStringLiteral("secrets_included"), !passphrase.isEmpty()},
            {QStringLiteral("redactions"), report}},
           readable, json, text);
    return ExitDone;
}

/// Secrets first: a profile is only saved once its secrets are safe in the keychain. An exit code.
int storeWithSecrets(const ProfileStore& store, SecretStore& keychain, const Profile& profile)
{
    const auto saved = waitFor([&](QObject* c, ProfileSecrets::Done d) {
        ProfileSecrets::save(keychain, profile.id, profile.sessionSecrets, c, d);
    });
    if (!saved.ok()) {
        printError(
            QStringLiteral("cannot store the secrets of %1 in the keychain: %2").arg(profile.name, firstError(saved)));
        return ExitNetwork;
    }
    QString error;
    if (!store.save(profile, &error)) {
        printError(error);
        return ExitBadInput;
    }
    return ExitDone;
}

/// A Postman environment merged into a stored profile: variables into its variables, secret
/// variables into the secret fields their names suggest (keychain), the rest left out.
int mergeEnvironmentInto(const ProfileStore& store, const QByteArray& content, const QString& into, bool json,
                         bool text)
{
    const Formats::EnvironmentImport environment = Formats::importPostmanEnvironment(content);
    if (!environment.ok()) {
        printError(environment.error);
        return ExitBadInput;
    }
    if (into.isEmpty()) {
        printError(QStringLiteral("this is a Postman environment: it holds variables for a profile. Import it into "
                                  "one with --into NAME (see `authlens-cli profiles list`)"));
        return ExitUsage;
    }
    int exitCode = ExitDone;
    const std::optional<Profile> target = loadStoredProfile(into, &exitCode);
    if (exitCode != ExitDone)
        return exitCode;
    if (!target) {
        printError(QStringLiteral("no stored profile named \"%1\" (see `authlens-cli profiles list`)").arg(into));
        return ExitBadInput;
    }
    const QList<Formats::VariableChange> changes = Formats::planEnvironmentMerge(*target, environment);
    const QList<Formats::SecretAssignment> assignments = Formats::suggestedAssignments(environment);
    const Profile merged = Formats::mergeEnvironment(*target, environment, assignments);

    KeychainSecretStore keychain;
    if (const int code = storeWithSecrets(store, keychain, merged); code != ExitDone)
        return code;
    QJsonArray added;
    QJsonArray changed;
    QString readable = QStringLiteral("merged Postman environment \"%1\" into %2 (%3)\n")
                           .arg(environment.name, merged.name, merged.id);
    for (const Formats::VariableChange& c : changes) {
        if (c.kind == Formats::VariableChange::Kind::Added) {
            added.append(c.name);
            readable += QStringLiteral("  + %1\n").arg(c.name);
        } else if (c.kind == Formats::VariableChange::Kind::Changed) {
            changed.append(c.name);
            readable += QStringLiteral("  ~ %1\n").arg(c.name);
        }
    }
    QJsonArray secrets;
    for (const Formats::SecretAssignment& a : assignments) {
        const QString field = a.field ? Auth::secretFieldName(*a.field) : QString();
        secrets.append(QJsonObject {{QStringLiteral("variable"), a.variable},
                                    {QStringLiteral("stored_as"), a.field ? QJsonValue(field) : QJsonValue()}});
        readable += a.field ? QStringLiteral("  secret %1 → keychain (%2)\n").arg(a.variable, field)
                            : QStringLiteral("  secret %1 left out (no matching secret field)\n").arg(a.variable);
    }
    for (const QString& w : environment.warnings)
        printError(w);
    output({{QStringLiteral("format"), Formats::formatName(Formats::ImportFormat::PostmanEnvironment)},
            {QStringLiteral("profile"), merged.id},
            {QStringLiteral("variables_added"), added},
            {QStringLiteral("variables_changed"), changed},
            {QStringLiteral("secrets"), secrets}},
           readable, json, text);
    return ExitDone;
}

int importFile(const ProfileStore& store, const QString& path, const QString& passphrase, const QString& onConflict,
               const QString& into, bool json, bool text)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        printError(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return ExitBadInput;
    }
    if (file.size() > ShareFile::kMaxFileSize) {
        printError(QStringLiteral("%1 is larger than %2 MB").arg(path).arg(ShareFile::kMaxFileSize >> 20));
        return ExitBadInput;
    }
    const QByteArray content = file.readAll();
    // Shared .authlens.json files, or what users bring: a curl command, a Postman collection, a HAR.
    const Formats::ImportFormat format = Formats::detectFormat(content, path);
    if (format == Formats::ImportFormat::PostmanEnvironment)
        return mergeEnvironmentInto(store, content, into, json, text);
    ShareFile::Parsed parsed;
    if (format == Formats::ImportFormat::AuthlensProfiles || format == Formats::ImportFormat::Unknown) {
        parsed = ShareFile::parse(content, passphrase);
    } else {
        const Formats::ImportResult imported = Formats::importFile(content, path);
        parsed.error = imported.error;
        parsed.profiles = imported.profiles;
        parsed.warnings = imported.warnings;
        for (const Formats::ExtraCredential& extra : imported.extraCredentials)
            parsed.warnings.append(QStringLiteral("not imported (a profile keeps one auth method): %1 %2")
                                       .arg(extra.credential.label, QString::fromLatin1(extra.credential.name)));
    }
    if (!parsed.ok()) {
        printError(QStringLiteral("%1: %2").arg(path, parsed.error));
        return ExitBadInput;
    }
    const auto existing = store.loadAll().profiles;
    auto items = ShareFile::plan(parsed.profiles, existing);
    const ShareFile::Resolution onConflictResolution = onConflict == u"replace" ? ShareFile::Resolution::Replace
        : onConflict == u"skip"                                                 ? ShareFile::Resolution::Skip
                                                                                : ShareFile::Resolution::Rename;
    for (auto& item : items) {
        if (item.conflict != ShareFile::Conflict::None)
            item.resolution = onConflictResolution;
    }
    QStringList replaced;
    const QList<Profile> toStore = ShareFile::resolve(items, existing, &replaced);
    KeychainSecretStore keychain;
    QJsonArray imported;
    QString readable;
    for (const Profile& p : toStore) {
        if (const int code = storeWithSecrets(store, keychain, p); code != ExitDone)
            return code;
        QJsonObject s = summary(p);
        s[u"recipients"] = recipientsJson(p);
        s[u"replaced"] = replaced.contains(p.id);
        imported.append(s);
        readable += QStringLiteral("imported %1 (%2)\n").arg(p.name, p.id);
        for (const auto& r : ShareFile::recipients(p))
            readable += QStringLiteral("  %1 receives: %2\n").arg(r.origin, r.credentials.join(QStringLiteral("; ")));
    }
    for (const QString& w : parsed.warnings)
        printError(w);
    output({{QStringLiteral("format"), Formats::formatName(format)},
            {QStringLiteral("imported"), imported},
            {QStringLiteral("skipped"), int(items.size() - toStore.size())},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(parsed.warnings)}},
           readable, json, text);
    return ExitDone;
}

} // namespace

std::optional<Profile> loadStoredProfile(const QString& nameOrId, int* exitCode)
{
    const ProfileStore store;
    const auto loaded = store.loadAll();
    const Profile* found = findProfile(loaded.profiles, nameOrId);
    if (!found)
        return std::nullopt;
    Profile p = *found;
    KeychainSecretStore keychain;
    const auto secrets
        = waitFor([&](QObject* c, ProfileSecrets::Done d) { ProfileSecrets::load(keychain, p.id, c, d); });
    if (!secrets.ok()) {
        printError(
            QStringLiteral("cannot read the secrets of %1 from the keychain: %2").arg(p.name, firstError(secrets)));
        *exitCode = ExitNetwork;
        return std::nullopt;
    }
    p.sessionSecrets = secrets.secrets;
    return p;
}

int runProfiles(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Stored profiles: list, show, export to and import from files."));
    parser.addPositionalArgument(QStringLiteral("profiles"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("list | show NAME | export NAME... | import FILE"));
    const QCommandLineOption outOpt({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("export: the file to write."), QStringLiteral("FILE"));
    const QCommandLineOption passOpt(
        QStringLiteral("passphrase-file"),
        QStringLiteral("Include secrets, encrypted with the passphrase in this file (export), "
                       "or decrypt them (import)."),
        QStringLiteral("F"));
    const QCommandLineOption conflictOpt(
        QStringLiteral("on-conflict"), QStringLiteral("import: rename (default), replace or skip profiles that exist."),
        QStringLiteral("WHAT"), QStringLiteral("rename"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("JSON output (default when piped)."));
    const QCommandLineOption textOpt(QStringLiteral("text"), QStringLiteral("Readable output."));
    const QCommandLineOption intoOpt(QStringLiteral("into"),
                                     QStringLiteral("import: merge a Postman environment into this profile."),
                                     QStringLiteral("NAME"));
    parser.addOptions({outOpt, passOpt, conflictOpt, intoOpt, jsonOpt, textOpt});
    if (const std::optional<int> code = parseArguments(parser, arguments))
        return *code;
    const QStringList args = parser.positionalArguments().mid(1);
    const QString action = args.value(0);
    const bool json = parser.isSet(jsonOpt);
    const bool text = parser.isSet(textOpt);
    const ProfileStore store;
    int exitCode = ExitDone;
    if (action == u"list" && args.size() == 1)
        return list(store, json, text);
    if (action == u"show" && args.size() == 2)
        return show(store, args.at(1), json, text);
    if (action == u"export" && args.size() >= 2) {
        if (!parser.isSet(outOpt)) {
            printError(QStringLiteral("export needs -o FILE"));
            return ExitUsage;
        }
        const auto pass = readPassphrase(parser, passOpt, &exitCode);
        if (!pass)
            return exitCode;
        return exportProfiles(store, args.mid(1), parser.value(outOpt), *pass, json, text);
    }
    if (action == u"import" && args.size() == 2) {
        const QString onConflict = parser.value(conflictOpt);
        if (onConflict != u"rename" && onConflict != u"replace" && onConflict != u"skip") {
            printError(QStringLiteral("--on-conflict expects rename, replace or skip"));
            return ExitUsage;
        }
        const auto pass = readPassphrase(parser, passOpt, &exitCode);
        if (!pass)
            return exitCode;
        return importFile(store, args.at(1), *pass, onConflict, parser.value(intoOpt), json, text);
    }
    printError(QStringLiteral("usage: profiles list | show NAME | export NAME... -o FILE [--passphrase-file F] | "
                              "import FILE [--passphrase-file F] [--on-conflict rename|replace|skip] [--into NAME]"));
    return ExitUsage;
}

} // namespace Authlens::Cli
