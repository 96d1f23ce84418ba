"""报送与审核 in the window: units × state in the 月度填报 tab, 通过 / 退回 with an opinion and undo, the return's
report and 退回说明, several files dropped at once, and the wizard saying whose return it is."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

import fixtures_returns as fx
from importers.batch import import_files

pytestmark = pytest.mark.usefixtures("qt_settings")


@pytest.fixture
def district(store, tmp_path):
    store.set_settings({"units": fx.DISTRICT_UNITS, "office": "XX区发改局"})
    files = fx.district_returns(tmp_path / "returns")
    import_files(store, [files["东镇"], files["代王街道"], files["区教育局"]])
    return store, files


@pytest.fixture
def panel(qtbot, district):
    from ui.monthly import MonthlyPanel

    store, _ = district
    w = MonthlyPanel(store, 2024, 9)
    qtbot.addWidget(w)
    w.resize(1580, 860)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_the_view_lists_units_by_state_and_sends_one_back_with_an_opinion(panel, district, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    store, _ = district
    view = panel.returns
    assert view.units() == [("东镇", "待审"), ("代王街道", "待审"), ("区教育局", "待审"), ("西乡", "未报"),
                            ("区交通局", "未报")]
    assert view.title.text() == "报送与审核(&S)：9月已报3/5个单位，待审3"
    view.select_unit("西乡")
    assert not view.accept_button.isEnabled() and not view.back_button.isEnabled()
    view.select_unit("东镇")
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("", True)))
    view.back_button.click()
    assert "请写明审核意见" in panel.message.text() and ("东镇", "待审") in view.units()
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("卫生院形象进度未填", True)))
    view.back_button.click()
    assert ("东镇", "退回") in view.units() and view.selected_unit() == "东镇"
    assert "「东镇」9月报表：退回" in panel.message.text()
    view.select_unit("区教育局")
    view.accept_button.click()
    assert ("区教育局", "已审核") in view.units()
    assert store.undo() == "审核通过「区教育局」2024年9月报表"
    panel.refresh()
    assert ("区教育局", "待审") in view.units() and ("东镇", "退回") in view.units()


def test_the_return_report_and_the_send_back_note(panel, district, tmp_path):
    from models.returns import review
    from ui.monthly.returns import ReturnDialog

    store, _ = district
    review(store, 2024, 9, "东镇", False, "东镇卫生院累计数请核实")
    dlg = ReturnDialog(store, 2024, 9, "东镇", panel.returns)
    text = dlg.text.toPlainText()
    assert "第1版　东镇报表.xlsx" in text and "2个项目：新增2个" in text
    assert "报送单位：东镇（取自填报单位行「东镇人民政府」）" in text
    assert "审核意见：东镇卫生院累计数请核实" in dlg.head.text()
    out = dlg.write_note(str(tmp_path / "退回说明.docx"))
    assert out is not None and out.stat().st_size > 5000
    assert f"退回说明已写出：{out}" in dlg.text.toPlainText()


def test_several_files_dropped_each_reported_a_bad_one_in_red(qtbot, store, tmp_path):
    from PySide6.QtGui import QColor

    from ui.batch_import_dialog import BatchImportDialog

    store.set_settings({"units": fx.DISTRICT_UNITS})
    files = fx.district_returns(tmp_path / "returns")
    bad = fx._sheet(tmp_path / "坏表.xlsx", [["2024年重点项目（1—9月）"], ["项目名称", "责任单位", "年度计划投资", "1-9月完成投资"],
                                           ["甲", "东镇", "很多", 1]])
    dlg = BatchImportDialog(store, [files["代王街道"], bad, files["区交通局"]])
    qtbot.addWidget(dlg)
    dlg.wait_done()
    qtbot.waitUntil(lambda: dlg.done_btn.isVisibleTo(dlg))
    lines = [dlg.files.item(i).text() for i in range(dlg.files.count())]
    assert lines[0] == "代王街道9月重点项目进展.xlsx｜代王街道｜2024年1—9月｜3个项目，新增3个，更新0个，待核实0个"
    assert lines[1].startswith("坏表.xlsx｜") and "未导入" in lines[1]
    assert dlg.files.item(1).foreground().color() == QColor("#b3261e")
    assert "2024年9月尚未报送的单位（3个）：东镇、西乡、区教育局" in dlg.summary.toPlainText()
    dlg.files.setCurrentRow(2)
    assert "报送单位：区交通局（取自文件名「区交通局2024年9月报.xlsx」）" in dlg.report.toPlainText()
    assert store.undo() == "导入「区交通局2024年9月报.xlsx」（2024年1—9月）"


def test_the_wizard_says_whose_return_and_records_it(qtbot, store, tmp_path):
    from models.returns import returns_of
    from ui.import_dialog import ImportDialog

    store.set_settings({"units": fx.DISTRICT_UNITS})
    files = fx.district_returns(tmp_path / "returns")
    dlg = ImportDialog(store, str(files["代王街道"]))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.ok.isEnabled(), timeout=10000)
    assert "报送单位：代王街道（取自文件名「代王街道9月重点项目进展.xlsx」）" in dlg.info.text()
    dlg.apply()
    dlg.wait_stored()
    qtbot.waitUntil(lambda: dlg.summary is not None)
    assert [(r.unit, r.state, r.projects) for r in returns_of(store, 2024, 9) if r.unit == "代王街道"] == \
        [("代王街道", "待审", 3)]


def test_the_monthly_report_grouped_by_the_office_a_return_came_from(panel, qtbot, tmp_path):
    import openpyxl
    from PySide6.QtCore import QSettings

    act = next(a for a in panel.monthly_group_actions.actions() if a.data() == "office")
    act.trigger()
    assert QSettings().value("monthly/group") == "office"
    out = tmp_path / "月报.xlsx"
    assert panel.export_monthly(path=str(out))
    qtbot.waitUntil(lambda: not panel.runner.busy, timeout=20000)
    cells = [str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows() for c in row if c.value]
    assert [c for c in cells if c[:2] in ("一、", "二、", "三、", "四、")] == \
        ["一、东镇（2项）", "二、代王街道（3项）", "三、区教育局（2项）"]
