"""What the offices' web systems track beside the figures (issue 17): 资金到位, 前期手续, 问题台账, 四个一批 —
stored, undone, reported in the 月报, the 文字分析, the 督办单, `summary --json` and the 问题清单."""
from __future__ import annotations

import json
import sqlite3

from cli_run import cli
from docx import Document
from openpyxl import load_workbook

from cli import main
from exporters.analysis import build_analysis
from exporters.monthly_xlsx import write_monthly_xlsx
from exporters.notices import matter
from importers.reader import read_return
from models import records
from models.entry import CellChange, apply_cells
from models.project import Project
from models.report import build_report
from models.store import Store


def analysis(store, year: int, month: int) -> str:
    return build_analysis(build_report(store, year, month)).text()


def write_return(path, rows: list[list[str]]) -> str:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return str(path)


# ---- 资金到位 -------------------------------------------------------------------------------------------

def test_funds_received_imported_from_a_return_are_summed_printed_and_written(tmp_path):
    head = ["项目名称", "责任单位", "年度计划投资", "1-5月完成投资", "到位资金"]
    src = write_return(tmp_path / "5月.csv", [["襄城区2024年1-5月重点项目进展表"], ["单位：万元"], head,
                                             ["城南污水处理厂", "区住建局", "1000", "300", "120.5"],
                                             ["汉江堤防加固", "区水利局", "2000", "900", "79.5"],
                                             ["城北学校", "区教育局", "500", "100", ""]])
    r = read_return(src, year=2024, month=5)
    store = Store.open(tmp_path / "台账.db")
    store.apply_import(r.records, 2024, 5)
    report = build_report(store, 2024, 5)
    assert report.total.funds_received == 200_0000_00 and report.total.funds_count == 2
    assert report.as_json()["funds_received"] == "200.00"
    assert "5月项目资金到位200万元（2个项目报送）" in build_analysis(report).text()
    out = write_monthly_xlsx(report, tmp_path / "月报.xlsx")
    ws = load_workbook(out).active
    heads = [ws.cell(row=4, column=c).value for c in range(1, ws.max_column + 1)]
    col = heads.index("5月资金到位") + 1
    names = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=col).value for r in range(5, ws.max_row + 1)}
    assert names["城南污水处理厂"] == 120.5 and names["城北学校"] is None
    assert names["合计（3项）"] == 200
    # the 月报 goes upward and comes back: its 资金到位 column is read again
    again = read_return(str(out))
    assert {x.card["name"]: x.funds_received for x in again.records}["汉江堤防加固"] == 79_5000_00
    store.close()


def test_a_month_without_funds_figures_has_no_column_and_no_sentence(example_store, tmp_path):
    report = build_report(example_store, 2009, 4)
    ws = load_workbook(write_monthly_xlsx(report, tmp_path / "月报.xlsx")).active
    assert not any("资金到位" in str(ws.cell(row=4, column=c).value) for c in range(1, ws.max_column + 1))
    assert "资金到位" not in build_analysis(report).text()


def test_funds_typed_in_the_grid_are_stored_and_undone(store):
    pid = store.create_project(Project(name="城南污水处理厂", unit="区住建局"), 2024, 10_000_000)
    apply_cells(store, 2024, 3, [CellChange(pid, "month_amount", "50"), CellChange(pid, "funds_received", "30")],
                "录入")
    assert store.figure(pid, 2024, 3).funds_received == 30_0000_00
    store.undo()
    assert store.figure(pid, 2024, 3) is None


# ---- 问题台账 -------------------------------------------------------------------------------------------

def test_the_april_examples_problems_open_records_that_a_later_month_keeps_open(example_store):
    opened = records.problems(example_store, open_only=True)
    assert len(opened) == 5 and {p.text for p in opened} == {"土地报批未完成"}
    assert {p.cause for p in opened} == {"用地与征地拆迁"} and all(p.tracks_figure for p in opened)
    pid = opened[0].project_id
    # May: the unit writes the problem again in other words: the same record, raised in April, 1 month open
    example_store.set_figure(pid, 2009, 5, {"month_amount": 0, "problem": "土地报批仍未完成，等待省厅批复"})
    mine = records.problems(example_store, pid)
    assert len(mine) == 1 and mine[0].text == "土地报批仍未完成，等待省厅批复" and (mine[0].year, mine[0].month) == (2009, 4)
    text = analysis(example_store, 2009, 5)
    assert "土地报批仍未完成，等待省厅批复，已1个月未解决" in text


