#include "inspector/TlsView.h"

#include "common/StatusPalette.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Authlens::Gui {

TlsView::TlsView(QWidget* parent)
    : QWidget(parent)
    , m_hop(new QComboBox(this))
    , m_state(new QLabel(this))
    , m_protocol(new QLabel(this))
    , m_cipher(new QLabel(this))
    , m_errors(new QLabel(this))
    , m_ignored(new QLabel(this))
    , m_chain(new QTreeWidget(this))
    , m_details(new QWidget(this))
{
    m_hop->setObjectName(QStringLiteral("tlsHopCombo"));
    m_state->setObjectName(QStringLiteral("tlsStateLabel"));
    m_protocol->setObjectName(QStringLiteral("tlsProtocolLabel"));
    m_cipher->setObjectName(QStringLiteral("tlsCipherLabel"));
    m_errors->setObjectName(QStringLiteral("tlsErrorsLabel"));
    m_ignored->setObjectName(QStringLiteral("tlsIgnoredLabel"));
    m_chain->setObjectName(QStringLiteral("tlsChainTree"));
    m_state->setWordWrap(true);
    m_errors->setWordWrap(true);
    m_errors->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;")
                                .arg(StatusPalette::color(StatusPalette::Tone::Bad, palette()).name()));
    m_ignored->setWordWrap(true);
    m_ignored->setStyleSheet(QStringLiteral("color: #8a4b00; background: #ffe9c7; padding: 4px;"));
    m_ignored->setText(tr("⚠ These errors were ignored by the profile's “ignore TLS errors” switch. The connection "
                          "is not verified: anyone on the path could have read or changed it."));
    for (QLabel* label : {m_protocol, m_cipher, m_errors})
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chain->setHeaderLabels({tr("Subject"), tr("Issuer"), tr("Valid until"), tr("SHA-256")});
    m_chain->setRootIsDecorated(false);
    m_chain->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* hopRow = new QHBoxLayout;
    hopRow->addWidget(new QLabel(tr("Hop"), this));
    hopRow->addWidget(m_hop);
    hopRow->addStretch();
    auto* form = new QFormLayout;
    form->addRow(tr("Protocol"), m_protocol);
    form->addRow(tr("Cipher"), m_cipher);
    auto* detailLayout = new QVBoxLayout(m_details);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addLayout(form);
    detailLayout->addWidget(m_errors);
    detailLayout->addWidget(m_ignored);
    detailLayout->addWidget(new QLabel(tr("Peer certificate chain"), m_details));
    detailLayout->addWidget(m_chain);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(hopRow);
    layout->addWidget(m_state);
    layout->addWidget(m_details, 1);
    layout->addStretch(0);

    connect(m_hop, &QComboBox::currentIndexChanged, this, &TlsView::showHop);
    clear();
}

TlsView::~TlsView() = default;

void TlsView::clear()
{
    setExchange(Http::Exchange());
}

void TlsView::setExchange(const Http::Exchange& exchange)
{
    m_exchange = exchange;
    const QSignalBlocker blocker(m_hop);
    m_hop->clear();
    for (qsizetype i = 0; i < exchange.hops.size(); ++i) {
        const Http::Hop& hop = exchange.hops.at(i);
        m_hop->addItem(tr("#%1 %2").arg(i + 1).arg(hop.request.url.toDisplayString(
            QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)));
    }
    m_hop->setEnabled(exchange.hops.size() > 1);
    m_hop->setCurrentIndex(int(exchange.hops.size()) - 1);
    showHop(int(exchange.hops.size()) - 1);
}

bool TlsView::selectHop(int index)
{
    if (index < 0 || index >= m_hop->count())
        return false;
    m_hop->setCurrentIndex(index); // showHop() through currentIndexChanged
    return true;
}

void TlsView::showHop(int index)
{
    m_chain->clear();
    if (index < 0 || index >= m_exchange.hops.size()) {
        m_state->setText(tr("TLS details of the connection appear here after a request."));
        m_details->hide();
        return;
    }
    const Http::Hop& hop = m_exchange.hops.at(index);
    const Http::TlsInfo& tls = hop.tls;
    // A refused handshake (a certificate error, or no TLS version in common) is not plain HTTP.
    const bool refused = !tls.used && (hop.error.kind == Http::ErrorKind::Tls || !tls.errors.isEmpty());
    if (!tls.used && !refused) {
        m_state->setText(tr("<b>Plain HTTP — no TLS.</b> Everything on this hop, credentials included, travelled "
                            "unencrypted."));
        m_details->hide();
        return;
    }
    m_state->setText(refused ? tr("<b>TLS handshake failed — no request was sent.</b> The findings "
                                  "say what is wrong and how to fix it.")
                         : tls.errors.isEmpty() ? tr("<b>Verified TLS connection.</b>")
                                                : tr("<b>TLS connection with certificate errors.</b>"));
    m_details->show();
    const QString offered = tls.offeredProtocols.join(QStringLiteral(", "));
    m_protocol->setText(!tls.protocol.isEmpty() ? tls.protocol
                            : offered.isEmpty() ? tr("unknown")
                                                : tr("none agreed (offered: %1)").arg(offered));
    m_cipher->setText(tls.cipher.isEmpty() ? tr("unknown") : tls.cipher);
    const QStringList errors = !tls.errors.isEmpty() || !refused ? tls.errors : QStringList {hop.error.message};
    m_errors->setText(errors.join(u'\n'));
    m_errors->setVisible(!errors.isEmpty());
    m_ignored->setVisible(tls.errorsIgnored && !tls.errors.isEmpty());
    for (const Http::CertificateSummary& cert : tls.peerChain) {
        auto* item = new QTreeWidgetItem(m_chain);
        item->setText(0, cert.subject + (cert.selfSigned ? tr(" (self-signed)") : QString()));
        item->setText(1, cert.issuer);
        item->setText(2, cert.notAfter.toUTC().toString(Qt::ISODate));
        item->setText(3, cert.sha256.left(23) + QStringLiteral("…"));
        item->setToolTip(
            0,
            cert.subjectAltNames.isEmpty()
                ? cert.subject
                : tr("%1\nSubject alternative names: %2").arg(cert.subject, cert.subjectAltNames.join(u", ")));
        item->setToolTip(3, cert.sha256);
        if (cert.notAfter.isValid() && cert.notAfter < QDateTime::currentDateTimeUtc())
            item->setForeground(2, StatusPalette::color(StatusPalette::Tone::Bad, m_chain->palette()));
    }
}

} // namespace Authlens::Gui
