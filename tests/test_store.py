"""The store: validation messages, one transaction per change, the audit log, undo and redo, re-import."""
import pytest

from models.errors import ValidationError
from models.money import to_fen
from models.project import Project, ProjectRecord
from models.report import build_report
from models.validation import MAX_AMOUNT


def rec(name, unit, row, **kw) -> ProjectRecord:
    card = {"name": name, "unit": unit, "status": kw.pop("status", "在建")}
    return ProjectRecord(card=card, source_row=row, **kw)


def test_create_edit_undo_redo(store):
    pid = store.create_project(Project(name="汉江堤防加固", unit="区水利局"), year=2009, plan=to_fen("9286.91"))
    store.update_project(pid, {"leader": "王建国"})
    assert store.undo_label() == "修改项目「汉江堤防加固」"
    assert store.undo() == "修改项目「汉江堤防加固」"
    assert store.project(pid).leader == ""
    assert store.redo_label() == "修改项目「汉江堤防加固」"
    store.redo()
    assert store.project(pid).leader == "王建国"
    store.undo(); store.undo()
    assert store.projects() == [] and store.plans(2009) == {}
    assert store.undo() is None


def test_a_new_change_clears_redo(store):
    pid = store.create_project(Project(name="区社会福利院", unit="区民政局"))
    store.update_project(pid, {"leader": "甲"})
    store.undo()
    store.update_project(pid, {"leader": "乙"})
    assert store.redo_label() is None


def test_delete_takes_plans_and_figures_and_undo_brings_them_back(store):
    pid = store.create_project(Project(name="檀溪路改造", unit="檀溪街道", status="在建"), year=2009, plan=to_fen("100"))
    store.set_figure(pid, 2009, 3, {"ytd": to_fen("30"), "progress": "路基施工"})
    store.delete_project(pid)
    assert store.projects() == [] and store.figures(2009) == []
    store.undo()
    assert store.figure(pid, 2009, 3).progress == "路基施工"
    assert store.plan(pid, 2009).plan == to_fen("100")


def test_audit_records_who_what_old_and_new(store):
    pid = store.create_project(Project(name="古城街道农贸市场", unit="古城街道"))
    store.update_project(pid, {"total_investment": to_fen("31969.16")})
    store.set_settings({"office": "襄城区发改局"})
    h = store.history()
    assert h[0]["table_name"] == "settings" and "襄城区发改局" in h[0]["new"]
    assert h[1]["action"] == "update" and h[1]["old"] == '{"total_investment": 0}'
    assert h[1]["new"] == '{"total_investment": %d}' % to_fen("31969.16")
    assert h[1]["os_user"]


def test_monthly_and_ytd_follow_from_each_other(store):
    pid = store.create_project(Project(name="余家湖污水处理厂", unit="余家湖街道", status="在建"), year=2009)
    store.set_figure(pid, 2009, 3, {"ytd": to_fen("1457.21")})
    store.set_figure(pid, 2009, 4, {"month_amount": to_fen("565.94")})
    assert store.figure(pid, 2009, 4).ytd == to_fen("2023.15")
    store.set_figure(pid, 2009, 5, {"ytd": to_fen("2500")})
    assert store.figure(pid, 2009, 5).month_amount == to_fen("476.85")


def test_ytd_going_down_is_refused_with_the_project_and_months_named(store):
    pid = store.create_project(Project(name="区人民医院门诊综合楼", unit="区卫生局"), year=2009)
    store.set_figure(pid, 2009, 3, {"ytd": to_fen("3538.53")})
    with pytest.raises(ValidationError) as e:
        store.set_figure(pid, 2009, 4, {"ytd": to_fen("3000")})
    assert "区人民医院门诊综合楼" in str(e.value) and "1—4月累计" in str(e.value) and "3,538.53" in str(e.value)
    assert store.figure(pid, 2009, 4) is None


@pytest.mark.parametrize("card, words", [
    ({"name": ""}, ["项目名称不能为空"]),
    ({"name": "甲", "status": "在干"}, ["项目状态", "在干"]),
    ({"name": "甲", "nature": "新造"}, ["建设性质", "新造"]),
    ({"name": "甲", "total_investment": -5}, ["总投资", "负数"]),
    ({"name": "甲", "total_investment": to_fen("50000000")}, ["总投资", "金额单位"]),
    ({"name": "甲", "planned_start": "2024-13"}, ["计划开工年月", "2024-13"]),
    ({"name": "甲", "actual_start": "昨天"}, ["实际开工日期"]),
    ({"name": "甲", "actual_start": "2024-05-01", "actual_finish": "2024-01-01"}, ["竣工日期早于"]),
])
def test_each_validation_message_names_project_and_field(store, card, words):
    with pytest.raises(ValidationError) as e:
        store.create_project(card)
    for w in words:
        assert w in str(e.value)
    assert store.projects() == []


