"""Several returns at once (dropped on the window or chosen together): each file read and stored off the UI thread
as its own undoable step; one line per file (unit, projects, new, updated, 待核实, refused and why), each file's
own report beside it, and at the end the units that have not sent anything yet."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QProgressBar, QPushButton, QSplitter, QVBoxLayout, QWidget)


class _Signals(QObject):
    file_done = Signal(object)
    finished = Signal(str)


class BatchJob(QRunnable):
    """importers.batch over the files, one after the other; 取消 stops before the next file."""

    def __init__(self, store, paths: list[Path]) -> None:
        super().__init__()
        self.store, self.paths = store, paths
        self.cancelled = False
        self.signals = _Signals()
        self.done: list = []

    def run(self) -> None:
        from importers.batch import batch_text, read_one, store_one
        from models.backup import backup_before
        from models.errors import UserError
        from models.gcpause import paused
        from models.returns import known_units

        try:
            backup_before(self.store, "导入前")
        except UserError as exc:
            self.signals.finished.emit(f"导入前未能备份，没有导入任何文件：{exc.message}")
            return
        for path in self.paths:
            if self.cancelled:
                break
            try:
                with paused():
                    out = store_one(self.store, read_one(known_units(self.store), path))
            except Exception as exc:  # a bug in one file must not lose the others' reports
                from importers.batch import FileOutcome
                out = FileOutcome(path, refused=f"程序出错（{type(exc).__name__}），这个文件没有导入")
            self.done.append(out)
            self.signals.file_done.emit(out)
        text = batch_text(self.store, self.done)
        if self.cancelled:
            text += f"\n已取消：其余{len(self.paths) - len(self.done)}个文件没有导入"
        self.signals.finished.emit(text)


class BatchImportDialog(QDialog):
    """The files on the left, one summary line each; the selected file's report on the right."""

    def __init__(self, store, paths: list[str | Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from importers.batch import expand

        self.store = store
        self.paths = expand(paths)
        self.outcomes: list = []
        self.setWindowTitle(f"导入报表 — {len(self.paths)}个文件")
        self.info = QLabel(f"正在导入{len(self.paths)}个文件，每个文件单独一步，可分别撤销……")
        self.info.setWordWrap(True)
        self.files = QListWidget()
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for p in self.paths:
            self.files.addItem(QListWidgetItem(f"{p.name}｜等待导入"))
        self.files.currentRowChanged.connect(self._show)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.files)
        split.addWidget(self.report)
        split.setSizes([520, 480])
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setMaximumHeight(150)
        self.bar = QProgressBar()
        self.bar.setRange(0, max(len(self.paths), 1))
        self.cancel_btn = QPushButton("取消")
        self.cancel_btn.clicked.connect(self.reject)
        self.done_btn = QPushButton("完成(&D)")
        self.done_btn.clicked.connect(self.accept)
        self.done_btn.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.bar, 1)
        buttons.addWidget(self.cancel_btn)
        buttons.addWidget(self.done_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(self.info)
        lay.addWidget(split, 1)
        lay.addWidget(QLabel("汇总："))
        lay.addWidget(self.summary)
        lay.addLayout(buttons)
        self.resize(1080, 680)
        self.job = BatchJob(store, self.paths)
        self.job.signals.file_done.connect(self._file_done)
        self.job.signals.finished.connect(self._finished)
        self.running = True
        QThreadPool.globalInstance().start(self.job)

    def _file_done(self, out) -> None:
        i = len(self.outcomes)
        self.outcomes.append(out)
        item = self.files.item(i)
        item.setText(out.line())
        if out.refused:
            item.setForeground(QBrush(QColor("#b3261e")))
        self.bar.setValue(i + 1)
        if self.files.currentRow() < 0:
            self.files.setCurrentRow(0)
        elif self.files.currentRow() == i:
            self._show(i)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.outcomes):
            self.report.setPlainText("")
            return
        out = self.outcomes[row]
        parts = [out.result.report.as_text()] if out.result is not None else []
        if out.refused:
            parts.append(f"未导入：{out.refused}")
        parts += [o.as_text() for o in out.outcomes]
        self.report.setPlainText("\n\n".join(parts))

    def _finished(self, text: str) -> None:
        self.running = False
        self.summary.setPlainText(text)
        ok = sum(1 for o in self.outcomes if not o.refused)
        self.info.setText(f"已导入{ok}个文件" + (f"，{len(self.outcomes) - ok}个未导入（见红色的行）" if ok < len(self.outcomes)
                                           else "") + "。编辑菜单“撤销”或 Ctrl+Z 每次撤销一个文件。")
        self.cancel_btn.hide()
        self.done_btn.show()
        self.done_btn.setFocus()

    def reject(self) -> None:
        if self.running:            # stop before the next file; the files already stored stay (each undoable)
            self.job.cancelled = True
            self.cancel_btn.setEnabled(False)
            self.info.setText("正在取消：当前文件导入完后停止……")
            return
        super().reject()

    def wait_done(self, timeout_ms: int = 120000) -> None:
        """For scripts and tests: let the worker finish and its signals arrive."""
        QThreadPool.globalInstance().waitForDone(timeout_ms)
        QCoreApplication.processEvents()

    @property
    def stored(self) -> bool:
        return any(o.outcomes for o in self.outcomes)
