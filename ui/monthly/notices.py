"""督办单 tracking: the year's notices with their deadlines and answers, and the month's new notices."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPlainTextEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from models.errors import UserError
from models.notices import CLOSED, Notice, notices, record_response

HEADERS = ("编号", "项目", "责任单位", "报表月份", "下发日期", "办结时限", "状态", "办理情况")
OVERDUE_FG = QColor("#b3261e")


class NoticeModel(QAbstractTableModel):
    """The year's 督办单, by number."""

    def __init__(self, store, year: int, parent=None) -> None:
        super().__init__(parent)
        self.store, self.year = store, year
        self.rows: list[Notice] = []
        self.names: dict[int, tuple[str, str]] = {}
        self.today = dt.date.today()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = notices(self.store, self.year)
        self.names = {}
        for n in self.rows:
            p = self.store.project(n.project_id)
            self.names[n.project_id] = (p.name, p.unit) if p else ("（项目已删除）", "")
        self.today = dt.date.today()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        n = self.rows[index.row()]
        late = n.is_overdue(self.today)
        if role == Qt.DisplayRole:
            name, unit = self.names.get(n.project_id, ("", ""))
            return (n.number, name, unit, f"{n.report_month}月", n.issued_on, n.deadline,
                    "逾期未反馈" if late else n.status,
                    (f"{n.responded_on}：" if n.responded_on else "") + n.response)[index.column()]
        if role == Qt.ForegroundRole and late:
            return QBrush(OVERDUE_FG)
        if role == Qt.ToolTipRole:
            return f"督办事项：{n.matter}\n办理要求：{n.requirement}" + (f"\n办理情况：{n.response}" if n.response else "")
        return None


class NoticesDialog(QDialog):
    """The year's notices: who was asked, by when, and what they answered; new notices for the month."""

    export_requested = Signal()
    changed = Signal()

    def __init__(self, store, year: int, month: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.year, self.month = store, year, month
        self.setWindowTitle(f"{year}年督办单")
        self.resize(1100, 600)
        self.model = NoticeModel(store, year, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(7, QHeaderView.Stretch)
        self.summary = QLabel()
        self.export_button = QPushButton(f"生成{month}月督办单(&E)…")
        self.export_button.clicked.connect(self.export_requested.emit)
        self.response = QPlainTextEdit()
        self.response.setPlaceholderText("责任单位反馈的办理情况")
        self.response.setMaximumHeight(80)
        self.closed = QCheckBox("同时标记为已办结")
        self.save_button = QPushButton("登记办理情况(&S)")
        self.save_button.clicked.connect(self.save_response)
        self.message = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.export_button)
        answer = QHBoxLayout()
        answer.addWidget(self.response, 1)
        side = QVBoxLayout()
        side.addWidget(self.closed)
        side.addWidget(self.save_button)
        side.addStretch(1)
        answer.addLayout(side)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(QLabel("所选督办单的办理情况："))
        lay.addLayout(answer)
        lay.addWidget(self.message)
        self.reload()

    def reload(self) -> None:
        self.model.reload()
        for col in (0, 2, 3, 4, 5, 6):
            self.table.resizeColumnToContents(col)
        rows = self.model.rows
        late = sum(n.is_overdue(self.model.today) for n in rows)
        done = sum(n.status == CLOSED for n in rows)
        self.summary.setText(f"{self.year}年已下发督办单{len(rows)}份，已办结{done}份"
                             + (f"，<span style='color:#b3261e'>逾期未反馈{late}份</span>" if late else ""))

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def save_response(self) -> bool:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.setText("请先在表中选中一份督办单")
            return False
        n = self.model.rows[rows[0].row()]
        try:
            record_response(self.store, n.id, self.response.toPlainText(), closed=self.closed.isChecked())
        except UserError as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(f"已登记督办单{n.number}的办理情况")
        self.response.clear()
        self.reload()
        self.changed.emit()
        return True
