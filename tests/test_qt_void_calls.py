"""PySide6 6.12.0 on Python 3.11 kills the process after some thousands of calls to a method returning nothing
("deallocating None"); this calls one 100,000 times so an upgrade is checked rather than trusted."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


def test_hundred_thousand_void_calls_do_not_crash(qapp):
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QWidget

    w = QWidget()
    for i in range(100_000):
        w.setWindowTitle("台账")
    model = QStandardItemModel(10, 1)
    for i in range(5_000):
        model.setItem(i % 10, 0, QStandardItem(str(i)))
    assert w.windowTitle() == "台账" and model.item(9, 0).text() == "4999"
