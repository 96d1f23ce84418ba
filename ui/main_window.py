"""The main window: the year's project cards with search and filters, the 月度填报 tab, import, exports,
undo/redo and the 操作记录 — a thin layer over the Qt-free core."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMainWindow, QMessageBox, QPlainTextEdit, QDialog, QSpinBox, QTableView,
                               QTabWidget, QVBoxLayout, QWidget)

from models.errors import UserError
from models.money import fmt_pct, fmt_wan
from models.report import build_report
from models.rules import BAND_ORDER

from .card_dialog import CardDialog
from .import_dialog import ImportDialog
from .project_model import COLUMNS, ID_ROLE, ProjectFilter, ProjectTableModel

WIDTHS = (220, 110, 70, 70, 60, 150, 100, 100, 100, 60, 110, 60, 200)


def default_period(today: dt.date | None = None) -> tuple[int, int]:
    """Last month: in early May the clerk reports on April."""
    today = today or dt.date.today()
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.year, last.month


class MainWindow(QMainWindow):
    def __init__(self, store, year: int | None = None, month: int | None = None) -> None:
        super().__init__()
        self.store = store
        y, m = default_period()
        years = store.years()
        if year is None and years and y not in years:
            y, m = max(years), 12 if max(years) < y else m
        self.year, self.month = year or y, month or m
        self.setWindowTitle(f"重点项目台账 — {Path(str(store.path)).name if store.path else '内存'}")
        self.setAcceptDrops(True)

        self.model = ProjectTableModel(self)
        self.proxy = ProjectFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)     # the report's order until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.doubleClicked.connect(lambda _: self.edit_project())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for i, w in enumerate(WIDTHS):
            self.table.setColumnWidth(i, w)

        self.search = QLineEdit()
        self.search.setPlaceholderText("查找：项目名称、单位、包保领导或拼音首字母（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.unit_box = QComboBox()
        self.unit_box.currentIndexChanged.connect(
            lambda _: self.proxy.set_unit(self.unit_box.currentData() or ""))
        self.band_box = QComboBox()
        self.band_box.addItem("全部进度", "")
        for b in BAND_ORDER:
            self.band_box.addItem(b.value, b.value)
        self.band_box.currentIndexChanged.connect(lambda _: self.proxy.set_band(self.band_box.currentData() or ""))
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(self.year)
        self.year_box.setPrefix("年份 ")
        self.month_box = QSpinBox()
        self.month_box.setRange(1, 12)
        self.month_box.setValue(self.month)
        self.month_box.setPrefix("1—")
        self.month_box.setSuffix("月")
        self.year_box.valueChanged.connect(lambda _: self.set_period(self.year_box.value(), self.month_box.value()))
        self.month_box.valueChanged.connect(lambda _: self.set_period(self.year_box.value(), self.month_box.value()))

        bar = QHBoxLayout()
        for w in (self.year_box, self.month_box, self.search, self.unit_box, self.band_box):
            bar.addWidget(w)
        bar.setStretch(2, 1)
        cards = QWidget()
        lay = QVBoxLayout(cards)
        lay.addLayout(bar)
        lay.addWidget(self.table)

        self.tabs = QTabWidget()
        self.tabs.addTab(cards, "项目卡片")
        self.monthly = None
        try:
            from .monthly import MonthlyPanel

            self.monthly = MonthlyPanel(store, self.year, self.month, self)
            self.monthly.changed.connect(self.refresh)
            self.tabs.addTab(self.monthly, "月度填报")
        except ImportError:
            self.tabs.addTab(QLabel("月度填报尚不可用"), "月度填报")
        self.setCentralWidget(self.tabs)
        self.totals = QLabel()
        self.statusBar().addPermanentWidget(self.totals)
        self._menus()
        self._restore()
        self.refresh()

    # ---- menus ---------------------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def _menus(self) -> None:
        mb = self.menuBar()
        f = mb.addMenu("文件(&F)")
        self._action(f, "新建项目(&N)…", self.new_project, QKeySequence.StandardKey.New)
        self._action(f, "导入报表(&O)…", self.import_file, QKeySequence.StandardKey.Open)
        f.addSeparator()
        self._action(f, "导出月报表…", self.export_monthly)
        self._action(f, "导出项目清单（PDF）…", self.export_list)
        f.addSeparator()
        self._action(f, "备份台账…", self.backup)
        self._action(f, "退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        e = mb.addMenu("编辑(&E)")
        self.undo_act = self._action(e, "撤销", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_act = self._action(e, "重做", self.redo, "Ctrl+Y")
        e.addSeparator()
        # Enter and Delete belong to the card list only: in the 月度填报 grid they move down and clear cells
        for act in (self._action(e, "修改项目卡片…", self.edit_project, "Return"),
                    self._action(e, "删除项目…", self.delete_project, QKeySequence.StandardKey.Delete)):
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(act)
        self._action(e, "查找(&F)", lambda: (self.tabs.setCurrentIndex(0), self.search.setFocus(),
                                           self.search.selectAll()), QKeySequence.StandardKey.Find)
        v = mb.addMenu("查看(&V)")
        self._action(v, "操作记录…", self.show_history)
        h = mb.addMenu("帮助(&H)")
        self._action(h, "使用说明", self.show_help, QKeySequence.StandardKey.HelpContents)
        # the grid in 月度填报 has its own Ctrl+Z; the window's applies to the card list
        for act in (self.undo_act, self.redo_act):
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    # ---- data ----------------------------------------------------------------------------------------------
    def set_period(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        if self.monthly is not None:
            self.monthly.set_period(year, month)
        self.refresh()

    def refresh(self) -> None:
        report = build_report(self.store, self.year, self.month)
        self.report = report
        self.model.set_report(report, self.store.initials())
        current = self.unit_box.currentData()
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        self.unit_box.addItem("全部责任单位", "")
        for u in sorted({l.unit for l in report.lines if l.unit}):
            self.unit_box.addItem(u, u)
        idx = self.unit_box.findData(current)
        self.unit_box.setCurrentIndex(max(idx, 0))
        self.unit_box.blockSignals(False)
        t = report.total
        self.totals.setText(
            f"{report.year}年1—{report.month}月：{t.count}个项目　年度计划{fmt_wan(t.annual_plan, True)}万元　"
            f"累计{fmt_wan(t.ytd, True)}万元　完成率{fmt_pct(t.completion, empty='—')}%　"
            f"序时进度{fmt_pct(report.schedule)}%　开工率{fmt_pct(report.start_rate, empty='—')}%")
        u, r = self.store.undo_label(), self.store.redo_label()
        self.undo_act.setText(f"撤销“{u}”" if u else "撤销")
        self.undo_act.setEnabled(bool(u))
        self.redo_act.setText(f"重做“{r}”" if r else "重做")
        self.redo_act.setEnabled(bool(r))

    def _changed(self) -> None:
        self.refresh()
        if self.monthly is not None:
            self.monthly.refresh()

    def selected_id(self) -> int | None:
        idx = self.table.currentIndex()
        return self.proxy.data(idx, ID_ROLE) if idx.isValid() else None

    def new_project(self) -> None:
        dlg = CardDialog(self.store, self.year, None, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self._changed()
            self.statusBar().showMessage("已新建项目", 4000)

    def edit_project(self) -> None:
        pid = self.selected_id()
        if pid is None:
            return
        dlg = CardDialog(self.store, self.year, self.store.project(pid), self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self._changed()
            self.statusBar().showMessage("已保存项目卡片（Ctrl+Z 可撤销）", 4000)

    def delete_project(self) -> None:
        pid = self.selected_id()
        if pid is None or self.tabs.currentIndex() != 0:
            return
        p = self.store.project(pid)
        if QMessageBox.question(self, "删除项目", f"删除项目「{p.name}」及其全部计划和月度数据？\n（可用 Ctrl+Z 撤销）") \
                != QMessageBox.StandardButton.Yes:
            return
        self._guard(lambda: self.store.delete_project(pid))
        self._changed()

    def undo(self) -> None:
        label = self._guard(self.store.undo)
        self._changed()
        self.statusBar().showMessage(f"已撤销：{label}" if label else "没有可撤销的操作", 4000)

    def redo(self) -> None:
        label = self._guard(self.store.redo)
        self._changed()
        self.statusBar().showMessage(f"已重做：{label}" if label else "没有可重做的操作", 4000)

    def _guard(self, fn):
        try:
            return fn()
        except UserError as exc:
            QMessageBox.warning(self, "操作未完成", exc.message)
            return None

    # ---- files ---------------------------------------------------------------------------------------------
    def _folder(self, kind: str) -> str:
        return str(QSettings().value(f"folders/{kind}", "") or "")

    def _remember(self, kind: str, path: str) -> None:
        QSettings().setValue(f"folders/{kind}", str(Path(path).parent))

    def import_file(self, path: str | None = None) -> bool:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "导入报表", self._folder("import"),
                                                  "报表 (*.xlsx *.xlsm *.csv *.xls *.et);;所有文件 (*)")
        if not path:
            return False
        self._remember("import", path)
        dlg = ImportDialog(self.store, path, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.summary is not None:
            self.set_period(dlg.year.value(), dlg.month.value())
            self.year_box.blockSignals(True)
            self.month_box.blockSignals(True)
            self.year_box.setValue(self.year)
            self.month_box.setValue(self.month)
            self.year_box.blockSignals(False)
            self.month_box.blockSignals(False)
            self._changed()
            self.statusBar().showMessage(f"导入完成：{dlg.summary.as_text()}（Ctrl+Z 可撤销）", 8000)
            return True
        return False

    def _save_name(self, kind: str, title: str, name: str, filt: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path(self._folder(kind) or ".") / name), filt)
        if path:
            self._remember(kind, path)
        return path

    def export_monthly(self) -> None:
        from exporters.monthly_xlsx import write_monthly_xlsx

        path = self._save_name("export", "导出月报表", f"{self.year}年1-{self.month}月重点项目月报.xlsx", "Excel (*.xlsx)")
        if path and self._guard(lambda: write_monthly_xlsx(self.report, path)):
            self.statusBar().showMessage(f"已导出：{path}", 8000)

    def export_list(self) -> None:
        from exporters.project_list import write_list

        path = self._save_name("export", "导出项目清单", f"{self.year}年重点项目清单.pdf", "PDF (*.pdf);;Excel (*.xlsx)")
        if path and self._guard(lambda: write_list(self.report, path)):
            self.statusBar().showMessage(f"已导出：{path}", 8000)

    def backup(self) -> None:
        from models.backup import backup_to

        folder = QFileDialog.getExistingDirectory(self, "备份到文件夹", self._folder("backup"))
        if not folder:
            return
        QSettings().setValue("folders/backup", folder)
        target = Path(folder) / f"台账备份_{dt.datetime.now():%Y%m%d_%H%M%S}.db"
        if self._guard(lambda: backup_to(self.store, target)):
            self.statusBar().showMessage(f"已备份到：{target}", 8000)

    def show_history(self) -> None:
        rows = self.store.history(500)
        dlg = QDialog(self)
        dlg.setWindowTitle("操作记录")
        text = QPlainTextEdit()
        text.setReadOnly(True)
        tables = {"projects": "项目卡片", "monthly_figures": "月度数据", "annual_plans": "年度计划", "settings": "设置",
                  "notices": "督办单", "analysis_texts": "文字分析"}
        actions = {"insert": "新增", "update": "修改", "delete": "删除"}
        text.setPlainText("\n".join(
            f"{r['ts']}　{r['os_user']}　{r['label']}：{actions.get(r['action'], r['action'])}"
            f"{tables.get(r['table_name'], r['table_name'])}" for r in rows) or "还没有任何操作")
        lay = QVBoxLayout(dlg)
        lay.addWidget(text)
        dlg.resize(640, 480)
        dlg.exec()

    def show_help(self) -> None:
        QMessageBox.information(self, "使用说明",
                                "Ctrl+O 导入单位报来的表；Ctrl+N 新建项目；双击或回车修改项目卡片；\n"
                                "“月度填报”页逐项填本月完成（可从 Excel 粘贴）；Ctrl+Z 撤销、Ctrl+Y 重做；\n"
                                "文件菜单导出月报表和项目清单。每次修改立即保存。")

    # ---- window --------------------------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        urls = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.import_file(urls[0])

    def _restore(self) -> None:
        s = QSettings()
        geo = s.value("window/geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        else:
            self.resize(1400, 860)
        state = s.value("window/table")
        if state is not None:
            self.table.horizontalHeader().restoreState(state)

    def closeEvent(self, event) -> None:
        s = QSettings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/table", self.table.horizontalHeader().saveState())
        super().closeEvent(event)
