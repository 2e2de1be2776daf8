#include "sidebar/SidebarPanel.h"

#include "common/DisplayFormat.h"
#include "ui_SidebarPanel.h"

#include <QDesktopServices>
#include <QHeaderView>
#include <QMenu>
#include <QScrollBar>
#include <QUrl>

namespace Authlens::Gui {

namespace {

constexpr int ProfileIdRole = Qt::UserRole + 1;
constexpr int RequestIndexRole = Qt::UserRole + 2;
constexpr int DemoRole = Qt::UserRole + 3;
constexpr int NameRole = Qt::UserRole + 4; ///< the stored name, to undo an inline edit
constexpr int RequestIdRole = Qt::UserRole + 5;

QString modifiedKey(const QString& profileId, const QString& requestId)
{
    return profileId + u'\x1f' + requestId;
}

QColor methodColor(const QString& method)
{
    if (method == u"GET")
        return QColor(0x2e, 0x7d, 0x32);
    if (method == u"POST")
        return QColor(0xb3, 0x6b, 0x00);
    if (method == u"PUT" || method == u"PATCH")
        return QColor(0x15, 0x65, 0xc0);
    if (method == u"DELETE")
        return QColor(0xc6, 0x28, 0x28);
    return QColor(0x61, 0x61, 0x61);
}

QString authLabel(const Auth::AuthSettings& settings)
{
    switch (settings.method) {
    case Auth::Method::None:
        return QStringLiteral("no auth");
    case Auth::Method::Basic:
        return QStringLiteral("Basic");
    case Auth::Method::Digest:
        return QStringLiteral("Digest");
    case Auth::Method::Bearer:
        return QStringLiteral("Bearer token");
    case Auth::Method::OAuth2:
        return QStringLiteral("OAuth 2");
    case Auth::Method::ApiKey:
        return QStringLiteral("API key");
    case Auth::Method::AwsSigV4:
        return QStringLiteral("AWS Signature v4 (%1/%2)").arg(settings.aws.region, settings.aws.service);
    }
    return QString();
}

} // namespace

SidebarPanel::SidebarPanel(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::SidebarPanel>())
{
    m_ui->setupUi(this);
    QFont bold = m_ui->sidebarTitle->font();
    bold.setBold(true);
    m_ui->sidebarTitle->setFont(bold);
    m_ui->emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->demoHintLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->noMatchLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->profileTree->header()->setStretchLastSection(false);
    // Long names (an imported "GET /v3/accounts/{id}/…") keep both ends; the tooltip has the whole URL.
    m_ui->profileTree->setTextElideMode(Qt::ElideMiddle);
    m_ui->profileTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_ui->profileTree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_ui->loadErrorBanner->setKind(Banner::Kind::Warning);
    m_ui->loadErrorBanner->setClosable(true);
    m_ui->loadErrorBanner->hide();
    connect(m_ui->loadErrorBanner->addButton(tr("Open folder"), QStringLiteral("openProfileFolderButton")),
            &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_profileDirectory)); });

    connect(m_ui->profileTree, &QTreeWidget::currentItemChanged, this, &SidebarPanel::onCurrentItemChanged);
    connect(m_ui->profileTree, &QTreeWidget::itemChanged, this, &SidebarPanel::onItemChanged);
    connect(m_ui->profileTree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        if (item->data(0, RequestIndexRole).toInt() < 0)
            Q_EMIT editProfileRequested(item->data(0, ProfileIdRole).toString());
    });
    connect(m_ui->profileTree, &QWidget::customContextMenuRequested, this, &SidebarPanel::showContextMenu);
    connect(m_ui->filterEdit, &QLineEdit::textChanged, this, &SidebarPanel::applyFilter);
    connect(m_ui->startDemoButton, &QPushButton::clicked, this, &SidebarPanel::demoRequested);
    connect(m_ui->newProfileButton, &QToolButton::clicked, this, &SidebarPanel::newProfileRequested);
    auto* newMenu = new QMenu(this);
    newMenu->addAction(tr("New Profile…"), this, &SidebarPanel::newProfileRequested);
    m_newRequestAction
        = newMenu->addAction(tr("New Request"), this, [this] { Q_EMIT newRequestRequested(selectedProfileId()); });
    m_newRequestAction->setObjectName(QStringLiteral("sidebarNewRequestAction"));
    newMenu->addSeparator();
    newMenu->addAction(tr("Import…"), this, &SidebarPanel::importRequested);
    m_ui->newProfileButton->setMenu(newMenu);
    auto* moreMenu = new QMenu(this);
    m_duplicateAction
        = moreMenu->addAction(tr("Duplicate"), this, [this] { Q_EMIT duplicateProfileRequested(selectedProfileId()); });
    m_duplicateAction->setObjectName(QStringLiteral("duplicateProfileAction"));
    m_exportAction
        = moreMenu->addAction(tr("Export…"), this, [this] { Q_EMIT exportProfileRequested(selectedProfileId()); });
    m_exportAction->setObjectName(QStringLiteral("exportProfileAction"));
    moreMenu->addSeparator();
    m_deleteAction = moreMenu->addAction(tr("Delete Profile…"), this,
                                         [this] { Q_EMIT deleteProfileRequested(selectedProfileId()); });
    m_deleteAction->setObjectName(QStringLiteral("deleteProfileAction"));
    m_ui->moreProfileButton->setMenu(moreMenu);
    connect(m_ui->emptyNewProfileButton, &QPushButton::clicked, this, &SidebarPanel::newProfileRequested);
    connect(m_ui->emptyImportButton, &QPushButton::clicked, this, &SidebarPanel::importRequested);
    connect(m_ui->editProfileButton, &QToolButton::clicked, this,
            [this] { Q_EMIT editProfileRequested(selectedProfileId()); });
    m_ui->noMatchLabel->hide();
    updateEmptyState();
    updateButtons();
}

