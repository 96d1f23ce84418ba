"""待核实 in the window: a mark with its reason in the card list and the 月度填报 grid, a filter, 确认无误; the
import wizard asks for the 责任单位 of a return that names none."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

import fixtures_returns as fx
from importers.reader import read_return
from models import verify

pytestmark = pytest.mark.usefixtures("qt_settings")


@pytest.fixture
def window(qtbot, store, tmp_path):
    from ui.main_window import MainWindow

    res = read_return(fx.doubtful_rows(tmp_path).path)
    store.apply_import(res.records, 2024, 4, label="导入", columns=res.report.column_names())
    w = MainWindow(store, 2024, 4)
    qtbot.addWidget(w)
    return w


def names(w) -> list[str]:
    return [w.proxy.index(r, 0).data() for r in range(w.proxy.rowCount())]


def test_the_card_list_marks_the_doubtful_projects_and_filters_them(window):
    from PySide6.QtCore import Qt

    assert "正常项目" in names(window) and "⚠ 竣工在后" in names(window)
    row = names(window).index("⚠ 超总投资")
    tip = window.proxy.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "待核实：1—4月累计400.00万元超过总投资300.00万元" in tip
    window.verify_box.setChecked(True)
    assert len(names(window)) == 6 and all(n.startswith("⚠ ") for n in names(window))
    window.clear_filters()
    assert len(names(window)) == 7 and not window.verify_box.isChecked()


def test_confirm_clears_the_mark_and_undo_brings_it_back(window, store):
    window.verify_box.setChecked(True)
    window.table.setCurrentIndex(window.proxy.index(names(window).index("⚠ 负数金额"), 0))
    window.confirm_verified()
    assert "⚠ 负数金额" not in names(window) and len(names(window)) == 5
    assert store.undo_label().startswith("确认无误「负数金额」")
    window.undo()
    assert "⚠ 负数金额" in names(window)


def test_the_grid_shows_the_reason_on_the_marked_row(window, qtbot):
    from PySide6.QtCore import Qt

    window.tabs.setCurrentIndex(1)
    grid = window.monthly.model
    row = next(i for i, l in enumerate(grid.lines) if l.name == "本月超累计")
    idx = grid.index(row, 0)
    assert idx.data().startswith("⚠ ")
    assert "待核实：本月完成500.00万元超过1—4月累计400.00万元" in idx.data(Qt.ToolTipRole)


def test_the_wizard_asks_for_the_unit_of_a_return_that_names_none(qtbot, store, tmp_path):
    from ui.import_dialog import ImportDialog

    path = fx.unitless(tmp_path, "无单位.xlsx", {"村道硬化": "100", "文化广场": "50"})
    dlg = ImportDialog(store, str(path))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.read_result is not None, timeout=15000)
    assert not dlg.ok.isEnabled() and "2个项目找不到责任单位" in dlg.info.text()
    dlg.owner.setEditText("尹集乡")
    dlg.owner.lineEdit().editingFinished.emit()
    qtbot.waitUntil(lambda: dlg.ok.isEnabled(), timeout=15000)
    assert "责任单位：取自导入时指定的「尹集乡」" in dlg.report.toPlainText()
    dlg.apply()
    qtbot.waitUntil(lambda: dlg.summary is not None, timeout=15000)
    assert sorted(p.unit for p in store.projects()) == ["尹集乡", "尹集乡"]
    assert verify.marks(store) == []
