"""Charts from the report object: pure chart data (bars, lines) and one QtGui painter for images and widgets alike.

The data is computed here from the report (never from pixels), so tests read the bars back and compare them with
the report's figures; the painter draws any chart onto any QPaintDevice (a QImage for the docx, a widget for the
window). Every series is told apart by pattern, marker and label as well as colour: the page is often printed in
black and white."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Sequence, cast

from models.money import FEN_PER_WAN, FEN_PER_YI, Fen, fmt_pct, round_half_up
from models.report import MonthlyReport
from models.rules import BAND_ORDER, Band
from models.trend import Trend

# ---- chart data ---------------------------------------------------------------------------------------------

REACHED, BEHIND = 0, 1          # the two fills of the 完成率 bars


@dataclass
class Bar:
    """One bar: its label, the value its length shows, the text printed at its end."""

    label: str
    value: Decimal                 # 完成率 as a ratio, or a count
    text: str
    style: int = 0                 # index into the chart's fills (pattern + shade)
    key: str = ""                  # what a click on it selects (the unit's name)
    share: Decimal | None = None   # a second figure the text names (a band's share of the plan)


@dataclass
class BarChart:
    """Horizontal bars, top to bottom in order, with an optional dashed reference line (序时进度)."""

    title: str
    bars: list[Bar]
    percent: bool = True                         # values are ratios shown as %
    reference: Decimal | None = None
    reference_text: str = ""
    legend: list[tuple[int, str]] = field(default_factory=list)   # (style, meaning)
    fills: Sequence[tuple[str, str]] = ()       # per style: (colour, Qt brush pattern name)

    @property
    def axis_max(self) -> Decimal:
        top = max([b.value for b in self.bars] + [self.reference or Decimal(0)] + [Decimal(0)])
        if self.percent:
            # whole tens of per cent, at least 100%: a unit at 103% still fits, a page of 30% bars still reads
            return max(Decimal(1), (top * 10).to_integral_value(rounding="ROUND_CEILING") / 10)
        return Decimal(max(1, int(top.to_integral_value(rounding="ROUND_CEILING"))))


@dataclass
class Series:
    """A line over months 1…n; None where there is no value (months not yet reported)."""

    label: str
    values: list[Fen | None]
    dashed: bool = False
    marker: str = "circle"         # circle (filled) or square (hollow)
    colour: str = "#1f4e8c"


@dataclass
class LineChart:
    """Amounts month by month (1月…12月) in 分; the painter picks 万元 or 亿元 for the axis."""

    title: str
    x_labels: list[str]
    series: list[Series]


Chart = BarChart | LineChart

UNIT_FILLS = (("#2e6fb5", "SolidPattern"), ("#e08a2c", "BDiagPattern"))
BAND_FILLS = {Band.COMPLETED: ("#1f4e8c", "SolidPattern"), Band.AHEAD: ("#2e8b57", "Dense3Pattern"),
              Band.ON_SCHEDULE: ("#7cb342", "Dense5Pattern"), Band.BEHIND: ("#e08a2c", "BDiagPattern"),
              Band.NOT_STARTED: ("#c0392b", "CrossPattern"), Band.NO_PLAN: ("#888888", "HorPattern")}


def _pct(r: Decimal | None) -> str:
    text = fmt_pct(r)
    return f"{text}%" if text else "—"


def unit_chart(r: MonthlyReport) -> BarChart:
    """完成率 by 责任单位, highest first (the 通报's ranking), against the 序时进度 line."""
    # units_ranked holds only units with a plan, so each has a 完成率
    bars = [Bar(f.name, cast(Decimal, f.completion), _pct(f.completion),
                REACHED if cast(Decimal, f.completion) >= r.schedule else BEHIND, f.name)
            for f in r.units_ranked]
    return BarChart(f"各责任单位年度计划完成率（1—{r.month}月）", bars, True, r.schedule,
                    f"序时进度{_pct(r.schedule)}", [(REACHED, "达到序时进度"), (BEHIND, "低于序时进度")], UNIT_FILLS)


def band_chart(r: MonthlyReport) -> BarChart:
    """The progress bands: how many projects, and their 累计 as a share of the whole list's 年度计划."""
    bars = []
    fills = []
    for i, b in enumerate(x for x in BAND_ORDER if r.bands[x].count):
        bf = r.bands[b]
        text = f"{bf.count}个" + (f"，占年度计划{_pct(bf.share)}" if bf.share is not None and b != Band.NO_PLAN else "")
        bars.append(Bar(b.value, Decimal(bf.count), text, i, b.value, bf.share))
        fills.append(BAND_FILLS[b])
    return BarChart(f"项目进度分档（截至{r.month}月底，共{r.total.count}个项目）", bars, False, fills=fills)


def trend_chart(t: Trend) -> LineChart:
    """累计完成 for months 1…M (solid, filled dots) against the plan to date for the year (dashed, hollow squares)."""
    actual = [*t.ytd, *[None] * (12 - len(t.ytd))]
    return LineChart(t.title, [f"{m}月" for m in range(1, 13)],
                     [Series("累计完成投资", actual, False, "circle", "#1f4e8c"),
                      Series(t.plan_label, list(t.plan_to_date), True, "square", "#c0392b")])


def report_charts(r: MonthlyReport, trend: Trend | None = None) -> list[tuple[str, Chart]]:
    """The 附图 of a month's documents, each with its caption (without the 图N number)."""
    out: list[tuple[str, Chart]] = []
    if r.units_ranked:
        out.append((f"{r.year}年1—{r.month}月各责任单位年度计划完成率", unit_chart(r)))
    if r.total.count:
        out.append((f"截至{r.month}月底项目进度分档情况", band_chart(r)))
    if trend is not None and trend.ytd:
        out.append((f"{r.year}年1—{r.month}月逐月累计完成投资", trend_chart(trend)))
    return out


# ---- painting -----------------------------------------------------------------------------------------------

@dataclass
class Hit:
    """Where a bar was drawn, so a widget can tell which one was clicked."""

    key: str
    rect: Any                      # QRectF


def _font(family: str, pt: float, dpi: float, bold: bool = False):
    from PySide6.QtGui import QFont

    f = QFont(family)
    f.setPixelSize(max(6, round(pt * dpi / 72)))   # points relative to the device, not to the screen
    f.setBold(bold)
    return f


def _brush(colour: str, pattern: str):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(colour), getattr(Qt.BrushStyle, pattern))


