"""The paths only Windows takes, tested here: each OS primitive is swapped for one that behaves as Windows does."""
from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from cli import console
from cli_run import ROOT

RARE = "刘䶮（𠀾）"     # characters of real names that GBK (cp936) lacks and GB18030 has


# ---- console encoding --------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def frozen_like(monkeypatch):
    """As in the frozen program: no PYTHONUTF8 or PYTHONIOENCODING of the developer's decides the encoding."""
    monkeypatch.setattr(console, "_python_told", lambda: False)


def redirected(encoding: str) -> io.TextIOWrapper:
    """A stdout redirected to a file, as Python opens it on Windows: in the ANSI code page, strict."""
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict")


def test_a_batch_redirect_on_a_chinese_windows_gets_gb18030_with_every_character():
    out = redirected("cp936")
    with pytest.raises(UnicodeEncodeError):      # what Python does by itself with such a name
        out.write(RARE)
    out = redirected("cp936")
    console.configure(out, windows=True, console_cp=lambda: 936, ansi=lambda: "cp936")
    out.write(f"导入完成：{RARE} 尹集乡\n")
    out.flush()
    raw = out.buffer.getvalue()
    assert raw.decode("gb18030") == f"导入完成：{RARE} 尹集乡\n"
    assert "尹集乡".encode("gbk") in raw            # `type` and Notepad (ANSI) on that PC read it as written


def test_a_scheduled_task_without_a_console_writes_the_ansi_code_page():
    assert console.redirect_encoding(0, "cp936") == "gb18030"
    assert console.redirect_encoding(65001, "cp936") == "utf-8"     # chcp 65001 in the batch file
    assert console.redirect_encoding(0, "cp1252") == "cp1252"


def test_text_output_never_crashes_on_a_code_page_without_chinese():
    out = redirected("cp1252")          # Wine with LANG=C, or an English Windows
    console.configure(out, windows=True, console_cp=lambda: 1252, ansi=lambda: "cp1252")
    out.write("导入完成：30个项目\n")
    out.flush()
    assert out.buffer.getvalue() == b"?????30???\n"


def test_json_is_utf8_bytes_whatever_the_code_page():
    out = redirected("cp936")
    console.configure(out, windows=True, console_cp=lambda: 936, ansi=lambda: "cp936")
    out.write("提示：先打印的一行\n")
    console.write_json({"单位": RARE}, out)
    head, body = out.buffer.getvalue().split(b"\n", 1)
    assert head.decode("gb18030") == "提示：先打印的一行"
    assert json.loads(body.decode("utf-8")) == {"单位": RARE}


def test_summary_json_is_utf8_and_import_prints_under_a_narrow_code_page(tmp_path, example_path):
    """The real command line, its output encoding forced as a cp936 or cp1252 console would have it."""
    db = str(tmp_path / "t.db")

    def run(encoding: str, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONIOENCODING": encoding}
        return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", db, *args], capture_output=True,
                              env=env, cwd=ROOT, timeout=300)

    imported = run("cp1252", "import", str(example_path))
    assert imported.returncode == 0, imported.stderr.decode("utf-8", "replace")
    assert b"30" in imported.stdout and b"Traceback" not in imported.stderr
    summary = run("cp936", "summary", "--year", "2009", "--month", "4", "--json")
    assert summary.returncode == 0
    data = json.loads(summary.stdout.decode("utf-8"))
    assert data["projects"] == 30 and data["ytd"] == "77000.00"
    assert data == json.loads(run("utf-8", "summary", "--year", "2009", "--month", "4", "--json").stdout)


# ---- the single-writer lock --------------------------------------------------------------------------------
class WindowsLocks:
    """Windows' byte-range locks: a locked byte can be neither locked nor read through another handle."""

    def __init__(self, lock_module) -> None:
        self.lock, self.held = lock_module, {}       # file id → (fd, locked offset)

    def try_lock(self, fd: int) -> bool:
        key = os.fstat(fd).st_ino
        if key in self.held and self.held[key][0] != fd:
            return False
        self.held[key] = (fd, self.lock.LOCK_OFFSET)
        return True

    def unlock(self, fd: int) -> None:
        self.held.pop(os.fstat(fd).st_ino, None)

    def read_head(self, fd: int, size: int) -> bytes:
        key = os.fstat(fd).st_ino
        if key in self.held and self.held[key][0] != fd and self.held[key][1] < size:
            raise PermissionError(13, "另一个程序已锁定文件的一部分，进程无法访问")   # ERROR_LOCK_VIOLATION
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, size)


