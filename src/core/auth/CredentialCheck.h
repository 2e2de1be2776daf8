#pragma once

#include "Challenge.h"
#include "ChallengeDiagnostic.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace Authlens::Auth {

/// One problem with the credentials a request carried, compared with what the server asked for.
struct CredentialFinding
{
    QString code; ///< a DESIGN.md §5 finding code: "header.malformed", "scheme.mismatch", "basic.encoding", …
    QString reason; ///< the sub-reason, stable too: "no_space", "scheme_twice", "quoted_token", …
    Severity severity = Severity::Error;
    int offset = -1; ///< byte offset in the Authorization value, -1 when the finding is not about one spot
    QString message;
};

/// Basic credentials decoded from their token68 (RFC 7617 §2).
struct BasicCredentials
{
    QByteArray userBytes; ///< exactly as decoded
    QByteArray passwordBytes;
    QString user; ///< UTF-8 when valid UTF-8, else ISO-8859-1
    QString password; ///< the UI masks it; kept here so that the caller can reveal it
    bool hasColon = false; ///< false: the decoded text has no ":" (then everything is in `user`)
    bool nonAscii = false;
    bool validUtf8 = true;
};

/// Decodes Basic credentials: either the token68 alone or a whole `Basic <token68>` value. Nothing when the
/// token is not base64 (standard alphabet; missing padding is tolerated).
std::optional<BasicCredentials> decodeBasic(QByteArrayView value);

/// Compares an Authorization (or Proxy-Authorization) value with the challenges of the response and reports
/// what is wrong with it: header.malformed (reasons: empty, crlf, control, whitespace, no_space, no_scheme,
/// scheme_twice, quoted_token, not_token68, invalid_base64, basic_no_colon, digest_incomplete, syntax),
/// scheme.mismatch, basic.encoding (non_ascii_without_charset, not_utf8) and digest.rejected (realm_mismatch,
/// nonce_mismatch, algorithm_mismatch, qop_mismatch, opaque_mismatch). `challenges` may be empty (a request
/// checked before any answer): then only the form is checked.
QList<CredentialFinding> checkCredentials(QByteArrayView authorization, const QList<Challenge>& challenges);

} // namespace Authlens::Auth
