"""月度填报 tab, driven through the real widgets: typing, pasting, undo, warnings, 未报, exports off the UI thread."""
from __future__ import annotations

import threading

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow

from models.entry import ENTRY_COLUMNS
from models.money import to_fen
from models.project import Project

COL = {c.key: i for i, c in enumerate(ENTRY_COLUMNS)}


pytestmark = pytest.mark.usefixtures("qt_settings")


@pytest.fixture
def april(store):
    """Four projects of 2009 in three units; March figures for two of them; nothing for April yet."""
    ids = {}
    for name, unit, total, plan in (("汉江堤防加固", "区水利局", "67835.34", "9286.91"),
                                    ("农村初中校舍改造", "区教育局", "5000", "2500"),
                                    ("区人民医院门诊综合楼", "区卫生局", "18000", "6000"),
                                    ("乡镇卫生院标准化建设", "区卫生局", "3000", "1200")):
        ids[name] = store.create_project(Project(name=name, unit=unit, status="在建", total_investment=to_fen(total)),
                                         year=2009, plan=to_fen(plan))
    store.set_figure(ids["汉江堤防加固"], 2009, 3, {"ytd": to_fen("6146.59"), "progress": "堤身加高培厚"})
    store.set_figure(ids["区人民医院门诊综合楼"], 2009, 3, {"ytd": to_fen("1200")})
    return store, ids


@pytest.fixture
def panel(qtbot, april):
    from ui.monthly import MonthlyPanel

    store, ids = april
    w = MonthlyPanel(store, 2009, 4)
    qtbot.addWidget(w)
    w.resize(1500, 800)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    w.view.setFocus()
    qtbot.waitUntil(w.view.hasFocus)
    return w


def row_of(panel, name: str) -> int:
    return next(i for i, l in enumerate(panel.model.lines) if l.name == name)


def cell(panel, name: str, key: str) -> str:
    return panel.model.index(row_of(panel, name), COL[key]).data()


def go(panel, name: str, key: str) -> None:
    panel.view.setCurrentIndex(panel.model.index(row_of(panel, name), COL[key]))


def type_text(qtbot, panel, text: str, end=Qt.Key_Return) -> None:
    """Type as a clerk does: the first key opens the cell's editor, the rest go to whatever has the focus.

    Chinese comes from an input method, which commits whole words: F2 opens the editor and the word replaces
    the text (QTest cannot send key presses for characters outside Latin-1)."""
    assert panel.view.hasFocus(), "the grid must have the keyboard focus"
    if text.isascii():
        qtbot.keyClicks(panel.view, text[0])
        for ch in text[1:]:
            qtbot.keyClicks(QApplication.focusWidget(), ch)
    else:
        qtbot.keyClick(panel.view, Qt.Key_F2)
        editor = QApplication.focusWidget()
        editor.selectAll()
        editor.insert(text)
    qtbot.keyClick(QApplication.focusWidget(), end)
    QApplication.processEvents()          # the delegate commits and closes its editor by a queued call


