"""The April 2009 example in the 月度填报 tab: May's figures for all 30 projects in one paste, and what exports see."""
from __future__ import annotations

import json
import sys
import threading
import types

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence

from models.entry import ENTRY_COLUMNS
from models.money import fmt_wan, to_fen

COL = {c.key: i for i, c in enumerate(ENTRY_COLUMNS)}


@pytest.fixture(autouse=True)
def own_settings(tmp_path, qapp):
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    qapp.setOrganizationName("zdxm-test")
    qapp.setApplicationName("monthly")


def test_april_example_shows_its_30_projects_all_reported(qtbot, example_store):
    from ui.monthly import MonthlyPanel

    w = MonthlyPanel(example_store, 2009, 4)
    qtbot.addWidget(w)
    assert w.model.rowCount() == 30
    assert w.not_reported.names() == [] and "4月已全部报送" in w.not_reported.title.text()
    assert "项目 <b>30</b> 个" in w.summary.labels["count"].text()
    assert "序时进度 <b>33.3%</b>" in w.summary.labels["schedule"].text()
    assert "低于序时进度14.1个百分点" in w.summary.labels["gap"].text()
    assert "77,000.00" in w.summary.labels["ytd"].text()


def test_a_whole_month_is_one_paste_and_the_monthly_export_says_what_summary_json_says(
        qtbot, example_store, monkeypatch, tmp_path, capsys):
    """The units' May return, copied from Excel with the 项目名称 column in its own (reversed) order."""
    import cli
    from ui.monthly import MonthlyPanel

    exported = []
    fake = types.ModuleType("exporters.monthly_xlsx")
    fake.write_monthly_xlsx = lambda report, path: (exported.append(report.as_json()), path.write_bytes(b"x"))
    monkeypatch.setitem(sys.modules, "exporters.monthly_xlsx", fake)

    w = MonthlyPanel(example_store, 2009, 5)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    w.view.setFocus()
    qtbot.waitUntil(w.view.hasFocus)
    assert len(w.not_reported.names()) == 30
    lines = list(reversed(w.model.lines))
    amounts = {l.name: to_fen(f"{10 + i * 12.25:.2f}") for i, l in enumerate(lines)}
    block = "".join(f"{l.name}\t{l.unit}\t{fmt_wan(l.plan)}\t{fmt_wan(l.prev_ytd)}\t{fmt_wan(amounts[l.name])}\t\t\t"
                    f"五月进展{i}\r\n" for i, l in enumerate(lines))
    QGuiApplication.clipboard().setText(block)
    w.view.setCurrentIndex(w.model.index(0, COL["name"]))
    ops_before = len({h["label"] for h in example_store.history()})
    qtbot.keyClick(w.view, QKeySequence(QKeySequence.Paste)[0].key(), Qt.ControlModifier)

    assert w.not_reported.names() == [] and "5月已全部报送" in w.not_reported.title.text()
    assert example_store.undo_label() == "粘贴30行×8列（5月）"
    assert len({h["label"] for h in example_store.history()}) == ops_before + 1
    for l in w.model.lines:
        assert l.month_amount == amounts[l.name] and l.ytd == l.prev_ytd + amounts[l.name]
    assert w.model.report.total.month_amount == sum(amounts.values())

    w.export_monthly(path=str(tmp_path / "五月.xlsx"))
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=10000)
    capsys.readouterr()
    assert cli.main(["--db", str(example_store.path), "summary", "--year", "2009", "--month", "5", "--json"]) == 0
    assert exported == [json.loads(capsys.readouterr().out)]

    qtbot.keyClick(w.view, Qt.Key_Z, Qt.ControlModifier)          # one undo takes the whole month back
    assert len(w.not_reported.names()) == 30
    assert example_store.figures(2009, 5) == []
