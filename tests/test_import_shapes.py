"""Each shape of return DOMAIN.md lists is read to the figures it holds, exactly."""
from __future__ import annotations

from decimal import Decimal

import pytest

import fixtures_returns as fx
from importers.reader import read_return
from models.money import FEN_PER_WAN
from models.report import build_report


def _wan(fen: int) -> Decimal:
    return Decimal(fen) / FEN_PER_WAN


@pytest.mark.parametrize("builder", fx.SHAPES, ids=lambda b: b.__name__)
def test_each_shape_gives_its_projects_period_and_exact_sums(builder, tmp_path, store):
    shape = builder(tmp_path)
    res = read_return(shape.path)
    assert len(res.records) == shape.projects, res.report.as_text()
    assert (res.report.year, res.report.month) == (shape.year, shape.month)
    assert _wan(sum(r.plan or 0 for r in res.records)) == shape.plan_wan
    summary = store.apply_import(res.records, shape.year, shape.month)
    assert len(summary.new) == shape.projects
    report = build_report(store, shape.year, shape.month)
    assert _wan(report.total.ytd) == shape.ytd_wan
    assert _wan(report.total.annual_plan) == shape.plan_wan


def test_simple_return_reads_status_problems_and_skips_total_and_footer(tmp_path):
    res = read_return(fx.simple(tmp_path).path)
    by_name = {r.name: r for r in res.records}
    assert by_name["工业园标准厂房"].card["status"] == "未开工"
    assert by_name["工业园标准厂房"].problem == "土地报批未完成"
    assert by_name["智慧农业示范园"].card["status"] == "已竣工"
    assert by_name["城南污水处理厂"].month_amount == 200_100_000          # 200.10万元 in 分
    reasons = [reason for _, reason in res.report.skipped]
    assert "合计行" in reasons and any("填表人" in r for r in reasons)
    assert res.report.office == "XX区发改局"
    assert any("与各项目之和一致" in line for line in res.report.inferred)


def test_two_row_header_takes_units_from_section_rows_and_skips_subtotals(tmp_path):
    res = read_return(fx.two_row_header(tmp_path).path)
    units = {r.name: r.unit for r in res.records}
    assert units["滨江路改造"] == "区住建局" and units["智慧农业示范园"] == "城关镇"
    assert res.report.header_rows == [3, 4]
    assert sum(1 for _, why in res.report.skipped if why == "小计行") == 4
    mapped = {c.target for c in res.report.columns}
    assert {"plan", "ytd", "total_investment", "progress"} <= mapped
    ratio_col = next(c for c in res.report.columns if "占年计划" in c.header)
    assert ratio_col.target == "ignore"


def test_three_row_header_in_yi_yuan_converts_exactly_and_fills_category(tmp_path):
    res = read_return(fx.three_row_yi(tmp_path).path)
    rec = next(r for r in res.records if r.name == "城南污水处理厂")
    assert rec.card["total_investment"] == 12_345_670_000      # 1.234567亿元 = 12,345.67万元
    assert rec.card["category"] == "基础设施"
    assert any(why == "栏次行" for _, why in res.report.skipped)
    unit_col = next(c for c in res.report.columns if c.target == "plan")
    assert unit_col.unit == "亿元"


def test_text_numbers_in_yuan_and_every_date_form(tmp_path):
    shape = fx.text_numbers_and_dates(tmp_path)
    res = read_return(shape.path)
    by_name = {r.name: r for r in res.records}
    assert by_name["镇区道路"].plan == 123_456_789              # 1,234,567.89元 in 分
    assert by_name["镇区道路"].ytd == 12_345_678                # full-width digits
    for name, status in shape.facts["statuses"].items():
        assert by_name[name].card["status"] == status, name
    assert by_name["小学扩建"].card["actual_start"] == "2025-05"     # kept as sent: the import marks it 待核实
    assert by_name["镇区道路"].card["actual_start"] == "2023-03-15"
    assert by_name["农贸市场"].card["actual_start"] == "2024-03"
    assert by_name["污水管网"].card["actual_finish"] == "2024-02-28"
    assert (res.report.year, res.report.month) == (2024, 3)        # from the sheet's name
    assert all(c.unit == "元" for c in res.report.columns if c.target in ("plan", "ytd"))


