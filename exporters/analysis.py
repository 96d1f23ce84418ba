"""The 文字分析 draft written from the month's report object: a title, (level, text) blocks and an optional 附件 table."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable

from models import causes
from models.money import fmt_money_text, fmt_pct, fmt_wan, ratio
from models.records import line_reasons
from models.report import Figures, MonthlyReport, ProjectLine
from models.rules import BAND_ORDER, Band, shown_pp, vs_text

# block levels: heads as GB/T 9704 numbers them, then the body and the two special lines
BODY, H1, H2, H3 = 0, 1, 2, 3
ATTACH_NOTE = 8        # "附件：…" under the body text
SIGN = 9               # 落款 (office, date), right-aligned

CN_NUM = "一二三四五六七八九十"
EDIT_MARK = "【以下为参考内容，请结合本地实际修改，定稿前删除本行】"

_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_H3 = re.compile(r"^\d{1,2}[.．](?!\d)")
_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


@dataclass
class Block:
    """One paragraph of the document: a head (level 1–3) or body text (level 0)."""

    level: int
    text: str


@dataclass
class Table:
    """The 附件 table: column heads, rows, and which rows are group rows spanning the table."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    widths_mm: list[float]
    note: str = ""
    group_rows: set[int] = field(default_factory=set)
    numeric_cols: set[int] = field(default_factory=set)

    def as_text(self) -> str:
        """Tab-separated, so that pasting into Excel/WPS gives columns."""
        out = [self.title, self.note] if self.note else [self.title]
        out.append("\t".join(self.headers))
        out += ["\t".join(r) for r in self.rows]
        return "\n".join(out)


@dataclass
class AnalysisDoc:
    """A 文字分析: what the docx writer lays out and what the clerk edits as plain text."""

    title: str
    blocks: list[Block]
    attachment: Table | None = None

    def text(self) -> str:
        """Plain text: the title on the first line, then one paragraph a line (heads keep their 一、/（一）/1.)."""
        return "\n".join([self.title, *(b.text for b in self.blocks)]) + "\n"


# ---- plain text ⇄ document -----------------------------------------------------------------------------

def level_of(line: str) -> int:
    """The level a paragraph's opening marks: 一、 → 1, （一） → 2, 1. → 3, else body."""
    if _H1.match(line):
        return H1
    if _H2.match(line):
        return H2
    if _H3.match(line):
        return H3
    return BODY


def parse_text(text: str) -> AnalysisDoc:
    """An edited plain text back into a document: first line the title, heads by their numbering,
    "附件：" lines as the attachment note, and a closing date line (with the office above it) as the 落款."""
    lines = [l.strip() for l in text.lstrip("\ufeff").splitlines()]
    lines = [l for l in lines if l]
    if not lines:
        return AnalysisDoc("", [])
    title, rest = lines[0], lines[1:]
    if "附件" in rest:      # the .txt export appends the 附件 table after a line "附件": it is not body text
        rest = rest[:rest.index("附件")]
    blocks = [Block(ATTACH_NOTE if re.match(r"^附件[:：]", l) else level_of(l), l) for l in rest]
    if blocks and _DATE.match(blocks[-1].text):
        blocks[-1].level = SIGN
        if len(blocks) > 1 and blocks[-2].level == BODY and _is_signature(blocks[-2].text):
            blocks[-2].level = SIGN
    return AnalysisDoc(title, blocks)


def _is_signature(line: str) -> bool:
    return len(line) <= 30 and not re.search(r"[。，；：%]", line)


# ---- figures as the trade writes them --------------------------------------------------------------

def money(fen: int) -> str:
    return fmt_money_text(fen)


def pct(r: Decimal | None) -> str:
    return f"{fmt_pct(r)}%"




def period(month: int) -> str:
    return "1月" if month == 1 else f"1—{month}月"


