"""Each progress band's boundary, in DOMAIN.md's order, with exact integer arithmetic."""
import pytest

from models.money import to_fen
from models.project import Project
from models.rules import RED, YELLOW, Band, band_of, light_of, months_past_planned_start, vs_schedule_pp
from models.rules import completion_ratio

PLAN = to_fen("1200")


def p(**kw) -> Project:
    return Project(name="测试项目", unit="区住建局", **{"status": "在建", **kw})


@pytest.mark.parametrize("ytd, month, band", [
    ("1200", 4, Band.AHEAD),            # 累计 = 年度计划 exactly → 已完成年度计划
    ("1199.99", 12, Band.BEHIND),       # a fen short in December
    ("400", 4, Band.ON_SCHEDULE),       # exactly 4/12 of the plan → 赶上序时进度
    ("399.99", 4, Band.BEHIND),         # a fen below 序时 → 滞后
    ("100", 1, Band.ON_SCHEDULE),
])
def test_band_boundaries(ytd, month, band):
    assert band_of(p(), PLAN, to_fen(ytd), 2024, month) == band


def test_completed_comes_first_even_when_behind():
    assert band_of(p(status="已竣工"), PLAN, 0, 2024, 6) == Band.COMPLETED
    # a completion date after the report month does not count yet
    assert band_of(p(actual_finish="2024-08-01"), PLAN, PLAN, 2024, 6) == Band.AHEAD
    assert band_of(p(actual_finish="2024-06-30"), PLAN, 0, 2024, 6) == Band.COMPLETED


def test_not_started_by_status_or_by_date():
    assert band_of(p(status="未开工"), PLAN, 0, 2024, 6) == Band.NOT_STARTED
    assert band_of(p(actual_start="2024-07-02"), PLAN, 0, 2024, 6) == Band.NOT_STARTED
    assert band_of(p(actual_start="2024-06-30"), PLAN, PLAN, 2024, 6) == Band.AHEAD


def test_no_plan_is_counted_apart_not_divided_by():
    assert band_of(p(), 0, to_fen("50"), 2024, 6) == Band.NO_PLAN
    assert completion_ratio(to_fen("50"), 0) is None
    # not started wins over no plan: the fact that matters is that it has not started
    assert band_of(p(status="未开工"), 0, 0, 2024, 6) == Band.NOT_STARTED


def test_lights():
    gap = vs_schedule_pp(completion_ratio(to_fen("200"), PLAN), 6)   # 16.7% vs 50% → −33.3
    assert light_of(Band.BEHIND, gap, None) == RED
    gap = vs_schedule_pp(completion_ratio(to_fen("480"), PLAN), 6)   # 40% vs 50% → −10
    assert light_of(Band.BEHIND, gap, None) == YELLOW
    gap = vs_schedule_pp(completion_ratio(to_fen("500"), PLAN), 6)
    assert light_of(Band.BEHIND, gap, None) == ""
    late = p(status="未开工", planned_start="2024-03")
    assert months_past_planned_start(late, 2024, 3) == 0
    assert light_of(Band.NOT_STARTED, None, months_past_planned_start(late, 2024, 4)) == YELLOW
    assert light_of(Band.NOT_STARTED, None, months_past_planned_start(late, 2024, 6)) == RED
    assert months_past_planned_start(late, 2024, 2) is None
