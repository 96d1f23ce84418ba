"""Cell values as units type them: amounts as text, dates in every form, 是/否 flags, status words."""
from __future__ import annotations

import datetime as dt
import re

# amounts and dates are read by the one parser the grid and the card use too (models/parse.py)
from models.parse import BadValue, DateReading, amount, date_of, decimal_of, read_date

__all__ = ["BadValue", "DateReading", "date_of", "decimal_of", "flag_of", "flags_of", "money_of", "nature_of", "read_date",
           "status_of", "text"]


def text(value: object) -> str:
    """A cell as trimmed text ('' for empty); numbers without a trailing '.0'."""
    if type(value) is str:                        # most cells: first, before the checks for other kinds
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


# an amount cell in the column's unit → 分 (None for blank): the importer's name for models.parse.amount
money_of = amount


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
