"""The 月度填报 tab: entry grid, 未报 list, the month at a glance and the month's exports."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton, QSpinBox, QSplitter,
                               QVBoxLayout, QWidget)

from exporters.monthly_xlsx import write_monthly_xlsx
from exporters.project_list import write_list
from models.errors import UserError
from models.report import MonthlyReport, build_report

from .exports import (LIST_GROUPS, AnalysisPreview, ListPreview, Runner, ask_save_path, confirm_unreported,
                      list_group, notices_work, remember_dir, remember_list_group)
from .grid import EntryModel, EntryView
from .returns import ReturnsView
from .notices import NoticesDialog
from .summary import SummaryStrip
from ..charts_view import ChartsPane

ALL_UNITS = "全部责任单位"
# pixels: figures and dates keep their width; the three texts share what is left of the grid's width
WIDTHS = {"name": 184, "unit": 86, "plan": 86, "prev_ytd": 86, "month_amount": 86, "ytd": 90, "since_start": 86,
          "actual_start": 82, "actual_finish": 82, "funds_received": 76}
TEXT_WIDTHS = {"progress": 150, "problem": 110, "next_plan": 95}      # the least each text gets


class MonthlyPanel(QWidget):
    """The month's work in one tab; `changed` is emitted after every stored change so the window can refresh."""

    changed = Signal()
    period_requested = Signal(int, int)      # the clerk chose another month here; the window follows
    scope_changed = Signal()                 # another 责任单位 chosen: the status bar follows the grid
    unit_chosen = Signal(str)                # a unit's bar clicked in the charts ('' = all units again)

    def __init__(self, store, year: int, month: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.year, self.month = year, month
        self.report: MonthlyReport | None = None
        self.runner = Runner(self)
        self.last_export: Path | None = None
        self.preview: AnalysisPreview | None = None
        self.notices_dialog: NoticesDialog | None = None

        # the month being typed, in large type: typing May's figures into December must be hard to miss
        self.period_label = QLabel()
        self.period_label.setStyleSheet("font-size: 22px; font-weight: bold; color: #1f3b73;")
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, 2100)
        self.year_box.setSuffix("年")
        self.year_box.setValue(year)
        self.month_box = QSpinBox()
        self.month_box.setRange(1, 12)
        self.month_box.setSuffix("月")
        self.month_box.setValue(month)
        self.month_box.setToolTip("填报哪个月（PageUp / PageDown 或上下键改月份）")
        for box in (self.year_box, self.month_box):
            box.valueChanged.connect(lambda _: self.period_requested.emit(self.year_box.value(), self.month_box.value()))
        month_label = QLabel("月份(&Y)：")
        month_label.setBuddy(self.month_box)
        self.unit_box = QComboBox()
        self.unit_box.setMinimumContentsLength(10)
        self.unit_box.currentIndexChanged.connect(self._unit_changed)
        unit_label = QLabel("责任单位(&U)：")
        unit_label.setBuddy(self.unit_box)
        self.carry_button = QPushButton("沿用上月形象进度(&J)")
        self.carry_button.setToolTip("所选行本月形象进度为空时，填入上月的形象进度作为起点")
        self.carry_button.clicked.connect(self.carry_progress)
        self.monthly_button = QPushButton("导出月报(&M)…")
        self.monthly_button.setToolTip("导出报上级的月报表（.xlsx）")
        self.monthly_button.setMenu(self._monthly_menu())
        self.list_button = QPushButton("项目清单(&L)…")
        self.list_button.setToolTip("调度会用的项目清单：打印预览、打印，或存为 PDF / Excel")
        self.list_button.setMenu(self._list_menu())
        self.list_preview: ListPreview | None = None
        self.analysis_button = QPushButton("文字分析(&W)…")
        self.analysis_button.setToolTip("预览并修改本月文字分析，导出为 Word（公文格式）")
        self.analysis_button.clicked.connect(lambda: self.open_analysis())
        self.notices_button = QPushButton("督办单(&D)…")
        self.notices_button.setToolTip("督办单的下发、办结时限和办理情况；为未赶上序时进度和逾期未开工的项目生成本月督办单")
        self.notices_button.clicked.connect(lambda: self.open_notices())

        # the month at a glance in pictures: 完成率 by unit (click a bar to see that unit), bands, the year's 累计
        self.charts = ChartsPane()
        self.charts.unit_clicked.connect(self._chart_unit)
        # B: Alt+T is the menu bar's 工具(&T) — two owners of one letter make Qt only move the focus
        self.charts_button = QPushButton("图表(&B)")
        self.charts_button.setCheckable(True)
        self.charts_button.setToolTip("显示或隐藏本月图表：各单位完成率、进度分档、逐月累计完成")

        top = QHBoxLayout()
        top.addWidget(self.period_label)
        top.addSpacing(12)
        top.addWidget(month_label)
        top.addWidget(self.year_box)
        top.addWidget(self.month_box)
        top.addSpacing(8)
        top.addWidget(unit_label)
        top.addWidget(self.unit_box)
        top.addWidget(self.carry_button)
        top.addStretch(1)
        for b in (self.charts_button, self.monthly_button, self.list_button, self.analysis_button, self.notices_button):
            top.addWidget(b)

        self.summary = SummaryStrip()
        self.model = EntryModel(store, year, month, self)
        self.view = EntryView()
        self.view.setModel(self.model)
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._grid_menu)
        self.model.error.connect(self.show_error)
        self.model.stored.connect(self._stored)
        self.model.modelReset.connect(self._fit_columns)
        self._fitting = False
        self._user_widths = False            # once the clerk drags a column edge, the widths are theirs
        self.view.horizontalHeader().sectionResized.connect(self._section_resized)
        self.view.viewport().installEventFilter(self)
        # 报送与审核: the units' returns of the month and their 审核, with the 未报 projects under them
        self.returns = ReturnsView()
        self.returns.changed.connect(self._reviewed)
        self.returns.message.connect(self.show_info)
        self.not_reported = self.returns.not_reported
        self.not_reported.mark_zero.connect(self.mark_zero)
        self.not_reported.message.connect(self.show_info)

        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.returns)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        split.setSizes([1330, 230])
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.open_file_button = QPushButton("打开文件(&K)")
        self.open_file_button.setToolTip("用 Excel / WPS / Word / PDF 阅读器打开刚导出的文件")
        self.open_file_button.clicked.connect(lambda: self.open_export("file"))
        self.open_folder_button = QPushButton("打开所在文件夹(&G)")
        self.open_folder_button.clicked.connect(lambda: self.open_export("folder"))
        for b in (self.open_file_button, self.open_folder_button):
            b.hide()
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.open_file_button)
        message_row.addWidget(self.open_folder_button)
        hint = QLabel("键入即修改；Enter 向下、Tab 向右（行末到下一行）；Ctrl+Tab 或 F6 在表格、未报名单和按钮之间切换；Ctrl+V 粘贴 Excel/WPS 中复制的区域；Ctrl+D 向下填充；"
                      "Delete 清除；Ctrl+Z 撤销、Ctrl+Y 重做。金额单位：万元。黄色行有需要核对的数，鼠标停留可见原因。")
        hint.setStyleSheet("color: #666;")
        hint.setWordWrap(True)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        charts_split = QSplitter(Qt.Vertical)
        charts_split.addWidget(self.charts)
        charts_split.addWidget(split)
        charts_split.setStretchFactor(1, 1)
        charts_split.setSizes([230, 520])
        lay.addWidget(charts_split, 1)
        shown = QSettings().value("monthly/charts", True, type=bool)
        self.charts_button.setChecked(shown)
        self.charts.setVisible(shown)
        self.charts_button.toggled.connect(self._show_charts)
        lay.addLayout(message_row)
        lay.addWidget(hint)
        self._fill_units()
        self._fit_columns()
        self.refresh()
        self.setFocusProxy(self.view)          # the tab opens with the grid ready for typing
        # F6 / Ctrl+Tab go round the grid, the 未报 list and the buttons; Shift the other way
        for keys, step in ((("F6", "Ctrl+Tab"), 1), (("Shift+F6", "Ctrl+Shift+Tab", "Ctrl+Backtab"), -1)):
            for key in keys:
                sc = QShortcut(QKeySequence(key), self, context=Qt.WidgetWithChildrenShortcut)
                sc.activated.connect(lambda st=step: self.cycle_focus(st))

    def focus_areas(self) -> list[QWidget]:
        """Where F6 / Ctrl+Tab go, in order: the grid, the 未报 list, the row of buttons (the month first)."""
        return [self.view, self.not_reported.tree, self.month_box]

    def cycle_focus(self, step: int = 1) -> None:
        areas = self.focus_areas()
        focus = self.focusWidget()
        at = next((i for i, w in enumerate(areas) if focus is w or (focus is not None and w.isAncestorOf(focus))), None)
        if at is None:       # on one of the buttons: they belong to the third area
            at = 2
        target = areas[(at + step) % len(areas)]
        target.setFocus(Qt.ShortcutFocusReason)
        if target is self.not_reported.tree and not target.currentIndex().isValid() and target.model().rowCount():
            target.setCurrentIndex(target.model().index(0, 0))

    # ---- period and refresh ---------------------------------------------------------------------------
    def set_period(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        for box, value in ((self.year_box, year), (self.month_box, month)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self.model.set_period(year, month, self._unit())
        self.show_info("")
        self.refresh(reload_grid=False)

    def refresh(self, reload_grid: bool = True) -> None:
        """Re-read the store (after an import, an undo in another tab…) and redraw everything."""
        if reload_grid:
            self._fill_units()
            self.model.reload()
        self.report = self.model.report if self._unit() is None else build_report(self.store, self.year, self.month)
        self.period_label.setText(f"{self.year}年{self.month}月")
        self.summary.set_report(self.report)
        self.not_reported.set_report(self.report)
        self.returns.set_period(self.store, self.year, self.month)
        self._refresh_charts()

    def _refresh_charts(self) -> None:
        if not self.charts.isVisibleTo(self):
            return                  # hidden: no need to read the year's months
        from models.trend import year_trend

        self.charts.set_report(self.report, year_trend(self.store, self.year, self.month), self._unit() or "")

    def _show_charts(self, on: bool) -> None:
        self.charts.setVisible(on)
        QSettings().setValue("monthly/charts", on)
        self._refresh_charts()

    def _chart_unit(self, unit: str) -> None:
        """A unit's bar clicked: the grid (and, through unit_chosen, the card list) shows that unit only."""
        index = self.unit_box.findText(unit) if unit else 0
        self.unit_box.setCurrentIndex(max(index, 0))
        self.unit_chosen.emit(unit)

    def _unit(self) -> str | None:
        text = self.unit_box.currentText()
        return None if not text or text == ALL_UNITS else text

    def _fill_units(self) -> None:
        current = self.unit_box.currentText()
        units = [ALL_UNITS] + self.store.units()
        if [self.unit_box.itemText(i) for i in range(self.unit_box.count())] == units:
            return
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        self.unit_box.addItems(units)
        self.unit_box.setCurrentIndex(max(0, units.index(current) if current in units else 0))
        self.unit_box.blockSignals(False)

    def _unit_changed(self) -> None:
        self.model.set_period(self.year, self.month, self._unit())
        self.refresh(reload_grid=False)
        self.scope_changed.emit()

    def _fit_columns(self) -> None:
        """Every column on screen when the grid is wide enough (1600 pixels with the 未报 list); narrower, it scrolls."""
        if self._user_widths:
            return
        cols = self.model.columns
        fixed = sum(WIDTHS.get(c.key, 90) for c in cols if c.key not in TEXT_WIDTHS)
        least = sum(TEXT_WIDTHS.values())
        spare = max(0, self.view.viewport().width() - 1 - fixed - least)
        self._fitting = True
        try:
            for i, col in enumerate(cols):
                w = TEXT_WIDTHS.get(col.key)
                self.view.setColumnWidth(i, WIDTHS.get(col.key, 90) if w is None else w + spare * w // least)
        finally:
            self._fitting = False

    def _section_resized(self, *_) -> None:
        if not self._fitting:
            self._user_widths = True

    def eventFilter(self, obj, event) -> bool:
        if obj is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(obj, event)

    # ---- changes --------------------------------------------------------------------------------------
    def _stored(self, label: str) -> None:
        self.refresh(reload_grid=False)
        self.show_info(label if label.startswith("已") else f"已保存：{label}")
        self.changed.emit()

    def _reviewed(self) -> None:
        """通过 / 退回 / 并入 in the 报送与审核 view: the grid's marks and the window follow."""
        self.model.reload()
        self.refresh(reload_grid=False)
        self.changed.emit()

    def mark_zero(self, ids: list[int]) -> None:
        try:
            n = self.store.mark_reported_zero(ids, self.year, self.month)
        except UserError as exc:
            self.show_error(str(exc))
            return
        self.model.reload()
        self.refresh(reload_grid=False)
        self.show_info(f"已将{n}个项目标为{self.month}月无进展（本月完成0，累计同上月）")
        self.changed.emit()

    def carry_progress(self) -> None:
        rows = self.view.selected_rows()
        if not rows:
            self.show_error("请先选中要沿用上月形象进度的行")
            return
        self.model.carry_progress(rows)
        self.view.setFocus()         # back to the grid: the clerk goes on typing where they were

    def _grid_menu(self, pos) -> None:
        menu = QMenu(self)
        for text, slot in (("复制\tCtrl+C", self.view.copy), ("粘贴\tCtrl+V", self.view.paste),
                           ("向下填充\tCtrl+D", self.view.fill_down), ("清除\tDelete", self.view.clear_cells),
                           (None, None), ("沿用上月形象进度", self.carry_progress),
                           (None, None), ("撤销\tCtrl+Z", self.view.undo), ("重做\tCtrl+Y", self.view.redo)):
            if text is None:
                menu.addSeparator()
            else:
                act = QAction(text, menu)
                act.triggered.connect(lambda _=False, s=slot: s())
                menu.addAction(act)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    # ---- messages -------------------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        self._offer_open(False)
        self.message.setStyleSheet("color: #a61b1b; background: #fdecea; padding: 4px;" if text else "")
        self.message.setText(text)

    def show_info(self, text: str) -> None:
        self._offer_open(False)
        self.message.setStyleSheet("color: #1d5e2c; background: #eaf6ec; padding: 4px;" if text else "")
        self.message.setText(text)

    def _offer_open(self, on: bool) -> None:
        self.open_file_button.setVisible(on)
        self.open_folder_button.setVisible(on)

    def _done(self, what: str, path: Path, extra: str = "") -> None:
        self.last_export = path
        self.show_info(f"已导出{what}{extra}：{path}")
        self._offer_open(True)           # the next thing a clerk does is look at it or attach it to a message

    def open_export(self, which: str) -> bool:
        """Open the file just exported ("file") or the folder it is in ("folder") with the system's program."""
        if self.last_export is None:
            return False
        target = self.last_export if which == "file" else self.last_export.parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            self.show_error(f"无法打开「{target}」，请在文件夹中找到它")
            return False
        return True

    # ---- exports --------------------------------------------------------------------------------------
    def _name(self, what: str, suffix: str) -> str:
        office = (self.report.office if self.report else "") or ""
        return f"{office}{self.year}年{self.month}月重点项目{what}{suffix}"

    # the 月报's groups: as the clerk chose last time (a district grouping by 报送单位, the office each return came from)
    MONTHLY_GROUPS = (("category", "按项目类别分组"), ("unit", "按责任单位分组"), ("office", "按报送单位分组"),
                      ("nature", "按建设性质分组"), ("band", "按进度分组"), ("none", "不分组"))

    def _monthly_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction("导出月报…").triggered.connect(lambda _=False: self.export_monthly())
        menu.addSection("分组")
        self.monthly_group_actions = QActionGroup(menu)
        for key, text in self.MONTHLY_GROUPS:
            act = menu.addAction(text)
            act.setCheckable(True)
            act.setData(key)
            self.monthly_group_actions.addAction(act)
        menu.aboutToShow.connect(lambda: [a.setChecked(a.data() == self.monthly_group())
                                          for a in self.monthly_group_actions.actions()])
        self.monthly_group_actions.triggered.connect(lambda act: QSettings().setValue("monthly/group", act.data()))
        return menu

    def monthly_group(self) -> str:
        by = str(QSettings().value("monthly/group", "category") or "category")
        return by if by in dict(self.MONTHLY_GROUPS) else "category"

    def export_monthly(self, path: str | None = None) -> bool:
        """月报 xlsx, written off the UI thread, grouped as chosen in the button's menu."""
        if self.report is None:
            return False
        if path is None:
            if not confirm_unreported(self, self.report, "月报"):
                return False
            path = ask_save_path(self, "导出月报", self._name("月报", ".xlsx"), "Excel 工作簿 (*.xlsx)")
        if not path:
            return False
        remember_dir(path)
        report = self.report
        kw = {} if self.monthly_group() == "category" else {"group_by": self.monthly_group()}   # category: the default
        self._start(self.monthly_button, lambda: write_monthly_xlsx(report, Path(path), **kw),
                    lambda _: self._done("月报", Path(path)), "正在导出月报…")
        return True

    # the project list for a 调度会: print preview, PDF or xlsx, grouped as the clerk chose last time
    def _list_menu(self) -> QMenu:
        menu = QMenu(self)
        for text, slot in (("打印预览…", lambda: self.preview_list()),
                           ("导出 PDF…", lambda: self.export_list(suffix=".pdf")),
                           ("导出 Excel…", lambda: self.export_list(suffix=".xlsx"))):
            menu.addAction(text).triggered.connect(lambda _=False, s=slot: s())
        menu.addSection("调度会")
        for text, slot in (("问题清单（Word）…", lambda: self.export_problems(suffix=".docx")),
                           ("问题清单（Excel）…", lambda: self.export_problems(suffix=".xlsx")),
                           ("图片版项目清单…", lambda: self.export_photo_list())):
            menu.addAction(text).triggered.connect(lambda _=False, s=slot: s())
        menu.addSection("分组")
        self.list_group_actions = QActionGroup(menu)
        for key, text in LIST_GROUPS:
            act = menu.addAction(text)
            act.setCheckable(True)
            act.setData(key)
            self.list_group_actions.addAction(act)
        menu.aboutToShow.connect(self._check_list_group)
        self.list_group_actions.triggered.connect(lambda act: remember_list_group(act.data()))
        menu.addSection("列")
        self.list_approvals = menu.addAction("加“前期手续”列（尚未办结的手续）")
        self.list_approvals.setCheckable(True)
        self.list_approvals.setChecked(bool(QSettings().value("monthly/list_approvals", False, type=bool)))
        self.list_approvals.toggled.connect(lambda on: QSettings().setValue("monthly/list_approvals", on))
        return menu

    def _check_list_group(self) -> None:
        by = list_group()
        for act in self.list_group_actions.actions():
            act.setChecked(act.data() == by)

    def preview_list(self, by: str | None = None) -> bool:
        """The project list in a print preview (QPrintPreviewDialog) showing the PDF's pages; the pages are laid
        out off the UI thread and the preview opens when they are ready (`list_preview`)."""
        if self.report is None:
            return False
        from exporters.project_list import list_pages

        report = self.report
        by = by or list_group()

        def show(pages) -> None:
            if self.list_preview is not None and shiboken6.isValid(self.list_preview):
                self.list_preview.close()
                self.list_preview.deleteLater()
            self.list_preview = ListPreview(report, pages, self)
            self.list_preview.export_requested.connect(lambda g: self.export_list(by=g, suffix=".pdf"))
            self.list_preview.regroup_requested.connect(self._regroup_list)
            self.show_info("")
            self.list_preview.show()

        approvals = self.list_approvals.isChecked()
        self._start(self.list_button, lambda: list_pages(report, by, approvals=approvals), show, "正在排版项目清单…")
        return True

    def _regroup_list(self, by: str) -> None:
        from exporters.project_list import list_pages

        preview = self.list_preview
        if preview is None:
            return
        report, approvals = preview.report, self.list_approvals.isChecked()
        self.runner.start(lambda: list_pages(report, by, approvals=approvals),
                          lambda pages: preview.set_pages(pages) if shiboken6.isValid(preview) else None,
                          lambda m: preview.regroup_failed(m) if shiboken6.isValid(preview) else None)

    def export_list(self, path: str | None = None, by: str | None = None, suffix: str = ".pdf") -> bool:
        """The project list as PDF or xlsx (by the file's extension), written off the UI thread."""
        if self.report is None:
            return False
        by = by or list_group()
        parent = self.list_preview if self.list_preview is not None and self.list_preview.isVisible() else self
        pattern = "PDF 文件 (*.pdf);;Excel 工作簿 (*.xlsx)" if suffix == ".pdf" else "Excel 工作簿 (*.xlsx);;PDF 文件 (*.pdf)"
        path = path or ask_save_path(parent, "导出项目清单", self._name("清单", suffix), pattern)
        if not path:
            return False
        remember_dir(path)
        remember_list_group(by)
        report, approvals = self.report, self.list_approvals.isChecked()
        self._start(self.list_button, lambda: write_list(report, Path(path), by, approvals),
                    lambda _: self._done("项目清单", Path(path)), "正在导出项目清单…")
        return True

    def export_problems(self, path: str | None = None, suffix: str = ".docx", by: str = "cause") -> bool:
        """The 问题清单 from the 问题台账 (open problems first), read here, written off the UI thread."""
        from exporters.problem_list import write_problem_list
        from models.problem_list import build_problem_list

        pattern = "Word 文档 (*.docx)" if suffix == ".docx" else "Excel 工作簿 (*.xlsx)"
        path = path or ask_save_path(self, "导出问题清单", self._name("问题清单", suffix), pattern)
        if not path:
            return False
        remember_dir(path)
        pl = build_problem_list(self.store, self.year, self.month, by)
        self._start(self.list_button, lambda: write_problem_list(pl, Path(path)),
                    lambda _: self._done("问题清单", Path(path)), "正在导出问题清单…")
        return True

    def export_photo_list(self, path: str | None = None) -> bool:
        """The 图片版项目清单: each project's latest photo with its figures (.docx)."""
        from cli.records import list_photos
        from exporters.photo_list import write_photo_list

        if self.report is None:
            return False
        path = path or ask_save_path(self, "导出图片版项目清单", self._name("图片清单", ".docx"), "Word 文档 (*.docx)")
        if not path:
            return False
        remember_dir(path)
        report, pictures = self.report, list_photos(self.store, self.year, self.month)
        self._start(self.list_button, lambda: write_photo_list(report, pictures, Path(path)),
                    lambda _: self._done("图片版项目清单", Path(path)), "正在导出图片版项目清单…")
        return True

    def open_analysis(self) -> AnalysisPreview:
        """The editable 文字分析 preview for the month (one window, brought to front when open)."""
        if self.preview is not None and self.preview.isVisible() and \
                (self.preview.report.year, self.preview.report.month) == (self.year, self.month):
            self.preview.raise_()
            return self.preview
        report = build_report(self.store, self.year, self.month)
        self.preview = AnalysisPreview(self.store, report, self)
        self.preview.export_requested.connect(lambda text, att: self.export_analysis(text, att))
        self.preview.finished.connect(lambda _=0: self.changed.emit())
        self.preview.show()
        return self.preview

    def export_analysis(self, text: str, attachment: bool = False, path: str | None = None) -> bool:
        """文字分析 .docx from the (edited) text, written off the UI thread."""
        # asked in front of the 文字分析 window the clerk is looking at, not behind it
        parent = self.preview if self.preview is not None and self.preview.isVisible() else self
        report = build_report(self.store, self.year, self.month)
        if path is None:
            if not confirm_unreported(parent, report, "文字分析"):
                return False
            path = ask_save_path(parent, "导出文字分析", self._name("建设情况分析", ".docx"), "Word 文档 (*.docx)")
        if not path:
            return False
        remember_dir(path)
        from exporters.charts import report_charts
        from models.trend import year_trend
        charts = report_charts(report, year_trend(self.store, self.year, self.month))     # the 附图, as on the command line

        def work() -> Path:
            from exporters.analysis_docx import write_analysis_docx
            return write_analysis_docx(text, path, attachment=report if attachment else None, author=report.office,
                                       charts=charts)

        self.changed.emit()     # the saved draft is a change the window may show
        def done(_) -> None:
            self._done("文字分析", Path(path))
            if self.preview is not None and shiboken6.isValid(self.preview) and self.preview.isVisible():
                self.preview.source.setText(f"已导出文字分析：{path}")      # said where the clerk is looking

        self._start(self.analysis_button, work, done, "正在导出文字分析…")
        return True

    def open_notices(self) -> NoticesDialog:
        """The year's 督办单 with their tracking; new notices for the month are made from there."""
        if self.notices_dialog is None or (self.notices_dialog.year, self.notices_dialog.month) != (self.year, self.month):
            if self.notices_dialog is not None:
                self.notices_dialog.close()
            self.notices_dialog = NoticesDialog(self.store, self.year, self.month, self)
            self.notices_dialog.export_requested.connect(lambda: self.export_notices())
            self.notices_dialog.changed.connect(self.changed.emit)
        else:
            self.notices_dialog.reload()
        self.notices_dialog.show()
        self.notices_dialog.raise_()
        return self.notices_dialog

    def export_notices(self, path: str | None = None, issued_on: dt.date | None = None) -> bool:
        """督办单 for lagging and overdue projects: numbered, recorded and written as one step, off the UI thread."""
        report = build_report(self.store, self.year, self.month)
        from exporters.notices import notice_lines
        if not notice_lines(report):
            self.show_info(f"{self.month}月没有未赶上序时进度或逾期未开工的项目，无需督办")
            return False
        parent = self.notices_dialog if self.notices_dialog is not None and self.notices_dialog.isVisible() else self
        path = path or ask_save_path(parent, "生成督办单", self._name("督办单", ".docx"), "Word 文档 (*.docx)")
        if not path:
            return False
        remember_dir(path)

        def done(n: int) -> None:
            self.model.reload()
            self.refresh(reload_grid=False)
            self._done("督办单", Path(path), f"（{n}份）")
            if self.notices_dialog is not None:
                self.notices_dialog.reload()
                self.notices_dialog.message.setText(f"已生成{n}份督办单：{path}")
            self.changed.emit()

        self._start(self.notices_button, notices_work(self.store, report, path, issued_on or dt.date.today()),
                    done, "正在生成督办单…")
        return True

    def _start(self, button: QPushButton, work, done, busy_text: str) -> None:
        button.setEnabled(False)
        self.show_info(busy_text)

        def finish(handler, value) -> None:
            if not shiboken6.isValid(button):     # the tab was closed while the file was being written
                return
            button.setEnabled(True)
            handler(value)

        self.runner.start(work, lambda v: finish(done, v), lambda m: finish(self.show_error, m))
