"""待核实: what looks wrong in a project-month (dates out of order, 累计 that falls …), and the marks that say so.

A unit's return is imported as sent; a row that can be read but looks wrong is stored with a mark listing its
reasons. The mark is recomputed from what is stored whenever the project-month changes, so correcting the value
clears it; the clerk can also confirm the values as they are (确认无误). One set of rules for import, grid and card.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .money import Fen, fmt_wan
from .project import MonthlyFigure, Project
from .rules import finish_before_start
from .validation import label

if TYPE_CHECKING:
    from .oplog import Operation
    from .store import Store

TABLE = "verifications"
MARK = "待核实"


@dataclass(frozen=True)
class Doubt:
    """One reason a project-month looks wrong: the field it is about and why, in Chinese."""

    field: str
    reason: str


@dataclass(frozen=True)
class Mark:
    """A stored 待核实 mark: which project-month, its reasons, where the values came from."""

    project_id: int
    year: int
    month: int
    reasons: list[str]
    source: str
    id: int | None = None


def _wan(v: Fen) -> str:
    return f"{fmt_wan(v, True)}万元"


def doubts(p: Project, year: int, month: int, figure: MonthlyFigure | None,
           prev: tuple[int, Fen] | None, later: tuple[int, Fen] | None, plan: Fen | None = None) -> list[Doubt]:
    """What looks wrong in project `p` at (year, month) with this figure and the year's plan; `prev`/`later` are
    the stored (month, 累计) just before and after it in the same year, or None."""
    out: list[Doubt] = []
    end = f"{year:04d}-{month:02d}"
    start, finish = p.actual_start or "", p.actual_finish or ""
    if finish_before_start(start, finish):
        out.append(Doubt("actual_finish", f"实际竣工日期{finish}早于实际开工日期{start}"))
    for f, d in (("actual_start", start), ("actual_finish", finish)):
        if d and d[:7] > end:
            out.append(Doubt(f, f"{label(f)}{d}晚于报告期{year}年{month}月"))
    if p.total_investment < 0:
        out.append(Doubt("total_investment", f"总投资为负数（{_wan(p.total_investment)}）"))
    if plan is not None and plan < 0:
        out.append(Doubt("plan", f"年度计划投资为负数（{_wan(plan)}）"))
    if figure is None:
        return out
    ytd, amount, since = figure.ytd, figure.month_amount, figure.since_start
    ytd_label = f"1—{month}月累计"
    for f, v in (("month_amount", amount), ("ytd", ytd), ("since_start", since),
                 ("funds_received", figure.funds_received)):
        if v is not None and v < 0:
            out.append(Doubt(f, f"{label(f).replace('1—M月', f'1—{month}月')}为负数（{_wan(v)}）"))
    if prev is not None and ytd < prev[1]:
        out.append(Doubt("ytd", f"{ytd_label}{_wan(ytd)}低于已存的1—{prev[0]}月累计{_wan(prev[1])}"))
    if later is not None and later[1] < ytd:
        out.append(Doubt("ytd", f"{ytd_label}{_wan(ytd)}高于已存的1—{later[0]}月累计{_wan(later[1])}"))
    if p.total_investment > 0 and ytd > p.total_investment:
        out.append(Doubt("ytd", f"{ytd_label}{_wan(ytd)}超过总投资{_wan(p.total_investment)}"))
    if since is not None and ytd > since:
        out.append(Doubt("ytd", f"{ytd_label}{_wan(ytd)}超过自开工累计{_wan(since)}"))
    if amount is not None and ytd >= 0 and amount > ytd:
        out.append(Doubt("month_amount", f"本月完成{_wan(amount)}超过{ytd_label}{_wan(ytd)}"))
    # 本月 = 累计 − 上月累计 only where last month's 累计 is known: January, or month − 1 stored
    last = 0 if month == 1 else (prev[1] if prev is not None and prev[0] == month - 1 else None)
    if amount is not None and last is not None and amount != ytd - last and not (prev and ytd < prev[1]):
        what = f"{ytd_label}" if month == 1 else f"{ytd_label}{_wan(ytd)}减上月累计{_wan(last)}"
        out.append(Doubt("month_amount", f"本月完成{_wan(amount)}不等于{what}（{_wan(ytd - last)}）"))
    return out


def stored_doubts(store: Store, project_id: int, year: int, month: int,
                  project: Project | None = None) -> list[Doubt]:
    """The doubts about what the store holds for this project-month (`project`: the card, when already read)."""
    p = project or store.project(project_id)
    if p is None:
        return []
    # the year's 累计 month by month and its plan in one query: an import asks this for every row
    months = store.conn.execute(
        "SELECT month, ytd, (SELECT plan FROM annual_plans WHERE project_id=? AND year=?) FROM monthly_figures "
        "WHERE project_id=? AND year=? ORDER BY month", (project_id, year, project_id, year)).fetchall()
    before = [(m, y or 0) for m, y, _ in months if m < month]
    after = [(m, y or 0) for m, y, _ in months if m > month]
    if months:
        plan = months[0][2]
    else:
        row = store.conn.execute("SELECT plan FROM annual_plans WHERE project_id=? AND year=?", (project_id, year)).fetchone()
        plan = row[0] if row else None
    figure = store.figure(project_id, year, month) if any(m == month for m, _, _ in months) else None
    return doubts(p, year, month, figure, before[-1] if before else None, after[0] if after else None, plan)


def _row(store: Store, project_id: int, year: int, month: int) -> dict[str, Any] | None:
    r = store.conn.execute(f"SELECT * FROM {TABLE} WHERE project_id=? AND year=? AND month=?",
                           (project_id, year, month)).fetchone()
    return dict(r) if r else None


def set_mark(op: Operation, store: Store, project_id: int, year: int, month: int, found: list[Doubt],
             source: str = "") -> bool:
    """Store (or clear, when nothing is found) the project-month's mark inside `op`; returns whether it changed."""
    existing = _row(store, project_id, year, month)
    if not found:
        if existing is None:
            return False
        op.delete(TABLE, existing["id"])
        return True
    reasons = json.dumps([d.reason for d in found], ensure_ascii=False)
    if existing is None:
        op.insert(TABLE, {"project_id": project_id, "year": year, "month": month, "reasons": reasons,
                          "source": source})
        return True
    return op.update(TABLE, existing["id"], {"reasons": reasons, **({"source": source} if source else {})})


