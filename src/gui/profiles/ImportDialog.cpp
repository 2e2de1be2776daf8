#include "profiles/ImportDialog.h"

#include "common/Dialogs.h"
#include "common/SecretEdit.h"
#include "common/StatusPalette.h"
#include "inspector/WrapDelegate.h"
#include "profiles/ProfileValidation.h"
#include "profiles/formats/FormatDetection.h"
#include "profiles/formats/ImportFile.h"
#include "profiles/formats/PostmanImport.h"
#include "session/Session.h"
#include "ui_ImportDialog.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>

#include <algorithm>
#include <utility>

namespace Authlens::Gui {

using Profiles::Profile;
namespace ShareFile = Profiles::ShareFile;
namespace Formats = Authlens::Formats;

namespace {

QString profilesText(qsizetype count)
{
    return count == 1 ? QCoreApplication::translate("ImportDialog", "1 profile")
                      : QCoreApplication::translate("ImportDialog", "%1 profiles").arg(count);
}

} // namespace

ImportDialog::ImportDialog(Session* session, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ImportDialog>())
    , m_session(session)
{
    m_ui->setupUi(this);
    setAttribute(Qt::WA_DeleteOnClose);
    m_ui->importIntro->setForegroundRole(QPalette::PlaceholderText);
    m_ui->passphraseHintLabel->setForegroundRole(QPalette::PlaceholderText);
    for (QLabel* error : {m_ui->errorLabel, m_ui->passphraseError, m_ui->renameError})
        error->setStyleSheet(QStringLiteral("color: %1;").arg(StatusPalette::color(StatusPalette::Tone::Bad).name()));
    m_ui->fileEdit->setReadOnly(true);
    QHeaderView* header = m_ui->previewTable->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(1, QHeaderView::Stretch);
    m_ui->previewTable->verticalHeader()->hide();
    // A row can be selected so that its name can be edited from the keyboard (F2) as well as by double-click.
    m_ui->previewTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_ui->previewTable->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                        | QAbstractItemView::SelectedClicked);
    connect(m_ui->previewTable, &QTableWidget::itemChanged, this, &ImportDialog::nameEdited);
    m_ui->warningsTree->header()->setSectionResizeMode(QHeaderView::Stretch);
    m_ui->warningsTree->setIndentation(14);
    new WrapDelegate(m_ui->warningsTree, 0); // a warning is a sentence or two: wrapped, never cut off
    // The profiles get the room first; the warnings keep enough of it to be read.
    m_ui->previewSplitter->setStretchFactor(0, 3);
    m_ui->previewSplitter->setStretchFactor(1, 2);
    // Roomier than the .ui's size on a large screen, never larger than a small one (1024×700).
    if (const QScreen* screen = parent ? parent->screen() : QGuiApplication::primaryScreen()) {
        const QRect available = screen->availableGeometry();
        resize(std::min(1100, available.width() * 9 / 10), std::min(780, available.height() * 9 / 10));
    }
    m_ui->previewTable->setMinimumHeight(90);
    m_ui->warningsTree->setMinimumHeight(70);
    m_importButton = m_ui->buttonBox->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_importButton, &QPushButton::clicked, this, &ImportDialog::doImport);
    connect(m_ui->chooseFileButton, &QPushButton::clicked, this, &ImportDialog::chooseFile);
    connect(m_ui->previewPasteButton, &QPushButton::clicked, this, &ImportDialog::previewPaste);
    connect(m_ui->unlockButton, &QPushButton::clicked, this, &ImportDialog::unlock);
    connect(m_ui->passphraseSecret->lineEdit(), &QLineEdit::returnPressed, this, &ImportDialog::unlock);
    reset();
}

ImportDialog::~ImportDialog() = default;

void ImportDialog::reset()
{
    m_content.clear();
    m_incoming.clear();
    m_warnings.clear();
    m_keychain.clear();
    m_items.clear();
    m_formatText.clear();
    m_ui->formatLabel->clear();
    m_ui->passphraseBox->hide();
    m_ui->passphraseError->hide();
    m_ui->previewTable->setRowCount(0);
    showRenameError({});
    showWarnings({});
    m_environment.reset();
    m_assignments.clear();
    m_ui->environmentPanel->hide();
    m_ui->previewLabel->show();
    m_ui->previewTable->show();
    m_importButton->setText(tr("Import"));
    showError({});
    updateSummary();
}

