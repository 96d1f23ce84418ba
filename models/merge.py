"""The import merge: a return's records into the store in one operation — same name and unit update, else new."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, cast

from .errors import Cancelled, ValidationError
from .project import ProjectRecord
from .store import FIGURE_FIELDS, match_key
from .validation import check_month, label as field_label
from .verify import set_mark, stored_doubts

if TYPE_CHECKING:
    from .store import Store


@dataclass
class ImportSummary:
    """What an import changed: the window shows it and the command line prints it."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    to_verify: list[str] = field(default_factory=list)     # 第N行 X列「…」：why — one line per doubt
    op_id: int | None = None

    def as_text(self) -> str:
        text = f"新增{len(self.new)}个项目，更新{len(self.updated)}个，未变{len(self.unchanged)}个"
        if self.to_verify:
            rows = len({line.split("「", 1)[0] for line in self.to_verify})
            text += f"；{rows}个项目的数字看起来不对，已照录并标为待核实：\n" + "\n".join(
                f"  {line}" for line in self.to_verify)
        return text


def apply_import(store: Store, records: list[ProjectRecord], year: int, month: int, label: str = "导入",
                 progress: Callable[[int, int], None] | None = None,
                 cancel: Callable[[], bool] | None = None,
                 columns: dict[str, str] | None = None) -> ImportSummary:
    """Store a return's records in one operation: same name and same 责任单位 → update, else a new project.

    What the unit sent is stored as sent; a row that looks wrong (models/verify.py) is marked 待核实 for that
    month, and the summary names its row, column (`columns`: field → the source's column, e.g. "H列「竣工时间」")
    and why. A record without a 责任单位 is refused: two projects are never merged by name alone.
    All or nothing: an invalid row raises ValidationError naming the row, and nothing is stored; `cancel`
    returning True stops it the same way (Cancelled). `progress(done, total)` every 200 records.
    """
    check_month(year, month)
    nameless = [rec for rec in records if not rec.unit.strip()]
    if nameless:
        rows = "、".join(f"第{rec.source_row}行" if rec.source_row else f"「{rec.name}」" for rec in nameless[:10])
        raise ValidationError(f"{len(nameless)}个项目没有责任单位（{rows}{'等' if len(nameless) > 10 else ''}），"
                              "同名项目只在同一责任单位下合并：请指定这张表的责任单位后再导入", "unit",
                              nameless[0].source_row)
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
                p = store.project(store._insert_project(op, dict(rec.card), row=row, lenient=True))
            else:
                card = {k: v for k, v in rec.card.items() if k not in ("name", "unit") and v is not None}
                store._update_project(op, existing, card, row=row, lenient=True)
                p = store.project(cast(int, existing.id))   # found in the store
            assert p is not None and p.id is not None
            plan_values = {k: getattr(rec, k) for k in ("plan", "monthly_plan", "target")
                           if getattr(rec, k) is not None}
            # every imported project is on that year's list, even with no plan column
            if plan_values or store._plan_row(p.id, year) is None:
                store._set_plan(op, p.id, year, plan_values, name=p.name, row=row, lenient=True)
            fig = {k: getattr(rec, k) for k in FIGURE_FIELDS if getattr(rec, k) is not None}
            if fig:
                store._set_figure(op, p, year, month, fig, row=row, lenient=True)
            found = stored_doubts(store, p.id, year, month, project=p)
            set_mark(op, store, p.id, year, month, found, source=label)
            for d in found:
                where = (columns or {}).get(d.field) or f"“{field_label(d.field).replace('M', str(month))}”"
                summary.to_verify.append(f"第{row}行「{rec.name}」{where}：{d.reason}")
            target = summary.new if existing is None else (
                summary.updated if op.changes > before else summary.unchanged)
            target.append(rec.name)
        if cancel is not None and cancel():       # the last chance before the commit
            raise Cancelled("已取消导入，台账没有任何改动")
        summary.op_id = op.id
    return summary
