"""督办单: which projects get one, what it says (from the report object), and the .docx with one notice a page."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from models.errors import ExportError
from models.notices import Notice, NoticeDraft
from models.records import line_reasons
from models.report import MonthlyReport, ProjectLine
from models.rules import Band, vs_text

from . import docx_style as st
from .analysis import money, pct, period, project_name
from .atomic import atomic_path

if TYPE_CHECKING:
    from models.store import Store

FORM_SIZE = Pt(14)          # 四号: a form's text is one size below the body's 三号 so a notice fits a page
LABEL_MM, VALUE_MM = 27, 51

# what a notice asks for, by the kind of cause the unit reported
ASK = {
    "用地与征地拆迁": "加快用地报批和征地拆迁工作",
    "资金与融资": "多渠道落实项目建设资金",
    "前期手续与审批": "加快办理前期审批手续",
    "设计与方案调整": "尽快确定设计方案",
    "投资方变化或放弃": "尽快落实投资主体",
}


def notice_lines(report: MonthlyReport) -> list[ProjectLine]:
    """The month's projects that get a 督办单 (models.rules.needs_notice), in the order of the project list."""
    return [l for l in report.lines if l.needs_notice and l.project.id is not None]


def supervisor(report: MonthlyReport) -> str:
    """督办单位: the setting, else the office that makes the report."""
    return str(report.settings.get("supervisor") or report.office or "")


def _ym(text: str) -> str:
    """'2009-02' → '2009年2月'."""
    try:
        return f"{int(text[:4])}年{int(text[5:7])}月"
    except (ValueError, IndexError):
        return text


def matter(line: ProjectLine, report: MonthlyReport) -> str:
    """督办事项: the project, what is late and by how much, and the problem the unit reported."""
    name = project_name(line.name)
    when = f"截至{report.month}月底"
    if line.band == Band.NOT_STARTED:
        planned = line.project.planned_start
        if line.overdue_months:
            s = (f"{name}未按计划开工：计划于{_ym(planned)}开工，{when}仍未开工，"
                 f"已超过计划开工时间{line.overdue_months}个月。")
        elif line.overdue_months == 0:
            s = f"{name}计划于本月（{_ym(planned)}）开工，{when}尚未开工。"
        else:
            s = f"{name}尚未开工：{when}仍未开工" + (f"，年度计划投资{money(line.plan)}" if line.plan else "") + "。"
    else:
        s = (f"{name}进度滞后：年度计划投资{money(line.plan)}，{period(report.month)}累计完成投资"
             f"{money(line.ytd) if line.ytd else '0'}，占年度计划的{pct(line.completion)}，"
             f"{vs_text(line.gap_pp)}。")
    reasons = line_reasons(line, report.year, report.month)
    if reasons:
        s += f"存在问题：{'；'.join(text for _, text in reasons)}。"
    else:
        s += "责任单位未报送存在问题。"
    return s


def requirement(line: ProjectLine, report: MonthlyReport) -> str:
    """办理要求: what the unit is to do, and to whom it answers."""
    unit = line.unit or "责任单位"
    who = supervisor(report) or "督办单位"
    reasons = line_reasons(line, report.year, report.month)
    kind = reasons[0][0] if reasons else ""
    if line.band == Band.NOT_STARTED:
        ask = ASK.get(kind, "针对存在问题制定切实可行的措施" if kind else "尽快查明未开工原因")
        goal = f"请{unit}{ask}，协调解决制约开工的问题，明确开工时间，力争尽快开工建设"
    else:
        ask = ASK.get(kind, "针对存在问题制定切实可行的措施" if kind else "认真分析滞后原因，制定切实可行的赶进度措施")
        goal = f"请{unit}{ask}，倒排工期、加大投入，确保尽快赶上序时进度"
    return goal + f"，并于办结时限前将办理情况书面报送{who}。"


def drafts(report: MonthlyReport) -> list[NoticeDraft]:
    """What each of the month's notices says, ready to be numbered and recorded (models.notices.issue_notices)."""
    return [NoticeDraft(l.project.id, matter(l, report), requirement(l, report))  # type: ignore[arg-type]
            for l in notice_lines(report)]


def _date(iso: str) -> str:
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.year}年{d.month}月{d.day}日"


def export_notices(store: Store, report: MonthlyReport, path: str | Path, issued_on: dt.date) -> list[Notice]:
    """Number and record the month's notices and write them, as one step: if the file cannot be written
    (open in Word, disk full) no number is used up. Returns the notices ([] when nobody needs one)."""
    from models.notices import issue_notices
    from models.photos import notice_photos

    todo = drafts(report)
    if not todo:
        return []
    days = int(report.settings.get("notice_days") or 15)
    label = f"下发{report.year}年{report.month}月督办单（{len(todo)}份）"
    with store.operation(label):
        notices = issue_notices(store, todo, report.year, report.month, issued_on, days, label=label)
        write_notices_docx(notices, report, path, notice_photos(store, report.year, report.month))
    return notices


