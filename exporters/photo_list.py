"""The 图片版项目清单 for a meeting: one project per half page — its latest 形象进度 photo beside its figures."""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Mapping

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt

from models.errors import ExportError
from models.money import fmt_pct, fmt_wan
from models.report import MonthlyReport, printed_progress

from . import docx_style as st
from .analysis import period
from .atomic import atomic_path

PHOTO_W, PHOTO_H = 100.0, 75.0     # mm: a 4:3 photo, two projects to an A4 page with their figures
TEXT_W = 156.0 - PHOTO_W
SMALL = Pt(12)


@dataclass(frozen=True)
class ListPhoto:
    """A project's picture for the list: the JPEG, its size in pixels, and when it was taken (e.g. '2024年5月')."""

    jpeg: bytes
    width: int
    height: int
    when: str


def photo_list_title(r: MonthlyReport) -> str:
    return f"{r.year}年{r.month}月重点项目形象进度图片清单"


def _own_lines(p) -> None:
    """Leave the body's fixed line pitch: it would crop a picture to one line and space the facts too wide."""
    st.off_grid(p)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    p.paragraph_format.first_line_indent = Pt(0)


def write_photo_list(r: MonthlyReport, pictures: Mapping[int, ListPhoto], path: str | Path) -> Path:
    """The projects of the report that have a photo, in report order; ExportError when none has one."""
    lines = [l for l in r.lines if l.project.id in pictures]
    if not lines:
        raise ExportError(f"截至{r.year}年{r.month}月没有项目有形象进度照片，未生成图片版项目清单")
    doc = st.new_document(photo_list_title(r), r.office)
    st.add_title(doc, photo_list_title(r))
    note = doc.add_paragraph()
    _own_lines(note)
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    missing = len(r.lines) - len(lines)
    st.add_runs(note, (f"{r.office}　" if r.office else "") + f"共{len(lines)}个项目"
                + (f"（另有{missing}个项目暂无照片）" if missing else "") + "　单位：万元",
                st.BODY_FONT, SMALL)
    for i, line in enumerate(lines):
        assert line.project.id is not None      # a report's projects are stored ones
        pic = pictures[line.project.id]
        head = doc.add_paragraph()
        _own_lines(head)
        head.paragraph_format.keep_with_next = True
        head.paragraph_format.space_before = Pt(10 if i % 2 else 4)
        # two to a page: every odd project after the first pair starts a new page
        head.paragraph_format.page_break_before = i > 0 and i % 2 == 0
        st.add_runs(head, f"{i + 1}. {line.name}", st.H1_FONT, Pt(15))
        table = doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        left, right = table.rows[0].cells
        p = left.paragraphs[0]
        _own_lines(p)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # the longer side decides: a portrait photo keeps its height, a landscape one its width
        if pic.width * PHOTO_H >= pic.height * PHOTO_W:
            p.add_run().add_picture(BytesIO(pic.jpeg), width=Mm(PHOTO_W - 2))
        else:
            p.add_run().add_picture(BytesIO(pic.jpeg), height=Mm(PHOTO_H))
        cap = left.add_paragraph()
        _own_lines(cap)
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        st.add_runs(cap, f"{pic.when}拍摄", st.BODY_FONT, Pt(10.5))
        facts = [("责任单位", line.unit or "—"), ("包保领导", line.project.leader or "—"),
                 ("项目状态", line.status), ("总投资", fmt_wan(line.project.total_investment, True)),
                 ("年度计划", fmt_wan(line.plan, True)),
                 (f"{period(r.month)}完成", fmt_wan(line.ytd, True)),
                 ("完成率", f"{fmt_pct(line.completion)}%" if line.completion is not None else "—"),
                 ("形象进度", printed_progress(line, r.month) or "—")]
        first = True
        for label, value in facts:
            q = right.paragraphs[0] if first else right.add_paragraph()
            first = False
            _own_lines(q)
            q.paragraph_format.space_after = Pt(2)
            st.add_runs(q, f"{label}：", st.H1_FONT, SMALL)
            st.add_runs(q, value, st.BODY_FONT, SMALL)
        st.set_column_widths(table, [PHOTO_W, TEXT_W])
    target = Path(path)
    with atomic_path(target) as tmp:
        doc.save(str(tmp))
    return target
