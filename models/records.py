"""前期手续, 问题台账 and 四个一批: what a project carries beside its figures, each change one undoable step."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from . import causes
from .errors import StoreError, ValidationError
from .parse import date_field
from .project import Project

if TYPE_CHECKING:
    from .oplog import Operation
    from .report import ProjectLine
    from .store import Store

# ---- 前期手续 -------------------------------------------------------------------------------------------

APPROVAL_ITEMS = ("立项/可研批复", "用地预审与供地", "规划许可", "环评批复", "施工图审查", "施工许可")
APPROVAL_STATES = ("未办", "办理中", "已办")
DONE = "已办"


@dataclass
class Approval:
    """One item of a project's 前期手续 checklist: its state, the date it was done (ISO or ''), a note."""

    item: str
    state: str = "未办"
    done_on: str = ""
    note: str = ""
    id: int | None = None


def approval_items(store: Store) -> list[str]:
    """The checklist's items in 设置's order (the default list until the clerk edits it)."""
    return list(store.setting("approval_items", list(APPROVAL_ITEMS)) or APPROVAL_ITEMS)


def approvals(store: Store, project_id: int) -> list[Approval]:
    """The project's checklist: every item of 设置 (未办 when nothing is stored), then any item no longer listed."""
    stored = {r["item"]: Approval(r["item"], r["state"] or "未办", r["done_on"] or "", r["note"] or "", r["id"])
              for r in store.conn.execute("SELECT * FROM approvals WHERE project_id = ? ORDER BY id", (project_id,))}
    items = approval_items(store)
    return [stored.get(i) or Approval(i) for i in items] + [a for i, a in stored.items() if i not in items]


def save_approvals(store: Store, project_id: int, rows: Iterable[Approval], label: str | None = None) -> bool:
    """Store the checklist as typed (dates as text) in one operation; returns whether anything changed."""
    p = _project(store, project_id)
    who = f"项目「{p.name}」"
    changed = False
    with store.operation(label or f"修改「{p.name}」前期手续") as op:
        for a in rows:
            if a.state not in APPROVAL_STATES:
                raise ValidationError(f"{who}：前期手续「{a.item}」的状态应为未办、办理中或已办", "state")
            values = {"state": a.state, "done_on": date_field(a.done_on, who=who, field=f"{a.item}日期"),
                      "note": (a.note or "").strip()}
            r = store.conn.execute("SELECT id FROM approvals WHERE project_id = ? AND item = ?",
                                   (project_id, a.item)).fetchone()
            if r is not None:
                changed |= op.update("approvals", r[0], values)
            elif values != {"state": "未办", "done_on": "", "note": ""}:
                op.insert("approvals", {"project_id": project_id, "item": a.item, **values})
                changed = True
    return changed


def missing_approvals(store: Store) -> dict[int, list[str]]:
    """Per project whose checklist was filled in at all, the items not yet 已办 ('环评批复（办理中）');
    a project with no checklist is left out: nothing known is not the same as nothing done."""
    items = approval_items(store)
    rows: dict[int, dict[str, str]] = {}
    for pid, item, state in store.conn.execute("SELECT project_id, item, state FROM approvals"):
        rows.setdefault(pid, {})[item] = state or "未办"
    out = {}
    for pid, states in rows.items():
        names = items + [i for i in states if i not in items]
        missing = [i + ("（办理中）" if states.get(i) == "办理中" else "") for i in names if states.get(i) != DONE]
        if missing:
            out[pid] = missing
    return out


def approval_summary(store: Store) -> dict[int, str]:
    """The project list's 前期手续 column: '已办4/6，缺规划许可、施工许可' or '已全部办结'."""
    items = approval_items(store)
    missing = missing_approvals(store)
    done = {pid: n for pid, n in store.conn.execute(
        "SELECT project_id, count(*) FROM approvals WHERE state = ? GROUP BY project_id", (DONE,))}
    out = {}
    for pid in {*missing, *done}:
        m = missing.get(pid, [])
        total = max(len(items), done.get(pid, 0) + len(m))
        out[pid] = f"已办{done.get(pid, 0)}/{total}，缺{'、'.join(m)}" if m else "已全部办结"
    return out


# ---- 问题台账 -------------------------------------------------------------------------------------------

PROBLEM_STATES = ("未解决", "协调中", "已解决")
SOLVED = "已解决"


@dataclass
class Step:
    """One 协调 step: when, and what was done."""

    done_on: str
    text: str
    id: int | None = None


