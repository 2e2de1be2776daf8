#pragma once

#include "profiles/Profile.h"
#include "profiles/ShareFile.h"

#include <QDialog>
#include <QSet>

#include <memory>

namespace Ui {
class ExportDialog;
}

class QListWidgetItem;
class QTableWidgetItem;

namespace Authlens::Gui {

class Session;

/// Exports stored profiles to an `.authlens.json` file. Before anything is written it shows the
/// redaction report (ShareFile::previewRedactions): the keychain secrets left out and the token-like
/// values found in descriptions, variables, URLs, headers and bodies, each of which the user may
/// keep. With a passphrase (entered twice, with a strength hint) the secrets are included, encrypted.
/// The file is chosen through the Dialogs seam and written with QSaveFile.
class ExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)
public:
    /// `checkedIds`: the profiles ticked at first (all stored profiles when empty).
    ExportDialog(Session* session, const QStringList& checkedIds, QWidget* parent = nullptr);
    ~ExportDialog() override;

    /// Whether the secrets have been read (the table lists keychain fields only once they are).
    bool isReady() const { return m_ready; }
    QList<Profiles::ShareFile::Redaction> report() const { return m_report; }

Q_SIGNALS:
    void exported(const QString& path, int profileCount, bool withSecrets);
    /// The keychain answered and the table shows the full report.
    void ready();

private:
    QList<Profiles::Profile> chosenProfiles() const;
    Profiles::ShareFile::ExportOptions options() const;
    void refresh();
    void onItemChanged(QTableWidgetItem* item);
    void updatePassphraseHints();
    void updateExportButton();
    bool checkPassphrase();
    void doExport();
    void showError(const QString& message);

    const std::unique_ptr<Ui::ExportDialog> m_ui;
    Session* m_session = nullptr;
    QPushButton* m_exportButton = nullptr;
    QList<Profiles::Profile> m_profiles; ///< stored profiles with their secrets
    QStringList m_secretErrors;
    QList<Profiles::ShareFile::Redaction> m_report;
    QSet<QString> m_keep;
    bool m_ready = false;
};

} // namespace Authlens::Gui
