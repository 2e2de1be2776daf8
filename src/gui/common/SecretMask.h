#pragma once

#include "http/SecretPolicy.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// Masking of secret values in the inspector. Secrets are shown only after an explicit "Reveal secrets".
namespace Authlens::Gui {

/// "•••••••• (43 chars)"; empty values stay empty.
QString maskSecret(QStringView value);
/// A header value for display: masked when the secret policy calls the header a credential (the auth
/// scheme, cookie names and Set-Cookie attributes stay visible).
QString displayHeaderValue(QByteArrayView name, const QByteArray& value, bool reveal,
                           const Http::SecretPolicy& policy = Http::SecretPolicy::standard());

} // namespace Authlens::Gui
