"""The project list for a 调度会: A4 landscape, grouped by unit, category or band, header on every page —
as a PDF painted with QtGui (the same document, recorded page by page, serves the window's print preview) or as
an xlsx."""
from __future__ import annotations

import html
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from models.errors import ExportError
from models.money import fmt_pct, fmt_wan
from models.report import Figures, MonthlyReport, ProjectLine, printed_progress
from models.rules import BAND_ORDER

from .atomic import atomic_path
from .monthly_xlsx import MONEY_FORMAT, PCT_FORMAT, cn_number
from .sheet_setup import list_sheet, print_landscape, save

HEADERS = ("序号", "项目名称", "责任单位", "包保领导", "总投资", "年度计划", "累计完成", "完成率%", "形象进度", "存在问题")
WIDTHS = (5, 25, 13, 9, 14, 13, 13, 9, 26, 23)         # characters; the PDF uses them as proportions
APPROVALS_HEAD, APPROVALS_WIDTH = "前期手续", 18          # the optional last column (models/records.py)


def columns(approvals: bool = False) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The list's heads and widths, with the 前期手续 column when asked for."""
    if approvals:
        return HEADERS + (APPROVALS_HEAD,), WIDTHS + (APPROVALS_WIDTH,)
    return HEADERS, WIDTHS
