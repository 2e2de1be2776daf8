#pragma once

#include "profiles/Profile.h"

#include <QList>

namespace Authlens::Demo {

class DemoServer;

/// The demo profiles of a running DemoServer (DemoServer::profiles()): one per auth method, plus
/// deliberately broken ones that show a 401 and its explanation.
QList<Profiles::Profile> demoProfiles(const DemoServer& server);

} // namespace Authlens::Demo
