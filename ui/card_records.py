"""The card's 前期手续, 问题台账 and 四个一批 tabs: forms over models/records.py, stored with the card's 保存."""
from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from models import causes, records
from models.project import Project


def _combo(items, current: str) -> QComboBox:
    box = QComboBox()
    box.addItems(list(items))
    box.setCurrentText(current)
    return box


class ApprovalsTab(QWidget):
    """前期手续: one row per item of 设置's list — 未办/办理中/已办, the date, a note."""

    def __init__(self, store, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.project = store, project
        self.rows = records.approvals(store, project.id)
        self.table = QTableWidget(len(self.rows), 4)
        self.table.setHorizontalHeaderLabels(("手续", "状态", "办结日期", "说明"))
        self.table.verticalHeader().hide()
        self.states: list[QComboBox] = []
        for r, a in enumerate(self.rows):
            item = QTableWidgetItem(a.item)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 0, item)
            box = _combo(records.APPROVAL_STATES, a.state)
            self.states.append(box)
            self.table.setCellWidget(r, 1, box)
            self.table.setItem(r, 2, QTableWidgetItem(a.done_on))
            self.table.setItem(r, 3, QTableWidgetItem(a.note))
        for c, w in enumerate((150, 80, 100)):
            self.table.setColumnWidth(c, w)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("未开工项目未办结的手续写入文字分析“存在的问题”和督办单（未填存在问题时）。"
                             "手续清单可在 工具 → 设置 里改。"))
        lay.addWidget(self.table)

    def values(self) -> list[records.Approval]:
        return [records.Approval(a.item, self.states[r].currentText(), self.table.item(r, 2).text(),
                                 self.table.item(r, 3).text(), a.id) for r, a in enumerate(self.rows)]

    def save(self) -> bool:
        return records.save_approvals(self.store, self.project.id, self.values())  # type: ignore[arg-type]


