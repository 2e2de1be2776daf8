// AWS Signature v4: an Authorization value as a server receives it (parseAwsAuthorization), curl's
// --aws-sigv4 option (awsScopeFromCurlOption) and the canonical forms of a request-target, then signing it.
// Lines: 1 Authorization, 2 the --aws-sigv4 value, 3 a request-target (path?query), 4 a header value, rest body.
#include "FuzzInput.h"
#include "auth/AwsSigV4.h"

using namespace Authlens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    QList<QByteArray> lines = Fuzz::splitFields(data, size);
    while (lines.size() < 5)
        lines.append(QByteArray());
    const QByteArray authorization = lines.at(0);
    const QByteArray target = lines.at(2);

    const Auth::AwsAuthorization parsed = Auth::parseAwsAuthorization(authorization);
    if (parsed.valid)
        Fuzz::require(!parsed.signature.isEmpty() && !parsed.signedHeaders.isEmpty(), "valid without signature");

    QString error;
    const QUrl url(
        QString::fromUtf8(QByteArray("https://host.example.com") + (target.startsWith('/') ? "" : "/") + target));
    if (const std::optional<Auth::AwsScope> scope
        = Auth::awsScopeFromCurlOption(QString::fromUtf8(lines.at(1)), url, &error)) {
        Fuzz::require(!scope->region.isEmpty() && !scope->service.isEmpty(), "scope without region or service");
    } else {
        Fuzz::require(!error.isEmpty(), "refused without a reason");
    }

    const qsizetype question = target.indexOf('?');
    const QByteArray path = question < 0 ? target : target.left(question);
    const QByteArray query = question < 0 ? QByteArray() : target.mid(question + 1);
    for (const bool s3 : {false, true}) {
        const QByteArray uri = Auth::awsCanonicalUri(path, s3);
        Fuzz::require(uri.startsWith('/') || (s3 && !path.isEmpty()), "canonical URI not absolute");
        for (char c : uri)
            Fuzz::require(c > 0x20 && c < 0x7f && c != '?' && c != '#', "canonical URI not encoded");
    }
    const QByteArray canonicalQuery = Auth::awsCanonicalQuery(query);
    for (char c : canonicalQuery)
        Fuzz::require(c > 0x20 && c < 0x7f && c != '+' && c != ' ', "canonical query not encoded");

    QByteArray body = lines.mid(4).join('\n');
    Auth::AwsSigningInput input {
        "POST", path, query, {{"Host", "host.example.com"}, {"X-Custom", lines.at(3)}}, Auth::awsPayloadHash(body)};
    const Auth::AwsSignature signature
        = Auth::awsSign(input, "20150830T123600Z", {QStringLiteral("AKID"), QString::fromUtf8(lines.at(3)), {}},
                        {QStringLiteral("us-east-1"), QStringLiteral("service")});
    Fuzz::require(signature.signature.size() == 64, "signature not 32 bytes of hex");
    // What is signed parses back as it was written.
    const Auth::AwsAuthorization again = Auth::parseAwsAuthorization(signature.authorization);
    Fuzz::require(again.valid && again.signature == signature.signature && again.region == u"us-east-1",
                  "own Authorization does not parse back");
    return 0;
}
