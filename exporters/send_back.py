"""The 退回说明: a short note that sends a unit's return back, listing the rows and reasons — .docx in the house
style of official documents (exporters/docx_style.py) and .txt for pasting into the units' chat group."""
from __future__ import annotations

from pathlib import Path

from models.returns import SendBack

from . import docx_style as st
from .atomic import atomic_path


def build_send_back_docx(note: SendBack):
    """The note as a python-docx Document: title, addressee, body, numbered rows, 落款."""
    d = st.new_document(note.title, note.office)
    st.add_title(d, note.title)
    paras = note.paragraphs()
    addressee = d.add_paragraph()          # 主送: flush left, no indent (GB/T 9704 7.3.2)
    st.add_runs(addressee, paras[0], st.BODY_FONT)
    for text in paras[1:]:
        st.add_body(d, text)
    st.add_signature(d, note.office, f"{note.date.year}年{note.date.month}月{note.date.day}日")
    return d


def write_send_back_docx(note: SendBack, path: str | Path) -> Path:
    path = Path(path)
    d = build_send_back_docx(note)
    with atomic_path(path) as tmp:
        d.save(str(tmp))
    return path


def write_send_back_txt(note: SendBack, path: str | Path) -> Path:
    """UTF-8 with a BOM and CRLF, as the 文字分析's .txt: Notepad and WPS read it as Chinese."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_bytes(b"\xef\xbb\xbf" + note.as_text().replace("\n", "\r\n").encode("utf-8"))
    return path
