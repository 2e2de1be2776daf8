#include "profiles/formats/ImportSeal.h"

#include "http/Redaction.h"
#include "http/RequestSpec.h"
#include "profiles/ProfileJson.h"
#include "profiles/TokenScanner.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <utility>

namespace Authlens::Formats {

using Profiles::Profile;
using Profiles::SavedRequest;
using Profiles::Variable;

namespace {

QString maskedPreview(QStringView value)
{
    return value.size() <= 8 ? QStringLiteral("…") : value.left(4).toString() + QStringLiteral("…");
}

/// True when [offset, offset + length) of `text` lies inside a `{{reference}}`.
bool insideReference(QStringView text, qsizetype offset, qsizetype length)
{
    const qsizetype open = text.lastIndexOf(u"{{", offset + 1);
    if (open < 0)
        return false;
    const qsizetype close = text.indexOf(u"}}", open + 2);
    return close >= 0 && close + 2 >= offset + length;
}

/// One profile's secrets being sealed: the variables it gets and the report entries.
class Sealer
{
public:
    Sealer(Profile& profile, qsizetype profileIndex, ImportResult& result)
        : m_profile(profile)
        , m_index(profileIndex)
        , m_result(result)
        , m_policy(Auth::secretPolicyFor(profile.auth))
    {
        for (const Variable& v : std::as_const(profile.variables)) {
            if (v.secret)
                m_byValue.insert(Auth::secretVariable(profile.sessionSecrets, v.name), v.name);
        }
        // The values the import already keeps as secrets: a copy of one elsewhere is the same secret.
        for (Auth::SecretField field : Auth::allSecretFields()) {
            if (field == Auth::SecretField::Variables || field == Auth::SecretField::Cookies)
                continue;
            const QString value = Auth::secretValue(profile.sessionSecrets, field);
            if (value.size() >= kMinCopyLength)
                m_known.append(value);
        }
        for (const QString& pair : profile.sessionSecrets.cookies.split(u';', Qt::SkipEmptyParts)) {
            const QString value = pair.section(u'=', 1).trimmed();
            if (value.size() >= kMinCopyLength)
                m_known.append(value);
        }
    }

    void sealAuth()
    {
        for (Auth::SecretField field : Auth::allSecretFields()) {
            if (field == Auth::SecretField::Variables)
                continue;
            const QString value = Auth::secretValue(m_profile.sessionSecrets, field);
            if (!value.isEmpty())
                report(importSecretLabel(m_profile.auth, field), QStringLiteral("authentication"), value,
                       baseOrigins());
        }
        // Stripe documents the secret key as the Basic user name with an empty password
        // (https://docs.stripe.com/api/authentication: `curl … -u sk_test_…:`).
        Auth::AuthSettings& auth = m_profile.auth;
        if ((auth.method == Auth::Method::Basic || auth.method == Auth::Method::Digest) && !auth.username.isEmpty()
            && !auth.username.contains(u"{{")) {
            const QList<Profiles::TokenHit> hits = Profiles::findTokenLikeValues(auth.username);
            if (!hits.isEmpty() && hits.first().length == auth.username.size())
                auth.username
                    = reference(auth.username, QStringLiteral("basic_user"),
                                QStringLiteral("authentication, user name (%1)").arg(hits.first().kind), baseOrigins());
        }
    }

