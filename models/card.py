"""The 项目卡片 as typed: its texts read with the one parser, its status kept in step with its dates, and the
card with the year's plan saved as one undoable step — the card window only collects the texts and calls here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from .errors import ValidationError
from .money import Fen
from .parse import BadValue, date_field, date_of, money_field
from .project import Project, Status
from .rules import settled_status, status_conflicts
from .validation import label

DATE_FIELDS = ("planned_start", "actual_start", "planned_finish", "actual_finish")
MONTH_ONLY = ("planned_start", "planned_finish")          # 计划开工/竣工 are kept as 年-月


@dataclass
class CardInput:
    """A card as read from the form: Project fields, and the year's plan, 分月计划 and 年度建设目标."""

    card: dict[str, Any]
    plan: Fen | None = None
    monthly_plan: list[Fen] | None = None
    target: str = ""

    @property
    def name(self) -> str:
        return str(self.card.get("name", ""))


def read_card(texts: dict[str, Any], year: int, plan_text: str = "", monthly_texts: Sequence[str] = (),
              target: str = "") -> CardInput:
    """The form's texts (Project field → text, or bool for the 级别 flags) → CardInput; ValidationError naming
    the field for an amount or a date that cannot be read."""
    who = f"项目「{str(texts.get('name', '')).strip() or '（未命名）'}」"
    card: dict[str, Any] = {}
    for key, value in texts.items():
        if isinstance(value, bool):
            card[key] = value
        elif key in DATE_FIELDS:
            iso = date_field(value, who=who, field=label(key))
            card[key] = iso[:7] if key in MONTH_ONLY else iso
        elif key == "total_investment":
            card[key] = money_field(value, who=who, field=label(key)) or 0
        else:
            card[key] = str(value or "").strip()
    plan = money_field(plan_text, who=who, field=f"{year}年计划投资")
    monthly = [money_field(t, who=who, field=f"{m}月计划") for m, t in enumerate(monthly_texts, 1)]
    monthly_plan = [v or 0 for v in monthly] if any(v is not None for v in monthly) else None
    return CardInput(card, plan, monthly_plan, target.strip())


def _dates(texts: dict[str, str], typing: str = "") -> tuple[dict[str, str], list[str]]:
    """The card's dates as ISO text ('' when blank or unreadable), and why any cannot be read — except the one
    still being typed ('2024-0' is not wrong yet)."""
    iso: dict[str, str] = {}
    problems: list[str] = []
    for key in DATE_FIELDS:
        text = str(texts.get(key) or "")
        try:
            iso[key] = date_of(text)
        except BadValue as exc:
            iso[key] = ""
            if key != typing:
                problems.append(f"{label(key)}「{text.strip()}」{exc}")
    return iso, problems


def status_for(chosen: str, texts: dict[str, str]) -> str:
    """The status the card shows as dates are typed: the one chosen, moved on by the dates (an 开工 date makes
    it 在建, a 竣工 date 已竣工); clearing the date brings the chosen one back."""
    iso, _ = _dates(texts)
    return settled_status(chosen, iso["actual_start"], iso["actual_finish"])


def card_notes(status: str, texts: dict[str, str], typing: str = "") -> list[str]:
    """What the card shows beside its status and dates before saving: dates that are none, and contradictions
    (竣工 before 开工, 未开工 with an 开工 date, 在建 with a 竣工 date); [] when all agree."""
    iso, problems = _dates(texts, typing)
    return problems + status_conflicts(status, iso["actual_start"], iso["actual_finish"])


def save_card(store: Any, year: int, data: CardInput, project: Project | None = None) -> int:
    """Create the project (project None) or change it, with its plan for `year`, as ONE undoable operation;
    returns its id. A card whose status contradicts its dates is refused with the reason."""
    card = data.card
    status = str(card.get("status") or (project.status if project else Status.NOT_STARTED.value))
    start = str(card.get("actual_start", project.actual_start if project else "") or "")
    finish = str(card.get("actual_finish", project.actual_finish if project else "") or "")
    name = data.name or (project.name if project else "")
    if problems := status_conflicts(status, start, finish):
        raise ValidationError(f"项目「{name}」：{problems[0]}",
                              "actual_finish" if "竣工" in problems[0] else "actual_start")
    if project is None:
        with store.operation(f"新建项目「{name}」"):
            pid = store.create_project(card, year=year, plan=data.plan)
            store.set_plan(pid, year, monthly_plan=data.monthly_plan, target=data.target)
        return pid
    pid = project.id
    assert pid is not None, "a card being changed is a stored project"
    changes = {k: v for k, v in card.items() if getattr(project, k) != v}
    with store.operation(f"修改项目「{project.name}」"):
        if changes:
            store.update_project(pid, changes)
        store.set_plan(pid, year, plan=data.plan, monthly_plan=data.monthly_plan, target=data.target)
    return pid
