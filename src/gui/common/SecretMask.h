#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// Masking of secret values in the inspector. Secrets are shown only after an explicit "Reveal secrets".
namespace Authlens::Gui {

/// Authorization, Proxy-Authorization, Cookie, Set-Cookie and header names that look like API keys or tokens.
bool isSecretHeaderName(QByteArrayView name);
/// "•••••••• (43 chars)"; empty values stay empty.
QString maskSecret(QStringView value);
/// A header value for display: the auth scheme, cookie names and Set-Cookie attributes stay visible.
QString displayHeaderValue(QByteArrayView name, const QByteArray& value, bool reveal);

} // namespace Authlens::Gui
