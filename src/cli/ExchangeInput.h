#pragma once

#include "http/Exchange.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace Authlens::Cli {

/// Reads back what `authlens-cli send --json` printed (DESIGN.md §6: {"hops":[…],"error":…}), so that
/// `diagnose --exchange FILE` can judge a saved exchange. Redacted values stay redacted: the findings
/// that need them (a token's claims) are then weaker, never wrong. An error names the hop and field.
std::optional<Http::Exchange> exchangeFromSendJson(const QByteArray& json, QString* error);

} // namespace Authlens::Cli
