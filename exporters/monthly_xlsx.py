"""The 月报 spreadsheet that goes upward: title, 填报单位 line, two-row header, 合计 first, groups with subtotals,
numbered projects and the 填表人 footer — printed A4 landscape, one page wide, header on every page."""
from __future__ import annotations

import datetime as dt
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable, Sequence, cast

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models.money import FEN_PER_WAN, pct
from models.project import FLAGS
from models.report import Figures, MonthlyReport, ProjectLine, printed_progress
from models.rules import BAND_ORDER

from .atomic import atomic_path

GROUPS = ("category", "unit", "office", "nature", "band", "none")
GROUP_WORDS = {"category": "项目类别", "unit": "责任单位", "office": "报送单位", "nature": "建设性质", "band": "进度",
               "none": ""}
CN_NUM = "一二三四五六七八九十"
MONEY_FORMAT = "#,##0.00"
PCT_FORMAT = "0.0"


def cn_number(i: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (group numbers)."""
    if i <= 10:
        return CN_NUM[i - 1]
    if i < 20:
        return "十" + CN_NUM[i - 11]
    tens, ones = divmod(i, 10)
    return CN_NUM[tens - 1] + "十" + (CN_NUM[ones - 1] if ones else "")


@dataclass(frozen=True)
class Column:
    key: str                 # what the cell holds (see _line_values)
    top: str                 # header row 1; equal tops of neighbours are merged across
    sub: str | None          # header row 2, or None: the top is merged down over both rows
    width: float             # characters
    kind: str                # style of a project row; sums use "sum_" + money/pct, else sum_text


def columns(r: MonthlyReport, funds: bool | None = None) -> list[Column]:
    """The 月报's columns. The 级别 flags are 是/否 columns so that re-importing the file restores them.

    资金到位 is a column when `funds` asks for it, or (None) when some project gave the month's figure."""
    m, y = r.month, f"{r.year}年"
    if funds is None:
        funds = r.total.funds_count > 0
    money_cols = [Column("funds_received", y, f"{m}月资金到位", 11, "money")] if funds else []
    return [
        Column("seq", "序号", None, 4, "center"), Column("name", "项目名称", None, 24, "text"),
        Column("unit", "责任单位", None, 12, "text"), Column("category", "项目类别", None, 8, "center"),
        Column("nature", "建设性质", None, 5, "center"),
        *(Column(attr, "级别", word, 5, "center") for attr, word in FLAGS.items()),
        Column("period", "建设起止年限", None, 9, "center"), Column("total_investment", "总投资", None, 12, "money"),
        Column("plan", y, "年度计划投资", 12, "money"), Column("ytd", y, f"1—{m}月完成投资", 12, "money"),
        Column("month_amount", y, f"其中：{m}月完成", 11, "money"), *money_cols,
        Column("completion", y, "占年度计划%", 8, "pct"),
        Column("status", "项目状态", None, 6, "center"), Column("progress", "形象进度", None, 24, "text"),
        Column("problem", "存在问题", None, 18, "text"), Column("remark", "备注", None, 9, "text"),
    ]


def title(r: MonthlyReport) -> str:
    return f"{r.office}{r.year}年重点项目建设进展情况表（1—{r.month}月）"


def groups(r: MonthlyReport, by: str) -> list[tuple[str, Figures]]:
    """The report's groups in the order the 月报 prints them, each with its subtotal."""
    if by == "none":
        return []
    if by == "band":
        return [(b.value, r.bands[b].figures) for b in BAND_ORDER if r.bands[b].count]
    src = {"category": r.by_category, "unit": r.by_unit, "office": r.by_office, "nature": r.by_nature}[by]
    return [(f.name, f) for f in src if f.count]


def _wan(fen: int) -> float:
    """万元 rounded half up to 2 decimals, as the double Excel stores (exact integer arithmetic, no Decimal)."""
    q, rest = divmod(abs(fen), FEN_PER_WAN // 100)
    if rest * 2 >= FEN_PER_WAN // 100:
        q += 1
    return (q if fen >= 0 else -q) / 100


def _pct(f: Figures | ProjectLine) -> float | None:
    c = f.completion
    return None if c is None else float(cast(Decimal, pct(c)))      # a ratio gives a percentage


class _Styles:
    """Shared style arrays: copying one cell's style is what keeps 10,000 rows fast."""

    def __init__(self, ws: Worksheet) -> None:
        thin = Side(style="thin", color="000000")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        body = Font(name="仿宋", size=10)
        bold = Font(name="宋体", size=10, bold=True)
        self._templates: dict[str, object] = {}
        self._shared: dict[str, _SharedStyle] = {}
        specs = {
            "text": (body, Alignment(vertical="center", wrap_text=True), None),
            "center": (body, Alignment(horizontal="center", vertical="center", wrap_text=True), None),
            "money": (body, Alignment(horizontal="right", vertical="center"), MONEY_FORMAT),
            "pct": (body, Alignment(horizontal="right", vertical="center"), PCT_FORMAT),
            "head": (Font(name="黑体", size=10), Alignment(horizontal="center", vertical="center", wrap_text=True), None),
            "sum_text": (bold, Alignment(vertical="center", wrap_text=True), None),
            "sum_center": (bold, Alignment(horizontal="center", vertical="center"), None),
            "sum_money": (bold, Alignment(horizontal="right", vertical="center"), MONEY_FORMAT),
            "sum_pct": (bold, Alignment(horizontal="right", vertical="center"), PCT_FORMAT),
        }
        for i, (name, (font, align, fmt)) in enumerate(specs.items()):
            cell = ws.cell(row=1, column=200 + i)          # scratch cells, removed below
            cell.font, cell.alignment, cell.border = font, align, border
            if fmt:
                cell.number_format = fmt
            self._templates[name] = copy(cell._style)
        for i in range(len(specs)):
            del ws._cells[(1, 200 + i)]

    def apply(self, cell, name: str) -> None:
        cell._style = copy(self._templates[name])

    def array(self, name: str):
        """The shared style array of a kind: give it only to cells nobody restyles later."""
        shared = self._shared.get(name)
        if shared is None:
            shared = self._shared[name] = _SharedStyle(self._templates[name])
        return shared


class _SharedStyle(StyleArray):
    """A style array that thousands of cells share and nobody changes: its hash is worked out once. Saving asks
    for every cell's style id, which hashes its array each time — a tenth of the export at 10,000 projects."""

    def __init__(self, style) -> None:
        super().__init__()
        self._hash = hash(tuple(self))

    def __hash__(self) -> int:
        return self._hash


def build_workbook(r: MonthlyReport, group_by: str = "category", today: dt.date | None = None,
                   progress: Callable[[int, int], None] | None = None, funds: bool | None = None) -> Workbook:
    """The 月报 as an openpyxl Workbook (not yet saved); `funds` as in columns()."""
    if group_by not in GROUPS:
        raise ValueError(group_by)
    today = today or dt.date.today()
    cols = columns(r, funds)
    n = len(cols)
    wb = Workbook()
    ws = wb.active
    ws.title = f"{r.month}月"
    st = _Styles(ws)
    last = get_column_letter(n)

    ws.cell(row=1, column=1, value=title(r))
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(name="方正小标宋简体", size=18)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 36
    office = r.settings.get("office") or r.office
    ws.cell(row=2, column=1, value=f"填报单位：{office}" if office else "填报单位：")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=6)
    ws.cell(row=2, column=n - 2, value="单位：万元")
    ws.merge_cells(start_row=2, start_column=n - 2, end_row=2, end_column=n)
    ws.cell(row=2, column=n - 2).alignment = Alignment(horizontal="right")
    for cell in (ws.cell(row=2, column=1), ws.cell(row=2, column=n - 2)):
        cell.font = Font(name="仿宋", size=11)

    # two-row header: the year's group merged over its four columns, the others merged down
    head1, head2 = 3, 4
    c = 1
    while c <= n:
        col = cols[c - 1]
        ws.cell(row=head1, column=c, value=col.top)
        if col.sub is None:
            ws.merge_cells(start_row=head1, start_column=c, end_row=head2, end_column=c)
            c += 1
            continue
        span = 1
        while c + span <= n and cols[c + span - 1].top == col.top and cols[c + span - 1].sub is not None:
            span += 1
        ws.merge_cells(start_row=head1, start_column=c, end_row=head1, end_column=c + span - 1)
        for k in range(span):
            ws.cell(row=head2, column=c + k, value=cols[c - 1 + k].sub)
        c += span
    for row in (head1, head2):
        for col_no in range(1, n + 1):
            st.apply(ws.cell(row=row, column=col_no), "head")
    ws.row_dimensions[head1].height = 20
    ws.row_dimensions[head2].height = 30

    row = head2 + 1
    widths = [c.width for c in cols]
    keys = [c.key for c in cols]
    kinds = [c.kind for c in cols]
    sum_kinds = ["sum_center" if c.key == "seq" else ("sum_" + c.kind if c.kind in ("money", "pct") else "sum_text")
                 for c in cols]

    def put_sum(label: str, f: Figures) -> None:
        nonlocal row
        sums = {"name": label, "total_investment": _wan(f.total_investment), "plan": _wan(f.annual_plan),
                "ytd": _wan(f.ytd), "month_amount": _wan_or_none(f.month_amount), "completion": _pct(f),
                "funds_received": _wan(f.funds_received) if f.funds_count else None}
        _write_row(ws, row, [sums.get(k) for k in keys], sum_kinds, st)
        row += 1

    def put_line(seq: int, line: ProjectLine) -> None:
        nonlocal row
        values = [v if v != "" else None for v in _line_values(seq, line, keys, r.month)]
        _write_row(ws, row, values, kinds, st)
        # only text that may not fit is measured: most cells are short
        lines = max((_lines(v, widths[i]) for i, v in enumerate(values)
                     if isinstance(v, str) and len(v) * 2 > widths[i]), default=1)
        if lines > 1:
            # LibreOffice and WPS do not grow wrapped rows on opening: give them the height they need
            ws.row_dimensions[row].height = 13.5 * lines + 2
        row += 1

    put_sum(f"合计（{r.total.count}项）", r.total)
    seq = 0
    total_lines = max(r.total.count, 1)
    gs = groups(r, group_by)
    if gs:
        for gi, (name, f) in enumerate(gs, 1):
            word = name or "未填写"
            suffix = "项目" if group_by == "category" and not word.endswith("项目") else ""
            put_sum(f"{cn_number(gi)}、{word}{suffix}（{f.count}项）", f)
            for line in f.lines:
                seq += 1
                put_line(seq, line)
                if progress and seq % 500 == 0:
                    progress(seq, total_lines)
    else:
        for line in r.lines:
            seq += 1
            put_line(seq, line)
            if progress and seq % 500 == 0:
                progress(seq, total_lines)

    row += 1
    s = r.settings
    footer = (f"填表人：{s.get('preparer') or ''}　　　审核人：{s.get('reviewer') or ''}　　　"
              f"联系电话：{s.get('phone') or ''}　　　填报日期：{today.year}年{today.month}月{today.day}日")
    ws.cell(row=row, column=1, value=footer).font = Font(name="仿宋", size=11)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n)

    total = {"total_investment": r.total.total_investment, "plan": r.total.annual_plan, "ytd": r.total.ytd,
             "month_amount": r.total.month_amount or 0, "funds_received": r.total.funds_received}
    for i, col in enumerate(cols, 1):
        width = col.width
        if col.key in total:        # the 合计 is the widest number: never let it print as #####
            width = max(width, len(f"{_wan(total[col.key]):,.2f}") + 1)
        ws.column_dimensions[get_column_letter(i)].width = width + 2
    ws.freeze_panes = f"C{head2 + 1}"
    ws.print_title_rows = f"{head1}:{head2}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    wb.properties.title = title(r)
    wb.properties.creator = "重点项目台账"
    if progress:
        progress(total_lines, total_lines)
    return wb


