"""The 问题清单 for a 调度会, computed once from the 问题台账: groups by cause or unit, open problems first."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import causes
from .records import SOLVED, problems
from .validation import check_month

if TYPE_CHECKING:
    from .store import Store

GROUP_BY = {"cause": "问题类型", "unit": "责任单位"}


@dataclass
class ProblemItem:
    """One line of the list: the project, the problem and where its solving stands."""

    project: str
    unit: str                  # 责任单位 asked to solve it
    leader: str                # 包保领导
    text: str
    cause: str
    raised: str                # '2024年3月'
    months_open: int           # whole months from the month raised to the list's month
    state: str
    latest_step: str           # '2024-04-10 区自然资源局现场会商' or ''
    solved_on: str = ""


@dataclass
class ProblemGroup:
    name: str
    items: list[ProblemItem] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return sum(1 for i in self.items if i.state != SOLVED)


@dataclass
class ProblemList:
    year: int
    month: int
    office: str
    by: str
    groups: list[ProblemGroup]

    @property
    def title(self) -> str:
        return f"{self.office}{self.year}年{self.month}月重点项目问题清单"

    @property
    def open_count(self) -> int:
        return sum(g.open_count for g in self.groups)

    @property
    def solved_count(self) -> int:
        return sum(len(g.items) for g in self.groups) - self.open_count


def build_problem_list(store: Store, year: int, month: int, by: str = "cause") -> ProblemList:
    """Problems open at the end of (year, month) and those solved in that month, grouped by cause (in the
    文字分析's order) or by unit; within a group open ones first, the longest open first."""
    if by not in GROUP_BY:
        raise ValueError(by)
    check_month(year, month)
    start, end = f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-31"
    names = {p.id: p.name for p in store.projects(include_archived=True)}
    items: list[ProblemItem] = []
    for p in problems(store):
        if (p.year, p.month) > (year, month):
            continue
        solved = p.state == SOLVED and (not p.solved_on or p.solved_on <= end)
        if solved and not (p.solved_on and p.solved_on >= start):
            continue            # solved before this month: off the list
        step = p.latest_step
        items.append(ProblemItem(
            names.get(p.project_id, f"项目#{p.project_id}"), p.unit, p.leader, causes.clean(p.text),
            p.cause or causes.classify(p.text), f"{p.year}年{p.month}月", p.months_open(year, month),
            SOLVED if solved else p.state, f"{step.done_on} {step.text}".strip() if step else "",
            p.solved_on if solved else ""))
    order = causes.kinds()
    groups: dict[str, ProblemGroup] = {}
    key = (lambda i: i.cause) if by == "cause" else (lambda i: i.unit or "（未填责任单位）")
    for i in items:
        groups.setdefault(key(i), ProblemGroup(key(i))).items.append(i)
    for g in groups.values():
        g.items.sort(key=lambda i: (i.state == SOLVED, -i.months_open, i.project))
    if by == "cause":
        ranked = sorted(groups.values(), key=lambda g: order.index(g.name) if g.name in order else len(order))
    else:
        ranked = sorted(groups.values(), key=lambda g: (-g.open_count, g.name))
    return ProblemList(year, month, store.setting("office", "") or "", by, ranked)
