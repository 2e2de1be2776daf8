#pragma once

#include "profiles/ShareFile.h"
#include "profiles/formats/EnvironmentMerge.h"

#include <QDialog>

class QTableWidgetItem;

#include <memory>
#include <optional>

namespace Ui {
class ImportDialog;
}

namespace Authlens::Gui {

class Session;

/// Imports profiles: a shared `.authlens.json` file (opened from File > Import…, or given on the
/// command line when the desktop opens such a file) or what users bring from other tools — a curl
/// command (a file, or pasted), a Postman collection, a HAR file. Before anything changes it shows
/// each profile, the origins that would receive which credentials, and conflicts with existing
/// profiles with a per-row choice (rename, replace, skip); a profile's name can be changed in place before it is
/// imported (refused when empty or taken, and the row's conflict follows the new name). The warnings and the
/// keychain report are listed by kind (Formats::warningKind()), with a count per kind. An encrypted file asks for its
/// passphrase. Import stores the secrets first, then the profiles; a bad file only shows an error.
/// A Postman environment is merged into a profile the user picks: its variables (new, changed,
/// unchanged shown first) into the profile's, its secret variables into secret fields (keychain).
class ImportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportDialog)
public:
    explicit ImportDialog(Session* session, QWidget* parent = nullptr);
    ~ImportDialog() override;

    /// Reads and previews a file; errors are shown in the dialog.
    void loadFile(const QString& path);
    /// Previews content (a file's bytes, or pasted text) of any supported format.
    void loadContent(const QByteArray& content, const QString& fileName);
    QList<Profiles::ShareFile::PlanItem> plan() const { return m_items; }
    QString errorText() const;

Q_SIGNALS:
    /// The profiles were stored (their ids, in the order of the file).
    void imported(const QStringList& profileIds);

private:
    void chooseFile();
    void previewPaste();
    void unlock();
    void reset();
    void showError(const QString& message);
    void buildPreview();
    void fillPreview();
    void fillRow(int row);
    void nameEdited(QTableWidgetItem* item);
    void showRenameError(const QString& message);
    /// The warnings (and the keychain report), grouped by kind, with a count per group.
    /// The keychain entries name their profile by the name it is imported under (m_items).
    void showWarnings(const QStringList& warnings, const QList<Formats::KeychainEntry>& keychain = {});
    void updateSummary();
    /// Shares the height between the profiles and the warnings by what the profiles need.
    void balancePanes();
    void doImport();
    void loadEnvironment(const QByteArray& content);
    void buildEnvironmentPreview();
    void mergeEnvironment();

    const std::unique_ptr<Ui::ImportDialog> m_ui;
    Session* m_session = nullptr;
    QPushButton* m_importButton = nullptr;
    QByteArray m_content; ///< the native file, kept to decrypt it once the passphrase is given
    QString m_formatText;
    QList<Profiles::Profile> m_incoming;
    QStringList m_warnings;
    QList<Formats::KeychainEntry> m_keychain; ///< what a curl/Postman/HAR import keeps in the keychain
    bool m_filling = false; ///< the preview table is being filled: its itemChanged is not the user's
    QList<Profiles::ShareFile::PlanItem> m_items;
    bool m_importing = false;
    std::optional<Formats::EnvironmentImport> m_environment; ///< a Postman environment to merge into a profile
    QList<Formats::SecretAssignment> m_assignments; ///< where its secret variables go
};

} // namespace Authlens::Gui
