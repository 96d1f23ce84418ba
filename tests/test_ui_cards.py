"""Cards as a clerk keeps them: 设置, first-run welcome, 分月计划 and history on the card, duplicate warning,
copy, archive, carry-over to the new year, the 操作记录 with old and new values, restore from a backup."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from models.project import Project, Status


pytestmark = pytest.mark.usefixtures("qt_settings")


@pytest.fixture
def window(qtbot, store):
    from ui.main_window import MainWindow

    store.create_project(Project(name="汉江堤防加固", unit="区水利局", leader="张三"), 2024, 30_000_000)
    w = MainWindow(store, 2024, 3)
    qtbot.addWidget(w)
    return w


def select(window, name: str) -> None:
    for r in range(window.proxy.rowCount()):
        if window.proxy.index(r, 0).data() == name:
            window.table.setCurrentIndex(window.proxy.index(r, 0))
            return
    raise AssertionError(f"{name} not shown")


def test_settings_are_stored_and_the_monthly_report_footer_uses_them(window, store, qtbot):
    from models.report import build_report
    from ui.settings_dialog import SettingsDialog

    dlg = SettingsDialog(store, window)
    qtbot.addWidget(dlg)
    dlg.edits["office"].setText("襄城区发改局")
    dlg.edits["preparer"].setText("王芳")
    dlg.denominator.setCurrentIndex(dlg.denominator.findData("due"))
    dlg.categories.setPlainText("产业项目\n基础设施\n社会民生\n产业项目")
    dlg.units.setPlainText("区水利局\n尹集乡")
    dlg.save()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert store.setting("office") == "襄城区发改局" and store.setting("preparer") == "王芳"
    assert store.setting("categories") == ["产业项目", "基础设施", "社会民生"]
    assert store.setting("units") == ["区水利局", "尹集乡"]
    assert build_report(store, 2024, 3).office == "襄城区发改局"
    assert build_report(store, 2024, 3).start_rate_due_only
    window.refresh()
    assert window.undo_act.text() == "撤销“修改设置”"


def test_first_run_welcome_asks_for_the_names_once(store, qtbot):
    from ui.welcome import DEMO, WelcomeDialog, needs_welcome

    assert needs_welcome(store)
    dlg = WelcomeDialog(store)
    qtbot.addWidget(dlg)
    dlg.edits["office"].setText("东津新区经发局")
    dlg.edits["reviewer"].setText("李四")
    dlg.finish(DEMO)
    assert dlg.choice == DEMO
    assert store.setting("office") == "东津新区经发局" and store.setting("reviewer") == "李四"
    assert not needs_welcome(store)


def test_the_demo_database_is_a_separate_file(tmp_path):
    from models.store import Store
    from ui.app import DEMO_NAME, demo_path, make_demo_file

    real = Store.open(tmp_path / "台账.db")
    path = demo_path(real)
    assert path == tmp_path / DEMO_NAME
    make_demo_file(path)
    demo = Store.open(path)
    try:
        assert len(demo.projects()) == 60 and demo.setting("office") == "示例区发改局"
        assert real.conn.execute("SELECT count(*) FROM projects").fetchone()[0] == 0
    finally:
        demo.close()
        real.close()


def test_card_keeps_monthly_plan_and_target_and_shows_the_history(window, store, qtbot):
    from ui.card_dialog import CardDialog

    pid = store.find_project("汉江堤防加固", "区水利局").id
    store.set_figure(pid, 2024, 2, {"ytd": 5_000_000, "progress": "围堰施工"})
    store.set_figure(pid, 2024, 3, {"ytd": 9_000_000, "progress": "堤身填筑"})
    dlg = CardDialog(store, 2024, store.project(pid), window)
    qtbot.addWidget(dlg)
    assert dlg.history.rowCount() == 2
    assert dlg.history.item(1, 0).text() == "2024年3月" and dlg.history.item(1, 2).text() == "9.00"
    assert dlg.history.item(1, 3).text() == "堤身填筑"
    # a month with only its 形象进度 typed is 未报, not 0.00
    store.set_figure(pid, 2024, 4, {"progress": "等待验收"})
    later = CardDialog(store, 2024, store.project(pid), window)
    qtbot.addWidget(later)
    assert [later.history.item(2, c).text() for c in range(4)] == ["2024年4月", "未报", "未报", "等待验收"]
    for m, e in enumerate(dlg.monthly):
        e.setText("2.5")
    dlg.target.setPlainText("完成堤防加固3公里")
    dlg.save()
    plan = store.plan(pid, 2024)
    assert plan.monthly_plan == [2_500_000] * 12 and plan.target == "完成堤防加固3公里"
    assert plan.plan == 30_000_000          # the annual plan itself was not touched


def test_a_duplicate_name_in_the_same_unit_is_warned_while_typing(window, store, qtbot):
    from ui.card_dialog import CardDialog

    store.set_settings({"units": ["尹集乡"]})
    dlg = CardDialog(store, 2024, None, window)
    qtbot.addWidget(dlg)
    # units typed before and listed in 设置 are offered while typing
    assert dlg.edits["unit"].completer().model().stringList() == ["尹集乡", "区水利局"]
    dlg.edits["name"].setText("汉江堤防加固")
    assert dlg.duplicate.text() == ""                   # another unit may have a project of that name
    dlg.edits["unit"].setText("区水利局")
    assert "已有同名项目" in dlg.duplicate.text()
    dlg.edits["name"].setText("汉江堤防加固二期")
    assert dlg.duplicate.text() == ""


def test_copy_makes_a_new_card_that_one_undo_removes(window, store, qtbot, monkeypatch):
    from ui.card_dialog import CardDialog

    opened = []

    def fake_exec(dlg):
        opened.append(dlg)
        dlg.edits["unit"].setText("尹集乡")
        dlg.save()
        return dlg.result()

    monkeypatch.setattr(CardDialog, "exec", fake_exec)
    select(window, "汉江堤防加固")
    window.copy_project()
    assert opened[0].edits["name"].text() == "汉江堤防加固（副本）"
    copy = store.find_project("汉江堤防加固（副本）", "尹集乡")
    assert copy is not None and copy.leader == "张三" and store.plan(copy.id, 2024).plan == 30_000_000
    assert window.proxy.rowCount() == 2
    window.undo()
    assert store.find_project("汉江堤防加固（副本）", "尹集乡") is None and window.proxy.rowCount() == 1


def test_archive_hides_the_project_until_asked(window, store):
    select(window, "汉江堤防加固")
    window.toggle_archive()
    assert store.find_project("汉江堤防加固", "区水利局").archived
    assert window.proxy.rowCount() == 0
    window.archived_box.setChecked(True)
    assert window.proxy.rowCount() == 1
    window.undo()
    assert not store.find_project("汉江堤防加固", "区水利局").archived


def test_carry_over_puts_unfinished_projects_on_the_new_year_as_xujian(store, qtbot):
    from ui.carry_over_dialog import CarryOverDialog

    store.create_project(Project(name="汉江堤防加固", unit="区水利局", nature="新建"), 2024, 30_000_000)
    store.create_project(Project(name="老旧小区改造", unit="区住建局", status=Status.COMPLETED.value,
                                 actual_finish="2024-11-20"), 2024, 10_000_000)
    store.create_project(Project(name="东津污水厂", unit="区住建局"), 2024, 20_000_000)
    dlg = CarryOverDialog(store, 2024, 2025)
    qtbot.addWidget(dlg)
    assert dlg.list.count() == 2            # the completed one is not offered
    from PySide6.QtCore import Qt
    dlg.list.item(1).setCheckState(Qt.CheckState.Unchecked)
    dlg.apply()
    assert dlg.added == 1
    names = [p.name for p in store.projects(2025)]
    assert names == ["汉江堤防加固"] and store.projects(2025)[0].nature == "续建"
    assert store.undo_label() == "2024年项目结转到2025年"


def test_history_shows_old_and_new_values(window, store, qtbot, monkeypatch):
    pid = store.find_project("汉江堤防加固", "区水利局").id
    store.update_project(pid, {"leader": "王副区长"})
    store.set_plan(pid, 2024, plan=45_500_000)
    shown = []
    monkeypatch.setattr(QDialog, "exec", lambda d: shown.append(d) or 0)
    window.show_history()
    t = window.history_table
    rows = [[t.item(r, c).text() for c in range(6)] for r in range(t.rowCount())]
    assert rows[0][3] == "年度计划「汉江堤防加固」2024年" and rows[0][5] == "年度计划投资：30.00万元 → 45.50万元"
    assert rows[1][3] == "项目卡片「汉江堤防加固」" and rows[1][5] == "包保领导：张三 → 王副区长"


def test_restore_from_the_window_brings_back_the_backup(tmp_path, qtbot, monkeypatch):
    from models.backup import backup_to
    from models.store import Store
    from ui.main_window import MainWindow

    store = Store.open(tmp_path / "台账.db")
    store.create_project(Project(name="汉江堤防加固", unit="区水利局"), 2024, 30_000_000)
    backup = backup_to(store, tmp_path / "备份" / "台账备份_手动.db")
    store.create_project(Project(name="误录的项目", unit="区水利局"), 2024, 1)
    w = MainWindow(store, 2024, 3)
    qtbot.addWidget(w)
    assert w.proxy.rowCount() == 2
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    asked, told = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    w.restore()
    assert "备份中有1个项目" in asked[0]
    assert w.proxy.rowCount() == 1 and "恢复前的数据库已另存为" in told[0]
    assert store.find_project("误录的项目", "区水利局") is None
    w.close()
    store.close()


def test_deleting_several_selected_projects_is_one_undo(window, store, monkeypatch):
    from PySide6.QtCore import QItemSelectionModel

    store.create_project(Project(name="东津污水厂", unit="区住建局"), 2024, 20_000_000)
    store.create_project(Project(name="尹集乡公路", unit="尹集乡"), 2024, 10_000_000)
    window.refresh()
    sel = window.table.selectionModel()
    for r in (0, 2):
        sel.select(window.proxy.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                   | QItemSelectionModel.SelectionFlag.Rows)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    window.delete_project()
    assert "删除所选的2个项目" in asked[0]
    assert window.proxy.rowCount() == 1
    window.undo()
    assert window.proxy.rowCount() == 3


def test_switching_to_the_demo_keeps_the_program_running(tmp_path, qtbot, qapp):
    from models.store import Store
    from ui import app as uiapp

    real = Store.open(tmp_path / "台账.db")
    first = uiapp.open_window(real)
    quit_calls = []
    qapp.lastWindowClosed.connect(lambda: quit_calls.append(1))
    path = uiapp.demo_path(real)
    uiapp.make_demo_file(path)
    uiapp.switch_database(first, str(path))
    new = uiapp._windows[-1]
    qtbot.addWidget(new)
    assert new is not first and new.store.path == path and new.isVisible() and not first.isVisible()
    assert quit_calls == []                       # a window was open all along
    new.close()
