"""报送与审核: each unit's return for a month — whose it is, its versions, what it left out, 待审 → 已审核 / 退回.

A unit's return touches only that unit's projects: the projects it left out are listed (未报 for the month), a
name the 台账 does not know for the unit becomes a new project marked 待核实 with the closest names it does know
(a renamed project must not silently become a second one), and a corrected return replaces the unit's figures of
the month and says what changed against the version before. Every step is one undoable operation.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, cast

from .errors import StoreError, ValidationError
from .merge import ImportSummary, apply_import
from .money import fmt_wan
from .project import Project, ProjectRecord
from .store import match_key
from .verify import MARK, TABLE as VERIFY_TABLE, set_mark, stored_doubts

if TYPE_CHECKING:
    from .oplog import Operation
    from .store import Store

PENDING, ACCEPTED, SENT_BACK, MISSING = "待审", "已审核", "退回", "未报"
STATES = (PENDING, ACCEPTED, SENT_BACK)
NO_OFFICE = "（未经报送）"            # 报送单位 of a project no return has brought
SNAPSHOT_FIELDS = {"plan": "年度计划投资", "ytd": "1—M月累计", "month_amount": "本月完成", "status": "项目状态",
                   "progress": "形象进度", "problem": "存在问题"}
MONEY = {"plan", "ytd", "month_amount"}


@dataclass
class ReturnOutcome:
    """What storing one unit's return did: the import summary plus what only a unit's return can say."""

    unit: str
    version: int
    summary: ImportSummary
    missing: list[str] = field(default_factory=list)                 # the unit's projects the return left out
    unknown: list[tuple[str, list[str]]] = field(default_factory=list)   # new name → closest names the unit had
    changes: list[str] = field(default_factory=list)                 # against the version before, one line each
    cleared: list[str] = field(default_factory=list)                 # figures the corrected return no longer gives
    supplement: bool = False                                         # 补报: other projects, added to the version before
    same: bool = False                                               # the version before again: nothing recorded

    def as_text(self) -> str:
        if self.version == 0:
            return f"本台账自己的表（填报单位「{self.unit}」），不记为哪个单位的报送：{self.summary.as_text()}"
        out = [f"「{self.unit}」第{self.version}版：{self.summary.as_text()}"]
        if self.missing:
            out.append(f"本单位有{len(self.missing)}个项目这次没有报（记为未报）：{'、'.join(self.missing)}")
        for name, near in self.unknown:
            out.append(f"新项目「{name}」已标为{MARK}" + (f"，是否为「{'」「'.join(near)}」改名？" if near else ""))
        if self.same:
            out[0] = f"「{self.unit}」与第{self.version}版相同，没有记为新的一版：{self.summary.as_text()}"
        elif self.supplement:
            out.append("这份是补报（没有上一版的项目），与上一版合并记录")
        elif self.version > 1:
            out.append("与上一版相比：" + ("没有变化" if not self.changes and not self.cleared else ""))
            out.extend(f"  {line}" for line in self.changes)
            out.extend(f"  {line}" for line in self.cleared)
        return "\n".join(out)


@dataclass
class ReturnRow:
    """One unit's line in 报送与审核 for a month."""

    unit: str
    state: str                       # 未报 / 待审 / 已审核 / 退回
    file: str = ""
    imported_at: str = ""
    projects: int = 0
    to_verify: int = 0
    missing: list[str] = field(default_factory=list)
    opinion: str = ""
    versions: int = 0
    return_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "state": self.state, "file": self.file or None,
                "imported_at": self.imported_at or None, "projects": self.projects, "to_verify": self.to_verify}


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


# ---- reading -----------------------------------------------------------------------------------------------------
def _return_row(store: Store, year: int, month: int, unit: str) -> dict[str, Any] | None:
    r = store.conn.execute("SELECT * FROM returns WHERE year=? AND month=? AND unit=?", (year, month, unit)).fetchone()
    return dict(r) if r else None


def versions(store: Store, year: int, month: int, unit: str) -> list[dict[str, Any]]:
    """The unit's return for the month, each import of it oldest first, with its report and snapshot decoded."""
    ret = _return_row(store, year, month, unit)
    if ret is None:
        return []
    rows = store.conn.execute("SELECT * FROM return_versions WHERE return_id=? ORDER BY version", (ret["id"],))
    out = []
    for r in rows:
        d = dict(r)
        d["report"] = json.loads(d["report"] or "{}")
        d["snapshot"] = json.loads(d["snapshot"] or "{}")
        out.append(d)
    return out