    void sealVariables()
    {
        for (qsizetype i = 0; i < m_profile.variables.size(); ++i) {
            Variable& v = m_profile.variables[i];
            if (v.secret) {
                // Made secret by the importer (a Postman secret variable, a request's own password): reported.
                const QString value = Auth::secretVariable(m_profile.sessionSecrets, v.name);
                if (!value.isEmpty())
                    report(QStringLiteral("secret variable {{%1}}").arg(v.name),
                           QStringLiteral("variable %1").arg(v.name), value, baseOrigins());
                continue;
            }
            if (v.value.isEmpty() || v.value.contains(u"{{"))
                continue;
            const bool byName = m_policy.isSecretName(v.name);
            const QList<Profiles::TokenHit> hits = Profiles::findTokenLikeValues(v.value);
            if (!byName && hits.isEmpty() && !isKnownCopy(v.value))
                continue;
            const QString value = v.value;
            v.value.clear();
            v.secret = true;
            if (!m_byValue.contains(value))
                m_byValue.insert(value, v.name);
            Auth::setSecretVariable(m_profile.sessionSecrets, v.name, value);
            report(QStringLiteral("secret variable {{%1}}").arg(v.name), QStringLiteral("variable %1").arg(v.name),
                   value, baseOrigins());
        }
    }

    void sealRequest(SavedRequest& request)
    {
        const QString where = QStringLiteral("request “%1”").arg(request.name);
        const QStringList origins = originsFor(request);
        // URL: named query values first, then whatever still looks like a token.
        QString url = request.url;
        const QByteArray urlBytes = url.toUtf8();
        const QList<Http::SecretSpan> querySpans = Http::findSecretQueryValues(urlBytes, m_policy);
        QByteArray sealedUrl = urlBytes;
        for (qsizetype i = querySpans.size() - 1; i >= 0; --i) {
            const Http::SecretSpan& span = querySpans.at(i);
            const QString value = QString::fromUtf8(urlBytes.mid(span.offset, span.length));
            if (value.trimmed().isEmpty() || value.contains(u"{{"))
                continue;
            sealedUrl.replace(
                span.offset, span.length,
                reference(value, span.name, where + QStringLiteral(", query parameter ") + span.name, origins)
                    .toUtf8());
        }
        url = QString::fromUtf8(sealedUrl);
        // A secret the import keeps elsewhere, repeated in the URL (httpbin's /digest-auth/auth/user/passwd
        // carries the Digest password in its path).
        for (const QString& known : std::as_const(m_known)) {
            for (qsizetype at = url.indexOf(known); at >= 0; at = url.indexOf(known, at + 1)) {
                if (insideReference(url, at, known.size()))
                    continue;
                url.replace(at, known.size(),
                            reference(known, QStringLiteral("url_secret"),
                                      where + QStringLiteral(", URL (a copy of a secret)"), origins));
            }
        }
        url = sealTokens(url, QStringLiteral("url_token"), where + QStringLiteral(", URL"), origins);
        request.url = url;

        for (Http::Header& header : request.headers) {
            const QString name = QString::fromLatin1(header.first);
            const QString value = QString::fromUtf8(header.second);
            const QString source = where + QStringLiteral(", header ") + name;
            if (value.trimmed().isEmpty() || value.contains(u"{{"))
                continue;
            if (header.first.compare("Content-Type", Qt::CaseInsensitive) == 0)
                continue; // a media type and its parameters (a multipart boundary), never a credential
            if (m_policy.isSecretHeader(header.first) || isKnownCopy(value))
                header.second = reference(value, name, source, origins).toUtf8();
            else
                header.second = sealTokens(value, name, source, origins).toUtf8();
        }

        if (!request.body.isEmpty()) {
            const QByteArray type = request.contentType.isEmpty() ? Http::headerValue(request.headers, "Content-Type")
                                                                  : request.contentType.toUtf8();
            QByteArray body = request.body;
            const QList<Http::SecretSpan> fields = Http::findSecretFields(body, type, m_policy);
            for (qsizetype i = fields.size() - 1; i >= 0; --i) {
                const Http::SecretSpan& span = fields.at(i);
                const QString value = QString::fromUtf8(body.mid(span.offset, span.length));
                if (value.trimmed().isEmpty() || value.contains(u"{{"))
                    continue;
                body.replace(
                    span.offset, span.length,
                    reference(value, span.name, where + QStringLiteral(", body field ") + span.name, origins).toUtf8());
            }
            // A multipart boundary is framing, random by design (a browser's ----WebKitFormBoundary…, ours
            // derived from a hash): never a secret.
            request.body
                = sealTokens(QString::fromUtf8(body), QStringLiteral("body_token"), where + QStringLiteral(", body"),
                             origins, QString::fromUtf8(Http::multipartBoundary(type)))
                      .toUtf8();
        }
    }

