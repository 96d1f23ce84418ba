"""待核实: a unit's return is imported as sent; rows that look wrong are marked with their reasons until the clerk
confirms or corrects them. Driven through `python main.py import / summary --json / check` and the store."""
from __future__ import annotations

import sqlite3

import fixtures_returns as fx
import openpyxl
import pytest
from cli_run import cli, summary_json

from models import verify
from models.errors import ValidationError
from models.money import to_fen
from models.project import Project, ProjectRecord
from models.store import Store


def test_one_bad_date_among_120_rows_imports_all_and_marks_that_one(tmp_path, capsys):
    shape = fx.district_120_with_one_bad_date(tmp_path)
    db = tmp_path / "台账.db"
    assert cli(db, "import", str(shape.path)) == 0
    out = capsys.readouterr().out
    # the warning names the row, the column as the clerk sees it, and why
    assert "第38行「第35号项目」I列「竣工时间」：实际竣工日期2023-11-30早于实际开工日期2024-03-10" in out
    assert "导入完成：新增120个项目" in out and "1个项目的数字看起来不对" in out
    s = summary_json(db, capsys, 2024, 4)
    assert s["projects"] == 120 and s["ytd"] == "12000.00"
    assert s["to_verify"] == [{"name": "第35号项目", "unit": shape.facts["bad_unit"],
                               "reasons": ["实际竣工日期2023-11-30早于实际开工日期2024-03-10"]}]
    # check lists it and still says the database is sound (exit 0)
    assert cli(db, "check") == 0
    out = capsys.readouterr().out
    assert "数据库完好" in out and "待核实（1处" in out and "「第35号项目」（区住建局）2024年4月" in out


def test_confirming_clears_the_mark_and_ctrl_z_brings_it_back(tmp_path, capsys):
    shape = fx.district_120_with_one_bad_date(tmp_path)
    db = tmp_path / "台账.db"
    assert cli(db, "import", str(shape.path)) == 0
    s = Store.open(db)
    try:
        pid = s.find_project("第35号项目", "区住建局").id
        assert verify.confirm(s, pid, 2024, 4)
        assert verify.marks(s, 2024, 4) == []
        assert s.history(1)[0]["label"] == "确认无误「第35号项目」2024年4月"
        assert s.undo() == "确认无误「第35号项目」2024年4月"
        assert [m.reasons for m in verify.marks(s, 2024, 4)] == [["实际竣工日期2023-11-30早于实际开工日期2024-03-10"]]
    finally:
        s.close()
    assert summary_json(db, capsys, 2024, 4)["to_verify"][0]["name"] == "第35号项目"


def test_correcting_the_date_clears_the_mark_as_one_undoable_change(tmp_path):
    shape = fx.district_120_with_one_bad_date(tmp_path)
    db = tmp_path / "台账.db"
    assert cli(db, "import", str(shape.path)) == 0
    s = Store.open(db)
    try:
        pid = s.find_project("第35号项目", "区住建局").id
        s.update_project(pid, {"actual_finish": "2024-12-30"}, label="改正竣工日期")
        # 竣工 now after 开工, but after April: still doubtful for April, with the new reason only
        assert verify.marks(s, 2024, 4)[0].reasons == ["实际竣工日期2024-12-30晚于报告期2024年4月"]
        s.update_project(pid, {"actual_finish": ""}, label="删去竣工日期")
        assert verify.marks(s, 2024, 4) == []
        s.undo()
        s.undo()
        assert verify.marks(s, 2024, 4)[0].reasons == ["实际竣工日期2023-11-30早于实际开工日期2024-03-10"]
    finally:
        s.close()


