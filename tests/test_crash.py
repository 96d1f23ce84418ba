"""Power cut in the middle of work: a process importing and editing is killed (SIGKILL) at random moments, 200 times.

After every kill the next open works (the crash's lock is recovered), `check` passes, every change the process
reported as saved is there, and a change caught half-way is there whole or not at all.

Each change carries a token such as [k0042.7] in its operation label and in the data it writes (a new project's
name, a card's 备注, a month's 形象进度 — appended, so later changes keep earlier tokens). The child prints
"BEGIN <token> <places>" before a change and "SAVED <token>" only after its commit returned; <places> is how many
rows must hold the token when the change is in.
"""
from __future__ import annotations

import random
import re
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2024
UNITS = ("区住建局", "区交通局", "区教育局", "区卫健委", "城关镇", "开发区管委会")

# the child: imports only models.store (≈0.2 s to start), opens the database, changes it until it is killed
CHILD = r'''
import random, sys
from models.store import Store
from models.project import ProjectRecord

db, seed, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rnd = random.Random(seed)
s = Store.open(db)
YEAR = 2024
UNITS = None
month = max([f.month for f in s.figures(YEAR)] or [1])
ytd, progress = {}, {}          # per project: latest 累计, and 形象进度 of `month`
for f in s.figures(YEAR):
    ytd[f.project_id] = max(ytd.get(f.project_id, 0), f.ytd)
    if f.month == month:
        progress[f.project_id] = f.progress
projects = {p.id: p for p in s.projects(YEAR)}
print("READY", flush=True)
n = 0
while True:
    n += 1
    tok = f"[{prefix}.{n}]"
    if rnd.random() < 0.05 and month < 12:
        month += 1
        progress = {}
    kind = rnd.choice(("import", "figure", "figure", "card"))
    if kind == "import":
        pids = rnd.sample(sorted(projects), min(len(projects), rnd.randint(1, 6)))
        recs = []
        for i, pid in enumerate(pids):
            p = projects[pid]
            recs.append(ProjectRecord({"name": p.name, "unit": p.unit}, ytd=ytd.get(pid, 0) + rnd.randint(0, 5_000_00),
                                      progress=progress.get(pid, "") + tok, source_row=i + 4))
        new = rnd.random() < 0.3
        if new:
            recs.append(ProjectRecord({"name": "新开工项目" + tok, "unit": rnd.choice(UNITS),
                                       "total_investment": rnd.randint(1, 90_000) * 100_00},
                                      plan=rnd.randint(1, 9_000) * 100_00, ytd=rnd.randint(0, 2_000_00),
                                      progress=tok, source_row=len(recs) + 4))
        print(f"BEGIN {tok} {1 + len(recs) + new}", flush=True)
        s.apply_import(recs, YEAR, month, label=f"导入「报表{tok}.xlsx」")
    elif kind == "figure":
        pid = rnd.choice(sorted(projects))
        values = {"progress": progress.get(pid, "") + tok}
        if rnd.random() < 0.5:
            values["ytd"] = ytd.get(pid, 0) + rnd.randint(0, 3_000_00)
        else:
            values["month_amount"] = rnd.randint(0, 3_000_00)
        print(f"BEGIN {tok} 2", flush=True)
        s.set_figure(pid, YEAR, month, values, label="录入进展" + tok)
    else:
        pid = rnd.choice(sorted(projects))
        print(f"BEGIN {tok} 2", flush=True)
        s.update_project(pid, {"remark": projects[pid].remark + tok}, label="修改卡片" + tok)
    print("SAVED " + tok, flush=True)
    # what the database now holds, for the next change
    for f in s.figures(YEAR, month):
        ytd[f.project_id] = f.ytd
        progress[f.project_id] = f.progress
    projects = {p.id: p for p in s.projects(YEAR)}
'''.replace("UNITS = None", f"UNITS = {UNITS!r}")

TOKEN = re.compile(r"\[k\d+\.\d+\]")


