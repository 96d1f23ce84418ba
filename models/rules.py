"""The trade's rules in one place: 序时进度, 完成率, 项目状态 at a month's end, progress bands, warning lights,
the 超/低于/持平 wording, who gets a 督办单. Every screen, document and the importer ask here."""
from __future__ import annotations

from decimal import Decimal
from enum import Enum

from .causes import is_problem
from .money import Fen, ratio, round_half_up
from .project import Project, Status


class Band(str, Enum):
    """进度分档, checked in this order; the value is the word the reports use."""

    COMPLETED = "已竣工"
    NOT_STARTED = "未开工"
    NO_PLAN = "无年度计划"
    AHEAD = "已完成年度计划"
    ON_SCHEDULE = "赶上序时进度"
    BEHIND = "未赶上序时进度"

    @property
    def key(self) -> str:
        """The stable English key used by `summary --json`."""
        return BAND_KEYS[self]


BAND_KEYS = {Band.COMPLETED: "completed", Band.AHEAD: "ahead", Band.ON_SCHEDULE: "on_schedule",
             Band.BEHIND: "behind", Band.NOT_STARTED: "not_started", Band.NO_PLAN: "no_plan"}
# the order the reports list bands in
BAND_ORDER = (Band.COMPLETED, Band.AHEAD, Band.ON_SCHEDULE, Band.BEHIND, Band.NOT_STARTED, Band.NO_PLAN)

YELLOW, RED = "黄灯", "红灯"


def schedule_ratio(month: int) -> Decimal:
    """序时进度 = M/12, exact."""
    return Decimal(month) / Decimal(12)


def completion_ratio(ytd: Fen, plan: Fen) -> Decimal | None:
    """年度计划完成率 = 1–M月累计 ÷ 年度计划; None when there is no plan."""
    return ratio(ytd, plan)


def vs_schedule_pp(completion: Decimal | None, month: int) -> Decimal | None:
    """超(+)/低于(−)序时进度的百分点, exact (rounded only when shown)."""
    if completion is None:
        return None
    return (completion - schedule_ratio(month)) * 100


def ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def status_at(p: Project, year: int, month: int) -> Status:
    """项目状态 at the end of the month: a recorded date decides when there is one, else the card's status.

    The one answer for the project list, the card, the grid, the 月报, the 文字分析, the 督办单 and the importer:
    a card saying 未开工 with an 实际开工日期 in or before the month reads 在建 everywhere."""
    end = ym(year, month)
    if p.actual_finish:
        if p.actual_finish[:7] <= end:
            return Status.COMPLETED
    elif p.status == Status.COMPLETED.value:
        return Status.COMPLETED
    if p.actual_start:
        return Status.UNDER_WAY if p.actual_start[:7] <= end else Status.NOT_STARTED
    if p.status in (Status.UNDER_WAY.value, Status.COMPLETED.value):
        return Status.UNDER_WAY
    return Status.NOT_STARTED


def settled_status(status: str, actual_start: str, actual_finish: str) -> str:
    """The status a card is stored with once its dates are known: an 开工 date makes it 在建, a 竣工 date 已竣工."""
    p = Project(name="", status=status or Status.NOT_STARTED.value, actual_start=actual_start or "",
                actual_finish=actual_finish or "")
    return status_at(p, 9999, 12).value


def finish_before_start(actual_start: str, actual_finish: str) -> bool:
    """竣工 dated before 开工, compared at the precision both have ('2024-03' is not before '2024-03-15')."""
    n = min(len(actual_start), len(actual_finish))
    return bool(actual_start and actual_finish) and actual_finish[:n] < actual_start[:n]


def status_conflicts(status: str, actual_start: str, actual_finish: str) -> list[str]:
    """What contradicts in a card's status and dates, as the card shows it beside the fields (none: [])."""
    out = []
    if finish_before_start(actual_start, actual_finish):
        out.append(f"实际竣工日期{actual_finish}早于实际开工日期{actual_start}")
    if actual_finish and status != Status.COMPLETED.value:
        out.append(f"项目状态为{status}，但已填实际竣工日期{actual_finish}：请改为已竣工，或删去竣工日期")
    elif actual_start and status == Status.NOT_STARTED.value:
        out.append(f"项目状态为未开工，但已填实际开工日期{actual_start}：请改为在建，或删去开工日期")
    return out