SidebarPanel::~SidebarPanel() = default;

void SidebarPanel::setProfiles(const QList<Profiles::Profile>& profiles)
{
    QTreeWidget* tree = m_ui->profileTree;
    QString selectedProfile;
    int selectedIndex = -1;
    if (const QTreeWidgetItem* current = tree->currentItem()) {
        selectedProfile = current->data(0, ProfileIdRole).toString();
        selectedIndex = current->data(0, RequestIndexRole).toInt();
    }
    const QSignalBlocker blocker(tree);
    tree->clear();
    QFont profileFont = tree->font();
    profileFont.setBold(true);
    QFont methodFont = monospaceFont();
    methodFont.setPointSizeF(tree->font().pointSizeF() * 0.85);
    methodFont.setBold(true);
    for (const Profiles::Profile& profile : profiles) {
        auto* profileItem = new QTreeWidgetItem(tree);
        profileItem->setText(0, profile.name);
        profileItem->setFont(0, profileFont);
        profileItem->setData(0, ProfileIdRole, profile.id);
        profileItem->setData(0, RequestIndexRole, -1);
        profileItem->setData(0, DemoRole, profile.demo);
        profileItem->setData(0, NameRole, profile.name);
        if (!profile.demo)
            profileItem->setFlags(profileItem->flags() | Qt::ItemIsEditable);
        // A profile's name takes the whole row: the method column is its requests' (a demo profile says it is
        // one in its tooltip, and its name starts with "Demo").
        profileItem->setFirstColumnSpanned(true);
        QString tip = tr("%1\n\nBase URL: %2\nAuth: %3")
                          .arg(profile.description.isEmpty() ? profile.name : profile.description,
                               profile.baseUrl.isEmpty() ? tr("none") : profile.baseUrl, authLabel(profile.auth));
        if (profile.demo)
            tip += tr("\n\nBuilt-in demo profile: read-only, never saved. Duplicate it to keep an editable copy.");
        profileItem->setToolTip(0, tip);
        profileItem->setToolTip(1, tip);
        for (int i = 0; i < profile.requests.size(); ++i) {
            const Profiles::SavedRequest& request = profile.requests.at(i);
            const QString method = QString::fromLatin1(request.method);
            auto* item = new QTreeWidgetItem(profileItem);
            item->setText(0, request.name.isEmpty() ? request.url : request.name);
            item->setText(1, method);
            item->setFont(1, methodFont);
            item->setForeground(1, methodColor(method));
            item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
            item->setData(0, ProfileIdRole, profile.id);
            item->setData(0, RequestIndexRole, i);
            item->setData(0, DemoRole, profile.demo);
            item->setData(0, RequestIdRole, request.id);
            item->setData(0, NameRole, item->text(0));
            item->setToolTip(0, tr("%1 %2").arg(method, profile.resolve(request.url).toDisplayString()));
            showModified(item, m_modified.contains(modifiedKey(profile.id, request.id)));
        }
    }
    tree->expandAll();
    if (QTreeWidgetItem* restored = findItem(selectedProfile, selectedIndex))
        tree->setCurrentItem(restored);
    else if (QTreeWidgetItem* profileOnly = findItem(selectedProfile, -1))
        tree->setCurrentItem(profileOnly);
    applyFilter(m_ui->filterEdit->text());
    updateEmptyState();
    updateButtons();
}

