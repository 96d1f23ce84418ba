"""Exports from the monthly panel: jobs off the UI thread, remembered folders, the project list's print preview
and the 文字分析 preview."""
from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QSettings, QThreadPool, Signal
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox,
                               QPlainTextEdit, QPushButton, QToolBar, QVBoxLayout, QWidget)

from models.analysis_texts import load_draft, save_draft
from models.errors import UserError
from models.report import MonthlyReport

# ---- running work off the UI thread -------------------------------------------------------------------

class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """One export on the thread pool; reports back through Qt signals (delivered on the UI thread)."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.work()
        except UserError as exc:
            self.signals.failed.emit(str(exc))
        except PermissionError as exc:
            self.signals.failed.emit(f"无法写入文件：{exc.filename or exc}（文件是否正在 Excel/WPS 中打开？）")
        except OSError as exc:
            self.signals.failed.emit(f"无法写入文件：{exc.strerror or exc}")
        except Exception as exc:  # a bug must not take the window down; say what happened
            traceback.print_exc()
            self.signals.failed.emit(f"导出失败：{type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(result)


class Runner(QObject):
    """Starts jobs and keeps them alive until they report; `busy` tells tests and buttons what is running."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs: set[Job] = set()

    @property
    def busy(self) -> bool:
        return bool(self.jobs)

    def start(self, work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[str], None]) -> Job:
        job = Job(work)
        self.jobs.add(job)

        def finish(handler: Callable, value: Any) -> None:
            self.jobs.discard(job)
            handler(value)

        job.signals.done.connect(lambda v: finish(done, v))
        job.signals.failed.connect(lambda m: finish(failed, m))
        QThreadPool.globalInstance().start(job)
        return job


def worker_store(store):
    """A store for a worker thread: its own connection to the same file (SQLite wants one per thread).

    An in-memory store (tests, previews) has no file to reopen; the worker then shares it."""
    if getattr(store, "path", None) is None:
        return store, False
    from models.store import Store
    return Store.open(store.path, create=False), True


# ---- folders ------------------------------------------------------------------------------------------

# one folder for every export (月报, 清单, 文字分析, 督办单): a clerk keeps the month's files together
EXPORT_DIR_KEY = "exports/last_dir"


def last_dir() -> str:
    return str(QSettings().value(EXPORT_DIR_KEY, "") or "")


def remember_dir(path: str | Path) -> None:
    QSettings().setValue(EXPORT_DIR_KEY, str(Path(path).parent))


def ask_save_path(parent: QWidget, title: str, filename: str, pattern: str) -> str | None:
    """The save dialog opened in the folder of the last export, whatever kind of file it was."""
    start = last_dir() or str(Path.home())
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(start) / filename), pattern)
    return path or None


