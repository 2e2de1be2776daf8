#pragma once

#include <QHash>
#include <QJsonValue>
#include <QString>

namespace Authlens::Formats {

/// True for a Postman variable whose value must not land in a profile file: type "secret", or a name
/// that says token, password, secret, API key, … (unless the value is a URL, as for "tokenUrl").
bool isSecretVariable(const QString& name, const QString& value, const QString& type);

/// `{{name}}` replaced by `values[name]`, repeatedly for values that refer to other variables
/// (bounded, so a cycle cannot loop). Unknown names and Postman's dynamic `{{$guid}}` stay as they are.
QString resolveVariables(const QString& text, const QHash<QString, QString>& values);

/// A JSON scalar as Postman means it: strings as they are, numbers and booleans as text.
QString scalarText(const QJsonValue& value);

} // namespace Authlens::Formats
