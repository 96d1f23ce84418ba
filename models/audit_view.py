"""The audit log in the clerk's words: when, who, which operation, which project, each field's old → new value."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .money import fmt_wan
from .validation import label

if TYPE_CHECKING:
    from .store import Store

TABLES = {"projects": "项目卡片", "monthly_figures": "月度数据", "annual_plans": "年度计划", "settings": "设置",
          "notices": "督办单", "analysis_texts": "文字分析", "approvals": "前期手续", "problems": "问题台账",
          "problem_steps": "协调情况", "batches": "四个一批", "photos": "照片", "verifications": "待核实",
          "returns": "单位报表", "return_versions": "单位报表的版本"}
ACTIONS = {"insert": "新增", "update": "修改", "delete": "删除"}
MONEY = {"total_investment", "plan", "month_amount", "ytd", "since_start", "funds_received"}
# bookkeeping columns the clerk never typed
HIDDEN = {"id", "match_key", "initials", "project_id", "year", "month", "tracks_figure", "last_year", "last_month",
          "sha1", "width", "height", "added_at", "problem_id", "report", "snapshot", "op_id", "return_id", "reasons",
          "source"}
# the columns of the 前期手续 / 问题台账 / 四个一批 / 照片 tables (models/records.py, models/photos.py)
RECORD_LABELS = {"item": "手续", "state": "状态", "done_on": "日期", "note": "说明", "text": "内容", "cause": "问题类型",
                 "solved_on": "解决日期", "batch": "批次", "caption": "照片说明", "in_notice": "印在督办单"}
# 报送与审核 (models/returns.py): its columns in the clerk's words; what a version held is in its report, not here
RETURN_LABELS = {"unit": "单位", "state": "审核状态", "opinion": "审核意见", "reviewed_at": "审核时间", "reviewer": "审核人",
                 "version": "版本", "file": "文件", "imported_at": "导入时间"}
SETTING_LABELS = {"office": "填报单位", "preparer": "填表人", "reviewer": "审核人", "phone": "联系电话",
                  "start_rate_denominator": "开工率口径", "notice_days": "督办办结时限（天）", "supervisor": "督办单位",
                  "backup_keep": "备份保留份数", "backup_max_gb": "备份最多占用（GB）", "backup_dir": "备份文件夹",
                  "categories": "项目类别", "welcomed": "首次设置",
                  "approval_items": "前期手续清单", "four_batch_targets": "四个一批目标"}
ROW_TABLES = ("monthly_figures", "annual_plans", "notices", "analysis_texts", "approvals", "problems", "batches",
              "photos")   # rows that belong to a project


@dataclass
class AuditLine:
    ts: str
    user: str
    operation: str
    what: str          # 项目卡片「汉江堤防加固」 / 月度数据「汉江堤防加固」2024年3月
    action: str        # 新增 / 修改 / 删除
    change: str        # 包保领导：张三 → 王副区长；年度计划投资：40.00 → 45.50万元


def _label(field: str) -> str:
    return RECORD_LABELS.get(field) or label(field)


def _value(field: str, v: Any) -> str:
    if v is None or v == "":
        return "（空）"
    if field in MONEY and isinstance(v, int):
        return fmt_wan(v) + "万元"
    if field == "monthly_plan":
        try:
            vals = json.loads(v) if isinstance(v, str) else v
            return "、".join(fmt_wan(x) for x in vals)
        except (ValueError, TypeError):
            return str(v)
    if field in ("is_city_key", "is_district_key", "is_assessed", "archived", "in_notice"):
        return "是" if v else "否"
    text = str(v)
    return text if len(text) <= 60 else text[:60] + "…"


def _owners(store: Store, rows: list[dict]) -> dict[tuple[str, int], tuple[int | None, int | None, int | None]]:
    """(table, row id) → (project id, year, month) of the rows an update names only by id (the audit keeps the diff)."""
    out: dict[tuple[str, int], tuple[int | None, int | None, int | None]] = {}
    for table in ROW_TABLES:
        ids = sorted({r["row_id"] for r in rows if r["table_name"] == table})
        if not ids:
            continue
        cols = {c[1] for c in store.conn.execute(f"PRAGMA table_info([{table}])")}
        if "project_id" not in cols:
            continue
        y = "year" if "year" in cols else "NULL"
        m = "month" if "month" in cols else "NULL"
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            for rid, pid, yy, mm in store.conn.execute(
                    f"SELECT id, project_id, {y}, {m} FROM [{table}] WHERE id IN ({','.join('?' * len(part))})", part):
                out[(table, rid)] = (pid, yy, mm)
    return out


def _setting(v: Any) -> str:
    try:
        value = json.loads(v) if isinstance(v, str) else v
    except ValueError:
        value = v
    if isinstance(value, list):
        return "、".join(map(str, value))
    if value in (None, ""):
        return "（空）"
    if value is True or value is False:
        return "是" if value else "否"
    return str(value)


def _names(store: Store, ids: set[Any]) -> dict[Any, str]:      # ids as the audit rows hold them: int or None
    ids = {i for i in ids if isinstance(i, int)}
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {i: n for i, n in store.conn.execute(f"SELECT id, name FROM projects WHERE id IN ({marks})", list(ids))}


def audit_lines(store: Store, limit: int = 1000) -> list[AuditLine]:
    """The newest `limit` entries of the audit log, described."""
    rows = store.history(limit)
    owners = _owners(store, rows)
    parsed = []
    for r in rows:
        old = json.loads(r["old"]) if r["old"] else {}
        new = json.loads(r["new"]) if r["new"] else {}
        both = {**old, **new}
        pid, yy, mm = owners.get((r["table_name"], r["row_id"]), (None, None, None))
        both.setdefault("project_id", pid)
        both.setdefault("year", yy)
        both.setdefault("month", mm)
        parsed.append((r, old, new, both))
    names = _names(store, {r["row_id"] if r["table_name"] == "projects" else b.get("project_id")
                           for r, _, _, b in parsed})
    out = []
    for r, old, new, both in parsed:
        table = r["table_name"]
        pid = r["row_id"] if table == "projects" else both.get("project_id")
        name = both.get("name") if table == "projects" else None
        name = name or names.get(pid) or ""
        what = TABLES.get(table, table) + (f"「{name}」" if name else "")
        if table == "monthly_figures" and both.get("year"):
            what += f"{both['year']}年{both.get('month')}月"
        elif table == "annual_plans" and both.get("year"):
            what += f"{both['year']}年"
        elif table == "settings":
            key = both.get("key") or store.conn.execute(
                "SELECT key FROM settings WHERE id = ?", (r["row_id"],)).fetchone()
            key = key if isinstance(key, str) else (key[0] if key else "")
            what = "设置"
            change = (f"{SETTING_LABELS.get(key, key)}：{_setting(old.get('value'))} → {_setting(new.get('value'))}"
                      if r["action"] == "update" else f"{SETTING_LABELS.get(key, key)}：{_setting(both.get('value'))}")
            out.append(AuditLine(r["ts"].replace("T", " "), r["os_user"], r["label"], what,
                                 ACTIONS.get(r["action"], r["action"]), change))
            continue
        name_of = (lambda k: RETURN_LABELS.get(k, k)) if table in ("returns", "return_versions") else _label
        if r["action"] == "update":
            change = "；".join(f"{name_of(k)}：{_value(k, old.get(k))} → {_value(k, new.get(k))}"
                              for k in new if k not in HIDDEN)
        else:
            side = new if r["action"] == "insert" else old
            change = "；".join(f"{name_of(k)}：{_value(k, v)}" for k, v in side.items()
                              if k not in HIDDEN and v not in (None, "", 0, "[]") and k != "name")
        out.append(AuditLine(r["ts"].replace("T", " "), r["os_user"], r["label"], what,
                             ACTIONS.get(r["action"], r["action"]), change))
    return out
