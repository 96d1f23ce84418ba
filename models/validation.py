"""Validation of cards, plans and figures: Chinese messages that name the project (or row) and the field."""
from __future__ import annotations

from typing import Any

from .errors import ValidationError
from .money import fmt_wan
from .parse import iso_date_problem
from .project import NATURES, Status
from .rules import finish_before_start

MAX_TEXT = 2000
MAX_NAME = 200
# 1,000亿元 in 分: beyond this a single project figure is surely a wrong unit (元 typed as 万元)
MAX_AMOUNT = 1000 * 10_000_000_000
_STATUSES = frozenset([None, *[s.value for s in Status]])


FIELD_LABELS = {
    "name": "项目名称", "unit": "责任单位", "code": "项目编号", "leader": "包保领导", "contact": "联系人",
    "phone": "电话", "category": "项目类别", "nature": "建设性质", "location": "建设地点",
    "scale": "建设规模及主要内容", "total_investment": "总投资", "funding_source": "资金来源",
    "period": "建设起止年限", "planned_start": "计划开工年月", "actual_start": "实际开工日期",
    "planned_finish": "计划竣工年月", "actual_finish": "实际竣工日期", "status": "项目状态", "remark": "备注",
    "plan": "年度计划投资", "monthly_plan": "分月计划", "target": "年度建设目标",
    "month_amount": "本月完成投资", "ytd": "1—M月累计完成投资", "since_start": "自开工累计完成投资",
    "progress": "形象进度", "problem": "存在问题", "next_plan": "下步计划", "funds_received": "资金到位",
    "is_city_key": "市级重点", "is_district_key": "区级重点", "is_assessed": "考核项目",
}


def label(field: str) -> str:
    """The Chinese name of a field, for messages."""
    return FIELD_LABELS.get(field, field)


def _where(name: str, row: int | None) -> str:
    prefix = f"第{row}行" if row else ""
    return f"{prefix}项目「{name}」" if name else (prefix or "项目")


def check_card(card: dict[str, Any], *, name: str = "", row: int | None = None, lenient: bool = False) -> None:
    """Raise ValidationError for the first card field that may not be stored; `lenient` (import) lets through
    what is only doubtful (dates out of order, a negative 总投资): models/verify.py marks it 待核实."""
    who = _where(name or str(card.get("name", "")), row)
    if "name" in card:
        n = str(card["name"] or "").strip()
        if not n:
            raise ValidationError(f"{who}：项目名称不能为空", "name", row)
        if len(n) > MAX_NAME:
            raise ValidationError(f"{who}：项目名称超过{MAX_NAME}个字", "name", row)
    for f, v in card.items():
        if isinstance(v, str) and len(v) > MAX_TEXT:
            raise ValidationError(f"{who}：{label(f)}超过{MAX_TEXT}个字", f, row)
    if card.get("status") not in _STATUSES:
        raise ValidationError(f"{who}：项目状态「{card['status']}」不是 未开工/在建/已竣工 之一", "status", row)
    nature = card.get("nature")
    if nature and nature not in NATURES:
        raise ValidationError(f"{who}：建设性质「{nature}」不是 {'/'.join(NATURES)} 之一", "nature", row)
    if "total_investment" in card:
        check_amount(card["total_investment"], "total_investment", who, row, allow_negative=lenient)
    for f in ("planned_start", "planned_finish"):
        v = card.get(f)
        if v and (why := iso_date_problem(str(v), month_only=True)):
            raise ValidationError(f"{who}：{label(f)}「{v}」{why}，应为 年-月，如 2024-03", f, row)
    for f in ("actual_start", "actual_finish"):
        v = card.get(f)
        if v and (why := iso_date_problem(str(v))):
            raise ValidationError(f"{who}：{label(f)}「{v}」{why}，应为日期，如 2024-03-15", f, row)
    if not lenient and finish_before_start(str(card.get("actual_start") or ""), str(card.get("actual_finish") or "")):
        raise ValidationError(f"{who}：实际竣工日期早于实际开工日期", "actual_finish", row)


def check_amount(v: Any, field: str, who: str, row: int | None = None, allow_negative: bool = False) -> None:
    """Money must be an integer number of 分, not negative (unless allowed), and plausible."""
    if v is None:
        return
    if not isinstance(v, int) or isinstance(v, bool):
        raise ValidationError(f"{who}：{label(field)}不是金额", field, row)
    if v < 0 and not allow_negative:
        raise ValidationError(f"{who}：{label(field)}不能为负数（{fmt_wan(v)}万元）", field, row)
    if abs(v) > MAX_AMOUNT:
        raise ValidationError(
            f"{who}：{label(field)}{fmt_wan(v, True)}万元超过1000亿元，请检查金额单位（元/万元/亿元）", field, row)


def check_month(year: int, month: int) -> None:
    if not (1990 <= int(year) <= 2100):
        raise ValidationError(f"年份{year}不对", "year")
    if not (1 <= int(month) <= 12):
        raise ValidationError(f"月份{month}不对，应为1到12", "month")