def test_each_kind_of_doubt_is_imported_and_named(tmp_path, capsys):
    shape = fx.doubtful_rows(tmp_path)
    db = tmp_path / "台账.db"
    assert cli(db, "import", str(shape.path)) == 0
    out = capsys.readouterr().out
    s = summary_json(db, capsys, 2024, 4)
    assert s["projects"] == shape.projects
    reasons = {v["name"]: " ".join(v["reasons"]) for v in s["to_verify"]}
    assert set(reasons) == set(shape.facts["doubts"])          # 正常项目 is not marked
    for name, words in shape.facts["doubts"].items():
        assert words in reasons[name], name
        assert f"「{name}」" in out
    # stored as sent: the negative 本月 and the 累计 over 总投资 are there, not refused nor changed
    st = Store.open(db)
    try:
        neg = st.find_project("负数金额", "城关镇")
        assert st.figure(neg.id, 2024, 4).month_amount == to_fen("-20")
        assert st.figure(st.find_project("超总投资", "城关镇").id, 2024, 4).ytd == to_fen("400")
    finally:
        st.close()


def test_a_falling_ytd_and_a_month_that_does_not_add_up_are_marked_against_last_month(tmp_path, capsys):
    db = tmp_path / "台账.db"
    march = fx.ytd_only(tmp_path, "三月.xlsx", 3, {"甲项目": "500", "乙项目": "500"})
    assert cli(db, "import", str(march)) == 0
    april = fx._sheet(tmp_path / "四月.xlsx", [
        ["2024年重点项目进展情况（1—4月）"], ["单位：万元"],
        ["项目名称", "责任单位", "年度计划投资", "1-4月累计完成投资", "其中：4月完成"],
        ["甲项目", "城关镇", 2000, 450, 0],          # 累计 falls from 500 to 450
        ["乙项目", "城关镇", 2000, 700, 150]])       # 700 − 500 = 200, not 150
    assert cli(db, "import", str(april)) == 0
    out = capsys.readouterr().out
    assert "第4行「甲项目」D列「1-4月累计完成投资」：1—4月累计450.00万元低于已存的1—3月累计500.00万元" in out
    assert "第5行「乙项目」E列「其中：4月完成」：本月完成150.00万元不等于1—4月累计700.00万元减上月累计500.00万元" \
           "（200.00万元）" in out
    s = summary_json(db, capsys, 2024, 4)
    assert sorted(v["name"] for v in s["to_verify"]) == ["乙项目", "甲项目"]
    # a falling 累计 that is marked is listed by check, not reported as damage
    assert cli(db, "check") == 0
    assert "1—4月累计450.00万元低于已存的1—3月累计500.00万元" in capsys.readouterr().out
    # the unit sends a corrected April: the marks go
    fixed = fx._sheet(tmp_path / "四月改.xlsx", [
        ["2024年重点项目进展情况（1—4月）"], ["单位：万元"],
        ["项目名称", "责任单位", "年度计划投资", "1-4月累计完成投资", "其中：4月完成"],
        ["甲项目", "城关镇", 2000, 550, 50], ["乙项目", "城关镇", 2000, 700, 200]])
    assert cli(db, "import", str(fixed)) == 0
    assert summary_json(db, capsys, 2024, 4)["to_verify"] == []


def test_typing_in_the_grid_corrects_a_marked_month(tmp_path, capsys):
    from models.entry import CellChange, apply_cells

    db = tmp_path / "台账.db"
    assert cli(db, "import", str(fx.doubtful_rows(tmp_path).path)) == 0
    s = Store.open(db)
    try:
        pid = s.find_project("本月超累计", "城关镇").id
        apply_cells(s, 2024, 4, [CellChange(pid, "month_amount", "100")], "录入")
        assert pid not in {m.project_id for m in verify.marks(s, 2024, 4)}
        assert s.undo() == "录入"
        assert pid in {m.project_id for m in verify.marks(s, 2024, 4)}
        # a text typed in a marked row does not refuse the row nor clear the mark
        apply_cells(s, 2024, 4, [CellChange(pid, "progress", "主体施工")], "形象进度")
        assert pid in {m.project_id for m in verify.marks(s, 2024, 4)}
    finally:
        s.close()


