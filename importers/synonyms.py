"""The table of header words: which column of a unit's return goes to which field, and in which money unit.

To teach the importer a new header, add a pattern to COLUMN_RULES — first match wins, so put the narrower
pattern (其中：9月完成) above the wider one (完成投资).
"""
from __future__ import annotations

import re

# target → label shown in the mapping report (the card's words)
TARGET_LABELS: dict[str, str] = {
    "seq": "序号", "name": "项目名称", "code": "项目编号", "unit": "责任单位", "leader": "包保领导",
    "contact": "联系人", "phone": "联系电话", "category": "项目类别", "nature": "建设性质",
    "is_city_key": "市级重点", "is_district_key": "区级重点", "is_assessed": "考核项目", "flags": "级别",
    "location": "建设地点", "scale": "建设规模及内容", "total_investment": "总投资", "funding_source": "资金来源",
    "period": "建设起止年限", "planned_start": "计划开工年月", "actual_start": "实际开工日期",
    "planned_finish": "计划竣工年月", "actual_finish": "实际竣工日期", "status": "项目状态", "remark": "备注",
    "plan": "年度计划投资", "target": "年度建设目标", "month_amount": "本月完成投资", "ytd": "1—M月累计完成投资",
    "since_start": "自开工累计完成投资", "progress": "形象进度", "problem": "存在问题", "next_plan": "下步计划",
    "funds_received": "资金到位", "ignore": "（不导入）",
}
MONEY_TARGETS = {"total_investment", "plan", "month_amount", "ytd", "since_start", "funds_received"}
DATE_TARGETS = {"planned_start", "actual_start", "planned_finish", "actual_finish"}
FLAG_TARGETS = {"is_city_key", "is_district_key", "is_assessed"}

_RANGE = r"\d{1,2}\s*[-—–~～至到]+\s*\d{1,2}\s*月"          # 1-9月, 1—9月, 1~9月, 1至9月

# (target, pattern searched in the normalised header). Order matters: first match wins.
COLUMN_RULES: list[tuple[str, str]] = [
    ("ignore", r"%|率|比例|占.*计划|比重|同比|增长|排名|名次|得分|灯|" + _RANGE + r".*计划"),
    ("seq", r"^(序号|序|编号)$|^序号"),
    ("code", r"项目编号|项目代码|统一代码|赋码"),
    # 资金到位 is the month's arrivals: a running total (累计, 1-M月) must not be read as one month's
    ("ignore", r"累计.*到位|到位.*累计|开工.*到位|" + _RANGE + r".*到位"),
    ("funds_received", r"(本月|当月|\d{1,2}月份?).*到位|到位.*(本月|当月)"),
    ("month_amount", r"其中.*(月|完成)|本月|当月"),
    ("since_start", r"自开工|开工以来|开工至今|开工累计|累计完成投资.*开工"),
    ("ytd", _RANGE),
    ("month_amount", r"^(\d{4}年)?\d{1,2}月份?(完成|投资)"),
    ("funds_received", r"资金到位|到位资金|到位"),
    ("ytd", r"累计完成|累计投资|年初至今|本年完成|今年完成|^完成投资|完成投资$|^累计$|完成额|^完成$"),
    ("total_investment", r"总投资|投资总额|总额"),
    ("plan", r"计划投资|投资计划|年度计划|年计划|计划完成投资|\d{4}年.*计划|^计划$"),
    ("target", r"建设目标|年度目标|形象目标|目标任务|年度任务"),
    ("progress", r"形象进度|工程进度|进展情况|目前进展|进度情况|建设进展|工作进展|进展|形象进展"),
    ("problem", r"问题|困难"),
    ("next_plan", r"下步|下一步|下阶段|下月|工作计划|推进计划|工作措施"),
    ("name", r"^(项目)?名称$|项目名称|^项目$|建设项目"),
    ("leader", r"包保|领导|包联"),
    ("contact", r"联系人|负责人"),
    ("phone", r"电话|联系方式|手机"),
    ("unit", r"责任单位|牵头单位|承建单位|实施单位|主管单位|责任部门|业主单位|建设单位|项目单位|所属单位|^单位$|乡镇|镇街|街道"),
    ("category", r"类别|行业|类型|产业|领域"),
    ("nature", r"性质"),
    ("is_city_key", r"市级重点|市重点"),
    ("is_district_key", r"[区县]级重点|[区县]重点"),
    ("is_assessed", r"考核"),
    ("flags", r"级别|层级"),
    ("location", r"地点|地址|位置"),
    ("scale", r"规模|建设内容|主要内容"),
    ("funding_source", r"资金来源|资金渠道"),
    ("period", r"起止|年限|建设期|工期"),
    ("planned_start", r"计划开工|拟开工"),
    ("planned_finish", r"计划竣工|计划完工|计划建成|拟竣工"),
    ("actual_start", r"开工(时间|日期|年月)|实际开工"),
    ("actual_finish", r"竣工(时间|日期|年月)|完工(时间|日期)|实际竣工|建成时间"),
    ("status", r"状态|是否开工|开工情况|建设阶段|在建|是否竣工"),
    ("remark", r"备注|说明"),
]
_COMPILED = [(t, re.compile(p)) for t, p in COLUMN_RULES]

_UNIT_IN_HEADER = re.compile(r"[(（]\s*(亿元|万元|元)\s*[)）]|单位[:：]?\s*(亿元|万元|元)|[(（](亿|万)[)）]")
_UNIT_LINE = re.compile(r"(?:金额)?单位\s*[:：]\s*(亿元|万元|元)")
_NORMALISE = str.maketrans({"（": "(", "）": ")", "：": ":", "　": "", " ": "", "\n": "", "\r": "", "\t": "",
                            "－": "-", "—": "-", "–": "-", "～": "~"})


def normalise(header: str) -> str:
    """A header without spaces, line breaks, full-width brackets and its money unit."""
    h = header.translate(_NORMALISE)
    h = _UNIT_IN_HEADER.sub("", h)
    return h.strip("*※ ")


def unit_of(header: str) -> str | None:
    """The money unit written in a header: '总投资（亿元）' → '亿元'; None when it says none."""
    m = _UNIT_IN_HEADER.search(header)
    if not m:
        return None
    u = m.group(1) or m.group(2) or m.group(3)
    return {"亿": "亿元", "万": "万元"}.get(u, u)


def unit_line(text: str) -> str | None:
    """The unit from a line above the table: '单位：万元' → '万元'."""
    m = _UNIT_LINE.search(text.replace(" ", ""))
    return m.group(1) if m else None


def target_of(header: str) -> str | None:
    """Which field a header names, or None when the table does not know it."""
    h = normalise(header)
    if not h:
        return None
    for target, rx in _COMPILED:
        if rx.search(h):
            return target
    return None
