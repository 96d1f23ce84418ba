"""The import merge: a return's records into the store in one operation — same name and unit update, else new."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator, cast

from . import causes
from .errors import Cancelled, ValidationError
from .project import Project, ProjectRecord
from .records import SOLVED, new_problem, problem_changes
from .store import FIGURE_FIELDS, _figure, _project, dict_rows, figure_values, match_key, plan_values
from .validation import check_card, check_month, label as field_label
from .verify import TABLE as MARK_TABLE, Doubt, doubts

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
        known = store.project_rows(keys)
        fresh = _NewProjects(store, year, month, label)
        stored = _KnownProjects(store, year, month, label, known)
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
                found, changed = stored.add(rec, existing)
                (summary.updated if changed else summary.unchanged).append(rec.name)
                summary.ids[key] = existing["id"]
            for d in found:
                where = (columns or {}).get(d.field) or f"“{field_label(d.field).replace('M', str(month))}”"
                doubtful.append((i, f"第{row}行「{rec.name}」{where}：{d.reason}"))
        # the rows are written after the last record: the wizard's bar hears from each table's write
        done = (lambda: progress(len(records), len(records))) if progress is not None else (lambda: None)
        done()
        stored.write(op, done)
        summary.ids.update(fresh.write(op, done))
        summary.created = set(fresh.keys)
        summary.to_verify = [line for _, line in sorted(doubtful, key=lambda x: x[0])]
        if cancel is not None and cancel():       # the last chance before the commit
            raise Cancelled("已取消导入，台账没有任何改动")
        summary.op_id = op.id
    return summary


def _by_ids(store: Store, sql: str, ids: list[int], args: tuple = ()) -> Iterator[dict[str, Any]]:
    """Rows of `sql` (ending in "project_id IN ") for these project ids as dicts, a few hundred ids per statement."""
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        yield from dict_rows(store.conn, f"{sql}({','.join('?' * len(chunk))})", (*args, *chunk))


class _KnownProjects:
    """The projects a return brings that the 台账 has: each card, plan, figure, 问题台账 record and 待核实 mark
    worked out as Store._update_project, _set_plan, _set_figure, follow_problem, stored_doubts and set_mark do,
    from what was read for all of them at once, and written together at the end.

    A unit's monthly return is all known projects; asking the store a dozen questions per row made storing it
    cost more than reading it. Every row is changed at most once (a return names a project once)."""

    def __init__(self, store: Store, year: int, month: int, label: str, known: dict[str, dict[str, Any]]) -> None:
        self.store, self.year, self.month, self.label = store, year, month, label
        ids = [r["id"] for r in known.values()]
        self.plans = {r["project_id"]: r for r in _by_ids(
            store, "SELECT * FROM annual_plans WHERE year = ? AND project_id IN ", ids, (year,))}
        self.figures: dict[int, dict[int, dict[str, Any]]] = {}
        for r in _by_ids(store, "SELECT * FROM monthly_figures WHERE year = ? AND project_id IN ", ids, (year,)):
            self.figures.setdefault(r["project_id"], {})[r["month"]] = r
        self.marks = {r["project_id"]: r for r in _by_ids(
            store, f"SELECT * FROM {MARK_TABLE} WHERE year = ? AND month = ? AND project_id IN ", ids, (year, month))}
        self.problems: dict[int, dict[str, Any]] = {}      # the latest open record that follows the figures
        for r in _by_ids(store, "SELECT * FROM problems WHERE tracks_figure = 1 AND state <> ? AND project_id IN ",
                         ids, (SOLVED,)):
            if r["id"] > self.problems.get(r["project_id"], {}).get("id", 0):
                self.problems[r["project_id"]] = r
        self.updates: dict[str, list[tuple[int, dict[str, Any], dict[str, Any]]]] = {}
        self.inserts: dict[str, list[dict[str, Any]]] = {}
        self.deletes: list[tuple[str, int]] = []

    def _update(self, table: str, old: dict[str, Any], values: dict[str, Any]) -> bool:
        if not any(old.get(k) != v for k, v in values.items()):
            return False
        self.updates.setdefault(table, []).append((old["id"], old, values))
        return True

    def _insert(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        full = self.store.complete_row(table, row)
        self.inserts.setdefault(table, []).append(full)
        return full

    def add(self, rec: ProjectRecord, old: dict[str, Any]) -> tuple[list[Doubt], bool]:
        """Work out what the record changes in the stored project `old` (its row); returns what looks wrong
        (待核实 reasons) and whether anything changed."""
        store, year, month, row = self.store, self.year, self.month, rec.source_row
        pid = old["id"]
        card = {k: v for k, v in rec.card.items() if k not in ("name", "unit") and v is not None}
        check_card(card, name=str(card.get("name") or old["name"]), row=row, lenient=True)
        data = store._card_row(card)
        changed = self._update("projects", old, data)
        p = _project({**old, **data})
        plan_in = {k: getattr(rec, k) for k in ("plan", "monthly_plan", "target") if getattr(rec, k) is not None}
        plan_row = self.plans.get(pid)
        # every imported project is on that year's list, even with no plan column
        if plan_in or plan_row is None:
            values = plan_values(plan_in, p.name, row, lenient=True)
            if plan_row is None:
                plan_row = self._insert("annual_plans", {"project_id": pid, "year": year, "plan": 0, "target": "",
                                                         **values})
                changed = True
            else:
                changed = self._update("annual_plans", plan_row, values) or changed
                plan_row = {**plan_row, **values}
        months = dict(self.figures.get(pid, {}))
        fig = {k: getattr(rec, k) for k in FIGURE_FIELDS if getattr(rec, k) is not None}
        if fig:
            # 本月/累计 follow from the latest 累计 before the month, as Store._prev_ytd finds it
            prev = max((m for m, f in months.items() if m < month and f["ytd"] is not None), default=None)
            values = figure_values(fig, month, prev or 0, (months[prev]["ytd"] or 0) if prev else 0, p.name, row,
                                   lenient=True)
            before = months.get(month)
            if before is None:
                months[month] = self._insert("monthly_figures", {"project_id": pid, "year": year, "month": month,
                                                                 "month_amount": None, "ytd": None, **values})
                fig_changed = True
            else:
                fig_changed = self._update("monthly_figures", before, values)
                months[month] = {**before, **values}
            changed = changed or fig_changed
            if fig_changed and "problem" in values:
                changed = self._follow_problem(p, values["problem"]) or changed
        # stored_doubts over the year's months as they now are
        before_m = [m for m in months if m < month]
        after_m = [m for m in months if m > month]
        prev_pair = (max(before_m), months[max(before_m)]["ytd"] or 0) if before_m else None
        next_pair = (min(after_m), months[min(after_m)]["ytd"] or 0) if after_m else None
        plan = plan_row["plan"] if plan_row is not None else None
        figure = _figure({"id": None, **months[month]}) if month in months else None
        found = doubts(p, year, month, figure, prev_pair, next_pair, plan)
        return found, self._set_mark(pid, found) or changed

    def _follow_problem(self, p: Project, text: str | None) -> bool:
        """follow_problem from the record read beforehand."""
        t = (text or "").strip()
        pid = cast(int, p.id)
        if pid not in self.problems:
            row = new_problem(p, self.year, self.month, t)
            if row is None:
                return False
            self._insert("problems", row)
            return True
        old = self.problems[pid]
        return bool(causes.is_problem(t)) and self._update("problems", old, problem_changes(old, self.year,
                                                                                            self.month, t))

    def _set_mark(self, pid: int, found: list[Doubt]) -> bool:
        """set_mark from the mark read beforehand."""
        existing = self.marks.get(pid)
        if not found:
            if existing is None:
                return False
            self.deletes.append((MARK_TABLE, existing["id"]))
            return True
        reasons = json.dumps([d.reason for d in found], ensure_ascii=False)
        if existing is None:
            self._insert(MARK_TABLE, {"project_id": pid, "year": self.year, "month": self.month, "reasons": reasons,
                                      "source": self.label})
            return True
        return self._update(MARK_TABLE, existing, {"reasons": reasons, **({"source": self.label} if self.label else {})})

    def write(self, op: Operation, tick: Callable[[], None]) -> None:
        """Store the changes, calling `tick` after each table."""
        for table, items in self.updates.items():
            op.update_many(table, items)
            tick()
        for table, rows in self.inserts.items():
            op.insert_many(table, rows)
            tick()
        for table, row_id in self.deletes:
            op.delete(table, row_id)


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
        check_card(rec.card, row=row, lenient=True)
        data = store._card_row(rec.card)
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

    def write(self, op: Operation, tick: Callable[[], None]) -> dict[str, int]:
        """Store the rows (projects first: the others point at them), calling `tick` after each table; returns
        match key → new id."""
        ids = op.insert_many("projects", self.projects)
        tick()
        for i, r in enumerate(self.plans):
            r["project_id"] = ids[i]
        op.insert_many("annual_plans", self.plans)
        tick()
        for table, rows in (("monthly_figures", self.figures), ("problems", self.problems),
                            (MARK_TABLE, self.marks)):
            for i, r in rows:
                r["project_id"] = ids[i]
            op.insert_many(table, [r for _, r in rows])
            tick()
        return dict(zip(self.keys, ids))
