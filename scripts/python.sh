#!/usr/bin/env bash
# Runs the project's Python (the venv that scripts/python-env.sh keeps) with all arguments,
# e.g. scripts/python.sh training/train.py --help
set -euo pipefail
"$(dirname "${BASH_SOURCE[0]}")/python-env.sh"
exec "${BIDLAB_VENV:-$HOME/.cache/bidlab/venv}/bin/python" "$@"
