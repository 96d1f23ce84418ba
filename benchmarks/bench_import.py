"""Time to read a generated 10,000-row return with the importer, next to plain openpyxl read-only iteration
of the same file in the same run (the floor: the importer cannot read faster than openpyxl parses)."""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import openpyxl  # noqa: E402

from importers.reader import read_return  # noqa: E402
from timing import best_of  # noqa: E402

UNITS = ["区住建局", "区交通局", "区教育局", "区卫健委", "城关镇", "开发区管委会", "余家湖街道", "区水利局"]
CATS = ["工业", "基础设施", "民生", "农业", "社会事业", "服务业"]


def make_return(path: Path, rows: int) -> None:
    rnd = random.Random(7)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("重点项目")
    ws.append(["XX区2024年重点项目建设进展情况表（1-9月）"])
    ws.append(["填报单位：XX区发改局", None, None, None, None, None, None, None, None, None, None, None, "单位：万元"])
    ws.append(["序号", "项目名称", "责任单位", "项目类别", "建设性质", "总投资", "2024年计划投资", "1-9月完成投资",
               "其中：9月完成投资", "项目状态", "形象进度", "存在问题", "备注"])
    for i in range(1, rows + 1):
        plan = rnd.randint(100, 500_000) / 100
        ytd = round(plan * rnd.random(), 2)
        ws.append([i, f"项目{i:05d}", rnd.choice(UNITS), rnd.choice(CATS), rnd.choice(["新建", "续建"]),
                   round(plan * rnd.randint(2, 6), 2), plan, ytd, round(ytd / 9, 2),
                   rnd.choice(["在建", "在建", "未开工"]), "主体施工", rnd.choice(["", "资金缺口", "征地拆迁"]), ""])
    ws.append([None, "合计"])
    wb.save(path)


def plain(path: Path) -> int:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = sum(1 for _ in wb["重点项目"].iter_rows(values_only=True))
    wb.close()
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description="导入耗时：本程序 vs openpyxl 只读遍历")
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "return.xlsx"
        make_return(path, args.rows)
        assert len(read_return(path).records) == args.rows
        base = best_of(args.repeat, lambda: plain(path))
        ours = best_of(args.repeat, lambda: read_return(path))
        tracemalloc.start()
        read_return(path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(f"行数              {args.rows}")
    print(f"openpyxl 只读遍历  {base * 1000:8.0f} ms")
    print(f"read_return       {ours * 1000:8.0f} ms")
    print(f"倍数              {ours / base:8.2f} ×（目标 ≤ 1.5）")
    print(f"导入内存峰值       {peak / 1024 / 1024:8.1f} MB")


if __name__ == "__main__":
    main()