def months_past_planned_start(p: Project, year: int, month: int) -> int | None:
    """How many months the 计划开工 month lies before the report month (0 = this month); None if not due."""
    if not p.planned_start or len(p.planned_start) < 7:
        return None
    try:
        py, pm = int(p.planned_start[:4]), int(p.planned_start[5:7])
    except ValueError:
        return None
    diff = (year * 12 + month) - (py * 12 + pm)
    return diff if diff >= 0 else None


def due_to_start(p: Project, year: int, month: int) -> bool:
    """Counted in 开工率's denominator when the setting divides by the projects due to start by now: started,
    or no 计划开工 on the card, or its 计划开工 month reached."""
    return (status_at(p, year, month) != Status.NOT_STARTED or not p.planned_start
            or months_past_planned_start(p, year, month) is not None)


def band_of(p: Project, plan: Fen, ytd: Fen, year: int, month: int) -> Band:
    """The first band that fits, in DOMAIN order; the status is status_at's, the figures band_by_figures'."""
    status = status_at(p, year, month)
    if status == Status.COMPLETED:
        return Band.COMPLETED
    if status == Status.NOT_STARTED:
        return Band.NOT_STARTED
    if plan <= 0:
        return Band.NO_PLAN
    return band_by_figures(plan, ytd, month)


def band_by_figures(plan: Fen, ytd: Fen, month: int) -> Band:
    """Where a started project's 累计 puts it at the end of `month`; integer arithmetic so boundaries are exact."""
    if ytd >= plan:
        return Band.AHEAD
    if ytd * 12 >= plan * month:
        return Band.ON_SCHEDULE
    return Band.BEHIND


def light_of(band: Band, gap_pp: Decimal | None, overdue_months: int | None) -> str:
    """Warning light: behind 序时 by 10–30 个百分点 → 黄灯, over 30 → 红灯; overdue start → 黄灯, 3+ months → 红灯.

    The gap is judged as shown (one decimal): a project printed as 低于10.0个百分点 has its 黄灯."""
    if band == Band.BEHIND and gap_pp is not None:
        shown = shown_pp(gap_pp)
        if shown < -30:
            return RED
        if shown <= -10:
            return YELLOW
    if band == Band.NOT_STARTED and overdue_months is not None:
        return RED if overdue_months >= 3 else YELLOW
    return ""


# ---- how a gap in 个百分点 is said ------------------------------------------------------------------------

def shown_pp(value: Decimal) -> Decimal:
    """A difference in 个百分点 as it is shown: one decimal, half away from zero, and never '-0.0'."""
    shown = round_half_up(value, 1)
    return abs(shown) if shown == 0 else shown


def pp_text(value: Decimal) -> str:
    """'14.1个百分点': the magnitude as shown."""
    return f"{abs(shown_pp(value)):.1f}个百分点"


def vs_text(value: Decimal | None, what: str = "序时进度") -> str:
    """'超序时进度3.2个百分点' / '低于…' / '与…持平' ('高于…平均水平' for other comparisons); '' for None.

    Rounded at the shown digit first, so a gap that shows as 0.0 reads 持平 in every document."""
    if value is None:
        return ""
    shown = shown_pp(value)
    if shown == 0:
        return f"与{what}持平"
    more = "超" if what == "序时进度" else "高于"
    return f"{more if shown > 0 else '低于'}{what}{pp_text(shown)}"


# ---- 督办单 --------------------------------------------------------------------------------------------------

def needs_notice(band: Band, overdue_months: int | None, planned_start: str, problem: str) -> bool:
    """Who gets a 督办单: 滞后 projects, and not-started ones past their 计划开工 month or, with no planned
    month, with a problem reported."""
    if band == Band.BEHIND:
        return True
    if band == Band.NOT_STARTED:
        if overdue_months is not None:
            return True
        return not planned_start and is_problem(problem)
    return False
