"""Monthly entry, Qt-free: the grid's columns, typed or pasted text → validated values, one operation per paste."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .errors import ValidationError
from .money import fmt_pct, fmt_wan, ratio
from .parse import date_field, money_field
from .report import ProjectLine
from .rules import Band, band_by_figures, settled_status, status_conflicts
from .store import Store
from .verify import MARK


@dataclass(frozen=True)
class EntryColumn:
    """A column of the monthly entry grid."""

    key: str          # MonthlyFigure or Project field
    label: str
    kind: str         # "money" | "text" | "date" | "readonly"
    target: str       # "figure" | "card" | "" (read-only)


ENTRY_COLUMNS: tuple[EntryColumn, ...] = (
    EntryColumn("name", "项目名称", "readonly", ""),
    EntryColumn("unit", "责任单位", "readonly", ""),
    EntryColumn("plan", "年度计划", "readonly", ""),
    EntryColumn("prev_ytd", "上月累计", "readonly", ""),
    EntryColumn("month_amount", "本月完成", "money", "figure"),
    EntryColumn("ytd", "1—M月累计", "money", "figure"),
    EntryColumn("since_start", "自开工累计", "money", "figure"),
    EntryColumn("progress", "形象进度", "text", "figure"),
    EntryColumn("problem", "存在问题", "text", "figure"),
    EntryColumn("next_plan", "下步计划", "text", "figure"),
    EntryColumn("actual_start", "实际开工日期", "date", "card"),
    EntryColumn("actual_finish", "实际竣工日期", "date", "card"),
    # last, so that blocks pasted from a unit's sheet (本月…下步计划) land where they always did
    EntryColumn("funds_received", "资金到位", "money", "figure"),
)
COLUMN_BY_KEY = {c.key: c for c in ENTRY_COLUMNS}

# the grid reads typed amounts and dates with the same parser as the importer and the card
parse_money = money_field
parse_date = date_field


@dataclass(frozen=True)
class CellChange:
    """One typed or pasted cell: project, column key, the text as typed."""

    project_id: int
    key: str
    text: str


def apply_cells(store: Store, year: int, month: int, changes: Iterable[CellChange], label: str) -> int:
    """Store typed or pasted cells as ONE undoable operation; all or nothing. Returns how many cells changed.

    Cells of one project are applied together so that typing 本月 and 累计 in one paste is checked as a pair.
    """
    by_project: dict[int, dict[str, str]] = {}
    for c in changes:
        col = COLUMN_BY_KEY.get(c.key)
        if col is None or col.kind == "readonly":
            continue
        by_project.setdefault(c.project_id, {})[c.key] = c.text
    changed = 0
    with store.operation(label) as op:
        for pid, cells in by_project.items():
            p = store.project(pid)
            if p is None:
                continue
            who = f"项目「{p.name}」"
            fig: dict[str, Any] = {}
            card: dict[str, Any] = {}
            for key, text in cells.items():
                col = COLUMN_BY_KEY[key]
                if col.kind == "money":
                    fig[key] = parse_money(text, who=who, field=col.label.replace("M", str(month)))
                elif col.kind == "date":
                    card[key] = parse_date(text, who=who, field=col.label)
                else:
                    fig[key] = (text or "").strip()
            if card:
                # a date typed in the grid puts the card's status in step with it, as the card itself does
                start, finish = card.get("actual_start", p.actual_start), card.get("actual_finish", p.actual_finish)
                card["status"] = settled_status(p.status, start, finish)
                if problems := status_conflicts(card["status"], start, finish):
                    raise ValidationError(f"{who}：{problems[0]}", "actual_finish")
                changed += store._update_project(op, p, card)
            if fig:
                # clearing both amounts means "not reported": keep the texts, drop the amounts to last month's
                if "ytd" in fig and fig["ytd"] is None and "month_amount" not in fig:
                    fig["month_amount"] = 0
                if "month_amount" in fig and fig["month_amount"] is None and "ytd" not in fig:
                    fig["month_amount"] = 0
                # a text typed alone is kept but does not report the month: 未报 until a figure (or 无进展) is given
                changed += store._set_figure(op, p, year, month, fig)
    return changed


def warnings_for(line: ProjectLine, month: int) -> list[str]:
    """Why a row's figures look suspicious (shown as a mark with a tooltip); empty when they look right.

    A 待核实 month (models/verify.py) lists its stored reasons first; the checks they already cover are not
    repeated."""
    out: list[str] = [f"{MARK}：{why}" for why in line.to_verify]
    p = line.project
    amount = line.month_amount
    # no earlier month stored: the checks compare with the 0 the report's bands count it as (shown as —)
    prev = line.prev_ytd or 0
    avg_month = prev // (month - 1) if month > 1 else 0
    if not line.to_verify:
        if amount is not None and amount < 0:
            out.append(f"本月完成为负数（{fmt_wan(amount)}万元），如是核减请在备注说明")
        if line.ytd < prev:
            out.append(f"1—{month}月累计{fmt_wan(line.ytd, True)}万元低于上月累计{fmt_wan(prev, True)}万元，"
                       "累计数不应减少")
        elif amount is not None and prev > 0 and line.ytd - prev != amount:
            out.append(f"本月完成{fmt_wan(amount, True)}万元与累计之差"
                       f"{fmt_wan(line.ytd - prev, True)}万元对不上（上月未报时差额含上月完成）")
        if p.total_investment and line.ytd > p.total_investment:
            out.append(f"1—{month}月累计{fmt_wan(line.ytd, True)}万元超过总投资{fmt_wan(p.total_investment, True)}万元")
        if line.since_start is not None and line.since_start < line.ytd:
            out.append("自开工累计小于本年累计")
    if amount is not None and avg_month > 0 and amount > 10 * avg_month:
        out.append(f"本月完成是以往月均的{amount // avg_month}倍，是否多输了一位？")
    if month > 1 and line.plan > 0 and line.band == Band.AHEAD and \
            band_by_figures(line.plan, prev, month - 1) == Band.BEHIND:
        # lagging last month, the whole year's plan done this month: more often a digit too many than a fact
        jump = line.ytd - prev
        out.append(f"一个月从「{Band.BEHIND.value}」跳到「{Band.AHEAD.value}」"
                   f"（本月完成{fmt_wan(jump, True)}万元，占年度计划{fmt_pct(ratio(jump, line.plan))}%），"
                   "是否多输了一位？")
    if line.plan and line.ytd > 3 * line.plan:
        out.append("累计超过年度计划的3倍，请核对单位（元/万元）")
    if not line.started and line.ytd > 0:
        out.append("项目未开工但已有完成投资（前期费用请在备注说明）")
    return out
