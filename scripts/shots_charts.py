"""Screenshots of the charts on a 1366×768 screen (run under xvfb-run): the month at a glance with its charts, a
unit chosen by a click on its bar, and the card list's lights month by month; plus the 通报 and the 文字分析 with
附图 rendered by LibreOffice. Usage: xvfb-run -a python scripts/shots_charts.py 输出目录"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from shots_common import shots_app  # noqa: E402


def main(out: Path) -> None:
    from cli import main as cli
    from models.demo import make_demo
    from models.store import Store
    from ui.main_window import MainWindow

    app, tmp, pump = shots_app(out)

    db = tmp / "demo.db"
    s = Store.open(db)
    s.set_settings({"office": "襄城区发改局", "welcomed": True})
    make_demo(s, projects=60, year=2024, through_month=9)
    w = MainWindow(s, 2024, 9)
    w.resize(1366, 740)             # a 1366×768 screen less the task bar
    w.show()
    w.tabs.setCurrentIndex(1)
    pump(600)
    w.grab().save(str(out / "月度填报_图表.png"))
    view = w.monthly.charts.units
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.hits[-1].rect.center().toPoint())
    pump()
    w.grab().save(str(out / "月度填报_点选单位.png"))
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.hits[-1].rect.center().toPoint())
    w.tabs.setCurrentIndex(0)
    w.table.sortByColumn(11, Qt.SortOrder.DescendingOrder)
    pump()
    w.grab().save(str(out / "项目卡片_逐月亮灯.png"))
    # a card whose light went from green through yellow to red: its dots and its 累计 against the 序时 line
    from models.lights import year_lights
    from ui.card_dialog import CardDialog

    lights = year_lights(s, 2024, 9)
    pid = next(p for p, seq in lights.by_project.items() if seq[0] == "绿灯" and seq[-1] == "红灯")
    card = CardDialog(s, 2024, s.project(pid), w)
    card.resize(900, 680)
    card.show()
    card.tabs.setCurrentIndex(card.tabs.count() - 1)
    pump()
    card.grab().save(str(out / "项目卡片_逐月.png"))
    card.close()
    w.close()
    s.close()

    for name, args in (("通报", ["export-bulletin", "--date", "2024-10-08"]),
                       ("文字分析", ["export-analysis", "--date", "2024-10-08"])):
        docx = tmp / f"{name}.docx"
        assert cli(["--db", str(db), *args[:1], "--year", "2024", "--month", "9", str(docx), *args[1:]]) == 0
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(docx)],
                       check=True, capture_output=True, timeout=300)
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(tmp / f"{name}.pdf"), str(out / name)], check=True)
        shutil.copy(docx, out / docx.name)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
