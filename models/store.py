"""The 台账 repository: projects, plans, monthly figures and settings in SQLite, written through undoable operations.

The operation engine (transactions, audit, undo/redo) is models/oplog.py, the import merge models/merge.py, where
the file lives and what its errors mean models/dbfile.py; this module keeps `from models.store import Store`."""
from __future__ import annotations

import functools
import json
import re
import sqlite3
from dataclasses import asdict, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .dbfile import data_dir, db_message, default_db_path, on_network_share
from .errors import StoreError, ValidationError
from .money import Fen, fmt_wan
from .oplog import Operation, OperationLog, _os_user
from .project import AnnualPlan, MonthlyFigure, Project, ProjectRecord, Status
from .rules import status_at
from .schema import MIGRATIONS, SCHEMA_VERSION
from .validation import check_amount, check_card, check_month
from .verify import recheck

if TYPE_CHECKING:
    from .lock import DbLock
    from .merge import ImportSummary

__all__ = ["Store", "Operation", "data_dir", "default_db_path", "match_key", "pinyin_initials", "PROJECT_FIELDS", "FIGURE_FIELDS"]

PROJECT_FIELDS = [f.name for f in fields(Project) if f.name != "id"]
FIGURE_FIELDS = ("month_amount", "ytd", "since_start", "progress", "problem", "next_plan", "funds_received")
BOOL_FIELDS = ("is_city_key", "is_district_key", "is_assessed", "archived")
_CARD_COLUMNS = frozenset(PROJECT_FIELDS)


_KEY_CHARS = str.maketrans("（）【】　", "()[] ")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=65536)
def match_key(name: str, unit: str) -> str:
    """Normalised 名称|单位: full-width brackets and spaces do not make a new project."""
    # asked for each row by the reader, the merge and the return's version: worked out once per name and unit
    return f"{_SPACES.sub('', (name or '').translate(_KEY_CHARS))}|{_SPACES.sub('', (unit or '').translate(_KEY_CHARS))}"


def pinyin_initials(*texts: str) -> str:
    """Lower-case pinyin initials ("尹集乡" → "yjx"), several texts separated by spaces."""
    return " ".join("".join(_run_initials(run) for run in _han_runs(t)) for t in texts if t)


@functools.lru_cache(maxsize=1)
def _han_run_pattern() -> re.Pattern[str]:
    # pypinyin converts each run of Chinese characters on its own (its seg splits the text the same way), so
    # runs can be converted once per process: units, places and "号重点建设项目" repeat across a 台账's names,
    # and converting every name whole was a third of a 10,000-row import
    from pypinyin.constants import RE_HANS  # imported late: it loads a large dictionary

    han = RE_HANS.pattern.removeprefix("^(?:").removesuffix(")+$")
    return re.compile(f"{han}+|(?:(?!{han}).)+", re.S)


def _han_runs(text: str) -> list[str]:
    return _han_run_pattern().findall(text)


@functools.lru_cache(maxsize=65536)
def _run_initials(run: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(run, style=Style.FIRST_LETTER, errors="default")).lower()






