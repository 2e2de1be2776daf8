#include "profiles/PassphraseStrength.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace Authlens::Gui {

PassphraseStrength PassphraseStrength::of(const QString& passphrase)
{
    const auto tr = [](const char* text) { return QCoreApplication::translate("PassphraseStrength", text); };
    PassphraseStrength result;
    if (passphrase.size() < MinimumLength) {
        result.text = tr("Use at least %1 characters.").arg(MinimumLength);
        return result;
    }
    // Character pool × length, with repeats discounted: "aaaaaaaaaaaa" is not 12 random letters.
    bool lower = false, upper = false, digit = false, symbol = false, other = false;
    QSet<QChar> distinct;
    for (const QChar c : passphrase) {
        distinct.insert(c);
        if (c.unicode() > 0x7f)
            other = true;
        else if (c.isLower())
            lower = true;
        else if (c.isUpper())
            upper = true;
        else if (c.isDigit())
            digit = true;
        else
            symbol = true;
    }
    const int pool = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) + (other ? 100 : 0);
    const qsizetype effectiveLength = std::min(passphrase.size(), distinct.size() * 2);
    result.bits = int(double(effectiveLength) * std::log2(double(std::max(pool, 2))));
    if (result.bits < 45) {
        result.level = Level::Weak;
        result.text = tr("Strength: weak (≈ %1 bits) — add length, e.g. four unrelated words.");
    } else if (result.bits < 70) {
        result.level = Level::Fair;
        result.text = tr("Strength: fair (≈ %1 bits) — longer is better.");
    } else {
        result.level = Level::Strong;
        result.text = tr("Strength: strong (≈ %1 bits).");
    }
    result.text = result.text.arg(result.bits);
    return result;
}

} // namespace Authlens::Gui