QString ImportDialog::errorText() const
{
    return m_ui->errorLabel->isVisibleTo(this) ? m_ui->errorLabel->text() : QString();
}

void ImportDialog::showError(const QString& message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setVisible(!message.isEmpty());
}

void ImportDialog::chooseFile()
{
    const QString path = Dialogs::getOpenFileName(
        this, tr("Import Profiles"), QDir::homePath(),
        tr("Everything Authlens imports (*.authlens.json *.json *.har *.txt *.sh *.curl);;"
           "Authlens profiles (*.authlens.json);;HAR files (*.har);;Postman collections (*.json);;All files (*)"));
    if (!path.isEmpty())
        loadFile(path);
}

void ImportDialog::loadFile(const QString& path)
{
    reset();
    m_ui->fileEdit->setText(QDir::toNativeSeparators(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("%1 could not be read: %2").arg(path, file.errorString()));
        return;
    }
    if (file.size() > ShareFile::kMaxFileSize) {
        showError(tr("%1 is %2 MB; Authlens imports files of up to %3 MB.")
                      .arg(path)
                      .arg(file.size() >> 20)
                      .arg(ShareFile::kMaxFileSize >> 20));
        return;
    }
    // A device or a pipe has no size: read no more than the limit, and refuse what goes past it.
    const QByteArray content = file.read(ShareFile::kMaxFileSize + 1);
    if (content.size() > ShareFile::kMaxFileSize) {
        showError(tr("%1 is larger than %2 MB; Authlens imports files of up to %2 MB.")
                      .arg(path)
                      .arg(ShareFile::kMaxFileSize >> 20));
        return;
    }
    loadContent(content, QFileInfo(path).fileName());
}

void ImportDialog::previewPaste()
{
    m_ui->fileEdit->clear();
    const QString text = m_ui->pasteEdit->toPlainText().trimmed();
    if (text.isEmpty()) {
        reset();
        showError(tr("Paste a curl command first (in the browser's DevTools: Copy as cURL)."));
        return;
    }
    loadContent(text.toUtf8(), QString());
}

void ImportDialog::loadContent(const QByteArray& content, const QString& fileName)
{
    const QString shownFile = m_ui->fileEdit->text();
    reset();
    m_ui->fileEdit->setText(shownFile);
    const Formats::ImportFormat format = Formats::detectFormat(content, fileName);
    if (format == Formats::ImportFormat::PostmanEnvironment) {
        loadEnvironment(content);
        return;
    }
    if (format == Formats::ImportFormat::AuthlensProfiles) {
        const ShareFile::Parsed parsed = ShareFile::parse(content, {});
        if (!parsed.ok()) {
            showError(tr("This file cannot be imported: %1 Nothing was changed.").arg(parsed.error));
            return;
        }
        m_content = content;
        m_incoming = parsed.profiles;
        m_warnings = parsed.warnings;
        m_formatText = tr("Authlens profiles · %1").arg(profilesText(parsed.profiles.size()));
        if (parsed.hasSecrets)
            m_formatText += tr(" · secrets encrypted");
        m_ui->passphraseBox->setVisible(parsed.needsPassphrase);
    } else {
        // curl, Postman collections, HAR: the format importers (unknown input gets an error that
        // says what Authlens imports).
        const Formats::ImportResult result = Formats::importFile(content, fileName);
        if (!result.ok()) {
            showError(tr("This cannot be imported: %1 Nothing was changed.").arg(result.error));
            return;
        }
        m_incoming = result.profiles;
        m_warnings = result.warnings;
        m_keychain = result.keychain; // shown with the warnings, as their own group
        m_formatText = tr("%1 · %2").arg(Formats::formatLabel(result.format), profilesText(result.profiles.size()));
    }
    m_ui->formatLabel->setText(m_formatText);
    buildPreview();
}

