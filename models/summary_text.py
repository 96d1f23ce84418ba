"""A few plain lines of the month's figures for the command line's `summary`."""
from __future__ import annotations

from .money import fmt_pct, fmt_wan
from .report import MonthlyReport
from .rules import BAND_ORDER


def summary_text(r: MonthlyReport) -> str:
    t = r.total
    gap = t.gap_pp
    lines = [
        f"{r.year}年1—{r.month}月 {r.office}重点项目汇总（金额单位：万元）",
        f"项目{t.count}个，总投资{fmt_wan(t.total_investment, True)}，年度计划{fmt_wan(t.annual_plan, True)}",
        f"1—{r.month}月累计完成{fmt_wan(t.ytd, True)}，其中{r.month}月{fmt_wan(t.month_amount, True)}，"
        f"完成率{fmt_pct(t.completion, empty='—')}%，序时进度{fmt_pct(r.schedule)}%，"
        f"{'超' if gap is not None and gap >= 0 else '低于'}序时进度{fmt_pct(abs(gap) / 100 if gap is not None else None, empty='—')}个百分点",
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
