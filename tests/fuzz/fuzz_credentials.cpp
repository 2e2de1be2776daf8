// Authorization / Proxy-Authorization parsing: one credentials, never a crash, ranges inside the value.
#include "FuzzInput.h"
#include "auth/HeaderParser.h"

using namespace Authlens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray value(reinterpret_cast<const char*>(data), qsizetype(size));
    const Auth::CredentialsParseResult result = Auth::parseCredentials(value);
    auto inside = [&](const Auth::ByteRange& r) {
        return r.fieldIndex == 0 && r.offset >= 0 && r.length >= 0 && r.end() <= value.size();
    };
    if (result.credentials) {
        const Auth::Challenge& c = *result.credentials;
        Fuzz::require(inside(c.schemeRange) && inside(c.range), "credentials range");
        for (const Auth::AuthParam& p : c.params)
            Fuzz::require(inside(p.nameRange) && inside(p.valueRange), "param range");
        if (c.token68)
            Fuzz::require(inside(c.token68Range), "token68 range");
    } else {
        Fuzz::require(result.hasErrors(), "no credentials but no error");
    }
    for (const Auth::Diagnostic& d : result.diagnostics)
        Fuzz::require(d.fieldIndex == 0 && d.offset >= 0 && d.offset <= value.size(), "diagnostic offset");
    return 0;
}