void ImportDialog::unlock()
{
    const QString passphrase = m_ui->passphraseSecret->text();
    if (m_content.isEmpty() || passphrase.isEmpty())
        return;
    const ShareFile::Parsed parsed = ShareFile::parse(m_content, passphrase);
    if (!parsed.ok()) {
        // Wrong passphrase or a tampered file: the preview without secrets stays usable.
        m_ui->passphraseError->setText(
            tr("%1 The profiles can still be imported without their secrets.").arg(parsed.error));
        m_ui->passphraseError->show();
        return;
    }
    m_incoming = parsed.profiles;
    m_warnings = parsed.warnings;
    m_ui->passphraseBox->hide();
    m_ui->formatLabel->setText(m_formatText.replace(tr(" · secrets encrypted"), tr(" · secrets decrypted")));
    buildPreview();
}

void ImportDialog::buildPreview()
{
    const QList<Profile> existing = m_session->storedProfiles();
    // A new plan (the file was decrypted) keeps the names the user gave.
    const QList<ShareFile::PlanItem> before = m_items;
    m_items = ShareFile::plan(m_incoming, existing);
    for (qsizetype i = 0; i < m_items.size() && i < before.size(); ++i) {
        if (before.at(i).renamed && before.at(i).profile.id == m_items.at(i).profile.id
            && ShareFile::nameProblem(m_items, i, before.at(i).profile.name, existing).isEmpty())
            ShareFile::renameItem(m_items, i, before.at(i).profile.name, existing);
    }
    fillPreview();
    showWarnings(m_warnings, m_keychain);
    updateSummary();
    balancePanes();
    QMetaObject::invokeMethod(this, &ImportDialog::balancePanes, Qt::QueuedConnection); // again, once laid out
}

void ImportDialog::balancePanes()
{
    QSplitter* splitter = m_ui->previewSplitter;
    splitter->refresh(); // a pane shown since the last layout has no size yet
    const QList<int> sizes = splitter->sizes();
    int total = 0;
    for (const int size : sizes)
        total += size;
    if (sizes.size() != 2 || total <= 0 || !m_ui->warningsPane->isVisibleTo(this))
        return;
    // The profiles get what their rows need, the warnings what theirs need; what is left goes to the profiles. When
    // both do not fit, the profiles get between a third and three fifths of the height, the warnings the rest.
    int need = total * 3 / 5;
    if (m_ui->previewTable->isVisibleTo(this)) {
        const QTableWidget* table = m_ui->previewTable;
        need = table->horizontalHeader()->height() + 2 * table->frameWidth() + 8;
        for (int row = 0; row < table->rowCount(); ++row)
            need += table->rowHeight(row);
        if (table->horizontalScrollBar()->isVisible())
            need += table->horizontalScrollBar()->height();
        need += m_ui->previewLabel->height() + m_ui->profilesPaneLayout->spacing();
        if (m_ui->renameError->isVisibleTo(this))
            need += m_ui->renameError->height() + m_ui->profilesPaneLayout->spacing();
    }
    QTreeWidget* tree = m_ui->warningsTree;
    tree->doItemsLayout();
    int warningsNeed = m_ui->warningsTitle->height() + m_ui->warningsPaneLayout->spacing() + 2 * tree->frameWidth() + 8;
    for (QTreeWidgetItemIterator it(tree); *it; ++it)
        warningsNeed += tree->visualItemRect(*it).height();
    int profiles = std::clamp(need, total / 3, total * 3 / 5);
    if (need + warningsNeed <= total)
        profiles = total - warningsNeed;
    splitter->setSizes({profiles, total - profiles});
}

void ImportDialog::fillPreview()
{
    QTableWidget* table = m_ui->previewTable;
    m_filling = true;
    table->setRowCount(0);
    table->setRowCount(int(m_items.size()));
    for (int row = 0; row < m_items.size(); ++row)
        fillRow(row);
    m_filling = false;
    table->resizeRowsToContents();
}

