#include "oauth/OAuthSetupDialog.h"

#include "common/StatusPalette.h"
#include "session/Session.h"
#include "ui_OAuthSetupDialog.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPointer>
#include <QPushButton>

#include <algorithm>

namespace Authlens::Gui {

namespace {

constexpr int FieldColumn = 0;
constexpr int SourceColumn = 3;

QString shown(const QString& value)
{
    return value.isEmpty() ? QStringLiteral("—") : value;
}

} // namespace

OAuthSetupDialog::OAuthSetupDialog(Session* session, const QString& profileId,
                                   const Workspace::OAuthSetup::Request& request, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::OAuthSetupDialog>())
    , m_session(session)
    , m_profileId(profileId)
    , m_request(request)
{
    m_ui->setupUi(this);
    setAttribute(Qt::WA_DeleteOnClose);
    m_ui->problemBanner->hide();
    m_ui->saveErrorLabel->setStyleSheet(
        QStringLiteral("color: %1;").arg(StatusPalette::color(StatusPalette::Tone::Bad).name()));
    m_ui->clientIdHint->setForegroundRole(QPalette::PlaceholderText);
    m_ui->proposalTable->verticalHeader()->hide();
    QHeaderView* header = m_ui->proposalTable->horizontalHeader();
    header->setSectionResizeMode(FieldColumn, QHeaderView::Interactive);
    for (int column = 1; column < m_ui->proposalTable->columnCount(); ++column)
        header->setSectionResizeMode(column, QHeaderView::Stretch);
    m_ui->setupSplitter->setStretchFactor(0, 1);
    m_ui->setupSplitter->setStretchFactor(1, 1);
    m_ui->setupSplitter->setSizes({280, 280});
    const Profiles::Profile* profile = m_session->findProfile(profileId);
    const QString name = profile ? profile->name : QString();
    m_ui->summaryLabel->setText(tr("Reading what %1 says about its tokens: its protected resource metadata "
                                   "(RFC 9728), then its authorization server's metadata (RFC 8414)…")
                                    .arg(request.resourceUrl.toDisplayString(QUrl::RemoveUserInfo)));
    if (profile)
        m_ui->clientIdEdit->setText(profile->auth.oauth.clientId);
    m_ui->clientIdHint->setText(tr("Saved into “%1”. Its secrets (client secret, keys) stay as they are: add them "
                                   "in the profile editor.")
                                    .arg(name));
    if (QPushButton* saveButton = m_ui->buttonBox->button(QDialogButtonBox::Save)) {
        saveButton->setObjectName(QStringLiteral("saveSetupButton"));
        connect(saveButton, &QPushButton::clicked, this, &OAuthSetupDialog::save);
    }
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->clientIdEdit, &QLineEdit::textChanged, this, &OAuthSetupDialog::updateSaveButton);
    connect(this, &QDialog::rejected, &m_setup, &Workspace::OAuthSetup::cancel);
    updateSaveButton();
}

OAuthSetupDialog::~OAuthSetupDialog() = default;

void OAuthSetupDialog::start()
{
    m_setup.run(m_request, this, [this](const Workspace::OAuthSetupOutcome& outcome) { showOutcome(outcome); });
    updateSaveButton();
}

bool OAuthSetupDialog::isRunning() const
{
    return m_setup.isRunning();
}

