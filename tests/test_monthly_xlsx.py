"""The 月报 spreadsheet read back: layout a superior expects, totals as values, print setup, round trip."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from exporters.monthly_xlsx import write_monthly_xlsx
from importers.reader import read_return
from models.report import build_report
from models.store import Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def monthly(tmp_path, example_report):
    path = write_monthly_xlsx(example_report, tmp_path / "月报.xlsx")
    wb = openpyxl.load_workbook(path)
    return path, wb.active


def _col(ws, header: str) -> int:
    """1-based column whose header (row 4 under a merged group, else row 3) is `header`."""
    for c in range(1, ws.max_column + 1):
        if header in (ws.cell(row=4, column=c).value, ws.cell(row=3, column=c).value):
            return c
    raise AssertionError(header)


def test_title_line_and_two_row_header(monthly):
    _, ws = monthly
    assert ws["A1"].value == "2009年重点项目建设进展情况表（1—4月）"
    assert any(str(r) .startswith("A1:") for r in ws.merged_cells.ranges)
    assert ws["A2"].value.startswith("填报单位：")
    assert "单位：万元" in [c.value for c in ws[2] if c.value]
    row3 = [c.value for c in ws[3]]
    row4 = [c.value for c in ws[4]]
    year_col = row3.index("2009年")
    assert row4[year_col: year_col + 4] == ["年度计划投资", "1—4月完成投资", "其中：4月完成", "占年度计划%"]
    level = row3.index("级别")
    assert row4[level: level + 3] == ["市级重点", "区级重点", "考核项目"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"{get_column_letter(year_col + 1)}3:{get_column_letter(year_col + 4)}3" in merged
    assert "A3:A4" in merged and "B3:B4" in merged
    for head in ("序号", "项目名称", "责任单位", "项目类别", "建设性质", "建设起止年限", "总投资", "项目状态", "形象进度",
                 "存在问题", "备注"):
        assert head in row3


def test_total_row_first_with_values_not_formulas(monthly):
    _, ws = monthly
    assert ws["B5"].value == "合计（30项）"

    def at(header):
        return ws.cell(row=5, column=_col(ws, header))

    assert at("总投资").value == 1_220_000.00 and at("年度计划投资").value == 400_000.00
    assert at("1—4月完成投资").value == 77_000.00 and at("其中：4月完成").value == 21_265.18
    assert at("占年度计划%").value == 19.3
    assert at("年度计划投资").number_format == "#,##0.00" and at("占年度计划%").number_format == "0.0"
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for row in ws.iter_rows() for c in row)


def test_groups_by_category_with_subtotals_and_numbered_projects(monthly):
    _, ws = monthly
    rows = list(ws.iter_rows(min_row=6, values_only=True))
    plan, ytd, rate = _col(ws, "年度计划投资") - 1, _col(ws, "1—4月完成投资") - 1, _col(ws, "占年度计划%") - 1
    group = next(r for r in rows if str(r[1]).startswith("一、"))
    assert group[1] == "一、基础设施项目（9项）"
    assert group[plan] == 113_238.33 and group[ytd] == 28_241.45
    assert group[rate] == 24.9                     # 28,241.45 / 113,238.33 — from the subtotal's sums
    seqs = [r[0] for r in rows if isinstance(r[0], int)]
    assert seqs == list(range(1, 31))
    assert any(str(r[0]).startswith("填表人") for r in rows)
    assert len([r for r in rows if r[1] and re.match(r"^[一二三四五六七八九十]+、.*（\d+项）$", str(r[1]))]) == 5


def test_flags_category_and_nature_are_written_per_project(monthly, example_report):
    _, ws = monthly
    city, assessed = _col(ws, "市级重点"), _col(ws, "考核项目")
    by_name = {ws.cell(row=r, column=2).value: r for r in range(6, ws.max_row + 1)}
    for line in example_report.lines:
        r = by_name[line.project.name]
        assert ws.cell(row=r, column=city).value == ("是" if line.project.is_city_key else "否")
        assert ws.cell(row=r, column=assessed).value == ("是" if line.project.is_assessed else "否")
        assert ws.cell(row=r, column=_col(ws, "项目类别")).value == line.project.category
    assert sum(1 for line in example_report.lines if line.project.is_city_key) == \
        sum(1 for r in range(6, ws.max_row + 1) if ws.cell(row=r, column=city).value == "是") > 0


def test_print_setup_a4_landscape_fit_width_titles_footer(monthly):
    _, ws = monthly
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows.replace("$", "") == "3:4"
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.freeze_panes == "C5"


def test_text_starting_with_formula_signs_stays_text(tmp_path, store):
    from models.project import Project

    for name in ("=HYPERLINK(\"http://x\",\"点我\")", "+1", "-2项目", "@SUM(A1)", "#N/A"):
        store.create_project(Project(name=name, unit="区建设局", total_investment=100), year=2024)
    path = write_monthly_xlsx(build_report(store, 2024, 3), tmp_path / "m.xlsx", group_by="none")
    ws = openpyxl.load_workbook(path).active
    cells = [c for row in ws.iter_rows(min_row=6) for c in row if c.column == 2 and c.value]
    assert {c.value for c in cells} >= {"=HYPERLINK(\"http://x\",\"点我\")", "+1", "-2项目", "@SUM(A1)", "#N/A"}
    assert all(c.data_type == "s" for c in cells)


def test_reimporting_the_monthly_gives_the_same_summary(tmp_path, example_store):
    report = build_report(example_store, 2009, 4)
    for group in ("category", "unit", "nature", "band", "none"):
        path = write_monthly_xlsx(report, tmp_path / f"月报_{group}.xlsx", group_by=group)
        fresh = Store.open(tmp_path / f"fresh_{group}.db")
        res = read_return(path)
        assert (res.report.year, res.report.month) == (2009, 4)
        fresh.apply_import(res.records, 2009, 4)
        again = build_report(fresh, 2009, 4).as_json()
        assert _ordered(again) == _ordered(report.as_json()), group
        fresh.close()


def _ordered(obj):
    """The same figures whatever order the rows came in (groups follow the file's order of projects)."""
    if isinstance(obj, dict):
        return {k: _ordered(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return sorted((_ordered(v) for v in obj), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return obj


def test_cli_export_monthly(tmp_path, example_store):
    example_store.close()          # the command opens the database itself: one writer at a time
    out = tmp_path / "月报.xlsx"
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(example_store.path), "export-monthly",
                           "--year", "2009", "--month", "4", str(out), "--group", "unit"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    ws = openpyxl.load_workbook(out).active
    assert ws["B5"].value == "合计（30项）"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice 未安装")
def test_libreoffice_opens_it_without_repair(tmp_path, monthly):
    path, _ = monthly
    proc = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(path)],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0
    assert (tmp_path / "pdf" / "月报.pdf").stat().st_size > 5000
