#pragma once

#include "http/RequestSpec.h"
#include "profiles/Profile.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Authlens::Formats {

/// The kinds of file or text a user brings to "Import". detectFormat() tells them apart.
enum class ImportFormat {
    Unknown,
    AuthlensProfiles, ///< `.authlens.json`, top-level `"format": "authlens-profiles"` (read by the native importer)
    Curl, ///< a curl command line (bash or Windows cmd flavour)
    PostmanCollection, ///< Postman Collection v2.0 / v2.1
    PostmanEnvironment, ///< Postman environment export
    Har, ///< HTTP Archive 1.2
};

/// Stable machine name: "unknown", "authlens", "curl", "postman-collection", "postman-environment", "har".
QString formatName(ImportFormat format);
/// For the UI: "curl command", "Postman collection", …
QString formatLabel(ImportFormat format);

/// A credential found in the input that a profile has no field for: a Cookie header, or a second
/// credential header when the profile's auth method already holds the first one. It is a secret: the
/// caller keeps it in memory or in the keychain, never in a profile file.
struct ExtraCredential
{
    qsizetype profileIndex = 0; ///< index into ImportResult::profiles
    Http::Credential credential;

    friend bool operator==(const ExtraCredential&, const ExtraCredential&) = default;
};

/// A secret value the import keeps in the keychain, for the import report: where it was found and who may
/// receive it. The value itself is never in here (only a masked preview).
struct KeychainEntry
{
    qsizetype profileIndex = 0; ///< index into ImportResult::profiles
    QString field; ///< what holds it: "Bearer token", "secret variable {{client_secret}}"
    QString source; ///< where the input had it: "request “Get token”, body field client_secret"
    QString preview; ///< the first characters and "…", or "…" for a short value
    QStringList origins; ///< the origins that may receive it: "https://api.example.com"

    friend bool operator==(const KeychainEntry&, const KeychainEntry&) = default;
};

/// What a warning of an import says, to show warnings grouped (the import preview) and to name their kind
/// (the CLI's `warning_kinds`). The order is the order the preview shows the groups in.
enum class WarningKind {
    NotImported, ///< something the input had is not in the profile: left out, skipped, dropped
    ToComplete, ///< the profile needs a value or a setting from the user before it works
    Keychain, ///< a credential kept in the keychain in another form than the input had it
    Ignored, ///< an option or setting Authlens does not support or does not need
    Changed, ///< imported, but not quite as the input had it
};

/// Every kind, in the order the preview shows them.
QList<WarningKind> allWarningKinds();
/// The kind of a warning of ImportResult::warnings, EnvironmentImport::warnings or ShareFile::Parsed::warnings, from
/// what it says ("… were not imported" is NotImported, "enter it in the profile" is ToComplete). Pure.
WarningKind warningKind(QStringView warning);
/// What a secret of `settings`' method is called in the import report and its warnings: "Password", "Access
/// token", …, and for AWS Signature v4 "AWS secret access key" and "AWS session token" (the fields the method
/// keeps them in, AuthSecrets::password and ::token, are named for other methods).
QString importSecretLabel(const Auth::AuthSettings& settings, Auth::SecretField field);

/// Stable machine name: "not-imported", "to-complete", "keychain", "ignored", "changed".
QString warningKindName(WarningKind kind);
/// For the UI: "Not imported", "To complete before use", "Kept in the keychain", "Ignored", "Changed on import".
QString warningKindLabel(WarningKind kind);

/// What an importer produced. Profiles carry their secret values in `sessionSecrets` only; the
/// caller moves them into the keychain (SecretStore) when the user confirms the import.
struct ImportResult
{
    ImportFormat format = ImportFormat::Unknown;
    QList<Profiles::Profile> profiles;
    QList<ExtraCredential> extraCredentials;
    /// Every secret value that goes to the keychain (sealImport()), for the report the user confirms.
    QList<KeychainEntry> keychain;
    /// Everything the user should read before confirming: ignored options, unsupported auth,
    /// values that were not imported and why. Never contains a whole secret value (at most the
    /// first characters of a stray argument, to say which one).
    QStringList warnings;
    QString error; ///< set when nothing could be imported; profiles is then empty

    bool ok() const { return error.isEmpty(); }
};

/// A Postman environment: variables to merge into a profile the user picks.
struct EnvironmentImport
{
    QString name;
    QList<Profiles::Variable> variables; ///< enabled, non-secret variables
    /// Secret-typed (or secret-looking) variables, kept out of `variables` because variables are
    /// saved in the profile file. The caller may offer to put one into the keychain (e.g. as the
    /// profile's access token); it must never write them to a file.
    QList<Profiles::Variable> secrets;
    QStringList warnings;
    QString error;

    bool ok() const { return error.isEmpty(); }
};

} // namespace Authlens::Formats
