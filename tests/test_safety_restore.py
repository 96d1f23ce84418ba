"""restore FILE: the backup's projects come back, the database as it was is kept aside, a wrong file changes nothing."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli import main as cli_main
from models.backup import backups, inspect_backup, restore_from
from models.errors import StoreError
from models.project import Project
from models.store import Store
from cli_run import ROOT, dump, run


def names(db: Path) -> list[str]:
    s = Store.open(db, create=False)
    try:
        return sorted(p.name for p in s.projects())
    finally:
        s.close()


@pytest.fixture
def ledger(tmp_path):
    """A database with two projects, a backup of it, then a third project added after the backup."""
    db = tmp_path / "台账.db"
    s = Store.open(db)
    a = s.create_project(Project(name="城南污水处理厂", unit="区住建局"), 2024, 300_000_00)
    s.create_project(Project(name="第二人民医院", unit="区卫健委"), 2024, 900_000_00)
    s.set_figure(a, 2024, 3, {"ytd": 120_000_00, "progress": "主体完工"})
    from models.backup import backup_to

    backup = backup_to(s, tmp_path / "U盘" / "台账备份_20240401.db")
    s.create_project(Project(name="滨江路改造", unit="区住建局"), 2024, 100_000_00)
    s.close()
    return db, backup


def test_restore_brings_back_the_backup_and_keeps_the_current_data_aside(ledger):
    db, backup = ledger
    proc = run("--db", str(db), "restore", str(backup))
    assert proc.returncode == 0, proc.stderr
    assert "恢复：2个项目，最后修改时间 " in proc.stdout
    assert names(db) == ["城南污水处理厂", "第二人民医院"]
    s = Store.open(db)
    assert s.figure(s.find_project("城南污水处理厂", "区住建局").id, 2024, 3).ytd == 120_000_00
    s.close()
    # the database as it was (with 滨江路改造) is in the backup folder, named 恢复前, and the message says where
    safety = [p for p in backups(db.parent / "备份") if p.name.endswith("_恢复前.db")]
    assert len(safety) == 1 and str(safety[0]) in proc.stdout
    assert names(safety[0]) == ["城南污水处理厂", "滨江路改造", "第二人民医院"]
    proc = run("--db", str(db), "check")
    assert proc.returncode == 0 and "2个项目" in proc.stdout


def test_the_backup_file_itself_is_not_written_to(ledger):
    db, backup = ledger
    before = backup.read_bytes()
    restore_from(db, backup)
    assert backup.read_bytes() == before
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]   # no -wal/-shm left on the USB stick


def _newer(path: Path) -> Path:
    s = Store.open(path)
    s.close()
    c = sqlite3.connect(path)
    c.execute("PRAGMA user_version = 99")
    c.close()
    return path


def _foreign(path: Path) -> Path:
    c = sqlite3.connect(path)
    c.execute("CREATE TABLE contacts (name TEXT)")
    c.execute("PRAGMA user_version = 1")
    c.commit()
    c.close()
    return path


def _damaged(path: Path, good: Path) -> Path:
    data = bytearray(good.read_bytes())
    data[4096:len(data)] = b"\xa5" * (len(data) - 4096)          # header intact, every table page overwritten
    path.write_bytes(bytes(data))
    return path


def _file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


WRONG = {
    "一段文字": (lambda d, good: _file(d / "说明.db", "这不是数据库".encode()), "不是台账数据库文件"),
    "Excel文件": (lambda d, good: _file(d / "月报.xlsx", b"PK\x03\x04" + bytes(200)), "不是台账数据库文件"),
    "别的数据库": (lambda d, good: _foreign(d / "通讯录.db"), "不是台账数据库"),
    "损坏的备份": (lambda d, good: _damaged(d / "坏备份.db", good), "已损坏"),
    "较新版本": (lambda d, good: _newer(d / "新版.db"), "较新版本"),
    "文件夹": (lambda d, good: (d / "一个文件夹").mkdir() or d / "一个文件夹", "文件夹"),
    "不存在": (lambda d, good: d / "没有这个文件.db", "找不到备份文件"),
}


@pytest.mark.parametrize("label", list(WRONG))
def test_a_wrong_file_is_refused_and_nothing_changes(ledger, tmp_path, capsys, label):
    db, backup = ledger
    make, word = WRONG[label]
    folder = tmp_path / "wrong"
    folder.mkdir()
    wrong = make(folder, backup)
    before = dump(db)
    code = cli_main(["--db", str(db), "restore", str(wrong)])
    err = capsys.readouterr().err
    assert code == 1
    assert word in err and "Traceback" not in err, err
    assert dump(db) == before
    assert not (db.parent / "备份").exists()           # refused before anything was written, not even a copy


def test_a_newer_backup_is_refused_by_subprocess_too(ledger, tmp_path):
    db, _ = ledger
    before = dump(db)
    proc = run("--db", str(db), "restore", str(_newer(tmp_path / "新版.db")))
    assert proc.returncode == 1 and "较新版本的程序创建（结构版本99）" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert dump(db) == before


def test_restore_is_refused_while_another_copy_of_the_program_has_the_database(ledger):
    db, backup = ledger
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from models.store import Store; s = Store.open(sys.argv[1]); "
         "print('OPEN', flush=True); sys.stdin.read()", str(db)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "OPEN"
        before = dump(db)
        proc = run("--db", str(db), "restore", str(backup))
        assert proc.returncode == 1 and "已被另一个本程序打开" in proc.stderr, proc.stderr
        assert dump(db) == before
    finally:
        holder.stdin.close()
        holder.wait(10)
    assert names(db) == ["城南污水处理厂", "滨江路改造", "第二人民医院"]


def test_the_window_can_restore_while_its_store_is_open(ledger):
    db, backup = ledger
    s = Store.open(db)                       # the window's store, same process
    result = restore_from(db, backup)
    assert result.projects == 2 and result.safety_copy is not None
    assert sorted(p.name for p in s.projects()) == ["城南污水处理厂", "第二人民医院"]   # it reads the restored data
    s.close()
    s = Store.open(db)                       # and reopening (what the window does next) works
    assert len(s.projects()) == 2
    s.close()


def test_restore_replaces_a_database_damaged_beyond_reading(ledger):
    db, backup = ledger
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)      # as after a disk fault
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    with pytest.raises(StoreError):
        Store.open(db)
    result = restore_from(db, backup)
    assert names(db) == ["城南污水处理厂", "第二人民医院"]
    assert result.safety_copy is not None and result.safety_copy.read_bytes()[:16] == b"SQLite format 3\x00"


def test_a_backup_can_be_looked_at_before_restoring(ledger):
    _, backup = ledger
    projects, last = inspect_backup(backup)
    assert projects == 2 and last[:4].isdigit()
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]


def test_backups_read_from_a_usb_stick_leave_nothing_beside_them(ledger):
    """A backup is one self-contained file: reading it creates no -wal/-shm (it opens from read-only media)."""
    _, backup = ledger
    conn = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM projects").fetchone()[0] == 2
    conn.close()
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]


def test_an_upgrade_of_the_database_structure_takes_a_backup_first(tmp_path, monkeypatch):
    import models.store as store_mod

    db = tmp_path / "台账.db"
    s = Store.open(db)
    s.create_project(Project(name="城南污水处理厂", unit="区住建局"), 2024, 100)
    s.close()
    added = []
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", store_mod.SCHEMA_VERSION + 1)
    monkeypatch.setattr(store_mod, "MIGRATIONS", [*store_mod.MIGRATIONS, lambda d: added.append(2)])
    s = Store.open(db)
    now = store_mod.SCHEMA_VERSION - 1
    assert added == [2] and f"数据库结构已从版本{now}升级到{now + 1}" in s.warnings
    s.close()
    copies = [p for p in backups(db.parent / "备份") if p.name.endswith("_升级前.db")]
    assert len(copies) == 1
    c = sqlite3.connect(copies[0])
    assert c.execute("PRAGMA user_version").fetchone()[0] == store_mod.SCHEMA_VERSION - 1
    assert c.execute("SELECT name FROM projects").fetchall() == [("城南污水处理厂",)]
    c.close()


def test_an_upgrade_that_cannot_back_up_is_not_done(tmp_path, monkeypatch):
    import models.store as store_mod

    db = tmp_path / "台账.db"
    Store.open(db).close()
    s = Store.open(db)
    s.set_settings({"backup_dir": str(tmp_path / "只是一个文件")})
    s.close()
    (tmp_path / "只是一个文件").write_text("x")            # the backup folder cannot be made
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", store_mod.SCHEMA_VERSION + 1)
    monkeypatch.setattr(store_mod, "MIGRATIONS", [*store_mod.MIGRATIONS, lambda d: None])
    with pytest.raises(StoreError) as info:
        Store.open(db)
    assert "升级数据库结构前未能备份" in str(info.value)
    c = sqlite3.connect(db)
    assert c.execute("PRAGMA user_version").fetchone()[0] == store_mod.SCHEMA_VERSION - 1
    c.close()


def test_deleting_several_projects_takes_a_backup_and_is_one_undo(tmp_path):
    s = Store.open(tmp_path / "台账.db")
    ids = [s.create_project(Project(name=n, unit="区住建局"), 2024, 100) for n in ("甲项目", "乙项目", "丙项目")]
    assert s.delete_projects(ids[:2]) == 2
    assert [p.name for p in s.projects()] == ["丙项目"]
    copy = next(p for p in backups(tmp_path / "备份") if p.name.endswith("_批量删除前.db"))
    c = sqlite3.connect(copy)
    assert sorted(r[0] for r in c.execute("SELECT name FROM projects")) == ["丙项目", "乙项目", "甲项目"]
    c.close()
    assert s.undo() == "删除2个项目"
    assert sorted(p.name for p in s.projects()) == ["丙项目", "乙项目", "甲项目"]
    s.close()


def test_the_number_of_backups_kept_is_the_setting(tmp_path):
    from models.backup import backup_before

    s = Store.open(tmp_path / "台账.db")
    s.set_settings({"backup_keep": 3})
    made = []
    for _ in range(5):
        made.append(backup_before(s, "导入前"))
        time.sleep(0.002)
    s.close()
    assert backups(tmp_path / "备份") == made[::-1][:3]


def test_backups_of_a_big_taizhang_stay_within_the_space_set_and_the_newest_three_always_stay(tmp_path):
    from models.backup import MIN_KEEP, prune

    folder = tmp_path / "备份"
    folder.mkdir()
    made = []
    for day in range(1, 11):        # ten 300 MB copies of a 台账 full of photos (sparse files: no real disk used)
        f = folder / f"台账备份_202412{day:02d}_090000_000000_每日.db"
        with open(f, "wb") as fh:
            fh.truncate(300 * 1024 ** 2)
        made.append(f)
    prune(folder, 30, 1024 ** 3)                    # 1 GB allowed: three of them fit
    assert backups(folder) == made[::-1][:3]
    prune(folder, 30, 100 * 1024 ** 2)              # less than one: still the newest MIN_KEEP
    assert len(backups(folder)) == MIN_KEEP == 3