def press(qtbot, widget, seq: QKeySequence.StandardKey | str) -> None:
    ks = QKeySequence(seq)
    combo = ks[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def test_typing_the_months_amount_stores_fen_and_the_ytd_follows(qtbot, panel, april):
    store, ids = april
    go(panel, "汉江堤防加固", "month_amount")
    with qtbot.waitSignal(panel.changed, timeout=1000):     # the main window refreshes its own views on it
        type_text(qtbot, panel, "1,234.5")
    f = store.figure(ids["汉江堤防加固"], 2009, 4)
    assert f.month_amount == 1_234_500_000 == to_fen("1234.5")      # 1234.5万元 = 1,234,500,000分
    assert f.ytd == to_fen("6146.59") + to_fen("1234.5")
    assert cell(panel, "汉江堤防加固", "ytd") == "7,381.09"
    assert cell(panel, "汉江堤防加固", "month_amount") == "1,234.50"
    assert "已保存" in panel.message.text()


def test_typing_replaces_what_was_in_the_cell(qtbot, panel, april):
    store, ids = april
    store.set_figure(ids["农村初中校舍改造"], 2009, 4, {"month_amount": to_fen("88")})
    panel.refresh()
    go(panel, "农村初中校舍改造", "month_amount")
    type_text(qtbot, panel, "12")
    assert store.figure(ids["农村初中校舍改造"], 2009, 4).month_amount == to_fen("12")


def test_enter_and_tab_move_down_and_right(qtbot, panel):
    go(panel, "汉江堤防加固", "month_amount")
    r = panel.view.currentIndex().row()
    qtbot.keyClick(panel.view, Qt.Key_Return)
    assert (panel.view.currentIndex().row(), panel.view.currentIndex().column()) == (r + 1, COL["month_amount"])
    type_text(qtbot, panel, "5")                       # Enter after typing stores and goes down as well
    assert panel.view.currentIndex().row() == r + 2
    qtbot.keyClick(panel.view, Qt.Key_Tab)
    assert panel.view.currentIndex().column() == COL["ytd"]
    type_text(qtbot, panel, "7", end=Qt.Key_Tab)        # Tab stores and goes right, no editor left open
    assert panel.view.currentIndex().column() == COL["since_start"]
    assert panel.view.state() != panel.view.State.EditingState


def test_a_bad_value_says_which_project_and_field_and_stores_nothing(qtbot, panel, april):
    store, ids = april
    go(panel, "农村初中校舍改造", "month_amount")
    type_text(qtbot, panel, "1O0")     # letter O for a zero: a typo clerks make
    msg = panel.message.text()
    assert "农村初中校舍改造" in msg and "本月完成" in msg and "不是数字" in msg
    assert store.figure(ids["农村初中校舍改造"], 2009, 4) is None
    assert store.undo_label() != "录入「农村初中校舍改造」4月本月完成"


def test_a_ytd_lower_than_last_month_is_refused_with_the_figures(qtbot, panel, april):
    store, ids = april
    go(panel, "汉江堤防加固", "ytd")
    type_text(qtbot, panel, "6000")
    assert "累计数不能减少" in panel.message.text() and "6,146.59" in panel.message.text()
    assert store.figure(ids["汉江堤防加固"], 2009, 4) is None


def test_pasting_a_block_from_excel_is_one_step_and_one_undo_removes_it(qtbot, panel, april):
    store, ids = april
    names = [l.name for l in panel.model.lines[:3]]
    go(panel, names[0], "ytd")
    QGuiApplication.clipboard().setText("7000\t9000\r\n300.5\t3,000.5\r\n1500\t2000\r\n")   # Excel's own format
    before = len(store.history())
    press(qtbot, panel.view, QKeySequence.Paste)
    figs = [store.figure(ids[n], 2009, 4) for n in names]
    assert [(f.ytd, f.since_start) for f in figs] == [
        (to_fen("7000"), to_fen("9000")), (to_fen("300.5"), to_fen("3000.5")), (to_fen("1500"), to_fen("2000"))]
    assert figs[0].month_amount == to_fen("7000") - to_fen("6146.59")       # 本月 follows from March
    assert store.undo_label().startswith("粘贴3行×2列")
    assert len(store.history()) > before
    press(qtbot, panel.view, QKeySequence.Undo)
    assert all(store.figure(ids[n], 2009, 4) is None for n in names)
    assert cell(panel, names[0], "ytd") == ""
    assert "已撤销：粘贴3行×2列" in panel.message.text()
    qtbot.keyClick(panel.view, Qt.Key_Y, Qt.ControlModifier)
    assert store.figure(ids[names[2]], 2009, 4).since_start == to_fen("2000")


def test_a_paste_with_one_bad_cell_stores_nothing(qtbot, panel, april):
    store, ids = april
    go(panel, panel.model.lines[0].name, "month_amount")
    panel.view.paste("10\n20\nabc\n")
    assert "不是数字" in panel.message.text() and panel.model.lines[2].name in panel.message.text()
    assert all(store.figure(pid, 2009, 4) is None for pid in ids.values())


def test_a_whole_return_pasted_with_names_lands_on_the_right_projects(qtbot, panel, april):
    """The unit's table, copied with its 项目名称 column and in its own order, matched by name in one paste."""
    store, ids = april
    go(panel, panel.model.lines[0].name, "name")
    block = ("区人民医院门诊综合楼\t区卫生局\t6000\t1200\t800\t\t\t主体封顶\n"
             "汉江堤防加固\t区水利局\t9286.91\t6146.59\t1000\t\t\t堤身加高\n")
    panel.view.paste(block)
    assert store.figure(ids["区人民医院门诊综合楼"], 2009, 4).ytd == to_fen("2000")
    assert store.figure(ids["汉江堤防加固"], 2009, 4).progress == "堤身加高"
    assert store.figure(ids["农村初中校舍改造"], 2009, 4) is None


def test_ctrl_d_fills_down_and_delete_clears(qtbot, panel, april):
    store, ids = april
    col = COL["progress"]
    go(panel, panel.model.lines[0].name, "progress")
    type_text(qtbot, panel, "正在施工")
    sel = panel.view.selectionModel()
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    sel.select(QItemSelection(panel.model.index(0, col), panel.model.index(3, col)), QItemSelectionModel.ClearAndSelect)
    qtbot.keyClick(panel.view, Qt.Key_D, Qt.ControlModifier)
    assert [store.figure(pid, 2009, 4).progress for pid in ids.values()] == ["正在施工"] * 4
    sel.select(QItemSelection(panel.model.index(1, col), panel.model.index(3, col)), QItemSelectionModel.ClearAndSelect)
    qtbot.keyClick(panel.view, Qt.Key_Delete)
    assert [cell(panel, panel.model.lines[r].name, "progress") for r in range(4)] == ["正在施工", "", "", ""]


def test_the_grids_undo_wins_over_a_window_shortcut(qtbot, april):
    """Inside the main window a menu has Ctrl+Z too; in the grid it must still undo exactly once."""
    from ui.monthly import MonthlyPanel

    store, ids = april
    win = QMainWindow()
    qtbot.addWidget(win)
    panel = MonthlyPanel(store, 2009, 4)
    win.setCentralWidget(panel)
    fired = []
    act = QAction("撤销", win)
    act.setShortcut(QKeySequence.Undo)
    act.triggered.connect(lambda: fired.append(1))
    win.addAction(act)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus)
    go(panel, "汉江堤防加固", "month_amount")
    type_text(qtbot, panel, "10")
    qtbot.keyClick(panel.view, Qt.Key_Z, Qt.ControlModifier)
    assert store.figure(ids["汉江堤防加固"], 2009, 4) is None and fired == []


