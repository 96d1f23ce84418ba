"""The 项目卡片 form: every card field and the year's plan, Tab in reading order, saved as one undoable step."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QVBoxLayout, QWidget)

from models.entry import parse_date, parse_money
from models.errors import UserError
from models.money import fmt_wan
from models.project import FLAGS, NATURES, Project, Status

TEXT_FIELDS = (("name", "项目名称"), ("code", "项目编号"), ("unit", "责任单位"), ("leader", "包保领导"),
               ("contact", "联系人"), ("phone", "电话"), ("location", "建设地点"), ("funding_source", "资金来源"),
               ("period", "建设起止年限"), ("remark", "备注"))
DATE_FIELDS = (("planned_start", "计划开工年月"), ("actual_start", "实际开工日期"),
               ("planned_finish", "计划竣工年月"), ("actual_finish", "实际竣工日期"))


class CardDialog(QDialog):
    """New or existing project; `saved_id` is set after a successful save."""

    def __init__(self, store, year: int, project: Project | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.year, self.project = store, year, project
        self.saved_id: int | None = None
        self.setWindowTitle(f"项目卡片 — {project.name}" if project else "新建项目")
        self.edits: dict[str, QLineEdit] = {}
        form = QGridLayout()
        for i, (key, label) in enumerate(TEXT_FIELDS):
            edit = QLineEdit(str(getattr(project, key, "") or "") if project else "")
            self.edits[key] = edit
            form.addWidget(QLabel(label + "："), i // 2, (i % 2) * 2)
            form.addWidget(edit, i // 2, (i % 2) * 2 + 1)
        row = len(TEXT_FIELDS) // 2 + 1
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(store.categories())
        self.category.setCurrentText(project.category if project else "")
        self.nature = QComboBox()
        self.nature.setEditable(True)
        self.nature.addItems(("",) + NATURES)
        self.nature.setCurrentText(project.nature if project else "")
        form.addWidget(QLabel("项目类别："), row, 0)
        form.addWidget(self.category, row, 1)
        form.addWidget(QLabel("建设性质："), row, 2)
        form.addWidget(self.nature, row, 3)
        row += 1
        self.total = QLineEdit(fmt_wan(project.total_investment) if project else "")
        self.total.setPlaceholderText("万元")
        plan = store.plan(project.id, year) if project else None
        self.plan = QLineEdit(fmt_wan(plan.plan) if plan else "")
        self.plan.setPlaceholderText("万元")
        form.addWidget(QLabel("总投资（万元）："), row, 0)
        form.addWidget(self.total, row, 1)
        form.addWidget(QLabel(f"{year}年计划投资（万元）："), row, 2)
        form.addWidget(self.plan, row, 3)
        row += 1
        for i, (key, label) in enumerate(DATE_FIELDS):
            edit = QLineEdit(str(getattr(project, key, "") or "") if project else "")
            edit.setPlaceholderText("如 2024-03 或 2024-03-15")
            self.edits[key] = edit
            form.addWidget(QLabel(label + "："), row + i // 2, (i % 2) * 2)
            form.addWidget(edit, row + i // 2, (i % 2) * 2 + 1)
        row += 2
        self.status = QComboBox()
        self.status.addItems([s.value for s in Status])
        self.status.setCurrentText(project.status if project else Status.NOT_STARTED.value)
        form.addWidget(QLabel("项目状态："), row, 0)
        form.addWidget(self.status, row, 1)
        flags = QHBoxLayout()
        self.flags: dict[str, QCheckBox] = {}
        for attr, word in FLAGS.items():
            box = QCheckBox(word)
            box.setChecked(bool(getattr(project, attr, False)) if project else False)
            self.flags[attr] = box
            flags.addWidget(box)
        form.addWidget(QLabel("级别："), row, 2)
        holder = QWidget()
        holder.setLayout(flags)
        form.addWidget(holder, row, 3)
        self.scale = QPlainTextEdit(project.scale if project else "")
        self.scale.setTabChangesFocus(True)
        self.scale.setFixedHeight(60)
        box = QGroupBox("建设规模及主要内容")
        lay = QVBoxLayout(box)
        lay.addWidget(self.scale)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存(&S)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addLayout(form)
        outer.addWidget(box)
        outer.addWidget(buttons)
        self.edits["name"].setFocus()
        self.resize(760, 520)

    def values(self) -> tuple[dict, int | None]:
        """The card as typed, checked field by field; raises UserError naming the field."""
        who = f"项目「{self.edits['name'].text().strip() or '（未命名）'}」"
        card: dict = {k: e.text().strip() for k, e in self.edits.items() if k not in dict(DATE_FIELDS)}
        for key, label in DATE_FIELDS:
            card[key] = parse_date(self.edits[key].text(), who=who, field=label)
        card["category"] = self.category.currentText().strip()
        card["nature"] = self.nature.currentText().strip()
        card["status"] = self.status.currentText()
        card["scale"] = self.scale.toPlainText().strip()
        for attr, box in self.flags.items():
            card[attr] = box.isChecked()
        card["total_investment"] = parse_money(self.total.text(), who=who, field="总投资") or 0
        plan = parse_money(self.plan.text(), who=who, field=f"{self.year}年计划投资")
        return card, plan

    def save(self) -> None:
        try:
            card, plan = self.values()
            if self.project is None:
                self.saved_id = self.store.create_project(card, year=self.year, plan=plan)
            else:
                p = self.project
                changes = {k: v for k, v in card.items() if getattr(p, k) != v}
                # card and plan in one operation: one Ctrl+Z undoes the whole edit
                with self.store.operation(f"修改项目「{p.name}」") as op:
                    if changes:
                        self.store._update_project(op, p, changes)
                    if plan is not None:
                        self.store._set_plan(op, p.id, self.year, {"plan": plan}, name=p.name)
                self.saved_id = p.id
        except UserError as exc:
            QMessageBox.warning(self, "无法保存", exc.message)
            return
        self.accept()
