"""The 通报 (circular) that ranks units: 完成率 and 开工率 rankings with the first and last named, lagging and
red-light projects listed, in the house style of official documents (docx_style), numbered 第N期."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from models.bulletin import UnitRank, rank_by_completion, rank_by_start, top_bottom
from models.money import fmt_pct, fmt_wan, round_half_up
from models.report import MonthlyReport, ProjectLine
from models.rules import RED, YELLOW, Band

from . import docx_style as st
from .analysis import BODY, EDIT_MARK, H1, Block, build_analysis, names_by_unit, pct, period, scope_word
from .atomic import atomic_path

SUBTITLE_SIZE = Pt(16)


def bulletin_title(r: MonthlyReport) -> str:
    return f"{r.office}重点项目建设进展情况通报"


def issue_text(year: int, number: int) -> str:
    return f"（{year}年第{number}期）"


@dataclass
class Bulletin:
    """What the 通报 says: its paragraphs and its two ranking tables (header, rows)."""

    title: str
    issue: str
    blocks: list[Block]
    tables: dict[int, tuple[list[str], list[list[str]], list[float], set[int]]]   # after block i
    sign: tuple[str, str]


def _names(ranks: list[UnitRank]) -> str:
    return "、".join(f"{u.name}（{pct(u.value)}）" for u in ranks)


def _ranking_sentence(ranks: list[UnitRank], what: str) -> str:
    """'完成率排名前三位的是A（95.2%）、B、C；排名后三位的是X、Y、Z。' — as such notices name them. Units level at the
    top (all projects started, say) are named together, and only units below them are named as the last."""
    if not ranks:
        return ""
    shown = [fmt_pct(u.value) for u in ranks]
    if len(set(shown)) == 1:
        return f"各单位{what}均为{pct(ranks[0].value)}。" if len(ranks) > 1 else f"{ranks[0].name}{what}为{pct(ranks[0].value)}。"
    level = [u for u, t in zip(ranks, shown) if t == shown[0]]
    top, bottom = top_bottom(ranks)
    if len(level) > len(top):
        names = "、".join(u.name for u in level) if len(level) <= 8 else f"{level[0].name}等{len(level)}个单位"
        s = f"{names}{what}并列第一（{pct(level[0].value)}）"
    else:
        s = f"{what}排名前{'一二三'[len(top) - 1]}位的是{_names(top)}"
    below = [u for u, t in zip(ranks, shown) if t != shown[0]]
    bottom = below[-len(bottom):] if bottom else below[-1:]
    if len(bottom) == 1:
        return s + f"；最低的是{_names(bottom)}。"
    return s + f"；排名后{'一二三'[len(bottom) - 1]}位的是{_names(bottom)}。"


def _gap_text(line: ProjectLine) -> str:
    if line.band == Band.NOT_STARTED:
        return f"逾期{line.overdue_months}个月未开工" if line.overdue_months else "未开工"
    return f"{round_half_up(line.gap_pp, 1):.1f}" if line.gap_pp is not None else "—"


def build_bulletin(r: MonthlyReport, number: int, today: dt.date | None = None) -> Bulletin:
    """The 通报 for the month's report as paragraphs and tables."""
    d = today or dt.date.today()
    scope = scope_word(r.office)
    per = period(r.month)
    blocks: list[Block] = [Block(BODY, f"为进一步压实项目建设责任，加快推进重点项目建设，现将{scope}重点项目{per}"
                                       "建设进展情况通报如下。")]
    # 一、总体情况: the same sentences as the 文字分析's first section
    analysis = build_analysis(r, today=d).blocks
    first = [b for b in analysis[1:next((i for i, b in enumerate(analysis) if b.text.startswith("二、")),
                                         len(analysis))] if b.level == BODY]
    blocks += [Block(H1, "一、总体情况"), *first]
    tables: dict[int, tuple[list[str], list[list[str]], list[float], set[int]]] = {}
    by_completion = rank_by_completion(r)
    by_start = rank_by_start(r)
    if by_completion:
        reached = sum(1 for u in by_completion if u.figures.gap_pp is not None and u.figures.gap_pp >= 0)
        blocks += [Block(H1, "二、各责任单位年度计划完成率排名"),
                   Block(BODY, f"按年度计划完成率排名（序时进度{pct(r.schedule)}），{len(by_completion)}个责任单位中，"
                               f"{reached}个达到序时进度，{len(by_completion) - reached}个低于序时进度。"
                               + _ranking_sentence(by_completion, "完成率"))]
        rows = [[str(u.rank), u.name, str(u.figures.count), fmt_wan(u.figures.annual_plan, True),
                 fmt_wan(u.figures.ytd, True), fmt_pct(u.value, empty="—"),
                 f"{round_half_up(u.figures.gap_pp, 1):+.1f}" if u.figures.gap_pp is not None else "—"]
                for u in by_completion]
        tables[len(blocks) - 1] = (["排名", "责任单位", "项目数", "年度计划\n（万元）", f"{per}完成\n（万元）",
                                    "完成率\n（%）", "较序时进度\n（个百分点）"], rows, [12, 32, 15, 28, 28, 18, 23],
                                   {2, 3, 4, 5, 6})
    if by_start:
        blocks += [Block(H1, "三、各责任单位项目开工率排名"),
                   Block(BODY, f"{scope}已开工项目{r.total.started}个，开工率{pct(r.start_rate)}"
                               + ("（按应开工项目计算）" if r.start_rate_due_only else "") + "。"
                               + _ranking_sentence(by_start, "开工率"))]
        rows = [[str(u.rank), u.name, str(u.figures.count), str(u.figures.started),
                 str(u.figures.count - u.figures.started), fmt_pct(u.value, empty="—")] for u in by_start]
        tables[len(blocks) - 1] = (["排名", "责任单位", "项目数", "已开工", "未开工", "开工率（%）"], rows,
                                   [13, 53, 20, 20, 20, 30], {2, 3, 4, 5})
    blocks += _lagging(r)
    tables.update({i: t for i, t in _lagging_table(r, blocks).items()})
    blocks += [Block(H1, "五、有关要求"), Block(BODY, EDIT_MARK),
               Block(BODY, "各责任单位要对照通报排名，认真查找差距，分析原因，倒排工期、挂图作战，确保完成年度目标任务。"
                           "排名靠后的单位要专题研究，制定赶超措施。"),
               Block(BODY, "亮红灯的项目，责任单位和包保领导要逐个研究解决制约问题，于通报印发后10个工作日内将整改措施书面报送"
                           f"{r.office or '项目办'}；下月仍亮红灯的，将提请专题调度。")]
    return Bulletin(bulletin_title(r), issue_text(r.year, number), blocks, tables,
                    (r.office, f"{d.year}年{d.month}月{d.day}日"))


