"""Issue 19, "the clerk's hands": a month done from the keyboard, the right month after a restart, the search box's
keys, one status bar per tab, Qt in Chinese, one 未报, one export folder, one window per 台账 — driven by key events
on the real widgets."""
from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from models.entry import ENTRY_COLUMNS
from models.money import fmt_pct, fmt_wan, to_fen
from models.project import Project
from models.report import ReportFilter, build_report, start_rate

COL = {c.key: i for i, c in enumerate(ENTRY_COLUMNS)}
FIRST, LAST = COL["month_amount"], len(ENTRY_COLUMNS) - 1

pytestmark = pytest.mark.usefixtures("qt_settings")


def four_projects(store) -> dict[str, int]:
    """Four projects of 2009 in three units; March figures for two of them; nothing for April yet."""
    ids = {}
    for name, unit, plan in (("汉江堤防加固", "区水利局", "9286.91"), ("农村初中校舍改造", "区教育局", "2500"),
                             ("区人民医院门诊综合楼", "区卫生局", "6000"), ("乡镇卫生院标准化建设", "区卫生局", "1200")):
        ids[name] = store.create_project(Project(name=name, unit=unit, status="在建"), year=2009, plan=to_fen(plan))
    store.set_figure(ids["汉江堤防加固"], 2009, 3, {"ytd": to_fen("6146.59"), "progress": "堤身加高培厚"})
    store.set_figure(ids["区人民医院门诊综合楼"], 2009, 3, {"ytd": to_fen("1200")})
    return ids


def show(qtbot, w, width: int = 1500, height: int = 860):
    qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


@pytest.fixture
def win(qtbot, store):
    from ui.main_window import MainWindow

    ids = four_projects(store)
    w = show(qtbot, MainWindow(store, 2009, 4))
    w.ids = ids
    return w


def monthly(qtbot, w):
    """Open 月度填报 as the clerk does and wait until the grid has the keyboard."""
    w.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: w.monthly is not None and w.monthly.view.hasFocus(), timeout=3000)
    return w.monthly


def where(panel) -> tuple[int, int]:
    i = panel.view.currentIndex()
    return i.row(), i.column()


def focus() -> object:
    return QApplication.focusWidget()


def type_cell(qtbot, text: str, end=Qt.Key_Tab) -> None:
    """Type into the current cell as a clerk does: the first key opens the editor, the rest follow it."""
    for ch in text:
        qtbot.keyClicks(focus(), ch)
    qtbot.keyClick(focus(), end)
    QApplication.processEvents()


# ---- 1. keyboard first -------------------------------------------------------------------------------------

def test_a_whole_month_is_typed_with_tab_through_the_row_ends(qtbot, win, store):
    panel = monthly(qtbot, win)
    assert panel.view.hasFocus()                                  # the tab opened with the grid ready
    panel.view.setCurrentIndex(panel.model.index(0, FIRST))
    amounts = {}
    for row in range(panel.model.rowCount()):
        assert where(panel) == (row, FIRST)                       # each row starts at its first editable cell
        name = panel.model.lines[row].name
        amounts[name] = str(100 + row)
        type_cell(qtbot, amounts[name])                           # 本月完成, Tab stores it and goes right
        assert where(panel) == (row, FIRST + 1)
        for _ in range(FIRST + 1, LAST):
            qtbot.keyClick(focus(), Qt.Key_Tab)
        assert where(panel) == (row, LAST)
        if row + 1 < panel.model.rowCount():
            qtbot.keyClick(focus(), Qt.Key_Tab)                   # the row's end: on to the next row, as in Excel
    for name, amount in amounts.items():
        assert store.figure(win.ids[name], 2009, 4).month_amount == to_fen(amount)
    assert panel.not_reported.title.text() == "4月已全部报送"
    assert "已报 <b>4</b>/4" in panel.summary.labels["reported"].text()
    qtbot.keyClick(focus(), Qt.Key_Tab)                           # past the very last cell the grid lets go
    assert not panel.view.hasFocus()


