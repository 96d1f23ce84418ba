"""The monthly entry grid: a table model over the month's report lines and a view that types like Excel."""
from __future__ import annotations

import csv
import io

from PySide6.QtCore import QAbstractTableModel, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeyEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QHeaderView, QLineEdit,
                               QStyledItemDelegate, QTableView, QWidget)

from models.entry import ENTRY_COLUMNS, CellChange, EntryColumn, apply_cells, warnings_for
from models.errors import UserError
from models.money import fmt_wan
from models.photos import month_thumbs
from models.report import MonthlyReport, ProjectLine, ReportFilter, build_report

WARN_BG = QColor("#fff1c2")
READONLY_BG = QColor("#f3f4f6")
NOT_REPORTED_FG = QColor("#9a9a9a")
WARN_MARK = "⚠ "
TEXT_KEYS = ("progress", "problem", "next_plan")


class EntryModel(QAbstractTableModel):
    """One row per project of the month's report; editable cells go through models.entry.apply_cells."""

    error = Signal(str)          # a Chinese message: nothing was stored
    stored = Signal(str)         # the label of a stored change (or of an undo/redo)

    def __init__(self, store, year: int, month: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.year, self.month = year, month
        self.unit: str | None = None
        self.columns: tuple[EntryColumn, ...] = ENTRY_COLUMNS
        self.report: MonthlyReport | None = None
        self.lines: list[ProjectLine] = []
        self._warnings: list[list[str]] = []
        self._last_progress: dict[int, str] | None = None
        self._texts_only: dict[int, object] = {}
        self.reload()

    # ---- loading ------------------------------------------------------------------------------------
    def set_period(self, year: int, month: int, unit: str | None = None) -> None:
        self.year, self.month, self.unit = year, month, unit
        self.reload()

    def reload(self) -> None:
        """Rebuild the month's report; keep the rows in place when the same projects are shown."""
        report = build_report(self.store, self.year, self.month, ReportFilter(unit=self.unit) if self.unit else None)
        lines = report.lines
        same = [l.project.id for l in lines] == [l.project.id for l in self.lines]
        if not same:
            self.beginResetModel()
        self.report, self.lines = report, lines
        self._warnings = [warnings_for(l, self.month) if l.reported or l.to_verify else [] for l in lines]
        # this month's texts of projects with no figure yet: shown, while the amounts stay empty (未报)
        self._texts_only = {f.project_id: f for f in self.store.figures(self.year, self.month) if not f.given}
        self._last_progress = None       # read when a tooltip or 沿用上月 needs it, not on every keystroke
        self._photos = month_thumbs(self.store, self.year, self.month)    # project → (first thumbnail, count)
        self._icons: dict[int, QPixmap] = {}
        if same:
            if lines:
                self.dataChanged.emit(self.index(0, 0), self.index(len(lines) - 1, len(self.columns) - 1))
            self.headerDataChanged.emit(Qt.Horizontal, 0, len(self.columns) - 1)
        else:
            self.endResetModel()

    def photo_icon(self, project_id: int) -> QPixmap | None:
        """The month's first 形象进度 photo, row-high, beside the project's name (made once per reload)."""
        if project_id not in self._photos:
            return None
        if project_id not in self._icons:
            pix = QPixmap()
            pix.loadFromData(self._photos[project_id][0])
            self._icons[project_id] = pix.scaledToHeight(20, Qt.TransformationMode.SmoothTransformation)
        return self._icons[project_id]

    def photo_count(self, project_id: int) -> int:
        return self._photos.get(project_id, (b"", 0))[1]

    def last_progress(self, project_id: int) -> str:
        """Last month's 形象进度 (the latest reported before this month)."""
        if self._last_progress is None:
            self._last_progress = {f.project_id: f.progress for f in self.store.latest_figures(self.year, self.month)
                                   if f.month < self.month and f.progress}
        return self._last_progress.get(project_id, "")

    # ---- Qt model interface -------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def column_label(self, col: EntryColumn) -> str:
        return col.label.replace("M", str(self.month))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Horizontal:
            col = self.columns[section]
            # two lines: the unit under the label, 日期 under 实际开工, keep figures and dates narrow
            if col.kind == "date":
                return self.column_label(col).replace("日期", "\n日期")
            return self.column_label(col) + ("\n（万元）" if col.kind == "money" or col.key in ("plan", "prev_ytd") else "")
        return str(section + 1)

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        f = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if index.isValid() and self.columns[index.column()].kind != "readonly":
            f |= Qt.ItemIsEditable
        return f

    def text(self, row: int, key: str, for_edit: bool = False) -> str:
        """A cell as shown (thousands separators) or as edited and copied (plain digits)."""
        line = self.lines[row]
        p = line.project
        money = lambda fen: fmt_wan(fen, thousands=not for_edit)  # noqa: E731
        if key == "name":
            return p.name
        if key == "unit":
            return p.unit
        if key == "plan":
            return money(line.plan)
        if key == "prev_ytd":          # unknown (no earlier month stored) is "—", never 0.00
            return "—" if line.prev_ytd is None else money(line.prev_ytd)
        if key in ("actual_start", "actual_finish"):
            return getattr(p, key) or ""
        if not line.reported:          # 未报: the month's amounts are empty until the unit reports
            texts = self._texts_only.get(p.id)
            return getattr(texts, key, "") or "" if key in TEXT_KEYS else ""
        if key in ("month_amount", "ytd", "since_start", "funds_received"):
            value = getattr(line, key)     # None: unknown (no 本月 and no last month's 累计) shows empty
            return "" if value is None else money(value)
        return getattr(line, key, "") or ""

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), self.columns[index.column()]
        line = self.lines[row]
        warns = self._warnings[row]
        if role == Qt.DisplayRole:
            t = self.text(row, col.key)
            return WARN_MARK + t if col.key == "name" and warns else t
        if role == Qt.EditRole:
            return self.text(row, col.key, for_edit=True)
        if role == Qt.DecorationRole and col.key == "name":
            return self.photo_icon(line.project.id)  # type: ignore[arg-type]
        if role == Qt.ToolTipRole:
            if warns:
                return "请核对：\n" + "\n".join(warns)
            if col.key == "name" and self.photo_count(line.project.id):  # type: ignore[arg-type]
                return f"本月有{self.photo_count(line.project.id)}张形象进度照片（在项目卡片的“照片”页查看）"  # type: ignore[arg-type]
            if not line.reported:
                last = self.last_progress(line.project.id)  # type: ignore[arg-type]
                return f"{self.month}月未报" + (f"\n上月形象进度：{last}" if last else "")
            if col.kind == "text":
                return self.text(row, col.key) or None
            return None
        if role == Qt.BackgroundRole:
            if warns:
                return QBrush(WARN_BG)
            if col.kind == "readonly":
                return QBrush(READONLY_BG)
            return None
        if role == Qt.ForegroundRole and not line.reported and col.key in ("name", "unit"):
            return QBrush(NOT_REPORTED_FG)
        if role == Qt.TextAlignmentRole:
            if col.kind == "money" or col.key in ("plan", "prev_ytd"):
                return int(Qt.AlignRight | Qt.AlignVCenter)
            return int(Qt.AlignLeft | Qt.AlignVCenter)
        return None

    def setData(self, index: QModelIndex, value, role: int = Qt.EditRole) -> bool:
        if role != Qt.EditRole or not index.isValid() or not (self.flags(index) & Qt.ItemIsEditable):
            return False
        col = self.columns[index.column()]
        text = "" if value is None else str(value)
        if text == self.text(index.row(), col.key, for_edit=True):
            return False
        line = self.lines[index.row()]
        return self.apply([CellChange(line.project.id, col.key, text)],
                          f"录入「{line.name}」{self.month}月{self.column_label(col)}")

    # ---- changes ------------------------------------------------------------------------------------
    def warnings(self, row: int) -> list[str]:
        return list(self._warnings[row])

    def project_id(self, row: int) -> int:
        return self.lines[row].project.id  # type: ignore[return-value]

    def apply(self, changes: list[CellChange], label: str) -> bool:
        """Store the cells as one undoable step; on a bad value show why and store nothing."""
        if not changes:
            return False
        try:
            n = apply_cells(self.store, self.year, self.month, changes, label)
        except UserError as exc:
            self.error.emit(str(exc))
            return False
        self.reload()
        if n:
            self.stored.emit(label)
        return bool(n)

    def carry_progress(self, rows: list[int]) -> bool:
        """Put last month's 形象进度 into the month's empty 形象进度 cells of the rows (a starting text).

        Rows whose unit has not reported yet are left alone: a carried text must not make a project look
        reported and drop it from the 未报 list."""
        changes, waiting = [], 0
        for r in rows:
            pid = self.project_id(r)
            last = self.last_progress(pid)
            if not last or self.text(r, "progress"):
                continue
            if not self.lines[r].reported:
                waiting += 1
                continue
            changes.append(CellChange(pid, "progress", last))
        later = (f"{waiting}个项目本月尚未报数，未沿用（先填本月完成或标为本月无进展；也可在形象进度格按 F2，"
                 "以上月的文字为起点修改）") if waiting else ""
        if not changes:
            self.error.emit(later or "所选项目没有可沿用的上月形象进度（或本月已填写）")
            return False
        ok = self.apply(changes, f"沿用上月形象进度（{len(changes)}个项目）")
        if ok and later:
            self.error.emit(f"已沿用{len(changes)}个项目的上月形象进度；另有{later}")
        return ok


