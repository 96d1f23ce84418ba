"""Warning lights month by month: each project's 红/黄/绿灯 for months 1…M from the stored months, and who turned red."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from .report import MonthlyReport, ProjectLine
from .rules import RED, YELLOW
from .trend import YearData, load_project_year, load_year, month_reports

GREEN = "绿灯"
NONE = ""                 # not on the list that month (or no light to give: 无年度计划)


def light_word(line: ProjectLine) -> str:
    """红灯/黄灯 from the report's own light (rules.light_of), else 绿灯."""
    return line.light or GREEN


@dataclass
class Lights:
    """Per project id, its light for months 1…M (index 0 = January)."""

    year: int
    month: int
    by_project: dict[int, list[str]]

    def of(self, project_id: int) -> list[str]:
        return self.by_project.get(project_id, [NONE] * self.month)

    def turned_red(self, project_id: int) -> bool:
        """Red this month and not red the month before (a project red since January has not just turned)."""
        seq = self.of(project_id)
        return bool(seq) and seq[-1] == RED and (len(seq) == 1 or seq[-2] != RED)


def lights_of(reports: list[MonthlyReport]) -> Lights:
    """The lights of months 1…M read off each month's report lines: the one rule, never a second copy of it."""
    last = reports[-1]
    out: dict[int, list[str]] = {}
    for i, r in enumerate(reports):
        for line in r.lines:
            assert line.project.id is not None      # a report's projects are stored ones
            out.setdefault(line.project.id, [NONE] * len(reports))[i] = light_word(line)
    return Lights(last.year, last.month, out)


def year_lights(store: Any, year: int, month: int, data: YearData | None = None) -> Lights:
    """Every project's lights for months 1…M of the year, from the store."""
    data = data or load_year(store, year)
    return lights_of(month_reports(data, month))


def recent_lights(report: MonthlyReport) -> Lights:
    """The lights of the report's month and the one before: all that "turned red this month" needs. Last month's
    light is the same rule (report.standing) on the line's 上月累计, so no second report is built: the whole
    year's lights cost a report per month, and `summary --json` must answer in under a second."""
    from .report import standing

    by_project: dict[int, list[str]] = {}
    for line in report.lines:
        now = light_word(line)
        if report.month == 1:
            by_project[line.project.id or 0] = [now]
            continue
        before = standing(line.project, line.plan, line.prev_ytd or 0, report.year, report.month - 1).light
        by_project[line.project.id or 0] = [before or GREEN, now]
    return Lights(report.year, report.month, by_project)


def project_lights(store: Any, project_id: int, year: int, month: int) -> list[str]:
    """One project's lights for months 1…M: the same rule (report.standing) on the 累计 each month's report would
    give it — the latest month with a figure given, carried forward — without building a report per month (the
    card list asks this for every row it paints)."""
    from .report import standing

    data = load_project_year(store, project_id, year)
    if data is None:
        return []
    project, plan = data.projects[0], data.plans[project_id].plan
    given = {f.month: f.ytd for f in data.figures if f.given}
    lights, ytd = [], 0
    for m in range(1, month + 1):
        ytd = given.get(m, ytd)
        lights.append(standing(project, plan, ytd, year, m).light or GREEN)
    return lights


class LazyLights:
    """Lights for a list on screen: a project's are computed when first asked for (a screenful costs a few
    milliseconds, where the whole list of 10,000 projects costs seconds), all at once only when sorting by them."""

    def __init__(self, store: Any, year: int, month: int) -> None:
        self.store, self.year, self.month = store, year, month
        self.known: dict[int, list[str]] = {}
        self.complete = False

    def of(self, project_id: int) -> list[str]:
        if project_id not in self.known and not self.complete:
            self.known[project_id] = project_lights(self.store, project_id, self.year, self.month)
        return self.known.get(project_id, [])

    def all(self) -> dict[int, list[str]]:
        if not self.complete:
            self.known = year_lights(self.store, self.year, self.month).by_project
            self.complete = True
        return self.known


def turned_red(report: MonthlyReport, lights: Lights) -> list[ProjectLine]:
    """The report's projects that turned red this month, furthest behind first."""
    found = [l for l in report.lines if l.light == RED and lights.turned_red(cast(int, l.project.id))]
    return sorted(found, key=lambda l: (l.gap_pp if l.gap_pp is not None else 0, l.name))


def turned_red_json(report: MonthlyReport, lights: Lights) -> list[dict[str, Any]]:
    """`summary --json`'s "turned_red": name, unit and 个百分点 behind 序时 (one decimal, None if not started)."""
    from .money import round_half_up

    return [{"name": l.name, "unit": l.unit,
             "gap_pp": f"{round_half_up(l.gap_pp, 1):.1f}" if l.gap_pp is not None else None}
            for l in turned_red(report, lights)]


__all__ = ["GREEN", "RED", "YELLOW", "LazyLights", "Lights", "lights_of", "project_lights", "recent_lights", "turned_red",
           "turned_red_json", "year_lights"]
