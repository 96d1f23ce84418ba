"""Read a unit's return (.xlsx / .csv) into project records plus a mapping report the clerk can check.

Finds the header over 1–3 rows, maps columns through importers/synonyms.py, converts every amount exactly to 分
from the unit in its header or a 单位 line, skips title / 合计 / 小计 / section / footer rows (a section's name
fills the unit or category of the rows under it), reads year and month from the title, and evaluates formulas
saved without results. Nothing is written anywhere: Store.apply_import stores the records, all or nothing.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, cast

from openpyxl.utils.cell import get_column_letter

from models.errors import Cancelled, ImportFileError, ValidationError
from models.money import Fen, fmt_wan
from models.project import Project, ProjectRecord, Status
from models.rules import status_at
from models.store import match_key
from models.units import SEAL as _SEAL, match_unit, unit_core, unit_in_name

from . import values as V
from .formulas import Unsupported, evaluate
from .synonyms import DATE_TARGETS, FLAG_TARGETS, MONEY_TARGETS, TARGET_LABELS, normalise, target_of, unit_line, unit_of
from .workbook import Workbook

HEAD_SCAN = 30                 # the header is within the first 30 rows
CARD_TEXT = {"code", "unit", "leader", "contact", "phone", "category", "location", "scale", "funding_source",
             "period", "remark"}
FIGURE_TEXT = {"progress", "problem", "next_plan"}

_CN = "一二三四五六七八九十"
_SECTION_MARK = re.compile(rf"^\s*(?:[{_CN}]+\s*[、.．，,]|[(（]\s*[{_CN}]+\s*[)）]|第[{_CN}\d]+[部分类组])\s*")
_SECTION_SEQ = re.compile(rf"^\s*(?:[{_CN}]+|[(（]\s*[{_CN}]+\s*[)）])\s*[、.．]?\s*$")
_COUNT = re.compile(r"[(（]\s*(?:共)?\s*\d+\s*(?:个|项|个项目)?\s*[)）]\s*$")
_TOTAL = re.compile(r"^.{0,10}?(合\s*计|总\s*计|小\s*计|汇\s*总)")
_FOOTER = re.compile(r"^\s*(填表人|填报人|审核人|审核|制表人?|联系电话|联系人|填报日期|单位负责人|负责人|分管领导|"
                     r"注\s*[:：]|说明\s*[:：]|备注\s*[:：]|附注)")
_RANGE_MONTH = re.compile(r"1\s*[-—–~～至到]+\s*(\d{1,2})\s*月")
_ONE_MONTH = re.compile(r"(?:截至|截止|截止到|至)\s*(\d{1,2})\s*月|(\d{1,2})\s*月份|其中\s*[:：]?\s*(\d{1,2})\s*月")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_FILE_YM = re.compile(r"((?:19|20)\d{2})\s*[-_.年]?\s*(\d{1,2})(?!\d)")
# "填报单位：…", also "填报单位（盖章）：…"; a trailing （盖章） after the name is not part of it
_OFFICE = re.compile(r"(?:填报|报送|填表)单位\s*(?:[(（][^)）]{0,6}[)）])?\s*[:：]\s*(.+?)(?:\s{2,}|\s*填报|\s*单位\s*[:：]|$)")
# "1.东镇人民政府（330个）": an Arabic-numbered section, told from project 1 by its count or a unit's name
_ARABIC_MARK = re.compile(r"^\s*\d{1,2}\s*[、.．]\s*(?=\S)")
_BAND_WORDS = re.compile(r"竣工|完成年度计划|序时|滞后|未开工|无年度计划|进度")
_UNIT_WORDS = re.compile(r"(局|委|办|镇|乡|街道|办事处|中心|公司|管委会|园区|开发区|集团|指挥部|政府|单位)$")
_META = re.compile(r"填报单位|报送单位|填表单位|单位\s*[:：]|填报日期|报送日期|制表|填表人")
_STUB_NUMBER = re.compile(r"^\d{1,2}$")
_STUB = {"甲", "乙", "丙", "丁", "戊", "栏次", "A", "B", "C"}
_SPACE = re.compile(r"\s")


@dataclass
class ColumnMapping:
    """One column of the source: where it went and in which unit."""

    index: int                     # 0-based
    header: str
    target: str | None
    unit: str | None = None        # money unit of this column
    note: str = ""

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    @property
    def label(self) -> str:
        return TARGET_LABELS.get(self.target or "", "（未识别，不导入）")


@dataclass
class MappingReport:
    """What the importer understood: shown by the command line and the import wizard before anything is stored."""

    path: str
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)
    data_rows: tuple[int, int] | None = None
    columns: list[ColumnMapping] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    office: str = ""
    year: int | None = None
    month: int | None = None
    period_source: str = ""
    records: int = 0
    preview: list[list[str]] = field(default_factory=list)   # the first rows of the sheet as text, for the wizard
    unit_source: str = ""          # where the projects' 责任单位 came from (see _UNIT_SOURCES)
    without_unit: int = 0          # projects whose 责任单位 could not be found: the clerk must name it
    unit_sources: dict[str, int] = field(default_factory=dict)   # "责任单位列" → how many projects it decided
    title: str = ""                # the first line above the header ("东镇2024年重点项目…"), which may name the unit
    owner: str = ""                # 报送单位: whose return this is ('' = several units' projects, none named)
    owner_source: str = ""         # what decided it, in Chinese

    def column_names(self) -> dict[str, str]:
        """Field → the source column as the clerk sees it ("H列「竣工时间」"), for warnings about a row."""
        return {c.target: f"{c.letter}列「{c.header}」" for c in self.columns if c.target}

    def as_text(self) -> str:
        """The report in Chinese, one fact a line."""
        out = [f"文件：{Path(self.path).name}"]
        extra = f"（共{len(self.sheets)}个工作表：{'、'.join(self.sheets)}）" if len(self.sheets) > 1 else ""
        out.append(f"工作表：{self.sheet}{extra}")
        if self.office:
            out.append(f"填报单位：{self.office}")
        if self.year and self.month:
            out.append(f"报告期：{self.year}年1—{self.month}月" + (f"（{self.period_source}）" if self.period_source else ""))
        if self.header_rows:
            rows = "、".join(str(r) for r in self.header_rows)
            out.append(f"表头：第{rows}行")
        if self.data_rows:
            out.append(f"项目行：第{self.data_rows[0]}—{self.data_rows[1]}行，共{self.records}个项目")
        out.append("列的对应：")
        for c in self.columns:
            unit = f"（{c.unit}）" if c.unit and c.target in MONEY_TARGETS else ""
            note = f"  {c.note}" if c.note else ""
            out.append(f"  {c.letter}列「{c.header}」→ {c.label}{unit}{note}")
        if self.skipped:
            out.append(f"跳过的行（{len(self.skipped)}行）：")
            for row, reason in self.skipped[:50]:
                out.append(f"  第{row}行：{reason}")
            if len(self.skipped) > 50:
                out.append(f"  ……另有{len(self.skipped) - 50}行")
        for line in self.inferred:
            out.append(f"推断：{line}")
        if self.unit_source:
            out.append(f"责任单位：{self.unit_source}")
        if self.owner:
            out.append(f"报送单位：{self.owner}（{self.owner_source}）")
        elif self.owner_source:
            out.append(f"报送单位：{self.owner_source}")
        if self.without_unit:
            out.append(f"注意：{self.without_unit}个项目找不到责任单位（表中没有责任单位列、分组行或填报单位行）。"
                       "同名项目只在同一责任单位下合并，请指定这张表的责任单位（命令行：--unit 单位名称）")
        for line in self.warnings:
            out.append(f"注意：{line}")
        return "\n".join(out)


@dataclass
class ImportResult:
    records: list[ProjectRecord]
    report: MappingReport


@dataclass
class _Header:
    top: int                       # 1-based row of the header's first row
    depth: int
    columns: list[ColumnMapping]
    score: int

    @property
    def rows(self) -> list[int]:
        return list(range(self.top, self.top + self.depth))

    def index(self, target: str) -> int | None:
        for c in self.columns:
            if c.target == target:
                return c.index
        return None


# ---------------------------------------------------------------------------------------------------------------
def read_return(path: str | Path, *, year: int | None = None, month: int | None = None, sheet: str | None = None,
                mapping_overrides: dict[int, str | None] | None = None, unit_override: str | None = None,
                progress: Callable[[int, int], None] | None = None,
                cancel: Callable[[], bool] | None = None, responsible_unit: str | None = None,
                known_units: Iterable[str] | None = None) -> ImportResult:
    """Read a return. `mapping_overrides` {column index: target or None} corrects the automatic mapping;
    `unit_override` is the unit of money columns whose header names none; `responsible_unit` the 责任单位 of
    rows whose unit the file does not give; `known_units` the units the 台账 knows, which the 填报单位 line and the
    file's name are matched against. Raises ImportFileError with a Chinese message for files it cannot
    read, ValidationError listing every cell it cannot understand."""
    path = Path(path)
    with Workbook(path) as wb:
        report = MappingReport(path=str(path), sheets=list(wb.sheet_names))
        heads = {}
        for name in ([sheet] if sheet else wb.sheet_names):
            if name not in wb.sheet_names:
                raise ImportFileError(f"「{path.name}」中没有名为「{sheet}」的工作表；有：{'、'.join(wb.sheet_names)}")
            head_rows = [tuple(r) for r in wb.rows(name, limit=HEAD_SCAN)]
            h = find_header(head_rows)
            if h is not None and not (wb.hidden(name) and not sheet):
                heads[name] = (h, head_rows)
        if not heads:
            raise ImportFileError(_no_header_message(path, wb, sheet))
        chosen = _choose_sheets(heads, report)
        records: list[ProjectRecord] = []
        seen: dict[str, tuple[str, int]] = {}
        for name in chosen:
            h, head_rows = heads[name]
            recs = _read_sheet(wb, name, h, head_rows, report, year, month, mapping_overrides, unit_override,
                               progress, cancel, first=(name == chosen[0]))
            for rec in recs if len(chosen) > 1 else ():     # one sheet cannot repeat another's project
                key = match_key(rec.name, rec.unit)
                if key in seen:
                    other, row = seen[key]
                    raise ImportFileError(f"项目「{rec.name}」同时出现在工作表「{other}」第{row}行"
                                          f"和「{name}」第{rec.source_row}行，请用 --sheet 指定要导入的工作表")
                seen[key] = (name, rec.source_row or 0)
            records.extend(recs)
        report.sheet = "、".join(chosen)
        report.preview = [["" if v is None else str(v) for v in row] for row in heads[chosen[0]][1]]
        report.records = len(records)
        for rec in records:
            rec.year, rec.month = report.year, report.month
        _fill_units(records, report, responsible_unit, list(known_units or []))
        return ImportResult(records, report)


# Where a row's 责任单位 may come from when its own cells and section rows say nothing, in this order; each says so
# in the mapping report. The 填报单位 line, then the file's name matched against the units the 台账 knows
# ("代王街道9月重点项目进展.xlsx"), then the unit the clerk gives (--unit, the wizard's field).
def _unit_office(report: MappingReport, given: str | None, known: list[str]) -> str:
    return match_unit(report.office, known) or report.office


def _unit_title(report: MappingReport, given: str | None, known: list[str]) -> str:
    return match_unit(report.title, known)


def _unit_file(report: MappingReport, given: str | None, known: list[str]) -> str:
    return match_unit(Path(report.path).stem, known)


def _unit_sheet(report: MappingReport, given: str | None, known: list[str]) -> str:
    return match_unit(report.sheet, known) if len(report.sheets) == 1 or "、" not in report.sheet else ""


def _unit_given(report: MappingReport, given: str | None, known: list[str]) -> str:
    return (given or "").strip()


_UNIT_SOURCES: list[tuple[str, str, Callable[[MappingReport, str | None, list[str]], str]]] = [
    ("填报单位行", "取自填报单位行「{}」", _unit_office),
    ("标题", "取自标题「{}」", _unit_title),
    ("文件名", "取自文件名（「{}」）", _unit_file),
    ("工作表名", "取自工作表名「{}」", _unit_sheet),
    ("指定", "取自导入时指定的「{}」", _unit_given),
    # last, a unit the file's name begins with that the 台账 does not know yet: said to be a guess
    ("文件名（台账中尚无此单位）", "取自文件名（「{}」，台账中还没有这个单位，请核对）",
     lambda report, given, known: unit_in_name(Path(report.path).stem)),
]


def _fill_units(records: list[ProjectRecord], report: MappingReport, given: str | None,
                known: list[str]) -> None:
    """Rows the file gave no 责任单位 (no column, no section row) take one from _UNIT_SOURCES; those still without
    one are counted, and the import stops until the clerk names it (never merged by name alone)."""
    for rec in records:
        # "西乡人民政府" in a section or column is the 台账's 西乡: the same core name, never a mere substring
        unit = str(rec.card.get("unit") or "").strip()
        if unit and known and unit not in known:
            same = next((u for u in known if unit_core(u) == unit_core(unit)), "")
            if same:
                rec.card["unit"] = same
    missing = [rec for rec in records if not str(rec.card.get("unit") or "").strip()]
    parts = [f"{n}个取自{what}" for what, n in report.unit_sources.items() if n]
    if missing:
        for key, words, find in _UNIT_SOURCES:
            unit = find(report, given, known)
            if unit:
                for rec in missing:
                    rec.card["unit"] = unit
                report.unit_sources[key] = len(missing)
                shown = {"填报单位行": report.office, "标题": report.title[:40], "文件名": Path(report.path).name,
                         "文件名（台账中尚无此单位）": Path(report.path).name, "工作表名": report.sheet}.get(key, unit)
                text = words.format(shown) + (f"，记为「{unit}」" if shown != unit else "")
                parts.append((f"{len(missing)}个" if len(missing) < len(records) else "") + text)
                missing = []
                break
        report.without_unit = len(missing)
    if parts and (len(parts) > 1 or not parts[0].startswith(f"{len(records)}个取自")):
        report.unit_source = "；".join(parts)
    elif parts:
        report.unit_source = "全部" + parts[0].split("个", 1)[1]
    _find_owner(records, report, given, known)


def _find_owner(records: list[ProjectRecord], report: MappingReport, given: str | None, known: list[str]) -> None:
    """报送单位, whose return this is: the 填报单位 line, the file's name, the unit given, else the one 责任单位 all
    its projects share; a file of several units' projects that names none is each unit's return for its own."""
    office = _SEAL.sub("", report.office).strip()
    for owner, why in ((match_unit(office, known) or office, f"取自填报单位行「{office}」"),
                       (_unit_title(report, given, known), f"取自标题「{report.title[:40]}」"),
                       (match_unit(Path(report.path).stem, known), f"取自文件名「{Path(report.path).name}」"),
                       (_unit_sheet(report, given, known), f"取自工作表名「{report.sheet}」"),
                       ((given or "").strip(), "取自导入时指定的单位"),
                       (unit_in_name(Path(report.path).stem),
                        f"取自文件名「{Path(report.path).name}」，台账中还没有这个单位，请核对")):
        if owner:
            report.owner, report.owner_source = owner, why
            return
    units = {rec.unit for rec in records if rec.unit}
    if len(units) == 1:
        report.owner, report.owner_source = units.pop(), "表中各项目的责任单位"
    elif units:
        report.owner_source = f"表中没有写明报送单位，按{len(units)}个责任单位各自报送记"


def _choose_sheets(heads: dict, report: MappingReport) -> list[str]:
    """Several sheets with a project table: read them all, unless their titles give different months."""
    names = list(heads)
    if len(names) == 1:
        return names
    periods = {n: _period_from_texts(_pre_header_texts(heads[n][1], heads[n][0]))[:2] for n in names}
    months = {p for p in periods.values() if p[1]}
    if len(months) > 1:
        latest = max(names, key=lambda n: (periods[n][0] or 0, periods[n][1] or 0))
        others = "、".join(n for n in names if n != latest)
        report.warnings.append(f"工作表{others}是其他月份的报表，只导入最新的「{latest}」")
        return [latest]
    report.inferred.append(f"合并读取{len(names)}个工作表：{'、'.join(names)}")
    return names


# ---- the header ---------------------------------------------------------------------------------------------
def _may_total(t: str) -> bool:
    """Whether a text holds a character every 合计/总计/小计/汇总 (see _TOTAL) has."""
    return "合" in t or "总" in t or "小" in t or "汇" in t


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)


_NUMERIC_TEXT = re.compile(r"^[-+]?[\d,，.．０-９]+$")


def _header_like(row: tuple) -> bool:
    """Only short words: no numbers, dates or amounts typed as text (those are a data row)."""
    cells = [v for v in row if v is not None and str(v).strip() != ""]
    if not cells:
        return False
    for v in cells:
        if isinstance(v, str) and _META.search(v):
            return False
        if _is_number(v) or isinstance(v, (dt.date, dt.datetime)) or len(str(v)) > 40:
            return False
        t = str(v).strip()
        if _NUMERIC_TEXT.match(t) and not _STUB_NUMBER.match(t):
            return False
        if _ARABIC_MARK.match(t) and _COUNT.search(t):      # "1.西乡人民政府（2个）": the first section row
            return False
    return True


def _combine(rows: list[tuple]) -> list[str]:
    """Header texts of each column over 1–3 rows; a group header merged across columns is carried right."""
    width = max((len(r) for r in rows), default=0)
    grid = [[V.text(r[i]) if i < len(r) else "" for i in range(width)] for r in rows]
    for k in range(len(grid) - 1):
        row = grid[k]
        below = [any(g[i] for g in grid[k + 1:]) for i in range(width)]
        carry = ""
        for i in range(width):
            if row[i]:
                carry = row[i] if below[i] else ""
            elif carry and below[i]:
                row[i] = carry
            else:
                carry = ""
    out = []
    for i in range(width):
        parts: list[str] = []
        for g in grid:
            if g[i] and (not parts or parts[-1] != g[i]):
                parts.append(g[i])
        out.append("".join(parts))
    return out


def _map(texts: list[str]) -> list[ColumnMapping]:
    cols = []
    taken: set[str] = set()
    for i, t in enumerate(texts):
        if not t:
            continue
        target = target_of(t)
        note = ""
        if target in taken and target not in ("ignore", "seq"):
            note = f"与前面的列同为「{TARGET_LABELS[target]}」，不导入"
            target = None
        if target:
            taken.add(target)
        cols.append(ColumnMapping(i, t.replace("\n", ""), target, unit_of(t), note))
    return cols


def find_header(rows: list[tuple]) -> _Header | None:
    """The header in the first rows: the first row (with up to two more under it) that names the project
    column and at least one money column."""
    best: _Header | None = None
    for top in range(len(rows)):
        if not _header_like(rows[top]) or sum(1 for v in rows[top] if v not in (None, "")) < 2:
            continue
        depth = 1
        while depth < 3 and top + depth < len(rows) and _header_like(rows[top + depth]) \
                and not _stub_row(rows[top + depth]):
            # a row with something under the project-name header is the first project, not more header
            name_col = next((c.index for c in _map(_combine(list(rows[top: top + depth]))) if c.target == "name"), None)
            nxt = rows[top + depth]
            if name_col is not None and name_col < len(nxt) and V.text(nxt[name_col]):
                break
            depth += 1
        for d in range(depth, 0, -1):
            cols = _map(_combine(list(rows[top: top + d])))
            targets = {c.target for c in cols if c.target not in (None, "ignore", "seq")}
            if "name" not in targets or not targets & MONEY_TARGETS:
                continue
            h = _Header(top + 1, d, cols, len(targets))
            if best is None or h.score > best.score:
                best = h
            break
        if best is not None and top + 1 > best.top + best.depth:
            break
    return best


def _stub_row(row: tuple) -> bool:
    """A 栏次 row under the header: 甲 乙 1 2 3 …"""
    marks = 0
    for v in row:
        if v is None:
            continue
        c = V.text(v)
        if not c:
            continue
        if not (c in _STUB or (c.isdigit() and int(c) <= 60)):
            return False                                # a project row stops here, at its first real cell
        marks += 1
    return marks >= 3


def _pre_header_texts(rows: list[tuple], h: _Header) -> list[str]:
    return [V.text(v) for r in rows[: h.top - 1] for v in r if v is not None and V.text(v)]


def _period_from_texts(texts: Iterable[str]) -> tuple[int | None, int | None, str]:
    y = m = None
    src = ""
    for t in texts:
        if m is None:
            mm = _RANGE_MONTH.search(t) or _ONE_MONTH.search(t)
            if mm:
                m = int(next(g for g in mm.groups() if g))
                src = t
        if y is None:
            yy = _YEAR.search(t)
            if yy and "填报日期" not in t and "报送日期" not in t:
                y = int(yy.group(1))
    if m is not None and not 1 <= m <= 12:
        m = None
    return y, m, src


def _no_header_message(path: Path, wb: Workbook, sheet: str | None) -> str:
    seen: list[str] = []
    for name in ([sheet] if sheet else wb.sheet_names)[:3]:
        for r in wb.rows(name, limit=8):
            for v in r:
                t = V.text(v)
                if t and t not in seen and len(seen) < 12:
                    seen.append(t[:20])
    listing = "、".join(f"「{t}」" for t in seen) if seen else "（前几行是空的）"
    return (f"在「{path.name}」中找不到表头：需要一行同时有“项目名称”和金额列（如“总投资”“计划投资”“完成投资”）。"
            f"前几行看到的是：{listing}")


# ---- the rows -------------------------------------------------------------------------------------------------
class _Context:
    """What section rows say about the projects under them."""

    def __init__(self) -> None:
        self.card: dict[str, object] = {}


def _section(name: str) -> dict[str, object] | None:
    """A section row's name → the card fields it implies ({'unit': '区建设局'}); {} for band sections."""
    n = _COUNT.sub("", _SECTION_MARK.sub("", _ARABIC_MARK.sub("", name))).strip()
    if not n:
        return {}
    if _BAND_WORDS.search(n):
        return {}
    if "市级重点" in n or "市重点" in n:
        return {"is_city_key": True}
    if "考核" in n:
        return {"is_assessed": True}
    if n.rstrip("项目") in ("新建", "续建", "扩建", "改建", "迁建", "技改"):
        return {"nature": V.nature_of(n.rstrip("项目"))}
    if _UNIT_WORDS.search(n):
        return {"unit": n}
    for suffix in ("类项目", "项目", "类"):
        if n.endswith(suffix) and len(n) > len(suffix):
            n = n[: -len(suffix)]
            break
    return {"category": n}


