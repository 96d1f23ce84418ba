"""Screenshots of the keyboard-first 月度填报 (run under xvfb-run): the grid after Tab at a row's end, the status bar
under a filter on both tabs, and the save dialog in Chinese — the whole screen, as a clerk sees it."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from shots_common import shots_app  # noqa: E402


def main(out: Path, example: Path) -> None:
    from importers.reader import read_return
    from models.money import to_fen
    from models.store import Store
    from ui.main_window import MainWindow

    app, tmp, pump = shots_app(out, setup=True)

    def screen(name: str) -> None:
        """What the screen shows: each window painted where it is, dialogs over the main window (a grab of the
        root window comes out black under Xvfb)."""
        from PySide6.QtGui import QColor, QPainter, QPixmap

        shot = QPixmap(app.primaryScreen().size())
        shot.fill(QColor("#5a6b7d"))
        painter = QPainter(shot)
        tops = [t for t in app.topLevelWidgets() if t.isVisible() and t.isWindow() and t.width() > 50]
        tops.sort(key=lambda t: t.isModal() or t is app.activeModalWidget())
        for t in tops:
            painter.drawPixmap(t.geometry().topLeft(), t.grab())
        painter.end()
        shot.save(str(out / name))

    def keys():
        return QApplication.focusWidget() or w.focusWidget()

    s = Store.open(tmp / "台账.db")
    s.set_settings({"office": "襄城区发改局", "welcomed": True})
    res = read_return(example)
    s.apply_import(res.records, res.report.year, res.report.month, label="导入示例")
    for line in s.projects(2009)[:3]:          # May begun: three projects have reported
        s.set_figure(line.id, 2009, 5, {"month_amount": to_fen("120")})
    w = MainWindow(s)                           # opens at the latest month with figures: 2009年5月
    w.setGeometry(0, 0, 1600, 960)
    w.show()
    w.activateWindow()
    pump()

    # the card tab under a filter: every figure of the status bar, 开工率 too, is the filtered set's
    w.filters["unit"].setCurrentIndex(w.filters["unit"].findData("区卫生局"))
    pump()
    screen("status_cards_filtered.png")

    # 月度填报: its own month in large type; typing a row and Tab at its end lands on the next row's 本月完成
    w.tabs.setCurrentIndex(1)
    pump()
    panel = w.monthly
    view = panel.view
    row = 3
    view.setCurrentIndex(panel.model.index(row, panel.view.first_editable()))
    for ch in "86.5":
        QTest.keyClicks(keys(), ch)
    QTest.keyClick(keys(), Qt.Key.Key_Tab)
    pump(100)
    for _ in range(panel.model.columnCount() - panel.view.first_editable() - 2):     # 1—M月累计 … 实际竣工日期
        QTest.keyClick(keys(), Qt.Key.Key_Tab)
    pump(100)
    screen("grid_row_end.png")                 # the cursor at the row's last cell (实际竣工日期)
    QTest.keyClick(keys(), Qt.Key.Key_Tab)
    pump()
    view.scrollTo(view.currentIndex())
    screen("grid_row_end_tab.png")             # …one Tab later: the next row's 本月完成

    # the grid's own scope in the status bar: one 责任单位
    panel.unit_box.setCurrentIndex(panel.unit_box.findText("开发区"))
    pump()
    screen("status_monthly_filtered.png")
    panel.unit_box.setCurrentIndex(0)
    pump()

    # the save dialog, in Chinese, in front of the window
    def shoot_dialog() -> None:
        dlg = QApplication.activeModalWidget()
        if dlg is None:
            QTimer.singleShot(200, shoot_dialog)
            return
        QTimer.singleShot(600, lambda: (screen("file_dialog.png"), dlg.reject()))

    import ui.monthly.panel as mp
    mp.confirm_unreported = lambda *a: True    # the question before the export is a screenshot of its own below
    QTimer.singleShot(300, shoot_dialog)
    panel.export_monthly()

    # the question asked before exporting a month most projects have not reported
    from PySide6.QtWidgets import QMessageBox
    from ui.monthly import exports

    def shoot_question() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(200, shoot_question)
            return
        QTimer.singleShot(500, lambda: (screen("export_question.png"), box.done(QMessageBox.StandardButton.No)))

    QTimer.singleShot(300, shoot_question)
    exports.confirm_unreported(panel, panel.report, "月报")
    # pictures for the README: May two-thirds entered, one project marked 无进展 from the 未报 list
    for line in s.projects(2009)[3:22]:
        s.set_figure(line.id, 2009, 5, {"month_amount": to_fen("35") * (line.id % 9 + 1), "progress": "按计划推进"})
    panel.refresh()
    panel.not_reported.select_names([panel.not_reported.names()[0]])
    panel.mark_zero(panel.not_reported.selected_ids())
    panel.view.setCurrentIndex(panel.model.index(22, panel.view.first_editable()))
    pump()
    panel.grab().save(str(out / "月度填报.png"))
    w.resize(1600, 700)
    pump()
    panel.grab().save(str(out / "未报.png"))
    w.resize(1600, 960)
    pump()

    w.close()
    s.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
