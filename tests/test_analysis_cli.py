"""export-analysis / save-analysis: the clerk's edited draft is what gets printed, until --regenerate."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cli_run import cli
from docx import Document

from models.analysis_texts import delete_draft, load_draft, save_draft

ROOT = Path(__file__).resolve().parents[1]


def test_commands_are_listed_in_chinese_help():
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "--help"], capture_output=True, text=True,
                         encoding="utf-8", cwd=ROOT, timeout=120).stdout
    for cmd in ("export-analysis", "save-analysis", "export-notices", "notices", "notice-response"):
        assert cmd in out


def test_export_analysis_docx_and_txt(example_store, tmp_path, capsys):
    assert cli(example_store, "export-analysis", "--year", "2009", "--month", "4", str(tmp_path / "a.docx"),
               "--attachment", "--date", "2009-05-05") == 0
    assert "已生成2009年4月文字分析" in capsys.readouterr().out
    d = Document(str(tmp_path / "a.docx"))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "低于序时进度14.1个百分点" in text and len(d.tables) == 1
    assert any(p.text == "2009年5月5日" for p in d.paragraphs)            # the 落款 date given
    assert cli(example_store, "export-analysis", "--year", "2009", "--month", "4", str(tmp_path / "a.txt")) == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8-sig").startswith("2009年1—4月")


def test_edited_draft_is_exported_until_regenerate(example_store, tmp_path, capsys):
    generated = tmp_path / "生成.txt"
    cli(example_store, "export-analysis", "--year", "2009", "--month", "4", str(generated))
    text = generated.read_text(encoding="utf-8-sig")
    edited = text.replace("一、总体情况", "一、总体情况\n四月份全区重点项目建设总体平稳。")
    # saved from Notepad on an older Windows: GBK, CRLF
    draft_file = tmp_path / "修改稿.txt"
    draft_file.write_bytes(edited.replace("\n", "\r\n").encode("gbk"))
    assert cli(example_store, "save-analysis", "--year", "2009", "--month", "4", str(draft_file)) == 0
    assert load_draft(example_store, 2009, 4).text.startswith("2009年1—4月")

    cli(example_store, "export-analysis", "--year", "2009", "--month", "4", str(tmp_path / "稿.docx"))
    assert "修改稿" in capsys.readouterr().out
    paras = [p.text for p in Document(str(tmp_path / "稿.docx")).paragraphs]
    assert "四月份全区重点项目建设总体平稳。" in paras

    cli(example_store, "export-analysis", "--year", "2009", "--month", "4", str(tmp_path / "新.docx"), "--regenerate")
    assert "四月份全区重点项目建设总体平稳。" not in [p.text for p in Document(str(tmp_path / "新.docx")).paragraphs]
    assert load_draft(example_store, 2009, 4) is not None        # --regenerate does not throw the draft away


def test_draft_save_is_undoable(store):
    save_draft(store, 2024, 6, "标题\n一、总体情况\n正文。")
    save_draft(store, 2024, 6, "标题\n一、总体情况\n改过的正文。")
    assert load_draft(store, 2024, 6).text.endswith("改过的正文。")
    assert store.undo() == "保存2024年6月文字分析"
    assert load_draft(store, 2024, 6).text.endswith("\n正文。")
    assert delete_draft(store, 2024, 6) and load_draft(store, 2024, 6) is None
    assert load_draft(store, 2024, 7) is None


def test_wrong_output_type_is_a_user_error(example_store, tmp_path, capsys):
    assert cli(example_store, "export-analysis", "--year", "2009", "--month", "4", str(tmp_path / "a.pdf")) == 1
    assert "应以 .docx 或 .txt 结尾" in capsys.readouterr().err
