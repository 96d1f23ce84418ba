"""The charts on screen: the exporters' chart data painted by the same painter as the docx, a click on a unit's bar
chooses that unit; and a project's pictures on its card (its lights month by month and its 累计 curve)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from exporters.charts import BarChart, Chart, band_chart, paint_chart, trend_chart, unit_chart
from models.lights import lights_of
from models.report import MonthlyReport
from models.trend import Trend, load_project_year, month_reports, project_trend

from .lights_view import DotsRow


def _family() -> str:
    from exporters.project_list import cjk_font

    try:
        return cjk_font()
    except Exception:      # no Chinese font: draw with the default one rather than not at all
        return ""


class ChartView(QWidget):
    """One chart; `bar_clicked(key)` when a bar is clicked (the unit's name for the 完成率 chart)."""

    bar_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.hits: list = []
        self.selected = ""
        self.family = _family()
        self.setMinimumSize(260, 170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def set_chart(self, chart: Chart | None, selected: str = "") -> None:
        self.chart, self.selected = chart, selected
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 220)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        if self.chart is None:
            return
        self.hits = paint_chart(self.chart, painter, QRectF(self.rect()).adjusted(4, 2, -4, -2), self.family,
                                self.logicalDpiY())
        for h in self.hits:
            if h.key == self.selected:         # the unit the lists are filtered to
                painter.fillRect(h.rect, QColor(255, 200, 0, 70))
                painter.setPen(QPen(QColor("#b07800"), 1.5))
                painter.drawRect(h.rect)
        painter.end()

    def hit_at(self, pos: QPointF) -> str:
        return next((h.key for h in self.hits if h.rect.contains(pos)), "")

    def mouseMoveEvent(self, event) -> None:
        clickable = bool(self.receivers(self.bar_clicked)) and bool(self.hit_at(event.position()))
        self.setCursor(Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor)

    def mousePressEvent(self, event) -> None:
        key = self.hit_at(event.position())
        if key and event.button() == Qt.MouseButton.LeftButton:
            self.bar_clicked.emit(key)


def bar_chart_height(chart: BarChart, line: int) -> int:
    """Pixels a bar chart needs for every label to stand clear of the next: a line and a bit per bar, plus the
    title, the legend and the axis."""
    return max(170, int(line * (4.5 + 1.3 * len(chart.bars))))


class ChartsPane(QWidget):
    """完成率 by unit, the bands and the year's 累计 side by side; `unit_clicked(name)` ('' to show all again)."""

    unit_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        self.units, self.bands, self.trend = ChartView(), ChartView(), ChartView()
        # a district has 20–30 units: each bar keeps a readable height and the chart scrolls within its pane
        self.unit_scroll = QScrollArea()
        self.unit_scroll.setWidgetResizable(True)
        self.unit_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.unit_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.unit_scroll.setWidget(self.units)
        for view, stretch in ((self.unit_scroll, 4), (self.bands, 3), (self.trend, 4)):
            lay.addWidget(view, stretch)
        self.units.setToolTip("点击某个单位的条形，只看该单位的项目；再点一次显示全部")
        self.units.bar_clicked.connect(self._clicked)
        self.selected = ""

    def set_report(self, report: MonthlyReport, trend: Trend | None, selected: str = "") -> None:
        self.selected = selected
        chart = unit_chart(report)
        self.units.set_chart(chart, selected)
        self.units.setMinimumHeight(bar_chart_height(chart, self.units.fontMetrics().height()))
        self.bands.set_chart(band_chart(report))
        self.trend.set_chart(trend_chart(trend) if trend is not None else None)

    def _clicked(self, unit: str) -> None:
        self.selected = "" if unit == self.selected else unit
        self.units.set_chart(self.units.chart, self.selected)
        self.unit_clicked.emit(self.selected)


class ProjectPictures(QWidget):
    """The card's pictures: the project's lights month by month and its 累计 against its 分月计划 (or 序时 line),
    through the month of its latest figure."""

    def __init__(self, store, project_id: int, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        data = load_project_year(store, project_id, year)
        months = [f.month for f in data.figures] if data is not None else []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.lights: list[str] = []
        self.chart = None
        if not months:
            return
        month = max(months)
        reports = month_reports(data, month)
        self.lights = lights_of(reports).of(project_id)
        row = QHBoxLayout()
        row.addWidget(QLabel(f"{year}年逐月亮灯："))
        self.dots = DotsRow(self.lights)
        row.addWidget(self.dots)
        row.addStretch(1)
        lay.addLayout(row)
        self.view = ChartView()
        self.view.setMinimumHeight(200)
        trend = project_trend(data, project_id, month, reports)
        self.chart = trend_chart(trend) if trend is not None else None
        self.view.set_chart(self.chart)
        lay.addWidget(self.view)
