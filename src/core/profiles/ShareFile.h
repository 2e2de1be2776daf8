#pragma once

#include "profiles/Profile.h"
#include "profiles/SecretBox.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>

namespace Authlens::Profiles {

/// The `.authlens.json` file profiles are shared with (DESIGN.md §4): no secret unless the exporter
/// gives a passphrase, a redaction report of what was left out, and an import that shows who would
/// receive which credential before anything changes.
namespace ShareFile {

constexpr int kFormatVersion = 1;
constexpr qint64 kMaxFileSize = 20 * 1024 * 1024;
constexpr int kMaxNesting = 64;
/// The longest name a user may give a profile in the import preview (nameProblem()).
constexpr qsizetype kMaxNameLength = 200;

/// One thing the export left out (or kept on request).
struct Redaction
{
    QString key; ///< stable id of this finding, for ExportOptions::keep
    QString profileName;
    QString location; ///< "request “Get user”, header X-Token"
    QString kind; ///< "Password (keychain)", "JWT", "GitHub personal access token (classic)", "high-entropy string"
    QString preview; ///< first characters only
    bool removed = true;
    bool isSecretField = false; ///< a keychain secret (exported only encrypted, never "kept")
};

struct ExportOptions
{
    QString passphrase; ///< non-empty: secrets are included, encrypted
    QSet<QString> keep; ///< Redaction keys of token-like values the user chose to keep
    SecretBox::KdfParams kdf;
};

struct ExportResult
{
    QByteArray content; ///< the file; empty on error
    QList<Redaction> report;
    QString error;
};

/// What an export of these profiles would leave out (the dialog shows it before writing).
QList<Redaction> previewRedactions(const QList<Profile>& profiles, const ExportOptions& options);
/// `profiles` carry their secrets in sessionSecrets (loaded from the keychain by the caller).
ExportResult exportProfiles(const QList<Profile>& profiles, const ExportOptions& options);

/// Who receives which credential: an origin and the credentials a profile would place there.
struct Recipient
{
    QString origin;
    QStringList credentials; ///< "Basic (user alice) with password", "API key X-API-Key (no value)"
};

struct Parsed
{
    QList<Profile> profiles; ///< secrets in sessionSecrets when the file had them and they were decrypted
    bool hasSecrets = false; ///< the file carries an encrypted secrets box
    bool needsPassphrase = false; ///< hasSecrets and no (or a wrong) passphrase was given
    QString error; ///< the file is unusable; nothing may change
    QStringList warnings;
    bool ok() const { return error.isEmpty(); }
};

/// Parses and checks a shared file: size, nesting, format, version, every profile field and URL.
/// A wrong passphrase or a tampered file is an error.
Parsed parse(const QByteArray& content, const QString& passphrase);
/// The recipients of a profile's credentials: its base URL, allowed origins and absolute request URLs.
QList<Recipient> recipients(const Profile& profile);

enum class Conflict { None, SameId, SameName };
enum class Resolution { Import, Rename, Replace, Skip };

struct PlanItem
{
    Profile profile;
    Conflict conflict = Conflict::None;
    QString existingId; ///< the profile it collides with
    QList<Recipient> recipients;
    Resolution resolution = Resolution::Import; ///< default: Import, or Rename on a conflict
    /// The name the file gives the profile; `profile.name` is the name it is imported under (renameItem()).
    QString fileName;
    /// The user chose `profile.name` (renameItem()): a renamed copy keeps it when it is free.
    bool renamed = false;
};

QList<PlanItem> plan(const QList<Profile>& incoming, const QList<Profile>& existing);
/// Why item `index` of `items` cannot be imported under `name`, in words for the user; empty when it can. Refused: an
/// empty name, the name of an existing profile (unless it is the file's own name for the item: that conflict is
/// settled by the item's resolution), the name of another profile of the import that is not skipped. Pure.
QString nameProblem(const QList<PlanItem>& items, qsizetype index, const QString& name, const QList<Profile>& existing);
/// Imports item `index` under `name` (trimmed; nameProblem() must have accepted it) and evaluates its conflict
/// again: a name that is free resolves a name conflict (the item is then imported as it is), the file's own name
/// brings it back (a renamed copy, by default). A skipped item stays skipped. Pure.
void renameItem(QList<PlanItem>& items, qsizetype index, const QString& name, const QList<Profile>& existing);
/// The profiles to store after the user's choices: renamed copies get a new id, and "(imported)" unless the user
/// gave them a free name.
/// `replacedIds` lists existing profiles to overwrite (their secrets are replaced too).
QList<Profile> resolve(const QList<PlanItem>& items, const QList<Profile>& existing, QStringList* replacedIds);

} // namespace ShareFile
} // namespace Authlens::Profiles
