"""The 文字分析 text: the April example's figures and names, and sentences that read right on small hand-made lists."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from models import causes
from exporters.analysis import (BODY, H1, H2, SIGN, analysis_text, build_analysis, names_by_unit, parse_text)
from models.money import fmt_money_text, fmt_pct, round_half_up, to_fen
from models.project import Project
from models.report import build_report
from models.rules import BAND_ORDER, Band

NOT_STARTED = ["尹集乡村公路网改造", "农村卫生院标准化建设", "尹集物流工业园基础设施", "农村初中校舍改造",
               "卧龙镇农田水利综合整治"]
ON_SCHEDULE = ["余家湖港区码头", "汉江堤防加固", "区人民医院门诊综合楼", "真武山片区道路改造", "襄城科技孵化园"]
# what a sentence must never contain: empty lists, doubled or dangling punctuation, leaked Python values
BAD = ["的：", "：。", "、。", "；。", "，。", "的；", "的。", "（）", "、、", "；；", "，，", "None", "nan", "。。"]


def add(store, name: str, unit: str, plan_wan: str, ytd_wan: str | None = None, *, year: int = 2024,
        month: int = 6, status: str = "在建", problem: str = "", **card) -> int:
    """A project on `year`'s list with its plan and (optionally) its 1—M月累计 and 存在问题."""
    pid = store.create_project(Project(name=name, unit=unit, status=status, **card), year, to_fen(plan_wan))
    if ytd_wan is not None or problem:
        store.set_figure(pid, year, month, {"ytd": to_fen(ytd_wan or "0"), "problem": problem})
    return pid


def paragraph(text: str, start: str) -> str:
    """The paragraph (line) of the plain text that begins with `start`."""
    found = [l for l in text.splitlines() if l.startswith(start)]
    assert found, f"没有以「{start}」开头的段落：\n{text}"
    return found[0]


def assert_reads_well(text: str) -> None:
    for bad in BAD:
        assert bad not in text, f"「{bad}」出现在：\n{text}"
    assert not re.search(r"(?<![\d.])0个项目", text), text       # "0个项目…" is a sentence about nothing
    for plural_only in ("对1个", "全部1个", "1个项目已全部", "1个项目均", "上述1个"):
        assert plural_only not in text, f"「{plural_only}」出现在：\n{text}"


# ---- the April 2009 example -------------------------------------------------------------------------------
@pytest.fixture
def april_report(example_store):
    """The April example with the 填报单位 the clerk enters once in the settings (the file's own line says it too)."""
    example_store.set_settings({"office": "襄城区发改局"})
    return build_report(example_store, 2009, 4)


@pytest.fixture
def april(april_report) -> str:
    return analysis_text(april_report, today=dt.date(2009, 5, 5))


def test_april_overall_figures_as_the_trade_writes_them(april):
    first = paragraph(april, "截至4月底")
    for fact in ("30个重点项目", "计划总投资122.00亿元", "年度计划投资40.00亿元", "1—4月累计完成投资7.70亿元",
                 "占年度计划的19.3%", "低于序时进度14.1个百分点", "已开工项目25个", "开工率83.3%"):
        assert fact in first, fact
    assert "已竣工" not in first      # no project is finished in April: no sentence about it


def test_april_names_the_five_not_started_with_their_problem(april):
    band = paragraph(april, "5个项目尚未开工")
    assert "占项目总数的16.7%" in band
    for name in NOT_STARTED:
        assert name in band
    # names grouped by unit, the shared problem in brackets after them, as DOMAIN's draft writes it
    assert "尹集乡的尹集乡村公路网改造、尹集物流工业园基础设施项目（土地报批未完成）" in band
    assert band.count("（土地报批未完成）") == 4          # once per unit
    problems = april[april.index("三、存在的问题"):april.index("四、下步工作")]
    assert "用地与征地拆迁" in problems
    for name in NOT_STARTED:
        assert name in problems


def test_april_names_the_twenty_lagging(april, example_report):
    band = paragraph(april, "20个项目未赶上序时进度")
    lagging = [l.name for l in example_report.lines if l.band == Band.BEHIND]
    assert len(lagging) == 20
    for name in lagging:
        assert name in band
    assert "开发区的精细化工新材料生产线、军工配套精密铸造扩建、汽车零部件配套产业园、襄城经济开发区标准化厂房、" \
           "襄城能源化工园区管网项目" in band