def offices(store: Store, year: int, month: int) -> dict[int, str]:
    """Project id → 报送单位: the unit whose latest return of the year, up to the month, carried it."""
    out: dict[int, str] = {}
    # the snapshot's keys read by SQLite (json_each), not the whole snapshot parsed in Python; later rows win
    for unit, pid in store.conn.execute(
            "SELECT r.unit, j.key FROM return_versions v JOIN returns r ON r.id = v.return_id, "
            "json_each(COALESCE(v.snapshot, '{}')) j WHERE r.year=? AND r.month<=? ORDER BY r.month, v.version",
            (year, month)):
        out[int(pid)] = unit
    return out


def unit_projects(store: Store, year: int, unit: str) -> dict[int, str]:
    """The unit's projects on the year's list — its 责任单位, or brought by its returns this year: id → name."""
    listed = {pid: (name, u) for pid, name, u in store.conn.execute(
        "SELECT p.id, p.name, p.unit FROM projects p JOIN annual_plans a ON a.project_id = p.id AND a.year = ? "
        "WHERE p.archived = 0 ORDER BY p.id", (year,))}
    out = {pid: name for pid, (name, u) in listed.items() if u == unit}
    # the snapshots' keys read by SQLite (json_each): a district's snapshot is a megabyte each month
    for (pid,) in store.conn.execute(
            "SELECT j.key FROM return_versions v JOIN returns r ON r.id = v.return_id, "
            "json_each(COALESCE(v.snapshot, '{}')) j WHERE r.year=? AND r.unit=?", (year, unit)):
        if int(pid) in listed:
            out[int(pid)] = listed[int(pid)][0]
    return out


def known_units(store: Store) -> list[str]:
    """Units the 台账 knows, for naming a return's owner: 设置's list, the projects' 责任单位, past returns' units."""
    units = store.known_units()
    for (u,) in store.conn.execute("SELECT DISTINCT unit FROM returns ORDER BY unit"):
        if u not in units:
            units.append(u)
    return units


def returns_of(store: Store, year: int, month: int) -> list[ReturnRow]:
    """Units × state for the month: every unit expected to report (see expected_units), and any that did."""
    rows: dict[str, ReturnRow] = {}
    for r in store.conn.execute("SELECT * FROM returns WHERE year=? AND month=? ORDER BY id", (year, month)):
        vs = versions(store, year, month, r["unit"])
        last: dict[str, Any] = vs[-1] if vs else {"report": {}, "file": "", "imported_at": ""}
        pids = [int(p) for p in (last.get("snapshot") or {})]
        marked = store.conn.execute(
            f"SELECT count(*) FROM {VERIFY_TABLE} WHERE year=? AND month=? AND project_id IN "
            f"({','.join('?' * len(pids)) or 'NULL'})", (year, month, *pids)).fetchone()[0]
        rows[r["unit"]] = ReturnRow(r["unit"], r["state"], last["file"], last["imported_at"], len(pids), marked,
                                    list(last["report"].get("missing", [])), r["opinion"], len(vs), r["id"])
    for unit in expected_units(store, year, month):
        rows.setdefault(unit, ReturnRow(unit, MISSING))
    order = {PENDING: 0, SENT_BACK: 1, MISSING: 2, ACCEPTED: 3}
    return sorted(rows.values(), key=lambda r: (order[r.state], list(rows).index(r.unit)))


