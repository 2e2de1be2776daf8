# CPack: a Debian package of whatever this build installs.
#   cpack --config <build>/CPackConfig.cmake -G DEB -B <output folder>
# Without the GUI (AUTHLENS_BUILD_GUI=OFF) the package is authlens-cli, holding only the command-line tool.

if(AUTHLENS_BUILD_GUI)
    set(CPACK_PACKAGE_NAME authlens)
    set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "HTTP authentication debugger")
else()
    set(CPACK_PACKAGE_NAME authlens-cli)
    set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "HTTP authentication debugger (command-line tool)")
    set(CPACK_DEBIAN_PACKAGE_CONFLICTS authlens) # both ship /usr/bin/authlens-cli
endif()

set(CPACK_PACKAGE_VENDOR "Authlens developers")
set(CPACK_PACKAGE_CONTACT "Authlens developers <maintainers@authlens.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_HOMEPAGE_URL ${PROJECT_HOMEPAGE_URL})
set(CPACK_PACKAGE_DESCRIPTION [=[Authlens sends HTTP requests with the credentials of a profile and, when the server
answers 401, 403 or 407, explains what the answer means and what to check next. Every
redirect hop is recorded with the headers really sent and the credentials withheld, and
why: secrets go only to the origins their profile allows. authlens-cli runs the same
engine headless and prints JSON; both include a demo API on 127.0.0.1.]=])
# Debian wants the licence as /usr/share/doc/<package>/copyright.
if(EXISTS ${PROJECT_SOURCE_DIR}/LICENSE)
    set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
    install(FILES ${PROJECT_SOURCE_DIR}/LICENSE
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${CPACK_PACKAGE_NAME} RENAME copyright COMPONENT data)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # <name>_<version>-<release>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${CPACK_PACKAGE_CONTACT})
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${PROJECT_HOMEPAGE_URL})
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# dpkg-shlibdeps finds the Qt, QtKeychain and OpenSSL libraries the binaries link. QtKeychain loads
# libsecret with dlopen(), which shlibdeps cannot see: without it every keychain call fails.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libsecret-1-0")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager")
if(AUTHLENS_BUILD_GUI)
    # The Qt plugin for native Wayland windows; without it the GUI runs through XWayland.
    set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qt6-wayland")
endif()

# Source tarballs (cpack --config CPackSourceConfig.cmake) leave out build trees and VCS data.
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/\\\\.cache/" "\\\\.user$")

include(CPack)
