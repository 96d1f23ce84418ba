"""Start the window: one QApplication, remembered settings, the store opened with a clear message on failure."""
from __future__ import annotations

import sys
from pathlib import Path


def run_window(db_path: str | None = None) -> int:
    """Open the main window over the database (the default one when none is given); returns the exit code."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from models.errors import UserError
    from models.store import Store

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("重点项目台账")
    app.setApplicationName("重点项目台账")
    try:
        store = Store.open(db_path)
    except UserError as exc:
        QMessageBox.critical(None, "无法打开台账", exc.message)
        return 1
    try:
        from models.backup import daily_backup

        daily_backup(store)
    except (UserError, OSError):
        pass     # a failed daily backup must not keep the clerk out; the next start tries again
    from .main_window import MainWindow

    win = MainWindow(store)
    for w in store.warnings:
        win.statusBar().showMessage(w, 10000)
    win.show()
    code = app.exec()
    store.close()
    return int(code)


if __name__ == "__main__":
    sys.exit(run_window(sys.argv[1] if len(sys.argv) > 1 else None))
