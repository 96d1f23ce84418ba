"""Monthly entry without a window: typed text parsed as a clerk types it, a paste is one undoable step."""
import pytest

from models.entry import CellChange, apply_cells, parse_date, parse_money, warnings_for
from models.errors import ValidationError
from models.money import to_fen
from models.project import Project
from models.report import build_report


@pytest.fixture
def two(store):
    a = store.create_project(Project(name="汉江堤防加固", unit="区水利局", status="在建",
                                     total_investment=to_fen("67835.34")), year=2009, plan=to_fen("9286.91"))
    b = store.create_project(Project(name="农村初中校舍改造", unit="区教育局"), year=2009, plan=to_fen("12508.62"))
    store.set_figure(a, 2009, 3, {"ytd": to_fen("6146.59")})
    return store, a, b


@pytest.mark.parametrize("text, fen", [("1,234.56", to_fen("1234.56")), ("１２３．４", to_fen("123.4")),
                                       ("12.5万元", to_fen("12.5")), ("—", None), ("", None), (" 7 ", to_fen("7"))])
def test_money_as_typed(text, fen):
    assert parse_money(text) == fen


def test_bad_number_names_project_and_field():
    with pytest.raises(ValidationError, match="项目「甲」：本月完成「十二」不是数字"):
        parse_money("十二", who="项目「甲」", field="本月完成")


@pytest.mark.parametrize("text, iso", [("2024-3-5", "2024-03-05"), ("2024.3.5", "2024-03-05"),
                                       ("2024年3月5日", "2024-03-05"), ("2024/3", "2024-03"), ("2024年5月", "2024-05")])
def test_dates_as_typed(text, iso):
    assert parse_date(text) == iso


def test_a_pasted_block_is_one_step_and_the_other_amount_follows(two):
    store, a, b = two
    n = apply_cells(store, 2009, 4, [CellChange(a, "month_amount", "2004.22"), CellChange(a, "progress", "堤身加高培厚"),
                                     CellChange(b, "actual_start", "2009-4-20"), CellChange(b, "ytd", "100")],
                    label="粘贴4个单元格")
    assert n == 3
    assert store.figure(a, 2009, 4).ytd == to_fen("8150.81")
    assert store.project(b).status == "在建" and store.project(b).actual_start == "2009-04-20"
    assert store.undo() == "粘贴4个单元格"
    assert store.figure(a, 2009, 4) is None and store.project(b).status == "未开工"


def test_a_bad_cell_in_a_paste_stores_nothing(two):
    store, a, b = two
    with pytest.raises(ValidationError, match="农村初中校舍改造"):
        apply_cells(store, 2009, 4, [CellChange(a, "ytd", "7000"), CellChange(b, "ytd", "abc")], label="粘贴")
    assert store.figure(a, 2009, 4) is None


def test_typing_a_lower_ytd_than_last_month_is_refused(two):
    store, a, _ = two
    with pytest.raises(ValidationError, match="累计数不能减少"):
        apply_cells(store, 2009, 4, [CellChange(a, "ytd", "6000")], label="录入")


def test_suspicious_values_are_explained(two):
    store, a, _ = two
    apply_cells(store, 2009, 4, [CellChange(a, "month_amount", "62000")], label="录入")   # a digit too many
    line = next(l for l in build_report(store, 2009, 4).lines if l.project.id == a)
    why = warnings_for(line, 4)
    assert any("超过总投资" in w for w in why)
    assert any("月均" in w for w in why)
    ok = next(l for l in build_report(store, 2009, 3).lines if l.project.id == a)
    assert warnings_for(ok, 3) == []