void OAuthSetupDialog::showOutcome(const Workspace::OAuthSetupOutcome& outcome)
{
    m_outcome = outcome;
    const Profiles::Profile* profile = m_session->findProfile(m_profileId);
    m_ui->proposalTable->setRowCount(0);
    if (!outcome.ok) {
        // The documents said no: the findings say why; nothing can be saved.
        m_ui->summaryLabel->setText(tr("Nothing to propose: the API's metadata could not be used."));
        QStringList lines {outcome.error.message};
        for (const Diagnosis::Finding& f : outcome.findings()) {
            if (f.severity == Diagnosis::Severity::Cause || f.code.startsWith(u"metadata."))
                lines.append(QStringLiteral("%1 (%2)").arg(f.title, f.code));
        }
        m_ui->problemBanner->setKind(Banner::Kind::Error);
        m_ui->problemBanner->setText(lines.join(u'\n'));
        m_ui->problemBanner->show();
    } else if (profile) {
        const Workspace::OAuthProposal& p = outcome.proposal;
        m_ui->summaryLabel->setText(
            tr("%1 gets its tokens from %2. Check the fields to take into “%3” (changes are checked); the grant: "
               "%4 — %5.")
                .arg(p.resource.toDisplayString(QUrl::RemoveUserInfo), p.issuer, profile->name, p.grantType,
                     p.grantReason));
        const QList<Workspace::OAuthProposal::Field> fields = p.fields(*profile);
        m_ui->proposalTable->setRowCount(int(fields.size()));
        for (int row = 0; row < fields.size(); ++row) {
            const Workspace::OAuthProposal::Field& f = fields.at(row);
            auto* check = new QCheckBox(f.label);
            check->setObjectName(QStringLiteral("fieldCheck_") + f.key);
            check->setProperty("fieldKey", f.key);
            check->setChecked(f.differs && !f.proposed.isEmpty());
            check->setEnabled(f.differs && !f.proposed.isEmpty());
            auto* cell = new QWidget;
            auto* layout = new QHBoxLayout(cell);
            layout->setContentsMargins(4, 0, 4, 0);
            layout->addWidget(check);
            m_ui->proposalTable->setCellWidget(row, FieldColumn, cell);
            m_ui->proposalTable->setItem(row, 1, new QTableWidgetItem(shown(f.current)));
            m_ui->proposalTable->setItem(row, 2, new QTableWidgetItem(shown(f.proposed)));
            m_ui->proposalTable->setItem(row, SourceColumn, new QTableWidgetItem(f.source));
            connect(check, &QCheckBox::toggled, this, &OAuthSetupDialog::updateSaveButton);
        }
        // The checkboxes are cell widgets, which ResizeToContents does not measure.
        int fieldWidth = 0;
        for (const QCheckBox* check : m_ui->proposalTable->findChildren<QCheckBox*>())
            fieldWidth = std::max(fieldWidth, check->sizeHint().width());
        m_ui->proposalTable->horizontalHeader()->resizeSection(FieldColumn, fieldWidth + 12);
        m_ui->proposalTable->resizeRowsToContents();
        m_ui->problemBanner->hide();
    }
    m_ui->transcriptView->setSteps(
        outcome.ok ? tr("Documents read:") : tr("Documents read, and why they cannot be used:"), outcome.transcript);
    updateSaveButton();
    Q_EMIT finished();
}

QCheckBox* OAuthSetupDialog::fieldCheck(const QString& key) const
{
    return m_ui->proposalTable->findChild<QCheckBox*>(QStringLiteral("fieldCheck_") + key);
}

QStringList OAuthSetupDialog::chosenFields() const
{
    QStringList keys;
    for (const QCheckBox* check : m_ui->proposalTable->findChildren<QCheckBox*>()) {
        if (check->isChecked())
            keys.append(check->property("fieldKey").toString());
    }
    return keys;
}

void OAuthSetupDialog::updateSaveButton()
{
    QPushButton* saveButton = m_ui->buttonBox->button(QDialogButtonBox::Save);
    if (!saveButton)
        return;
    const bool clientIdChanged = [this] {
        const Profiles::Profile* p = m_session->findProfile(m_profileId);
        return p && m_ui->clientIdEdit->text().trimmed() != p->auth.oauth.clientId;
    }();
    saveButton->setEnabled(m_outcome.ok && !m_saving && (!chosenFields().isEmpty() || clientIdChanged));
}

void OAuthSetupDialog::save()
{
    if (!m_outcome.ok || m_saving)
        return;
    const QStringList keys = chosenFields();
    const QString clientId = m_ui->clientIdEdit->text().trimmed();
    const Workspace::OAuthProposal proposal = m_outcome.proposal;
    const Profiles::Profile* profile = m_session->findProfile(m_profileId);
    if (!profile)
        return;
    if (profile->demo) {
        // Built-in profiles are never written to disk: changed for this session.
        m_session->addProfiles({proposal.applied(*profile, keys, clientId)});
        Q_EMIT saved(m_profileId);
        accept();
        return;
    }
    m_saving = true;
    updateSaveButton();
    m_ui->saveErrorLabel->hide();
    // Saving writes the profile's secrets too: take them from the keychain first, never save empty ones.
    QPointer<OAuthSetupDialog> self(this);
    m_session->withSecrets(
        {m_profileId}, this,
        [self, keys, clientId, proposal](const QList<Profiles::Profile>& profiles, const QStringList& errors) {
            if (!self)
                return;
            if (profiles.isEmpty() || !errors.isEmpty()) {
                self->m_saving = false;
                self->m_ui->saveErrorLabel->setText(
                    tr("Not saved: the profile's secrets could not be read from the keychain."));
                self->m_ui->saveErrorLabel->show();
                self->updateSaveButton();
                return;
            }
            const Profiles::Profile changed = proposal.applied(profiles.first(), keys, clientId);
            self->m_session->saveProfile(changed, self, [self](const QString& id, const QString& error) {
                if (!self)
                    return;
                self->m_saving = false;
                if (!error.isEmpty()) {
                    self->m_ui->saveErrorLabel->setText(tr("Not saved: %1").arg(error));
                    self->m_ui->saveErrorLabel->show();
                    self->updateSaveButton();
                    return;
                }
                Q_EMIT self->saved(id);
                self->accept();
            });
        });
}

} // namespace Authlens::Gui
