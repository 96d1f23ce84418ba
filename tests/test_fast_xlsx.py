"""The fast sheet reader (importers/sheetxml.py) gives exactly openpyxl's values, cell for cell and type for type,
on real returns, our own exports and hand-made XML of every shape the format allows; what it is unsure of is read
by openpyxl (the sheet falls back), and a broken sheet still stops the import with the same Chinese message."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from example_files import COPY, EXAMPLE, SHARED

from importers.reader import read_return
from importers.workbook import MAX_COLUMNS, Workbook
from models.errors import ImportFileError

ROOT = Path(__file__).resolve().parents[1]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def openpyxl_rows(path: Path, sheet: str) -> list[tuple]:
    """The reference, straight from openpyxl as the importer used it before: read-only, values only."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[sheet]
        ws.reset_dimensions()
        return [tuple(r)[:MAX_COLUMNS] for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def typed(rows: list[tuple]) -> list[list[tuple[str, object]]]:
    # 1 == 1.0 == True in Python: compare each value's type as well
    return [[(type(v).__name__, v) for v in r] for r in rows]


def read_both(path: Path) -> dict[str, str]:
    """Assert the importer's rows equal openpyxl's for every sheet; returns {sheet: why it fell back}."""
    with Workbook(path) as wb:
        for name in wb.sheet_names:
            ours = list(wb.rows(name))
            assert typed(ours) == typed(openpyxl_rows(path, name)), f"{path.name}「{name}」"
        return dict(wb.fallbacks)


# ---- real files ---------------------------------------------------------------------------------------------
def corpus() -> list[Path]:
    files = [COPY / "district_2009_04.xlsx", COPY / "big_return_300_libreoffice.xlsx"]
    files += sorted(SHARED.glob("*.xlsx")) if SHARED.exists() else []
    return files


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
def test_real_returns_read_fast_and_equal(path):
    assert read_both(path) == {}


def test_big_generated_return_reads_fast_and_equal(tmp_path):
    path = tmp_path / "big.xlsx"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_big_return.py"), "300", str(path)], check=True)
    assert read_both(path) == {}
    res = read_return(path)
    assert len(res.records) == 300
    assert any("公式单元格没有保存计算结果" in line for line in res.report.inferred)


def test_our_own_exports_read_back_equal(tmp_path, example_report):
    from exporters.monthly_xlsx import write_monthly_xlsx
    from exporters.project_list import write_list_xlsx

    for path in (write_monthly_xlsx(example_report, tmp_path / "月报.xlsx"),
                 write_list_xlsx(example_report, tmp_path / "项目清单.xlsx")):
        assert read_both(path) == {}


def test_april_example_still_gives_its_expected_figures():
    res = read_return(EXAMPLE)
    assert len(res.records) == 30
    assert sum(r.card["total_investment"] for r in res.records) == 1_220_000 * 1_000_000     # 万元 → 分
    assert sum(r.ytd or 0 for r in res.records) == 77_000 * 1_000_000


# ---- openpyxl-written values: dates by number format, both epochs, times, durations, booleans, errors ----------
@pytest.mark.parametrize("epoch", ["1900", "1904"])
def test_dates_times_booleans_and_errors(tmp_path, epoch):
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = openpyxl.Workbook()
    if epoch == "1904":
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["日期", dt.date(2024, 3, 15), dt.datetime(2024, 3, 15, 8, 30), dt.time(14, 5, 6)])
    ws.append(["时长", dt.timedelta(hours=30, minutes=5)])
    ws.append(["早期", dt.date(1900, 1, 15), dt.date(1900, 3, 1)])
    ws.append(["是否", True, False, "#N/A", "#DIV/0!"])
    ws.append(["数字", 3, 3.0, 0.1 + 0.2, -12345678901234, 1e-7, 2.5e20])
    ws.append(["格式", 45000, 45000.25])
    ws["B6"].number_format = "yyyy年m月d日"
    ws["C6"].number_format = "[h]:mm:ss"
    ws.append([])
    ws.append(["文字", "  前后有空格  ", "a&b<c>\"d'", "多行\n文字", "=不是公式"])
    path = tmp_path / f"dates{epoch}.xlsx"
    wb.save(path)
    assert read_both(path) == {}
    with Workbook(path) as ours:
        rows = list(ours.rows(ours.sheet_names[0]))
    assert rows[0][1] == dt.datetime(2024, 3, 15, 0, 0)
    assert rows[0][3] == dt.time(14, 5, 6)
    assert rows[1][1] == dt.timedelta(hours=30, minutes=5)
    assert rows[3][1:] == (True, False, "#N/A", "#DIV/0!")
    assert [type(v) for v in rows[4][1:4]] == [int, int, float]     # openpyxl writes 3.0 as "3"
    serial_zero = dt.datetime(1899, 12, 30) if epoch == "1900" else dt.datetime(1904, 1, 1)
    assert rows[5][1] == serial_zero + dt.timedelta(days=45000)            # 2023-03-15 or 2027-03-16
    assert rows[5][2] == dt.timedelta(days=45000, hours=6)
    assert rows[6] == ()


