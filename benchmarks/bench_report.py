"""Time to compute a month's report object for N demo projects, next to plainly reading the same rows (baseline)."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from models.demo import make_demo  # noqa: E402
from models.report import build_report  # noqa: E402
from models.store import Store  # noqa: E402
from timing import best_of  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description="报表对象计算耗时")
    ap.add_argument("--projects", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        t = time.perf_counter()
        make_demo(store, projects=args.projects, year=2024, through_month=10)
        print(f"生成演示数据 {args.projects} 个项目：{time.perf_counter() - t:.2f} s")

        def baseline() -> None:  # the rows the report needs, read plainly with no objects built
            c = store.conn
            c.execute("SELECT * FROM projects").fetchall()
            c.execute("SELECT * FROM annual_plans WHERE year = 2024").fetchall()
            c.execute("SELECT * FROM monthly_figures WHERE year = 2024 AND month >= 9").fetchall()

        base = best_of(5, baseline)
        def uncached() -> None:  # the window reuses an unchanged report; measure the computation itself
            store.__dict__.pop("_report_cache", None)
            build_report(store, 2024, 10)

        rep = best_of(5, uncached)
        print(f"基线（直接读取所需行）：{base * 1000:.0f} ms")
        print(f"build_report（2024年1—10月）：{rep * 1000:.0f} ms")
        print(f"比值：{rep / base:.1f}×")
        store.close()


if __name__ == "__main__":
    main()
