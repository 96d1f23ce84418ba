"""The month's report object, computed once; the 月报, the 文字分析, the list and every screen render it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterable, NamedTuple, cast

from .money import Fen, fmt_pct, fmt_wan, ratio
from .project import FLAGS, MonthlyFigure, Project, Status
from .rules import (
    BAND_ORDER,
    Band,
    band_of,
    completion_ratio,
    due_to_start,
    light_of,
    months_past_planned_start,
    needs_notice,
    schedule_ratio,
    shown_pp,
    status_at,
    vs_schedule_pp,
)
from .verify import marks

if TYPE_CHECKING:
    from .store import Store


@dataclass(frozen=True)
class ReportFilter:
    """Which projects a report covers; None means all."""

    unit: str | None = None
    category: str | None = None
    nature: str | None = None
    flag: str | None = None          # one of FLAGS' code names, e.g. "is_city_key"
    band: Band | None = None
    started: bool | None = None

    def describe(self) -> str:
        parts = [v for v in (self.unit, self.category, self.nature) if v]
        if self.flag:
            parts.append(FLAGS.get(self.flag, self.flag))
        if self.band:
            parts.append(self.band.value)
        if self.started is not None:
            parts.append("已开工" if self.started else "未开工")
        return "、".join(parts)


# the words compared for every line each time a total is added up: looked up on the enum once, not per line
_NOT_STARTED, _COMPLETED = Status.NOT_STARTED.value, Status.COMPLETED.value


@dataclass
class ProjectLine:
    """One project in the month's report, with its figures and where it stands."""

    project: Project
    plan: Fen
    ytd: Fen
    month_amount: Fen | None           # 本月完成; None = unknown (not reported, or no 本月 and no last month's 累计)
    prev_ytd: Fen | None               # 上月累计; None when no earlier month of the year is stored (unknown, not 0)
    since_start: Fen | None
    progress: str
    problem: str
    next_plan: str
    funds_received: Fen | None
    target: str
    reported: bool                     # has a figure for this very month
    status: str                        # 项目状态 at the month's end (rules.status_at): what every screen shows
    band: Band
    overdue_months: int | None         # not started and past 计划开工 (0 = due this month)
    completion: Decimal | None         # ytd / plan
    gap_pp: Decimal | None             # 完成率 − 序时进度, in 个百分点
    light: str
    to_verify: tuple[str, ...] = ()    # 待核实: why this month's imported values look wrong (models/verify.py)
    open_problems: tuple[Any, ...] = ()     # 问题台账 records open at the month's end (models/records.Problem)
    missing_approvals: tuple[str, ...] = ()  # 前期手续 not yet 已办, when the checklist was filled in

    @property
    def name(self) -> str:
        return self.project.name

    @property
    def unit(self) -> str:
        return self.project.unit

    @property
    def started(self) -> bool:
        return self.status != _NOT_STARTED

    @property
    def completed(self) -> bool:
        return self.status == _COMPLETED

    @property
    def needs_notice(self) -> bool:
        """Whether the project gets a 督办单 this month (rules.needs_notice)."""
        return needs_notice(self.band, self.overdue_months, self.project.planned_start, self.problem)


@dataclass
class Figures:
    """Sums for a set of projects; percentages come from the sums, never from averaging rows.

    本月完成 may be unknown for some projects: the sum is of the known ones and `month_unknown` says how many were
    left out; when none is known the sum itself is unknown (None). Every document states it the same way."""

    name: str
    month: int
    count: int = 0
    started: int = 0
    completed: int = 0
    total_investment: Fen = 0
    annual_plan: Fen = 0
    ytd: Fen = 0
    month_known: Fen = 0               # 本月完成 of the projects where it is known
    month_unknown: int = 0             # projects whose 本月完成 is unknown
    funds_received: Fen = 0            # 资金到位 this month, of the projects that gave it
    funds_count: int = 0               # how many gave it: none means no sentence and no column
    lines: list[ProjectLine] = field(default_factory=list)

    @property
    def month_amount(self) -> Fen | None:
        """其中M月: the known projects' sum; None when no project's is known."""
        if self.count and self.month_unknown == self.count:
            return None
        return self.month_known

    def add(self, line: ProjectLine) -> None:
        self.count += 1
        self.started += line.started
        self.completed += line.completed
        self.total_investment += line.project.total_investment
        self.annual_plan += line.plan
        self.ytd += line.ytd
        if line.month_amount is None:
            self.month_unknown += 1
        else:
            self.month_known += line.month_amount
        if line.funds_received is not None:
            self.funds_received += line.funds_received
            self.funds_count += 1
        self.lines.append(line)

    @property
    def completion(self) -> Decimal | None:
        return completion_ratio(self.ytd, self.annual_plan)

    @property
    def gap_pp(self) -> Decimal | None:
        return vs_schedule_pp(self.completion, self.month)

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "count": self.count, "total_investment": fmt_wan(self.total_investment),
                "annual_plan": fmt_wan(self.annual_plan), "ytd": fmt_wan(self.ytd),
                "completion_rate": fmt_pct(self.completion) or None}


