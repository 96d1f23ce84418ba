"""The trade's rules in one place: 序时进度, 完成率, 开工/竣工 at a month's end, progress bands, warning lights."""
from __future__ import annotations

from decimal import Decimal
from enum import Enum

from .money import Fen, ratio
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


def is_completed(p: Project, year: int, month: int) -> bool:
    """竣工 by the end of the month: the recorded date decides when there is one, else the status."""
    if p.actual_finish:
        return p.actual_finish[:7] <= ym(year, month)
    return p.status == Status.COMPLETED.value


def is_started(p: Project, year: int, month: int) -> bool:
    """开工 by the end of the month: the recorded date decides when there is one, else the status."""
    if is_completed(p, year, month):
        return True
    if p.actual_start:
        return p.actual_start[:7] <= ym(year, month)
    return p.status in (Status.UNDER_WAY.value, Status.COMPLETED.value)


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


def band_of(p: Project, plan: Fen, ytd: Fen, year: int, month: int) -> Band:
    """The first band that fits, in DOMAIN order; integer arithmetic so boundaries are exact."""
    if is_completed(p, year, month):
        return Band.COMPLETED
    if not is_started(p, year, month):
        return Band.NOT_STARTED
    if plan <= 0:
        return Band.NO_PLAN
    if ytd >= plan:
        return Band.AHEAD
    if ytd * 12 >= plan * month:
        return Band.ON_SCHEDULE
    return Band.BEHIND


def light_of(band: Band, gap_pp: Decimal | None, overdue_months: int | None) -> str:
    """Warning light: behind 序时 by 10–30 个百分点 → 黄灯, over 30 → 红灯; overdue start → 黄灯, 3+ months → 红灯."""
    if band == Band.BEHIND and gap_pp is not None:
        if gap_pp < -30:
            return RED
        if gap_pp <= -10:
            return YELLOW
    if band == Band.NOT_STARTED and overdue_months is not None:
        return RED if overdue_months >= 3 else YELLOW
    return ""
