"""Broken and hostile files are refused with a Chinese message that says what is wrong; nothing is read."""
from __future__ import annotations

import pytest

import fixtures_returns as fx
from importers.reader import read_return
from models.errors import UserError


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return fx.hostile(tmp_path_factory.mktemp("hostile"))


def test_the_corpus_has_at_least_thirty_files(corpus):
    assert len(corpus) >= 30


def test_every_hostile_file_gets_its_own_clear_message(corpus):
    for label, (path, word) in corpus.items():
        sheet = "不存在的表" if label == "工作表不存在" else None
        with pytest.raises(UserError) as info:
            read_return(path, sheet=sheet, year=2024, month=3)
        msg = str(info.value)
        assert word in msg, f"{label}: {msg}"
        assert "Traceback" not in msg and "Error" not in msg.split("（")[0], f"{label}: {msg}"


def test_no_header_message_lists_what_was_seen(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["工程", "钱数"])
    wb.active.append(["甲", 1])
    wb.save(tmp_path / "odd.xlsx")
    with pytest.raises(UserError) as info:
        read_return(tmp_path / "odd.xlsx")
    assert "「工程」" in str(info.value) and "「钱数」" in str(info.value)


def test_a_bad_cell_names_row_column_and_value(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "总投资（万元）"])
    ws.append(["甲项目", 100])
    ws.append(["乙项目", "约5亿"])
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(UserError) as info:
        read_return(tmp_path / "bad.xlsx", year=2024, month=3)
    assert "第3行「乙项目」B列“总投资（万元）”为「约5亿」，不是数字" in str(info.value)


def test_duplicate_rows_are_refused_whole_and_store_unchanged(tmp_path, store):
    import openpyxl
    from models.errors import ValidationError

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "责任单位", "年度计划投资"])
    ws.append(["甲项目", "区建设局", 100])
    ws.append(["甲项目", "区建设局", 200])
    wb.save(tmp_path / "dup.xlsx")
    res = read_return(tmp_path / "dup.xlsx", year=2024, month=3)
    with pytest.raises(ValidationError) as info:
        store.apply_import(res.records, 2024, 3)
    assert "第3行" in str(info.value) and "第2行" in str(info.value)
    assert store.projects(2024) == []