@dataclass
class BandFigures:
    """A progress band: its projects, sums, share of the project count and of the whole list's plan."""

    band: Band
    figures: Figures
    whole_plan: Fen
    whole_count: int

    @property
    def count(self) -> int:
        return self.figures.count

    @property
    def share(self) -> Decimal | None:
        """The band's 累计 as a share of the whole list's 年度计划 (占年度计划%)."""
        return ratio(self.figures.ytd, self.whole_plan)

    @property
    def count_share(self) -> Decimal | None:
        """占项目总数%."""
        return ratio(self.figures.count, self.whole_count)

    def as_json(self) -> dict[str, Any]:
        return {"count": self.count, "annual_plan": fmt_wan(self.figures.annual_plan),
                "ytd": fmt_wan(self.figures.ytd), "share": fmt_pct(self.share) or None,
                "projects": [{"name": l.name, "unit": l.unit, "problem": l.problem} for l in self.figures.lines]}


@dataclass
class MonthlyReport:
    """Everything the month's documents say, computed once for (year, month, filter)."""

    year: int
    month: int
    office: str
    filter: ReportFilter
    lines: list[ProjectLine]
    total: Figures
    start_rate_due_only: bool
    last_year_ytd: Fen | None          # 上年同期累计 (None when last year has no figures)
    settings: dict[str, Any]
    four_batches: dict[str, dict[str, int]] | None = None   # 四个一批: batch → target, members, done
    offices: dict[int, str] = field(default_factory=dict)    # project id → 报送单位 (models/returns.py)

    # The groups below are sums of `lines`, added up the first time a document or screen asks: the window's
    # card list needs only the lines and the total, and with 10,000 projects adding up the groups took 70 ms of
    # its start-up. Computed from the lines alone, they are the same whenever they are computed.
    @cached_property
    def bands(self) -> dict[Band, BandFigures]:
        figs = {b: Figures(b.value, self.month) for b in BAND_ORDER}
        for l in self.lines:
            figs[l.band].add(l)
        return {b: BandFigures(b, figs[b], self.total.annual_plan, self.total.count) for b in BAND_ORDER}

    @cached_property
    def by_unit(self) -> list[Figures]:
        return _group(self.lines, self.month, lambda l: l.project.unit, "（未填责任单位）")

    @cached_property
    def by_category(self) -> list[Figures]:
        return _group(self.lines, self.month, lambda l: l.project.category, "其他")

    @cached_property
    def by_nature(self) -> list[Figures]:
        return _group(self.lines, self.month, lambda l: l.project.nature, "（未填建设性质）")

    @cached_property
    def flags(self) -> dict[str, Figures]:
        """级别 word (市级重点…) → the sums of the projects carrying it."""
        out = {}
        for attr, word in FLAGS.items():
            fig = Figures(word, self.month)
            for l in self.lines:
                if getattr(l.project, attr):
                    fig.add(l)
            out[word] = fig
        return out

    @cached_property
    def by_office(self) -> list[Figures]:
        """By 报送单位, the office whose return brought the project."""
        return _group(self.lines, self.month, lambda l: self.offices.get(l.project.id or 0, ""), "（未经报送）")

    @property
    def schedule(self) -> Decimal:
        """序时进度 M/12."""
        return schedule_ratio(self.month)

    @property
    def start_denominator(self) -> int:
        return start_denominator(self.lines, self.start_rate_due_only, self.year, self.month)

    @property
    def start_rate(self) -> Decimal | None:
        """开工率: started ÷ all projects (or ÷ projects due to start by now, a setting)."""
        return start_rate(self.lines, self.start_rate_due_only, self.year, self.month)

    @property
    def yoy(self) -> Decimal | None:
        """同比增长 of 1–M月累计, None without last year's figures."""
        if not self.last_year_ytd:
            return None
        return Decimal(self.total.ytd - self.last_year_ytd) / Decimal(self.last_year_ytd)

    @property
    def units_ranked(self) -> list[Figures]:
        """Units with a plan, by 完成率 high to low (the 通报's ranking)."""
        # a unit with a plan > 0 always has a 完成率
        return sorted((f for f in self.by_unit if f.annual_plan > 0), key=lambda f: (-cast(Decimal, f.completion), f.name))

    @property
    def not_reported(self) -> list[ProjectLine]:
        """未报: every project on the list without this month's figure (or 无进展), started or not — the one
        definition the 未报 list, the counts, the 文字分析 and the export warning all use."""
        return [l for l in self.lines if not l.reported]

    def band(self, band: Band) -> BandFigures:
        return self.bands[band]

    def as_json(self) -> dict[str, Any]:
        """The object `summary --json` prints; keys are an interface others script against."""
        t = self.total
        return {
            "year": self.year, "month": self.month, "projects": t.count, "started": t.started,
            "completed": t.completed, "total_investment": fmt_wan(t.total_investment),
            "annual_plan": fmt_wan(t.annual_plan), "ytd": fmt_wan(t.ytd),
            "month_amount": fmt_wan(t.month_amount) if t.month_amount is not None else None,
            "month_amount_unknown": t.month_unknown,
            "completion_rate": fmt_pct(t.completion) or None, "schedule_rate": fmt_pct(self.schedule),
            "vs_schedule_pp": f"{shown_pp(t.gap_pp):.1f}" if t.gap_pp is not None else None,
            "start_rate": fmt_pct(self.start_rate) or None,
            "yoy": fmt_pct(self.yoy) or None,
            "bands": {b.key: self.bands[b].as_json() for b in BAND_ORDER},
            "by_unit": [f.as_json() for f in self.by_unit],
            "by_category": [f.as_json() for f in self.by_category],
            "by_nature": [f.as_json() for f in self.by_nature],
            "flags": {name: f.as_json() for name, f in self.flags.items()},
            "to_verify": [{"name": l.name, "unit": l.unit, "reasons": list(l.to_verify)}
                          for l in self.lines if l.to_verify],
            "funds_received": fmt_wan(t.funds_received) if t.funds_count else None,
            "four_batches": {b: {"target": v["target"], "done": v["done"]}
                             for b, v in (self.four_batches or {}).items()},
        }


