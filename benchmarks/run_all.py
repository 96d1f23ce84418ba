"""Every speed and memory figure of issue 15, measured as the clerk runs it, printed as one table.

Each command runs as its own process (`python main.py …` from this checkout), next to a process that does the
plain library's part of the same work, in the same run and on the same file; the best of --repeat runs of each
is kept, and the ratio printed. Usage: python benchmarks/run_all.py [--projects 10000] [--repeat 3] [--markdown]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from proc import PY, ROOT, best, main_py, run  # noqa: E402

SHARED_GENERATOR = ROOT.parent / "shared" / "bench" / "make_big_return.py"
YEAR, MONTH = 2024, 9

# the plain library doing the same part of the work, as its own process: the same rows of the same 18 cells
# as the 月报 (序号 … 备注 with the three 级别 columns), plain values, default styles
PLAIN_READ = """
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
wb.close()
print(n)
"""
PLAIN_WRITE = """
import sys, openpyxl
n = int(sys.argv[2])
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["序号", "项目名称", "责任单位", "项目类别", "建设性质", "市级重点", "区级重点", "考核项目", "总投资",
           "年度计划", "累计完成", "本月完成", "完成率", "项目状态", "形象进度", "存在问题", "备注", "建设年限"])
for i in range(n):
    ws.append([i + 1, f"某某镇第{i}号重点建设项目", "某某镇人民政府", "基础设施", "新建", "是", "否", "否", 12345.67,
               4567.89, 1234.56, 123.45, 0.27, "在建", "主体结构施工中", "征地拆迁进度慢", "", "2024-2026"])
wb.save(sys.argv[1])
"""


def make_return(path: Path, n: int) -> None:
    """A big return shaped like the units' (../shared's generator when it is there, else our copy of it)."""
    generator = SHARED_GENERATOR if SHARED_GENERATOR.exists() else Path(__file__).with_name("make_big_return.py")
    subprocess.run([PY, str(generator), str(n), str(path)], check=True)


def next_month(ret: Path, out: Path) -> None:
    """The same return a month later (1—10月): every project known, each 累计 5% higher — the clerk's monthly import."""
    import openpyxl

    wb = openpyxl.load_workbook(ret)
    ws = wb.active
    ws.title = "1-10月"
    for cells in ws.iter_rows():
        for c in cells:
            if isinstance(c.value, str):
                c.value = c.value.replace("1-9月", "1-10月").replace("1—9月", "1—10月")
    for r in range(6, ws.max_row + 1):
        c = ws.cell(r, 6)
        if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
            c.value = round(c.value * 1.05, 2)
    wb.save(out)


def row(what: str, ours: float, base: float | None, goal: str, unit: str = "s") -> dict:
    return {"what": what, "ours": ours, "base": base, "goal": goal, "unit": unit}


def bench_import(tmp: Path, n: int, repeat: int) -> tuple[list[dict], Path]:
    ret = tmp / "return.xlsx"
    make_return(ret, n)
    dbs = iter(tmp / f"import{i}.db" for i in range(repeat + 1))
    ours = min((run(main_py("--db", str(next(dbs)), "import", str(ret))) for _ in range(repeat)),
               key=lambda r: r.seconds)
    base = best(repeat, [PY, "-c", PLAIN_READ, str(ret)])
    rows = [row(f"导入 {n} 行的报表（import）", ours.seconds, base.seconds, "≤ 1.5×")]
    # the clerk's month: the next return over the same projects, into a copy of the 台账 each time
    later = tmp / "return10.xlsx"
    next_month(ret, later)
    times = []
    for i in range(repeat):
        db = tmp / f"monthly{i}.db"
        shutil.copy(tmp / "import0.db", db)
        times.append(run(main_py("--db", str(db), "import", str(later))).seconds)
    base = best(repeat, [PY, "-c", PLAIN_READ, str(later)])
    rows.append(row(f"导入下个月的报表（{n} 个已有项目）", min(times), base.seconds, "≤ 1.5×"))
    return rows, tmp / "import0.db"


def bench_export(db: Path, tmp: Path, n: int, repeat: int) -> list[dict]:
    out = tmp / "月报.xlsx"
    ours = best(repeat, main_py("--db", str(db), "export-monthly", "--year", str(YEAR), "--month", str(MONTH),
                                str(out)))
    base = best(repeat, [PY, "-c", PLAIN_WRITE, str(tmp / "plain.xlsx"), str(n)])
    return [row(f"导出 {n} 个项目的月报（export-monthly）", ours.seconds, base.seconds, "≤ 1.5×")]


def bench_window(db: Path, n: int, repeat: int) -> list[dict]:
    probe = str(Path(__file__).with_name("window_probe.py"))
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(db.parent / "config")}
    ours = best(repeat, [PY, probe, str(db)], env)
    base = best(repeat, [PY, probe, "--baseline", str(n)], env)
    return [row(f"窗口启动到显示 {n} 个项目", ours.seconds, base.seconds, "≤ 5×")]


def bench_summary(db: Path, n: int, repeat: int) -> list[dict]:
    ours = best(repeat, main_py("--db", str(db), "summary", "--year", str(YEAR), "--month", str(MONTH), "--json"))
    return [row(f"summary --json（{n} 个项目）", ours.seconds, None, "< 1 s")]


