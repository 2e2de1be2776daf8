#include "auth/AuthSettings.h"

namespace Authlens::Auth {

QString methodName(Method method)
{
    switch (method) {
    case Method::None:
        return QStringLiteral("none");
    case Method::Basic:
        return QStringLiteral("basic");
    case Method::Bearer:
        return QStringLiteral("bearer");
    case Method::ApiKey:
        return QStringLiteral("apikey");
    }
    return QStringLiteral("none");
}

Method methodFromName(QStringView name, bool* ok)
{
    static constexpr Method all[] = {Method::None, Method::Basic, Method::Bearer, Method::ApiKey};
    for (Method m : all) {
        if (name.compare(methodName(m), Qt::CaseInsensitive) == 0) {
            if (ok)
                *ok = true;
            return m;
        }
    }
    if (ok)
        *ok = false;
    return Method::None;
}

QList<Http::Credential> credentialsFor(const AuthSettings& settings, const AuthSecrets& secrets)
{
    using Http::Credential;
    switch (settings.method) {
    case Method::None:
        return {};
    case Method::Basic: {
        const QByteArray pair = settings.username.toUtf8() + ':' + secrets.password.toUtf8();
        return {{Credential::Place::Header, QByteArrayLiteral("Authorization"), "Basic " + pair.toBase64(),
                 QStringLiteral("Basic credentials for %1").arg(settings.username)}};
    }
    case Method::Bearer:
        return {{Credential::Place::Header, QByteArrayLiteral("Authorization"), "Bearer " + secrets.token.toUtf8(),
                 QStringLiteral("Bearer token")}};
    case Method::ApiKey: {
        const Credential::Place place
            = settings.apiKeyPlace == ApiKeyPlace::Query ? Credential::Place::Query : Credential::Place::Header;
        return {{place, settings.apiKeyName.toUtf8(), secrets.apiKey.toUtf8(),
                 QStringLiteral("API key (%1)").arg(settings.apiKeyName)}};
    }
    }
    return {};
}

} // namespace Authlens::Auth
