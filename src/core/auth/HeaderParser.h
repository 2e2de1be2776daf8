#pragma once

#include "Challenge.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Parsers for the authentication header fields of RFC 9110 §11. Pure functions over bytes: they never
// fail, they return what they could read plus diagnostics with byte offsets. Leniencies (input accepted
// the way browsers accept it, with a warning) are listed in HeaderParser.cpp.
namespace Authlens::Auth {

/// WWW-Authenticate or Proxy-Authenticate (RFC 9110 §11.6.1, §11.7.1): `#challenge` over every field value,
/// in order. Several challenges may share one field value (Qt's network stack joins repeated fields with ", ").
ChallengeParseResult parseChallenges(const QList<QByteArray>& fieldValues);

/// The same for a single field value (field index 0).
ChallengeParseResult parseChallengeField(QByteArrayView fieldValue);

/// Authorization or Proxy-Authorization (RFC 9110 §11.6.2, §11.7.2): exactly one `credentials`,
/// i.e. a scheme followed by a token68 or by auth-params. Anything after it is an error.
CredentialsParseResult parseCredentials(QByteArrayView fieldValue);

/// Authentication-Info or Proxy-Authentication-Info (RFC 9110 §11.6.3, §11.7.3): `#auth-param`, no scheme.
AuthParamsParseResult parseAuthenticationInfo(const QList<QByteArray>& fieldValues);

} // namespace Authlens::Auth