def test_a_problem_missing_from_the_next_return_is_asked_about_then_solved_and_undone(example_store):
    pid = records.problems(example_store)[0].project_id
    example_store.set_figure(pid, 2009, 5, {"month_amount": 100_00, "problem": "无"})
    gone = records.vanished(example_store, 2009, 5)
    assert [p.project_id for p in gone] == [pid]
    assert records.problems(example_store, pid)[0].state == "未解决"          # blank is a question, not an answer
    records.solve(example_store, [gone[0].id], "2009-05-20")
    assert records.problems(example_store, pid)[0].state == "已解决"
    assert records.vanished(example_store, 2009, 5) == []
    assert example_store.undo() is not None
    assert records.problems(example_store, pid)[0].state == "未解决"


def test_steps_and_state_are_saved_with_dates_and_bad_input_is_refused(example_store):
    p = records.problems(example_store)[0]
    p.steps = [records.Step("2009-5-8", "区自然资源局现场会商"), records.Step("2009年5月15日", "报省厅预审")]
    p.state, p.leader = "协调中", "王副区长"
    records.save_problem(example_store, p)
    saved = records.problems(example_store, p.project_id)[0]
    assert [(s.done_on, s.text) for s in saved.steps] == [("2009-05-08", "区自然资源局现场会商"), ("2009-05-15", "报省厅预审")]
    assert saved.latest_step.text == "报省厅预审" and saved.leader == "王副区长"
    saved.state = "已解决"
    try:
        records.save_problem(example_store, saved)
    except Exception as exc:       # ValidationError, Chinese and naming the project
        assert "已解决的问题请填写解决日期" in str(exc)
    else:
        raise AssertionError("solved without a date was stored")


def test_deleting_a_project_takes_its_records_and_undo_brings_them_back(example_store):
    p = records.problems(example_store)[0]
    records.save_problem(example_store, records.Problem(**{**p.__dict__, "steps": [records.Step("2009-05-08", "会商")]}))
    records.save_approvals(example_store, p.project_id, [records.Approval("环评批复", "办理中")])
    example_store.delete_project(p.project_id)
    assert records.problems(example_store, p.project_id) == []
    example_store.undo()
    assert records.problems(example_store, p.project_id)[0].steps[0].text == "会商"
    assert records.approvals(example_store, p.project_id)[3].state == "办理中"


def test_export_problems_writes_the_list_for_the_meeting(example_store, tmp_path, capsys):
    pid = records.problems(example_store)[0].project_id
    p = records.problems(example_store, pid)[0]
    p.steps = [records.Step("2009-04-28", "区自然资源局现场会商")]
    p.leader = "王副区长"
    records.save_problem(example_store, p)
    assert cli(example_store, "export-problems", "--year", "2009", "--month", "4", str(tmp_path / "问题.xlsx")) == 0
    assert "未解决5个" in capsys.readouterr().out
    ws = load_workbook(tmp_path / "问题.xlsx").active
    cells = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert cells[0][0] == "一、用地与征地拆迁（未解决5个）"
    row = next(r for r in cells if r[4] == p.unit)
    assert row[2] == "土地报批未完成" and row[5] == "王副区长" and row[8] == "2009-04-28 区自然资源局现场会商"
    assert cli(example_store, "export-problems", "--year", "2009", "--month", "4", "--by", "unit",
               str(tmp_path / "问题.docx")) == 0
    d = Document(str(tmp_path / "问题.docx"))
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["序号", "项目名称", "存在问题"]
    assert sum(1 for r in table.rows[1:] if r.cells[2].text == "土地报批未完成") == 5
    assert any(c.text.startswith("一、") and "未解决" in c.text for r in table.rows for c in r.cells[:1])
    assert cli(example_store, "export-problems", "--year", "2009", "--month", "4", str(tmp_path / "问题.pdf")) == 1


# ---- 前期手续 -------------------------------------------------------------------------------------------