def _fill_bar(painter, rect, colour: str, pattern: str) -> None:
    """A light tint under the pattern, the pattern, then an outline: readable in colour and in grey."""
    from PySide6.QtGui import QColor, QPen

    tint = QColor(colour)
    tint.setAlpha(60)
    painter.fillRect(rect, tint)
    painter.fillRect(rect, _brush(colour, pattern))
    painter.setPen(QPen(QColor(colour).darker(130), 1))
    painter.drawRect(rect)


def paint_chart(chart: Chart, painter, rect, family: str, dpi: float = 96) -> list[Hit]:
    """Draw a chart into `rect` (device pixels) with fonts sized for `dpi`; returns where each bar is."""
    painter.save()
    try:
        from PySide6.QtGui import QPainter

        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        if isinstance(chart, BarChart):
            return _paint_bars(chart, painter, rect, family, dpi)
        _paint_lines(chart, painter, rect, family, dpi)
        return []
    finally:
        painter.restore()


def _title(painter, rect, text: str, family: str, dpi: float) -> float:
    """The chart's title centred at the top; returns the height it took."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFontMetricsF

    f = _font(family, 10.5, dpi, bold=True)
    painter.setFont(f)
    painter.setPen(QColor("#000000"))
    h = QFontMetricsF(f).height() * 1.4
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), h), int(Qt.AlignmentFlag.AlignCenter), text)
    return h


def _legend(painter, x: float, y: float, items: list[tuple[Any, str]], family: str, dpi: float) -> float:
    """Swatches with their words on one line from (x, y); each item's draw(rect) paints its swatch."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFontMetricsF

    f = _font(family, 8, dpi)
    painter.setFont(f)
    fm = QFontMetricsF(f)
    h = fm.height()
    for draw, text in items:
        sw = QRectF(x, y + h * 0.15, h * 1.6, h * 0.7)
        draw(sw)
        x = sw.right() + h * 0.3
        painter.setPen(QColor("#000000"))
        w = fm.horizontalAdvance(text)
        painter.drawText(QRectF(x, y, w + 2, h), int(Qt.AlignmentFlag.AlignVCenter), text)
        x += w + h * 1.2
    return h * 1.3