def confirm_unreported(parent: QWidget, report: MonthlyReport, what: str) -> bool:
    """Before exporting a month most of whose projects have no figures yet: ask (in front of `parent`)."""
    n, total = len(report.not_reported), report.total.count
    if not total or n * 2 <= total:
        return True
    answer = QMessageBox.question(
        parent, f"导出{what}",
        f"{total}个项目中有{n}个还没有{report.month}月的数字（未报），导出的{what}会按它们最近一次报送的数统计。\n\n"
        f"仍要导出{report.year}年{report.month}月的{what}吗？",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


# ---- the project list's print preview -------------------------------------------------------------------

LIST_GROUPS = (("unit", "按责任单位"), ("category", "按项目类别"), ("band", "按进度分档"))


def list_group() -> str:
    """How the clerk grouped the project list last time (按责任单位 at first)."""
    by = str(QSettings().value("monthly/list_group", "unit") or "unit")
    return by if by in dict(LIST_GROUPS) else "unit"


def remember_list_group(by: str) -> None:
    QSettings().setValue("monthly/list_group", by)


class ListPreview(QPrintPreviewDialog):
    """The 调度会 project list as it will print: the pages of the very document the PDF is painted from, recorded
    off the UI thread; the grouping is chosen in the toolbar and 导出 PDF sits beside 打印."""

    export_requested = Signal(str)        # the grouping to export with
    regroup_requested = Signal(str)       # lay the list out again, grouped so (off the UI thread)

    def __init__(self, report: MonthlyReport, pages, parent: QWidget | None = None) -> None:
        from exporters.project_list import list_title

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        super().__init__(printer, parent)
        self.printer = printer          # the dialog does not own its printer: keep it alive as long as the dialog
        self.report, self.list_pages = report, pages
        self.pages = 0
        printer.setPageLayout(pages.layout)
        printer.setDocName(list_title(report))
        self.setWindowTitle(f"打印预览 — {list_title(report)}")
        self.resize(1100, 820)
        self.paintRequested.connect(self._paint)
        self.group_box = QComboBox()
        for key, text in LIST_GROUPS:
            self.group_box.addItem(text, key)
        self.group_box.setCurrentIndex(max(0, self.group_box.findData(pages.by)))
        self.group_box.currentIndexChanged.connect(lambda _: self._regroup(self.group_box.currentData()))
        self.pdf_button = QPushButton("导出 PDF(&P)…")
        self.pdf_button.setToolTip("把预览中的清单存为 PDF（A4 横向，每页有表头和页码）")
        self.pdf_button.clicked.connect(lambda: self.export_requested.emit(self.by))
        self.busy = QLabel()
        bar = self.findChild(QToolBar)
        if bar is not None:
            bar.addSeparator()
            bar.addWidget(QLabel(" 分组："))
            bar.addWidget(self.group_box)
            bar.addWidget(self.pdf_button)
            bar.addWidget(self.busy)

    @property
    def by(self) -> str:
        return self.list_pages.by

    @property
    def preview(self) -> QPrintPreviewWidget:
        return self.findChild(QPrintPreviewWidget)

    def _regroup(self, by: str) -> None:
        remember_list_group(by)
        self.group_box.setEnabled(False)
        self.busy.setText(" 正在重新排版…")
        self.regroup_requested.emit(by)

    def set_pages(self, pages) -> None:
        """New pages from a worker (another grouping): show them."""
        self.list_pages = pages
        self.group_box.blockSignals(True)
        self.group_box.setCurrentIndex(max(0, self.group_box.findData(pages.by)))
        self.group_box.blockSignals(False)
        self.group_box.setEnabled(True)
        self.busy.setText("")
        self.preview.updatePreview()

    def regroup_failed(self, message: str) -> None:
        self.group_box.setEnabled(True)
        self.busy.setText(f" {message}")

    def _paint(self, printer: QPrinter) -> None:
        from exporters.project_list import list_document, list_title, paint_list

        try:
            if self.list_pages.fits(printer):
                self.pages = self.list_pages.play(printer)
            else:       # the clerk changed paper or orientation in 页面设置: lay out again for that page
                self.pages = paint_list(list_document(self.report, self.by)[0], printer, list_title(self.report))
        except UserError as exc:
            QMessageBox.warning(self, "打印预览", str(exc))


# ---- the 文字分析 preview -------------------------------------------------------------------------------

class HeadHighlighter(QSyntaxHighlighter):
    """Shows the clerk which lines the Word document will set as title and heads (一、 （一） 1.)."""

    def __init__(self, document) -> None:
        super().__init__(document)
        self.title = QTextCharFormat()
        self.title.setFontWeight(QFont.Bold)
        self.title.setFontPointSize(15)
        self.h1 = QTextCharFormat()
        self.h1.setFontWeight(QFont.Bold)
        self.h1.setForeground(QColor("#1f3b73"))
        self.h2 = QTextCharFormat()
        self.h2.setForeground(QColor("#1f3b73"))
        self.mark = QTextCharFormat()
        self.mark.setBackground(QColor("#fff1c2"))

    def highlightBlock(self, text: str) -> None:
        from exporters.analysis import EDIT_MARK, H1, H2, level_of

        if self.currentBlock().blockNumber() == 0:
            self.setFormat(0, len(text), self.title)
            return
        level = level_of(text.strip())
        if level == H1:
            self.setFormat(0, len(text), self.h1)
        elif level == H2:
            self.setFormat(0, len(text), self.h2)
        at = text.find(EDIT_MARK)
        if at >= 0:
            self.setFormat(at, len(EDIT_MARK), self.mark)


class AnalysisPreview(QDialog):
    """The month's 文字分析 as editable text; the clerk's edit is kept for the month and exported as Word."""

    export_requested = Signal(str, bool)      # text, with 附件

    def __init__(self, store, report: MonthlyReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.report = store, report
        self.setWindowTitle(f"{report.year}年{report.month}月文字分析（可修改）")
        self.resize(900, 760)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(False)
        f = self.editor.font()
        f.setPointSize(max(f.pointSize(), 11))
        self.editor.setFont(f)
        self.highlighter = HeadHighlighter(self.editor.document())
        self.attachment = QCheckBox("附上未开工及进度滞后项目情况表")
        self.attachment.setChecked(str(QSettings().value("monthly/analysis_attachment", "false")) == "true")
        self.regen_button = QPushButton("按当前数据重新生成(&G)")
        self.regen_button.clicked.connect(self._ask_regenerate)
        self.save_button = QPushButton("保存修改稿(&S)")
        self.save_button.clicked.connect(self.save)
        self.export_button = QPushButton("导出 Word(&W)…")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._export)
        close = QPushButton("关闭(&C)")
        close.clicked.connect(self.close)
        hint = QLabel("第一行是标题；每段一行；「一、」「（一）」开头的行是标题。修改（尤其是「四、下步工作」）会保存为本月的修改稿，导出时使用。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        row = QHBoxLayout()
        row.addWidget(self.attachment)
        row.addStretch(1)
        for b in (self.regen_button, self.save_button, self.export_button, close):
            row.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.source)
        lay.addWidget(hint)
        lay.addWidget(self.editor, 1)
        lay.addLayout(row)
        self.load()

    def load(self) -> None:
        draft = load_draft(self.store, self.report.year, self.report.month)
        if draft is not None:
            self.editor.setPlainText(draft.text)
            self.source.setText(f"显示的是{draft.updated_at.replace('T', ' ')}保存的修改稿。"
                                "数据有变化时可「按当前数据重新生成」。")
        else:
            self.editor.setPlainText(self.generated())
            self.source.setText("按本月数据生成的草稿，请修改后保存或导出。")
        self.editor.document().setModified(False)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.Start)

    def generated(self) -> str:
        from exporters.analysis import analysis_text
        from models.lights import recent_lights, turned_red
        # 三 names first the projects that turned red this month, as the command line's draft does
        red = turned_red(self.report, recent_lights(self.report))
        return analysis_text(self.report, turned_red=red)

    def _ask_regenerate(self) -> None:
        if self.editor.document().isModified() or load_draft(self.store, self.report.year, self.report.month):
            ok = QMessageBox.question(self, "重新生成", "按当前数据重新生成会替换编辑框中的文字（保存的修改稿可用撤销找回）。继续吗？")
            if ok != QMessageBox.Yes:
                return
        self.regenerate()

    def regenerate(self) -> None:
        self.editor.setPlainText(self.generated())
        self.editor.document().setModified(True)
        self.source.setText("已按当前数据重新生成，尚未保存。")

    def save(self) -> bool:
        """Keep the edited text for the month; returns whether anything was saved."""
        if not self.editor.document().isModified():
            return False
        try:
            save_draft(self.store, self.report.year, self.report.month, self.editor.toPlainText())
        except UserError as exc:
            QMessageBox.warning(self, "保存修改稿", str(exc))
            return False
        self.editor.document().setModified(False)
        self.source.setText("修改稿已保存，导出时使用。")
        return True

    def _export(self) -> None:
        self.save()
        QSettings().setValue("monthly/analysis_attachment", "true" if self.attachment.isChecked() else "false")
        self.export_requested.emit(self.editor.toPlainText(), self.attachment.isChecked())

    def closeEvent(self, e) -> None:
        self.save()       # the clerk's words are never thrown away by closing the window
        super().closeEvent(e)


def notices_work(store, report: MonthlyReport, path: str, issued_on: dt.date) -> Callable[[], int]:
    """The 督办单 export for a worker thread: numbers recorded and the file written as one step."""
    def work() -> int:
        from exporters.notices import export_notices
        s, own = worker_store(store)
        try:
            return len(export_notices(s, report, path, issued_on))
        finally:
            if own:
                s.close()
    return work
