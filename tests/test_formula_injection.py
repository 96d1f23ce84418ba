"""Text typed or imported as = + - @ … stays text in every exported sheet: opened in Excel/WPS it never runs as a formula."""
from __future__ import annotations

import openpyxl
import pytest

from exporters.monthly_xlsx import write_monthly_xlsx
from exporters.project_list import write_list
from models.project import Project
from models.report import build_report

# what a careless or hostile return may carry; card texts are stored trimmed, figure texts as typed
NAMES = ['=HYPERLINK("http://example.com/x","点我查看")', "+1+2", "-2+3", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"]
UNITS = ["=1+1局", "@区住建局", "+城关镇", "-开发区管委会", "=区交通局"]
LEADERS = ["=张三", "+李四", "-王五", "@赵六", "周七"]
CATEGORIES = ["=工业", "+基础设施", "-民生", "@农业", "社会事业"]
PROGRESS = ["\t=1+1", "\r=2+2", "=A1*2", "+主体完工", "@进度"]
PROBLEMS = ['=IMPORTXML("http://example.com","//a")', "-资金缺口", "\t@问题", "\r\n=3+3", "+征地"]


@pytest.fixture
def hostile_report(store):
    for i, name in enumerate(NAMES):
        pid = store.create_project(Project(name=name, unit=UNITS[i], leader=LEADERS[i], category=CATEGORIES[i],
                                           total_investment=10_000_00 * (i + 1)), 2024, 1_000_00 * (i + 1))
        store.set_figure(pid, 2024, 3, {"ytd": 300_00 * (i + 1), "progress": PROGRESS[i], "problem": PROBLEMS[i]})
    return build_report(store, 2024, 3)


def _texts(report) -> set[str]:
    """Every hostile text as the store holds it (cards trimmed, figure texts exactly as typed)."""
    out: set[str] = set()
    for line in report.lines:
        p = line.project
        out |= {p.name, p.unit, p.leader, p.category, line.progress, line.problem}
    return out - {"", "周七", "社会事业"}


def _cells(path):
    wb = openpyxl.load_workbook(path)          # formulas come back as formulas (data_type "f"), not values
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def _assert_all_text(path, must_show: set[str]) -> None:
    """No cell of any sheet is a formula, and each hostile text is in some cell as that very text."""
    seen: set[str] = set()
    for title, cell in _cells(path):
        assert cell.data_type != "f", f"{title}!{cell.coordinate} 成了公式：{cell.value!r}"
        if isinstance(cell.value, str):
            seen.add(cell.value)
    # a group heading such as "=1+1局（2个项目）" begins with the clerk's text
    missing = [t for t in must_show if t not in seen and not any(s.startswith(t) for s in seen)]
    assert not missing, f"这些文字没有原样出现在表中：{missing!r}"


def test_the_store_keeps_the_texts_as_typed(hostile_report):
    texts = _texts(hostile_report)
    assert {"\t=1+1", "\r=2+2", "\t@问题", "\r\n=3+3", "@SUM(A1:A9)", "=1+1局"} <= texts


@pytest.mark.parametrize("group_by", ["category", "unit", "none"])
def test_monthly_report_sheet_has_no_formula_from_a_text(hostile_report, tmp_path, group_by):
    path = write_monthly_xlsx(hostile_report, tmp_path / f"月报_{group_by}.xlsx", group_by=group_by)
    # the 月报 shows names, units, 形象进度 and 存在问题 exactly as stored
    shown = {t for line in hostile_report.lines for t in (line.project.name, line.project.unit, line.progress,
                                                           line.problem)}
    _assert_all_text(path, shown)


@pytest.mark.parametrize("by", ["unit", "category"])
def test_project_list_sheet_has_no_formula_from_a_text(hostile_report, tmp_path, by):
    path = write_list(hostile_report, tmp_path / f"清单_{by}.xlsx", by=by)
    shown = {t for line in hostile_report.lines for t in (line.project.name, line.project.leader, line.progress,
                                                           line.problem)}
    _assert_all_text(path, shown)


def test_a_formula_looking_name_reads_back_as_the_same_name(hostile_report, tmp_path):
    """The fact a clerk sees: the cell shows =HYPERLINK(…) as letters, and re-reading gives the same text."""
    path = write_monthly_xlsx(hostile_report, tmp_path / "月报.xlsx", group_by="none")
    wb = openpyxl.load_workbook(path, data_only=True)
    values = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert NAMES[0] in values and "\t=1+1" in values and "\r=2+2" in values and "\r\n=3+3" in values
