"""The card's 前期手续 / 问题台账 / 四个一批 tabs, the grid's 资金到位 column, the question after an import and
设置's checklist and targets — driven through the real widgets."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from models import records
from models.entry import ENTRY_COLUMNS
from models.money import to_fen
from models.project import Project

pytestmark = pytest.mark.usefixtures("qt_settings")
COL = {c.key: i for i, c in enumerate(ENTRY_COLUMNS)}


@pytest.fixture
def project(store):
    pid = store.create_project(Project(name="城东物流园", unit="区商务局", leader="李四", planned_start="2024-02"),
                               2024, to_fen("5000"))
    store.set_figure(pid, 2024, 4, {"month_amount": 0, "problem": "土地征收未完成"})
    return pid


def card(store, qtbot, pid: int):
    from ui.card_dialog import CardDialog

    dlg = CardDialog(store, 2024, store.project(pid))
    qtbot.addWidget(dlg)
    return dlg


def tab(dlg, title: str) -> None:
    i = next(i for i in range(dlg.tabs.count()) if dlg.tabs.tabText(i).startswith(title))
    dlg.tabs.setCurrentIndex(i)


def test_the_approvals_tab_stores_states_dates_and_notes_with_the_card_in_one_step(store, project, qtbot):
    dlg = card(store, qtbot, project)
    tab(dlg, "前期手续")
    t = dlg.approvals_tab
    assert [t.table.item(r, 0).text() for r in range(t.table.rowCount())] == list(records.APPROVAL_ITEMS)
    t.states[0].setCurrentText("已办")
    t.table.item(0, 2).setText("2024/1/15")
    t.states[3].setCurrentText("办理中")
    t.table.item(3, 3).setText("已报市生态环境局")
    dlg.edits["phone"].setText("0710-3333333")
    dlg.save()
    got = records.approvals(store, project)
    assert (got[0].state, got[0].done_on) == ("已办", "2024-01-15")
    assert (got[3].state, got[3].note) == ("办理中", "已报市生态环境局")
    assert store.project(project).phone == "0710-3333333"
    assert store.undo() == "修改项目「城东物流园」"          # card and checklist: one step
    assert records.approvals(store, project)[0].state == "未办" and store.project(project).phone == ""


def test_a_bad_date_in_the_checklist_keeps_the_card_open_and_stores_nothing(store, project, qtbot, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    dlg = card(store, qtbot, project)
    dlg.approvals_tab.table.item(5, 2).setText("明年")
    dlg.edits["phone"].setText("0710-3333333")
    dlg.save()
    assert "施工许可日期「明年」" in warned[0] and dlg.result() == 0
    assert store.project(project).phone == ""


def test_the_problems_tab_records_steps_and_state(store, project, qtbot):
    dlg = card(store, qtbot, project)
    assert any(dlg.tabs.tabText(i) == "问题台账（1）" for i in range(dlg.tabs.count()))
    tab(dlg, "问题台账")
    t = dlg.problems_tab
    assert t.text.toPlainText() == "土地征收未完成" and t.cause.currentText() == "用地与征地拆迁"
    assert (t.unit.text(), t.leader.text()) == ("区商务局", "李四")
    qtbot.mouseClick(t.add_step_button, Qt.LeftButton)
    t.steps.item(0, 0).setText("2024-05-06")
    t.steps.item(0, 1).setText("区自然资源局现场办公")
    t.state.setCurrentText("协调中")
    qtbot.mouseClick(t.add_button, Qt.LeftButton)            # a second problem, typed on the card
    t.text.setPlainText("施工单位招标流标")
    dlg.save()
    got = records.problems(store, project)
    assert got[0].state == "协调中" and [(s.done_on, s.text) for s in got[0].steps] == [("2024-05-06", "区自然资源局现场办公")]
    assert got[1].text == "施工单位招标流标" and got[1].cause == "前期手续与审批" and not got[1].tracks_figure
    assert store.undo() == "修改项目「城东物流园」"
    assert len(records.problems(store, project)) == 1 and records.problems(store, project)[0].steps == []


def test_the_batches_tab_ticks_membership_and_dates(store, project, qtbot):
    dlg = card(store, qtbot, project)
    tab(dlg, "四个一批")
    t = dlg.batches_tab
    assert not t.dates["签约"].isEnabled()
    t.boxes["签约"].setChecked(True)
    assert t.dates["签约"].isEnabled()
    t.dates["签约"].setText("2024-03-18")
    t.boxes["开工"].setChecked(True)
    dlg.save()
    assert records.project_batches(store, project, 2024) == {"签约": "2024-03-18", "开工": ""}


def test_the_grid_takes_funds_received_and_shows_it(store, project, qtbot):
    from ui.monthly import MonthlyPanel

    w = MonthlyPanel(store, 2024, 4)
    qtbot.addWidget(w)
    m = w.model
    assert m.headerData(COL["funds_received"], Qt.Horizontal) == "资金到位\n（万元）"
    assert m.setData(m.index(0, COL["funds_received"]), "1234.5")
    assert store.figure(project, 2024, 4).funds_received == to_fen("1234.5")
    assert m.index(0, COL["funds_received"]).data() == "1,234.50"
    w.view.setCurrentIndex(m.index(0, COL["funds_received"]))
    w.view.undo()
    assert store.figure(project, 2024, 4).funds_received is None


def test_after_an_import_problems_no_longer_written_are_asked_about(store, project, qtbot, monkeypatch):
    from ui.card_records import ask_solved

    store.set_figure(project, 2024, 5, {"month_amount": to_fen("100"), "problem": "无"})
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    assert ask_solved(None, store, 2024, 5) == 1
    assert "城东物流园：土地征收未完成（2024年4月提出）" in asked[0]
    assert records.problems(store, project)[0].state == "已解决"
    assert ask_solved(None, store, 2024, 5) == 0 and len(asked) == 1      # asked once


def test_settings_hold_the_checklist_and_the_years_targets(store, qtbot):
    from ui.settings_dialog import SettingsDialog

    dlg = SettingsDialog(store, None)
    dlg.year = 2024                     # the window's year (the dialog takes it from its parent)
    qtbot.addWidget(dlg)
    dlg.approval_items.setPlainText("立项\n能评\n施工许可")
    dlg.batch_targets["开工"].setValue(12)
    dlg.save()
    assert records.approval_items(store) == ["立项", "能评", "施工许可"]
    assert records.batch_targets(store, 2024)["开工"] == 12


def test_the_monthly_page_exports_the_problem_list_and_the_photo_list(store, project, qtbot, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    from models import photos as ph
    from ui.monthly import MonthlyPanel
    from ui.photo_files import picture_of_image
    from PySide6.QtGui import QImage, QColor

    img = QImage(1200, 900, QImage.Format.Format_RGB32)
    img.fill(QColor("#8a6"))
    ph.add_photos(store, project, 2024, 4, [picture_of_image(img)])
    w = MonthlyPanel(store, 2024, 4)
    qtbot.addWidget(w)
    titles = [a.text() for a in w.list_button.menu().actions()]
    assert "问题清单（Word）…" in titles and "图片版项目清单…" in titles
    assert w.export_problems(str(tmp_path / "问题.xlsx"), suffix=".xlsx")
    qtbot.waitUntil(lambda: "已导出问题清单" in w.message.text(), timeout=20000)
    ws = load_workbook(tmp_path / "问题.xlsx").active
    assert ws.cell(row=5, column=2).value == "城东物流园" and ws.cell(row=5, column=3).value == "土地征收未完成"
    assert w.export_photo_list(str(tmp_path / "图片.docx"))
    qtbot.waitUntil(lambda: "已导出图片版项目清单" in w.message.text(), timeout=20000)
    d = Document(str(tmp_path / "图片.docx"))
    assert len(d.inline_shapes) == 1 and "1. 城东物流园" in "\n".join(p.text for p in d.paragraphs)


def test_the_project_list_menu_adds_the_approvals_column_and_remembers_it(store, project, qtbot, tmp_path):
    from openpyxl import load_workbook

    from ui.monthly import MonthlyPanel

    records.save_approvals(store, project, [records.Approval("环评批复", "办理中")])
    w = MonthlyPanel(store, 2024, 4)
    qtbot.addWidget(w)
    assert not w.list_approvals.isChecked()
    w.list_approvals.setChecked(True)
    assert w.export_list(str(tmp_path / "清单.xlsx"), suffix=".xlsx")
    qtbot.waitUntil(lambda: "已导出项目清单" in w.message.text(), timeout=20000)
    ws = load_workbook(tmp_path / "清单.xlsx").active
    assert ws.cell(row=3, column=11).value == "前期手续"
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=2).value == "城东物流园")
    assert ws.cell(row=row, column=11).value.startswith("缺立项/可研批复、")
    again = MonthlyPanel(store, 2024, 4)          # the next time the page opens, the column is still asked for
    qtbot.addWidget(again)
    assert again.list_approvals.isChecked()


def test_the_months_strip_shows_funds_and_four_batches_at_a_glance(store, project, qtbot):
    from ui.monthly import MonthlyPanel

    records.set_batch_targets(store, 2024, {"签约": 4, "开工": 6, "投产": 0, "竣工": 0})
    records.save_batches(store, project, 2024, {"签约": "2024-03-18"})
    store.set_figure(project, 2024, 4, {"funds_received": to_fen("250")})
    w = MonthlyPanel(store, 2024, 4)
    qtbot.addWidget(w)
    text = w.summary.labels["units"].text()
    assert "4月资金到位 250.00 万元" in text and "四个一批（完成/目标）：签约 1/4、开工 0/6" in text
