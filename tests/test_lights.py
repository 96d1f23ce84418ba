"""Lights month by month: the one rule applied to each stored month; who turned red; where they are named."""
from __future__ import annotations

import json

import pytest

from cli import main
from exporters.analysis import build_analysis
from models.lights import GREEN, lights_of, turned_red, year_lights
from models.money import FEN_PER_WAN
from models.report import build_report
from models.rules import RED, YELLOW
from models.trend import load_year, month_reports


@pytest.fixture
def year_store(tmp_path):
    """Two projects on the 2024 list: one whose 累计 stalls from March, one planned for January never started."""
    from models.store import Store

    s = Store.open(tmp_path / "lights.db")
    a = s.create_project({"name": "汉江堤防加固", "unit": "区水利局", "status": "在建", "actual_start": "2023-10-01"},
                         2024, 1200 * FEN_PER_WAN)
    for month, ytd in ((1, 100), (2, 200), (3, 200), (4, 200), (5, 200), (6, 200), (7, 200)):
        s.set_figure(a, 2024, month, {"ytd": ytd * FEN_PER_WAN})
    b = s.create_project({"name": "余家湖港区码头", "unit": "余家湖街道", "planned_start": "2024-01"},
                         2024, 600 * FEN_PER_WAN)
    yield s, a, b
    s.close()


def test_lights_follow_the_stored_months(year_store):
    s, a, b = year_store
    lights = year_lights(s, 2024, 7)
    # stalled at 200万 of 1200万: 8.3 points behind in March, 16.7 in April, 33.3 in June
    assert lights.of(a) == [GREEN, GREEN, GREEN, YELLOW, YELLOW, RED, RED]
    # due in January, not started: 黄灯 until three months late
    assert lights.of(b) == [YELLOW, YELLOW, YELLOW, RED, RED, RED, RED]
    for m in range(1, 8):        # the same light the month's own report gives (rules.light_of, one rule)
        r = build_report(s, 2024, m)
        assert [lights.of(l.project.id)[m - 1] for l in r.lines] == [l.light or GREEN for l in r.lines]


def test_one_projects_lights_are_the_same_as_the_whole_lists(year_store):
    from models.lights import LazyLights, project_lights

    s, a, b = year_store
    whole = year_lights(s, 2024, 7)
    assert project_lights(s, a, 2024, 7) == whole.of(a) and project_lights(s, b, 2024, 7) == whole.of(b)
    lazy = LazyLights(s, 2024, 7)
    assert lazy.of(b) == whole.of(b) and lazy.all() == whole.by_project


def test_turned_red_is_this_month_only(year_store):
    s, a, b = year_store
    data = load_year(s, 2024)
    assert [l.name for l in turned_red(build_report(s, 2024, 4), lights_of(month_reports(data, 4)))] == ["余家湖港区码头"]
    assert [l.name for l in turned_red(build_report(s, 2024, 6), lights_of(month_reports(data, 6)))] == ["汉江堤防加固"]
    assert turned_red(build_report(s, 2024, 7), lights_of(month_reports(data, 7))) == []


def test_summary_json_lists_turned_red(year_store, capsys):
    s, a, b = year_store
    assert main(["--db", str(s.path), "summary", "--year", "2024", "--month", "6", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["turned_red"] == [{"name": "汉江堤防加固", "unit": "区水利局", "gap_pp": "-33.3"}]
    assert main(["--db", str(s.path), "summary", "--year", "2024", "--month", "7", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["turned_red"] == []


def test_analysis_names_turned_red_first_in_problems(year_store, tmp_path):
    s, a, b = year_store
    r = build_report(s, 2024, 6)
    doc = build_analysis(r, turned_red=turned_red(r, year_lights(s, 2024, 6)))
    texts = [bl.text for bl in doc.blocks]
    first = texts[texts.index("三、存在的问题") + 1]
    assert first == "6月新亮红灯的项目1个，需重点督办：区水利局的汉江堤防加固项目（低于序时进度33.3个百分点）。"
    # the command line does the same
    assert main(["--db", str(s.path), "export-analysis", "--year", "2024", "--month", "6", str(tmp_path / "a.txt")]) == 0
    lines = (tmp_path / "a.txt").read_text(encoding="utf-8-sig").splitlines()
    assert lines[lines.index("三、存在的问题") + 1] == first


def test_last_months_light_from_the_line_equals_last_months_report(tmp_path):
    """recent_lights judges last month by the same rule on the line's 上月累计 instead of a second report: over a
    demo year (every band, unstarted and overdue projects, months not reported) it finds exactly the projects the
    whole year's lights find turned red, month by month."""
    from models.demo import make_demo
    from models.lights import recent_lights
    from models.store import Store

    s = Store.open(tmp_path / "demo.db")
    make_demo(s, projects=150, year=2024, through_month=10)
    data = load_year(s, 2024)
    found_any = False
    for month in range(1, 11):
        report = build_report(s, 2024, month)
        whole_year = [l.name for l in turned_red(report, lights_of(month_reports(data, month)))]
        assert [l.name for l in turned_red(report, recent_lights(report))] == whole_year, month
        found_any = found_any or bool(whole_year)
    s.close()
    assert found_any, "the demo year should have some project turning red"


def test_one_projects_lights_equal_the_whole_lists(tmp_path):
    """The card list computes a row's lights on its own (standing per month, no report per month): over a demo
    year they equal what every month's report says of that project."""
    from models.demo import make_demo
    from models.lights import project_lights
    from models.store import Store

    s = Store.open(tmp_path / "demo.db")
    make_demo(s, projects=80, year=2024, through_month=9)
    whole = year_lights(s, 2024, 9)
    seen = set()
    for p in s.projects(2024, include_archived=True):
        mine = project_lights(s, p.id, 2024, 9)
        assert mine == whole.of(p.id), p.name
        seen.update(mine)
    s.close()
    assert {GREEN, RED, YELLOW} <= seen, "the demo year should show every light"
