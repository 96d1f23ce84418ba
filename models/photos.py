"""形象进度 photos kept inside the 台账 file: a photo row per project-month (audited, undoable) naming its picture
by SHA-1, the JPEG bytes and a thumbnail in photo_data, written once — so undo, redo and the audit log never copy
megabytes, and a backup (one file) carries every photo."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from .errors import StoreError, ValidationError

if TYPE_CHECKING:
    from .store import Store

MAX_SIDE = 1600            # pixels: a site photo printed half a page wide needs no more
JPEG_QUALITY = 80
THUMB_SIDE = 160


@dataclass(frozen=True)
class Picture:
    """A photo ready to store: the scaled JPEG, its thumbnail, its size (ui/photo_files.py makes one)."""

    jpeg: bytes
    thumb: bytes
    width: int
    height: int


@dataclass
class Photo:
    """A stored photo's row (no bytes: ask photo_bytes / thumb_bytes)."""

    id: int
    project_id: int
    year: int
    month: int
    sha1: str
    caption: str
    width: int
    height: int
    added_at: str
    in_notice: bool


def _photo(r) -> Photo:
    return Photo(r["id"], r["project_id"], r["year"], r["month"], r["sha1"], r["caption"] or "", r["width"] or 0,
                 r["height"] or 0, r["added_at"] or "", bool(r["in_notice"]))


def add_photos(store: Store, project_id: int, year: int, month: int, pictures: Iterable[Picture],
               captions: Iterable[str] = (), label: str | None = None) -> list[int]:
    """Attach pictures to a project's month as one undoable step; returns the new rows' ids."""
    p = store.project(project_id)
    if p is None:
        raise StoreError("该项目已不存在，可能已被删除")
    if not 1 <= month <= 12:
        raise ValidationError(f"项目「{p.name}」：照片的月份应在1—12月之间", "month")
    pics = list(pictures)
    caps = list(captions) + [""] * len(pics)
    ids = []
    with store.operation(label or f"给「{p.name}」{month}月添加{len(pics)}张照片") as op:
        for pic, caption in zip(pics, caps):
            sha1 = hashlib.sha1(pic.jpeg).hexdigest()
            # the bytes are not audited: a row that undo removes leaves them for redo (check lists none missing)
            store.conn.execute("INSERT OR IGNORE INTO photo_data (sha1, data, thumb) VALUES (?, ?, ?)",
                               (sha1, pic.jpeg, pic.thumb))
            ids.append(op.insert("photos", {
                "project_id": project_id, "year": year, "month": month, "sha1": sha1, "caption": caption.strip(),
                "width": pic.width, "height": pic.height, "added_at": dt.datetime.now().isoformat(timespec="seconds"),
                "in_notice": 0}))
    return ids


def remove_photo(store: Store, photo_id: int, label: str | None = None) -> None:
    """Take a photo off its month (undoable: the picture stays in the file for undo)."""
    r = store.row("photos", photo_id)
    if r is None:
        return
    with store.operation(label or f"删除{r['month']}月的一张照片") as op:
        op.delete("photos", photo_id)


def update_photo(store: Store, photo_id: int, caption: str | None = None, in_notice: bool | None = None,
                 label: str | None = None) -> bool:
    """Change a photo's caption, or whether it is the one its 督办单 prints (one per project and month)."""
    r = store.row("photos", photo_id)
    if r is None:
        raise StoreError("该照片已不存在，可能已被删除")
    with store.operation(label or "修改照片") as op:
        changed = False
        if caption is not None:
            changed |= op.update("photos", photo_id, {"caption": caption.strip()})
        if in_notice is not None:
            if in_notice:
                for (other,) in store.conn.execute(
                        "SELECT id FROM photos WHERE project_id = ? AND year = ? AND month = ? AND id <> ? AND in_notice = 1",
                        (r["project_id"], r["year"], r["month"], photo_id)).fetchall():
                    op.update("photos", other, {"in_notice": 0})
            changed |= op.update("photos", photo_id, {"in_notice": int(in_notice)})
    return changed


