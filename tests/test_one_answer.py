"""One answer everywhere (issue 14): a project's status, an amount, a date, ROUND, the 超/低于/持平 wording and the
light read the same on every screen, in every document and on import — each case a clerk met, as a test."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from models.errors import ValidationError
from models.money import to_fen
from models.project import Project

pytest.importorskip("pytestqt")

pytestmark = pytest.mark.usefixtures("qt_settings")

ROOT = Path(__file__).resolve().parents[1]
PLAN = to_fen("10000")


def book(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


# ---- 项目状态 -------------------------------------------------------------------------------------------

@pytest.fixture
def started_by_date(store):
    """A card that says 未开工 but has an 实际开工日期 in February, and one that has truly not started."""
    a = store.create_project(Project(name="尹集物流园", unit="尹集乡", status="未开工", actual_start="2024-02-15"),
                             2024, PLAN)
    b = store.create_project(Project(name="农村卫生院", unit="区卫生局", status="未开工"), 2024, PLAN)
    store.set_figure(a, 2024, 3, {"ytd": to_fen("1200"), "problem": "资金未到位"})
    return store, a, b


def test_a_card_started_by_date_reads_在建_in_the_list_the_月报_and_the_analysis(qtbot, started_by_date, tmp_path):
    from exporters.analysis import analysis_text
    from exporters.monthly_xlsx import write_monthly_xlsx
    from models.report import build_report
    from ui.main_window import MainWindow
    from ui.project_model import COLUMNS

    store, a, b = started_by_date
    w = MainWindow(store, 2024, 3)
    qtbot.addWidget(w)
    status_col = COLUMNS.index("项目状态")
    shown = {w.proxy.index(r, 0).data(): w.proxy.index(r, status_col).data() for r in range(w.proxy.rowCount())}
    assert shown == {"尹集物流园": "在建", "农村卫生院": "未开工"}
    w.proxy.set_filter(status="在建")
    assert [w.proxy.index(r, 0).data() for r in range(w.proxy.rowCount())] == ["尹集物流园"]

    report = build_report(store, 2024, 3)
    ws = openpyxl.load_workbook(write_monthly_xlsx(report, tmp_path / "月报.xlsx")).active
    head = next(c for c in range(1, ws.max_column + 1) if ws.cell(3, c).value == "项目状态")
    in_file = {ws.cell(r, 2).value: ws.cell(r, head).value for r in range(5, ws.max_row + 1)
               if ws.cell(r, 2).value in shown}
    assert in_file == shown
    text = analysis_text(report)
    assert "已开工项目1个，开工率50.0%" in text
    assert "1个项目尚未开工，占项目总数的50.0%，为区卫生局的农村卫生院项目" in text


def test_the_card_says_a_contradiction_before_saving_and_refuses_to_store_it(qtbot, started_by_date, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.card_dialog import CardDialog

    store, a, b = started_by_date
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **k: warned.append(args[2]))
    dlg = CardDialog(store, 2024, store.project(a))
    qtbot.addWidget(dlg)
    # shown as soon as the card opens, beside the fields
    assert "项目状态为未开工，但已填实际开工日期2024-02-15" in dlg.date_note.text()
    dlg.save()
    assert warned and "项目状态为未开工，但已填实际开工日期2024-02-15" in warned[0]
    assert store.project(a).status == "未开工" and dlg.saved_id is None
    dlg.status.setCurrentText("在建")
    dlg.status.activated.emit(dlg.status.currentIndex())
    assert dlg.date_note.text() == ""
    dlg.save()
    assert store.project(a).status == "在建" and dlg.saved_id == a


def test_dates_typed_in_the_card_move_its_status_and_a_contradiction_shows_at_once(qtbot, store, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.card_dialog import CardDialog

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **k: warned.append(args[2]))
    dlg = CardDialog(store, 2024, None)
    qtbot.addWidget(dlg)
    dlg.edits["name"].setText("城南污水处理厂")
    assert dlg.status.currentText() == "未开工"
    qtbot.keyClicks(dlg.edits["actual_start"], "2024-03-05")
    assert dlg.status.currentText() == "在建" and dlg.date_note.text() == ""
    qtbot.keyClicks(dlg.edits["actual_finish"], "2024-02-20")
    assert dlg.status.currentText() == "已竣工"
    assert "实际竣工日期2024-02-20早于实际开工日期2024-03-05" in dlg.date_note.text()
    dlg.edits["actual_finish"].clear()
    assert dlg.status.currentText() == "在建" and dlg.date_note.text() == ""   # the 竣工 date was what made it 已竣工
    # an impossible date: said beside the field once typed, and refused on 保存 naming the field
    dlg.edits["actual_start"].setText("2024-02-31")
    dlg.edits["actual_start"].editingFinished.emit()
    assert "实际开工日期「2024-02-31」不是日期（2024年2月没有31日）" in dlg.date_note.text()
    dlg.save()
    assert warned and "实际开工日期「2024-02-31」不是日期（2024年2月没有31日）" in warned[-1]
    assert store.find_project("城南污水处理厂", "") is None
    dlg.edits["actual_start"].setText("2024.3")
    dlg.save()
    p = store.find_project("城南污水处理厂", "")
    assert p is not None and (p.actual_start, p.status) == ("2024-03", "在建")


def test_a_date_typed_in_the_grid_moves_the_status_the_same_way(started_by_date):
    from models.entry import CellChange, apply_cells

    store, a, b = started_by_date
    apply_cells(store, 2024, 3, [CellChange(b, "actual_start", "2024年3月1日")], "录入")
    assert store.project(b).status == "在建"
    with pytest.raises(ValidationError, match="实际竣工日期2024-02-01早于实际开工日期2024-03-01"):
        apply_cells(store, 2024, 3, [CellChange(b, "actual_finish", "2024-02-01")], "录入")
    with pytest.raises(ValidationError, match=r"实际开工日期「2024-02-31」不是日期（2024年2月没有31日）"):
        apply_cells(store, 2024, 3, [CellChange(a, "actual_start", "2024-02-31")], "录入")
    assert store.project(a).actual_start == "2024-02-15"


def test_an_imported_row_marked_未开工_with_an_开工_date_is_stored_在建(tmp_path, store):
    from importers.reader import read_return

    path = book(tmp_path / "r.xlsx", [["项目名称", "责任单位", "年度计划投资", "1-3月完成投资", "项目状态", "开工时间"],
                                      ["尹集物流园", "尹集乡", 10000, 1200, "未开工", "2024-02-15"],
                                      ["农村卫生院", "区卫生局", 10000, 0, "已竣工", "2023-05-01"]])
    res = read_return(path, year=2024, month=3)
    store.apply_import(res.records, 2024, 3)
    assert store.find_project("尹集物流园", "尹集乡").status == "在建"
    assert store.find_project("农村卫生院", "区卫生局").status == "已竣工"     # dates never move a status back


def test_no_window_calls_the_stores_private_methods():
    """The card and every other window change data through model-level functions only."""
    offenders = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in (ROOT / "ui").rglob("*.py")
                 for m in re.finditer(r"store\._[a-z]\w*\(", p.read_text(encoding="utf-8"))]
    assert offenders == []


# ---- amounts ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, wan", [
    ("0.00", "0"), ("0", "0"), ("暂无", None), ("—", None), ("/", None), ("", None), ("无", None),
    ("１，２３４．５", "1234.5"), ("1,234.50", "1234.5"), ("12.5万元", "12.5"), ("1.2亿元", "12000"),
    ("5000元", "0.5"), ("(12)", "-12")])
def test_import_grid_and_card_read_an_amount_the_same(text, wan):
    from importers.values import money_of
    from models.card import read_card
    from models.entry import parse_money

    fen = to_fen(wan) if wan is not None else None
    assert money_of(text, "万元") == fen
    assert parse_money(text) == fen
    assert read_card({"name": "甲"}, 2024, plan_text=text).plan == fen


def test_the_text_0_00_is_a_reported_zero_not_a_blank(tmp_path, store):
    from importers.reader import read_return
    from models.report import build_report

    path = book(tmp_path / "r.xlsx", [["项目名称", "责任单位", "年度计划投资", "1-3月完成投资", "自开工累计完成投资"],
                                      ["尹集物流园", "尹集乡", 10000, "1,200.00", "0.00"]])
    res = read_return(path, year=2024, month=3)
    assert res.records[0].since_start == 0
    store.apply_import(res.records, 2024, 3)
    line = build_report(store, 2024, 3).lines[0]
    assert line.reported and line.since_start == 0 and line.ytd == to_fen("1200")


def test_words_the_grid_and_the_card_cannot_read_name_project_and_field():
    from models.card import read_card
    from models.entry import parse_money

    with pytest.raises(ValidationError, match="项目「甲」：本月完成「十二」不是数字"):
        parse_money("十二", who="项目「甲」", field="本月完成")
    with pytest.raises(ValidationError, match="项目「甲」：总投资「约5亿」不是数字"):
        read_card({"name": "甲", "total_investment": "约5亿"}, 2024)


# ---- dates -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, iso", [("2023.10", "2023-10"), ("2023.3", "2023-03"), ("2024年5月", "2024-05"),
                                       ("2024/3/15", "2024-03-15"), ("2024-04-12", "2024-04-12"),
                                       ("２０２４．３．５", "2024-03-05"), ("20240412", "2024-04-12"), ("—", "")])
def test_import_grid_and_card_read_a_date_the_same(text, iso):
    from importers.values import date_of
    from models.card import read_card
    from models.entry import parse_date

    assert date_of(text) == iso
    assert parse_date(text) == iso
    assert read_card({"name": "甲", "actual_start": text}, 2024).card["actual_start"] == iso


def test_the_number_2023_1_in_a_date_cell_is_read_as_january_and_flagged_naming_the_cell(tmp_path):
    from importers.reader import read_return

    path = book(tmp_path / "r.xlsx", [["项目名称", "总投资", "开工时间"], ["甲项目", 100, 2023.1],
                                      ["乙项目", 100, 2023.3], ["丙项目", 100, "2023.10"]])
    res = read_return(path)
    starts = {r.name: r.card["actual_start"] for r in res.records}
    assert starts == {"甲项目": "2023-01", "乙项目": "2023-03", "丙项目": "2023-10"}
    flagged = [w for w in res.report.warnings if "2023.10" in w]
    assert len(flagged) == 1 and "第2行「甲项目」C列“开工时间”" in flagged[0]
    assert "注意：第2行「甲项目」" in res.report.as_text()


def test_an_impossible_date_in_a_return_is_refused_naming_row_column_and_why(tmp_path):
    from importers.reader import read_return

    path = book(tmp_path / "r.xlsx", [["项目名称", "总投资", "开工时间"], ["甲项目", 100, "2024-02-31"]])
    why = r"第2行「甲项目」C列“开工时间”为「2024-02-31」，不是日期（2024年2月没有31日）"
    with pytest.raises(ValidationError, match=why):
        read_return(path)


def test_the_store_refuses_an_impossible_date_whoever_sends_it(store):
    with pytest.raises(ValidationError, match="实际竣工日期「2024-02-30」"):
        store.create_project(Project(name="甲", actual_finish="2024-02-30"))


# ---- ROUND -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("formula, value", [("=ROUND(1.125,2)", "1.13"), ("=ROUND(-1.125,2)", "-1.13"),
                                            ("=ROUND(2.5,0)", "3"), ("=ROUND(A1,2)", "2.68"),
                                            ("=ROUND(1234.5,-2)", "1200")])
def test_round_in_a_formula_is_excels_half_away_from_zero(formula, value):
    from importers.formulas import evaluate

    cells = {(1, 1): Decimal(repr(2.675))}     # what Excel shows as 2.675 and rounds to 2.68
    assert evaluate(formula, lambda r, c: cells.get((r, c))) == Decimal(value)


def test_a_round_formula_saved_without_its_result_imports_as_excel_shows_it(tmp_path):
    from importers.reader import read_return

    path = book(tmp_path / "r.xlsx", [["项目名称", "总投资（万元）", "年度计划投资（万元）"],
                                      ["甲项目", "=ROUND(1.125,2)", "=ROUND(-1.125,2)*-1"]])
    rec = read_return(path).records[0]
    assert rec.card["total_investment"] == to_fen("1.13") and rec.plan == to_fen("1.13")


# ---- 超/低于/持平, lights --------------------------------------------------------------------------------

@pytest.fixture
def half_year(store):
    """1—6月: one project 0.02 个百分点 behind 序时进度 (shown as 0.0), one 9.96 behind (shown as 10.0)."""
    a = store.create_project(Project(name="汉江堤防加固", unit="区水利局", status="在建"), 2024, PLAN)
    store.set_figure(a, 2024, 6, {"ytd": to_fen("4998")})
    return store, a


def test_a_gap_that_shows_as_0_0_reads_持平_in_the_summary_the_analysis_and_the_window(qtbot, half_year):
    from exporters.analysis import analysis_text
    from models.report import build_report
    from models.summary_text import summary_text
    from ui.monthly.summary import SummaryStrip

    store, a = half_year
    r = build_report(store, 2024, 6)
    assert "与序时进度持平" in summary_text(r) and "0.0个百分点" not in summary_text(r)
    assert "占年度计划的50.0%，与序时进度持平" in analysis_text(r)
    assert r.as_json()["vs_schedule_pp"] == "0.0"
    strip = SummaryStrip()
    qtbot.addWidget(strip)
    strip.set_report(r)
    assert "与序时进度持平" in strip.labels["gap"].text()


def test_the_light_follows_the_gap_as_shown(half_year):
    from models.report import build_report
    from models.rules import YELLOW

    store, a = half_year
    store.set_figure(a, 2024, 6, {"ytd": to_fen("4004")})        # 40.04%: 9.96 behind, printed as 10.0
    line = build_report(store, 2024, 6).lines[0]
    assert line.light == YELLOW


def test_the_notice_says_the_gap_in_the_same_words(half_year):
    from exporters.notices import matter
    from models.report import build_report

    store, a = half_year
    store.set_figure(a, 2024, 6, {"ytd": to_fen("2870")})
    r = build_report(store, 2024, 6)
    assert "占年度计划的28.7%，低于序时进度21.3个百分点。" in matter(r.lines[0], r)


def test_the_start_rate_may_divide_by_the_projects_due_to_start(store):
    from models.report import build_report

    store.create_project(Project(name="甲", status="在建"), 2024, PLAN)
    store.create_project(Project(name="乙", planned_start="2024-02"), 2024, PLAN)
    store.create_project(Project(name="丙", planned_start="2024-09"), 2024, PLAN)
    assert str(build_report(store, 2024, 6).start_rate.quantize(Decimal("0.001"))) == "0.333"
    store.set_settings({"start_rate_denominator": "due"})
    assert build_report(store, 2024, 6).start_rate == Decimal(1) / 2       # 丙 is not due until September
