"""督办单 records: numbers 〔Y〕第N号 that never repeat within a year, one notice per project and month, responses."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from .errors import StoreError, ValidationError

if TYPE_CHECKING:
    from .store import Store

ISSUED = "已下发"
ANSWERED = "已反馈"       # the unit has answered; the office has not closed it yet
CLOSED = "已办结"
STATUSES = (ISSUED, ANSWERED, CLOSED)


@dataclass
class Notice:
    """One 督办单 as issued (and later answered)."""

    id: int
    year: int                 # the year of the number 〔year〕
    seq: int                  # 第seq号
    project_id: int
    report_year: int          # the month's report that raised it
    report_month: int
    issued_on: str            # YYYY-MM-DD
    deadline: str             # 办结时限 YYYY-MM-DD
    matter: str               # 督办事项
    requirement: str          # 办理要求
    response: str = ""        # 办理情况 as the unit reported it
    responded_on: str = ""
    status: str = ISSUED

    @property
    def number(self) -> str:
        return number_text(self.year, self.seq)

    def is_overdue(self, today: dt.date) -> bool:
        """Past its 办结时限 with no answer."""
        return self.status == ISSUED and bool(self.deadline) and self.deadline < today.isoformat()


@dataclass
class NoticeDraft:
    """What a new notice says; the number, dates and status are given when it is issued."""

    project_id: int
    matter: str
    requirement: str


def number_text(year: int, seq: int) -> str:
    """'〔2009〕第3号' (hexagonal brackets 〔〕 as GB/T 9704 writes 发文字号)."""
    return f"〔{year}〕第{seq}号"


def _notice(row: Any) -> Notice:
    d = dict(row)
    return Notice(d["id"], d["year"], d["seq"], d["project_id"], d["report_year"], d["report_month"],
                  d["issued_on"] or "", d["deadline"] or "", d["matter"] or "", d["requirement"] or "",
                  d["response"] or "", d["responded_on"] or "", d["status"] or ISSUED)


def notices(store: Store, year: int | None = None, report_month: int | None = None,
            project_id: int | None = None) -> list[Notice]:
    """Notices by number; `year` is the number's year, `report_month` the month whose report raised them."""
    sql, args = "SELECT * FROM notices WHERE 1=1", []
    for col, val in (("year", year), ("report_month", report_month), ("project_id", project_id)):
        if val is not None:
            sql += f" AND {col} = ?"
            args.append(val)
    return [_notice(r) for r in store.conn.execute(sql + " ORDER BY year, seq", args)]


def notice(store: Store, notice_id: int) -> Notice | None:
    r = store.conn.execute("SELECT * FROM notices WHERE id = ?", (notice_id,)).fetchone()
    return _notice(r) if r else None


def find_notice(store: Store, year: int, seq: int) -> Notice | None:
    """The notice 〔year〕第seq号, or None."""
    r = store.conn.execute("SELECT * FROM notices WHERE year = ? AND seq = ?", (year, seq)).fetchone()
    return _notice(r) if r else None


def issued_for(store: Store, project_id: int, report_year: int, report_month: int) -> Notice | None:
    """The notice already issued for this project from this month's report, if any."""
    r = store.conn.execute(
        "SELECT * FROM notices WHERE project_id = ? AND report_year = ? AND report_month = ? ORDER BY seq LIMIT 1",
        (project_id, report_year, report_month)).fetchone()
    return _notice(r) if r else None


def next_seq(store: Store, year: int) -> int:
    """The next free number of the year. Numbers of notices since deleted or undone count as used (the audit
    log remembers them): a number printed on paper once must never name another notice."""
    live = store.conn.execute("SELECT MAX(seq) FROM notices WHERE year = ?", (year,)).fetchone()[0] or 0
    ever = store.conn.execute(
        "SELECT MAX(CAST(json_extract(new, '$.seq') AS INTEGER)) FROM audit WHERE table_name = 'notices' "
        "AND action = 'insert' AND json_extract(new, '$.year') = ?", (year,)).fetchone()[0] or 0
    return max(live, ever) + 1


def issue_notices(store: Store, drafts: Iterable[NoticeDraft], report_year: int, report_month: int,
                  issued_on: dt.date, days: int, label: str | None = None) -> list[Notice]:
    """Record the month's notices in one undoable step and return them in the drafts' order.

    A project that already has a notice from this month's report keeps it (same number, same dates); its
    wording is refreshed while it is still unanswered, in case the figures were corrected since.
    """
    drafts = list(drafts)
    if days < 0:
        raise ValidationError("办结时限天数不能为负数", "notice_days")
    deadline = (issued_on + dt.timedelta(days=days)).isoformat()
    ids: list[int] = []
    with store.operation(label or f"下发{report_year}年{report_month}月督办单") as op:
        for d in drafts:
            old = issued_for(store, d.project_id, report_year, report_month)
            if old is not None:
                if old.status == ISSUED:
                    op.update("notices", old.id, {"matter": d.matter, "requirement": d.requirement})
                ids.append(old.id)
                continue
            ids.append(op.insert("notices", {
                "year": report_year, "seq": next_seq(store, report_year), "project_id": d.project_id,
                "report_year": report_year, "report_month": report_month, "issued_on": issued_on.isoformat(),
                "deadline": deadline, "matter": d.matter, "requirement": d.requirement, "response": "",
                "responded_on": "", "status": ISSUED}))
    return [n for n in (notice(store, i) for i in ids) if n is not None]


def record_response(store: Store, notice_id: int, response: str, responded_on: dt.date | None = None,
                    closed: bool = False) -> Notice:
    """Record what the unit answered (办理情况); `closed` marks the notice 已办结 as well."""
    n = notice(store, notice_id)
    if n is None:
        raise StoreError("该督办单已不存在，可能已被删除")
    text = (response or "").strip()
    if not text:
        raise ValidationError(f"督办单{n.number}：请填写办理情况", "response")
    when = (responded_on or dt.date.today()).isoformat()
    with store.operation(f"登记督办单{n.number}办理情况") as op:
        op.update("notices", n.id, {"response": text, "responded_on": when,
                                    "status": CLOSED if closed else ANSWERED})
    return notice(store, notice_id)  # type: ignore[return-value]


def set_status(store: Store, notice_id: int, status: str) -> Notice:
    """Close a notice (已办结) or reopen it (已下发/已反馈)."""
    if status not in STATUSES:
        raise ValidationError(f"督办单状态只能是{'、'.join(STATUSES)}", "status")
    n = notice(store, notice_id)
    if n is None:
        raise StoreError("该督办单已不存在，可能已被删除")
    with store.operation(f"督办单{n.number}标记为{status}") as op:
        op.update("notices", n.id, {"status": status})
    return notice(store, notice_id)  # type: ignore[return-value]


def overdue(store: Store, today: dt.date, year: int | None = None) -> list[Notice]:
    """Notices past their 办结时限 and still unanswered: what the clerk chases."""
    return [n for n in notices(store, year) if n.is_overdue(today)]
