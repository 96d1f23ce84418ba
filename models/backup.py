"""Rolling backups with SQLite's online backup API: a consistent copy even while the program runs; restore."""
from __future__ import annotations

import datetime as dt
import errno
import json
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote

from .errors import StoreError

if TYPE_CHECKING:
    from .store import Store

PREFIX = "台账备份_"
DEFAULT_MAX_GB = 10         # what the rolling backups may take on disk (设置 → 备份); the newest MIN_KEEP stay
MIN_KEEP = 3
SQLITE_HEADER = b"SQLite format 3\x00"


def backup_dir(store: Store) -> Path:
    """The backup folder: the setting (e.g. a USB stick) or 备份 beside the database."""
    folder = store.setting("backup_dir", "") if store.path is not None else ""
    # callers check store.path first: an in-memory store has no backups
    return Path(folder) if folder else Path(cast(Path, store.path)).parent / "备份"


def backup_to(store: Store, target: Path) -> Path:
    """Copy the live database to `target` (written to a temporary name, then renamed into place)."""
    return _copy_db(store.conn, Path(target))


def _copy_db(conn: sqlite3.Connection, target: Path) -> Path:
    """SQLite's backup API into a temporary file, made a single self-contained file, then renamed to `target`."""
    tmp = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.backup(dst)
            # a rollback-journal file opens anywhere, even from a read-only USB stick (WAL would need a -shm beside it)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        tmp.replace(target)
    except (OSError, sqlite3.Error) as exc:
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                Path(str(tmp) + suffix).unlink(missing_ok=True)
            except OSError:
                pass
        raise StoreError(f"备份失败（{target}）：{_reason(exc)}") from exc
    return target


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "磁盘已满"
    text = str(exc)
    if "full" in text.lower():
        return "磁盘已满"
    return getattr(exc, "strerror", None) or text


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d_%H%M%S_%f")


def _reserve_name(folder: Path, reason: str) -> Path:
    """A new backup name, reserved by creating the file exclusively.

    Windows' clock moves in steps of about 15 ms, so two backups (导入前 and 每日, or two copies of the program)
    can get the same time stamp: the second one gets _2, _3… instead of overwriting the first.
    """
    stamp = _stamp()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        target = folder / (f"{PREFIX}{stamp}_{reason}.db" if n == 1 else f"{PREFIX}{stamp}_{reason}_{n}.db")
        try:
            with open(target, "xb"):
                return target
        except FileExistsError:
            continue
    raise StoreError(f"备份失败：「{folder}」里同一时刻的备份文件太多")


def readonly_uri(path: PurePath) -> str:
    """SQLite's read-only file: URI for a path: /home/…, C:\\…, or a share \\\\server\\share\\… alike.

    pathlib's as_uri() writes a share as file://server/share/…, and SQLite refuses any authority but
    localhost; a share needs an empty authority and the two leading slashes in the path (file:////server/…).
    """
    text = path.as_posix()
    if not text.startswith("/"):
        text = "/" + text           # C:/… → /C:/…
    return "file://" + quote(text, safe="/:") + "?mode=ro"


def backup_before(store: Store, reason: str) -> Path | None:
    """A rolling backup before risky work (导入前、升级前、批量删除前、每日); keeps the newest N."""
    if store.path is None:
        return None
    folder = backup_dir(store)
    try:
        target = _reserve_name(folder, reason)
    except OSError as exc:
        raise StoreError(f"备份失败（{folder}）：{_reason(exc)}") from exc
    try:
        path = backup_to(store, target)
    except StoreError:
        target.unlink(missing_ok=True)      # no empty file that looks like a backup
        raise
    prune(folder, int(store.setting("backup_keep", 30) or 30),
          int(float(store.setting("backup_max_gb", DEFAULT_MAX_GB) or DEFAULT_MAX_GB) * 1024 ** 3))
    return path


def daily_backup(store: Store) -> Path | None:
    """Once a day, on open."""
    if store.path is None:
        return None
    folder = backup_dir(store)
    today = dt.date.today().strftime("%Y%m%d")
    if any(folder.glob(f"{PREFIX}{today}_*")):
        return None
    return backup_before(store, "每日")


def backups(folder: Path) -> list[Path]:
    """Backups in a folder, newest first."""
    return sorted(folder.glob(f"{PREFIX}*.db"), reverse=True)


