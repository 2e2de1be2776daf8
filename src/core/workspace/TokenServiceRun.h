#pragma once

// What TokenService.cpp (a run, the token request, storing the tokens) and TokenDiscovery.cpp (finding
// the token endpoint) share: the state of one run. Not part of the public API.
#include "diagnosis/Diagnoser.h"
#include "http/RequestSpec.h"
#include "workspace/OAuthMetadata.h"
#include "workspace/TokenService.h"

#include <QPointer>

#include <functional>
#include <memory>

namespace Authlens::Workspace {

class AuthorizationCodeFlow;

struct DeviceRun; // DeviceFlow.cpp

struct TokenService::Run
{
    Request request;
    QPointer<QObject> context;
    Done done;
    TokenOutcome outcome;
    QString grant;
    qint64 now = 0;
    Diagnosis::DiagnoseOptions diagnoseOptions;

    /// What to do with the client's next exchange (a discovery document or the token answer).
    std::function<void(const Http::Exchange&)> next;
    bool tooLarge = false; ///< the running download passed MaxDocumentBytes and was stopped
    bool answered = false; ///< the token endpoint answered: from here on the run always completes
    bool cancelled = false;

    // Discovery state.
    QUrl challengedUrl; ///< the URL of the 401 whose resource_metadata is followed
    QUrl resourceMetadataUrl;
    QStringList authorizationServers; ///< issuers still to try
    QString currentServer;
    EndpointSource source = EndpointSource::Profile;
    QStringList misses; ///< why each discovery source gave no endpoint, for the final message
    bool triedIssuer = false;

    // The device authorization grant (RFC 8628).
    QUrl discoveredDeviceEndpoint; ///< device_authorization_endpoint of the metadata that named the token endpoint
    std::shared_ptr<DeviceRun> device;
    // authorization_code (AuthorizationCodeFlow.h): the sign-in in progress, and what the token request
    // and the ID token's checks need. Secrets (code, verifier) live only here, for this run.
    std::shared_ptr<AuthorizationCodeFlow> codeFlow;
    QString code;
    QString codeVerifier;
    QUrl redirectUri;
    QString nonce;
    QString codeIssuer; ///< the issuer the sign-in went to (the profile's, or discovered)
    QUrl codeTokenEndpoint; ///< the token endpoint of the issuer's metadata, when the profile has none
    QUrl jwksUri; ///< from the issuer's metadata
};

} // namespace Authlens::Workspace
