"""A few plain lines of the month's figures for the command line's `summary`."""
from __future__ import annotations

from .money import fmt_pct, fmt_wan
from .report import Figures, MonthlyReport
from .rules import BAND_ORDER, vs_text


def month_text(t: Figures) -> str:
    """其中M月 as every screen says it: the known sum, how many are unknown, or 不详 when none is known."""
    if t.month_amount is None:
        return "不详"
    return fmt_wan(t.month_amount, True) + (f"（{t.month_unknown}个项目不详）" if t.month_unknown else "")


def summary_text(r: MonthlyReport) -> str:
    t = r.total
    lines = [
        f"{r.year}年1—{r.month}月 {r.office}重点项目汇总（金额单位：万元）",
        f"项目{t.count}个，总投资{fmt_wan(t.total_investment, True)}，年度计划{fmt_wan(t.annual_plan, True)}",
        f"1—{r.month}月累计完成{fmt_wan(t.ytd, True)}，其中{r.month}月{month_text(t)}，"
        f"完成率{fmt_pct(t.completion, empty='—')}%，序时进度{fmt_pct(r.schedule)}%"
        + (f"，{vs_text(t.gap_pp)}" if t.gap_pp is not None else "（无年度计划，不比较序时进度）"),
        f"已开工{t.started}个，开工率{fmt_pct(r.start_rate, empty='—')}%；已竣工{t.completed}个",
        "",
        "进度分档：",
    ]
    for b in BAND_ORDER:
        bf = r.bands[b]
        if bf.count:
            lines.append(f"  {b.value}：{bf.count}个，计划{fmt_wan(bf.figures.annual_plan, True)}，"
                         f"完成{fmt_wan(bf.figures.ytd, True)}，占全部年度计划的{fmt_pct(bf.share, empty='—')}%")
    lines += ["", "责任单位完成率排名："]
    for i, f in enumerate(r.units_ranked, 1):
        lines.append(f"  {i}. {f.name}（{f.count}个）{fmt_pct(f.completion)}%")
    return "\n".join(lines)
