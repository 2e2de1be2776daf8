#pragma once

#include "http/RequestSpec.h"
#include "profiles/Profile.h"

#include <QList>
#include <QString>
#include <QStringList>

// Checks of what the user typed into the profile editor. Pure functions: each returns an empty
// string when the value is fine, else a message for the line under the field. They accept exactly
// what the profile store accepts when it reads the file back.
namespace Authlens::Gui::ProfileValidation {

QString nameProblem(const QString& name, const QStringList& otherNames);
/// An http(s) URL with a host; empty is fine unless `required`.
QString httpUrlProblem(const QString& text, bool required);

struct Origins
{
    QList<Http::Origin> origins;
    QString problem; ///< the first bad line
};
/// Origins one per line (commas work too): "https://auth.example.com", "http://127.0.0.1:8080".
Origins parseOrigins(const QString& text);
/// "https://api.example.com", with the port only when it is not the scheme's default.
QString originText(const Http::Origin& origin);

/// Items separated by commas, spaces or line breaks, trimmed, without empties.
QStringList splitList(const QString& text);
QString proxyProblem(Profiles::ProxySettings::Mode mode, const QString& host, int port);

} // namespace Authlens::Gui::ProfileValidation