def _line_values(seq: int, line: ProjectLine, keys: Sequence[str], month: int) -> list:
    """One project's cells in column order: 万元 as numbers, flags as 是/否; 其中M月 empty when not reported."""
    p = line.project
    v = {"seq": seq, "name": p.name, "unit": p.unit, "category": p.category, "nature": p.nature,
         "period": p.period, "total_investment": _wan(p.total_investment), "plan": _wan(line.plan),
         "ytd": _wan(line.ytd), "month_amount": _wan_or_none(line.month_amount), "completion": _pct(line),
         "funds_received": _wan_or_none(line.funds_received), "status": line.status,
         "progress": printed_progress(line, month), "problem": line.problem,
         "remark": p.remark}
    for attr in FLAGS:
        v[attr] = "是" if getattr(p, attr) else "否"
    return [v[k] for k in keys]


def _wan_or_none(fen: int | None) -> float | None:
    """An amount that may be unknown: its cell stays empty rather than showing 0 (unknown is not zero)."""
    return None if fen is None else _wan(fen)


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell needs: a Chinese character is about two of Excel's width units."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return max(1, -(-units // max(int(width), 1)))


def _write_row(ws: Worksheet, row: int, values: Sequence, kinds: Sequence[str], st: _Styles) -> None:
    # Cells are built straight into the sheet and share one style array per kind (nothing restyles them
    # afterwards): ws.cell() plus a style copy per cell was half the export time at 10,000 projects.
    cells = ws._cells
    for col, (v, kind) in enumerate(zip(values, kinds), 1):
        cell = Cell(ws, row=row, column=col, value=v)
        cell._style = st.array(kind)
        if cell.data_type in ("f", "e"):
            cell.data_type = "s"        # a name like "=HYPERLINK(…)" or "#N/A" stays text, never a formula
        cells[(row, col)] = cell


def write_monthly_xlsx(report: MonthlyReport, path: str | Path, group_by: str = "category",
                       today: dt.date | None = None, progress: Callable[[int, int], None] | None = None,
                       funds: bool | None = None) -> Path:
    """Write the 月报 to `path` atomically; returns the path."""
    wb = build_workbook(report, group_by, today, progress, funds)
    target = Path(path)
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return target
