"""The 报送与审核 view: units × state of the month (未报 / 待审 / 已审核 / 退回), each unit's return report, accept or
send back with an 审核意见, the 退回说明; the projects not reported are listed under it, as before."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog,
                               QLabel, QPlainTextEdit, QPushButton, QSizePolicy, QSplitter, QTableView, QVBoxLayout,
                               QWidget)

from models.errors import UserError
from models.returns import ACCEPTED, MISSING, PENDING, SENT_BACK, ReturnRow

from .not_reported import NotReportedView

COLOURS = {MISSING: "#8a8a8a", PENDING: "#b86e00", ACCEPTED: "#1d7a35", SENT_BACK: "#b3261e"}
HEADERS = ["单位", "状态", "项目", "待核实"]


class ReturnsView(QWidget):
    """Units × state for the month over models.returns; review and the 退回说明 through ReturnDialog."""

    changed = Signal()
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = None
        self.year = self.month = 0
        self.rows: list[ReturnRow] = []
        self.title = QLabel("报送与审核(&S)")
        self.title.setStyleSheet("font-weight: bold;")
        self.model = QStandardItemModel(0, len(HEADERS), self)
        self.model.setHorizontalHeaderLabels(HEADERS)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _: self.open_report())
        self.title.setBuddy(self.table)
        self.accept_button = QPushButton("通过(&A)")
        self.accept_button.setToolTip("所选单位本月的报表审核通过")
        self.accept_button.clicked.connect(lambda: self.review(True))
        self.back_button = QPushButton("退回(&R)…")
        self.back_button.setToolTip("写明审核意见，退回所选单位本月的报表；可再写出退回说明")
        self.back_button.clicked.connect(lambda: self.review(False))
        self.report_button = QPushButton("详情(&I)…")
        self.report_button.setToolTip("所选单位的报表：各版本、漏报的项目、新项目、与上一版相比的变化、退回说明")
        self.report_button.clicked.connect(self.open_report)
        buttons = QHBoxLayout()
        for b in (self.accept_button, self.back_button, self.report_button):
            # the pane is narrow beside the grid (which must keep every column on a 1600-pixel screen): the three
            # share its width instead of widening it
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            b.setMinimumWidth(60)
            buttons.addWidget(b)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.title)
        tl.addWidget(self.table, 1)
        self.detail = QLabel()           # the selected unit's file, version and 审核意见
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("color: #444;")
        tl.addWidget(self.detail)
        tl.addLayout(buttons)
        self.not_reported = NotReportedView()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.not_reported)
        split.setSizes([300, 220])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())

    def set_period(self, store, year: int, month: int) -> None:
        """Re-read the month's returns (after an import, a review, an undo…); the selected unit stays selected."""
        from models.returns import returns_of

        # a refresh follows every stored cell of the grid: re-read only when the database has changed
        conn = store.conn
        key = (id(store), year, month, conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
        if key == getattr(self, "_read_key", None):
            return
        self._read_key = key
        current = self.selected_unit()
        self.store, self.year, self.month = store, year, month
        self.rows = returns_of(store, year, month)
        self.model.removeRows(0, self.model.rowCount())
        for r in self.rows:
            state = QStandardItem(r.state)
            state.setForeground(QBrush(QColor(COLOURS[r.state])))
            if r.opinion:
                state.setToolTip(f"审核意见：{r.opinion}")
            unit = QStandardItem(r.unit)
            unit.setToolTip(f"{r.file}（{r.imported_at.replace('T', ' ')}导入，第{r.versions}版）" if r.file else "本月还没有报送")
            items = [unit, state, QStandardItem(str(r.projects) if r.file else ""),
                     QStandardItem(str(r.to_verify) if r.to_verify else "")]
            for it in items[2:]:
                it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(items)
        sent = [r for r in self.rows if r.state != MISSING]
        waiting = sum(1 for r in self.rows if r.state == PENDING)
        self.title.setText(f"报送与审核(&S)：{month}月已报{len(sent)}/{len(self.rows)}个单位"
                           + (f"，待审{waiting}" if waiting else ""))
        if current:
            self.select_unit(current)
        self._enable()

    def units(self) -> list[tuple[str, str]]:
        """(unit, state) as listed, for tests and the screenshot."""
        return [(r.unit, r.state) for r in self.rows]

    def selected_unit(self) -> str | None:
        idx = self.table.currentIndex()
        return self.model.item(idx.row(), 0).text() if idx.isValid() else None

    def select_unit(self, unit: str) -> None:
        for i, r in enumerate(self.rows):
            if r.unit == unit:
                self.table.setCurrentIndex(self.model.index(i, 0))
                return

    def _row(self) -> ReturnRow | None:
        unit = self.selected_unit()
        return next((r for r in self.rows if r.unit == unit), None)

    def _enable(self) -> None:
        r = self._row()
        sent = r is not None and r.state != MISSING
        if r is None:
            self.detail.setText("")
        elif not sent:
            self.detail.setText(f"{r.unit}：{self.month}月还没有报送")
        else:
            self.detail.setText(f"{r.unit}：{r.file}，第{r.versions}版，{r.imported_at.replace('T', ' ')[5:16]}导入"
                                + (f"；漏报{len(r.missing)}个" if r.missing else "")
                                + (f"\n审核意见：{r.opinion}" if r.opinion else ""))
        self.accept_button.setEnabled(sent and r.state != ACCEPTED)
        self.back_button.setEnabled(sent)
        self.report_button.setEnabled(sent)

    def review(self, accept: bool, opinion: str | None = None) -> bool:
        """通过 / 退回 the selected unit's return; 退回 asks for the 审核意见 (required) unless given."""
        from models.returns import review

        r = self._row()
        if r is None or r.state == MISSING:
            self.message.emit("请先选中一个已报送的单位")
            return False
        if not accept and opinion is None:
            opinion, ok = QInputDialog.getMultiLineText(self, f"退回「{r.unit}」{self.month}月报表",
                                                        "审核意见（哪些行、什么问题，退回说明中会写出）：", r.opinion)
            if not ok:
                return False
        try:
            state = review(self.store, self.year, self.month, r.unit, accept, opinion or "")
        except UserError as exc:
            self.message.emit(exc.message)
            return False
        self.changed.emit()
        self.message.emit(f"「{r.unit}」{self.month}月报表：{state}（Ctrl+Z 可撤销）"
                          + ("；可在“报表详情”中写出退回说明" if state == SENT_BACK else ""))
        return True

    def open_report(self) -> None:
        r = self._row()
        if r is None or r.state == MISSING:
            self.message.emit("请先选中一个已报送的单位")
            return
        dlg = ReturnDialog(self.store, self.year, self.month, r.unit, self)
        dlg.changed.connect(self.changed)
        dlg.exec()


class ReturnDialog(QDialog):
    """One unit's return for the month: its versions and what each held, accept / send back, the 退回说明."""

    changed = Signal()

    def __init__(self, store, year: int, month: int, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.year, self.month, self.unit = store, year, month, unit
        self.setWindowTitle(f"{unit} {year}年{month}月报表")
        self.head = QLabel()
        self.head.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.accept_button = QPushButton("审核通过(&A)")
        self.accept_button.clicked.connect(lambda: self._review(True))
        self.back_button = QPushButton("退回(&R)…")
        self.back_button.clicked.connect(lambda: self._review(False))
        self.note_button = QPushButton("写退回说明(&N)…")
        self.note_button.setToolTip("把审核意见和有问题的行写成退回说明（Word 或文本），发给报送单位")
        self.note_button.clicked.connect(lambda: self.write_note())
        self.merge_button = QPushButton("是改名：并入原项目(&M)…")
        self.merge_button.setToolTip("导入时新出现的项目名称，如果是原有项目改了名，并入原项目")
        self.merge_button.clicked.connect(self.merge)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for b in (self.accept_button, self.back_button, self.note_button, self.merge_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.head)
        lay.addWidget(self.text, 1)
        lay.addLayout(row)
        self.resize(860, 600)
        self.refresh()

    def refresh(self) -> None:
        from models.returns import returns_of, versions

        row = next((r for r in returns_of(self.store, self.year, self.month) if r.unit == self.unit), None)
        vs = versions(self.store, self.year, self.month, self.unit)
        state = row.state if row else MISSING
        self.head.setText(f"{self.unit}　{self.year}年1—{self.month}月　{state}"
                          + (f"　审核意见：{row.opinion}" if row and row.opinion else ""))
        self.text.setPlainText(report_text(vs, self.month))
        self.unknown = [(n, near) for n, near in (vs[-1]["report"].get("unknown", []) if vs else []) if near]
        self.merge_button.setEnabled(bool(self.unknown))
        self.accept_button.setEnabled(state != ACCEPTED)

    def _review(self, accept: bool) -> None:
        view = self.parent()
        if isinstance(view, ReturnsView):
            view.select_unit(self.unit)
            if view.review(accept):
                self.refresh()

    def write_note(self, path: str | None = None) -> Path | None:
        from cli.returns import write_note
        from models.returns import send_back_note

        if path is None:
            start = str(Path(str(QSettings().value("folders/send_back", "") or "")) /
                        f"{self.unit}{self.month}月报表退回说明.docx")
            path, _ = QFileDialog.getSaveFileName(self, "写出退回说明", start, "Word 文档 (*.docx);;文本 (*.txt)")
            if not path:
                return None
            QSettings().setValue("folders/send_back", str(Path(path).parent))
        try:
            out = write_note(send_back_note(self.store, self.year, self.month, self.unit), path)
        except UserError as exc:
            self.text.appendPlainText(f"\n未能写出退回说明：{exc.message}")
            return None
        self.text.appendPlainText(f"\n退回说明已写出：{out}")
        return out

    def merge(self) -> None:
        from models.returns import merge_renamed

        choices = [f"{n} → {old}" for n, near in self.unknown for old in near]
        choice, ok = QInputDialog.getItem(self, "是改名：并入原项目", "新名称 → 原项目（原项目改用新名称，数字合并）：",
                                          choices, 0, False)
        if not ok:
            return
        new_name, old_name = choice.split(" → ", 1)
        owner_projects = {p.name: p for p in self.store.projects(self.year)}
        new, old = owner_projects.get(new_name), owner_projects.get(old_name)
        if new is None or old is None:
            return
        try:
            merge_renamed(self.store, new.id, old.id)
        except UserError as exc:
            self.text.appendPlainText(f"\n未能合并：{exc.message}")
            return
        self.changed.emit()
        self.refresh()
        self.text.appendPlainText(f"\n已把「{new_name}」并入「{old_name}」（Ctrl+Z 可撤销）")


def report_text(vs: list[dict], month: int) -> str:
    """A unit's return, version by version, as the dialog shows it (newest first)."""
    out: list[str] = []
    for v in reversed(vs):
        rep = v["report"]
        out.append(f"第{v['version']}版　{v['file']}　{v['imported_at'].replace('T', ' ')}导入　{v['state']}"
                   + (f"（审核意见：{v['opinion']}）" if v["opinion"] else ""))
        out.append(f"  {rep.get('projects', 0)}个项目：新增{len(rep.get('new', []))}个，更新{len(rep.get('updated', []))}个，"
                   f"未变{len(rep.get('unchanged', []))}个")
        if rep.get("missing"):
            out.append(f"  本单位没有报的项目（{month}月未报）：{'、'.join(rep['missing'])}")
        for name, near in rep.get("unknown", []):
            out.append(f"  新项目「{name}」" + (f"：是否为「{'」「'.join(near)}」改名？" if near else ""))
        for line in rep.get("to_verify", []):
            out.append(f"  待核实：{line}")
        if rep.get("changes") or rep.get("cleared"):
            out.append("  与上一版相比：")
            out += [f"    {line}" for line in rep.get("changes", []) + rep.get("cleared", [])]
        out.append("")
    if vs and vs[-1]["report"].get("mapping"):
        out += ["—— 最新一版的识别情况 ——", vs[-1]["report"]["mapping"]]
    return "\n".join(out)