void ImportDialog::fillRow(int row)
{
    QTableWidget* table = m_ui->previewTable;
    const bool wasFilling = std::exchange(m_filling, true);
    {
        const ShareFile::PlanItem& item = m_items.at(row);
        // The name is what the profile is imported under: editable in place (double-click, F2).
        auto* name = new QTableWidgetItem(item.profile.name);
        name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable);
        QString tip = item.profile.baseUrl.isEmpty() ? QString() : item.profile.baseUrl + u'\n';
        if (item.renamed)
            tip += tr("Renamed; the file calls it “%1”.").arg(item.fileName) + u'\n';
        name->setToolTip(tip + tr("Double-click (or F2) to import it under another name."));
        if (item.renamed) {
            QFont font = name->font();
            font.setItalic(true);
            name->setFont(font);
        }
        table->setItem(row, 0, name);
        QStringList lines;
        for (const ShareFile::Recipient& r : item.recipients) {
            const QString origin = ProfileValidation::originText(Http::Origin::fromUrl(QUrl(r.origin)));
            lines.append(tr("%1 ← %2").arg(origin, r.credentials.join(QStringLiteral("; "))));
        }
        // A profile with secrets but no origin yet (its URLs are {{variables}}) sends them nowhere until it has one:
        // saying "no credentials" would contradict the keychain report below.
        const bool hasSecrets = item.profile.sessionSecrets != Auth::AuthSecrets();
        const QString nobody = hasSecrets ? tr("nobody yet: its secrets go to no origin until it has a base URL")
                                          : tr("no credentials are sent anywhere");
        auto* recipients = new QTableWidgetItem(lines.isEmpty() ? nobody : lines.join(u'\n'));
        recipients->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        table->setItem(row, 1, recipients);
        const Profile* existing = m_session->findProfile(item.existingId);
        QString conflict = tr("new");
        if (item.conflict == ShareFile::Conflict::SameId)
            conflict = tr("is “%1”, which you have already").arg(existing ? existing->name : item.existingId);
        else if (item.conflict == ShareFile::Conflict::SameName)
            conflict = tr("a profile with this name exists");
        auto* conflictItem = new QTableWidgetItem(conflict);
        conflictItem->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        table->setItem(row, 2, conflictItem);

        // In a container, so the combo keeps its height in a tall row. A renamed row keeps its combo, with the
        // choices its new conflict has.
        const QString comboName = QStringLiteral("resolutionCombo%1").arg(row);
        QWidget* cell = table->cellWidget(row, 3);
        auto* choice = cell ? cell->findChild<QComboBox*>(comboName) : nullptr;
        if (!choice) {
            cell = new QWidget(table);
            auto* cellLayout = new QHBoxLayout(cell);
            cellLayout->setContentsMargins(2, 0, 2, 0);
            choice = new QComboBox(cell);
            cellLayout->addWidget(choice, 0, Qt::AlignVCenter);
            choice->setObjectName(comboName);
            connect(choice, &QComboBox::currentIndexChanged, this, [this, row, choice] {
                if (m_filling || row >= m_items.size() || choice->currentIndex() < 0)
                    return;
                m_items[row].resolution = ShareFile::Resolution(choice->currentData().toInt());
                updateSummary();
            });
            table->setCellWidget(row, 3, cell);
        }
        choice->clear();
        choice->setToolTip({});
        if (item.conflict == ShareFile::Conflict::None) {
            choice->addItem(tr("Import"), int(ShareFile::Resolution::Import));
        } else {
            choice->addItem(item.renamed ? tr("Import a copy under this name") : tr("Import a renamed copy"),
                            int(ShareFile::Resolution::Rename));
            const bool keepsSecrets = item.profile.sessionSecrets == Auth::AuthSecrets();
            choice->addItem(keepsSecrets ? tr("Replace (keep my secrets)") : tr("Replace (secrets too)"),
                            int(ShareFile::Resolution::Replace));
            choice->setToolTip(tr("A copy is imported under a new name; Replace overwrites the existing profile's "
                                  "settings and requests."));
        }
        choice->addItem(tr("Skip"), int(ShareFile::Resolution::Skip));
        choice->setCurrentIndex(choice->findData(int(item.resolution)));
    }
    m_filling = wasFilling;
}