def expected_units(store: Store, year: int, month: int) -> list[str]:
    """Units that should send a return: 设置's list, units that sent one earlier in the year, and the 责任单位 of
    projects that reach the 台账 some other way than another unit's return (a township's projects that come in
    its district's 月报 do not make the township a unit of this office)."""
    carried = offices(store, year, month)
    units = list(store.setting("units", []) or [])
    for (u,) in store.conn.execute("SELECT DISTINCT unit FROM returns WHERE year=? AND month<=? ORDER BY id",
                                   (year, month)):
        if u not in units:
            units.append(u)
    by_unit: dict[str, list[int]] = {}
    for p in store.projects(year):
        if p.unit and p.id is not None:
            by_unit.setdefault(p.unit, []).append(p.id)
    for u in by_unit:
        if u not in units:
            units.append(u)
    sent = {u for (u,) in store.conn.execute("SELECT unit FROM returns WHERE year=? AND month=?", (year, month))}
    # a unit whose projects all reach the 台账 through other units' returns is not waited for
    return [u for u in units if u in sent or not by_unit.get(u)
            or not all(carried.get(pid) not in (None, u) for pid in by_unit[u])]


def not_sent(store: Store, year: int, month: int) -> list[str]:
    """The units that have sent nothing for the month yet."""
    return [r.unit for r in returns_of(store, year, month) if r.state == MISSING]


# ---- storing a return --------------------------------------------------------------------------------------------
def closest(name: str, names: Iterable[str], n: int = 3) -> list[str]:
    """The existing names a new one most resembles (a renamed project), best first."""
    names = list(dict.fromkeys(names))
    near = difflib.get_close_matches(name, names, n=n, cutoff=0.5)
    # a name that contains the other (…一期 → …) is as likely a rename as a close spelling
    near += [m for m in names if m not in near and (m in name or name in m) and min(len(m), len(name)) >= 2]
    return near[:n]


def _snapshot(store: Store, pids: Iterable[int], year: int, month: int) -> dict[str, dict[str, Any]]:
    """What a version of a return held, per project: read in one query (a district's return has thousands)."""
    wanted = list(pids)
    rows = {r[0]: r for r in store.conn.execute(
        "SELECT p.id, p.name, p.unit, p.status, a.id, a.plan, f.id, f.ytd, f.month_amount, f.progress, f.problem "
        "FROM projects p LEFT JOIN annual_plans a ON a.project_id = p.id AND a.year = ? "
        "LEFT JOIN monthly_figures f ON f.project_id = p.id AND f.year = ? AND f.month = ?", (year, year, month))}
    out: dict[str, dict[str, Any]] = {}
    for pid in wanted:
        r = rows.get(pid)
        if r is None:
            continue
        _, name, unit, status, plan_id, plan, fid, ytd, amount, progress, problem = r
        has_figure = fid is not None
        given = amount is not None or ytd is not None       # MonthlyFigure.given
        out[str(pid)] = {"name": name, "unit": unit or "", "plan": (plan or 0) if plan_id is not None else None,
                         "ytd": (ytd or 0) if has_figure and given else None,
                         "month_amount": amount if has_figure else None, "status": status or "",
                         "progress": (progress or "") if has_figure else "",
                         "problem": (problem or "") if has_figure else ""}
    return out


def _show(key: str, v: Any) -> str:
    if v is None or v == "":
        return "（空）"
    return f"{fmt_wan(v, True)}万元" if key in MONEY else str(v)


def changes(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]], month: int) -> list[str]:
    """What a corrected return changed against the version before, one line per project and field."""
    out = []
    for pid, new in after.items():
        old = before.get(pid)
        if old is None:
            out.append(f"「{new['name']}」新报")
            continue
        for key, label in SNAPSHOT_FIELDS.items():
            if old.get(key) != new.get(key):
                out.append(f"「{new['name']}」{label.replace('M', str(month))}：{_show(key, old.get(key))} → "
                           f"{_show(key, new.get(key))}")
    for pid, old in before.items():
        if pid not in after:
            out.append(f"「{old['name']}」这一版没有报")
    return out


def import_return(store: Store, records: list[ProjectRecord], year: int, month: int, *, owner: str, file: str,
                  label: str | None = None, columns: dict[str, str] | None = None, mapping: str = "",
                  progress: Callable[[int, int], None] | None = None,
                  cancel: Callable[[], bool] | None = None) -> list[ReturnOutcome]:
    """Store a unit's return as one undoable operation and record it as the unit's next version for the month.

    `owner` is whose return it is (reader's 报送单位); '' for a file of several units that names none: each
    责任单位 in it is then that unit's return. Raises ValidationError / Cancelled like apply_import: all or nothing."""
    groups: dict[str, list[ProjectRecord]] = {}
    for rec in records:
        groups.setdefault(owner or rec.unit, []).append(rec)
    own = _is_own(store, owner)
    outcomes: list[ReturnOutcome] = []
    with store.operation(label or f"导入「{file}」（{year}年1—{month}月）") as op:
        summary = apply_import(store, records, year, month, label=op.label, progress=progress, cancel=cancel,
                               columns=columns)
        if own:
            # the office's own list or 月报 (its 填报单位 is this 台账's): imported, but nobody's return
            return [ReturnOutcome(owner, 0, summary)]
        for unit, recs in groups.items():
            outcomes.append(_record_version(op, store, unit, recs, summary, year, month, file, mapping))
            if progress is not None:
                progress(len(records), len(records))
    return outcomes


