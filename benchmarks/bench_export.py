"""Time to write the 月报 for N demo projects, next to a plain openpyxl write of the same cells (no styles,
no merges) in the same run."""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from openpyxl import Workbook  # noqa: E402

from exporters.monthly_xlsx import build_workbook, write_monthly_xlsx  # noqa: E402
from models.demo import make_demo  # noqa: E402
from models.report import build_report  # noqa: E402
from models.store import Store  # noqa: E402
from timing import best_of  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description="月报导出耗时：本程序 vs openpyxl 直接写同样的单元格")
    ap.add_argument("--projects", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        make_demo(store, projects=args.projects, year=2024)
        report = build_report(store, 2024, 9)
        cells = [list(r) for r in build_workbook(report).active.iter_rows(values_only=True)]

        def plain() -> None:
            wb = Workbook()
            ws = wb.active
            for r in cells:
                ws.append(r)
            wb.save(Path(tmp) / "plain.xlsx")

        base = best_of(args.repeat, plain)
        ours = best_of(args.repeat, lambda: write_monthly_xlsx(report, Path(tmp) / "月报.xlsx"))
        store.close()
    print(f"项目数               {args.projects}")
    print(f"openpyxl 直接写       {base * 1000:8.0f} ms")
    print(f"write_monthly_xlsx   {ours * 1000:8.0f} ms")
    print(f"倍数                 {ours / base:8.2f} ×（目标 ≤ 1.5）")


if __name__ == "__main__":
    main()
