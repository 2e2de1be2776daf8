// Authentication-Info / Proxy-Authentication-Info parsing (#auth-param over several fields).
#include "FuzzInput.h"
#include "auth/HeaderParser.h"

using namespace Authlens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QList<QByteArray> fields = Fuzz::splitFields(data, size);
    const Auth::AuthParamsParseResult result = Auth::parseAuthenticationInfo(fields);
    for (const Auth::AuthParam& p : result.params) {
        Fuzz::require(p.nameRange.fieldIndex >= 0 && p.nameRange.fieldIndex < fields.size(), "field index");
        Fuzz::require(p.valueRange.end() <= fields.at(p.valueRange.fieldIndex).size(), "value range");
        for (const Auth::AuthParam& other : result.params)
            Fuzz::require(&other == &p || other.name != p.name, "duplicate parameter kept");
        if (p.isExtended())
            (void)Auth::decodeExtValue(p.value);
    }
    for (const Auth::Diagnostic& d : result.diagnostics)
        Fuzz::require(d.offset >= 0 && d.offset <= fields.at(d.fieldIndex).size(), "diagnostic offset");
    return 0;
}