def test_suspicious_rows_are_marked_with_the_reason(qtbot, panel, april):
    store, ids = april
    go(panel, "乡镇卫生院标准化建设", "ytd")
    type_text(qtbot, panel, "3500")               # above the project's 总投资 of 3,000万元
    r = row_of(panel, "乡镇卫生院标准化建设")
    idx = panel.model.index(r, COL["month_amount"])
    assert "超过总投资" in idx.data(Qt.ToolTipRole)
    assert idx.data(Qt.BackgroundRole) is not None
    assert panel.model.index(r, COL["name"]).data().startswith("⚠")
    ok = row_of(panel, "汉江堤防加固")
    assert not panel.model.index(ok, COL["name"]).data().startswith("⚠")


def test_start_and_finish_dates_typed_in_the_grid_go_on_the_card(qtbot, panel, april):
    store, ids = april
    pid = store.create_project(Project(name="尹集物流工业园基础设施", unit="尹集乡", status="未开工",
                                       total_investment=to_fen("10115.13")), year=2009, plan=to_fen("3000"))
    panel.refresh()
    assert "未开工 <b>1</b>" in panel.summary.labels["bands"].text()
    go(panel, "尹集物流工业园基础设施", "actual_start")
    type_text(qtbot, panel, "2009年4月20日")
    p = store.project(pid)
    assert (p.actual_start, p.status) == ("2009-04-20", "在建")
    assert cell(panel, "尹集物流工业园基础设施", "actual_start") == "2009-04-20"
    assert "未开工 <b>0</b>" in panel.summary.labels["bands"].text()
    go(panel, "区人民医院门诊综合楼", "actual_finish")
    type_text(qtbot, panel, "2009.4.8")
    assert store.project(ids["区人民医院门诊综合楼"]).status == "已竣工"
    assert "已竣工 <b>1</b>" in panel.summary.labels["bands"].text()
    qtbot.keyClick(panel.view, Qt.Key_Z, Qt.ControlModifier)
    assert store.project(ids["区人民医院门诊综合楼"]).actual_finish == "" and "已竣工" not in \
        panel.summary.labels["bands"].text()
    go(panel, "汉江堤防加固", "actual_start")
    type_text(qtbot, panel, "4月")
    assert "不是日期" in panel.message.text() and store.project(ids["汉江堤防加固"]).actual_start in ("", None)


