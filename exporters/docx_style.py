"""House style of official documents (GB/T 9704-2012) for python-docx: page, fonts, heads, page numbers, tables."""
from __future__ import annotations

import math
import re
from copy import deepcopy
from typing import Collection, Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# fonts GB/T 9704 names; office PCs have them, other machines substitute (see FONT_FALLBACK)
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
LATIN_FONT = "Times New Roman"     # digits and Latin letters in the body, as offices set them
# Windows 10 and later ship 仿宋/楷体 but not the *_GB2312 faces: the font table names the substitutes
FONT_FALLBACK = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", H2_FONT: "楷体", H1_FONT: "SimHei", PAGE_FONT: "SimSun"}

TITLE_SIZE = Pt(22)      # 二号
BODY_SIZE = Pt(16)       # 三号
PAGE_SIZE = Pt(14)       # 四号
TABLE_SIZE = Pt(10.5)    # 五号

MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
# 22 lines in the 225 mm text block: 637.8pt / 22 = 28.99pt; 28.9 keeps the 22nd line on the page
LINE_PITCH = Pt(28.9)
CHARS_PER_LINE = 28

CN_FIRST_LINE = 200      # w:firstLineChars: two characters, whatever the font size


def new_document(title: str = "", author: str = "", page_numbers: bool = True) -> DocxDocument:
    """An empty A4 document with GB/T 9704 margins, the body style, the line grid and '— N —' page numbers."""
    doc = Document()
    _plain_defaults(doc)
    normal = doc.styles["Normal"]
    set_style_font(normal, BODY_FONT, BODY_SIZE)
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE_PITCH
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = False      # Chinese documents fill every line; no orphan control
    setup_section(doc.sections[0])
    _set_spacing(normal.element.get_or_add_rPr(), body_char_spacing(doc.sections[0]))
    if page_numbers:
        doc.settings.odd_and_even_pages_header_footer = True
        add_page_numbers(doc.sections[0])
    _declare_fonts(doc)
    doc.core_properties.title = title
    doc.core_properties.author = author
    return doc


def _plain_defaults(doc: DocxDocument) -> None:
    """Drop the template's theme fonts and English language defaults: theme attributes override explicit fonts."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None:
        ppr.remove(spacing)


def _declare_fonts(doc: DocxDocument) -> None:
    """Name each Chinese font in the font table with a GB2312 charset and an alternative, so that Word on a PC
    without 仿宋_GB2312 picks 仿宋 rather than a Latin face."""
    font_part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    from docx.oxml import parse_xml
    root = parse_xml(font_part.blob)
    have = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt in FONT_FALLBACK.items():
        if name in have:
            continue
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, val in (("w:altName", alt), ("w:charset", "86"), ("w:family", "modern"), ("w:pitch", "fixed")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            font.append(el)
        root.append(font)
    from lxml import etree
    font_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def setup_section(section, landscape: bool = False) -> None:
    """A4 with the GB/T 9704 margins, a 22-line × 28-character grid and the footer 7 mm below the text."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    # the page number's top sits 7 mm below the text block (GB/T 9704 7.5): 35 − 7 − one 14pt line ≈ 23 mm
    section.footer_distance = Mm(23)
    _grid(section)


def _grid(section) -> None:
    """Word's line grid at LINE_PITCH. No character grid: LibreOffice and older WPS lay out Word's negative
    charSpace as a much wider pitch; the 28 characters come from CHAR_SPACING on the body style instead."""
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    for attr in ("w:charSpace", "w:type"):
        grid.attrib.pop(qn(attr), None)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))


def body_char_spacing(section) -> int:
    """Character spacing in twips (negative = condensed) that puts 28 characters of 三号 on a line."""
    width_pt = (section.page_width - section.left_margin - section.right_margin) / 12700
    pitch = width_pt / CHARS_PER_LINE
    return math.floor((pitch - BODY_SIZE.pt) * 20)


def _set_spacing(rpr, twips: int) -> None:
    sp = child(rpr, "w:spacing")
    sp.set(qn("w:val"), str(twips))


# ---- XML children in schema order (Word rejects a file whose property elements are out of order) ------------

