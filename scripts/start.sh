#!/usr/bin/env bash
# Set up and start 重点项目台账. With no 台账 yet, it opens a demo database beside where the real one will live.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
real_db="$(.venv/bin/python -c 'from models.store import default_db_path; print(default_db_path())')"
if [ -e "$real_db" ]; then
  exec .venv/bin/python main.py "$@"
fi
demo_db="$(dirname "$real_db")/演示台账.db"
[ -e "$demo_db" ] || .venv/bin/python main.py --db "$demo_db" demo --projects 60
exec .venv/bin/python main.py --db "$demo_db"
