#pragma once

#include <QString>

namespace Authlens::Gui {

/// A rough strength estimate for an export passphrase, for a hint under the field (not a policy:
/// the only rule enforced is a minimum length).
struct PassphraseStrength
{
    enum class Level { TooShort, Weak, Fair, Strong };
    Level level = Level::TooShort;
    int bits = 0; ///< estimated entropy
    QString text; ///< "Strength: fair (≈ 52 bits) — longer is better"

    static constexpr int MinimumLength = 8;
    static PassphraseStrength of(const QString& passphrase);
};

} // namespace Authlens::Gui
