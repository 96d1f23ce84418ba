"""The clerk's edited 文字分析 for a month, kept in the store so that exports print what the clerk wrote."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .validation import check_month

if TYPE_CHECKING:
    from .store import Store


@dataclass
class Draft:
    """An edited 文字分析: its plain text (title on the first line) and when it was last saved."""

    year: int
    month: int
    text: str
    updated_at: str


def load_draft(store: Store, year: int, month: int) -> Draft | None:
    """The month's edited text, or None when the clerk has not saved one."""
    r = store.conn.execute("SELECT year, month, text, updated_at FROM analysis_texts WHERE year = ? AND month = ?",
                           (year, month)).fetchone()
    if r is None or not (r["text"] or "").strip():
        return None
    return Draft(r["year"], r["month"], r["text"], r["updated_at"] or "")


def save_draft(store: Store, year: int, month: int, text: str) -> None:
    """Keep the edited text for the month (one undoable step); an empty text removes the draft."""
    check_month(year, month)
    text = (text or "").lstrip("\ufeff").replace("\r\n", "\n")
    r = store.conn.execute("SELECT id FROM analysis_texts WHERE year = ? AND month = ?", (year, month)).fetchone()
    now = dt.datetime.now().isoformat(timespec="seconds")
    with store.operation(f"保存{year}年{month}月文字分析") as op:
        if not text.strip():
            if r is not None:
                op.delete("analysis_texts", r[0])
        elif r is None:
            op.insert("analysis_texts", {"year": year, "month": month, "text": text, "updated_at": now})
        else:
            op.update("analysis_texts", r[0], {"text": text, "updated_at": now})


def delete_draft(store: Store, year: int, month: int) -> bool:
    """Forget the edited text (the next export generates a fresh draft); returns whether there was one."""
    r = store.conn.execute("SELECT id FROM analysis_texts WHERE year = ? AND month = ?", (year, month)).fetchone()
    if r is None:
        return False
    with store.operation(f"删除{year}年{month}月文字分析修改稿") as op:
        op.delete("analysis_texts", r[0])
    return True
