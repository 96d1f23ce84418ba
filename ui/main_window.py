"""The main window: the year's project cards with search and filters, the 月度填报 tab, import, exports,
undo/redo and the 操作记录 — a thin layer over the Qt-free core."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QPushButton, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMainWindow, QMessageBox, QDialog, QSpinBox, QStyle, QTableView,
                               QTabWidget, QVBoxLayout, QWidget)

from models import verify
from models.errors import UserError
from models.money import fmt_pct, fmt_wan
from models.report import build_report, shown_figures, start_rate
from models.project import FLAGS, Status
from models.rules import BAND_ORDER

from .lights_view import LightsDelegate
from .project_model import COLUMNS, ID_ROLE, LIGHTS_COLUMN, LIGHTS_ROLE, ProjectFilter, ProjectTableModel

WIDTHS = (210, 100, 65, 70, 60, 170, 95, 95, 95, 60, 110, 130, 60, 200)
# filter panel: proxy attribute → the "all" entry of its combo
FILTERS = (("unit", "全部责任单位"), ("category", "全部类别"), ("nature", "全部建设性质"), ("flag", "全部级别"),
           ("band", "全部进度"), ("status", "全部状态"))


# the dialogs are loaded when first opened, not before the first screen (their imports took 20 ms of start-up)
def CardDialog(*args, **kwargs):  # noqa: N802 — stands for the class
    from .card_dialog import CardDialog as dialog

    return dialog(*args, **kwargs)


def ImportDialog(*args, **kwargs):  # noqa: N802 — stands for the class
    from .import_dialog import ImportDialog as dialog

    return dialog(*args, **kwargs)


def default_period(today: dt.date | None = None) -> tuple[int, int]:
    """Last month: in early May the clerk reports on April."""
    today = today or dt.date.today()
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.year, last.month


def _period_key(store) -> str | None:
    """Where the month last worked on is remembered: per 台账 file, in the user's settings (not in the 台账,
    so that looking at another month is not a change to undo)."""
    if not store.path:
        return None
    digest = hashlib.sha1(str(Path(store.path).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"periods/{digest}"


def remember_period(store, year: int, month: int) -> None:
    key = _period_key(store)
    if key:
        QSettings().setValue(key, f"{year}-{month}")


def opening_period(store, today: dt.date | None = None) -> tuple[int, int]:
    """The month the window opens at: the one last worked on in this 台账, else the latest month with figures,
    else last month (or the last year on the list when this year has no projects)."""
    key = _period_key(store)
    years = store.years()
    if key:
        try:
            y, m = (int(v) for v in str(QSettings().value(key, "") or "").split("-"))
            if 1 <= m <= 12 and (not years or y in years):
                return y, m
        except ValueError:
            pass
    latest = store.latest_period()
    if latest:
        return latest
    y, m = default_period(today)
    if years and y not in years:
        y, m = max(years), 12 if max(years) < y else m
    return y, m


class MainWindow(QMainWindow):
    """The window over one 台账 file; `open_requested(path)` asks the application to switch to another file."""

    open_requested = Signal(str)

    def __init__(self, store, year: int | None = None, month: int | None = None, owns_store: bool = False) -> None:
        super().__init__()
        self.store = store
        self.owns_store = owns_store
        if year is None or month is None:
            y, m = opening_period(store)
            year, month = year or y, month or m
        self.year, self.month = year, month
        self.setWindowTitle(f"重点项目台账 — {Path(str(store.path)).name if store.path else '内存'}")
        self.setAcceptDrops(True)

        self.model = ProjectTableModel(self)
        self.proxy = ProjectFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)     # the report's order until a header is clicked
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.doubleClicked.connect(lambda _: self.edit_project())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # right-click a column header to choose which columns show (remembered with the header state)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        for i, w in enumerate(WIDTHS):
            self.table.setColumnWidth(i, w)
        self.table.setItemDelegateForColumn(LIGHTS_COLUMN, LightsDelegate(LIGHTS_ROLE, self.table))

        self.search = QLineEdit()
        self.search.setPlaceholderText("查找：项目名称、单位、包保领导或拼音首字母（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        # Down goes into the list, Enter opens the first (or only) match, Esc clears
        self.search.returnPressed.connect(self.open_first_match)
        self.search.installEventFilter(self)
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

        # the filter panel: one combo per field, "" = all; filled from the year's projects in refresh()
        self.filters: dict[str, QComboBox] = {}
        for key, all_text in FILTERS:
            box = QComboBox()
            box.addItem(all_text, "")
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(lambda _, k=key, b=box: self._filter_changed(k, b.currentData() or ""))
            self.filters[key] = box
        for attr, word in FLAGS.items():
            self.filters["flag"].addItem(word, attr)
        for b in BAND_ORDER:
            self.filters["band"].addItem(b.value, b.value)
        for st in Status:
            self.filters["status"].addItem(st.value, st.value)
        self.unit_box, self.band_box = self.filters["unit"], self.filters["band"]
        self.archived_box = QCheckBox("含已归档(&A)")
        self.archived_box.toggled.connect(lambda on: self._filter_changed("show_archived", on))
        self.verify_box = QCheckBox("待核实(&K)")
        self.verify_box.setToolTip("只显示导入时数字看起来不对、尚待核实的项目（原因见项目名称的提示）")
        self.verify_box.toggled.connect(lambda on: self._filter_changed("to_verify", on))
        clear = QPushButton("清除筛选(&R)")
        clear.clicked.connect(self.clear_filters)

        bar = QHBoxLayout()
        for w in (self.year_box, self.month_box, self.search):
            bar.addWidget(w)
        bar.setStretch(2, 1)
        panel = QHBoxLayout()
        panel.addWidget(QLabel("筛选："))
        for box in self.filters.values():
            panel.addWidget(box)
        panel.addWidget(self.archived_box)
        panel.addWidget(self.verify_box)
        panel.addWidget(clear)
        panel.addStretch(1)
        cards = QWidget()
        lay = QVBoxLayout(cards)
        lay.addLayout(bar)
        lay.addLayout(panel)
        lay.addWidget(self.table)

        self.tabs = QTabWidget()
        self.tabs.addTab(cards, "项目卡片")
        # the 月度填报 tab is built the first time it is opened: the window is usable sooner with 10,000 projects
        self.monthly = None
        self.tabs.addTab(QWidget(), "月度填报")
        self.tabs.currentChanged.connect(self._tab_changed)
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
        new = self._action(f, "新建项目(&N)…", self.new_project, QKeySequence.StandardKey.New)
        imp = self._action(f, "导入报表(&O)…", self.import_file, QKeySequence.StandardKey.Open)
        f.addSeparator()
        self._action(f, "打开其他台账…", self.open_database)
        self._action(f, "打开示例台账", self.open_demo)
        f.addSeparator()
        monthly = self._action(f, "导出月报表…", self.export_monthly)
        listing = self._action(f, "导出项目清单（PDF）…", self.export_list)
        self._action(f, "打印项目清单…", self.print_list, QKeySequence.StandardKey.Print)
        f.addSeparator()
        backup = self._action(f, "备份台账…", self.backup)
        self._action(f, "从备份恢复…", self.restore)
        self._action(f, "退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        e = mb.addMenu("编辑(&E)")
        self.undo_act = self._action(e, "撤销", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_act = self._action(e, "重做", self.redo, "Ctrl+Y")
        e.addSeparator()
        # Enter and Delete belong to the card list only: in the 月度填报 grid they move down and clear cells
        edit = self._action(e, "修改项目卡片…", self.edit_project, "Return")
        for act in (edit, self._action(e, "删除项目…", self.delete_project, QKeySequence.StandardKey.Delete)):
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(act)
        self._action(e, "复制项目…", self.copy_project)
        self._action(e, "归档／取消归档", self.toggle_archive)
        self._action(e, "确认无误（清除待核实）", self.confirm_verified)
        self._action(e, "查找(&F)", lambda: (self.tabs.setCurrentIndex(0), self.search.setFocus(),
                                           self.search.selectAll()), QKeySequence.StandardKey.Find)
        v = mb.addMenu("查看(&V)")
        self._action(v, "操作记录…", self.show_history)
        t = mb.addMenu("工具(&T)")
        self._action(t, "把上年未完工项目结转到本年…", self.carry_over)
        t.addSeparator()
        self._action(t, "设置(&S)…", self.settings)
        h = mb.addMenu("帮助(&H)")
        self._action(h, "使用说明", self.show_help, QKeySequence.StandardKey.HelpContents)
        # the toolbar: the everyday actions, icon and words side by side as in WPS
        tb = self.addToolBar("常用")
        tb.setObjectName("toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        sp = QStyle.StandardPixmap
        for act, icon, text in ((imp, sp.SP_DialogOpenButton, "导入"), (new, sp.SP_FileIcon, "新建"),
                                (edit, sp.SP_FileDialogDetailedView, "修改"), (None, None, None),
                                (self.undo_act, sp.SP_ArrowBack, "撤销"), (self.redo_act, sp.SP_ArrowForward, "重做"),
                                (None, None, None), (monthly, sp.SP_DialogSaveButton, "月报表"),
                                (listing, sp.SP_FileDialogContentsView, "项目清单"), (backup, sp.SP_DriveHDIcon, "备份")):
            if act is None:
                tb.addSeparator()
                continue
            act.setIcon(self.style().standardIcon(icon))
            act.setIconText(text)          # the short word on the button; the menu keeps the full text
            tb.addAction(act)
        # the grid in 月度填报 has its own Ctrl+Z; the window's applies to the card list
        for act in (self.undo_act, self.redo_act):
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.monthly_panel().view.setFocus(Qt.TabFocusReason)    # the month is typed, not clicked
        self.show_totals()

    def monthly_panel(self):
        """The 月度填报 panel, built on first use."""
        if self.monthly is None:
            from .monthly import MonthlyPanel

            self.monthly = MonthlyPanel(self.store, self.year, self.month, self)
            self.monthly.changed.connect(self.refresh)
            self.monthly.period_requested.connect(self.set_period)
            self.monthly.scope_changed.connect(self.show_totals)
            # a click on a unit's bar in the charts filters the card list to that unit too
            self.monthly.unit_chosen.connect(lambda unit: self.unit_box.setCurrentIndex(max(self.unit_box.findData(unit), 0)))
            self.tabs.blockSignals(True)
            current = self.tabs.currentIndex()
            placeholder = self.tabs.widget(1)
            self.tabs.removeTab(1)
            placeholder.deleteLater()
            self.tabs.insertTab(1, self.monthly, "月度填报")
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
        return self.monthly

    # ---- data ----------------------------------------------------------------------------------------------
    def set_period(self, year: int, month: int) -> None:
        """Show another month, on both tabs, and remember it for the next start."""
        self.year, self.month = year, month
        for box, value in ((self.year_box, year), (self.month_box, month)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        remember_period(self.store, year, month)
        if self.monthly is not None:
            self.monthly.set_period(year, month)
        self.refresh()

    def refresh(self) -> None:
        report = build_report(self.store, self.year, self.month)
        self.report = report
        from models.lights import LazyLights
        self.model.set_report(report, self.store.initials, LazyLights(self.store, self.year, self.month))
        for key, values in (("unit", {l.unit for l in report.lines}),
                            ("category", {l.project.category for l in report.lines}),
                            ("nature", {l.project.nature for l in report.lines})):
            self._fill(self.filters[key], sorted(v for v in values if v))
        self.show_totals()
        u, r = self.store.undo_label(), self.store.redo_label()
        self.undo_act.setText(f"撤销“{u}”" if u else "撤销")
        self.undo_act.setEnabled(bool(u))
        self.redo_act.setText(f"重做“{r}”" if r else "重做")
        self.redo_act.setEnabled(bool(r))

    @staticmethod
    def _fill(box: QComboBox, values: list[str]) -> None:
        """Refill a filter combo with the year's values, keeping the current choice when it still exists."""
        current = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for v in values:
            box.addItem(v, v)
        box.setCurrentIndex(max(box.findData(current), 0))
        box.blockSignals(False)

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self.show_totals()

    def _filter_changed(self, key: str, value: object) -> None:
        self.proxy.set_filter(**{key: value})
        self.show_totals()

    def clear_filters(self) -> None:
        for box in self.filters.values():
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        for check in (self.archived_box, self.verify_box):
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.proxy.set_filter(unit="", category="", nature="", flag="", band="", status="", show_archived=False,
                              to_verify=False)
        self.proxy.set_search("")
        self.show_totals()

    def show_totals(self) -> None:
        """Status bar: the projects the current tab shows and their figures — every figure, 开工率 too, of that
        same set (the card list's filters on 项目卡片, the grid's 责任单位 on 月度填报)."""
        report = self.report
        if self.tabs.currentIndex() == 1 and self.monthly is not None and self.monthly.model.report is not None:
            whole = self.monthly.model.report
            lines, scope = whole.lines, whole.filter.describe()
        else:
            whole = report
            lines, scope = self.proxy.shown_lines(), ""
        # nothing filtered out: the report's own total, added up once; else the sums of the rows shown
        t = whole.total if len(lines) == len(whole.lines) else shown_figures(lines, report.month)
        of_all = "" if t.count == report.total.count else f"（共{report.total.count}个）"
        self.totals.setText(
            f"{report.year}年1—{report.month}月　{scope + '　' if scope else ''}显示{t.count}个项目{of_all}　"
            f"总投资{fmt_wan(t.total_investment, True)}万元　"
            f"年度计划{fmt_wan(t.annual_plan, True)}万元　累计完成{fmt_wan(t.ytd, True)}万元　"
            f"完成率{fmt_pct(t.completion, empty='—')}%　序时进度{fmt_pct(report.schedule)}%　"
            f"开工率{fmt_pct(start_rate(lines, report.start_rate_due_only, report.year, report.month), empty='—')}%")

    # ---- the search box's keys --------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        if obj is self.search and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down and self.proxy.rowCount():
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                self.table.selectRow(0)
                return True
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(obj, event)

    def open_first_match(self) -> None:
        """Enter in the search box: the card of the first (or only) project found."""
        if not self.search.text().strip():
            return
        if not self.proxy.rowCount():
            self.statusBar().showMessage(f"没有找到「{self.search.text()}」", 4000)
            return
        self.table.selectRow(0)
        self.edit_project()

    def _changed(self) -> None:
        self.refresh()
        if self.monthly is not None:
            self.monthly.refresh()

    def selected_id(self) -> int | None:
        idx = self.table.currentIndex()
        return self.proxy.data(idx, ID_ROLE) if idx.isValid() else None

    def confirm_verified(self) -> None:
        """确认无误: the clerk has checked the marked month with the unit; one undoable step."""
        pid = self.selected_id()
        if pid is not None and verify.confirm(self.store, pid, self.year, self.month):
            self._changed()
            self.statusBar().showMessage("已确认无误，清除待核实（Ctrl+Z 可撤销）", 4000)

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

    def copy_project(self) -> None:
        """A new card that starts as a copy of the selected one (a similar project of another unit)."""
        pid = self.selected_id()
        if pid is None:
            return
        dlg = CardDialog(self.store, self.year, None, self, copy_of=self.store.project(pid))
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self._changed()
            self.statusBar().showMessage("已复制为新项目", 4000)

    def toggle_archive(self) -> None:
        """归档: the project leaves the list (shown again with 含已归档); its figures stay."""
        pid = self.selected_id()
        if pid is None:
            return
        p = self.store.project(pid)
        word = "取消归档" if p.archived else "归档"
        self._guard(lambda: self.store.update_project(pid, {"archived": not p.archived}, label=f"{word}「{p.name}」"))
        self._changed()
        self.statusBar().showMessage(f"已{word}「{p.name}」（Ctrl+Z 可撤销）", 4000)

    def carry_over(self) -> None:
        """Put last year's unfinished projects on this year's list as 续建, after showing which."""
        from .carry_over_dialog import CarryOverDialog

        dlg = CarryOverDialog(self.store, self.year - 1, self.year, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self._changed()
            self.statusBar().showMessage(f"已结转{dlg.added}个项目到{self.year}年（Ctrl+Z 可撤销）", 6000)

    def settings(self) -> None:
        from .settings_dialog import SettingsDialog

        if SettingsDialog(self.store, self).exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "打开台账", self._folder("database"), "台账数据库 (*.db);;所有文件 (*)")
        if path:
            self._remember("database", path)
            self.open_requested.emit(path)

    def open_demo(self) -> None:
        from .app import demo_path, make_demo_file

        path = demo_path(self.store)
        try:
            make_demo_file(path)
        except UserError as exc:
            QMessageBox.warning(self, "无法打开示例台账", exc.message)
            return
        self.open_requested.emit(str(path))

    def selected_ids(self) -> list[int]:
        """The projects of the selected rows (Shift/Ctrl+click), in the order shown."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.data(self.proxy.index(r, 0), ID_ROLE) for r in rows]

    def delete_project(self) -> None:
        """Delete the selected project(s) after confirmation; several at once are one undo step, backed up first."""
        if self.tabs.currentIndex() != 0:
            return
        ids = self.selected_ids() or ([self.selected_id()] if self.selected_id() is not None else [])
        if not ids:
            return
        if len(ids) == 1:
            p = self.store.project(ids[0])
            text = f"删除项目「{p.name}」及其全部计划和月度数据？\n（可用 Ctrl+Z 撤销）"
        else:
            text = f"删除所选的{len(ids)}个项目及其全部计划和月度数据？\n（删除前自动备份，也可用 Ctrl+Z 整批撤销）"
        if QMessageBox.question(self, "删除项目", text) != QMessageBox.StandardButton.Yes:
            return
        self._guard(lambda: self.store.delete_projects(ids))
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
            paths, _ = QFileDialog.getOpenFileNames(self, "导入报表（可选多个文件）", self._folder("import"),
                                                    "报表 (*.xlsx *.xlsm *.csv *.xls *.et);;所有文件 (*)")
            if len(paths) > 1 or (paths and Path(paths[0]).is_dir()):
                return self.import_files(paths)
            path = paths[0] if paths else ""
        if not path:
            return False
        self._remember("import", path)
        dlg = ImportDialog(self.store, path, self)
        dlg.exec()
        if dlg.summary is not None:      # stored, even if the result page was closed with Esc
            self.set_period(dlg.year.value(), dlg.month.value())
            self._changed()
            self.statusBar().showMessage(f"导入完成：{dlg.summary.as_text()}（Ctrl+Z 可撤销）", 8000)
            return True
        return False

    def import_files(self, paths: list[str]) -> bool:
        """Several returns at once (or a folder of them): each file its own undoable step, one line each."""
        from .batch_import_dialog import BatchImportDialog

        self._remember("import", str(paths[0]))
        dlg = BatchImportDialog(self.store, paths, self)
        self.batch_dialog = dlg
        dlg.exec()
        dlg.wait_done()
        if dlg.stored:
            last = next(o for o in reversed(dlg.outcomes) if o.outcomes)
            self.set_period(last.year, last.month)
            self._changed()
            self.statusBar().showMessage(dlg.info.text(), 8000)
        return dlg.stored

    # exports are written by the 月度填报 tab, off the UI thread, which then offers to open the file or folder
    def export_monthly(self) -> None:
        self.tabs.setCurrentIndex(1)
        self.monthly_panel().export_monthly()

    def export_list(self) -> None:
        self.tabs.setCurrentIndex(1)
        self.monthly_panel().export_list(suffix=".pdf")

    def print_list(self) -> None:
        self.tabs.setCurrentIndex(1)
        self.monthly_panel().preview_list()

    def backup(self) -> None:
        from models.backup import backup_to

        folder = QFileDialog.getExistingDirectory(self, "备份到文件夹", self._folder("backup"))
        if not folder:
            return
        QSettings().setValue("folders/backup", folder)
        target = Path(folder) / f"台账备份_{dt.datetime.now():%Y%m%d_%H%M%S}.db"
        if self._guard(lambda: backup_to(self.store, target)):
            self.statusBar().showMessage(f"已备份到：{target}", 8000)

    def restore(self) -> None:
        """从备份恢复: pick a backup, see what it holds, confirm; the current data is kept as a 恢复前 copy."""
        from models.backup import backup_dir, inspect_backup, restore_from

        if self.store.path is None:
            return
        start = self._folder("restore") or str(backup_dir(self.store))
        path, _ = QFileDialog.getOpenFileName(self, "选择要恢复的备份", start, "台账备份 (*.db);;所有文件 (*)")
        if not path:
            return
        self._remember("restore", path)
        info = self._guard(lambda: inspect_backup(path))
        if info is None:
            return
        projects, last = info
        when = (last or "无修改记录").replace("T", " ")
        if QMessageBox.question(
                self, "从备份恢复",
                f"用备份「{Path(path).name}」替换当前台账？\n备份中有{projects}个项目，最后修改于 {when}。\n\n"
                f"当前的数据会先另存一份“恢复前”备份，需要时可以再恢复回来。") != QMessageBox.StandardButton.Yes:
            return
        result = self._guard(lambda: restore_from(self.store.path, path))
        if result is None:
            return
        self._changed()
        QMessageBox.information(self, "已恢复", result.as_text())

    def show_history(self) -> None:
        """操作记录: who changed what and when, with each field's old and new value."""
        from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

        from models.audit_view import audit_lines

        lines = audit_lines(self.store, 2000)
        dlg = QDialog(self)
        dlg.setWindowTitle("操作记录（最近2000条，Ctrl+Z 撤销最近一次操作）")
        table = QTableWidget(len(lines), 6)
        table.setHorizontalHeaderLabels(["时间", "用户", "操作", "对象", "动作", "改动（原值 → 新值）"])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        for r, line in enumerate(lines):
            for c, text in enumerate((line.ts, line.user, line.operation, line.what, line.action, line.change)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(r, c, item)
        for c, w in enumerate((140, 80, 200, 220, 50)):
            table.setColumnWidth(c, w)
        table.horizontalHeader().setStretchLastSection(True)
        lay = QVBoxLayout(dlg)
        lay.addWidget(table if lines else QLabel("还没有任何操作"))
        dlg.resize(1100, 560)
        self.history_table = table
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
        if len(urls) > 1 or (urls and Path(urls[0]).is_dir()):
            self.import_files(urls)
        elif urls:
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

    def _column_menu(self, pos) -> None:
        """Right-click on the header: tick the columns to show."""
        from PySide6.QtWidgets import QMenu

        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for i, name in enumerate(COLUMNS):
            act = menu.addAction(name)
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(i))
            act.setEnabled(i != 0)          # the name always shows
            act.toggled.connect(lambda on, i=i: header.setSectionHidden(i, not on))
        menu.exec(header.mapToGlobal(pos))

    def closeEvent(self, event) -> None:
        s = QSettings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/table", self.table.horizontalHeader().saveState())
        super().closeEvent(event)
        if self.owns_store:
            QThreadPool.globalInstance().waitForDone(15000)   # a background export still reading the store
            self.store.close()