_SEQ = {
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
              "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
              "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
              "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:rPr": ("w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs",
              "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
              "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
              "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
              "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:tblPr": ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"),
}


def child(parent, tag: str):
    """The parent's `tag` child, created in its schema position when missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    el = OxmlElement(tag)
    seq = _SEQ.get(parent.tag.replace(f"{{{parent.nsmap.get('w', '')}}}", "w:"), ())
    later = {qn(t) for t in seq[seq.index(tag) + 1:]} if tag in seq else set()
    for i, sibling in enumerate(parent):
        if sibling.tag in later:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el


# ---- fonts ------------------------------------------------------------------------------------------

def _set_fonts(rpr, east_asia: str, latin: str) -> None:
    fonts = child(rpr, "w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def set_run_font(run: Run, east_asia: str, size: Pt | None = None, bold: bool | None = None,
                 latin: str | None = None) -> Run:
    """Set a run's Chinese font in the eastAsia slot (Word ignores font.name for Chinese text)."""
    latin = latin or (LATIN_FONT if east_asia in (BODY_FONT, H2_FONT) else east_asia)
    run.font.name = latin
    _set_fonts(run._element.get_or_add_rPr(), east_asia, latin)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold
    return run


def set_style_font(style, east_asia: str, size: Pt, latin: str | None = None) -> None:
    latin = latin or (LATIN_FONT if east_asia in (BODY_FONT, H2_FONT) else east_asia)
    style.font.name = latin
    style.font.size = size
    _set_fonts(style.element.get_or_add_rPr(), east_asia, latin)


# ---- paragraphs ----------------------------------------------------------------------------------------

def _indent_chars(paragraph: Paragraph, first: int = 0, left: int = 0, right: int = 0, size: Pt = BODY_SIZE) -> None:
    """Indents in characters (w:firstLineChars …) with the equivalent twips for readers that ignore them."""
    pf = paragraph.paragraph_format
    pf.first_line_indent = Pt(size.pt * first / 100) if first else None
    pf.left_indent = Pt(size.pt * left / 100) if left else None
    pf.right_indent = Pt(size.pt * right / 100) if right else None
    ind = child(paragraph._p.get_or_add_pPr(), "w:ind")
    for attr, val in (("w:firstLineChars", first), ("w:leftChars", left), ("w:rightChars", right)):
        if val:
            ind.set(qn(attr), str(val))


def _exact(paragraph: Paragraph, pitch: Pt = LINE_PITCH) -> None:
    pf = paragraph.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = pitch
    pf.space_before = pf.space_after = Pt(0)


_MARK = re.compile(r"(【[^】]*】)")


def add_runs(paragraph: Paragraph, text: str, font: str, size: Pt = BODY_SIZE) -> None:
    """Text in one font; passages in 【】 (notes for the clerk to replace) are highlighted so none is printed by mistake."""
    for piece in _MARK.split(text):
        if not piece:
            continue
        run = set_run_font(paragraph.add_run(piece), font, size)
        if _MARK.fullmatch(piece):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def add_title(doc: DocxDocument, text: str) -> Paragraph:
    """The title: 方正小标宋简体 二号, centred, followed by one empty line."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact(p, Pt(35))   # a 22pt title needs more than the body pitch; offices use a fixed 35pt here
    add_runs(p, text, TITLE_FONT, TITLE_SIZE)
    blank = doc.add_paragraph()
    _exact(blank)
    return p


HEAD_FONTS = {1: H1_FONT, 2: H2_FONT, 3: BODY_FONT}


def add_body(doc: DocxDocument, text: str) -> Paragraph:
    """A body paragraph: 仿宋_GB2312 三号, first line indented two characters, justified."""
    p = doc.add_paragraph()
    _indent_chars(p, first=CN_FIRST_LINE)
    add_runs(p, text, BODY_FONT)
    return p


def add_head(doc: DocxDocument, text: str, level: int) -> Paragraph:
    """A head 一、(黑体) / （一）(楷体_GB2312) / 1.(仿宋_GB2312), indented like the body. A head followed by text
    on the same line ('（一）用地方面。涉及…') keeps the head sentence in the head font and the rest in 仿宋."""
    p = doc.add_paragraph()
    _indent_chars(p, first=CN_FIRST_LINE)
    head, rest = split_head(text)
    add_runs(p, head, HEAD_FONTS.get(level, BODY_FONT))
    if rest:
        add_runs(p, rest, BODY_FONT)
    else:
        p.paragraph_format.keep_with_next = True
    return p


def split_head(text: str) -> tuple[str, str]:
    """'（一）用地方面。涉及5个项目…' → ('（一）用地方面。', '涉及5个项目…'); a head alone stays whole."""
    m = re.match(r"^(.{2,40}?[。：:])(.+)$", text)
    if m:
        return m.group(1), m.group(2)
    return text, ""


def add_attachment_note(doc: DocxDocument, text: str) -> Paragraph:
    """'附件：…' under the body: one empty line above, indented two characters, long names hanging under the name."""
    doc.add_paragraph()
    p = doc.add_paragraph()
    _indent_chars(p, first=CN_FIRST_LINE)
    add_runs(p, text, BODY_FONT)
    return p


def add_signature(doc: DocxDocument, office: str, date: str, gap: bool = True) -> None:
    """落款: the office two characters from the right edge, the date below it starting two characters further
    right (GB/T 9704 7.3.5.2, documents without a seal); office and date stay on one page."""
    if gap:
        doc.add_paragraph().paragraph_format.keep_with_next = True
    w_office, w_date = (text_width(office), text_width(date)) if office else (0.0, text_width(date))
    date_right = max(w_office - w_date, 0.0) if office else 4.0
    office_right = date_right + w_date + 2 - w_office
    for text, right in ((office, office_right), (date, date_right)):
        if text:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.keep_with_next = text is office
            no_autospace(p)     # the widths above count a digit as half a character, without extra space
            _indent_chars(p, right=round(right * 100))
            add_runs(p, text, BODY_FONT)


def no_autospace(p: Paragraph) -> None:
    """No automatic space between Chinese characters and digits/Latin letters in this paragraph."""
    ppr = p._p.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        child(ppr, tag).set(qn("w:val"), "0")


def text_width(text: str) -> float:
    """Width in characters: a Chinese character is one, a digit or Latin letter half of one."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def add_landscape_section(doc: DocxDocument):
    """A new landscape A4 section (for a wide 附件 table) with the portrait margins turned with the page."""
    from docx.enum.section import WD_SECTION
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    setup_section(section, landscape=True)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.footer_distance = Mm(15)
    return section


def add_page_break_before(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.page_break_before = True


# ---- page numbers -----------------------------------------------------------------------------------

def add_page_numbers(section) -> None:
    """'— N —' in 宋体 四号: odd pages on the right, even pages on the left, one character in (GB/T 9704 7.5)."""
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        for r in list(p.runs):
            r._element.getparent().remove(r._element)
        p.alignment = align
        off_grid(p)
        pf = p.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        pf.space_before = pf.space_after = Pt(0)
        side = {"right": 100} if align == WD_ALIGN_PARAGRAPH.RIGHT else {"left": 100}
        _indent_chars(p, size=PAGE_SIZE, **side)
        set_run_font(p.add_run("— "), PAGE_FONT, PAGE_SIZE, latin=PAGE_FONT)
        _page_field(p)
        set_run_font(p.add_run(" —"), PAGE_FONT, PAGE_SIZE, latin=PAGE_FONT)


def _page_field(p: Paragraph) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    fld.append(run)
    p._p.append(fld)
    r = Run(run, p)
    set_run_font(r, PAGE_FONT, PAGE_SIZE, latin=PAGE_FONT)
    r.text = "1"


# ---- tables ----------------------------------------------------------------------------------------

def add_table(doc: DocxDocument, headers: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float],
              group_rows: Collection[int] = frozenset(), numeric_cols: Collection[int] = frozenset(),
              size: Pt = TABLE_SIZE) -> DocxTable:
    """A bordered table: 黑体 header repeated on every page, 仿宋 cells, group rows merged across, numbers right.

    Each row is a copy of one styled model row with its texts put in: styling every cell through python-docx
    takes seconds for a list of a thousand projects."""
    n = len(headers)
    table = doc.add_table(rows=3, cols=n)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header, model, group = table.rows
    th = OxmlElement("w:tblHeader")
    th.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(th)
    for j, text in enumerate(headers):
        fill_cell(header.cells[j], text, H1_FONT, size, WD_ALIGN_PARAGRAPH.CENTER)
    for j in range(n):
        align = (WD_ALIGN_PARAGRAPH.RIGHT if j in numeric_cols
                 else WD_ALIGN_PARAGRAPH.CENTER if j == 0 else WD_ALIGN_PARAGRAPH.LEFT)
        fill_cell(model.cells[j], "0", BODY_FONT, size, align)      # "0": a w:t to put the text in
    cells = group.cells
    fill_cell(cells[0].merge(cells[-1]), "0", H1_FONT, size, WD_ALIGN_PARAGRAPH.LEFT)
    for row in (model, group):
        row.allow_break_across_pages = False
    set_column_widths(table, widths_mm)
    tbl, model_tr, group_tr = table._tbl, model._tr, group._tr
    tbl.remove(model_tr)
    tbl.remove(group_tr)
    for i, values in enumerate(rows):
        tr = deepcopy(group_tr if i in group_rows else model_tr)
        for j, (tc, text) in enumerate(zip(tr.findall(qn("w:tc")), values)):
            tc.find(".//" + qn("w:t")).text = text
            if j in numeric_cols and not _NUMBER.match(text):   # a word in a figures column is centred
                tc.find(".//" + qn("w:jc")).set(qn("w:val"), "center")
        tbl.append(tr)
    return table


def set_column_widths(table: DocxTable, widths_mm: Sequence[float]) -> None:
    """Widths on the grid, on every cell and on the table: Word reads the cells, LibreOffice the grid."""
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(round(Mm(w).twips)))
    for row in table.rows:
        for j, cell in enumerate(row.cells):
            if j < len(widths_mm) and cell._tc.grid_span == 1:
                cell.width = Mm(widths_mm[j])
    tbl_pr = table._tbl.tblPr
    tbl_w = child(tbl_pr, "w:tblW")
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(round(Mm(sum(widths_mm)).twips)))


