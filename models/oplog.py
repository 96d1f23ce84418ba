"""The undoable operation and its audit log: one transaction per user-visible change, replayed backwards to undo."""
from __future__ import annotations

import datetime as dt
import getpass
import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from .dbfile import db_message
from .errors import StoreError

# one encoder for every audit entry: json.dumps with an argument builds a new encoder on each call
_JSON = json.JSONEncoder(ensure_ascii=False).encode


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some service accounts
        return "未知用户"


class Operation:
    """One user-visible change in progress; each write goes through it so it is audited and undoable."""

    def __init__(self, store: OperationLog, label: str) -> None:
        self.store = store
        self.label = label
        self.id: int | None = None
        self.kind = "change"
        self.target_op: int | None = None
        self.changes = 0

    def _ensure_op(self) -> int:
        if self.id is None:
            cur = self.store.conn.execute(
                "INSERT INTO operations (ts, os_user, label, kind, target_op, state) VALUES (?,?,?,?,?,?)",
                (_now(), self.store.user, self.label, self.kind, self.target_op, "done"))
            assert cur.lastrowid is not None      # every INSERT sets it
            self.id = cur.lastrowid
        return self.id

    def _audit(self, table: str, row_id: int, action: str, old: dict | None, new: dict | None) -> None:
        op = self._ensure_op()
        self.changes += 1
        self.store.conn.execute(
            "INSERT INTO audit (op_id, ts, os_user, table_name, row_id, action, old, new) VALUES (?,?,?,?,?,?,?,?)",
            (op, _now(), self.store.user, table, row_id, action,
             _JSON(old) if old is not None else None, _JSON(new) if new is not None else None))

    def insert(self, table: str, row: dict[str, Any]) -> int:
        cols = list(row)
        cur = self.store.conn.execute(
            f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' * len(cols))})",
            [row[c] for c in cols])
        assert cur.lastrowid is not None
        row_id = int(cur.lastrowid)
        self._audit(table, row_id, "insert", None, {**row, "id": row_id})
        return row_id

    def insert_many(self, table: str, rows: list[dict[str, Any]]) -> list[int]:
        """Insert rows that share their columns, with their audit entries, in two statements; returns their ids.

        An import adds thousands of rows: one INSERT and one audit INSERT each cost more than checking them.
        The ids are the ones SQLite would give one by one (max + 1 …: the tables have no AUTOINCREMENT), taken
        inside the operation's BEGIN IMMEDIATE, so no other writer can take them meanwhile."""
        if not rows:
            return []
        cols = list(rows[0])
        if any(list(r) != cols for r in rows):
            raise ValueError("insert_many: rows must share their columns")   # a programming error, not the user's
        first = int(self.store.conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM [{table}]").fetchone()[0])
        ids = list(range(first, first + len(rows)))
        names = ", ".join(f"[{c}]" for c in cols)
        self.store.conn.executemany(
            f"INSERT INTO [{table}] (id, {names}) VALUES (?, {', '.join('?' * len(cols))})",
            ([i, *r.values()] for i, r in zip(ids, rows)))
        self.changes += len(rows)
        # the audit entries hold each row as stored, made by SQLite's json_object from the rows just written:
        # encoding 10,000 rows in Python cost more than storing them
        pairs = ", ".join(f"'{c}', [{c}]" for c in [*cols, "id"])
        self.store.conn.execute(
            "INSERT INTO audit (op_id, ts, os_user, table_name, row_id, action, old, new) "
            f"SELECT ?, ?, ?, ?, id, 'insert', NULL, json_object({pairs}) FROM [{table}] "
            "WHERE id BETWEEN ? AND ? ORDER BY id",
            (self._ensure_op(), _now(), self.store.user, table, ids[0], ids[-1]))
        return ids

    def update_many(self, table: str, changes: list[tuple[int, dict[str, Any], dict[str, Any]]]) -> None:
        """Write (id, the row as read, {column: new value}) changes, each as `update` would, in a few statements.

        The caller read the rows inside this operation and changes each at most once; columns that would not
        change are left out as `update` leaves them out."""
        groups: dict[tuple[str, ...], list[tuple[int, dict[str, Any], dict[str, Any]]]] = {}
        for row_id, old, new in changes:
            diff = {k: v for k, v in new.items() if old.get(k) != v}
            if diff:
                groups.setdefault(tuple(diff), []).append((row_id, old, diff))
        if not groups:
            return
        op, ts, user = self._ensure_op(), _now(), self.store.user
        for cols, items in groups.items():
            self.store.conn.executemany(
                f"UPDATE [{table}] SET {', '.join(f'[{c}] = ?' for c in cols)} WHERE id = ?",
                ([*diff.values(), row_id] for row_id, _, diff in items))
            self.changes += len(items)
            self.store.conn.executemany(
                "INSERT INTO audit (op_id, ts, os_user, table_name, row_id, action, old, new) VALUES (?,?,?,?,?,?,?,?)",
                ((op, ts, user, table, row_id, "update", _JSON({k: old[k] for k in diff}), _JSON(diff))
                 for row_id, old, diff in items))

    def update(self, table: str, row_id: int, changes: dict[str, Any]) -> bool:
        """Write only the columns that really change; returns whether anything changed."""
        old = self.store.row(table, row_id)
        if old is None:
            raise StoreError(f"记录已不存在（{table} #{row_id}），可能已被删除")
        diff = {k: v for k, v in changes.items() if old.get(k) != v}
        if not diff:
            return False
        self.store.conn.execute(
            f"UPDATE [{table}] SET {', '.join(f'[{c}] = ?' for c in diff)} WHERE id = ?", [*diff.values(), row_id])
        self._audit(table, row_id, "update", {k: old[k] for k in diff}, diff)
        return True

    def delete(self, table: str, row_id: int) -> None:
        old = self.store.row(table, row_id)
        if old is None:
            return
        self.store.conn.execute(f"DELETE FROM [{table}] WHERE id = ?", (row_id,))
        self._audit(table, row_id, "delete", old, None)


class OperationLog:
    """The operation engine a Store is built on: `operation()`, undo/redo and the history of the audit log."""

    conn: sqlite3.Connection
    path: Path | None
    user: str
    _in_op: Operation | None

    @contextmanager
    def operation(self, label: str) -> Iterator[Operation]:
        """One transaction and one undoable operation: all of it is stored, or none of it."""
        if self._in_op is not None:  # nested calls join the outer operation
            yield self._in_op
            return
        op = Operation(self, label)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(db_message(exc, self.path)) from exc
        self._in_op = op
        try:
            yield op
            if op.id is not None and op.kind == "change":
                # a new change makes the undone operations unreachable for redo
                self.conn.execute("UPDATE operations SET state = 'dropped' WHERE kind = 'change' AND state = 'undone'")
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise StoreError(db_message(exc, self.path)) from exc
            raise
        finally:
            self._in_op = None

    def row(self, table: str, row_id: int) -> dict[str, Any] | None:
        r = self.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", (row_id,)).fetchone()
        return dict(r) if r is not None else None

    # ---- undo / redo -------------------------------------------------------------------------------
    def undo_label(self) -> str | None:
        """The label of the change Ctrl+Z would undo, or None."""
        r = self.conn.execute(
            "SELECT label FROM operations WHERE kind='change' AND state='done' ORDER BY id DESC LIMIT 1").fetchone()
        return r[0] if r else None

    def redo_label(self) -> str | None:
        r = self.conn.execute(
            "SELECT label FROM operations WHERE kind='change' AND state='undone' ORDER BY id LIMIT 1").fetchone()
        return r[0] if r else None

    def undo(self) -> str | None:
        """Undo the latest change; returns its label, or None when there is nothing to undo."""
        r = self.conn.execute(
            "SELECT id, label FROM operations WHERE kind='change' AND state='done' ORDER BY id DESC LIMIT 1").fetchone()
        if r is None:
            return None
        self._replay(r[0], r[1], backwards=True)
        return r[1]

    def redo(self) -> str | None:
        r = self.conn.execute(
            "SELECT id, label FROM operations WHERE kind='change' AND state='undone' ORDER BY id LIMIT 1").fetchone()
        if r is None:
            return None
        self._replay(r[0], r[1], backwards=False)
        return r[1]

    def _replay(self, op_id: int, label: str, backwards: bool) -> None:
        entries = self.conn.execute(
            "SELECT table_name, row_id, action, old, new FROM audit WHERE op_id = ? ORDER BY id", (op_id,)).fetchall()
        if backwards:
            entries = entries[::-1]
        with self.operation(("撤销：" if backwards else "重做：") + label) as op:
            op.kind, op.target_op = ("undo" if backwards else "redo"), op_id
            for table, row_id, action, old_s, new_s in entries:
                old = json.loads(old_s) if old_s else None
                new = json.loads(new_s) if new_s else None
                if backwards:
                    action, old, new = {"insert": "delete", "delete": "insert", "update": "update"}[action], new, old
                if action == "insert":
                    assert new is not None      # an insert's audit entry always holds the row
                    op.insert(table, new)
                elif action == "delete":
                    op.delete(table, row_id)
                else:
                    assert new is not None      # so does an update's, both before and after
                    op.update(table, row_id, new)
            self.conn.execute("UPDATE operations SET state = ? WHERE id = ?",
                              ("undone" if backwards else "done", op_id))

    def history(self, limit: int = 500) -> list[dict[str, Any]]:
        """The audit log, newest first: when, who, what operation, which record, old and new values."""
        rows = self.conn.execute(
            "SELECT a.id, a.ts, a.os_user, o.label, a.table_name, a.row_id, a.action, a.old, a.new "
            "FROM audit a JOIN operations o ON o.id = a.op_id ORDER BY a.id DESC LIMIT ?", (limit,)).fetchall()
        return [dict(r) for r in rows]