    /// Request names are made from method and URL by the importers, so they repeat what the URL held; with the
    /// values sealed there, the names (and the report's sources that quote them) get the same references.
    void scrubNames()
    {
        auto scrub = [this](QString& text) {
            // Only what looks like a secret wherever it stands: a body field named "code" holding
            // "ADMINISTRATION" is sealed as a precaution, but a request named after it keeps its name.
            for (auto it = m_byValue.cbegin(); it != m_byValue.cend(); ++it) {
                if (it.key().size() >= kMinCopyLength
                    && (m_known.contains(it.key()) || !Profiles::findTokenLikeValues(it.key()).isEmpty()))
                    text.replace(it.key(), QStringLiteral("{{%1}}").arg(it.value()));
            }
            for (const QString& known : std::as_const(m_known))
                text.replace(known, QStringLiteral("…"));
        };
        for (SavedRequest& request : m_profile.requests)
            scrub(request.name);
        for (KeychainEntry& entry : m_result.keychain) {
            if (entry.profileIndex == m_index)
                scrub(entry.source);
        }
    }

    /// A second credential next to the auth method: kept, as a header (or query parameter) every saved
    /// request of the profile sends with a secret variable's value.
    void keepExtra(const Http::Credential& credential)
    {
        const QString name = QString::fromLatin1(credential.name);
        const QString value = QString::fromUtf8(credential.value);
        if (value.isEmpty())
            return;
        if (name.compare(u"Cookie", Qt::CaseInsensitive) == 0) {
            // The profile's cookie field sends it with every request to its origins.
            QString& cookies = m_profile.sessionSecrets.cookies;
            cookies = cookies.isEmpty() ? value : cookies + QStringLiteral("; ") + value;
            report(Auth::secretFieldLabel(Auth::SecretField::Cookies), QStringLiteral("Cookie header"), value,
                   baseOrigins());
            return;
        }
        const QString ref = reference(value, name, credential.label.isEmpty() ? name : credential.label, baseOrigins());
        for (SavedRequest& request : m_profile.requests) {
            if (credential.place == Http::Credential::Place::Query) {
                if (!request.url.contains(name + u'='))
                    request.url += (request.url.contains(u'?') ? u'&' : u'?') + name + u'=' + ref;
            } else if (!Http::hasHeader(request.headers, credential.name)) {
                request.headers.append({credential.name, ref.toUtf8()});
            }
        }
    }

private:
    static constexpr qsizetype kMinCopyLength = 8;

    bool isKnownCopy(const QString& value) const
    {
        return std::any_of(m_known.cbegin(), m_known.cend(),
                           [&value](const QString& known) { return value.contains(known); });
    }

    QStringList baseOrigins() const
    {
        QStringList out;
        const Http::Origin base = Http::Origin::fromUrl(QUrl(m_profile.baseUrl));
        if (base.isValid())
            out.append(base.toString());
        for (const Http::Origin& o : m_profile.allowedOrigins) {
            if (!out.contains(o.toString()))
                out.append(o.toString());
        }
        return out;
    }

    QStringList originsFor(const SavedRequest& request) const
    {
        QStringList out = baseOrigins();
        const Http::Origin own = Http::Origin::fromUrl(m_profile.resolve(m_profile.substitute(request.url)));
        if (own.isValid() && !out.contains(own.toString()))
            out.append(own.toString());
        return out;
    }

