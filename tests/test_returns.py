"""The district's month (issue 16): whose return it is, many files at once, 审核 and 退回, up the chain, and the
returns in `summary --json` — through the command line, on returns of every shape built in fixtures_returns."""
from __future__ import annotations

from decimal import Decimal

import docx
import fixtures_returns as fx
import openpyxl
import pytest
from cli_run import cli, summary_json

from models.money import to_fen
from models.report import build_report
from models.store import Store

MONTH = 9


def summary(db, capsys, month: int = MONTH, year: int = 2024) -> dict:
    return summary_json(db, capsys, year, month)


def ledger(path, office: str = "XX区发改局", units=fx.DISTRICT_UNITS):
    s = Store.open(path)
    s.set_settings({"units": list(units), "office": office})
    s.close()
    return path


def wan(d: Decimal) -> str:
    return f"{d:.2f}"


# ---- 1. whose return it is ----------------------------------------------------------------------------------------
def test_each_unit_named_once_in_its_own_way_gets_its_own_projects_and_figures(tmp_path, capsys):
    db = ledger(tmp_path / "区.db")
    fx.district_returns(tmp_path / "returns")
    assert cli(db, "import", str(tmp_path / "returns")) == 0
    out = capsys.readouterr().out
    # the mapping report says what decided
    assert "责任单位：取自文件名（「代王街道9月重点项目进展.xlsx」），记为「代王街道」" in out
    assert "责任单位：取自填报单位行「东镇人民政府」，记为「东镇」" in out
    assert "报送单位：区交通局（取自文件名「区交通局2024年9月报.xlsx」）" in out
    assert "责任单位：全部取自分组行" in out and "分组行「1.西乡人民政府（2个）」" in out
    assert "责任单位：全部取自责任单位列" in out
    s = summary(db, capsys)
    by_unit = {u["name"]: u for u in s["by_unit"]}
    assert sorted(by_unit) == sorted(fx.DISTRICT_UNITS)            # no （未填责任单位）, no 西乡人民政府
    for unit in fx.DISTRICT_UNITS:
        plan, ytd, _ = fx.district_totals(unit)
        assert (by_unit[unit]["annual_plan"], by_unit[unit]["ytd"]) == (wan(plan), wan(ytd)), unit
        assert by_unit[unit]["count"] == len(fx.DISTRICT[unit])


def test_a_return_with_no_unit_anywhere_still_asks(tmp_path, capsys):
    db = ledger(tmp_path / "区.db")
    path = fx.unitless(tmp_path, "九月报表.xlsx", {"村道硬化": "100"})
    assert cli(db, "import", str(path)) == 1
    assert "--unit" in capsys.readouterr().err
    assert cli(db, "import", "--unit", "西乡", str(path)) == 0
    assert "报送单位：西乡（取自导入时指定的单位）" in capsys.readouterr().out


def test_a_units_return_lists_what_it_left_out_and_a_renamed_project_is_offered_not_merged(tmp_path, capsys):
    db = ledger(tmp_path / "区.db")
    files = fx.district_returns(tmp_path / "r8", month=8)
    assert cli(db, "import", str(files["代王街道"])) == 0
    # September: 代王农贸市场 left out, 代王污水管网 renamed 代王污水管网一期
    sept = fx._sheet(tmp_path / "代王街道9月重点项目进展.xlsx", [
        ["2024年重点项目建设进展情况表（1—9月）"], ["单位：万元"],
        ["序号", "项目名称", "年度计划投资", "1-9月完成投资", "其中：9月完成"],
        [1, "代王安置小区", 3000, 2400.5, 300], [2, "代王污水管网一期", 1200, 1050.25, 100]])
    capsys.readouterr()
    assert cli(db, "import", str(sept)) == 0
    out = capsys.readouterr().out
    assert "本单位有2个项目这次没有报（记为未报）：代王农贸市场、代王污水管网" in out
    assert "新项目「代王污水管网一期」已标为待核实，是否为「代王污水管网」改名？" in out
    s = summary(db, capsys)
    flagged = {v["name"]: v["reasons"] for v in s["to_verify"]}
    assert any("代王污水管网" in r and "改名" in r for r in flagged["代王污水管网一期"])
    report = build_report(Store.open(db), 2024, MONTH)
    assert {l.name for l in report.not_reported} >= {"代王农贸市场", "代王污水管网"}
    Store.open(db).close()
    # the clerk says it is the same project: one card, named as now, with August's and September's figures
    assert cli(db, "merge-renamed", "代王污水管网一期", "代王污水管网", "--unit", "代王街道") == 0
    s = Store.open(db)
    try:
        names = sorted(p.name for p in s.projects(2024) if p.unit == "代王街道")
        assert names == ["代王农贸市场", "代王安置小区", "代王污水管网一期"]
        p = s.find_project("代王污水管网一期", "代王街道")
        assert s.figure(p.id, 2024, 8).ytd == to_fen("850") and s.figure(p.id, 2024, 9).ytd == to_fen("1050.25")
        assert s.undo().startswith("「代王污水管网一期」是「代王污水管网」改名")
        assert s.find_project("代王污水管网", "代王街道") is not None
    finally:
        s.close()