def test_shift_tab_at_a_rows_first_cell_goes_back_to_the_row_above(qtbot, win):
    panel = monthly(qtbot, win)
    panel.view.setCurrentIndex(panel.model.index(2, FIRST))
    qtbot.keyClick(panel.view, Qt.Key_Backtab, Qt.ShiftModifier)
    assert where(panel) == (1, LAST)
    qtbot.keyClick(panel.view, Qt.Key_Tab)
    assert where(panel) == (2, FIRST)


def test_f6_and_ctrl_tab_go_round_the_grid_the_unreported_list_and_the_buttons(qtbot, win):
    panel = monthly(qtbot, win)
    for key, mods in ((Qt.Key_F6, Qt.NoModifier), (Qt.Key_Tab, Qt.ControlModifier)):
        panel.view.setFocus()
        qtbot.keyClick(focus(), key, mods)
        assert focus() is panel.not_reported.tree
        qtbot.keyClick(focus(), key, mods)
        assert focus() is panel.month_box
        qtbot.keyClick(focus(), key, mods)
        assert focus() is panel.view
    qtbot.keyClick(focus(), Qt.Key_F6, Qt.ShiftModifier)          # and back the other way
    assert focus() is panel.month_box


def test_the_unreported_lists_actions_by_alt_letter(qtbot, win, store):
    panel = monthly(qtbot, win)
    tree = panel.not_reported
    qtbot.keyClick(focus(), Qt.Key_F6)
    assert focus() is tree.tree and tree.tree.currentIndex().data() == "区水利局（1个）"
    qtbot.keyClick(tree.tree, Qt.Key_Down)                        # 汉江堤防加固, the unit's one project
    qtbot.keyClick(tree.tree, Qt.Key_N, Qt.AltModifier)           # 标为本月无进展(&N): the button's click follows
    qtbot.waitUntil(lambda: store.figure(win.ids["汉江堤防加固"], 2009, 4) is not None)
    f = store.figure(win.ids["汉江堤防加固"], 2009, 4)
    assert (f.month_amount, f.ytd) == (0, to_fen("6146.59"))
    assert "汉江堤防加固" not in tree.names() and "已将1个项目标为4月无进展" in panel.message.text()
    assert store.undo_label() == "4月标为无进展"                    # the same word in the 操作记录 and on the button
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(tree.tree, Qt.Key_C, Qt.AltModifier)           # 复制催报名单(&C)
    qtbot.waitUntil(lambda: "3个项目未报送" in QGuiApplication.clipboard().text())


def test_every_button_of_the_tab_has_an_alt_letter(qtbot, win):
    from PySide6.QtWidgets import QPushButton

    panel = monthly(qtbot, win)
    buttons = panel.findChildren(QPushButton)
    assert buttons and all("&" in b.text() for b in buttons), [b.text() for b in buttons if "&" not in b.text()]
    letters = [b.text()[b.text().index("&") + 1].upper() for b in buttons]
    assert len(letters) == len(set(letters))                      # no two buttons answer the same letter
    menus = {a.text()[a.text().index("&") + 1].upper() for a in win.menuBar().actions() if "&" in a.text()}
    assert menus and not menus & set(letters)                     # nor a button and a menu (Alt+T: 工具)


# ---- 2. the right month ------------------------------------------------------------------------------------

def test_after_a_restart_the_window_opens_at_the_month_last_worked_on(qtbot, tmp_path, example_path):
    from importers.reader import read_return
    from models.store import Store
    from ui.main_window import MainWindow

    path = tmp_path / "台账.db"
    store = Store.open(path)
    res = read_return(example_path)
    store.apply_import(res.records, 2009, 4)
    first = store.projects(2009)[0]
    store.set_figure(first.id, 2009, 5, {"month_amount": to_fen("10")})      # figures up to May
    w = show(qtbot, MainWindow(store))
    assert (w.year, w.month) == (2009, 5)                 # the latest month with figures, not 1—12月
    panel = monthly(qtbot, w)
    assert panel.period_label.text() == "2009年5月"
    panel.month_box.setFocus()
    qtbot.keyClick(panel.month_box, Qt.Key_Down)          # the tab's own month control: back to April
    assert (w.year, w.month) == (2009, 4) and panel.period_label.text() == "2009年4月"
    assert w.month_box.value() == 4 and "4月未报" not in panel.not_reported.title.text()
    w.close()
    store.close()

    store = Store.open(path)                              # the program started again
    again = show(qtbot, MainWindow(store))
    assert (again.year, again.month) == (2009, 4)
    assert monthly(qtbot, again).period_label.text() == "2009年4月"
    again.close()
    store.close()