def _read_sheet(wb: Workbook, sheet: str, h: _Header, head_rows: list[tuple], report: MappingReport,
                year: int | None, month: int | None, overrides: dict[int, str | None] | None,
                unit_override: str | None, progress: Callable[[int, int], None] | None,
                cancel: Callable[[], bool] | None, first: bool) -> list[ProjectRecord]:
    """One sheet's projects, in named steps: columns, money units, period, rows, formulas, records, checks."""
    cols = _columns(h, overrides)
    pre = _pre_header_texts(head_rows, h)
    _money_units(cols, pre, unit_override)
    _period(report, sheet, pre, [c.header for c in cols], year, month, first)
    if first:
        report.office = next((_SEAL.sub("", m.group(1)).strip() for t in pre if (m := _OFFICE.search(t))), "")
        report.header_rows = h.rows
        report.columns = cols
        report.title = next((t for t in pre if not _OFFICE.search(t) and not unit_line(t)), "")
    idx = {c.target: c.index for c in cols if c.target and c.target not in ("ignore",)}
    if "name" not in idx:
        raise ImportFileError("请指定哪一列是“项目名称”")
    rows, data, totals = _classify_rows(wb, sheet, h, cols, idx, report, progress, cancel)
    cell = _cell_reader(wb, sheet, rows, data, totals, cols, report)
    records = _records(data, cols, idx, cell, report, progress, cancel, len(rows))
    if data:
        report.data_rows = (data[0][0], data[-1][0]) if report.data_rows is None else \
            (min(report.data_rows[0], data[0][0]), max(report.data_rows[1], data[-1][0]))
    if "unit" not in idx and report.office and records and first and not any(r.card.get("unit") for r in records):
        report.inferred.append(f"表中没有责任单位列，各项目的责任单位取填报单位「{report.office}」")
    _check_totals(records, totals, cols, cell, report)
    _check_unit(records, cols, report)
    return records