def bench_cell(db: Path, repeat: int) -> list[dict]:
    """One cell typed in the entry grid and stored durably (the library call the grid makes), 10,000 projects."""
    from models.entry import CellChange, apply_cells
    from models.store import Store

    store = Store.open(db)
    try:
        pids = [r[0] for r in store.conn.execute("SELECT id FROM projects LIMIT 50")]
        times = []
        for i, pid in enumerate(pids[: max(repeat, 10)]):
            t = time.perf_counter()
            apply_cells(store, YEAR, MONTH, [CellChange(pid, "progress", f"主体施工第{i}次")], "录入")
            times.append(time.perf_counter() - t)
        sync = store.conn.execute("PRAGMA synchronous").fetchone()[0]
    finally:
        store.close()
    # synchronous 2 = FULL: the cell is on disk when the call returns
    return [row(f"录入一格并保存（synchronous={sync}，中位数）", sorted(times)[len(times) // 2] * 1000, None,
                "< 10 ms", "ms")]


def add_years(db: Path, years: int) -> None:
    """Give every project `years` earlier years of plans and twelve months of figures (a 台账 used for a decade)."""
    con = sqlite3.connect(db)
    with con:
        plans = con.execute("SELECT project_id, plan, monthly_plan, target FROM annual_plans WHERE year=?",
                            (YEAR,)).fetchall()
        figs = con.execute("SELECT project_id, month, month_amount, ytd, since_start, progress, problem, next_plan "
                           "FROM monthly_figures WHERE year=? AND month=?", (YEAR, MONTH)).fetchall()
        for back in range(1, years):
            y = YEAR - back
            con.executemany("INSERT INTO annual_plans (project_id, year, plan, monthly_plan, target) "
                            "VALUES (?,?,?,?,?)", [(p, y, pl, mp, t) for p, pl, mp, t in plans])
            con.executemany(
                "INSERT INTO monthly_figures (project_id, year, month, month_amount, ytd, since_start, progress,"
                " problem, next_plan) VALUES (?,?,?,?,?,?,?,?,?)",
                [(p, y, m, (ytd or 0) // 12, (ytd or 0) * m // 12, ss, pr, pb, nx)
                 for p, _, _, ytd, ss, pr, pb, nx in figs for m in range(1, 13)])
    con.close()


def bench_memory(db: Path, tmp: Path, n: int, years: int) -> list[dict]:
    add_years(db, years)
    probe = str(Path(__file__).with_name("window_probe.py"))
    win = run([PY, probe, str(db)], {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp / "config")})
    exp = run(main_py("--db", str(db), "export-monthly", "--year", str(YEAR), "--month", str(MONTH),
                      str(tmp / "月报10年.xlsx")))
    return [row(f"窗口峰值内存（{n} 个项目 × {years} 年）", win.peak_mb or 0, None, "< 250 MB", "MB"),
            row(f"export-monthly 峰值内存（{n} 个项目 × {years} 年）", exp.peak_mb or 0, None, "< 250 MB", "MB")]


def bench_progress(tmp: Path, n: int) -> list[dict]:
    """The longest pause between two progress reports while the wizard reads and stores a return."""
    from importers.reader import read_return
    from models.store import Store

    ret = tmp / "return.xlsx"
    stamps = [time.perf_counter()]
    tick = lambda done, total: stamps.append(time.perf_counter())  # noqa: E731
    result = read_return(ret, progress=tick)
    store = Store.open(tmp / "wizard.db")
    try:
        store.apply_import(result.records, result.report.year or YEAR, result.report.month or MONTH,
                           progress=tick)
    finally:
        store.close()
    stamps.append(time.perf_counter())
    gap = max(b - a for a, b in zip(stamps, stamps[1:]))
    return [row("导入向导进度条最长停顿", gap, None, "≤ 0.5 s")]


def verdict(r: dict) -> str:
    goal = r["goal"].replace("≤", "").replace("<", "").strip()
    limit = float(goal.split()[0].rstrip("×"))
    value = r["ours"] / r["base"] if r["base"] else r["ours"]
    return "达标" if value <= limit else "未达标"


def fmt(r: dict) -> list[str]:
    unit = r["unit"]
    ours = f"{r['ours']:.2f} {unit}" if unit != "ms" else f"{r['ours']:.1f} ms"
    base = f"{r['base']:.2f} s" if r["base"] else "—"
    ratio = f"{r['ours'] / r['base']:.2f}×" if r["base"] else "—"
    return [r["what"], ours, base, ratio, r["goal"], verdict(r)]


def main() -> None:
    ap = argparse.ArgumentParser(description="全部速度与内存数字：本程序的命令 vs 同一次运行里的库基线")
    ap.add_argument("--projects", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--markdown", action="store_true", help="输出 Markdown 表格（写进 README）")
    args = ap.parse_args()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        part, db = bench_import(tmp, args.projects, args.repeat)
        rows += part
        rows += bench_export(db, tmp, args.projects, args.repeat)
        rows += bench_window(db, args.projects, args.repeat)
        rows += bench_summary(db, args.projects, args.repeat)
        rows += bench_cell(db, args.repeat)
        rows += bench_progress(tmp, args.projects)
        rows += bench_memory(db, tmp, args.projects, args.years)
    head = ["测的是什么", "本程序", "库基线（同次运行）", "比值", "目标", "结果"]
    table = [head] + [fmt(r) for r in rows]
    if args.markdown:
        print(f"| {' | '.join(head)} |\n|{' --- |' * len(head)}")
        for line in table[1:]:
            print(f"| {' | '.join(line)} |")
    else:
        for line in table:
            print("  ".join(line))
    print(f"\n{dt.date.today()}，{os.cpu_count()} 核，Python {sys.version.split()[0]}，每项取 {args.repeat} 次中最快的一次")


if __name__ == "__main__":
    main()
