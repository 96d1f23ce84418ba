"""The import wizard: read a unit's return off the UI thread, show the sheet with its detected header, the
column mapping (each target editable), the rows skipped and why; the clerk corrects year, month and unit,
imports as one undoable step, and sees what changed."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPlainTextEdit, QProgressBar, QPushButton, QSpinBox, QSplitter,
                               QStackedWidget, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from importers.synonyms import MONEY_TARGETS, TARGET_LABELS
from models.errors import UserError

UNITS = ("按表中注明（未注明按万元）", "元", "万元", "亿元")
HEADER_BG = QBrush(QColor("#dbe8f7"))
PREVIEW_ROWS = 30


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)


class ReadJob(QRunnable):
    """read_return in a worker thread; the dialog's Cancel sets `cancelled`."""

    def __init__(self, path: str, year: int | None, month: int | None, unit: str | None,
                 overrides: dict[int, str | None] | None = None, responsible_unit: str | None = None,
                 known_units: list[str] | None = None) -> None:
        super().__init__()
        self.path, self.year, self.month, self.unit, self.overrides = path, year, month, unit, overrides
        self.responsible_unit = responsible_unit
        self.known_units = known_units or []
        self.cancelled = False
        self.signals = _Signals()

    def run(self) -> None:
        from importers.reader import read_return
        from models.gcpause import paused

        try:
            with paused():
                res = read_return(self.path, year=self.year, month=self.month, unit_override=self.unit,
                                  mapping_overrides=self.overrides or None, responsible_unit=self.responsible_unit,
                                  known_units=self.known_units,
                                  progress=lambda d, t: self.signals.progress.emit(d, t),
                                  cancel=lambda: self.cancelled)
            self.signals.done.emit(res)
        except UserError as exc:
            self.signals.failed.emit(exc.message)
        except Exception as exc:  # a bug must not kill the window
            self.signals.failed.emit(f"读取时程序出错（{type(exc).__name__}），未导入任何数据")