def test_april_on_schedule_band_like_the_sample(april):
    band = paragraph(april, "5个项目赶上序时进度")
    assert band.startswith("5个项目赶上序时进度，占项目总数的16.7%，完成投资2.30亿元，占全部年度计划的5.7%。这些项目是：")
    assert "余家湖街道的余家湖港区码头项目；区水利局的汉江堤防加固项目；" in band
    for name in ON_SCHEDULE:
        assert name in band


def test_april_has_no_sentence_for_empty_bands_and_no_empty_lists(april):
    assert "个项目已竣工" not in april
    assert "个项目已完成年度计划" not in april
    assert "本年度未安排计划投资" not in april
    assert_reads_well(april)


def test_april_groups_against_the_whole_in_percentage_points(april):
    cats = paragraph(april, "从项目类别看")
    assert "基础设施项目9个，完成投资2.82亿元，完成年度计划的24.9%，高于全区平均水平5.7个百分点" in cats
    flags = paragraph(april, "从项目级别看")
    assert "市级重点项目10个" in flags and "完成年度计划的33.5%" in flags
    assert "考核项目8个" in flags and "完成年度计划的32.8%" in flags
    units = paragraph(april, "从责任单位看")
    assert units.index("区水利局") < units.index("尹集乡")       # ranked high to low


def test_april_outline_and_marked_next_steps(april):
    heads = [l for l in april.splitlines() if re.match(r"^[一二三四]、", l)]
    assert heads == ["一、总体情况", "二、项目推进情况", "三、存在的问题", "四、下步工作"]
    steps = april[april.index("四、下步工作"):]
    assert "【" in steps and "修改" in steps          # the clerk sees what to rewrite
    assert "5个未开工项目" in steps and "20个未赶上序时进度的项目" in steps


def test_every_band_sentence_matches_the_report(example_report):
    """What another real return will be checked by: each band's figures in its sentence are the report's own."""
    text = analysis_text(example_report)
    r = example_report
    for band in BAND_ORDER:
        bf = r.bands[band]
        if not bf.count or band == Band.NO_PLAN:
            continue
        line = next(l for l in text.splitlines() if l.startswith(f"{bf.count}个项目"))
        if bf.count < r.total.count:
            assert f"占项目总数的{fmt_pct(bf.count_share)}%" in line
        if bf.figures.ytd:
            assert f"完成投资{fmt_money_text(bf.figures.ytd)}" in line
            assert f"占全部年度计划的{fmt_pct(bf.share)}%" in line


# ---- other lists --------------------------------------------------------------------------------------

def test_demo_year_sentences_match_the_report(store):
    from models.demo import make_demo

    make_demo(store, projects=80, year=2023, seed=7, through_month=9)
    r = build_report(store, 2023, 9)
    text = analysis_text(r)
    assert_reads_well(text)
    t = r.total
    first = paragraph(text, "截至9月底")
    assert f"{t.count}个重点项目" in first
    assert f"累计完成投资{fmt_money_text(t.ytd)}" in first
    assert f"占年度计划的{fmt_pct(t.completion)}%" in first
    gap = f"{round_half_up(abs(t.gap_pp), 1):.1f}个百分点"
    assert (("超序时进度" if t.gap_pp > 0 else "低于序时进度") + gap) in first
    for band in BAND_ORDER:
        bf = r.bands[band]
        for l in bf.figures.lines:
            assert l.name in text
        word = {Band.COMPLETED: "已竣工", Band.AHEAD: "已完成年度计划", Band.ON_SCHEDULE: "赶上序时进度",
                Band.BEHIND: "未赶上序时进度", Band.NOT_STARTED: "尚未开工"}.get(band)
        if word:
            assert (f"{bf.count}个项目{word}" in text) == (bf.count > 0), band


def test_one_project_in_a_band_reads_singular(store):
    add(store, "城南污水处理厂", "区住建局", "1000", "600")          # on schedule at June (60% ≥ 50%)
    add(store, "北环路改造", "区交通局", "2000", "200")
    add(store, "东城幼儿园", "区教育局", "1000", "100")
    text = analysis_text(build_report(store, 2024, 6))
    band = paragraph(text, "1个项目赶上序时进度")
    assert band.endswith("，为区住建局的城南污水处理厂项目。")
    assert "这些项目" not in band
    assert "2个项目未赶上序时进度" in text
    assert_reads_well(text)