def prune(folder: Path, keep: int, max_bytes: int | None = None) -> None:
    """Keep the newest `keep` backups, and of those no more than fit in `max_bytes` — but always the newest
    MIN_KEEP. A 台账 with a year of photos is a gigabyte: thirty copies of it would fill an office PC's disk."""
    files = backups(folder)
    kept = files[:max(keep, 1)]
    for old in files[max(keep, 1):]:
        old.unlink(missing_ok=True)
    if max_bytes is None:
        return
    sizes = {f: _size(f) for f in kept}
    total = sum(sizes.values())
    while total > max_bytes and len(kept) > MIN_KEEP:
        old = kept.pop()
        old.unlink(missing_ok=True)
        total -= sizes[old]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def open_reader(db_path: str | Path) -> Any:
    """A Store over a read-only connection: no writer lock, no upgrade, nothing written.

    For `backup` and `check` while the window (the one writer) has the database open: SQLite gives a reader a
    consistent snapshot beside a writer.
    """
    from .schema import SCHEMA_VERSION
    from .store import Store

    p = Path(db_path)
    if not p.exists():
        raise StoreError(f"找不到数据库「{p}」")
    if p.is_dir():
        raise StoreError(f"「{p}」是一个文件夹，不是台账数据库")
    try:
        with open(p, "rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                raise StoreError(f"「{p}」不是台账数据库文件")
        conn = sqlite3.connect(readonly_uri(p.resolve()), uri=True, isolation_level=None, timeout=5.0,
                               check_same_thread=False)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"无法打开数据库「{p}」：{_reason(exc)}") from exc
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"数据库「{p}」已损坏，SQLite 无法读取（{exc}）。请用 restore 从最近的备份恢复") from exc
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(f"数据库由较新版本的程序创建（结构版本{version}），请升级本程序后再打开")
    if "projects" not in tables:
        conn.close()
        raise StoreError(f"「{p}」不是台账数据库（没有项目表）")
    return Store(conn, p)


# ---- restore -------------------------------------------------------------------------------------------------
@dataclass
class RestoreResult:
    """What a restore put in place, and where the database as it was before is kept."""

    source: Path
    projects: int
    last_modified: str | None          # time of the last saved change in the restored file
    safety_copy: Path | None           # the database as it was before the restore (None when there was none)

    def as_text(self) -> str:
        when = (self.last_modified or "无修改记录").replace("T", " ")
        lines = [f"已从「{self.source}」恢复：{self.projects}个项目，最后修改时间 {when}。"]
        if self.safety_copy is not None:
            lines.append(f"恢复前的数据库已另存为：{self.safety_copy}")
        return "\n".join(lines)


def inspect_backup(file: str | Path) -> tuple[int, str | None]:
    """(项目数, 最后修改时间) of a 台账 database file, for a window to show before restoring it.

    Raises StoreError in Chinese when the file is not a sound 台账 database. The file itself is not opened by
    SQLite (that would leave -wal/-shm files beside a backup on a USB stick): a private copy is checked.
    """
    import tempfile

    src = _check_file(Path(file))
    with tempfile.TemporaryDirectory(prefix="taizhang_") as tmp:
        work = Path(tmp) / "检查.db"
        _copy_file_with_wal(src, work)
        return _inspect(work, src.name)


def _check_file(src: Path) -> Path:
    if not src.exists():
        raise StoreError(f"找不到备份文件「{src}」")
    if src.is_dir():
        raise StoreError(f"「{src}」是一个文件夹，请选择备份文件（.db）")
    try:
        with open(src, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"无法读取「{src}」：{exc.strerror or exc}") from exc
    if head != SQLITE_HEADER:
        raise StoreError(f"「{src.name}」不是台账数据库文件（可能选错了文件），未做任何改动")
    return src


def _inspect(work: Path, name: str) -> tuple[int, str | None]:
    """Check a private copy: integrity, schema version, a projects table. `name` is what messages call it."""
    from .schema import SCHEMA_VERSION

    conn = sqlite3.connect(str(work), isolation_level=None)
    try:
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"「{name}」已损坏，SQLite 无法读取（{exc}），不能用来恢复，请换一个备份") from exc
        if result != "ok":
            raise StoreError(f"「{name}」已损坏（完整性检查未通过：{result}），不能用来恢复，请换一个备份")
        if version > SCHEMA_VERSION:
            raise StoreError(f"「{name}」由较新版本的程序创建（结构版本{version}），请升级本程序后再恢复")
        if version < 1 or "projects" not in tables:
            raise StoreError(f"「{name}」是一个数据库文件，但不是台账数据库（没有项目表），不能用来恢复")
        projects = conn.execute("SELECT count(*) FROM projects").fetchone()[0]
        last = conn.execute("SELECT max(ts) FROM operations").fetchone()[0] if "operations" in tables else None
        return int(projects), last
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"「{name}」已损坏，SQLite 无法读取（{exc}），不能用来恢复，请换一个备份") from exc
    finally:
        conn.close()


