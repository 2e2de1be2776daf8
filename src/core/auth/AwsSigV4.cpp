#include "auth/AwsSigV4.h"

#include "http/RequestSpec.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>

#include <algorithm>

namespace Authlens::Auth {

namespace {

bool unreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~';
}

/// AWS's UriEncode(): every byte but the unreserved ones as %XY with upper-case hex; '/' kept when asked.
QByteArray uriEncode(QByteArrayView bytes, bool keepSlash)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(bytes.size() * 3);
    for (char c : bytes) {
        if (unreserved(c) || (keepSlash && c == '/')) {
            out.append(c);
        } else {
            out.append('%');
            out.append(kHex[(uchar(c) >> 4) & 0xF]);
            out.append(kHex[uchar(c) & 0xF]);
        }
    }
    return out;
}

QByteArray hmac(const QByteArray& key, const QByteArray& message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

QByteArray sha256Hex(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

/// RFC 3986 §5.2.4 over '/'-separated segments, empty segments dropped ("//a//" → "/a/"), as AWS normalises
/// the path of every service but S3 (the test suite's get-slashes-normalized and get-relative-* cases).
QByteArray normalisedPath(const QByteArray& path)
{
    QList<QByteArray> kept;
    const QList<QByteArray> segments = path.split('/');
    for (const QByteArray& segment : segments) {
        if (segment.isEmpty() || segment == ".")
            continue;
        if (segment == "..") {
            if (!kept.isEmpty())
                kept.removeLast();
            continue;
        }
        kept.append(segment);
    }
    QByteArray out = '/' + kept.join('/');
    const bool trailing = path.endsWith('/') || path.endsWith("/.") || path.endsWith("/..");
    if (trailing && out.size() > 1)
        out.append('/');
    return out;
}

/// Trimmed, with each run of spaces and tabs inside the value made one space (the suite's
/// get-header-value-trim; AWS does this to quoted values too).
QByteArray canonicalHeaderValue(const QByteArray& value)
{
    QByteArray out;
    out.reserve(value.size());
    bool space = false;
    for (char c : value.trimmed()) {
        if (c == ' ' || c == '\t') {
            space = true;
            continue;
        }
        if (space)
            out.append(' ');
        space = false;
        out.append(c);
    }
    return out;
}

bool isS3(const QString& service)
{
    return service == u"s3" || service == u"s3-object-lambda" || service == u"s3express";
}

} // namespace

QByteArray awsDate(const QDateTime& when)
{
    return when.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

QDateTime awsDateTime(QByteArrayView amzDate)
{
    const QDateTime t
        = QDateTime::fromString(QString::fromLatin1(amzDate.trimmed()), QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    return t.isValid() ? QDateTime(t.date(), t.time(), Qt::UTC) : QDateTime();
}

AwsSigningInput awsReceivedInput(const QByteArray& method, const QUrl& url, const Http::HeaderList& headers,
                                 const QByteArray& body, const QByteArray& signedHeaders)
{
    AwsSigningInput input;
    input.method = method;
    input.path = url.path(QUrl::FullyEncoded).toUtf8();
    input.query = url.query(QUrl::FullyEncoded).toUtf8();
    const QList<QByteArray> names = signedHeaders.split(';');
    for (const Http::Header& h : headers) {
        if (names.contains(h.first.toLower()))
            input.headers.append(h);
    }
    const QByteArray contentSha = Http::headerValue(headers, "X-Amz-Content-Sha256").trimmed();
    input.payloadHash = contentSha.isEmpty() ? awsPayloadHash(body) : contentSha;
    return input;
}

QByteArray awsCanonicalUri(const QByteArray& path, bool s3)
{
    if (path.isEmpty())
        return QByteArrayLiteral("/");
    if (s3)
        return uriEncode(QByteArray::fromPercentEncoding(path), true);
    return uriEncode(normalisedPath(path), true);
}

QByteArray awsCanonicalQuery(const QByteArray& query)
{
    if (query.isEmpty())
        return {};
    QList<QPair<QByteArray, QByteArray>> pairs;
    for (const QByteArray& item : query.split('&')) {
        if (item.isEmpty())
            continue;
        const qsizetype eq = item.indexOf('=');
        const QByteArray name = eq < 0 ? item : item.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : item.mid(eq + 1);
        // '+' stays a plus sign: AWS does not read it as a space in the canonical form.
        pairs.append({uriEncode(QByteArray::fromPercentEncoding(name), false),
                      uriEncode(QByteArray::fromPercentEncoding(value), false)});
    }
    std::sort(pairs.begin(), pairs.end());
    QByteArray out;
    for (const auto& pair : std::as_const(pairs))
        out += (out.isEmpty() ? "" : "&") + pair.first + '=' + pair.second;
    return out;
}

QByteArray awsPayloadHash(const QByteArray& body)
{
    return sha256Hex(body);
}

AwsSignature awsSign(const AwsSigningInput& input, const QByteArray& amzDate, const AwsCredentials& credentials,
                     const AwsScope& scope)
{
    // Canonical headers: lower-case names in byte order, repeated names joined with ',' in the order sent.
    QMap<QByteArray, QList<QByteArray>> byName;
    for (const Http::Header& header : input.headers)
        byName[header.first.toLower().trimmed()].append(canonicalHeaderValue(header.second));
    QByteArray canonicalHeaders;
    QByteArray signedHeaders;
    for (auto it = byName.cbegin(); it != byName.cend(); ++it) {
        canonicalHeaders += it.key() + ':' + it.value().join(',') + '\n';
        signedHeaders += (signedHeaders.isEmpty() ? "" : ";") + it.key();
    }

    AwsSignature out;
    out.signedHeaders = signedHeaders;
    out.canonicalRequest = input.method + '\n' + awsCanonicalUri(input.path, isS3(scope.service)) + '\n'
        + awsCanonicalQuery(input.query) + '\n' + canonicalHeaders + '\n' + signedHeaders + '\n' + input.payloadHash;

    const QByteArray date = amzDate.left(8);
    out.credentialScope = date + '/' + scope.region.toUtf8() + '/' + scope.service.toUtf8() + "/aws4_request";
    out.stringToSign
        = "AWS4-HMAC-SHA256\n" + amzDate + '\n' + out.credentialScope + '\n' + sha256Hex(out.canonicalRequest);

    const QByteArray dateKey = hmac("AWS4" + credentials.secretAccessKey.toUtf8(), date);
    const QByteArray regionKey = hmac(dateKey, scope.region.toUtf8());
    const QByteArray serviceKey = hmac(regionKey, scope.service.toUtf8());
    const QByteArray signingKey = hmac(serviceKey, QByteArrayLiteral("aws4_request"));
    out.signature = hmac(signingKey, out.stringToSign).toHex();
    out.authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId.toUtf8() + '/' + out.credentialScope
        + ", SignedHeaders=" + signedHeaders + ", Signature=" + out.signature;
    return out;
}

AwsSignedHeaders awsSignRequest(const QByteArray& method, const QUrl& url, const Http::HeaderList& headers,
                                const QByteArray& body, const AwsCredentials& credentials, const AwsScope& scope,
                                const QDateTime& now)
{
    const QByteArray amzDate = awsDate(now);
    const bool s3 = isS3(scope.service);
    const QByteArray payloadHash = awsPayloadHash(body);

    AwsSignedHeaders out;
    out.headers.append({QByteArrayLiteral("X-Amz-Date"), amzDate});
    if (!credentials.sessionToken.isEmpty())
        out.headers.append({QByteArrayLiteral("X-Amz-Security-Token"), credentials.sessionToken.toUtf8()});
    // S3 rejects a request without it (docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html);
    // a header the user set is kept and signed as it is.
    if (s3 && !Http::hasHeader(headers, "X-Amz-Content-Sha256"))
        out.headers.append({QByteArrayLiteral("X-Amz-Content-Sha256"), payloadHash});

    AwsSigningInput input;
    input.method = method;
    input.path = url.path(QUrl::FullyEncoded).toUtf8();
    input.query = url.query(QUrl::FullyEncoded).toUtf8();
    input.payloadHash = payloadHash;
    QByteArray contentSha;
    for (const Http::Header& header : headers) {
        const QByteArray name = header.first.toLower();
        // What AWS's own SDKs sign: the host, the content type and every x-amz-* header. Our own date, token
        // and content hash replace any the user typed.
        const bool ours = name == "x-amz-date" || name == "authorization"
            || (name == "x-amz-security-token" && !credentials.sessionToken.isEmpty());
        if (ours)
            continue;
        if (name == "host" || name == "content-type" || name.startsWith("x-amz-"))
            input.headers.append(header);
        if (name == "x-amz-content-sha256")
            contentSha = header.second.trimmed();
    }
    if (!Http::hasHeader(input.headers, "Host"))
        input.headers.append({QByteArrayLiteral("Host"), Http::hostHeaderValue(url)});
    input.headers += out.headers;
    // S3 signs the hash it is told ("UNSIGNED-PAYLOAD" included) in place of the body's.
    if (!contentSha.isEmpty())
        input.payloadHash = contentSha;

    out.signature = awsSign(input, amzDate, credentials, scope);
    out.headers.append({QByteArrayLiteral("Authorization"), out.signature.authorization});
    return out;
}

QString awsSettingsProblem(const AwsCredentials& credentials, const AwsScope& scope)
{
    if (credentials.accessKeyId.trimmed().isEmpty())
        return QStringLiteral("The AWS access key ID is empty.");
    if (credentials.secretAccessKey.isEmpty())
        return QStringLiteral("The AWS secret access key is empty.");
    if (scope.region.trimmed().isEmpty())
        return QStringLiteral("The AWS region is empty.");
    if (scope.service.trimmed().isEmpty())
        return QStringLiteral("The AWS service name is empty.");
    return {};
}

// The region and service of an AWS endpoint's host name, for `--aws-sigv4` without them. curl takes the first
// two labels of the host as service and region (lib/http_aws_sigv4.c), which fits `<service>.<region>.amazonaws.com`
// (https://docs.aws.amazon.com/general/latest/gr/rande.html) but not API Gateway's
// `<api-id>.execute-api.<region>.amazonaws.com`
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-call-api.html), S3's virtual-hosted
// `<bucket>.s3.<region>.amazonaws.com` or OpenSearch's `<domain>.<region>.es.amazonaws.com`: the region is the
// label shaped like one, the service the label after it or else the one before. Only amazonaws.com hosts are
// read; another host (a custom domain, an S3-compatible store) says nothing of either. Empty parts are unknown.
AwsScope awsScopeFromHost(const QString& host)
{
    AwsScope out;
    QStringList labels = host.toLower().split(u'.');
    if (labels.size() >= 3 && labels.last() == u"cn")
        labels.removeLast(); // China regions: amazonaws.com.cn
    if (labels.size() < 3 || labels.at(labels.size() - 2) != u"amazonaws" || labels.last() != u"com")
        return out;
    labels.resize(labels.size() - 2);
    static const QRegularExpression region(QStringLiteral("^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d+$"));
    qsizetype at = -1;
    for (qsizetype i = 0; i < labels.size(); ++i) {
        if (region.match(labels.at(i)).hasMatch())
            at = i;
    }
    if (at < 0) {
        // Global endpoints (iam.amazonaws.com, s3.amazonaws.com, sts.amazonaws.com) sign for us-east-1.
        out.service = labels.contains(u"s3") ? QStringLiteral("s3") : labels.last();
        return out;
    }
    out.region = labels.at(at);
    qsizetype before = at - 1;
    while (before >= 0 && labels.at(before) == u"dualstack") // s3.dualstack.<region>
        --before;
    if (at + 1 < labels.size())
        out.service = labels.at(at + 1);
    else if (before >= 0)
        out.service = labels.at(before);
    return out;
}

std::optional<AwsScope> awsScopeFromCurlOption(const QString& value, const QUrl& url, QString* error)
{
    const QStringList parts = value.split(u':');
    const auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (parts.size() > 4 || parts.value(0).isEmpty())
        return fail(QStringLiteral("--aws-sigv4 expects provider1[:provider2[:region[:service]]], e.g. "
                                   "aws:amz:us-east-1:execute-api; got \"%1\"")
                        .arg(value.left(80)));
    const QString provider1 = parts.value(0).toLower();
    const QString provider2 = parts.value(1, provider1).toLower();
    // Other providers (curl allows any) change the algorithm's name and the header prefix: only AWS's is made.
    if (provider1 != u"aws" || (provider2 != u"amz" && provider2 != u"aws"))
        return fail(QStringLiteral("--aws-sigv4 \"%1\": only the provider aws:amz (AWS4-HMAC-SHA256, X-Amz-* "
                                   "headers) is supported")
                        .arg(value.left(80)));
    AwsScope scope {parts.value(2).trimmed(), parts.value(3).trimmed()};
    if (scope.region.isEmpty() || scope.service.isEmpty()) {
        const AwsScope fromHost = awsScopeFromHost(url.host());
        if (scope.region.isEmpty())
            scope.region = fromHost.region;
        if (scope.service.isEmpty())
            scope.service = fromHost.service;
    }
    if (scope.region.isEmpty() || scope.service.isEmpty())
        return fail(QStringLiteral("--aws-sigv4 \"%1\" names no %2, and the host %3 does not either: write "
                                   "aws:amz:REGION:SERVICE")
                        .arg(value.left(80),
                             scope.region.isEmpty() ? QStringLiteral("region") : QStringLiteral("service"),
                             url.host()));
    return scope;
}

namespace {

/// "AKID/20150830/us-east-1/iam/aws4_request" into `out`; false when it does not have five parts.
bool readCredentialScope(const QByteArray& value, AwsAuthorization& out)
{
    const QList<QByteArray> scope = value.split('/');
    if (scope.size() != 5)
        return false;
    out.accessKeyId = QString::fromUtf8(scope.at(0));
    out.date = QString::fromUtf8(scope.at(1));
    out.region = QString::fromUtf8(scope.at(2));
    out.service = QString::fromUtf8(scope.at(3));
    out.terminal = QString::fromUtf8(scope.at(4));
    return true;
}

constexpr QStringView s_presignParameters[]
    = {u"X-Amz-Algorithm",     u"X-Amz-Credential", u"X-Amz-Date",          u"X-Amz-Expires",
       u"X-Amz-SignedHeaders", u"X-Amz-Signature",  u"X-Amz-Security-Token"};

} // namespace

AwsAuthorization parseAwsAuthorization(const QByteArray& value)
{
    AwsAuthorization out;
    const QByteArray trimmed = value.trimmed();
    const QByteArray prefix = "AWS4-HMAC-SHA256";
    if (!trimmed.startsWith(prefix) || trimmed.size() == prefix.size() || trimmed.at(prefix.size()) != ' ')
        return out;
    bool credential = false;
    for (const QByteArray& part : trimmed.mid(prefix.size()).split(',')) {
        const QByteArray item = part.trimmed();
        const qsizetype eq = item.indexOf('=');
        if (eq <= 0)
            return out;
        const QByteArray name = item.left(eq);
        const QByteArray val = item.mid(eq + 1);
        if (name == "Credential") {
            if (!readCredentialScope(val, out))
                return out;
            credential = true;
        } else if (name == "SignedHeaders") {
            out.signedHeaders = val;
        } else if (name == "Signature") {
            out.signature = val;
        }
    }
    out.valid = credential && !out.signedHeaders.isEmpty() && !out.signature.isEmpty();
    return out;
}

bool isAwsPresignParameter(QStringView name)
{
    return std::any_of(std::begin(s_presignParameters), std::end(s_presignParameters),
                       [name](QStringView known) { return name.compare(known, Qt::CaseInsensitive) == 0; });
}

QDateTime AwsPresignedQuery::expiresAt() const
{
    const QDateTime signedAt = awsDateTime(amzDate);
    return signedAt.isValid() && expiresSeconds >= 0 ? signedAt.addSecs(expiresSeconds) : QDateTime();
}

std::optional<AwsPresignedQuery> parseAwsPresignedQuery(const QUrl& url)
{
    if (!url.hasQuery())
        return std::nullopt;
    AwsPresignedQuery out;
    QByteArray algorithm;
    QByteArray credential;
    bool hasSignature = false;
    // Pair by pair on the encoded query: "+" is a literal plus here, as AWS reads it (a session token holds
    // "+" and "/"); %2F and %2B are decoded.
    for (const QByteArray& pair : url.query(QUrl::FullyEncoded).toLatin1().split('&')) {
        const qsizetype eq = pair.indexOf('=');
        const QString name = QString::fromUtf8(QByteArray::fromPercentEncoding(pair.left(eq < 0 ? pair.size() : eq)));
        const QByteArray value = eq < 0 ? QByteArray() : QByteArray::fromPercentEncoding(pair.mid(eq + 1));
        const auto is = [&name](QStringView known) { return name.compare(known, Qt::CaseInsensitive) == 0; };
        if (is(u"X-Amz-Algorithm")) {
            algorithm = value;
        } else if (is(u"X-Amz-Credential")) {
            credential = value;
        } else if (is(u"X-Amz-Date")) {
            out.amzDate = value;
        } else if (is(u"X-Amz-Expires")) {
            bool ok = false;
            const qint64 seconds = value.toLongLong(&ok);
            out.expiresSeconds = ok && seconds >= 0 ? seconds : -1;
        } else if (is(u"X-Amz-SignedHeaders")) {
            out.signature.signedHeaders = value;
        } else if (is(u"X-Amz-Signature")) {
            out.signature.signature = value;
            hasSignature = true;
        } else if (is(u"X-Amz-Security-Token")) {
            out.sessionToken = QString::fromUtf8(value);
        }
    }
    if (algorithm != "AWS4-HMAC-SHA256" || !hasSignature)
        return std::nullopt;
    out.signature.valid = readCredentialScope(credential, out.signature) && !out.signature.signedHeaders.isEmpty()
        && !out.signature.signature.isEmpty();
    return out;
}

} // namespace Authlens::Auth
