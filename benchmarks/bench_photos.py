"""Does a 台账 full of photos open, search and export as fast as one without? The same demo year (150 projects ×
12 months) twice: without photos, and with 2 photos a project a month (3,600 JPEGs at ≤1600 px, ~q80) — each
figure printed for both, with the ratio. Run with QT_QPA_PLATFORM=offscreen (set by default)."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models.demo import make_demo  # noqa: E402
from models.store import Store  # noqa: E402
from timing import best_of  # noqa: E402


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def site_picture(i: int):
    """A photo-like 1600×1200 picture, different for each i: a blurred random field with fine grain, so its
    JPEG is the size a real site photo has (flat drawings would compress to almost nothing)."""
    from ui.photo_files import picture_of_image

    small = QImage(os.urandom(48 * 36 * 4), 48, 36, QImage.Format.Format_RGB32).copy()
    img = small.scaled(1600, 1200, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    grain = QImage(os.urandom(1600 * 1200 * 4), 1600, 1200, QImage.Format.Format_RGB32)
    p = QPainter(img)
    p.setOpacity(0.12)
    p.drawImage(0, 0, grain)
    p.setOpacity(1)
    p.setPen(QColor("white"))
    p.drawText(40, 80, f"photo {i}")
    p.end()
    return picture_of_image(img)


def fill_photos(path: Path, per_month: int) -> tuple[int, int]:
    from dataclasses import replace

    from models import photos

    # 24 drawn and encoded pictures, each stored many times as a distinct file: bytes after a JPEG's end
    # marker are ignored by viewers but change its SHA-1, so every photo takes its own full-size place
    drawn = [site_picture(i) for i in range(24)]
    s = Store.open(path)
    n = size = 0
    for pr in s.projects(2024):
        for month in range(1, 13):
            pics = [replace(drawn[(n + k) % 24], jpeg=drawn[(n + k) % 24].jpeg + f"#{n + k}".encode())
                    for k in range(per_month)]
            photos.add_photos(s, pr.id, 2024, month, pics)
            n += per_month
            size += sum(len(p.jpeg) for p in pics)
    s.close()
    return n, size


def measure(app: QApplication, path: Path, out: Path, backup: bool) -> dict[str, float]:
    from exporters.analysis import build_analysis
    from exporters.analysis_docx import write_analysis_docx
    from exporters.monthly_xlsx import write_monthly_xlsx
    from exporters.project_list import write_list
    from models.backup import backup_to
    from models.report import build_report
    from ui.main_window import MainWindow
    from ui.monthly import MonthlyPanel

    got: dict[str, float] = {}

    def open_window():
        s = Store.open(path)
        w = MainWindow(s, 2024, 12)
        w.show()
        settle(app)
        w.close()
        s.close()

    open_window()                        # imports and caches paid once, for both files alike
    got["打开台账到主窗口可用"] = best_of(5, open_window)

    s = Store.open(path)
    w = MainWindow(s, 2024, 12)
    w.show()
    settle(app)
    keys = ["x", "xi", "xia", "xi", "x", ""]

    def type_keys():
        for k in keys:
            w.search.setText(k)
            settle(app)

    got["查找框每次按键"] = best_of(5, type_keys) / len(keys)
    w.close()

    def grid():
        p = MonthlyPanel(s, 2024, 12)
        p.show()
        settle(app)
        p.close()

    got["打开12月月度填报（含缩略图）"] = best_of(5, grid)

    def exports():
        r = build_report(s, 2024, 12)
        write_monthly_xlsx(r, out / "月报.xlsx")
        write_analysis_docx(build_analysis(r).text(), out / "分析.docx", attachment=r)
        write_list(r, out / "清单.xlsx")

    got["导出月报+文字分析+项目清单"] = best_of(3, exports)
    if backup:
        got["备份（整个文件）"] = best_of(1, lambda: backup_to(s, out / "备份.db"))
        (out / "备份.db").unlink()
    s.close()
    return got


def main() -> None:
    ap = argparse.ArgumentParser(description="有照片与无照片的台账：打开、查找、导出的耗时")
    ap.add_argument("--projects", type=int, default=150)
    ap.add_argument("--photos", type=int, default=2, help="每个项目每月几张照片")
    args = ap.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("zdxm-bench")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        plain, pics = tmp_path / "无照片.db", tmp_path / "有照片.db"
        s = Store.open(plain)
        make_demo(s, projects=args.projects, year=2024, through_month=12)
        s.close()
        shutil.copy(plain, pics)
        t = time.perf_counter()
        n, size = fill_photos(pics, args.photos)
        fill = time.perf_counter() - t
        print(f"{args.projects}个项目×12个月×{args.photos}张照片 = {n}张，JPEG平均{size / n / 1024:.0f} KB；"
              f"存入用时{fill:.0f} s（含画24张图）")
        print(f"文件大小：无照片 {plain.stat().st_size / 2**20:.1f} MB，有照片 {pics.stat().st_size / 2**20:.1f} MB")
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        # the two files take turns, twice, and each figure is the better of its two rounds: on a shared machine
        # a burst of someone else's work would otherwise land on one file only
        rounds = [(measure(app, plain, tmp_path / "a", r == 0), measure(app, pics, tmp_path / "b", r == 0))
                  for r in range(2)]
        a = {k: min(x[0].get(k, v) for x in rounds) for k, v in rounds[0][0].items()}
        b = {k: min(x[1].get(k, v) for x in rounds) for k, v in rounds[0][1].items()}
        for key in a:
            print(f"{key}：无照片 {a[key] * 1000:.1f} ms，有照片 {b[key] * 1000:.1f} ms，比值 {b[key] / a[key]:.2f}×")


if __name__ == "__main__":
    main()
