"""The charts in the window: the month at a glance draws the report's bars; a click on a unit's bar filters the
grid and the card list to it; the card list shows each project's lights month by month."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, Qt

from models.lights import year_lights
from models.report import build_report

pytestmark = pytest.mark.usefixtures("qt_settings")


@pytest.fixture
def window(qtbot, example_store):
    from ui.main_window import MainWindow

    w = MainWindow(example_store, 2009, 4)
    qtbot.addWidget(w)
    w.resize(1366, 740)
    w.show()
    qtbot.waitExposed(w)
    w.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: w.monthly is not None and w.monthly.charts.isVisible())
    return w


def test_month_at_a_glance_draws_the_reports_units(window, example_store, qtbot):
    panel = window.monthly
    report = build_report(example_store, 2009, 4)
    chart = panel.charts.units.chart
    assert [b.label for b in chart.bars] == [f.name for f in report.units_ranked]
    assert [b.value for b in chart.bars] == [f.completion for f in report.units_ranked]
    assert [int(b.value) for b in panel.charts.bands.chart.bars] == [
        report.bands[b].count for b in report.bands if report.bands[b].count]
    assert panel.charts.trend.chart.series[0].values[3] == report.total.ytd
    qtbot.waitUntil(lambda: len(panel.charts.units.hits) == len(chart.bars))


def test_clicking_a_units_bar_filters_grid_and_card_list(window, qtbot):
    panel = window.monthly
    view = panel.charts.units
    qtbot.waitUntil(lambda: bool(view.hits))
    third = view.hits[2]
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=third.rect.center().toPoint())
    assert panel.unit_box.currentText() == third.key
    assert panel.model.lines and {l.unit for l in panel.model.lines} == {third.key}
    assert window.unit_box.currentData() == third.key
    assert {l.unit for l in window.model.lines} == {third.key}
    assert view.selected == third.key
    # the same bar again: every unit is back
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=third.rect.center().toPoint())
    assert window.unit_box.currentData() == "" and len(window.model.lines) == 30
    assert len({l.unit for l in panel.model.lines}) > 1


def test_card_list_has_the_lights_month_by_month(window, example_store):
    from ui.project_model import COLUMNS, LIGHTS_COLUMN, LIGHTS_ROLE

    assert COLUMNS[LIGHTS_COLUMN] == "逐月亮灯"
    lights = year_lights(example_store, 2009, 4)
    model = window.model
    for row in range(model.rowCount()):
        line = model.line(row)
        shown = model.index(row, LIGHTS_COLUMN).data(LIGHTS_ROLE)
        assert shown == lights.of(line.project.id) and len(shown) == 4
        assert shown[-1] == (line.light or "绿灯")            # April's dot is the light the list colours the row by


def test_card_shows_the_projects_dots_and_curve(qtbot, example_store):
    from models.lights import year_lights
    from ui.card_dialog import CardDialog

    report = build_report(example_store, 2009, 4)
    line = min((l for l in report.lines if l.reported and l.gap_pp is not None), key=lambda l: l.gap_pp)
    card = CardDialog(example_store, 2009, line.project)
    qtbot.addWidget(card)
    pics = card.pictures
    assert pics.lights == year_lights(example_store, 2009, 4).of(line.project.id)
    assert pics.lights[-1] == (line.light or "绿灯") and len(pics.lights) == 4
    actual = pics.chart.series[0].values
    assert actual[3] == line.ytd and actual[4:] == [None] * 8
    assert pics.chart.series[1].values[11] == line.plan           # the year's plan reached in December


def test_a_district_of_many_units_gets_a_readable_bar_each_and_the_chart_scrolls(window, qtbot):
    from PySide6.QtGui import QFontMetricsF

    panel = window.monthly
    view = panel.charts.units
    qtbot.waitUntil(lambda: bool(view.hits))
    n = len(view.chart.bars)
    assert n >= 10
    # the labels' own font is never taller than a bar's row: no unit name overlaps the next
    line = QFontMetricsF(view.font()).height()
    rows = sorted(h.rect.top() for h in view.hits)
    assert min(b - a for a, b in zip(rows, rows[1:])) >= line * 0.9
    scroll = panel.charts.unit_scroll
    assert view.height() > scroll.viewport().height()          # taller than its pane: it scrolls
    assert scroll.verticalScrollBar().maximum() > 0
