"""形象进度 photos kept in the 台账 file: scaled on the way in, undoable, in the backup, on the card and the grid's
row, printed in the 图片版项目清单 and (when chosen) on the 督办单."""
from __future__ import annotations

import datetime as dt
import io
import sqlite3

import pytest

pytest.importorskip("pytestqt")

from docx import Document
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage

from cli import main
from models import photos as ph
from models.money import to_fen
from models.project import Project

pytestmark = pytest.mark.usefixtures("qt_settings")


def camera_file(tmp_path, name: str, w: int = 4000, h: int = 3000, color: str = "#6a8") -> str:
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor(color))
    path = tmp_path / name
    assert img.save(str(path), "JPEG", 95)
    return str(path)


@pytest.fixture
def project(store):
    pid = store.create_project(Project(name="城南污水处理厂", unit="区住建局", leader="张三", status="在建",
                                       actual_start="2024-01-10"), 2024, to_fen("3000"))
    store.set_figure(pid, 2024, 5, {"ytd": to_fen("800"), "progress": "主体结构完成80%"})
    return pid


def test_a_camera_photo_is_kept_scaled_and_one_undo_takes_it_off(store, project, tmp_path):
    from ui.photo_files import picture_of_file

    pic = picture_of_file(camera_file(tmp_path, "现场.jpg"))
    assert (pic.width, pic.height) == (1600, 1200)
    ids = ph.add_photos(store, project, 2024, 5, [pic], ["沉淀池"])
    got = ph.photos(store, project, 2024, 5)
    assert [(p.caption, p.width) for p in got] == [("沉淀池", 1600)]
    stored = QImage.fromData(ph.photo_bytes(store, got[0].sha1))
    assert (stored.width(), stored.height()) == (1600, 1200)
    # the audit log holds the row, never the picture's bytes
    assert max(len(r["new"] or "") for r in store.history()) < 1000
    store.undo()
    assert ph.photos(store, project) == []
    store.redo()
    assert ph.photos(store, project)[0].id == ids[0] and ph.photo_bytes(store, got[0].sha1)


def test_a_file_that_is_no_picture_is_refused_in_chinese(tmp_path):
    from models.errors import UserError
    from ui.photo_files import picture_of_file

    bad = tmp_path / "报表.jpg"
    bad.write_text("不是图片")
    with pytest.raises(UserError, match="「报表.jpg」不是能读取的图片"):
        picture_of_file(bad)


def test_the_backup_carries_the_photos(tmp_path, capsys):
    from models.store import Store
    from ui.photo_files import picture_of_file

    db = tmp_path / "台账.db"
    s = Store.open(db)
    pid = s.create_project(Project(name="城南污水处理厂", unit="区住建局"), 2024)
    ph.add_photos(s, pid, 2024, 5, [picture_of_file(camera_file(tmp_path, "a.jpg"))])
    s.close()
    assert main(["--db", str(db), "backup", str(tmp_path / "备份")]) == 0
    copy = next((tmp_path / "备份").glob("*.db"))
    c = sqlite3.connect(copy)
    assert c.execute("SELECT count(*) FROM photos JOIN photo_data USING (sha1)").fetchone()[0] == 1
    c.close()


def test_the_card_takes_photos_by_file_and_by_drop_and_stores_them_on_save(store, project, qtbot, tmp_path):
    from ui.card_dialog import CardDialog

    dlg = CardDialog(store, 2024, store.project(project))
    qtbot.addWidget(dlg)
    t = dlg.photos_tab
    assert t.month.value() == 5                      # the latest month with figures
    assert t.add_files([camera_file(tmp_path, "一.jpg")]) == []
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(camera_file(tmp_path, "二.png", 800, 600, "#a86"))])
    drop = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    t.dropEvent(drop)
    assert t.list.count() == 2 and ph.photos(store, project) == []      # nothing stored before 保存
    t.list.setCurrentRow(0)
    dlg.save()
    got = ph.photos(store, project, 2024, 5)
    assert [(p.caption, p.width, p.height) for p in got] == [("一", 1600, 1200), ("二", 800, 600)]
    # open again: thumbnails shown; choose the second for the notice; remove the first
    dlg = CardDialog(store, 2024, store.project(project))
    qtbot.addWidget(dlg)
    t = dlg.photos_tab
    assert t.list.count() == 2 and not t.list.item(0).icon().isNull()
    t.list.setCurrentRow(1)
    t.in_notice.setChecked(True)
    t.list.setCurrentRow(0)
    t.remove_selected()
    dlg.save()
    left = ph.photos(store, project, 2024, 5)
    assert [(p.caption, p.in_notice) for p in left] == [("二", True)]
    assert store.undo() == "修改项目「城南污水处理厂」"
    assert len(ph.photos(store, project, 2024, 5)) == 2


