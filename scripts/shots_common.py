"""What every screenshot script needs: one QApplication with its settings in a throw-away folder, and a pump."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication


def shots_app(out: Path, setup: bool = False) -> tuple[QApplication, Path, Callable[..., None]]:
    """(app, a temporary folder, pump(ms)): remembered window layouts and folders go to the temporary folder, not
    the developer's own settings; `setup` applies the program's start-up (Qt's Chinese, the file dialogs)."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    tmp = Path(tempfile.mkdtemp())
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    if setup:
        from ui.app import setup_application
        setup_application(app)
    out.mkdir(parents=True, exist_ok=True)

    def pump(ms: int = 300) -> None:
        loop = QEventLoop()              # not app.exec()/quit(): quitting closes the windows in Qt 6
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    return app, tmp, pump
