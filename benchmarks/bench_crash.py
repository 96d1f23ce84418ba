"""Crash benchmark: a process importing and editing the 台账 is killed with SIGKILL N times (default 500) at random
moments; after each kill the next open must work, `check` must pass and every change reported as saved must be
there whole. Prints the figures (kills, changes confirmed, lost — which must be 0 — and the time taken)."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_crash import CrashFigures, run_kills  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kills", type=int, default=500, help="how many processes to kill (default 500)")
    ap.add_argument("--lanes", type=int, default=2, help="databases worked on side by side (default 2)")
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    t0 = time.perf_counter()

    def progress(fig: CrashFigures) -> None:
        if fig.kills % 50 == 0:
            print(f"  {fig.kills:5d} kills, {fig.confirmed:6d} changes confirmed, {time.perf_counter() - t0:6.1f} s",
                  flush=True)

    with tempfile.TemporaryDirectory(prefix="bench_crash_") as tmp:
        fig = run_kills(Path(tmp), args.kills, seed=args.seed, lanes=args.lanes, progress=progress)
    print(fig.as_text())
    print(f"kills={fig.kills} confirmed={fig.confirmed} lost={fig.lost} caught_half_way={fig.caught_half_way} "
          f"half_way_committed={fig.half_way_kept} killed_while_starting={fig.before_ready} "
          f"stale_locks_taken_over={fig.stale_locks} check_problems={len(fig.problems)} "
          f"time={fig.seconds:.1f}s per_kill={fig.seconds / max(fig.kills, 1) * args.lanes:.3f}s")
    for p in fig.problems[:10]:
        print("  " + p)
    return 0 if not fig.problems and fig.lost == 0 and fig.kills == args.kills else 1


if __name__ == "__main__":
    sys.exit(main())