def test_all_projects_in_one_band(store):
    for i, unit in enumerate(["区住建局", "区水利局", "城关镇"]):
        add(store, f"项目{i + 1}号工程", unit, "1000", "100")
    text = analysis_text(build_report(store, 2024, 6))
    assert "全部3个项目均未赶上序时进度" in text
    assert "占项目总数" not in text
    for word in ("赶上序时进度，", "尚未开工", "个项目已竣工", "个项目已完成年度计划"):
        assert word not in text.replace("未赶上序时进度", "")
    assert "3个项目已全部开工" in text
    assert_reads_well(text)


def test_a_unit_with_several_projects_is_named_once(store):
    add(store, "建设路拓宽", "区建设局", "1000", "100")
    add(store, "人民路改造", "区建设局", "1000", "100")
    add(store, "第二中学扩建", "区教育局", "1000", "100")
    add(store, "滨江公园", "区建设局", "1000", "100")
    line = paragraph(analysis_text(build_report(store, 2024, 6)), "全部4个项目均未赶上序时进度")
    assert "区建设局的建设路拓宽、人民路改造、滨江公园项目；区教育局的第二中学扩建项目。" in line
    assert line.count("区建设局") == 1


def test_names_do_not_get_a_second_project_word():
    class L:  # the two attributes names_by_unit reads
        def __init__(self, name, unit, problem=""):
            self.name, self.unit, self.problem = name, unit, problem
    text = names_by_unit([L("汉江大桥工程", "区交通局"), L("物流园项目", "区交通局", "资金未到位。")], with_problem=True)
    assert text == "区交通局的汉江大桥工程、物流园项目（资金未到位）"


def test_not_started_past_planned_month_and_problems_by_cause(store):
    add(store, "工业园标准化厂房", "开发区", "3000", None, status="未开工", planned_start="2024-03",
        problem="土地报批未完成")
    add(store, "城北安置房", "区住建局", "5000", "300", problem="征地拆迁进度慢")
    add(store, "农贸市场改造", "城关镇", "800", "50", problem="项目资金未到位")
    add(store, "体育中心", "区文旅局", "4000", "100", problem="环评批复未取得")
    add(store, "文化广场", "区文旅局", "4000", "100", problem="规划方案需重新审批")
    add(store, "食品加工厂", "开发区", "2000", "100", problem="投资方资金链紧张")
    add(store, "老旧小区改造", "城关镇", "2000", "100", problem="雨季影响施工")
    add(store, "供水管网", "区水利局", "2000", "100")
    text = analysis_text(build_report(store, 2024, 6))
    band = paragraph(text, "1个项目尚未开工")
    assert "已超过计划开工时间" in band and "（土地报批未完成）" in band
    heads = [l for l in text.splitlines() if l.startswith("（") and "方面。" in l]
    kinds = [h[h.index("）") + 1:h.index("方面")] for h in heads]
    assert kinds == ["用地与征地拆迁", "资金与融资", "前期手续与审批", "设计与方案调整", "投资方变化或放弃", "其他"]
    land = heads[0]
    assert "涉及2个项目（未开工1个、未赶上序时进度1个）" in land
    assert "开发区的工业园标准化厂房项目（土地报批未完成）" in land and "城北安置房" in land
    assert "1个未赶上序时进度的项目未填报存在问题" in text and "区水利局的供水管网项目" in text
    assert_reads_well(text)


def test_every_project_on_schedule_has_no_problem_list(store):
    add(store, "城南污水处理厂", "区住建局", "1000", "600")
    add(store, "北环路改造", "区交通局", "1000", "1000")
    text = analysis_text(build_report(store, 2024, 6))
    problems = text[text.index("三、存在的问题"):text.index("四、下步工作")]
    assert "均已开工且赶上序时进度" in problems
    assert "1个项目已完成年度计划" in text
    assert_reads_well(text)


