#pragma once

#include "profiles/Profile.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Authlens::Profiles {

/// The JSON form of a profile, used by the profile store and by .authlens.json exports. It has no
/// field for a secret value: secrets cannot reach a profile file through it (tested).
namespace ProfileJson {

constexpr int kSchemaVersion = 1;

QJsonObject toJson(const Profile& profile);

/// Reads a profile written with schema `version` (older versions are migrated first). Checks
/// everything a file from someone else could get wrong: types, ids, URL schemes (http/https only).
std::optional<Profile> fromJson(const QJsonObject& object, int version, QString* error);

/// Upgrades a profile object from `fromVersion` to kSchemaVersion. False with an error when the
/// version is unknown or newer than this build reads.
bool migrate(QJsonObject& object, int fromVersion, QString* error);

/// A profile or request id: 1..64 of [A-Za-z0-9_-]. Ids name files and keychain entries.
bool isValidId(const QString& id);
QString newId();

} // namespace ProfileJson
} // namespace Authlens::Profiles