def tip(panel, name: str) -> str:
    return panel.model.index(row_of(panel, name), COL["ytd"]).data(Qt.ToolTipRole) or ""


def test_a_negative_months_amount_is_marked(qtbot, panel, april):
    store, ids = april
    go(panel, "汉江堤防加固", "month_amount")
    type_text(qtbot, panel, "-50")                  # alone it would make 累计 fall: refused with the figures
    assert "累计数不能减少" in panel.message.text() and store.figure(ids["汉江堤防加固"], 2009, 4) is None
    go(panel, "汉江堤防加固", "month_amount")
    QGuiApplication.clipboard().setText("-50\t6300\r\n")   # 本月 and 累计 pasted as a pair: stored, but marked
    press(qtbot, panel.view, QKeySequence.Paste)
    assert store.figure(ids["汉江堤防加固"], 2009, 4).month_amount == to_fen("-50")
    why = tip(panel, "汉江堤防加固")
    assert "本月完成为负数（-50.00万元）" in why and "与累计之差153.41万元对不上" in why
    assert cell(panel, "汉江堤防加固", "name").startswith("⚠")


def test_a_jump_from_lagging_to_the_whole_years_plan_is_marked_as_a_likely_typo(qtbot, panel, april):
    store, ids = april
    go(panel, "乡镇卫生院标准化建设", "ytd")
    type_text(qtbot, panel, "1300")                  # plan 1,200: done in April after nothing by March?
    why = tip(panel, "乡镇卫生院标准化建设")
    assert "从「未赶上序时进度」跳到「已完成年度计划」" in why and "占年度计划108.3%" in why
    go(panel, "乡镇卫生院标准化建设", "ytd")
    type_text(qtbot, panel, "130")                   # the digit too many taken out: no mark left
    assert tip(panel, "乡镇卫生院标准化建设") == ""
    assert not cell(panel, "乡镇卫生院标准化建设", "name").startswith("⚠")


def test_a_stored_ytd_lower_than_last_month_is_marked(qtbot, panel, april):
    """The store refuses it when typed; a figure left by an older file still shows why it is wrong."""
    store, ids = april
    go(panel, "汉江堤防加固", "ytd")
    type_text(qtbot, panel, "7000")
    assert tip(panel, "汉江堤防加固") == ""
    with store.conn:
        store.conn.execute("UPDATE monthly_figures SET ytd=? WHERE project_id=? AND month=3",
                           (to_fen("7500"), ids["汉江堤防加固"]))
    panel.refresh()
    assert "1—4月累计7,000.00万元低于上月累计7,500.00万元" in tip(panel, "汉江堤防加固")
    assert panel.model.index(row_of(panel, "汉江堤防加固"), COL["month_amount"]).data(Qt.BackgroundRole) is not None


