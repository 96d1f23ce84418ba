"""Many office PCs have 1366×768 screens: both tabs of the window must fit that width with a district's figures."""
from __future__ import annotations

from models.demo import make_demo
from models.store import Store
from ui.main_window import MainWindow

SCREEN = 1366


def test_both_tabs_fit_a_1366_pixel_screen(qtbot, tmp_path, qt_settings):
    store = Store.open(tmp_path / "宽度.db")
    make_demo(store, projects=300, year=2024, through_month=9)    # sums in the hundreds of thousands of 万元
    win = MainWindow(store, 2024, 9)
    qtbot.addWidget(win)
    win.show()
    assert win.minimumSizeHint().width() <= SCREEN
    win.tabs.setCurrentIndex(1)                                    # 月度填报: figures strip, grid, 未报, charts
    qtbot.waitUntil(lambda: win.monthly is not None)
    assert win.minimumSizeHint().width() <= SCREEN, "月度填报 is wider than a 1366-pixel screen"
    win.close()
    store.close()
