#!/usr/bin/env bash
# Print the path of a Python >= 3.12 that can make virtual environments, or explain what to
# install and fail. Order: $PYTHON if set; python3.13, python3.12, python3.14 on PATH; pyenv's
# installed versions; /usr/bin/python3 and python3 on PATH.
#
# Each candidate is *run*, not just looked up: a pyenv shim exists on PATH even when the version
# it points to is not installed, and then fails when called.
set -uo pipefail

MIN_MINOR=12
missing_venv=""

# Succeeds when "$1" runs, is Python 3.12 or newer and has venv + ensurepip (Debian splits
# ensurepip into the python3.X-venv package).
usable() {
    local candidate=$1 out
    [ -n "$candidate" ] || return 1
    out=$("$candidate" -c "
import sys
ok = sys.version_info[0] == 3 and sys.version_info[1] >= $MIN_MINOR
if not ok:
    sys.exit(3)
try:
    import ensurepip, venv  # noqa: F401
except ImportError:
    print('python3.%d-venv' % sys.version_info[1])
    sys.exit(4)
" 2>/dev/null)
    local rc=$?
    if [ "$rc" -eq 4 ]; then
        missing_venv="$out"
    fi
    [ "$rc" -eq 0 ]
}

try() {
    if usable "$1"; then
        printf '%s\n' "$1"
        exit 0
    fi
}

if [ -n "${PYTHON:-}" ]; then
    if usable "$PYTHON"; then
        printf '%s\n' "$PYTHON"
        exit 0
    fi
    echo "PYTHON=$PYTHON is not a working Python >= 3.$MIN_MINOR with venv; looking further." >&2
fi

for name in python3.13 python3.12 python3.14; do
    path=$(command -v "$name" 2>/dev/null) && try "$path"
done

pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
if [ -d "$pyenv_root/versions" ]; then
    for minor in 13 12 14; do
        # newest patch release first; skip virtualenvs made by pyenv-virtualenv (envs/ and links)
        while IFS= read -r dir; do
            try "$dir/bin/python"
        done < <(find "$pyenv_root/versions" -maxdepth 1 -mindepth 1 -type d -name "3.$minor.*" \
                     -printf '%f\n' 2>/dev/null | sort -rV | sed "s|^|$pyenv_root/versions/|")
    done
fi

try /usr/bin/python3
path=$(command -v python3 2>/dev/null) && try "$path"

{
    echo
    echo "No usable Python found: Kipinä needs Python 3.12 or newer with the venv module."
    if [ -n "$missing_venv" ]; then
        echo "A suitable Python exists but lacks venv/ensurepip. Install it with:"
        echo "    apt-get install $missing_venv"
    else
        echo "Install one, for example:"
        echo "    apt-get install python3.12 python3.12-venv   # Ubuntu 24.04 (Debian 13 has 3.13: python3 python3-venv)"
        echo "    pyenv install 3.13                          # Debian 12 ships only 3.11; pyenv works anywhere"
    fi
    echo "or point at one explicitly:  make PYTHON=/path/to/python3.12 ..."
    echo
} >&2
exit 1