def recheck(op: Operation, store: Store, project_id: int) -> None:
    """After the clerk changed a project: each of its marks is recomputed, so a corrected value clears it."""
    for year, month in store.conn.execute(f"SELECT year, month FROM {TABLE} WHERE project_id=?",
                                          (project_id,)).fetchall():
        set_mark(op, store, project_id, year, month, stored_doubts(store, project_id, year, month))


def marks(store: Store, year: int | None = None, month: int | None = None) -> list[Mark]:
    """待核实 marks, by project; of one month (year, month), of a year, or all."""
    sql, args = f"SELECT * FROM {TABLE}", []
    if year is not None:
        sql += " WHERE year = ?" + (" AND month = ?" if month is not None else "")
        args = [year] + ([month] if month is not None else [])
    return [Mark(r["project_id"], r["year"], r["month"], json.loads(r["reasons"] or "[]"), r["source"] or "", r["id"])
            for r in store.conn.execute(sql + " ORDER BY project_id, year, month", args)]


def confirm(store: Store, project_id: int, year: int, month: int) -> bool:
    """确认无误: the clerk has checked the values with the unit; the mark goes (undoable, in the audit log)."""
    existing = _row(store, project_id, year, month)
    if existing is None:
        return False
    p = store.project(project_id)
    with store.operation(f"确认无误「{p.name if p else project_id}」{year}年{month}月") as op:
        op.delete(TABLE, existing["id"])
    return True