def scope_word(office: str) -> str:
    """'全区' / '全镇' … from the office's name, for sentences such as '全区30个重点项目': the level named last
    wins ('某某县城关镇人民政府' → 全镇, '襄阳市襄城区发改局' → 全区)."""
    name = office.replace("市场", "")          # 市场监管局 is not a city
    found = [(name.rfind(w), w) for w in ("街道", "区", "县", "市", "镇", "乡") if w in name]
    return "全" + max(found)[1] if found else ""


def project_name(name: str) -> str:
    """A project as the reports name it: '汉江堤防加固项目' (no second 项目/工程)."""
    return name if name.endswith(("项目", "工程")) else f"{name}项目"


def names_by_unit(lines: Iterable[ProjectLine], with_problem: bool = False,
                  text_of: Callable[[ProjectLine], str] | None = None) -> str:
    """'区建设局的A、B项目；区教育局的C项目' — units in report order; with_problem puts each problem (the
    month's 存在问题, or `text_of` the line) in brackets after the projects that share it."""
    groups: dict[str, list[ProjectLine]] = {}
    for l in lines:
        groups.setdefault(l.unit.strip(), []).append(l)
    parts = []
    for unit, ls in groups.items():
        items: list[str] = []
        run: list[ProjectLine] = []
        run_key = ""

        # the run is passed in, not read from the loop: a closure over the loop's variables (B023) would see
        # whatever they hold when it is called; they cannot be bound as defaults, since run and run_key change
        def flush(items: list[str], run: list[ProjectLine], run_key: str) -> None:
            if run:
                names = [l.name for l in run[:-1]] + [project_name(run[-1].name)]
                items.append("、".join(names) + (f"（{run_key}）" if run_key else ""))

        for l in ls:
            if text_of is not None:
                key = text_of(l) if with_problem else ""
            else:
                key = causes.clean(l.problem) if with_problem and causes.is_problem(l.problem) else ""
            if run and key != run_key:
                flush(items, run, run_key)
                run = []
            run.append(l)
            run_key = key
        flush(items, run, run_key)
        text = "、".join(items)
        parts.append(f"{unit}的{text}" if unit and not unit.startswith("（") else text)
    return "；".join(parts)


def _share_vs(g: Figures, whole: Figures) -> Decimal | None:
    """A group's 完成率 against the whole list's, in exact 个百分点 (rounded when shown)."""
    if g.completion is None or whole.completion is None:
        return None
    return (g.completion - whole.completion) * 100


def _cn(i: int) -> str:
    return CN_NUM[i - 1] if i <= 10 else str(i)


# ---- the sections -------------------------------------------------------------------------------------

BAND_VERB = {
    Band.COMPLETED: "已竣工",
    Band.AHEAD: "已完成年度计划",
    Band.ON_SCHEDULE: "赶上序时进度",
    Band.BEHIND: "未赶上序时进度",
    Band.NOT_STARTED: "尚未开工",
    Band.NO_PLAN: "本年度未安排计划投资",
}


