"""The command line when the world gets in the way: the database held by another copy or by another SQLite tool,
a full disk, an export target open in Excel/WPS. Each time a Chinese message, exit 1, and nothing half-done."""
from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import fixtures_returns as fx
from cli import main as cli_main
from models.demo import make_demo
from models.store import Store
from cli_run import ROOT, dump, run

OLD = "上周导出的月报，不能被半个文件替换".encode()


@pytest.fixture
def ledger(tmp_path) -> Path:
    db = tmp_path / "台账.db"
    s = Store.open(db)
    make_demo(s, projects=12, year=2024, seed=3)
    s.close()
    return db


@pytest.fixture
def other_copy(ledger):
    """Another copy of the program with the database open (a second window on the same PC)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from models.store import Store; s = Store.open(sys.argv[1]); "
         "print('OPEN', flush=True); sys.stdin.read()", str(ledger)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "OPEN"
    yield holder
    holder.stdin.close()
    holder.wait(10)


# ---- one writer ------------------------------------------------------------------------------------------
def test_a_second_copy_cannot_import_or_change_anything(ledger, other_copy, tmp_path):
    shape = fx.simple(tmp_path)
    before = dump(ledger)
    for args in (["import", str(shape.path)], ["demo", "--projects", "2"], ["init"]):
        proc = run("--db", str(ledger), *args)
        assert proc.returncode == 1, args
        assert "已被另一个本程序打开" in proc.stderr and "同一时间只能有一个程序修改台账" in proc.stderr
        assert "Traceback" not in proc.stderr
    assert dump(ledger) == before


def test_backup_and_check_still_work_while_the_window_is_open(ledger, other_copy, tmp_path):
    proc = run("--db", str(ledger), "check")
    assert proc.returncode == 0 and "数据库完好，12个项目" in proc.stdout, proc.stderr
    proc = run("--db", str(ledger), "backup", str(tmp_path / "U盘"))
    assert proc.returncode == 0, proc.stderr
    copy = next((tmp_path / "U盘").glob("台账备份_*.db"))
    c = sqlite3.connect(copy)
    assert c.execute("SELECT count(*) FROM projects").fetchone()[0] == 12
    c.close()


# ---- another SQLite tool holding the write lock -------------------------------------------------------------
def _hold_write_lock(db: Path, seconds: float, ready: threading.Event) -> None:
    """What a database browser does while its user edits a row and has not pressed 保存 yet."""
    conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE projects SET remark = '别的程序正在改' WHERE id = 1")
    ready.set()
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def test_a_write_lock_held_too_long_gives_a_message_and_the_import_is_not_half_done(ledger, tmp_path, capsys):
    shape = fx.simple(tmp_path)
    before = dump(ledger)
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(ledger, 6.0, ready))
    holder.start()
    ready.wait(5)
    t = time.perf_counter()
    code = cli_main(["--db", str(ledger), "import", str(shape.path)])
    waited = time.perf_counter() - t
    err = capsys.readouterr().err
    holder.join()
    assert code == 1 and "正被另一个程序使用" in err and "Traceback" not in err, err
    assert waited >= 4.5                         # it waited (busy timeout) before giving up
    assert dump(ledger) == before


def test_a_short_write_lock_only_delays_the_import(ledger, tmp_path, capsys):
    shape = fx.simple(tmp_path)
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(ledger, 0.8, ready))
    holder.start()
    ready.wait(5)
    code = cli_main(["--db", str(ledger), "import", str(shape.path)])
    holder.join()
    assert code == 0, capsys.readouterr().err
    s = Store.open(ledger)
    assert s.find_project("城南污水处理厂", "区住建局") is not None
    assert s.project(1).remark != "别的程序正在改"
    s.close()


# ---- exports: full disk, file open in Excel/WPS --------------------------------------------------------------
EXPORTS = {
    "月报": ["export-monthly", "--year", "2024", "--month", "6"],
    "项目清单": ["export-list", "--year", "2024", "--month", "6"],
}


def _disk_fills_half_way(monkeypatch) -> None:
    """The disk fills while the workbook is written: half of it reaches the file, then ENOSPC."""
    import openpyxl.workbook.workbook as wbmod

    real = wbmod.Workbook.save

    def save(self, filename):
        real(self, filename)
        data = Path(filename).read_bytes()
        Path(filename).write_bytes(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(wbmod.Workbook, "save", save)


@pytest.mark.parametrize("kind", list(EXPORTS))
def test_a_full_disk_leaves_the_old_export_and_no_half_file(ledger, tmp_path, monkeypatch, capsys, kind):
    out = tmp_path / "导出"
    out.mkdir()
    target = out / f"{kind}.xlsx"
    target.write_bytes(OLD)
    _disk_fills_half_way(monkeypatch)
    code = cli_main(["--db", str(ledger), *EXPORTS[kind], str(target)])
    err = capsys.readouterr().err
    assert code == 1 and "磁盘空间不足" in err and "原有文件未被改动" in err, err
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in out.iterdir()) == [target.name]          # no temporary file left behind


@pytest.mark.parametrize("kind", list(EXPORTS))
def test_an_export_over_a_file_open_in_excel_says_so_and_keeps_it(ledger, tmp_path, monkeypatch, capsys, kind):
    import exporters.atomic as atomic

    out = tmp_path / "导出"
    out.mkdir()
    target = out / f"{kind}.xlsx"
    target.write_bytes(OLD)

    def replace(src, dst):           # what Windows answers when Excel/WPS holds the file (or it is read-only)
        raise PermissionError(errno.EACCES, "另一个程序正在使用此文件，进程无法访问。", str(dst))

    monkeypatch.setattr(atomic.os, "replace", replace)
    code = cli_main(["--db", str(ledger), *EXPORTS[kind], str(target)])
    err = capsys.readouterr().err
    assert code == 1 and "Excel/WPS" in err and "请关闭该文件后重试" in err, err
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in out.iterdir()) == [target.name]


# ---- a real full disk: a 64 KB tmpfs (needs the right to mount; skipped elsewhere) ----------------------------
@pytest.fixture
def tiny_disk(tmp_path):
    mnt = tmp_path / "小U盘"
    mnt.mkdir()
    if not shutil.which("mount") or os.name != "posix" or os.geteuid() != 0:
        pytest.skip("需要 root 权限挂载一个很小的 tmpfs")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        pytest.skip("无法挂载 tmpfs：" + r.stderr.decode(errors="replace"))
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


@pytest.fixture
def big_ledger(tmp_path) -> Path:
    db = tmp_path / "大台账.db"
    s = Store.open(db)
    make_demo(s, projects=1500, year=2024, seed=5)         # a 月报 of ~200 KB: more than the disk holds
    s.close()
    return db


def test_a_really_full_disk_keeps_the_old_monthly_report(big_ledger, tiny_disk):
    target = tiny_disk / "月报.xlsx"
    target.write_bytes(OLD)
    proc = run("--db", str(big_ledger), *EXPORTS["月报"], str(target))
    assert proc.returncode == 1 and "磁盘空间不足" in proc.stderr, proc.stderr
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tiny_disk.iterdir()) == [target.name]
    # a backup that does not fit says so and leaves no part-file either
    proc = run("--db", str(big_ledger), "backup", str(tiny_disk))
    assert proc.returncode == 1 and "备份失败" in proc.stderr and "磁盘已满" in proc.stderr, proc.stderr
    assert sorted(p.name for p in tiny_disk.iterdir()) == [target.name]


def test_a_really_full_disk_prints_no_traceback(big_ledger, tiny_disk):
    proc = run("--db", str(big_ledger), *EXPORTS["月报"], str(tiny_disk / "月报.xlsx"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr


def test_an_export_is_readable_by_the_office_like_any_new_file(tmp_path):
    """mkstemp makes owner-only files; an export shared on the office network must not be."""
    import os

    from exporters.atomic import atomic_path

    target = tmp_path / "清单.pdf"
    old = os.umask(0o022)
    try:
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"%PDF-1.4")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644
    target.chmod(0o600)                      # a file the clerk restricted keeps its permissions
    with atomic_path(target) as tmp:
        tmp.write_bytes(b"%PDF-1.5")
    assert target.stat().st_mode & 0o777 == 0o600 and target.read_bytes() == b"%PDF-1.5"


def test_a_really_full_disk_keeps_the_old_project_list_pdf(big_ledger, tiny_disk):
    # QPdfWriter never reports a failed write: the PDF is made in memory and written by Python, which does
    target = tiny_disk / "项目清单.pdf"
    target.write_bytes(OLD)
    proc = run("--db", str(big_ledger), *EXPORTS["项目清单"], str(target))
    assert proc.returncode == 1 and "磁盘空间不足" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tiny_disk.iterdir()) == [target.name]
