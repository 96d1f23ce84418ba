"""The 通报: units ranked by 完成率 and by 开工率 from the report, and its 期号 (第N期) that never repeats within a year."""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .report import Figures, MonthlyReport


@dataclass
class UnitRank:
    """One unit's place in a ranking and the figure it is ranked by."""

    rank: int
    figures: Figures
    value: Decimal | None

    @property
    def name(self) -> str:
        return self.figures.name


def _ranked(pairs: list[tuple[Figures, Decimal | None]]) -> list[UnitRank]:
    """Ranks 1…n; units with the same rounded-when-shown figure still get their own place (as the 通报 prints)."""
    return [UnitRank(i, f, v) for i, (f, v) in enumerate(pairs, 1)]


def rank_by_completion(r: MonthlyReport) -> list[UnitRank]:
    """Units with a plan by 完成率, high to low: the report's own units_ranked (the order `summary --json` gives)."""
    return _ranked([(f, f.completion) for f in r.units_ranked if not f.name.startswith("（")])


def unit_start_rate(r: MonthlyReport, f: Figures) -> Decimal | None:
    """A unit's 开工率 by the report's own rule (the setting's denominator), applied to the unit's projects alone."""
    return dataclasses.replace(r, lines=f.lines, total=f).start_rate


def rank_by_start(r: MonthlyReport) -> list[UnitRank]:
    """Units by 开工率, high to low; ties by the number started, then by name."""
    units = [f for f in r.by_unit if f.count and not f.name.startswith("（")]
    rates = {f.name: unit_start_rate(r, f) for f in units}
    units.sort(key=lambda f: (rates[f.name] is None, -(rates[f.name] or 0), -f.started, f.name))
    return _ranked([(f, rates[f.name]) for f in units])


def top_bottom(ranks: list[UnitRank], n: int = 3) -> tuple[list[UnitRank], list[UnitRank]]:
    """The first and last n places named in the 通报 (fewer when there are fewer than 2n units)."""
    k = min(n, len(ranks) // 2)
    return ranks[:k], ranks[len(ranks) - k:] if k else []


# ---- 期号 -----------------------------------------------------------------------------------------------------

def _key(year: int) -> str:
    return f"bulletin_issues_{year}"


def issued(store: Any, year: int) -> dict[int, int]:
    """Month → 期号 of the year's bulletins as stored now."""
    raw = store.setting(_key(year), {}) or {}
    return {int(m): int(n) for m, n in raw.items()}


def _ever_used(store: Any, year: int) -> int:
    """The highest 期号 ever stored for the year, including values since undone: the audit log remembers them."""
    rows = store.conn.execute(
        "SELECT new FROM audit WHERE table_name = 'settings' AND new IS NOT NULL AND row_id IN "
        "(SELECT row_id FROM audit WHERE table_name = 'settings' AND action = 'insert' "
        "AND json_extract(new, '$.key') = ?)", (_key(year),)).fetchall()
    top = 0
    for (new,) in rows:
        try:
            value = json.loads(json.loads(new).get("value") or "{}")
            top = max([top, *(int(n) for n in value.values())])
        except (ValueError, TypeError, AttributeError):
            continue            # a row id reused by another setting: not ours
    return top


def issue_number(store: Any, year: int, month: int) -> int:
    """The 期号 of the month's bulletin: the one it already has, else the next never used in the year."""
    have = issued(store, year)
    if month in have:
        return have[month]
    return max([0, _ever_used(store, year), *have.values()]) + 1


def record_issue(store: Any, year: int, month: int, number: int) -> None:
    """Remember the month's 期号 (one audited, undoable settings change)."""
    have = issued(store, year)
    if have.get(month) == number:
        return
    have[month] = number
    store.set_settings({_key(year): {str(m): n for m, n in sorted(have.items())}},
                       label=f"通报编号：{year}年{month}月为第{number}期")