def test_not_reported_lists_the_right_projects_and_marking_removes_them(qtbot, panel, april):
    store, ids = april
    assert sorted(panel.not_reported.names()) == sorted(ids)
    assert panel.not_reported.unit_rows() == ["区水利局（1个）", "区教育局（1个）", "区卫生局（2个）"]
    assert panel.not_reported.title.text() == "4月未报：3个单位 4个项目"
    go(panel, "汉江堤防加固", "month_amount")
    type_text(qtbot, panel, "100")
    assert "汉江堤防加固" not in panel.not_reported.names()
    assert "已报 <b>1</b>/4" in panel.summary.labels["reported"].text()
    changes = []
    panel.changed.connect(lambda: changes.append(1))
    panel.not_reported.select_names(["区人民医院门诊综合楼", "农村初中校舍改造"])
    qtbot.mouseClick(panel.not_reported.zero_button, Qt.LeftButton)
    assert panel.not_reported.names() == ["乡镇卫生院标准化建设"]
    assert panel.not_reported.unit_rows() == ["区卫生局（1个）"]
    assert panel.not_reported.title.text() == "4月未报：1个单位 1个项目"
    f = store.figure(ids["区人民医院门诊综合楼"], 2009, 4)
    assert (f.month_amount, f.ytd) == (0, to_fen("1200"))
    assert changes and "已将2个项目标为4月无进展" in panel.message.text()
    text = panel.not_reported.copy_list()
    assert QGuiApplication.clipboard().text() == text
    assert "1个单位1个项目未报送" in text and "区卫生局（1个）：乡镇卫生院标准化建设" in text


def test_a_unit_selected_marks_all_its_projects(qtbot, panel, april):
    store, ids = april
    tree = panel.not_reported
    unit_index = tree.model.index(2, 0)       # 区卫生局（2个）
    tree.tree.selectionModel().select(unit_index, tree.tree.selectionModel().SelectionFlag.Select)
    qtbot.mouseClick(tree.zero_button, Qt.LeftButton)
    assert sorted(tree.names()) == ["农村初中校舍改造", "汉江堤防加固"]


def test_summary_strip_says_what_the_report_object_says(qtbot, panel, april):
    from models.money import fmt_pct, fmt_wan
    from models.report import build_report
    from models.rules import vs_text

    store, ids = april
    go(panel, "汉江堤防加固", "ytd")
    type_text(qtbot, panel, "7000")
    r = build_report(store, 2009, 4)
    s = panel.summary.labels
    # 7,000 typed + the hospital's 1,200 carried from March (it has not reported April)
    assert fmt_wan(r.total.ytd, True) == "8,200.00" and "8,200.00" in s["ytd"].text()
    assert f"{fmt_pct(r.total.completion)}%" in s["completion"].text()
    assert "33.3%" in s["schedule"].text()
    assert vs_text(r.total.gap_pp) in s["gap"].text()
    ranked = r.units_ranked
    assert s["units"].text() == (f"单位排名：第1 {ranked[0].name} {fmt_pct(ranked[0].completion)}%，"
                                 f"第{len(ranked)} {ranked[-1].name} {fmt_pct(ranked[-1].completion)}%")
    assert s["units"].text().startswith("单位排名：第1 区水利局 75.4%")          # 7,000 of 9,286.91
    assert "1. 区水利局（1个）75.4%" in s["units"].toolTip()


def test_set_period_shows_the_other_month(qtbot, panel, april):
    store, ids = april
    panel.set_period(2009, 3)
    assert cell(panel, "汉江堤防加固", "ytd") == "6,146.59"
    assert panel.model.headerData(COL["ytd"], Qt.Horizontal).startswith("1—3月累计")
    assert "2009年3月" == panel.period_label.text()


def test_unit_filter_shows_only_that_units_projects(qtbot, panel):
    panel.unit_box.setCurrentText("区卫生局")
    assert {l.unit for l in panel.model.lines} == {"区卫生局"} and panel.model.rowCount() == 2
    assert len(panel.not_reported.names()) == 4        # 未报 always covers the whole list