def test_the_grid_row_shows_the_months_photo(store, project, qtbot, tmp_path):
    from ui.monthly import MonthlyPanel
    from ui.photo_files import picture_of_file

    ph.add_photos(store, project, 2024, 5, [picture_of_file(camera_file(tmp_path, "a.jpg"))] * 2)
    w = MonthlyPanel(store, 2024, 5)
    qtbot.addWidget(w)
    idx = w.model.index(0, 0)
    icon = idx.data(Qt.DecorationRole)
    assert icon is not None and icon.height() == 20
    assert "本月有2张形象进度照片" in idx.data(Qt.ToolTipRole)
    w.model.set_period(2024, 4)
    assert w.model.index(0, 0).data(Qt.DecorationRole) is None


def test_the_photo_list_docx_has_each_projects_latest_photo_and_figures(store, project, tmp_path, capsys):
    from models.store import Store
    from ui.photo_files import picture_of_file

    db = tmp_path / "台账.db"
    s = Store.open(db)
    a = s.create_project(Project(name="城南污水处理厂", unit="区住建局", status="在建"), 2024, to_fen("3000"))
    b = s.create_project(Project(name="汉江堤防加固", unit="区水利局", status="在建"), 2024, to_fen("2000"))
    s.create_project(Project(name="城北学校", unit="区教育局"), 2024, to_fen("500"))
    s.set_figure(a, 2024, 5, {"ytd": to_fen("800"), "progress": "主体结构完成80%"})
    ph.add_photos(s, a, 2024, 4, [picture_of_file(camera_file(tmp_path, "4.jpg", color="#111"))])
    ph.add_photos(s, a, 2024, 5, [picture_of_file(camera_file(tmp_path, "5.jpg", 1200, 1600, "#eee"))])
    ph.add_photos(s, b, 2024, 6, [picture_of_file(camera_file(tmp_path, "6.jpg"))])     # after May: not shown
    s.close()
    out = tmp_path / "图片清单.docx"
    assert main(["--db", str(db), "export-photo-list", "--year", "2024", "--month", "5", str(out)]) == 0
    assert "（1个项目）" in capsys.readouterr().out
    d = Document(str(out))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "1. 城南污水处理厂" in text and "汉江堤防加固" not in text and "另有2个项目暂无照片" in text
    cell_text = "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
    assert "1—5月完成：800.00" in cell_text and "形象进度：主体结构完成80%" in cell_text and "2024年5月拍摄" in cell_text
    blips = d.inline_shapes
    assert len(blips) == 1
    image = QImage.fromData(d.part.related_parts[blips[0]._inline.graphic.graphicData.pic.blipFill.blip.embed].blob)
    assert (image.width(), image.height()) == (1200, 1600)         # May's portrait photo, not April's


def test_the_photo_chosen_for_the_notice_is_printed_on_it(example_store, tmp_path):
    from exporters.notices import export_notices
    from models.report import build_report
    from ui.photo_files import picture_of_file

    r = build_report(example_store, 2009, 4)
    late = next(l for l in r.lines if l.needs_notice)
    other = next(l for l in r.lines if l.needs_notice and l is not late)
    pid = ph.add_photos(example_store, late.project.id, 2009, 4, [picture_of_file(camera_file(tmp_path, "a.jpg"))])[0]
    ph.add_photos(example_store, other.project.id, 2009, 4, [picture_of_file(camera_file(tmp_path, "b.jpg"))])
    ph.update_photo(example_store, pid, in_notice=True)
    export_notices(example_store, build_report(example_store, 2009, 4), tmp_path / "督办单.docx", dt.date(2009, 5, 5))
    d = Document(str(tmp_path / "督办单.docx"))
    assert len(d.inline_shapes) == 1 and "现场照片（4月）" in "\n".join(p.text for p in d.paragraphs)


def test_purge_photos_gives_back_the_space_of_deleted_photos(tmp_path, capsys):
    from models.store import Store
    from ui.photo_files import picture_of_file

    db = tmp_path / "台账.db"
    s = Store.open(db)
    pid = s.create_project(Project(name="城南污水处理厂", unit="区住建局"), 2024)
    keep, drop = ph.add_photos(s, pid, 2024, 5, [picture_of_file(camera_file(tmp_path, "a.jpg", color="#123")),
                                                  picture_of_file(camera_file(tmp_path, "b.jpg", color="#456"))])
    ph.remove_photo(s, drop)
    s.close()
    before = db.stat().st_size
    assert main(["--db", str(db), "purge-photos"]) == 0
    assert db.stat().st_size < before - 20_000             # the file itself is smaller
    assert "已清理1张不再使用的图片" in capsys.readouterr().out
    s = Store.open(db)
    assert [p.id for p in ph.photos(s)] == [keep] and ph.photo_bytes(s, ph.photos(s)[0].sha1)
    assert s.conn.execute("SELECT count(*) FROM photo_data").fetchone()[0] == 1
    s.undo()                                   # the deletion undone: the row is back, its picture is not
    from models.check import check
    assert any("缺少图片数据" in p for p in check(s))
    s.close()
    assert main(["--db", str(db), "purge-photos"]) == 0
    assert "没有不再使用的图片" in capsys.readouterr().out
