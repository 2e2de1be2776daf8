#pragma once

#include "profiles/Profile.h"

#include <QString>
#include <QStringList>

namespace Authlens::Profiles {

/// Profiles as JSON files, one per profile (`<id>.json`), under ~/.local/share/Authlens/profiles
/// (or $AUTHLENS_DATA_DIR/profiles). Writes go
/// through QSaveFile: a crash or a full disk never leaves half a profile. Holds no secret values.
class ProfileStore
{
public:
    explicit ProfileStore(QString directory = defaultDirectory());
    static QString defaultDirectory();
    QString directory() const { return m_directory; }

    struct LoadResult
    {
        QList<Profile> profiles; ///< sorted by name
        QStringList errors; ///< one per file that could not be read; the file is left untouched
    };
    LoadResult loadAll() const;
    bool save(const Profile& profile, QString* error) const;
    bool remove(const QString& id, QString* error) const;
    QString filePath(const QString& id) const;
    /// Why the existing file of this id does not load (the same error loadAll() lists); empty when there is
    /// no such file or it loads. save() refuses to overwrite such a file.
    QString unreadableFile(const QString& id) const;

    static constexpr qint64 kMaxFileSize = 8 * 1024 * 1024;

private:
    QString m_directory;
};

} // namespace Authlens::Profiles