def test_last_months_progress_is_carried_forward_as_a_starting_text(qtbot, panel, april):
    store, ids = april
    r = row_of(panel, "汉江堤防加固")
    assert "上月形象进度：堤身加高培厚" in panel.model.index(r, COL["progress"]).data(Qt.ToolTipRole)
    go(panel, "汉江堤防加固", "progress")
    qtbot.mouseClick(panel.carry_button, Qt.LeftButton)
    # not reported yet: a carried text must not take the project off the 未报 list
    assert store.figure(ids["汉江堤防加固"], 2009, 4) is None and "汉江堤防加固" in panel.not_reported.names()
    assert "尚未报数" in panel.message.text()
    go(panel, "汉江堤防加固", "month_amount")
    type_text(qtbot, panel, "300")
    go(panel, "汉江堤防加固", "progress")
    qtbot.mouseClick(panel.carry_button, Qt.LeftButton)
    assert store.figure(ids["汉江堤防加固"], 2009, 4).progress == "堤身加高培厚"
    assert cell(panel, "汉江堤防加固", "progress") == "堤身加高培厚"
    assert store.undo_label() == "沿用上月形象进度（1个项目）"


def test_f2_on_an_empty_progress_cell_starts_from_last_months_text(qtbot, panel, april):
    store, ids = april
    go(panel, "汉江堤防加固", "progress")
    qtbot.keyClick(panel.view, Qt.Key_F2)
    editor = QApplication.focusWidget()
    assert editor.text() == "堤身加高培厚"              # the starting text, not yet stored
    assert store.figure(ids["汉江堤防加固"], 2009, 4) is None
    editor.end(False)
    editor.insert("，完成堤身加高2.5公里")
    qtbot.keyClick(editor, Qt.Key_Return)
    QApplication.processEvents()
    assert store.figure(ids["汉江堤防加固"], 2009, 4).progress == "堤身加高培厚，完成堤身加高2.5公里"
    go(panel, "区人民医院门诊综合楼", "progress")          # no text last month: the editor opens empty
    qtbot.keyClick(panel.view, Qt.Key_F2)
    assert QApplication.focusWidget().text() == ""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Escape)


# ---- exports ----------------------------------------------------------------------------------------

def test_analysis_preview_edit_is_kept_and_ends_up_in_the_docx(qtbot, panel, april, tmp_path):
    from docx import Document

    from models.analysis_texts import load_draft

    store, ids = april
    preview = panel.open_analysis()
    text = preview.editor.toPlainText()
    assert text.splitlines()[0].startswith("2009年1—4月") and "四、下步工作" in text
    preview.editor.setPlainText(text.replace("四、下步工作", "四、下步工作\n下月召开调度会，逐个项目督促赶进度。", 1))
    preview.editor.document().setModified(True)
    out = tmp_path / "分析.docx"
    main_thread = threading.get_ident()
    seen = []
    import exporters.analysis_docx as ad
    real = ad.write_analysis_docx

    def spy(*a, **k):
        seen.append(threading.get_ident())
        return real(*a, **k)

    ad.write_analysis_docx = spy
    try:
        assert panel.export_analysis(preview.editor.toPlainText(), path=str(out))
        qtbot.waitUntil(lambda: not panel.runner.busy, timeout=20000)
    finally:
        ad.write_analysis_docx = real
    assert seen and seen[0] != main_thread                   # written off the UI thread
    body = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "下月召开调度会，逐个项目督促赶进度。" in body
    assert len(Document(str(out)).inline_shapes) == 3        # the 附图, painted off the UI thread too
    assert "已导出文字分析" in panel.message.text() and panel.open_folder_button.isVisible()
    assert QSettings().value("exports/last_dir") == str(tmp_path)
    preview.close()
    assert "下月召开调度会" in load_draft(store, 2009, 4).text
    again = panel.open_analysis()                          # the edit is what the month's preview shows next time
    assert "下月召开调度会" in again.editor.toPlainText()
    again.close()


