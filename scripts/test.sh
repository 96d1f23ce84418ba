#!/usr/bin/env bash
# Set up (system packages, venv) and run the whole test suite. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export QT_QPA_PLATFORM=offscreen
# pytest exits 5 when it collects no test: set -e makes that a failure too
.venv/bin/python -m pytest -q "$@"
