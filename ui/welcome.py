"""First run: a short welcome that asks for the office and the people named on reports, then offers to
import a spreadsheet, create a project, or look around in demo data."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

IMPORT, NEW, DEMO, LATER = "import", "new", "demo", "later"


def needs_welcome(store) -> bool:
    """An empty 台账 whose clerk has not been welcomed yet."""
    if store.setting("welcomed", False):
        return False
    return store.project_count() == 0


class WelcomeDialog(QDialog):
    """`choice` is one of IMPORT, NEW, DEMO, LATER after it closes; the names typed are stored either way."""

    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.choice = LATER
        self.setWindowTitle("欢迎使用重点项目台账")
        intro = QLabel("台账会保存在本机，每次修改立即保存，可随时撤销（Ctrl+Z）。\n"
                       "先填写报表上署名的单位和人员（以后可在“工具 → 设置”中修改）：")
        intro.setWordWrap(True)
        box = QGroupBox("报表署名")
        form = QFormLayout(box)
        from .settings_dialog import people_form    # here: every start asks needs_welcome, few open the dialog

        self.edits = people_form(store, form)
        start = QGroupBox("从哪里开始")
        row = QHBoxLayout(start)
        for text, choice, tip in (("导入报表(&I)…", IMPORT, "把单位报来的或去年的 Excel 表导入台账"),
                                  ("新建项目(&N)…", NEW, "逐个录入项目卡片"),
                                  ("查看示例数据(&D)", DEMO, "打开一份单独的示例台账，随便试，不影响正式数据")):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(lambda _=False, c=choice: self.finish(c))
            row.addWidget(b)
        later = QPushButton("以后再说(&L)")
        later.clicked.connect(lambda: self.finish(LATER))
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(box)
        lay.addWidget(start)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(later)
        lay.addLayout(bottom)
        self.resize(560, 0)

    def finish(self, choice: str) -> None:
        self.choice = choice
        values = {k: e.text().strip() for k, e in self.edits.items() if e.text().strip()}
        # one stored step; welcomed=True so the dialog does not come back
        self.store.set_settings({**values, "welcomed": True}, label="填写报表署名")
        self.accept()

    def reject(self) -> None:   # Esc or the close box: same as 以后再说
        self.finish(LATER)