def _lagging(r: MonthlyReport) -> list[Block]:
    behind = r.bands[Band.BEHIND].figures.lines
    red = [l for l in r.lines if l.light == RED]
    yellow = [l for l in r.lines if l.light == YELLOW]
    blocks = [Block(H1, "四、进度滞后和亮灯项目")]
    if not behind and not red and not yellow:
        blocks.append(Block(BODY, f"截至{r.month}月底，已开工项目均赶上序时进度，没有亮灯项目。"))
        return blocks
    s = f"截至{r.month}月底，未赶上序时进度的项目{len(behind)}个"
    s += (f"，亮红灯（低于序时进度30个百分点以上，或超过计划开工时间3个月以上未开工）的项目{len(red)}个"
          f"，亮黄灯的项目{len(yellow)}个。" if red or yellow else "，没有亮灯项目。")
    if red and len(red) <= 10:
        s += f"亮红灯的项目是：{names_by_unit(red)}。"
    s += "各项目完成情况见下表（按亮灯情况和低于序时进度的幅度排列）。"
    blocks.append(Block(BODY, s))
    return blocks


def _lagging_table(r: MonthlyReport, blocks: list[Block]) -> dict:
    """Red, then yellow, then the other lagging projects, furthest behind first within each."""
    listed = [l for l in r.lines if l.light or l.band == Band.BEHIND]
    if not listed:
        return {}
    order = {RED: 0, YELLOW: 1, "": 2}
    listed.sort(key=lambda l: (order.get(l.light, 2), l.gap_pp if l.gap_pp is not None else -1000, l.name))
    rows = [[str(i), l.name, l.unit, fmt_pct(l.completion, empty="—"), _gap_text(l), l.light or "—"]
            for i, l in enumerate(listed, 1)]
    return {len(blocks) - 1: (["序号", "项目名称", "责任单位", "完成率（%）", "较序时进度（个百分点）", "预警"], rows,
                              [12, 54, 32, 19, 23, 16], {3, 4})}


def build_bulletin_docx(b: Bulletin):
    """The python-docx Document: title, 期号 line, body with heads, tables after their paragraphs, 落款."""
    d = st.new_document(title=f"{b.title}{b.issue}", author=b.sign[0])
    st.add_title(d, b.title)
    # the 期号 sits under the title in 楷体, like a 简报's issue line
    issue = d.paragraphs[-1]
    issue.alignment = WD_ALIGN_PARAGRAPH.CENTER
    st.add_runs(issue, b.issue, st.H2_FONT, SUBTITLE_SIZE)
    d.add_paragraph()
    for i, block in enumerate(b.blocks):
        if block.level == BODY:
            st.add_body(d, block.text)
        else:
            st.add_head(d, block.text, block.level)
        if i in b.tables:
            headers, rows, widths, numeric = b.tables[i]
            st.add_table(d, headers, rows, widths, numeric_cols=numeric)
            d.add_paragraph()
    st.add_signature(d, b.sign[0], b.sign[1])
    return d


def write_bulletin_docx(r: MonthlyReport, number: int, path: str | Path, today: dt.date | None = None) -> Path:
    """Write the month's 通报 numbered 第`number`期."""
    d = build_bulletin_docx(build_bulletin(r, number, today))
    path = Path(path)
    with atomic_path(path) as tmp:
        d.save(str(tmp))
    return path