def _paint_bars(chart: BarChart, painter, rect, family: str, dpi: float) -> list[Hit]:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFontMetricsF, QPen

    top = rect.top() + _title(painter, rect, chart.title, family, dpi)
    if chart.legend or chart.reference is not None:
        items: list[tuple[Any, str]] = []
        for style, text in chart.legend:
            colour, pattern = chart.fills[style]
            items.append((lambda r, c=colour, p=pattern: _fill_bar(painter, r, c, p), text))
        if chart.reference is not None:
            def dash(r) -> None:
                painter.setPen(QPen(QColor("#000000"), max(1.0, dpi / 60), Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(r.center().x(), r.top() - r.height() * 0.3),
                                 QPointF(r.center().x(), r.bottom() + r.height() * 0.3))
            items.append((dash, chart.reference_text))
        top += _legend(painter, rect.left() + rect.width() * 0.02, top, items, family, dpi)
    if not chart.bars:
        return []
    f = _font(family, 9, dpi)
    fm = QFontMetricsF(f)
    small = _font(family, 8, dpi)
    sfm = QFontMetricsF(small)
    axis_h = sfm.height() * 1.3
    n = len(chart.bars)
    row = (rect.bottom() - top - axis_h) / n
    # labels shrink a little for a long list, never below 7 pt
    pt = 9.0
    while pt > 7 and fm.height() * 1.15 > row:
        pt -= 0.5
        f = _font(family, pt, dpi)
        fm = QFontMetricsF(f)
    label_w = min(max(fm.horizontalAdvance(b.label) for b in chart.bars) + fm.height() * 0.6, rect.width() * 0.32)
    value_w = max(fm.horizontalAdvance(b.text) for b in chart.bars) + fm.height() * 0.6
    x0 = rect.left() + label_w
    plot_w = max(10.0, rect.right() - value_w - x0)
    top_value = chart.axis_max

    def xpos(v: Decimal) -> float:
        return x0 + plot_w * float(v / top_value) if top_value else x0

    # grid and axis ticks: every 20% (or a sensible step of counts)
    painter.setFont(small)
    steps = _ticks(top_value, chart.percent)
    for v in steps:
        x = xpos(v)
        painter.setPen(QPen(QColor("#c8c8c8"), 1, Qt.PenStyle.SolidLine))
        painter.drawLine(QPointF(x, top), QPointF(x, top + row * n))
        painter.setPen(QColor("#404040"))
        text = f"{round_half_up(v * 100, 0):.0f}%" if chart.percent else f"{v:.0f}"
        tw = sfm.horizontalAdvance(text)
        painter.drawText(QRectF(x - tw / 2 - 2, top + row * n, tw + 4, axis_h),
                         int(Qt.AlignmentFlag.AlignCenter), text)
    hits: list[Hit] = []
    texts: list[tuple[Any, str]] = []
    painter.setFont(f)
    for i, b in enumerate(chart.bars):
        y = top + row * i
        bar_h = min(row * 0.68, fm.height() * 1.6)
        by = y + (row - bar_h) / 2
        painter.setPen(QColor("#000000"))
        label = fm.elidedText(b.label, Qt.TextElideMode.ElideRight, label_w - fm.height() * 0.4)
        painter.drawText(QRectF(rect.left(), y, label_w - fm.height() * 0.4, row),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
        w = max(0.0, xpos(b.value) - x0)
        colour, pattern = chart.fills[b.style] if b.style < len(chart.fills) else ("#555555", "SolidPattern")
        bar = QRectF(x0, by, w, bar_h)
        if w > 0:
            _fill_bar(painter, bar, colour, pattern)
        texts.append((QRectF(x0 + w + fm.height() * 0.3, y, value_w, row), b.text))
        hits.append(Hit(b.key or b.label, QRectF(rect.left(), y, rect.width(), row)))
    painter.setPen(QPen(QColor("#000000"), 1))
    painter.drawLine(QPointF(x0, top), QPointF(x0, top + row * n))
    if chart.reference is not None:
        x = xpos(chart.reference)
        painter.setPen(QPen(QColor("#000000"), max(1.0, dpi / 60), Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, top - 2), QPointF(x, top + row * n))
    # the figures last, on white, so the 序时 line never strikes through one
    align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for box, text in texts:
        used = painter.boundingRect(box, align, text)
        painter.fillRect(used.adjusted(-1, 1, 1, -1), QColor("#ffffff"))
        painter.setPen(QColor("#000000"))
        painter.drawText(box, align, text)
    return hits


def _ticks(top: Decimal, percent: bool) -> list[Decimal]:
    if percent:
        step = Decimal("0.2") if top <= 2 else Decimal("0.5")
    else:
        raw = max(1, int(top) // 5)
        step = Decimal(next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10 ** 9) if s >= raw))
    out, v = [], Decimal(0)
    while v <= top:
        out.append(v)
        v += step
    return out


def _nice_top(value: float) -> tuple[float, float]:
    """An axis top above `value` and a step of 1/2/2.5/5 × 10ⁿ giving 4–6 ticks."""
    import math

    if value <= 0:
        return 1.0, 0.2
    mag = 10 ** math.floor(math.log10(value / 5))
    for m in (1, 2, 2.5, 5, 10):
        step = m * mag
        if value / step <= 6:
            return math.ceil(value / step) * step, step
    return value, value / 5


def _paint_lines(chart: LineChart, painter, rect, family: str, dpi: float) -> None:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainterPath, QPen

    top = rect.top() + _title(painter, rect, chart.title, family, dpi)
    values = [v for s in chart.series for v in s.values if v is not None]
    biggest = max(values + [0])
    per, unit = (FEN_PER_YI, "亿元") if biggest >= FEN_PER_YI else (FEN_PER_WAN, "万元")
    axis_top, step = _nice_top(biggest / per)
    lw = max(1.0, dpi / 48)

    def marker(r, s: Series) -> None:
        painter.setPen(QPen(QColor(s.colour), lw, Qt.PenStyle.DashLine if s.dashed else Qt.PenStyle.SolidLine))
        painter.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()))
        _marker(painter, QPointF(r.center().x(), r.center().y()), s, r.height() * 0.45, lw)

    top += _legend(painter, rect.left() + rect.width() * 0.02, top,
                   [(lambda r, s=s: marker(r, s), s.label) for s in chart.series], family, dpi)
    small = _font(family, 8, dpi)
    sfm = QFontMetricsF(small)
    painter.setFont(small)
    tick_texts = []
    v = 0.0
    while v <= axis_top + step / 2:
        tick_texts.append((v, f"{v:g}"))
        v += step
    left = rect.left() + max(sfm.horizontalAdvance(t) for _, t in tick_texts) + sfm.height() * 0.8
    bottom = rect.bottom() - sfm.height() * 1.4
    top += sfm.height() * 1.6          # room for the unit above the axis
    right = rect.right() - sfm.height() * 0.8
    n = len(chart.x_labels)
    dx = (right - left) / n

    def pt(i: int, value: Fen) -> QPointF:
        return QPointF(left + dx * (i + 0.5), bottom - (bottom - top) * (value / per) / axis_top)

    for v, text in tick_texts:
        y = bottom - (bottom - top) * v / axis_top
        painter.setPen(QPen(QColor("#d0d0d0"), 1))
        painter.drawLine(QPointF(left, y), QPointF(right, y))
        painter.setPen(QColor("#404040"))
        painter.drawText(QRectF(rect.left(), y - sfm.height() / 2, left - rect.left() - sfm.height() * 0.3,
                                sfm.height()), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
    painter.drawText(QRectF(rect.left(), top - sfm.height() * 1.7, left + sfm.height() * 4, sfm.height()),
                     int(Qt.AlignmentFlag.AlignLeft), unit)
    for i, text in enumerate(chart.x_labels):
        painter.drawText(QRectF(left + dx * i, bottom + 2, dx, sfm.height() * 1.3),
                         int(Qt.AlignmentFlag.AlignCenter), text)
    painter.setPen(QPen(QColor("#000000"), 1))
    painter.drawLine(QPointF(left, bottom), QPointF(right, bottom))
    painter.drawLine(QPointF(left, top), QPointF(left, bottom))
    for s in chart.series:
        path = QPainterPath()
        pts = [(i, pt(i, v)) for i, v in enumerate(s.values) if v is not None]
        for j, (_, p) in enumerate(pts):
            path.moveTo(p) if j == 0 else path.lineTo(p)
        painter.setBrush(QBrush())
        painter.setPen(QPen(QColor(s.colour), lw, Qt.PenStyle.DashLine if s.dashed else Qt.PenStyle.SolidLine))
        painter.drawPath(path)
        for _, p in pts:
            _marker(painter, p, s, sfm.height() * 0.28, lw)
        if pts and not s.dashed:
            # the latest 累计 spelt out beside its dot: the figure a reader looks for
            i, p = pts[-1]
            value = s.values[i]
            assert value is not None        # pts holds only the months with a value
            text = f"{round_half_up(Decimal(value) / per, 2):.2f}"
            painter.setFont(_font(family, 8.5, dpi, bold=True))
            painter.setPen(QColor("#000000"))
            painter.drawText(QRectF(p.x() - dx * 1.5, p.y() - sfm.height() * 1.6, dx * 3, sfm.height() * 1.2),
                             int(Qt.AlignmentFlag.AlignCenter), text)
            painter.setFont(small)


def _marker(painter, p, s: Series, r: float, lw: float) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QBrush, QColor, QPen

    painter.setPen(QPen(QColor(s.colour), lw))
    box = QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r)
    if s.marker == "square":
        painter.setBrush(QBrush(QColor("#ffffff")))
        painter.drawRect(box)
    else:
        painter.setBrush(QBrush(QColor(s.colour)))
        painter.drawEllipse(box)
    painter.setBrush(QBrush())


