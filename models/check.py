"""Is the database sound: SQLite's own integrity check, references, and the trade's rule that 累计 never falls."""
from __future__ import annotations

from typing import Any


def check(store: Any) -> list[str]:
    """Problems found, in Chinese; empty when all is well."""
    problems: list[str] = []
    result = store.conn.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        problems.append(f"数据库文件损坏：{result}。请用“恢复”从备份还原")
    for row in store.conn.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"表 {row[0]} 第{row[1]}条记录引用的 {row[2]} 不存在")
    rows = store.conn.execute(
        "SELECT p.name, a.year, a.month, a.ytd, b.month, b.ytd FROM monthly_figures a "
        "JOIN monthly_figures b ON b.project_id = a.project_id AND b.year = a.year AND b.month > a.month "
        "JOIN projects p ON p.id = a.project_id "
        "WHERE b.ytd < a.ytd AND NOT EXISTS (SELECT 1 FROM monthly_figures c WHERE c.project_id = a.project_id "
        "AND c.year = a.year AND c.month > a.month AND c.month < b.month AND c.ytd IS NOT NULL)").fetchall()
    for name, year, m1, y1, m2, y2 in rows:
        problems.append(f"项目「{name}」{year}年1—{m2}月累计低于1—{m1}月累计，请核对")
    return problems
