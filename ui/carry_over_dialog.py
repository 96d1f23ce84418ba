"""结转: last year's unfinished projects, ticked, put on the new year's list as 续建 in one undoable step."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QMessageBox,
                               QVBoxLayout, QWidget)

from models.errors import UserError
from models.project import Status
from models.rules import status_at


def candidates(store, from_year: int, to_year: int) -> list:
    """Projects of `from_year` not completed and not yet on `to_year`'s list."""
    already = set(store.plans(to_year))
    return [p for p in store.projects(from_year)
            if p.id not in already and status_at(p, from_year, 12) != Status.COMPLETED]


class CarryOverDialog(QDialog):
    """`added` is how many projects were carried over once accepted."""

    def __init__(self, store, from_year: int, to_year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.from_year, self.to_year = store, from_year, to_year
        self.added = 0
        self.setWindowTitle(f"把{from_year}年未完工项目结转到{to_year}年")
        self.list = QListWidget()
        for p in candidates(store, from_year, to_year):
            item = QListWidgetItem(f"{p.name}（{p.unit or '未填单位'}，{status_at(p, from_year, 12).value}）")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        n = self.list.count()
        text = (f"{from_year}年有{n}个项目尚未竣工、还不在{to_year}年的清单上。勾选的项目将作为“续建”列入{to_year}年，"
                f"年度计划先记为0，请随后在项目卡片中填写。" if n else
                f"{from_year}年没有需要结转的项目（未竣工的项目都已在{to_year}年清单上）。")
        label = QLabel(text)
        label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("结转(&C)")
        self.ok.setEnabled(n > 0)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(label)
        lay.addWidget(self.list, 1)
        lay.addWidget(buttons)
        self.resize(620, 480)

    def chosen(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def apply(self) -> None:
        try:
            self.added = self.store.carry_over(self.from_year, self.to_year, self.chosen())
        except UserError as exc:
            QMessageBox.warning(self, "未结转", exc.message)
            return
        self.accept()
