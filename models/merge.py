"""The import merge: a return's records into the store in one operation — same name and unit update, else new."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from .errors import Cancelled, ValidationError
from .project import ProjectRecord
from .store import FIGURE_FIELDS, match_key
from .validation import check_month

if TYPE_CHECKING:
    from .store import Store


@dataclass
class ImportSummary:
    """What an import changed: the window shows it and the command line prints it."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    op_id: int | None = None

    def as_text(self) -> str:
        return f"新增{len(self.new)}个项目，更新{len(self.updated)}个，未变{len(self.unchanged)}个"

def apply_import(store: Store, records: list[ProjectRecord], year: int, month: int, label: str = "导入",
                 progress: Callable[[int, int], None] | None = None,
                 cancel: Callable[[], bool] | None = None) -> ImportSummary:
    """Store a return's records in one operation: same name and unit → update, else a new project.

    All or nothing: the first invalid row raises ValidationError naming the row, and nothing is stored;
    `cancel` returning True stops it the same way (Cancelled). `progress(done, total)` every 200 records.
    """
    check_month(year, month)
    summary = ImportSummary()
    with store.operation(label) as op:
        seen: dict[str, int] = {}
        for i, rec in enumerate(records):
            if i % 200 == 0:
                if cancel is not None and cancel():
                    raise Cancelled("已取消导入，台账没有任何改动")
                if progress is not None:
                    progress(i, len(records))
            row = rec.source_row
            key = match_key(rec.name, rec.unit)
            if key in seen:
                raise ValidationError(
                    f"第{row}行项目「{rec.name}」与第{seen[key]}行重复（同一责任单位下同名），请合并后再导入", "name", row)
            seen[key] = row or 0
            before = op.changes
            existing = store.find_project(rec.name, rec.unit)
            if existing is None:
                pid = store._insert_project(op, dict(rec.card), row=row)
                p = store.project(pid)
            else:
                p = existing
                card = {k: v for k, v in rec.card.items() if k not in ("name", "unit") and v is not None}
                store._update_project(op, p, card, row=row)
                p = store.project(p.id)
            plan_values = {k: getattr(rec, k) for k in ("plan", "monthly_plan", "target")
                           if getattr(rec, k) is not None}
            # every imported project is on that year's list, even with no plan column
            if plan_values or store._plan_row(p.id, year) is None:
                store._set_plan(op, p.id, year, plan_values, name=p.name, row=row)
            fig = {k: getattr(rec, k) for k in FIGURE_FIELDS if getattr(rec, k) is not None}
            if fig:
                store._set_figure(op, p, year, month, fig, row=row)
            target = summary.new if existing is None else (
                summary.updated if op.changes > before else summary.unchanged)
            target.append(rec.name)
        if cancel is not None and cancel():       # the last chance before the commit
            raise Cancelled("已取消导入，台账没有任何改动")
        summary.op_id = op.id
    return summary

