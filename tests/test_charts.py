"""Charts read back from their data: each bar and point equals the report's figure it claims to draw."""
from __future__ import annotations

import pytest

from exporters.charts import BEHIND, REACHED, BarChart, band_chart, chart_image, paint_chart, report_charts, \
    trend_chart, unit_chart
from models.demo import make_demo
from models.money import FEN_PER_WAN
from models.report import build_report
from models.rules import BAND_ORDER
from models.trend import PLAN_MONTHLY, PLAN_SCHEDULE, load_year, project_trend, trend_of, year_trend


@pytest.fixture
def demo_store(store):
    make_demo(store, projects=40, year=2024, through_month=9)
    return store


def test_unit_bars_are_the_units_ranked_by_completion_against_schedule(example_report):
    r = example_report
    chart = unit_chart(r)
    assert [b.label for b in chart.bars] == [f.name for f in r.units_ranked]
    assert [b.value for b in chart.bars] == [f.completion for f in r.units_ranked]
    values = [b.value for b in chart.bars]
    assert values == sorted(values, reverse=True)              # highest first, as the 通报 ranks them
    assert chart.reference == r.schedule and chart.reference_text == "序时进度33.3%"
    # the fill says which side of 序时 a unit stands, so black-and-white print still tells them apart
    assert [b.style for b in chart.bars] == [REACHED if f.completion >= r.schedule else BEHIND
                                             for f in r.units_ranked]
    assert {REACHED, BEHIND} == {b.style for b in chart.bars}
    assert chart.fills[REACHED][1] != chart.fills[BEHIND][1]      # different patterns, not only colours


def test_band_bars_are_the_report_bands_with_count_and_share(example_report):
    r = example_report
    chart = band_chart(r)
    present = [b for b in BAND_ORDER if r.bands[b].count]
    assert [b.label for b in chart.bars] == [b.value for b in present]
    assert [int(b.value) for b in chart.bars] == [r.bands[b].count for b in present]
    assert [b.share for b in chart.bars] == [r.bands[b].share for b in present]
    assert sum(int(b.value) for b in chart.bars) == r.total.count == 30
    assert len({pattern for _, pattern in chart.fills}) == len(chart.fills)
    on_schedule = next(b for b in chart.bars if b.label == "赶上序时进度")
    assert on_schedule.text == "5个，占年度计划5.7%"           # as the 文字分析 says it for the April example


def test_trend_points_are_each_months_report_total(demo_store):
    data = load_year(demo_store, 2024)
    t = trend_of(data, 9)
    assert t.ytd == [build_report(demo_store, 2024, m).total.ytd for m in range(1, 10)]
    assert year_trend(demo_store, 2024, 9) == t                  # the window's light query says the same
    plan = build_report(demo_store, 2024, 9).total.annual_plan
    assert t.plan_label == PLAN_SCHEDULE and t.plan_to_date[11] == plan       # no 分月计划: the 序时 line
    chart = trend_chart(t)
    actual, planned = chart.series
    assert actual.values[:9] == t.ytd and actual.values[9:] == [None] * 3
    assert planned.values == t.plan_to_date and planned.dashed and actual.marker != planned.marker


def test_trend_follows_the_monthly_plan_when_there_is_one(store):
    pid = store.create_project({"name": "汉江堤防加固", "unit": "区水利局"}, 2024, 1200 * FEN_PER_WAN)
    monthly = [0, 0, 300, 300, 300, 300, 0, 0, 0, 0, 0, 0]
    store.set_plan(pid, 2024, monthly_plan=[m * FEN_PER_WAN for m in monthly])
    store.update_project(pid, {"status": "在建", "actual_start": "2024-03-01"})
    for month, ytd in ((3, 250), (4, 500)):
        store.set_figure(pid, 2024, month, {"ytd": ytd * FEN_PER_WAN})
    data = load_year(store, 2024)
    t = project_trend(data, pid, 5)
    assert t.plan_label == PLAN_MONTHLY
    assert t.plan_to_date[:6] == [0, 0, 300 * FEN_PER_WAN, 600 * FEN_PER_WAN, 900 * FEN_PER_WAN, 1200 * FEN_PER_WAN]
    assert t.ytd == [0, 0, 250 * FEN_PER_WAN, 500 * FEN_PER_WAN, 500 * FEN_PER_WAN]   # May carries April's 累计
    assert trend_of(data, 5).plan_label == PLAN_MONTHLY
    assert year_trend(store, 2024, 5) == trend_of(data, 5)


def test_painted_bars_can_be_clicked_by_unit(example_report, qapp):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    chart = unit_chart(example_report)
    img = QImage(600, 500, QImage.Format.Format_RGB32)
    painter = QPainter(img)
    hits = paint_chart(chart, painter, QRectF(0, 0, 600, 500), "WenQuanYi Micro Hei")
    painter.end()
    assert [h.key for h in hits] == [b.label for b in chart.bars]
    tops = [h.rect.top() for h in hits]
    assert tops == sorted(tops) and all(h.rect.height() > 10 for h in hits)


def test_print_image_has_print_resolution(example_report):
    img = chart_image(unit_chart(example_report), width_mm=150, dpi=200)
    assert img.width() == round(150 / 25.4 * 200)
    assert round(img.dotsPerMeterX() * 0.0254) == 200


def test_report_charts_captions(example_report, example_store):
    t = trend_of(load_year(example_store, 2009), 4)
    charts = report_charts(example_report, t)
    assert [c for c, _ in charts] == ["2009年1—4月各责任单位年度计划完成率", "截至4月底项目进度分档情况",
                                      "2009年1—4月逐月累计完成投资"]
    assert isinstance(charts[0][1], BarChart)
