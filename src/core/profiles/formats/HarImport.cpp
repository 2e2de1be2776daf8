#include "profiles/formats/HarImport.h"

#include "http/SecretPolicy.h"
#include "profiles/ProfileJson.h"

#include "profiles/formats/CredentialCollector.h"
#include "profiles/formats/FormBody.h"
#include "profiles/formats/HarLog.h"
#include "profiles/formats/ImportedUrl.h"
#include "profiles/formats/RequestChecks.h"

#include <QHash>
#include <QJsonObject>

#include <memory>

namespace Authlens::Formats {

namespace {

/// Chrome's `_resourceType` values of page assets: they carry no API auth worth saving.
bool isStaticResource(const QString& type)
{
    static const QStringList types {
        QStringLiteral("image"),    QStringLiteral("stylesheet"), QStringLiteral("font"),
        QStringLiteral("media"),    QStringLiteral("script"),     QStringLiteral("texttrack"),
        QStringLiteral("manifest"), QStringLiteral("preflight"),  QStringLiteral("cspviolationreport")};
    return types.contains(type.toLower());
}

/// Tools that do not write `_resourceType` (Firefox, Safari, Charles, mitmproxy): a GET for a page asset,
/// judged by the response's MIME type (HAR 1.2 `content.mimeType`) or the path's extension, that carries no
/// credential header of its own (cookies go with every asset; an Authorization header does not).
bool looksLikeStaticAsset(const QJsonObject& entry, const QUrl& url)
{
    const QJsonObject request = entry.value(u"request").toObject();
    if (request.value(u"method").toString().compare(u"GET", Qt::CaseInsensitive) != 0)
        return false;
    for (const QJsonValue& h : request.value(u"headers").toArray()) {
        const QByteArray name = h.toObject().value(u"name").toString().toLatin1();
        if (name.compare("Cookie", Qt::CaseInsensitive) != 0 && Http::SecretPolicy::standard().isSecretHeader(name))
            return false;
    }
    const QString mime = entry.value(u"response")
                             .toObject()
                             .value(u"content")
                             .toObject()
                             .value(u"mimeType")
                             .toString()
                             .section(u';', 0, 0)
                             .trimmed()
                             .toLower();
    static const QStringList assetTypes {QStringLiteral("text/css"),
                                         QStringLiteral("text/javascript"),
                                         QStringLiteral("application/javascript"),
                                         QStringLiteral("application/x-javascript"),
                                         QStringLiteral("application/wasm"),
                                         QStringLiteral("application/font-woff"),
                                         QStringLiteral("application/x-font-ttf")};
    if (mime.startsWith(u"image/") || mime.startsWith(u"font/") || mime.startsWith(u"audio/")
        || mime.startsWith(u"video/") || assetTypes.contains(mime))
        return true;
    static const QStringList extensions {
        QStringLiteral("png"),  QStringLiteral("jpg"),   QStringLiteral("jpeg"), QStringLiteral("gif"),
        QStringLiteral("svg"),  QStringLiteral("ico"),   QStringLiteral("webp"), QStringLiteral("avif"),
        QStringLiteral("css"),  QStringLiteral("js"),    QStringLiteral("mjs"),  QStringLiteral("map"),
        QStringLiteral("woff"), QStringLiteral("woff2"), QStringLiteral("ttf"),  QStringLiteral("otf"),
        QStringLiteral("eot"),  QStringLiteral("mp4"),   QStringLiteral("webm"), QStringLiteral("mp3")};
    const QString path = url.path();
    const qsizetype dot = path.lastIndexOf(u'.');
    return dot > path.lastIndexOf(u'/') && extensions.contains(path.mid(dot + 1).toLower());
}

struct OriginGroup
{
    Profiles::Profile profile;
    CredentialCollector credentials;
    QHash<QByteArray, qsizetype> seen; ///< method + URL + body → index in profile.requests
};

} // namespace

ImportResult importHar(const QByteArray& json)
{
    ImportResult result;
    result.format = ImportFormat::Har;
    QStringList warnings;
    const std::optional<QJsonArray> entries = harEntries(json, &result.error, &warnings);
    if (!entries)
        return result;

    QList<std::shared_ptr<OriginGroup>> groups;
    QHash<QString, std::shared_ptr<OriginGroup>> byOrigin;
    QStringList otherSchemes;
    int otherSchemeCount = 0;
    int staticCount = 0;
    int duplicates = 0;
    int badHeaders = 0;
    QStringList notes;

    for (qsizetype i = 0; i < entries->size(); ++i) {
        const QJsonObject entry = entries->at(i).toObject();
        const QJsonObject req = entry.value(u"request").toObject();
        const QString urlText = req.value(u"url").toString();
        QString urlError;
        std::optional<QUrl> url = parseHttpUrl(urlText, &urlError);
        if (!url || !urlText.contains(u':')) {
            ++otherSchemeCount;
            const QString scheme = urlText.section(u':', 0, 0).left(20).toLower();
            if (!scheme.isEmpty() && !otherSchemes.contains(scheme) && otherSchemes.size() < 5)
                otherSchemes.append(scheme);
            continue;
        }
        const QJsonValue resourceType = entry.value(u"_resourceType");
        if (resourceType.isString() ? isStaticResource(resourceType.toString()) : looksLikeStaticAsset(entry, *url)) {
            ++staticCount;
            continue;
        }
        const QByteArray method = req.value(u"method").toString().trimmed().toUpper().toUtf8();
        if (const QString problem = methodProblem(method); !problem.isEmpty()) {
            warnings.append(QStringLiteral("Entry %1: %2 Skipped.").arg(i + 1).arg(problem));
            continue;
        }

        const QString origin = originText(*url);
        std::shared_ptr<OriginGroup> group = byOrigin.value(origin);
        if (!group) {
            group = std::make_shared<OriginGroup>();
            group->profile.id = Profiles::ProfileJson::newId();
            group->profile.name = hostLabel(*url);
            group->profile.baseUrl = origin;
            byOrigin.insert(origin, group);
            groups.append(group);
        }

        Profiles::SavedRequest saved;
        bool hasCookieHeader = false;
        for (const Http::Header& h : harHeaders(req.value(u"headers").toArray(), &badHeaders)) {
            if (h.first.compare("Content-Type", Qt::CaseInsensitive) == 0) {
                saved.contentType = QString::fromUtf8(h.second);
            } else if (Http::SecretPolicy::standard().isSecretHeader(h.first)) {
                hasCookieHeader = hasCookieHeader || h.first.compare("Cookie", Qt::CaseInsensitive) == 0;
                group->credentials.addHeader(h.first, h.second);
            } else if (const auto note = droppedHeaderNote(h.first); !note) {
                saved.headers.append(h);
            } else if (!note->isEmpty() && !notes.contains(*note)) {
                notes.append(*note);
            }
        }
        // Some tools list cookies only in request.cookies.
        if (!hasCookieHeader) {
            QByteArrayList pairs;
            for (const QJsonValue& c : req.value(u"cookies").toArray()) {
                const QJsonObject o = c.toObject();
                if (!o.value(u"name").toString().isEmpty())
                    pairs.append(o.value(u"name").toString().toUtf8() + '=' + o.value(u"value").toString().toUtf8());
            }
            if (!pairs.isEmpty())
                group->credentials.addHeader("Cookie", pairs.join("; "));
        }

        const QJsonObject postData = req.value(u"postData").toObject();
        if (!postData.isEmpty()) {
            saved.body = postData.value(u"text").toString().toUtf8();
            if (saved.body.isEmpty() && postData.value(u"params").isArray()) {
                QList<FormField> fields;
                for (const QJsonValue& p : postData.value(u"params").toArray()) {
                    const QJsonObject o = p.toObject();
                    if (o.contains(u"fileName"))
                        continue;
                    fields.append({o.value(u"name").toString(), o.value(u"value").toString()});
                }
                saved.body = urlEncodedForm(fields);
            }
            const QString mime = postData.value(u"mimeType").toString().trimmed();
            if (!mime.isEmpty())
                saved.contentType = mime;
        }

        group->credentials.takeQueryCredentials(*url);
        url->setUserInfo({});
        saved.method = method;
        saved.url = savedRequestUrl(*url);
        saved.name = requestName(method, *url);

        const QByteArray key = method + ' ' + saved.url.toUtf8() + '\n' + saved.body;
        if (const auto it = group->seen.constFind(key); it != group->seen.cend()) {
            // Keep one copy of repeated requests (polling), with the latest headers.
            saved.id = group->profile.requests.at(*it).id;
            group->profile.requests[*it] = saved;
            ++duplicates;
            continue;
        }
        saved.id = Profiles::ProfileJson::newId();
        group->seen.insert(key, group->profile.requests.size());
        group->profile.requests.append(saved);
    }

    if (otherSchemeCount > 0)
        warnings.append(QStringLiteral("Skipped %1 entries that are not http(s) requests (%2).")
                            .arg(otherSchemeCount)
                            .arg(otherSchemes.join(QStringLiteral(", "))));
    if (staticCount > 0)
        warnings.append(
            QStringLiteral("Skipped %1 static resources (images, scripts, stylesheets, fonts).").arg(staticCount));
    if (duplicates > 0)
        warnings.append(QStringLiteral("%1 repeated requests were kept once (the latest).").arg(duplicates));
    if (badHeaders > 0)
        warnings.append(
            QStringLiteral("%1 headers with an invalid name or a line break were left out.").arg(badHeaders));
    warnings.append(notes);

    if (groups.isEmpty()) {
        result.error = entries->isEmpty() ? QStringLiteral("The HAR file has no entries.")
                                          : QStringLiteral("The HAR file has no http(s) requests to import.");
        return result;
    }
    for (const auto& group : std::as_const(groups)) {
        result.profiles.append(group->profile);
        group->credentials.applyTo(result.profiles.last(), result.profiles.size() - 1, result);
    }
    result.warnings = warnings + result.warnings;
    result.warnings.removeDuplicates();
    return result;
}

} // namespace Authlens::Formats
