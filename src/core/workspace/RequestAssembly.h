#pragma once

#include "http/RequestSpec.h"
#include "profiles/Profile.h"
#include "workspace/RequestDraft.h"
#include "workspace/WorkspaceError.h"

#include <QString>
#include <QUrl>

#include <optional>

namespace Authlens::Workspace {

/// The URL a draft's text means, with a profile or without one (nullptr):
/// - `{{variables}}` are replaced by the profile's values;
/// - a URL with a scheme is taken as it is; one without is relative to the profile's base URL
///   (Profile::resolve: the base URL's path is kept, percent-encoding stays as typed);
/// - without a profile base URL, a text without scheme is a host, as curl reads it ("example.com/x" is
///   http://example.com/x), and a text starting with "/" or "?" is an error;
/// - only http and https URLs with a host are accepted.
/// BadInput errors say what is wrong with the text, in words for the user.
std::optional<QUrl> resolveRequestUrl(const Profiles::Profile* profile, const QString& text, Error* error);

/// Profile + draft → the request to send (DESIGN.md §3). One function for the GUI composer and for
/// `authlens-cli send`, so both send the same bytes for the same profile:
/// - the method (a token; known methods in upper case), the URL (resolveRequestUrl()), the enabled headers
///   (valid names, no CR/LF in values) and the body, with the profile's variables substituted in header
///   values and body;
/// - the draft's Content-Type when there is a body and no header names one;
/// - the authentication: the draft's own choice, else the profile's method with its secrets;
/// - the profile's connection (Profiles::applyConnection: the origins allowed to receive credentials, TLS,
///   the proxy with its password, the client certificate with its key, timeouts);
/// - then the draft's explicit connection options, which win over the profile's;
/// - credential headers typed by the user (Authorization, API-key headers …) become credentials bound to
///   the allowed origins (RequestSpec::promoteCredentialHeaders).
/// `profile` may be nullptr (a request without profile). nullopt with a BadInput error when the draft or
/// the profile's files cannot be used.
std::optional<Http::RequestSpec> assembleRequest(const Profiles::Profile* profile, const RequestDraft& draft,
                                                 Error* error);
std::optional<Http::RequestSpec> assembleRequest(const Profiles::Profile& profile, const RequestDraft& draft,
                                                 Error* error);

/// The auth a saved request is sent with when it has one of its own (Profiles::RequestAuth): none at all, or
/// its own method with the secret variable's value as the password, token or API key. nullopt: the
/// profile's. The GUI composer and the CLI put it in RequestDraft::auth.
std::optional<RequestDraft::AuthChoice> savedRequestAuth(const Profiles::Profile& profile,
                                                         const Profiles::SavedRequest& request);

/// Makes `choice` (what the composer's Auth tab holds) the own auth of `request`, a request of `profile` whose
/// auth is its own or none: method None gives Mode::None; another method Mode::Own with its settings, and its
/// secret (password, token, API key; for AWS the secret key and the session token) as secret variables of the
/// profile: the request's existing variables keep their names, new ones are named after the request. Only
/// `profile.sessionSecrets` and `profile.variables` change; the caller stores the profile (secrets first).
void setOwnAuth(Profiles::Profile& profile, Profiles::SavedRequest& request, const RequestDraft::AuthChoice& choice);

} // namespace Authlens::Workspace
