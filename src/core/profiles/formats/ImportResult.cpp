#include "profiles/formats/ImportResult.h"

#include <QRegularExpression>

namespace Authlens::Formats {

QString formatName(ImportFormat format)
{
    switch (format) {
    case ImportFormat::Unknown:
        return QStringLiteral("unknown");
    case ImportFormat::AuthlensProfiles:
        return QStringLiteral("authlens");
    case ImportFormat::Curl:
        return QStringLiteral("curl");
    case ImportFormat::PostmanCollection:
        return QStringLiteral("postman-collection");
    case ImportFormat::PostmanEnvironment:
        return QStringLiteral("postman-environment");
    case ImportFormat::Har:
        return QStringLiteral("har");
    }
    return QStringLiteral("unknown");
}

QString formatLabel(ImportFormat format)
{
    switch (format) {
    case ImportFormat::Unknown:
        return QStringLiteral("unknown format");
    case ImportFormat::AuthlensProfiles:
        return QStringLiteral("Authlens profiles");
    case ImportFormat::Curl:
        return QStringLiteral("curl command");
    case ImportFormat::PostmanCollection:
        return QStringLiteral("Postman collection");
    case ImportFormat::PostmanEnvironment:
        return QStringLiteral("Postman environment");
    case ImportFormat::Har:
        return QStringLiteral("HAR file");
    }
    return QStringLiteral("unknown format");
}

QString importSecretLabel(const Auth::AuthSettings& settings, Auth::SecretField field)
{
    if (settings.method == Auth::Method::AwsSigV4 && field == Auth::SecretField::Password)
        return QStringLiteral("AWS secret access key");
    if (settings.method == Auth::Method::AwsSigV4 && field == Auth::SecretField::Token)
        return QStringLiteral("AWS session token");
    return Auth::secretFieldLabel(field);
}

QList<WarningKind> allWarningKinds()
{
    return {WarningKind::NotImported, WarningKind::ToComplete, WarningKind::Keychain, WarningKind::Ignored,
            WarningKind::Changed};
}

WarningKind warningKind(QStringView warning)
{
    // The importers' warnings say what happened in so many words; the first match wins, so a warning that
    // says both "not imported" and "enter it" is about what was lost.
    static const QRegularExpression notImported(
        QStringLiteral("not imported|left out|\\bskipped\\b|\\bdropped\\b|not kept|left empty|imported without"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression toComplete(
        QStringLiteral("\\benter (it|them|their|the)\\b|\\bpaste one\\b|import the Postman environment|edit the "
                       "profile|set the base URL"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression keychain(QStringLiteral("keychain"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression ignored(
        QStringLiteral("\\bignored\\b|not supported|not used|not expanded|\\bis unknown\\b"),
        QRegularExpression::CaseInsensitiveOption);
    if (notImported.match(warning).hasMatch())
        return WarningKind::NotImported;
    if (toComplete.match(warning).hasMatch())
        return WarningKind::ToComplete;
    if (keychain.match(warning).hasMatch())
        return WarningKind::Keychain;
    if (ignored.match(warning).hasMatch())
        return WarningKind::Ignored;
    return WarningKind::Changed;
}

QString warningKindName(WarningKind kind)
{
    switch (kind) {
    case WarningKind::NotImported:
        return QStringLiteral("not-imported");
    case WarningKind::ToComplete:
        return QStringLiteral("to-complete");
    case WarningKind::Keychain:
        return QStringLiteral("keychain");
    case WarningKind::Ignored:
        return QStringLiteral("ignored");
    case WarningKind::Changed:
        return QStringLiteral("changed");
    }
    return QStringLiteral("changed");
}

QString warningKindLabel(WarningKind kind)
{
    switch (kind) {
    case WarningKind::NotImported:
        return QStringLiteral("Not imported");
    case WarningKind::ToComplete:
        return QStringLiteral("To complete before use");
    case WarningKind::Keychain:
        return QStringLiteral("Kept in the keychain");
    case WarningKind::Ignored:
        return QStringLiteral("Ignored or not supported");
    case WarningKind::Changed:
        return QStringLiteral("Changed on import");
    }
    return QStringLiteral("Changed on import");
}

} // namespace Authlens::Formats
