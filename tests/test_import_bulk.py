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


def may_records(april: list[ProjectRecord]) -> list[ProjectRecord]:
    """May's return for the April projects: more done, a problem reworded, one 累计 that falls, one only 本月."""
    out = []
    for i, r in enumerate(april):
        ytd = (r.ytd or 0) + to_fen(str(10 + i))
        out.append(dataclasses.replace(r, ytd=ytd, month_amount=None, progress=f"{r.progress or ''}，5月推进"))
    out[6] = dataclasses.replace(out[6], problem="资金缺口较大，需协调专项债")      # 问题台账 follows the text
    out[7] = dataclasses.replace(out[7], ytd=(april[7].ytd or 0) - to_fen("1"))    # falls: 待核实
    out[8] = dataclasses.replace(out[8], ytd=None, month_amount=to_fen("3"))        # 累计 follows from 本月
    out[9] = dataclasses.replace(out[9], card={**out[9].card, "status": "已竣工", "actual_finish": "2009-05-20"})
    return out


def test_a_months_return_over_known_projects_stores_what_typing_it_stores(tmp_path):
    april = read_return(EXAMPLE).records
    may = may_records(april)
    imported = Store.open(tmp_path / "imported.db")
    imported.apply_import(april, YEAR, MONTH)
    summary = imported.apply_import(may, YEAR, 5)
    assert len(summary.updated) == 30 and not summary.new

    typed = Store.open(tmp_path / "typed.db")
    typed.apply_import(april, YEAR, MONTH)
    for rec in may:
        if rec is may[7]:
            continue            # typed, a falling 累计 is refused; imported, it is kept and marked
        p = typed.find_project(rec.name, rec.unit)
        assert p is not None and p.id is not None
        card = {k: v for k, v in rec.card.items() if k not in ("name", "unit") and v is not None}
        typed.update_project(p.id, card)
        if rec.plan is not None:
            typed.set_plan(p.id, YEAR, rec.plan)
        typed.set_figure(p.id, YEAR, 5, {k: getattr(rec, k) for k in ("ytd", "month_amount", "since_start",
                                                                        "progress", "problem", "next_plan")
                                          if getattr(rec, k) is not None})
    skip = may[7].name
    a = {t: [r for r in rows if skip not in r[0]] for t, rows in contents(imported).items() if t != "verifications"}
    b = {t: [r for r in rows if skip not in r[0]] for t, rows in contents(typed).items() if t != "verifications"}
    assert a == b
    may_row = [r for r in a["monthly_figures"] if may[8].name in r[0] and r[1] == 5]
    assert may_row and may_row[0][3] == (april[8].ytd or 0) + to_fen("3")       # April's 累计 + May's 本月
    assert any("资金缺口较大" in r[3] for r in a["problems"])


def test_every_mark_an_import_leaves_is_what_the_stored_figures_say(tmp_path):
    from models.verify import marks, stored_doubts

    april = read_return(EXAMPLE).records
    store = Store.open(tmp_path / "t.db")
    # new projects (three doubtful), then known projects (one 累计 falls); an import marks the month it brings
    for records, month in ((example_records(), MONTH), (may_records(april), 5)):
        store.apply_import(records, YEAR, month)
        stored = {m.project_id: m.reasons for m in marks(store, YEAR, month)}
        for p in store.projects(YEAR):
            assert p.id is not None
            expected = [d.reason for d in stored_doubts(store, p.id, YEAR, month)]
            assert stored.get(p.id, []) == expected, (p.name, month)
    falling = store.find_project(april[7].name, april[7].unit)
    assert falling is not None
    may_marks = {m.project_id: m.reasons for m in marks(store, YEAR, 5)}
    assert any("低于已存的1—4月累计" in reason for reason in may_marks[falling.id])


def test_each_added_row_is_in_the_audit_log_as_it_was_stored(tmp_path, records):
    import json

    store = Store.open(tmp_path / "t.db")
    store.apply_import(records, YEAR, MONTH)
    for table in ("projects", "annual_plans", "monthly_figures", "problems"):
        stored = {r["id"]: dict(r) for r in store.conn.execute(f"SELECT * FROM [{table}]")}
        logged = {r[0]: json.loads(r[1]) for r in store.conn.execute(
            "SELECT row_id, new FROM audit WHERE table_name = ? AND action = 'insert'", (table,))}
        assert stored and logged == stored, table


def test_the_collector_is_paused_only_for_the_work_and_nested_uses_resume_it_once():
    import gc

    from models.gcpause import paused

    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()           # the inner block's end does not resume it
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with paused():
            raise ValueError("a refused return")
    assert gc.isenabled()                   # resumed after an error too


def test_an_import_command_stores_with_the_collector_paused_and_leaves_it_running(tmp_path, monkeypatch):
    import gc

    import importers.batch as batch
    from cli import main

    during = []
    real = batch.import_return

    def spy(*args, **kwargs):
        during.append(gc.isenabled())
        return real(*args, **kwargs)
    monkeypatch.setattr(batch, "import_return", spy)
    assert main(["--db", str(tmp_path / "t.db"), "import", str(EXAMPLE)]) == 0
    assert during == [False] and gc.isenabled()