class _Writer:
    def __init__(self, r: MonthlyReport, turned_red: list[ProjectLine] | None = None) -> None:
        self.r = r
        self.turned_red = turned_red or []
        self.t = r.total
        self.scope = scope_word(r.office) if r.filter.describe() == "" else ""
        self.avg = f"{self.scope}平均水平" if self.scope else "总体水平"
        self.when = f"截至{r.month}月底"
        self.per = period(r.month)

    # 一、总体情况
    def overall(self) -> list[Block]:
        r, t = self.r, self.t
        if t.count == 0:
            return [Block(H1, "一、总体情况"), Block(BODY, f"{self.when}，尚未录入重点项目。")]
        amounts = []
        if t.total_investment:
            amounts.append(f"计划总投资{money(t.total_investment)}")
        if t.annual_plan:
            amounts.append(f"年度计划投资{money(t.annual_plan)}")
        s1 = (f"{self.when}，{self.scope}{t.count}个重点项目" + "，".join(amounts) + "。" if amounts
              else f"{self.when}，{self.scope}共有{t.count}个重点项目。")
        if t.ytd or t.annual_plan:
            s2 = f"{self.per}{'' if r.month == 1 else '累计'}完成投资{money(t.ytd)}"
        else:
            s2 = f"{self.per}尚未完成投资"
        if t.completion is not None:
            s2 += f"，占年度计划的{pct(t.completion)}，{vs_text(t.gap_pp)}"
        if r.yoy is not None:
            s2 += f"，同比{'增长' if r.yoy >= 0 else '下降'}{fmt_pct(abs(r.yoy))}%"
        s2 += "。"
        # 其中M月 only where it is known: a 1—M月 return with no 本月 column must not state the half-year as June's
        if r.month > 1 and t.month_amount is not None and t.month_amount > 0:
            unknown = f"（另有{t.month_unknown}个项目本月完成数不详）" if t.month_unknown else ""
            s2 += f"其中{r.month}月完成投资{money(t.month_amount)}{unknown}。"
        if t.funds_count:
            who = "" if t.funds_count == t.count else f"（{t.funds_count}个项目报送）"
            s2 += f"{r.month}月项目资金到位{money(t.funds_received)}{who}。"
        if t.started == t.count:
            s3 = "项目已开工" if t.count == 1 else f"{t.count}个项目已全部开工"
        elif t.started == 0:
            s3 = "项目均未开工"
        else:
            s3 = f"已开工项目{t.started}个"
            if r.start_rate is not None:
                s3 += f"，开工率{pct(r.start_rate)}" + ("（按应开工项目计算）" if r.start_rate_due_only else "")
        if t.completed:
            done = r.bands[Band.COMPLETED].count_share
            s3 += f"；已竣工项目{t.completed}个" + (f"，竣工率{pct(done)}" if t.completed < t.count else "")
        s3 += "。"
        return [Block(H1, "一、总体情况"), Block(BODY, s1 + s2 + s3 + self.four_batches())]

    def four_batches(self) -> str:
        """'“四个一批”：签约项目目标5个，已签约3个；…' — only the batches with a target or a member."""
        fb = self.r.four_batches or {}
        parts = []
        for batch, v in fb.items():
            if not v["target"] and not v["members"]:
                continue
            s = f"{batch}项目" + (f"目标{v['target']}个，" if v["target"] else "")
            s += f"已{batch}{v['done']}个"
            if v["target"]:
                s += f"，完成目标的{pct(ratio(v['done'], v['target']))}"
            parts.append(s)
        return f"“四个一批”方面，{'；'.join(parts)}。" if parts else ""

    # 二、项目推进情况
    def progress(self) -> list[Block]:
        bands = self.band_paragraphs()
        groups = self.group_paragraphs()
        units = self.unit_paragraph()
        blocks = [Block(H1, "二、项目推进情况")]
        subs = [(h, ps) for h, ps in (("按投资进度分", bands), ("按项目类别和级别分", groups),
                                       ("按责任单位分", units)) if ps]
        if len(subs) == 1:
            blocks += [Block(BODY, p) for p in subs[0][1]]
            return blocks
        for i, (head, paras) in enumerate(subs, 1):
            blocks.append(Block(H2, f"（{_cn(i)}）{head}"))
            blocks += [Block(BODY, p) for p in paras]
        return blocks

    def band_paragraphs(self) -> list[str]:
        r, t = self.r, self.t
        out = []
        for band in BAND_ORDER:
            bf = r.bands[band]
            n = bf.count
            if n == 0:
                continue
            lines = bf.figures.lines
            if band == Band.NO_PLAN:
                s = f"另有{n}个项目{BAND_VERB[band]}"
                if bf.figures.ytd:
                    s += f"，完成投资{money(bf.figures.ytd)}"
            else:
                s = (f"全部{n}个项目均{BAND_VERB[band]}" if n == t.count and n > 1
                     else f"{n}个项目{BAND_VERB[band]}")
                if n < t.count:
                    s += f"，占项目总数的{pct(bf.count_share)}"
                if band == Band.NOT_STARTED:
                    if bf.figures.ytd:
                        s += f"，完成前期投资{money(bf.figures.ytd)}"
                        if bf.share is not None:
                            s += f"，占全部年度计划的{pct(bf.share)}"
                    s += self.overdue_clause(lines)
                else:
                    s += f"，完成投资{money(bf.figures.ytd)}" if bf.figures.ytd else "，尚未完成投资"
                    if bf.share is not None and bf.figures.ytd:
                        s += f"，占全部年度计划的{pct(bf.share)}"
            names = names_by_unit(lines, with_problem=band == Band.NOT_STARTED)
            s += f"，为{names}。" if n == 1 else f"。这些项目是：{names}。"
            out.append(s)
        return out

    def overdue_clause(self, lines: list[ProjectLine]) -> str:
        """Of the not-started: how many are past their 计划开工 month (only when some have one)."""
        due = [l for l in lines if l.overdue_months is not None and l.overdue_months > 0]
        if not due:
            return ""
        if len(due) == len(lines):
            return "，均已超过计划开工时间" if len(lines) > 1 else "，已超过计划开工时间"
        return f"，其中{len(due)}个已超过计划开工时间"

    def group_paragraphs(self) -> list[str]:
        r, t = self.r, self.t
        out = []
        for lead, groups, suffix in (("从项目类别看", r.by_category, "项目"), ("从建设性质看", r.by_nature, "项目")):
            if len(groups) < 2:
                continue
            ranked = sorted(groups, key=lambda g: (g.completion is None, -(g.completion or 0), g.name))
            out.append(f"{lead}，" + "；".join(self.group_clause(g, suffix) for g in ranked) + "。")
        flags = [g for g in r.flags.values() if 0 < g.count < t.count]
        if flags:
            out.append("从项目级别看，" + "；".join(self.group_clause(g, "项目") for g in flags) + "。")
        return out

    def group_clause(self, g: Figures, suffix: str) -> str:
        if g.name.startswith("（"):          # "（未填建设性质）": the projects whose card leaves it empty
            name = f"{g.name.strip('（）')}的项目"
        else:
            name = g.name if g.name.endswith(suffix) else f"{g.name}{suffix}"
        s = f"{name}{g.count}个"
        if not g.annual_plan:
            return s + "，本年度未安排计划投资"
        if not g.ytd:
            return s + "，尚未完成投资"
        s += f"，完成投资{money(g.ytd)}，完成年度计划的{pct(g.completion)}"
        diff = _share_vs(g, self.t)
        return s + (f"，{vs_text(diff, self.avg)}" if diff is not None else "")

    def unit_paragraph(self) -> list[str]:
        # a group of projects with no unit on their card is not a unit to rank
        ranked = [g for g in self.r.units_ranked if not g.name.startswith("（")]
        if len(ranked) < 2:
            return []
        reached = sum(1 for g in ranked if g.gap_pp is not None and g.gap_pp >= 0)
        word = self.r.settings.get("unit_word", "责任单位")      # 报送单位 in models.report.by_office_view
        s = f"从{word}看，{len(ranked)}个{word}中，"
        s += (f"{reached}个单位完成投资达到序时进度" if 0 < reached < len(ranked)
              else "各单位完成投资均达到序时进度" if reached else "各单位完成投资均未达到序时进度")
        s += "。"
        top, bottom = ranked[0], ranked[-1]
        if top.completion != bottom.completion:
            s += (f"完成年度计划比例最高的是{top.name}（{pct(top.completion)}），"
                  f"最低的是{bottom.name}（{pct(bottom.completion)}）。")
        if len(ranked) > 3:
            listed = ranked if len(ranked) <= 20 else ranked[:10]
            s += ("各单位完成比例由高到低依次为：" if listed is ranked else "完成比例居前10位的依次为：")
            s += "、".join(f"{g.name}{pct(g.completion)}" for g in listed) + "。"
        return [s]

    # 三、存在的问题
    def problems(self) -> list[Block]:
        r = self.r
        not_started = r.bands[Band.NOT_STARTED].figures.lines
        behind = r.bands[Band.BEHIND].figures.lines
        blocks = [Block(H1, "三、存在的问题")] + self.new_red()
        if not not_started and not behind:
            blocks.append(Block(BODY, "目前，该项目已开工且赶上序时进度，未报送需要协调解决的问题。" if self.t.count == 1
                                else f"目前，{self.scope or '各'}项目均已开工且赶上序时进度，各单位未报送需要协调解决的问题。"))
            blocks += self.not_reported()
            return blocks
        counts = []
        if not_started:
            counts.append(f"{len(not_started)}个项目未开工")
        if behind:
            counts.append(f"{len(behind)}个项目未赶上序时进度")
        intro = f"目前，{self.scope}尚有" + "、".join(counts) + "。"
        # open 问题台账 records (with how long open), else the month's 存在问题, else missing 前期手续
        reasons = {id(l): line_reasons(l, r.year, r.month) for l in not_started + behind}
        with_p = [l for l in not_started + behind if reasons[id(l)]]
        without_p = [l for l in not_started + behind if not reasons[id(l)]]
        by_kind: dict[str, list[ProjectLine]] = {k: [] for k in causes.kinds()}
        texts: dict[tuple[int, str], str] = {}
        order = {id(l): i for i, l in enumerate(r.lines)}
        for l in sorted(with_p, key=lambda l: (l.band != Band.NOT_STARTED, order[id(l)])):
            for kind, text in reasons[id(l)]:
                kind = kind if kind in by_kind else causes.OTHER
                if (id(l), kind) not in texts:
                    by_kind[kind].append(l)
                texts[(id(l), kind)] = "；".join(filter(None, (texts.get((id(l), kind)), text)))
        kinds = [(k, ls) for k, ls in by_kind.items() if ls]

        def named(kind: str, ls: list[ProjectLine]) -> str:
            return names_by_unit(ls, True, lambda l: texts[(id(l), kind)])

        if len(kinds) == 1:
            kind, ls = kinds[0]
            intro += f"从各单位报送情况看，制约项目推进的主要是{kind}问题，{self.affected(ls)}：{named(kind, ls)}。"
            blocks.append(Block(BODY, intro))
        elif kinds:
            intro += "从各单位报送情况看，制约项目推进的问题主要有以下几个方面："
            blocks.append(Block(BODY, intro))
            for i, (kind, ls) in enumerate(kinds, 1):
                blocks.append(Block(H2, f"（{_cn(i)}）{kind}方面。{self.affected(ls)}："
                                        f"{named(kind, ls)}。"))
        else:
            blocks.append(Block(BODY, intro))
        if without_p:
            lead = "此外，" if with_p else ""
            ask = "需责任单位说明原因并提出推进措施"
            if {id(l) for l in without_p} == {id(l) for l in behind}:
                # the band was named above in 二: say so rather than list twenty names again
                many = "均" if len(behind) > 1 else ""
                blocks.append(Block(BODY, f"{lead}上述{len(behind)}个未赶上序时进度的项目{many}未填报存在问题，{ask}。"))
            else:
                what = self.affected(without_p, verb="未填报存在问题")
                blocks.append(Block(BODY, f"{lead}{what}，{ask}：{names_by_unit(without_p)}。"))
        blocks += self.not_reported()
        return blocks

    def new_red(self) -> list[Block]:
        """The projects whose light turned red this month, first: what the leader must act on now."""
        if not self.turned_red:
            return []
        items = []
        for l in self.turned_red:
            how = (vs_text(l.gap_pp) if l.gap_pp is not None
                   else f"逾期{l.overdue_months}个月未开工" if l.overdue_months else "未开工")
            items.append(f"{l.unit}的{project_name(l.name)}（{how}）" if l.unit else f"{project_name(l.name)}（{how}）")
        n = len(self.turned_red)
        return [Block(BODY, f"{self.r.month}月新亮红灯的项目{n}个，需重点督办：" + "；".join(items) + "。")]

    def affected(self, ls: list[ProjectLine], verb: str = "") -> str:
        """'涉及5个未开工项目' / '涉及6个项目（未开工2个、进度滞后4个）' — singular and mixed cases read right."""
        ns = sum(1 for l in ls if l.band == Band.NOT_STARTED)
        nb = len(ls) - ns
        if verb:  # '20个未赶上序时进度的项目未填报存在问题'
            if nb == 0:
                return f"{ns}个未开工项目{verb}"
            if ns == 0:
                return f"{nb}个未赶上序时进度的项目{verb}"
            return f"{len(ls)}个项目（未开工{ns}个、未赶上序时进度{nb}个）{verb}"
        if nb == 0:
            return f"涉及{ns}个未开工项目"
        if ns == 0:
            return f"涉及{nb}个未赶上序时进度的项目"
        return f"涉及{len(ls)}个项目（未开工{ns}个、未赶上序时进度{nb}个）"

    def not_reported(self) -> list[Block]:
        # the report's one 未报 (the same number as the 未报 list and the status bar); their 累计 is the latest reported
        late = self.r.not_reported
        m = self.r.month
        if not late:
            return []
        if len(late) == self.t.count:
            return [Block(BODY, f"各项目{m}月均未报送进展情况，以上按最近一次报送数据统计。")]
        unstarted = sum(1 for l in late if not l.started)
        of_which = f"，其中未开工{unstarted}个" if unstarted else ""
        return [Block(BODY, f"{m}月有{len(late)}个项目未报送进展情况{of_which}（按最近一次报送数据统计）："
                            f"{names_by_unit(late)}。")]

    # 四、下步工作
    def next_steps(self) -> list[Block]:
        r = self.r
        ns = r.bands[Band.NOT_STARTED].figures.lines
        nb = r.bands[Band.BEHIND].figures.lines
        found = [kind for l in ns + nb for kind, _ in line_reasons(l, r.year, r.month)]
        kinds = [k for k in causes.kinds() if k in found and k != causes.OTHER]
        items: list[tuple[str, str]] = []
        if ns:
            main = f"集中破解{kinds[0]}等问题，" if kinds else ""
            which = f"对未开工的{project_name(ns[0].name)}" if len(ns) == 1 else f"对{len(ns)}个未开工项目逐一梳理"
            items.append(("加快未开工项目开工建设。", f"{which}，落实包保领导和责任单位责任，{main}倒排工期，力争早日开工。"))
        if nb:
            which = (f"对未赶上序时进度的{project_name(nb[0].name)}" if len(nb) == 1
                     else f"对{len(nb)}个未赶上序时进度的项目")
            items.append(("加大滞后项目督办力度。", f"{which}下发督办单，明确整改措施和办结时限，"
                                         "跟踪督办、按期销号，推动项目尽快赶上序时进度。"))
        if kinds:
            items.append(("强化要素保障。", f"围绕{'、'.join(kinds)}等制约因素，加强部门协同，开辟绿色通道，"
                                     "及时协调解决项目推进中的困难和问题。"))
        if self.t.gap_pp is not None and self.t.gap_pp < 0 and not nb:
            items.append(("全力以赴赶进度。", "各责任单位要对照年度计划查找差距，加大投资强度，确保完成全年目标任务。"))
        items.append(("加强调度和信息报送。", "坚持一月一调度，各责任单位要按时、如实报送项目进展情况，"
                                    "确保数据真实准确、报送及时。"))
        blocks = [Block(H1, "四、下步工作"), Block(BODY, EDIT_MARK)]
        blocks += [Block(H2, f"（{_cn(i)}）{head}{text}") for i, (head, text) in enumerate(items, 1)]
        return blocks


