"""Launch-to-usable time of the main window over N demo projects and one filter keystroke's time, each next to a
plain Qt baseline in the same process (a QTableView over a QStandardItemModel of the same rows; a fixed-string
filter of a QSortFilterProxyModel). Run with QT_QPA_PLATFORM=offscreen or under xvfb-run."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from models.demo import make_demo  # noqa: E402
from models.store import Store  # noqa: E402
from timing import best_of  # noqa: E402


def settle(app: QApplication) -> None:
    """Let the window paint: the point where the clerk can click."""
    for _ in range(3):
        app.processEvents()


def main() -> None:
    ap = argparse.ArgumentParser(description="主窗口启动与筛选耗时")
    ap.add_argument("--projects", type=int, default=10_000)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("zdxm-bench")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        store = Store.open(path)
        make_demo(store, projects=args.projects, year=2024, through_month=10)
        store.close()

        def launch():
            from ui.main_window import MainWindow

            s = Store.open(path)
            w = MainWindow(s, 2024, 10)
            w.show()
            settle(app)
            return w, s

        t = time.perf_counter()
        win, s = launch()            # first launch pays the imports (pypinyin, ui modules), as a real start does
        first = time.perf_counter() - t
        win.close()
        s.close()

        def relaunch() -> None:
            w2, s2 = launch()
            w2.close()
            s2.close()

        again = best_of(3, relaunch)

        rows = [(f"项目{i}", f"单位{i % 40}", f"{i * 3.7:.2f}") for i in range(args.projects)]

        def plain_table():
            model = QStandardItemModel(len(rows), 3)
            for r, row in enumerate(rows):
                for c, v in enumerate(row):
                    model.setItem(r, c, QStandardItem(v))
            view = QTableView()
            view.setModel(model)
            view.show()
            settle(app)
            view.close()

        base_launch = best_of(3, plain_table)
        print(f"{args.projects} 个项目")
        print(f"启动到可操作（首次，含导入模块）：{first * 1000:.0f} ms")
        print(f"启动到可操作（再次）：{again * 1000:.0f} ms；基线（QStandardItemModel 表格）：{base_launch * 1000:.0f} ms；"
              f"比值 {again / base_launch:.2f}×")

        win, s = launch()
        keys = ["x", "xi", "xia", "xi", "x", ""]

        def type_keys():
            for k in keys:
                win.search.setText(k)
                settle(app)

        typed = best_of(3, type_keys) / len(keys)

        plain = QSortFilterProxyModel()
        model = QStandardItemModel(len(rows), 1)
        for r, row in enumerate(rows):
            model.setItem(r, 0, QStandardItem(row[0]))
        plain.setSourceModel(model)
        plain.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        def plain_filter():
            for k in keys:
                plain.setFilterFixedString(k)

        base_key = best_of(3, plain_filter) / len(keys)
        print(f"一次筛选按键（查找框，含状态栏合计）：{typed * 1000:.1f} ms；基线（QSortFilterProxyModel 固定串）："
              f"{base_key * 1000:.1f} ms；比值 {typed / base_key:.1f}×")
        win.close()
        s.close()


if __name__ == "__main__":
    main()
