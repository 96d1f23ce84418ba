"""Unknown is not zero and not the total (本月完成 with no 本月 column and no last month), and two projects are never
merged by name alone (a return without 责任单位 needs --unit). Through the command line and the store."""
from __future__ import annotations

import fixtures_returns as fx
import openpyxl
import pytest
from cli_run import cli, summary_json

from models.errors import ValidationError
from models.money import to_fen
from models.project import Project, ProjectRecord
from models.store import Store

HALF_YEAR = {"城南污水处理厂": "30000", "滨江路改造": "40000", "第二人民医院": "26600"}     # 9.66亿元 in all


def test_a_half_year_return_into_an_empty_ledger_does_not_call_the_half_year_june(tmp_path, capsys):
    db = tmp_path / "台账.db"
    assert cli(db, "import", str(fx.ytd_only(tmp_path, "1-6月.xlsx", 6, HALF_YEAR))) == 0
    s = summary_json(db, capsys, 2024, 6)
    assert s["ytd"] == "96600.00"
    assert s["month_amount"] is None and s["month_amount_unknown"] == 3
    # the 文字分析 leaves out 其中6月…
    assert cli(db, "export-analysis", "--year", "2024", "--month", "6", str(tmp_path / "分析.txt")) == 0
    text = (tmp_path / "分析.txt").read_text(encoding="utf-8-sig")
    assert "累计完成投资9.66亿元" in text and "其中6月" not in text
    # the 月报's 其中6月 cells stay empty, the 合计's too
    assert cli(db, "export-monthly", "--year", "2024", "--month", "6", "--group", "none", str(tmp_path / "月报.xlsx")) == 0
    ws = openpyxl.load_workbook(tmp_path / "月报.xlsx").active
    cells = [(r, c) for r in range(1, 8) for c in range(1, ws.max_column + 1)
             if str(ws.cell(r, c).value or "").startswith("其中")]
    (head_row, col), = cells
    ytd_col = next(c for c in range(1, ws.max_column + 1) if "1—6月" in str(ws.cell(head_row, c).value or ""))
    body = [r for r in range(head_row + 1, ws.max_row + 1) if isinstance(ws.cell(r, ytd_col).value, (int, float))]
    assert len(body) == 4                                             # 合计 and three projects
    assert [ws.cell(r, col).value for r in body] == [None] * 4
    assert ws.cell(body[0], ytd_col).value == 96600.0
    # the command line's summary says it is not known rather than 0
    capsys.readouterr()
    assert cli(db, "summary", "--year", "2024", "--month", "6") == 0
    assert "其中6月不详" in capsys.readouterr().out


def test_with_last_month_stored_the_month_follows_from_the_ytd(tmp_path, capsys):
    db = tmp_path / "台账.db"
    assert cli(db, "import", str(fx.ytd_only(tmp_path, "1-6月.xlsx", 6, HALF_YEAR))) == 0
    july = {"城南污水处理厂": "31000", "滨江路改造": "40500", "第二人民医院": "26600"}
    assert cli(db, "import", str(fx.ytd_only(tmp_path, "1-7月.xlsx", 7, july))) == 0
    s = summary_json(db, capsys, 2024, 7)
    assert s["month_amount"] == "1500.00" and s["month_amount_unknown"] == 0
    assert cli(db, "export-analysis", "--year", "2024", "--month", "7", str(tmp_path / "分析.txt")) == 0
    assert "其中7月完成投资1500万元" in (tmp_path / "分析.txt").read_text(encoding="utf-8-sig")


def test_sums_over_some_unknowns_are_the_known_ones_and_say_how_many_are_missing(tmp_path, capsys):
    db = tmp_path / "台账.db"
    assert cli(db, "import", str(fx.ytd_only(tmp_path, "1-6月.xlsx", 6, {"城南污水处理厂": "30000"}))) == 0
    both = {"城南污水处理厂": "31000", "新项目": "800"}                 # 新项目 has no June: its July is unknown
    assert cli(db, "import", str(fx.ytd_only(tmp_path, "1-7月.xlsx", 7, both))) == 0
    s = summary_json(db, capsys, 2024, 7)
    assert s["month_amount"] == "1000.00" and s["month_amount_unknown"] == 1
    assert cli(db, "export-analysis", "--year", "2024", "--month", "7", str(tmp_path / "分析.txt")) == 0
    assert "其中7月完成投资1000万元（另有1个项目本月完成数不详）" in (tmp_path / "分析.txt").read_text(encoding="utf-8-sig")


def test_january_is_its_own_ytd(tmp_path, capsys):
    db = tmp_path / "台账.db"
    path = fx._sheet(tmp_path / "1月.xlsx", [["2024年重点项目进展情况（1月）"], ["单位：万元"],
                                             ["项目名称", "责任单位", "年度计划投资", "累计完成投资"],
                                             ["甲项目", "城关镇", 1200, 80]])
    assert cli(db, "import", "--month", "1", str(path)) == 0
    assert summary_json(db, capsys, 2024, 1)["month_amount"] == "80.00"


