"""The year month by month: each month's report computed from the stored months (累计 against 分月计划 or 序时)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .money import Fen
from .report import MonthlyReport, ReportFilter, compute_report, report_settings
from .validation import check_month

PLAN_MONTHLY = "分月计划累计"
PLAN_SCHEDULE = "按序时进度应完成"
PLAN_MIXED = "计划进度（未分月的按序时进度）"


@dataclass
class YearData:
    """What the stored months hold for a year: loaded once, then any month's report is a pure computation."""

    year: int
    projects: list
    plans: dict[int, Any]
    figures: list
    office: str
    settings: dict[str, Any]

    def report(self, month: int, filter: ReportFilter | None = None) -> MonthlyReport:
        """The month's report exactly as build_report computes it (the same compute_report, the same rules)."""
        return compute_report(self.year, month, self.projects, self.plans,
                              [f for f in self.figures if f.month <= month], office=self.office,
                              filter=filter, settings=self.settings)


def load_year(store: Any, year: int) -> YearData:
    """One read of the year's list, plans and every stored month."""
    settings = report_settings(store)
    return YearData(year, store.projects(year, include_archived=True), store.plans(year), store.figures(year),
                    settings.get("office", ""), settings)


def load_project_year(store: Any, project_id: int, year: int) -> YearData | None:
    """The same for one project (its card, its plan, its months): what the card's pictures need."""
    from .card_history import project_months

    p, plan = store.project(project_id), store.plan(project_id, year)
    if p is None or plan is None:
        return None
    return YearData(year, [p], {project_id: plan}, project_months(store, project_id, year), "", {})


def month_reports(data: YearData, month: int, filter: ReportFilter | None = None) -> list[MonthlyReport]:
    """The reports of months 1…M, in order."""
    check_month(data.year, month)
    return [data.report(m, filter) for m in range(1, month + 1)]


@dataclass
class Trend:
    """累计完成 for months 1…M and the plan to date for months 1…12, in 分 (exact)."""

    title: str
    year: int
    month: int
    annual_plan: Fen
    ytd: list[Fen]                    # months 1…M
    plan_to_date: list[Fen]           # months 1…12
    plan_label: str                   # which plan line it is (分月计划 or 序时进度)


def _plan_to_date(plan: Fen, monthly: list[Fen] | None, m: int) -> Fen:
    """A project's plan to the end of month m: its 分月计划 summed, else the 序时 share plan×m/12 (half up)."""
    if monthly:
        return sum(monthly[:m])
    return (plan * m * 2 + 12) // 24


def _plan_label(plans: list[Any]) -> str:
    planned = [p for p in plans if p is not None and p.plan > 0]
    with_monthly = sum(1 for p in planned if p.monthly_plan)
    if planned and with_monthly == len(planned):
        return PLAN_MONTHLY
    return PLAN_MIXED if with_monthly else PLAN_SCHEDULE


def trend_of(data: YearData, month: int, filter: ReportFilter | None = None) -> Trend:
    """The list's 累计 month by month against its plan to date: each month's sum is what that month's report
    totals (the latest figure up to the month, 累计 carried forward), added up in one pass rather than by
    computing twelve reports."""
    check_month(data.year, month)
    if filter is None:
        projects, what = data.projects, ""
    else:
        last = data.report(month, filter)
        projects, what = [l.project for l in last.lines], last.filter.describe()
    ids = {p.id for p in projects}
    plans = [data.plans.get(p.id) for p in projects]
    latest: dict[int, Fen] = {}
    ytd: list[Fen] = []
    figures = sorted((f for f in data.figures if f.project_id in ids), key=lambda f: f.month)
    i = 0
    for m in range(1, month + 1):
        while i < len(figures) and figures[i].month <= m:
            latest[figures[i].project_id] = figures[i].ytd
            i += 1
        ytd.append(sum(latest.values()))
    plan_line = [sum(_plan_to_date(p.plan, p.monthly_plan, m) for p in plans if p is not None) for m in range(1, 13)]
    return Trend(f"{data.year}年{what}重点项目逐月累计完成投资", data.year, month,
                 sum(p.plan for p in plans if p is not None), ytd, plan_line, _plan_label(plans))


def project_trend(data: YearData, project_id: int, month: int,
                  reports: list[MonthlyReport] | None = None) -> Trend | None:
    """One project's 累计 month by month against its 分月计划 (or 序时 line); None when it is not on the list."""
    reports = reports or month_reports(data, month)
    lines = [next((l for l in r.lines if l.project.id == project_id), None) for r in reports]
    if lines[-1] is None:
        return None
    p = data.plans.get(project_id)
    plan = lines[-1].plan
    monthly = p.monthly_plan if p else None
    return Trend(f"{lines[-1].name}逐月累计完成投资", data.year, month, plan,
                 [l.ytd if l else 0 for l in lines], [_plan_to_date(plan, monthly, m) for m in range(1, 13)],
                 PLAN_MONTHLY if monthly else PLAN_SCHEDULE)


def year_trend(store: Any, year: int, month: int) -> Trend:
    """The whole list's trend straight from the stored months: two light queries (累计 and plans of the projects on
    the year's list, as build_report counts them) instead of loading every card — the window redraws it after
    every stored cell."""
    check_month(year, month)
    cur = store.conn.cursor()
    cur.row_factory = None          # plain tuples: a third faster than sqlite3.Row for 100,000 rows
    rows = cur.execute(
        "SELECT f.project_id, f.month, f.ytd FROM monthly_figures f JOIN annual_plans a "
        "ON a.project_id = f.project_id AND a.year = f.year WHERE f.year = ? AND f.month <= ? ORDER BY f.month",
        (year, month)).fetchall()
    latest: dict[int, Fen] = {}
    ytd: list[Fen] = []
    i = 0
    for m in range(1, month + 1):
        while i < len(rows) and rows[i][1] <= m:
            latest[rows[i][0]] = rows[i][2] or 0
            i += 1
        ytd.append(sum(latest.values()))
    plans = list(store.plans(year).values())
    plan_line = [sum(_plan_to_date(p.plan, p.monthly_plan, m) for p in plans) for m in range(1, 13)]
    return Trend(f"{year}年重点项目逐月累计完成投资", year, month, sum(p.plan for p in plans), ytd, plan_line,
                 _plan_label(plans))
