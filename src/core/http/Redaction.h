#pragma once

#include "http/SecretPolicy.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace Authlens::Http {

// Redaction of secrets in what Authlens shows and writes (DESIGN.md §4: logs, history and exported
// HAR/curl redact secrets unless the user asks). What is a secret is the SecretPolicy's decision;
// these functions only find the values and replace them.

/// "Bearer eyJh…[redacted, 812 bytes]": keeps a scheme word and four characters so a user can
/// still tell two tokens apart; Cookie/Set-Cookie keep the cookie names.
QByteArray redactValue(QByteArrayView headerName, const QByteArray& value);

/// A header value as it may be shown: the whole value redacted when the policy calls the header a
/// credential; in URL-valued fields (Location, Content-Location, Referer) the secret query parameters.
QByteArray redactHeaderValue(QByteArrayView name, const QByteArray& value, const SecretPolicy& policy);

/// The URL without its password and with the values of secret query parameters redacted.
QUrl redactUrl(const QUrl& url, const SecretPolicy& policy);

/// Where a secret value sits in a body: the bytes of the value (inside the quotes of a JSON string,
/// percent-encoded in a form, the content of a multipart part).
struct SecretSpan
{
    qsizetype offset = 0;
    qsizetype length = 0;
    QString name; ///< the field: "password", "client_secret"
};

/// The `boundary` parameter of a multipart Content-Type (quotes removed); empty when there is none.
QByteArray multipartBoundary(QByteArrayView contentType);

/// The values of the fields the policy calls secret, in order: JSON objects at any depth (scalar
/// values, and the scalars of an array under a secret key), application/x-www-form-urlencoded pairs
/// and multipart/form-data parts (not files). Bodies of other types, and text that is none of these,
/// have no spans. `contentType` may be empty: JSON and form bodies are then recognised by their shape.
QList<SecretSpan> findSecretFields(const QByteArray& body, QByteArrayView contentType, const SecretPolicy& policy);
/// The values of the query parameters the policy calls secret in a URL's text (as saved: it may be relative
/// or hold {{variables}}), in order; the spans cover the encoded value bytes.
QList<SecretSpan> findSecretQueryValues(QByteArrayView url, const SecretPolicy& policy);

/// The body with each secret field's value redacted (redactValue's form); `changed` says whether
/// anything was.
QByteArray redactBody(const QByteArray& body, QByteArrayView contentType, const SecretPolicy& policy,
                      bool* changed = nullptr);

/// True when a value (or the credentials after a scheme word) was redacted before it was recorded: the
/// mark redactValue() leaves, or what browsers' and sanitizers' HAR exports write instead of a secret
/// ("REDACTED", "[REDACTED]", "***", "<redacted>"). Such a value says a credential was sent, not which.
bool isRedactedValue(QByteArrayView value);

} // namespace Authlens::Http
