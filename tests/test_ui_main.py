"""The main window driven as a clerk drives it: search by pinyin, edit a card and undo it, import the example."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from models.project import Project


pytestmark = pytest.mark.usefixtures("qt_settings")


@pytest.fixture
def window(qtbot, store):
    from ui.main_window import MainWindow

    store.create_project(Project(name="尹集乡村公路网改造", unit="尹集乡", total_investment=100_000_000), 2024, 50_000_000)
    store.create_project(Project(name="汉江堤防加固", unit="区水利局"), 2024, 30_000_000)
    w = MainWindow(store, 2024, 3)
    qtbot.addWidget(w)
    return w


def visible_names(w) -> list[str]:
    return [w.proxy.index(r, 0).data() for r in range(w.proxy.rowCount())]


def test_typing_pinyin_initials_finds_the_project(window, qtbot):
    assert len(visible_names(window)) == 2
    window.show()
    qtbot.waitExposed(window)
    qtbot.keyClicks(window.search, "yjx")
    assert visible_names(window) == ["尹集乡村公路网改造"]
    assert "显示1个项目（共2个）" in window.totals.text()
    window.search.clear()
    window.search.setText("堤防")
    assert visible_names(window) == ["汉江堤防加固"]


def test_status_bar_shows_the_reports_totals(window):
    assert "2个项目" in window.totals.text() and "年度计划80.00万元" in window.totals.text()


def test_editing_a_card_then_ctrl_z_restores_it(window, store, qtbot):
    from ui.card_dialog import CardDialog

    pid = store.find_project("汉江堤防加固", "区水利局").id
    dlg = CardDialog(store, 2024, store.project(pid), window)
    qtbot.addWidget(dlg)
    dlg.edits["leader"].setText("王副区长")
    dlg.plan.setText("45.5")
    dlg.save()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert store.project(pid).leader == "王副区长" and store.plan(pid, 2024).plan == 45_500_000
    window.refresh()
    assert "修改项目「汉江堤防加固」" in window.undo_act.text()
    window.undo_act.trigger()
    assert store.project(pid).leader == "" and store.plan(pid, 2024).plan == 30_000_000


def test_a_bad_amount_in_the_card_names_the_field_and_stores_nothing(window, store, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    from ui.card_dialog import CardDialog

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    dlg = CardDialog(store, 2024, None, window)
    qtbot.addWidget(dlg)
    dlg.edits["name"].setText("新项目")
    dlg.total.setText("五百万")
    dlg.save()
    assert shown and "总投资" in shown[0] and "五百万" in shown[0]
    assert store.find_project("新项目", "") is None


def test_importing_the_example_through_the_dialog(window, store, qtbot, example_path):
    from ui.import_dialog import ImportDialog

    dlg = ImportDialog(store, str(example_path), window)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.ok.isEnabled(), timeout=15000)
    assert "B列「项目名称」→ 项目名称" in dlg.report.toPlainText()
    assert (dlg.year.value(), dlg.month.value()) == (2009, 4)
    dlg.apply()
    qtbot.waitUntil(lambda: dlg.summary is not None, timeout=15000)
    # the two cards typed in by hand carry the example's names and units: updated, not duplicated
    assert len(dlg.summary.new) == 28 and sorted(dlg.summary.updated) == ["尹集乡村公路网改造", "汉江堤防加固"]
    window.set_period(2009, 4)
    assert window.proxy.rowCount() == 30
    assert "显示30个项目" in window.totals.text()
    assert "累计完成77,000.00万元" in window.totals.text() and "完成率19.3%" in window.totals.text()
    assert "新增的项目（28个）" in dlg.outcome.toPlainText()


def test_enter_opens_the_card_only_from_the_card_list(window):
    # a window-wide Enter would open a card while the clerk types in the 月度填报 grid
    act = next(a for a in window.table.actions() if a.text().startswith("修改项目卡片"))
    assert act.shortcutContext() == Qt.ShortcutContext.WidgetShortcut
    assert act.shortcut().toString() == "Return"


def test_correcting_a_column_in_the_wizard_reads_the_file_again(window, store, qtbot, example_path):
    from ui.import_dialog import ImportDialog

    dlg = ImportDialog(store, str(example_path), window)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.ok.isEnabled(), timeout=15000)
    # the sheet preview marks the header and the mapping table names each column's target
    assert dlg.sheet.rowCount() > 3 and dlg.target_of("B") == "name"
    plan_col = next(c for c in dlg.read_result.report.columns if c.target == "plan")
    assert all(r.plan is not None for r in dlg.read_result.records)
    dlg.set_target(plan_col.index, None)            # the clerk says: do not import this column
    qtbot.waitUntil(lambda: dlg.ok.isEnabled() and dlg.read_result.records[0].plan is None, timeout=15000)
    assert dlg.target_of(plan_col.letter) is None
    assert "（手动指定）" in dlg.report.toPlainText()


def test_filter_panel_narrows_the_list_and_the_status_bar_follows(window, store):
    store.create_project(Project(name="东津新区污水厂", unit="区住建局", category="基础设施", nature="新建",
                                 is_city_key=True, total_investment=5_000_000_00), 2024, 20_000_000)
    window.refresh()
    assert window.proxy.rowCount() == 3
    flag = window.filters["flag"]
    flag.setCurrentIndex(flag.findData("is_city_key"))
    assert visible_names(window) == ["东津新区污水厂"]
    assert "显示1个项目（共3个）" in window.totals.text() and "年度计划20.00万元" in window.totals.text()
    window.clear_filters()
    nature = window.filters["nature"]
    nature.setCurrentIndex(nature.findData("新建"))
    assert visible_names(window) == ["东津新区污水厂"]
    window.clear_filters()
    assert window.proxy.rowCount() == 3 and "显示3个项目" in window.totals.text()


def test_the_file_menu_export_writes_the_monthly_report_off_the_ui_thread(window, qtbot, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    import ui.monthly.panel as mp

    target = tmp_path / "月报.xlsx"
    monkeypatch.setattr(mp, "ask_save_path", lambda *a, **k: str(target))
    monkeypatch.setattr(mp, "confirm_unreported", lambda *a: True)       # nothing reported for 2024-3 yet
    window.export_monthly()
    assert window.tabs.currentIndex() == 1
    qtbot.waitUntil(lambda: window.monthly.last_export == target, timeout=15000)
    ws = load_workbook(target).active
    names = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "尹集乡村公路网改造" in names and "汉江堤防加固" in names


def test_cancelling_while_storing_leaves_the_ledger_as_it_was(window, store, qtbot, example_path, monkeypatch):
    import threading

    import models.backup
    from ui.import_dialog import ImportDialog

    go_on = threading.Event()
    monkeypatch.setattr(models.backup, "backup_before", lambda *a: go_on.wait(10))   # hold the worker at its start
    before = store.conn.execute("SELECT count(*) FROM projects").fetchone()[0]
    dlg = ImportDialog(store, str(example_path), window)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.ok.isEnabled(), timeout=15000)
    dlg.apply()
    dlg.reject()                          # 取消 (or Esc) while storing: the worker is asked to roll back
    go_on.set()
    qtbot.waitUntil(lambda: dlg.storing is None, timeout=15000)
    assert dlg.summary is None and dlg.result() == QDialog.DialogCode.Rejected
    assert store.conn.execute("SELECT count(*) FROM projects").fetchone()[0] == before
    assert store.undo_label() != "导入「district_2009_04.xlsx」（2009年1—4月）"
