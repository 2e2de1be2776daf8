#pragma once

#include "profiles/Profile.h"

#include <QString>

namespace Authlens::Formats {

struct CurlExportOptions
{
    enum class Shell { Bash, Cmd };
    /// Put secret values into the command. Off: secrets become environment variable references
    /// (`"${AUTHLENS_TOKEN}"` in bash, `%AUTHLENS_TOKEN%` in cmd), so the command still runs once the
    /// user sets them, and a pasted command leaks nothing.
    bool revealSecrets = false;
    Shell shell = Shell::Bash;
};

/// The names of the environment variables exportCurl() uses as placeholders.
namespace CurlPlaceholder {
inline constexpr char Password[] = "AUTHLENS_PASSWORD";
inline constexpr char Token[] = "AUTHLENS_TOKEN";
inline constexpr char ApiKey[] = "AUTHLENS_API_KEY";
inline constexpr char ProxyPassword[] = "AUTHLENS_PROXY_PASSWORD";
inline constexpr char ClientKeyFile[] = "AUTHLENS_CLIENT_KEY_FILE";
inline constexpr char Cookies[] = "AUTHLENS_COOKIES";
} // namespace CurlPlaceholder

/// A runnable curl command for `request` sent with `profile`: variables substituted, the URL
/// resolved against the base URL, the profile's auth applied (-u for Basic, --digest -u for Digest, an Authorization or
/// API-key header, an API-key query parameter), TLS (-k, --cacert, --cert/--key), proxy and
/// non-default timeouts, `-L` because Authlens follows redirects. One option per line, quoted the
/// way DevTools quote for the shell (bash: '…' and $'…'; cmd: ^"…^" with caret escapes).
/// importCurl() of the result gives back the same request (tested).
QString exportCurl(const Profiles::Profile& profile, const Profiles::SavedRequest& request,
                   const CurlExportOptions& options = {});

} // namespace Authlens::Formats