# ---- 3. the search box -------------------------------------------------------------------------------------

def test_search_box_down_enter_and_esc(qtbot, win, monkeypatch):
    import ui.main_window as mw

    opened = []

    class Card:
        def __init__(self, store, year, project, parent, **kw):
            opened.append(project.name)

        def exec(self):
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr(mw, "CardDialog", Card)
    win.search.setFocus()
    qtbot.keyClicks(win.search, "wsy")                    # 卫生院 by its pinyin initials
    qtbot.keyClick(win.search, Qt.Key_Return)
    assert opened == ["乡镇卫生院标准化建设"]               # the only match's card
    qtbot.keyClick(win.search, Qt.Key_Escape)
    assert win.search.text() == "" and win.proxy.rowCount() == 4
    qtbot.keyClicks(win.search, "q")                      # 区: every unit here
    qtbot.keyClick(win.search, Qt.Key_Down)               # into the list, on the first match
    assert focus() is win.table and win.table.currentIndex().row() == 0
    qtbot.keyClick(win.table, Qt.Key_Return)              # Enter there opens it too
    assert opened[-1] == win.proxy.index(0, 0).data()


# ---- 4. one status bar, each tab its own scope -------------------------------------------------------------

def test_the_status_bar_follows_each_tabs_own_filter_including_the_start_rate(qtbot, example_store):
    from ui.main_window import MainWindow

    w = show(qtbot, MainWindow(example_store, 2009, 4))
    whole = build_report(example_store, 2009, 4)
    unit = "区卫生局"                                    # one of its two projects has not started
    mine = build_report(example_store, 2009, 4, ReportFilter(unit=unit))
    assert fmt_pct(mine.start_rate) != fmt_pct(whole.start_rate)
    assert f"开工率{fmt_pct(whole.start_rate)}%" in w.totals.text()
    w.filters["unit"].setFocus()
    w.filters["unit"].setCurrentIndex(w.filters["unit"].findData(unit))
    text = w.totals.text()
    assert f"显示{mine.total.count}个项目（共30个）" in text and f"开工率{fmt_pct(mine.start_rate)}%" in text
    assert f"完成率{fmt_pct(mine.total.completion)}%" in text

    panel = monthly(qtbot, w)                            # the other tab: its own scope, not the card list's filter
    assert "显示30个项目" in w.totals.text() and f"开工率{fmt_pct(whole.start_rate)}%" in w.totals.text()
    qtbot.keyClick(panel.view, Qt.Key_U, Qt.AltModifier)        # 责任单位(&U)
    assert focus() is panel.unit_box
    panel.unit_box.setCurrentIndex(panel.unit_box.findText(unit))
    text = w.totals.text()
    assert unit in text and f"显示{mine.total.count}个项目（共30个）" in text
    assert f"开工率{fmt_pct(mine.start_rate)}%" in text
    assert f"累计完成{fmt_wan(mine.total.ytd, True)}万元" in text
    w.tabs.setCurrentIndex(0)                            # back: the card list's filter again
    assert f"显示{mine.total.count}个项目" in w.totals.text()
    w.close()


# ---- 5. Qt in Chinese --------------------------------------------------------------------------------------