void ImportDialog::nameEdited(QTableWidgetItem* item)
{
    if (m_filling || !item || item->column() != 0 || item->row() < 0 || item->row() >= m_items.size())
        return;
    const int row = item->row();
    const QString typed = item->text();
    if (typed == m_items.at(row).profile.name)
        return;
    const QList<Profile> existing = m_session->storedProfiles();
    const QString problem = ShareFile::nameProblem(m_items, row, typed, existing);
    if (!problem.isEmpty()) {
        // Refused: the row shows the name it will really be imported under, and the message says why.
        showRenameError(typed.trimmed().isEmpty()
                            ? tr("Not renamed. %1").arg(problem)
                            : tr("Not renamed to “%1”. %2").arg(typed.trimmed().left(80), problem));
        const bool wasFilling = std::exchange(m_filling, true);
        item->setText(m_items.at(row).profile.name);
        m_filling = wasFilling;
        return;
    }
    showRenameError({});
    ShareFile::renameItem(m_items, row, typed, existing);
    fillRow(row); // its conflict and choices again: a free name resolves a conflict
    m_ui->previewTable->resizeRowToContents(row);
    showWarnings(m_warnings, m_keychain); // the keychain report names the profile
    updateSummary();
}

void ImportDialog::showRenameError(const QString& message)
{
    const bool changed = m_ui->renameError->isVisibleTo(this) != !message.isEmpty();
    m_ui->renameError->setText(message);
    m_ui->renameError->setVisible(!message.isEmpty());
    if (changed)
        balancePanes(); // the message takes a line from the profiles' pane: give it back
}

void ImportDialog::showWarnings(const QStringList& warnings, const QList<Formats::KeychainEntry>& keychain)
{
    QTreeWidget* tree = m_ui->warningsTree;
    tree->clear();
    QList<QStringList> groups(Formats::allWarningKinds().size());
    const auto groupOf = [](Formats::WarningKind kind) { return int(Formats::allWarningKinds().indexOf(kind)); };
    // The keychain report first in its group: each secret the import keeps, where it was found, a masked preview.
    for (const Formats::KeychainEntry& entry : keychain) {
        // The name the profile is imported under (the user may have renamed it).
        const QString profile = entry.profileIndex >= 0 && entry.profileIndex < m_items.size()
            ? m_items.at(entry.profileIndex).profile.name
            : QString();
        groups[groupOf(Formats::WarningKind::Keychain)].append(
            tr("%1 of “%2” ← %3 (%4)").arg(entry.field, profile, entry.source, entry.preview));
    }
    for (const QString& warning : warnings)
        groups[groupOf(Formats::warningKind(warning))].append(warning);
    const QList<Formats::WarningKind> kinds = Formats::allWarningKinds();
    for (qsizetype g = 0; g < kinds.size(); ++g) {
        if (groups.at(g).isEmpty())
            continue;
        auto* header = new QTreeWidgetItem(tree);
        header->setText(0, tr("%1 (%2)").arg(Formats::warningKindLabel(kinds.at(g))).arg(groups.at(g).size()));
        header->setData(0, Qt::UserRole, Formats::warningKindName(kinds.at(g)));
        header->setData(0, Qt::UserRole + 1, int(groups.at(g).size()));
        QFont bold = header->font(0);
        bold.setBold(true);
        header->setFont(0, bold);
        header->setFlags(Qt::ItemIsEnabled);
        for (const QString& text : groups.at(g)) {
            auto* row = new QTreeWidgetItem(header);
            row->setText(0, text);
            row->setToolTip(0, text);
            row->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        }
        header->setExpanded(true);
    }
    m_ui->warningsPane->setVisible(tree->topLevelItemCount() > 0);
}

