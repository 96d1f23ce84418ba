"""The April 2009 example in the 月度填报 tab: May's figures for all 30 projects in one paste, and what exports see."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence

from models.entry import ENTRY_COLUMNS
from models.money import fmt_wan, to_fen

COL = {c.key: i for i, c in enumerate(ENTRY_COLUMNS)}


pytestmark = pytest.mark.usefixtures("qt_settings")


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


def _paste(qtbot, w, block: str) -> None:
    """Ctrl+V on the grid's first 项目名称 cell, as the clerk does after copying the return in Excel."""
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    w.view.setFocus()
    qtbot.waitUntil(w.view.hasFocus)
    QGuiApplication.clipboard().setText(block)
    w.view.setCurrentIndex(w.model.index(0, COL["name"]))
    qtbot.keyClick(w.view, QKeySequence(QKeySequence.Paste)[0].key(), Qt.ControlModifier)


def _total_row(path):
    """The 月报's 合计 row read back by header, money as it is printed (万元, 2 decimals)."""
    import openpyxl

    ws = openpyxl.load_workbook(path).active
    heads = {}
    for c in range(1, ws.max_column + 1):
        for r in (4, 3):
            if ws.cell(row=r, column=c).value:
                heads.setdefault(ws.cell(row=r, column=c).value, c)
    total = next(r for r in range(5, ws.max_row + 1) if str(ws.cell(row=r, column=2).value).startswith("合计"))
    value = lambda h: ws.cell(row=total, column=heads[h]).value  # noqa: E731
    groups = {str(ws.cell(row=r, column=2).value).split("、", 1)[1].rsplit("（", 1)[0].removesuffix("项目"):
              (f"{ws.cell(row=r, column=heads['年度计划投资']).value:.2f}", f"{ws.cell(row=r, column=heads['1—4月完成投资']).value:.2f}")
              for r in range(total + 1, ws.max_row + 1)
              if isinstance(ws.cell(row=r, column=2).value, str) and "、" in ws.cell(row=r, column=2).value[:3]}
    return ws.cell(row=total, column=2).value, {
        "total_investment": f"{value('总投资'):.2f}", "annual_plan": f"{value('年度计划投资'):.2f}",
        "ytd": f"{value('1—4月完成投资'):.2f}", "month_amount": f"{value('其中：4月完成'):.2f}",
        "completion_rate": f"{value('占年度计划%'):.1f}"}, groups


