"""设置: the office and the people named on every report, 项目类别, the 开工率 denominator, 督办 defaults and
where backups go — saved as one undoable change."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from models.errors import UserError
from models.report import SETTING_DEFAULTS

# the people and office printed on the 月报 footer and the documents; asked on first run too
PEOPLE = (("office", "填报单位", "如：襄城区发改局"), ("preparer", "填表人", ""), ("reviewer", "审核人", ""),
          ("phone", "联系电话", ""))
DENOMINATORS = (("all", "全部项目（开工项目数÷项目总数）"), ("due", "应开工项目（计划开工已到期的项目）"))


def people_form(store, form: QFormLayout) -> dict[str, QLineEdit]:
    """Add the 填报单位/填表人/审核人/电话 fields to a form; shared by 设置 and the first-run welcome."""
    edits: dict[str, QLineEdit] = {}
    for key, label, hint in PEOPLE:
        edit = QLineEdit(str(store.setting(key, SETTING_DEFAULTS[key]) or ""))
        edit.setPlaceholderText(hint)
        edits[key] = edit
        form.addRow(label + "：", edit)
    return edits


class SettingsDialog(QDialog):
    """Every setting on one page; 确定 stores the ones that changed."""

    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("设置")
        people = QGroupBox("报表署名")
        pf = QFormLayout(people)
        self.edits = people_form(store, pf)

        rules = QGroupBox("统计口径")
        rf = QFormLayout(rules)
        self.denominator = QComboBox()
        for key, label in DENOMINATORS:
            self.denominator.addItem(label, key)
        self.denominator.setCurrentIndex(max(self.denominator.findData(store.setting("start_rate_denominator",
                                                                                       "all")), 0))
        rf.addRow("开工率的分母：", self.denominator)
        self.categories = QPlainTextEdit("\n".join(store.categories()))
        self.categories.setTabChangesFocus(True)
        self.categories.setFixedHeight(110)
        rf.addRow("项目类别（每行一个）：", self.categories)
        self.units = QPlainTextEdit("\n".join(store.known_units()))
        self.units.setTabChangesFocus(True)
        self.units.setFixedHeight(110)
        rf.addRow("责任单位（每行一个，录入时提示）：", self.units)

        notices = QGroupBox("督办单")
        nf = QFormLayout(notices)
        self.supervisor = QLineEdit(str(store.setting("supervisor", "") or ""))
        self.supervisor.setPlaceholderText("如：区重点项目建设指挥部办公室")
        self.notice_days = QSpinBox()
        self.notice_days.setRange(1, 90)
        self.notice_days.setSuffix(" 天")
        self.notice_days.setValue(int(store.setting("notice_days", 15) or 15))
        nf.addRow("督办单位：", self.supervisor)
        nf.addRow("办结时限：", self.notice_days)

        backup = QGroupBox("备份")
        bf = QFormLayout(backup)
        self.backup_dir = QLineEdit(str(store.setting("backup_dir", "") or ""))
        self.backup_dir.setPlaceholderText("留空：台账旁的“备份”文件夹；可以选U盘")
        browse = QPushButton("选择(&B)…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.backup_dir, 1)
        row.addWidget(browse)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.backup_keep = QSpinBox()
        self.backup_keep.setRange(1, 999)
        self.backup_keep.setSuffix(" 份")
        self.backup_keep.setValue(int(store.setting("backup_keep", 30) or 30))
        self.backup_max_gb = QSpinBox()
        self.backup_max_gb.setRange(1, 1000)
        self.backup_max_gb.setSuffix(" GB")
        self.backup_max_gb.setValue(int(float(store.setting("backup_max_gb", 10) or 10)))
        self.backup_max_gb.setToolTip("自动备份合计超过这个大小时，删去最旧的（最新的3份总是保留）。"
                                      "台账里照片多时，每份备份都有几百MB到几GB。")
        bf.addRow("备份文件夹：", holder)
        bf.addRow("最多保留：", self.backup_keep)
        bf.addRow("最多占用：", self.backup_max_gb)

        records_box = self._records_box(store, parent)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        columns = QHBoxLayout()        # two columns: one page of settings still fits a 768-pixel screen
        for boxes in ((people, rules), (notices, records_box, backup)):
            col = QVBoxLayout()
            for box in boxes:
                col.addWidget(box)
            col.addStretch(1)
            columns.addLayout(col)
        lay.addLayout(columns)
        lay.addWidget(buttons)
        self.resize(900, 0)

    def _records_box(self, store, parent) -> QGroupBox:
        """前期手续's checklist and the year's 四个一批 targets (models/records.py)."""
        from models import records

        self.year = int(getattr(parent, "year", 0) or dt.date.today().year)
        box = QGroupBox("前期手续与四个一批")
        form = QFormLayout(box)
        self.approval_items = QPlainTextEdit("\n".join(records.approval_items(store)))
        self.approval_items.setTabChangesFocus(True)
        self.approval_items.setFixedHeight(110)
        form.addRow("前期手续（每行一项）：", self.approval_items)
        targets = records.batch_targets(store, self.year)
        self.batch_targets: dict[str, QSpinBox] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for b in records.BATCHES:
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.setSuffix(" 个")
            spin.setValue(targets[b])
            spin.setAccessibleName(f"{b}一批目标")
            self.batch_targets[b] = spin
            row.addWidget(QLabel(b))
            row.addWidget(spin)
        holder = QWidget()
        holder.setLayout(row)
        form.addRow(f"{self.year}年四个一批目标：", holder)
        return box

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "备份文件夹", self.backup_dir.text())
        if folder:
            self.backup_dir.setText(folder)

    def values(self) -> dict:
        values = {k: e.text().strip() for k, e in self.edits.items()}
        values.update(start_rate_denominator=self.denominator.currentData(),
                      categories=_lines(self.categories), units=_lines(self.units),
                      supervisor=self.supervisor.text().strip(), notice_days=self.notice_days.value(),
                      backup_dir=self.backup_dir.text().strip(), backup_keep=self.backup_keep.value(),
                      backup_max_gb=self.backup_max_gb.value(),
                      approval_items=_lines(self.approval_items))
        from models.records import batch_targets
        targets = {b: spin.value() for b, spin in self.batch_targets.items()}
        if targets != batch_targets(self.store, self.year):      # other years' targets stay as they are
            all_years = dict(self.store.setting("four_batch_targets", {}) or {})
            values["four_batch_targets"] = {**all_years, str(self.year): targets}
        return values

    def save(self) -> None:
        values = self.values()
        current = {k: self.store.setting(k, SETTING_DEFAULTS.get(k)) for k in values}
        current["categories"] = self.store.categories()
        current["units"] = list(self.store.setting("units", []) or [])
        from models.records import approval_items
        current["approval_items"] = approval_items(self.store)
        changed = {k: v for k, v in values.items() if current[k] != v}
        if values["backup_dir"]:
            try:
                Path(values["backup_dir"]).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                QMessageBox.warning(self, "设置未保存",
                                    f"备份文件夹「{values['backup_dir']}」无法创建：{exc.strerror or exc}。请换一个文件夹。")
                return
        try:
            if changed:
                self.store.set_settings(changed, label="修改设置")
        except UserError as exc:
            QMessageBox.warning(self, "设置未保存", exc.message)
            return
        self.accept()


def _lines(edit: QPlainTextEdit) -> list[str]:
    """The non-empty lines of a text box, each once, in order."""
    out: list[str] = []
    for line in edit.toPlainText().splitlines():
        if line.strip() and line.strip() not in out:
            out.append(line.strip())
    return out