def test_the_grid_shows_an_unknown_month_as_not_reported(tmp_path, qtbot):
    from models.report import build_report
    from ui.monthly.grid import EntryModel

    s = Store.memory()
    s.apply_import([ProjectRecord(card={"name": "甲", "unit": "城关镇", "status": "在建"}, plan=to_fen("100"),
                                  ytd=to_fen("60"), source_row=4)], 2024, 6)
    r = build_report(s, 2024, 6)
    assert r.lines[0].month_amount is None and r.lines[0].ytd == to_fen("60")
    model = EntryModel(s, 2024, 6)
    col = [c.key for c in model.columns].index("month_amount")
    assert model.data(model.index(0, col)) == ""
    assert model.data(model.index(0, [c.key for c in model.columns].index("ytd"))) == "60.00"


# ---- 责任单位 ---------------------------------------------------------------------------------------------------
def test_a_return_without_any_unit_is_not_imported_until_the_unit_is_given(tmp_path, capsys):
    db = tmp_path / "台账.db"
    path = fx.unitless(tmp_path, "无单位.xlsx", {"村道硬化": "100", "文化广场": "50"})
    assert cli(db, "import", str(path)) == 1
    captured = capsys.readouterr()
    assert "2个项目找不到责任单位" in captured.out and "--unit" in captured.err
    assert not db.exists() or Store.open(db).project_count() == 0
    assert cli(db, "import", "--unit", "尹集乡", str(path)) == 0
    assert "责任单位：取自导入时指定的「尹集乡」" in capsys.readouterr().out
    s = Store.open(db)
    try:
        assert sorted((p.name, p.unit) for p in s.projects()) == [("文化广场", "尹集乡"), ("村道硬化", "尹集乡")]
    finally:
        s.close()


def test_two_units_returns_with_the_same_names_stay_two_projects(tmp_path, capsys):
    db = tmp_path / "台账.db"
    a = fx.unitless(tmp_path, "甲乡.xlsx", {"村道硬化": "100"})
    b = fx.unitless(tmp_path, "乙镇.xlsx", {"村道硬化": "70"})
    assert cli(db, "import", "--unit", "尹集乡", str(a)) == 0
    assert cli(db, "import", "--unit", "卧龙镇", str(b)) == 0
    s = summary_json(db, capsys, 2024, 4)
    assert s["projects"] == 2 and s["ytd"] == "170.00"
    assert sorted(u["name"] for u in s["by_unit"]) == ["卧龙镇", "尹集乡"]


def test_the_store_never_merges_a_unitless_record_into_another_units_project(store):
    pid = store.create_project(Project(name="村道硬化", unit="区交通局", status="在建"), 2024, to_fen("500"))
    with pytest.raises(ValidationError, match="没有责任单位"):
        store.apply_import([ProjectRecord(card={"name": "村道硬化"}, ytd=to_fen("70"), source_row=5)], 2024, 4)
    assert store.figure(pid, 2024, 4) is None and store.project_count() == 1


def test_unit_only_in_the_filler_line_is_used_and_said(tmp_path, capsys):
    db = tmp_path / "台账.db"
    path = fx._sheet(tmp_path / "带填报单位.xlsx", [["2024年重点项目进展情况（1—4月）"], ["填报单位：尹集乡人民政府"],
                                                 ["项目名称", "年度计划投资", "1-4月累计完成投资"], ["村道硬化", 100, 10]])
    assert cli(db, "import", str(path)) == 0
    assert "各项目的责任单位取填报单位「尹集乡人民政府」" in capsys.readouterr().out


def test_unit_yuan_on_the_command_line_still_means_the_amount_unit(tmp_path, capsys):
    db = tmp_path / "台账.db"
    path = fx._sheet(tmp_path / "元.xlsx", [["2024年重点项目进展情况（1—4月）"],
                                           ["项目名称", "责任单位", "年度计划投资", "1-4月累计完成投资"],
                                           ["村道硬化", "尹集乡", 1000000, 150000]])
    assert cli(db, "import", "--unit", "元", str(path)) == 0
    assert summary_json(db, capsys, 2024, 4)["ytd"] == "15.00"
    path2 = fx._sheet(tmp_path / "元2.xlsx", [["2024年重点项目进展情况（1—4月）"],
                                             ["项目名称", "年度计划投资", "1-4月累计完成投资"], ["文化广场", 200000, 50000]])
    assert cli(db, "import", "--money-unit", "元", "--unit", "尹集乡", str(path2)) == 0
    assert summary_json(db, capsys, 2024, 4)["ytd"] == "20.00"