class Store(OperationLog):
    """A 台账 database file. Open it with Store.open(path); use one Store per thread."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.conn.row_factory = sqlite3.Row
        self.path = path
        self.user = _os_user()
        self.warnings: list[str] = []
        self._in_op: Operation | None = None
        self._lock: DbLock | None = None
        self._defaults: dict[str, dict[str, Any]] = {}

    @functools.cached_property
    def db(self) -> Any:
        """sqlite-utils over the connection, for migrations and table metadata: made (and sqlite_utils imported,
        with its plugin scan) only when one of those needs it — a tenth of a window's or a command's start."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # ---- opening ------------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, *, create: bool = True) -> Store:
        """Open (and create or migrate) the database; raises StoreError with a Chinese message."""
        p = Path(path) if path is not None else default_db_path()
        if p.exists() and p.is_dir():
            raise StoreError(f"「{p}」是一个文件夹，不是台账数据库")
        if not p.exists() and not create:
            raise StoreError(f"找不到数据库「{p}」")
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            if p.exists():
                with open(p, "rb") as fh:
                    head = fh.read(16)
                if head and not head.startswith(b"SQLite format 3\x00"):
                    raise StoreError(f"「{p}」不是台账数据库文件")
            conn = sqlite3.connect(str(p), isolation_level=None, timeout=5.0, check_same_thread=False)
        except OSError as exc:
            raise StoreError(f"无法打开数据库「{p}」：{exc.strerror or exc}") from exc
        store = cls(conn, p)
        try:
            from .lock import acquire
            store._lock = acquire(p)
            store._configure()
            store._migrate()
        except sqlite3.DatabaseError as exc:
            store.close()
            raise StoreError(db_message(exc, p)) from exc
        except StoreError:
            store.close()
            raise
        return store

    @classmethod
    def memory(cls) -> Store:
        """An in-memory store for tests and previews."""
        store = cls(sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False), None)
        store._configure()
        store._migrate()
        return store

    def _configure(self) -> None:
        c = self.conn
        c.execute("PRAGMA foreign_keys = ON")
        c.execute("PRAGMA busy_timeout = 5000")
        if self.path is not None:
            if on_network_share(self.path):
                # WAL needs shared memory that network file systems do not provide
                c.execute("PRAGMA journal_mode = DELETE")
                self.warnings.append("数据库位于网络共享盘上，已改用传统日志模式；建议把数据库放在本机磁盘上。")
            else:
                c.execute("PRAGMA journal_mode = WAL")
            # FULL: a commit the clerk was told about survives a power cut
            c.execute("PRAGMA synchronous = FULL")

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"数据库由较新版本的程序创建（结构版本{version}），请升级本程序后再打开")
        if version == SCHEMA_VERSION:
            return
        if version > 0 and self.path is not None:
            self.warnings.append(f"数据库结构已从版本{version}升级到{SCHEMA_VERSION}")
            self.before_migration(version)
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for step in MIGRATIONS[version:]:
                step(self.db)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def before_migration(self, version: int) -> None:
        """A copy of the database as it was, before its structure is upgraded; no copy, no upgrade."""
        from .backup import backup_before

        try:
            backup_before(self, "升级前")
        except StoreError as exc:
            raise StoreError(f"升级数据库结构前未能备份，数据库未做改动：{exc.message}") from exc

    def close(self) -> None:
        self.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # ---- settings -----------------------------------------------------------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        r = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(r[0]) if r else default

    def set_settings(self, values: dict[str, Any], label: str = "修改设置") -> None:
        with self.operation(label) as op:
            for key, value in values.items():
                text = json.dumps(value, ensure_ascii=False)
                r = self.conn.execute("SELECT id FROM settings WHERE key = ?", (key,)).fetchone()
                if r is None:
                    op.insert("settings", {"key": key, "value": text})
                else:
                    op.update("settings", r[0], {"value": text})

    # ---- projects -------------------------------------------------------------------------------------
    def projects(self, year: int | None = None, include_archived: bool = False) -> list[Project]:
        """Projects on the year's list (those with a plan row for it), or all projects when year is None."""
        sql = f"SELECT {_PROJECT_COLUMNS} FROM projects p"
        args: list[Any] = []
        if year is not None:
            sql += " JOIN annual_plans a ON a.project_id = p.id AND a.year = ?"
            args.append(year)
        if not include_archived:
            sql += " WHERE p.archived = 0"
        sql += " ORDER BY p.id"
        cur = self.conn.execute(sql, args)
        cur.row_factory = None      # plain tuples in Project's field order, NULLs already read: no Row → dict per row
        return [_project_of_tuple(r) for r in cur]

    def project(self, project_id: int) -> Project | None:
        r = self.conn.execute("SELECT * FROM projects WHERE id = ?", (project_id,)).fetchone()
        return _project(r) if r else None

    def initials(self) -> dict[int, str]:
        """Pinyin initials of each project's name and unit, for the search box.

        An import leaves them NULL (converting thousands of names was a third of its time); they are worked out
        here once, the first time they are wanted, and kept. They are a search index, not the clerk's data: not
        audited, and when the file cannot be written now they are simply worked out again next time."""
        out = {r[0]: r[1] for r in self.conn.execute("SELECT id, initials FROM projects")}
        missing = [(pinyin_initials(name, unit or ""), pid) for pid, name, unit in self.conn.execute(
            "SELECT id, name, unit FROM projects WHERE initials IS NULL")]
        if not missing:
            return out
        out.update((pid, text) for text, pid in missing)
        own = self._in_op is None and not self.conn.in_transaction
        try:
            if own:
                self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany("UPDATE projects SET initials = ? WHERE id = ?", missing)
            if own:
                self.conn.execute("COMMIT")
        except sqlite3.Error:
            # busy or read-only: the search works all the same from `out`
            if own and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        return out

    def years(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT year FROM annual_plans ORDER BY year")]

    def units(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT unit FROM projects WHERE unit <> '' ORDER BY unit")]

    def known_units(self) -> list[str]:
        """责任单位 as listed in 设置 (in that order), then any other unit the projects use."""
        seen = list(self.setting("units", []) or [])
        return seen + [u for u in self.units() if u not in seen]

    def project_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM projects").fetchone()[0])

    def categories(self) -> list[str]:
        from .project import DEFAULT_CATEGORIES
        seen = list(self.setting("categories", list(DEFAULT_CATEGORIES)))
        for r in self.conn.execute("SELECT DISTINCT category FROM projects WHERE category <> '' ORDER BY category"):
            if r[0] not in seen:
                seen.append(r[0])
        return seen

    def find_project(self, name: str, unit: str) -> Project | None:
        r = self.conn.execute("SELECT * FROM projects WHERE match_key = ?", (match_key(name, unit),)).fetchone()
        return _project(r) if r else None

    def project_rows(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The stored projects' rows among these match keys (models.store.match_key), a few queries for all."""
        wanted = list(dict.fromkeys(keys))
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(wanted), 500):        # SQLite's limit on ? in one statement is far above 500
            chunk = wanted[i:i + 500]
            for r in dict_rows(self.conn, f"SELECT * FROM projects WHERE match_key IN ({','.join('?' * len(chunk))})",
                               chunk):
                out[r["match_key"]] = r
        return out

    def complete_row(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        """`row` with every other column of `table` at its default, in the table's column order: the row as
        SQLite would store it, so rows added together share their columns."""
        defaults = self._defaults.get(table)
        if defaults is None:
            # PRAGMA table_info rather than sqlite-utils' table metadata: an import into a 台账 that needs no
            # migration then runs without importing sqlite_utils (and its plugin scan) at all
            defaults = self._defaults[table] = {
                name: _sql_default(default) for _, name, _, _, default, _ in
                self.conn.execute(f"PRAGMA table_info([{table}])").fetchall() if name != "id"}
        # the defaults first fix the column order; a key the table does not have stays and fails the INSERT
        return {**defaults, **row}

    def _card_row(self, card: dict[str, Any]) -> dict[str, Any]:
        return {k: (int(bool(v)) if k in BOOL_FIELDS else v.strip() if isinstance(v, str) else v)
                for k, v in card.items() if k in _CARD_COLUMNS}

    def create_project(self, project: Project | dict[str, Any], year: int | None = None,
                       plan: Fen | None = None, label: str | None = None) -> int:
        """Add a project card (and its plan for `year`); raises ValidationError for a bad or duplicate card."""
        card = {k: v for k, v in (asdict(project) if isinstance(project, Project) else project).items() if k != "id"}
        with self.operation(label or f"新建项目「{card.get('name', '')}」") as op:
            pid = self._insert_project(op, card)
            if year is not None:
                self._set_plan(op, pid, year, {"plan": plan or 0})
        return pid

    def _insert_project(self, op: Operation, card: dict[str, Any], row: int | None = None,
                        lenient: bool = False) -> int:
        check_card(card, row=row, lenient=lenient)
        data = self._card_row(card)
        data["match_key"] = match_key(data.get("name", ""), data.get("unit", ""))
        if self.conn.execute("SELECT 1 FROM projects WHERE match_key = ?", (data["match_key"],)).fetchone():
            where = f"第{row}行" if row else ""
            raise ValidationError(
                f"{where}责任单位「{data.get('unit', '')}」下已有项目「{data['name']}」，不能重复添加", "name", row)
        data["initials"] = pinyin_initials(data["name"], data.get("unit", ""))
        return op.insert("projects", data)

    def update_project(self, project_id: int, changes: dict[str, Any], label: str | None = None) -> bool:
        """Change card fields; returns whether anything changed."""
        old = self.project(project_id)
        if old is None:
            raise StoreError("该项目已不存在，可能已被删除")
        with self.operation(label or f"修改项目「{old.name}」") as op:
            return self._update_project(op, old, changes)

    def _update_project(self, op: Operation, old: Project, changes: dict[str, Any], row: int | None = None,
                        lenient: bool = False) -> bool:
        """Write card changes; `lenient` (import) lets through what is only doubtful — the merge marks it 待核实."""
        assert old.id is not None       # a stored project's card
        check_card(changes, name=str(changes.get("name") or old.name), row=row, lenient=lenient)
        data = self._card_row(changes)
        if "name" in data or "unit" in data:
            name, unit = data.get("name", old.name), data.get("unit", old.unit)
            key = match_key(name, unit)
            clash = self.conn.execute("SELECT id FROM projects WHERE match_key = ? AND id <> ?", (key, old.id)).fetchone()
            if clash:
                raise ValidationError(f"责任单位「{unit}」下已有项目「{name}」", "name", row)
            data["match_key"] = key
            data["initials"] = pinyin_initials(name, unit)
        changed = op.update("projects", old.id, data)
        if changed and not lenient:
            recheck(op, self, old.id)
        return changed

    def delete_project(self, project_id: int) -> None:
        """Delete a project with its plans, figures and notices (one undoable step)."""
        p = self.project(project_id)
        if p is None:
            return
        with self.operation(f"删除项目「{p.name}」") as op:
            for (rid,) in self.conn.execute("SELECT s.id FROM problem_steps s JOIN problems q ON q.id = s.problem_id "
                                            "WHERE q.project_id = ?", (project_id,)).fetchall():
                op.delete("problem_steps", rid)
            for table in ("notices", "verifications", "monthly_figures", "annual_plans", "problems", "approvals",
                          "batches", "photos"):
                for (rid,) in self.conn.execute(f"SELECT id FROM [{table}] WHERE project_id = ?", (project_id,)).fetchall():
                    op.delete(table, rid)
            op.delete("projects", project_id)

    def delete_projects(self, project_ids: Iterable[int], label: str | None = None) -> int:
        """Delete several projects as one undoable step, after a backup (批量删除前); returns how many."""
        ids = [pid for pid in dict.fromkeys(project_ids) if self.project(pid) is not None]
        if not ids:
            return 0
        if len(ids) > 1:
            from .backup import backup_before

            backup_before(self, "批量删除前")
        with self.operation(label or f"删除{len(ids)}个项目"):
            for pid in ids:
                self.delete_project(pid)
        return len(ids)

    def carry_over(self, from_year: int, to_year: int, project_ids: Iterable[int] | None = None) -> int:
        """Put last year's unfinished projects on the new year's list as 续建; returns how many were added."""
        ids = list(project_ids) if project_ids is not None else [
            p.id for p in self.projects(from_year) if status_at(p, from_year, 12) != Status.COMPLETED]
        added = 0
        with self.operation(f"{from_year}年项目结转到{to_year}年") as op:
            for pid in ids:
                assert pid is not None      # ids of stored projects
                if self._plan_row(pid, to_year) is None:
                    self._set_plan(op, pid, to_year, {"plan": 0})
                    op.update("projects", pid, {"nature": "续建"})
                    added += 1
        return added

    # ---- plans ----------------------------------------------------------------------------------------
    def _plan_row(self, project_id: int, year: int) -> dict[str, Any] | None:
        r = self.conn.execute("SELECT * FROM annual_plans WHERE project_id = ? AND year = ?", (project_id, year)).fetchone()
        return dict(r) if r else None

    def plan(self, project_id: int, year: int) -> AnnualPlan | None:
        r = self._plan_row(project_id, year)
        if r is None:
            return None
        mp = json.loads(r["monthly_plan"]) if r["monthly_plan"] else None
        return AnnualPlan(project_id, year, r["plan"] or 0, mp, r["target"] or "", r["id"])

    def plans(self, year: int) -> dict[int, AnnualPlan]:
        out = {}
        for r in self.conn.execute("SELECT * FROM annual_plans WHERE year = ?", (year,)):
            mp = json.loads(r["monthly_plan"]) if r["monthly_plan"] else None
            out[r["project_id"]] = AnnualPlan(r["project_id"], year, r["plan"] or 0, mp, r["target"] or "", r["id"])
        return out

    def set_plan(self, project_id: int, year: int, plan: Fen | None = None,
                 monthly_plan: list[Fen] | None = None, target: str | None = None) -> bool:
        p = self.project(project_id)
        if p is None:
            raise StoreError("该项目已不存在")
        values: dict[str, Any] = {}
        if plan is not None:
            values["plan"] = plan
        if monthly_plan is not None:
            values["monthly_plan"] = monthly_plan
        if target is not None:
            values["target"] = target
        with self.operation(f"修改「{p.name}」{year}年计划") as op:
            return self._set_plan(op, project_id, year, values, name=p.name)

    def _set_plan(self, op: Operation, project_id: int, year: int, values: dict[str, Any],
                  name: str = "", row: int | None = None, lenient: bool = False) -> bool:
        values = plan_values(values, name, row, lenient)
        existing = self._plan_row(project_id, year)
        if existing is None:
            op.insert("annual_plans", {"project_id": project_id, "year": year, "plan": 0, "target": "", **values})
            return True
        return op.update("annual_plans", existing["id"], values)

    def remove_from_year(self, project_id: int, year: int) -> None:
        """Take a project off a year's list (its figures for that year go too)."""
        p = self.project(project_id)
        with self.operation(f"从{year}年清单移出「{p.name if p else project_id}」") as op:
            for table in ("verifications", "monthly_figures"):
                for (rid,) in self.conn.execute(
                        f"SELECT id FROM [{table}] WHERE project_id = ? AND year = ?", (project_id, year)).fetchall():
                    op.delete(table, rid)
            r = self._plan_row(project_id, year)
            if r:
                op.delete("annual_plans", r["id"])

    # ---- monthly figures --------------------------------------------------------------------------------
    def figures(self, year: int, month: int | None = None) -> list[MonthlyFigure]:
        sql, args = "SELECT * FROM monthly_figures WHERE year = ?", [year]
        if month is not None:
            sql += " AND month = ?"
            args.append(month)
        return [_figure(r) for r in self.conn.execute(sql + " ORDER BY project_id, month", args)]

    def latest_figures(self, year: int, month: int) -> list[MonthlyFigure]:
        """Per project, the figure of `month` and the latest one before it: all a month's report needs."""
        this = self.conn.execute("SELECT * FROM monthly_figures WHERE year = ? AND month = ?", (year, month))
        # the latest row before the month, and the latest with a figure when that one holds only texts
        before = self.conn.execute(
            "SELECT f.* FROM monthly_figures f JOIN (SELECT project_id, MAX(month) AS m FROM monthly_figures "
            "WHERE year = ? AND month < ? GROUP BY project_id UNION SELECT project_id, MAX(month) FROM monthly_figures "
            "WHERE year = ? AND month < ? AND (ytd IS NOT NULL OR month_amount IS NOT NULL) GROUP BY project_id) x "
            "ON f.project_id = x.project_id AND f.year = ? AND f.month = x.m", (year, month, year, month, year))
        return [_figure(r) for r in [*before, *this]]

    def latest_period(self) -> tuple[int, int] | None:
        """The latest (year, month) with figures stored, None when there are none: where the window opens."""
        r = self.conn.execute("SELECT year, month FROM monthly_figures ORDER BY year DESC, month DESC LIMIT 1").fetchone()
        return (r[0], r[1]) if r else None

    def figure(self, project_id: int, year: int, month: int) -> MonthlyFigure | None:
        r = self.conn.execute("SELECT * FROM monthly_figures WHERE project_id=? AND year=? AND month=?",
                              (project_id, year, month)).fetchone()
        return _figure(r) if r else None

    def set_figure(self, project_id: int, year: int, month: int, values: dict[str, Any],
                   label: str | None = None) -> bool:
        """Store one project's figures for a month. Give 本月完成 or 1—M月累计: the other follows from last month."""
        p = self.project(project_id)
        if p is None:
            raise StoreError("该项目已不存在")
        with self.operation(label or f"录入「{p.name}」{month}月进展") as op:
            return self._set_figure(op, p, year, month, values)

    def _prev_ytd(self, project_id: int, year: int, month: int) -> tuple[int, int]:
        """(month, 累计) of the latest figure before `month` in the year; (0, 0) when none."""
        r = self.conn.execute(
            "SELECT month, ytd FROM monthly_figures WHERE project_id=? AND year=? AND month<? AND ytd IS NOT NULL "
            "ORDER BY month DESC LIMIT 1",
            (project_id, year, month)).fetchone()
        return (r[0], r[1] or 0) if r else (0, 0)

    def _set_figure(self, op: Operation, p: Project, year: int, month: int, values: dict[str, Any],
                    row: int | None = None, lenient: bool = False) -> bool:
        """Write a month's figures. Typed values are refused when 累计 falls or goes negative; an import (`lenient`)
        stores them as sent and the merge marks the month 待核实."""
        assert p.id is not None         # a stored project
        check_month(year, month)
        who = f"{'第%d行' % row if row else ''}项目「{p.name}」"
        prev_month, prev_ytd = self._prev_ytd(p.id, year, month)
        values = figure_values(values, month, prev_month, prev_ytd, p.name, row, lenient)
        existing = self.figure(p.id, year, month)
        ytd = values.get("ytd", existing.ytd if existing and existing.given else None)
        if ytd is not None and not lenient:
            if ytd < 0:
                raise ValidationError(f"{who}：{month}月1—{month}月累计完成投资不能为负数", "ytd", row)
            if ytd < prev_ytd:
                raise ValidationError(
                    f"{who}：1—{month}月累计完成投资{fmt_wan(ytd, True)}万元低于1—{prev_month}月累计"
                    f"{fmt_wan(prev_ytd, True)}万元，累计数不能减少，请核对", "ytd", row)
            nxt = self.conn.execute(
                "SELECT month, ytd FROM monthly_figures WHERE project_id=? AND year=? AND month>? ORDER BY month LIMIT 1",
                (p.id, year, month)).fetchone()
            if nxt and nxt[1] is not None and nxt[1] < ytd:
                raise ValidationError(
                    f"{who}：1—{month}月累计完成投资{fmt_wan(ytd, True)}万元高于已录入的1—{nxt[0]}月累计"
                    f"{fmt_wan(nxt[1], True)}万元，请核对", "ytd", row)
        if existing is None:
            # amounts not given stay NULL (not 0): a row with only 形象进度 leaves the month 未报
            op.insert("monthly_figures", {"project_id": p.id, "year": year, "month": month,
                                          "month_amount": None, "ytd": None, **values})
            changed = True
        else:
            assert existing.id is not None      # read from the store
            changed = op.update("monthly_figures", existing.id, values)
        if changed and not lenient:
            recheck(op, self, p.id)
        if changed and "problem" in values:
            # 问题台账: the 存在问题 typed or imported opens or updates the project's record (models/records.py)
            from .records import follow_problem
            follow_problem(op, self, p, year, month, values["problem"])
        return changed

    def mark_reported_zero(self, project_ids: Iterable[int], year: int, month: int) -> int:
        """未报 → 已报 with nothing done this month (本月0, 累计 as last month)."""
        n = 0
        with self.operation(f"{month}月标为无进展") as op:
            for pid in project_ids:
                p = self.project(pid)
                f = self.figure(pid, year, month)
                if p is not None and (f is None or not f.given):
                    n += self._set_figure(op, p, year, month, {"month_amount": 0})
        return n


    # ---- import -----------------------------------------------------------------------------------------
    def apply_import(self, records: list[ProjectRecord], year: int, month: int, label: str = "导入",
                     progress: Callable[[int, int], None] | None = None,
                     cancel: Callable[[], bool] | None = None, columns: dict[str, str] | None = None) -> ImportSummary:
        """Store a return's records in one operation (models/merge.py): all or nothing; doubtful rows 待核实."""
        from .merge import apply_import

        return apply_import(self, records, year, month, label, progress=progress, cancel=cancel, columns=columns)


def dict_rows(conn: sqlite3.Connection, sql: str, args: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
    """The rows of a query as plain dicts, made from tuples: dict(sqlite3.Row) for each of 10,000 rows cost a
    tenth of a month's import."""
    cur = conn.execute(sql, tuple(args))
    cur.row_factory = None
    names = [d[0] for d in cur.description]
    for r in cur:
        yield dict(zip(names, r))


def plan_values(values: dict[str, Any], name: str, row: int | None = None, lenient: bool = False) -> dict[str, Any]:
    """A year's plan values checked (an import lets a negative plan through: it is marked 待核实), 分月计划 as JSON."""
    who = f"{'第%d行' % row if row else ''}项目「{name}」"
    if "plan" in values:
        check_amount(values["plan"], "plan", who, row, allow_negative=lenient)
    mp = values.get("monthly_plan")
    if mp is not None:
        if len(mp) != 12:
            raise ValidationError(f"{who}：分月计划应有12个月的数", "monthly_plan", row)
        for v in mp:
            check_amount(v, "monthly_plan", who, row)
        values = {**values, "monthly_plan": json.dumps(mp)}
    return values


def figure_values(values: dict[str, Any], month: int, prev_month: int, prev_ytd: Fen, name: str,
                  row: int | None = None, lenient: bool = False) -> dict[str, Any]:
    """A month's figures checked, with the other of 本月/累计 from the latest 累计 before the month
    (`prev_month`, `prev_ytd`; 0, 0 when none): the columns to write."""
    who = f"{'第%d行' % row if row else ''}项目「{name}」"
    values = {k: v for k, v in values.items() if k in FIGURE_FIELDS}
    for f in ("ytd", "since_start", "funds_received"):
        check_amount(values.get(f), f, who, row, allow_negative=lenient)
    check_amount(values.get("month_amount"), "month_amount", who, row, allow_negative=True)
    keep_none = {"since_start", "funds_received"}
    # the other of the pair follows from last month, as the clerk expects — but 本月 only when last month's
    # 累计 is known (January, or month − 1 stored): otherwise it is unknown, not the whole 累计
    if "ytd" in values and values["ytd"] is not None and values.get("month_amount") is None:
        last = 0 if month == 1 else (prev_ytd if prev_month == month - 1 else None)
        values["month_amount"] = values["ytd"] - last if last is not None else None
        keep_none.add("month_amount")
    elif values.get("month_amount") is not None and values.get("ytd") is None:
        values["ytd"] = prev_ytd + values["month_amount"]
    return {k: v for k, v in values.items() if v is not None or k in keep_none}


_TEXT_FIELDS = [k for k in PROJECT_FIELDS if k not in BOOL_FIELDS and k != "total_investment"]


def _sql_default(text: str | None) -> Any:
    """A column's DEFAULT as PRAGMA table_info gives it ('未开工', 0, NULL) → the Python value."""
    if text is None or text.upper() == "NULL":
        return None
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    try:
        return int(text)
    except ValueError:
        return float(text)


def _column(name: str) -> str:
    """A projects column as Project holds it: NULL read as '' (0 for 总投资), flags as 0/1."""
    if name in BOOL_FIELDS:
        return f"COALESCE(p.{name}, 0) != 0"
    if name == "total_investment":
        return "COALESCE(p.total_investment, 0)"
    return "p.id" if name == "id" else f"COALESCE(p.{name}, '')"


_PROJECT_COLUMNS = ", ".join(_column(f.name) for f in fields(Project))
_BOOL_AT = [i for i, f in enumerate(fields(Project)) if f.name in BOOL_FIELDS]


def _project_of_tuple(r: tuple) -> Project:
    values = list(r)
    for i in _BOOL_AT:
        values[i] = bool(values[i])
    return Project(*values)


def _project(r: sqlite3.Row | dict[str, Any]) -> Project:
    # read for every row of a list and every record of an import: kept to plain loops over fixed field lists
    d = r if isinstance(r, dict) else dict(r)
    kw: dict[str, Any] = {k: ("" if d[k] is None else d[k]) for k in _TEXT_FIELDS if k in d}
    if "total_investment" in d:
        kw["total_investment"] = d["total_investment"] or 0
    for k in BOOL_FIELDS:
        kw[k] = bool(d.get(k))
    return Project(id=d["id"], **kw)


def _figure(r: sqlite3.Row | dict[str, Any]) -> MonthlyFigure:
    # 本月完成 may be unknown (None): a 1—M月 return with no 本月 column and no stored last month
    return MonthlyFigure(r["project_id"], r["year"], r["month"], r["month_amount"], r["ytd"] or 0,
                         r["since_start"], r["progress"] or "", r["problem"] or "", r["next_plan"] or "",
                         r["funds_received"], r["id"],
                         given=r["month_amount"] is not None or r["ytd"] is not None)
