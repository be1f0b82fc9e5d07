#!/usr/bin/env bash
# Make sure .venv exists, runs, and holds the locked dependencies of one set (base or dev).
#
#   tools/bootstrap_venv.sh base    # requirements/base.txt  (make run)
#   tools/bootstrap_venv.sh dev     # requirements/dev.txt   (make test, lint, e2e, bench)
#
# The stamp holds a checksum of the requirements file, pyproject.toml and the interpreter version,
# so a second run with nothing changed takes a fraction of a second; a changed lock file, a
# git checkout that rewrites files, or a new interpreter all reinstall. A venv whose python is
# missing or broken (say, the pyenv version it was made from was removed) is made again.
set -euo pipefail
cd "$(dirname "$0")/.."

set_name=${1:?usage: tools/bootstrap_venv.sh base|dev}
requirements=requirements/$set_name.txt
[ -f "$requirements" ] || { echo "no such lock file: $requirements" >&2; exit 2; }
venv=${VENV:-.venv}

venv_works() {
    "$venv/bin/python" -c "import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)" \
        >/dev/null 2>&1 &&
        "$venv/bin/python" -m pip --version >/dev/null 2>&1
}

if ! venv_works; then
    if [ -e "$venv" ]; then
        echo "==> $venv is missing a working Python >= 3.12; making it again"
        rm -rf "$venv"
    fi
    python=$(tools/find_python.sh)
    echo "==> creating $venv with $python ($("$python" --version 2>&1))"
    "$python" -m venv "$venv"
fi

stamp=$venv/.kipina-$set_name.stamp
wanted=$( { cat "$requirements" pyproject.toml; "$venv/bin/python" -VV; } | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    exit 0
fi

echo "==> installing $requirements into $venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check)
"${pip[@]}" install --quiet --require-hashes -r "$requirements"
"${pip[@]}" install --quiet --no-deps -e .
printf '%s\n' "$wanted" >"$stamp"
echo "==> $venv is ready ($set_name)"
