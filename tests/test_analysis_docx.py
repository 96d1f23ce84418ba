"""The 文字分析 .docx read back: A4, GB/T 9704 margins, fonts in the eastAsia slot, sizes, heads, page numbers."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from exporters.analysis import analysis_text, build_analysis
from exporters.analysis_docx import write_analysis_docx, write_analysis_txt


def east_asia(run) -> str | None:
    fonts = run._element.rPr.find(qn("w:rFonts")) if run._element.rPr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def para(doc, start: str):
    found = [p for p in doc.paragraphs if p.text.startswith(start)]
    assert found, start
    return found[0]


@pytest.fixture
def april_report(example_store):
    """The April example with the 填报单位 the clerk enters once in the settings."""
    from models.report import build_report

    example_store.set_settings({"office": "襄城区发改局"})
    return build_report(example_store, 2009, 4)


@pytest.fixture
def april_docx(april_report, tmp_path):
    out = tmp_path / "文字分析.docx"
    write_analysis_docx(build_analysis(april_report, today=dt.date(2009, 5, 5)), out, attachment=april_report)
    return Document(str(out))


def test_page_is_a4_with_official_margins(april_docx):
    s = april_docx.sections[0]
    mm = lambda v: round(v / Mm(1), 1)  # noqa: E731
    assert (mm(s.page_width), mm(s.page_height)) == (210.0, 297.0)
    assert (mm(s.top_margin), mm(s.bottom_margin), mm(s.left_margin), mm(s.right_margin)) == (37, 35, 28, 26)


def test_title_body_and_heads_fonts(april_docx):
    d = april_docx
    title = d.paragraphs[0]
    assert title.text == "2009年1—4月全区重点项目建设情况分析"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {east_asia(r) for r in title.runs} == {"方正小标宋简体"}
    assert {r.font.size for r in title.runs} == {Pt(22)}

    body = para(d, "截至4月底")
    assert {east_asia(r) for r in body.runs} == {"仿宋_GB2312"}
    assert {r.font.size for r in body.runs} == {Pt(16)}
    ind = body._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200" and body.paragraph_format.first_line_indent == Pt(32)

    h1 = para(d, "一、总体情况")
    assert {east_asia(r) for r in h1.runs} == {"黑体"} and {r.font.size for r in h1.runs} == {Pt(16)}
    h2 = para(d, "（一）按投资进度分")
    assert {east_asia(r) for r in h2.runs} == {"楷体_GB2312"}
    # a level-two head with its text on the same line: head in 楷体, the rest in 仿宋
    inline = para(d, "（一）加快未开工项目开工建设。")
    assert east_asia(inline.runs[0]) == "楷体_GB2312" and inline.runs[0].text == "（一）加快未开工项目开工建设。"
    assert {east_asia(r) for r in inline.runs[1:]} == {"仿宋_GB2312"}


def test_normal_style_and_fixed_line_spacing_give_22_lines(april_docx):
    normal = april_docx.styles["Normal"]
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    pf = normal.paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    s = april_docx.sections[0]
    lines = (s.page_height - s.top_margin - s.bottom_margin) / pf.line_spacing
    assert 22 <= lines < 23
    lang = april_docx.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_page_numbers_in_the_footer(april_docx):
    s = april_docx.sections[0]
    for footer, align in ((s.footer, WD_ALIGN_PARAGRAPH.RIGHT), (s.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        fields = p._p.findall(qn("w:fldSimple"))
        assert [f.get(qn("w:instr")).strip() for f in fields] == ["PAGE"]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p.alignment == align
        for r in p.runs:
            assert east_asia(r) == "宋体" and r.font.size == Pt(14)
    assert april_docx.settings.odd_and_even_pages_header_footer


def test_attachment_table_of_lagging_and_not_started(april_docx, example_report):
    assert len(april_docx.sections) == 2
    att = april_docx.sections[1]
    assert att.page_width > att.page_height                   # the wide table goes on a landscape page
    assert any(p.text == "附件：2009年1—4月未开工及进度滞后项目情况表" for p in april_docx.paragraphs)
    table = april_docx.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[:3] == ["序号", "项目名称", "责任单位"] and header[-1] == "存在问题"
    names = {r.cells[1].text for r in table.rows[1:]}
    for l in example_report.lines:
        assert (l.name in names) == (l.band.value in ("未开工", "未赶上序时进度"))
    assert len(table.rows) == 1 + 2 + 25                        # header, two group rows, 25 projects


def test_edited_plain_text_becomes_the_styled_document(april_report, tmp_path):
    text = analysis_text(april_report, today=dt.date(2009, 5, 5))
    edited = text.replace("四、下步工作\n", "四、下步工作\n1.五月底前召开用地协调会。\n")
    edited = edited.replace("【以下为参考内容，请结合本地实际修改，定稿前删除本行】\n", "")
    out = write_analysis_docx(edited, tmp_path / "修改稿.docx")
    d = Document(str(out))
    assert d.paragraphs[0].text == "2009年1—4月全区重点项目建设情况分析"
    h3 = para(d, "1.五月底前召开用地协调会。")
    assert {east_asia(r) for r in h3.runs} == {"仿宋_GB2312"}
    assert not any("【" in p.text for p in d.paragraphs)
    date = d.paragraphs[-1]
    assert date.text == "2009年5月5日" and date.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_clerk_note_is_highlighted(example_report, tmp_path):
    out = write_analysis_docx(analysis_text(example_report), tmp_path / "a.docx")
    note = para(Document(str(out)), "【以下为参考内容")
    assert note.runs[0].font.highlight_color is not None


def test_txt_is_utf8_with_bom_and_windows_line_ends(april_report, tmp_path):
    out = write_analysis_txt(analysis_text(april_report), tmp_path / "a.txt", attachment=april_report)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "2009年1—4月全区重点项目建设情况分析"
    assert "尹集乡村公路网改造\t尹集乡" in text                  # the 附件 table as columns for pasting


def test_export_is_atomic_when_the_folder_is_missing(example_report, tmp_path):
    from models.errors import ExportError

    with pytest.raises(ExportError):
        write_analysis_docx(analysis_text(example_report), tmp_path / "没有这个文件夹" / "a.docx")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")
def test_libreoffice_opens_it_as_a4_pages(example_report, tmp_path):
    out = write_analysis_docx(analysis_text(example_report), tmp_path / "分析.docx", attachment=example_report)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=120)
    pdf = tmp_path / "分析.pdf"
    assert pdf.exists(), "LibreOffice 无法打开生成的文档"
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert "A4" in info


def out_of_order(doc) -> list[str]:
    """Property elements Word would reject: children of pPr/rPr/tblPr not in the schema's order."""
    from exporters.docx_style import _SEQ

    bad = []
    parts = [doc.element, doc.styles.element] + [s.footer._element for s in doc.sections] + \
        [s.even_page_footer._element for s in doc.sections]
    for part in parts:
        for tag, seq in _SEQ.items():
            order = {qn(t): i for i, t in enumerate(seq)}
            for el in part.iter(qn(tag)):
                pos = [order.get(c.tag, -1) for c in el if c.tag in order]
                if pos != sorted(pos):
                    bad.append(f"{tag}: {[c.tag.split('}')[1] for c in el]}")
    return bad


def test_property_elements_are_in_schema_order(april_docx, example_store, tmp_path):
    """Word refuses ('unreadable content') a file whose paragraph/run/table properties are out of order."""
    from exporters.notices import export_notices
    from models.report import build_report

    assert out_of_order(april_docx) == []
    export_notices(example_store, build_report(example_store, 2009, 4), tmp_path / "n.docx", dt.date(2009, 5, 5))
    assert out_of_order(Document(str(tmp_path / "n.docx"))) == []