def test_qt_dialogs_speak_chinese(qtbot, qapp, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QPushButton

    from ui.app import install_translations

    assert any(p.endswith("qtbase_zh_CN.qm") for p in install_translations(qapp))
    box = QMessageBox(QMessageBox.Icon.Question, "导出", "仍要导出吗？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel)
    assert sorted(b.text() for b in box.buttons()) == sorted(["是(&Y)", "否(&N)", "取消"])
    field = QLineEdit()
    menu = field.createStandardContextMenu()
    assert [a.text().split("\t")[0] for a in menu.actions()][:2] == ["撤消(&U)", "重做(&R)"]
    dlg = QFileDialog(None, "导出月报", str(tmp_path))
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog)
    dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    words = [b.text() for b in dlg.findChildren(QPushButton)] + [l.text() for l in dlg.findChildren(QLabel)]
    assert "保存(&S)" in words and "取消" in words and "查找范围(&I)：" in words and "文件类型(&T)：" in words
    assert not any("Look in" in t or "Files of" in t for t in words)


def test_exporting_a_month_most_have_not_reported_asks_first_in_chinese(qtbot, win, qapp, monkeypatch):
    from ui.app import install_translations

    install_translations(qapp)
    import ui.monthly.panel as mp

    asked = []
    monkeypatch.setattr(mp, "ask_save_path", lambda *a, **k: asked.append(a) or None)
    panel = monthly(qtbot, win)
    seen = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        seen["text"], seen["buttons"] = box.text(), sorted(b.text() for b in box.buttons())
        qtbot.keyClick(box, Qt.Key_Escape)                 # 否: nothing is exported

    QTimer.singleShot(0, answer)
    assert not panel.export_monthly()
    assert "4个项目中有4个还没有4月的数字" in seen["text"] and seen["buttons"] == ["否(&N)", "是(&Y)"]
    assert not asked                                       # no file asked for after 否


# ---- 6. unknown is not zero --------------------------------------------------------------------------------

def test_a_progress_text_typed_alone_does_not_make_the_month_reported(qtbot, win, store):
    panel = monthly(qtbot, win)
    row = next(i for i, l in enumerate(panel.model.lines) if l.name == "区人民医院门诊综合楼")
    panel.view.setCurrentIndex(panel.model.index(row, COL["progress"]))
    qtbot.keyClick(panel.view, Qt.Key_F2)
    focus().insert("主体封顶")
    qtbot.keyClick(focus(), Qt.Key_Return)
    QApplication.processEvents()
    line = panel.model.lines[row]
    assert panel.model.index(row, COL["progress"]).data() == "主体封顶"          # the text is kept and shown
    assert panel.model.index(row, COL["month_amount"]).data() == ""             # not 0.00
    assert not line.reported and "区人民医院门诊综合楼" in panel.not_reported.names()
    assert line.ytd == to_fen("1200")                                           # 累计 still March's
    assert "已报 <b>0</b>/4" in panel.summary.labels["reported"].text()
    panel.view.setCurrentIndex(panel.model.index(row, FIRST))                   # now the figure: reported
    type_cell(qtbot, "300", end=Qt.Key_Return)
    f = store.figure(win.ids["区人民医院门诊综合楼"], 2009, 4)
    assert (f.month_amount, f.ytd, f.progress) == (to_fen("300"), to_fen("1500"), "主体封顶")
    assert "区人民医院门诊综合楼" not in panel.not_reported.names()


def test_an_unknown_last_months_total_and_months_amount_show_empty_not_zero(qtbot, win, store):
    panel = monthly(qtbot, win)
    m = panel.model
    row = next(i for i, l in enumerate(m.lines) if l.name == "农村初中校舍改造")   # nothing stored before April
    assert m.index(row, COL["prev_ytd"]).data() == "—"
    m_row = next(i for i, l in enumerate(m.lines) if l.name == "汉江堤防加固")      # March is stored
    assert m.index(m_row, COL["prev_ytd"]).data() == "6,146.59"
    panel.view.setCurrentIndex(m.index(row, COL["ytd"]))
    type_cell(qtbot, "500", end=Qt.Key_Return)              # 1—4月累计 only: April's own share is unknown
    assert store.figure(win.ids["农村初中校舍改造"], 2009, 4).ytd == to_fen("500")
    assert m.index(row, COL["ytd"]).data() == "500.00"
    assert m.index(row, COL["month_amount"]).data() == ""   # not 0.00, and not 500.00 either
    assert m.index(row, COL["prev_ytd"]).data() == "—"


def test_the_monthly_report_leaves_an_unreported_projects_month_empty_and_says_so(qtbot, win, store, tmp_path):
    from openpyxl import load_workbook

    from exporters.monthly_xlsx import write_monthly_xlsx

    store.mark_reported_zero([win.ids["农村初中校舍改造"]], 2009, 4)
    out = write_monthly_xlsx(build_report(store, 2009, 4), tmp_path / "月报.xlsx")
    ws = load_workbook(out).active
    head = [r4.value or r3.value for r3, r4 in zip(ws[3], ws[4])]     # two header rows: 其中4月 sits under 2009年
    name_col, month_col, progress_col = head.index("项目名称"), head.index("其中：4月完成"), head.index("形象进度")
    rows = {r[name_col].value: r for r in ws.iter_rows(min_row=5) if r[name_col].value}
    assert rows["汉江堤防加固"][month_col].value is None                     # not reported: empty, not 0
    assert rows["汉江堤防加固"][progress_col].value == "（4月未报）堤身加高培厚"
    assert rows["农村初中校舍改造"][month_col].value == 0                    # 无进展: a real zero
    assert rows["农村初中校舍改造"][progress_col].value == "本月无进展"


# ---- 7. one 未报 ---------------------------------------------------------------------------------------------

def test_the_analysis_the_list_and_the_strip_count_the_same_unreported(qtbot, example_store):
    from exporters.analysis import analysis_text
    from ui.monthly import MonthlyPanel

    lines = build_report(example_store, 2009, 4).lines
    for l in lines:
        if l.started and l.unit != "开发区":                 # May: everyone started reports except 开发区
            example_store.set_figure(l.project.id, 2009, 5, {"month_amount": to_fen("1")})
    report = build_report(example_store, 2009, 5)
    n = len(report.not_reported)
    unstarted = sum(1 for l in report.not_reported if not l.started)
    assert n == 10 and unstarted == 5                       # 开发区's 5 and the 5 not started
    panel = MonthlyPanel(example_store, 2009, 5)
    qtbot.addWidget(panel)
    assert f"{n}个项目" in panel.not_reported.title.text() and len(panel.not_reported.names()) == n
    assert f"已报 <b>{30 - n}</b>/30" in panel.summary.labels["reported"].text()
    assert f"5月有{n}个项目未报送进展情况，其中未开工{unstarted}个" in analysis_text(report)


# ---- 8. small frictions ------------------------------------------------------------------------------------

def test_the_analysis_exports_confirmation_is_in_front_of_the_analysis_window(qtbot, win, monkeypatch):
    import ui.monthly.panel as mp

    monkeypatch.setattr(mp, "ask_save_path", lambda *a, **k: None)
    panel = monthly(qtbot, win)
    preview = panel.open_analysis()
    qtbot.waitExposed(preview)
    seen = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        seen["parent"] = box.parentWidget()
        box.reject()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(preview.export_button, Qt.LeftButton)
    assert seen["parent"] is preview
    preview.close()


def test_a_second_start_on_the_same_ledger_brings_the_open_window_forward(qtbot, tmp_path):
    from models.store import Store
    from ui.app import bring_forward, open_window

    path = tmp_path / "台账.db"
    store = Store.open(path)
    w = open_window(store)
    qtbot.addWidget(w)
    qtbot.waitExposed(w)
    w.showMinimized()
    qtbot.waitUntil(w.isMinimized)
    assert not bring_forward(tmp_path / "别的台账.db")     # another file: nobody answers
    assert bring_forward(path)
    qtbot.waitUntil(lambda: not w.isMinimized(), timeout=5000)
    w.close()
    assert not bring_forward(path)                         # a closed window is not woken up again


def test_the_opened_window_works_out_the_search_initials_an_import_left_for_later(qtbot, tmp_path, example_path):
    """An import leaves the pinyin initials for the first search; once the window has shown they are worked out and
    stored in the background, and the search by initials finds the project."""
    import sqlite3

    from importers.reader import read_return
    from models.store import Store
    from ui.app import open_window

    path = tmp_path / "台账.db"
    store = Store.open(path)
    result = read_return(example_path)
    store.apply_import(result.records, result.report.year, result.report.month, label="导入示例")

    def without_initials() -> int:
        con = sqlite3.connect(path)
        try:
            return con.execute("SELECT count(*) FROM projects WHERE initials IS NULL").fetchone()[0]
        finally:
            con.close()

    assert without_initials() == 30                       # the April example's projects, none worked out yet
    w = open_window(store)
    qtbot.addWidget(w)
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: without_initials() == 0, timeout=10000)
    w.set_period(2009, 4)
    qtbot.keyClicks(w.search, "wsy")                      # 卫生院 by its pinyin initials
    assert [w.proxy.index(r, 0).data() for r in range(w.proxy.rowCount())] == ["农村卫生院标准化建设"]
    w.close()


