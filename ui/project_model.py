"""The project list as a Qt table model over the month's report lines, and a proxy that searches by name,
unit or pinyin initials ("yjx" finds 尹集乡) and filters by unit, category, nature, flag, band and status."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from models.money import fmt_pct, fmt_wan
from models.report import Figures, MonthlyReport, ProjectLine

COLUMNS = ("项目名称", "责任单位", "包保领导", "项目类别", "建设性质", "级别", "总投资", "年度计划", "累计完成", "完成率%",
           "进度", "项目状态", "存在问题")
NUMERIC = {6, 7, 8, 9}
LIGHTS = {"红灯": QColor("#fde2e1"), "黄灯": QColor("#fff4cc")}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class ProjectTableModel(QAbstractTableModel):
    """One row per project on the year's list; figures as the report computed them (never recomputed here)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.lines: list[ProjectLine] = []
        self.initials: dict[int, str] = {}

    def set_report(self, report: MonthlyReport, initials: dict[int, str]) -> None:
        self.beginResetModel()
        self.lines = list(report.lines)
        self.initials = initials
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)
        return None

    def line(self, row: int) -> ProjectLine:
        return self.lines[row]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        col = index.column()
        p = line.project
        if role == Qt.ItemDataRole.DisplayRole:
            return (p.name, p.unit, p.leader, p.category, p.nature, "、".join(p.flag_names()),
                    fmt_wan(p.total_investment, True), fmt_wan(line.plan, True), fmt_wan(line.ytd, True),
                    fmt_pct(line.completion, empty="—"), line.band.value, p.status, line.problem)[col]
        if role == SORT_ROLE:
            if col == 6:
                return p.total_investment
            if col == 7:
                return line.plan
            if col == 8:
                return line.ytd
            if col == 9:
                return float(line.completion) if line.completion is not None else -1.0
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == ID_ROLE:
            return p.id
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and p.archived:
            return QBrush(QColor("#888888"))
        if role == Qt.ItemDataRole.BackgroundRole and line.light in LIGHTS:
            return QBrush(LIGHTS[line.light])
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = [f"{p.name}（{p.unit}）", f"进度：{line.band.value}"]
            if line.light:
                tip.append(f"{line.light}")
            if line.problem:
                tip.append(f"存在问题：{line.problem}")
            return "\n".join(tip)
        return None


class ProjectFilter(QSortFilterProxyModel):
    """Search box and filters; numbers sort as numbers."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = ""
        self.unit = ""
        self.band = ""
        self.category = ""
        self.nature = ""
        self.flag = ""          # FLAGS code name, e.g. "is_city_key"
        self.status = ""
        self.show_archived = False
        self.setSortRole(SORT_ROLE)

    def _refilter(self, change) -> None:
        """Apply a filter change; Qt 6.9+ wants begin/endFilterChange around it, older Qt invalidateFilter."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateFilter()

    def set_search(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "text", text.strip().lower()))

    def set_filter(self, **values: object) -> None:
        """Set any of unit, band, category, nature, flag, status, show_archived ("" = all) and refilter once."""
        for key in values:
            if not hasattr(self, key):
                raise AttributeError(key)
        self._refilter(lambda: [setattr(self, k, v) for k, v in values.items()])

    def set_unit(self, unit: str) -> None:
        self.set_filter(unit=unit)

    def set_band(self, band: str) -> None:
        self.set_filter(band=band)

    def shown_lines(self) -> list[ProjectLine]:
        model: ProjectTableModel = self.sourceModel()  # type: ignore[assignment]
        return [model.line(self.mapToSource(self.index(r, 0)).row()) for r in range(self.rowCount())]

    def shown_figures(self, month: int) -> Figures:
        """Sums of the rows that pass the filters, added up by the report's own Figures."""
        fig = Figures("所显示", month)
        for line in self.shown_lines():
            fig.add(line)
        return fig

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        model: ProjectTableModel = self.sourceModel()  # type: ignore[assignment]
        line = model.line(row)
        p = line.project
        if p.archived and not self.show_archived:
            return False
        if self.unit and p.unit != self.unit:
            return False
        if self.band and line.band.value != self.band:
            return False
        if self.category and p.category != self.category:
            return False
        if self.nature and p.nature != self.nature:
            return False
        if self.flag and not getattr(p, self.flag, False):
            return False
        if self.status and p.status != self.status:
            return False
        if not self.text:
            return True
        t = self.text
        return (t in p.name.lower() or t in p.unit.lower() or t in p.leader.lower()
                or any(part.startswith(t) or t in part for part in model.initials.get(p.id, "").split()))