def test_missing_approvals_are_the_reason_of_an_unstarted_project_without_a_problem(store):
    pid = store.create_project(Project(name="城东物流园", unit="区商务局", planned_start="2024-02"), 2024, 50_000_000)
    store.set_figure(pid, 2024, 5, {"month_amount": 0})
    assert "前期手续" not in analysis(store, 2024, 5)                  # nothing filled in: nothing claimed
    rows = records.approvals(store, pid)
    assert [a.item for a in rows] == list(records.APPROVAL_ITEMS)
    for a in rows:
        a.state = "已办" if a.item in ("立项/可研批复", "用地预审与供地", "规划许可", "施工图审查") else a.state
    rows[3].state = "办理中"                                              # 环评批复
    records.save_approvals(store, pid, rows)
    report = build_report(store, 2024, 5)
    text = build_analysis(report).text()
    assert "前期手续与审批问题" in text and "前期手续未办结：环评批复（办理中）、施工许可" in text
    assert "前期手续未办结：环评批复（办理中）、施工许可" in matter(report.lines[0], report)
    assert records.approval_summary(store)[pid] == "已办4/6，缺环评批复（办理中）、施工许可"
    # a written 存在问题 is the reason instead
    store.set_figure(pid, 2024, 5, {"problem": "企业融资未到位"})
    report = build_report(store, 2024, 5)
    assert "企业融资未到位" in matter(report.lines[0], report) and "前期手续未办结" not in matter(report.lines[0], report)


def test_the_checklist_follows_the_settings_and_refuses_a_bad_date(store):
    pid = store.create_project(Project(name="城东物流园", unit="区商务局"), 2024)
    store.set_settings({"approval_items": ["立项", "能评"]})
    assert [a.item for a in records.approvals(store, pid)] == ["立项", "能评"]
    try:
        records.save_approvals(store, pid, [records.Approval("能评", "已办", "2024-13-40")])
    except Exception as exc:
        assert "能评日期" in str(exc) and "城东物流园" in str(exc)
    else:
        raise AssertionError("a bad date was stored")


# ---- 四个一批 -------------------------------------------------------------------------------------------

def test_four_batches_progress_is_in_summary_json_and_the_analysis(tmp_path, capsys):
    store = Store.open(tmp_path / "台账.db")
    a = store.create_project(Project(name="城东物流园", unit="区商务局"), 2024, 10_000_000)
    b = store.create_project(Project(name="城南污水处理厂", unit="区住建局", actual_start="2024-03-10"), 2024, 10_000_000)
    c = store.create_project(Project(name="汉江堤防加固", unit="区水利局"), 2024, 10_000_000)
    records.set_batch_targets(store, 2024, {"签约": 2, "开工": 3, "投产": 0, "竣工": 1})
    records.save_batches(store, a, 2024, {"签约": "2024-02-18", "开工": ""})
    records.save_batches(store, b, 2024, {"开工": ""})                   # counts from the card's 开工 date
    records.save_batches(store, c, 2024, {"开工": "2024-06-01"})         # after May: not yet
    store.close()
    assert main(["--db", str(tmp_path / "台账.db"), "summary", "--year", "2024", "--month", "5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["four_batches"]["签约"] == {"target": 2, "done": 1}
    assert data["four_batches"]["开工"] == {"target": 3, "done": 1}
    assert data["four_batches"]["竣工"] == {"target": 1, "done": 0}
    store = Store.open(tmp_path / "台账.db")
    text = analysis(store, 2024, 5)
    assert "“四个一批”方面，签约项目目标2个，已签约1个，完成目标的50.0%；开工项目目标3个，已开工1个" in text
    store.close()


# ---- the store --------------------------------------------------------------------------------------------

def test_a_database_of_the_previous_structure_gains_the_tables_after_a_backup(tmp_path):
    import sqlite_utils

    from models.backup import backups
    from models.schema import MIGRATIONS, SCHEMA_VERSION

    db = tmp_path / "旧台账.db"
    conn = sqlite3.connect(db)
    for step in MIGRATIONS[:-1]:
        step(sqlite_utils.Database(conn))
    conn.execute("INSERT INTO projects (name, unit, match_key) VALUES ('城南污水处理厂', '区住建局', '城南污水处理厂|区住建局')")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    store = Store.open(db)
    pid = store.projects()[0].id
    records.save_approvals(store, pid, [records.Approval("环评批复", "已办", "2024-03-01")])
    assert records.approvals(store, pid)[3].done_on == "2024-03-01"
    store.close()
    old = next(p for p in backups(tmp_path / "备份") if p.name.endswith("_升级前.db"))
    c = sqlite3.connect(old)
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION - 1
    c.close()


def test_check_reports_a_solved_problem_without_a_date(example_store, capsys):
    pid = records.problems(example_store)[0].id
    assert cli(example_store, "check") == 0
    example_store.conn.execute("UPDATE problems SET state = '已解决', solved_on = '' WHERE id = ?", (pid,))
    assert cli(example_store, "check") == 1
    assert "已解决但没有解决日期" in capsys.readouterr().err


def test_the_project_list_can_show_the_approvals_column(tmp_path, capsys):
    store = Store.open(tmp_path / "台账.db")
    pid = store.create_project(Project(name="城东物流园", unit="区商务局"), 2024, 10_000_000)
    store.create_project(Project(name="城南污水处理厂", unit="区住建局"), 2024, 10_000_000)
    records.save_approvals(store, pid, [records.Approval(i, "已办", "2024-01-05") for i in records.APPROVAL_ITEMS[:4]])
    store.close()
    out = tmp_path / "清单.xlsx"
    assert main(["--db", str(tmp_path / "台账.db"), "export-list", "--year", "2024", "--month", "5", str(out),
                 "--approvals"]) == 0
    ws = load_workbook(out).active
    assert ws.cell(row=3, column=11).value == "前期手续"
    cells = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=11).value for r in range(4, ws.max_row + 1)}
    assert cells["城东物流园"] == "缺施工图审查、施工许可" and cells["城南污水处理厂"] is None
    assert main(["--db", str(tmp_path / "台账.db"), "export-list", "--year", "2024", "--month", "5",
                 str(tmp_path / "清单2.xlsx")]) == 0
    assert load_workbook(tmp_path / "清单2.xlsx").active.cell(row=3, column=11).value is None