def test_a_ledger_held_open_on_this_pc_says_so_and_where(qtbot, tmp_path, monkeypatch):
    from models.store import Store
    from ui import app

    path = tmp_path / "台账.db"
    Store.open(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from models.store import Store; s = Store.open(sys.argv[1]); "
                               "print('open', flush=True); sys.stdin.read()", str(path)],
        cwd=str(app.Path(app.__file__).resolve().parents[1]), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        told = []
        monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[1:3]))
        monkeypatch.setattr(QMessageBox, "critical", lambda *a: told.append(a[1:3]))
        assert app.open_store(path) is None
        title, text = told[0]
        assert title == "这个台账已经在本机打开" and str(path) in text
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


# ---- 9. the little things ----------------------------------------------------------------------------------

def test_the_unreported_tree_keeps_its_groups_open_or_closed_after_an_undo(qtbot, win, store):
    panel = monthly(qtbot, win)
    tree = panel.not_reported
    qtbot.keyClick(focus(), Qt.Key_F6)
    assert tree.tree.currentIndex().data() == "区水利局（1个）"
    qtbot.keyClick(tree.tree, Qt.Key_Down)
    qtbot.keyClick(tree.tree, Qt.Key_Down)                 # 区教育局（1个）
    qtbot.keyClick(tree.tree, Qt.Key_Left)                 # closed by the clerk
    assert not tree.tree.isExpanded(tree.tree.currentIndex())
    qtbot.keyClick(tree.tree, Qt.Key_Up)                   # 汉江堤防加固 under 区水利局
    qtbot.keyClick(tree.tree, Qt.Key_N, Qt.AltModifier)    # marked: its unit leaves the list
    qtbot.waitUntil(lambda: tree.unit_rows() == ["区教育局（1个）", "区卫生局（2个）"])
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key_Z, Qt.ControlModifier)
    assert tree.unit_rows() == ["区水利局（1个）", "区教育局（1个）", "区卫生局（2个）"]
    open_ = [tree.tree.isExpanded(tree.model.index(i, 0)) for i in range(3)]
    assert open_ == [True, False, True]