@dataclass
class CrashFigures:
    """What a run of kills showed."""

    kills: int = 0
    confirmed: int = 0             # changes reported SAVED, each found whole afterwards
    caught_half_way: int = 0       # kills that landed between BEGIN and SAVED
    half_way_kept: int = 0         # …of which the commit had happened (found whole)
    before_ready: int = 0          # kills during start-up (importing, opening, recovering the WAL)
    stale_locks: int = 0           # lock files left behind by a killed process, taken over by the next open
    lost: int = 0                  # SAVED but missing: must stay 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_text(self) -> str:
        return (f"{self.kills}次强制结束（SIGKILL），用时{self.seconds:.1f}秒：已确认保存的修改{self.confirmed}项，"
                f"丢失{self.lost}项；正在保存时被结束{self.caught_half_way}次（其中已提交{self.half_way_kept}次，"
                f"其余整体未写入）；启动中被结束{self.before_ready}次；崩溃留下的锁文件{self.stale_locks}个均已接管；"
                f"check 发现问题{len(self.problems)}个")


def seed_db(db: Path, projects: int = 30) -> None:
    from models.project import Project
    from models.store import Store

    s = Store.open(db)
    rnd = random.Random(1)
    for i in range(projects):
        pid = s.create_project(Project(name=f"重点项目{i + 1:02d}", unit=UNITS[i % len(UNITS)],
                                       total_investment=rnd.randint(1000, 90_000) * 100_00), YEAR,
                               rnd.randint(100, 9_000) * 100_00)
        s.set_figure(pid, YEAR, 1, {"ytd": rnd.randint(0, 50_000), "progress": "前期工作"})
    s.close()


def tokens_in(db_path: Path) -> tuple[Counter, list[str], bool]:
    """Open the database as the program does after a crash: (token → rows holding it, check problems, lock was stale)."""
    from models.check import check
    from models.store import Store

    stale = db_path.with_name(db_path.name + ".lock").exists()
    s = Store.open(db_path)        # raises if the crashed process's lock were not recovered
    try:
        problems = check(s)
        found: Counter = Counter()
        for sql in ("SELECT label FROM operations", "SELECT name FROM projects", "SELECT remark FROM projects",
                    "SELECT progress FROM monthly_figures"):
            for (text,) in s.conn.execute(sql):
                # a row counts once per token, however often the token is in it
                found.update(set(TOKEN.findall(text or "")))
    finally:
        s.close()
    return found, problems, stale