@dataclass
class Problem:
    """A problem from the month it was raised until it is solved."""

    project_id: int
    year: int
    month: int                       # raised in
    text: str
    cause: str = ""                  # one of causes.kinds()
    unit: str = ""                   # who must solve it
    leader: str = ""                 # 包保领导
    state: str = "未解决"
    solved_on: str = ""
    tracks_figure: bool = False      # follows the month's 存在问题 column
    steps: list[Step] = field(default_factory=list)
    id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.state != SOLVED

    def months_open(self, year: int, month: int) -> int:
        """Whole months from the month raised to (year, month): 0 when raised this month."""
        return max(0, (year * 12 + month) - (self.year * 12 + self.month))

    @property
    def latest_step(self) -> Step | None:
        return max(self.steps, key=lambda s: (s.done_on, s.id or 0)) if self.steps else None


def _problem(r: Any, steps: list[Step]) -> Problem:
    return Problem(r["project_id"], r["year"], r["month"], r["text"] or "", r["cause"] or "", r["unit"] or "",
                   r["leader"] or "", r["state"] or "未解决", r["solved_on"] or "", bool(r["tracks_figure"]),
                   steps, r["id"])


def problems(store: Store, project_id: int | None = None, open_only: bool = False) -> list[Problem]:
    """Problem records, oldest first (of one project, or all), each with its steps in date order."""
    args: list[Any]                 # a project id and a state
    sql, args = "SELECT * FROM problems", []
    where = []
    if project_id is not None:
        where.append("project_id = ?")
        args.append(project_id)
    if open_only:
        where.append("state <> ?")
        args.append(SOLVED)
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = store.conn.execute(sql + " ORDER BY year, month, id", args).fetchall()
    steps: dict[int, list[Step]] = {}
    ids = [r["id"] for r in rows]
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for s in store.conn.execute(f"SELECT * FROM problem_steps WHERE problem_id IN ({','.join('?' * len(chunk))}) "
                                    "ORDER BY done_on, id", chunk):
            steps.setdefault(s["problem_id"], []).append(Step(s["done_on"] or "", s["text"] or "", s["id"]))
    return [_problem(r, steps.get(r["id"], [])) for r in rows]


def open_problems(store: Store, year: int, month: int) -> dict[int, list[Problem]]:
    """Per project, the problems open at the end of (year, month): raised by then and not solved by then."""
    end = f"{year:04d}-{month:02d}-31"
    out: dict[int, list[Problem]] = {}
    for p in problems(store):
        if (p.year, p.month) > (year, month):
            continue
        if p.state == SOLVED and (not p.solved_on or p.solved_on <= end):
            continue
        out.setdefault(p.project_id, []).append(p)
    return out


def save_problem(store: Store, problem: Problem, label: str | None = None) -> int:
    """Add or change a problem record with its steps (dates as typed) in one operation; returns its id."""
    p = _project(store, problem.project_id)
    who = f"项目「{p.name}」"
    text = (problem.text or "").strip()
    if not text:
        raise ValidationError(f"{who}：问题内容不能为空", "text")
    if problem.state not in PROBLEM_STATES:
        raise ValidationError(f"{who}：问题状态应为未解决、协调中或已解决", "state")
    solved_on = date_field(problem.solved_on, who=who, field="解决日期")
    if problem.state == SOLVED and not solved_on:
        raise ValidationError(f"{who}：已解决的问题请填写解决日期", "solved_on")
    if not 1 <= problem.month <= 12:
        raise ValidationError(f"{who}：提出月份应在1—12月之间", "month")
    cause = problem.cause if problem.cause in causes.kinds() else causes.classify(text)
    values = {"project_id": p.id, "year": problem.year, "month": problem.month, "text": text, "cause": cause,
              "unit": problem.unit.strip(), "leader": problem.leader.strip(), "state": problem.state,
              "solved_on": solved_on if problem.state == SOLVED else "", "tracks_figure": int(problem.tracks_figure)}
    steps = []
    for i, s in enumerate(problem.steps, 1):
        if not s.text.strip() and not str(s.done_on).strip():
            continue
        if not s.text.strip():
            raise ValidationError(f"{who}：第{i}条协调情况没有内容", "steps")
        steps.append(Step(date_field(s.done_on, who=who, field=f"第{i}条协调日期"), s.text.strip(), s.id))
    with store.operation(label or f"{'修改' if problem.id else '登记'}「{p.name}」的问题") as op:
        if problem.id is None:
            pid = op.insert("problems", {**values, "last_year": problem.year, "last_month": problem.month})
        else:
            pid = problem.id
            if store.row("problems", pid) is None:
                raise StoreError("该问题已不存在，可能已被删除或撤销")
            op.update("problems", pid, values)
        keep = {s.id for s in steps if s.id is not None}
        for (sid,) in store.conn.execute("SELECT id FROM problem_steps WHERE problem_id = ?", (pid,)).fetchall():
            if sid not in keep:
                op.delete("problem_steps", sid)
        for s in steps:
            if s.id is None:
                op.insert("problem_steps", {"problem_id": pid, "done_on": s.done_on, "text": s.text})
            else:
                op.update("problem_steps", s.id, {"done_on": s.done_on, "text": s.text})
    return pid


