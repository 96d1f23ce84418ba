"""The SQLite schema and its migrations; money columns hold integer 分, never REAL."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:       # imported by Store.db when a migration runs: opening an up-to-date 台账 does without it
    import sqlite_utils

SCHEMA_VERSION = 4


def _v1(db: sqlite_utils.Database) -> None:
    db.table("settings").create({"id": int, "key": str, "value": str}, pk="id", not_null={"key"})
    db.table("settings").create_index(["key"], unique=True)
    db.table("projects").create(
        {
            "id": int, "name": str, "unit": str, "code": str, "leader": str, "contact": str, "phone": str,
            "category": str, "nature": str, "is_city_key": int, "is_district_key": int, "is_assessed": int,
            "location": str, "scale": str, "total_investment": int, "funding_source": str, "period": str,
            "planned_start": str, "actual_start": str, "planned_finish": str, "actual_finish": str,
            "status": str, "remark": str, "archived": int,
            "match_key": str,      # normalised 名称|责任单位: a re-import updates instead of duplicating
            "initials": str,       # pinyin initials of name and unit, for the search box
        },
        pk="id",
        not_null={"name", "match_key"},
        defaults={"unit": "", "code": "", "leader": "", "contact": "", "phone": "", "category": "",
                  "nature": "", "is_city_key": 0, "is_district_key": 0, "is_assessed": 0, "location": "",
                  "scale": "", "total_investment": 0, "funding_source": "", "period": "", "planned_start": "",
                  "actual_start": "", "planned_finish": "", "actual_finish": "", "status": "未开工",
                  "remark": "", "archived": 0, "initials": ""},
    )
    db.table("projects").create_index(["match_key"], unique=True)
    db.table("annual_plans").create(
        {"id": int, "project_id": int, "year": int, "plan": int, "monthly_plan": str, "target": str},
        pk="id", foreign_keys=[("project_id", "projects", "id")],
        not_null={"project_id", "year"}, defaults={"plan": 0, "target": ""},
    )
    db.table("annual_plans").create_index(["project_id", "year"], unique=True)
    db.table("annual_plans").create_index(["year"])
    db.table("monthly_figures").create(
        {"id": int, "project_id": int, "year": int, "month": int, "month_amount": int, "ytd": int,
         "since_start": int, "progress": str, "problem": str, "next_plan": str, "funds_received": int},
        pk="id", foreign_keys=[("project_id", "projects", "id")],
        not_null={"project_id", "year", "month"},
        defaults={"month_amount": 0, "ytd": 0, "progress": "", "problem": "", "next_plan": ""},
    )
    db.table("monthly_figures").create_index(["project_id", "year", "month"], unique=True)
    db.table("monthly_figures").create_index(["year", "month"])
    # 督办单: numbers never repeat within a year; the response is recorded when it comes back
    db.table("notices").create(
        {"id": int, "year": int, "seq": int, "project_id": int, "report_year": int, "report_month": int,
         "issued_on": str, "deadline": str, "matter": str, "requirement": str, "response": str,
         "responded_on": str, "status": str},
        pk="id", foreign_keys=[("project_id", "projects", "id")],
        defaults={"response": "", "responded_on": "", "status": "已下发", "requirement": ""},
    )
    db.table("notices").create_index(["year", "seq"], unique=True)
    # the clerk's edited 文字分析 draft for one month
    db.table("analysis_texts").create({"id": int, "year": int, "month": int, "text": str, "updated_at": str}, pk="id")
    db.table("analysis_texts").create_index(["year", "month"], unique=True)
    # every change: one operation (what the Undo menu names), its audit entries (old and new row values)
    db.table("operations").create(
        {"id": int, "ts": str, "os_user": str, "label": str, "kind": str, "target_op": int, "state": str},
        pk="id", defaults={"kind": "change", "state": "done"},
    )
    db.table("audit").create(
        {"id": int, "op_id": int, "ts": str, "os_user": str, "table_name": str, "row_id": int,
         "action": str, "old": str, "new": str},
        pk="id", foreign_keys=[("op_id", "operations", "id")],
    )
    db.table("audit").create_index(["op_id"])
    db.table("audit").create_index(["table_name", "row_id"])


def _v2(db: sqlite_utils.Database) -> None:
    # 待核实: a project-month imported as the unit sent it although it looks wrong; reasons is a JSON list of texts
    db.table("verifications").create(
        {"id": int, "project_id": int, "year": int, "month": int, "reasons": str, "source": str},
        pk="id", foreign_keys=[("project_id", "projects", "id")],
        not_null={"project_id", "year", "month"}, defaults={"reasons": "[]", "source": ""},
    )
    db.table("verifications").create_index(["project_id", "year", "month"], unique=True)


def _records(db: sqlite_utils.Database) -> None:
    """What the offices' web systems track beside the figures (issue 17): 前期手续, 问题台账, 四个一批, photos."""
    # 前期手续: one row per project and approval item (the list of items is a setting); state 未办/办理中/已办
    db.table("approvals").create(
        {"id": int, "project_id": int, "item": str, "state": str, "done_on": str, "note": str},
        pk="id", foreign_keys=[("project_id", "projects", "id")], not_null={"project_id", "item"},
        defaults={"state": "未办", "done_on": "", "note": ""},
    )
    db.table("approvals").create_index(["project_id", "item"], unique=True)
    # 问题台账: a problem from the month it was raised until it is solved; `tracks_figure` = the record that
    # follows the month's 存在问题 column (typed or imported), others are added on the card
    db.table("problems").create(
        {"id": int, "project_id": int, "year": int, "month": int, "text": str, "cause": str, "unit": str,
         "leader": str, "state": str, "solved_on": str, "tracks_figure": int, "last_year": int, "last_month": int},
        pk="id", foreign_keys=[("project_id", "projects", "id")], not_null={"project_id", "year", "month"},
        defaults={"text": "", "cause": "", "unit": "", "leader": "", "state": "未解决", "solved_on": "",
                  "tracks_figure": 0},
    )
    db.table("problems").create_index(["project_id", "state"])
    db.table("problem_steps").create(
        {"id": int, "problem_id": int, "done_on": str, "text": str},
        pk="id", foreign_keys=[("problem_id", "problems", "id")], not_null={"problem_id"},
        defaults={"done_on": "", "text": ""},
    )
    db.table("problem_steps").create_index(["problem_id"])
    # 四个一批: a project's membership of the year's 签约/开工/投产/竣工 batch and the date it got there
    db.table("batches").create(
        {"id": int, "project_id": int, "year": int, "batch": str, "done_on": str},
        pk="id", foreign_keys=[("project_id", "projects", "id")], not_null={"project_id", "year", "batch"},
        defaults={"done_on": ""},
    )
    db.table("batches").create_index(["project_id", "year", "batch"], unique=True)
    # 形象进度 photos: the row (audited, undoable) names its picture by SHA-1; the bytes live in photo_data,
    # written once and never through the audit log, so undo and redo never copy megabytes into it. The thumbnail
    # comes before the picture: SQLite reads a row's columns in order, and the grid must not wade through 300 KB
    db.table("photo_data").create({"sha1": str, "thumb": bytes, "data": bytes}, pk="sha1")
    db.table("photos").create(
        {"id": int, "project_id": int, "year": int, "month": int, "sha1": str, "caption": str, "width": int,
         "height": int, "added_at": str, "in_notice": int},
        pk="id", foreign_keys=[("project_id", "projects", "id")], not_null={"project_id", "year", "month", "sha1"},
        defaults={"caption": "", "in_notice": 0},
    )
    db.table("photos").create_index(["project_id", "year", "month"])


