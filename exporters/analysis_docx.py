"""Write the 文字分析 — generated or edited by the clerk as plain text — as a GB/T 9704 styled .docx, or as .txt."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from models.report import MonthlyReport

from . import docx_style as st
from .analysis import ATTACH_NOTE, BODY, SIGN, AnalysisDoc, Block, Table, attachment_table, parse_text
from .atomic import atomic_path

if TYPE_CHECKING:
    from .charts import Chart  # charts imports Qt: only its type is needed here


def _resolve(source: str | AnalysisDoc, attachment: MonthlyReport | Table | None) -> AnalysisDoc:
    doc = parse_text(source) if isinstance(source, str) else AnalysisDoc(source.title, list(source.blocks),
                                                                          source.attachment)
    if isinstance(attachment, MonthlyReport):
        doc.attachment = attachment_table(attachment)
    elif isinstance(attachment, Table):
        doc.attachment = attachment
    if doc.attachment is not None and not any(b.level == ATTACH_NOTE for b in doc.blocks):
        # the 附件说明 goes under the body, above the 落款
        at = next((i for i, b in enumerate(doc.blocks) if b.level == SIGN), len(doc.blocks))
        doc.blocks.insert(at, Block(ATTACH_NOTE, f"附件：{doc.attachment.title}"))
    return doc


FIGURE_WIDTH_MM = 150     # the 156 mm text block less a little air


def build_docx(source: str | AnalysisDoc, attachment: MonthlyReport | Table | None = None, author: str = "",
               charts: Sequence[tuple[str, Chart]] = ()):
    """The python-docx Document for a 文字分析 (for tests and for writing).

    `charts`: (caption, chart) pairs from exporters.charts.report_charts, laid out as 附图 after the 落款."""
    doc = _resolve(source, attachment)
    d = st.new_document(title=doc.title, author=author)
    if doc.title:
        st.add_title(d, doc.title)
    signature: list[str] = []
    last = None
    for b in doc.blocks:
        if b.level == BODY:
            last = st.add_body(d, b.text)
        elif b.level == ATTACH_NOTE:
            note = st.add_attachment_note(d, b.text)
            if last is not None:
                last.paragraph_format.keep_with_next = True
            last = note
        elif b.level == SIGN:
            signature.append(b.text)
        else:
            last = st.add_head(d, b.text, b.level)
    if signature:
        # the 落款 never stands alone on a page: the last lines of text go over with it (GB/T 9704 7.3.5)
        for p in d.paragraphs[-4:]:
            p.paragraph_format.keep_with_next = True
        office, date = (signature[0], signature[-1]) if len(signature) > 1 else ("", signature[0])
        st.add_signature(d, office, date)
    if charts:
        _figures(d, charts)
    if doc.attachment is not None:
        _attachment(d, doc.attachment)
    return d


def _figures(d, charts: Sequence[tuple[str, Chart]]) -> None:
    """附图 on a new page: '附图' in 黑体 at the top left, then each chart at print resolution, '图N …' under it."""
    from .charts import chart_png

    p = d.add_paragraph()
    st.add_page_break_before(p)
    st.add_runs(p, "附图", st.H1_FONT)
    for i, (caption, chart) in enumerate(charts, 1):
        st.add_figure(d, chart_png(chart, FIGURE_WIDTH_MM), FIGURE_WIDTH_MM, f"图{i}　{caption}")


def _attachment(d, table: Table) -> None:
    """附件 on a landscape page: '附件' in 黑体 at the top left, the title centred, the unit on the right."""
    st.add_landscape_section(d)
    p = d.add_paragraph()
    st.add_runs(p, "附件", st.H1_FONT)
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    st.add_runs(p, table.title, st.TITLE_FONT, Pt(18))     # 小二: an attachment's title is one size down
    if table.note:
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        st.off_grid(p)
        p.paragraph_format.line_spacing = Pt(20)
        st.add_runs(p, table.note, st.BODY_FONT, Pt(12))
    st.add_table(d, table.headers, table.rows, table.widths_mm, table.group_rows, table.numeric_cols)


def write_analysis_docx(source: str | AnalysisDoc, path: str | Path,
                        attachment: MonthlyReport | Table | None = None, author: str = "",
                        charts: Sequence[tuple[str, Chart]] = ()) -> Path:
    """Write the 文字分析 (a generated document or the clerk's edited plain text) as a styled .docx.

    `attachment`: the report (its lagging and not-started projects become the 附件 table) or a ready Table;
    `charts`: the 附图 as (caption, chart) pairs (exporters.charts.report_charts).
    """
    d = build_docx(source, attachment, author, charts)
    path = Path(path)
    with atomic_path(path) as tmp:
        d.save(str(tmp))
    return path


def write_analysis_txt(source: str | AnalysisDoc, path: str | Path,
                       attachment: MonthlyReport | Table | None = None) -> Path:
    """The same text for pasting into a mail or another document.

    UTF-8 with a BOM and CRLF line ends: Notepad before Windows 10 (1903) reads a file without a BOM as
    ANSI/GBK and shows mojibake, and shows LF-only text as one long line; WPS and Word use the BOM too.
    """
    doc = _resolve(source, attachment)
    text = doc.text()
    if doc.attachment is not None:
        text += "\n附件\n" + doc.attachment.as_text() + "\n"
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_bytes(b"\xef\xbb\xbf" + text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8"))
    return path
