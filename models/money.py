"""Exact money: integer 分 (fen) inside, 万元/亿元 strings at the edges; percentages rounded half up once, when shown."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN_PER_YUAN = 100
FEN_PER_WAN = 1_000_000          # 1万元 = 10,000元 = 1,000,000分
FEN_PER_YI = 10_000_000_000      # 1亿元 = 10,000万元

UNIT_FEN = {"元": FEN_PER_YUAN, "万元": FEN_PER_WAN, "亿元": FEN_PER_YI}

Fen = int


def to_fen(amount: Decimal | int | str, unit: str = "万元") -> Fen:
    """Convert an exact amount in 元/万元/亿元 to integer 分, rounding half up below 1分."""
    if unit not in UNIT_FEN:
        raise ValueError(f"未知金额单位：{unit}")
    try:
        d = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
    except InvalidOperation as exc:
        raise ValueError(f"不是数字：{amount}") from exc
    return int((d * UNIT_FEN[unit]).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def wan(fen: Fen) -> Decimal:
    """Exact 万元 value of an amount in 分."""
    return Decimal(fen) / FEN_PER_WAN


def yi(fen: Fen) -> Decimal:
    """Exact 亿元 value of an amount in 分."""
    return Decimal(fen) / FEN_PER_YI


def round_half_up(d: Decimal, places: int) -> Decimal:
    """Round half up (away from zero: −1.125 → −1.13) to `places` decimals, or tens/hundreds when negative:
    the trade's rounding, once, when shown, and Excel's ROUND."""
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt_wan(fen: Fen, thousands: bool = False) -> str:
    """万元 with 2 decimals: '77000.00' (or '77,000.00' with thousands separators)."""
    v = round_half_up(wan(fen), 2)
    return f"{v:,.2f}" if thousands else f"{v:.2f}"


def fmt_money_text(fen: Fen) -> str:
    """Money as the 文字分析 says it: '54.55亿元', or '690万元' / '690.50万元' under 1亿元."""
    if abs(fen) >= FEN_PER_YI:
        return f"{round_half_up(yi(fen), 2):.2f}亿元"
    v = round_half_up(wan(fen), 2)
    text = f"{v:.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return f"{text}万元"


def ratio(part: Fen | int, whole: Fen | int) -> Decimal | None:
    """Exact ratio part/whole as a Decimal, None when whole is zero (never divide by an empty plan)."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


def pct(r: Decimal | None, places: int = 1) -> Decimal | None:
    """A ratio as a percentage rounded half up: 0.1925 → Decimal('19.3')."""
    if r is None:
        return None
    return round_half_up(r * 100, places)


def fmt_pct(r: Decimal | None, places: int = 1, empty: str = "") -> str:
    """A ratio as '19.3' (no % sign); `empty` when there is nothing to divide by."""
    p = pct(r, places)
    return empty if p is None else f"{p:.{places}f}"
