"""Warning lights month by month: each project's 红/黄/绿灯 for months 1…M from the stored months, and who turned red."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .report import MonthlyReport, ProjectLine
from .rules import RED, YELLOW
from .trend import YearData, load_year, month_reports

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
            out.setdefault(line.project.id, [NONE] * len(reports))[i] = light_word(line)
    return Lights(last.year, last.month, out)


def year_lights(store: Any, year: int, month: int, data: YearData | None = None) -> Lights:
    """Every project's lights for months 1…M of the year, from the store."""
    data = data or load_year(store, year)
    return lights_of(month_reports(data, month))


def cached_year_lights(store: Any, year: int, month: int) -> Lights:
    """year_lights, reused while the database is unchanged (the window asks on every refresh, as build_report)."""
    conn = store.conn
    version = (conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
    cache: dict = store.__dict__.setdefault("_lights_cache", {})
    hit = cache.get((year, month))
    if hit is not None and hit[0] == version:
        return hit[1]
    lights = year_lights(store, year, month)
    cache.clear()           # one period at a time: a year of lights for 10,000 projects is not small
    cache[(year, month)] = (version, lights)
    return lights


def turned_red(report: MonthlyReport, lights: Lights) -> list[ProjectLine]:
    """The report's projects that turned red this month, furthest behind first."""
    found = [l for l in report.lines if l.light == RED and lights.turned_red(l.project.id)]
    return sorted(found, key=lambda l: (l.gap_pp if l.gap_pp is not None else 0, l.name))


def turned_red_json(report: MonthlyReport, lights: Lights) -> list[dict[str, Any]]:
    """`summary --json`'s "turned_red": name, unit and 个百分点 behind 序时 (one decimal, None if not started)."""
    from .money import round_half_up

    return [{"name": l.name, "unit": l.unit,
             "gap_pp": f"{round_half_up(l.gap_pp, 1):.1f}" if l.gap_pp is not None else None}
            for l in turned_red(report, lights)]


__all__ = ["GREEN", "RED", "YELLOW", "Lights", "lights_of", "turned_red", "turned_red_json", "year_lights"]
