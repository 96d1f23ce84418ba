"""One writer per database: an OS lock on a file beside it, released by the OS even when the program crashes."""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
import sys
from pathlib import Path
from typing import BinaryIO

from .errors import StoreError

# locks this process holds: a second Store on the same file in this process (a worker thread) is fine
_held: dict[str, DbLock] = {}


class DbLock:
    """A held lock; counted so several connections of one process can share it."""

    def __init__(self, path: Path, fh: BinaryIO) -> None:
        self.path, self.fh, self.count = path, fh, 1

    def release(self) -> None:
        self.count -= 1
        if self.count > 0:
            return
        _held.pop(str(self.path), None)
        try:
            _unlock(self.fh.fileno())
            self.fh.close()
            self.path.unlink(missing_ok=True)
        except OSError:
            pass


class Locked(StoreError):
    """The database is open in another program; `holder` has its host, user and since (empty when unreadable)."""

    def __init__(self, message: str, holder: dict) -> None:
        super().__init__(message)
        self.holder = holder

    def on_this_pc(self) -> bool:
        """Held by the same user on this very computer (a window left open behind others)."""
        return self.holder.get("host") == socket.gethostname() and self.holder.get("user") == _user()


INFO_MAX = 4096          # the holder's details fill at most the first bytes of the lock file…
LOCK_OFFSET = 1 << 20    # …and the locked byte lies far beyond them: Windows forbids other handles to read a
                         # locked byte, so a lock on byte 0 would hide who holds the 台账 from the second copy


def acquire(db_path: Path) -> DbLock:
    """Take the database's lock or raise StoreError naming who holds it."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    key = str(lock_path.resolve())
    if key in _held:
        _held[key].count += 1
        return _held[key]
    try:
        fh = open(lock_path, "a+b")
    except OSError as exc:
        raise StoreError(f"无法在「{lock_path.parent}」创建锁文件：{exc.strerror or exc}") from exc
    if not _try_lock(fh.fileno()):
        info = _holder_info(fh.fileno())
        fh.close()
        raise Locked(f"数据库「{db_path.name}」已被另一个本程序打开{_holder_text(info)}。请先关闭那个窗口，"
                     "同一时间只能有一个程序修改台账。", info)
    # a file left by a crash is simply taken over: the OS released its lock when the process died
    mine = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "user": _user(),
                       "since": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}, ensure_ascii=False)
    fh.seek(0)
    fh.truncate()
    fh.write(mine.encode("utf-8")[:INFO_MAX])
    fh.flush()
    lock = DbLock(Path(key), fh)
    _held[key] = lock
    return lock


def _holder_info(fd: int) -> dict:
    """Host, user and since from the holder's lock file; {} when it cannot be read yet."""
    try:
        info = json.loads(_read_head(fd, INFO_MAX).decode("utf-8"))
    except (OSError, ValueError):
        return {}     # the holder is between taking the lock and writing its name
    return info if isinstance(info, dict) else {}


def _holder_text(info: dict) -> str:
    """（电脑 上的 用户，时间 起）, or "" when the holder is unknown."""
    if not info:
        return ""
    return f"（{info.get('host', '')} 上的 {info.get('user') or '另一位用户'}，{info.get('since', '')} 起）"


def _read_head(fd: int, size: int) -> bytes:
    """The first `size` bytes of the file, read through the descriptor itself (no read-ahead past them)."""
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, size)


def _user() -> str:
    """The login name for the "who has it open" message; environment variables can be empty in services."""
    try:
        return getpass.getuser()
    except Exception:  # no name at all on some service accounts
        return ""


# sys.platform (not os.name) so that mypy checks only the branch of the platform it checks for
if sys.platform == "win32":
    import msvcrt

    # msvcrt locks bytes from the descriptor's current position: the byte at LOCK_OFFSET, beyond the text
    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
