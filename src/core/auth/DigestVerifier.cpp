#include "DigestVerifier.h"

namespace Authlens::Auth {

namespace {

const AuthParam* find(const QList<AuthParam>& params, QByteArrayView name)
{
    for (const AuthParam& p : params) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

DigestVerification bad(QString reason, QString username = {})
{
    return {DigestVerdict::Bad, std::move(reason), std::move(username), {}};
}

// Compares the whole length whatever the first difference, so the time taken says nothing about the hash.
bool equalHex(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const auto x = static_cast<unsigned char>(a[i] | 0x20); // hex digits: case-insensitive
        const auto y = static_cast<unsigned char>(b[i] | 0x20);
        diff |= x ^ y;
    }
    return diff == 0;
}

bool isNc(QByteArrayView nc)
{
    if (nc.size() != 8)
        return false;
    for (char c : nc) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

} // namespace

DigestVerification verifyDigest(const QList<AuthParam>& params, const DigestVerifyContext& context)
{
    for (const char* required : {"realm", "nonce", "uri", "response"}) {
        if (!find(params, required))
            return bad(QStringLiteral("the response has no %1 parameter").arg(QString::fromLatin1(required)));
    }
    const AuthParam* usernameParam = find(params, "username");
    const AuthParam* usernameExt = find(params, "username*");
    if (!usernameParam && !usernameExt)
        return bad(QStringLiteral("the response has no username"));
    if (usernameParam && usernameExt)
        return bad(QStringLiteral("the response has both username and username* (RFC 7616 §3.4 allows one)"));

    const QByteArray realm = find(params, "realm")->value;
    if (realm != context.realm)
        return bad(QStringLiteral("realm “%1” is not this server's realm “%2”")
                       .arg(fieldText(realm), fieldText(context.realm)));

    DigestAlgorithm algorithm = DigestAlgorithm::Md5;
    if (const AuthParam* algorithmParam = find(params, "algorithm")) {
        const auto known = digestAlgorithmFromName(algorithmParam->value);
        if (!known)
            return bad(QStringLiteral("unknown algorithm “%1”").arg(fieldText(algorithmParam->value)));
        algorithm = *known;
    }
    if (!context.algorithms.isEmpty() && !context.algorithms.contains(algorithm))
        return bad(
            QStringLiteral("algorithm %1 was not offered").arg(QString::fromLatin1(digestAlgorithmName(algorithm))));

    const QByteArray uri = find(params, "uri")->value;
    if (!context.requestTarget.isEmpty() && uri != context.requestTarget)
        return bad(QStringLiteral("uri “%1” is not the request-target “%2”")
                       .arg(fieldText(uri), fieldText(context.requestTarget)));

    QByteArray qop;
    QByteArray nc;
    QByteArray cnonce;
    if (const AuthParam* qopParam = find(params, "qop")) {
        qop = qopParam->value;
        if (qop != "auth" && qop != "auth-int")
            return bad(QStringLiteral("qop “%1” is neither auth nor auth-int").arg(fieldText(qop)));
        const AuthParam* ncParam = find(params, "nc");
        const AuthParam* cnonceParam = find(params, "cnonce");
        if (!ncParam || !cnonceParam)
            return bad(QStringLiteral("qop is set but nc or cnonce is missing"));
        if (!isNc(ncParam->value))
            return bad(QStringLiteral("nc “%1” is not 8 hex digits").arg(fieldText(ncParam->value)));
        nc = ncParam->value;
        cnonce = cnonceParam->value;
    } else if (!context.allowRfc2069) {
        return bad(QStringLiteral("the response has no qop (the obsolete RFC 2069 form)"));
    } else if (isSessionAlgorithm(algorithm)) {
        return bad(QStringLiteral("a -sess algorithm needs a cnonce, hence qop"));
    }

    const bool userhash = find(params, "userhash") && find(params, "userhash")->value == "true";
    QString username;
    if (userhash) {
        if (!context.userForHash || !usernameParam)
            return bad(QStringLiteral("userhash is not supported here"));
        const std::optional<QString> user = context.userForHash(usernameParam->value, algorithm);
        if (!user)
            return bad(QStringLiteral("no user matches the userhash"));
        username = *user;
    } else if (usernameExt) {
        const std::optional<QString> decoded = decodeExtValue(usernameExt->value);
        if (!decoded)
            return bad(QStringLiteral("username* is not a valid RFC 8187 value"));
        username = *decoded;
    } else {
        username = fieldText(usernameParam->value);
    }

    const std::optional<QString> password = context.password ? context.password(username) : std::nullopt;
    if (!password)
        return bad(QStringLiteral("unknown user “%1”").arg(username), username);

    const QByteArray nonce = find(params, "nonce")->value;
    const QByteArray ha1 = digestHa1(algorithm, username.toUtf8(), realm, password->toUtf8(), nonce, cnonce);
    const QByteArray ha2 = digestHa2(algorithm, context.method, uri, qop, context.body);
    const QByteArray expected = digestResponseValue(algorithm, ha1, nonce, nc, cnonce, qop, ha2);
    if (!equalHex(expected, find(params, "response")->value))
        return bad(QStringLiteral("the response does not match: wrong password, or a different method, uri, "
                                  "algorithm or qop than the client hashed"),
                   username);

    const quint32 nonceCount = nc.isEmpty() ? 0 : nc.toUInt(nullptr, 16);
    const NonceState state = context.nonceState ? context.nonceState(nonce, nonceCount) : NonceState::Valid;
    if (state == NonceState::Replayed)
        return bad(
            QStringLiteral("nonce count %1 was already used with this nonce (a replay)").arg(QString::fromLatin1(nc)),
            username);
    DigestVerification result;
    result.username = username;
    if (state == NonceState::Stale) {
        result.verdict = DigestVerdict::Stale;
        result.reason = QStringLiteral("the password is right but the nonce expired: retry with the new nonce");
        return result;
    }
    result.verdict = DigestVerdict::Ok;
    const QByteArray rspauthHa2 = digestHa2(algorithm, {}, uri, qop, {});
    result.rspauth = digestResponseValue(algorithm, ha1, nonce, nc, cnonce, qop, rspauthHa2);
    return result;
}

} // namespace Authlens::Auth