NUMERIC = {4, 5, 6, 7}
PCT_COLUMN = 7
GROUP_BY = ("unit", "category", "band")
# fonts a clerk's PC or a Linux desk has, in the order we prefer them for a printed list
CJK_FONTS = ("SimSun", "宋体", "NSimSun", "FangSong", "仿宋", "Microsoft YaHei", "微软雅黑", "SimHei", "黑体",
             "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "Source Han Sans SC",
             "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "AR PL UMing CN", "Droid Sans Fallback")


@dataclass
class Group:
    title: str
    figures: Figures


def list_title(r: MonthlyReport) -> str:
    return f"{r.office}{r.year}年重点项目清单（截至{r.month}月底）"


def list_groups(r: MonthlyReport, by: str = "unit") -> list[Group]:
    """Groups in print order, each titled "一、区建设局（3个项目）"."""
    if by == "band":
        src = [(b.value, r.bands[b].figures) for b in BAND_ORDER if r.bands[b].count]
    elif by == "category":
        src = [(f.name, f) for f in r.by_category if f.count]
    else:
        src = [(f.name, f) for f in r.by_unit if f.count]
    return [Group(f"{cn_number(i)}、{name or '未填写'}（{f.count}个项目）", f) for i, (name, f) in enumerate(src, 1)]


def row_of(seq: int, line: ProjectLine, month: int, approvals: bool = False) -> list[str]:
    p = line.project
    row = [str(seq), p.name, p.unit, p.leader, fmt_wan(p.total_investment, True), fmt_wan(line.plan, True),
           fmt_wan(line.ytd, True), fmt_pct(line.completion, empty="—"), printed_progress(line, month), line.problem]
    if approvals:
        row.append("缺" + "、".join(line.missing_approvals) if line.missing_approvals else "")
    return row


def sum_row(label: str, f: Figures, approvals: bool = False) -> list[str]:
    return ["", label, "", "", fmt_wan(f.total_investment, True), fmt_wan(f.annual_plan, True),
            fmt_wan(f.ytd, True), fmt_pct(f.completion, empty="—"), "", ""] + ([""] if approvals else [])


def _percentages(widths: Sequence[int]) -> list[int]:
    """Whole percentages that add up to exactly 100 (else the table stops short of the right margin)."""
    total = sum(widths)
    out = [w * 100 // total for w in widths]
    rest = sorted(range(len(widths)), key=lambda i: -(widths[i] * 100 % total))
    for i in rest[:100 - sum(out)]:
        out[i] += 1
    return out


# ---- PDF ----------------------------------------------------------------------------------------------------
def list_html(r: MonthlyReport, by: str = "unit", font: str = "SimSun", approvals: bool = False) -> str:
    """The list as HTML for QTextDocument: the <thead> repeats on every printed page."""
    e = html.escape
    heads, widths = columns(approvals)
    # the last column takes what is left: percentages adding up to 100 push the border past the margin
    shares = _percentages(widths)
    head = "".join(f'<th width="{w}%">{e(h)}</th>' if i < len(heads) - 1 else f"<th>{e(h)}</th>"
                   for i, (h, w) in enumerate(zip(heads, shares)))
    body: list[str] = []

    def tr(cells: Sequence[str], cls: str = "") -> str:
        tds = "".join(f'<td{" align=right" if i in NUMERIC else (" align=center" if i == 0 else "")}>{e(c)}</td>'
                      for i, c in enumerate(cells))
        return f'<tr{f" class={cls}" if cls else ""}>{tds}</tr>'

    body.append(tr(sum_row(f"合计（{r.total.count}个项目）", r.total, approvals), "sum"))
    seq = 0
    for g in list_groups(r, by):
        body.append(f'<tr class=group><td colspan={len(heads)}>{e(g.title)}　计划{fmt_wan(g.figures.annual_plan, True)}'
                    f'万元，累计{fmt_wan(g.figures.ytd, True)}万元，完成率{fmt_pct(g.figures.completion, empty="—")}%</td></tr>')
        for line in g.figures.lines:
            seq += 1
            body.append(tr(row_of(seq, line, r.month, approvals)))
    sub = (f"序时进度{fmt_pct(r.schedule)}%　总体完成率{fmt_pct(r.total.completion, empty='—')}%　"
           f"金额单位：万元")
    return f"""<html><head><style>
body {{ font-family: '{font}'; font-size: 9pt; }}
h1 {{ font-size: 16pt; text-align: center; font-weight: bold; margin: 0; }}
p.sub {{ font-size: 9pt; text-align: right; margin: 2pt 0 4pt 0; }}
table {{ border-collapse: collapse; }}
th {{ background-color: #e8e8e8; font-weight: bold; padding: 2pt; }}
tr.sum td {{ font-weight: bold; }}
tr.group td {{ font-weight: bold; background-color: #f3f3f3; }}
</style></head><body>
<h1>{e(list_title(r))}</h1><p class=sub>{e(sub)}</p>
<table border=1 cellspacing=0 cellpadding=3 width=100%><thead><tr>{head}</tr></thead><tbody>
{''.join(body)}
</tbody></table></body></html>"""


def _gui_app():
    """A QGuiApplication for painting without a window (offscreen when there is no display)."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QGuiApplication.instance()
    if app is None:
        # no window: paint without a desktop on every system. A batch job under a scheduled task has none, and
        # Windows' own platform then aborts the process (exit 9, no message) before any page is drawn.
        # A QApplication, not a bare QGuiApplication: otherwise any widget later in the same process aborts.
        app = QApplication(["zdxm", "-platform", _paint_platform()])
    return app


def _paint_platform() -> str:
    """Qt's platform for painting pages with no window, with the system's fonts.

    On Windows the offscreen platform knows no font at all (it looks for FreeType files beside Qt), so the PDF
    would find no 宋体; the minimal platform with enable_fonts uses Windows' own font list and needs no desktop.
    """
    return "minimal:enable_fonts" if sys.platform == "win32" else "offscreen"


def cjk_font() -> str:
    """The first Chinese font this machine has; ExportError when there is none (PDF text would be boxes)."""
    _gui_app()
    from PySide6.QtGui import QFontDatabase

    families = set(QFontDatabase.families())
    for name in CJK_FONTS:
        if name in families:
            return name
    for name in sorted(families):
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(name):
            return name
    raise ExportError("找不到中文字体，PDF 中的汉字将无法显示。Windows 请确认装有宋体；"
                      "Linux 请安装 fonts-noto-cjk 或 fonts-wqy-microhei")


def list_document(r: MonthlyReport, by: str = "unit", approvals: bool = False):
    """A QTextDocument laid out for A4 landscape: print it to a QPdfWriter or show it in a print preview."""
    _gui_app()
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QTextDocument

    doc = QTextDocument()
    font = cjk_font()
    doc.setDefaultFont(QFont(font, 9))
    doc.setHtml(list_html(r, by, font, approvals))
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                         QMarginsF(12, 12, 12, 14), QPageLayout.Unit.Millimeter)
    return doc, layout


FOOTER_PX = 24          # the page-number line under each page, in the document's 96-dpi pixels


def _draw_page(painter, doc, i: int, pages: int, width: float, body: float) -> None:
    """Page i of the laid-out document at the painter's origin, 第N页 共M页 under it (96-dpi coordinates)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QFont

    painter.save()
    painter.translate(0, -i * body)
    doc.drawContents(painter, QRectF(0, i * body, width, body))
    painter.restore()
    font = QFont(doc.defaultFont().family())       # the page number in the same CJK font,
    font.setPixelSize(12)                           # 9 pt at 96 dpi: points would grow with a printer's dpi
    painter.setFont(font)
    painter.drawText(QRectF(0, body + 4, width, FOOTER_PX - 4), int(Qt.AlignmentFlag.AlignCenter),
                     f"第 {i + 1} 页 共 {pages} 页")


def _lay_out(doc, page_layout) -> tuple[float, float, int]:
    """Lay the document out on the page at 96 dpi, whatever the device: the same pages on paper, PDF and preview."""
    from PySide6.QtCore import QSizeF

    rect = page_layout.paintRectPixels(96)
    width, body = rect.width(), rect.height() - FOOTER_PX
    doc.setPageSize(QSizeF(width, body))
    _keep_groups_with_their_rows(doc, body)
    return width, body, doc.pageCount()


def _keep_groups_with_their_rows(doc, body: float) -> None:
    """A group's heading row left alone at a page's foot moves to the next page, with its first project."""
    from PySide6.QtGui import QTextCursor, QTextFormat, QTextTable

    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    if not tables:
        return
    table, layout = tables[0], doc.documentLayout()
    page = lambda r: int(layout.blockBoundingRect(table.cellAt(r, 0).firstCursorPosition().block()).top() // body)  # noqa: E731
    for r in range(table.rows() - 1):
        if table.cellAt(r, 0).columnSpan() == table.columns() and page(r) != page(r + 1):
            block = table.cellAt(r, 0).firstCursorPosition().block()
            fmt = block.blockFormat()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(block).setBlockFormat(fmt)


def paint_list(doc, device, title: str = "") -> int:
    """Paint the laid-out list page by page onto a QPdfWriter or a QPrinter (print, print preview), with
    第N页 共M页 under each page; the document is laid out at 96 dpi and scaled to the device. Returns the pages.

    The page size comes from the device, so a preview whose page setup the clerk changed lays out again."""
    from PySide6.QtGui import QPainter

    width, body, pages = _lay_out(doc, device.pageLayout())
    painter = QPainter(device)
    if not painter.isActive():
        raise ExportError(f"无法输出「{title or '项目清单'}」")
    painter.scale(device.resolution() / 96, device.resolution() / 96)
    try:
        for i in range(pages):
            if i:
                device.newPage()
            _draw_page(painter, doc, i, pages, width, body)
    finally:
        painter.end()
    return pages


@dataclass
class ListPages:
    """The list's pages recorded once (QPictures, 96 dpi) for a page layout: a worker thread records them,
    the print preview and the printer replay them at once."""

    by: str
    layout: Any                    # QPageLayout the pages were laid out for
    pictures: list
    text: str = ""                 # the list as plain text (what the pages say)

    def fits(self, device) -> bool:
        return device.pageLayout().paintRectPixels(96) == self.layout.paintRectPixels(96)

    def play(self, device) -> int:
        from PySide6.QtGui import QPainter

        painter = QPainter(device)
        if not painter.isActive():
            raise ExportError("无法输出项目清单")
        # drawPicture already scales from the picture's dpi to the device's: only the rest is ours
        if self.pictures:
            painter.scale(self.pictures[0].logicalDpiX() / 96, self.pictures[0].logicalDpiY() / 96)
        try:
            for i, pic in enumerate(self.pictures):
                if i:
                    device.newPage()
                painter.drawPicture(0, 0, pic)
        finally:
            painter.end()
        return len(self.pictures)


def list_pages(r: MonthlyReport, by: str = "unit", page_layout=None, approvals: bool = False) -> ListPages:
    """Lay the list out and record every page (slow for thousands of projects: call it off the UI thread)."""
    from PySide6.QtGui import QPainter, QPicture

    doc, default = list_document(r, by, approvals)
    page_layout = page_layout or default
    width, body, pages = _lay_out(doc, page_layout)
    pictures = []
    for i in range(pages):
        pic = QPicture()
        painter = QPainter(pic)
        try:
            _draw_page(painter, doc, i, pages, width, body)
        finally:
            painter.end()
        pictures.append(pic)
    return ListPages(by, page_layout, pictures, doc.toPlainText())


def write_list_pdf(r: MonthlyReport, path: str | Path, by: str = "unit", approvals: bool = False) -> Path:
    """The list as an A4 landscape PDF with the CJK font embedded and 第N页 on every page."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPdfWriter

    doc, layout = list_document(r, by, approvals)
    target = Path(path)
    # painted into memory, then written by Python: QPdfWriter does not report a full disk, Python's write does
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(96)
    writer.setPageLayout(layout)
    writer.setTitle(list_title(r))
    writer.setCreator("重点项目台账")
    paint_list(doc, writer, target.name)
    del writer                      # finishes the PDF into the buffer
    buffer.close()
    with atomic_path(target) as tmp:
        tmp.write_bytes(bytes(buffer.data()))      # type: ignore[call-overload]  # QByteArray is a buffer; not in the stubs
    return target


# ---- xlsx ---------------------------------------------------------------------------------------------------
def write_list_xlsx(r: MonthlyReport, path: str | Path, by: str = "unit", approvals: bool = False) -> Path:
    """The same list as a sheet a clerk can still edit before printing."""
    heads, widths = columns(approvals)
    wb, ws, style = list_sheet("项目清单", list_title(r), heads)
    n = len(heads)
    border, body_font, bold, wrap = style.border, style.body, style.bold, style.wrap
    right = Alignment(horizontal="right", vertical="center")
    centre = Alignment(horizontal="center", vertical="center")
    ws.cell(row=2, column=n, value="单位：万元").alignment = Alignment(horizontal="right")
    row = 4

    def put(cells: Sequence[str], font: Font) -> None:
        nonlocal row
        for c, v in enumerate(cells, 1):
            cell = ws.cell(row=row, column=c)
            if (c - 1) in NUMERIC and v not in ("", "—"):
                # numbers stay numbers: the clerk can still sort and sum before printing
                cell.value = Decimal(v.replace(",", ""))
                cell.number_format = PCT_FORMAT if c - 1 == PCT_COLUMN else MONEY_FORMAT
            elif c == 1 and v.isdigit():
                cell.value = int(v)
            elif v:
                cell.value = v
                if cell.data_type in ("f", "e"):
                    cell.data_type = "s"            # "=…" or "#N/A" typed as a name stays text
            cell.font, cell.border = font, border
            cell.alignment = right if (c - 1) in NUMERIC else (centre if c == 1 else wrap)
        row += 1

    put(sum_row(f"合计（{r.total.count}个项目）", r.total, approvals), bold)
    seq = 0
    for g in list_groups(r, by):
        put(sum_row(g.title, g.figures, approvals), bold)          # the group's own 小计 beside its title
        ws.merge_cells(start_row=row - 1, start_column=2, end_row=row - 1, end_column=4)
        for line in g.figures.lines:
            seq += 1
            put(row_of(seq, line, r.month, approvals), body_font)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w + 2
    ws.freeze_panes = "C4"
    print_landscape(ws, "3:3")
    return save(wb, path)


def write_list(r: MonthlyReport, path: str | Path, by: str = "unit", approvals: bool = False) -> Path:
    """PDF or xlsx by the file's extension; `approvals` adds the 前期手续 column."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        return write_list_pdf(r, path, by, approvals)
    if suffix == ".xlsx":
        return write_list_xlsx(r, path, by, approvals)
    raise ExportError(f"项目清单只能导出为 .pdf 或 .xlsx：{Path(path).name}")
