#pragma once

#include <QList>
#include <QString>

namespace Authlens::Profiles {

/// A value in free text (a header, a body, a URL) that looks like a credential.
struct TokenHit
{
    qsizetype offset = 0;
    qsizetype length = 0;
    QString kind; ///< "JWT", "GitHub personal access token (classic)", "high-entropy string", …
};

/// Finds JWTs, well-known key prefixes and long high-entropy strings. Pure; used by the export
/// redaction report so a token pasted into a header or body does not travel by accident.
QList<TokenHit> findTokenLikeValues(QStringView text);

} // namespace Authlens::Profiles