def test_no_group_heading_stands_alone_at_a_page_foot_of_the_project_list(tmp_path, store):
    from exporters.project_list import list_groups, write_list_pdf

    # 8 projects in the first unit put the second unit's heading at the foot of page 1 (found by trying 1–30)
    for unit, n in [("区水利局", 8)] + [(f"第{i}街道办事处", 7) for i in range(2, 12)]:
        for j in range(n):
            store.create_project(Project(name=f"{unit}项目{j}", unit=unit), 2024, 10_000_000)
    report = build_report(store, 2024, 6)
    heads = {g.title for g in list_groups(report)}
    out = write_list_pdf(report, tmp_path / "清单.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2
    for page in pages:
        rows = [l.strip() for l in page.splitlines() if l.strip() and not l.strip().startswith("第 ")]
        assert not any(rows[-1].startswith(h) for h in heads), rows[-1]


def test_the_project_lists_default_name_and_the_band_share_wording(qtbot, win, monkeypatch):
    import ui.monthly.panel as mp

    named = []
    monkeypatch.setattr(mp, "ask_save_path", lambda parent, title, name, pattern: named.append(name))
    panel = monthly(qtbot, win)
    panel.export_list(suffix=".pdf")
    assert named == ["2009年4月重点项目清单.pdf"]
    assert "占全部年度计划的" in panel.summary.labels["bands"].toolTip()
