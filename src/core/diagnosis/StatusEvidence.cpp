// The evidence the status rules read: challenges offered, credentials sent and withheld.
#include "diagnosis/StatusRules.h"

#include "http/RequestSpec.h"

#include <QRegularExpression>
#include <QUrlQuery>

namespace Authlens::Diagnosis::Rules {

// ---- challenges -----------------------------------------------------------------------------------

QList<Challenge> challengesIn(const HeaderList& headers, QByteArrayView name)
{
    return Auth::parseChallenges(Http::headerValues(headers, name)).challenges;
}

QString latin(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes);
}

QString quote(QByteArrayView bytes)
{
    return u'“' + QString::fromUtf8(bytes) + u'”';
}

QString describeChallenge(const Challenge& c)
{
    QStringList details;
    for (const char* name : {"realm", "error", "scope", "charset", "algorithm", "stale"}) {
        const QByteArray v = c.value(name);
        if (!v.isNull())
            details.append(QStringLiteral("%1 %2").arg(QString::fromLatin1(name), quote(v)));
    }
    return details.isEmpty() ? latin(c.scheme) : QStringLiteral("%1 (%2)").arg(latin(c.scheme), details.join(u", "));
}

QStringList schemeNames(const QList<Challenge>& challenges)
{
    QStringList names;
    for (const Challenge& c : challenges) {
        const QString name = latin(c.scheme);
        if (!names.contains(name, Qt::CaseInsensitive))
            names.append(name);
    }
    return names;
}

const Challenge* findScheme(const QList<Challenge>& challenges, QByteArrayView scheme)
{
    for (const Challenge& c : challenges) {
        if (c.isScheme(scheme))
            return &c;
    }
    return nullptr;
}

QString joinOr(const QStringList& items)
{
    if (items.size() <= 1)
        return items.value(0);
    return QStringList(items.mid(0, items.size() - 1)).join(u", ") + u" or " + items.last();
}

// ---- what the request carried ---------------------------------------------------------------------

bool looksLikeSecretHeader(QByteArrayView name)
{
    const QByteArray lower = name.toByteArray().toLower();
    if (lower == "authorization" || lower == "proxy-authorization" || lower == "cookie")
        return false; // reported on their own
    for (const char* part : {"api-key", "apikey", "api_key", "token", "secret", "x-auth"}) {
        if (lower.contains(part))
            return true;
    }
    return false;
}

bool looksLikeSecretQueryName(const QString& name)
{
    static const QStringList names
        = {QStringLiteral("api_key"),      QStringLiteral("apikey"), QStringLiteral("api-key"), QStringLiteral("key"),
           QStringLiteral("access_token"), QStringLiteral("token"),  QStringLiteral("auth")};
    return names.contains(name, Qt::CaseInsensitive);
}

SentCredentials sentCredentials(const Hop& hop)
{
    SentCredentials s;
    const HeaderList& headers = hop.request.headers;
    s.authorization = Http::headerValue(headers, "Authorization");
    if (!s.authorization.isEmpty()) {
        const QByteArray trimmed = s.authorization.trimmed();
        const qsizetype space = trimmed.indexOf(' ');
        s.authScheme = space > 0 ? trimmed.left(space) : trimmed;
        if (s.authScheme.compare("Basic", Qt::CaseInsensitive) == 0 && space > 0) {
            const QByteArray decoded = QByteArray::fromBase64(trimmed.mid(space + 1).trimmed());
            const qsizetype colon = decoded.indexOf(':');
            if (colon >= 0)
                s.basicUser = QString::fromUtf8(decoded.left(colon));
        }
    }
    for (const QByteArray& cookie : Http::headerValues(headers, "Cookie")) {
        for (const QByteArray& pair : cookie.split(';')) {
            const QByteArray name = pair.left(pair.indexOf('=')).trimmed();
            if (!name.isEmpty())
                s.cookieNames.append(QString::fromUtf8(name));
        }
    }
    for (const Http::Header& h : headers) {
        if (looksLikeSecretHeader(h.first))
            s.secretHeaders.append(latin(h.first));
    }
    const QList<QPair<QString, QString>> items = QUrlQuery(hop.request.url).queryItems();
    for (const auto& item : items) {
        if (looksLikeSecretQueryName(item.first))
            s.secretQuery.append(item.first);
    }
    s.withheld = hop.withheld;
    return s;
}

