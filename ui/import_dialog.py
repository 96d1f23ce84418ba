"""Import a unit's return: read it off the UI thread, show what was understood, let the clerk correct the
year, month and unit, then store it as one undoable step."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMessageBox,
                               QPlainTextEdit, QProgressBar, QSpinBox, QVBoxLayout, QWidget)

from models.errors import UserError


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)


class ReadJob(QRunnable):
    """read_return in a worker thread; the dialog's Cancel sets `cancelled`."""

    def __init__(self, path: str, year: int | None, month: int | None, unit: str | None) -> None:
        super().__init__()
        self.path, self.year, self.month, self.unit = path, year, month, unit
        self.cancelled = False
        self.signals = _Signals()

    def run(self) -> None:
        from importers.reader import read_return

        try:
            res = read_return(self.path, year=self.year, month=self.month, unit_override=self.unit,
                              progress=lambda d, t: self.signals.progress.emit(d, t),
                              cancel=lambda: self.cancelled)
            self.signals.done.emit(res)
        except UserError as exc:
            self.signals.failed.emit(exc.message)
        except Exception as exc:  # a bug must not kill the window
            self.signals.failed.emit(f"读取时程序出错（{type(exc).__name__}），未导入任何数据")


class ImportDialog(QDialog):
    """Shows the mapping report; 导入 stores the records, all or nothing."""

    def __init__(self, store, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.path = store, path
        self.result = None
        self.summary = None
        self.job: ReadJob | None = None
        self.setWindowTitle(f"导入报表 — {Path(path).name}")
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.bar = QProgressBar()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.unit = QComboBox()
        self.unit.addItems(["按表中注明（未注明按万元）", "元", "万元", "亿元"])
        row = QHBoxLayout()
        for label, w in (("年份", self.year), ("月份（1—M月）", self.month), ("金额单位", self.unit)):
            row.addWidget(QLabel(label))
            row.addWidget(w)
        row.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("导入(&I)")
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.cancel)
        self.unit.currentIndexChanged.connect(lambda _: self.read(keep_period=True))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("程序识别的结果（请核对列的对应、跳过的行和报告期）："))
        lay.addWidget(self.report, 1)
        lay.addLayout(row)
        lay.addWidget(self.bar)
        lay.addWidget(self.buttons)
        self.resize(820, 560)
        self.read()

    def read(self, keep_period: bool = False) -> None:
        unit = self.unit.currentText() if self.unit.currentIndex() > 0 else None
        year = self.year.value() if keep_period and self.result else None
        month = self.month.value() if keep_period and self.result else None
        self.ok.setEnabled(False)
        self.report.setPlainText("正在读取……")
        self.job = ReadJob(self.path, year, month, unit)
        self.job.signals.progress.connect(lambda d, t: (self.bar.setMaximum(max(t, d, 1)), self.bar.setValue(d)))
        self.job.signals.done.connect(self._read_done)
        self.job.signals.failed.connect(self._read_failed)
        QThreadPool.globalInstance().start(self.job)

    def _read_done(self, res) -> None:
        self.result = res
        rep = res.report
        self.report.setPlainText(rep.as_text() + f"\n\n共识别{len(res.records)}个项目。")
        if rep.year:
            self.year.setValue(rep.year)
        if rep.month:
            self.month.setValue(rep.month)
        self.bar.setValue(self.bar.maximum())
        self.ok.setEnabled(bool(res.records))

    def _read_failed(self, message: str) -> None:
        self.report.setPlainText(message)
        self.ok.setEnabled(False)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancelled = True
        self.reject()

    def apply(self) -> None:
        if self.result is None:
            return
        from models.backup import backup_before

        year, month = self.year.value(), self.month.value()
        try:
            backup_before(self.store, "导入前")
            self.summary = self.store.apply_import(
                self.result.records, year, month, label=f"导入「{Path(self.path).name}」（{year}年1—{month}月）")
        except UserError as exc:
            QMessageBox.warning(self, "未导入", exc.message + "\n\n台账没有任何改动。")
            return
        self.accept()
