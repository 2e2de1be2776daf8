#pragma once

#include <QStringList>

namespace Authlens::Cli {

/// `authlens-cli setup --profile NAME --url URL [--client-id ID] [--apply]` (issue 11, "Set up OAuth for
/// this API"): GETs URL with the profile's connection settings and no credentials, follows the 401's RFC 9728
/// resource_metadata to the authorization server's RFC 8414 metadata, and prints the proposal (field,
/// current, proposed, source), every fetch with its findings, and — with --apply — saves every proposed
/// change (and the client id) into the stored profile, its secrets kept. Exit 0 done, 2 usage, 3 a bad
/// profile or documents that must not be used (their metadata.* findings say why), 4 network or keychain.
int runSetup(const QStringList& arguments);

} // namespace Authlens::Cli
