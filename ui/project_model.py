"""The project list as a Qt table model over the month's report lines, and a proxy that searches by name,
unit or pinyin initials ("yjx" finds 尹集乡) and filters by unit, category, nature, flag, band and status."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from models.money import fmt_pct, fmt_wan
from models.report import Figures, MonthlyReport, ProjectLine, shown_figures
from models.verify import MARK

COLUMNS = ("项目名称", "责任单位", "包保领导", "项目类别", "建设性质", "级别", "总投资", "年度计划", "累计完成", "完成率%",
           "进度", "逐月亮灯", "项目状态", "存在问题")
LIGHTS_COLUMN = 11
NUMERIC = {6, 7, 8, 9}
LIGHTS = {"红灯": QColor("#fde2e1"), "黄灯": QColor("#fff4cc")}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
LIGHTS_ROLE = Qt.ItemDataRole.UserRole + 3     # the project's lights for months 1…M (models.lights)
VERIFY_MARK = "⚠ "          # 待核实: the reasons are in the tooltip


class ProjectTableModel(QAbstractTableModel):
    """One row per project that passes the filters; figures as the report computed them (never recomputed here).

    Filtering happens here, in one pass over precomputed search texts, rather than in the proxy's per-row
    callback: with 10,000 projects a keystroke costs a few milliseconds instead of a hundred."""

    CRITERIA = ("text", "unit", "band", "category", "nature", "flag", "status", "show_archived", "to_verify")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.all_lines: list[ProjectLine] = []
        self.haystacks: list[str] = []
        self.lines: list[ProjectLine] = []
        self.initials: dict[int, str] = {}
        self.lights = None          # models.lights.LazyLights: a project's lights computed when first drawn
        self.text = ""
        self.unit = self.band = self.category = self.nature = self.status = ""
        self.flag = ""              # FLAGS code name, e.g. "is_city_key"
        self.show_archived = False
        self.to_verify = False      # only the projects whose month is 待核实

    def set_report(self, report: MonthlyReport, initials: dict[int, str], lights=None) -> None:
        self.all_lines = list(report.lines)
        self.initials = initials
        self.lights = lights
        # name, unit, leader and pinyin initials in one lower-case text per project; "\n" keeps fields apart
        self.haystacks = ["\n".join((l.project.name, l.project.unit, l.project.leader,
                                      initials.get(l.project.id, ""))).lower() for l in self.all_lines]
        self._apply()

    def set_filter(self, **values: object) -> None:
        """Set any of text, unit, band, category, nature, flag, status, show_archived ("" = all); refilter once."""
        for key, value in values.items():
            if key not in self.CRITERIA:
                raise AttributeError(key)
            setattr(self, key, value.strip().lower() if key == "text" else value)
        self._apply()

    def _accepts(self, line: ProjectLine, hay: str) -> bool:
        p = line.project
        return ((self.show_archived or not p.archived)
                and (not self.unit or p.unit == self.unit)
                and (not self.band or line.band.value == self.band)
                and (not self.category or p.category == self.category)
                and (not self.nature or p.nature == self.nature)
                and (not self.flag or bool(getattr(p, self.flag, False)))
                and (not self.status or line.status == self.status)
                and (not self.to_verify or bool(line.to_verify))
                and (not self.text or self.text in hay))

    def _apply(self) -> None:
        self.beginResetModel()
        self.lines = [l for l, h in zip(self.all_lines, self.haystacks) if self._accepts(l, h)]
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
            if col == 0 and line.to_verify:
                return f"{VERIFY_MARK}{p.name}"
            return (p.name, p.unit, p.leader, p.category, p.nature, "、".join(p.flag_names()),
                    fmt_wan(p.total_investment, True), fmt_wan(line.plan, True), fmt_wan(line.ytd, True),
                    fmt_pct(line.completion, empty="—"), line.band.value, "", line.status, line.problem)[col]
        if role == SORT_ROLE:
            if col == 6:
                return p.total_investment
            if col == 7:
                return line.plan
            if col == 8:
                return line.ytd
            if col == 9:
                return float(line.completion) if line.completion is not None else -1.0
            if col == LIGHTS_COLUMN:        # the most red months first when sorted high to low
                seq = self.lights.all().get(p.id, []) if self.lights else []
                return (seq.count("红灯") * 100 + seq.count("黄灯")) * 100 + (seq[-1:] == ["红灯"])
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == ID_ROLE:
            return p.id
        if role == LIGHTS_ROLE and col == LIGHTS_COLUMN:
            return self.lights.of(p.id) if self.lights else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and p.archived:
            return QBrush(QColor("#888888"))
        if role == Qt.ItemDataRole.BackgroundRole and line.light in LIGHTS:
            return QBrush(LIGHTS[line.light])
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == LIGHTS_COLUMN and self.lights and self.lights.of(p.id):
                return "逐月亮灯（●绿灯 ▲黄灯 ■红灯）：\n" + "　".join(
                    f"{m}月{l or '—'}" for m, l in enumerate(self.lights.of(p.id), 1))
            tip = [f"{p.name}（{p.unit}）", f"进度：{line.band.value}"]
            tip += [f"{MARK}：{why}" for why in line.to_verify]
            if line.light:
                tip.append(f"{line.light}")
            if line.problem:
                tip.append(f"存在问题：{line.problem}")
            return "\n".join(tip)
        return None


class ProjectFilter(QSortFilterProxyModel):
    """Sorting (numbers as numbers); the search box and filters are passed to the source model."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def _model(self) -> ProjectTableModel:
        return self.sourceModel()  # type: ignore[return-value]

    def set_search(self, text: str) -> None:
        self._model().set_filter(text=text)

    def set_filter(self, **values: object) -> None:
        self._model().set_filter(**values)

    def set_unit(self, unit: str) -> None:
        self.set_filter(unit=unit)

    def set_band(self, band: str) -> None:
        self.set_filter(band=band)

    def shown_lines(self) -> list[ProjectLine]:
        return list(self._model().lines)

    def shown_figures(self, month: int) -> Figures:
        """Sums of the rows that pass the filters, added up by the report's own Figures."""
        return shown_figures(self._model().lines, month)