def test_unreadable_cells_still_refuse_the_sheet_and_every_one_is_listed(tmp_path, capsys):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "责任单位", "年度计划投资", "1-4月累计完成投资", "开工时间"])
    for i in range(1, 31):
        ws.append([f"项目{i}", "城关镇", "约5亿" if i % 2 else 100, 10, "去年春天" if i % 3 == 0 else "2023-01-01"])
    ws.append(["项目31", "城关镇", 100, 10, "2023-01-01"])
    wb.save(tmp_path / "坏.xlsx")
    db = tmp_path / "台账.db"
    assert cli(db, "import", "--year", "2024", "--month", "4", str(tmp_path / "坏.xlsx")) == 1
    err = capsys.readouterr().err
    assert "以下25个单元格无法识别，未导入任何数据" in err          # 15 amounts and 10 dates, not just the first 20
    assert "第31行「项目30」E列“开工时间”为「去年春天」，不是日期" in err
    assert "第30行「项目29」C列“年度计划投资”为「约5亿」，不是数字" in err
    assert not db.exists() or Store.open(db).project_count() == 0


def test_the_store_keeps_what_is_only_doubtful_on_import_but_refuses_it_typed(store):
    records = [ProjectRecord(card={"name": "甲", "unit": "A镇", "actual_start": "2024-03-01",
                                   "actual_finish": "2023-01-01"}, source_row=4, ytd=to_fen("-5"))]
    summary = store.apply_import(records, 2024, 4)
    assert summary.new == ["甲"]
    assert [len(m.reasons) for m in verify.marks(store, 2024, 4)] == [2]
    with pytest.raises(ValidationError, match="不能为负数"):
        store.set_figure(store.projects()[0].id, 2024, 4, {"ytd": to_fen("-5")})      # typed: still refused


def test_deleting_a_marked_project_takes_its_mark_and_undo_restores_both(store):
    store.apply_import([ProjectRecord(card={"name": "甲", "unit": "A镇"}, source_row=4, ytd=to_fen("5"),
                                      month_amount=to_fen("9"))], 2024, 4)
    pid = store.projects()[0].id
    store.delete_project(pid)
    assert verify.marks(store) == []
    store.undo()
    assert [m.project_id for m in verify.marks(store)] == [pid]


def test_a_database_of_the_first_structure_is_upgraded_after_a_backup(tmp_path, capsys):
    from models.backup import backups
    from models.schema import MIGRATIONS

    db = tmp_path / "旧台账.db"
    conn = sqlite3.connect(db)
    import sqlite_utils
    MIGRATIONS[0](sqlite_utils.Database(conn))
    conn.execute("INSERT INTO projects (name, unit, match_key) VALUES ('城南污水处理厂', '区住建局', '城南污水处理厂|区住建局')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    assert cli(db, "check") == 0                         # read-only check of the old structure works
    assert cli(db, "import", str(fx.doubtful_rows(tmp_path).path)) == 0
    from models.schema import SCHEMA_VERSION
    assert f"数据库结构已从版本1升级到{SCHEMA_VERSION}" in capsys.readouterr().err
    old = next(p for p in backups(tmp_path / "备份") if p.name.endswith("_升级前.db"))
    c = sqlite3.connect(old)
    assert c.execute("PRAGMA user_version").fetchone()[0] == 1
    assert c.execute("SELECT name FROM projects").fetchall() == [("城南污水处理厂",)]
    c.close()
    assert len(summary_json(db, capsys, 2024, 4)["to_verify"]) == 6


def test_the_april_example_has_nothing_to_verify(example_store, capsys):
    from models.report import build_report

    r = build_report(example_store, 2009, 4)
    assert r.total.count == 30 and r.total.ytd == to_fen("77000")
    assert r.as_json()["to_verify"] == []
    assert verify.marks(example_store) == []


def test_marks_are_per_project_month_and_name_the_source(store):
    pid = store.create_project(Project(name="甲", unit="A镇", status="在建"), 2024, to_fen("100"))
    store.apply_import([ProjectRecord(card={"name": "甲", "unit": "A镇"}, source_row=7, ytd=to_fen("5"),
                                      month_amount=to_fen("9"))], 2024, 4, label="导入「甲.xlsx」")
    (m,) = verify.marks(store)
    assert (m.project_id, m.year, m.month, m.source) == (pid, 2024, 4, "导入「甲.xlsx」")
    assert verify.marks(store, 2024, 5) == []