void SidebarPanel::setRequestModified(const QString& profileId, const QString& requestId, bool modified)
{
    const QString key = modifiedKey(profileId, requestId);
    if (modified)
        m_modified.insert(key);
    else
        m_modified.remove(key);
    QTreeWidget* tree = m_ui->profileTree;
    const QSignalBlocker blocker(tree);
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* profileItem = tree->topLevelItem(i);
        if (profileItem->data(0, ProfileIdRole).toString() != profileId)
            continue;
        for (int r = 0; r < profileItem->childCount(); ++r) {
            if (profileItem->child(r)->data(0, RequestIdRole).toString() == requestId)
                showModified(profileItem->child(r), modified);
        }
    }
}

bool SidebarPanel::isRequestModified(const QString& profileId, const QString& requestId) const
{
    return m_modified.contains(modifiedKey(profileId, requestId));
}

void SidebarPanel::showModified(QTreeWidgetItem* item, bool modified)
{
    // A dot after the name and italics, as editors mark an unsaved file; the tooltip says it in words.
    const QString name = item->data(0, NameRole).toString();
    item->setText(0, modified ? name + QStringLiteral("  ●") : name);
    QFont font = item->font(0);
    font.setItalic(modified);
    item->setFont(0, font);
    QString tip = item->toolTip(0).section(u'\n', 0, 0);
    if (modified)
        tip += u'\n' + tr("Unsaved changes: Ctrl+S saves them to the profile.");
    item->setToolTip(0, tip);
}

int SidebarPanel::preferredWidth() const
{
    // The widest name and its method column, with the tree's indentation, frame and scroll bar.
    QTreeWidget* tree = m_ui->profileTree;
    int widest = 0;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* profile = tree->topLevelItem(i);
        // A profile's name spans both columns; a request's name sits one level in, beside its method.
        widest = std::max(widest,
                          tree->indentation() + QFontMetrics(profile->font(0)).horizontalAdvance(profile->text(0)));
        for (int r = 0; r < profile->childCount(); ++r) {
            const QTreeWidgetItem* request = profile->child(r);
            widest
                = std::max(widest,
                           2 * tree->indentation() + QFontMetrics(request->font(0)).horizontalAdvance(request->text(0))
                               + QFontMetrics(request->font(1)).horizontalAdvance(request->text(1)) + 24);
        }
    }
    const int chrome = 2 * tree->frameWidth() + tree->verticalScrollBar()->sizeHint().width() + 24;
    return std::max(minimumSizeHint().width(), widest + chrome);
}

