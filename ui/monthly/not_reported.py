"""The 未报 view: who has not reported this month, by unit, with 标为本月无进展 and a list to paste into a chat."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QTreeView, QVBoxLayout,
                               QWidget)

from models.report import MonthlyReport

PID_ROLE = Qt.UserRole + 1


def chat_text(report: MonthlyReport) -> str:
    """The reminder a clerk pastes into the units' chat group: units and their projects not yet reported."""
    groups = _by_unit(report)
    if not groups:
        return f"{report.year}年{report.month}月重点项目进展已全部报送。"
    n = sum(len(v) for v in groups.values())
    out = [f"截至目前，{report.year}年{report.month}月重点项目进展尚有{len(groups)}个单位{n}个项目未报送，请抓紧报送："]
    for i, (unit, names) in enumerate(groups.items(), 1):
        out.append(f"{i}. {unit}（{len(names)}个）：{'、'.join(names)}")
    return "\n".join(out)


def _by_unit(report: MonthlyReport) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for line in report.not_reported:
        groups.setdefault(line.unit or "（未填责任单位）", []).append(line.name)
    return groups


class NotReportedView(QWidget):
    """Units with their unreported projects; the clerk marks projects as 本月无进展 or copies the list."""

    mark_zero = Signal(list)      # project ids to mark as reported with nothing done
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: MonthlyReport | None = None
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.tree.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.zero_button = QPushButton("标为本月无进展(&N)")
        self.zero_button.setToolTip("所选项目（或所选单位的全部项目）本月完成记为0，累计同上月，视为已报")
        self.zero_button.clicked.connect(self._mark_selected)
        self.copy_button = QPushButton("复制催报名单(&C)")
        self.copy_button.setToolTip("复制未报单位和项目的名单，可直接粘贴到工作群")
        self.copy_button.clicked.connect(self.copy_list)
        buttons = QHBoxLayout()
        buttons.addWidget(self.zero_button)
        buttons.addWidget(self.copy_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.tree, 1)
        lay.addLayout(buttons)

    def set_report(self, report: MonthlyReport) -> None:
        self.report = report
        groups: dict[str, list] = {}
        for line in report.not_reported:
            groups.setdefault(line.unit or "（未填责任单位）", []).append(line)
        # a group the clerk closed stays closed (after an undo too); a unit new to the list opens
        collapsed = {self.model.item(i).data(Qt.UserRole) for i in range(self.model.rowCount())
                     if not self.tree.isExpanded(self.model.index(i, 0))}
        self.model.clear()
        for unit, lines in groups.items():
            parent = QStandardItem(f"{unit}（{len(lines)}个）")
            parent.setData(unit, Qt.UserRole)
            for line in lines:
                child = QStandardItem(line.name)
                child.setData(line.project.id, PID_ROLE)
                parent.appendRow(child)
            self.model.appendRow(parent)
        for i in range(self.model.rowCount()):
            if self.model.item(i).data(Qt.UserRole) not in collapsed:
                self.tree.expand(self.model.index(i, 0))
        n = len(report.not_reported)
        self.title.setText(f"{report.month}月未报：{len(groups)}个单位 {n}个项目" if n else f"{report.month}月已全部报送")
        self.zero_button.setEnabled(bool(n))

    def names(self) -> list[str]:
        """The projects listed, in order (for tests and the chat list)."""
        return [self.model.item(i).child(j).text() for i in range(self.model.rowCount())
                for j in range(self.model.item(i).rowCount())]

    def unit_rows(self) -> list[str]:
        return [self.model.item(i).text() for i in range(self.model.rowCount())]

    def selected_ids(self) -> list[int]:
        ids: list[int] = []
        for idx in self.tree.selectionModel().selectedIndexes():
            item = self.model.itemFromIndex(idx)
            pid = item.data(PID_ROLE)
            if pid is not None:
                ids.append(int(pid))
            else:   # a unit: all of its projects
                ids += [int(item.child(j).data(PID_ROLE)) for j in range(item.rowCount())]
        return list(dict.fromkeys(ids))

    def select_names(self, names: list[str]) -> None:
        sel = self.tree.selectionModel()
        sel.clear()
        for i in range(self.model.rowCount()):
            unit = self.model.item(i)
            for j in range(unit.rowCount()):
                if unit.child(j).text() in names:
                    sel.select(unit.child(j).index(), sel.SelectionFlag.Select)

    def _mark_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.message.emit("请先在未报名单中选中项目或单位")
            return
        self.mark_zero.emit(ids)

    def copy_list(self) -> str:
        if self.report is None:
            return ""
        text = chat_text(self.report)
        QGuiApplication.clipboard().setText(text)
        self.message.emit("催报名单已复制，可粘贴到工作群")
        return text