def delete_problem(store: Store, problem_id: int) -> None:
    """Remove a problem record and its steps (one undoable step)."""
    r = store.row("problems", problem_id)
    if r is None:
        return
    with store.operation(f"删除问题「{causes.clean(r['text'])[:20]}」") as op:
        for (sid,) in store.conn.execute("SELECT id FROM problem_steps WHERE problem_id = ?", (problem_id,)).fetchall():
            op.delete("problem_steps", sid)
        op.delete("problems", problem_id)


def new_problem(project: Project, year: int, month: int, text: str | None) -> dict[str, Any] | None:
    """The tracking record a month's 存在问题 opens for a project that has none open; None when it is no problem."""
    t = (text or "").strip()
    if not causes.is_problem(t):
        return None
    return {"project_id": project.id, "year": year, "month": month, "text": t, "cause": causes.classify(t),
            "unit": project.unit, "leader": project.leader, "state": "未解决", "solved_on": "", "tracks_figure": 1,
            "last_year": year, "last_month": month}


def follow_problem(op: Operation, store: Store, project: Project, year: int, month: int, text: str | None) -> None:
    """The month's 存在问题 (typed or imported) opens the project's tracking record or brings it up to date.

    A blank or 无 does not close it: a problem that disappears from a return is asked about (`vanished`)."""
    t = (text or "").strip()
    if not causes.is_problem(t):
        return
    r = store.conn.execute("SELECT * FROM problems WHERE project_id = ? AND tracks_figure = 1 AND state <> ? "
                           "ORDER BY id DESC LIMIT 1", (project.id, SOLVED)).fetchone()
    if r is None:
        row = new_problem(project, year, month, t)
        assert row is not None          # t is a problem
        op.insert("problems", row)
        return
    changes = problem_changes(r, year, month, t)
    if changes:
        op.update("problems", r["id"], changes)


def problem_changes(r: Mapping[str, Any], year: int, month: int, text: str) -> dict[str, Any]:
    """What the month's 存在问题 `text` (a problem) changes in the project's open tracking record `r`."""
    changes: dict[str, Any] = {}
    if (year, month) < (r["year"], r["month"]):        # an earlier month typed later: raised then
        changes.update(year=year, month=month)
    if (year, month) >= (r["last_year"] or 0, r["last_month"] or 0):
        changes.update(last_year=year, last_month=month)
        if text != r["text"]:
            changes["text"] = text
            # a cause the clerk chose on the card stays; one the program guessed follows the new text
            if r["cause"] == causes.classify(r["text"]):
                changes["cause"] = causes.classify(text)
    return changes


def vanished(store: Store, year: int, month: int, project_ids: Iterable[int] | None = None) -> list[Problem]:
    """Open tracking records whose project reported (year, month) without a problem: solved, or only left out?"""
    wanted = set(project_ids) if project_ids is not None else None
    quiet = {r[0] for r in store.conn.execute(
        "SELECT project_id FROM monthly_figures WHERE year = ? AND month = ? AND "
        "(month_amount IS NOT NULL OR ytd IS NOT NULL)", (year, month))}
    out = []
    for p in problems(store, open_only=True):
        if not p.tracks_figure or p.project_id not in quiet or (p.year, p.month) >= (year, month):
            continue
        if wanted is not None and p.project_id not in wanted:
            continue
        f = store.figure(p.project_id, year, month)
        if f is not None and not causes.is_problem(f.problem):
            out.append(p)
    return out


def vanished_text(store: Store, gone: list[Problem], month: int, limit: int = 30) -> str:
    """The open problems a month's returns no longer mention, one per line (the window asks, the command prints)."""
    names = {p.id: p.name for p in store.projects(include_archived=True)}
    lines = [f"  {names.get(p.project_id, '')}：{causes.clean(p.text)}（{p.year}年{p.month}月提出）" for p in gone[:limit]]
    more = [f"  ……另有{len(gone) - limit}个"] if len(gone) > limit else []
    return "\n".join([f"以下{len(gone)}个问题在{month}月的报表中没有再填写：", *lines, *more])


def solve(store: Store, problem_ids: Iterable[int], solved_on: dt.date | str, label: str | None = None) -> int:
    """Mark problems 已解决 on a date, as one undoable step; returns how many changed."""
    day = solved_on.isoformat() if isinstance(solved_on, dt.date) else date_field(solved_on, field="解决日期")
    n = 0
    ids = list(problem_ids)
    with store.operation(label or f"{len(ids)}个问题标为已解决") as op:
        for pid in ids:
            if store.row("problems", pid) is not None:
                n += op.update("problems", pid, {"state": SOLVED, "solved_on": day})
    return n