def _returns(db: sqlite_utils.Database) -> None:
    # 报送与审核: a unit's return for a month — its state (待审/已审核/退回) and 审核意见 — and each import of it as a
    # version (file, when, what it held as JSON), so a corrected return shows what changed against the one before
    if "returns" not in db.table_names():
        db.table("returns").create(
            {"id": int, "year": int, "month": int, "unit": str, "state": str, "opinion": str, "reviewed_at": str,
             "reviewer": str},
            pk="id", not_null={"year", "month", "unit"},
            defaults={"state": "待审", "opinion": "", "reviewed_at": "", "reviewer": ""},
        )
        db.table("returns").create_index(["year", "month", "unit"], unique=True)
    if "return_versions" not in db.table_names():
        db.table("return_versions").create(
            {"id": int, "return_id": int, "version": int, "file": str, "imported_at": str, "op_id": int,
             "state": str, "opinion": str, "report": str, "snapshot": str},
            pk="id", foreign_keys=[("return_id", "returns", "id")], not_null={"return_id", "version"},
            defaults={"file": "", "state": "待审", "opinion": "", "report": "{}", "snapshot": "{}"},
        )
        db.table("return_versions").create_index(["return_id", "version"], unique=True)


# index i holds the step from version i to i+1
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _records, _returns]
assert len(MIGRATIONS) == SCHEMA_VERSION
