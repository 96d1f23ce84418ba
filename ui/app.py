"""Start the window: one QApplication speaking Chinese, remembered settings, the store opened with a clear message
on failure, one window per 台账 on this PC, the first-run welcome, and switching to another 台账 file (the demo)."""
from __future__ import annotations

import getpass
import hashlib
import os
import sys
from pathlib import Path

DEMO_NAME = "示例台账.db"
_windows: list = []          # open main windows; their stores are closed when the window goes
_translators: list = []      # Qt's Chinese, installed once per process


# ---- Qt in Chinese ------------------------------------------------------------------------------------------

def translation_dirs() -> list[Path]:
    """Where Qt's own translations are: Qt's folder (QLibraryInfo, which a PyInstaller bundle points into its
    PySide6 copy), then the places a bundle keeps them next to the program."""
    from PySide6.QtCore import QLibraryInfo

    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    if getattr(sys, "frozen", False):
        for base in (Path(getattr(sys, "_MEIPASS", "")), Path(sys.executable).resolve().parent):
            dirs += [base / "PySide6" / "Qt" / "translations", base / "PySide6" / "translations",
                     base / "translations"]
    return dirs


# words Qt's own zh_CN catalogue leaves in English (Qt 6.8–6.11), by (context, source)
MISSING_ZH = {("QFileDialog", "&Look in:"): "查找范围(&I)：", ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
              ("QFileDialog", "Look in:"): "查找范围：", ("QFileDialog", "Files of type:"): "文件类型：",
              ("QPrintPreviewDialog", "%1%"): "%1%"}     # the catalogue's own lacks the %1 (a warning per zoom step)


def _gap_filler(app):
    """A translator for the few words Qt's catalogue misses; consulted before Qt's (installed last)."""
    from PySide6.QtCore import QTranslator

    class GapFiller(QTranslator):
        def isEmpty(self) -> bool:
            return False

        def translate(self, context, source, disambiguation=None, n=-1):
            return MISSING_ZH.get((context, source))     # None: not ours, Qt's catalogue answers

    return GapFiller(app)


def install_translations(app) -> list[str]:
    """Load Qt's Chinese (file dialogs, message-box buttons, the right-click menu of text fields, print preview)
    once; returns the files loaded. Without them the program still runs, with Qt's own words in English."""
    from PySide6.QtCore import QTranslator

    if not _translators:
        for name in ("qtbase_zh_CN", "qt_zh_CN"):
            for folder in translation_dirs():
                tr = QTranslator(app)
                if (folder / f"{name}.qm").exists() and tr.load(name, str(folder)):
                    app.installTranslator(tr)
                    _translators.append(tr)
                    break
        if _translators:
            filler = _gap_filler(app)
            app.installTranslator(filler)
            _translators.append(filler)
    return [t.filePath() for t in _translators if t.filePath()]


def use_qt_file_dialogs(app) -> None:
    """Windows keeps its own file dialog (in the language of Windows, with the places clerks know); elsewhere
    Qt's own dialog is used, which speaks our Chinese whatever language the desktop's GTK dialog would use."""
    from PySide6.QtCore import Qt

    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, sys.platform != "win32")


def setup_application(app) -> None:
    """What every window of the program needs from the QApplication, done once at start-up."""
    app.setOrganizationName("重点项目台账")
    app.setApplicationName("重点项目台账")
    install_translations(app)
    use_qt_file_dialogs(app)


# ---- one window per 台账 on this PC ------------------------------------------------------------------------