def _is_own(store: Store, owner: str) -> bool:
    """Whether a file's 报送单位 is this 台账's own office (设置's 填报单位)."""
    from .units import unit_core

    office = str(store.setting("office", "") or "").strip()
    return bool(owner and office) and (owner == office or unit_core(owner) == unit_core(office))


def _record_version(op: Operation, store: Store, unit: str, recs: list[ProjectRecord], summary: ImportSummary,
                    year: int, month: int, file: str, mapping: str) -> ReturnOutcome:
    had = unit_projects(store, year, unit)            # after the import: includes this return's projects
    pids: list[int] = []
    new_ids: list[tuple[int, str]] = []
    for rec in recs:
        key = match_key(rec.name, rec.unit)
        pid = summary.ids.get(key)        # every record's project, as the merge found or added it
        if pid is None:
            continue
        pids.append(pid)
        if key in summary.created:
            new_ids.append((pid, rec.name))
    # sets, not lists: a unit's return can hold thousands of projects, and `in` on a list made this quadratic
    in_return = set(pids)
    new_set = {i for i, _ in new_ids}
    updated, unchanged = set(summary.updated), set(summary.unchanged)
    quoted = {f"「{r.name}」" for r in recs}
    known_before = {pid: name for pid, name in had.items() if pid not in new_set}
    missing_ids = [pid for pid in known_before if pid not in in_return]
    outcome = ReturnOutcome(unit, 1, ImportSummary(
        new=[n for _, n in new_ids], updated=[r.name for r in recs if r.name in updated],
        unchanged=[r.name for r in recs if r.name in unchanged],
        to_verify=[line for line in summary.to_verify if _quoted_name(line) in quoted],
        op_id=summary.op_id))
    outcome.missing = [known_before[pid] for pid in missing_ids]
    if known_before:            # a unit's first return brings its list; later, a name it never had is looked at
        spare = [known_before[pid] for pid in missing_ids] or list(known_before.values())
        for pid, name in new_ids:
            near = closest(name, spare)
            outcome.unknown.append((name, near))
            reason = (f"{unit}的台账中没有这个项目，已作为新项目加入" +
                      (f"；是否为「{'」「'.join(near)}」改名？请核实" if near else "，请核实"))
            found = stored_doubts(store, pid, year, month)
            set_mark(op, store, pid, year, month, found, source=op.label)
            _add_reason(op, store, pid, year, month, reason, op.label)
            outcome.summary.to_verify.append(f"「{name}」：{reason}")
    previous = versions(store, year, month, unit)
    before = previous[-1]["snapshot"] if previous else {}
    # a file with none of the projects of the version before is a supplement (补报), added to it; one that shares
    # any is the corrected return, and replaces the unit's month: what the version before gave and it does not goes
    supplement = bool(before) and not any(int(spid) in in_return for spid in before)
    if previous:
        outcome.version = previous[-1]["version"] + 1
    if previous and not supplement:
        for spid in before:
            pid = int(spid)
            if pid in in_return:
                continue
            f = store.figure(pid, year, month)
            if f is not None and f.id is not None:
                op.delete("monthly_figures", f.id)
                outcome.cleared.append(f"「{before[spid]['name']}」{month}月数字已撤下（这一版没有报）")
            mark = store.conn.execute(f"SELECT id FROM {VERIFY_TABLE} WHERE project_id=? AND year=? AND month=?",
                                      (pid, year, month)).fetchone()
            if mark:
                op.delete(VERIFY_TABLE, mark[0])
    snap = _snapshot(store, pids, year, month)
    if previous and snap == before:
        # the same return again: nothing to record, its state and 审核意见 stay
        outcome.version, outcome.missing = previous[-1]["version"], list(previous[-1]["report"].get("missing", []))
        outcome.unknown, outcome.same = [], True
        return outcome
    ret = _return_row(store, year, month, unit)
    if ret is None:
        rid = op.insert("returns", {"year": year, "month": month, "unit": unit, "state": PENDING, "opinion": "",
                                    "reviewed_at": "", "reviewer": ""})
    else:
        rid = ret["id"]
        op.update("returns", rid, {"state": PENDING, "reviewed_at": "", "reviewer": ""})
    if supplement:
        outcome.supplement = True
        snap = {**before, **snap}
        outcome.missing = [n for n in outcome.missing if n not in {v["name"] for v in before.values()}]
    elif previous:
        outcome.changes = changes(before, snap, month)
    report = {"projects": len(pids), "new": outcome.summary.new, "updated": outcome.summary.updated,
              "unchanged": outcome.summary.unchanged, "to_verify": outcome.summary.to_verify,
              "missing": outcome.missing, "unknown": [[n, near] for n, near in outcome.unknown],
              "changes": outcome.changes, "cleared": outcome.cleared, "mapping": mapping,
              "rows": {r.name: r.source_row for r in recs}}
    # insert_many: its audit entry is made by SQLite, and a district's snapshot is a megabyte of JSON
    op.insert_many("return_versions", [{"return_id": rid, "version": outcome.version, "file": file,
                                        "imported_at": _now(), "op_id": op._ensure_op(), "state": PENDING,
                                        "opinion": "", "report": json.dumps(report, ensure_ascii=False),
                                        "snapshot": json.dumps(snap, ensure_ascii=False)}])
    return outcome


