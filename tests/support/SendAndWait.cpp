#include "SendAndWait.h"

#include <QSignalSpy>

namespace Authlens::Test {

Http::Exchange sendAndWait(Http::HttpClient& client, const Http::RequestSpec& spec, int timeoutMs)
{
    QSignalSpy spy(&client, &Http::HttpClient::finished);
    client.send(spec);
    if (!spy.wait(timeoutMs))
        return {};
    return spy.takeFirst().at(0).value<Http::Exchange>();
}

} // namespace Authlens::Test
