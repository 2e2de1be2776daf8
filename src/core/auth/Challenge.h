#pragma once

#include "AuthParam.h"
#include "ChallengeDiagnostic.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace Authlens::Auth {

/// One challenge (RFC 9110 §11.3) — or, with the same shape, the credentials of an Authorization field
/// (§11.4): `auth-scheme [ 1*SP ( token68 / #auth-param ) ]`.
struct Challenge
{
    QByteArray scheme; ///< as sent (compare case-insensitively, or use isScheme())
    QList<AuthParam> params; ///< in the order sent; a repeated parameter keeps its first occurrence only
    std::optional<QByteArray> token68; ///< set when the scheme is followed by a token68 instead of parameters
    ByteRange schemeRange;
    ByteRange token68Range;
    ByteRange range; ///< from the scheme to the end of the last parameter or token68
    /// Later occurrences of a parameter already given (each a param.duplicate error), in the order sent:
    /// not used, kept so that the user sees everything the server sent.
    QList<AuthParam> repeated;

    /// Case-insensitive comparison with a scheme name.
    bool isScheme(QByteArrayView name) const;
    /// The parameter with that (lower-case) name, or nullptr.
    const AuthParam* param(QByteArrayView lowerName) const;
    /// The parameter's value, or a null QByteArray when absent.
    QByteArray value(QByteArrayView lowerName) const;
    bool hasParam(QByteArrayView lowerName) const { return param(lowerName) != nullptr; }
};

/// What parseChallenges() understood: every challenge it could read, and what was wrong.
struct ChallengeParseResult
{
    QList<Challenge> challenges;
    QList<Diagnostic> diagnostics;
    bool hasErrors() const { return Auth::hasErrors(diagnostics); }
};

/// What parseCredentials() understood of an Authorization / Proxy-Authorization value.
struct CredentialsParseResult
{
    std::optional<Challenge> credentials; ///< absent only when not even a scheme could be read
    QList<Diagnostic> diagnostics;
    bool hasErrors() const { return Auth::hasErrors(diagnostics); }
};

/// What parseAuthenticationInfo() understood of Authentication-Info / Proxy-Authentication-Info.
struct AuthParamsParseResult
{
    QList<AuthParam> params;
    QList<Diagnostic> diagnostics;
    bool hasErrors() const { return Auth::hasErrors(diagnostics); }
};

} // namespace Authlens::Auth
