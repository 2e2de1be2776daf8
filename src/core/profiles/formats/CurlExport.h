#pragma once

#include "http/Exchange.h"
#include "http/SecretPolicy.h"
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
/// Unless revealSecrets, what the secret policy (with the profile's API-key name) calls a credential
/// becomes a variable reference: credential headers (AUTHLENS_<HEADER>), secret query parameters
/// and secret body fields (AUTHLENS_<NAME>, e.g. AUTHLENS_CLIENT_SECRET).
QString exportCurl(const Profiles::Profile& profile, const Profiles::SavedRequest& request,
                   const CurlExportOptions& options = {});

/// The first request of a recorded exchange as a curl command (what DevTools' "Copy as cURL" does for
/// a network entry): method, URL, the headers as they were sent (less Host, Content-Length and
/// Connection), the body, the proxy, and `-L` when the exchange followed redirects. Unless
/// revealSecrets, every credential — the headers, query parameters and body fields `policy` (extended
/// by the exchange's ledger) calls secret, cookies included — is an environment variable reference
/// named after it (`"${AUTHLENS_X_CLIENT_TOKEN}"`), and a comment says so. Empty for no hops.
QString exportCurl(const Http::Exchange& exchange, const Http::SecretPolicy& policy,
                   const CurlExportOptions& options = {});

} // namespace Authlens::Formats