def printed_progress(line: ProjectLine, month: int) -> str:
    """形象进度 as the 月报 and the 项目清单 print it: a project that has not reported says so (the text is the last
    one it sent), one reported as 无进展 without a text says 本月无进展 — the two never look alike."""
    if not line.reported:
        return f"（{month}月未报）{line.progress}"
    if not line.progress and not line.month_amount:
        return "本月无进展"
    return line.progress


def start_denominator(lines: Iterable[ProjectLine], due_only: bool, year: int, month: int) -> int:
    """开工率's denominator: every project, or (a setting) those due to start by the month (rules.due_to_start)."""
    lines = list(lines)
    return sum(1 for l in lines if due_to_start(l.project, year, month)) if due_only else len(lines)


def start_rate(lines: Iterable[ProjectLine], due_only: bool, year: int, month: int) -> Decimal | None:
    """开工率 of a set of projects (the whole list, or what a filter shows)."""
    lines = list(lines)
    return ratio(sum(1 for l in lines if l.started), start_denominator(lines, due_only, year, month))


def shown_figures(lines: Iterable[ProjectLine], month: int, name: str = "所显示") -> Figures:
    """Sums of the projects a screen shows (a filtered list), added up as the report adds its own."""
    fig = Figures(name, month)
    for line in lines:
        fig.add(line)
    return fig


class Standing(NamedTuple):
    """Where a project stands at a month's end, by the rules: what a report line shows of it."""

    band: Band
    status: Status
    overdue_months: int | None
    completion: Decimal | None
    gap_pp: Decimal | None
    light: str


def standing(p: Project, plan: Fen, ytd: Fen, year: int, month: int) -> Standing:
    """Band, status, months overdue, 完成率, gap to 序时 and light of a project with `ytd` done by `month`."""
    band = band_of(p, plan, ytd, year, month)
    status = status_at(p, year, month)
    overdue = months_past_planned_start(p, year, month) if status == Status.NOT_STARTED else None
    comp = completion_ratio(ytd, plan)
    gap = vs_schedule_pp(comp, month)
    return Standing(band, status, overdue, comp, gap, light_of(band, gap, overdue))


