#include "profiles/ImportDialog.h"

#include "common/Dialogs.h"
#include "common/SecretEdit.h"
#include "profiles/ProfileValidation.h"
#include "profiles/formats/FormatDetection.h"
#include "profiles/formats/ImportFile.h"
#include "session/Session.h"
#include "ui_ImportDialog.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>

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
    for (QLabel* error : {m_ui->errorLabel, m_ui->passphraseError})
        error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_ui->fileEdit->setReadOnly(true);
    QHeaderView* header = m_ui->previewTable->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(1, QHeaderView::Stretch);
    m_ui->previewTable->verticalHeader()->hide();
    m_ui->previewTable->setSelectionMode(QAbstractItemView::NoSelection);
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
    m_items.clear();
    m_formatText.clear();
    m_ui->formatLabel->clear();
    m_ui->passphraseBox->hide();
    m_ui->passphraseError->hide();
    m_ui->previewTable->setRowCount(0);
    m_ui->warningsLabel->hide();
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
    loadContent(file.readAll(), QFileInfo(path).fileName());
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
        // curl, Postman, HAR: the format importers (Postman environments and unknown input get an
        // error that says what to do instead).
        const Formats::ImportResult result = Formats::importFile(content, fileName);
        if (!result.ok()) {
            showError(tr("This cannot be imported: %1 Nothing was changed.").arg(result.error));
            return;
        }
        m_incoming = result.profiles;
        m_warnings = result.warnings;
        for (const Formats::ExtraCredential& extra : result.extraCredentials) {
            const QString profile
                = extra.profileIndex < result.profiles.size() ? result.profiles.at(extra.profileIndex).name : QString();
            m_warnings.append(tr("Not imported: the %1 credential of “%2” — a profile has no place for it. Send "
                                 "the request once to fill the cookie jar, or put it in the profile's Auth settings.")
                                  .arg(QString::fromLatin1(extra.credential.name), profile));
        }
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
    m_items = ShareFile::plan(m_incoming, m_session->storedProfiles());
    QTableWidget* table = m_ui->previewTable;
    table->setRowCount(0);
    for (int row = 0; row < m_items.size(); ++row) {
        const ShareFile::PlanItem& item = m_items.at(row);
        table->insertRow(row);
        auto* name = new QTableWidgetItem(
            item.profile.baseUrl.isEmpty() ? item.profile.name : item.profile.name + u'\n' + item.profile.baseUrl);
        table->setItem(row, 0, name);
        QStringList lines;
        for (const ShareFile::Recipient& r : item.recipients) {
            const QString origin = ProfileValidation::originText(Http::Origin::fromUrl(QUrl(r.origin)));
            lines.append(tr("%1 ← %2").arg(origin, r.credentials.join(QStringLiteral("; "))));
        }
        table->setItem(
            row, 1, new QTableWidgetItem(lines.isEmpty() ? tr("no credentials are sent anywhere") : lines.join(u'\n')));
        const Profile* existing = m_session->findProfile(item.existingId);
        QString conflict = tr("new");
        if (item.conflict == ShareFile::Conflict::SameId)
            conflict = tr("is “%1”, which you have already").arg(existing ? existing->name : item.existingId);
        else if (item.conflict == ShareFile::Conflict::SameName)
            conflict = tr("a profile named “%1” exists").arg(existing ? existing->name : item.profile.name);
        table->setItem(row, 2, new QTableWidgetItem(conflict));

        // In a container, so the combo keeps its height in a tall row.
        auto* cell = new QWidget(table);
        auto* cellLayout = new QHBoxLayout(cell);
        cellLayout->setContentsMargins(2, 0, 2, 0);
        auto* choice = new QComboBox(cell);
        cellLayout->addWidget(choice, 0, Qt::AlignVCenter);
        choice->setObjectName(QStringLiteral("resolutionCombo%1").arg(row));
        if (item.conflict == ShareFile::Conflict::None) {
            choice->addItem(tr("Import"), int(ShareFile::Resolution::Import));
        } else {
            choice->addItem(tr("Import a renamed copy"), int(ShareFile::Resolution::Rename));
            const bool keepsSecrets = item.profile.sessionSecrets == Auth::AuthSecrets();
            choice->addItem(keepsSecrets ? tr("Replace (keep my secrets)") : tr("Replace (secrets too)"),
                            int(ShareFile::Resolution::Replace));
            choice->setToolTip(tr("A copy is imported under a new name; Replace overwrites the existing profile's "
                                  "settings and requests."));
        }
        choice->addItem(tr("Skip"), int(ShareFile::Resolution::Skip));
        choice->setCurrentIndex(choice->findData(int(item.resolution)));
        connect(choice, &QComboBox::currentIndexChanged, this, [this, row, choice] {
            m_items[row].resolution = ShareFile::Resolution(choice->currentData().toInt());
            updateSummary();
        });
        table->setCellWidget(row, 3, cell);
    }
    table->resizeRowsToContents();
    m_ui->warningsLabel->setText(m_warnings.join(u'\n'));
    m_ui->warningsLabel->setVisible(!m_warnings.isEmpty());
    updateSummary();
}

void ImportDialog::updateSummary()
{
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

} // namespace Authlens::Gui
