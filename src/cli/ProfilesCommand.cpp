#include "ProfilesCommand.h"

#include "CliCommon.h"
#include "CliWorkspace.h"
#include "CommandRunner.h"
#include "profiles/ProfileJson.h"
#include "profiles/ShareFile.h"
#include "profiles/formats/EnvironmentMerge.h"
#include "profiles/formats/FormatDetection.h"
#include "profiles/formats/ImportFile.h"
#include "profiles/formats/PostmanImport.h"
#include "workspace/SecretsCache.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>

namespace Authlens::Cli {

using namespace Authlens::Profiles;

namespace {

using Workspace::Error;

/// Reads the secrets of stored profiles (in the order of `ids`) on the one event loop; `errors` names
/// the profiles whose secrets could not be read.
QList<Profile> withSecrets(CliWorkspace& workspace, const QStringList& ids, QStringList* errors)
{
    QList<Profile> found;
    QObject context;
    runAsync([&](const Finish& finish) {
        workspace.repository().secrets()->withSecrets(ids, &context,
                                                      [&](const QList<Profile>& profiles, const QStringList& e) {
                                                          found = profiles;
                                                          *errors = e;
                                                          finish(ExitDone);
                                                      });
    });
    return found;
}

/// Prints a service's error and gives its exit code (DESIGN.md §6 through Workspace::exitCodeFor()).
int failWith(const Error& error)
{
    printError(error.message);
    return Workspace::exitCodeFor(error);
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
    // One line, as `echo pass > file` writes it. Read no more than a passphrase can be (the "file" may be a
    // device or a pipe that never ends).
    const QString pass
        = QString::fromUtf8(file.read(SecretBox::kMaxPassphraseBytes + 3)).section(u'\n', 0, 0).remove(u'\r');
    if (const QString tooLong = SecretBox::passphraseError(pass); !tooLong.isEmpty() || !file.atEnd()) {
        printError(QStringLiteral("the passphrase file %1: %2")
                       .arg(file.fileName(),
                            tooLong.isEmpty()
                                ? QStringLiteral("it is longer than a passphrase can be (at most %1 bytes)")
                                      .arg(SecretBox::kMaxPassphraseBytes)
                                : tooLong));
        *exitCode = ExitBadInput;
        return std::nullopt;
    }
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

int list(CliWorkspace& workspace, bool json, bool text)
{
    Workspace::ProfileRepository& repository = workspace.repository();
    repository.load();
    const QList<Profile> stored = repository.storedProfiles();
    QJsonArray profiles;
    QString readable;
    for (const Profile& p : stored) {
        profiles.append(summary(p));
        readable += QStringLiteral("%1  %2  (%3, %4)\n").arg(p.id, p.name, Auth::methodName(p.auth.method), p.baseUrl);
    }
    if (stored.isEmpty())
        readable = QStringLiteral("No stored profiles in %1. Demo profiles (demo-basic, demo-bearer, …) work with "
                                  "`send --profile`.\n")
                       .arg(repository.store().directory());
    const QStringList errors = repository.loadErrors();
    for (const QString& e : errors) {
        printError(e);
        readable += u"! " + e + u'\n';
    }
    output({{QStringLiteral("profiles"), profiles}, {QStringLiteral("errors"), QJsonArray::fromStringList(errors)}},
           readable, json, text);
    return ExitDone;
}

int show(CliWorkspace& workspace, const QString& name, bool json, bool text)
{
    workspace.repository().load();
    QStringList ambiguous;
    const Profile* stored = workspace.repository().findByIdOrName(name, &ambiguous);
    if (!stored) {
        printError(ambiguous.isEmpty() ? QStringLiteral("no stored profile named \"%1\"").arg(name)
                                       : Workspace::ProfileRepository::ambiguousNameError(name, ambiguous));
        return ExitBadInput;
    }
    QStringList errors;
    const QList<Profile> found = withSecrets(workspace, {stored->id}, &errors);
    if (found.isEmpty()) {
        printError(QStringLiteral("no stored profile named \"%1\"").arg(name));
        return ExitBadInput;
    }
    const Profile& p = found.constFirst();
    QJsonObject secrets;
    for (Auth::SecretField f : Auth::allSecretFields()) {
        if (!Auth::secretValue(p.sessionSecrets, f).isEmpty())
            secrets[Auth::secretFieldName(f)] = QStringLiteral("in keychain");
    }
    const QString keychainError = workspace.repository().secrets()->error(p.id);
    QJsonObject out {{QStringLiteral("profile"), ProfileJson::toJson(p)},
                     {QStringLiteral("secrets"), secrets},
                     {QStringLiteral("recipients"), recipientsJson(p)}};
    if (!errors.isEmpty())
        out[u"keychain_error"] = keychainError;
    QString readable = QStringLiteral("%1 (%2)\n  base URL: %3\n  auth: %4\n  secrets in keychain: %5\n")
                           .arg(p.name, p.id, p.baseUrl, Auth::methodName(p.auth.method),
                                secrets.isEmpty() ? QStringLiteral("none") : secrets.keys().join(QStringLiteral(", ")));
    for (const SavedRequest& r : p.requests)
        readable += QStringLiteral("  request: %1 %2 %3%4\n")
                        .arg(r.name, QString::fromLatin1(r.method), r.url,
                             r.auth.mode == Profiles::RequestAuth::Mode::None ? QStringLiteral(" (no auth)")
                                 : r.auth.mode == Profiles::RequestAuth::Mode::Own
                                 ? QStringLiteral(" (own auth: %1)").arg(Auth::methodName(r.auth.settings.method))
                                 : QString());
    output(out, readable, json, text);
    if (!errors.isEmpty())
        return failWith({Workspace::ErrorKind::Keychain, keychainError});
    return ExitDone;
}

int exportProfiles(CliWorkspace& workspace, const QStringList& names, const QString& outPath, const QString& passphrase,
                   bool json, bool text)
{
    workspace.repository().load();
    QStringList ids;
    for (const QString& name : names) {
        QStringList ambiguous;
        const Profile* p = workspace.repository().findByIdOrName(name, &ambiguous);
        if (!p) {
            printError(ambiguous.isEmpty() ? QStringLiteral("no stored profile named \"%1\"").arg(name)
                                           : Workspace::ProfileRepository::ambiguousNameError(name, ambiguous));
            return ExitBadInput;
        }
        ids.append(p->id);
    }
    // Secrets are read (to report them, and to encrypt them with a passphrase); none goes out in clear.
    QStringList errors;
    const QList<Profile> chosen = withSecrets(workspace, ids, &errors);
    if (!errors.isEmpty() && !passphrase.isEmpty())
        return failWith(
            {Workspace::ErrorKind::Keychain,
             QStringLiteral("cannot read the secrets to export: %1").arg(errors.join(QStringLiteral("; ")))});
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

/// A Postman environment merged into a stored profile: variables into its variables, secret ones into
/// secret variables (keychain) and the secret fields their names suggest; secrets without a value left out.
int mergeEnvironmentInto(CliWorkspace& workspace, const QByteArray& content, const QString& into, bool json, bool text)
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
    const QList<Formats::SecretAssignment> assignments = Formats::suggestedAssignments(environment);
    QList<Formats::VariableChange> changes;
    Profile merged;
    // The target with its secrets, merged, then saved through the repository: secrets first, then the file.
    QObject context;
    const int code = runAsync([&](const Finish& finish) {
        workspace.withStoredProfile(into, &context, [&](const std::optional<Profile>& target, const Error& error) {
            if (error.isError()) {
                finish(failWith(error));
                return;
            }
            if (!target) {
                printError(
                    QStringLiteral("no stored profile named \"%1\" (see `authlens-cli profiles list`)").arg(into));
                finish(ExitBadInput);
                return;
            }
            changes = Formats::planEnvironmentMerge(*target, environment);
            merged = Formats::mergeEnvironment(*target, environment, assignments);
            workspace.repository().save(merged, &context, [&](const QString&, const Error& saved) {
                finish(saved.isError() ? failWith(saved) : ExitDone);
            });
        });
    });
    if (code != ExitDone)
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
    // What really went to the keychain: a secret without a value went nowhere and changed nothing.
    QJsonArray secrets;
    for (const Formats::SecretOutcome& o : Formats::secretOutcomes(environment, assignments)) {
        const QString field = o.field ? Auth::secretFieldName(*o.field) : QString();
        secrets.append(QJsonObject {{QStringLiteral("variable"), o.variable},
                                    {QStringLiteral("stored"), o.stored},
                                    {QStringLiteral("stored_as"), o.field ? QJsonValue(field) : QJsonValue()}});
        if (!o.stored)
            readable += QStringLiteral("  secret %1 left out (no value in the environment)\n").arg(o.variable);
        else if (o.field)
            readable += QStringLiteral("  secret %1 → keychain (secret variable, and the %2 field)\n")
                            .arg(o.variable, field);
        else
            readable += QStringLiteral("  secret %1 → keychain (secret variable)\n").arg(o.variable);
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

int importFile(CliWorkspace& workspace, const QString& path, const QString& passphrase, const QString& onConflict,
               const QString& into, bool json, bool text)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        printError(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return ExitBadInput;
    }
    // Refused by its size before it is read; a device or a pipe (no size) is read up to the limit only.
    if (file.size() > ShareFile::kMaxFileSize) {
        printError(QStringLiteral("%1 is larger than %2 MB").arg(path).arg(ShareFile::kMaxFileSize >> 20));
        return ExitBadInput;
    }
    const QByteArray content = file.read(ShareFile::kMaxFileSize + 1);
    if (content.size() > ShareFile::kMaxFileSize) {
        printError(QStringLiteral("%1 is larger than %2 MB").arg(path).arg(ShareFile::kMaxFileSize >> 20));
        return ExitBadInput;
    }
    // Shared .authlens.json files, or what users bring: a curl command, a Postman collection, a HAR.
    const Formats::ImportFormat format = Formats::detectFormat(content, path);
    if (format == Formats::ImportFormat::PostmanEnvironment)
        return mergeEnvironmentInto(workspace, content, into, json, text);
    ShareFile::Parsed parsed;
    QList<Formats::KeychainEntry> keychain; // what the import keeps in the keychain, for the report
    if (format == Formats::ImportFormat::Unknown) {
        if (const QString refused = Formats::unsupportedInputError(content); !refused.isEmpty()) {
            printError(QStringLiteral("%1: %2").arg(path, refused));
            return ExitBadInput;
        }
    }
    if (format == Formats::ImportFormat::AuthlensProfiles || format == Formats::ImportFormat::Unknown) {
        parsed = ShareFile::parse(content, passphrase);
    } else {
        const Formats::ImportResult imported = Formats::importFile(content, path);
        parsed.error = imported.error;
        parsed.profiles = imported.profiles;
        parsed.warnings = imported.warnings;
        keychain = imported.keychain;
    }
    if (!parsed.ok()) {
        printError(QStringLiteral("%1: %2").arg(path, parsed.error));
        return ExitBadInput;
    }
    Workspace::ProfileRepository& repository = workspace.repository();
    repository.load();
    const QList<Profile> existing = repository.storedProfiles();
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
    // Every secret first, then the files: a failing keychain leaves no profile without its secrets.
    Error stored;
    QObject context;
    runAsync([&](const Finish& finish) {
        repository.importProfiles(toStore, replaced, &context, [&](const Error& error) {
            stored = error;
            finish(ExitDone);
        });
    });
    if (stored.isError())
        return failWith(stored);
    QJsonArray imported;
    QString readable;
    QJsonArray keychainJson;
    for (const Formats::KeychainEntry& entry : std::as_const(keychain)) {
        const Profile& incoming = parsed.profiles.at(entry.profileIndex);
        // The profile as stored (a renamed copy has another id and name); a skipped one stores nothing.
        const auto stored = std::find_if(toStore.cbegin(), toStore.cend(), [&](const Profile& p) {
            return p.requests == incoming.requests && p.auth == incoming.auth && p.variables == incoming.variables;
        });
        if (stored == toStore.cend())
            continue;
        keychainJson.append(QJsonObject {{QStringLiteral("profile"), stored->name},
                                         {QStringLiteral("field"), entry.field},
                                         {QStringLiteral("source"), entry.source},
                                         {QStringLiteral("preview"), entry.preview},
                                         {QStringLiteral("origins"), QJsonArray::fromStringList(entry.origins)}});
        readable += QStringLiteral("keychain: %1 of %2 ← %3 (%4); may go to %5\n")
                        .arg(entry.field, stored->name, entry.source, entry.preview,
                             entry.origins.isEmpty() ? QStringLiteral("the URLs it is used with")
                                                     : entry.origins.join(QStringLiteral(", ")));
    }
    for (const Profile& p : toStore) {
        QJsonObject s = summary(p);
        s[u"recipients"] = recipientsJson(p);
        s[u"replaced"] = replaced.contains(p.id);
        imported.append(s);
        readable += QStringLiteral("imported %1 (%2)\n").arg(p.name, p.id);
        for (const auto& r : ShareFile::recipients(p))
            readable += QStringLiteral("  %1 receives: %2\n").arg(r.origin, r.credentials.join(QStringLiteral("; ")));
    }
    QJsonArray warningKinds; // warning_kinds[i] is the kind of warnings[i]
    for (const QString& w : parsed.warnings) {
        printError(w);
        warningKinds.append(Formats::warningKindName(Formats::warningKind(w)));
    }
    output({{QStringLiteral("format"), Formats::formatName(format)},
            {QStringLiteral("imported"), imported},
            {QStringLiteral("skipped"), int(items.size() - toStore.size())},
            {QStringLiteral("keychain"), keychainJson},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(parsed.warnings)},
            {QStringLiteral("warning_kinds"), warningKinds}},
           readable, json, text);
    return ExitDone;
}

} // namespace

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
    CliWorkspace workspace;
    int exitCode = ExitDone;
    if (action == u"list" && args.size() == 1)
        return list(workspace, json, text);
    if (action == u"show" && args.size() == 2)
        return show(workspace, args.at(1), json, text);
    if (action == u"export" && args.size() >= 2) {
        if (!parser.isSet(outOpt)) {
            printError(QStringLiteral("export needs -o FILE"));
            return ExitUsage;
        }
        const auto pass = readPassphrase(parser, passOpt, &exitCode);
        if (!pass)
            return exitCode;
        return exportProfiles(workspace, args.mid(1), parser.value(outOpt), *pass, json, text);
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
        return importFile(workspace, args.at(1), *pass, onConflict, parser.value(intoOpt), json, text);
    }
    printError(QStringLiteral("usage: profiles list | show NAME | export NAME... -o FILE [--passphrase-file F] | "
                              "import FILE [--passphrase-file F] [--on-conflict rename|replace|skip] [--into NAME]"));
    return ExitUsage;
}

} // namespace Authlens::Cli
