#!/usr/bin/env bash
# Set up (system packages, venv) and run the whole test suite. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# lint and type-check the Qt-free core (and start-up) first: a finding fails the run before the long suite
CHECKED="models importers exporters cli main.py"
if ! .venv/bin/ruff check $CHECKED; then
  echo "代码检查未通过（ruff）：请按上面的提示修改（可先试 .venv/bin/ruff check --fix $CHECKED）" >&2
  exit 1
fi
if ! .venv/bin/mypy $CHECKED; then
  echo "类型检查未通过（mypy）：请按上面的提示修改" >&2
  exit 1
fi
export QT_QPA_PLATFORM=offscreen
# pytest exits 5 when it collects no test: set -e makes that a failure too
.venv/bin/python -m pytest -q "$@"
