#include "common/StatusPalette.h"

#include "diagnosis/Catalog.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace Authlens::Gui::StatusPalette {

namespace {

constexpr double MinimumContrast = 4.5; // WCAG 2 AA for normal text

struct ToneColors
{
    QColor light; ///< on a light window: dark, saturated
    QColor dark; ///< on a dark window: light, softer
    QColor softLight; ///< fill behind dark text
};

ToneColors toneColors(Tone tone)
{
    switch (tone) {
    case Tone::Neutral:
        return {QColor(0x5f, 0x5f, 0x5f), QColor(0xb0, 0xb0, 0xb0), QColor(0xe0, 0xe0, 0xe0)};
    case Tone::Good:
        return {QColor(0x1b, 0x6e, 0x20), QColor(0x81, 0xc7, 0x84), QColor(0xc8, 0xe6, 0xc9)};
    case Tone::Notice:
        return {QColor(0x15, 0x65, 0xc0), QColor(0x90, 0xca, 0xf9), QColor(0xbb, 0xde, 0xfb)};
    case Tone::Caution:
        return {QColor(0x8a, 0x4b, 0x00), QColor(0xff, 0xb7, 0x4d), QColor(0xff, 0xe0, 0xb2)};
    case Tone::Bad:
        return {QColor(0xc6, 0x28, 0x28), QColor(0xff, 0x8a, 0x80), QColor(0xff, 0xcd, 0xd2)};
    }
    return {};
}

QColor mix(const QColor& a, const QColor& b, double t) // t = 0 → a, 1 → b
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

/// `color`, moved towards `towards` (a colour that contrasts with both backgrounds, the palette's text)
/// until it reads on both: a custom palette the fixed tones were not made for still gets AA contrast.
QColor readable(QColor color, const QColor& back1, const QColor& back2, const QColor& towards)
{
    const auto ok = [&](const QColor& c) {
        return contrastRatio(c, back1) >= MinimumContrast && contrastRatio(c, back2) >= MinimumContrast;
    };
    for (int step = 1; step <= 10 && !ok(color); ++step)
        color = mix(color, towards, 0.1 * step);
    return color;
}

} // namespace

Outcome outcomeOfStatus(int status)
{
    if (status <= 0)
        return Outcome::TransportFailure;
    if (status >= 500)
        return Outcome::ServerError;
    if (status >= 400)
        return Outcome::ClientError;
    if (status >= 300 || status < 200)
        return Outcome::Info;
    return Outcome::Success;
}

Outcome outcomeOf(const Http::Exchange& exchange)
{
    if (exchange.error.isError())
        return exchange.error.kind == Http::ErrorKind::Cancelled ? Outcome::Pending : Outcome::TransportFailure;
    const Http::Hop* finalHop = exchange.finalResponseHop();
    if (!finalHop)
        return Outcome::TransportFailure;
    const Outcome outcome = outcomeOfStatus(finalHop->response.status);
    if (outcome == Outcome::Success) {
        for (const Http::Hop& hop : exchange.hops) {
            if (!hop.withheld.isEmpty())
                return Outcome::SuccessWithProblem;
        }
    }
    return outcome;
}

Outcome outcomeOf(const Diagnosis::Diagnosis& diagnosis)
{
    const Diagnosis::Headline& headline = diagnosis.headline;
    if (headline.isError)
        return headline.title == QLatin1String("Cancelled") ? Outcome::Pending : Outcome::TransportFailure;
    const Outcome outcome = outcomeOfStatus(headline.status);
    if (outcome == Outcome::Success) {
        for (const Diagnosis::Finding& finding : diagnosis.findings) {
            if (isProblem(finding.severity) || deniesSuccess(finding.code))
                return Outcome::SuccessWithProblem;
        }
    }
    return outcome;
}

bool deniesSuccess(QStringView code)
{
    // The answer did not see the request as it was sent, or is not the resource: whatever the finding's
    // severity (the diagnoser rates dropped credentials "info" when the endpoint needed none), a 2xx with it
    // is not a plain success.
    return code == Diagnosis::Code::RedirectCredentialsDropped || code == Diagnosis::Code::RedirectLogin;
}

bool isProblem(Diagnosis::Severity severity)
{
    return severity == Diagnosis::Severity::Cause || severity == Diagnosis::Severity::Likely;
}

Tone toneOf(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Pending:
        return Tone::Neutral;
    case Outcome::Success:
        return Tone::Good;
    case Outcome::SuccessWithProblem:
        return Tone::Caution;
    case Outcome::Info:
        return Tone::Notice;
    case Outcome::ClientError:
    case Outcome::ServerError:
    case Outcome::TransportFailure:
        return Tone::Bad;
    }
    return Tone::Neutral;
}

Tone toneOf(Diagnosis::Severity severity)
{
    switch (severity) {
    case Diagnosis::Severity::Cause:
        return Tone::Bad;
    case Diagnosis::Severity::Likely:
        return Tone::Caution;
    case Diagnosis::Severity::Hint:
        return Tone::Notice;
    case Diagnosis::Severity::Info:
        return Tone::Neutral; // a fact, not a verdict: green is kept for a success
    }
    return Tone::Neutral;
}

QColor color(Tone tone, const QPalette& palette)
{
    const ToneColors colors = toneColors(tone);
    return readable(isDark(palette) ? colors.dark : colors.light, palette.color(QPalette::Window),
                    palette.color(QPalette::Base), palette.color(QPalette::WindowText));
}

QColor color(Outcome outcome, const QPalette& palette)
{
    return color(toneOf(outcome), palette);
}

QColor background(Tone tone, const QPalette& palette)
{
    if (!isDark(palette))
        return toneColors(tone).softLight;
    // A dark tint of the tone over the base: the light text of a dark theme stays readable on it.
    return mix(palette.color(QPalette::Base), toneColors(tone).dark, 0.28);
}

Chip chip(Tone tone, const QPalette& palette)
{
    const bool dark = isDark(palette);
    const ToneColors colors = toneColors(tone);
    const QColor fill = dark ? colors.dark : colors.light;
    // White on the saturated light-theme tones, near-black on the soft dark-theme ones.
    const QColor text = dark ? QColor(0x12, 0x12, 0x12) : QColor(Qt::white);
    return {text, fill};
}

QString outcomeText(Outcome outcome)
{
    const char* context = "Authlens::Gui::StatusPalette";
    switch (outcome) {
    case Outcome::Pending:
        return QCoreApplication::translate(context, "no answer yet");
    case Outcome::Success:
        return QCoreApplication::translate(context, "worked");
    case Outcome::SuccessWithProblem:
        return QCoreApplication::translate(context, "answered, with a problem");
    case Outcome::Info:
        return QCoreApplication::translate(context, "sent elsewhere");
    case Outcome::ClientError:
        return QCoreApplication::translate(context, "refused");
    case Outcome::ServerError:
        return QCoreApplication::translate(context, "the server failed");
    case Outcome::TransportFailure:
        return QCoreApplication::translate(context, "no usable answer");
    }
    return {};
}

bool isDark(const QPalette& palette)
{
    return relativeLuminance(palette.color(QPalette::Window)) < relativeLuminance(palette.color(QPalette::WindowText));
}

double relativeLuminance(const QColor& color)
{
    const auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    const QColor rgb = color.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) + 0.0722 * channel(rgb.blueF());
}

double contrastRatio(const QColor& a, const QColor& b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace Authlens::Gui::StatusPalette
