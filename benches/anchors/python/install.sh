#!/usr/bin/env bash
# Creates the venv for the Python anchors in <repo>/target/anchors-venv (or $ANCHORS_VENV)
# and installs the pinned requirements. Safe to re-run: pip does nothing when all pins are met.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${ANCHORS_VENV:-$HERE/../../../target/anchors-venv}"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
    mkdir -p "$(dirname "$VENV")"
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
echo "anchors venv ready: $VENV" >&2
