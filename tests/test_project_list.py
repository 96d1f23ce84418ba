"""The 调度会 project list: PDF with Chinese text embedded and a page number on each page; xlsx alike."""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import openpyxl
import pytest

from exporters.project_list import list_groups, write_list

# CJK Radicals Supplement characters pdftotext reports for shared glyphs; NFKC leaves them alone
RADICALS = str.maketrans("⻚⺠⻔⻓⻋⻅⻉⻄⻢⻬⻜⻙⻛⻘⻩⻝⻦", "页民门长车见贝西马齐飞风页青黄食鸟")


def test_groups_by_unit_name_the_projects(example_report):
    groups = list_groups(example_report, "unit")
    assert sum(g.figures.count for g in groups) == 30
    yin = next(g for g in groups if "尹集乡" in g.title)
    assert yin.title.endswith("尹集乡（2个项目）")
    band = list_groups(example_report, "band")
    assert [g.title for g in band][0] == "一、赶上序时进度（5个项目）"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils 未安装")
def test_pdf_has_chinese_text_header_on_every_page_and_page_numbers(tmp_path, example_report):
    path = write_list(example_report, tmp_path / "清单.pdf", by="unit")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    # fonts map some characters to radicals on extraction (⽬ for 目, ⻚ for 页); fold them back
    text = unicodedata.normalize("NFKC", text).translate(RADICALS).replace(" ", "")
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    assert unicodedata.normalize("NFKC", "2009年重点项目清单（截至4月底）") in pages[0]
    for i, page in enumerate(pages, 1):
        assert "项目名称" in page and f"第{i}页共{len(pages)}页" in page
    assert "尹集乡村公路网改造" in text and "土地报批未完成" in text
    nfkc = lambda t: unicodedata.normalize("NFKC", t)  # noqa: E731  (full-width brackets come out half-width)
    assert nfkc("合计（30个项目）1,220,000.00400,000.0077,000.0019.3") in text
    assert nfkc("二、欧庙镇（2个项目）计划38,517.78万元，累计4,776.57万元，完成率12.4%") in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
    # every font is embedded, and one of them is a Chinese font (not boxes, not the reader's substitute)
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)
    assert any(re.search(r"CJK|WenQuanYi|Sim|Song|Fang|Hei|Ming|Han", line) for line in fonts)


def test_xlsx_list_has_groups_and_print_setup(tmp_path, example_report):
    path = write_list(example_report, tmp_path / "清单.xlsx", by="category")
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == "2009年重点项目清单（截至4月底）"
    assert ws["B4"].value == "合计（30个项目）"
    assert ws["E4"].value == 1_220_000.00 and ws["G4"].value == 77_000.00 and ws["H4"].value == 19.3
    assert ws["G4"].number_format == "#,##0.00" and ws["H4"].number_format == "0.0"
    assert ws["B5"].value == "一、基础设施（9个项目）" and ws["F5"].value == 113_238.33 and ws["G5"].value == 28_241.45
    assert ws["A6"].value == 1 and ws["A6"].data_type == "n"
    assert [ws.cell(row=r, column=1).value for r in range(6, ws.max_row + 1)
            if isinstance(ws.cell(row=r, column=1).value, int)] == list(range(1, 31))
    assert ws.print_title_rows.replace("$", "") == "3:3" and ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_other_extensions_are_refused(tmp_path, example_report):
    from models.errors import ExportError

    with pytest.raises(ExportError):
        write_list(example_report, tmp_path / "清单.doc")


def test_cli_export_list_pdf(tmp_path, example_store):
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    example_store.close()
    out = tmp_path / "调度会清单.pdf"
    proc = subprocess.run([sys.executable, str(root / "main.py"), "--db", str(example_store.path), "export-list",
                           str(out), "--year", "2009", "--month", "4", "--group", "band"],
                          capture_output=True, text=True, cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "30个项目" in proc.stdout
    assert out.read_bytes().startswith(b"%PDF")
