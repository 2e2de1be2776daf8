#pragma once

#include "diagnosis/Diagnoser.h"

#include <QJsonArray>
#include <QString>

namespace Authlens::Cli {

/// A diagnosis as readable text: the headline, then each finding with its severity and code, the
/// explanation, the evidence (one line each, secrets already masked) and the fixes.
QString diagnosisToText(const Diagnosis::Diagnosis& diagnosis, const QString& indent = {});

/// The findings as the CLI's JSON prints them: Finding::toJson() of each, in order.
QJsonArray findingsJson(const QList<Diagnosis::Finding>& findings);

} // namespace Authlens::Cli