def test_analysis_export_button_in_the_preview_saves_and_writes(qtbot, panel, april, tmp_path, monkeypatch):
    from docx import Document

    import ui.monthly.panel as mp

    out = tmp_path / "x.docx"
    monkeypatch.setattr(mp, "ask_save_path", lambda *a, **k: str(out))
    monkeypatch.setattr(mp, "confirm_unreported", lambda *a: True)
    preview = panel.open_analysis()
    preview.editor.setPlainText(preview.editor.toPlainText() + "\n补充一句。")
    preview.editor.document().setModified(True)
    qtbot.mouseClick(preview.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not panel.runner.busy and out.exists(), timeout=20000)   # written whole, then renamed
    # the file holds what was typed in the preview, not only the generated draft
    body = [p.text for p in Document(str(out)).paragraphs]
    assert "补充一句。" in body and body.index("补充一句。") > body.index("四、下步工作")
    preview.close()


def test_notices_are_numbered_and_written_off_the_ui_thread(qtbot, panel, april, tmp_path):
    from models.notices import notices

    store, ids = april
    out = tmp_path / "督办单.docx"
    assert panel.export_notices(path=str(out))
    assert not panel.notices_button.isEnabled()             # no double click while it runs
    qtbot.waitUntil(lambda: not panel.runner.busy, timeout=20000)
    assert out.exists() and panel.notices_button.isEnabled()
    issued = notices(store, 2009)
    assert issued and {n.project_id for n in issued} <= set(ids.values())
    assert f"（{len(issued)}份）" in panel.message.text()