# ---- public -------------------------------------------------------------------------------------------

def analysis_title(r: MonthlyReport) -> str:
    what = r.filter.describe()
    subject = f"{what}重点项目" if what else f"{scope_word(r.office)}重点项目"
    return f"{r.year}年{period(r.month)}{subject}建设情况分析"


def build_analysis(r: MonthlyReport, *, today: dt.date | None = None, attachment: bool = False,
                   turned_red: list[ProjectLine] | None = None) -> AnalysisDoc:
    """The whole 文字分析 for the report: 一、总体情况 … 四、下步工作, 落款, and the 附件 table if asked for.

    `turned_red` (models.lights.turned_red): the projects whose light turned red this month, named first in 三."""
    w = _Writer(r, turned_red)
    if not r.lines:      # nothing to analyse: say so, and no empty sections
        return AnalysisDoc(analysis_title(r), w.overall())
    blocks = w.overall() + w.progress() + w.problems() + w.next_steps()
    table = attachment_table(r) if attachment else None
    if table is not None:
        blocks.append(Block(ATTACH_NOTE, f"附件：{table.title}"))
    d = today or dt.date.today()
    # 落款: the office (填报单位, when set) and the date, which the clerk can change like any other line
    blocks += ([Block(SIGN, r.office)] if r.office else []) + [Block(SIGN, f"{d.year}年{d.month}月{d.day}日")]
    return AnalysisDoc(analysis_title(r), blocks, table)


