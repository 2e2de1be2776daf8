#pragma once

namespace Authlens::Gui {

class Banner;
class SecretsManager;

/// Makes `banner` show the keychain's trouble and the ways out, for as long as it lasts: "Use
/// session-only secrets" and "Retry" while no keychain works, and a persistent note (with "Retry
/// keychain") in session-only mode. Hidden while the keychain works. The main window and the
/// profile editor each bind one.
void bindKeychainBanner(Banner* banner, SecretsManager* manager);

} // namespace Authlens::Gui