def test_a_second_copy_on_windows_still_names_who_has_the_taizhang_open(tmp_path, monkeypatch):
    from models import lock
    from models.errors import StoreError

    win = WindowsLocks(lock)
    monkeypatch.setattr(lock, "_try_lock", win.try_lock)
    monkeypatch.setattr(lock, "_unlock", win.unlock)
    monkeypatch.setattr(lock, "_read_head", win.read_head)
    monkeypatch.setattr(lock, "_user", lambda: "张三")
    db = tmp_path / "台账.db"
    first = lock.acquire(db)
    monkeypatch.setattr(lock, "_held", {})          # what a second program sees: nothing held by itself
    with pytest.raises(StoreError) as err:
        lock.acquire(db)
    assert "张三" in str(err.value) and "起）" in str(err.value)
    monkeypatch.setattr(lock, "_held", {str(first.path): first})
    first.release()
    second = lock.acquire(db)                        # released: the next copy gets it
    second.release()


# ---- the data folder ---------------------------------------------------------------------------------------
def test_windows_keeps_the_taizhang_in_localappdata(tmp_path):
    from models.store import data_dir

    env = {"LOCALAPPDATA": str(tmp_path / "Local"), "APPDATA": str(tmp_path / "Roaming")}
    assert data_dir(env, windows=True) == tmp_path / "Local" / "重点项目台账"
    assert data_dir({"XDG_DATA_HOME": str(tmp_path / "xdg")}, windows=False) == tmp_path / "xdg" / "重点项目台账"


def test_a_taizhang_an_older_version_left_in_roaming_appdata_is_still_used(tmp_path):
    from models.store import data_dir

    old = tmp_path / "Roaming" / "重点项目台账"
    old.mkdir(parents=True)
    (old / "台账.db").write_bytes(b"")
    env = {"LOCALAPPDATA": str(tmp_path / "Local"), "APPDATA": str(tmp_path / "Roaming")}
    assert data_dir(env, windows=True) == old
    new = tmp_path / "Local" / "重点项目台账"           # once there is one in LOCALAPPDATA, that one wins
    new.mkdir(parents=True)
    (new / "台账.db").write_bytes(b"")
    assert data_dir(env, windows=True) == new


def test_the_error_log_goes_to_the_data_folder(tmp_path, monkeypatch):
    import cli

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(os, "name", "posix")
    try:
        raise RuntimeError("测试")
    except RuntimeError:
        log = cli._crash_log()
    assert log == tmp_path / "重点项目台账" / "错误日志.txt" and "测试" in log.read_text(encoding="utf-8")


# ---- replacing a file that antivirus holds for a moment ----------------------------------------------------
def sharing_violation() -> PermissionError:
    exc = PermissionError(13, "另一个程序正在使用此文件，进程无法访问。")
    exc.winerror = 32        # what Windows sets; Linux never does
    return exc


def test_an_export_waits_for_the_virus_scanner_then_replaces(tmp_path):
    from exporters import atomic

    target, tmp = tmp_path / "月报.xlsx", tmp_path / "new.tmp"
    target.write_bytes(b"old")
    tmp.write_bytes(b"new")
    calls, waits = [], []

    def busy_twice(src, dst):
        calls.append(dst)
        if len(calls) <= 2:
            raise sharing_violation()
        os.replace(src, dst)

    atomic.replace_patiently(tmp, target, busy_twice, waits.append)
    assert target.read_bytes() == b"new" and len(calls) == 3 and len(waits) == 2


def test_a_file_open_in_excel_is_reported_after_about_one_and_a_half_seconds(tmp_path, monkeypatch):
    from exporters import atomic
    from models.errors import ExportError

    target = tmp_path / "清单.xlsx"
    target.write_bytes(b"the clerk's open file")
    waits: list[float] = []
    real = atomic.replace_patiently

    def always_busy(src, dst):
        raise sharing_violation()

    monkeypatch.setattr(atomic, "replace_patiently", lambda s, d: real(s, d, always_busy, waits.append))
    with pytest.raises(ExportError) as err:
        with atomic.atomic_path(target) as tmp:
            tmp.write_bytes(b"new")
    assert "Excel/WPS" in str(err.value)
    assert target.read_bytes() == b"the clerk's open file" and list(tmp_path.iterdir()) == [target]
    assert 1.0 <= sum(waits) <= 2.0


