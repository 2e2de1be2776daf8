#include "profiles/ExportDialog.h"

#include "common/Dialogs.h"
#include "common/SecretEdit.h"
#include "common/StatusPalette.h"
#include "profiles/PassphraseStrength.h"
#include "session/Session.h"
#include "ui_ExportDialog.h"

#include <QDir>
#include <QHeaderView>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

namespace Authlens::Gui {

using Profiles::Profile;
namespace ShareFile = Profiles::ShareFile;

namespace {

constexpr int KeyRole = Qt::UserRole + 1;
constexpr int IdRole = Qt::UserRole + 2;
const QString Suffix = QStringLiteral(".authlens.json");

QString fileNameFor(const QList<Profile>& profiles)
{
    if (profiles.size() != 1)
        return QStringLiteral("authlens-profiles") + Suffix;
    QString name = profiles.first().name.toLower();
    name.replace(QRegularExpression(QStringLiteral("[^a-z0-9._-]+")), QStringLiteral("-"));
    name.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
    return (name.isEmpty() ? QStringLiteral("profile") : name) + Suffix;
}

} // namespace

ExportDialog::ExportDialog(Session* session, const QStringList& checkedIds, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ExportDialog>())
    , m_session(session)
{
    m_ui->setupUi(this);
    setAttribute(Qt::WA_DeleteOnClose);
    for (QLabel* hint : {m_ui->exportIntro, m_ui->demoNoteLabel, m_ui->passphraseHint, m_ui->secretsStatusLabel})
        hint->setForegroundRole(QPalette::PlaceholderText);
    m_ui->errorLabel->setStyleSheet(
        QStringLiteral("color: %1;").arg(StatusPalette::color(StatusPalette::Tone::Bad).name()));
    m_ui->passphraseError->setStyleSheet(
        QStringLiteral("color: %1;").arg(StatusPalette::color(StatusPalette::Tone::Bad).name()));
    QHeaderView* header = m_ui->redactionTable->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(2, QHeaderView::Stretch);
    m_ui->redactionTable->verticalHeader()->hide();
    m_exportButton = m_ui->buttonBox->addButton(tr("Export…"), QDialogButtonBox::AcceptRole);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setEnabled(false);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_exportButton, &QPushButton::clicked, this, &ExportDialog::doExport);

