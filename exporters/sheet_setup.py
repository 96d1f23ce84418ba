"""Print setup shared by the list-shaped xlsx exports: A4 landscape, one page wide, header row repeated, page numbers."""
from __future__ import annotations

from pathlib import Path

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .atomic import atomic_path


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
