"""Money stays exact: sums of many odd amounts, unit conversion, half-up rounding when shown."""
from decimal import Decimal

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
