#pragma once

#include "diagnosis/Diagnoser.h"

namespace Authlens::Diagnosis {

struct Facts;

/// The status of the final response in plain words (Headline): 401 "who are you?", 403 "I know you,
/// and no", 407 the proxy's question, a redirect, a success, or why no answer came.
Headline headlineFor(const Facts& facts);

} // namespace Authlens::Diagnosis
