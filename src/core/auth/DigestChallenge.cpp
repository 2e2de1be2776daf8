#include "DigestChallenge.h"

namespace Authlens::Auth {

namespace {

void note(QStringList* problems, const QString& problem)
{
    if (problems)
        problems->append(problem);
}

QList<QByteArray> splitList(const QByteArray& value, char separator)
{
    QList<QByteArray> items;
    for (const QByteArray& part : value.split(separator)) {
        const QByteArray item = part.trimmed();
        if (!item.isEmpty())
            items.append(item);
    }
    return items;
}

} // namespace

bool DigestChallenge::offersQop(QByteArrayView qop) const
{
    for (const QByteArray& offered : qops) {
        if (offered == qop)
            return true;
    }
    return false;
}

std::optional<DigestChallenge> DigestChallenge::fromChallenge(const Challenge& challenge, QStringList* problems)
{
    if (!challenge.isScheme("Digest")) {
        note(problems, QStringLiteral("not a Digest challenge"));
        return std::nullopt;
    }
    DigestChallenge digest;
    bool usable = true;
    digest.realm = challenge.value("realm");
    if (!challenge.hasParam("realm"))
        note(problems, QStringLiteral("no realm: RFC 7616 §3.3 requires one; an empty realm is used"));
    digest.nonce = challenge.value("nonce");
    if (digest.nonce.isEmpty()) {
        note(problems, QStringLiteral("no nonce: a Digest response cannot be computed without one"));
        usable = false;
    }
    digest.opaque = challenge.value("opaque");
    digest.domain = splitList(challenge.value("domain"), ' ');
    digest.stale = challenge.value("stale").compare("true", Qt::CaseInsensitive) == 0;
    digest.charsetUtf8 = challenge.value("charset").compare("UTF-8", Qt::CaseInsensitive) == 0;
    digest.userhash = challenge.value("userhash").compare("true", Qt::CaseInsensitive) == 0;

    if (const AuthParam* algorithm = challenge.param("algorithm")) {
        digest.algorithmToken = algorithm->value;
        if (const auto known = digestAlgorithmFromName(algorithm->value)) {
            digest.algorithm = *known;
        } else {
            note(problems, QStringLiteral("unknown algorithm “%1”").arg(fieldText(algorithm->value)));
            usable = false;
        }
    }

    if (const AuthParam* qop = challenge.param("qop")) {
        // RFC 7616 §3.3: a quoted, comma-separated list; qop=auth (unquoted) is common and harmless.
        for (const QByteArray& item : splitList(qop->value, ',')) {
            const QByteArray lower = item.toLower();
            if (lower == "auth" || lower == "auth-int")
                digest.qops.append(lower);
            else
                note(problems, QStringLiteral("unknown qop value “%1” ignored").arg(fieldText(item)));
        }
        if (digest.qops.isEmpty()) {
            note(problems, QStringLiteral("qop offers neither auth nor auth-int"));
            usable = false;
        }
    } else if (isSessionAlgorithm(digest.algorithm)) {
        // -sess hashes the cnonce into A1, and without qop a client must not send a cnonce (RFC 2617 §3.2.2).
        note(problems, QStringLiteral("a -sess algorithm without qop cannot be answered"));
        usable = false;
    } else {
        note(problems,
             QStringLiteral("no qop: the server uses the RFC 2069 form, without cnonce or nonce count "
                            "(weaker; RFC 7616 §3.3 requires qop)"));
    }
    if (!usable)
        return std::nullopt;
    return digest;
}

} // namespace Authlens::Auth
