"""Helpers for tests that drive the command line: `python main.py` in a real second process, main() in this one
(`--db` first, as a batch file writes it), and databases compared."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    """`python main.py <args>` as a clerk's script would run it; output decoded as UTF-8."""
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=300)


def dump(db: Path) -> str:
    """Every row of every table, read without writing anything."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def cli(db: str | Path | Any, *args: str) -> int:
    """main() in this process on `db` (a path, or a Store: its file) with these arguments; the exit code."""
    from cli import main

    return main(["--db", str(getattr(db, "path", db)), *args])


def summary_json(db: str | Path | Any, capsys: Any, year: int, month: int) -> dict:
    """What `summary --json` prints for the month, parsed (whatever was printed before is dropped)."""
    capsys.readouterr()
    assert cli(db, "summary", "--year", str(year), "--month", str(month), "--json") == 0
    return json.loads(capsys.readouterr().out)
