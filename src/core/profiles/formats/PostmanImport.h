#pragma once

#include "profiles/formats/ImportResult.h"

#include <QByteArray>

namespace Authlens::Formats {

/// Imports a Postman Collection (v2.1, and v2.0 which differs only in how auth parameters are
/// written) into one profile:
/// - folders are flattened into request names ("Users / Create user");
/// - requests keep method, URL, enabled headers, and the body (raw with its language as content
///   type, urlencoded, form-data text fields, GraphQL as a JSON body);
/// - auth blocks are inherited from collection to folder to request; the collection's own, else the
///   one most requests use, becomes the profile's (basic, bearer, apikey, digest; awsv4 → AWS Signature v4
///   with the access key ID, region and service, the secret access key and session token as secrets;
///   oauth2 → the OAuth 2 method, see readPostmanOAuth: grant, token endpoint, client, client
///   authentication, scopes, audience/resources, token request parameters, and the access token, refresh
///   token, client secret and password as secrets); requests whose basic, bearer, apikey, digest or awsv4
///   block is another one keep it as their own auth (its secrets in secret variables); the rest are listed
///   in a warning (folders and requests with another OAuth 2 client by where that block is), as are auth
///   kinds Authlens cannot perform (hawk, ntlm, oauth1, …);
/// - collection variables become profile variables, except secret ones (type secret, or names
///   like token/password/apiKey): their values are only used to fill the auth's secrets;
/// - the base URL is the `{{baseUrl}}`-style variable every request starts with, or the origin
///   they share; request URLs are then relative.
/// Pre-request and test scripts are not run (a warning counts them). A URL with a scheme other
/// than http(s) is an error.
ImportResult importPostmanCollection(const QByteArray& json);

/// Imports a Postman environment export: enabled variables, secret ones set apart (see
/// EnvironmentImport), to merge into a profile the user chooses.
EnvironmentImport importPostmanEnvironment(const QByteArray& json);

} // namespace Authlens::Formats
