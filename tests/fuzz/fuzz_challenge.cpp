// WWW-Authenticate / Proxy-Authenticate parsing: no crash, no hang, and every range and offset inside its field.
#include "FuzzInput.h"
#include "auth/HeaderParser.h"
#include "auth/SchemeKnowledge.h"

using namespace Authlens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QList<QByteArray> fields = Fuzz::splitFields(data, size);
    const Auth::ChallengeParseResult result = Auth::parseChallenges(fields);
    auto inside = [&](const Auth::ByteRange& r) {
        return r.fieldIndex >= 0 && r.fieldIndex < fields.size() && r.offset >= 0 && r.length >= 0
            && r.end() <= fields.at(r.fieldIndex).size();
    };
    for (const Auth::Challenge& c : result.challenges) {
        Fuzz::require(!c.scheme.isEmpty(), "empty scheme");
        Fuzz::require(inside(c.schemeRange) && inside(c.range), "challenge range outside its field");
        Fuzz::require(fields.at(c.schemeRange.fieldIndex).mid(c.schemeRange.offset, c.schemeRange.length) == c.scheme,
                      "scheme range does not hold the scheme");
        if (c.token68)
            Fuzz::require(inside(c.token68Range), "token68 range outside its field");
        for (const Auth::AuthParam& p : c.params) {
            Fuzz::require(!p.name.isEmpty() && p.name == p.name.toLower(), "param name empty or not lower-case");
            Fuzz::require(inside(p.nameRange) && inside(p.valueRange), "param range outside its field");
            Fuzz::require(p.valueRange.end() <= c.range.end(), "param beyond its challenge");
            // Scheme knowledge must cope with whatever the parser lets through.
            (void)Auth::paramInfo(c.scheme, p.name, p.value);
        }
        (void)Auth::schemeInfo(c.scheme);
    }
    for (const Auth::Diagnostic& d : result.diagnostics) {
        Fuzz::require(d.fieldIndex >= 0 && d.fieldIndex < fields.size(), "diagnostic field index");
        Fuzz::require(d.offset >= 0 && d.offset <= fields.at(d.fieldIndex).size(), "diagnostic offset");
        Fuzz::require(!d.message.isEmpty(), "diagnostic without message");
    }
    // The single-field entry point agrees with the list one.
    if (fields.size() == 1)
        Fuzz::require(Auth::parseChallengeField(fields.first()).challenges.size() == result.challenges.size(),
                      "parseChallengeField disagrees");
    return 0;
}
