#pragma once

#include "diagnosis/Diagnoser.h"
#include "http/Exchange.h"

#include <QColor>
#include <QPalette>
#include <QString>

// One palette for what an answer means, shared by every panel that colours a status: the inspector's
// status line, the Diagnosis title and cards, the Redirects hops, the refresh comparison, the severity
// chips (and later the sidebar and the composer). Colours are chosen for the palette they are drawn on:
// light tones on a dark theme, dark ones on a light theme, and never below WCAG AA (4.5:1) against the
// palette's Window and Base.
//
//   const auto outcome = StatusPalette::outcomeOf(diagnosis);       // 2xx + a cause → SuccessWithProblem
//   label->setStyleSheet(QStringLiteral("color: %1;").arg(StatusPalette::color(outcome, palette()).name()));
namespace Authlens::Gui::StatusPalette {

/// What an answer means to the user.
enum class Outcome {
    Pending, ///< nothing yet, sending, cancelled: no verdict
    Success, ///< a 2xx and nothing known against it
    SuccessWithProblem, ///< a 2xx that is not what it looks like (a login page, credentials withheld)
    Info, ///< 1xx and 3xx (a redirect that was not followed)
    ClientError, ///< 4xx (401, 403, 407, 429 …)
    ServerError, ///< 5xx
    TransportFailure, ///< no usable response: DNS, connection, TLS, timeout, too many redirects
};

/// The colour families; every Outcome and severity maps to one.
enum class Tone {
    Neutral, ///< grey: pending, no verdict
    Good, ///< green: success, and only success
    Notice, ///< blue: information, hints, redirects
    Caution, ///< amber: success with a problem, warnings, "likely"
    Bad, ///< red: every failure and error
};

/// By status code alone (no diagnosis yet): 0 (no response) is a TransportFailure.
Outcome outcomeOfStatus(int status);
/// By the exchange: a transport error, else the final status, and a 2xx after a hop whose credentials were
/// withheld is a SuccessWithProblem (the answer did not see what was sent).
Outcome outcomeOf(const Http::Exchange& exchange);
/// The verdict once the diagnosis is known: a 2xx with any finding of severity cause or likely, or one
/// that deniesSuccess(), is a SuccessWithProblem (e.g. "Ended on a login page", "Credentials withheld at a
/// cross-origin redirect").
Outcome outcomeOf(const Diagnosis::Diagnosis& diagnosis);
/// Findings that make a 2xx suspect whatever their severity: the credentials sent were withheld on the
/// way (redirect.credentials_dropped), or the answer is a login page (redirect.login).
bool deniesSuccess(QStringView code);
/// Cause and likely are problems (the "error" and "warning" of a finding); hint and info are not.
bool isProblem(Diagnosis::Severity severity);

Tone toneOf(Outcome outcome);
Tone toneOf(Diagnosis::Severity severity); ///< cause red, likely amber, hint blue, info grey

/// Text colour of `tone` on `palette` (Window and Base), contrast ≥ 4.5:1. QPalette() is the application's.
QColor color(Tone tone, const QPalette& palette = QPalette());
QColor color(Outcome outcome, const QPalette& palette = QPalette());
/// A soft fill of `tone` for marks and highlighted rows; the palette's Text stays readable on it.
QColor background(Tone tone, const QPalette& palette = QPalette());

/// A solid chip (a severity badge): text on fill, contrast ≥ 4.5:1.
struct Chip
{
    QColor text;
    QColor fill;
};
Chip chip(Tone tone, const QPalette& palette = QPalette());

/// The outcome in a few words, for tooltips and accessible names: "worked", "answered, with a problem" …
QString outcomeText(Outcome outcome);

/// True when the palette draws light text on a dark window.
bool isDark(const QPalette& palette = QPalette());
/// WCAG 2 relative luminance (0 black … 1 white) and contrast ratio (1 … 21).
double relativeLuminance(const QColor& color);
double contrastRatio(const QColor& a, const QColor& b);

} // namespace Authlens::Gui::StatusPalette