def _columns(h: _Header, overrides: dict[int, str | None] | None) -> list[ColumnMapping]:
    """The header's mapping, with the clerk's corrections applied."""
    cols = [ColumnMapping(c.index, c.header, c.target, c.unit, c.note) for c in h.columns]
    if overrides:
        by_index = {c.index: c for c in cols}
        for idx, target in overrides.items():
            if idx in by_index:
                by_index[idx].target = target
                by_index[idx].note = "（手动指定）"
    return cols


def _money_units(cols: list[ColumnMapping], pre: list[str], unit_override: str | None) -> None:
    """Money unit: the header's own, else a 单位 line above (or beside) the table, else the user's, else 万元."""
    line_unit = next((u for t in pre + [c.header for c in cols] if (u := unit_line(t))), None)
    for c in cols:
        if c.target in MONEY_TARGETS and not c.unit:
            c.unit = line_unit or unit_override or "万元"
            if not line_unit and not unit_override:
                c.note = "（未注明单位，按万元）"


def _period(report: MappingReport, sheet: str, pre: list[str], header_texts: list[str], year: int | None,
            month: int | None, first: bool) -> None:
    """Report period: given > title > headers > sheet name > file name (read from the first sheet only)."""
    if not first:
        return
    ty, tm, src = _period_from_texts(pre)
    hy, hm, hsrc = _period_from_texts(header_texts)
    fy, fm, fsrc = _period_from_texts([sheet, Path(report.path).stem])
    fmatch = _FILE_YM.search(Path(report.path).stem)
    if fmatch and not (fy and fm):
        fy, fm = fy or int(fmatch.group(1)), fm or int(fmatch.group(2))
        fm = fm if 1 <= fm <= 12 else None
        fsrc = Path(report.path).name
    found_y, found_m = ty or hy or fy, tm or hm or fm
    report.year = year or found_y
    report.month = month or found_m
    if month and found_m and month != found_m:
        report.warnings.append(f"文件标明的是1—{found_m}月，按指定的{month}月导入")
    if year and found_y and year != found_y:
        report.warnings.append(f"文件标明的是{found_y}年，按指定的{year}年导入")
    if not month and found_m:
        report.period_source = f"取自「{(src if tm else hsrc if hm else fsrc)[:40]}」"


