"""A return's new projects are stored together (models/merge.py `_NewProjects`) and must end up exactly as the
project-by-project path stores them: the same cards, plans, figures, 问题台账 records and 待核实 marks, the same
undo and redo, and pinyin initials that still find them once the search box asks."""
from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from example_files import EXAMPLE
from importers.reader import read_return
from models.money import to_fen
from models.project import ProjectRecord
from models.store import Store, pinyin_initials

YEAR, MONTH = 2009, 4
TABLES = {
    "annual_plans": "plan, monthly_plan, target",
    "monthly_figures": "month, month_amount, ytd, since_start, progress, problem, next_plan, funds_received",
    "problems": "year, month, text, cause, unit, leader, state, tracks_figure, last_year, last_month",
    "verifications": "year, month, reasons",
}


def example_records() -> list[ProjectRecord]:
    """The April example's 30 projects, three changed so that they look wrong (待核实), one with a problem to track,
    two with only one of 本月/累计."""
    recs = read_return(EXAMPLE).records
    recs[0] = dataclasses.replace(recs[0], ytd=-to_fen("5"))                          # 累计 below zero
    recs[1] = dataclasses.replace(recs[1], card={**recs[1].card, "actual_start": "2009-03-01",
                                                 "actual_finish": "2008-12-31"})      # finished before it began
    recs[2] = dataclasses.replace(recs[2], month_amount=(recs[2].ytd or 0) + to_fen("100"))   # 本月 > 累计
    recs[3] = dataclasses.replace(recs[3], problem="征地拆迁未完成，群众有阻工")         # a problem to track
    recs[4] = dataclasses.replace(recs[4], month_amount=None)    # 本月 unknown: no March to subtract
    recs[5] = dataclasses.replace(recs[5], ytd=None)             # 累计 follows from 本月
    return recs


def contents(store: Store) -> dict[str, list[tuple]]:
    """What the 台账 holds, keyed by project name and unit rather than by ids."""
    out = {"projects": sorted(tuple(r) for r in store.conn.execute(
        "SELECT name, unit, category, nature, total_investment, actual_start, actual_finish, status, match_key "
        "FROM projects"))}
    for table, cols in TABLES.items():
        out[table] = sorted(tuple(r) for r in store.conn.execute(
            f"SELECT p.match_key, {', '.join('t.' + c.strip() for c in cols.split(','))} FROM [{table}] t "
            "JOIN projects p ON p.id = t.project_id"))
    return out


@pytest.fixture
def records() -> list[ProjectRecord]:
    return example_records()


def test_new_projects_are_stored_as_the_project_by_project_path_stores_them(tmp_path, records):
    # all new: the whole return goes through the batched path
    together = Store.open(tmp_path / "together.db")
    summary = together.apply_import(records, YEAR, MONTH)
    assert len(summary.new) == 30 and not summary.updated

    # the same cards already there (no figures): the same return goes project by project through the update path
    one_by_one = Store.open(tmp_path / "one_by_one.db")
    bare = [ProjectRecord(card={"name": r.name, "unit": r.unit}, source_row=r.source_row) for r in records]
    one_by_one.apply_import(bare, YEAR, MONTH)
    again = one_by_one.apply_import(records, YEAR, MONTH)
    assert len(again.updated) == 30 and not again.new

    a, b = contents(together), contents(one_by_one)
    assert a == b
    # and what they hold is what the unit sent: figures as sent, four projects 待核实, one problem tracked
    assert len(a["monthly_figures"]) == 30 and len(a["annual_plans"]) == 30
    assert len(a["verifications"]) == 3
    assert any("征地拆迁未完成" in r[3] for r in a["problems"])
    assert [line.split("「")[1].split("」")[0] for line in summary.to_verify] == \
        [line.split("「")[1].split("」")[0] for line in again.to_verify]


def test_the_import_undoes_to_nothing_and_redoes_to_the_same_rows(tmp_path, records):
    store = Store.open(tmp_path / "t.db")
    store.apply_import(records, YEAR, MONTH)
    stored = contents(store)
    assert store.undo() is not None
    assert all(not rows for rows in contents(store).values())
    assert store.redo() is not None
    assert contents(store) == stored
    # each new row is in the audit log as its own entry, with the values it was stored with
    n = store.conn.execute("SELECT count(*) FROM audit a JOIN operations o ON o.id = a.op_id "
                           "WHERE o.kind = 'change' AND a.table_name = 'projects' AND a.action = 'insert'").fetchone()[0]
    assert n == 30


def test_a_bad_row_after_thousands_of_good_ones_stores_nothing(tmp_path, records):
    store = Store.open(tmp_path / "t.db")
    many = [dataclasses.replace(records[i % 30], card={**records[i % 30].card, "name": f"第{i}号项目"},
                                source_row=i + 5) for i in range(3000)]
    many.append(dataclasses.replace(records[0], card={**records[0].card, "status": "干完了"}, source_row=3005))
    with pytest.raises(Exception) as err:
        store.apply_import(many, YEAR, MONTH)
    assert "第3005行" in str(err.value) and "项目状态" in str(err.value)
    assert store.project_count() == 0
    assert store.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 0


def test_pinyin_initials_of_imported_projects_are_worked_out_once_when_first_wanted(tmp_path, records):
    path = tmp_path / "t.db"
    store = Store.open(path)
    store.apply_import(records, YEAR, MONTH)
    first = store.initials()
    by_name = {p.name: first[p.id] for p in store.projects()}
    r = records[5]
    assert by_name[r.name] == pinyin_initials(r.name, r.unit)
    store.close()
    # kept in the file: the next window does not work them out again
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM projects WHERE initials IS NULL").fetchone()[0] == 0
    con.close()


def test_a_new_project_beside_updated_ones_keeps_the_file_order_of_its_doubts(tmp_path, records):
    store = Store.open(tmp_path / "t.db")
    store.apply_import(records[10:], YEAR, MONTH)        # the last 20 exist; the first 10 (4 doubtful) are new
    summary = store.apply_import(records, YEAR, MONTH)
    assert len(summary.new) == 10 and len(summary.updated) + len(summary.unchanged) == 20
    rows = [int(line[1:line.index("行")]) for line in summary.to_verify]
    assert rows == sorted(rows) and len(rows) >= 3
