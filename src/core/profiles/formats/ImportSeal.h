#pragma once

#include "profiles/formats/ImportResult.h"

namespace Authlens::Formats {

/// The last step of every import (curl, Postman, HAR), before anything is written: whatever the secret
/// policy calls a credential leaves the parts of a profile that are saved in its file and goes where
/// secrets go, the keychain (DESIGN.md §4). The saved requests keep a `{{name}}` reference to a secret
/// variable (Profiles::Variable::secret) whose value is in `sessionSecrets`:
/// - query parameters with credential names (client_secret, X-API-KEY, code, one-time tokens);
/// - body fields (form, JSON, multipart): password, client_secret, refresh_token, assertion, code …;
/// - headers the policy calls credentials (X-CSRF-Token) and headers that carry a value the import
///   already treats as a secret (a session cookie's value copied into an anti-CSRF header);
/// - token-like values anywhere in URLs, headers and bodies (JWTs, vendor key prefixes, high-entropy
///   strings: Profiles::findTokenLikeValues);
/// - variables with credential names or token-like values;
/// - a Basic or Digest user name that is a key (Stripe's `curl -u sk_test_…:`);
/// - extra credentials (a second credential header next to the profile's auth method), which every saved
///   request of the profile then sends as a header bound to a secret variable.
/// One value found in several places becomes one secret variable. `keychain` lists every secret the import
/// keeps, with its source and the origins that may receive it. Pure.
void sealImport(ImportResult& result);

/// Adds a secret variable holding `value` to `profile` (its value in sessionSecrets, so the keychain) and
/// returns its name: `hint` made a variable name ("X-CSRF-Token" → x_csrf_token), unique in the profile.
QString addSecretVariable(Profiles::Profile& profile, const QString& hint, const QString& value);

/// Makes every profile of an import one the profile store can load, before anything is written (an import
/// is all or nothing): a saved request the store would refuse (a URL with a control character in its port)
/// is left out with a warning that names it and why; a URL setting that is not an http(s) URL (a token
/// endpoint) is cleared with a warning. A profile that still cannot be stored refuses the whole import,
/// with an error that says which profile and why. The profiles are then exactly what the store will read
/// back. Pure.
void makeStorable(ImportResult& result);

} // namespace Authlens::Formats
