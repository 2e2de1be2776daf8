#pragma once

#include "http/SecretPolicy.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QUrl>

// Masking of secret values in the inspector. Secrets are shown only after an explicit "Reveal secrets".
namespace Authlens::Gui {

/// "•••••••• (43 chars)"; empty values stay empty.
QString maskSecret(QStringView value);
/// A URL for display, user info left out: the values of the query parameters the policy calls
/// credentials (an API key the profile put there, an OAuth code) masked unless `reveal`.
QString displayUrl(const QUrl& url, bool reveal, const Http::SecretPolicy& policy = Http::SecretPolicy::standard());
/// A header value for display: masked when the secret policy calls the header a credential (the auth
/// scheme, cookie names and Set-Cookie attributes stay visible).
QString displayHeaderValue(QByteArrayView name, const QByteArray& value, bool reveal,
                           const Http::SecretPolicy& policy = Http::SecretPolicy::standard());

} // namespace Authlens::Gui
