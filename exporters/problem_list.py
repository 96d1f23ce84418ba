"""The 问题清单 as an xlsx to edit or a docx to print for a 调度会 (landscape A4, one table, groups as rows)."""
from __future__ import annotations

from pathlib import Path

from docx.shared import Mm
from openpyxl.utils import get_column_letter

from models.errors import ExportError
from models.problem_list import GROUP_BY, ProblemList

from . import docx_style as st
from .atomic import atomic_path
from .sheet_setup import list_sheet, print_landscape, save

HEADERS = ["序号", "项目名称", "存在问题", "问题类型", "责任单位", "包保领导", "提出时间", "挂账月数", "最新协调情况",
           "状态"]
WIDTHS_MM = [9, 32, 38, 20, 20, 20, 27, 12, 45, 16]
XLSX_WIDTHS = [5, 22, 40, 14, 16, 10, 11, 8, 34, 9]
CN = "一二三四五六七八九十"


def table_rows(pl: ProblemList) -> tuple[list[list[str]], set[int]]:
    """The table's rows and which are group rows ('一、用地与征地拆迁（未解决3个）')."""
    rows: list[list[str]] = []
    groups: set[int] = set()
    n = 0
    for gi, g in enumerate(pl.groups, 1):
        groups.add(len(rows))
        head = CN[gi - 1] if gi <= 10 else str(gi)
        solved = len(g.items) - g.open_count
        tail = f"（未解决{g.open_count}个" + (f"，本月已解决{solved}个）" if solved else "）")
        rows.append([f"{head}、{g.name}{tail}"] + [""] * (len(HEADERS) - 1))
        for i in g.items:
            n += 1
            state = f"已解决（{i.solved_on}）" if i.solved_on else i.state
            rows.append([str(n), i.project, i.text, i.cause, i.unit, i.leader, i.raised, str(i.months_open),
                         i.latest_step, state])
    return rows, groups


def write_problem_list(pl: ProblemList, path: str | Path) -> Path:
    """.xlsx or .docx by the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return write_problem_xlsx(pl, path)
    if suffix == ".docx":
        return write_problem_docx(pl, path)
    raise ExportError(f"问题清单只能导出为 .xlsx 或 .docx：{Path(path).name}")


def _subtitle(pl: ProblemList) -> str:
    return (f"按{GROUP_BY[pl.by]}分组；截至{pl.month}月底未解决{pl.open_count}个"
            + (f"，{pl.month}月已解决{pl.solved_count}个" if pl.solved_count else ""))


def write_problem_xlsx(pl: ProblemList, path: str | Path) -> Path:
    wb, ws, style = list_sheet("问题清单", pl.title, HEADERS, wrap_headers=True)
    n = len(HEADERS)
    border, body, bold, wrap = style.border, style.body, style.bold, style.wrap
    ws.cell(row=2, column=1, value=_subtitle(pl))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n)
    rows, groups = table_rows(pl)
    for i, values in enumerate(rows):
        r = 4 + i
        for c, v in enumerate(values, 1):
            cell = ws.cell(row=r, column=c)
            if v:
                cell.value = int(v) if c in (1, 8) and v.isdigit() else v
                if cell.data_type in ("f", "e"):
                    cell.data_type = "s"        # a problem text starting with '=' stays text
            cell.font = bold if i in groups else body
            cell.border, cell.alignment = border, wrap
        if i in groups:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
    for i, w in enumerate(XLSX_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w + 2
    print_landscape(ws, "3:3")
    return save(wb, path)


def write_problem_docx(pl: ProblemList, path: str | Path) -> Path:
    doc = st.new_document(pl.title, pl.office)
    st.setup_section(doc.sections[0], landscape=True)
    sec = doc.sections[0]
    sec.top_margin, sec.bottom_margin = Mm(st.MARGINS_MM["left"]), Mm(st.MARGINS_MM["right"])
    sec.left_margin, sec.right_margin = Mm(25), Mm(25)
    st.add_title(doc, pl.title)
    p = st.add_body(doc, _subtitle(pl))
    st.no_autospace(p)
    rows, groups = table_rows(pl)
    if rows:
        st.add_table(doc, HEADERS, rows, WIDTHS_MM, group_rows=groups, numeric_cols={7})
    else:
        st.add_body(doc, "目前没有未解决的问题。")
    target = Path(path)
    with atomic_path(target) as tmp:
        doc.save(str(tmp))
    return target
