"""Run a whole command as its own process, the way a clerk or a batch file runs it: wall time and peak memory."""
from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


@dataclass
class Run:
    seconds: float          # spawn to exit, or spawn to the READY line when the process prints one
    peak_mb: float | None   # the process's peak resident memory (None where the OS does not say)
    out: str


@functools.lru_cache(maxsize=1)
def _pycache() -> str:
    folder = tempfile.mkdtemp(prefix="zdxm-bench-pyc-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def run(cmd: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Start cmd, wait for it, and measure it; a non-zero exit raises with what it printed."""
    # compiled modules are kept in a folder of this run, not the checkout: the installed program is compiled, so
    # the first run of each command compiles and best-of-n times what a clerk's machine runs (ours and the
    # baseline's modules alike: with a prefix Python reads no other __pycache__)
    full_env = {**os.environ, "PYTHONPYCACHEPREFIX": _pycache(), **(env or {})}
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)     # set on some machines: the prefix would stay empty
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.time()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, env=full_env, cwd=str(cwd or ROOT))
        peak = None
        if hasattr(os, "wait4"):
            # wait4 gives this one child's own rusage: its peak resident memory, not a running maximum
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            peak = usage.ru_maxrss / 1024
        else:
            proc.wait()
        t1 = time.time()
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} → {proc.returncode}\n{text}\n{errors}")
    seconds = t1 - t0
    for line in text.splitlines():
        if line.startswith("READY "):
            seconds = float(line.split()[1]) - t0
    return Run(seconds, peak, text)


def best(n: int, cmd: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """The fastest of n runs (these machines are noisy; the floor is the honest figure)."""
    runs = [run(cmd, env) for _ in range(n)]
    return min(runs, key=lambda r: r.seconds)


def main_py(*args: str) -> list[str]:
    """The command line as a clerk's batch file runs it from a source checkout."""
    return [PY, str(ROOT / "main.py"), *args]