def compute_report(year: int, month: int, projects: Iterable[Project], plans: dict[int, Any],
                   figures: Iterable[MonthlyFigure], *, office: str = "", filter: ReportFilter | None = None,
                   last_year_ytd: Fen | None = None, settings: dict[str, Any] | None = None,
                   to_verify: dict[int, list[str]] | None = None, open_problems: dict[int, list[Any]] | None = None,
                   missing_approvals: dict[int, list[str]] | None = None,
                   four_batches: dict[str, dict[str, int]] | None = None,
                   offices: dict[int, str] | None = None) -> MonthlyReport:
    """Pure computation from plain records (the store's or a test's) into the report object.

    `to_verify`: project id → the reasons its month is 待核实; `open_problems`, `missing_approvals` and
    `four_batches` come from models/records.py; `offices`: project id → 报送单位 (models/returns.py)."""
    settings = settings or {}
    filt = filter or ReportFilter()
    latest, prev_ytd = _carried(figures, month)
    f: MonthlyFigure | None
    lines: list[ProjectLine] = []
    for p in projects:
        assert p.id is not None         # stored projects
        ap = plans.get(p.id)
        plan = ap.plan if ap is not None else 0
        f = latest.get(p.id)
        # 已报 means this month's figure (or 无进展) was given; a row with only texts does not count
        this_month = f is not None and f.month == month and f.given
        ytd = _ytd(p.id, latest, prev_ytd)
        month_amount = f.month_amount if f is not None and this_month else None
        band, status, overdue, comp, gap, light = standing(p, plan, ytd, year, month)
        line = ProjectLine(
            project=p, plan=plan, ytd=ytd, month_amount=month_amount, prev_ytd=prev_ytd.get(p.id, 0 if month == 1 else None),
            since_start=f.since_start if f else None,
            progress=f.progress if f else "", problem=f.problem if f else "",
            next_plan=f.next_plan if f else "", funds_received=f.funds_received if f is not None and this_month else None,
            target=ap.target if ap is not None else "", reported=this_month, status=status.value,
            band=band, overdue_months=overdue, completion=comp, gap_pp=gap, light=light,
            to_verify=tuple((to_verify or {}).get(p.id or 0, ())),
            open_problems=tuple((open_problems or {}).get(p.id or 0, ())),
            missing_approvals=tuple((missing_approvals or {}).get(p.id or 0, ())))
        if _matches(line, filt):
            lines.append(line)
    report = _assemble(year, month, office, filt, lines, last_year_ytd, settings)
    report.four_batches = four_batches
    report.offices = dict(offices or {})
    return report


def _carried(figures: Iterable[MonthlyFigure], month: int) -> tuple[dict[int, MonthlyFigure], dict[int, Fen]]:
    """Per project, its latest figure up to the month (累计 carries forward when a unit has not reported yet) and
    its 1—(M−1)月累计, the latest figure given before the month."""
    latest: dict[int, MonthlyFigure] = {}
    prev_ytd: dict[int, Fen] = {}
    for f in sorted(figures, key=lambda f: f.month):
        if f.month < month and f.given:
            prev_ytd[f.project_id] = f.ytd
        if f.month <= month:
            latest[f.project_id] = f
    return latest, prev_ytd


def _ytd(project_id: int, latest: dict[int, MonthlyFigure], prev_ytd: dict[int, Fen]) -> Fen:
    """1—M月累计 of a project: the month's figure when given, else the latest given before it, else 0."""
    f = latest.get(project_id)
    return f.ytd if f is not None and f.given else prev_ytd.get(project_id, 0)


def by_office_view(r: MonthlyReport) -> MonthlyReport:
    """The same report with each project under its 报送单位 where documents name a unit (the 文字分析 grouped by the
    office a return came from rather than by 责任单位); its settings' unit_word says which."""
    from dataclasses import replace

    lines = [replace(l, project=replace(l.project, unit=r.offices.get(l.project.id or 0, "") or "（未经报送）"))
             for l in r.lines]
    view = _assemble(r.year, r.month, r.office, r.filter, lines, r.last_year_ytd,
                     {**r.settings, "unit_word": "报送单位"})
    view.offices, view.by_office, view.four_batches = r.offices, view.by_unit, r.four_batches
    return view


