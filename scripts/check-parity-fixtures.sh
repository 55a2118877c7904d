#!/usr/bin/env bash
# Regenerates the LightGBM parity fixtures into a temporary folder and fails, with a summary of
# the differences, if they differ from the committed ones (fixtures/models/parity/ by default).
#
# Usage: scripts/check-parity-fixtures.sh [--out DIR]     DIR: the folder to compare against
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
committed="$root/fixtures/models/parity"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) committed="${2:?--out needs a folder}"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "check-parity-fixtures: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ ! -d $committed ]]; then
  echo "check-parity-fixtures: $committed does not exist" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/bidlab-parity.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fresh="$work/parity"
report="$work/diff"

"$root/scripts/python.sh" "$root/training/make_parity_fixtures.py" --out "$fresh"

if diff -rq "$committed" "$fresh" >"$report" 2>&1; then
  echo "check-parity-fixtures: $(find "$committed" -type f | wc -l) files in $committed match a fresh generation"
  exit 0
fi
echo "check-parity-fixtures: $committed differs from a fresh generation:" >&2
sed -e "s|$fresh|<fresh>|g" "$report" | head -50 >&2
changed="$(grep -c '^Files ' "$report" || true)"
only="$(grep -c '^Only in ' "$report" || true)"
echo "check-parity-fixtures: $changed files differ, $only present on one side only" >&2
# The first differing text file, briefly, to show what kind of change it is.
first="$(grep -m1 '^Files ' "$report" | sed -e 's/^Files \(.*\) and .* differ$/\1/' || true)"
if [[ -n $first ]]; then
  rel="${first#"$committed"/}"
  echo "--- $rel (first lines of the diff)" >&2
  diff "$first" "$fresh/$rel" | head -20 >&2 || true
fi
echo "check-parity-fixtures: regenerate with scripts/python.sh training/make_parity_fixtures.py" >&2
exit 1
