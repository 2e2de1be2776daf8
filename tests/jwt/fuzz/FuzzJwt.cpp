// libFuzzer target for the Token X-ray's parsers of outside input: the inspector (format recognition,
// strict base64url, JSON, claims, kinds, times, prefixes), signature verification against fixed keys of
// every type, JWKS/JWK/PEM key parsing, the token finder over headers and bodies, and HTTP dates.
// Nothing may crash, hang, leak or trip a sanitizer, whatever the bytes.
//
//   fuzz_jwt -max_total_time=60 tests/data/fuzz/jwt/

#include "jwt/HttpDate.h"
#include "jwt/JwtInspector.h"
#include "jwt/KeySet.h"
#include "jwt/KindDetector.h"
#include "jwt/PrivateKey.h"
#include "jwt/ReportJson.h"
#include "jwt/TokenFinder.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

using namespace Authlens;
using namespace Authlens::Jwt;

namespace {

// The keys of RFC 7515 A.2 (RSA) and A.3 (P-256) and RFC 8037 (Ed25519), an HMAC secret and a short one.
const char* const FixedJwks = R"({"keys":[
{"kty":"RSA","kid":"rsa","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB"},
{"kty":"EC","kid":"ec","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
{"kty":"OKP","kid":"ed","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]})";

const KeySet& asymmetricKeys()
{
    static const KeySet keys = KeySet::fromJson(QByteArray(FixedJwks), QStringLiteral("fuzz JWKS"));
    return keys;
}

const KeySet& secretKeys()
{
    static const KeySet keys = KeySet::fromSecret(QByteArrayLiteral("a-fuzzing-secret-of-32-bytes!!!!"));
    return keys;
}

InspectOptions fixedOptions()
{
    InspectOptions options;
    options.now = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    options.serverDate = QDateTime::fromSecsSinceEpoch(1700000600, Qt::UTC);
    options.expectedAudiences = {QStringLiteral("https://api.test")};
    options.expectedIssuer = QStringLiteral("https://issuer.test");
    options.expectedKind = TokenKind::Access;
    return options;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    static const InspectOptions options = fixedOptions();

    // The inspector and both kinds of key material.
    const TokenReport report = JwtInspector::inspect(input, options);
    (void)reportToJson(report);
    (void)JwtInspector::verifySignature(report, asymmetricKeys());
    (void)JwtInspector::verifySignature(report, secretKeys());
    (void)KindDetector::detect(report.header, report.claims, TokenKind::Id);
    (void)JwtInspector::looksLikeJwt(input);

    // Key parsing: JWKS/JWK JSON and PEM/DER.
    QString error;
    const KeySet jwks = KeySet::fromJson(input, QStringLiteral("fuzz"), &error);
    for (const VerificationKey& key : jwks.keys())
        (void)key.description();
    // Only what could be a key file: libcrypto's decoder set-up is slow, and random bytes are not PEM.
    if (size < 16 * 1024 && (input.contains("-----") || (size > 0 && data[0] == 0x30))) {
        (void)KeySet::fromPem(input, QStringLiteral("fuzz"), &error);
        // A pasted private key (private_key_jwt, DPoP): read, and when it is one, its public half.
        const PrivateKey key = PrivateKey::fromPem(input, &error);
        if (!key.isNull())
            (void)key.thumbprint();
    }

    // Where tokens are found.
    (void)TokenFinder::findInResponseBody(input, QByteArrayLiteral("application/json"));
    (void)TokenFinder::findInResponseBody(input, QByteArrayLiteral("application/x-www-form-urlencoded"));
    (void)TokenFinder::findInResponseBody(input, QByteArray());
    const Http::HeaderList requestHeaders {{"Authorization", input}, {"Cookie", input}, {"DPoP", input}};
    (void)TokenFinder::findInRequestHeaders(requestHeaders);
    const Http::HeaderList responseHeaders {{"Location", input}, {"Set-Cookie", input}, {"Date", input}};
    (void)TokenFinder::findInResponseHeaders(responseHeaders);
    (void)parseHttpDate(input);
    return 0;
}