def parse_block(text: str) -> list[list[str]]:
    """Tab-separated text as Excel and WPS put it on the clipboard (quoted cells may hold line breaks)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    if '"' in text:
        rows = list(csv.reader(io.StringIO(text), delimiter="\t", quotechar='"'))
    else:
        rows = [line.split("\t") for line in text.split("\n")]
    return rows


def block_text(rows: list[list[str]]) -> str:
    """The reverse: rows → tab-separated text that Excel pastes cell by cell."""
    def cell(s: str) -> str:
        return '"' + s.replace('"', '""') + '"' if any(c in s for c in '\t\n"') else s
    return "".join("\t".join(cell(c) for c in r) + "\r\n" for r in rows)


class EntryDelegate(QStyledItemDelegate):
    """Opens an empty 形象进度 cell (F2, double-click) with last month's text to edit; a typed key still replaces."""

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        super().setEditorData(editor, index)
        m = index.model()
        if isinstance(m, EntryModel) and isinstance(editor, QLineEdit) and not editor.text() \
                and m.columns[index.column()].key == "progress":
            last = m.last_progress(m.project_id(index.row()))
            if last:
                editor.setText(last)
                editor.setToolTip("上月的形象进度，改成本月的情况后按 Enter 保存；Esc 放弃")


class EntryView(QTableView):
    """Excel habits: typing replaces, Enter moves down, Tab right, Ctrl+V pastes a block, Ctrl+D fills down,
    Delete clears, Ctrl+Z / Ctrl+Y undo and redo — each paste, fill or clear is one undoable step."""

    undone = Signal(str)          # "已撤销：…" / "已重做：…" / "没有可撤销的操作"

    OWN_KEYS = (QKeySequence.Paste, QKeySequence.Copy, QKeySequence.Undo, QKeySequence.Redo, QKeySequence.Delete)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(EntryDelegate(self))
        self.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                             | QAbstractItemView.AnyKeyPressed)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        self.verticalHeader().setDefaultSectionSize(24)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.horizontalHeader().setStretchLastSection(False)

    def entry_model(self) -> EntryModel:
        return self.model()  # type: ignore[return-value]

    # ---- keys ---------------------------------------------------------------------------------------
    def _is_own(self, e: QKeyEvent) -> bool:
        if any(e.matches(k) for k in self.OWN_KEYS):
            return True
        if e.key() == Qt.Key_Y and e.modifiers() == Qt.ControlModifier:
            return True
        return e.key() == Qt.Key_D and e.modifiers() == Qt.ControlModifier or e.key() == Qt.Key_Backspace

    def event(self, e: QEvent) -> bool:
        # the grid's own Ctrl+Z/V/D win over a window-wide shortcut while the grid has the focus
        if e.type() == QEvent.ShortcutOverride and self.state() != QAbstractItemView.EditingState \
                and self._is_own(e):  # type: ignore[arg-type]
            e.accept()
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.EditingState:
            key, mods = e.key(), e.modifiers()
            if key in (Qt.Key_Return, Qt.Key_Enter) and not mods & ~Qt.KeypadModifier:
                self.move_by(1, 0)
                return
            if key in (Qt.Key_Return, Qt.Key_Enter) and mods == Qt.ShiftModifier:
                self.move_by(-1, 0)
                return
            if key == Qt.Key_Tab and not mods:
                self.tab_by(1)
                return
            if key == Qt.Key_Backtab:
                self.tab_by(-1)
                return
            if e.matches(QKeySequence.Paste):
                self.paste()
                return
            if e.matches(QKeySequence.Copy):
                self.copy()
                return
            if e.matches(QKeySequence.Undo):
                self.undo()
                return
            if e.matches(QKeySequence.Redo) or (key == Qt.Key_Y and mods == Qt.ControlModifier):
                self.redo()
                return
            if key == Qt.Key_D and mods == Qt.ControlModifier:
                self.fill_down()
                return
            if key in (Qt.Key_Delete, Qt.Key_Backspace) and not mods:
                self.clear_cells()
                return
        super().keyPressEvent(e)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        # like Excel: Enter stores and goes down, Tab stores and goes right, neither opens the next editor
        super().closeEditor(editor, QAbstractItemDelegate.NoHint)
        if hint == QAbstractItemDelegate.SubmitModelCache:
            self.move_by(1, 0)
        elif hint == QAbstractItemDelegate.EditNextItem:
            self.tab_by(1)
        elif hint == QAbstractItemDelegate.EditPreviousItem:
            self.tab_by(-1)

    def move_by(self, drow: int, dcol: int) -> None:
        m = self.model()
        cur = self.currentIndex()
        if m is None or m.rowCount() == 0:
            return
        row = min(max((cur.row() if cur.isValid() else 0) + drow, 0), m.rowCount() - 1)
        col = min(max((cur.column() if cur.isValid() else 0) + dcol, 0), m.columnCount() - 1)
        self.setCurrentIndex(m.index(row, col))

    def first_editable(self) -> int:
        m = self.entry_model()
        return next(i for i, c in enumerate(m.columns) if c.kind != "readonly")

    def tab_by(self, step: int) -> None:
        """Tab / Shift+Tab as in Excel: along the row, from the row's end to the next row's first editable cell
        (and back); past the last cell of the last row the keyboard leaves the grid instead of being trapped."""
        m = self.model()
        cur = self.currentIndex()
        if m is None or m.rowCount() == 0 or not cur.isValid():
            self.move_by(0, step)
            return
        row, col, last = cur.row(), cur.column(), m.columnCount() - 1
        first = self.first_editable()
        if step > 0 and col >= last:
            if row + 1 < m.rowCount():
                self.setCurrentIndex(m.index(row + 1, first))
            else:       # QWidget's own move: the view's would come back here as a Tab key
                QWidget.focusNextPrevChild(self, True)
        elif step < 0 and col <= first:
            if row > 0:
                self.setCurrentIndex(m.index(row - 1, last))
            else:
                QWidget.focusNextPrevChild(self, False)
        else:
            self.move_by(0, step)

    # ---- selection helpers --------------------------------------------------------------------------
    def selected_cells(self) -> list[tuple[int, int]]:
        idx = self.selectionModel().selectedIndexes() if self.selectionModel() else []
        cells = sorted({(i.row(), i.column()) for i in idx})
        if not cells and self.currentIndex().isValid():
            cells = [(self.currentIndex().row(), self.currentIndex().column())]
        return cells

    def selected_rows(self) -> list[int]:
        return sorted({r for r, _ in self.selected_cells()})

    # ---- clipboard and block edits --------------------------------------------------------------------
    def copy(self) -> None:
        cells = self.selected_cells()
        if not cells:
            return
        m = self.entry_model()
        rows = sorted({r for r, _ in cells})
        cols = sorted({c for _, c in cells})
        have = set(cells)
        block = [[m.text(r, m.columns[c].key, for_edit=True) if (r, c) in have else "" for c in cols] for r in rows]
        QGuiApplication.clipboard().setText(block_text(block))

    def paste(self, text: str | None = None) -> bool:
        """Paste a block copied from Excel/WPS at the current cell, as one undoable step.

        A block whose first column holds project names, pasted onto the 项目名称 column, is matched by name;
        otherwise rows follow the grid's order. One value pasted onto a selection fills all of it.
        """
        m = self.entry_model()
        block = parse_block(QGuiApplication.clipboard().text() if text is None else text)
        if not block or m.rowCount() == 0:
            return False
        cur = self.currentIndex()
        r0, c0 = (cur.row(), cur.column()) if cur.isValid() else (0, 0)
        cells = self.selected_cells()
        if cells:
            r0, c0 = min(r for r, _ in cells), min(c for _, c in cells)
        changes: list[CellChange] = []
        skipped = 0
        if len(block) == 1 and len(block[0]) == 1 and len(cells) > 1:
            for r, c in cells:
                col = m.columns[c]
                if col.kind != "readonly":
                    changes.append(CellChange(m.project_id(r), col.key, block[0][0]))
        else:
            by_name = self._rows_by_name(block) if m.columns[c0].key == "name" else None
            for i, values in enumerate(block):
                r = by_name[i] if by_name is not None else r0 + i
                if r is None or r >= m.rowCount():
                    skipped += any(v.strip() for v in values)
                    continue
                for j, v in enumerate(values):
                    c = c0 + j
                    if c >= m.columnCount():
                        break
                    col = m.columns[c]
                    if col.kind != "readonly":
                        changes.append(CellChange(m.project_id(r), col.key, v))
        if not changes:
            m.error.emit("粘贴的位置都是只读列（项目名称、责任单位、年度计划、上月累计），没有可保存的内容")
            return False
        ok = m.apply(changes, f"粘贴{len(block)}行×{max(len(b) for b in block)}列（{m.month}月）")
        if ok and skipped:
            m.error.emit(f"已粘贴；另有{skipped}行超出表格或找不到同名项目，未保存")
        if ok:
            last_r = (r0 + len(block) - 1) if not (len(block) == 1 and len(cells) > 1) else r0
            self._select_block(r0, c0, min(last_r, m.rowCount() - 1),
                               min(c0 + max(len(b) for b in block) - 1, m.columnCount() - 1))
        return ok

    def _rows_by_name(self, block: list[list[str]]) -> list[int | None] | None:
        m = self.entry_model()
        names = {}
        for r in range(m.rowCount()):
            names.setdefault(m.lines[r].name.strip(), r)
        found = [names.get(values[0].strip()) for values in block]
        return found if sum(f is not None for f in found) >= max(1, len(block) // 2) else None

    def _select_block(self, r0: int, c0: int, r1: int, c1: int) -> None:
        m = self.model()
        sel = self.selectionModel()
        sel.setCurrentIndex(m.index(r0, c0), QItemSelectionModel.NoUpdate)
        from PySide6.QtCore import QItemSelection
        sel.select(QItemSelection(m.index(r0, c0), m.index(r1, c1)), QItemSelectionModel.ClearAndSelect)

    def fill_down(self) -> bool:
        """Ctrl+D: each selected column takes the value of its top selected cell."""
        m = self.entry_model()
        cells = self.selected_cells()
        cols: dict[int, list[int]] = {}
        for r, c in cells:
            cols.setdefault(c, []).append(r)
        changes = []
        for c, rows in cols.items():
            col = m.columns[c]
            if col.kind == "readonly" or len(rows) < 2:
                continue
            top = m.text(rows[0], col.key, for_edit=True)
            changes += [CellChange(m.project_id(r), col.key, top) for r in rows[1:]]
        if not changes:
            m.error.emit("向下填充：请先选中一列中的几个单元格（第一个是要复制的值）")
            return False
        return m.apply(changes, f"向下填充{len(changes)}个单元格（{m.month}月）")

    def clear_cells(self) -> bool:
        m = self.entry_model()
        changes = [CellChange(m.project_id(r), m.columns[c].key, "") for r, c in self.selected_cells()
                   if m.columns[c].kind != "readonly" and m.text(r, m.columns[c].key, for_edit=True)]
        if not changes:
            return False
        return m.apply(changes, f"清除{len(changes)}个单元格（{m.month}月）")

    def undo(self) -> None:
        self._replay(self.entry_model().store.undo, "撤销", "没有可撤销的操作")

    def redo(self) -> None:
        self._replay(self.entry_model().store.redo, "重做", "没有可重做的操作")

    def _replay(self, action, word: str, nothing: str) -> None:
        m = self.entry_model()
        try:
            label = action()
        except UserError as exc:
            m.error.emit(str(exc))
            return
        m.reload()
        if label is None:
            m.error.emit(nothing)
        else:
            m.stored.emit(f"已{word}：{label}")
