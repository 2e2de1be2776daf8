#include "profiles/ShareFile.h"

#include "http/Redaction.h"
#include "profiles/ProfileJson.h"
#include "profiles/TokenScanner.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <algorithm>

namespace Authlens::Profiles::ShareFile {

namespace {

QString preview(QStringView value)
{
    return value.size() <= 8 ? QStringLiteral("…") : value.left(6).toString() + QStringLiteral("…");
}

/// Replaces each token-like value in `text` unless the user keeps it, and records it. Tokens inside
/// `kept` (named secrets the user chose to keep) were decided already.
QString scrub(const QString& text, const QString& keyBase, const QString& profileName, const QString& location,
              const ExportOptions& options, QList<Redaction>& report, const QStringList& kept = {})
{
    QList<TokenHit> hits = findTokenLikeValues(text);
    hits.removeIf([&](const TokenHit& hit) {
        const QStringView token = QStringView(text).mid(hit.offset, hit.length);
        return std::any_of(kept.cbegin(), kept.cend(), [token](const QString& k) { return k.contains(token); });
    });
    if (hits.isEmpty())
        return text;
    QString out = text;
    // Back to front so earlier offsets stay valid.
    for (qsizetype i = hits.size() - 1; i >= 0; --i) {
        const TokenHit& hit = hits.at(i);
        Redaction r;
        r.key = keyBase + u'#' + QString::number(i);
        r.profileName = profileName;
        r.location = location;
        r.kind = hit.kind;
        r.preview = preview(QStringView(text).mid(hit.offset, hit.length));
        r.removed = !options.keep.contains(r.key);
        if (r.removed)
            out.replace(hit.offset, hit.length, QStringLiteral("{{redacted}}"));
        report.prepend(r);
    }
    return out;
}

/// A value the secret policy calls a credential by its name (a header, a query parameter, a body
/// field, a variable): where it sits in the bytes of its text.
struct NamedSecret
{
    qsizetype offset = 0;
    qsizetype length = 0;
    QString name;
};

/// Replaces each named secret's whole value by {{redacted}} unless the user keeps it, and records
/// it. A value that is a {{variable}} reference is no secret. The kind says what the value looks
/// like (the token scanner's words) or, when it looks like nothing, that its name made it a secret.
QByteArray scrubNamed(const QByteArray& text, const QList<NamedSecret>& secrets, const QString& keyBase,
                      const QString& profileName, const QString& location, const ExportOptions& options,
                      QList<Redaction>& report, QStringList& kept)
{
    QByteArray out = text;
    QList<Redaction> found;
    for (qsizetype i = secrets.size() - 1; i >= 0; --i) {
        const NamedSecret& s = secrets.at(i);
        const QString value = QString::fromUtf8(text.mid(s.offset, s.length));
        if (value.trimmed().isEmpty() || value.contains(u"{{"))
            continue;
        const QList<TokenHit> hits = findTokenLikeValues(value);
        Redaction r;
        r.key = keyBase + u'/' + s.name;
        r.profileName = profileName;
        r.location = location;
        r.kind = hits.isEmpty() ? QStringLiteral("credential (by its name “%1”)").arg(s.name) : hits.first().kind;
        r.preview = preview(value);
        r.removed = !options.keep.contains(r.key);
        if (r.removed)
            out.replace(s.offset, s.length, "{{redacted}}");
        else
            kept.append(value);
        found.prepend(r);
    }
    report += found;
    return out;
}

/// The values of the query parameters the policy calls secret in a saved request's URL text.
QList<NamedSecret> secretQueryValues(const QByteArray& url, const Http::SecretPolicy& policy)
{
    QList<NamedSecret> out;
    for (const Http::SecretSpan& span : Http::findSecretQueryValues(url, policy))
        out.append({span.offset, span.length, span.name});
    return out;
}

struct Scrubbed
{
    QList<Profile> profiles;
    QList<Redaction> report;
};

Scrubbed scrubProfiles(const QList<Profile>& input, const ExportOptions& options)
{
    Scrubbed result;
    for (const Profile& original : input) {
        Profile p = original;
        QList<Redaction> report;
        const QString base = p.id + u'/';
        for (Auth::SecretField field : Auth::allSecretFields()) {
            const QString value = Auth::secretValue(p.sessionSecrets, field);
            if (value.isEmpty())
                continue;
            Redaction r;
            r.key = base + QStringLiteral("secret/") + Auth::secretFieldName(field);
            r.profileName = p.name;
            r.location = QStringLiteral("keychain");
            r.kind = Auth::secretFieldLabel(field);
            r.preview = QStringLiteral("•••");
            r.isSecretField = true;
            r.removed = options.passphrase.isEmpty();
            report.append(r);
        }
        p.description = scrub(p.description, base + QStringLiteral("description"), p.name,
                              QStringLiteral("description"), options, report);
        // What the secret policy calls a credential by its name goes whole, whatever it looks like;
        // then the token scanner looks at everything else.
        const Http::SecretPolicy policy = Auth::secretPolicyFor(p.auth);
        QStringList kept;
        for (Variable& v : p.variables) {
            const QString key = base + QStringLiteral("var/") + v.name;
            const QString where = QStringLiteral("variable {{%1}}").arg(v.name);
            if (policy.isSecretName(v.name))
                v.value = QString::fromUtf8(scrubNamed(v.value.toUtf8(), {{0, v.value.toUtf8().size(), v.name}}, key,
                                                       p.name, where, options, report, kept));
            v.value = scrub(v.value, key, p.name, where, options, report, kept);
        }
        for (SavedRequest& req : p.requests) {
            const QString rb = base + QStringLiteral("req/") + req.id + u'/';
            const QString rn = QStringLiteral("request “%1”").arg(req.name);
            const QString urlWhere = rn + QStringLiteral(", URL");
            req.url
                = QString::fromUtf8(scrubNamed(req.url.toUtf8(), secretQueryValues(req.url.toUtf8(), policy),
                                               rb + QStringLiteral("url"), p.name, urlWhere, options, report, kept));
            req.url = scrub(req.url, rb + QStringLiteral("url"), p.name, urlWhere, options, report, kept);
            for (Http::Header& h : req.headers) {
                const QString name = QString::fromLatin1(h.first);
                const QString key = rb + QStringLiteral("header/") + name;
                const QString where = rn + QStringLiteral(", header ") + name;
                if (policy.isSecretHeader(h.first))
                    h.second
                        = scrubNamed(h.second, {{0, h.second.size(), name}}, key, p.name, where, options, report, kept);
                h.second = scrub(QString::fromUtf8(h.second), key, p.name, where, options, report, kept).toUtf8();
            }
            const QByteArray type
                = req.contentType.isEmpty() ? Http::headerValue(req.headers, "Content-Type") : req.contentType.toUtf8();
            QList<NamedSecret> fields;
            for (const Http::SecretSpan& span : Http::findSecretFields(req.body, type, policy))
                fields.append({span.offset, span.length, span.name});
            const QString bodyWhere = rn + QStringLiteral(", body");
            req.body
                = scrubNamed(req.body, fields, rb + QStringLiteral("body"), p.name, bodyWhere, options, report, kept);
            req.body = scrub(QString::fromUtf8(req.body), rb + QStringLiteral("body"), p.name, bodyWhere, options,
                             report, kept)
                           .toUtf8();
        }
        result.profiles.append(p);
        result.report += report;
    }
    return result;
}

QByteArray profilesAad(const QJsonArray& profiles)
{
    // QJsonObject keeps keys sorted, so the compact form of a parsed array is the same bytes.
    return QJsonDocument(profiles).toJson(QJsonDocument::Compact);
}

int nestingDepth(const QByteArray& content)
{
    int depth = 0;
    int maxDepth = 0;
    bool inString = false;
    bool escaped = false;
    for (char c : content) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[')
            maxDepth = std::max(maxDepth, ++depth);
        else if (c == '}' || c == ']')
            --depth;
    }
    return maxDepth;
}

QString methodCredentialsText(const Profile& p);

/// What a profile sends as credentials: its auth method's, and its secret variables.
QString credentialsText(const Profile& p)
{
    QStringList parts;
    if (const QString method = methodCredentialsText(p); !method.isEmpty())
        parts.append(method);
    QStringList secretVariables;
    for (const Variable& v : p.variables) {
        if (v.secret)
            secretVariables.append(QStringLiteral("{{%1}}").arg(v.name));
    }
    if (!secretVariables.isEmpty())
        parts.append(QStringLiteral("secret variables %1").arg(secretVariables.join(QStringLiteral(", "))));
    return parts.join(QStringLiteral("; "));
}

QString methodCredentialsText(const Profile& p)
{
    const bool hasSecret = [&p] {
        for (Auth::SecretField f : Auth::allSecretFields()) {
            if (!Auth::secretValue(p.sessionSecrets, f).isEmpty())
                return true;
        }
        return false;
    }();
    const QString with = hasSecret ? QStringLiteral(" (value included)") : QStringLiteral(" (no value in the file)");
    switch (p.auth.method) {
    case Auth::Method::None:
        return {};
    case Auth::Method::Basic:
        return QStringLiteral("Basic credentials of user “%1”").arg(p.auth.username) + with;
    case Auth::Method::Bearer:
        return QStringLiteral("Bearer token") + with;
    case Auth::Method::OAuth2:
        return QStringLiteral("OAuth 2 tokens from %1")
                   .arg(p.auth.oauth.tokenEndpoint.isEmpty() ? QStringLiteral("a discovered token endpoint")
                                                             : p.auth.oauth.tokenEndpoint)
            + with;
    case Auth::Method::Digest:
        return QStringLiteral("Digest credentials of user “%1”").arg(p.auth.username) + with;
    case Auth::Method::AwsSigV4:
        return QStringLiteral("AWS access key %1 for %2 in %3")
                   .arg(p.auth.username, p.auth.aws.service, p.auth.aws.region)
            + with;
    case Auth::Method::ApiKey:
        return QStringLiteral("API key %1 in the %2")
                   .arg(p.auth.apiKeyName,
                        p.auth.apiKeyPlace == Auth::ApiKeyPlace::Query ? QStringLiteral("query")
                                                                       : QStringLiteral("header"))
            + with;
    }
    return {};
}

} // namespace

QList<Redaction> previewRedactions(const QList<Profile>& profiles, const ExportOptions& options)
{
    return scrubProfiles(profiles, options).report;
}

ExportResult exportProfiles(const QList<Profile>& input, const ExportOptions& options)
{
    ExportResult result;
    for (const Profile& p : input) {
        if (p.demo) {
            result.error = QStringLiteral("“%1” is a built-in demo profile; duplicate it to share a copy.").arg(p.name);
            return result;
        }
    }
    Scrubbed scrubbed = scrubProfiles(input, options);
    result.report = scrubbed.report;
    QJsonArray profiles;
    QJsonObject secrets;
    for (const Profile& p : scrubbed.profiles) {
        profiles.append(ProfileJson::toJson(p));
        QJsonObject fields;
        for (Auth::SecretField f : Auth::allSecretFields()) {
            const QString value = Auth::secretValue(p.sessionSecrets, f);
            if (!value.isEmpty())
                fields[Auth::secretFieldName(f)] = value;
        }
        if (!fields.isEmpty())
            secrets[p.id] = fields;
    }
    QJsonObject root {{QStringLiteral("format"), QStringLiteral("authlens-profiles")},
                      {QStringLiteral("version"), kFormatVersion},
                      {QStringLiteral("profile_schema"), ProfileJson::kSchemaVersion},
                      {QStringLiteral("exported"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                      {QStringLiteral("generator"), QStringLiteral("Authlens " AUTHLENS_VERSION)},
                      {QStringLiteral("profiles"), profiles}};
    if (!options.passphrase.isEmpty() && !secrets.isEmpty()) {
        QByteArray plaintext = QJsonDocument(secrets).toJson(QJsonDocument::Compact);
        QString error;
        const auto box = SecretBox::seal(plaintext, options.passphrase, profilesAad(profiles), options.kdf, &error);
        plaintext.fill('\0');
        if (!box) {
            result.error = error;
            return result;
        }
        root[u"secrets"] = *box;
    }
    result.content = QJsonDocument(root).toJson(QJsonDocument::Indented);
    return result;
}

Parsed parse(const QByteArray& content, const QString& passphrase)
{
    Parsed out;
    if (content.size() > kMaxFileSize) {
        out.error = QStringLiteral("The file is %1 MB; profile files are at most %2 MB.")
                        .arg(content.size() >> 20)
                        .arg(kMaxFileSize >> 20);
        return out;
    }
    if (nestingDepth(content) > kMaxNesting) {
        out.error = QStringLiteral("The file nests deeper than %1 levels; it is not a profile file.").arg(kMaxNesting);
        return out;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(content, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        out.error = QStringLiteral("Not JSON: %1 at byte %2.").arg(parseError.errorString()).arg(parseError.offset);
        return out;
    }
    const QJsonObject root = doc.object();
    if (!doc.isObject() || root.value(u"format").toString() != u"authlens-profiles") {
        out.error = QStringLiteral("Not an Authlens profile file (no \"format\": \"authlens-profiles\").");
        return out;
    }
    const int version = root.value(u"version").isDouble() ? root.value(u"version").toInt(-1) : -1;
    if (version > kFormatVersion) {
        out.error = QStringLiteral("The file was written by a newer Authlens (format %1; this version reads %2). "
                                   "Update Authlens to import it.")
                        .arg(version)
                        .arg(kFormatVersion);
        return out;
    }
    if (version < 1) {
        out.error = QStringLiteral("The file has no valid format version.");
        return out;
    }
    if (!root.value(u"profiles").isArray() || root.value(u"profiles").toArray().isEmpty()) {
        out.error = QStringLiteral("The file contains no profiles.");
        return out;
    }
    // Every member is checked for its type: a hand-edited or hostile file gets an error naming the member,
    // never a silent default.
    for (const char* informational : {"exported", "generator"}) {
        const QJsonValue v = root.value(QLatin1StringView(informational));
        if (!v.isUndefined() && !v.isString()) {
            out.error = QStringLiteral("\"%1\" must be a string.").arg(QLatin1StringView(informational));
            return out;
        }
    }
    const QJsonValue schemaValue = root.value(u"profile_schema");
    if (!schemaValue.isUndefined() && (!schemaValue.isDouble() || schemaValue.toInt(-1) < 1)) {
        out.error = QStringLiteral("\"profile_schema\" must be a whole number from 1.");
        return out;
    }
    if (root.contains(u"secrets") && !root.value(u"secrets").isObject()) {
        out.error = QStringLiteral("The encrypted part of the file is damaged (\"secrets\" must be an object).");
        return out;
    }
    const QJsonArray profiles = root.value(u"profiles").toArray();
    const int schema = schemaValue.toInt(ProfileJson::kSchemaVersion);
    QSet<QString> ids;
    for (const QJsonValue& v : profiles) {
        if (!v.isObject()) {
            out.error = QStringLiteral("\"profiles\" must be a list of objects.");
            out.profiles.clear();
            return out;
        }
        QString error;
        auto p = ProfileJson::fromJson(v.toObject(), schema, &error);
        if (!p) {
            out.error = error;
            out.profiles.clear();
            return out;
        }
        if (ids.contains(p->id)) {
            out.error = QStringLiteral("The file lists profile id %1 twice.").arg(p->id);
            out.profiles.clear();
            return out;
        }
        ids.insert(p->id);
        out.profiles.append(*p);
    }
    if (!root.contains(u"secrets"))
        return out;
    out.hasSecrets = true;
    if (passphrase.isEmpty()) {
        out.needsPassphrase = true;
        out.warnings.append(
            QStringLiteral("The file carries encrypted secrets; without the passphrase they are not imported."));
        return out;
    }
    QString error;
    const auto plaintext
        = SecretBox::open(root.value(u"secrets").toObject(), passphrase, profilesAad(profiles), &error);
    if (!plaintext) {
        out.error = error;
        out.needsPassphrase = true;
        out.profiles.clear();
        return out;
    }
    const QJsonObject secrets = QJsonDocument::fromJson(*plaintext).object();
    for (Profile& p : out.profiles) {
        const QJsonObject fields = secrets.value(p.id).toObject();
        for (Auth::SecretField f : Auth::allSecretFields())
            Auth::setSecretValue(p.sessionSecrets, f, fields.value(Auth::secretFieldName(f)).toString());
    }
    return out;
}

QList<Recipient> recipients(const Profile& profile)
{
    QList<Recipient> out;
    const QString creds = credentialsText(profile);
    auto add = [&](const QUrl& url, const QString& why) {
        const Http::Origin origin = Http::Origin::fromUrl(url);
        if (!origin.isValid())
            return;
        const QString key = origin.toString();
        auto it = std::find_if(out.begin(), out.end(), [&key](const Recipient& r) { return r.origin == key; });
        if (it == out.end()) {
            out.append({key, {}});
            it = out.end() - 1;
        }
        const QString text = creds.isEmpty() ? why : creds + u" — " + why;
        if (!it->credentials.contains(text))
            it->credentials.append(text);
    };
    add(QUrl(profile.baseUrl), QStringLiteral("base URL"));
    for (const Http::Origin& o : profile.allowedOrigins)
        add(QUrl(o.toString()), QStringLiteral("allowed origin"));
    for (const SavedRequest& r : profile.requests) {
        const QUrl url(r.url);
        if (!url.scheme().isEmpty())
            add(url, QStringLiteral("request “%1”").arg(r.name));
    }
    return out;
}

namespace {
/// The existing profile `item` collides with: the same id, else the same name (case-insensitive).
void findConflict(PlanItem& item, const QList<Profile>& existing)
{
    item.conflict = Conflict::None;
    item.existingId.clear();
    for (const Profile& e : existing) {
        if (e.id == item.profile.id) {
            item.conflict = Conflict::SameId;
            item.existingId = e.id;
            break;
        }
        if (e.name.compare(item.profile.name, Qt::CaseInsensitive) == 0) {
            item.conflict = Conflict::SameName;
            item.existingId = e.id;
        }
    }
}
} // namespace

QList<PlanItem> plan(const QList<Profile>& incoming, const QList<Profile>& existing)
{
    QList<PlanItem> items;
    for (const Profile& p : incoming) {
        PlanItem item;
        item.profile = p;
        item.fileName = p.name;
        item.recipients = recipients(p);
        findConflict(item, existing);
        item.resolution = item.conflict == Conflict::None ? Resolution::Import : Resolution::Rename;
        items.append(item);
    }
    return items;
}

QString nameProblem(const QList<PlanItem>& items, qsizetype index, const QString& name, const QList<Profile>& existing)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("A profile needs a name.");
    if (index < 0 || index >= items.size())
        return QStringLiteral("There is no such profile in the import.");
    if (trimmed.size() > kMaxNameLength)
        return QStringLiteral("The name is longer than %1 characters.").arg(kMaxNameLength);
    if (std::any_of(trimmed.cbegin(), trimmed.cend(), [](QChar c) { return c.category() == QChar::Other_Control; }))
        return QStringLiteral("A profile name cannot contain control characters (such as a line break).");
    const PlanItem& item = items.at(index);
    const bool fileName = trimmed.compare(item.fileName.trimmed(), Qt::CaseInsensitive) == 0;
    for (const Profile& e : existing) {
        if (!fileName && e.name.compare(trimmed, Qt::CaseInsensitive) == 0)
            return QStringLiteral("A profile named “%1” exists already: choose another name.").arg(e.name);
    }
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i != index && items.at(i).resolution != Resolution::Skip
            && items.at(i).profile.name.compare(trimmed, Qt::CaseInsensitive) == 0)
            return QStringLiteral("Another profile of this import is named “%1”: choose another name.")
                .arg(items.at(i).profile.name);
    }
    return {};
}

void renameItem(QList<PlanItem>& items, qsizetype index, const QString& name, const QList<Profile>& existing)
{
    if (index < 0 || index >= items.size())
        return;
    PlanItem& item = items[index];
    const Conflict before = item.conflict;
    item.profile.name = name.trimmed();
    item.renamed = item.profile.name != item.fileName;
    findConflict(item, existing);
    if (item.resolution == Resolution::Skip || item.conflict == before)
        return;
    item.resolution = item.conflict == Conflict::None ? Resolution::Import : Resolution::Rename;
}

QList<Profile> resolve(const QList<PlanItem>& items, const QList<Profile>& existing, QStringList* replacedIds)
{
    QList<Profile> out;
    QStringList names;
    for (const Profile& e : existing)
        names.append(e.name);
    for (const PlanItem& item : items) {
        Profile p = item.profile;
        // Importing next to a profile with the same id would overwrite it: that is Replace, asked explicitly.
        const Resolution resolution = item.resolution == Resolution::Import && item.conflict == Conflict::SameId
            ? Resolution::Rename
            : item.resolution;
        switch (resolution) {
        case Resolution::Skip:
            continue;
        case Resolution::Replace:
            if (!item.existingId.isEmpty()) {
                p.id = item.existingId;
                replacedIds->append(item.existingId);
            }
            break;
        case Resolution::Rename: {
            p.id = ProfileJson::newId();
            if (item.renamed && !names.contains(p.name, Qt::CaseInsensitive))
                break; // the user's own name for the copy
            QString name = p.name + QStringLiteral(" (imported)");
            for (int n = 2; names.contains(name, Qt::CaseInsensitive); ++n)
                name = p.name + QStringLiteral(" (imported %1)").arg(n);
            p.name = name;
            break;
        }
        case Resolution::Import:
            break;
        }
        names.append(p.name);
        out.append(p);
    }
    return out;
}

} // namespace Authlens::Profiles::ShareFile
