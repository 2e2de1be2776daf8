#pragma once

#include "TokenReport.h"

#include <QJsonObject>

namespace Authlens::Jwt {

/// A TokenReport as the DESIGN.md §6 `jwt` JSON: {"kind","token_kind","label","header","claims",
/// "signature":{"status","alg","kid"},"time":{"status","exp","nbf","iat"},"problems":[…]} plus details
/// (evidence, times as text, server-clock verdict, skew). Shared by the CLI and "copy as JSON".
QJsonObject reportToJson(const TokenReport& report);

} // namespace Authlens::Jwt