# ---- hand-made XML ------------------------------------------------------------------------------------------
STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>
<numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/>
<xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="2" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


def book(path: Path, sheet: str, strings: str | None = None, date1904: bool = False) -> Path:
    """A minimal .xlsx around the given sheet XML (and shared strings), as a third-party writer would make it."""
    sst_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    epoch = ' date1904="1"' if date1904 else ""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + (f'<Override PartName="/xl/sharedStrings.xml" ContentType="{sst_type}"/>' if strings else "")
            + "</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.'
            f'org/officeDocument/2006/relationships"><workbookPr{epoch}/><sheets>'
            '<sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            + ('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
               'sharedStrings" Target="sharedStrings.xml"/>' if strings else "")
            + "</Relationships>"),
        "xl/styles.xml": STYLES,
        "xl/worksheets/sheet1.xml": sheet,
    }
    if strings:
        parts["xl/sharedStrings.xml"] = strings
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return path


def sheet(data: str, root: str = f'<worksheet xmlns="{MAIN}">', tail: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n{root}<sheetData>{data}</sheetData>{tail}' \
        + ("</worksheet>" if root.startswith("<worksheet") else "</x:worksheet>")


STRINGS = f"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="9" uniqueCount="9">
<si><t>项目名称</t></si>
<si><t xml:space="preserve">  留空格  </t></si>
<si><r><rPr><b/><sz val="11"/><color rgb="FFFF0000"/><rFont val="宋体"/><charset val="134"/></rPr><t>红色</t></r>
<r><t>黑色</t></r></si>
<si><t>带注音</t><rPh sb="0" eb="1"><t>ダイ</t></rPh><phoneticPr fontId="1"/></si>
<si><t>回车_x000D_换行</t></si>
<si><t>转义_x005F_x000D_保留</t></si>
<si><t>A&amp;B &lt;甲&gt; &#x4E2D;&#25991; &quot;引号&apos;</t></si>
<si><t>行一\r\n行二\r行三&#13;</t></si>
<si/>
</sst>"""


def test_shared_strings_rich_text_phonetics_entities_and_escapes(tmp_path):
    cells = "".join(f'<c r="{"ABCDEFGHI"[i]}1" t="s"><v>{i}</v></c>' for i in range(9))
    path = book(tmp_path / "sst.xlsx", sheet(f'<row r="1">{cells}</row>'), STRINGS)
    assert read_both(path) == {}
    with Workbook(path) as wb:
        row = next(wb.rows("表1"))
    assert row[:4] == ("项目名称", "  留空格  ", "红色黑色", "带注音")
    assert row[4] == "回车_x000D_换行"            # openpyxl keeps Excel's _x000D_ escape as written …
    assert row[5] == "转义_x000D_保留"            # … and drops "x005F_" from shared strings
    assert row[6] == "A&B <甲> 中文 \"引号'"
    assert row[7] == "行一\n行二\n行三\r"
    assert row[8] == ""


def test_cell_types_sparse_rows_and_odd_but_valid_shapes(tmp_path):
    data = (
        '<row r="2" spans="1:5" ht="20" customHeight="1">'
        '<c r="A2" t="inlineStr"><is><t>内联</t></is></c>'
        '<c r="B2" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t>文本</t></r></is></c>'
        '<c r="C2" t="inlineStr"><is/></c><c r="D2" t="inlineStr"/>'
        '<c r="F2" t="str"><f>A2&amp;"x"</f><v>内联x</v></c></row>'
        '<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="e"><v>#REF!</v></c><c r="C3" t="d"><v>2024-03-15T08:30:00'
        '</v></c><c r="D3" t="d"><v>2024-03-15</v></c><c r="E3" s="1"><v>45366</v></c><c r="F3" s="2"><v>45366.5</v></c>'
        '<c r="G3" s="3"><v>1.25</v></c><c r="H3" s="4"><v>12.5</v></c><c r="I3" s=""><v>7</v></c></row>'
        '<row r="5"/>'
        '<row r="6"><c r="C6"><v>1.5E3</v></c><c r="A6"><v>1</v></c></row>'    # out of order: openpyxl cuts at C
        '<row r="7"><c r="B7"><v>1</v></c><c r="B7"><v>2</v></c></row>'
        '<row r="4"><c r="A4"><v>9</v></c></row>'                                  # a row number going back
        '<row r="9">\n  <c r="A9" s="0">\n    <v>-0.0</v>\n  </c>\n  <c r="B9"><v/></c><c r="C9"><v></v></c>\n</row>'
        '<row r="10"><c r="A10"><f>SUM(A1:A9)</f></c><c r="B10" s="1"/><c r="AA10"><v>&#49;2</v></c></row>'
        '<row r="11.0"><c r="A11" t="inlineStr"><is><t xml:space="preserve"> a&#13;b\r\nc </t></is></c></row>'
        '<row><c r="A12"><v>12</v></c></row>'                                      # row without r: the next one
    )
    path = book(tmp_path / "types.xlsx", sheet(data))
    assert read_both(path) == {}
    path = book(tmp_path / "types1904.xlsx", sheet(data), date1904=True)
    assert read_both(path) == {}


def test_row_numbers_and_attributes_in_every_order(tmp_path):
    data = ''.join(f'<row {attrs}><c r="A{n}"><v>{n}</v></c></row>' for n, attrs in [
        (1, 'r="1" spans="1:5" ht="20"'), (2, 'r="2" spans="1:5" ht="20"'), (3, 'spans="1:5" r="3"'),
        (4, 'r="004"'), (5, 'r="5"  spans="1:5"'), (6, 'r="6"\n  spans="1:5"'), (7, 'r="7.0" spans="1:5"'),
        (8, 'r="8" customHeight="1" spans="1:5"'), (9, 'r="9" spans=""')])
    path = book(tmp_path / "rows.xlsx", sheet(data))
    assert read_both(path) == {}


def test_a_row_wider_than_max_columns_is_cut(tmp_path):
    from openpyxl.utils import get_column_letter

    wide = "".join(f'<c r="{get_column_letter(i)}1"><v>{i}</v></c>' for i in range(1, MAX_COLUMNS + 40))
    data = f'<row r="1">{wide}</row><row r="2"><c r="A2"><v>1</v></c><c r="XFD2"><v>2</v></c></row>'
    path = book(tmp_path / "wide.xlsx", sheet(data))
    assert read_both(path) == {}
    with Workbook(path) as wb:
        rows = list(wb.rows("表1"))
    assert len(rows[0]) == MAX_COLUMNS and rows[0][-1] == MAX_COLUMNS
    assert rows[1] == (1,) + (None,) * (MAX_COLUMNS - 1)


@pytest.mark.parametrize("label,data,root", [
    ("cells without r", '<row r="1"><c><v>1</v></c><c t="inlineStr"><is><t>甲</t></is></c></row>'
                        '<row r="2"><c r="B2"><v>2</v></c></row>', None),
    ("namespace prefix", '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>', f'<x:worksheet xmlns:x="{MAIN}">'),
    ("unknown cell type", '<row r="1"><c r="A1" t="x"><v>1</v></c></row>', None),
    ("a comment in the data", '<row r="1"><!-- 注释 --><c r="A1"><v>1</v></c></row>', None),
    ("CDATA", '<row r="1"><c r="A1" t="str"><v><![CDATA[<甲>]]></v></c></row>', None),
    ("single-quoted attributes", "<row r='1'><c r='A1'><v>1</v></c></row>", None),
    ("r after s", '<row r="1"><c s="0" r="A1"><v>1</v></c></row>', None),
    ("a slash among a cell's attributes", '<row r="1"><c r="A1" cm="1/2"><v>1</v></c></row>', None),
])
def test_shapes_it_is_unsure_of_fall_back_to_openpyxl(tmp_path, label, data, root):
    text = sheet(data, root) if root else sheet(data)
    if root:
        text = text.replace("<sheetData>", "<x:sheetData>").replace("</sheetData>", "</x:sheetData>")
    path = book(tmp_path / "odd.xlsx", text)
    fell_back = read_both(path)
    assert "表1" in fell_back, label


def test_shared_strings_it_is_unsure_of_fall_back(tmp_path):
    strings = f'<sst xmlns="{MAIN}"><si><t>甲</t></si><extLst><ext uri="x"/></extLst></sst>'
    path = book(tmp_path / "sst_odd.xlsx", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings)
    assert "表1" in read_both(path)


def test_unsure_late_in_the_sheet_gives_each_row_once(tmp_path):
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 20001))
    rows += '<row r="20001"><c r="A20001" t="x"><v>1</v></c></row>'
    path = book(tmp_path / "late.xlsx", sheet(rows))
    with Workbook(path) as wb:
        ours = list(wb.rows("表1"))
        assert "表1" in wb.fallbacks
    assert typed(ours) == typed(openpyxl_rows(path, "表1"))
    assert len(ours) == 20001


@pytest.mark.parametrize("broken", [
    '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c>',          # unclosed row
    '<row r="1"><c r="A1" t="s"><v>5</v></c></row>',                                      # no such string
    '<row r="1"><c r="A1"><v>abc</v></c></row>',                                         # not a number
    '<row r="1"><c r="A1"><v>1 &bogus; 2</v></c></row>',                                 # undefined entity
])
def test_a_broken_sheet_stops_with_the_chinese_message(tmp_path, broken):
    path = book(tmp_path / "broken.xlsx", sheet(broken))
    with pytest.raises(Exception):  # noqa: B017 — openpyxl raises a different kind for each of these
        openpyxl_rows(path, "表1")
    # openpyxl's opening may see it first (a small sheet is parsed whole for its size), else the reading does
    with pytest.raises(ImportFileError, match="已损坏"):
        with Workbook(path) as wb:
            list(wb.rows("表1"))


def formulas_both_ways(path: Path) -> dict[str, dict]:
    """The formulas kept while the rows were read, asserted equal to openpyxl's own reading of the formulas."""
    out = {}
    with Workbook(path) as wb:
        for name in wb.sheet_names:
            list(wb.rows(name))
            assert name in wb._formula_cells                     # met by the fast reading, no second pass
            out[name] = wb.formulas(name)
            assert out[name] == wb._formulas_by_openpyxl(name), f"{path.name}「{name}」"
    return out


def test_formulas_are_kept_while_reading_and_equal_openpyxls(tmp_path):
    data = ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2+$A$1</f><v>3</v></c>'
            '<c r="C1" t="str"><f>"a&amp;b"&amp;A1</f><v>a&amp;b1</v></c></row>'
            '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>5</v></c></row>'
            '<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/></c><c r="C3"><f>SUM(A1:A3)</f></c></row>')
    path = book(tmp_path / "shared.xlsx", sheet(data))
    assert read_both(path) == {}
    assert formulas_both_ways(path)["表1"] == {(1, 2): "=A1*2+$A$1", (2, 2): "=A2*2+$A$1", (3, 2): "=A3*2+$A$1",
                                              (1, 3): '="a&b"&A1', (3, 3): "=SUM(A1:A3)"}
    for path in corpus():
        formulas_both_ways(path)
    big = tmp_path / "big.xlsx"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_big_return.py"), "300", str(big)], check=True)
    sums = formulas_both_ways(big)["1-9月"]
    assert sums[(5, 4)].startswith("=SUM(D6:D") and len(sums) == 3 + 3 * 30       # 合计 and each unit's 小计