def restore_from(db_path: str | Path, file: str | Path) -> RestoreResult:
    """Replace the database at `db_path` by the backup `file`, after a safety copy of it (reason 恢复前).

    The file is checked first (SQLite header, integrity_check, schema version, a projects table): a wrong file
    raises StoreError with a Chinese message and the database is not touched. The copy goes in through SQLite's
    backup API under the database's lock, so another copy of the program cannot be writing meanwhile; a
    Store of this process may stay open (it reads the restored data), but the window should reopen it to
    refresh everything it shows.
    """
    from .lock import acquire

    db = Path(db_path)
    src = _check_file(Path(file))
    if db.exists() and src.resolve() == db.resolve():
        raise StoreError(f"「{src.name}」就是当前使用的数据库，请选择一个备份文件")
    db.parent.mkdir(parents=True, exist_ok=True)
    lock = acquire(db)
    # work on a private copy: the backup on the USB stick is never written to, and cannot change under us
    work = db.with_name(f".{db.name}.restore_{_stamp()}")
    try:
        _copy_file_with_wal(src, work)
        projects, last = _inspect(work, src.name)
        safety = _safety_copy(db)
        _write_into(work, db)
        return RestoreResult(src, projects, last, safety)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(work) + suffix).unlink(missing_ok=True)
        lock.release()


def _copy_file_with_wal(src: Path, dst: Path) -> None:
    try:
        shutil.copyfile(src, dst)
        wal = Path(str(src) + "-wal")
        if wal.exists() and wal.stat().st_size:   # a copy taken while its program ran: the WAL holds the latest
            shutil.copyfile(wal, Path(str(dst) + "-wal"))
    except OSError as exc:
        raise StoreError(f"无法复制「{src}」：{_reason(exc)}，未做任何改动") from exc


def _backup_folder(db: Path) -> Path:
    """The backup folder of a database that may be too damaged for a Store: the setting, or 备份 beside it."""
    try:
        conn = sqlite3.connect(readonly_uri(db.resolve()), uri=True)
        try:
            r = conn.execute("SELECT value FROM settings WHERE key = 'backup_dir'").fetchone()
        finally:
            conn.close()
        folder = json.loads(r[0]) if r else ""
    except (sqlite3.Error, ValueError, TypeError):
        folder = ""
    return Path(folder) if folder else db.parent / "备份"


def _safety_copy(db: Path) -> Path | None:
    """The current database as it is, before a restore replaces it; a damaged one is copied byte for byte."""
    if not db.exists() or db.stat().st_size == 0:
        return None
    folder = _backup_folder(db)
    try:
        target = _reserve_name(folder, "恢复前")
    except OSError as exc:
        raise StoreError(f"恢复前无法保存当前数据库（{folder}）：{_reason(exc)}；未做任何改动") from exc
    conn = sqlite3.connect(str(db), isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return _copy_db(conn, target)
    except sqlite3.DatabaseError:
        pass    # too damaged for SQLite to read: keep its bytes, WAL included
    except StoreError:
        target.unlink(missing_ok=True)      # no empty reserved name left looking like a backup
        raise
    finally:
        conn.close()
    target.unlink(missing_ok=True)
    target = target.with_name(target.stem + "_损坏.db")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(db, target)
        for suffix in ("-wal",):
            if Path(str(db) + suffix).exists():
                shutil.copyfile(Path(str(db) + suffix), Path(str(target) + suffix))
    except OSError as exc:
        raise StoreError(f"恢复前无法保存当前数据库（{target}）：{_reason(exc)}；未做任何改动") from exc
    return target


def _write_into(work: Path, db: Path) -> None:
    """Copy the checked file into the database through SQLite's backup API; a damaged database is replaced."""
    src = sqlite3.connect(str(work), isolation_level=None)
    try:
        try:
            _backup_api(src, db)
            return
        except sqlite3.DatabaseError as exc:
            text = str(exc).lower()
            if not ("not a database" in text or "malformed" in text or "corrupt" in text):
                raise
        # the current file is beyond SQLite (its safety copy was kept byte for byte): start a fresh file
        for suffix in ("-wal", "-shm", "-journal", ""):
            Path(str(db) + suffix).unlink(missing_ok=True)
        _backup_api(src, db)
    except (OSError, sqlite3.Error) as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise StoreError(f"数据库「{db.name}」正被其他程序使用，无法恢复，请关闭后重试；未做任何改动") from exc
        raise StoreError(f"恢复未完成（{db}）：{_reason(exc)}。恢复前的数据库已另存，可从中还原") from exc
    finally:
        src.close()


def _backup_api(src: sqlite3.Connection, db: Path) -> None:
    dst = sqlite3.connect(str(db), isolation_level=None, timeout=5.0)
    try:
        dst.execute("PRAGMA busy_timeout = 5000")
        src.backup(dst)
        # the restored pages belong in the database file itself, not only in its WAL
        if dst.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        dst.close()
