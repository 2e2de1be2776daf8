#pragma once

#include "demo/DemoRequest.h"
#include "demo/DemoResponse.h"

#include <QDateTime>

#include <functional>

namespace Authlens::Demo {

/// An IAM-protected resource as Amazon API Gateway serves one (region us-east-1, service execute-api): it
/// recomputes each request's AWS Signature Version 4 and refuses with API Gateway's own answers, so every
/// refusal the diagnosis explains can be produced on 127.0.0.1 (docs: AwsRules.cpp). Two demo identities:
/// long-term keys, and temporary ones (ASIA…) that need their session token.
class DemoAws
{
public:
    using Clock = std::function<QDateTime()>;
    explicit DemoAws(Clock clock);

    static QString accessKeyId(); ///< long-term demo key: "AKIAAUTHLENSDEMO0001"
    static QString secretAccessKey();
    static QString temporaryAccessKeyId(); ///< "ASIAAUTHLENSDEMO0002", with sessionToken()
    static QString temporarySecretAccessKey();
    static QString sessionToken();
    static QString region(); ///< "us-east-1"
    static QString service(); ///< "execute-api"
    static constexpr qint64 kMaxSkewSeconds = 5 * 60;

    DemoResponse handle(const DemoRequest& request) const;

private:
    Clock m_clock;
};

} // namespace Authlens::Demo