void SidebarPanel::focusFilter()
{
    m_ui->filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->filterEdit->selectAll();
}

void SidebarPanel::setLoadErrors(const QStringList& errors, const QString& directory)
{
    m_profileDirectory = directory;
    Banner* banner = m_ui->loadErrorBanner;
    if (errors.isEmpty()) {
        banner->hide();
        return;
    }
    banner->setText(tr("%1 could not be read and %2 left untouched:\n%3")
                        .arg(countText(errors.size(), tr("profile file"), tr("profile files")),
                             errors.size() == 1 ? tr("was") : tr("were"), errors.join(u'\n')));
    banner->show();
}

QTreeWidgetItem* SidebarPanel::findItem(const QString& profileId, int index) const
{
    if (profileId.isEmpty())
        return nullptr;
    QTreeWidget* tree = m_ui->profileTree;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* profileItem = tree->topLevelItem(i);
        if (profileItem->data(0, ProfileIdRole).toString() != profileId)
            continue;
        if (index < 0)
            return profileItem;
        for (int c = 0; c < profileItem->childCount(); ++c) {
            if (profileItem->child(c)->data(0, RequestIndexRole).toInt() == index)
                return profileItem->child(c);
        }
    }
    return nullptr;
}

bool SidebarPanel::selectProfile(const QString& profileId)
{
    QTreeWidgetItem* item = findItem(profileId, -1);
    if (!item)
        return false;
    m_ui->profileTree->setCurrentItem(item);
    updateButtons();
    return true;
}

bool SidebarPanel::selectRequest(const QString& profileId, int index)
{
    QTreeWidgetItem* item = findItem(profileId, index);
    if (!item)
        return false;
    m_ui->profileTree->setCurrentItem(item);
    m_ui->profileTree->scrollToItem(item);
    updateButtons();
    return true;
}

QString SidebarPanel::selectedProfileId() const
{
    const QTreeWidgetItem* current = m_ui->profileTree->currentItem();
    return current ? current->data(0, ProfileIdRole).toString() : QString();
}

bool SidebarPanel::isDemo(const QString& profileId) const
{
    const QTreeWidgetItem* item = findItem(profileId, -1);
    return item && item->data(0, DemoRole).toBool();
}

void SidebarPanel::startRename(const QString& profileId)
{
    QTreeWidgetItem* item = findItem(profileId, -1);
    if (!item || isDemo(profileId))
        return;
    m_ui->profileTree->setCurrentItem(item);
    m_ui->profileTree->editItem(item, 0);
}

void SidebarPanel::onCurrentItemChanged(QTreeWidgetItem* current)
{
    updateButtons();
    if (!current)
        return;
    const QString profileId = current->data(0, ProfileIdRole).toString();
    const int index = current->data(0, RequestIndexRole).toInt();
    if (index < 0)
        Q_EMIT profileSelected(profileId);
    else
        Q_EMIT requestSelected(profileId, index);
}

void SidebarPanel::onItemChanged(QTreeWidgetItem* item, int column)
{
    if (column != 0 || item->data(0, RequestIndexRole).toInt() >= 0)
        return;
    const QString stored = item->data(0, NameRole).toString();
    const QString typed = item->text(0).trimmed();
    {
        // The tree shows what is stored; it is rebuilt once the rename succeeds.
        const QSignalBlocker blocker(m_ui->profileTree);
        item->setText(0, stored);
    }
    if (!typed.isEmpty() && typed != stored)
        Q_EMIT renameProfileRequested(item->data(0, ProfileIdRole).toString(), typed);
}