def _matches(line: ProjectLine, f: ReportFilter) -> bool:
    p = line.project
    return ((f.unit is None or p.unit == f.unit) and (f.category is None or p.category == f.category)
            and (f.nature is None or p.nature == f.nature) and (f.flag is None or bool(getattr(p, f.flag)))
            and (f.band is None or line.band == f.band) and (f.started is None or line.started == f.started))


def _group(lines: list[ProjectLine], month: int, key: Callable[[ProjectLine], str], empty: str) -> list[Figures]:
    groups: dict[str, Figures] = {}
    for l in lines:
        name = key(l) or empty
        groups.setdefault(name, Figures(name, month)).add(l)
    return list(groups.values())


def _assemble(year: int, month: int, office: str, filt: ReportFilter, lines: list[ProjectLine],
              last_year_ytd: Fen | None, settings: dict[str, Any]) -> MonthlyReport:
    total = Figures("合计", month)
    for l in lines:
        total.add(l)
    return MonthlyReport(
        year=year, month=month, office=office, filter=filt, lines=lines, total=total,
        start_rate_due_only=settings.get("start_rate_denominator") == "due",
        last_year_ytd=last_year_ytd, settings=settings)


_CACHE_SIZE = 6


def build_report(store: Store, year: int, month: int, filter: ReportFilter | None = None) -> MonthlyReport:
    """Load the year's list from the store and compute the month's report.

    The window asks for the same month from several places (card list, 月度填报, exports): a report is reused
    while the database is unchanged — no write on this connection (total_changes) and none by another process
    (PRAGMA data_version). Reports are read-only to their users."""
    from .validation import check_month

    check_month(year, month)
    conn = getattr(store, "conn", None)
    if conn is None:
        return _build_report(store, year, month, filter)
    version = (conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
    cache: dict = store.__dict__.setdefault("_report_cache", {})
    key = (year, month, filter)
    hit = cache.get(key)
    if hit is not None and hit[0] == version:
        return hit[1]
    report = _build_report(store, year, month, filter)
    cache.pop(key, None)
    cache[key] = (version, report)
    while len(cache) > _CACHE_SIZE:
        cache.pop(next(iter(cache)))
    return report


def _build_report(store: Store, year: int, month: int, filter: ReportFilter | None) -> MonthlyReport:
    from . import records

    settings = report_settings(store)
    last_year = None
    ly_plans = store.plans(year - 1)
    if ly_plans:
        # 上年同期累计 is the sum of last year's list's 累计 (its projects are those with a plan that year): added up
        # by the same carry-forward as the report's lines, without a second report (a 台账 kept for years opened
        # a quarter of a second slower for it)
        latest, prev_ytd = _carried(store.latest_figures(year - 1, month), month)
        last_year = sum(_ytd(pid, latest, prev_ytd) for pid in ly_plans) or None
    return compute_report(year, month, store.projects(year, include_archived=True), store.plans(year),
                          store.latest_figures(year, month), office=settings.get("office", ""), filter=filter,
                          last_year_ytd=last_year, settings=settings,
                          to_verify={m.project_id: m.reasons for m in marks(store, year, month)},
                          open_problems=records.open_problems(store, year, month),
                          missing_approvals=records.missing_approvals(store),
                          four_batches=records.four_batches(store, year, month),
                          offices=_offices(store, year, month))


def _offices(store: Store, year: int, month: int) -> dict[int, str]:
    from .returns import offices

    try:
        return offices(store, year, month)
    except Exception:       # a store without the returns tables (a test double): no 报送单位
        return {}


SETTING_DEFAULTS: dict[str, Any] = {
    "office": "",                       # 填报单位, e.g. "襄城区发改局"
    "preparer": "",                     # 填表人
    "reviewer": "",                     # 审核人
    "phone": "",                        # 联系电话
    "start_rate_denominator": "all",    # 开工率: "all" projects or those "due" to start by now
    "notice_days": 15,                  # 督办单 办结时限 in days
    "supervisor": "",                   # 督办单位
    "backup_keep": 30,
    "backup_max_gb": 10,                # 备份最多占用（GB）: models/backup.DEFAULT_MAX_GB
    "backup_dir": "",
}


def report_settings(store: Store) -> dict[str, Any]:
    """The settings every report and document needs, with defaults filled in."""
    return {k: store.setting(k, v) for k, v in SETTING_DEFAULTS.items()}


def today() -> dt.date:
    return dt.date.today()
