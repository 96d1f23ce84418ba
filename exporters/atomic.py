"""Write an export to a temporary file beside the target, then rename it into place: never half a file."""
from __future__ import annotations

import errno
import gc
import os
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from models.errors import ExportError


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target`, on failure it is removed.

    Errors become ExportError with a message that says what happened (disk full, file open in Excel/WPS…).
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise ExportError(f"文件夹「{folder}」不存在")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f"{target.suffix}.tmp", dir=folder)
    except OSError as exc:
        raise ExportError(_message(exc, target)) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:  # make the bytes durable before the rename makes them visible
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))
        replace_patiently(tmp, target)
    except OSError as exc:
        _close_half_written(tmp)
        tmp.unlink(missing_ok=True)
        raise ExportError(_message(exc, target)) from exc
    except BaseException:
        _close_half_written(tmp)
        tmp.unlink(missing_ok=True)
        raise


# antivirus and the search indexer open a new file for a moment; Windows then refuses to replace it
# (sharing violation). Waiting 0.05+0.1+0.2+0.3+0.4+0.5 s outlasts them; Excel/WPS hold it for good.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
_BUSY_WINERRORS = (5, 32, 33)     # access denied (pending delete), sharing violation, lock violation


def replace_patiently(tmp: Path, target: Path, replace: Callable[[Path, Path], None] | None = None,
                      sleep: Callable[[float], None] | None = None) -> None:
    """os.replace, tried again for about 1.5 s while Windows says the target is in use."""
    replace, sleep = replace or os.replace, sleep or time.sleep
    for delay in (*RETRY_DELAYS, None):
        try:
            replace(tmp, target)
            return
        except OSError as exc:
            if delay is None or getattr(exc, "winerror", None) not in _BUSY_WINERRORS:
                raise
        sleep(delay)


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, or those of a newly created file (mkstemp makes it owner-only)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _close_half_written(tmp: Path) -> None:
    """Close the zip file a failed openpyxl save left open on `tmp`, now and quietly.

    Otherwise the garbage collector closes it later, it tries to write its directory to the full disk again
    and prints "Exception ignored … Traceback" under our clear message (and on Windows the open handle would
    keep the temporary file from being removed). Setting fp to None first makes ZipFile's own close a no-op."""
    name = str(tmp)
    for obj in gc.get_objects():
        if isinstance(obj, zipfile.ZipFile) and obj.filename == name and obj.fp is not None:
            fp, obj.fp = obj.fp, None
            try:
                fp.close()       # the buffer cannot be flushed to a full disk; the handle is released anyway
            except OSError:
                pass


def _message(exc: OSError, target: Path) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘空间不足，「{target.name}」未能保存（原有文件未被改动）"
    if exc.errno in (errno.EACCES, errno.EPERM) or getattr(exc, "winerror", None) in (5, 32, 33):
        return f"「{target}」无法写入：文件可能正在 Excel/WPS 中打开，或没有写入权限。请关闭该文件后重试"
    if exc.errno == errno.EROFS:
        return f"「{target.parent}」是只读的，无法保存"
    return f"「{target.name}」未能保存：{exc.strerror or exc}"
