"""Print setup shared by the list-shaped xlsx exports: A4 landscape, one page wide, header row repeated, page numbers."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .atomic import atomic_path

_THIN = Side(style="thin")


@dataclass(frozen=True)
class ListStyle:
    """The cell styles of a printed list: 宋体 10 body and bold rows, thin borders, wrapped text."""

    border: Border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
    body: Font = Font(name="宋体", size=10)
    bold: Font = Font(name="宋体", size=10, bold=True)
    wrap: Alignment = Alignment(vertical="center", wrap_text=True)


def list_sheet(sheet_name: str, title: str, headers: Sequence[str], wrap_headers: bool = False
               ) -> tuple[Workbook, Worksheet, ListStyle]:
    """A new workbook whose sheet has the list's title (黑体 16, centred over the columns) in row 1 and its bordered
    bold headers in row 3; row 2 is left for a subtitle or the money unit. The rows go from row 4."""
    style = ListStyle()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_name
    n = len(headers)
    ws.cell(row=1, column=1, value=title).font = Font(name="黑体", size=16)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws["A1"].alignment = Alignment(horizontal="center")
    for c, h in enumerate(headers, 1):
        cell = ws.cell(row=3, column=c, value=h)
        cell.font, cell.border = style.bold, style.border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=wrap_headers or None)
    return wb, ws, style


def print_landscape(ws: Worksheet, title_rows: str) -> None:
    """A4 landscape, fitted to one page wide (as long as it needs), `title_rows` on every page, 第 N 页 共 M 页."""
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def save(wb: Workbook, path: str | Path) -> Path:
    """Write the workbook atomically (a temporary file renamed over the target); returns the path."""
    target = Path(path)
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return target
