#pragma once

#include "http/Exchange.h"
#include "http/HttpClient.h"
#include "http/RequestSpec.h"

namespace Authlens::Test {

/// Sends `spec` with `client` and waits (an event loop, so servers in the test process keep answering)
/// for its exchange; an empty exchange when none finished within `timeoutMs`.
Http::Exchange sendAndWait(Http::HttpClient& client, const Http::RequestSpec& spec, int timeoutMs = 30000);

} // namespace Authlens::Test
