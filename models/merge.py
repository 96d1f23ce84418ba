"""The import merge: a return's records into the store in one operation — same name and unit update, else new."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, cast

from .errors import Cancelled, ValidationError
from .project import Project, ProjectRecord
from .records import new_problem
from .store import FIGURE_FIELDS, _figure, _project, figure_values, match_key, plan_values
from .validation import check_card, check_month, label as field_label
from .verify import TABLE as MARK_TABLE, Doubt, doubts, set_mark, stored_doubts

if TYPE_CHECKING:
    from .oplog import Operation
    from .store import Store


@dataclass
class ImportSummary:
    """What an import changed: the window shows it and the command line prints it."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    to_verify: list[str] = field(default_factory=list)     # 第N行 X列「…」：why — one line per doubt
    op_id: int | None = None
    ids: dict[str, int] = field(default_factory=dict)      # match key → the project's id, for each record
    created: set[str] = field(default_factory=set)         # match keys of the projects this import added

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
    doubtful: list[tuple[int, str]] = []          # (record's place, line): the lines come out in the file's order
    with store.operation(label) as op:
        keys = [match_key(rec.name, rec.unit) for rec in records]
        known = store.projects_by_key(keys)
        fresh = _NewProjects(store, year, month, label)
        seen: dict[str, int] = {}
        for i, (rec, key) in enumerate(zip(records, keys)):
            if i % 200 == 0:
                if cancel is not None and cancel():
                    raise Cancelled("已取消导入，台账没有任何改动")
                if progress is not None:
                    progress(i, len(records))
            row = rec.source_row
            if key in seen:
                raise ValidationError(
                    f"第{row}行项目「{rec.name}」与第{seen[key]}行重复（同一责任单位下同名），请合并后再导入", "name", row)
            seen[key] = row or 0
            existing = known.get(key)
            if existing is None:
                found = fresh.add(rec, key)
                summary.new.append(rec.name)
            else:
                found = _merge_existing(op, store, existing, rec, year, month, label, summary)
                summary.ids[key] = cast(int, existing.id)
            for d in found:
                where = (columns or {}).get(d.field) or f"“{field_label(d.field).replace('M', str(month))}”"
                doubtful.append((i, f"第{row}行「{rec.name}」{where}：{d.reason}"))
        summary.ids.update(fresh.write(op))
        summary.created = set(fresh.keys)
        summary.to_verify = [line for _, line in sorted(doubtful, key=lambda x: x[0])]
        if cancel is not None and cancel():       # the last chance before the commit
            raise Cancelled("已取消导入，台账没有任何改动")
        summary.op_id = op.id
    return summary


def _merge_existing(op: Operation, store: Store, existing: Project, rec: ProjectRecord, year: int, month: int,
                    label: str, summary: ImportSummary) -> list[Doubt]:
    """A record of a project the 台账 has: its card, plan and figures updated, its 待核实 mark recomputed."""
    row = rec.source_row
    before = op.changes
    card = {k: v for k, v in rec.card.items() if k not in ("name", "unit") and v is not None}
    store._update_project(op, existing, card, row=row, lenient=True)
    p = store.project(cast(int, existing.id))   # found in the store
    assert p is not None and p.id is not None
    plan_values = {k: getattr(rec, k) for k in ("plan", "monthly_plan", "target") if getattr(rec, k) is not None}
    # every imported project is on that year's list, even with no plan column
    if plan_values or store._plan_row(p.id, year) is None:
        store._set_plan(op, p.id, year, plan_values, name=p.name, row=row, lenient=True)
    fig = {k: getattr(rec, k) for k in FIGURE_FIELDS if getattr(rec, k) is not None}
    if fig:
        store._set_figure(op, p, year, month, fig, row=row, lenient=True)
    found = stored_doubts(store, p.id, year, month, project=p)
    set_mark(op, store, p.id, year, month, found, source=label)
    (summary.updated if op.changes > before else summary.unchanged).append(rec.name)
    return found


class _NewProjects:
    """The projects a return brings that the 台账 does not have: checked and worked out row by row exactly as
    Store._insert_project, _set_plan, _set_figure, follow_problem and set_mark would, written together at the end.

    Nothing is stored before them for these projects, so their 待核实 marks need no query: 上月累计 is unknown
    (a new project has no earlier month) and the plan is the one just read. Thousands of new projects are the
    first import of a district's list; storing them one statement at a time cost more than everything else."""

    def __init__(self, store: Store, year: int, month: int, label: str) -> None:
        self.store, self.year, self.month, self.label = store, year, month, label
        self.keys: list[str] = []
        self.projects: list[dict[str, Any]] = []
        self.plans: list[dict[str, Any]] = []
        self.figures: list[tuple[int, dict[str, Any]]] = []       # (index of the project, row)
        self.problems: list[tuple[int, dict[str, Any]]] = []
        self.marks: list[tuple[int, dict[str, Any]]] = []

    def add(self, rec: ProjectRecord, key: str) -> list[Doubt]:
        """Check the record and work out its rows; returns what looks wrong in it (its 待核实 reasons)."""
        store, year, month, row = self.store, self.year, self.month, rec.source_row
        n = len(self.projects)
        check_card(dict(rec.card), row=row, lenient=True)
        data = store._card_row(dict(rec.card))
        # pinyin initials are worked out when the search box first needs them (Store.initials): NULL till then
        data.update(match_key=key, initials=None)
        card = store.complete_row("projects", data)
        p = _project({**card, "id": None})
        plan = plan_values({k: getattr(rec, k) for k in ("plan", "monthly_plan", "target")
                            if getattr(rec, k) is not None}, p.name, row, lenient=True)
        plan_row = store.complete_row("annual_plans", {"project_id": None, "year": year, "plan": 0, "target": "",
                                                        **plan})
        figure = None
        fig = {k: getattr(rec, k) for k in FIGURE_FIELDS if getattr(rec, k) is not None}
        if fig:
            values = figure_values(fig, month, 0, 0, p.name, row, lenient=True)
            fig_row = store.complete_row("monthly_figures", {"project_id": None, "year": year, "month": month,
                                                             "month_amount": None, "ytd": None, **values})
            figure = _figure({**fig_row, "id": None})
            self.figures.append((n, fig_row))
            if "problem" in values and (problem := new_problem(p, year, month, values["problem"])) is not None:
                self.problems.append((n, store.complete_row("problems", problem)))
        found = doubts(p, year, month, figure, None, None, plan_row["plan"])
        if found:
            self.marks.append((n, store.complete_row(MARK_TABLE, {
                "project_id": None, "year": year, "month": month, "source": self.label,
                "reasons": json.dumps([d.reason for d in found], ensure_ascii=False)})))
        self.keys.append(key)
        self.projects.append(card)
        self.plans.append(plan_row)
        return found

    def write(self, op: Operation) -> dict[str, int]:
        """Store the rows (projects first: the others point at them); returns match key → new id."""
        ids = op.insert_many("projects", self.projects)
        for i, r in enumerate(self.plans):
            r["project_id"] = ids[i]
        op.insert_many("annual_plans", self.plans)
        for table, rows in (("monthly_figures", self.figures), ("problems", self.problems),
                            (MARK_TABLE, self.marks)):
            for i, r in rows:
                r["project_id"] = ids[i]
            op.insert_many(table, [r for _, r in rows])
        return dict(zip(self.keys, ids))