def photos(store: Store, project_id: int | None = None, year: int | None = None,
           month: int | None = None) -> list[Photo]:
    """Photo rows, oldest first, of a project and/or a year and month."""
    where, args = [], []
    for col, v in (("project_id", project_id), ("year", year), ("month", month)):
        if v is not None:
            where.append(f"{col} = ?")
            args.append(v)
    sql = "SELECT * FROM photos" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY year, month, id"
    return [_photo(r) for r in store.conn.execute(sql, args)]


def photo_bytes(store: Store, sha1: str) -> bytes:
    r = store.conn.execute("SELECT data FROM photo_data WHERE sha1 = ?", (sha1,)).fetchone()
    return bytes(r[0]) if r else b""


def thumb_bytes(store: Store, sha1: str) -> bytes:
    r = store.conn.execute("SELECT thumb FROM photo_data WHERE sha1 = ?", (sha1,)).fetchone()
    return bytes(r[0]) if r else b""


def month_thumbs(store: Store, year: int, month: int) -> dict[int, tuple[bytes, int]]:
    """Per project, the first photo's thumbnail of the month and how many photos it has (the grid's row)."""
    out: dict[int, tuple[bytes, int]] = {}
    rows = store.conn.execute(
        "SELECT f.project_id, count(*), (SELECT d.thumb FROM photos g JOIN photo_data d ON d.sha1 = g.sha1 "
        "WHERE g.project_id = f.project_id AND g.year = f.year AND g.month = f.month ORDER BY g.id LIMIT 1) "
        "FROM photos f WHERE f.year = ? AND f.month = ? GROUP BY f.project_id", (year, month))
    for pid, n, thumb in rows:
        out[pid] = (bytes(thumb or b""), n)
    return out


def latest_photos(store: Store, year: int, month: int) -> dict[int, tuple[Photo, bytes]]:
    """Per project, its latest photo up to (year, month) with the JPEG: the 图片版项目清单's picture."""
    out: dict[int, tuple[Photo, bytes]] = {}
    rows = store.conn.execute(
        "SELECT f.* FROM photos f WHERE f.id = (SELECT g.id FROM photos g WHERE g.project_id = f.project_id AND "
        "(g.year < ? OR (g.year = ? AND g.month <= ?)) ORDER BY g.year DESC, g.month DESC, g.id DESC LIMIT 1)",
        (year, year, month))
    for r in rows:
        p = _photo(r)
        out[p.project_id] = (p, photo_bytes(store, p.sha1))
    return out


def notice_photos(store: Store, year: int, month: int) -> dict[int, bytes]:
    """Per project, the month's photo marked to print in its 督办单."""
    return {r[0]: bytes(r[1]) for r in store.conn.execute(
        "SELECT f.project_id, d.data FROM photos f JOIN photo_data d ON d.sha1 = f.sha1 "
        "WHERE f.year = ? AND f.month = ? AND f.in_notice = 1", (year, month))}


def purge_unused(store: Store) -> tuple[int, int]:
    """Drop the pictures no photo row names any more (deleted photos kept for undo), then give the space back to
    the disk; returns (pictures dropped, bytes). After this, undoing an earlier photo deletion brings back its row
    without the picture — `check` then names it. A backup is made first (清理前)."""
    from .backup import backup_before

    unused = store.conn.execute("SELECT count(*), coalesce(sum(length(data) + length(thumb)), 0) FROM photo_data "
                                "WHERE sha1 NOT IN (SELECT sha1 FROM photos)").fetchone()
    if not unused[0]:
        return 0, 0
    backup_before(store, "清理前")
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        store.conn.execute("DELETE FROM photo_data WHERE sha1 NOT IN (SELECT sha1 FROM photos)")
        store.conn.execute("COMMIT")
    except BaseException:
        store.conn.execute("ROLLBACK")
        raise
    store.conn.execute("VACUUM")          # the file shrinks only when SQLite rewrites it…
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")     # …and, in WAL mode, copies the rewrite back into it
    return int(unused[0]), int(unused[1])