def _section_of(name_t: str, seq_t: str, seq_i: int | None, has_money: bool = False) -> str | None:
    """The text of a section row (一、工业项目 / （一）区建设局（12个）/ 1.东镇人民政府（330个）), or None for any
    other row. An Arabic-numbered one must say its count, or name a unit on a row without amounts."""
    for t in (name_t, seq_t if not name_t else ""):
        if t and _ARABIC_MARK.match(t):
            rest = _ARABIC_MARK.sub("", t)
            if _COUNT.search(rest) or (not has_money and _UNIT_WORDS.search(_COUNT.sub("", rest).strip())):
                return t
    if seq_t and _SECTION_SEQ.match(seq_t) and name_t:
        return name_t
    if _SECTION_MARK.match(name_t) and not (seq_t and seq_t.isdigit()):
        return name_t
    if seq_i is not None and not seq_t and _COUNT.search(name_t):
        return name_t
    if not name_t and seq_t and _SECTION_MARK.match(seq_t):
        return seq_t
    return None


def _classify_rows(wb: Workbook, sheet: str, h: _Header, cols: list[ColumnMapping], idx: dict[str, int],
                   report: MappingReport, progress: Callable[[int, int], None] | None,
                   cancel: Callable[[], bool] | None
                   ) -> tuple[list[tuple], list[tuple[int, dict[str, object]]], list[int]]:
    """All rows of the sheet; the project rows with what their section says; the 合计 rows. Skips are reported."""
    name_i, seq_i = idx["name"], idx.get("seq")
    name_header = normalise(V.text(cols[[c.index for c in cols].index(name_i)].header))
    # normalise keeps a character or makes it one of ( ) : - ~, so a repeated header holds the last of its
    # other characters ("称" of 项目名称) as typed: a name without it is no header, and is not normalised
    header_probe = next((ch for ch in reversed(name_header) if ch not in "():-~"), "")
    money_idx = [c.index for c in cols if c.target in MONEY_TARGETS]
    rows: list[tuple] = []
    total = wb.size_hint(sheet)
    data: list[tuple[int, dict[str, object]]] = []     # (row number, section context)
    totals: list[int] = []
    ctx: dict[str, object] = {}        # replaced, never changed in place: the data rows share it
    start = h.top + h.depth
    text = _text
    for n, row in enumerate(wb.rows(sheet), start=1):
        rows.append(row)
        if n < start:
            continue
        if n % 256 == 0:
            if cancel and cancel():
                raise Cancelled("已取消导入，未写入任何数据")
            if progress and n % 1024 == 0:
                progress(n, 2 * max(total, n))         # reading is the first half of the bar, records the second
        width = len(row)
        name_t = text(row[name_i]) if name_i < width else ""
        seq_t = text(row[seq_i]) if seq_i is not None and seq_i < width else ""
        first_t = ""
        for v in row:
            if v is not None:
                first_t = text(v)
                if first_t:
                    break
        if not first_t:                                 # every cell blank
            continue
        lead = name_t or seq_t or first_t
        if _FOOTER.match(first_t) and not _is_number(row[name_i] if name_i < width else None):
            report.skipped.append((n, f"表尾「{first_t[:20]}」"))
            continue
        # a 合计/小计 row names one of its four characters: only such a row is looked at closer
        compact = _SPACE.sub("", lead) if _may_total(lead) else ""
        if (compact and _TOTAL.match(compact)) or (seq_t and _may_total(seq_t)
                                                   and _TOTAL.match(_SPACE.sub("", seq_t))):
            kind = "小计" if "小计" in compact else "合计"
            report.skipped.append((n, f"{kind}行"))
            if kind == "合计":
                totals.append(n)
            continue
        if name_t and (not header_probe or header_probe in name_t) and normalise(name_t) == name_header:
            report.skipped.append((n, "重复的表头"))
            continue
        if _stub_row(row):
            report.skipped.append((n, "栏次行"))
            continue
        # whether the row has amounts matters only to an Arabic-numbered section ("1.东镇人民政府")
        arabic = _ARABIC_MARK.match(name_t) or (not name_t and _ARABIC_MARK.match(seq_t))
        sec = _section_of(name_t, seq_t, seq_i,
                          bool(arabic) and any(_is_number(row[i]) for i in money_idx if i < width))
        if sec is not None:
            implied = _section(sec)
            if implied:
                # a sub-section replaces only what it says; a new top-level section starts afresh
                top_level = not re.match(r"^\s*[(（]", sec) and not re.match(r"^\s*[(（]", seq_t) \
                    and not _ARABIC_MARK.match(sec)
                ctx = {**({} if top_level else ctx), **implied}
            report.skipped.append((n, f"分组行「{sec[:30]}」"))
            continue
        if not name_t:
            report.skipped.append((n, "没有项目名称"))
            continue
        data.append((n, ctx))
    if progress:
        progress(len(rows), 2 * len(rows))
    return rows, data, totals