def _quoted_name(line: str) -> str:
    """「name」 as a 待核实 line quotes its project (第N行「name」… or 「name」：…), "" when it quotes none."""
    start = line.find("「")
    end = line.find("」", start + 1)
    return line[start:end + 1] if start >= 0 and end > start else ""


def _add_reason(op: Operation, store: Store, pid: int, year: int, month: int, reason: str, source: str) -> None:
    r = store.conn.execute(f"SELECT id, reasons FROM {VERIFY_TABLE} WHERE project_id=? AND year=? AND month=?",
                           (pid, year, month)).fetchone()
    if r is None:
        op.insert(VERIFY_TABLE, {"project_id": pid, "year": year, "month": month,
                                 "reasons": json.dumps([reason], ensure_ascii=False), "source": source})
    else:
        reasons = json.loads(r[1] or "[]")
        if reason not in reasons:
            op.update(VERIFY_TABLE, r[0], {"reasons": json.dumps([*reasons, reason], ensure_ascii=False)})


# ---- 审核 ---------------------------------------------------------------------------------------------------------
def review(store: Store, year: int, month: int, unit: str, accept: bool, opinion: str = "",
           reviewer: str | None = None) -> str:
    """审核 a unit's return: 已审核, or 退回 with an 审核意见 (required). One undoable, audited step; returns the state."""
    ret = _return_row(store, year, month, unit)
    if ret is None:
        raise StoreError(f"「{unit}」还没有报送{year}年{month}月的报表，无法审核")
    opinion = (opinion or "").strip()
    if not accept and not opinion:
        raise ValidationError(f"退回「{unit}」的报表时请写明审核意见（哪些行、什么问题）", "opinion")
    state = ACCEPTED if accept else SENT_BACK
    who = reviewer or store.setting("reviewer", "") or store.user
    vs = versions(store, year, month, unit)
    values = {"state": state, "opinion": opinion, "reviewed_at": _now(), "reviewer": who}
    with store.operation(f"{'审核通过' if accept else '退回'}「{unit}」{year}年{month}月报表") as op:
        op.update("returns", ret["id"], values)
        if vs:
            op.update("return_versions", vs[-1]["id"], {"state": state, "opinion": opinion})
    return state


