#pragma once

#include "profiles/Profile.h"
#include "workspace/WorkspaceError.h"

#include <QObject>
#include <QString>

#include <functional>

namespace Authlens::Profiles {
class SecretStore;
}

namespace Authlens::Workspace {

/// The profile's DPoP key pair (RFC 9449), made on first use: when the profile uses DPoP (an OAuth 2
/// method with oauth.dpop) and holds no key, a new one is generated for oauth.dpopAlg and written to
/// `store` as the DpopKey secret ("<id>/dpop_key"), and only after the store confirmed the write is
/// `done` called with the PKCS#8 PEM, so no request ever uses a key that is not kept. Demo and unsaved
/// profiles (no id), and a null store, keep the key in memory only. Nothing is ever written to a file.
/// `done(pem, error)`: pem is the key to use (the existing one, the new one, or empty when the profile
/// does not use DPoP); error is BadInput (an alg no key can be made for) or Keychain (the write failed:
/// the new key is not used). Called on the event loop, bound to `context`.
void ensureDpopKey(const Profiles::Profile& profile, Profiles::SecretStore* store, QObject* context,
                   std::function<void(const QString& pem, const Error& error)> done);

} // namespace Authlens::Workspace
