#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace Authlens::Jwt {

/// One header parameter or claim, ready for a table row: the raw JSON value, a display text, and what
/// it means in plain words. Unknown names keep an empty explanation and are shown raw.
struct Field
{
    QString name; ///< "exp", "aud", "x5t#S256", "https://example.com/roles"
    QJsonValue value; ///< as it appears in the token
    QString display; ///< value as one line of text ("2024-05-01 10:00:00 UTC", "read write", compact JSON)
    QString title; ///< short human name: "Expiration time", "Audience"; the name itself when unknown
    QString explanation; ///< plain words: what it is and what it says here; empty when unknown
    bool registered = false; ///< a name from the IANA JWT/JOSE registries or a well-known vendor claim
    std::optional<qint64> time; ///< for NumericDate claims (exp, nbf, iat, auth_time…): seconds since epoch
    QStringList items; ///< list-valued content (audiences, scopes, roles, groups, amr) for chips; else empty
};

} // namespace Authlens::Jwt