def run_kills(folder: Path, kills: int, seed: int = 8, lanes: int = 2, max_delay: float = 0.12,
              progress: Callable[[CrashFigures], None] | None = None) -> CrashFigures:
    """`kills` child processes in all, SIGKILLed at random moments, checked after each kill.

    `lanes` databases are worked on side by side (one child per database at a time), to use both cores.
    """
    import threading

    figs = [CrashFigures() for _ in range(lanes)]
    t0 = time.perf_counter()
    threads = []
    for i in range(lanes):
        sub = folder / f"第{i + 1}道"
        sub.mkdir(parents=True, exist_ok=True)
        n = kills // lanes + (i < kills % lanes)
        threads.append(threading.Thread(target=_guarded_lane, args=(sub, n, seed + i, max_delay, figs[i], figs, progress)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = _sum(figs)
    total.seconds = time.perf_counter() - t0
    return total


def _sum(figs: list[CrashFigures]) -> CrashFigures:
    total = CrashFigures()
    for f in figs:
        for name in ("kills", "confirmed", "caught_half_way", "half_way_kept", "before_ready", "stale_locks", "lost"):
            setattr(total, name, getattr(total, name) + getattr(f, name))
        total.problems += f.problems
    return total


def _guarded_lane(*args) -> None:
    """A lane whose own failure is reported as a problem instead of vanishing with its thread."""
    import traceback

    try:
        _lane(*args)
    except BaseException:
        args[4].problems.append("检查程序本身出错：" + traceback.format_exc()[-1500:])


def _lane(folder: Path, kills: int, seed: int, max_delay: float, fig: CrashFigures, figs: list[CrashFigures],
          progress: Callable[[CrashFigures], None] | None) -> None:
    """Start the child `kills` times on one database, SIGKILL it at a random moment, check after each kill."""
    db = folder / "台账.db"
    seed_db(db)
    rnd = random.Random(seed)
    expected: dict[str, int] = {}          # token → places, for every change known to be in the database
    for k in range(kills):
        prefix = f"k{k:04d}"
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(rnd.randrange(1 << 30)), prefix],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
        head = b""    # unbuffered: communicate() reads the pipe itself, past anything a buffer had taken
        if rnd.random() < 0.1:                     # sometimes while it starts: importing, opening, recovering
            time.sleep(rnd.uniform(0.0, 0.12))
        else:
            head = first = child.stdout.readline()
            if first != b"READY\n":
                child.kill()
                child.wait()
                fig.problems.append(f"第{k + 1}次：子进程未能打开数据库：{first!r} {child.stderr.read().decode()[-800:]}")
                break
            time.sleep(rnd.uniform(0.0, max_delay))
        child.kill()                                # SIGKILL on POSIX: no cleanup, no flush, no unlock
        out, err = child.communicate()
        fig.kills += 1
        lines = (head + out).decode().split("\n")[:-1]      # a line cut by the kill has no newline: not reported
        if "READY" not in lines:
            fig.before_ready += 1
        begun: dict[str, int] = {}
        saved: list[str] = []
        for line in lines:
            word, *rest = line.split()
            if word == "BEGIN":
                begun[rest[0]] = int(rest[1])
            elif word == "SAVED":
                saved.append(rest[0])
        if err and b"Traceback" in err:
            fig.problems.append(f"第{k + 1}次：子进程出错：{err.decode()[-800:]}")
        found, problems, stale = tokens_in(db)
        fig.stale_locks += stale
        fig.problems += [f"第{k + 1}次强制结束后：{p}" for p in problems]
        for tok in saved:
            expected[tok] = begun[tok]
            fig.confirmed += 1
        half = [t for t in begun if t not in saved]
        for tok in half:                            # at most one: the change the kill interrupted
            fig.caught_half_way += 1
            if found.get(tok, 0) == begun[tok]:
                fig.half_way_kept += 1
                expected[tok] = begun[tok]
            elif found.get(tok, 0) != 0:
                fig.problems.append(f"第{k + 1}次：{tok} 只写入了一部分（{found[tok]}/{begun[tok]}处）")
        for tok, places in expected.items():
            if found.get(tok, 0) != places:
                fig.lost += 1
                fig.problems.append(f"第{k + 1}次：已确认保存的 {tok} 应在{places}处，只找到{found.get(tok, 0)}处")
        unknown = set(found) - set(expected)
        if unknown:
            fig.problems.append(f"第{k + 1}次：数据库里有未开始的修改 {sorted(unknown)[:3]}")
        if progress:
            progress(_sum(figs))
        if fig.problems:
            break


def test_two_hundred_kills_lose_nothing_reported_saved(tmp_path):
    fig = run_kills(tmp_path, 200)
    print(fig.as_text())
    assert fig.problems == []
    assert fig.kills == 200 and fig.lost == 0
    # the kills really landed in the middle of work, not only between runs
    assert fig.confirmed >= 400 and fig.caught_half_way >= 50 and fig.before_ready >= 5
    # every kill after the lock was taken left its lock file; each was taken over by the next open
    assert fig.stale_locks >= 200 - fig.before_ready


def test_the_next_open_after_a_kill_works_and_takes_over_the_lock(tmp_path):
    from models.store import Store

    db = tmp_path / "台账.db"
    seed_db(db, projects=3)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), "5", "k9999"], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout.readline() == b"READY\n"
    # while it runs, a second copy is refused with the Chinese message
    try:
        Store.open(db)
        raise AssertionError("second copy was let in")
    except Exception as exc:
        assert "已被另一个本程序打开" in str(exc)
    child.kill()
    child.communicate()
    lock = db.with_name(db.name + ".lock")
    assert lock.exists()                                   # left behind by the killed process
    s = Store.open(db)
    assert str(s._lock.fh.name) == str(lock) and '"pid"' in lock.read_text(encoding="utf-8")
    import json
    assert json.loads(lock.read_text(encoding="utf-8"))["pid"] != child.pid
    assert len(s.projects(YEAR)) >= 3
    s.close()
    assert not lock.exists()                               # a clean close leaves no lock file
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
