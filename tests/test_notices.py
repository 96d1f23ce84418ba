"""督办单: who gets one, what it says, numbers that never repeat in a year, responses, one notice a page."""
from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from docx.oxml.ns import qn

from cli import main
from exporters.notices import drafts, export_notices, notice_lines
from models import notices as nt
from models.errors import ExportError, ValidationError
from models.money import round_half_up, to_fen
from models.project import Project
from models.report import build_report
from models.rules import Band

MAY5 = dt.date(2009, 5, 5)


def add(store, name: str, unit: str, plan_wan: str, ytd_wan: str | None = None, *, year: int = 2024,
        month: int = 6, status: str = "在建", problem: str = "", **card) -> int:
    pid = store.create_project(Project(name=name, unit=unit, status=status, **card), year, to_fen(plan_wan))
    if ytd_wan is not None or problem:
        store.set_figure(pid, year, month, {"ytd": to_fen(ytd_wan or "0"), "problem": problem})
    return pid


def page_breaks(doc) -> int:
    return sum(1 for p in doc.paragraphs if p.paragraph_format.page_break_before) + \
        len(doc.element.body.findall(".//" + qn("w:br") + "[@" + qn("w:type") + "='page']"))


# ---- who gets a notice ------------------------------------------------------------------------------

def test_april_lagging_and_not_started_with_a_problem_get_notices(example_report):
    lines = notice_lines(example_report)
    assert len(lines) == 25
    assert sum(l.band == Band.BEHIND for l in lines) == 20
    # the example has no 计划开工 column: the five not started get one because they report a problem
    assert {l.name for l in lines if l.band == Band.NOT_STARTED} == {
        "尹集乡村公路网改造", "农村卫生院标准化建设", "尹集物流工业园基础设施", "农村初中校舍改造", "卧龙镇农田水利综合整治"}


def test_not_started_only_when_past_the_planned_month_or_with_a_problem(store):
    add(store, "未到期厂房", "开发区", "1000", status="未开工", planned_start="2024-09")
    add(store, "逾期厂房", "开发区", "1000", status="未开工", planned_start="2024-03", leader="李明")
    add(store, "无计划无问题", "开发区", "1000", status="未开工")
    add(store, "正常推进", "开发区", "1000", "600")
    r = build_report(store, 2024, 6)
    assert [l.name for l in notice_lines(r)] == ["逾期厂房"]
    matter = drafts(r)[0].matter
    assert "计划于2024年3月开工" in matter and "已超过计划开工时间3个月" in matter
    assert "责任单位未报送存在问题" in matter


def test_lagging_notice_states_the_gap_and_the_problem(store):
    add(store, "北环路改造", "区交通局", "2000", "200", problem="征地拆迁进度慢。", leader="王建国")
    r = build_report(store, 2024, 6)
    line = r.lines[0]
    d = drafts(r)[0]
    assert f"低于序时进度{round_half_up(abs(line.gap_pp), 1)}个百分点" in d.matter       # 10% vs 50%: 40.0
    assert "低于序时进度40.0个百分点" in d.matter and "存在问题：征地拆迁进度慢。" in d.matter
    assert "请区交通局加快用地报批和征地拆迁工作" in d.requirement


# ---- numbers and records ----------------------------------------------------------------------------

def test_numbers_continue_and_reexport_reuses_them(example_store, tmp_path):
    r = build_report(example_store, 2009, 4)
    first = export_notices(example_store, r, tmp_path / "a.docx", MAY5)
    assert [n.number for n in first] == [f"〔2009〕第{i}号" for i in range(1, 26)]
    assert {n.deadline for n in first} == {"2009-05-20"}           # 15 days by default
    again = export_notices(example_store, r, tmp_path / "b.docx", dt.date(2009, 5, 8))
    assert [(n.id, n.number, n.issued_on) for n in again] == [(n.id, n.number, n.issued_on) for n in first]
    assert len(nt.notices(example_store, 2009)) == 25

    # May: a new month's notices take the next numbers
    example_store.set_figure(r.lines[1].project.id, 2009, 5, {"month_amount": to_fen("100")})
    may = export_notices(example_store, build_report(example_store, 2009, 5), tmp_path / "c.docx", dt.date(2009, 6, 3))
    assert min(n.seq for n in may) == 26
    seqs = [n.seq for n in nt.notices(example_store, 2009)]
    assert len(seqs) == len(set(seqs))


def test_numbers_of_deleted_or_undone_notices_are_never_reused(store, tmp_path):
    a = add(store, "北环路改造", "区交通局", "2000", "200")
    add(store, "南环路改造", "区交通局", "2000", "200")
    r = build_report(store, 2024, 6)
    issued = export_notices(store, r, tmp_path / "6月.docx", dt.date(2024, 7, 2))
    assert [n.seq for n in issued] == [1, 2]
    store.undo()                                   # the issue is undone: the paper copies still carry 1 and 2
    assert nt.notices(store, 2024) == []
    again = export_notices(store, build_report(store, 2024, 6), tmp_path / "6月b.docx", dt.date(2024, 7, 3))
    assert [n.seq for n in again] == [3, 4]
    store.delete_project(a)
    store.set_figure(store.projects(2024)[0].id, 2024, 7, {"month_amount": 0})
    july = export_notices(store, build_report(store, 2024, 7), tmp_path / "7月.docx", dt.date(2024, 8, 2))
    assert [n.seq for n in july] == [5]


