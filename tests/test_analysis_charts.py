"""The 文字分析 docx with its 附图: pictures at print resolution with captions 图1…, none with --no-charts or in .txt."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from docx import Document
from docx.shared import Mm

from cli import main

ROOT = Path(__file__).resolve().parents[1]


def export(store, out: Path, *extra: str) -> None:
    assert main(["--db", str(store.path), "export-analysis", "--year", "2009", "--month", "4", str(out),
                 "--date", "2009-05-05", *extra]) == 0


def pictures(d) -> list:
    """The embedded images, in the document's order."""
    out = []
    for shape in d.inline_shapes:
        rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        out.append((shape, d.part.related_parts[rid].image))
    return out


def test_docx_holds_the_charts_with_captions(example_store, tmp_path):
    export(example_store, tmp_path / "a.docx", "--attachment")
    d = Document(str(tmp_path / "a.docx"))
    captions = [p.text for p in d.paragraphs if p.text.startswith("图")]
    assert captions == ["图1　2009年1—4月各责任单位年度计划完成率", "图2　截至4月底项目进度分档情况",
                        "图3　2009年1—4月逐月累计完成投资"]
    pics = pictures(d)
    assert len(pics) == 3
    for shape, image in pics:
        assert abs(shape.width - Mm(150)) < Mm(0.5)
        assert image.px_width >= 1150                      # ≥ 195 dpi across 150 mm: sharp in print
    texts = [p.text for p in d.paragraphs]
    # 附图 after the 落款, each caption straight under its picture; the 附件 table still follows
    assert texts.index("附图") > texts.index("2009年5月5日")
    for cap in captions:
        pic_para = d.paragraphs[texts.index(cap) - 1]
        assert pic_para._p.xpath(".//pic:pic")
    assert len(d.tables) == 1


def test_no_charts_and_txt_say_nothing_of_them(example_store, tmp_path):
    export(example_store, tmp_path / "b.docx", "--no-charts")
    d = Document(str(tmp_path / "b.docx"))
    assert len(d.inline_shapes) == 0
    assert not any(p.text == "附图" or p.text.startswith("图1") for p in d.paragraphs)
    export(example_store, tmp_path / "a.txt")
    text = (tmp_path / "a.txt").read_text(encoding="utf-8-sig")
    assert "附图" not in text and "图1" not in text


def test_charts_paint_without_a_display(example_store, tmp_path):
    """A clerk's batch file on a server, or a test box: no display, no QT_QPA_PLATFORM set."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    out = tmp_path / "c.docx"
    example_store.close()            # one program at a time writes a 台账
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(example_store.path), "export-analysis",
                           "--year", "2009", "--month", "4", str(out)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert len(Document(str(out)).inline_shapes) == 3