    const QList<Profile> stored = m_session->storedProfiles();
    QStringList ids;
    for (const Profile& p : stored) {
        auto* item = new QListWidgetItem(p.name, m_ui->profileList);
        item->setData(IdRole, p.id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checkedIds.isEmpty() || checkedIds.contains(p.id) ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(p.baseUrl);
        ids.append(p.id);
    }
    m_ui->demoNoteLabel->setVisible(std::any_of(m_session->profiles().cbegin(), m_session->profiles().cend(),
                                                [](const Profile& p) { return p.demo; }));

    connect(m_ui->profileList, &QListWidget::itemChanged, this, &ExportDialog::refresh);
    connect(m_ui->redactionTable, &QTableWidget::itemChanged, this, &ExportDialog::onItemChanged);
    connect(m_ui->includeSecretsGroup, &QGroupBox::toggled, this, &ExportDialog::refresh);
    for (SecretEdit* edit : {m_ui->passphraseSecret, m_ui->confirmSecret})
        connect(edit, &SecretEdit::textEdited, this, &ExportDialog::updatePassphraseHints);
    updatePassphraseHints();

    if (stored.isEmpty()) {
        m_ui->secretsStatusLabel->setText(tr("There are no stored profiles to export yet."));
        return;
    }
    // The report lists keychain fields only when it sees their values: read them first.
    m_ui->secretsStatusLabel->setText(tr("Reading the profiles' secrets from the keychain to list them…"));
    m_session->withSecrets(ids, this, [this](const QList<Profile>& profiles, const QStringList& errors) {
        m_profiles = profiles;
        m_secretErrors = errors;
        m_ready = true;
        refresh();
        Q_EMIT ready();
    });
}

ExportDialog::~ExportDialog() = default;

QList<Profile> ExportDialog::chosenProfiles() const
{
    QList<Profile> chosen;
    for (int i = 0; i < m_ui->profileList->count(); ++i) {
        const QListWidgetItem* item = m_ui->profileList->item(i);
        if (item->checkState() != Qt::Checked)
            continue;
        const QString id = item->data(IdRole).toString();
        for (const Profile& p : m_profiles) {
            if (p.id == id)
                chosen.append(p);
        }
    }
    return chosen;
}

ShareFile::ExportOptions ExportDialog::options() const
{
    ShareFile::ExportOptions options;
    if (m_ui->includeSecretsGroup->isChecked())
        options.passphrase = m_ui->passphraseSecret->text();
    options.keep = m_keep;
    return options;
}

void ExportDialog::refresh()
{
    if (!m_ready)
        return;
    const QList<Profile> chosen = chosenProfiles();
    ShareFile::ExportOptions preview = options();
    if (m_ui->includeSecretsGroup->isChecked() && preview.passphrase.isEmpty())
        preview.passphrase = QStringLiteral("(preview)"); // only whether one is set matters here
    m_report = ShareFile::previewRedactions(chosen, preview);

    QTableWidget* table = m_ui->redactionTable;
    const QSignalBlocker blocker(table);
    table->setRowCount(0);
    int secretFields = 0;
    int removedValues = 0;
    int keptValues = 0;
    for (const ShareFile::Redaction& r : std::as_const(m_report)) {
        const int row = table->rowCount();
        table->insertRow(row);
        auto* keep = new QTableWidgetItem;
        keep->setData(KeyRole, r.key);
        if (r.isSecretField) {
            // Keychain secrets travel only encrypted: no "keep in plain text" for them.
            ++secretFields;
            keep->setFlags(Qt::ItemIsEnabled);
            keep->setText(r.removed ? tr("removed") : tr("encrypted"));
            keep->setToolTip(r.removed ? tr("Keychain secrets are only exported encrypted, with a passphrase.")
                                       : tr("Included, encrypted with the passphrase."));
        } else {
            keep->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            keep->setCheckState(r.removed ? Qt::Unchecked : Qt::Checked);
            keep->setToolTip(tr("Tick to keep this value in the file, in plain text."));
            (r.removed ? removedValues : keptValues) += 1;
        }
        table->setItem(row, 0, keep);
        table->setItem(row, 1, new QTableWidgetItem(r.profileName));
        table->setItem(row, 2, new QTableWidgetItem(r.location));
        table->setItem(row, 3, new QTableWidgetItem(r.kind));
        table->setItem(row, 4, new QTableWidgetItem(r.preview));
    }
    const bool encrypted = m_ui->includeSecretsGroup->isChecked();
    QStringList parts;
    if (secretFields > 0)
        parts.append(
            encrypted
                ? tr("%1 keychain %2 included, encrypted")
                      .arg(secretFields)
                      .arg(secretFields == 1 ? tr("secret") : tr("secrets"))
                : tr("%1 keychain %2 removed").arg(secretFields).arg(secretFields == 1 ? tr("secret") : tr("secrets")));
    if (removedValues > 0)
        parts.append(tr("%1 token-like %2 replaced by {{redacted}}")
                         .arg(removedValues)
                         .arg(removedValues == 1 ? tr("value") : tr("values")));
    if (keptValues > 0)
        parts.append(tr("%1 token-like %2 kept in plain text")
                         .arg(keptValues)
                         .arg(keptValues == 1 ? tr("value") : tr("values")));
    m_ui->redactionSummaryLabel->setText(chosen.isEmpty()      ? tr("Tick the profiles to export.")
                                             : parts.isEmpty() ? tr("Nothing secret was found in these profiles.")
                                                               : parts.join(QStringLiteral(" · ")) + u'.');
    QString status;
    if (!m_secretErrors.isEmpty())
        status = tr("Some secrets could not be read, so the file will not contain them: %1")
                     .arg(m_secretErrors.join(QStringLiteral("; ")));
    m_ui->secretsStatusLabel->setText(status);
    m_ui->secretsStatusLabel->setVisible(!status.isEmpty());
    updateExportButton();
}

void ExportDialog::onItemChanged(QTableWidgetItem* item)
{
    if (item->column() != 0 || !(item->flags() & Qt::ItemIsUserCheckable))
        return;
    const QString key = item->data(KeyRole).toString();
    if (item->checkState() == Qt::Checked)
        m_keep.insert(key);
    else
        m_keep.remove(key);
    refresh();
}

void ExportDialog::updatePassphraseHints()
{
    const QString passphrase = m_ui->passphraseSecret->text();
    m_ui->strengthLabel->setText(passphrase.isEmpty() ? QString() : PassphraseStrength::of(passphrase).text);
    m_ui->passphraseError->hide();
    updateExportButton();
}

void ExportDialog::updateExportButton()
{
    m_exportButton->setEnabled(m_ready && !chosenProfiles().isEmpty());
}

bool ExportDialog::checkPassphrase()
{
    if (!m_ui->includeSecretsGroup->isChecked())
        return true;
    const QString passphrase = m_ui->passphraseSecret->text();
    QString problem;
    if (passphrase.size() < PassphraseStrength::MinimumLength)
        problem = tr("The passphrase needs at least %1 characters.").arg(PassphraseStrength::MinimumLength);
    else if (passphrase != m_ui->confirmSecret->text())
        problem = tr("The two passphrases differ.");
    m_ui->passphraseError->setText(problem);
    m_ui->passphraseError->setVisible(!problem.isEmpty());
    return problem.isEmpty();
}

void ExportDialog::doExport()
{
    showError({});
    const QList<Profile> chosen = chosenProfiles();
    if (chosen.isEmpty() || !checkPassphrase())
        return;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QString path = Dialogs::getSaveFileName(this, tr("Export Profiles"), QDir(documents).filePath(fileNameFor(chosen)),
                                            tr("Authlens profiles (*.authlens.json)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive))
        path += Suffix;
    const ShareFile::ExportResult result = ShareFile::exportProfiles(chosen, options());
    if (!result.error.isEmpty()) {
        showError(result.error);
        return;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(result.content) != result.content.size() || !file.commit()) {
        showError(tr("%1 could not be written: %2").arg(path, file.errorString()));
        return;
    }
    Q_EMIT exported(path, int(chosen.size()), !options().passphrase.isEmpty());
    accept();
}

void ExportDialog::showError(const QString& message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setVisible(!message.isEmpty());
}

} // namespace Authlens::Gui