def test_a_file_that_cannot_be_written_uses_no_number(store, tmp_path):
    add(store, "北环路改造", "区交通局", "2000", "200")
    r = build_report(store, 2024, 6)
    with pytest.raises(ExportError):
        export_notices(store, r, tmp_path / "没有这个文件夹" / "督办单.docx", dt.date(2024, 7, 2))
    assert nt.notices(store, 2024) == []
    assert [n.seq for n in export_notices(store, r, tmp_path / "督办单.docx", dt.date(2024, 7, 2))] == [1]


def test_deadline_and_supervisor_come_from_the_settings(store, tmp_path):
    add(store, "北环路改造", "区交通局", "2000", "200")
    store.set_settings({"office": "城关镇人民政府", "supervisor": "城关镇重点项目办", "notice_days": 10})
    r = build_report(store, 2024, 6)
    n = export_notices(store, r, tmp_path / "督办单.docx", dt.date(2024, 7, 2))[0]
    assert n.deadline == "2024-07-12"
    assert "书面报送城关镇重点项目办" in n.requirement
    text = "\n".join(c.text for t in Document(str(tmp_path / "督办单.docx")).tables for row in t.rows for c in row.cells)
    assert "2024年7月12日前" in text and "城关镇重点项目办" in text


def test_response_is_recorded_and_undoable(store, tmp_path):
    add(store, "北环路改造", "区交通局", "2000", "200")
    n = export_notices(store, build_report(store, 2024, 6), tmp_path / "d.docx", dt.date(2024, 7, 2))[0]
    assert n.status == nt.ISSUED and n.is_overdue(dt.date(2024, 7, 20)) and not n.is_overdue(dt.date(2024, 7, 10))
    assert [x.id for x in nt.overdue(store, dt.date(2024, 7, 20))] == [n.id]
    with pytest.raises(ValidationError):
        nt.record_response(store, n.id, "  ")
    done = nt.record_response(store, n.id, "已完成征地，7月10日复工", dt.date(2024, 7, 9), closed=True)
    assert (done.status, done.response, done.responded_on) == (nt.CLOSED, "已完成征地，7月10日复工", "2024-07-09")
    assert nt.overdue(store, dt.date(2024, 7, 20)) == []
    assert store.undo_label() == f"登记督办单{n.number}办理情况"
    store.undo()
    assert nt.notice(store, n.id).status == nt.ISSUED
    # an answered notice keeps its wording when the month is exported again
    nt.record_response(store, n.id, "正在协调")
    store.set_figure(store.projects(2024)[0].id, 2024, 6, {"ytd": to_fen("300")})
    again = export_notices(store, build_report(store, 2024, 6), tmp_path / "e.docx", dt.date(2024, 7, 5))[0]
    assert again.matter == n.matter and again.response == "正在协调"


# ---- the document -----------------------------------------------------------------------------------

def test_one_notice_a_page(example_store, tmp_path):
    r = build_report(example_store, 2009, 4)
    issued = export_notices(example_store, r, tmp_path / "督办单.docx", MAY5)
    d = Document(str(tmp_path / "督办单.docx"))
    assert len(d.tables) == len(issued) == 25
    assert page_breaks(d) == 24
    titles = [p for p in d.paragraphs if p.text == "重点项目建设督办单"]
    assert len(titles) == 25 and not titles[0].paragraph_format.page_break_before
    assert all(t.paragraph_format.page_break_before for t in titles[1:])
    numbers = [p.text for p in d.paragraphs if p.text.startswith("〔2009〕")]
    assert numbers == [n.number for n in issued]
    first = d.tables[0]
    cells = [c.text for row in first.rows for c in row.cells]
    assert "督办事项" in cells and "办理要求" in cells and "办结时限" in cells and "办理情况" in cells
    assert any(issued[0].matter == c for c in cells)
    s = d.sections[0]
    assert round(s.page_width.mm) == 210 and round(s.top_margin.mm) == 37


def test_cli_export_list_and_respond(example_store, tmp_path, capsys):
    args = ["--db", str(example_store.path)]
    assert main([*args, "export-notices", "--year", "2009", "--month", "4", str(tmp_path / "d.docx"),
                 "--date", "2009-05-05"]) == 0
    assert "已生成督办单25份（〔2009〕第1号至〔2009〕第25号）" in capsys.readouterr().out
    assert main([*args, "notice-response", "--year", "2009", "--number", "3", "已召开协调会", "--done"]) == 0
    assert main([*args, "notices", "--year", "2009"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len([l for l in listed if l.startswith("〔2009〕")]) == 25
    assert "已办结" in next(l for l in listed if l.startswith("〔2009〕第3号"))
    assert main([*args, "notice-response", "--year", "2009", "--number", "99", "x"]) == 1
    assert "没有编号为〔2009〕第99号的督办单" in capsys.readouterr().err


def test_cli_month_with_nobody_to_chase(tmp_path, capsys):
    from models.store import Store

    s = Store.open(tmp_path / "a.db")
    add(s, "正常推进", "开发区", "1000", "600")
    assert main(["--db", str(s.path), "export-notices", "--year", "2024", "--month", "6", str(tmp_path / "d.docx")]) == 0
    assert "没有需要督办的项目" in capsys.readouterr().out
    assert not (tmp_path / "d.docx").exists()
    s.close()