def test_units_headers_for_funds_received_are_read_as_the_months_arrivals_only():
    from importers.synonyms import target_of

    for header in ("资金到位", "到位资金（万元）", "本月到位资金", "当月资金到位", "5月资金到位", "其中：本月到位"):
        assert target_of(header) == "funds_received", header
    for header in ("累计到位资金", "1-5月到位资金", "开工以来到位资金", "资金到位率"):
        assert target_of(header) == "ignore", header
    assert target_of("其中：5月完成") == "month_amount"


def test_the_operation_log_names_the_new_records_in_the_clerks_words(example_store):
    from models.audit_view import audit_lines

    p = records.problems(example_store)[0]
    p.state, p.steps = "协调中", [records.Step("2009-05-08", "区自然资源局现场会商")]
    records.save_problem(example_store, p)
    lines = audit_lines(example_store, 10)
    assert any(l.what.startswith("问题台账「") and l.change == "状态：未解决 → 协调中" for l in lines)
    assert any(l.what == "协调情况" and "内容：区自然资源局现场会商" in l.change for l in lines)


def test_the_command_line_import_names_problems_a_return_no_longer_mentions_and_can_solve_them(tmp_path, capsys):
    db = tmp_path / "t.db"
    head = ["项目名称", "责任单位", "年度计划投资", "1-{m}月完成投资", "存在问题"]

    def month(m: int, problem: str) -> str:
        return write_return(tmp_path / f"{m}月.csv", [[f"襄城区2024年1-{m}月重点项目进展表"], ["单位：万元"],
                                                       [h.format(m=m) for h in head],
                                                       ["汉江堤防加固", "区水利局", "5000", str(100 * m), problem],
                                                       ["尹集乡村公路网改造", "尹集乡", "3000", str(50 * m), "无"]])

    assert main(["--db", str(db), "import", month(8, "征地拆迁未完成，群众阻工")]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "import", month(9, "")]) == 0
    out = capsys.readouterr().out
    assert "以下1个问题在9月的报表中没有再填写" in out and "汉江堤防加固：征地拆迁未完成" in out
    assert "--solve-vanished" in out
    store = Store.open(db)
    assert [p.state for p in records.problems(store)] == ["未解决"]          # still followed until answered
    store.close()

    assert main(["--db", str(db), "problems", "--year", "2024", "--month", "9", "--solve-vanished"]) == 0
    assert "已将1个9月报表不再填写的问题标为已解决" in capsys.readouterr().out
    store = Store.open(db)
    assert [p.state for p in records.problems(store)] == ["已解决"]
    assert store.undo() is not None                                          # one undoable step
    assert [p.state for p in records.problems(store)] == ["未解决"]
    store.close()