class ProblemsTab(QWidget):
    """问题台账: the project's problems (list above), the chosen one's fields and 协调 steps (below)."""

    LIST_COLUMNS = ("提出", "存在问题", "类型", "状态", "最新协调")

    def __init__(self, store, project: Project, year: int, month: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.project, self.year, self.month = store, project, year, month
        self.items: list[records.Problem] = records.problems(store, project.id)
        self._stored = [dataclasses.replace(p, steps=list(p.steps)) for p in self.items]
        self.list = QTableWidget(0, len(self.LIST_COLUMNS))
        self.list.setHorizontalHeaderLabels(self.LIST_COLUMNS)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().hide()
        self.list.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.setMaximumHeight(140)
        self.add_button = QPushButton("登记新问题(&N)")
        self.add_button.clicked.connect(self.add_problem)

        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(48)
        self.cause = _combo(causes.kinds(), "")
        self.unit = QLineEdit()
        self.leader = QLineEdit()
        self.state = _combo(records.PROBLEM_STATES, "未解决")
        self.solved_on = QLineEdit()
        self.solved_on.setPlaceholderText("如 2024-05-20")
        self.raised_year = QSpinBox()
        self.raised_year.setRange(2000, 2100)
        self.raised_month = QSpinBox()
        self.raised_month.setRange(1, 12)
        self.steps = QTableWidget(0, 2)
        self.steps.setHorizontalHeaderLabels(("日期", "协调情况"))
        self.steps.setColumnWidth(0, 100)
        self.steps.horizontalHeader().setStretchLastSection(True)
        self.steps.verticalHeader().hide()
        self.add_step_button = QPushButton("添加协调情况(&A)")
        self.add_step_button.clicked.connect(self.add_step)

        form = QGridLayout()
        form.addWidget(QLabel("存在问题："), 0, 0)
        form.addWidget(self.text, 0, 1, 1, 5)
        form.addWidget(QLabel("问题类型："), 1, 0)
        form.addWidget(self.cause, 1, 1)
        form.addWidget(QLabel("责任单位："), 1, 2)
        form.addWidget(self.unit, 1, 3)
        form.addWidget(QLabel("包保领导："), 1, 4)
        form.addWidget(self.leader, 1, 5)
        form.addWidget(QLabel("提出年月："), 2, 0)
        ym = QHBoxLayout()
        ym.addWidget(self.raised_year)
        ym.addWidget(self.raised_month)
        form.addLayout(ym, 2, 1)
        form.addWidget(QLabel("状态："), 2, 2)
        form.addWidget(self.state, 2, 3)
        form.addWidget(QLabel("解决日期："), 2, 4)
        form.addWidget(self.solved_on, 2, 5)
        self.editor = QGroupBox("所选问题")
        ed = QVBoxLayout(self.editor)
        ed.addLayout(form)
        ed.addWidget(self.steps)
        ed.addWidget(self.add_step_button, 0, Qt.AlignmentFlag.AlignLeft)

        top = QHBoxLayout()
        top.addWidget(QLabel("月度填报或导入的“存在问题”自动登记在这里；问题从单位报表中消失时，导入后会询问是否已解决。"))
        top.addStretch(1)
        top.addWidget(self.add_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.list)
        lay.addWidget(self.editor)
        self.current = -1
        self._guess = ""            # the cause the program guessed from the text; one the clerk picks stays
        self.text.textChanged.connect(self._text_changed)
        self.list.currentCellChanged.connect(lambda row, *_: self.show_problem(row))
        self._fill_list()
        if self.items:
            self.list.selectRow(len(self.items) - 1)
        else:
            self.editor.setEnabled(False)

    def _text_changed(self) -> None:
        guess = causes.classify(self.text.toPlainText())
        if self.cause.currentText() == self._guess:
            self.cause.setCurrentText(guess)
        self._guess = guess

    def _fill_list(self) -> None:
        self.list.setRowCount(len(self.items))
        for r, p in enumerate(self.items):
            step = p.latest_step
            for c, text in enumerate((f"{p.year}年{p.month}月", causes.clean(p.text), p.cause, p.state,
                                      f"{step.done_on} {step.text}".strip() if step else "")):
                self.list.setItem(r, c, QTableWidgetItem(text))
        self.list.setColumnWidth(0, 80)

    def _keep(self) -> None:
        """The editor's fields back into the chosen problem (in memory, stored on 保存)."""
        if not 0 <= self.current < len(self.items):
            return
        p = self.items[self.current]
        steps = []
        for r in range(self.steps.rowCount()):
            date, text = (self.steps.item(r, c).text() if self.steps.item(r, c) else "" for c in (0, 1))
            sid = self.steps.item(r, 0).data(Qt.ItemDataRole.UserRole) if self.steps.item(r, 0) else None
            steps.append(records.Step(date, text, sid))
        self.items[self.current] = dataclasses.replace(
            p, text=self.text.toPlainText().strip(), cause=self.cause.currentText(), unit=self.unit.text(),
            leader=self.leader.text(), state=self.state.currentText(), solved_on=self.solved_on.text(),
            year=self.raised_year.value(), month=self.raised_month.value(), steps=steps)

    def show_problem(self, row: int) -> None:
        self._keep()
        self.current = row
        if not 0 <= row < len(self.items):
            return
        self.editor.setEnabled(True)
        p = self.items[row]
        self._guess = ""
        self.text.setPlainText(p.text)
        self.cause.setCurrentText(p.cause or causes.classify(p.text))
        self._guess = causes.classify(p.text)
        self.unit.setText(p.unit)
        self.leader.setText(p.leader)
        self.state.setCurrentText(p.state)
        self.solved_on.setText(p.solved_on)
        self.raised_year.setValue(p.year)
        self.raised_month.setValue(p.month)
        self.steps.setRowCount(len(p.steps))
        for r, s in enumerate(p.steps):
            date = QTableWidgetItem(s.done_on)
            date.setData(Qt.ItemDataRole.UserRole, s.id)
            self.steps.setItem(r, 0, date)
            self.steps.setItem(r, 1, QTableWidgetItem(s.text))

    def add_problem(self) -> None:
        self._keep()
        self.items.append(records.Problem(self.project.id, self.year, self.month, "",  # type: ignore[arg-type]
                                          unit=self.project.unit, leader=self.project.leader))
        self.current = -1
        self._fill_list()
        self.list.selectRow(len(self.items) - 1)
        self.text.setFocus()

    def add_step(self) -> None:
        r = self.steps.rowCount()
        self.steps.insertRow(r)
        self.steps.setItem(r, 0, QTableWidgetItem(dt.date.today().isoformat()))
        self.steps.setItem(r, 1, QTableWidgetItem(""))
        self.steps.setCurrentCell(r, 1)
        self.steps.editItem(self.steps.item(r, 1))

    def save(self) -> bool:
        """Store the problems that changed (inside the card's operation); a new one left empty is dropped."""
        self._keep()
        stored = {p.id: p for p in self._stored}
        changed = False
        for p in self.items:
            if p.id is None and not p.text.strip():
                continue
            if p.id is not None and stored.get(p.id) == p:
                continue
            records.save_problem(self.store, p)
            changed = True
        return changed


class BatchesTab(QWidget):
    """四个一批: whether the project is in the year's 签约/开工/投产/竣工 batch, and the date it got there."""

    def __init__(self, store, project: Project, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.project, self.year = store, project, year
        have = records.project_batches(store, project.id, year)  # type: ignore[arg-type]
        self.boxes: dict[str, QCheckBox] = {}
        self.dates: dict[str, QLineEdit] = {}
        grid = QGridLayout()
        for i, b in enumerate(records.BATCHES):
            box = QCheckBox(f"{b}一批")
            box.setChecked(b in have)
            date = QLineEdit(have.get(b, ""))
            date.setPlaceholderText("完成日期，如 2024-05-20（开工、竣工可不填，按卡片上的实际日期）")
            date.setEnabled(b in have)
            box.toggled.connect(date.setEnabled)
            self.boxes[b], self.dates[b] = box, date
            grid.addWidget(box, i, 0)
            grid.addWidget(date, i, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"{year}年“四个一批”（各批目标个数在 工具 → 设置 里填）："))
        lay.addLayout(grid)
        lay.addStretch(1)

    def save(self) -> bool:
        entries = {b: (self.dates[b].text() if self.boxes[b].isChecked() else None) for b in records.BATCHES}
        return records.save_batches(self.store, self.project.id, self.year, entries)  # type: ignore[arg-type]


def ask_solved(parent: QWidget, store, year: int, month: int) -> int:
    """After an import: the open problems the month's return no longer mentions — solved? Yes marks them 已解决
    today (one undoable step); No keeps them open. Returns how many were marked."""
    gone = records.vanished(store, year, month)
    if not gone:
        return 0
    answer = QMessageBox.question(
        parent, "问题是否已解决",
        f"{records.vanished_text(store, gone, month)}\n\n"
        "是否已经解决？选“是”标为已解决（今天），选“否”仍按未解决跟踪（可在项目卡片的“问题台账”里逐个处理）。")
    if answer != QMessageBox.StandardButton.Yes:
        return 0
    return records.solve(store, [p.id for p in gone], dt.date.today(), label=f"{month}月报表不再填写的{len(gone)}个问题标为已解决")


class PhotosTab(QWidget):
    """形象进度 photos of one month: thumbnails; add from files (button or drop), remove, choose the one its
    督办单 prints. Kept in the 台账 file when the card is saved."""

    def __init__(self, store, project: Project, year: int, month: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtCore import QSize
        from PySide6.QtWidgets import QListWidget

        self.store, self.project, self.year = store, project, year
        self.setAcceptDrops(True)
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setSuffix(" 月")
        self.month.setValue(month)
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(150, 150))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setSpacing(6)
        self.add_button = QPushButton("添加照片(&P)…")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton("删除所选照片")
        self.remove_button.clicked.connect(self.remove_selected)
        self.in_notice = QCheckBox("所选照片印在本月督办单上")
        self.in_notice.toggled.connect(self._notice_toggled)
        self.list.currentRowChanged.connect(self._selected)
        self.month.valueChanged.connect(lambda _: self._fill())
        top = QHBoxLayout()
        top.addWidget(QLabel(f"{year}年"))
        top.addWidget(self.month)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("可把照片文件直接拖到这里。照片缩到不超过1600像素、存进台账文件，备份时一并带走。"))
        lay.addLayout(top)
        lay.addWidget(self.list)
        lay.addWidget(self.in_notice)
        # changes wait for the card's 保存: (month, Picture, file name) added; ids removed; id → printed or not
        self.added: list[tuple[int, object, str]] = []
        self.removed: set[int] = set()
        self.notice_choice: dict[int, int | None] = {}       # month → photo id printed (None: none)
        self._fill()

    def _entries(self) -> list[tuple[str, object, bytes, str]]:
        """What the month shows: ("stored", id, thumb, caption) and ("new", index, thumb, name)."""
        from models import photos as ph

        m = self.month.value()
        out = [("stored", p.id, ph.thumb_bytes(self.store, p.sha1), p.caption or p.added_at[:10])
               for p in ph.photos(self.store, self.project.id, self.year, m) if p.id not in self.removed]
        out += [("new", i, pic.thumb, name) for i, (mm, pic, name) in enumerate(self.added) if mm == m]
        return out

    def _printed(self, month: int):
        from models import photos as ph

        if month in self.notice_choice:
            return self.notice_choice[month]
        return next((p.id for p in ph.photos(self.store, self.project.id, self.year, month) if p.in_notice), None)

    def _fill(self) -> None:
        from PySide6.QtGui import QIcon, QPixmap
        from PySide6.QtWidgets import QListWidgetItem

        self.list.clear()
        self._shown = self._entries()
        printed = self._printed(self.month.value())
        for kind, key, thumb, caption in self._shown:
            pix = QPixmap()
            pix.loadFromData(thumb)
            mark = "（印在督办单）" if kind == "stored" and key == printed else ""
            self.list.addItem(QListWidgetItem(QIcon(pix), caption + mark))
        self._selected(self.list.currentRow())

    def _selected(self, row: int) -> None:
        ok = 0 <= row < len(getattr(self, "_shown", []))
        self.remove_button.setEnabled(ok)
        stored = ok and self._shown[row][0] == "stored"
        self.in_notice.setEnabled(stored)
        self.in_notice.blockSignals(True)
        self.in_notice.setChecked(bool(stored and self._shown[row][1] == self._printed(self.month.value())))
        self.in_notice.blockSignals(False)

    def _notice_toggled(self, on: bool) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._shown) or self._shown[row][0] != "stored":
            return
        pid = self._shown[row][1]
        m = self.month.value()
        self.notice_choice[m] = pid if on else (None if self._printed(m) == pid else self._printed(m))
        self._fill()
        self.list.setCurrentRow(row)

    def add_files(self, paths: list[str]) -> list[str]:
        """Read and scale the files (kept until 保存); returns the messages of those that are no picture."""
        from pathlib import Path

        from models.errors import UserError
        from ui.photo_files import picture_of_file

        bad = []
        for path in paths:
            try:
                self.added.append((self.month.value(), picture_of_file(path), Path(path).stem))
            except UserError as exc:
                bad.append(exc.message)
        self._fill()
        return bad

    def choose_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from ui.photo_files import FILTER

        paths, _ = QFileDialog.getOpenFileNames(self, "选择形象进度照片", "", FILTER)
        self._report(self.add_files(paths))

    def _report(self, bad: list[str]) -> None:
        if bad:
            QMessageBox.warning(self, "有的文件未添加", "\n".join(bad))

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._shown):
            return
        kind, key, _, _ = self._shown[row]
        if kind == "stored":
            self.removed.add(key)  # type: ignore[arg-type]
        else:
            del self.added[key]  # type: ignore[arg-type]
        self._fill()

    def dragEnterEvent(self, event) -> None:
        from ui.photo_files import SUFFIXES

        if any(u.toLocalFile().lower().endswith(SUFFIXES) for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self._report(self.add_files([u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]))
        event.acceptProposedAction()

    def save(self) -> bool:
        from models import photos as ph

        changed = False
        for pid in self.removed:
            ph.remove_photo(self.store, pid)
            changed = True
        for m in sorted({mm for mm, _, _ in self.added}):
            pics = [(pic, name) for mm, pic, name in self.added if mm == m]
            ph.add_photos(self.store, self.project.id, self.year, m, [p for p, _ in pics],  # type: ignore[arg-type]
                          [n for _, n in pics])
            changed = True
        for m, chosen in self.notice_choice.items():
            for p in ph.photos(self.store, self.project.id, self.year, m):
                if p.id not in self.removed and p.in_notice != (p.id == chosen):
                    changed |= ph.update_photo(self.store, p.id, in_notice=p.id == chosen)
        return changed