_NUMBER = re.compile(r"^[-−]?[\d,]+(\.\d+)?$")


def fill_cell(cell, text: str, font: str, size: Pt, align) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.alignment = align
    off_grid(p)
    pf = p.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before = pf.space_after = Pt(1)
    run = set_run_font(p.add_run(text), font, size)
    _set_spacing(run._element.get_or_add_rPr(), 0)
    mark_size(p, size)


def mark_size(p: Paragraph, size: Pt) -> None:
    """The paragraph mark's font size: an empty cell is as tall as its mark, not as the 16pt body."""
    ppr = p._p.get_or_add_pPr()
    rpr = child(ppr, "w:rPr")
    for tag in ("w:sz", "w:szCs"):
        child(rpr, tag).set(qn("w:val"), str(round(size.pt * 2)))


def off_grid(p: Paragraph) -> None:
    """Let a paragraph (table cell, footer) keep its own line height instead of the body's line grid."""
    ppr = p._p.get_or_add_pPr()
    snap = child(ppr, "w:snapToGrid")
    snap.set(qn("w:val"), "0")


CAPTION_SIZE = Pt(14)    # 四号: a figure's caption is one size under the body


def add_figure(doc: DocxDocument, png: bytes, width_mm: float, caption: str, page_break: bool = False) -> Paragraph:
    """An inline picture centred on its own line and its caption ('图1 …') centred under it, kept on one page.

    The picture's line leaves the body's fixed line pitch (which would crop it to one line's height)."""
    from io import BytesIO

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    off_grid(p)
    pf = p.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.first_line_indent = None
    pf.space_before = Pt(6)
    pf.keep_with_next = True
    pf.page_break_before = page_break
    p.add_run().add_picture(BytesIO(png), width=Mm(width_mm))
    cap = doc.add_paragraph()
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact(cap)
    add_runs(cap, caption, BODY_FONT, CAPTION_SIZE)
    return cap