def test_a_rich_text_font_openpyxl_refuses_still_stops_the_import(tmp_path):
    strings = (f'<sst xmlns="{MAIN}"><si><r><rPr><sz val="大"/></rPr><t>甲</t></r><r><t>乙</t></r></si>'
               '<si><t>丙</t></si></sst>')
    path = book(tmp_path / "bad_font.xlsx", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings)
    with pytest.raises(Exception):  # noqa: B017 — whatever openpyxl raises on it
        openpyxl_rows(path, "表1")
    with pytest.raises(ImportFileError, match="已损坏"):
        with Workbook(path) as wb:
            list(wb.rows("表1"))


def test_another_openpyxl_inside_falls_back_to_plain_openpyxl(monkeypatch):
    import importers.workbook as W

    def changed(path):
        raise W._NoStructure
    monkeypatch.setattr(W, "_load_structure", changed)
    fell_back = read_both(EXAMPLE)
    assert set(fell_back.values()) == {"openpyxl version"}
    assert len(read_return(EXAMPLE).records) == 30


def _opening(path: Path) -> tuple[str, object]:
    """What opening a return gives: its sheet's size for the progress bar, or the Chinese message it stops with."""
    try:
        with Workbook(path) as wb:
            return "size", wb.size_hint("表1")
    except ImportFileError as exc:
        return "error", str(exc)


