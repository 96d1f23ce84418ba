"""Every broken or hostile file of the corpus, imported from the command line: its own Chinese message, exit 1,
no traceback, and the database exactly as it was."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import fixtures_returns as fx
from cli import main as cli_main
from models.demo import make_demo
from models.store import Store
from cli_run import ROOT, dump

CJK = re.compile(r"[\u4e00-\u9fff]")
# a handful also go through a real second process, as a clerk's script would run them
BY_SUBPROCESS = ("空文件", "旧版xls", "加密xlsx", "压缩炸弹", "十亿笑声", "外部实体", "不存在")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return fx.hostile(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("ledger") / "台账.db"
    s = Store.open(db)
    make_demo(s, projects=20, year=2024, seed=11)
    s.close()
    return db


def _args(db: Path, label: str, path: Path) -> list[str]:
    extra = ["--sheet", "不存在的表"] if label == "工作表不存在" else []
    return ["--db", str(db), "import", str(path), "--year", "2024", "--month", "3", *extra]


def _assert_refused(label: str, code: int, err: str, word: str) -> None:
    assert code == 1, f"{label}: 退出码 {code}"
    assert "Traceback" not in err and "程序内部出错" not in err, f"{label}: {err}"
    first = err.strip().splitlines()[0]
    assert first.startswith("错误：") and CJK.search(first), f"{label}: {err}"
    assert word in err, f"{label}: 应提到「{word}」：{err}"


def test_the_corpus_is_the_one_the_issue_asks_for(corpus):
    assert len(corpus) >= 30
    assert set(BY_SUBPROCESS) <= set(corpus)


def test_every_hostile_file_is_refused_in_chinese_and_the_database_is_unchanged(corpus, ledger, capsys):
    before = dump(ledger)
    backups_before = sorted((ledger.parent / "备份").glob("*")) if (ledger.parent / "备份").exists() else []
    for label, (path, word) in corpus.items():
        code = cli_main(_args(ledger, label, path))
        _assert_refused(label, code, capsys.readouterr().err, word)
        assert dump(ledger) == before, f"{label}: 数据库被改动了"
    # nothing was even backed up: the file was refused before the database was opened
    after = sorted((ledger.parent / "备份").glob("*")) if (ledger.parent / "备份").exists() else []
    assert after == backups_before


@pytest.mark.parametrize("label", BY_SUBPROCESS)
def test_hostile_files_through_a_real_command_line(corpus, ledger, label):
    path, word = corpus[label]
    before = dump(ledger)
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), *_args(ledger, label, path)],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    _assert_refused(label, proc.returncode, proc.stderr, word)
    assert dump(ledger) == before


def test_a_file_that_reads_but_cannot_be_stored_changes_nothing(ledger, tmp_path, capsys):
    """Row 2 is fine, row 3 repeats it: the import stops at row 3 and row 2 is not stored either."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "责任单位", "年度计划投资", "1-3月完成投资"])
    ws.append(["新建物流园", "区商务局", 1000, 100])
    ws.append(["新建物流园", "区商务局", 1000, 200])
    wb.save(tmp_path / "重复.xlsx")
    before = dump(ledger)
    code = cli_main(["--db", str(ledger), "import", str(tmp_path / "重复.xlsx"), "--year", "2024", "--month", "3"])
    err = capsys.readouterr().err
    _assert_refused("重复行", code, err, "第3行")
    assert dump(ledger) == before
