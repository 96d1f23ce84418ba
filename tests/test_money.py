"""Money stays exact: sums of many odd amounts, unit conversion, half-up rounding when shown."""
from decimal import Decimal

import pytest

from models.money import FEN_PER_WAN, fmt_money_text, fmt_pct, fmt_wan, ratio, to_fen


def test_sum_of_many_odd_amounts_is_exact():
    # 0.01万元 ten thousand times is exactly 100.00万元; binary floats would drift
    amounts = [to_fen("0.01")] * 10_000 + [to_fen("1234.57"), to_fen("0.03")]
    assert fmt_wan(sum(amounts)) == "1334.60"
    assert sum(float("0.01") for _ in range(10_000)) != 100.0  # why floats are banned


def test_units_convert_exactly():
    assert to_fen("12345.67", "元") == to_fen("1.234567", "万元") == 1_234_567
    assert to_fen("1.2", "亿元") == to_fen("12000", "万元")
    assert to_fen(Decimal("77000.00")) == 77_000 * FEN_PER_WAN


def test_shown_figures_round_half_up_once():
    assert fmt_pct(ratio(77_000, 400_000)) == "19.3"       # 19.25% → 19.3, not banker's 19.2
    assert fmt_wan(to_fen("0.005")) == "0.01"
    assert fmt_wan(to_fen("1234567.891"), thousands=True) == "1,234,567.89"
    assert fmt_pct(ratio(1, 0)) == ""                       # nothing to divide by


def test_text_speaks_yi_above_one_yi_and_wan_below():
    assert fmt_money_text(to_fen("545500")) == "54.55亿元"
    assert fmt_money_text(to_fen("690")) == "690万元"
    assert fmt_money_text(to_fen("690.5")) == "690.50万元"
    assert fmt_money_text(to_fen("10000")) == "1.00亿元"


def _amount_by_decimal(value, unit):
    """What models.parse.amount gave for a number cell before its fast path: Decimal arithmetic throughout."""
    from models.parse import MAX_ABS, BadValue

    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if abs(d) > MAX_ABS:
        raise BadValue("数额过大")
    return to_fen(d, unit)


def test_number_cells_give_the_same_fen_as_exact_decimal_arithmetic():
    """Amount cells typed as numbers (most of a return) take a fast path: every kind of number a unit types — two
    decimals, half-分 edges such as 0.005元, negatives, tiny and huge ones, integers — gives the 分 Decimal gives."""
    import random

    from models.parse import BadValue, amount

    rng = random.Random(15)
    values: list = [0.0, -0.0, 0.005, -0.005, 0.0049999, 0.015, 1.005, 2.675, -2.675, 0.1 + 0.2, 1e-05, 1.5e-07,
                    123456789.123456, 99999999999999.99, 1e14, -1e14, 1e15, 1e15 + 0.125, 1e16, 3.0, -7.0,
                    float("inf"), float("-inf"), 0, 1, -1, 10 ** 15, -10 ** 15, 10 ** 15 + 1, 12345678901234567]
    for _ in range(20_000):
        places = rng.randint(0, 12)
        v = rng.randint(-10 ** 15, 10 ** 15) / 10 ** places
        values += [v, round(v, rng.randint(0, 4)), rng.randint(-10 ** 6, 10 ** 6) / 1000 + 0.0005]
    values += [k / 1000 for k in range(-3000, 3000)] + [k + 0.005 for k in range(-500, 500)]
    for unit in ("元", "万元", "亿元"):
        for v in values:
            try:
                want = _amount_by_decimal(v, unit)
            except BadValue:
                with pytest.raises(BadValue):
                    amount(v, unit)
                continue
            got = amount(v, unit)
            assert got == want and type(got) is int, (v, unit, got, want)