def line_reasons(line: ProjectLine, year: int, month: int) -> list[tuple[str, str]]:
    """Why a project is held up, as (cause class, text) for the 文字分析, the 督办单 and the 问题清单: its open
    problem records (with how long each has been open), else the month's 存在问题, else — not started — the
    前期手续 still missing; [] when nothing is known."""
    if line.open_problems:
        out = []
        for p in line.open_problems:
            n = p.months_open(year, month)
            out.append((p.cause or causes.classify(p.text), causes.clean(p.text) + (f"，已{n}个月未解决" if n else "")))
        return out
    if causes.is_problem(line.problem):
        return [(causes.classify(line.problem), causes.clean(line.problem))]
    if not line.started and line.missing_approvals:
        return [(APPROVAL_CAUSE, "前期手续未办结：" + "、".join(line.missing_approvals))]
    return []


# the cause class missing 前期手续 belong to (one of causes.kinds())
APPROVAL_CAUSE = "前期手续与审批"


# ---- 四个一批 -------------------------------------------------------------------------------------------

BATCHES = ("签约", "开工", "投产", "竣工")


def batch_targets(store: Store, year: int) -> dict[str, int]:
    """The year's 四个一批 targets from 设置 (0 when not set)."""
    t = (store.setting("four_batch_targets", {}) or {}).get(str(year), {})
    return {b: int(t.get(b, 0) or 0) for b in BATCHES}


def set_batch_targets(store: Store, year: int, targets: dict[str, int]) -> None:
    """Store the year's targets (one undoable step, like any setting)."""
    for b, n in targets.items():
        if b not in BATCHES or int(n) < 0:
            raise ValidationError(f"四个一批目标「{b}」应为不小于0的个数", "four_batch_targets")
    all_years = dict(store.setting("four_batch_targets", {}) or {})
    all_years[str(year)] = {b: int(targets.get(b, 0)) for b in BATCHES}
    store.set_settings({"four_batch_targets": all_years}, label=f"修改{year}年四个一批目标")


def project_batches(store: Store, project_id: int, year: int) -> dict[str, str]:
    """The batches the project is in for the year → date done (ISO or '' when not yet)."""
    return {r[0]: r[1] or "" for r in store.conn.execute(
        "SELECT batch, done_on FROM batches WHERE project_id = ? AND year = ?", (project_id, year))}


def save_batches(store: Store, project_id: int, year: int, entries: dict[str, str | None],
                 label: str | None = None) -> bool:
    """Membership as ticked on the card: batch → date text (member) or None (not a member); one operation."""
    p = _project(store, project_id)
    who = f"项目「{p.name}」"
    changed = False
    with store.operation(label or f"修改「{p.name}」{year}年四个一批") as op:
        for b in BATCHES:
            if b not in entries:
                continue
            r = store.conn.execute("SELECT id FROM batches WHERE project_id = ? AND year = ? AND batch = ?",
                                   (project_id, year, b)).fetchone()
            text = entries[b]
            if text is None:
                if r is not None:
                    op.delete("batches", r[0])
                    changed = True
                continue
            day = date_field(text, who=who, field=f"{b}日期")
            if r is None:
                op.insert("batches", {"project_id": project_id, "year": year, "batch": b, "done_on": day})
                changed = True
            else:
                changed |= op.update("batches", r[0], {"done_on": day})
    return changed


def four_batches(store: Store, year: int, month: int) -> dict[str, dict[str, int]]:
    """Per batch: the year's target, how many projects are in it, how many got there by the month's end."""
    end = f"{year:04d}-{month:02d}-31"
    targets = batch_targets(store, year)
    out = {b: {"target": targets[b], "members": 0, "done": 0} for b in BATCHES}
    for r in store.conn.execute("SELECT b.batch, b.done_on, p.actual_start, p.actual_finish FROM batches b "
                                "JOIN projects p ON p.id = b.project_id WHERE b.year = ?", (year,)):
        if r[0] not in out:
            continue
        # a 开工/竣工 member with no date of its own counts from the card's actual date
        day = r[1] or ({"开工": r[2], "竣工": r[3]}.get(r[0]) or "")
        out[r[0]]["members"] += 1
        if day and day[:4] == str(year) and day <= end:
            out[r[0]]["done"] += 1
    return out


def _project(store: Store, project_id: int) -> Project:
    p = store.project(project_id)
    if p is None:
        raise StoreError("该项目已不存在，可能已被删除")
    return p