QString describeSent(const SentCredentials& s)
{
    QStringList parts;
    if (!s.authorization.isEmpty()) {
        if (!s.basicUser.isNull())
            parts.append(QStringLiteral("Basic credentials for user %1").arg(quote(s.basicUser.toUtf8())));
        else
            parts.append(QStringLiteral("an Authorization header with the %1 scheme").arg(latin(s.authScheme)));
    }
    if (!s.cookieNames.isEmpty())
        parts.append(QStringLiteral("cookies (%1)").arg(s.cookieNames.join(u", ")));
    for (const QString& h : s.secretHeaders)
        parts.append(QStringLiteral("a %1 header").arg(h));
    for (const QString& q : s.secretQuery)
        parts.append(QStringLiteral("a “%1” query parameter").arg(q));
    return parts.join(u"; ");
}

QString describeWithheld(const QList<Http::Withheld>& withheld)
{
    QStringList parts;
    for (const Http::Withheld& w : withheld) {
        const QString name
            = w.name.startsWith('?') ? QStringLiteral("query parameter “%1”").arg(latin(w.name.mid(1))) : latin(w.name);
        parts.append(w.reason.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, w.reason));
    }
    return parts.join(u"; ");
}

KeyHeader authorizationKey(const SentCredentials& s, const QString& meaningWhenAbsent)
{
    KeyHeader k;
    k.name = "Authorization";
    k.present = !s.authorization.isEmpty();
    // The scheme only: the panel must never print the secret itself.
    k.value = k.present ? s.authScheme + " …" : QByteArray();
    k.meaning = k.present
        ? QStringLiteral("Your request sent %1 credentials (value not shown).").arg(latin(s.authScheme))
        : meaningWhenAbsent;
    return k;
}

KeyHeader responseKey(const HeaderList& headers, QByteArrayView name, const QString& meaningPresent,
                      const QString& meaningAbsent)
{
    KeyHeader k;
    k.name = name.toByteArray();
    k.present = Http::hasHeader(headers, name);
    k.value = k.present ? Http::headerValues(headers, name).join(", ") : QByteArray();
    k.meaning = k.present ? meaningPresent : meaningAbsent;
    return k;
}

QList<KeyHeader> challengeKeys(const HeaderList& headers, QByteArrayView name, const QString& absentMeaning)
{
    QList<KeyHeader> keys;
    const QList<QByteArray> values = Http::headerValues(headers, name);
    for (const QByteArray& v : values) {
        const QList<Challenge> cs = Auth::parseChallengeField(v).challenges;
        QStringList described;
        for (const Challenge& c : cs)
            described.append(describeChallenge(c));
        keys.append({name.toByteArray(), v, true,
                     cs.size() > 1
                         ? QStringLiteral("%1 challenges in one field: %2.").arg(cs.size()).arg(described.join(u"; "))
                         : QStringLiteral("Challenge: %1.").arg(described.value(0))});
    }
    if (values.isEmpty())
        keys.append({name.toByteArray(), {}, false, absentMeaning});
    return keys;
}

bool looksLikeLoginUrl(const QUrl& url)
{
    static const QRegularExpression re(
        QStringLiteral("(log-?in|log-?on|sign-?in|sign_in|/sso(/|$)|/authorize|/oauth|/cas/|/auth(/|$)|session/new)"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(url.path()).hasMatch() || re.match(url.query()).hasMatch();
}

QString statusReason(const Http::ResponseRecord& r)
{
    return r.reason.isEmpty() ? QString() : u' ' + QString::fromUtf8(r.reason);
}

void addWithheldNote(StatusMeaning& m, const SentCredentials& sent)
{
    if (sent.withheld.isEmpty())
        return;
    m.summary
        += QStringLiteral(" Note: on this last request Authlens withheld %1.").arg(describeWithheld(sent.withheld));
    m.nextSteps.prepend(QStringLiteral(
        "Credentials were withheld on the final hop (see the Redirects tab). If you trust that origin, add it "
        "to the profile's allowed origins and resend."));
}

} // namespace Authlens::Diagnosis::Rules
