"""The month at a glance: the report object's totals, bands, 序时进度 and units ranked, as the exports say them."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from models.money import fmt_pct, fmt_wan
from models.report import MonthlyReport
from models.summary_text import month_text
from models.rules import BAND_ORDER, Band, vs_text

BAND_COLOURS = {Band.COMPLETED: "#3b7dd8", Band.AHEAD: "#2e8b57", Band.ON_SCHEDULE: "#4caf50",
                Band.BEHIND: "#d9822b", Band.NOT_STARTED: "#c0392b", Band.NO_PLAN: "#888888"}


def _pct(r) -> str:
    text = fmt_pct(r)
    return f"{text}%" if text else "—"


def records_line(r: MonthlyReport) -> list[str]:
    """资金到位 and 四个一批 against the year's targets, when there is anything to say (models/records.py)."""
    out = []
    if r.total.funds_count:
        out.append(f"{r.month}月资金到位 {fmt_wan(r.total.funds_received, True)} 万元")
    batches = [f"{b} {v['done']}/{v['target']}" if v["target"] else f"{b} {v['done']}"
               for b, v in (r.four_batches or {}).items() if v["target"] or v["members"]]
    if batches:
        out.append("四个一批（完成/目标）：" + "、".join(batches))
    return out


class SummaryStrip(QFrame):
    """One line of figures read from the MonthlyReport; nothing is computed here."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        self.setStyleSheet("SummaryStrip { background: #f7f9fc; }")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        outer.setSpacing(2)
        self.labels: dict[str, QLabel] = {}
        # the figures on one line and the bands with 已报 on the next: on one line they needed 1,500 pixels with
        # a district's sums, wider than the 1366-pixel screens of many office PCs
        for keys in (("count", "ytd", "completion", "schedule", "gap"), ("bands", "reported")):
            lay = QHBoxLayout()
            lay.setSpacing(16)
            outer.addLayout(lay)
            for key in keys:
                lab = QLabel()
                lab.setTextFormat(Qt.RichText)
                self.labels[key] = lab
                lay.addWidget(lab)
            lay.addStretch(1)
        # the ranking has a line of its own, so that a long unit name is not cut off on a 1366-pixel screen;
        # narrower still, it wraps (and its tooltip has the whole ranking)
        units = QLabel()
        units.setTextFormat(Qt.PlainText)
        units.setWordWrap(True)
        units.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.labels["units"] = units
        outer.addWidget(units)

    def set_report(self, r: MonthlyReport) -> None:
        t = r.total
        self.labels["count"].setText(f"项目 <b>{t.count}</b> 个")
        self.labels["count"].setToolTip(f"总投资 {fmt_wan(t.total_investment, True)} 万元\n"
                                        f"年度计划 {fmt_wan(t.annual_plan, True)} 万元\n"
                                        f"已开工 {t.started} 个，开工率 {_pct(r.start_rate)}；已竣工 {t.completed} 个")
        self.labels["ytd"].setText(f"1—{r.month}月累计 <b>{fmt_wan(t.ytd, True)}</b> 万元"
                                   f"（{r.month}月 {month_text(t)}）")
        self.labels["completion"].setText(f"完成率 <b>{_pct(t.completion)}</b>")
        ranked = r.units_ranked
        self.labels["completion"].setToolTip(
            "责任单位完成率排名：\n" + "\n".join(f"{i}. {f.name}（{f.count}个）{_pct(f.completion)}"
                                          for i, f in enumerate(ranked, 1)) if ranked else "")
        self.labels["schedule"].setText(f"序时进度 <b>{_pct(r.schedule)}</b>")
        gap = vs_text(t.gap_pp)
        colour = "#c0392b" if t.gap_pp is not None and t.gap_pp < 0 else "#2e8b57"
        self.labels["gap"].setText(f"<span style='color:{colour}'>{gap}</span>" if gap else "")
        parts = []
        for b in BAND_ORDER:
            n = r.bands[b].count
            if n or b in (Band.BEHIND, Band.NOT_STARTED):
                parts.append(f"<span style='color:{BAND_COLOURS[b]}'>■</span> {b.value} <b>{n}</b>")
        self.labels["bands"].setText("　".join(parts))
        self.labels["bands"].setToolTip("\n".join(
            f"{b.value}：{r.bands[b].count}个，占项目总数{_pct(r.bands[b].count_share)}，"
            f"完成{fmt_wan(r.bands[b].figures.ytd, True)}万元，占全部年度计划的{_pct(r.bands[b].share)}"
            for b in BAND_ORDER if r.bands[b].count))
        missing = len(r.not_reported)
        self.labels["reported"].setText(f"已报 <b>{t.count - missing}</b>/{t.count}")
        second = []
        if len(ranked) > 1:
            first, last = ranked[0], ranked[-1]
            second.append(f"单位排名：第1 {first.name} {_pct(first.completion)}，"
                          f"第{len(ranked)} {last.name} {_pct(last.completion)}")
        second += records_line(r)
        self.labels["units"].setText("　　".join(second))
        self.labels["units"].setToolTip(self.labels["completion"].toolTip())
