"""Start the real window (`python main.py --db DB`) and print "READY <time>" once it has painted its rows, then quit.

With --baseline it opens a bare PySide6 table over as many rows instead: the floor the window is compared with.
Used by run_all.py, which times this whole process from spawn to READY."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402


def ready(app: QApplication, rows: int) -> None:
    for _ in range(3):          # let it paint: the point where the clerk can click
        app.processEvents()
    print(f"READY {time.time():.6f} {rows}", flush=True)
    os._exit(0)                 # the figure is launch-to-usable; teardown is not the clerk's wait


def real_window(db: str) -> None:
    app = QApplication(sys.argv[:1])

    def check() -> None:
        from ui.main_window import MainWindow
        wins = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not wins:
            QTimer.singleShot(5, check)
            return
        view = wins[0].table if hasattr(wins[0], "table") else None
        rows = view.model().rowCount() if view is not None else -1
        ready(app, rows)

    QTimer.singleShot(0, check)
    import main
    main.run(["--db", db])


class Rows(QAbstractTableModel):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.rows = [(f"项目{i}", f"单位{i % 40}", f"{i * 37 // 10}.{i % 10}0") for i in range(n)]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 3

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        return self.rows[index.row()][index.column()] if role == Qt.DisplayRole else None


def baseline(n: int) -> None:
    app = QApplication(sys.argv[:1])
    view = QTableView()
    view.setModel(Rows(n))
    view.resize(1400, 800)
    view.show()
    QTimer.singleShot(0, lambda: ready(app, n))
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "--baseline":
        baseline(int(sys.argv[2]))
    else:
        real_window(sys.argv[1])
