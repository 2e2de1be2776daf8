#include "TokenLabel.h"

#include <array>

namespace Authlens::Jwt {

namespace {

struct PrefixEntry
{
    const char* prefix;
    const char* id;
    const char* vendor;
    const char* name;
    const char* note;
    qsizetype minLength; ///< whole token at least this long (guards against short words sharing a prefix)
    char kind = 0; ///< 'a' an OAuth-style access token, 'r' a refresh token, 0 an API key or other secret
};

// Longest prefixes first where one is a prefix of another (xoxe.xoxp- before xoxe-, sk_live_ before sk_).
// Every entry is a prefix its vendor documents (GitHub "About authentication to GitHub", GitLab "Token
// prefixes", Slack "Token types" and token rotation, AWS IAM "Understanding unique ID prefixes", Stripe
// "API keys", Google "Using OAuth 2.0" / "API keys", npm, PyPI, SendGrid, Shopify access token docs).
constexpr std::array<PrefixEntry, 33> Table {{
    {"github_pat_", "github.pat_fine_grained", "GitHub", "fine-grained personal access token",
     "Sent as \"Authorization: Bearer\" (or \"token\") to api.github.com.", 20, 'a'},
    {"ghp_", "github.pat_classic", "GitHub", "personal access token (classic)",
     "Sent as \"Authorization: Bearer\" (or \"token\") to api.github.com.", 20, 'a'},
    {"gho_", "github.oauth", "GitHub", "OAuth access token", "", 20, 'a'},
    {"ghu_", "github.user_to_server", "GitHub", "GitHub App user access token", "", 20, 'a'},
    {"ghs_", "github.installation", "GitHub", "GitHub App installation access token", "Expires after one hour.", 20,
     'a'},
    {"ghr_", "github.refresh", "GitHub", "GitHub App refresh token", "For the token endpoint only; an API refuses it.",
     20, 'r'},
    {"glpat-", "gitlab.pat", "GitLab", "personal access token",
     "Sent as \"PRIVATE-TOKEN\" header or \"Authorization: Bearer\".", 20, 'a'},
    {"gloas-", "gitlab.oauth_app_secret", "GitLab", "OAuth application secret", "A client secret, not an access token.",
     20},
    {"gldt-", "gitlab.deploy_token", "GitLab", "deploy token", "", 15},
    {"glrt-", "gitlab.runner_token", "GitLab", "runner authentication token", "", 15},
    {"glptt-", "gitlab.pipeline_trigger", "GitLab", "pipeline trigger token", "", 15},
    {"glft-", "gitlab.feed_token", "GitLab", "feed token", "", 15},
    {"xoxe.xoxp-", "slack.user_rotating", "Slack", "user token (token rotation on)", "Expires after 12 hours.", 20,
     'a'},
    {"xoxe.xoxb-", "slack.bot_rotating", "Slack", "bot token (token rotation on)", "Expires after 12 hours.", 20, 'a'},
    {"xoxe-", "slack.refresh", "Slack", "refresh token (token rotation)", "For oauth.v2.access only.", 15, 'r'},
    {"xoxb-", "slack.bot", "Slack", "bot token", "", 15, 'a'},
    {"xoxp-", "slack.user", "Slack", "user token", "", 15, 'a'},
    {"xapp-", "slack.app_level", "Slack", "app-level token", "For Socket Mode connections, not Web API methods.", 15},
    {"xoxa-", "slack.workspace", "Slack", "workspace token (legacy)", "", 15},
    {"AKIA", "aws.access_key_id", "AWS", "access key ID (long-term, IAM user)",
     "Only the public half of a key pair: requests are signed with the secret access key (SigV4), never sent "
     "as a bearer token.",
     20},
    {"ASIA", "aws.temporary_access_key_id", "AWS", "temporary access key ID (STS)",
     "Needs the matching session token (X-Amz-Security-Token) and expires.", 20},
    {"sk_live_", "stripe.secret_live", "Stripe", "secret key (live mode)",
     "Full account access; sent as Basic user name or Bearer token.", 16},
    {"sk_test_", "stripe.secret_test", "Stripe", "secret key (test mode)", "", 16},
    {"rk_live_", "stripe.restricted_live", "Stripe", "restricted key (live mode)", "", 16},
    {"rk_test_", "stripe.restricted_test", "Stripe", "restricted key (test mode)", "", 16},
    {"pk_live_", "stripe.publishable_live", "Stripe", "publishable key (live mode)",
     "Meant for browsers; cannot call most of the API.", 16},
    {"pk_test_", "stripe.publishable_test", "Stripe", "publishable key (test mode)", "", 16},
    {"ya29.", "google.oauth_access", "Google", "OAuth 2.0 access token", "Short-lived (usually one hour).", 20, 'a'},
    {"AIza", "google.api_key", "Google", "API key", "Sent as ?key= or X-Goog-Api-Key, not as a bearer token.", 39},
    {"npm_", "npm.access_token", "npm", "access token", "", 20},
    {"pypi-", "pypi.api_token", "PyPI", "API token", "Used as password with user name __token__.", 20},
    {"SG.", "sendgrid.api_key", "SendGrid", "API key", "", 30},
    {"shpat_", "shopify.admin_access", "Shopify", "Admin API access token", "", 20},
}};

} // namespace

std::optional<TokenLabel> identifyTokenPrefix(QByteArrayView token)
{
    for (const PrefixEntry& entry : Table) {
        const QByteArrayView prefix(entry.prefix);
        if (token.size() < entry.minLength || !token.startsWith(prefix))
            continue;
        // AWS key ids are exactly 20 upper-case letters and digits; anything else merely starts like one.
        if (prefix == "AKIA" || prefix == "ASIA") {
            if (token.size() != 20)
                continue;
            bool ok = true;
            for (const char c : token)
                ok = ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
            if (!ok)
                continue;
        }
        TokenLabel label;
        label.id = QString::fromLatin1(entry.id);
        label.vendor = QString::fromLatin1(entry.vendor);
        label.name = QString::fromLatin1(entry.name);
        label.prefix = QString::fromLatin1(entry.prefix);
        label.note = QString::fromLatin1(entry.note);
        label.kind = entry.kind == 'a' ? TokenKind::Access
            : entry.kind == 'r'        ? TokenKind::Refresh
                                       : TokenKind::Unknown;
        return label;
    }
    return std::nullopt;
}

} // namespace Authlens::Jwt
