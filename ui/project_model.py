"""The project list as a Qt table model over the month's report lines, and a proxy that searches by name,
unit or pinyin initials ("yjx" finds 尹集乡) and filters by unit, category, nature, flag, band and status."""
from __future__ import annotations

from typing import Any, Callable

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

# what each column shows of a line: only the cell asked for is formatted (a screenful is ~400 cells, each asked
# for several roles)
SHOWN: tuple[Callable[[ProjectLine], str], ...] = (
    lambda l: f"{VERIFY_MARK}{l.project.name}" if l.to_verify else l.project.name,
    lambda l: l.project.unit, lambda l: l.project.leader, lambda l: l.project.category, lambda l: l.project.nature,
    lambda l: "、".join(l.project.flag_names()), lambda l: fmt_wan(l.project.total_investment, True),
    lambda l: fmt_wan(l.plan, True), lambda l: fmt_wan(l.ytd, True), lambda l: fmt_pct(l.completion, empty="—"),
    lambda l: l.band.value, lambda l: "", lambda l: l.status, lambda l: l.problem)
# the roles asked for on every paint, looked up once (an enum member's lookup costs more than the comparison)
DISPLAY, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
ALIGN, FOREGROUND, BACKGROUND = (Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole,
                                 Qt.ItemDataRole.BackgroundRole)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ARCHIVED = QColor("#888888")


class ProjectTableModel(QAbstractTableModel):
    """One row per project that passes the filters; figures as the report computed them (never recomputed here).

    Filtering happens here, in one pass over precomputed search texts, rather than in the proxy's per-row
    callback: with 10,000 projects a keystroke costs a few milliseconds instead of a hundred."""

    CRITERIA = ("text", "unit", "band", "category", "nature", "flag", "status", "show_archived", "to_verify")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.all_lines: list[ProjectLine] = []
        self._haystacks: list[str] | None = []
        self._initials: Callable[[], dict[int, str]] = dict
        self.lines: list[ProjectLine] = []
        self.lights = None          # models.lights.LazyLights: a project's lights computed when first drawn
        self.text = ""
        self.unit = self.band = self.category = self.nature = self.status = ""
        self.flag = ""              # FLAGS code name, e.g. "is_city_key"
        self.show_archived = False
        self.to_verify = False      # only the projects whose month is 待核实

    def set_report(self, report: MonthlyReport, initials: Callable[[], dict[int, str]], lights=None) -> None:
        """Show the report's lines; `initials()` gives each project's pinyin initials, asked for at the first search
        (the list is on screen sooner; a change to the 台账 sets a new report, so they are never stale)."""
        self.all_lines = list(report.lines)
        self._initials = initials
        self._haystacks = None
        self.lights = lights
        self._apply()

    @property
    def haystacks(self) -> list[str]:
        """Name, unit, leader and pinyin initials in one lower-case text per project; "\n" keeps fields apart."""
        if self._haystacks is None:
            initials = self._initials()
            self._haystacks = ["\n".join((l.project.name, l.project.unit, l.project.leader,
                                           initials.get(l.project.id or 0, ""))).lower() for l in self.all_lines]
        return self._haystacks

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
        if self.text:
            self.lines = [l for l, h in zip(self.all_lines, self.haystacks) if self._accepts(l, h)]
        else:       # no search text: the haystacks are not needed (nor made)
            self.lines = [l for l in self.all_lines if self._accepts(l, "")]
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
        if role == DISPLAY:
            return SHOWN[col](line)
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
            return SHOWN[col](line)
        if role == ID_ROLE:
            return p.id
        if role == LIGHTS_ROLE and col == LIGHTS_COLUMN:
            return self.lights.of(p.id) if self.lights else None
        if role == ALIGN and col in NUMERIC:
            return RIGHT
        if role == FOREGROUND and p.archived:
            return QBrush(ARCHIVED)
        if role == BACKGROUND and line.light in LIGHTS:
            return QBrush(LIGHTS[line.light])
        if role == TOOLTIP:
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
