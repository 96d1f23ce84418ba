"""Screenshots of the card's 前期手续 / 问题台账 / 四个一批 / 照片 tabs and the 月度填报 row with a photo, plus the
问题清单 and 图片版项目清单 as documents (docx → LibreOffice PDF → PNG), into a folder. Run under xvfb-run or with
QT_QPA_PLATFORM=offscreen: python scripts/shots_records.py 输出目录 ../shared/examples/district_2009_04.xlsx"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QPointF, QRectF  # noqa: E402
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPen  # noqa: E402

from shots_common import shots_app  # noqa: E402


def site_photo(path: Path, storeys: int, seed: int) -> None:
    """A drawn stand-in for a site photo: sky, ground, a frame of `storeys` floors and a tower crane."""
    img = QImage(2400, 1800, QImage.Format.Format_RGB32)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    sky = QLinearGradient(0, 0, 0, 1100)
    sky.setColorAt(0, QColor("#7fb2e5"))
    sky.setColorAt(1, QColor("#dbe9f5"))
    p.fillRect(0, 0, 2400, 1200, sky)
    p.fillRect(0, 1200, 2400, 600, QColor("#a08a6a"))
    x0 = 500 + seed * 90
    for f in range(storeys):
        y = 1200 - (f + 1) * 110
        p.fillRect(QRectF(x0, y, 1100, 100), QColor("#bdbdbd"))
        for c in range(8):
            p.fillRect(QRectF(x0 + 40 + c * 132, y + 25, 70, 55), QColor("#5a6470"))
    p.setPen(QPen(QColor("#e0a020"), 18))
    p.drawLine(QPointF(x0 - 200, 1200), QPointF(x0 - 200, 250))
    p.drawLine(QPointF(x0 - 500, 300), QPointF(x0 + 900, 300))
    p.end()
    img.save(str(path), "JPEG", 92)


def render(doc: Path, out_png: Path, tmp: Path) -> None:
    """The first page of a docx as LibreOffice prints it."""
    pdf_dir = tmp / f"pdf_{doc.stem}"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(pdf_dir), str(doc)], check=True, capture_output=True, timeout=180)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf_dir / f"{doc.stem}.pdf"),
                    str(pdf_dir / "page")], check=True, timeout=60)
    shutil.copy(next(pdf_dir.glob("page*.png")), out_png)


def main(out: Path, example: Path) -> None:
    from exporters.problem_list import write_problem_list
    from exporters.photo_list import write_photo_list
    from cli.records import list_photos
    from importers.reader import read_return
    from models import photos, records
    from models.problem_list import build_problem_list
    from models.report import build_report
    from models.store import Store
    from ui.card_dialog import CardDialog
    from ui.monthly import MonthlyPanel
    from ui.photo_files import picture_of_file

    app, tmp, pump = shots_app(out)

    s = Store.open(tmp / "example.db")
    s.set_settings({"office": "襄城区发改局", "welcomed": True})
    res = read_return(example)
    s.apply_import(res.records, 2009, 4, label="导入示例")
    lines = build_report(s, 2009, 4).lines
    ns = [l for l in lines if not l.started]
    late = [l for l in lines if l.started and l.band.name == "BEHIND"]
    # a believable register: approvals for one unstarted project, steps for problems, a few photos, targets
    first = ns[0].project
    rows = records.approvals(s, first.id)
    for a, (state, day, note) in zip(rows, [("已办", "2008-11-20", "区发改局批复"), ("办理中", "", "已报市自然资源局预审"),
                                            ("未办", "", ""), ("已办", "2009-01-15", ""), ("未办", "", ""),
                                            ("未办", "", "")]):
        a.state, a.done_on, a.note = state, day, note
    records.save_approvals(s, first.id, rows)
    for i, p in enumerate(records.problems(s)):
        p.leader = ["王副区长", "李副区长", "张副区长"][i % 3]
        p.steps = [records.Step("2009-04-10", "区国土资源局现场办公，明确报批材料清单")]
        if i % 2 == 0:
            p.steps.append(records.Step("2009-04-24", "报件已报市局，等待省厅批复"))
            p.state = "协调中"
        records.save_problem(s, p)
    for l in late[:3]:
        records.save_problem(s, records.Problem(l.project.id, 2009, 3, "施工队伍不足，进度滞后", unit=l.unit,
                                                leader="刘副区长", steps=[records.Step("2009-04-02", "约谈施工单位")]))
    records.set_batch_targets(s, 2009, {"签约": 8, "开工": 12, "投产": 3, "竣工": 5})
    records.save_batches(s, first.id, 2009, {"签约": "2009-02-18", "开工": ""})
    for k, l in enumerate([l for l in lines if l.started][:4]):
        files = []
        for j in range(2):
            f = tmp / f"site_{k}_{j}.jpg"
            site_photo(f, 3 + k + j, k + j)
            files.append(picture_of_file(f))
        photos.add_photos(s, l.project.id, 2009, 4, files, [f"{l.name}现场{j + 1}" for j in range(2)])

    card = CardDialog(s, 2009, s.project(first.id))
    card.resize(820, 560)
    card.show()
    for title, name in (("前期手续", "卡片_前期手续.png"), ("问题台账", "卡片_问题台账.png"), ("四个一批", "卡片_四个一批.png")):
        i = next(i for i in range(card.tabs.count()) if card.tabs.tabText(i).startswith(title))
        card.tabs.setCurrentIndex(i)
        pump()
        card.grab().save(str(out / name))
    card.close()
    with_photo = next(l for l in lines if l.started)
    card = CardDialog(s, 2009, s.project(with_photo.project.id))
    card.resize(820, 560)
    card.show()
    card.tabs.setCurrentIndex(next(i for i in range(card.tabs.count()) if card.tabs.tabText(i) == "照片"))
    pump()
    card.grab().save(str(out / "卡片_照片.png"))
    card.close()
    for l in [l for l in lines if l.started][:6]:
        s.set_figure(l.project.id, 2009, 4, {"funds_received": l.month_amount})
    panel = MonthlyPanel(s, 2009, 4)
    panel.resize(1920, 700)
    panel.show()
    pump(500)
    panel.grab().save(str(out / "月度填报_照片与资金到位.png"))
    panel.close()

    pl = build_problem_list(s, 2009, 4)
    write_problem_list(pl, tmp / "问题清单.docx")
    render(tmp / "问题清单.docx", out / "问题清单.png", tmp)
    write_photo_list(build_report(s, 2009, 4), list_photos(s, 2009, 4), tmp / "图片版项目清单.docx")
    render(tmp / "图片版项目清单.docx", out / "图片版项目清单.png", tmp)
    s.close()
    print(f"截图在 {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