@pytest.mark.parametrize("label,xml", [
    ("no dimension", sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"><v>2</v></c></row>')),
    ("a dimension", sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace("<sheetData>",
                                                                           '<dimension ref="A1:C7"/><sheetData>')),
    ("a dimension inside the data", sheet('<row r="1"><c r="A1"><v>1</v></c></row><dimension ref="A1:B2"/>')),
    ("unclosed row", sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="2">')),
    ("undefined entity", sheet('<row r="1"><c r="A1"><v>1 &bogus; 2</v></c></row>')),
    ("unbound prefix", sheet('<row r="1"><q:c r="A1"><v>1</v></q:c></row>')),
    ("broken after the data", sheet('<row r="1"><c r="A1"><v>1</v></c></row>', tail="<junk>")),
    ("UTF-16", None),
])
def test_opening_a_sheet_without_its_size_gives_what_openpyxls_whole_parse_gave(tmp_path, monkeypatch, label, xml):
    """openpyxl parses a sheet without <dimension> whole when it opens the file; the importer checks it with expat
    instead and leaves anything unusual to openpyxl: the same size or the same message either way."""
    import contextlib

    import importers.workbook as W

    if xml is None:                   # a sheet in UTF-16 with a dimension: bytes a search for "dimension" misses
        xml = sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace("<sheetData>",
                                                                       '<dimension ref="A1:C9"/><sheetData>')
        xml = xml.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = book(tmp_path / "s.xlsx", xml)
    if label == "UTF-16":
        with zipfile.ZipFile(path) as zf:
            parts = {i.filename: zf.read(i) for i in zf.infolist()}
        parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-16")
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
    ours = _opening(path)
    monkeypatch.setattr(W, "_sizing_without_whole_parse", contextlib.nullcontext)
    assert ours == _opening(path), label


def test_only_a_sheet_with_something_to_read_is_sized_by_openpyxl(tmp_path):
    import importers.workbook as W

    plain = book(tmp_path / "plain.xlsx", sheet('<row r="1"><c r="A1"><v>1</v></c></row>'))
    sized = book(tmp_path / "sized.xlsx", sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace(
        "<sheetData>", '<dimension ref="A1:A1"/><sheetData>'))
    _opening(plain)
    calls: list[str] = []
    original = W._OPENPYXL_GET_SIZE[0]
    W._OPENPYXL_GET_SIZE[0] = lambda ws: calls.append(ws.title) or original(ws)
    try:
        assert _opening(plain) == ("size", 0) and calls == []
        assert _opening(sized) == ("size", 1) and calls == ["表1"]
    finally:
        W._OPENPYXL_GET_SIZE[0] = original
