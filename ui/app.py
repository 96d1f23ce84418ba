"""Start the window: one QApplication, remembered settings, the store opened with a clear message on failure,
the first-run welcome, and switching to another 台账 file (such as the demo)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

DEMO_NAME = "示例台账.db"
_windows: list = []          # open main windows; their stores are closed when the window goes


def open_window(store):
    """Show a main window over a store; the store is closed with the window."""
    from .main_window import MainWindow

    win = MainWindow(store, owns_store=True)
    win.open_requested.connect(lambda path, w=win: switch_database(w, path))
    _windows.append(win)
    for w in store.warnings:
        win.statusBar().showMessage(w, 10000)
    win.show()
    return win


def open_store(path: str | Path | None):
    """Open a database for the window, with the once-a-day backup; a failure is shown, not raised."""
    from PySide6.QtWidgets import QMessageBox

    from models.errors import UserError
    from models.store import Store

    try:
        store = Store.open(path)
    except UserError as exc:
        QMessageBox.critical(None, "无法打开台账", exc.message)
        return None
    try:
        from models.backup import daily_backup

        daily_backup(store)
    except (UserError, OSError):
        pass     # a failed daily backup must not keep the clerk out; the next start tries again
    return store


def switch_database(old, path: str) -> None:
    """Close the current window and its store, open another 台账 in a new window."""
    if old.store.path and Path(path).resolve() == Path(old.store.path).resolve():
        return
    store = open_store(path)
    if store is None:
        return
    open_window(store)      # the new window first: closing the last one would end the program
    old.close()


def demo_path(store) -> Path:
    """The demo 台账 lives beside the real one, in a file of its own."""
    from models.store import default_db_path

    base = Path(store.path).parent if store.path else default_db_path().parent
    return base / DEMO_NAME


def make_demo_file(path: Path) -> None:
    """Create the demo database (60 projects of this year) unless it exists."""
    from models.demo import make_demo
    from models.store import Store

    if path.exists():
        return
    s = Store.open(path)
    try:
        s.set_settings({"office": "示例区发改局", "preparer": "张三", "reviewer": "李四", "welcomed": True},
                       label="示例设置")
        make_demo(s, projects=60)
    finally:
        s.close()


def welcome(win) -> None:
    """First run on an empty 台账: ask for the names on reports, then do what the clerk chose."""
    from . import welcome as w

    if not w.needs_welcome(win.store):
        return
    dlg = w.WelcomeDialog(win.store, win)
    dlg.exec()
    if dlg.choice == w.IMPORT:
        win.import_file()
    elif dlg.choice == w.NEW:
        win.new_project()
    elif dlg.choice == w.DEMO:
        path = demo_path(win.store)
        make_demo_file(path)
        switch_database(win, str(path))


def program_icon():
    """The program's icon at every size drawn for it (resources/icons, beside the packages and in the bundle)."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for png in sorted((Path(__file__).resolve().parents[1] / "resources" / "icons").glob("zdxm-*.png")):
        icon.addFile(str(png))
    return icon


def run_window(db_path: str | None = None) -> int:
    """Open the main window over the database (the default one when none is given); returns the exit code."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("重点项目台账")
    app.setApplicationName("重点项目台账")
    app.setWindowIcon(program_icon())      # the main window and every dialog
    store = open_store(db_path)
    if store is None:
        return 1
    win = open_window(store)
    report = os.environ.get("ZDXM_WINDOW_REPORT")
    if report:      # the bundle tests: how the installed program's window came up, then quit
        QTimer.singleShot(500, lambda: report_window(win, Path(report)))
    else:
        QTimer.singleShot(0, lambda: welcome(win))
    return int(app.exec())


def report_window(win, path: Path) -> None:
    """Write what the window shows (title, project rows, totals line) and a screenshot beside it; quit."""
    import json

    from PySide6.QtWidgets import QApplication

    path.write_text(json.dumps({"title": win.windowTitle(), "rows": win.proxy.rowCount(),
                                "totals": win.totals.text()}, ensure_ascii=False), encoding="utf-8")
    win.grab().save(str(path.with_suffix(".png")))
    QApplication.instance().quit()


if __name__ == "__main__":
    sys.exit(run_window(sys.argv[1] if len(sys.argv) > 1 else None))