def test_formulas_saved_without_results_are_calculated(tmp_path):
    shape = fx.formulas_in_rows(tmp_path)
    res = read_return(shape.path)
    total = sum(r.card["total_investment"] for r in res.records)
    assert _wan(total) == shape.facts["total_investment_wan"]
    assert _wan(sum(r.ytd for r in res.records)) == shape.ytd_wan
    assert any("公式" in line for line in res.report.inferred)


def test_several_sheets_are_merged_and_the_instructions_sheet_ignored(tmp_path):
    res = read_return(fx.several_sheets(tmp_path).path)
    assert res.report.sheet == "区住建局、其他单位"
    assert {r.unit for r in res.records} == {"区住建局", "区经信局", "区卫健委", "城关镇"}
    only = read_return(fx.several_sheets(tmp_path).path, sheet="区住建局")
    assert len(only.records) == 2


def test_given_year_and_month_override_the_title_with_a_warning(tmp_path):
    res = read_return(fx.simple(tmp_path).path, year=2024, month=8)
    assert res.report.month == 8
    assert any("按指定的8月" in w for w in res.report.warnings)


def test_unit_override_applies_only_to_columns_without_a_unit(tmp_path):
    shape = fx.formulas_in_rows(tmp_path)
    res = read_return(shape.path, unit_override="元")
    cols = {c.header: c.unit for c in res.report.columns if c.unit}
    assert cols["总投资（万元）"] == "万元"


def test_amounts_in_yuan_read_as_wan_give_a_warning(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "总投资", "年度计划"])
    for i in range(3):
        ws.append([f"项目{i}", 3_500_000_000 + i, 500_000_000])
    wb.save(tmp_path / "yuan.xlsx")
    res = read_return(tmp_path / "yuan.xlsx", year=2024, month=3)
    assert any("元" in w and "--money-unit" in w for w in res.report.warnings)


def test_reimport_updates_instead_of_duplicating(tmp_path, store):
    shape = fx.simple(tmp_path)
    res = read_return(shape.path)
    store.apply_import(res.records, 2024, 9)
    again = store.apply_import(read_return(shape.path).records, 2024, 9)
    assert (len(again.new), len(again.updated), len(again.unchanged)) == (0, 0, 5)
    assert len(store.projects(2024)) == 5


def test_mapping_report_text_names_columns_and_skipped_rows(tmp_path):
    text = read_return(fx.two_row_header(tmp_path).path).report.as_text()
    assert "牵头单位" in text and "→ 责任单位" in text
    assert "小计行" in text and "报告期：2024年1—6月" in text


def test_a_manual_mapping_correction_is_honoured(tmp_path):
    shape = fx.simple(tmp_path)
    res = read_return(shape.path)
    problem_col = next(c.index for c in res.report.columns if c.target == "problem")
    res2 = read_return(shape.path, mapping_overrides={problem_col: "remark"})
    rec = next(r for r in res2.records if r.name == "工业园标准厂房")
    assert rec.card["remark"] == "土地报批未完成" and rec.problem is None


def test_a_header_repeated_on_each_printed_page_and_spaced_totals_are_skipped(tmp_path):
    """A return pasted from printed pages repeats its header (spaced out, full-width brackets) and writes 合  计 and
    小 计 with spaces, in the name column or the 序号 column: none of those rows is a project."""
    import openpyxl

    path = tmp_path / "pages.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "项目名称", "总投资（万元）", "1-6月完成投资（万元）"])
    ws.append([1, "城南小学改扩建", 1200, 300.5])
    ws.append([2, "汇通路总长2公里", 800, "1,000.25"])        # 小 and 总 in a name: still a project
    ws.append(["序号", "项 目 名 称", "总投资（万元）", "1-6月完成投资（万元）"])
    ws.append([3, "名称待定的项目", 50, None])               # 名 and 称 in a name: still a project
    ws.append([None, "小  计", 2050, 1300.75])
    ws.append(["合 计", None, 2050, 1300.75])
    wb.save(path)
    res = read_return(path)
    assert [r.name for r in res.records] == ["城南小学改扩建", "汇通路总长2公里", "名称待定的项目"]
    assert [r.ytd for r in res.records] == [300_500_000, 1_000_250_000, None]
    assert [reason for _, reason in res.report.skipped] == ["重复的表头", "小计行", "合计行"]