# ---- 2. many files at once ----------------------------------------------------------------------------------------
def test_many_files_each_its_own_step_a_refused_one_does_not_stop_the_others(tmp_path, capsys):
    db = ledger(tmp_path / "区.db")
    files = fx.district_returns(tmp_path / "returns")
    bad = fx._sheet(tmp_path / "坏表.xlsx", [["2024年重点项目（1—9月）"], ["项目名称", "责任单位", "年度计划投资", "1-9月完成投资"],
                                           ["甲", "东镇", "很多", 1]])
    code = cli(db, "import", str(files["代王街道"]), str(bad), str(files["区交通局"]))
    out = capsys.readouterr().out
    assert code == 1
    assert "共3个文件：导入2个，未导入1个" in out
    assert "代王街道9月重点项目进展.xlsx｜代王街道｜2024年1—9月｜3个项目，新增3个，更新0个，待核实0个" in out
    assert "坏表.xlsx｜" in out and "未导入：以下1个单元格无法识别" in out
    assert "2024年9月尚未报送的单位（3个）：东镇、西乡、区教育局" in out
    s = Store.open(db)
    try:
        assert s.undo() == "导入「区交通局2024年9月报.xlsx」（2024年1—9月）"     # each file its own step
        assert sorted({p.unit for p in s.projects(2024)}) == ["代王街道"]
        from models.returns import returns_of
        assert {r.unit: r.state for r in returns_of(s, 2024, 9)}["区交通局"] == "未报"   # its return went too
    finally:
        s.close()


# ---- 3. 审核 ------------------------------------------------------------------------------------------------------
def test_send_back_with_an_opinion_then_the_corrected_return_replaces_the_month(tmp_path, capsys):
    db = ledger(tmp_path / "区.db")
    wrong = fx._sheet(tmp_path / "东镇9月.xlsx", [
        ["2024年重点项目建设进展情况表（1—9月）"], ["填报单位（盖章）：东镇人民政府", None, None, "单位：万元"],
        ["序号", "项目名称", "总投资", "年度计划投资", "1-9月完成投资", "其中：9月完成"],
        [1, "东镇标准厂房", 3000, 5000, 3900, 450], [2, "东镇卫生院", 2000, 900, 610.1, 60.1]])
    assert cli(db, "import", str(wrong)) == 0
    assert cli(db, "review", "东镇", "--year", "2024", "--month", "9", "--send-back", "") == 1
    assert "请写明审核意见" in capsys.readouterr().err
    assert cli(db, "review", "东镇", "--year", "2024", "--month", "9", "--send-back", "标准厂房累计超过总投资，请核实",
               "--note", str(tmp_path / "退回说明.docx")) == 0
    assert cli(db, "review", "东镇", "--year", "2024", "--month", "9", "--note", str(tmp_path / "退回说明.txt")) == 0
    text = (tmp_path / "退回说明.txt").read_text(encoding="utf-8-sig")
    assert "关于退回东镇2024年9月重点项目报表的说明" in text
    assert "审核意见：标准厂房累计超过总投资，请核实" in text
    assert "第4行「东镇标准厂房」：1—9月累计3,900.00万元超过总投资3,000.00万元" in text
    body = "\n".join(p.text for p in docx.Document(str(tmp_path / "退回说明.docx")).paragraphs)
    assert "第4行「东镇标准厂房」" in body and "XX区发改局" in body
    s = summary(db, capsys)
    assert [(r["unit"], r["state"], r["to_verify"]) for r in s["returns"] if r["unit"] == "东镇"] == [("东镇", "退回", 1)]
    # the corrected return: 总投资 fixed, 卫生院 left out by mistake
    fixed = fx._sheet(tmp_path / "东镇9月（修改）.xlsx", [
        ["2024年重点项目建设进展情况表（1—9月）"], ["填报单位（盖章）：东镇人民政府", None, None, "单位：万元"],
        ["序号", "项目名称", "总投资", "年度计划投资", "1-9月完成投资", "其中：9月完成"],
        [1, "东镇标准厂房", 30000, 5000, 3950, 500]])
    capsys.readouterr()
    assert cli(db, "import", str(fixed)) == 0
    out = capsys.readouterr().out
    assert "「东镇」第2版" in out
    assert "「东镇标准厂房」1—9月累计：3,900.00万元 → 3,950.00万元" in out
    assert "「东镇卫生院」9月数字已撤下（这一版没有报）" in out
    s = summary(db, capsys)
    assert [(r["state"], r["to_verify"], r["projects"]) for r in s["returns"] if r["unit"] == "东镇"] == [("待审", 0, 1)]
    assert s["ytd"] == "3950.00"
    assert cli(db, "review", "东镇", "--year", "2024", "--month", "9", "--accept") == 0
    assert [r["state"] for r in summary(db, capsys)["returns"] if r["unit"] == "东镇"] == ["已审核"]
    capsys.readouterr()
    assert cli(db, "returns", "--year", "2024", "--month", "9", "--unit", "东镇") == 0
    out = capsys.readouterr().out
    assert "第1版：东镇9月.xlsx" in out and "退回（标准厂房累计超过总投资，请核实）" in out and "第2版：东镇9月（修改）.xlsx" in out
    # 审核 is undoable like any change
    s2 = Store.open(db)
    try:
        assert s2.undo() == "审核通过「东镇」2024年9月报表"
    finally:
        s2.close()
    assert [r["state"] for r in summary(db, capsys)["returns"] if r["unit"] == "东镇"] == ["待审"]


