#!/usr/bin/env bash
# Creates or refreshes the project's Python virtualenv (LightGBM, numpy, pandas, pyarrow) from
# training/requirements.txt. The venv lives outside the repository, at
# ${BIDLAB_VENV:-$HOME/.cache/bidlab/venv}, and carries a stamp: the hash of the requirements
# and of the interpreter, so a rerun with nothing changed only hashes two files and exits.
#
# Usage: scripts/python-env.sh [-v]     -v: say what happens (otherwise only errors are printed)
set -euo pipefail

verbose=0
case "${1:-}" in
  -v) verbose=1 ;;
  "") ;;
  *) echo "usage: $0 [-v]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requirements="$root/training/requirements.txt"
venv="${BIDLAB_VENV:-$HOME/.cache/bidlab/venv}"
stamp_file="$venv/.bidlab-requirements.sha256"

say() { if [[ $verbose == 1 ]]; then echo "python-env: $*"; fi; }

python_bin="$(command -v python3 || true)"
if [[ -z $python_bin ]]; then
  echo "python-env: python3 not found on PATH" >&2
  exit 1
fi

# The interpreter's version and location are part of the stamp: a venv made by another python3
# must be rebuilt rather than trusted.
want="$( { sha256sum <"$requirements"; "$python_bin" -c 'import sys; print(sys.version, sys.base_prefix)'; } | sha256sum | cut -d' ' -f1)"

if [[ -f $stamp_file && "$(cat "$stamp_file")" == "$want" && -x $venv/bin/python ]]; then
  say "up to date: $venv"
  exit 0
fi

mkdir -p "$(dirname "$venv")"
# Two concurrent callers (parallel test workers) must not install into the same venv at once.
exec 9>"$venv.lock"
flock 9

if [[ -f $stamp_file && "$(cat "$stamp_file")" == "$want" && -x $venv/bin/python ]]; then
  say "up to date: $venv (made by a concurrent run)"
  exit 0
fi

if [[ -e $venv && ! -f $venv/pyvenv.cfg ]]; then
  if [[ -n "$(ls -A "$venv")" ]]; then
    echo "python-env: $venv exists and is not a virtualenv; set BIDLAB_VENV elsewhere or remove it" >&2
    exit 1
  fi
fi

rm -f "$stamp_file"
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c '' 2>/dev/null \
  || [[ "$("$venv/bin/python" -c 'import sys; print(sys.version)')" != "$("$python_bin" -c 'import sys; print(sys.version)')" ]]; then
  say "creating $venv with $python_bin"
  "$python_bin" -m venv --clear "$venv"
fi

say "installing $requirements"
pip_args=(install --disable-pip-version-check --no-input --only-binary=:all: -r "$requirements")
if [[ $verbose == 1 ]]; then
  "$venv/bin/python" -m pip "${pip_args[@]}"
else
  "$venv/bin/python" -m pip -q "${pip_args[@]}" >/dev/null
fi

echo "$want" >"$stamp_file"
say "ready: $venv"