def test_duplicate_in_same_unit_refused_but_other_unit_fine(store):
    store.create_project(Project(name="新能源光伏组件", unit="区科技局"))
    with pytest.raises(ValidationError, match="区科技局.*新能源光伏组件"):
        store.create_project(Project(name="新能源光伏组件 ", unit="区科技局"))
    store.create_project(Project(name="新能源光伏组件", unit="开发区"))


def test_import_is_all_or_nothing_and_names_the_bad_row(store):
    records = [rec("甲项目", "A镇", 4, plan=to_fen("100"), ytd=to_fen("10")),
               rec("乙项目", "A镇", 5, plan=MAX_AMOUNT + 1),
               rec("丙项目", "B镇", 6, plan=to_fen("100"))]
    with pytest.raises(ValidationError) as e:
        store.apply_import(records, 2009, 4)
    assert "第5行" in str(e.value) and "乙项目" in str(e.value) and "年度计划投资" in str(e.value)
    assert store.projects() == [] and store.undo_label() is None


def test_reimport_updates_instead_of_duplicating_and_twice_changes_nothing(store):
    records = [rec("甲项目", "A镇", 4, plan=to_fen("100"), ytd=to_fen("10"), month_amount=to_fen("4"))]
    first = store.apply_import(records, 2009, 4, label="导入一")
    assert first.new == ["甲项目"]
    second = store.apply_import(records, 2009, 4, label="导入二")
    assert second.unchanged == ["甲项目"] and second.op_id is None
    assert store.undo_label() == "导入一"          # the no-op import left no step to undo
    changed = [rec("（甲项目）".strip("（）"), "A镇", 4, plan=to_fen("120"), ytd=to_fen("10"), month_amount=to_fen("4"))]
    third = store.apply_import(changed, 2009, 4, label="导入三")
    assert third.updated == ["甲项目"] and len(store.projects()) == 1
    assert store.plan(store.projects()[0].id, 2009).plan == to_fen("120")
    store.undo()
    assert store.plan(store.projects()[0].id, 2009).plan == to_fen("100")


def test_same_project_twice_in_one_return_is_refused(store):
    with pytest.raises(ValidationError, match="第7行.*第4行"):
        store.apply_import([rec("甲", "A镇", 4), rec("甲", "A镇", 7)], 2009, 4)


def test_carry_over_puts_unfinished_projects_on_next_year_as_continuing(store):
    a = store.create_project(Project(name="甲", unit="A镇", status="在建", nature="新建"), year=2024)
    store.create_project(Project(name="乙", unit="A镇", status="已竣工"), year=2024)
    assert store.carry_over(2024, 2025) == 1
    assert [p.name for p in store.projects(2025)] == ["甲"] and store.project(a).nature == "续建"
    store.undo()
    assert store.projects(2025) == [] and store.project(a).nature == "新建"


def test_figures_carry_forward_for_units_that_have_not_reported(store):
    pid = store.create_project(Project(name="甲", unit="A镇", status="在建"), year=2024, plan=to_fen("1200"))
    store.set_figure(pid, 2024, 3, {"ytd": to_fen("300")})
    r = build_report(store, 2024, 4)
    # not reported in April: its 本月 is unknown, not zero
    assert r.total.ytd == to_fen("300") and r.total.month_amount is None and r.total.month_unknown == 1
    assert [l.name for l in r.not_reported] == ["甲"]
    store.mark_reported_zero([pid], 2024, 4)
    r = build_report(store, 2024, 4)
    assert r.not_reported == [] and store.figure(pid, 2024, 4).ytd == to_fen("300")


def test_database_from_a_newer_program_is_refused(tmp_path):
    import sqlite3
    from models.errors import StoreError
    from models.store import Store
    path = tmp_path / "新.db"
    c = sqlite3.connect(path); c.execute("PRAGMA user_version = 99"); c.close()
    with pytest.raises(StoreError, match="较新版本"):
        Store.open(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    from models.errors import StoreError
    from models.store import Store
    path = tmp_path / "台账.db"
    path.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(StoreError, match="不是台账数据库"):
        Store.open(path)
    assert path.read_text(encoding="utf-8") == "这不是数据库"


def test_a_report_is_reused_until_the_data_changes(store):
    """The window asks for the same month from several places; a change anywhere gives a fresh report."""
    from models.project import Project
    from models.report import build_report

    pid = store.create_project(Project(name="汉江堤防加固", unit="区水利局"), 2024, 30_000_000)
    first = build_report(store, 2024, 3)
    assert build_report(store, 2024, 3) is first
    store.set_figure(pid, 2024, 3, {"ytd": 9_000_000})
    fresh = build_report(store, 2024, 3)
    assert fresh is not first and fresh.total.ytd == 9_000_000
    store.undo()
    assert build_report(store, 2024, 3).total.ytd == 0
    with store.conn:       # even a write that bypasses the store's operations
        store.conn.execute("UPDATE annual_plans SET plan = 1 WHERE project_id = ?", (pid,))
    assert build_report(store, 2024, 3).total.annual_plan == 1