# ---- the document ---------------------------------------------------------------------------------------

def write_notices_docx(notices: Sequence[Notice], report: MonthlyReport, path: str | Path,
                       photos: Mapping[int, bytes] | None = None) -> Path:
    """One 督办单 a page, in the house style; the project's card comes from the report the notices were made from.
    `photos`: project → the month's 形象进度 photo chosen (on the card) to print on its notice."""
    if not notices:
        raise ExportError("没有需要督办的项目，未生成督办单")
    d = build_notices_docx(notices, report, photos)
    path = Path(path)
    with atomic_path(path) as tmp:
        d.save(str(tmp))
    return path


def build_notices_docx(notices: Sequence[Notice], report: MonthlyReport, photos: Mapping[int, bytes] | None = None):
    lines = {l.project.id: l for l in report.lines}
    d = st.new_document(title=f"{report.year}年{report.month}月重点项目督办单", author=report.office,
                        page_numbers=False)     # each notice is a form of its own, sent to one unit
    for i, n in enumerate(notices):
        _notice_page(d, n, lines.get(n.project_id), report, first=i == 0, photo=(photos or {}).get(n.project_id))
    return d


def _notice_page(d, n: Notice, line: ProjectLine | None, report: MonthlyReport, first: bool,
                 photo: bytes | None = None) -> None:
    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if not first:
        st.add_page_break_before(title)
    title.paragraph_format.line_spacing = Pt(35)
    st.add_runs(title, "重点项目建设督办单", st.TITLE_FONT, st.TITLE_SIZE)
    num = d.add_paragraph()
    num.alignment = WD_ALIGN_PARAGRAPH.CENTER
    st.add_runs(num, n.number, st.BODY_FONT)

    project = line.project if line else None
    name = project.name if project else ""
    unit = project.unit if project else ""
    leader = project.leader if project else ""
    who = supervisor(report)
    table = d.add_table(rows=6, cols=4)
    table.style = d.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    rows = table.rows
    _pair(rows[0], "项目名称", name, span=True)
    _pair(rows[1], "责任单位", unit)
    _pair(rows[1], "包保领导", leader or "", second=True)
    _pair(rows[2], "督办事项", n.matter, span=True, height=32)
    _pair(rows[3], "办理要求", n.requirement, span=True, height=28)
    _pair(rows[4], "办结时限", f"{_date(n.deadline)}前")
    _pair(rows[4], "督办单位", who, second=True)
    answer = n.response or ""
    if n.responded_on and answer:
        answer += f"（{_date(n.responded_on)}反馈）"
    _pair(rows[5], "办理情况", answer, span=True, height=52,
          footer="责任单位（盖章）：　　　　负责人：　　　　　　年　　月　　日")
    st.set_column_widths(table, [LABEL_MM, VALUE_MM, LABEL_MM, VALUE_MM])
    if photo:
        from io import BytesIO
        pic = d.add_paragraph()
        st.off_grid(pic)
        pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pic.paragraph_format.space_before = Pt(6)
        # small enough that the notice stays one page: the photo shows the site, the form says the matter
        pic.add_run().add_picture(BytesIO(photo), height=Mm(38))
        st.add_runs(pic, f"　现场照片（{report.month}月）", st.BODY_FONT, Pt(10.5))
    gap = d.add_paragraph()
    st.off_grid(gap)
    gap.paragraph_format.line_spacing = Pt(12)
    st.add_signature(d, who, _date(n.issued_on), gap=False)
    phone = str(report.settings.get("phone") or "")
    if phone:
        note = d.add_paragraph()
        st.off_grid(note)
        note.paragraph_format.line_spacing = Pt(20)
        st.add_runs(note, f"联系电话：{phone}", st.BODY_FONT, Pt(12))


def _pair(row, label: str, value: str, span: bool = False, second: bool = False, height: float | None = None,
          footer: str = "") -> None:
    """A label cell (黑体, centred) and its value (仿宋); `span` merges the value across the row."""
    cells = row.cells
    lab, val = (cells[2], cells[3]) if second else (cells[0], cells[1])
    if span:
        val = cells[1].merge(cells[3])
    st.fill_cell(lab, label, st.H1_FONT, FORM_SIZE, WD_ALIGN_PARAGRAPH.CENTER)
    st.fill_cell(val, value, st.BODY_FONT, FORM_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY)
    p = val.paragraphs[0]
    p.paragraph_format.line_spacing = Pt(24)
    if span and height:
        p.paragraph_format.first_line_indent = Pt(FORM_SIZE.pt * 2)
    if footer:
        f = val.add_paragraph()
        f.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        st.off_grid(f)
        f.paragraph_format.space_before = Pt(24)
        st.add_runs(f, footer, st.BODY_FONT, Pt(12))
        val.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    if height:
        if not footer:
            val.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        row.height = Mm(height)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    else:
        row.height = Mm(11)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
