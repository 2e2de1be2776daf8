#include "workspace/DpopKeys.h"

#include "auth/DpopProver.h"
#include "jwt/PrivateKey.h"
#include "profiles/ProfileSecrets.h"
#include "profiles/SecretStore.h"

#include <QPointer>
#include <QTimer>

namespace Authlens::Workspace {

void ensureDpopKey(const Profiles::Profile& profile, Profiles::SecretStore* store, QObject* context,
                   std::function<void(const QString& pem, const Error& error)> done)
{
    const auto later = [context, done](const QString& pem, const Error& error) {
        QTimer::singleShot(0, context, [done, pem, error] { done(pem, error); });
    };
    if (!Auth::usesDpop(profile.auth)) {
        later({}, {});
        return;
    }
    if (!profile.sessionSecrets.dpopKey.trimmed().isEmpty()) {
        later(profile.sessionSecrets.dpopKey, {});
        return;
    }
    const QString alg = profile.auth.oauth.dpopAlg.trimmed().isEmpty() ? QStringLiteral("ES256")
                                                                       : profile.auth.oauth.dpopAlg.trimmed();
    QString error;
    const Jwt::PrivateKey key = Jwt::PrivateKey::generate(alg, &error);
    if (key.isNull()) {
        later({},
              {ErrorKind::BadInput,
               QStringLiteral("No DPoP key can be made for the algorithm %1 (ES256, RS256 or PS256): %2")
                   .arg(alg, error)});
        return;
    }
    const QString pem = QString::fromLatin1(key.toPem());
    if (!store || profile.demo || profile.id.isEmpty()) {
        later(pem, {});
        return;
    }
    store->write(Profiles::ProfileSecrets::key(profile.id, Auth::SecretField::DpopKey), pem, context,
                 [done, pem, backend = store->backendName()](const Profiles::SecretResult& result) {
                     if (!result.ok()) {
                         done({},
                              {ErrorKind::Keychain,
                               QStringLiteral("The new DPoP key could not be written to %1 (%2); it is not "
                                              "used, since a token bound to a lost key is lost too")
                                   .arg(backend, result.message)});
                         return;
                     }
                     done(pem, {});
                 });
}

} // namespace Authlens::Workspace