void ImportDialog::updateSummary()
{
    if (m_environment) {
        const Profile* target = m_session->findProfile(m_ui->targetProfileCombo->currentData().toString());
        int added = 0;
        int changed = 0;
        if (target) {
            for (const Formats::VariableChange& c : Formats::planEnvironmentMerge(*target, *m_environment)) {
                added += c.kind == Formats::VariableChange::Kind::Added ? 1 : 0;
                changed += c.kind == Formats::VariableChange::Kind::Changed ? 1 : 0;
            }
        }
        const QList<Formats::SecretOutcome> outcomes = Formats::secretOutcomes(*m_environment, m_assignments);
        const auto stored = std::count_if(outcomes.cbegin(), outcomes.cend(),
                                          [](const Formats::SecretOutcome& o) { return o.stored; });
        m_ui->summaryLabel->setText(
            tr("%1 new, %2 changed variables; %3 secret(s) to the keychain.").arg(added).arg(changed).arg(stored));
        m_importButton->setEnabled(!m_importing && target && added + changed + stored > 0);
        return;
    }
    int added = 0;
    int replaced = 0;
    int skipped = 0;
    for (const ShareFile::PlanItem& item : std::as_const(m_items)) {
        switch (item.resolution) {
        case ShareFile::Resolution::Skip:
            ++skipped;
            break;
        case ShareFile::Resolution::Replace:
            ++replaced;
            break;
        case ShareFile::Resolution::Import:
        case ShareFile::Resolution::Rename:
            ++added;
            break;
        }
    }
    const bool withSecrets = std::any_of(m_incoming.cbegin(), m_incoming.cend(),
                                         [](const Profile& p) { return p.sessionSecrets != Auth::AuthSecrets(); });
    QString text;
    if (!m_items.isEmpty()) {
        text = tr("%1 new, %2 replaced, %3 skipped.").arg(added).arg(replaced).arg(skipped);
        if (withSecrets)
            text += u' ' + tr("Their secrets go to the keychain first, then the profiles are saved.");
    }
    m_ui->summaryLabel->setText(text);
    m_importButton->setEnabled(!m_importing && added + replaced > 0);
}

void ImportDialog::doImport()
{
    if (m_environment) {
        mergeEnvironment();
        return;
    }
    QStringList replacedIds;
    const QList<Profile> toStore = ShareFile::resolve(m_items, m_session->storedProfiles(), &replacedIds);
    if (toStore.isEmpty())
        return;
    QStringList ids;
    for (const Profile& p : toStore)
        ids.append(p.id);
    m_importing = true;
    m_importButton->setEnabled(false);
    showError({});
    m_session->importProfiles(toStore, replacedIds, this, [this, ids](const QString& error) {
        m_importing = false;
        if (!error.isEmpty()) {
            showError(error);
            updateSummary();
            return;
        }
        Q_EMIT imported(ids);
        accept();
    });
}

// ---- Postman environment ---------------------------------------------------------------------------

void ImportDialog::loadEnvironment(const QByteArray& content)
{
    const Formats::EnvironmentImport environment = Formats::importPostmanEnvironment(content);
    if (!environment.ok()) {
        showError(tr("This Postman environment cannot be imported: %1 Nothing was changed.").arg(environment.error));
        return;
    }
    const QList<Profile> targets = m_session->storedProfiles();
    if (targets.isEmpty()) {
        showError(tr("A Postman environment holds variables for a profile, and there is no profile yet. Import the "
                     "Postman collection (or create a profile) first, then import this environment into it."));
        return;
    }
    m_environment = environment;
    m_assignments = Formats::suggestedAssignments(environment);
    m_warnings = environment.warnings;
    m_formatText = tr("Postman environment “%1” · %2 variable(s), %3 secret")
                       .arg(environment.name)
                       .arg(environment.variables.size())
                       .arg(environment.secrets.size());
    m_ui->formatLabel->setText(m_formatText);

    // The profile the user works with, else one named like the environment, else the first.
    QComboBox* combo = m_ui->targetProfileCombo;
    const QSignalBlocker blocker(combo);
    combo->clear();
    for (const Profile& p : targets)
        combo->addItem(p.baseUrl.isEmpty() ? p.name : tr("%1 — %2").arg(p.name, p.baseUrl), p.id);
    const Profile* current = m_session->currentProfile();
    int index = current ? combo->findData(current->id) : -1;
    if (index < 0) {
        const auto it = std::find_if(targets.cbegin(), targets.cend(), [&environment](const Profile& p) {
            return p.name.compare(environment.name, Qt::CaseInsensitive) == 0;
        });
        index = it == targets.cend() ? 0 : combo->findData(it->id);
    }
    combo->setCurrentIndex(index);
    connect(combo, &QComboBox::currentIndexChanged, this, &ImportDialog::buildEnvironmentPreview, Qt::UniqueConnection);

    m_ui->previewLabel->hide();
    m_ui->previewTable->hide();
    m_ui->environmentPanel->show();
    m_importButton->setText(tr("Merge"));
    buildEnvironmentPreview();
}

