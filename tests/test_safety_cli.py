"""backup and check from the command line: a copy that opens with the same data; a sound database passes."""
from __future__ import annotations

from cli_run import run
from models.store import Store


def test_backup_copy_has_the_same_projects_and_check_passes(tmp_path, example_store):
    db = str(example_store.path)
    example_store.close()
    proc = run("--db", db, "backup", str(tmp_path / "bk"))
    assert proc.returncode == 0, proc.stderr
    copy = next((tmp_path / "bk").glob("台账备份_*.db"))
    s = Store.open(copy)
    assert len(s.projects(2009)) == 30
    s.close()
    proc = run("--db", db, "check")
    assert proc.returncode == 0 and "数据库完好，30个项目" in proc.stdout


def test_check_finds_a_ytd_that_went_down(tmp_path):
    s = Store.open(tmp_path / "t.db")
    from models.project import Project

    pid = s.create_project(Project(name="甲项目", unit="区建设局"), 2024, 100)
    s.set_figure(pid, 2024, 3, {"ytd": 500})
    s.set_figure(pid, 2024, 4, {"ytd": 600})
    s.conn.execute("UPDATE monthly_figures SET ytd = 100 WHERE month = 4")   # as a hand-edited file would be
    s.conn.commit()
    s.close()
    proc = run("--db", str(tmp_path / "t.db"), "check")
    assert proc.returncode == 1 and "项目「甲项目」2024年1—4月累计低于1—3月累计" in proc.stderr
