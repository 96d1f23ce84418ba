"""Cell values as units type them: amounts as text, dates in every form, 是/否 flags, status words."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from models.money import Fen, to_fen

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋（）：／", "0123456789.,-+():/")
# what units write for "nothing": blank, dashes, slashes, 无
EMPTY = {"", "-", "--", "—", "——", "―", "－", "/", "／", "\\", "无", "暂无", "空", "0.00", "×"}


class BadValue(ValueError):
    """A cell that cannot be read as the column's kind; the message says what was expected."""


def text(value: object) -> str:
    """A cell as trimmed text ('' for empty); numbers without a trailing '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def decimal_of(value: object) -> Decimal | None:
    """An amount as an exact Decimal: 1234.5, '1,234.50', '１２３４', '12.5万元', '—' → None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr gives the shortest text that reads back as the same double: what the unit typed
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        raise BadValue("是日期，不是金额")
    t = str(value).strip().translate(FULL_WIDTH).replace(",", "").replace(" ", "").replace("\u00a0", "")
    for suffix in ("亿元", "万元", "元", "万", "亿"):
        if t.endswith(suffix):
            t = t[: -len(suffix)]
            break
    if t in EMPTY:
        return None
    if t.startswith("(") and t.endswith(")"):      # accountants' negative
        t = "-" + t[1:-1]
    try:
        d = Decimal(t)
    except InvalidOperation:
        raise BadValue("不是数字") from None
    if not d.is_finite():
        raise BadValue("不是数字")
    return d


def money_of(value: object, unit: str) -> Fen | None:
    """An amount cell in the column's unit → 分; None for blank."""
    d = decimal_of(value)
    if d is None:
        return None
    if abs(d) > Decimal(10) ** 15:
        raise BadValue("数额过大")
    return to_fen(d, unit)


_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?\s*[日号月]?\s*(?:底|初|中旬|上旬|下旬|前|份)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def date_of(value: object) -> str:
    """A date cell → 'YYYY-MM-DD' or 'YYYY-MM' ('' for blank). Accepts real dates, Excel serials,
    '2023.3', '2024年5月', '2024/3/15', '2024-04-12', '20240412'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and 1900 <= value < 2100 and not value.is_integer():
            # 2023.3 typed in a number cell means March 2023 (2023.10 arrives as 2023.1: read as January)
            y, frac = repr(value).split(".")
            if len(frac) <= 2 and 1 <= int(frac) <= 12:
                return f"{y}-{int(frac):02d}"
        if 20000 < value < 80000:                  # an Excel date serial in a cell not formatted as a date
            return (EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
        raise BadValue("不是日期")
    t = str(value).strip().translate(FULL_WIDTH)
    if t in EMPTY or t in ("未开工", "未竣工", "在建"):
        return ""
    m = _YMD.match(t) or _COMPACT.match(t)
    if not m:
        raise BadValue("不是日期")
    y, mo = int(m.group(1)), int(m.group(2))
    d = m.group(3)
    if not 1900 <= y < 2100 or not 1 <= mo <= 12:
        raise BadValue("不是日期")
    if d:
        try:
            return dt.date(y, mo, int(d)).isoformat()
        except ValueError:
            raise BadValue("不是日期") from None
    return f"{y}-{mo:02d}"


_YES = {"是", "√", "✓", "✔", "y", "yes", "1", "true", "是的", "☑", "●", "★", "▲"}
_NO = {"", "否", "×", "✗", "n", "no", "0", "false", "不是", "/", "-", "—", "无"}


def flag_of(value: object) -> bool:
    """是/否, √, 1/0 → bool; anything else non-empty counts as 是 (units mark with any sign)."""
    t = text(value).lower()
    if t in _NO:
        return False
    return True


def flags_of(value: object) -> dict[str, bool]:
    """A 级别 cell such as '市级重点、考核项目' → the three flags."""
    t = text(value)
    return {"is_city_key": "市" in t, "is_district_key": bool(re.search(r"[区县]", t)), "is_assessed": "考核" in t}


_STATUS = [
    ("在建", re.compile(r"未竣工|未完工|尚未竣工|正在")),
    ("已竣工", re.compile(r"竣工|完工|建成|投产|完成建设|已完成")),
    ("未开工", re.compile(r"未开工|前期|筹建|拟开工|待开工|未动工|尚未|未启动|谋划|储备")),
    ("在建", re.compile(r"在建|开工|施工|续建|建设中|推进|动工|新开工")),
]


def status_of(value: object) -> str | None:
    """A status word → 在建 / 已竣工 / 未开工; None when the cell is blank or says something else."""
    t = text(value)
    if not t:
        return None
    if t in ("是",):                              # a 是否开工 column
        return "在建"
    if t in ("否",):
        return "未开工"
    for status, rx in _STATUS:
        if rx.search(t):
            return status
    return None


NATURE_WORDS = {"新建": "新建", "新开工": "新建", "续建": "续建", "扩建": "扩建", "改建": "改建", "技改": "改建",
                "改扩建": "扩建", "迁建": "迁建", "改造": "改建"}


def nature_of(value: object) -> str:
    """建设性质 as the card lists it (技改 → 改建); unknown words kept as typed."""
    t = text(value)
    return NATURE_WORDS.get(t, t)
