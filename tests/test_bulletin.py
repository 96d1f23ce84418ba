"""The 通报: ranking read back from the docx equals summary --json's by_unit by 完成率; 期号 never repeats."""
from __future__ import annotations

import json
from decimal import Decimal

from cli_run import cli
from docx import Document

from models.bulletin import issue_number, issued


def bulletin(store, tmp_path, month: int, name: str = "通报.docx"):
    out = tmp_path / name
    assert cli(store, "export-bulletin", "--year", "2009", "--month", str(month), str(out), "--date", "2009-05-08") == 0
    return Document(str(out))


def test_ranking_equals_summary_json_order(example_store, tmp_path, capsys):
    example_store.set_settings({"office": "襄城区发改局"})
    assert cli(example_store, "summary", "--year", "2009", "--month", "4", "--json") == 0
    units = json.loads(capsys.readouterr().out)["by_unit"]
    # by 完成率 high to low (units without a plan are not ranked); ties in the shown figure keep the name order
    expected = sorted((u for u in units if u["completion_rate"] is not None),
                      key=lambda u: (-Decimal(u["completion_rate"]), u["name"]))
    d = bulletin(example_store, tmp_path, 4)
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells][:2] == ["排名", "责任单位"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[1] for r in rows] == [u["name"] for u in expected]
    assert [r[5] for r in rows] == [u["completion_rate"] for u in expected]
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    text = "\n".join(p.text for p in d.paragraphs)
    top = "、".join(f"{u['name']}（{u['completion_rate']}%）" for u in expected[:3])
    bottom = "、".join(f"{u['name']}（{u['completion_rate']}%）" for u in expected[-3:])
    assert f"完成率排名前三位的是{top}；排名后三位的是{bottom}。" in text


def test_title_issue_and_sections(example_store, tmp_path):
    example_store.set_settings({"office": "襄城区发改局"})
    d = bulletin(example_store, tmp_path, 4)
    assert d.paragraphs[0].text + d.paragraphs[1].text == "襄城区发改局重点项目建设进展情况通报（2009年第1期）"
    text = "\n".join(p.text for p in d.paragraphs)
    for head in ("一、总体情况", "二、各责任单位年度计划完成率排名", "三、各责任单位项目开工率排名", "四、进度滞后和亮灯项目"):
        assert head in text
    assert "低于序时进度14.1个百分点" in text and "开工率" in text
    # 开工率 table: started and not started add up to the unit's projects
    for row in d.tables[1].rows[1:]:
        cells = [c.text for c in row.cells]
        assert int(cells[3]) + int(cells[4]) == int(cells[2])
    lagging = [[c.text for c in r.cells] for r in d.tables[2].rows[1:]]
    assert len(lagging) == 20 and all(r[5] in ("红灯", "黄灯", "—") for r in lagging)   # the example's 20 behind
    lights = [r[5] for r in lagging]
    assert lights == sorted(lights, key=("红灯", "黄灯", "—").index)                  # red first


def test_issue_numbers_increment_and_never_repeat(example_store, tmp_path):
    s = example_store
    first = bulletin(s, tmp_path, 4)
    assert first.paragraphs[1].text == "（2009年第1期）"
    assert bulletin(s, tmp_path, 4).paragraphs[1].text == "（2009年第1期）"       # the same month keeps its number
    assert bulletin(s, tmp_path, 5).paragraphs[1].text == "（2009年第2期）"
    assert "通报编号" in s.undo_label()
    s.undo()                                                  # May's number is taken back …
    assert issued(s, 2009) == {4: 1}
    assert issue_number(s, 2009, 6) == 3                      # … but 第2期 was printed once: never again
    assert bulletin(s, tmp_path, 6).paragraphs[1].text == "（2009年第3期）"
    assert bulletin(s, tmp_path, 5).paragraphs[1].text == "（2009年第4期）"
    assert issued(s, 2009) == {4: 1, 5: 4, 6: 3}
    assert issue_number(s, 2010, 1) == 1                      # a new year starts again at 第1期
    assert any(h["label"] == "通报编号：2009年6月为第3期" for h in s.history())
