"""The search box's pinyin initials: converted a run of Chinese characters at a time (cached), they must be exactly
what pypinyin gives for the whole text — polyphones read in their phrase, digits and letters kept."""
from __future__ import annotations

from pypinyin import Style, lazy_pinyin

from models.demo import PLACES, THINGS, UNITS
from models.store import pinyin_initials


def whole(*texts: str) -> str:
    return " ".join("".join(lazy_pinyin(t, style=Style.FIRST_LETTER, errors="default")).lower() for t in texts if t)


def test_initials_equal_pypinyin_on_the_whole_text() -> None:
    names = ["重庆市长江大桥", "尹集乡村公路网改造", "银行贷款", "长安街道", "重点项目", "行政服务中心",
             "襄城区人民医院门诊综合楼（2期）", "ABC工业园3号厂房", "〇号楼", "12", "𠀀字"]
    names += [p + t for p in PLACES for things in THINGS.values() for t in things]
    names += [f"{u}第{k}号重点建设项目" for k, u in enumerate(UNITS)]
    for name in names:
        assert pinyin_initials(name, "尹集乡") == whole(name, "尹集乡"), name
    assert pinyin_initials("尹集乡") == "yjx"
    assert pinyin_initials("重庆", "") == "cq"          # 重 read as chóng in 重庆, zhòng in 重点
    assert pinyin_initials("重点") == "zd"