    /// Token-like values still in `text` (outside references) become secret variables named `hint`; a value
    /// that is part of `notSecret` (or holds it) is left alone.
    QString sealTokens(const QString& text, const QString& hint, const QString& source, const QStringList& origins,
                       const QString& notSecret = {})
    {
        QList<Profiles::TokenHit> hits = Profiles::findTokenLikeValues(text);
        hits.removeIf([&](const Profiles::TokenHit& h) {
            if (insideReference(text, h.offset, h.length))
                return true;
            const QStringView found = QStringView(text).mid(h.offset, h.length);
            return !notSecret.isEmpty() && (found.contains(notSecret) || notSecret.contains(found));
        });
        QString out = text;
        for (qsizetype i = hits.size() - 1; i >= 0; --i) {
            const Profiles::TokenHit& hit = hits.at(i);
            out.replace(hit.offset, hit.length,
                        reference(text.mid(hit.offset, hit.length), hint,
                                  source + QStringLiteral(" (%1)").arg(hit.kind), origins));
        }
        return out;
    }

    /// The `{{name}}` of the secret variable holding `value`: the one that has it already, or a new one
    /// named after `hint` ("X-CSRF-Token" → x_csrf_token), unique in the profile.
    QString reference(const QString& value, const QString& hint, const QString& source, const QStringList& origins)
    {
        auto known = m_byValue.constFind(value);
        if (known == m_byValue.cend()) {
            const QString name = addSecretVariable(m_profile, hint, value);
            known = m_byValue.insert(value, name);
            report(QStringLiteral("secret variable {{%1}}").arg(name), source, value, origins);
        } else {
            // The same secret again: one variable, and the report names every place it was found.
            const QString field = QStringLiteral("secret variable {{%1}}").arg(known.value());
            for (KeychainEntry& entry : m_result.keychain) {
                if (entry.profileIndex == m_index && entry.field == field && !entry.source.contains(source)) {
                    entry.source += QStringLiteral("; ") + source;
                    for (const QString& o : origins) {
                        if (!entry.origins.contains(o))
                            entry.origins.append(o);
                    }
                }
            }
        }
        return QStringLiteral("{{%1}}").arg(known.value());
    }

    void report(const QString& field, const QString& source, const QString& value, const QStringList& origins)
    {
        m_result.keychain.append({m_index, field, source, maskedPreview(value), origins});
    }

