#pragma once

#include "http/RequestSpec.h"

#include <QByteArray>
#include <QList>
#include <QUrl>

namespace Authlens::Http {

/// Which header fields and query parameters of an exchange carry secrets. Logs, history and
/// exported files show them redacted unless the user asks (DESIGN.md §4).
struct RedactionRules
{
    QList<QByteArray> headerNames; ///< case-insensitive
    QList<QByteArray> queryNames;

    /// Authorization, Proxy-Authorization, Cookie, Set-Cookie, plus the spec's credential names.
    static RedactionRules forSpec(const RequestSpec& spec);
    bool isSecretHeader(QByteArrayView name) const;
    bool isSecretQuery(QByteArrayView name) const;
};

/// "Bearer eyJh…[redacted, 812 bytes]": keeps a scheme word and four characters so a user can
/// still tell two tokens apart; Cookie/Set-Cookie keep the cookie names.
QByteArray redactValue(QByteArrayView headerName, const QByteArray& value);
QUrl redactUrl(const QUrl& url, const RedactionRules& rules);

/// True when a value (or the credentials after a scheme word) was redacted before it was recorded: the
/// mark redactValue() leaves, or what browsers' and sanitizers' HAR exports write instead of a secret
/// ("REDACTED", "[REDACTED]", "***", "<redacted>"). Such a value says a credential was sent, not which.
bool isRedactedValue(QByteArrayView value);

} // namespace Authlens::Http
