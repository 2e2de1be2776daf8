#pragma once

#include "workspace/OAuthSetup.h"

#include <QDialog>

#include <memory>

namespace Ui {
class OAuthSetupDialog;
}

class QCheckBox;

namespace Authlens::Gui {

class Session;

/// "Set up OAuth for this API" (issue 11): runs Workspace::OAuthSetup for a 401's resource_metadata, then
/// shows what the documents propose as a table — field, the profile's current value, the proposed value,
/// and the document and member it came from — with a checkbox per field (changes checked), the client ID
/// to fill in (the metadata cannot know it) and the transcript of every fetch with its findings. Save
/// applies the checked fields to the profile through the session (the profile repository: its secrets
/// read from the keychain first and written back unchanged; a demo profile for this session only). A
/// document that must not be used (another resource or issuer, not JSON, no authorization server, no
/// answer) shows as findings, and nothing can be saved.
class OAuthSetupDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OAuthSetupDialog)
public:
    OAuthSetupDialog(Session* session, const QString& profileId, const Workspace::OAuthSetup::Request& request,
                     QWidget* parent = nullptr);
    ~OAuthSetupDialog() override;

    /// Starts the fetches (done in the constructor's event loop turn; `finished` follows).
    void start();
    bool isRunning() const;
    const Workspace::OAuthSetupOutcome& outcome() const { return m_outcome; }
    /// The field keys whose checkbox is checked.
    QStringList chosenFields() const;
    /// The checkbox of a field key ("token_endpoint", …), or nullptr.
    QCheckBox* fieldCheck(const QString& key) const;

Q_SIGNALS:
    /// The documents were fetched (or could not be): the table or the problems show.
    void finished();
    /// The profile was saved with the chosen fields.
    void saved(const QString& profileId);

private:
    void showOutcome(const Workspace::OAuthSetupOutcome& outcome);
    void save();
    void updateSaveButton();

    const std::unique_ptr<Ui::OAuthSetupDialog> m_ui;
    Session* m_session = nullptr;
    QString m_profileId;
    Workspace::OAuthSetup::Request m_request;
    Workspace::OAuthSetup m_setup;
    Workspace::OAuthSetupOutcome m_outcome;
    bool m_saving = false;
};

} // namespace Authlens::Gui