class ImportDialog(QDialog):
    """Page 1: what was understood, editable; 导入 stores it all or nothing; page 2: what changed."""

    def __init__(self, store, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.path = store, path
        self.read_result = None
        self.summary = None
        self.outcomes: list = []
        self.job: ReadJob | None = None
        self.overrides: dict[int, str | None] = {}
        self.storing: StoreJob | None = None
        self.setWindowTitle(f"导入报表 — {Path(path).name}")

        self.info = QLabel("正在读取……")
        self.info.setWordWrap(True)
        self.sheet = QTableWidget()
        self.sheet.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sheet.verticalHeader().setDefaultSectionSize(22)
        self.columns = QTableWidget(0, 4)
        self.columns.setHorizontalHeaderLabels(["列", "表中的列名", "导入为", "金额单位／说明"])
        self.columns.verticalHeader().hide()
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.columns.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.columns.setColumnWidth(0, 40)
        self.columns.setColumnWidth(2, 170)
        self.skipped = QPlainTextEdit()
        self.skipped.setReadOnly(True)
        self.report = QPlainTextEdit()        # the whole mapping report, as the command line prints it
        self.report.setReadOnly(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.columns, "列的对应")
        self.tabs.addTab(self.skipped, "跳过的行")
        self.tabs.addTab(self.report, "完整说明")
        split = QSplitter(Qt.Orientation.Vertical)
        holder = QWidget()
        hl = QVBoxLayout(holder)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(QLabel("表格前几行（蓝色为识别出的表头）："))
        hl.addWidget(self.sheet)
        split.addWidget(holder)
        split.addWidget(self.tabs)
        split.setSizes([230, 330])

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.unit = QComboBox()
        self.unit.addItems(UNITS)
        self.unit.currentIndexChanged.connect(lambda _: self.read(keep_period=True))
        # 责任单位 of a return that names none (no column, section or 填报单位 line): never merged by name alone
        from models.returns import known_units

        self.known = known_units(store)     # the 填报单位 line and the file's name are matched against these
        self.owner = QComboBox()
        self.owner.setEditable(True)
        self.owner.addItems(["", *self.known])
        self.owner.setMinimumWidth(150)
        self.owner.setToolTip("表中找不到责任单位时，这张表各项目的责任单位（同名项目只在同一责任单位下合并）")
        self.owner.lineEdit().setPlaceholderText("表中没有时填写")
        self.owner.lineEdit().editingFinished.connect(lambda: self.read(keep_period=True))
        self.owner.activated.connect(lambda _: self.read(keep_period=True))
        row = QHBoxLayout()
        for label, w in (("年份", self.year), ("月份（1—M月）", self.month), ("金额单位", self.unit),
                         ("责任单位", self.owner)):
            row.addWidget(QLabel(label))
            row.addWidget(w)
        row.addStretch(1)
        self.bar = QProgressBar()

        first = QWidget()
        fl = QVBoxLayout(first)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(self.info)
        fl.addWidget(split, 1)
        fl.addLayout(row)
        fl.addWidget(self.bar)
        self.outcome = QPlainTextEdit()
        self.outcome.setReadOnly(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(first)
        self.pages.addWidget(self.outcome)

        self.ok = QPushButton("导入(&I)")
        self.ok.setDefault(True)
        self.ok.setEnabled(False)
        self.ok.clicked.connect(self.apply)
        self.cancel_btn = QPushButton("取消")
        self.cancel_btn.clicked.connect(self.cancel)
        self.done_btn = QPushButton("完成(&D)")
        self.done_btn.clicked.connect(self.accept)
        self.done_btn.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.ok, self.done_btn, self.cancel_btn):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.pages, 1)
        lay.addLayout(buttons)
        self.resize(980, 680)
        self.read()

    # ---- reading ----------------------------------------------------------------------------------------
    def read(self, keep_period: bool = False) -> None:
        unit = self.unit.currentText() if self.unit.currentIndex() > 0 else None
        year = self.year.value() if keep_period and self.read_result else None
        month = self.month.value() if keep_period and self.read_result else None
        if self.job is not None:
            self.job.cancelled = True       # a newer read replaces an unfinished one
        self.ok.setEnabled(False)
        self.info.setText("正在读取……")
        job = ReadJob(self.path, year, month, unit, dict(self.overrides), self.owner.currentText().strip() or None,
                      self.known)
        # a replaced read may still report progress after the newer one finished: only the current one moves the bar
        job.signals.progress.connect(
            lambda d, t, j=job: (self.bar.setMaximum(max(t, d, 1)), self.bar.setValue(d)) if j is self.job else None)
        job.signals.done.connect(lambda res, j=job: self._read_done(res) if j is self.job else None)
        job.signals.failed.connect(lambda msg, j=job: self._read_failed(msg) if j is self.job else None)
        self.job = job
        QThreadPool.globalInstance().start(job)

    def _read_done(self, res) -> None:
        self.read_result = res
        rep = res.report
        period = f"{rep.year}年1—{rep.month}月" if rep.year and rep.month else "未识别（请在下方选择）"
        src = f"（依据：{rep.period_source}）" if rep.period_source else ""
        office = f"　填报单位：{rep.office}" if rep.office else ""
        office += f"　报送单位：{rep.owner}（{rep.owner_source}）" if rep.owner else ""
        self.info.setText(f"工作表：{rep.sheet}　报告期：{period}{src}{office}\n"
                          f"共识别{len(res.records)}个项目，跳过{len(rep.skipped)}行。"
                          + ("　注意：" + "；".join(rep.warnings) if rep.warnings else ""))
        self._show_sheet(rep)
        self._show_columns(rep)
        self.skipped.setPlainText("\n".join(f"第{r}行：{why}" for r, why in rep.skipped) or "没有跳过的行")
        self.report.setPlainText(rep.as_text() + f"\n\n共识别{len(res.records)}个项目。")
        if rep.year:
            self.year.setValue(rep.year)
        if rep.month:
            self.month.setValue(rep.month)
        self.bar.setRange(0, 1)          # read to the end: 100%, whatever the last progress report said
        self.bar.setValue(1)
        self.ok.setEnabled(bool(res.records) and not rep.without_unit)
        if rep.without_unit:
            self.info.setText(self.info.text() + f"\n{rep.without_unit}个项目找不到责任单位：请在下方“责任单位”中填写"
                              "这张表是哪个单位报的，再导入。")
            self.owner.setFocus()

    def _read_failed(self, message: str) -> None:
        self.info.setText(message)
        self.report.setPlainText(message)
        self.ok.setEnabled(False)

    def _show_sheet(self, rep) -> None:
        rows = rep.preview[:PREVIEW_ROWS]
        width = max((len(r) for r in rows), default=0)
        self.sheet.clear()
        self.sheet.setRowCount(len(rows))
        self.sheet.setColumnCount(width)
        self.sheet.setHorizontalHeaderLabels([_letter(i) for i in range(width)])
        heads = set(rep.header_rows)
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if r + 1 in heads:
                    item.setBackground(HEADER_BG)
                self.sheet.setItem(r, c, item)
        for c in range(width):
            self.sheet.setColumnWidth(c, 110)
        if rep.header_rows:
            self.sheet.scrollToItem(self.sheet.item(max(rep.header_rows[0] - 2, 0), 0) or QTableWidgetItem())

    def _show_columns(self, rep) -> None:
        self.columns.setRowCount(len(rep.columns))
        for r, col in enumerate(rep.columns):
            self.columns.setItem(r, 0, QTableWidgetItem(col.letter))
            self.columns.setItem(r, 1, QTableWidgetItem(col.header))
            box = QComboBox()
            box.addItem(TARGET_LABELS["ignore"], None)
            for target, label in TARGET_LABELS.items():
                if target != "ignore":
                    box.addItem(label, target)
            box.setCurrentIndex(max(box.findData(col.target if col.target != "ignore" else None), 0))
            box.currentIndexChanged.connect(lambda _, i=col.index, b=box: self.set_target(i, b.currentData()))
            self.columns.setCellWidget(r, 2, box)
            unit = col.unit if col.unit and col.target in MONEY_TARGETS else ""
            self.columns.setItem(r, 3, QTableWidgetItem(" ".join(x for x in (unit, col.note) if x)))
            for c in (0, 1, 3):
                self.columns.item(r, c).setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)

    def set_target(self, index: int, target: str | None) -> None:
        """The clerk corrected one column's target: read the file again with the correction."""
        self.overrides[index] = target
        self.read(keep_period=True)

    def target_of(self, letter: str) -> str | None:
        """The target currently chosen for a column (by its letter), as the mapping table shows it."""
        for r in range(self.columns.rowCount()):
            if self.columns.item(r, 0).text() == letter:
                return self.columns.cellWidget(r, 2).currentData()
        return None

    # ---- storing ----------------------------------------------------------------------------------------
    def cancel(self) -> None:
        self.reject()

    def reject(self) -> None:
        """取消, Esc or the close box: while storing, ask the worker to roll back and close when it has."""
        if self.job is not None:
            self.job.cancelled = True
        if self.storing is not None:         # the store rolls the whole import back at its next check
            self.storing.cancelled = True
            self.cancel_btn.setEnabled(False)
            self.info.setText("正在取消……")
            return
        super().reject()

    def apply(self) -> None:
        """Store the records in a worker thread (the dialog is modal, so nothing else touches the store meanwhile)."""
        if self.read_result is None or self.storing is not None:
            return
        year, month = self.year.value(), self.month.value()
        self.ok.setEnabled(False)
        self.info.setText(f"正在导入{len(self.read_result.records)}个项目……（可以取消，取消后台账不变）")
        self.bar.setValue(0)
        rep = self.read_result.report
        job = StoreJob(self.store, self.read_result.records, year, month,
                       f"导入「{Path(self.path).name}」（{year}年1—{month}月）", rep.column_names(),
                       owner=rep.owner, file=Path(self.path).name, mapping=rep.as_text())
        job.signals.progress.connect(lambda d, t: (self.bar.setMaximum(max(t, 1)), self.bar.setValue(d)))
        job.signals.done.connect(lambda summary: self._stored(summary, year, month))
        job.signals.failed.connect(self._store_failed)
        self.storing = job
        QThreadPool.globalInstance().start(job)

    def _store_failed(self, message: str) -> None:
        cancelled = self.storing is not None and self.storing.cancelled
        self.storing = None
        self.cancel_btn.setEnabled(True)
        if cancelled:
            super().reject()
            return
        self.ok.setEnabled(True)
        self.info.setText(message)
        QMessageBox.warning(self, "未导入", message + "\n\n台账没有任何改动。")

    def _stored(self, result, year: int, month: int) -> None:
        self.storing = None
        self.outcomes = result
        summary = _merged(result)
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.summary = s = summary
        lines = [f"已导入 {year}年1—{month}月：{s.as_text()}。", "（编辑菜单“撤销”或 Ctrl+Z 可整批撤销这次导入）", ""]
        for o in self.outcomes:          # whose return it was: left-out projects, new names, changes
            if o.missing or o.unknown or o.version > 1:
                lines += [o.as_text(), ""]
        for title, names in (("新增的项目", s.new), ("更新的项目", s.updated), ("没有变化的项目", s.unchanged)):
            if names:
                lines.append(f"{title}（{len(names)}个）：")
                lines.extend(f"  {n}" for n in names[:200])
                if len(names) > 200:
                    lines.append(f"  ……另有{len(names) - 200}个")
        self.outcome.setPlainText("\n".join(lines))
        self.pages.setCurrentIndex(1)
        self.ok.hide()
        self.cancel_btn.hide()
        self.done_btn.show()
        self.done_btn.setFocus()
        from ui.card_records import ask_solved
        ask_solved(self, self.store, year, month)      # 问题台账: problems the return no longer mentions

    def wait_stored(self, timeout_ms: int = 60000) -> None:
        """For scripts and tests: let the storing worker finish."""
        QThreadPool.globalInstance().waitForDone(timeout_ms)
        QCoreApplication.processEvents()


