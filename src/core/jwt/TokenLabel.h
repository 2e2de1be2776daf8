#pragma once

#include "TokenKind.h"

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace Authlens::Jwt {

/// What an opaque token is, told by a documented prefix: "ghp_…" is a GitHub personal access token,
/// "AKIA…" an AWS access key id. Vendors add these prefixes precisely so tools can recognise them.
struct TokenLabel
{
    QString id; ///< stable machine name, e.g. "github.pat_classic", "aws.access_key_id"
    QString vendor; ///< "GitHub"
    QString name; ///< "personal access token (classic)"
    QString prefix; ///< the prefix that matched, e.g. "ghp_"
    QString note; ///< how it is used or what to watch for; may be empty
    TokenKind kind = TokenKind::Unknown; ///< Access or Refresh when the vendor's docs say so; else Unknown

    /// "GitHub personal access token (classic)".
    QString title() const { return vendor + QLatin1Char(' ') + name; }
};

/// Looks `token` up in a table of documented prefixes (GitHub, GitLab, Slack, AWS, Stripe, Google, npm,
/// PyPI, SendGrid, Shopify). Pure; nullopt when no prefix matches.
std::optional<TokenLabel> identifyTokenPrefix(QByteArrayView token);

} // namespace Authlens::Jwt