# ---- 4. up the chain ----------------------------------------------------------------------------------------------
DISTRICTS = {"甲区发改局": ["代王街道", "东镇", "区交通局"], "乙区发改局": ["西乡", "区教育局"]}


def test_three_levels_the_citys_figures_are_the_townships_project_by_project(tmp_path, capsys):
    returns = fx.district_returns(tmp_path / "returns")
    reports = []
    for office, units in DISTRICTS.items():
        db = ledger(tmp_path / f"{office}.db", office=office, units=units)
        assert cli(db, "import", *[str(returns[u]) for u in units]) == 0
        out = tmp_path / f"{office}2024年9月月报.xlsx"
        assert cli(db, "export-monthly", "--year", "2024", "--month", "9", "--group", "unit", str(out)) == 0
        reports.append(out)
    city = ledger(tmp_path / "市.db", office="XX市发改委", units=list(DISTRICTS))
    capsys.readouterr()
    assert cli(city, "import", *map(str, reports)) == 0
    out = capsys.readouterr().out
    assert "报送单位：甲区发改局（取自填报单位行「甲区发改局」）" in out
    assert "各单位都已报送" in out
    s = Store.open(city)
    try:
        r = build_report(s, 2024, 9)
        seen = {l.name: l for l in r.lines}
        expected = {n: (u, p, y, m) for u, rows in fx.DISTRICT.items() for n, p, y, m in rows}
        assert sorted(seen) == sorted(expected)
        for name, (unit, plan, ytd, month) in expected.items():
            l = seen[name]
            assert (l.unit, l.plan, l.ytd, l.month_amount) == (unit, to_fen(plan), to_fen(ytd), to_fen(month)), name
        offices = {f.name: f for f in r.by_office}
        assert sorted(offices) == sorted(DISTRICTS)
        for office, units in DISTRICTS.items():
            assert offices[office].ytd == sum(to_fen(fx.district_totals(u)[1]) for u in units)
            assert offices[office].count == sum(len(fx.DISTRICT[u]) for u in units)
    finally:
        s.close()
    # the city's 月报 grouped by 报送单位, and its 文字分析 ranking the districts
    out = tmp_path / "市月报.xlsx"
    assert cli(city, "export-monthly", "--year", "2024", "--month", "9", "--group", "office", str(out)) == 0
    cells = [str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows() for c in row if c.value]
    assert any(c.startswith("一、甲区发改局") for c in cells) and any(c.startswith("二、乙区发改局") for c in cells)
    txt = tmp_path / "分析.txt"
    assert cli(city, "export-analysis", "--year", "2024", "--month", "9", "--group", "office", str(txt)) == 0
    text = txt.read_text(encoding="utf-8-sig")
    assert "从报送单位看，2个报送单位中" in text and "甲区发改局的" in text


