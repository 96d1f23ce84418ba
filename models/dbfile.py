"""Where a 台账 file lives and what its SQLite errors mean: the default path, the network-share probe, messages."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Mapping

APP_FOLDER = "重点项目台账"
DB_NAME = "台账.db"


def data_dir(env: Mapping[str, str] | None = None, windows: bool | None = None) -> Path:
    """The user's data folder for the 台账, its backups and the error log.

    Windows: %LOCALAPPDATA%, which stays on this PC; the roaming %APPDATA% is often redirected to a server
    by the office, and a database there loses WAL and is slow. Elsewhere: $XDG_DATA_HOME or ~/.local/share.
    A 台账 that an older version left in %APPDATA% is used where it is (see default_db_path).
    """
    env = os.environ if env is None else env
    windows = (os.name == "nt") if windows is None else windows
    if windows:
        local = env.get("LOCALAPPDATA") or (str(Path(env["USERPROFILE"]) / "AppData" / "Local")
                                            if env.get("USERPROFILE") else "")
        if local:
            old = env.get("APPDATA")
            if old and not (Path(local) / APP_FOLDER / DB_NAME).exists() and (Path(old) / APP_FOLDER / DB_NAME).exists():
                # never move a clerk's data behind their back (a copy across a network can stop half-way):
                # keep using the folder the older version made; Store warns when it is on a network share
                return Path(old) / APP_FOLDER
            return Path(local) / APP_FOLDER
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_FOLDER


def default_db_path() -> Path:
    """The database in the user's data folder (data_dir)."""
    return data_dir() / DB_NAME


def on_network_share(path: Path) -> bool:
    """True for UNC paths and mapped network drives (Windows) or network mounts (Linux)."""
    s = str(path.resolve())
    if s.startswith("\\\\") or s.startswith("//"):
        return True
    if sys.platform == "win32":      # what mypy understands: ctypes.windll exists only there
        try:
            import ctypes
            drive = os.path.splitdrive(s)[0] + "\\"
            return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # DRIVE_REMOTE
        except Exception:
            return False
    try:
        best, fstype = "", ""
        with open("/proc/mounts", encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) > 2 and s.startswith(parts[1]) and len(parts[1]) > len(best):
                    best, fstype = parts[1], parts[2]
        return fstype in {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p"}
    except OSError:
        return False



def db_message(exc: BaseException, path: Path | None) -> str:
    text = str(exc).lower()
    where = f"「{path}」" if path else ""
    if "locked" in text or "busy" in text:
        return f"数据库{where}正被另一个程序使用（可能另开了一个本程序），请关闭后重试"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"数据库文件{where}已损坏，请用「恢复备份」还原最近的备份"
    if "disk is full" in text or "full" in text:
        return f"磁盘已满，数据库{where}无法写入；已保存的数据没有丢失，请清理磁盘后重试"
    if "readonly" in text or "read-only" in text:
        return f"数据库{where}是只读的，无法保存修改"
    if "unable to open" in text:
        return f"无法打开数据库{where}，请检查文件夹是否存在、是否有权限"
    return f"数据库{where}出错：{exc}"

