"""Where a 台账 file lives and what its SQLite errors mean: the default path, the network-share probe, messages."""
from __future__ import annotations

import os
from pathlib import Path


def default_db_path() -> Path:
    """The database in the user's data folder (%APPDATA% on Windows, ~/.local/share elsewhere)."""
    base = os.environ.get("APPDATA") or os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "重点项目台账" / "台账.db"



def on_network_share(path: Path) -> bool:
    """True for UNC paths and mapped network drives (Windows) or network mounts (Linux)."""
    s = str(path.resolve())
    if s.startswith("\\\\") or s.startswith("//"):
        return True
    if os.name == "nt":
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