# ---- 5. summary --json --------------------------------------------------------------------------------------------
def test_summary_json_says_who_is_missing(tmp_path, capsys):
    db = ledger(tmp_path / "区.db")
    files = fx.district_returns(tmp_path / "returns")
    assert cli(db, "import", str(files["区教育局"]), str(files["东镇"])) == 0
    rows = summary(db, capsys)["returns"]
    assert {r["unit"]: r["state"] for r in rows} == {"区教育局": "待审", "东镇": "待审", "代王街道": "未报",
                                                   "西乡": "未报", "区交通局": "未报"}
    edu = next(r for r in rows if r["unit"] == "区教育局")
    assert edu["file"] == "教育.xlsx" and edu["projects"] == 2 and edu["to_verify"] == 0 and edu["imported_at"]
    missing = next(r for r in rows if r["unit"] == "西乡")
    assert missing == {"unit": "西乡", "state": "未报", "file": None, "imported_at": None, "projects": 0, "to_verify": 0}


def test_a_unit_named_only_in_the_title_or_the_sheets_name(tmp_path, capsys):
    db = ledger(tmp_path / "区.db")
    a, b = fx.named_in_title(tmp_path, "东镇"), fx.named_in_sheet(tmp_path, "西乡")
    assert cli(db, "import", str(a), str(b)) == 0
    out = capsys.readouterr().out
    assert "责任单位：取自标题「东镇2024年重点项目建设进展情况表（1—9月）」，记为「东镇」" in out
    assert "责任单位：取自工作表名「西乡」" in out and "报送单位：西乡（取自工作表名「西乡」）" in out
    by_unit = {u["name"]: u for u in summary(db, capsys)["by_unit"]}
    for unit in ("东镇", "西乡"):
        assert by_unit[unit]["ytd"] == wan(fx.district_totals(unit)[1])


def test_the_offices_own_list_is_imported_but_is_nobodys_return(tmp_path, capsys, example_path):
    db = ledger(tmp_path / "区.db", office="襄城区发改局", units=[])
    assert cli(db, "import", str(example_path)) == 0
    assert "本台账自己的表（填报单位「襄城区发改局」），不记为哪个单位的报送：新增30个项目" in capsys.readouterr().out
    s = summary(db, capsys, month=4, year=2009)
    rows = s["returns"]
    assert "襄城区发改局" not in {r["unit"] for r in rows}
    # its 责任单位 are the ones to hear from
    assert [r["unit"] for r in rows] == [u["name"] for u in s["by_unit"]] and {r["state"] for r in rows} == {"未报"}


def test_the_same_return_again_is_not_a_new_version(tmp_path, capsys):
    db = ledger(tmp_path / "区.db")
    files = fx.district_returns(tmp_path / "returns")
    assert cli(db, "import", str(files["东镇"])) == 0
    assert cli(db, "review", "东镇", "--year", "2024", "--month", "9", "--accept") == 0
    capsys.readouterr()
    assert cli(db, "import", str(files["东镇"])) == 0
    assert "「东镇」与第1版相同，没有记为新的一版：新增0个项目，更新0个，未变2个" in capsys.readouterr().out
    assert [r["state"] for r in summary(db, capsys)["returns"] if r["unit"] == "东镇"] == ["已审核"]


def test_a_new_ledger_takes_the_unit_a_files_name_begins_with_and_says_it_is_a_guess(tmp_path, capsys):
    db = tmp_path / "新台账.db"                                    # knows no unit yet
    files = fx.district_returns(tmp_path / "returns")
    assert cli(db, "import", str(files["代王街道"]), str(files["区交通局"])) == 0
    out = capsys.readouterr().out
    assert "责任单位：取自文件名（「代王街道9月重点项目进展.xlsx」，台账中还没有这个单位，请核对），记为「代王街道」" in out
    by_unit = {u["name"]: u for u in summary(db, capsys)["by_unit"]}
    assert sorted(by_unit) == ["代王街道", "区交通局"]
    assert by_unit["区交通局"]["ytd"] == wan(fx.district_totals("区交通局")[1])