def instance_name(db_path: str | Path) -> str:
    """The local socket a window listens on: one per user and 台账 file, so that the same clerk opening the same
    file again reaches the window already open (another user or another file does not)."""
    try:
        user = getpass.getuser()
    except Exception:       # no login name on some service accounts
        user = ""
    key = f"{user}|{Path(db_path).resolve()}"
    if sys.platform == "win32":
        key = key.lower()          # C:\台账.db and c:\台账.db are one file on Windows
    return "zdxm-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def _let_other_window_come_forward() -> None:
    """Windows lets only the foreground program raise a window: allow the one we are about to wake."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY


def bring_forward(db_path: str | Path) -> bool:
    """Ask a window already open on this 台账 to come to the front; True when one answered."""
    try:
        from PySide6.QtNetwork import QLocalSocket
    except ImportError:          # a build without QtNetwork: the lock still keeps a second copy out
        return False
    sock = QLocalSocket()
    sock.connectToServer(instance_name(db_path))
    if not sock.waitForConnected(1000):
        sock.abort()
        return False
    _let_other_window_come_forward()
    sock.write(b"raise\n")
    sock.flush()
    sock.waitForBytesWritten(1000)
    sock.disconnectFromServer()
    return True


def listen_for_second_copy(win, db_path: str | Path):
    """Let a second start of the program on the same 台账 bring this window to the front."""
    try:
        from PySide6.QtNetwork import QLocalServer
    except ImportError:
        return None
    server = QLocalServer(win)
    name = instance_name(db_path)
    if not server.listen(name):
        QLocalServer.removeServer(name)        # a socket file left by a crash (Unix)
        if not server.listen(name):
            return None

    def wake() -> None:
        while server.hasPendingConnections():
            conn = server.nextPendingConnection()
            conn.disconnected.connect(conn.deleteLater)
            show_in_front(win)

    server.newConnection.connect(wake)
    # the socket closes with its window: a closed window (after 打开其他台账) must not be woken, nor the socket outlive it
    from PySide6.QtCore import QEvent, QObject

    class CloseWatch(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Close:
                server.close()
            return False

    server.close_watch = CloseWatch(server)
    win.installEventFilter(server.close_watch)
    return server


def show_in_front(win) -> None:
    from PySide6.QtCore import Qt

    if win.isMinimized():
        win.setWindowState(win.windowState() & ~Qt.WindowState.WindowMinimized)
    win.show()
    win.raise_()
    win.activateWindow()


def open_window(store):
    """Show a main window over a store; the store is closed with the window."""
    from .main_window import MainWindow

    win = MainWindow(store, owns_store=True)
    win.open_requested.connect(lambda path, w=win: switch_database(w, path))
    if store.path:
        win.front_door = listen_for_second_copy(win, store.path)
    _windows.append(win)
    for w in store.warnings:
        win.statusBar().showMessage(w, 10000)
    win.show()
    if store.path:
        after_first_paint(win.table.viewport(), lambda: warm_search(store.path))
    return win


# ---- after the first paint ----------------------------------------------------------------------------------

def after_first_paint(widget, fn) -> None:
    """Call fn once, from the event loop, after `widget` has first painted: work the first screen does not need
    waits until the clerk sees the window."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, fn)
            return False

    widget.first_paint = FirstPaint(widget)
    widget.installEventFilter(widget.first_paint)


def warm_search(path: str | Path) -> None:
    """Work out the pinyin initials the search box needs (an import leaves them for later) on a thread of their
    own, so that the clerk's first search does not wait for the pinyin dictionary (half a second after a
    10,000-project import). The thread has its own connection, as SQLite wants; a failure only means the first
    search works them out itself."""
    from PySide6.QtCore import QRunnable, QThreadPool

    class Warm(QRunnable):
        def run(self) -> None:
            from models.errors import UserError
            from models.store import Store

            try:
                s = Store.open(path, create=False)
            except UserError:
                return
            try:
                s.initials()
            except Exception:       # a warm-up only: the first search asks for them itself
                pass
            finally:
                s.close()

    QThreadPool.globalInstance().start(Warm())


def open_store(path: str | Path | None):
    """Open a database for the window, with the once-a-day backup; a failure is shown, not raised."""
    from PySide6.QtWidgets import QMessageBox

    from models.errors import UserError
    from models.lock import Locked
    from models.store import Store

    try:
        store = Store.open(path)
    except Locked as exc:
        if exc.on_this_pc():
            since = exc.holder.get("since", "")
            QMessageBox.information(None, "这个台账已经在本机打开",
                                    f"这个台账已经在本机打开{f'（{since} 起）' if since else ''}：\n{Path(str(path or ''))}\n\n"
                                    "请在任务栏中找到那个窗口（也可能是正在运行的命令行）；同一时间只能有一个程序修改台账。")
        else:
            QMessageBox.critical(None, "无法打开台账", exc.message)
        return None
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

    from models.store import default_db_path

    app = QApplication.instance() or QApplication(sys.argv[:1])
    setup_application(app)
    app.setWindowIcon(program_icon())      # the main window and every dialog
    if bring_forward(db_path or default_db_path()):
        return 0           # the window already open on this 台账 came to the front
    store = open_store(db_path or default_db_path())
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
                                "totals": win.totals.text(),
                                "translations": [Path(p).name for p in install_translations(QApplication.instance())]},
                               ensure_ascii=False), encoding="utf-8")
    win.grab().save(str(path.with_suffix(".png")))
    QApplication.instance().quit()


if __name__ == "__main__":
    sys.exit(run_window(sys.argv[1] if len(sys.argv) > 1 else None))