void ImportDialog::buildEnvironmentPreview()
{
    if (!m_environment)
        return;
    const Profile* target = m_session->findProfile(m_ui->targetProfileCombo->currentData().toString());
    QTableWidget* table = m_ui->variablesTable;
    table->setRowCount(0);
    if (!target)
        return;
    const auto addRow = [table](const QString& name, const QString& value, const QString& effect) {
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem(name));
        table->setItem(row, 1, new QTableWidgetItem(value));
        table->setItem(row, 2, new QTableWidgetItem(effect));
        return row;
    };
    for (const Formats::VariableChange& c : Formats::planEnvironmentMerge(*target, *m_environment)) {
        switch (c.kind) {
        case Formats::VariableChange::Kind::Added:
            addRow(c.name, c.newValue, tr("new"));
            break;
        case Formats::VariableChange::Kind::Changed:
            addRow(c.name, c.newValue, tr("replaces “%1”").arg(c.oldValue));
            break;
        case Formats::VariableChange::Kind::Unchanged:
            addRow(c.name, c.newValue, tr("unchanged"));
            break;
        }
    }
    // Secret variables: never a plain profile variable (those are saved in the file). Kept, they are secret
    // variables (keychain) that the requests' {{name}} uses, and may fill a secret field too; or left out.
    static constexpr int kLeaveOut = -2;
    static constexpr int kVariableOnly = -1;
    for (qsizetype i = 0; i < m_assignments.size(); ++i) {
        const int row = addRow(m_assignments.at(i).variable, tr("•••••• (secret)"), {});
        auto* choice = new QComboBox(table);
        choice->setObjectName(QStringLiteral("secretTarget%1").arg(i));
        choice->addItem(tr("Leave out"), kLeaveOut);
        choice->addItem(tr("Keep as secret variable"), kVariableOnly);
        for (const Auth::SecretField field : Auth::allSecretFields()) {
            if (field != Auth::SecretField::ClientKey && field != Auth::SecretField::Variables)
                choice->addItem(tr("Keep, and store as %1").arg(Auth::secretFieldLabel(field).toLower()), int(field));
        }
        const Formats::SecretAssignment& a = m_assignments.at(i);
        choice->setCurrentIndex(std::max(0,
                                         choice->findData(!a.keep       ? kLeaveOut
                                                              : a.field ? int(*a.field)
                                                                        : kVariableOnly)));
        connect(choice, &QComboBox::currentIndexChanged, this, [this, i, choice] {
            const int data = choice->currentData().toInt();
            m_assignments[i].keep = data != kLeaveOut;
            m_assignments[i].field = data < 0 ? std::nullopt : std::optional(Auth::SecretField(data));
            updateSummary();
        });
        table->setCellWidget(row, 2, choice);
    }
    QHeaderView* header = table->horizontalHeader();
    header->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(1, QHeaderView::Stretch);
    header->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    table->verticalHeader()->hide();
    table->resizeRowsToContents();
    showWarnings(m_warnings);
    updateSummary();
    balancePanes();
    QMetaObject::invokeMethod(this, &ImportDialog::balancePanes, Qt::QueuedConnection);
}

void ImportDialog::mergeEnvironment()
{
    const QString id = m_ui->targetProfileCombo->currentData().toString();
    if (!m_environment || id.isEmpty())
        return;
    m_importing = true;
    m_importButton->setEnabled(false);
    showError({});
    // The stored secrets first, so saving the merged profile keeps the ones the environment does not set.
    m_session->withSecrets({id}, this, [this, id](const QList<Profile>& profiles, const QStringList& errors) {
        if (!errors.isEmpty() || profiles.isEmpty()) {
            m_importing = false;
            showError(tr("The profile's secrets could not be read (%1). Nothing was changed.")
                          .arg(errors.join(QStringLiteral("; "))));
            updateSummary();
            return;
        }
        const Profile merged = Formats::mergeEnvironment(profiles.constFirst(), *m_environment, m_assignments);
        m_session->saveProfile(merged, this, [this, id](const QString&, const QString& error) {
            m_importing = false;
            if (!error.isEmpty()) {
                showError(tr("The profile could not be saved: %1 Nothing was changed.").arg(error));
                updateSummary();
                return;
            }
            Q_EMIT imported({id});
            accept();
        });
    });
}

} // namespace Authlens::Gui
