#!/usr/bin/env bash
# Packaging checks, one CTest test per command (see CMakeLists.txt beside this file).
#   packaging_test.sh desktop  FILE.desktop
#   packaging_test.sh metainfo FILE.metainfo.xml
#   packaging_test.sh mime     FILE.mime.xml MIME_TYPE GLOB
#   packaging_test.sh deb-build    BUILD_DIR OUT_DIR             cpack -G DEB into OUT_DIR (fixture setup)
#   packaging_test.sh deb-info     OUT_DIR PACKAGE VERSION       control fields of the .deb
#   packaging_test.sh deb-contents OUT_DIR APP_ID                files of the .deb
#   packaging_test.sh deb-run      OUT_DIR APP_ID VERSION        unpack, validate the tree, run both binaries
set -euo pipefail

fail() {
    printf 'FAIL: %s\n' "$*" >&2
    exit 1
}
need() { # need PROGRAM DEBIAN_PACKAGE
    command -v "$1" >/dev/null \
        || fail "$1 not found: install the Debian package $2 (or configure with -DAUTHLENS_BUILD_PACKAGING_TESTS=OFF)"
}
# The one .deb in OUT_DIR.
the_deb() {
    local debs=("$1"/*.deb)
    [ -f "${debs[0]}" ] || fail "no .deb in $1: did the packaging_deb_build test run and pass?"
    [ ${#debs[@]} -eq 1 ] || fail "expected one .deb in $1, found: ${debs[*]}"
    printf '%s\n' "${debs[0]}"
}
# A private temporary folder (safe under ctest -j), removed when the script exits.
make_scratch() {
    SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/authlens-packaging.XXXXXX")
    trap 'rm -rf "$SCRATCH"' EXIT
}

cmd=${1:-}
shift || true
case "$cmd" in
desktop)
    need desktop-file-validate desktop-file-utils
    # Errors fail (exit status); hints such as "more than one main category" are printed only.
    desktop-file-validate "$1"
    echo "OK: $1"
    ;;

metainfo)
    need appstreamcli appstream
    # Fails on errors and warnings; --no-net keeps the URLs unchecked (tests never leave 127.0.0.1).
    appstreamcli validate --no-net --explain "$1"
    ;;

mime)
    need update-mime-database shared-mime-info
    file=$1 type=$2 glob=$3
    make_scratch
    tmp=$SCRATCH
    mkdir -p "$tmp/mime/packages"
    cp "$file" "$tmp/mime/packages/"
    XDG_DATA_HOME=$tmp update-mime-database "$tmp/mime" # rejects malformed XML
    [ -f "$tmp/mime/${type}.xml" ] || fail "update-mime-database produced no $type"
    grep -qxF "50:${type}:${glob}" "$tmp/mime/globs2" || fail "glob $glob is not registered for $type"
    grep -qxF "${type} application/json" "$tmp/mime/subclasses" || fail "$type is not a sub-class of application/json"
    echo "OK: $type, glob $glob, sub-class of application/json"
    ;;

deb-build)
    need cpack cmake
    need dpkg-shlibdeps dpkg-dev
    build=$1 out=$2
    rm -rf "$out"
    mkdir -p "$out"
    # cpack installs the build tree into OUT_DIR/_CPack_Packages and packs it; the build itself is already done.
    cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out"
    deb=$(the_deb "$out")
    echo "OK: built $deb ($(stat -c %s "$deb") bytes)"
    ;;

deb-info)
    need dpkg-deb dpkg
    out=$1 package=$2 version=$3
    deb=$(the_deb "$out")
    dpkg-deb -I "$deb"
    field() { dpkg-deb -f "$deb" "$1"; }
    [ "$(field Package)" = "$package" ] || fail "Package is '$(field Package)', expected $package"
    [[ "$(field Version)" == "$version"* ]] || fail "Version is '$(field Version)', expected $version"
    [ "$(field Section)" = devel ] || fail "Section is '$(field Section)', expected devel"
    [ -n "$(field Maintainer)" ] || fail "no Maintainer"
    [ -n "$(field Description)" ] || fail "no Description"
    depends=$(field Depends)
    # libsecret-1-0 is added by hand (QtKeychain dlopens it); the rest come from dpkg-shlibdeps.
    for dep in libsecret-1-0 libqt6core6 libqt6network6 libqt6widgets6 libc6; do
        grep -Eq "(^|, )${dep}( |,|$)" <<<"$depends" || fail "Depends lacks $dep: $depends"
    done
    grep -qF 'gnome-keyring | kwalletmanager' <<<"$(field Recommends)" \
        || fail "Recommends lacks 'gnome-keyring | kwalletmanager': $(field Recommends)"
    echo "OK: control fields of $deb"
    ;;

deb-contents)
    need dpkg-deb dpkg
    out=$1 app_id=$2
    deb=$(the_deb "$out")
    listing=$(dpkg-deb -c "$deb")
    printf '%s\n' "$listing"
    # Paths only, without the leading "./".
    paths=$(awk '{ print $6 }' <<<"$listing" | sed 's|^\./||')
    expect() {
        grep -qxF "$1" <<<"$paths" || fail "the package lacks $1"
    }
    expect usr/bin/authlens
    expect usr/bin/authlens-cli
    expect "usr/share/applications/${app_id}.desktop"
    expect "usr/share/metainfo/${app_id}.metainfo.xml"
    expect "usr/share/icons/hicolor/scalable/apps/${app_id}.svg"
    for size in 32 64 128 256; do
        expect "usr/share/icons/hicolor/${size}x${size}/apps/${app_id}.png"
    done
    expect "usr/share/mime/packages/${app_id}.xml"
    # Build-tree leftovers have no place in the package.
    stray=$(grep -E '^usr/(include|lib)/|\.(a|h|cmake)$|/test|/bench' <<<"$paths" || true)
    [ -z "$stray" ] || fail "unexpected files in the package: $stray"
    # Executables are executable, data is not.
    grep -E '\./usr/bin/authlens(-cli)?$' <<<"$listing" | grep -qv '^-rwxr-xr-x' \
        && fail "a binary in usr/bin is not mode 0755"
    echo "OK: contents of $deb"
    ;;

deb-run)
    need dpkg-deb dpkg
    out=$1 app_id=$2 version=$3
    deb=$(the_deb "$out")
    make_scratch
    root=$SCRATCH
    dpkg-deb -x "$deb" "$root"

    # The unpacked tree as a user would get it: metadata consistent with the desktop file and icon.
    if command -v appstreamcli >/dev/null; then
        appstreamcli validate-tree --no-net "$root"
    fi
    if command -v update-mime-database >/dev/null; then
        XDG_DATA_HOME=$root/usr/share update-mime-database "$root/usr/share/mime"
        [ -f "$root/usr/share/mime/application/x-authlens-profile.xml" ] \
            || fail "the installed MIME package does not register application/x-authlens-profile"
    fi

    # Both binaries from the package (not the build tree) start and report the project version.
    # The GUI is run on the offscreen platform; HOME and XDG folders are private so nothing is written to the user's.
    mkdir -p "$root/home" "$root/run"
    chmod 700 "$root/run"
    run() { # run EXPECTED_STDOUT COMMAND...
        local expected=$1 stdout rc=0
        shift
        stdout=$(env HOME="$root/home" XDG_CONFIG_HOME="$root/home/.config" XDG_RUNTIME_DIR="$root/run" \
            QT_QPA_PLATFORM=offscreen timeout 30 "$@") || rc=$?
        [ "$rc" -eq 0 ] || fail "$* exited with $rc (stdout: $stdout)"
        [ "$stdout" = "$expected" ] || fail "$* printed '$stdout', expected '$expected'"
        echo "OK: $* -> $stdout"
    }
    run "authlens-cli $version" "$root/usr/bin/authlens-cli" --version
    run "authlens $version" "$root/usr/bin/authlens" --version
    ;;

*)
    sed -n '2,9p' "$0" >&2
    exit 2
    ;;
esac
