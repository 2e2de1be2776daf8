#include "profiles/KeychainBanner.h"

#include "common/Banner.h"
#include "session/SecretsManager.h"

#include <QCoreApplication>
#include <QPushButton>

namespace Authlens::Gui {

namespace {

QString bannerTr(const char* text)
{
    return QCoreApplication::translate("KeychainBanner", text);
}

void update(Banner* banner, SecretsManager* manager)
{
    using State = SecretsManager::State;
    banner->removeButtons();
    switch (manager->state()) {
    case State::Idle:
    case State::Ready:
        banner->hide();
        return;
    case State::Checking:
        // Only a retry the user asked for shows progress; the check at start stays quiet.
        if (banner->isHidden())
            return;
        banner->setKind(Banner::Kind::Info);
        banner->setText(bannerTr("Checking the keychain…"));
        return;
    case State::Unavailable:
        banner->setKind(Banner::Kind::Error);
        banner->setText(bannerTr("Secrets cannot be stored or read: %1").arg(manager->problem()));
        QObject::connect(
            banner->addButton(bannerTr("Use session-only secrets"), QStringLiteral("useSessionOnlyButton")),
            &QPushButton::clicked, manager, &SecretsManager::useSessionOnly);
        QObject::connect(banner->addButton(bannerTr("Retry"), QStringLiteral("retryKeychainButton")),
                         &QPushButton::clicked, manager, &SecretsManager::retry);
        break;
    case State::SessionOnly:
        banner->setKind(Banner::Kind::Warning);
        banner->setText(bannerTr("Session-only secrets: secrets are kept in memory until you quit, never written to a "
                                 "file. The keychain: %1")
                            .arg(manager->problem()));
        QObject::connect(banner->addButton(bannerTr("Retry keychain"), QStringLiteral("retryKeychainButton")),
                         &QPushButton::clicked, manager, &SecretsManager::retry);
        break;
    }
    banner->show();
}

} // namespace

void bindKeychainBanner(Banner* banner, SecretsManager* manager)
{
    banner->setObjectName(banner->objectName().isEmpty() ? QStringLiteral("keychainBanner") : banner->objectName());
    banner->setClosable(false);
    banner->hide();
    QObject::connect(manager, &SecretsManager::stateChanged, banner, [banner, manager] { update(banner, manager); });
    update(banner, manager);
}

} // namespace Authlens::Gui
