"""A project's month-by-month history, for the card's 逐月进展 page."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .project import MonthlyFigure

if TYPE_CHECKING:
    from .store import Store


def project_months(store: Store, project_id: int, year: int | None = None) -> list[MonthlyFigure]:
    """The project's monthly figures, oldest first; one year or all of them."""
    from .store import _figure

    sql, args = "SELECT * FROM monthly_figures WHERE project_id = ?", [project_id]
    if year is not None:
        sql += " AND year = ?"
        args.append(year)
    return [_figure(r) for r in store.conn.execute(sql + " ORDER BY year, month", args)]


def duplicate_of(store: Store, name: str, unit: str, project_id: int | None) -> str | None:
    """A warning when another project of the same unit already has this name (after normalising brackets)."""
    if not name.strip():
        return None
    other = store.find_project(name, unit)
    if other is not None and other.id != project_id:
        where = f"「{unit}」" if unit else "未填责任单位的项目中"
        return f"{where}已有同名项目「{other.name}」，请勿重复录入"
    return None
