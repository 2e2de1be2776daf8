#include "diagnosis/Rules.h"

namespace Authlens::Diagnosis::Rules {

void oauthRules(const Facts& facts, Findings& out)
{
    Q_UNUSED(facts);
    Q_UNUSED(out);
}

} // namespace Authlens::Diagnosis::Rules