def test_other_errors_are_not_retried(tmp_path):
    from exporters import atomic

    waits: list[float] = []

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        atomic.replace_patiently(tmp_path / "a", tmp_path / "b", disk_full, waits.append)
    assert waits == []


# ---- backup names at Windows' clock resolution -------------------------------------------------------------
def test_two_backups_in_one_clock_tick_are_two_files(example_store, monkeypatch):
    from models import backup

    monkeypatch.setattr(backup, "_stamp", lambda: "20090430_083015_123000")   # a 15 ms clock: same stamp
    first = backup.backup_before(example_store, "导入前")
    second = backup.backup_before(example_store, "导入前")
    assert first != second and first.exists() and second.exists()
    assert [p.name for p in backup.backups(first.parent)] == [second.name, first.name]   # newest first
    for p in (first, second):
        assert backup.inspect_backup(p)[0] == 30


# ---- a 台账 on a network share (UNC path) ------------------------------------------------------------------
@pytest.mark.parametrize("path, uri", [
    (PureWindowsPath(r"\\server\share\台账\台账.db"),
     "file:////server/share/%E5%8F%B0%E8%B4%A6/%E5%8F%B0%E8%B4%A6.db?mode=ro"),
    (PureWindowsPath(r"C:\Users\张三\AppData\Local\重点项目台账\台账.db"),
     "file:///C:/Users/%E5%BC%A0%E4%B8%89/AppData/Local/"
     "%E9%87%8D%E7%82%B9%E9%A1%B9%E7%9B%AE%E5%8F%B0%E8%B4%A6/%E5%8F%B0%E8%B4%A6.db?mode=ro"),
    (PureWindowsPath(r"D:\备份 #1\50%?.db"), "file:///D:/%E5%A4%87%E4%BB%BD%20%231/50%25%3F.db?mode=ro"),
    (PurePosixPath("/home/张三/台账.db"), "file:///home/%E5%BC%A0%E4%B8%89/%E5%8F%B0%E8%B4%A6.db?mode=ro"),
])
def test_the_readonly_uri_takes_shares_drives_and_odd_names(path, uri):
    from models.backup import readonly_uri

    assert readonly_uri(path) == uri


def test_sqlite_parses_a_share_uri_with_an_empty_authority(tmp_path):
    """pathlib's file://server/share/… is refused by SQLite; ours reaches the path (here a POSIX '//…')."""
    from models.backup import readonly_uri

    db = tmp_path / "台账 #1.db"
    sqlite3.connect(db).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(sqlite3.OperationalError):
        sqlite3.connect(PureWindowsPath(r"\\server\share\台账.db").as_uri() + "?mode=ro", uri=True)
    share_like = PurePosixPath("/" + str(db))        # '//tmp/…' is the same file on Linux, as '\\server\…' on Windows
    conn = sqlite3.connect(readonly_uri(share_like), uri=True)
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("INSERT INTO t VALUES (1)")      # read-only: backup and check never write
    conn.close()


# ---- GB18030 text from Notepad -----------------------------------------------------------------------------
def test_an_analysis_saved_by_notepad_as_ansi_keeps_rare_characters(tmp_path, example_path):
    from cli_run import run
    from models.analysis_texts import load_draft
    from models.store import Store

    db = tmp_path / "t.db"
    assert run("--db", str(db), "import", str(example_path)).returncode == 0
    draft = tmp_path / "修改稿.txt"
    text = f"2009年1—4月重点项目进展情况\r\n{RARE}同志牵头的项目进展顺利。\r\n"
    draft.write_bytes(text.encode("gb18030"))
    saved = run("--db", str(db), "save-analysis", "--year", "2009", "--month", "4", str(draft))
    assert saved.returncode == 0, saved.stderr
    s = Store.open(db)
    try:
        assert RARE in load_draft(s, 2009, 4).text
    finally:
        s.close()


# ---- painting the PDF with no desktop ----------------------------------------------------------------------
def test_export_list_pdf_paints_offscreen_even_where_the_desktop_is_unreachable(tmp_path, example_path):
    """A scheduled task (or Wine without X) has a display setting that leads nowhere: the PDF is still made."""
    from cli_run import run

    db = str(tmp_path / "t.db")
    assert run("--db", db, "import", str(example_path)).returncode == 0
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["DISPLAY"] = ":97"          # no X server there: Qt's default platform would abort the process
    pdf = tmp_path / "清单.pdf"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", db, "export-list", str(pdf),
                           "--year", "2009", "--month", "4"], capture_output=True, text=True, encoding="utf-8",
                          env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and "30个项目" in done.stdout