# ---- images for documents -----------------------------------------------------------------------------------

PRINT_DPI = 200


def chart_height_mm(chart: Chart, width_mm: float = 150) -> float:
    """A height that gives every bar room in print: 8 mm a bar plus the title and axis, within a page."""
    if isinstance(chart, BarChart):
        return min(215.0, max(55.0, 26 + 7.5 * len(chart.bars)))
    return width_mm * 0.58


def chart_image(chart: Chart, width_mm: float = 150, height_mm: float | None = None, dpi: int = PRINT_DPI):
    """The chart as a white QImage at print resolution, with the physical size recorded in it."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    from exporters.project_list import _gui_app, cjk_font

    _gui_app()
    height_mm = height_mm or chart_height_mm(chart, width_mm)
    w, h = round(width_mm / 25.4 * dpi), round(height_mm / 25.4 * dpi)
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.setDotsPerMeterX(round(dpi / 0.0254))
    img.setDotsPerMeterY(round(dpi / 0.0254))
    img.fill(QColor("#ffffff"))
    painter = QPainter(img)
    try:
        pad = dpi * 0.06
        paint_chart(chart, painter, QRectF(pad, pad, w - 2 * pad, h - 2 * pad), cjk_font(), dpi)
    finally:
        painter.end()
    return img


def chart_png(chart: Chart, width_mm: float = 150, height_mm: float | None = None, dpi: int = PRINT_DPI) -> bytes:
    """PNG bytes of chart_image (what python-docx embeds)."""
    from PySide6.QtCore import QBuffer, QIODevice

    img = chart_image(chart, width_mm, height_mm, dpi)
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(buf.data())      # type: ignore[call-overload]  # QByteArray has the buffer protocol; the stubs omit it
