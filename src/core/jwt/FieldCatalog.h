#pragma once

#include "Field.h"

#include <QJsonObject>
#include <QList>

namespace Authlens::Jwt {

/// Plain-words explanations of JOSE header parameters (RFC 7515/7516/7797) and JWT claims (RFC 7519,
/// OpenID Connect Core, RFC 8693/8705/9068/9449, and common vendor claims such as Cognito's token_use).
/// Pure: what a Token tab shows in its header and claims tables.
namespace FieldCatalog {

/// One header parameter.
Field headerField(const QString& name, const QJsonValue& value);
/// One claim. NumericDate claims get `time` and a UTC display; lists get `items`.
Field claimField(const QString& name, const QJsonValue& value);

/// All members, registered names first in a reading order (alg, kid, typ… / iss, sub, aud, exp…),
/// then unknown names alphabetically (QJsonObject does not keep the token's member order).
QList<Field> headerFields(const QJsonObject& header);
QList<Field> claimFields(const QJsonObject& claims);

/// True for claims whose value is a NumericDate (exp, nbf, iat, auth_time, updated_at…).
bool isTimeClaim(const QString& name);

/// A JSON value as one line: strings unquoted, numbers without exponent where possible, other values
/// as compact JSON.
QString displayValue(const QJsonValue& value);

} // namespace FieldCatalog

} // namespace Authlens::Jwt
