"""Units' names as returns write them: "东镇人民政府" is the 台账's 东镇, "代王街道9月重点项目进展" names 代王街道."""
from __future__ import annotations

import re
from typing import Iterable

SEAL = re.compile(r"\s*[(（]\s*(?:盖章|公章|章)\s*[)）]\s*$")
_UNIT_SUFFIXES = re.compile(r"(人民政府|街道办事处|办事处|政府|党委|管理委员会|管委会)$")


def unit_core(name: str) -> str:
    """A unit's name without 人民政府/办事处… and brackets: "东镇人民政府" → "东镇", "代王街道办事处" → "代王街道"."""
    n = SEAL.sub("", re.sub(r"\s", "", name or ""))
    return _UNIT_SUFFIXES.sub("", n) or n


def match_unit(text: str, known: Iterable[str]) -> str:
    """The known unit a text names (a 填报单位 line, a file's name), '' when none: exactly, by its core name
    ("东镇人民政府" is 东镇), or contained in the text (the longest, so 区交通局 beats 交通局)."""
    t = re.sub(r"\s", "", text or "")
    if not t:
        return ""
    units = [u for u in dict.fromkeys(known) if u and u.strip()]
    for u in units:
        if u == t:
            return u
    for u in units:
        if unit_core(u) == unit_core(t):
            return u
    inside = [u for u in units if (unit_core(u) in t and len(unit_core(u)) >= 2) or u in t]
    return max(inside, key=lambda u: len(u), default="")


# a file named after its unit: "代王街道9月重点项目进展", "区交通局2024年9月报", "东镇人民政府关于…"
_NAMED = re.compile(r"^([\u4e00-\u9fff]{1,12}?(?:街道办事处|街道|人民政府|办事处|管委会|委员会|镇|乡|局|委|办|中心))"
                    r"(?=\d|20|关于|重点|报|月|年|[（(_\-\s—]|$)")


def unit_in_name(stem: str) -> str:
    """A unit a file's name begins with, for a 台账 that does not know it yet ('' when the name does not begin
    with one): a guess the mapping report says is a guess."""
    m = _NAMED.match(re.sub(r"\s", "", stem or ""))
    return unit_core(m.group(1)) if m else ""