def test_monthly_export_writes_the_月报_in_a_worker_and_offers_to_open_it(qtbot, panel, april, monkeypatch, tmp_path):
    import openpyxl

    import ui.monthly.panel as mp
    from exporters.monthly_xlsx import write_monthly_xlsx

    threads = []

    def spy(report, path, **kw):
        threads.append(threading.get_ident())
        return write_monthly_xlsx(report, path, **kw)

    monkeypatch.setattr(mp, "write_monthly_xlsx", spy)
    go(panel, "汉江堤防加固", "month_amount")
    type_text(qtbot, panel, "1234.5")
    out = tmp_path / "报表" / "月报.xlsx"
    out.parent.mkdir()
    assert not panel.open_file_button.isVisible()
    assert panel.export_monthly(path=str(out))
    assert not panel.monthly_button.isEnabled()               # no double click while it runs
    qtbot.waitUntil(lambda: not panel.runner.busy, timeout=20000)
    assert threads and threads[0] != threading.get_ident()
    ws = openpyxl.load_workbook(out).active
    assert ws["B5"].value == "合计（4项）"
    # 汉江's 6,146.59 + 1,234.50 typed, and the hospital's 1,200.00 carried from March (it has not reported April)
    assert 8581.09 in [c.value for c in ws[5]] and 1234.5 in [c.value for c in ws[5]]
    assert QSettings().value("exports/last_dir") == str(out.parent)
    assert panel.monthly_button.isEnabled() and "已导出月报" in panel.message.text()

    opened = []

    class Handler(QObject):
        @Slot(QUrl)
        def open(self, url):
            opened.append(url.toLocalFile())

    handler = Handler()
    QDesktopServices.setUrlHandler("file", handler, "open")
    try:
        assert panel.open_file_button.isVisible() and panel.open_folder_button.isVisible()
        qtbot.mouseClick(panel.open_file_button, Qt.LeftButton)
        qtbot.mouseClick(panel.open_folder_button, Qt.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened == [str(out), str(out.parent)]
    panel.show_info("别的消息")
    assert not panel.open_file_button.isVisible()             # the offer goes with the message it belonged to


def test_every_save_dialog_opens_in_the_folder_of_the_last_export_whatever_its_kind(qtbot, panel, monkeypatch,
                                                                                    tmp_path):
    import ui.monthly.exports as ex
    import ui.monthly.panel as mp

    seen = []

    def cancelled(parent, title, start, pattern):
        seen.append(start)
        return "", ""

    monkeypatch.setattr(ex.QFileDialog, "getSaveFileName", staticmethod(cancelled))
    monkeypatch.setattr(mp, "confirm_unreported", lambda *a: True)
    word = tmp_path / "本月材料" / "分析.docx"
    word.parent.mkdir()
    assert panel.export_analysis("标题\n正文", path=str(word))        # a Word export first…
    qtbot.waitUntil(lambda: not panel.runner.busy, timeout=20000)
    assert not panel.export_monthly()                               # …then the 月报 and the 清单 dialogs
    assert not panel.export_list(suffix=".pdf")
    assert seen == [str(word.parent / "2009年4月重点项目月报.xlsx"), str(word.parent / "2009年4月重点项目清单.pdf")]


def test_an_export_that_fails_says_why_in_chinese(qtbot, panel, monkeypatch, tmp_path):
    import ui.monthly.panel as mp
    from models.errors import ExportError

    def broken(report, path):
        raise ExportError("文件「月报.xlsx」正在被其他程序使用，请关闭后重试")

    monkeypatch.setattr(mp, "write_monthly_xlsx", broken)
    panel.export_monthly(path=str(tmp_path / "月报.xlsx"))
    qtbot.waitUntil(lambda: not panel.runner.busy, timeout=10000)
    assert "正在被其他程序使用" in panel.message.text() and panel.monthly_button.isEnabled()
    assert not panel.open_file_button.isVisible()


def test_notice_tracking_shows_deadlines_and_records_the_answer(qtbot, panel, april, tmp_path):
    import datetime as dt

    from models.notices import ANSWERED, notices

    store, ids = april
    dlg = panel.open_notices()
    assert dlg.model.rowCount() == 0 and "已下发督办单0份" in dlg.summary.text()
    panel.export_notices(path=str(tmp_path / "d.docx"), issued_on=dt.date(2009, 5, 5))
    qtbot.waitUntil(lambda: not panel.runner.busy, timeout=20000)
    assert dlg.model.rowCount() == len(notices(store, 2009)) > 0
    first = dlg.model.index(0, 0)
    assert first.data() == "〔2009〕第1号" and dlg.model.index(0, 5).data() == "2009-05-20"   # 15 days by default
    assert dlg.model.index(0, 6).data() == "逾期未反馈"          # 2009's deadline has long passed
    dlg.select_row(0)
    dlg.response.setPlainText("已协调国土部门，土地报批材料5月底前上报")
    qtbot.mouseClick(dlg.save_button, Qt.LeftButton)
    n = notices(store, 2009)[0]
    assert n.status == ANSWERED and n.response.startswith("已协调国土部门")
    assert dlg.model.index(0, 6).data() == ANSWERED and "已协调国土部门" in dlg.model.index(0, 7).data()
    dlg.close()


def test_copy_gives_excel_plain_numbers_and_texts(qtbot, panel, april):
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    store, ids = april
    go(panel, "汉江堤防加固", "month_amount")
    type_text(qtbot, panel, "1234.5")
    r = row_of(panel, "汉江堤防加固")
    panel.view.selectionModel().select(QItemSelection(panel.model.index(r, COL["name"]),
                                                      panel.model.index(r, COL["ytd"])),
                                       QItemSelectionModel.ClearAndSelect)
    press(qtbot, panel.view, QKeySequence.Copy)
    assert QGuiApplication.clipboard().text() == "汉江堤防加固\t区水利局\t9286.91\t6146.59\t1234.50\t7381.09\r\n"


def test_all_columns_fit_a_1600_pixel_window_and_a_dragged_width_stays(qtbot, panel):
    panel.resize(1580, 860)
    qtbot.waitUntil(lambda: panel.view.viewport().width() > 1200)
    QApplication.processEvents()
    widths = [panel.view.columnWidth(i) for i in range(panel.model.columnCount())]
    assert sum(widths) <= panel.view.viewport().width()
    assert panel.view.horizontalScrollBar().maximum() == 0          # 实际竣工日期 is on screen, no scrolling
    assert widths[COL["progress"]] >= 150 and widths[COL["actual_finish"]] >= 80
    panel.view.horizontalHeader().resizeSection(COL["progress"], 400)   # the clerk drags the edge
    panel.resize(1500, 860)
    QApplication.processEvents()
    assert panel.view.columnWidth(COL["progress"]) == 400