class _Cells:
    """cells(row, column index) → the value, with formulas saved without their results evaluated from the others;
    cells.row(r) the whole row so (a project row's cells are taken from it, not one call each)."""

    def __init__(self, rows: list[tuple], resolved: dict[tuple[int, int], object]) -> None:
        self.rows = rows
        self.resolved = resolved
        self.patches: dict[int, dict[int, object]] = {}
        for (r, c), v in resolved.items():
            self.patches.setdefault(r, {})[c - 1] = v

    def __call__(self, r: int, i: int) -> object:
        row = self.rows[r - 1]
        v = row[i] if i < len(row) else None
        if v is None:
            v = self.resolved.get((r, i + 1))
        return v

    def row(self, r: int) -> tuple:
        row = self.rows[r - 1]
        patch = self.patches.get(r)
        if patch:
            out = list(row) + [None] * (max(patch) + 1 - len(row))
            for i, v in patch.items():
                if out[i] is None:
                    out[i] = v
            row = tuple(out)
        return row


def _cell_reader(wb: Workbook, sheet: str, rows: list[tuple], data: list[tuple[int, dict[str, object]]],
                 totals: list[int], cols: list[ColumnMapping], report: MappingReport) -> _Cells:
    """The sheet's cells, with formulas saved without their results evaluated from the others."""
    money_cols = [c for c in cols if c.target in MONEY_TARGETS]
    need = any(c.index < len(rows[r - 1]) and rows[r - 1][c.index] is None or c.index >= len(rows[r - 1])
               for r in [d[0] for d in data] + totals for c in money_cols) if money_cols else False
    resolved: dict[tuple[int, int], object] = {}
    if need and wb.has_formulas(sheet):
        formulas = wb.formulas(sheet)
        if formulas:
            resolved = _resolve(formulas, rows, report)

    return _Cells(rows, resolved)


