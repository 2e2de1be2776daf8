#pragma once

#include "auth/AuthSettings.h"

#include <QByteArray>
#include <QColor>
#include <QFont>
#include <QString>

// Small presentation helpers shared by the panels: how sizes, durations and statuses look.
class QLabel;
class QWidget;

namespace Authlens::Gui {

QString humanSize(qint64 bytes); ///< "512 B", "1.4 KB", "3.2 MB"
QString humanDuration(double ms);
/// "1 hop", "3 hops": English plurals without a translation catalogue.
QString countText(qsizetype count, const QString& singular,
                  const QString& plural); ///< "87 ms", "1.24 s"; "–" when unknown (< 0)
/// By status alone, from StatusPalette for the application palette: 2xx green, 1xx/3xx blue, 4xx and 5xx red.
/// A 2xx the diagnosis found a problem with is amber: colour by StatusPalette::outcomeOf() where it is known.
QColor statusColor(int status);
QString statusText(int status, const QByteArray& reason); ///< "401 Unauthorized" (standard phrase when none was sent)
QString headerText(const QByteArray& bytes); ///< UTF-8 when valid, else Latin-1 (header values are bytes)
QFont monospaceFont();
/// A label in the bold variant of its font: a section caption inside a panel.
QLabel* boldLabel(const QString& text, QWidget* parent);
/// The hint under the user name and password of Basic and Digest (composer and profile editor alike).
QString passwordMethodHint(Auth::Method method);
/// Where a credential of the ledger came from, in words: "profile", "header you typed", "cookie jar" …
QString credentialSourceText(Http::CredentialSource source);
/// A ledger entry's credential as a reader names it: "Authorization", "query “api_key”", "cookie sid".
QString credentialNameText(const QByteArray& name, Http::CredentialPlace place);
/// How far another clock is from this one, to go before "this computer's": "5 min ahead of", "1 h behind".
/// \a seconds is the other clock minus this one.
QString clockOffsetText(qint64 seconds);

} // namespace Authlens::Gui