def analysis_text(r: MonthlyReport, today: dt.date | None = None,
                  turned_red: list[ProjectLine] | None = None) -> str:
    """The draft as plain text (the window's editable preview); write_analysis_docx turns it back into a docx."""
    return build_analysis(r, today=today, turned_red=turned_red).text()


def attachment_table(r: MonthlyReport) -> Table | None:
    """附件: the not-started and lagging projects with their figures and problems; None when there are none."""
    ns = r.bands[Band.NOT_STARTED].figures.lines
    nb = sorted(r.bands[Band.BEHIND].figures.lines, key=lambda l: (l.gap_pp or 0, l.name))
    if not ns and not nb:
        return None
    per = period(r.month)
    headers = ["序号", "项目名称", "责任单位", "年度计划", f"{per}完成", "完成率（%）", "较序时进度（个百分点）",
               "存在问题"]
    rows: list[list[str]] = []
    groups: set[int] = set()
    n = 0
    for title, ls in (("未开工项目", ns), ("未赶上序时进度项目", nb)):
        if not ls:
            continue
        groups.add(len(rows))
        rows.append([f"{CN_NUM[len(groups) - 1]}、{title}（{len(ls)}个）"] + [""] * 7)
        for l in ls:
            n += 1
            if l.band == Band.NOT_STARTED:      # the group row says 未开工; the cell says how late
                state = (f"逾期{l.overdue_months}个月" if l.overdue_months else
                         "本月应开工" if l.overdue_months == 0 else "—")
            else:
                state = f"{shown_pp(l.gap_pp):.1f}" if l.gap_pp is not None else ""
            problem = "；".join(text for _, text in line_reasons(l, r.year, r.month))
            rows.append([str(n), l.name, l.unit, fmt_wan(l.plan, True), fmt_wan(l.ytd, True),
                         fmt_pct(l.completion, empty="—"), state, problem])
    # a landscape page: 225 mm between the margins
    return Table(f"{r.year}年{per}未开工及进度滞后项目情况表", headers, rows,
                 [12, 49, 32, 24, 24, 16, 26, 42], "单位：万元", groups, {3, 4, 5, 6})