def test_the_examples_month_typed_in_by_one_paste_exports_the_月报_that_summary_json_gives(
        qtbot, tmp_path, example_path, example_report, capsys):
    """The district's 30 cards without figures; the April return's figures copied in the grid's own column order
    and pasted once; the real 月报 exported from the tab then carries the totals `summary --json` prints."""
    import cli
    from importers.reader import read_return
    from models.report import build_report
    from models.store import Store
    from ui.monthly import MonthlyPanel

    records = read_return(example_path).records
    store = Store.open(tmp_path / "typed.db")
    for rec in records:
        store.create_project(dict(rec.card), year=2009, plan=rec.plan)
    w = MonthlyPanel(store, 2009, 4)
    qtbot.addWidget(w)
    assert len(w.not_reported.names()) == 30 and w.model.report.total.ytd == 0

    keys = [c.key for c in ENTRY_COLUMNS]
    assert keys[:10] == ["name", "unit", "plan", "prev_ytd", "month_amount", "ytd", "since_start", "progress",
                         "problem", "next_plan"]
    fields = {"name": lambda r: r.name, "unit": lambda r: r.card["unit"], "plan": lambda r: fmt_wan(r.plan),
              "prev_ytd": lambda r: "0.00", "month_amount": lambda r: fmt_wan(r.month_amount),
              "ytd": lambda r: fmt_wan(r.ytd), "since_start": lambda r: "", "progress": lambda r: r.progress or "",
              "problem": lambda r: r.problem or "", "next_plan": lambda r: r.next_plan or ""}
    block = "".join("\t".join(fields[k](rec) for k in keys[:10]) + "\r\n" for rec in records)
    ops_before = len(store.history())
    _paste(qtbot, w, block)

    assert "4月已全部报送" in w.not_reported.title.text()
    assert store.undo_label() == "粘贴30行×10列（4月）"                  # one paste, one undoable step
    assert {h["label"] for h in store.history()[: len(store.history()) - ops_before]} == {"粘贴30行×10列（4月）"}
    truth = example_report.as_json()                                    # the same return read by the importer
    assert build_report(store, 2009, 4).as_json() == truth

    out = tmp_path / "四月.xlsx"
    assert w.export_monthly(path=str(out))
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=20000)
    assert "已导出月报" in w.message.text(), w.message.text()
    capsys.readouterr()
    store.close()
    assert cli.main(["--db", str(tmp_path / "typed.db"), "summary", "--year", "2009", "--month", "4", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    summary.pop("turned_red")                   # read from the stored months, not part of the month's report
    summary.pop("returns")                      # the units' returns (报送与审核), not part of the month's report
    assert summary == truth
    label, total, groups = _total_row(out)
    assert label == "合计（30项）"
    assert total == {k: summary[k] for k in total}
    assert total["ytd"] == "77000.00" and total["completion_rate"] == "19.3"
    assert groups == {g["name"]: (g["annual_plan"], g["ytd"]) for g in summary["by_category"]}


def test_may_for_all_30_projects_is_one_paste_matched_by_name_and_one_undo(qtbot, example_store):
    """The units' May return copied from Excel with the 项目名称 column in its own (reversed) order."""
    from ui.monthly import MonthlyPanel

    w = MonthlyPanel(example_store, 2009, 5)
    qtbot.addWidget(w)
    assert len(w.not_reported.names()) == 30
    lines = list(reversed(w.model.lines))
    amounts = {l.name: to_fen(f"{10 + i * 12.25:.2f}") for i, l in enumerate(lines)}
    block = "".join(f"{l.name}\t{l.unit}\t{fmt_wan(l.plan)}\t{fmt_wan(l.prev_ytd)}\t{fmt_wan(amounts[l.name])}\t\t\t"
                    f"五月进展{i}\r\n" for i, l in enumerate(lines))
    _paste(qtbot, w, block)
    assert w.not_reported.names() == [] and "5月已全部报送" in w.not_reported.title.text()
    assert example_store.undo_label() == "粘贴30行×8列（5月）"
    for l in w.model.lines:
        assert l.month_amount == amounts[l.name] and l.ytd == l.prev_ytd + amounts[l.name]
    assert w.model.report.total.month_amount == sum(amounts.values())
    qtbot.keyClick(w.view, Qt.Key_Z, Qt.ControlModifier)          # one undo takes the whole month back
    assert len(w.not_reported.names()) == 30
    assert example_store.figures(2009, 5) == []


def open_panel(qtbot, store):
    """The April tab of the example, on screen."""
    from ui.monthly import MonthlyPanel

    w = MonthlyPanel(store, 2009, 4)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _pdf_pages(path) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page(?!s)", path.read_bytes()))


def test_project_list_print_preview_shows_the_pages_the_pdf_gets(qtbot, example_store, monkeypatch, tmp_path):
    """QPrintPreviewDialog painted from the very document the PDF is written from; grouping chosen there,
    remembered, and the PDF exported from the preview off the UI thread."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    import ui.monthly.panel as mp
    from exporters.project_list import write_list

    w = open_panel(qtbot, example_store)
    assert w.preview_list(by="unit")
    assert not w.list_button.isEnabled()                      # laid out off the UI thread
    qtbot.waitUntil(lambda: w.list_preview is not None and w.list_preview.pages > 0, timeout=20000)
    dlg = w.list_preview
    assert isinstance(dlg, QPrintPreviewDialog) and dlg.isVisible() and w.list_button.isEnabled()
    assert dlg.preview.pageCount() == dlg.pages >= 2
    assert dlg.printer.pageLayout().orientation().name == "Landscape"
    unit_pdf = write_list(w.report, tmp_path / "按单位.pdf", "unit")
    assert _pdf_pages(unit_pdf) == dlg.pages                 # the preview shows what the PDF holds
    text = dlg.list_pages.text
    assert "2009年重点项目清单（截至4月底）" in text and "尹集乡村公路网改造" in text and "土地报批未完成" in text

    dlg.group_box.setCurrentIndex(dlg.group_box.findData("band"))
    qtbot.waitUntil(lambda: dlg.by == "band" and dlg.group_box.isEnabled(), timeout=20000)
    assert "一、赶上序时进度（5个项目）" in dlg.list_pages.text
    qtbot.waitUntil(lambda: dlg.preview.pageCount() == len(dlg.list_pages.pictures), timeout=10000)
    assert QSettings().value("monthly/list_group") == "band"

    out = tmp_path / "清单" / "按进度.pdf"
    out.parent.mkdir()
    monkeypatch.setattr(mp, "ask_save_path", lambda *a, **k: str(out))
    qtbot.mouseClick(dlg.pdf_button, Qt.LeftButton)
    assert not w.list_button.isEnabled()
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=20000)
    assert "已导出项目清单" in w.message.text(), w.message.text()
    assert out.read_bytes().startswith(b"%PDF") and _pdf_pages(out) == dlg.pages
    assert QSettings().value("exports/last_dir") == str(out.parent)
    assert w.open_file_button.isVisible()

    from PySide6.QtGui import QPageSize
    a4 = dlg.pages
    dlg.printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))      # as 页面设置 in the preview does
    dlg.preview.updatePreview()
    qtbot.waitUntil(lambda: dlg.preview.pageCount() == dlg.pages > a4, timeout=10000)   # laid out again for A5
    dlg.close()


def test_project_list_as_excel_from_the_tab(qtbot, example_store, tmp_path):
    import openpyxl

    w = open_panel(qtbot, example_store)
    out = tmp_path / "清单.xlsx"
    assert w.export_list(path=str(out), by="category", suffix=".xlsx")
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=20000)
    ws = openpyxl.load_workbook(out).active
    assert ws["B4"].value == "合计（30个项目）" and ws["B5"].value == "一、基础设施（9个项目）"



def test_the_tab_fits_a_1366_pixel_screen(qtbot, example_store):
    """Office laptops are 1366 pixels wide: nothing in the tab may force the window wider (the grid scrolls)."""
    w = open_panel(qtbot, example_store)
    assert w.minimumSizeHint().width() <= 1366 - 40
    assert w.summary.labels["units"].text().startswith("单位排名：第1 区水利局")