void SidebarPanel::showContextMenu(const QPoint& pos)
{
    QTreeWidgetItem* item = m_ui->profileTree->itemAt(pos);
    QMenu menu(this);
    if (!item) {
        menu.addAction(tr("New Profile…"), this, &SidebarPanel::newProfileRequested);
        menu.addAction(tr("Import…"), this, &SidebarPanel::importRequested);
        menu.exec(m_ui->profileTree->viewport()->mapToGlobal(pos));
        return;
    }
    const QString id = item->data(0, ProfileIdRole).toString();
    const int index = item->data(0, RequestIndexRole).toInt();
    const bool demo = item->data(0, DemoRole).toBool();
    if (index >= 0) {
        menu.addAction(tr("Open"), this, [this, id, index] { selectRequest(id, index); });
        QAction* remove = menu.addAction(tr("Delete Request"), this,
                                         [this, id, index] { Q_EMIT deleteRequestRequested(id, index); });
        remove->setEnabled(!demo);
        menu.addSeparator();
    }
    menu.addAction(demo ? tr("View Profile…") : tr("Edit Profile…"), this,
                   [this, id] { Q_EMIT editProfileRequested(id); });
    menu.addAction(tr("Rename"), this, [this, id] { startRename(id); })->setEnabled(!demo);
    menu.addAction(tr("Duplicate"), this, [this, id] { Q_EMIT duplicateProfileRequested(id); });
    menu.addAction(tr("Export…"), this, [this, id] { Q_EMIT exportProfileRequested(id); })->setEnabled(!demo);
    menu.addSeparator();
    menu.addAction(tr("Delete Profile…"), this, [this, id] { Q_EMIT deleteProfileRequested(id); })->setEnabled(!demo);
    menu.exec(m_ui->profileTree->viewport()->mapToGlobal(pos));
}

void SidebarPanel::updateButtons()
{
    const QString id = selectedProfileId();
    const bool demo = isDemo(id);
    m_ui->editProfileButton->setEnabled(!id.isEmpty());
    m_ui->editProfileButton->setText(demo ? tr("View…") : tr("Edit…"));
    m_ui->moreProfileButton->setEnabled(!id.isEmpty());
    m_duplicateAction->setEnabled(!id.isEmpty());
    m_exportAction->setEnabled(!id.isEmpty() && !demo);
    m_deleteAction->setEnabled(!id.isEmpty() && !demo);
    m_deleteAction->setToolTip(demo ? tr("Demo profiles are built in and cannot be deleted")
                                    : tr("Delete the selected profile, its file and its keychain secrets"));
    m_newRequestAction->setEnabled(!id.isEmpty());
}

void SidebarPanel::applyFilter(const QString& text)
{
    const QString needle = text.trimmed();
    QTreeWidget* tree = m_ui->profileTree;
    int visible = 0;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* profileItem = tree->topLevelItem(i);
        const bool profileMatches = needle.isEmpty() || profileItem->text(0).contains(needle, Qt::CaseInsensitive);
        bool anyChild = false;
        for (int c = 0; c < profileItem->childCount(); ++c) {
            QTreeWidgetItem* child = profileItem->child(c);
            const bool matches = profileMatches || child->text(0).contains(needle, Qt::CaseInsensitive)
                || child->toolTip(0).contains(needle, Qt::CaseInsensitive);
            child->setHidden(!matches);
            anyChild = anyChild || matches;
        }
        profileItem->setHidden(!profileMatches && !anyChild);
        if (!needle.isEmpty() && anyChild)
            profileItem->setExpanded(true);
        visible += profileItem->isHidden() ? 0 : 1;
    }
    m_ui->noMatchLabel->setVisible(tree->topLevelItemCount() > 0 && visible == 0);
}

void SidebarPanel::updateEmptyState()
{
    const bool empty = m_ui->profileTree->topLevelItemCount() == 0;
    m_ui->profileTree->setVisible(!empty);
    m_ui->filterEdit->setEnabled(!empty);
    m_ui->emptyState->setVisible(empty);
    if (empty)
        m_ui->noMatchLabel->hide();
}

} // namespace Authlens::Gui
