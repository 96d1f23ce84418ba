"""The formula cells of a return are found in the sheet's XML as openpyxl would read them: plain, shared, escaped,
with a namespace prefix; a sheet whose cells don't name their position falls back to openpyxl."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from importers.reader import read_return
from importers.workbook import Workbook, scan_formulas


def _with_sheet_xml(path: Path, edit) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = edit(parts["xl/worksheets/sheet1.xml"].decode()).encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)


def test_shared_formulas_are_translated_to_each_cell_like_openpyxl(tmp_path: Path) -> None:
    path = tmp_path / "shared.xlsx"
    wb = openpyxl.Workbook()
    for r in range(1, 6):
        wb.active.append([r, r * 2])
    wb.save(path)

    def add_shared(x: str) -> str:
        for r in range(1, 6):
            f = '<f t="shared" ref="C1:C5" si="0">A1+B1&amp;""</f>' if r == 1 else '<f t="shared" si="0"/>'
            x = re.sub(rf'(<c r="B{r}"[^>]*>(?:<v>[^<]*</v>)?</c>)', rf'\1<c r="C{r}">{f}</c>', x)
        return x

    _with_sheet_xml(path, add_shared)
    with Workbook(path) as book:
        sheet = book.sheet_names[0]
        fast = book.formulas(sheet)
        assert fast == book._formulas_by_openpyxl(sheet)
    assert fast[(4, 3)] == '=A4+B4&""'


def test_prefixed_namespace_and_missing_positions() -> None:
    prefixed = (b'<x:sheetData><x:row r="2"><x:c r="D2"><x:f>SUM(D3:D9)</x:f></x:c>'
                b'<x:c r="E2" t="str"><x:f>ROUND(E3,2)</x:f><x:v></x:v></x:c></x:row></x:sheetData>')
    assert scan_formulas(prefixed) == {(2, 4): "=SUM(D3:D9)", (2, 5): "=ROUND(E3,2)"}
    # the format lets a cell leave out r="…": its position is then only known by counting — openpyxl's job
    assert scan_formulas(b'<sheetData><row><c><f>1+1</f></c></row></sheetData>') is None


def test_a_return_whose_total_row_has_formulas_reads_the_same_as_before(tmp_path: Path) -> None:
    """The 合计 of SUM formulas saved without results is evaluated and checked against the projects' sum."""
    path = tmp_path / "return.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["XX镇2024年重点项目进展表（1-3月）"])
    ws.append(["序号", "项目名称", "责任单位", "年度计划投资", "1-3月完成投资"])
    ws.append([None, "合计", None, "=SUM(D4:D5)", "=SUM(E4:E5)"])
    ws.append([1, "甲项目", "XX镇", 100, 30])
    ws.append([2, "乙项目", "XX镇", 200, 50.5])
    wb.save(path)
    result = read_return(path)
    assert [r.name for r in result.records] == ["甲项目", "乙项目"]
    assert any("合计行" in line and "一致" in line for line in result.report.inferred)
