"""The charts on screen: the exporters' chart data painted by the same painter as the docx, a click on a unit's bar
chooses that unit; and the lights month by month as a row of dots."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QStyledItemDelegate, QVBoxLayout, QWidget

from exporters.charts import Chart, band_chart, paint_chart, trend_chart, unit_chart
from models.lights import GREEN, lights_of
from models.report import MonthlyReport
from models.rules import RED, YELLOW
from models.trend import Trend, load_project_year, month_reports, project_trend


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


class ChartsPane(QWidget):
    """完成率 by unit, the bands and the year's 累计 side by side; `unit_clicked(name)` ('' to show all again)."""

    unit_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        self.units, self.bands, self.trend = ChartView(), ChartView(), ChartView()
        for view, stretch in ((self.units, 4), (self.bands, 3), (self.trend, 4)):
            lay.addWidget(view, stretch)
        self.units.setToolTip("点击某个单位的条形，只看该单位的项目；再点一次显示全部")
        self.units.bar_clicked.connect(self._clicked)
        self.selected = ""

    def set_report(self, report: MonthlyReport, trend: Trend | None, selected: str = "") -> None:
        self.selected = selected
        self.units.set_chart(unit_chart(report), selected)
        self.bands.set_chart(band_chart(report))
        self.trend.set_chart(trend_chart(trend) if trend is not None else None)

    def _clicked(self, unit: str) -> None:
        self.selected = "" if unit == self.selected else unit
        self.units.set_chart(self.units.chart, self.selected)
        self.unit_clicked.emit(self.selected)


# ---- lights as dots ---------------------------------------------------------------------------------------

DOT_COLOURS = {GREEN: "#2e8b57", YELLOW: "#e0a800", RED: "#c0392b"}


def paint_dots(painter: QPainter, rect: QRectF, lights: list[str], size: float = 0.0) -> None:
    """One mark a month, left to right: 绿 a filled dot, 黄 a triangle, 红 a square — shape as well as colour."""
    n = max(len(lights), 1)
    d = size or min(rect.height() * 0.55, rect.width() / (n * 1.4))
    gap = d * 0.4
    x = rect.left() + gap
    y = rect.center().y()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for light in lights:
        colour = QColor(DOT_COLOURS.get(light, "#cccccc"))
        painter.setPen(QPen(colour.darker(120), 1))
        painter.setBrush(QBrush(colour) if light else QBrush())
        box = QRectF(x, y - d / 2, d, d)
        if light == RED:
            painter.drawRect(box.adjusted(d * 0.05, d * 0.05, -d * 0.05, -d * 0.05))
        elif light == YELLOW:
            painter.drawPolygon(QPolygonF([QPointF(box.center().x(), box.top()), box.bottomRight(), box.bottomLeft()]))
        else:
            painter.drawEllipse(box)
        x += d + gap
    painter.restore()


class LightsDelegate(QStyledItemDelegate):
    """Paints a cell's lights (a list of 红灯/黄灯/绿灯 under `role`) as a row of dots."""

    def __init__(self, role: int, parent=None) -> None:
        super().__init__(parent)
        self.role = role

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        lights = index.data(self.role)
        if lights:
            paint_dots(painter, QRectF(option.rect).adjusted(2, 2, -2, -2), lights)

    def sizeHint(self, option, index) -> QSize:
        lights = index.data(self.role) or []
        return QSize(10 * len(lights) + 8, 20)


class DotsRow(QWidget):
    """A project's lights as a row of marks with the months under them."""

    def __init__(self, lights: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lights = lights
        self.setFixedHeight(40)
        self.setMinimumWidth(30 * max(len(lights), 1) + 10)
        self.setToolTip("●绿灯 ▲黄灯 ■红灯：" + "　".join(f"{m}月{l or '—'}" for m, l in enumerate(lights, 1)))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        step = 30
        painter.setPen(QColor("#555555"))
        for i, light in enumerate(self.lights):
            paint_dots(painter, QRectF(i * step + 5, 0, step, 22), [light], size=16)
            painter.setPen(QColor("#555555"))
            painter.drawText(QRectF(i * step, 22, step, 16), int(Qt.AlignmentFlag.AlignCenter), f"{i + 1}月")
        painter.end()


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
