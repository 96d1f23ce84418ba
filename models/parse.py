"""The one amount parser and the one date parser: import, the monthly grid and the card all read values here."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .errors import ValidationError
from .money import UNIT_FEN, Fen, to_fen

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋（）：／", "0123456789.,-+():/")
# what units and clerks write for "nothing": blank, dashes, slashes, 无/暂无. "0.00" is NOT here: it is zero
EMPTY = frozenset({"", "-", "--", "—", "——", "―", "－", "—-", "/", "／", "\\", "无", "暂无", "空", "×"})
# a date cell that says where the project stands instead of when: no date
_NO_DATE = frozenset({"未开工", "未竣工", "在建"})
# "12.5万元" in a cell: a written unit beats the column's (longest first, so 万元 is not read as 元)
_UNIT_SUFFIXES = (("亿元", "亿元"), ("万元", "万元"), ("元", "元"), ("万", "万元"), ("亿", "亿元"))
MAX_ABS = Decimal(10) ** 15            # beyond this a number is no amount of money at all


class BadValue(ValueError):
    """A value that cannot be read as an amount or a date; the message says why (without naming the cell)."""


def _clean(value: object) -> str:
    return str(value).strip().translate(FULL_WIDTH).replace(",", "").replace(" ", "").replace("\u00a0", "")


def decimal_of(value: object) -> Decimal | None:
    """An amount as an exact Decimal: 1234.5, '1,234.50', '１２３４', '(12)' → -12; empty marks → None.

    A unit written after the number is dropped here; `amount` applies it."""
    return _amount(value)[0]


def _amount(value: object) -> tuple[Decimal | None, str | None]:
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, int):
        return Decimal(value), None
    if isinstance(value, float):
        # repr gives the shortest text that reads back as the same double: what the unit typed
        return Decimal(repr(value)), None
    if isinstance(value, Decimal):
        return value, None
    if isinstance(value, (dt.date, dt.datetime)):
        raise BadValue("是日期，不是金额")
    t = _clean(value)
    written = None
    for suffix, unit in _UNIT_SUFFIXES:
        if t.endswith(suffix):
            t, written = t[: -len(suffix)], unit
            break
    if t in EMPTY:
        return None, None
    if t.startswith("(") and t.endswith(")"):      # accountants' negative
        t = "-" + t[1:-1]
    try:
        d = Decimal(t)
    except InvalidOperation:
        raise BadValue("不是数字") from None
    if not d.is_finite():
        raise BadValue("不是数字")
    return d, written


# digits below the unit a 分 is: 1元 = 10²分, 1万元 = 10⁶分, 1亿元 = 10¹⁰分
_FEN_DIGITS = {"元": 2, "万元": 6, "亿元": 10}
_MAX_INT = 10 ** 15


def amount(value: object, unit: str = "万元") -> Fen | None:
    """A cell or typed text in `unit` (元/万元/亿元; a unit written in the text wins) → exact 分; empty → None."""
    if type(value) is float:
        # most amount cells: the digits repr gives (the number as typed) shifted to 分, when no rounding is due;
        # the same integer to_fen(Decimal(repr(value)), unit) gives, without Decimal arithmetic for each cell
        digits = _FEN_DIGITS.get(unit)
        text = repr(value)
        if digits is not None and -1e14 < value < 1e14 and "e" not in text:
            whole, _, frac = text.partition(".")
            if len(frac) <= digits:
                return int(whole + frac + "0" * (digits - len(frac)))
    elif type(value) is int and -_MAX_INT <= value <= _MAX_INT and unit in UNIT_FEN:
        return value * UNIT_FEN[unit]
    elif value is None:
        return None
    d, written = _amount(value)
    if d is None:
        return None
    if abs(d) > MAX_ABS:
        raise BadValue("数额过大")
    return to_fen(d, written or unit)


def money_field(text: object, *, who: str = "", field: str = "", unit: str = "万元") -> Fen | None:
    """A typed amount for the grid or the card → 分 or None (cleared); ValidationError naming who and field."""
    try:
        return amount(text, unit)
    except BadValue as exc:
        raise ValidationError(f"{_who(who)}{field}「{str(text).strip()}」{exc}（单位：{unit}）", field) from None


# ---- dates ------------------------------------------------------------------------------------------------

_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?\s*[日号月]?\s*"
                  r"(?:底|初|中旬|上旬|下旬|前|份)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class DateReading:
    """A date as read: ISO text ('YYYY-MM-DD', 'YYYY-MM' or ''), and why the reading may be wrong ('' if sure)."""

    iso: str
    doubt: str = ""


def read_date(value: object) -> DateReading:
    """A date cell or typed text → DateReading. Accepts real dates, Excel serials, '2023.3', '2024年5月',
    '2024/3/15', '2024-04-12', '20240412'; refuses dates the calendar has not (2024-02-31)."""
    if value is None:
        return DateReading("")
    if isinstance(value, dt.datetime):
        return DateReading(value.date().isoformat())
    if isinstance(value, dt.date):
        return DateReading(value.isoformat())
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _date_number(value)
    t = str(value).strip().translate(FULL_WIDTH)
    if t in EMPTY or t in _NO_DATE:
        return DateReading("")
    m = _YMD.match(t) or _COMPACT.match(t)
    if not m:
        raise BadValue("不是日期")
    y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
    return DateReading(_checked(y, mo, int(d) if d else None))


def _date_number(value: int | float | Decimal) -> DateReading:
    if 1900 <= value < 2100 and value != int(value):
        # 2023.3 typed in a number cell means March 2023. Excel keeps 2023.10 as 2023.1, so a ".1" may have
        # been October: read as January (what the cell holds) and say so
        y, frac = (repr(value) if isinstance(value, float) else str(value)).split(".")
        frac = frac.rstrip("0")
        if len(frac) <= 2 and 1 <= int(frac) <= 12:
            doubt = (f"数字{y}.{frac}按{y}年{int(frac)}月读取；如填的是{y}.10（{y}年10月），"
                     "Excel会存成这个数，请核对" if frac == "1" else "")
            return DateReading(f"{y}-{int(frac):02d}", doubt)
    if 20000 < value < 80000:                  # an Excel date serial in a cell not formatted as a date
        return DateReading((EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat())
    raise BadValue("不是日期")


def _checked(y: int, mo: int, d: int | None) -> str:
    if not 1900 <= y < 2100:
        raise BadValue(f"不是日期（年份{y}不对）")
    if not 1 <= mo <= 12:
        raise BadValue(f"不是日期（没有{mo}月）")
    if d is None:
        return f"{y:04d}-{mo:02d}"
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        raise BadValue(f"不是日期（{y}年{mo}月没有{d}日）") from None


def date_of(value: object) -> str:
    """A date cell or typed text → 'YYYY-MM-DD' / 'YYYY-MM' ('' for blank); BadValue when it is no date."""
    return read_date(value).iso


def date_field(text: object, *, who: str = "", field: str = "") -> str:
    """A typed date for the grid or the card → ISO text ('' cleared); ValidationError naming who and field."""
    try:
        return date_of(text)
    except BadValue as exc:
        raise ValidationError(f"{_who(who)}{field}「{str(text).strip()}」{exc}，请写成 2024-03-15 或 2024-03",
                              field) from None


def iso_date_problem(iso: str, *, month_only: bool = False) -> str:
    """Why a stored ISO date text is not one ('' when it is): the check the store applies to every card."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", iso)
    if not m or (month_only and m.group(3)):
        return "格式不对"
    try:
        _checked(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    except BadValue as exc:
        return str(exc)
    return ""


def _who(who: str) -> str:
    return f"{who}：" if who else ""


__all__ = ["EMPTY", "FULL_WIDTH", "BadValue", "DateReading", "amount", "date_field", "date_of", "decimal_of",
           "iso_date_problem", "money_field", "read_date"]