class StoreJob(QRunnable):
    """backup_before + apply_import off the UI thread; all or nothing, cancellable."""

    def __init__(self, store, records, year: int, month: int, label: str,
                 columns: dict[str, str] | None = None, owner: str = "", file: str = "", mapping: str = "") -> None:
        super().__init__()
        self.store, self.records, self.year, self.month, self.label = store, records, year, month, label
        self.columns = columns
        self.owner, self.file, self.mapping = owner, file, mapping
        self.cancelled = False
        self.signals = _Signals()

    def run(self) -> None:
        from models.backup import backup_before

        try:
            backup_before(self.store, "导入前")
            from models.returns import import_return

            from models.gcpause import paused

            # stored as the unit's return for the month (报送与审核), in one undoable operation
            with paused():
                outcomes = import_return(self.store, self.records, self.year, self.month, owner=self.owner,
                                         file=self.file, label=self.label, columns=self.columns,
                                         mapping=self.mapping, progress=lambda d, t: self.signals.progress.emit(d, t),
                                         cancel=lambda: self.cancelled)
            self.signals.done.emit(outcomes)
        except UserError as exc:
            self.signals.failed.emit(exc.message)
        except Exception as exc:  # a bug must not kill the window; the operation rolled back
            self.signals.failed.emit(f"导入时程序出错（{type(exc).__name__}），台账没有任何改动")


def _merged(outcomes):
    """One summary of a file that was several units' returns (a file naming no 报送单位)."""
    from models.merge import ImportSummary

    out = ImportSummary()
    for o in outcomes:
        for what in ("new", "updated", "unchanged", "to_verify"):
            getattr(out, what).extend(getattr(o.summary, what))
        out.op_id = o.summary.op_id
    return out


def _letter(i: int) -> str:
    """Excel column letters: 0 → A, 26 → AA."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out
