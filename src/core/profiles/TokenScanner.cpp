#include "profiles/TokenScanner.h"

#include "jwt/TokenLabel.h"

#include <QRegularExpression>

#include <cmath>

namespace Authlens::Profiles {

namespace {

double entropyBitsPerChar(QStringView s)
{
    QHash<QChar, int> counts;
    for (QChar c : s)
        ++counts[c];
    double bits = 0;
    for (int n : std::as_const(counts)) {
        const double p = double(n) / double(s.size());
        bits -= p * std::log2(p);
    }
    return bits;
}

bool mixesClasses(QStringView s)
{
    bool lower = false, upper = false, digit = false;
    for (QChar c : s) {
        lower |= c.isLower();
        upper |= c.isUpper();
        digit |= c.isDigit();
    }
    return int(lower) + int(upper) + int(digit) >= 2 && digit;
}

} // namespace

QList<TokenHit> findTokenLikeValues(QStringView text)
{
    QList<TokenHit> hits;
    // "=" only as base64 padding: key=value pairs split into their parts.
    static const QRegularExpression words(QStringLiteral("[A-Za-z0-9_\\-\\.+/~]{16,}={0,2}"));
    auto it = words.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        const QStringView word = m.capturedView();
        const qsizetype at = m.capturedStart();
        // JWT: three (or five) base64url parts, the first starting with a JSON object ("eyJ").
        if (word.startsWith(u"eyJ") && word.count(u'.') >= 2) {
            hits.append({at, word.size(), QStringLiteral("JWT")});
            continue;
        }
        // Documented vendor prefixes (jwt/TokenLabel): a hit is a credential whatever its entropy.
        if (const auto label = Jwt::identifyTokenPrefix(word.toLatin1())) {
            hits.append({at, word.size(), label->title()});
            continue;
        }
        // Random-looking and long: API keys, session ids, secrets. Paths and words have low entropy.
        QStringView core = word;
        while (core.endsWith(u'='))
            core.chop(1);
        if (core.size() >= 24 && !core.contains(u'/') && mixesClasses(core) && entropyBitsPerChar(core) >= 3.8)
            hits.append({at, word.size(), QStringLiteral("high-entropy string")});
    }
    return hits;
}

} // namespace Authlens::Profiles
