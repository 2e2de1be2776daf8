#pragma once

#include "diagnosis/Diagnoser.h"

#include <QString>

namespace Authlens::Cli {

/// A diagnosis as readable text: the headline, then each finding with its severity and code, the
/// explanation, the evidence (one line each, secrets already masked) and the fixes.
QString diagnosisToText(const Diagnosis::Diagnosis& diagnosis, const QString& indent = {});

} // namespace Authlens::Cli
