"""The 项目卡片 form: every card field, the year's plan with 分月计划 and 年度目标, the month-by-month history;
Tab in reading order, a duplicate name warned about as it is typed, the status kept in step with the dates (and a
contradiction shown beside them before saving), saved as one undoable step by models.card.save_card."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QCompleter, QDialog, QDialogButtonBox, QGridLayout,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from models.card import CardInput, card_notes, read_card, save_card, status_for
from models.card_history import duplicate_of, project_months
from models.errors import UserError
from models.money import fmt_wan
from models.project import FLAGS, NATURES, Project, Status

TEXT_FIELDS = (("name", "项目名称"), ("code", "项目编号"), ("unit", "责任单位"), ("leader", "包保领导"),
               ("contact", "联系人"), ("phone", "电话"), ("location", "建设地点"), ("funding_source", "资金来源"),
               ("period", "建设起止年限"), ("remark", "备注"))
DATE_FIELDS = (("planned_start", "计划开工年月"), ("actual_start", "实际开工日期"),
               ("planned_finish", "计划竣工年月"), ("actual_finish", "实际竣工日期"))
HISTORY_COLUMNS = ("月份", "本月完成（万元）", "累计完成（万元）", "形象进度", "存在问题")


class CardDialog(QDialog):
    """New or existing project, or a copy of one (`copy_of`); `saved_id` is set after a successful save."""

    def __init__(self, store, year: int, project: Project | None = None, parent: QWidget | None = None,
                 copy_of: Project | None = None) -> None:
        super().__init__(parent)
        self.store, self.year, self.project = store, year, project
        self.saved_id: int | None = None
        self.setWindowTitle(f"项目卡片 — {project.name}" if project else
                            f"复制项目 — {copy_of.name}" if copy_of else "新建项目")
        src = project or copy_of            # the fields shown at the start
        plan = store.plan(src.id, year) if src is not None else None

        self.edits: dict[str, QLineEdit] = {}
        form = QGridLayout()
        for i, (key, label) in enumerate(TEXT_FIELDS):
            edit = QLineEdit(str(getattr(src, key, "") or "") if src else "")
            self.edits[key] = edit
            form.addWidget(QLabel(label + "："), i // 2, (i % 2) * 2)
            form.addWidget(edit, i // 2, (i % 2) * 2 + 1)
        if copy_of is not None:
            self.edits["name"].setText(f"{copy_of.name}（副本）")
        # 责任单位 as typed before (and listed in 设置) pops up while typing, so one unit keeps one spelling
        completer = QCompleter(store.known_units(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edits["unit"].setCompleter(completer)
        row = len(TEXT_FIELDS) // 2
        self.duplicate = QLabel()
        self.duplicate.setStyleSheet("color: #b00000")
        form.addWidget(self.duplicate, row, 0, 1, 4)
        row += 1
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(store.categories())
        self.category.setCurrentText(src.category if src else "")
        self.nature = QComboBox()
        self.nature.setEditable(True)
        self.nature.addItems(("",) + NATURES)
        self.nature.setCurrentText(src.nature if src else "")
        form.addWidget(QLabel("项目类别："), row, 0)
        form.addWidget(self.category, row, 1)
        form.addWidget(QLabel("建设性质："), row, 2)
        form.addWidget(self.nature, row, 3)
        row += 1
        self.total = QLineEdit(fmt_wan(src.total_investment) if src else "")
        self.total.setPlaceholderText("万元")
        self.plan = QLineEdit(fmt_wan(plan.plan) if plan else "")
        self.plan.setPlaceholderText("万元")
        form.addWidget(QLabel("总投资（万元）："), row, 0)
        form.addWidget(self.total, row, 1)
        form.addWidget(QLabel(f"{year}年计划投资（万元）："), row, 2)
        form.addWidget(self.plan, row, 3)
        row += 1
        for i, (key, label) in enumerate(DATE_FIELDS):
            edit = QLineEdit(str(getattr(src, key, "") or "") if src else "")
            edit.setPlaceholderText("如 2024-03 或 2024-03-15")
            self.edits[key] = edit
            form.addWidget(QLabel(label + "："), row + i // 2, (i % 2) * 2)
            form.addWidget(edit, row + i // 2, (i % 2) * 2 + 1)
        if copy_of is not None:        # a copy has not started or finished just because the original did
            for key in ("actual_start", "actual_finish"):
                self.edits[key].clear()
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
            box.setChecked(bool(getattr(src, attr, False)) if src else False)
            self.flags[attr] = box
            flags.addWidget(box)
        form.addWidget(QLabel("级别："), row, 2)
        holder = QWidget()
        holder.setLayout(flags)
        form.addWidget(holder, row, 3)
        row += 1
        # status and dates disagreeing is said here, under them, as soon as it happens — not only on 保存
        self.date_note = QLabel()
        self.date_note.setWordWrap(True)
        self.date_note.setStyleSheet("color: #b00000")
        form.addWidget(self.date_note, row, 0, 1, 4)
        self.scale = QPlainTextEdit(src.scale if src else "")
        self.scale.setTabChangesFocus(True)
        self.scale.setFixedHeight(60)
        box = QGroupBox("建设规模及主要内容")
        lay = QVBoxLayout(box)
        lay.addWidget(self.scale)
        card_page = QWidget()
        cl = QVBoxLayout(card_page)
        cl.addLayout(form)
        cl.addWidget(box)

        self.tabs = QTabWidget()
        self.tabs.addTab(card_page, "项目卡片")
        self.tabs.addTab(self._plan_page(plan), f"{year}年计划")
        self.record_tabs: list = []
        if project is not None:
            self.tabs.addTab(self._history_page(project), "逐月进展")
            self._add_record_tabs(project)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存(&S)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs)
        outer.addWidget(buttons)
        for key in ("name", "unit"):
            self.edits[key].textChanged.connect(self._check_duplicate)
        self._check_duplicate()
        # the status the clerk chose; typed dates move the shown one on from it (an 开工 date → 在建)
        self.chosen_status = self.status.currentText()
        self.status.activated.connect(self._status_chosen)
        for key, _ in DATE_FIELDS:
            self.edits[key].textChanged.connect(self._dates_typed)
            self.edits[key].editingFinished.connect(lambda: self._check_dates())
        self._check_dates()
        self.edits["name"].setFocus()
        self.edits["name"].selectAll()
        self.resize(800, 560)

    def _plan_page(self, plan) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.addWidget(QLabel("分月计划（万元，可不填；填了用于按月考核）："), 0, 0, 1, 6)
        self.monthly: list[QLineEdit] = []
        for m in range(12):
            edit = QLineEdit(fmt_wan(plan.monthly_plan[m]) if plan and plan.monthly_plan else "")
            edit.setPlaceholderText("万元")
            self.monthly.append(edit)
            grid.addWidget(QLabel(f"{m + 1}月："), 1 + m // 3, (m % 3) * 2)
            grid.addWidget(edit, 1 + m // 3, (m % 3) * 2 + 1)
        self.target = QPlainTextEdit(plan.target if plan else "")
        self.target.setTabChangesFocus(True)
        self.target.setFixedHeight(80)
        grid.addWidget(QLabel("年度建设目标："), 5, 0)
        grid.addWidget(self.target, 5, 1, 1, 5)
        grid.setRowStretch(6, 1)
        return page

    def _add_record_tabs(self, project: Project) -> None:
        """前期手续, 问题台账, 四个一批 (ui/card_records.py): saved with the card as the same undoable step."""
        from ui.card_records import ApprovalsTab, BatchesTab, PhotosTab, ProblemsTab

        latest = self.store.latest_period()
        month = latest[1] if latest and latest[0] == self.year else 12
        self.approvals_tab = ApprovalsTab(self.store, project)
        self.problems_tab = ProblemsTab(self.store, project, self.year, month)
        self.batches_tab = BatchesTab(self.store, project, self.year)
        open_count = sum(1 for p in self.problems_tab.items if p.is_open)
        self.tabs.addTab(self.approvals_tab, "前期手续")
        self.tabs.addTab(self.problems_tab, f"问题台账（{open_count}）" if open_count else "问题台账")
        self.tabs.addTab(self.batches_tab, "四个一批")
        self.photos_tab = PhotosTab(self.store, project, self.year, month if latest else 1)
        self.tabs.addTab(self.photos_tab, "照片")
        self.record_tabs = [self.approvals_tab, self.problems_tab, self.batches_tab, self.photos_tab]

    def _history_page(self, project: Project) -> QWidget:
        months = project_months(self.store, project.id)
        table = QTableWidget(len(months), len(HISTORY_COLUMNS))
        table.setHorizontalHeaderLabels(HISTORY_COLUMNS)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        for r, f in enumerate(months):
            # a month with only 形象进度/问题 typed is 未报 (models/rules), not a 0.00 the unit never gave
            amount = fmt_wan(f.month_amount, True) if f.month_amount is not None else ("不详" if f.given else "未报")
            ytd = fmt_wan(f.ytd, True) if f.given else "未报"
            for c, text in enumerate((f"{f.year}年{f.month}月", amount, ytd, f.progress, f.problem)):
                table.setItem(r, c, QTableWidgetItem(text))
        for c, w in enumerate((90, 110, 110, 260)):
            table.setColumnWidth(c, w)
        table.horizontalHeader().setStretchLastSection(True)
        self.history = table
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(QLabel("各月填报的数（在“月度填报”页修改）：" if months else "还没有填报过月度数据。"))
        lay.addWidget(table)
        from .charts_view import ProjectPictures     # the project's lights month by month and its 累计 curve
        self.pictures = ProjectPictures(self.store, project.id, self.year)
        lay.addWidget(self.pictures)
        return page

    def _check_duplicate(self) -> None:
        warning = duplicate_of(self.store, self.edits["name"].text(), self.edits["unit"].text(),
                               self.project.id if self.project else None)
        self.duplicate.setText(f"⚠ {warning}" if warning else "")

    def _status_chosen(self) -> None:
        self.chosen_status = self.status.currentText()
        self._check_dates()

    def _date_texts(self) -> dict[str, str]:
        return {key: self.edits[key].text() for key, _ in DATE_FIELDS}

    def _dates_typed(self) -> None:
        self.status.setCurrentText(status_for(self.chosen_status, self._date_texts()))
        typing = next((key for key, _ in DATE_FIELDS if self.sender() is self.edits[key]), "")
        self._check_dates(typing)

    def _check_dates(self, typing: str = "") -> None:
        """Show what is wrong with the dates and the status; a date still being typed is not called wrong yet."""
        notes = card_notes(self.status.currentText(), self._date_texts(), typing)
        self.date_note.setText("⚠ " + "；".join(notes) if notes else "")

    def values(self) -> CardInput:
        """The card as typed, read by models.card; raises UserError naming the field."""
        texts: dict = {k: e.text() for k, e in self.edits.items()}
        texts.update(category=self.category.currentText(), nature=self.nature.currentText(),
                     status=self.status.currentText(), scale=self.scale.toPlainText(),
                     total_investment=self.total.text())
        texts.update({attr: box.isChecked() for attr, box in self.flags.items()})
        return read_card(texts, self.year, self.plan.text(), [e.text() for e in self.monthly],
                         self.target.toPlainText())

    def save(self) -> None:
        try:
            values = self.values()
            label = f"修改项目「{self.project.name}」" if self.project else f"新建项目「{values.name}」"
            with self.store.operation(label):     # the card and its record tabs: one step for Ctrl+Z
                self.saved_id = save_card(self.store, self.year, values, self.project)
                for tab in self.record_tabs:
                    tab.save()
        except UserError as exc:
            QMessageBox.warning(self, "无法保存", exc.message)
            return
        self.accept()
