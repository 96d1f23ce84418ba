"""The warning lights month by month as a row of dots: in the card list's 逐月亮灯 column and on a project's card.

Kept apart from the charts so that the card list, on the first screen, does not wait for the charts' code."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QStyledItemDelegate, QWidget

from models.lights import GREEN
from models.rules import RED, YELLOW

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
