#!/usr/bin/env bash
# Make sure the Debian packages the tests need are present.
#
#   tools/system_packages.sh chromium postgresql libvoikko1 voikko-fi gettext
#
# Each package is checked by what the project uses from it (a file or a program), not by dpkg, so
# the check also passes on a machine that has the same thing from elsewhere. Missing ones are
# installed with apt-get when we are root (CI is root on a clean machine), running `apt-get update`
# only when the package lists do not know a package or an install fails on stale lists. Not root:
# print the exact command to run and fail.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

present() {
    case "$1" in
        chromium) [ -x /usr/bin/chromium ] ;;
        postgresql)
            compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null &&
                compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null ;;
        # (grep without -q: under pipefail, -q's early exit can fail the pipe with SIGPIPE)
        libvoikko1)
            ldconfig -p 2>/dev/null | grep 'libvoikko\.so\.1 ' >/dev/null ||
                compgen -G '/usr/lib/*/libvoikko.so.1' >/dev/null ;;
        voikko-fi)
            compgen -G '/usr/lib/voikko/*/mor-standard' >/dev/null ||
                compgen -G '/usr/share/voikko/*/mor-standard' >/dev/null ;;
        gettext) command -v msgfmt >/dev/null && command -v xgettext >/dev/null ;;
        *) dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep 'install ok installed' >/dev/null ;;
    esac
}

missing=()
for package in "$@"; do
    present "$package" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

# Without recommends Chromium comes with no fonts; pages would render with no real text metrics.
to_install=("${missing[@]}")
for package in "${missing[@]}"; do
    [ "$package" != chromium ] || to_install+=(fonts-liberation fonts-dejavu-core)
done
command_line="apt-get install -y --no-install-recommends ${to_install[*]}"

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    {
        echo
        echo "Missing system packages: ${missing[*]}"
        if command -v apt-get >/dev/null; then
            echo "Install them (as root) and run make again:"
            echo "    sudo apt-get update && sudo $command_line"
        else
            echo "This is not a Debian-like system; install the equivalents of: ${missing[*]}"
            echo "(Chromium at /usr/bin/chromium, PostgreSQL server binaries, libvoikko + Finnish"
            echo " dictionary, GNU gettext)."
        fi
        echo
    } >&2
    exit 1
fi

echo "==> installing system packages: ${to_install[*]}"

# Package scripts must not start services (postgresql's would start a cluster on port 5432 that
# nobody stops). policy-rc.d is Debian's switch for that; add one only for this install.
policy=/usr/sbin/policy-rc.d
added_policy=""
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    added_policy=1
fi
cleanup() { [ -z "$added_policy" ] || rm -f "$policy"; }
trap cleanup EXIT

lists_know_all() {
    local package
    for package in "${to_install[@]}"; do
        apt-cache show "$package" >/dev/null 2>&1 || return 1
    done
}

apt_get=(apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
if ! lists_know_all; then
    apt-get -q update
fi
if ! "${apt_get[@]}" install --no-install-recommends "${to_install[@]}"; then
    echo "==> install failed; refreshing package lists and trying once more"
    apt-get -q update
    "${apt_get[@]}" install --no-install-recommends "${to_install[@]}"
fi

still=()
for package in "${missing[@]}"; do
    present "$package" || still+=("$package")
done
if [ ${#still[@]} -ne 0 ]; then
    echo "Installed, but still not usable: ${still[*]}" >&2
    exit 1
fi