    Profile& m_profile;
    qsizetype m_index;
    ImportResult& m_result;
    Http::SecretPolicy m_policy;
    QHash<QString, QString> m_byValue; ///< secret value → the variable holding it
    QStringList m_known;
};

} // namespace

QString addSecretVariable(Profile& profile, const QString& hint, const QString& value)
{
    static const QRegularExpression notWord(QStringLiteral("[^a-z0-9_]+"));
    static const QRegularExpression edges(QStringLiteral("^_+|_+$"));
    QString base = hint.toLower().replace(notWord, QStringLiteral("_")).remove(edges);
    if (base.isEmpty())
        base = QStringLiteral("secret");
    const auto taken = [&profile](const QString& name) {
        return std::any_of(profile.variables.cbegin(), profile.variables.cend(),
                           [&name](const Variable& v) { return v.name == name; });
    };
    QString name = base;
    for (int n = 2; taken(name); ++n)
        name = base + u'_' + QString::number(n);
    profile.variables.append({name, QString(), true});
    Auth::setSecretVariable(profile.sessionSecrets, name, value);
    return name;
}

void sealImport(ImportResult& result)
{
    if (!result.ok())
        return;
    for (qsizetype i = 0; i < result.profiles.size(); ++i) {
        Sealer sealer(result.profiles[i], i, result);
        sealer.sealAuth();
        sealer.sealVariables();
        for (SavedRequest& request : result.profiles[i].requests)
            sealer.sealRequest(request);
        sealer.scrubNames();
    }
    // Second credentials are kept now that saved requests can carry a secret of their own.
    for (const ExtraCredential& extra : std::as_const(result.extraCredentials)) {
        if (extra.profileIndex >= 0 && extra.profileIndex < result.profiles.size()) {
            Sealer sealer(result.profiles[extra.profileIndex], extra.profileIndex, result);
            sealer.keepExtra(extra.credential);
            sealer.scrubNames();
        }
    }
    result.extraCredentials.clear();
}

namespace {

/// The profile as the store reads it back from its file, or the store's error.
std::optional<Profile> storedForm(const Profile& profile, QString* error)
{
    Profile p = profile;
    // What ProfileRepository adds before the file is written.
    if (p.id.isEmpty())
        p.id = QStringLiteral("import-check");
    if (p.name.trimmed().isEmpty())
        p.name = QStringLiteral("Imported");
    std::optional<Profile> back = Profiles::ProfileJson::fromJson(Profiles::ProfileJson::toJson(p),
                                                                  Profiles::ProfileJson::kSchemaVersion, error);
    if (back) {
        back->id = profile.id;
        back->name = profile.name;
        back->sessionSecrets = profile.sessionSecrets;
    }
    return back;
}

/// A saved request `request` of profile `index` was left out: the keychain report no longer names it as a source, and
/// a secret variable only it used is not kept either (it would be listed as kept next to "was not imported", and sit
/// in the keychain for nothing). Returns the names of the secret variables dropped.
QStringList forgetRequest(ImportResult& result, qsizetype index, const SavedRequest& request)
{
    Profile& profile = result.profiles[index];
    // Another request of the same name is still there: its sources are the same words.
    if (std::any_of(profile.requests.cbegin(), profile.requests.cend(),
                    [&request](const SavedRequest& r) { return r.name == request.name; }))
        return {};
    // The origin the left-out request went to, if nothing else of the profile goes there: no secret is sent there.
    const auto originOf = [&profile](const QString& url) {
        return Http::Origin::fromUrl(profile.resolve(profile.substitute(url))).toString();
    };
    QString goneOrigin = originOf(request.url);
    const Http::Origin base = Http::Origin::fromUrl(QUrl(profile.baseUrl));
    if ((base.isValid() && base.toString() == goneOrigin)
        || std::any_of(profile.allowedOrigins.cbegin(), profile.allowedOrigins.cend(),
                       [&goneOrigin](const Http::Origin& o) { return o.toString() == goneOrigin; })
        || std::any_of(profile.requests.cbegin(), profile.requests.cend(),
                       [&](const SavedRequest& r) { return originOf(r.url) == goneOrigin; }))
        goneOrigin.clear();
    static const QRegularExpression secretVariable(QStringLiteral("^secret variable \\{\\{([^{}]+)\\}\\}$"));
    const QString source = QStringLiteral("request “%1”").arg(request.name);
    const QString json = QString::fromUtf8(QJsonDocument(Profiles::ProfileJson::toJson(profile)).toJson());
    QStringList dropped;
    for (qsizetype e = result.keychain.size() - 1; e >= 0; --e) {
        KeychainEntry& entry = result.keychain[e];
        if (entry.profileIndex != index)
            continue;
        if (!goneOrigin.isEmpty())
            entry.origins.removeAll(goneOrigin);
        QStringList parts = entry.source.split(QStringLiteral("; "));
        const qsizetype before = parts.size();
        parts.removeIf([&source](const QString& part) { return part.startsWith(source); });
        if (parts.size() == before)
            continue;
        if (!parts.isEmpty()) {
            entry.source = parts.join(QStringLiteral("; "));
            continue;
        }
        const QRegularExpressionMatch m = secretVariable.match(entry.field);
        const QString name = m.captured(1);
        // A field of the auth method, or a variable the rest of the profile still uses: kept, as reported.
        if (!m.hasMatch() || json.contains(QStringLiteral("{{%1}}").arg(name)))
            continue;
        profile.variables.removeIf([&name](const Variable& v) { return v.secret && v.name == name; });
        Auth::setSecretVariable(profile.sessionSecrets, name, {});
        result.keychain.removeAt(e);
        dropped.prepend(QStringLiteral("{{%1}}").arg(name));
    }
    return dropped;
}

} // namespace

void makeStorable(ImportResult& result)
{
    if (!result.ok())
        return;
    for (qsizetype index = 0; index < result.profiles.size(); ++index) {
        Profile& profile = result.profiles[index];
        QString error;
        if (storedForm(profile, &error))
            continue;
        // URL settings of the profile itself: cleared, with the value named, so the rest can be used.
        auto clearBadUrl = [&](QString& value, const QString& what) {
            if (!value.isEmpty() && !value.contains(u"{{") && !Http::isHttpUrl(QUrl(value, QUrl::TolerantMode))) {
                result.warnings.append(QStringLiteral("The %1 of “%2” was left empty: “%3” is not an http(s) URL.")
                                           .arg(what, profile.name, value.left(80)));
                value.clear();
            }
        };
        clearBadUrl(profile.baseUrl, QStringLiteral("base URL"));
        clearBadUrl(profile.auth.oauth.tokenEndpoint, QStringLiteral("token endpoint"));
        clearBadUrl(profile.auth.oauth.authorizationEndpoint, QStringLiteral("authorization endpoint"));
        clearBadUrl(profile.auth.oauth.deviceAuthorizationEndpoint, QStringLiteral("device authorization endpoint"));
        // Then one saved request at a time: those the store refuses are left out, by name. (When the profile
        // itself is refused, its requests are not to blame.)
        Profile withoutRequests = profile;
        withoutRequests.requests.clear();
        if (!storedForm(withoutRequests, nullptr))
            continue;
        QList<SavedRequest> kept;
        QList<std::pair<SavedRequest, QString>> leftOut;
        for (const SavedRequest& request : std::as_const(profile.requests)) {
            Profile alone = withoutRequests;
            alone.requests = {request};
            QString why;
            if (storedForm(alone, &why))
                kept.append(request);
            else
                leftOut.append({request, why.section(QStringLiteral(": "), 1)});
        }
        profile.requests = kept;
        for (const auto& out : std::as_const(leftOut)) {
            QString warning = QStringLiteral("Request “%1” of “%2” was not imported: %3")
                                  .arg(out.first.name, profile.name, out.second);
            if (const QStringList dropped = forgetRequest(result, index, out.first); !dropped.isEmpty())
                warning += QStringLiteral("%1 The secrets only it used were not kept either: %2.")
                               .arg(warning.endsWith(u'.') ? QString() : QStringLiteral("."),
                                    dropped.join(QStringLiteral(", ")));
            result.warnings.append(warning);
        }
    }
    // Two profiles of one import never share a name (a HAR with two ports of one host): the later ones get
    // " (2)", " (3)", said in a warning, so `profiles show NAME` and the sidebar tell them apart.
    QSet<QString> names;
    for (Profile& profile : result.profiles) {
        const QString base = profile.name;
        for (int n = 2; names.contains(profile.name.toLower()); ++n)
            profile.name = QStringLiteral("%1 (%2)").arg(base).arg(n);
        if (profile.name != base)
            result.warnings.append(
                QStringLiteral("Two profiles would be named “%1”; this one is “%2”.").arg(base, profile.name));
        names.insert(profile.name.toLower());
    }
    // All or nothing: what is still refused stops the import before anything is written.
    for (Profile& profile : result.profiles) {
        QString error;
        std::optional<Profile> stored = storedForm(profile, &error);
        if (!stored) {
            result.error = QStringLiteral("Profile “%1” could not be stored, so nothing was imported: %2")
                               .arg(profile.name, error);
            result.profiles.clear();
            result.keychain.clear();
            result.extraCredentials.clear();
            return;
        }
        profile = *stored; // exactly what the store will read back
    }
}

} // namespace Authlens::Formats
