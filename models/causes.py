"""Kinds of problem causes (存在问题的类型) recognised by keywords, for the 文字分析 and the 督办单.

The table below is the place to extend."""
from __future__ import annotations

import re
from typing import Sequence

OTHER = "其他"

# (kind, keywords). To teach the program a new wording, add a keyword to the right kind; to add a kind, add a
# row before 其他. A problem belongs to the kind whose keyword appears EARLIEST in its text, because a clerk
# names the main cause first ("规划方案需重新审批" is a design change that needs approval, not an approval
# problem); on a tie the longer keyword wins.
CAUSES: list[tuple[str, tuple[str, ...]]] = [
    ("用地与征地拆迁", ("土地", "用地", "征地", "拆迁", "征迁", "征收", "地块", "林地", "耕地", "基本农田", "供地",
                  "选址", "腾退", "青苗", "迁坟", "清表", "场地移交", "交地", "挂牌", "摘牌", "土地证", "不动产")),
    ("资金与融资", ("资金", "融资", "贷款", "专项债", "债券", "拨付", "筹资", "资金链", "欠款", "拖欠", "财政",
               "缺口", "配套资金", "钱")),
    ("前期手续与审批", ("手续", "审批", "批复", "报批", "立项", "可研", "环评", "能评", "稳评", "许可", "施工证",
                  "招标", "招投标", "采购", "备案", "核准", "报建", "图审", "审查", "评审", "前期")),
    ("设计与方案调整", ("设计", "方案", "变更", "图纸", "规划调整", "调规", "调整规划", "重新规划", "规模调整",
                  "选型")),
    ("投资方变化或放弃", ("投资方", "投资商", "投资主体", "业主单位变更", "合作方", "企业放弃", "放弃", "撤资",
                   "退出", "更换业主", "签约", "意向", "经营困难", "停产")),
]

# what clerks type in the 存在问题 column when there is none
_NONE = {"无", "暂无", "没有", "无问题", "暂无问题", "无困难", "暂无困难", "正常", "/", "-", "—", "——", "无。", "暂无。"}


def is_problem(text: str | None) -> bool:
    """Whether a 存在问题 cell says something (not blank, not "无"/"暂无"/"/")."""
    t = (text or "").strip()
    return bool(t) and t not in _NONE


def classify(text: str | None, table: Sequence[tuple[str, Sequence[str]]] = CAUSES) -> str:
    """The kind of cause a 存在问题 text names, or 其他."""
    t = (text or "").strip()
    best: tuple[int, int, str] | None = None      # (position, −keyword length, kind)
    for kind, words in table:
        for w in words:
            pos = t.find(w)
            if pos >= 0 and (best is None or (pos, -len(w)) < best[:2]):
                best = (pos, -len(w), kind)
    return best[2] if best else OTHER


def kinds(table: Sequence[tuple[str, Sequence[str]]] = CAUSES) -> list[str]:
    """All kinds in the order the analysis lists them, 其他 last."""
    return [k for k, _ in table] + [OTHER]


def clean(text: str | None) -> str:
    """A 存在问题 text fit to stand in brackets inside a sentence: one line, no closing full stop."""
    t = re.sub(r"\s+", "", (text or "").strip())
    t = re.sub(r"^[0-9一二三四五六七八九十]+[、.．]", "", t)        # a leading "1." of a one-item list
    t = t.replace("。", "；").replace(";", "；")
    t = t.replace("(", "（").replace(")", "）")
    return t.strip("；，、,.。 ")