def test_same_month_last_year_gives_yoy(store):
    for year, ytd in ((2023, "800"), (2024, "1000")):
        pid = store.find_project("城南污水处理厂", "区住建局")
        if pid is None:
            add(store, "城南污水处理厂", "区住建局", "2000", ytd, year=year)
        else:
            store.set_plan(pid.id, year, to_fen("2000"))
            store.set_figure(pid.id, year, 6, {"ytd": to_fen(ytd)})
    r = build_report(store, 2024, 6)
    assert f"同比增长{fmt_pct(r.yoy)}%" in analysis_text(r)
    assert "同比" not in analysis_text(build_report(store, 2023, 6))


def test_yoy_adds_up_last_years_list_with_its_latest_figures(store):
    """上年同期累计: every project on last year's list (archived ones too), each with its latest 累计 up to the month
    (a unit that did not report in June counts with May's), compared with this year's 1—6月累计."""
    add(store, "城南污水处理厂", "区住建局", "2000", "600", year=2023, month=5)      # no June figure: May's counts
    old = add(store, "老城区改造", "区住建局", "1000", "200", year=2023)
    store.update_project(old, {"archived": True})
    add(store, "城北学校", "区教育局", "3000", "1000", year=2024)
    r = build_report(store, 2024, 6)
    assert r.last_year_ytd == to_fen("800")
    assert fmt_pct(r.yoy) == "25.0"


def test_causes_table():
    assert causes.classify("土地报批未完成") == "用地与征地拆迁"
    assert causes.classify("规划方案需重新审批") == "设计与方案调整"       # the first-named cause wins
    assert causes.classify("投资方资金链紧张") == "投资方变化或放弃"
    assert causes.classify("施工许可证尚未办理") == "前期手续与审批"
    assert causes.classify("雨季影响施工进度") == causes.OTHER
    assert not causes.is_problem("无") and not causes.is_problem(" / ") and causes.is_problem("缺资金")
    mine = [("安全生产", ("停工整改",))]
    assert causes.classify("停工整改中", mine) == "安全生产"


# ---- plain text in and out ---------------------------------------------------------------------------

def test_plain_text_round_trips_into_the_document(april_report):
    doc = build_analysis(april_report, today=dt.date(2009, 5, 5))
    back = parse_text(doc.text())
    assert back.title == doc.title == "2009年1—4月全区重点项目建设情况分析"
    assert [(b.level, b.text) for b in back.blocks] == [(b.level, b.text) for b in doc.blocks]
    assert [b.text for b in back.blocks if b.level == H1] == ["一、总体情况", "二、项目推进情况", "三、存在的问题",
                                                             "四、下步工作"]
    assert [b.text for b in back.blocks if b.level == SIGN] == ["襄城区发改局", "2009年5月5日"]


def test_edited_text_heads_are_recognised():
    doc = parse_text("\ufeff关于全镇项目的分析\r\n\r\n一、总体情况\r\n全镇项目进展顺利。\r\n（一）工业项目\r\n"
                     "1.园区厂房已封顶。\r\n1.5亿元的项目已开工。\r\n")
    assert doc.title == "关于全镇项目的分析"
    assert [b.level for b in doc.blocks] == [H1, BODY, H2, 3, BODY]


def test_single_cases_in_problems_and_next_steps(store):
    add(store, "城南污水处理厂", "区住建局", "1000", "600")
    add(store, "北环路改造", "区交通局", "2000", "200", problem="征地拆迁进度慢")
    add(store, "东城幼儿园", "", "1000", None, status="未开工", planned_start="2024-04")
    text = analysis_text(build_report(store, 2024, 6))
    assert "，为东城幼儿园项目。" in text                        # no unit on the card: no "的"
    assert "对未开工的东城幼儿园项目" in text
    assert "对未赶上序时进度的北环路改造项目下发督办单" in text
    assert "涉及1个未赶上序时进度的项目：区交通局的北环路改造项目（征地拆迁进度慢）" in text
    assert "1个未开工项目未填报存在问题" in text
    assert_reads_well(text)


def test_scope_follows_the_office_level():
    from exporters.analysis import scope_word

    assert scope_word("襄城区发改局") == "全区"
    assert scope_word("某某县城关镇人民政府") == "全镇"          # the level named last is the office's own
    assert scope_word("襄阳市襄城区发改局") == "全区"
    assert scope_word("东城街道办事处") == "全街道"
    assert scope_word("") == ""