def send_back_lines(store: Store, year: int, month: int, unit: str) -> list[str]:
    """The rows and reasons a 退回说明 lists: 待核实 rows of the latest version, projects left out, unknown names."""
    vs = versions(store, year, month, unit)
    if not vs:
        return []
    last = vs[-1]
    rep = last["report"]
    rows = rep.get("rows", {})
    out: list[str] = []
    pids = [int(p) for p in last["snapshot"]]
    from .verify import marks
    by_pid = {m.project_id: m for m in marks(store, year, month)}
    for pid in pids:
        m = by_pid.get(pid)
        if m is None:
            continue
        name = last["snapshot"][str(pid)]["name"]
        where = f"第{rows[name]}行" if rows.get(name) else ""
        out.extend(f"{where}「{name}」：{reason}" for reason in m.reasons)
    if rep.get("missing"):
        out.append(f"以下{len(rep['missing'])}个项目本月没有报送：{'、'.join(rep['missing'])}")
    return out


@dataclass
class SendBack:
    """A 退回说明: to whom, about which return, the 审核意见 and the rows with their reasons."""

    unit: str
    year: int
    month: int
    file: str
    imported_at: str
    opinion: str
    lines: list[str]
    office: str
    date: dt.date

    @property
    def title(self) -> str:
        return f"关于退回{self.unit}{self.year}年{self.month}月重点项目报表的说明"

    def paragraphs(self) -> list[str]:
        when = self.imported_at.replace("T", " ")[:16]
        out = [f"{self.unit}：",
               f"你单位报送的{self.year}年1—{self.month}月重点项目进展报表（「{self.file}」，{when}收到）经审核，"
               f"有以下问题，现退回，请核实修改后重新报送。"]
        if self.opinion:
            out.append(f"审核意见：{self.opinion.rstrip('。；;.')}。")
        # a list in a document: items end with "；", the last with "。"
        out += [f"{i}. {line.rstrip('。；;')}{'。' if i == len(self.lines) else '；'}" for i, line in enumerate(self.lines, 1)]
        return out

    def as_text(self) -> str:
        return "\n".join([self.title, "", *self.paragraphs(), "", self.office, f"{self.date:%Y年%m月%d日}"]) + "\n"


def send_back_note(store: Store, year: int, month: int, unit: str, today: dt.date | None = None) -> SendBack:
    """The 退回说明 of a unit's return as it stands (its opinion, rows and reasons), ready to write out."""
    ret = _return_row(store, year, month, unit)
    vs = versions(store, year, month, unit)
    if ret is None or not vs:
        raise StoreError(f"「{unit}」还没有报送{year}年{month}月的报表")
    return SendBack(unit, year, month, vs[-1]["file"], vs[-1]["imported_at"], ret["opinion"],
                    send_back_lines(store, year, month, unit), store.setting("office", "") or "", today or dt.date.today())


def merge_renamed(store: Store, new_id: int, old_id: int) -> str:
    """A new name was a renamed project: the old card takes the new name and the new one's figures; one step."""
    new, old = store.project(new_id), store.project(old_id)
    if new is None or old is None:
        raise StoreError("该项目已不存在")
    with store.operation(f"「{new.name}」是「{old.name}」改名：合并") as op:
        for (nid,) in store.conn.execute("SELECT id FROM notices WHERE project_id=?", (new_id,)).fetchall():
            op.update("notices", nid, {"project_id": old_id})
        for table in ("monthly_figures", VERIFY_TABLE, "annual_plans"):
            for r in store.conn.execute(f"SELECT * FROM [{table}] WHERE project_id=?", (new_id,)).fetchall():
                r = dict(r)
                same = store.conn.execute(
                    f"SELECT id FROM [{table}] WHERE project_id=? AND year=?" + (" AND month=?" if "month" in r else ""),
                    (old_id, r["year"], *([r["month"]] if "month" in r else []))).fetchone()
                if same is not None:
                    op.delete(table, same[0])
                op.update(table, r["id"], {"project_id": old_id})
        for r in store.conn.execute("SELECT id, snapshot FROM return_versions").fetchall():
            snap = json.loads(r[1] or "{}")
            if str(new_id) in snap:
                snap[str(old_id)] = snap.pop(str(new_id))
                op.update("return_versions", r[0], {"snapshot": json.dumps(snap, ensure_ascii=False)})
        op.delete("projects", new_id)
        store._update_project(op, cast(Project, store.project(old_id)), {"name": new.name})   # checked above
    return new.name