def _records(data: list[tuple[int, dict[str, object]]], cols: list[ColumnMapping], idx: dict[str, int],
             cells: _Cells, report: MappingReport,
             progress: Callable[[int, int], None] | None = None, cancel: Callable[[], bool] | None = None,
             rows_read: int = 0) -> list[ProjectRecord]:
    """The project rows as records; cells that cannot be read refuse the sheet, all of them listed."""
    name_i = idx["name"]
    records: list[ProjectRecord] = []
    errors: list[str] = []
    inferred_status = {"dates": 0, "amount": 0}
    end_ym = f"{report.year:04d}-{report.month:02d}" if report.year and report.month else "9999-12"
    # each column's target decided once, not once per row
    plan = [(c, c.target, c.index, _putter(c.target, c.unit or "万元"), c.target in DATE_TARGETS) for c in cols
            if c.target is not None and c.target not in ("ignore", "seq", "name")]
    text = _text
    read_date = _date_reader()
    statuses: dict[tuple[str, str, str], str] = {}
    unit_sources = report.unit_sources
    # a row shorter than the columns read is padded with blanks once, instead of each cell checking its index
    reach = max([name_i] + [p[2] for p in plan]) + 1
    pad = (None,) * reach
    sheet_rows, patched = cells.rows, cells.patches
    for k, (n, context) in enumerate(data, start=1):
        if k % 1024 == 0:
            if cancel and cancel():
                raise Cancelled("已取消导入，未写入任何数据")
            if progress:                                # the second half of the bar (see _classify_rows)
                progress(rows_read + rows_read * k // len(data), 2 * rows_read)
        row = cells.row(n) if n in patched else sheet_rows[n - 1]
        if len(row) < reach:
            row = row + pad[len(row):]
        rec = ProjectRecord(card={"name": text(row[name_i])}, source_row=n)
        for c, t, i, put, is_date in plan:
            raw = row[i]
            try:
                if is_date:
                    reading = read_date(raw)
                    rec.card[t] = reading.iso
                    if reading.doubt:
                        report.warnings.append(f"第{n}行「{rec.name}」{c.letter}列“{c.header}”：{reading.doubt}")
                else:
                    put(rec, raw)
            except V.BadValue as exc:
                errors.append(f"第{n}行「{rec.name}」{c.letter}列“{c.header}”为「{V.text(raw)[:30]}」，{exc}")
        _finish_amounts(rec, idx)
        if rec.card.get("unit"):
            unit_sources["责任单位列"] = unit_sources.get("责任单位列", 0) + 1
        elif context.get("unit"):
            unit_sources["分组行"] = unit_sources.get("分组行", 0) + 1
        for key, v in context.items():
            if not rec.card.get(key):
                rec.card[key] = v
        _infer_status(rec, idx, end_ym, inferred_status, statuses)
        records.append(rec)
    if errors:
        # every cell, not just the first: the unit corrects them all in one go
        raise ValidationError(f"以下{len(errors)}个单元格无法识别，未导入任何数据：\n" + "\n".join(errors))
    if inferred_status["dates"]:
        report.inferred.append(f"{inferred_status['dates']}个项目的开工/竣工状态由开工、竣工日期推断")
    if inferred_status["amount"]:
        report.inferred.append(f"{inferred_status['amount']}个项目没有状态列，因已有完成投资视为已开工")
    if progress and rows_read:
        progress(2 * rows_read, 2 * rows_read)
    return records


_text = V.text          # the importer's old name for it, from when V.text did not take a str first


def _putter(target: str, unit: str) -> Callable[[ProjectRecord, object], None]:
    """How a column's cell goes into a record (_put), decided once per column rather than once per cell."""
    if target in MONEY_TARGETS:
        money = V.money_of
        if target == "total_investment":
            def put_total(rec: ProjectRecord, raw: object) -> None:
                rec.card["total_investment"] = money(raw, unit) or 0
            return put_total

        def put_money(rec: ProjectRecord, raw: object) -> None:
            setattr(rec, target, money(raw, unit))
        return put_money
    if target in CARD_TEXT:
        def put_card_text(rec: ProjectRecord, raw: object) -> None:
            rec.card[target] = _text(raw)
        return put_card_text
    if target in FIGURE_TEXT:
        def put_figure_text(rec: ProjectRecord, raw: object) -> None:
            setattr(rec, target, _text(raw))
        return put_figure_text
    if target == "status":
        # a return has a handful of status words over thousands of rows: each read once (text cells only, so
        # that 1 and True, equal as keys, are never taken for each other)
        words: dict[str, str | None] = {}

        def put_status(rec: ProjectRecord, raw: object) -> None:
            if type(raw) is str:
                s = words.get(raw, "")
                if s == "":
                    s = words[raw] = V.status_of(raw)
            else:
                s = V.status_of(raw)
            if s:
                rec.card["status"] = s
            elif V.text(raw):
                rec.notes.append(f"状态「{V.text(raw)}」无法识别")
        return put_status
    if target == "nature":
        words_of = V.NATURE_WORDS.get

        def put_nature(rec: ProjectRecord, raw: object) -> None:
            t = _text(raw)                                # V.nature_of, without a call of its own per row
            rec.card["nature"] = words_of(t, t)
        return put_nature
    return lambda rec, raw: _put(rec, target, raw, unit)


def _date_reader() -> Callable[[object], V.DateReading]:
    """V.read_date with each text read once: a return's date column holds a few dozen different texts."""
    seen: dict[str, V.DateReading] = {}
    read = V.read_date

    def read_date(raw: object) -> V.DateReading:
        if type(raw) is not str:
            return read(raw)
        reading = seen.get(raw)
        if reading is None:
            reading = seen[raw] = read(raw)          # a text that is no date raises, and is not kept
        return reading
    return read_date


def _put(rec: ProjectRecord, target: str, raw: object, unit: str) -> None:
    if target in MONEY_TARGETS:
        fen = V.money_of(raw, unit)
        if target == "total_investment":
            rec.card["total_investment"] = fen or 0
        else:
            setattr(rec, target, fen)
    elif target in DATE_TARGETS:
        rec.card[target] = V.date_of(raw)
    elif target in FLAG_TARGETS:
        rec.card[target] = V.flag_of(raw)
    elif target == "flags":
        rec.card.update(V.flags_of(raw))
    elif target == "status":
        s = V.status_of(raw)
        if s:
            rec.card["status"] = s
        elif V.text(raw):
            rec.notes.append(f"状态「{V.text(raw)}」无法识别")
    elif target == "nature":
        rec.card["nature"] = V.nature_of(raw)
    elif target in CARD_TEXT:
        rec.card[target] = V.text(raw)
    elif target in FIGURE_TEXT:
        setattr(rec, target, V.text(raw))
    elif target == "target":
        rec.target = V.text(raw)


def _finish_amounts(rec: ProjectRecord, idx: dict[str, int]) -> None:
    """Blank means zero, the way units leave cells empty — but a blank 本月 beside a 累计 follows from it."""
    if "plan" in idx and rec.plan is None:
        rec.plan = 0
    if "ytd" in idx or "month_amount" in idx:
        if rec.ytd is None and rec.month_amount is None:
            rec.month_amount = 0


_STATUS_ORDER = [s.value for s in Status]


def _infer_status(rec: ProjectRecord, idx: dict[str, int], end_ym: str, counts: dict[str, int],
                  seen: dict[tuple[str, str, str], str] | None = None) -> None:
    """项目状态 as the row gives it, moved on by its dates at the report's month end (models.rules.status_at, as
    the list and the 月报 read it); with neither a status nor a date, from its amounts or an empty 开工时间 column."""
    card = rec.card
    given = str(card.get("status") or "")
    finish = str(card.get("actual_finish") or "")
    start = str(card.get("actual_start") or "")
    if start and start[:7] > end_ym:
        start = ""          # kept as sent; a start after the report month is marked 待核实, not taken as 在建
    if start or finish:
        key = (given, start, finish)       # a 10,000-row return has a few dozen different ones
        at_end = seen.get(key) if seen is not None else None
        if at_end is None:
            at_end = status_at(Project(rec.name, status=given or Status.NOT_STARTED.value, actual_start=start,
                                       actual_finish=finish), int(end_ym[:4]), int(end_ym[5:7])).value
            if seen is not None:
                seen[key] = at_end
        order = _STATUS_ORDER
        # dates move a status on (未开工 with an 开工 date is 在建), never back: a date after the report's month
        # leaves the unit's word as it is
        if at_end != given and (not given or order.index(at_end) > order.index(given)):
            card["status"] = at_end
            counts["dates"] += 1
    elif given:
        return
    elif "status" not in idx and (rec.ytd or 0) > 0 and "actual_start" not in idx:
        card["status"] = "在建"
        counts["amount"] += 1
    elif "status" not in idx and "actual_start" in idx:
        card["status"] = "未开工"
        counts["dates"] += 1


def _resolve(formulas: dict[tuple[int, int], str], rows: list[tuple], report: MappingReport) -> dict:
    """Evaluate formula cells whose results were not saved; report the ones we cannot."""
    done: dict[tuple[int, int], Decimal | None] = {}
    busy: set[tuple[int, int]] = set()
    failed: list[str] = []

    def value(r: int, c: int) -> Decimal | None:
        key = (r, c)
        if key in done:
            return done[key]
        row = rows[r - 1] if 0 < r <= len(rows) else ()
        v = row[c - 1] if c - 1 < len(row) else None
        if v is None and key in formulas:
            if key in busy:
                raise Unsupported("循环引用")
            busy.add(key)
            try:
                res = evaluate(formulas[key], value, column=column)
            finally:
                busy.discard(key)
            done[key] = res
            return res
        d = _number(v)
        done[key] = d
        return d

    numbers: dict[int, list[Decimal | None]] = {}     # a column's cells as value() reads them, made once
    pending: dict[int, list[int]] = {}                # a column's rows holding a formula without its result
    for (r, c) in formulas:
        row = rows[r - 1] if 0 < r <= len(rows) else ()
        if not (c - 1 < len(row) and row[c - 1] is not None):
            pending.setdefault(c, []).append(r)

    def column(c: int, r1: int, r2: int) -> list[Decimal]:
        # SUM(D7:D335) of a 小计 or 合计: the column's numbers read once for all the formulas over it, rather
        # than one value() per cell per formula; the same values in the same order, so the same sum
        lo, hi = max(r1, 1), min(r2, len(rows))
        inside = [r for r in pending.get(c, ()) if r1 <= r <= r2]
        if r2 - r1 < 64 or any(not lo <= r <= hi for r in inside):
            return [v for r in range(r1, r2 + 1) if (v := value(r, c)) is not None]
        nums = numbers.get(c)
        if nums is None:
            i = c - 1
            nums = numbers[c] = [(Decimal(repr(v)) if type(v) is float else _number(v)) if i < len(row)
                                 and (v := row[i]) is not None else None for row in rows]
        part = nums[lo - 1:hi]
        if inside:
            part = list(part)
            for r in inside:
                part[r - lo] = value(r, c)
        return [v for v in part if v is not None]

    out: dict[tuple[int, int], object] = {}
    for (r, c), _formula in formulas.items():
        row = rows[r - 1] if r <= len(rows) else ()
        if (c - 1 < len(row) and row[c - 1] is not None):
            continue
        try:
            v = value(r, c)
            out[(r, c)] = v
        except (Unsupported, RecursionError):
            failed.append(f"{get_column_letter(c)}{r}")
    if out:
        report.inferred.append(f"{len(out)}个公式单元格没有保存计算结果，已按公式算出")
    if failed:
        report.warnings.append(f"{len(failed)}个公式无法计算（{'、'.join(failed[:5])}…），请在 Excel 中打开并保存后再导入")
    return out


def _number(v: object) -> Decimal | None:
    """A cell a formula refers to as a number (None for blank or text that is none): V.decimal_of's reading."""
    if type(v) is float:                    # V.decimal_of's own reading of a number, without its checks
        return Decimal(repr(v))
    if type(v) is int:
        return Decimal(v)
    try:
        return V.decimal_of(v)
    except V.BadValue:
        return None


def _check_totals(records: list[ProjectRecord], totals: list[int], cols: list[ColumnMapping], cell,
                  report: MappingReport) -> None:
    """The file's own 合计 row against the sum of its projects: a mismatch means a row was missed or typed twice."""
    if not totals or not records:
        return
    r = totals[0]
    checked = []
    for c in cols:
        if c.target not in MONEY_TARGETS:
            continue
        try:
            stated = V.money_of(cell(r, c.index), c.unit or "万元")
        except V.BadValue:
            continue
        if stated is None:
            continue
        ours = sum((cast(Fen, rec.card.get("total_investment", 0)) if c.target == "total_investment"
                    else getattr(rec, c.target) or 0) for rec in records)
        if abs(stated - ours) > max(len(records), 1) * 50:   # rounding of each row to 2 decimals in 万元
            report.warnings.append(f"合计行（第{r}行）“{c.header}”为{fmt_wan(stated, True)}万元，"
                                   f"各项目相加为{fmt_wan(ours, True)}万元，请核对是否漏行或重复")
        else:
            checked.append(c.header)
    if checked:
        report.inferred.append(f"合计行（第{r}行）与各项目之和一致：{'、'.join(h.split('（')[0] for h in checked)}")


def _check_unit(records: list[ProjectRecord], cols: list[ColumnMapping], report: MappingReport) -> None:
    """A return in 元 read as 万元 shows up as absurd amounts: warn rather than store 100亿 roads."""
    guessed = [c for c in cols if c.target in MONEY_TARGETS and "按万元" in c.note]
    if not guessed or not records:
        return
    totals = sorted(cast(Fen, rec.card.get("total_investment", 0)) or 0 for rec in records)   # read as 分 (int)
    median: Fen = totals[len(totals) // 2]
    if median > 1_000_000 * 1_000_000:        # over 100亿元 per project (in 分)
        report.warnings.append("金额单位未注明，按万元读取后项目总投资普遍超过100亿元，很可能是以“元”填报的；"
                               "如是，请指定单位为元（命令行：--money-unit 元）")
