"""Is the database sound: SQLite's own integrity check, references, and the trade's rule that 累计 never falls.

待核实 marks are listed apart (to_verify): a unit's doubtful numbers the import stored as sent and marked are known
and visible, not damage — a 累计 that falls in a marked month is one of them, not a problem."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .verify import TABLE, marks

if TYPE_CHECKING:
    from .store import Store


def _has_marks_table(store: Store) -> bool:
    # a database of an older structure opened read-only (check does not upgrade) has no 待核实 yet
    return store.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,)).fetchone() \
        is not None


def check(store: Store) -> list[str]:
    """Problems found, in Chinese; empty when all is well."""
    problems: list[str] = []
    result = store.conn.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        problems.append(f"数据库文件损坏：{result}。请用“恢复”从备份还原")
    for row in store.conn.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"表 {row[0]} 第{row[1]}条记录引用的 {row[2]} 不存在")
    marked = {(m.project_id, m.year, m.month) for m in marks(store)} if _has_marks_table(store) else set()
    rows = store.conn.execute(
        "SELECT p.id, p.name, a.year, a.month, a.ytd, b.month, b.ytd FROM monthly_figures a "
        "JOIN monthly_figures b ON b.project_id = a.project_id AND b.year = a.year AND b.month > a.month "
        "JOIN projects p ON p.id = a.project_id "
        "WHERE b.ytd < a.ytd AND NOT EXISTS (SELECT 1 FROM monthly_figures c WHERE c.project_id = a.project_id "
        "AND c.year = a.year AND c.month > a.month AND c.month < b.month AND c.ytd IS NOT NULL)").fetchall()
    for pid, name, year, m1, _y1, m2, _y2 in rows:
        if (pid, year, m1) in marked or (pid, year, m2) in marked:
            continue
        problems.append(f"项目「{name}」{year}年1—{m2}月累计低于1—{m1}月累计，请核对")
    return problems + _records(store)


def _records(store: Store) -> list[str]:
    """问题台账 and photos (models/records.py, models/photos.py): what their own rules say must hold."""
    have = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    out = []
    if "problems" in have:
        for name, text in store.conn.execute(
                "SELECT p.name, q.text FROM problems q JOIN projects p ON p.id = q.project_id "
                "WHERE q.state = '已解决' AND coalesce(q.solved_on, '') = ''"):
            out.append(f"项目「{name}」的问题「{text[:20]}」已解决但没有解决日期")
    if "photos" in have:
        for name, year, month in store.conn.execute(
                "SELECT p.name, f.year, f.month FROM photos f JOIN projects p ON p.id = f.project_id "
                "WHERE NOT EXISTS (SELECT 1 FROM photo_data d WHERE d.sha1 = f.sha1)"):
            out.append(f"项目「{name}」{year}年{month}月的一张照片缺少图片数据")
    return out


def to_verify(store: Store) -> list[str]:
    """The 待核实 project-months, one line each with their reasons."""
    if not _has_marks_table(store):
        return []
    out = []
    for m in marks(store):
        p = store.project(m.project_id)
        who = f"「{p.name}」（{p.unit or '未填责任单位'}）" if p else f"项目#{m.project_id}"
        out.append(f"{who}{m.year}年{m.month}月：{'；'.join(m.reasons)}")
    return out
