#include "SetupCommand.h"

#include "CliCommon.h"
#include "CliWorkspace.h"
#include "CommandRunner.h"
#include "ExchangeJson.h"
#include "FindingsText.h"
#include "http/HttpClient.h"
#include "http/SecretPolicy.h"
#include "profiles/ProfileConnection.h"
#include "workspace/OAuthSetup.h"

#include <QCommandLineParser>
#include <QJsonArray>

#include <memory>

namespace Authlens::Cli {

using namespace Qt::StringLiterals;
using Workspace::OAuthProposal;
using Workspace::OAuthSetup;
using Workspace::OAuthSetupOutcome;

namespace {

QJsonObject stepJson(const QString& title, const Http::Exchange& exchange, const QList<Diagnosis::Finding>& findings)
{
    ExchangeOutputOptions options;
    const QJsonObject json = exchangeToJson(exchange, Http::SecretPolicy::standard(), options);
    return {{u"title"_s, title},
            {u"hops"_s, json.value(u"hops")},
            {u"error"_s, json.value(u"error")},
            {u"findings"_s, findingsJson(findings)}};
}

} // namespace

int runSetup(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Set up a profile's OAuth 2 settings from an API's 401: its RFC 9728 resource_metadata, then the "
        "authorization server's RFC 8414 metadata. Prints the proposal; --apply saves it into the profile."));
    parser.addPositionalArgument(QStringLiteral("setup"), QStringLiteral("the command"));
    const QCommandLineOption profileOpt(QStringLiteral("profile"), QStringLiteral("The stored profile (name or id)."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption urlOpt(QStringLiteral("url"),
                                    QStringLiteral("A URL of the API that answers 401 with resource_metadata."),
                                    QStringLiteral("URL"));
    const QCommandLineOption clientOpt(QStringLiteral("client-id"),
                                       QStringLiteral("The client registered at the authorization server."),
                                       QStringLiteral("ID"));
    const QCommandLineOption applyOpt(QStringLiteral("apply"),
                                      QStringLiteral("Save every proposed change into the profile."));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("JSON output (default when piped)."));
    const QCommandLineOption textOpt(QStringLiteral("text"),
                                     QStringLiteral("Readable output (default on a terminal)."));
    parser.addOptions({profileOpt, urlOpt, clientOpt, applyOpt, jsonOpt, textOpt});
    if (const std::optional<int> code = parseArguments(parser, arguments))
        return *code;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(profileOpt) || !parser.isSet(urlOpt)) {
        printError(QStringLiteral("setup needs --profile NAME and --url URL (see authlens-cli setup --help)"));
        return ExitUsage;
    }
    const QUrl url(parser.value(urlOpt), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"http" && scheme != u"https")) {
        printError(QStringLiteral("--url must be an http(s) URL"));
        return ExitUsage;
    }

    CliWorkspace workspace;
    std::optional<Profiles::Profile> profile;
    Http::Exchange challenged;
    OAuthSetupOutcome outcome;
    bool applied = false;
    QString problem;
    auto client = std::make_unique<Http::HttpClient>();
    auto setup = std::make_unique<OAuthSetup>();
    QObject context;
    const QString name = parser.value(profileOpt);
    const int started = runAsync([&](const Finish& finish) {
        workspace.withStoredProfile(
            name, &context, [&, finish](const std::optional<Profiles::Profile>& stored, const Workspace::Error& error) {
                if (error.isError()) {
                    printError(error.message);
                    finish(Workspace::exitCodeFor(error));
                    return;
                }
                if (!stored) {
                    printError(
                        QStringLiteral("no stored profile named \"%1\" (see `authlens-cli profiles list`)").arg(name));
                    finish(ExitBadInput);
                    return;
                }
                profile = stored;
                // The 401 first: the profile's proxy and trust, no credential (RFC 9728 §5.1 names the
                // metadata in the challenge of an unauthenticated request).
                Http::RequestSpec spec;
                spec.url = url;
                QString connectionError;
                if (!Profiles::applyConnection(*profile, profile->sessionSecrets, spec, &connectionError)) {
                    printError(connectionError);
                    finish(ExitBadInput);
                    return;
                }
                spec.sendJarCookies = false;
                QObject::connect(
                    client.get(), &Http::HttpClient::finished, &context, [&, finish](const Http::Exchange& exchange) {
                        challenged = exchange;
                        const std::optional<OAuthSetup::Request> request = OAuthSetup::requestFor(*profile, exchange);
                        if (!request) {
                            problem = exchange.hasResponse()
                                ? QStringLiteral("%1 did not answer 401 with a resource_metadata "
                                                 "(RFC 9728 §5.1): nothing to set up from")
                                      .arg(url.toDisplayString(QUrl::RemoveUserInfo))
                                : QStringLiteral("GET %1: %2")
                                      .arg(url.toDisplayString(QUrl::RemoveUserInfo), exchange.error.message);
                            finish(exchange.hasResponse() ? ExitBadInput : ExitNetwork);
                            return;
                        }
                        setup->run(*request, &context, [&, finish](const OAuthSetupOutcome& o) {
                            outcome = o;
                            if (!o.ok || !parser.isSet(applyOpt)) {
                                finish(ExitDone);
                                return;
                            }
                            QStringList keys;
                            for (const OAuthProposal::Field& f : o.proposal.fields(*profile)) {
                                if (f.differs && !f.proposed.isEmpty())
                                    keys.append(f.key);
                            }
                            const Profiles::Profile changed
                                = o.proposal.applied(*profile, keys, parser.value(clientOpt));
                            workspace.repository().save(
                                changed, &context, [&, finish, changed](const QString&, const Workspace::Error& e) {
                                    if (e.isError()) {
                                        printError(QStringLiteral("not saved: %1").arg(e.message));
                                        finish(Workspace::exitCodeFor(e));
                                        return;
                                    }
                                    applied = true;
                                    finish(ExitDone);
                                });
                        });
                    });
                client->send(spec);
            });
    });
    if (!problem.isEmpty()) {
        printError(problem);
        return started;
    }
    if (started != ExitDone)
        return started;

    const QList<OAuthProposal::Field> fields
        = outcome.ok ? outcome.proposal.fields(*profile) : QList<OAuthProposal::Field>();
    if (outputMode(parser.isSet(jsonOpt), parser.isSet(textOpt)) == OutputMode::Json) {
        QJsonArray fieldsJson;
        for (const OAuthProposal::Field& f : fields)
            fieldsJson.append(QJsonObject {{u"key"_s, f.key},
                                           {u"label"_s, f.label},
                                           {u"current"_s, f.current},
                                           {u"proposed"_s, f.proposed},
                                           {u"source"_s, f.source},
                                           {u"differs"_s, f.differs}});
        QJsonArray steps;
        for (const Workspace::TokenStep& step : outcome.transcript)
            steps.append(stepJson(step.title, step.exchange, step.findings));
        const OAuthProposal& p = outcome.proposal;
        printJson({{u"profile_name"_s, profile->name},
                   {u"ok"_s, outcome.ok},
                   {u"error"_s,
                    outcome.error.isError()
                        ? QJsonValue(QJsonObject {{u"kind"_s, Workspace::errorKindName(outcome.error.kind)},
                                                  {u"message"_s, outcome.error.message}})
                        : QJsonValue()},
                   {u"challenge"_s, stepJson(QStringLiteral("The API's 401"), challenged, {})},
                   {u"resource_metadata"_s, p.resourceMetadataUrl.toString()},
                   {u"issuer"_s, p.issuer},
                   {u"grant_type"_s, p.grantType},
                   {u"grant_reason"_s, p.grantReason},
                   {u"fields"_s, fieldsJson},
                   {u"steps"_s, steps},
                   {u"findings"_s, findingsJson(outcome.problems)},
                   {u"applied"_s, applied}});
    } else {
        QString text;
        for (const OAuthProposal::Field& f : fields)
            text += QStringLiteral("%1 %2: %3 → %4  (%5)\n")
                        .arg(f.differs ? u'*' : u' ')
                        .arg(f.label, f.current.isEmpty() ? QStringLiteral("—") : f.current,
                             f.proposed.isEmpty() ? QStringLiteral("—") : f.proposed, f.source);
        for (const Workspace::TokenStep& step : outcome.transcript) {
            text += QStringLiteral("── %1\n").arg(step.title);
            for (const Diagnosis::Finding& f : step.findings)
                text += QStringLiteral("   %1 %2: %3\n").arg(Diagnosis::severityName(f.severity), f.code, f.title);
        }
        for (const Diagnosis::Finding& f : outcome.problems)
            text += QStringLiteral("%1 %2: %3\n").arg(Diagnosis::severityName(f.severity), f.code, f.explanation);
        if (applied)
            text += QStringLiteral("Saved into \"%1\".\n").arg(profile->name);
        else if (outcome.ok)
            text += QStringLiteral("Not saved: run again with --apply (and --client-id) to save the changes (*).\n");
        printText(text);
    }
    if (outcome.error.isError())
        printError(QStringLiteral("%1: %2").arg(Workspace::errorKindName(outcome.error.kind), outcome.error.message));
    return Workspace::exitCodeFor(outcome.error);
}

} // namespace Authlens::Cli
