"""Rolling backups with SQLite's online backup API: a consistent copy even while the program runs."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

from .errors import StoreError

PREFIX = "台账备份_"


def backup_dir(store: Any) -> Path:
    """The backup folder: the setting (e.g. a USB stick) or 备份 beside the database."""
    folder = store.setting("backup_dir", "") if store.path is not None else ""
    return Path(folder) if folder else Path(store.path).parent / "备份"


def backup_to(store: Any, target: Path) -> Path:
    """Copy the live database to `target` (written to a temporary name, then renamed into place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            store.conn.backup(dst)
        finally:
            dst.close()
        tmp.replace(target)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"备份失败（{target}）：{exc}") from exc
    return target


def backup_before(store: Any, reason: str) -> Path | None:
    """A rolling backup before risky work (导入前、升级前、批量删除前、每日); keeps the newest N."""
    if store.path is None:
        return None
    folder = backup_dir(store)
    stamp = dt.datetime.now().strftime("%Y%m%d_%H%M%S_%f")
    path = backup_to(store, folder / f"{PREFIX}{stamp}_{reason}.db")
    prune(folder, int(store.setting("backup_keep", 30) or 30))
    return path


def daily_backup(store: Any) -> Path | None:
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


def prune(folder: Path, keep: int) -> None:
    for old in backups(folder)[max(keep, 1):]:
        old.unlink(missing_ok=True)
